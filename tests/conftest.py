"""Shared fixtures: the bundled project, its schema, and a built graph (built once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_builder.config import Config, load_config
from kg_builder.pipeline import BuildOutcome, load_project_schema, run_build
from kg_builder.schema import Schema

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "sources" / "luzang-aid-2023.txt"


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
def outcome(config: Config) -> BuildOutcome:
    """The bundled project built once, without writing dist/."""
    return run_build(config, write=False)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory, outcome: BuildOutcome) -> Path:
    """A copy of the project (configuration, ontology, queries) with its graph in dist/."""
    import shutil

    project = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "pyproject.toml", project)
    for folder in ("ontology", "queries"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "dist").mkdir()
    outcome.graph.serialize(project / "dist" / "kg.ttl", format="turtle")
    return project
