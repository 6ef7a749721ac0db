"""Shared fixtures: the bundled project, its schema, and a built graph (built once)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from kg_builder.annotations import annotation_files, load_corpus
from kg_builder.build import BuiltGraph, build_graph
from kg_builder.config import Config, load_config
from kg_builder.model import Corpus
from kg_builder.pipeline import load_project_schema
from kg_builder.schema import Schema

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "sources" / "luzang-aid-2023.txt"
INVENTED = Path(__file__).parent / "loader_cases" / "invented.txt"


def add_invented_source(sources: Path, *, text: Path = INVENTED, sha256: str | None = None) -> None:
    """Put an invented test document (NAME.txt) and its NAME.meta.yaml into a sources folder."""
    sources.mkdir(parents=True, exist_ok=True)
    shutil.copy(text, sources / text.name)
    checksum = sha256 or hashlib.sha256(text.read_bytes()).hexdigest()
    (sources / f"{text.stem}.meta.yaml").write_text(
        "title: {zh: 测试用虚构文本, en: Invented test text}\n"
        f"language: zh\nsha256: {checksum}\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(ROOT)


@pytest.fixture(scope="session")
def schema(config: Config) -> Schema:
    return load_project_schema(config)


@pytest.fixture(scope="session")
def article() -> str:
    """The verbatim article, read exactly as stored."""
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="session")
def corpus(config: Config, schema: Schema) -> Corpus:
    """The bundled annotations, loaded and anchored once."""
    return load_corpus(annotation_files(config.annotations_dir), config.sources_dir, schema)


@pytest.fixture(scope="session")
def built(config: Config, schema: Schema, corpus: Corpus) -> BuiltGraph:
    """The graph of the bundled annotations, built once."""
    return build_graph(corpus, schema, base=config.base)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff before committing)",
    )


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory, built: BuiltGraph) -> Path:
    """A copy of the project (configuration, ontology, queries) with its graph in dist/."""
    project = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "pyproject.toml", project)
    for folder in ("ontology", "queries"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "dist").mkdir()
    built.graph.serialize(project / "dist" / "kg.ttl", format="turtle")
    return project


@pytest.fixture(scope="session")
def viz_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled project on which `kg viz` has run once: its dist/ holds
    every view (rendering them takes a while, so the tests share one run)."""
    from click.testing import CliRunner

    from kg_builder.cli import main

    root = tmp_path_factory.mktemp("viz-project")
    shutil.copy(ROOT / "pyproject.toml", root)
    for folder in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    result = CliRunner().invoke(main, ["--project", str(root), "viz"])
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    return root
