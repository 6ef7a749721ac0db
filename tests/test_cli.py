"""`kg` end to end: the main job on the bundled data, and what users see when things go wrong."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_builder import __version__
from kg_builder.cli import main
from tests.conftest import add_invented_source

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "loader_cases"
PROJECT_FILES = ("pyproject.toml", "ontology", "queries", "data")


def copy_project(target: Path) -> Path:
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


def invented_project(target: Path, annotation: Path) -> Path:
    """A small project around the invented test document, with the real ontology."""
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(ROOT / "ontology", target / "ontology")
    shutil.copytree(ROOT / "queries", target / "queries")
    add_invented_source(target / "data" / "sources")
    annotations = target / "data" / "annotations"
    annotations.mkdir()
    shutil.copy(annotation, annotations / "invented.yaml")
    return target


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert __version__ in out


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Usage:" in out
    assert len(main.commands[command].help or "") > 40


def test_build_the_bundled_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    code, _, err = run("--project", str(project), "build")
    assert code == 0, err
    graph = project / "dist" / "kg.ttl"
    assert graph.read_text(encoding="utf-8").startswith("@prefix ")
    assert (project / "dist" / "queries" / "pairing-table.csv").is_file()
    assert "The graph conforms" in (project / "dist" / "validation.txt").read_text("utf-8")
    assert " Team" in err
    assert "wrote " in err


def test_bad_input_exits_2_names_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    project = invented_project(tmp_path, CASES / "valid.yaml")
    assert run("--project", str(project), "build")[0] == 0
    before = {p: p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    shutil.copy(CASES / "unknown-property.yaml", project / "data/annotations/invented.yaml")
    code, _, err = run("--project", str(project), "build")
    assert code == 2
    assert "invented.yaml:35: unknown property `stationIn`" in err
    assert "did you mean `stationedIn`?" in err
    assert "Traceback" not in err
    after = {p: p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    assert after == before


def test_violations_exit_1_and_keep_the_last_good_graph(tmp_path: Path) -> None:
    project = invented_project(tmp_path, CASES / "valid.yaml")
    assert run("--project", str(project), "build")[0] == 0
    good = (project / "dist" / "kg.ttl").read_bytes()
    annotation = project / "data/annotations/invented.yaml"
    text = annotation.read_text(encoding="utf-8")
    annotation.write_text(text.replace("    stationedIn: bainang\n", ""), encoding="utf-8")
    code, _, err = run("--project", str(project), "build")
    assert code == 1
    assert "does NOT conform" in err
    assert "kg.ttl was not updated" in err
    assert (project / "dist" / "kg.ttl").read_bytes() == good
    assert "does NOT conform" in (project / "dist" / "validation.txt").read_text("utf-8")
    assert not list((project / "dist").rglob("*.tmp"))  # the publication made beside: gone
    code, _, _ = run("--project", str(project), "build", "--force")
    assert code == 1
    assert (project / "dist" / "kg.ttl").read_bytes() != good


def test_not_a_project(tmp_path: Path) -> None:
    code, _, err = run("--project", str(tmp_path), "build")
    assert code == 2
    assert "pyproject.toml: not found" in err


SERIALIZE = """
import sys
from pathlib import Path
from kg_builder.annotations import annotation_files, load_corpus
from kg_builder.build import build_graph
from kg_builder.config import load_config
from kg_builder.pipeline import load_project_schema
config = load_config(Path(sys.argv[1]))
schema = load_project_schema(config)
corpus = load_corpus(annotation_files(config.annotations_dir), config.sources_dir, schema)
graph = build_graph(corpus, schema, base=config.base).graph
sys.stdout.buffer.write(graph.serialize(format="turtle", encoding="utf-8"))
"""


def test_two_builds_give_the_same_bytes() -> None:
    """Across processes with different hash seeds, as two rebuilds would be."""
    outputs = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        completed = subprocess.run(
            [sys.executable, "-c", SERIALIZE, str(ROOT)],
            capture_output=True,
            check=True,
            env=environment,
        )
        outputs.append(completed.stdout)
    assert len(outputs[0]) > 100_000
    assert outputs[0] == outputs[1]
