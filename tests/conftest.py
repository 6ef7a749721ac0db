"""Shared fixtures: the bundled project, its schema, and a built graph (built once)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg_builder.annotations import annotation_files, load_corpus
from kg_builder.build import BuiltGraph, build_graph, source_iri
from kg_builder.config import Config, load_config
from kg_builder.export.publication import Publication, render_publication
from kg_builder.export.settings import read_dataset_settings
from kg_builder.export.site import render_site
from kg_builder.model import Corpus
from kg_builder.pipeline import load_project_schema
from kg_builder.schema import Schema

if TYPE_CHECKING:
    from playwright.sync_api import Browser

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
    built.graph.serialize(project / "dist" / "kg.nt", format="nt", encoding="utf-8")
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


@pytest.fixture(scope="session")
def publication(built: BuiltGraph, schema: Schema, config: Config) -> Publication:
    """Everything dist/ publishes about the bundled graph, rendered once in memory."""
    settings = read_dataset_settings(config)
    return render_publication(built, schema=schema, base=config.base, settings=settings)


@pytest.fixture(scope="session")
def site_files(publication: Publication, corpus: Corpus, schema: Schema) -> dict[str, bytes]:
    """The linked-data site of the bundled graph, rendered once in memory."""
    base = publication.content.base
    sources = {source_iri(base, d.id): d.text.text for d in corpus.documents}
    return render_site(publication, schema=schema, sources=sources)


@pytest.fixture(scope="session")
def site_folder(tmp_path_factory: pytest.TempPathFactory, site_files: dict[str, bytes]) -> Path:
    """The site written into a temporary folder, for a browser or a web server."""
    folder = tmp_path_factory.mktemp("site")
    for name, data in site_files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never its own browser download)."""
    from playwright.sync_api import sync_playwright

    from tests.browsing import ARGS, CHROMIUM

    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: run scripts/setup --dev (Debian package chromium)"
    )
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
