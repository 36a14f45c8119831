"""The spec copies under tests/spec must match shared/spec when it is beside the repository."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
COPIES = HERE / "spec"
SHARED = HERE.parents[1] / "shared" / "spec"


def _files(base: Path) -> set[str]:
    return {p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()}


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/spec n'est pas à côté du dépôt (clone isolé)")
def test_copies_match_shared_spec() -> None:
    shared = _files(SHARED / "conformance")
    copied = _files(COPIES / "conformance")
    assert copied == shared
    for rel in sorted(shared):
        assert filecmp.cmp(SHARED / "conformance" / rel, COPIES / "conformance" / rel, shallow=False), rel
    for name in ("published_figures.csv", "INDICATORS.md"):
        assert filecmp.cmp(SHARED / name, COPIES / name, shallow=False), name
