"""`jjkg build` with its progress lines timed: the same build (kg.pipeline.build.build, under the settings of the
environment), each progress message printed on stdout as `SECONDS<TAB>MESSAGE` from the start, so that a caller can
tell how long each stage took. `jjkg build` shows the same messages on a status line that a pipe never sees.

With `--memory`, each line also says the process's resident memory then and its peak since the line before
(`SECONDS<TAB>MESSAGE<TAB>RSS MB<TAB>PEAK MB`; the peak is reset at every line through /proc/self/clear_refs, so a
stage's peak is the one printed on the line that ends it).

    JJKG_DATA_DIR=… JJKG_VAR_DIR=… python bench/timed_build.py [--memory] [--ingest FILE]

With `--ingest FILE`, the same for `jjkg ingest FILE` (kg.pipeline.ingest.ingest, every option read from the text).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

STATUS = Path("/proc/self/status")


def memory_mb() -> tuple[float, float]:
    """(resident, peak resident since the last reset) in MB, from the kernel's own accounting."""
    fields = dict(line.split(":", 1) for line in STATUS.read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # 5: reset the peak resident set size (VmHWM) to the current one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--memory", action="store_true", help="add resident memory and its peak to each line")
    parser.add_argument("--ingest", type=Path, metavar="FILE", help="time `jjkg ingest FILE` instead of a build")
    args = parser.parse_args()

    from kg.pipeline.build import build
    from kg.settings import Settings

    started = time.perf_counter()

    def progress(message: str) -> None:
        line = f"{time.perf_counter() - started:.3f}\t{message}"
        if args.memory:
            rss, peak = memory_mb()
            line += f"\t{rss:.0f}\t{peak:.0f}"
            reset_peak()
        print(line, flush=True)

    if args.ingest:
        from kg.pipeline.ingest import ingest

        manifest = ingest(Settings.from_env(), args.ingest, progress=progress)
    else:
        manifest = build(Settings.from_env(), progress=progress)
    progress("done")
    print(json.dumps({"quads": manifest["quads"], "reports": len(manifest["reports"]),
                      "extractions_reused": manifest.get("extractions_reused", 0),
                      **{k: manifest[k] for k in ("graphs_reused", "graphs_made", "verdicts_reused") if k in manifest}}),
          flush=True)


if __name__ == "__main__":
    main()
