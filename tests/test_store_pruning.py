"""Old publications are pruned as new ones are published (issue 14: disk under two publications and the dump): the
current store and the one before it stay (a server reading the old one finishes its answers there), older ones go."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli


def stores(var: Path) -> list[str]:
    return sorted(p.name for p in (var / "stores").iterdir() if p.is_dir())


def test_the_current_store_and_the_one_before_it_are_kept(built_bare):
    var = Path(built_bare["JJKG_VAR_DIR"])
    first = stores(var)
    assert len(first) == 1
    for _ in range(2):
        done = run_cli("build", env=built_bare)
        assert done.returncode == 0, done.stderr
    kept = stores(var)
    assert len(kept) == 2 and first[0] not in kept  # the first build's store is gone
    assert (var / "store").resolve().name == kept[-1]  # the newest is the one served
