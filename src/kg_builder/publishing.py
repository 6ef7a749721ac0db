"""``kg export`` and ``kg site``: build and check the graph, then publish it.

Like ``kg build``, nothing is published from a graph with SHACL violations unless asked
(``force``): a portal should not receive what the project's own shapes reject.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg_builder.build import source_iri
from kg_builder.config import Config
from kg_builder.export import EXPORTERS, ExportContent
from kg_builder.export.formats import render_exports
from kg_builder.export.jsonld import jsonld_context
from kg_builder.export.publication import Publication, render_publication
from kg_builder.export.settings import read_dataset_settings
from kg_builder.export.site import render_site
from kg_builder.outputs import replace_folder, write_outputs
from kg_builder.pipeline import BuildOutcome, Progress, load_project_schema, run_build
from kg_builder.sources import read_text

SITE_DIR = "site"


@dataclass(frozen=True)
class PublishOutcome:
    """What was built and what was written (nothing when the graph has violations)."""

    build: BuildOutcome
    publication: Publication | None
    written: tuple[Path, ...]


def run_export(
    config: Config, *, force: bool = False, progress: Progress | None = None
) -> PublishOutcome:
    """Write every export, the JSON-LD context, ``dataset.ttl`` and ``ontology.html``.

    :raises KgError: as ``run_build`` does (bad input, configuration, output).
    """
    outcome, publication = _publication(config, force=force, progress=progress)
    if publication is None:
        return PublishOutcome(outcome, None, ())
    written = write_outputs(config.dist_dir, publication.files)
    return PublishOutcome(outcome, publication, tuple(written))


@dataclass(frozen=True)
class FormatOutcome:
    """One export format's bytes (None when the graph has violations)."""

    build: BuildOutcome
    data: bytes | None


def run_format(
    config: Config, name: str, *, force: bool = False, progress: Progress | None = None
) -> FormatOutcome:
    """The graph in one export format (``kg export --stdout NAME``); nothing is written.

    :raises KeyError: when ``name`` is not in ``EXPORTERS``.
    """
    exporter = EXPORTERS[name]
    outcome = run_build(config, write=False, queries=False, progress=progress)
    if not outcome.report.conforms and not force:
        return FormatOutcome(outcome, None)
    schema = load_project_schema(config)
    context = jsonld_context(schema, config.base)
    content = ExportContent(outcome.built, context, config.base)
    return FormatOutcome(outcome, render_exports(content, [exporter.name])[exporter])


def run_site(
    config: Config, *, force: bool = False, progress: Progress | None = None
) -> PublishOutcome:
    """Write the linked-data site into ``dist/site/``, replacing the last one whole."""
    outcome, publication = _publication(config, force=force, progress=progress)
    if publication is None:
        return PublishOutcome(outcome, None, ())
    sources: dict[URIRef, str] = {
        source_iri(config.base, part.id): read_text(part.source_path) for part in outcome.parts
    }
    schema = load_project_schema(config)
    files = render_site(publication, schema=schema, sources=sources)
    written = replace_folder(config.dist_dir / SITE_DIR, files)
    return PublishOutcome(outcome, publication, tuple(written))


def _publication(
    config: Config, *, force: bool, progress: Progress | None
) -> tuple[BuildOutcome, Publication | None]:
    settings = read_dataset_settings(config)
    outcome = run_build(config, write=False, queries=False, progress=progress)
    if not outcome.report.conforms and not force:
        return outcome, None
    schema = load_project_schema(config)
    publication = render_publication(
        outcome.built, schema=schema, base=config.base, settings=settings
    )
    return outcome, publication
