"""Outputs are written all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_builder.errors import OutputError
from kg_builder.outputs import write_outputs


def test_writes_every_file(tmp_path: Path) -> None:
    written = write_outputs(tmp_path, {"a.txt": "甲".encode(), "sub/b.txt": b"b"})
    assert written == [tmp_path / "a.txt", tmp_path / "sub" / "b.txt"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "甲"
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_failure_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")
    (tmp_path / "blocked").write_bytes(b"a file where a folder is needed")
    with pytest.raises(OutputError, match="cannot write into"):
        write_outputs(tmp_path, {"a.txt": b"new", "blocked/b.txt": b"b"})
    assert (tmp_path / "a.txt").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "blocked"]
