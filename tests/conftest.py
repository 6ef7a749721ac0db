"""Shared fixtures: the bundled project, its schema, and a built graph (built once)."""

from __future__ import annotations

import shutil
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
