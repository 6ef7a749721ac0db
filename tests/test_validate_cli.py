"""`kg validate` as users run it: exit codes, --strict, --out, --format, --inference; and
`kg build` writing the same reports into dist/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, SH, Graph

from kg_builder.cli import main
from kg_builder.cli.validate import validate as validate_command
from kg_builder.config import load_config
from kg_builder.pipeline import check_project
from kg_builder.reports import REPORT_FORMATS
from kg_builder.validation import Inference
from tests.test_validation_cases import CASES, gallery_project, reported


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("case", "code"),
    [
        pytest.param("english-name-as-label", 1, id="warning"),
        pytest.param("flow-stated-twice-under-two-ids", 0, id="info"),
    ],
)
def test_strict_fails_on_warnings_but_not_on_infos(tmp_path: Path, case: str, code: int) -> None:
    """(Without --strict, the gallery checks that warnings and infos exit 0.)"""
    project = gallery_project(tmp_path, CASES / f"{case}.yaml")
    assert run(project, "validate", "--strict")[0] == code


def test_a_broken_shapes_file_exits_2_and_names_it(tmp_path: Path) -> None:
    project = gallery_project(tmp_path, CASES / "valid.yaml")
    ontology = tmp_path / "ontology"
    shutil.copytree(Path(__file__).resolve().parents[1] / "ontology", ontology)
    (ontology / "shapes.ttl").write_text("pash:Broken a sh:NodeShape", encoding="utf-8")
    config = (project / "pyproject.toml").read_text(encoding="utf-8")
    (project / "pyproject.toml").write_text(
        "\n".join(
            'ontology = "ontology"' if line.startswith("ontology") else line
            for line in config.splitlines()
        ),
        encoding="utf-8",
    )
    code, out, err = run(project, "validate")
    assert code == 2
    assert "shapes.ttl: not valid Turtle" in err
    assert out == ""


def test_out_writes_the_report_and_keeps_the_exit_code(tmp_path: Path) -> None:
    project = gallery_project(tmp_path / "project", CASES / "team-wrong-county.yaml")
    target = tmp_path / "reports" / "validation.json"
    target.parent.mkdir()
    code, out, err = run(project, "validate", "-f", "json", "-o", str(target))
    assert code == 1
    assert out == ""
    assert f"wrote {target}" in err
    assert "does NOT conform: 1 violation" in err
    assert json.loads(target.read_text(encoding="utf-8"))["counts"]["Violation"] == 1
    assert [p.name for p in target.parent.iterdir()] == ["validation.json"]  # no temporaries


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gallery_project(tmp_path_factory.mktemp("broken"), CASES / "team-wrong-county.yaml")


@pytest.mark.parametrize("form", list(REPORT_FORMATS))
def test_every_format_goes_to_stdout(broken_project: Path, form: str) -> None:
    code, out, _ = run(broken_project, "validate", "--format", form)
    assert code == 1
    report = check_project(load_config(broken_project)).report
    assert out == REPORT_FORMATS[form].render(report)


def test_the_choices_are_the_registries() -> None:
    choices = {p.name: getattr(p.type, "choices", None) for p in validate_command.params}
    assert list(choices["format_"] or []) == list(REPORT_FORMATS)
    assert list(choices["inference"] or []) == [i.value for i in Inference]


def test_rdfs_inference_takes_ranges_as_facts(tmp_path: Path) -> None:
    """With sentBy and stationedIn swapped, plain validation reports two values of the
    wrong kind. RDFS inference takes the ranges as facts instead: 白朗县 becomes a City and
    济南市 a County, and the mistake shows as what those types then lack."""
    project = gallery_project(tmp_path, CASES / "team-swapped-city-and-county.yaml")
    _, plain, _ = run(project, "validate", "-f", "json")
    code, inferred, _ = run(project, "validate", "-f", "json", "--inference", "rdfs")
    assert [shape for _, shape, _ in reported(plain)] == ["Team-sentBy", "Team-stationedIn"]
    assert [shape for _, shape, _ in reported(inferred)] == [
        "City-locatedIn",  # 白朗县, now a City, is in a prefecture, not a province
        "County-locatedIn",  # 济南市, now a County, is in a province, not a prefecture
        "CountyShape",  # ... and, being a County, cannot be paired with anything
        "TeamPairingShape",  # 白朗县 "sends" a team to 济南市 without being paired with it
        "City-pairedWithPresent",  # warning: 白朗县, now a City, has no pairing
        "ProjectTeamCountyShape",  # warning: the team "is stationed in" 济南市, far from its work
    ]
    assert code == 1


def test_owlrl_inference_keeps_valid_data_valid(tmp_path: Path) -> None:
    project = gallery_project(tmp_path, CASES / "valid.yaml")
    code, out, err = run(project, "validate", "-f", "json", "--inference", "owlrl")
    assert code == 0, err
    assert json.loads(out)["results"] == []


def test_build_writes_every_report_into_dist_and_no_graph_on_violations(tmp_path: Path) -> None:
    project = gallery_project(tmp_path, CASES / "team-wrong-county.yaml")
    code, _, err = run(project, "build", "-q")
    assert code == 1
    assert "TeamPairingShape" in err
    dist = project / "dist"
    assert sorted(p.name for p in dist.iterdir()) == sorted(
        f"validation{f.suffix}" for f in REPORT_FORMATS.values()
    )
    report = Graph().parse(dist / "validation.ttl", format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in report
    assert json.loads((dist / "validation.json").read_text("utf-8"))["conforms"] is False
    assert "data/annotations/invented.yaml:" in (dist / "validation.txt").read_text("utf-8")
