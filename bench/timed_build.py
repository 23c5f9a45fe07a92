"""`jjkg build` with its progress lines timed: the same build (kg.pipeline.build.build, under the settings of the
environment), each progress message printed on stdout as `SECONDS<TAB>MESSAGE` from the start, so that a caller can
tell how long each stage took. `jjkg build` shows the same messages on a status line that a pipe never sees.

    JJKG_DATA_DIR=… JJKG_VAR_DIR=… python bench/timed_build.py
"""

from __future__ import annotations

import json
import time


def main() -> None:
    from kg.pipeline.build import build
    from kg.settings import Settings

    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"{time.perf_counter() - started:.3f}\t{message}", flush=True)

    manifest = build(Settings.from_env(), progress=progress)
    progress("done")
    print(json.dumps({"quads": manifest["quads"], "reports": len(manifest["reports"])}), flush=True)


if __name__ == "__main__":
    main()
