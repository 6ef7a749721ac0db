"""Outputs are written all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_builder.build import BuiltGraph
from kg_builder.config import Config
from kg_builder.errors import OutputError
from kg_builder.export.publication import Publication, render_publication
from kg_builder.export.settings import read_dataset_settings
from kg_builder.outputs import StagedOutputs, write_outputs
from kg_builder.schema import Schema


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


def test_staged_files_are_on_disk_but_not_in_place_until_committed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")
    with StagedOutputs(tmp_path) as staged:
        staged["a.txt"] = b"first"
        staged["sub/b.txt"] = "乙".encode()
        staged["a.txt"] = b"second"  # staged again: the first copy is gone
        assert (tmp_path / "a.txt").read_bytes() == b"old"
        assert len(list(tmp_path.rglob("*.tmp"))) == 2
        assert staged["a.txt"] == b"second"
        assert list(staged) == ["sub/b.txt", "a.txt"]
        written = staged.commit()
    assert written == [tmp_path / "sub" / "b.txt", tmp_path / "a.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"second"
    assert not list(tmp_path.rglob("*.tmp"))


def test_an_error_while_staging_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")

    def render_then_fail() -> None:
        with StagedOutputs(tmp_path) as staged:
            staged["a.txt"] = b"new"
            staged["b.txt"] = b"b"
            raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError, match="rendering failed"):
        render_then_fail()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"old"


def test_a_publication_staged_on_disk_is_the_one_made_in_memory(
    publication: Publication, built: BuiltGraph, schema: Schema, config: Config, tmp_path: Path
) -> None:
    settings = read_dataset_settings(config)
    with StagedOutputs(tmp_path) as staged:
        render_publication(built, schema=schema, base=config.base, settings=settings, files=staged)
        written = staged.commit()
    assert [path.relative_to(tmp_path).as_posix() for path in written] == list(publication.files)
    for name, content in publication.files.items():
        assert (tmp_path / name).read_bytes() == content, name


def test_each_temporary_file_is_announced_before_it_is_written(tmp_path: Path) -> None:
    """So that another process told of it can remove it, even if the writer is killed."""
    seen: list[tuple[str, int]] = []

    def announce(relative: str, temporary: Path) -> None:
        seen.append((relative, temporary.stat().st_size))

    with StagedOutputs(tmp_path, announce=announce) as staged:
        staged["sub/a.txt"] = b"abc"
        assert staged["sub/a.txt"] == b"abc"
    assert seen == [("sub/a.txt", 0)]
    assert not list(tmp_path.rglob("*.tmp"))
