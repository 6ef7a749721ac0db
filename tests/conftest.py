"""Shared fixtures: the bundled project, its schema, and a built graph (built once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_builder.build import source_iri
from kg_builder.config import Config, load_config
from kg_builder.export import Publication, render_publication
from kg_builder.export.settings import read_dataset_settings
from kg_builder.export.site import render_site
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
def publication(outcome: BuildOutcome, schema: Schema, config: Config) -> Publication:
    """Everything dist/ publishes about the bundled graph, rendered once in memory."""
    settings = read_dataset_settings(config)
    return render_publication(outcome.built, schema=schema, base=config.base, settings=settings)


@pytest.fixture(scope="session")
def site_files(publication: Publication, outcome: BuildOutcome, schema: Schema) -> dict[str, bytes]:
    """The linked-data site of the bundled graph, rendered once in memory."""
    base = publication.content.base
    sources = {source_iri(base, d.id): d.text.text for d in outcome.corpus.documents}
    return render_site(publication, schema=schema, sources=sources)


@pytest.fixture(scope="session")
def site_folder(tmp_path_factory: pytest.TempPathFactory, site_files: dict[str, bytes]) -> Path:
    """The site written into a temporary folder, for a browser or a web server."""
    folder = tmp_path_factory.mktemp("site")
    for name, data in site_files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder
