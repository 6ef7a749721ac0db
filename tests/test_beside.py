"""The publication rendered in a process beside validation: its files end up staged in the
parent, whatever happens to the child."""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import MutableMapping
from pathlib import Path

import pytest

from kg_builder.beside import Beside, Progress
from kg_builder.config import load_config
from kg_builder.errors import OutputError
from kg_builder.outputs import StagedOutputs
from kg_builder.pipeline import PUBLICATION, run_build
from tests.test_cli import copy_project

FORKS = "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1
needs_fork = pytest.mark.skipif(not FORKS, reason="the work runs beside only where it can fork")


def pid_files(files: MutableMapping[str, bytes], progress: Progress) -> None:
    start = time.perf_counter()
    files["a.txt"] = str(os.getpid()).encode()
    files["sub/b.txt"] = "乙".encode()
    progress("two files", start)


def leftovers(folder: Path) -> list[Path]:
    return list(folder.rglob("*.tmp"))


@needs_fork
def test_files_the_child_stages_are_staged_in_the_parent(tmp_path: Path) -> None:
    parts: list[str] = []
    with StagedOutputs(tmp_path) as staged:
        Beside(pid_files, staged, lambda name, _start: parts.append(name)).start().wait()
        assert list(staged) == ["a.txt", "sub/b.txt"]
        assert int(staged["a.txt"]) != os.getpid()  # made in another process
        written = staged.commit()
    assert written == [tmp_path / "a.txt", tmp_path / "sub" / "b.txt"]
    assert (tmp_path / "sub" / "b.txt").read_text(encoding="utf-8") == "乙"
    assert parts == ["two files"]
    assert not leftovers(tmp_path)


def test_without_fork_the_work_runs_when_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with StagedOutputs(tmp_path) as staged:
        running = Beside(pid_files, staged, lambda _name, _start: None).start()
        assert not staged
        running.wait()
        assert int(staged["a.txt"]) == os.getpid()


def fails_after_one_file(files: MutableMapping[str, bytes], _progress: Progress) -> None:
    files["a.txt"] = b"half a publication"
    raise OutputError("cannot write into dist: disk full")


@needs_fork
def test_an_error_in_the_child_is_raised_in_the_parent_and_its_files_removed(
    tmp_path: Path,
) -> None:
    with pytest.raises(OutputError, match="disk full"), StagedOutputs(tmp_path) as staged:
        Beside(fails_after_one_file, staged, lambda _name, _start: None).start().wait()
    assert not list(tmp_path.iterdir())


class UnpicklableError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.callback = lambda: None  # a lambda cannot be pickled


def fails_unpicklably(_files: MutableMapping[str, bytes], _progress: Progress) -> None:
    raise UnpicklableError("the shapes are odd")


@needs_fork
def test_an_error_that_cannot_be_pickled_arrives_in_words(tmp_path: Path) -> None:
    with (
        pytest.raises(RuntimeError, match="UnpicklableError: the shapes are odd"),
        StagedOutputs(tmp_path) as staged,
    ):
        Beside(fails_unpicklably, staged, lambda _name, _start: None).start().wait()


def exits_abruptly(files: MutableMapping[str, bytes], _progress: Progress) -> None:
    files["a.txt"] = b"a"
    os._exit(3)


@needs_fork
def test_a_child_gone_without_a_word(tmp_path: Path) -> None:
    with (
        pytest.raises(RuntimeError, match=r"ended abruptly \(exit 3\)"),
        StagedOutputs(tmp_path) as staged,
    ):
        Beside(exits_abruptly, staged, lambda _name, _start: None).start().wait()
    assert not list(tmp_path.iterdir())


def slow(files: MutableMapping[str, bytes], _progress: Progress) -> None:
    files["a.txt"] = b"first part"
    time.sleep(120)
    files["b.txt"] = b"never made"


@needs_fork
def test_stopped_work_ends_at_once_and_its_files_are_removed(tmp_path: Path) -> None:
    with StagedOutputs(tmp_path) as staged:
        running = Beside(slow, staged, lambda _name, _start: None).start()
        deadline = time.monotonic() + 60
        while not leftovers(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.01)
        begun = time.monotonic()
        running.stop()
        assert time.monotonic() - begun < 30  # not the two minutes the work would take
        assert list(staged) == ["a.txt"]
    assert not list(tmp_path.iterdir())


def test_the_build_names_the_parts_of_the_publication(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    messages: list[str] = []
    outcome = run_build(load_config(project), progress=messages.append)
    beside = [m for m in messages if m.startswith(f"{PUBLICATION}: ")]
    assert f"{PUBLICATION}: export turtle" in outcome.timings
    assert any(m.startswith(f"{PUBLICATION}: export jsonld: ") for m in beside)
    assert not leftovers(project / "dist")


def test_a_publication_that_fails_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path)
    config = load_config(project)
    run_build(config)
    before = {p: p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OutputError("cannot write into dist: disk full")

    monkeypatch.setattr("kg_builder.pipeline.render_publication", broken)
    with pytest.raises(OutputError, match="disk full"):
        run_build(config)
    after = {p: p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    assert after == before
    assert not leftovers(project / "dist")


@needs_fork
def test_shared_objects_are_frozen_only_while_the_child_runs(tmp_path: Path) -> None:
    """Neither collector writes to the pages the two processes share while both run; the
    parent's objects are collectable again once the child is done (or stopped)."""
    with StagedOutputs(tmp_path) as staged:
        running = Beside(pid_files, staged, lambda _name, _start: None).start()
        assert gc.get_freeze_count() > 0
        running.wait()
        assert gc.get_freeze_count() == 0
        stopped = Beside(slow, staged, lambda _name, _start: None).start()
        stopped.stop()
        assert gc.get_freeze_count() == 0
