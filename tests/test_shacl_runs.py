"""SHACL Core in runs: wherever the runs are cut, and whether they come from the cache or
not, the report is the same.

The projects are the validation gallery (invented documents with broken annotations, so
the reports have results) and an invented synthetic corpus (``benchmarks/generate.py``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from kg_builder import shacl_core
from kg_builder.config import load_config
from kg_builder.lines import subject_runs
from kg_builder.parts import CACHE_DIR
from kg_builder.pipeline import check_project
from kg_builder.shacl_cache import CACHE_FILE
from tests.conftest import ROOT
from tests.test_scale import GALLERY, comparable
from tests.test_validation_cases import gallery_project

sys.path.insert(0, str(ROOT / "benchmarks"))
import itertools

from generate import generate_corpus  # benchmarks/ is not a package: its folder is on the path

CASES = [case for case in GALLERY if case.stem != "valid"][::5]


@pytest.fixture
def engine_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many runs pyshacl-turbo validated (one entry, its focus nodes, per run)."""
    runs: list[int] = []
    validate = shacl_core._validate

    def counted(compiled: Any, engine: Any, data: str, focus: list[str] | None) -> Any:
        runs.append(len(focus or ()))
        return validate(compiled, engine, data, focus)

    monkeypatch.setattr(shacl_core, "_validate", counted)
    return runs


def report_with_runs(project: Path, size: int, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    monkeypatch.setattr(shacl_core, "RUN_TRIPLES", size)
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    return comparable(check_project(load_config(project)).report)


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_runs_cut_anywhere_give_the_same_report(
    tmp_path: Path, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = gallery_project(tmp_path, case)
    whole = report_with_runs(project, 1_000_000, monkeypatch)
    assert whole, "the case has results"
    for size in (3, 40):
        assert report_with_runs(project, size, monkeypatch) == whole, size


@pytest.mark.parametrize("case", CASES[:3], ids=[case.stem for case in CASES[:3]])
def test_runs_from_the_cache_give_the_same_report(
    tmp_path: Path, case: Path, monkeypatch: pytest.MonkeyPatch, engine_runs: list[int]
) -> None:
    monkeypatch.setattr(shacl_core, "RUN_TRIPLES", 40)
    config = load_config(gallery_project(tmp_path, case))
    cold = check_project(config).report
    validated = len(engine_runs)
    assert (config.root / CACHE_DIR / CACHE_FILE).read_text().split()
    engine_runs.clear()
    warm = check_project(config).report
    assert 0 < len(engine_runs) < validated  # the runs with results, and those alone
    assert comparable(warm) == comparable(cold) != []
    assert warm.conforms == cold.conforms


def test_an_edit_validates_the_runs_around_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine_runs: list[int]
) -> None:
    monkeypatch.setattr(shacl_core, "RUN_TRIPLES", 200)
    project = generate_corpus(tmp_path / "project", 12)
    config = load_config(project)
    check_project(config)
    validated = len(engine_runs)
    engine_runs.clear()
    assert comparable(check_project(config).report) == []
    assert engine_runs == [0]  # all from the cache but the ontology's own run

    edited = project / "data" / "annotations" / "report-00007.yaml"
    edited.write_text(edited.read_text("utf-8").replace("aid team, batch", "aid team no."), "utf-8")
    engine_runs.clear()
    after_edit = comparable(check_project(config).report)
    assert 1 < len(engine_runs) < validated / 3
    shutil.rmtree(project / CACHE_DIR)
    assert comparable(check_project(config).report) == after_edit


def test_a_damaged_cache_file_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shacl_core, "RUN_TRIPLES", 40)
    config = load_config(gallery_project(tmp_path, CASES[0]))
    cold = comparable(check_project(config).report)
    cache = config.root / CACHE_DIR / CACHE_FILE
    cache.write_bytes(b"\xff\xfe not keys \x00")
    assert comparable(check_project(config).report) == cold
    assert cache.read_text().split()  # rewritten


def test_cuts_depend_on_the_lines_around_them() -> None:
    """A subject added early in the graph moves no cut after the next one; no cut splits
    a subject's lines, and the runs cover the graph."""
    subjects = [f"<urn:s{n // 3}>".encode() for n in range(3000)]
    edited = subjects[:30] + [b"<urn:s10a>"] * 4 + subjects[30:]

    def graph(subjects: list[bytes]) -> bytes:
        return b"".join(subject + b" <urn:p> <urn:o> .\n" for subject in subjects)

    def cuts(subjects: list[bytes]) -> list[bytes]:
        data = graph(subjects)
        return [data[start : data.index(b" ", start)] for start, _ in subject_runs(data, 40)]

    before, after = cuts(subjects), cuts(edited)
    assert len(before) > 20
    assert before[3:] == after[-len(before) + 3 :]
    for subjects_ in (subjects, edited):
        data = graph(subjects_)
        runs = list(subject_runs(data, 40))
        assert runs[0][0] == 0
        assert runs[-1][1] == len(data)
        assert all(end == start for (_, end), (start, _) in itertools.pairwise(runs))
        for _, end in runs[:-1]:
            line_before = data[data.rindex(b"\n", 0, end - 1) + 1 : end]
            assert data[end:].split(b" ", 1)[0] != line_before.split(b" ", 1)[0]
