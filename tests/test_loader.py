"""Loading annotation files: every kind of mistake is reported with its file and line.

Each file in ``loader_cases/`` is ``valid.yaml`` with one realistic mistake; its header says
what the message must match (``# expect:``) and the line it must point at (``# line:``).
Adding a case is adding a file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg_builder.annotations import load_corpus
from kg_builder.errors import InputError
from kg_builder.model import Corpus, Reference
from kg_builder.schema import Schema
from tests.conftest import add_invented_source

CASES = Path(__file__).parent / "loader_cases"
SOURCE = CASES / "invented.txt"


def make_project(tmp_path: Path, annotation: Path, *, sha256: str | None = None) -> Path:
    """A sources/ and annotations/ pair for the invented document; returns the annotation."""
    add_invented_source(tmp_path / "sources", sha256=sha256)
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    target = annotations / "invented.yaml"
    shutil.copy(annotation, target)
    return target


def load(tmp_path: Path, annotation: Path, schema: Schema, **options: str) -> Corpus:
    target = make_project(tmp_path, annotation, **options)
    return load_corpus([target], tmp_path / "sources", schema)


def expectation(case: Path) -> tuple[str, int]:
    header = case.read_text(encoding="utf-8")
    expect = re.search(r"^# expect: (.+)$", header, re.MULTILINE)
    line = re.search(r"^# line: (\d+)$", header, re.MULTILINE)
    assert expect, f"{case.name} has no `# expect:` header"
    assert line, f"{case.name} has no `# line:` header"
    return expect[1], int(line[1])


BROKEN = sorted(p for p in CASES.glob("*.yaml") if p.name != "valid.yaml")


def test_valid_case_loads(tmp_path: Path, schema: Schema) -> None:
    corpus = load(tmp_path, CASES / "valid.yaml", schema)
    (document,) = corpus.documents
    assert [item.id for item in document.items][:3] == ["tibet", "shandong", "shigatse"]
    team = next(item for item in document.items if item.id == "jinan-10")
    assert {s.prop.name: s.value for s in team.statements}["sentBy"] == Reference("jinan")


def test_there_are_enough_cases() -> None:
    assert len(BROKEN) >= 20


@pytest.mark.parametrize("case", BROKEN, ids=lambda p: p.stem)
def test_broken_case_names_file_and_line(tmp_path: Path, schema: Schema, case: Path) -> None:
    pattern, line = expectation(case)
    with pytest.raises(InputError) as caught:
        load(tmp_path, case, schema)
    problems = caught.value.problems
    matching = [p for p in problems if re.search(pattern, str(p), re.DOTALL)]
    assert matching, f"no problem matches {pattern!r}; got:\n{caught.value}"
    assert matching[0].line == line, str(caught.value)
    assert matching[0].path.name == "invented.yaml"
    assert f"invented.yaml:{line}: " in str(caught.value)


def test_changed_source_is_refused(tmp_path: Path, schema: Schema) -> None:
    with pytest.raises(
        InputError, match=r"invented.meta.yaml:3: the source invented.txt has changed"
    ):
        load(tmp_path, CASES / "valid.yaml", schema, sha256="0" * 64)


def test_missing_source_and_meta(tmp_path: Path, schema: Schema) -> None:
    target = make_project(tmp_path, CASES / "valid.yaml")
    (tmp_path / "sources" / "invented.txt").unlink()
    (tmp_path / "sources" / "invented.meta.yaml").unlink()
    with pytest.raises(InputError) as caught:
        load_corpus([target], tmp_path / "sources", schema)
    message = str(caught.value)
    assert "invented.yaml: its source" in message
    assert "does not exist" in message
    assert "invented.meta.yaml: the source's metadata file is missing" in message


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path, schema: Schema) -> None:
    first = make_project(tmp_path, CASES / "unknown-type.yaml")
    second = first.with_name("other.yaml")
    shutil.copy(CASES / "bad-amount.yaml", second)
    for suffix in (".txt", ".meta.yaml"):
        shutil.copy(
            tmp_path / "sources" / f"invented{suffix}", tmp_path / "sources" / f"other{suffix}"
        )
    with pytest.raises(InputError) as caught:
        load_corpus([first, second], tmp_path / "sources", schema)
    files = {p.path.name for p in caught.value.problems}
    assert {"invented.yaml", "other.yaml"} <= files
    assert str(caught.value).startswith(f"{len(caught.value.problems)} problems in the input:")


def test_one_id_for_two_types_across_files(tmp_path: Path, schema: Schema) -> None:
    first = make_project(tmp_path, CASES / "valid.yaml")
    second = first.with_name("other.yaml")
    second.write_text(
        "source: other\nitems:\n  - id: jinan\n    type: County\n"
        "    label: 济南\n    quote: 济南市投入援藏资金\n",
        encoding="utf-8",
    )
    for suffix in (".txt", ".meta.yaml"):
        shutil.copy(
            tmp_path / "sources" / f"invented{suffix}", tmp_path / "sources" / f"other{suffix}"
        )
    with pytest.raises(InputError) as caught:
        load_corpus([first, second], tmp_path / "sources", schema)
    (problem,) = caught.value.problems
    assert (problem.path.name, problem.line) == ("other.yaml", 3)
    assert problem.message.startswith("id `jinan` is a County here but a City at ")
