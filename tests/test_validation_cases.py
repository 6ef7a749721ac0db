"""The gallery of broken annotations: each fails for exactly its reason, at its line.

Each file in ``validation_cases/`` is ``valid.yaml`` (an annotation of the invented
``invented.txt``) with one realistic mistake, checked the way a user checks it: ``kg
validate`` on a small project. Its header says what must come back, one line per result:

- ``# expect: SEVERITY SHAPE FILE:LINE[,FILE:LINE...]`` — a SHACL result of that severity
  from that shape of ``ontology/shapes.ttl`` (its local name), pointing at those lines;
- ``# expect: error FILE:LINE PATTERN`` — a mistake the loader rejects before any graph
  exists (exit 2), with a message matching PATTERN at that line.

``# source: second`` makes the case a second document (annotating ``second.txt``) beside
``valid.yaml`` instead of replacing it. Adding a case is adding a file.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_builder.cli import main
from kg_builder.reports import SHAPES_NAMESPACE
from tests.conftest import ROOT, add_invented_source

CASES = Path(__file__).parent / "validation_cases"
BROKEN = sorted(p for p in CASES.glob("*.yaml") if p.name != "valid.yaml")
SHAPE_RESULT = re.compile(r"^# expect: (Violation|Warning|Info) (\S+) (\S+)$", re.MULTILINE)
LOADER_ERROR = re.compile(r"^# expect: error (\S+):(\d+) (.+)$", re.MULTILINE)

Result = tuple[str, str, tuple[str, ...]]
"""(severity, shape, annotation lines as FILE:LINE)."""


def gallery_project(target: Path, case: Path) -> Path:
    """A project of the invented documents with the case's annotations and the real shapes."""
    target.mkdir(parents=True, exist_ok=True)
    folders = {name: json.dumps(str(ROOT / name)) for name in ("ontology", "queries")}
    (target / "pyproject.toml").write_text(  # TOML basic strings are quoted like JSON
        "[tool.kg_builder]\n" + "".join(f"{name} = {path}\n" for name, path in folders.items())
    )
    for text in ("invented.txt", "second.txt"):
        add_invented_source(target / "data" / "sources", text=CASES / text)
    annotations = target / "data" / "annotations"
    annotations.mkdir()
    source = re.search(r"^# source: (\S+)$", case.read_text("utf-8"), re.MULTILINE)
    if source is not None:
        shutil.copy(CASES / "valid.yaml", annotations / "invented.yaml")
    shutil.copy(case, annotations / f"{source[1] if source else 'invented'}.yaml")
    return target


def validate(project: Path, *options: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--project", str(project), "validate", *options])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def reported(json_report: str) -> list[Result]:
    results = json.loads(json_report)["results"]
    return sorted(
        (
            r["severity"],
            (r["shape"]["id"] or "").removeprefix(SHAPES_NAMESPACE),
            tuple(f"{Path(o['file']).name}:{o['line']}" for o in r["origins"]),
        )
        for r in results
    )


def test_the_valid_case_conforms_without_a_single_result(tmp_path: Path) -> None:
    code, out, err = validate(gallery_project(tmp_path, CASES / "valid.yaml"), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["results"] == []


def test_the_gallery_is_large_and_every_case_says_what_to_expect() -> None:
    assert len(BROKEN) >= 20
    for case in BROKEN:
        header = case.read_text("utf-8")
        assert SHAPE_RESULT.search(header) or LOADER_ERROR.search(header), case.name


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in BROKEN])
def test_a_broken_case_fails_for_its_reason_at_its_line(tmp_path: Path, case: Path) -> None:
    header = case.read_text("utf-8")
    project = gallery_project(tmp_path, case)
    code, out, err = validate(project, "-f", "json")
    loader_error = LOADER_ERROR.search(header)
    if loader_error is not None:
        file, line, pattern = loader_error.groups()
        assert code == 2, out
        assert f"{file}:{line}: " in err
        assert re.search(pattern, err, re.DOTALL), err
        return
    expected = sorted(
        (severity, shape, tuple(where.split(",")))
        for severity, shape, where in SHAPE_RESULT.findall(header)
    )
    assert reported(out) == expected
    assert code == (1 if any(severity == "Violation" for severity, _, _ in expected) else 0)


def test_the_gallery_covers_every_severity_and_the_loader() -> None:
    severities = Counter(
        match[0] for case in BROKEN for match in SHAPE_RESULT.findall(case.read_text("utf-8"))
    )
    assert set(severities) == {"Violation", "Warning", "Info"}
    assert any(LOADER_ERROR.search(case.read_text("utf-8")) for case in BROKEN)
