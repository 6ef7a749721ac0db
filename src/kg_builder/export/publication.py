"""Everything ``dist/`` publishes about one built graph, rendered in memory."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Graph

from kg_builder.build import BuiltGraph
from kg_builder.export.dataset import describe_dataset
from kg_builder.export.formats import ExportContent, render_exports
from kg_builder.export.jsonld import CONTEXT_FILE, context_bytes, jsonld_context
from kg_builder.export.ontology_page import ONTOLOGY_PAGE, render_ontology_page
from kg_builder.export.settings import DatasetSettings
from kg_builder.export.statistics import Statistics, graph_statistics
from kg_builder.export.turtle import turtle_bytes
from kg_builder.schema import Schema

DATASET_FILE = "dataset.ttl"


@dataclass(frozen=True)
class Publication:
    """The files of a publication and what they were made from."""

    content: ExportContent = field(repr=False)
    description: Graph = field(repr=False)
    """The DCAT-AP/VoID description (``dataset.ttl``)."""
    statistics: Statistics = field(repr=False)
    files: Mapping[str, bytes] = field(repr=False)
    """File name (relative to dist/) -> its bytes."""


def render_publication(
    built: BuiltGraph, *, schema: Schema, base: str, settings: DatasetSettings
) -> Publication:
    """Every export, the JSON-LD context, the dataset description and the ontology page."""
    context = jsonld_context(schema, base)
    content = ExportContent(built.graph, built.document_graphs, context, base)
    exports = render_exports(content)
    statistics = graph_statistics(built.graph, base=base, ontology=schema.graph)
    description = describe_dataset(
        built.graph,
        base=base,
        ontology=schema.graph,
        settings=settings,
        statistics=statistics,
        files=exports,
    )
    files = {exporter.filename: data for exporter, data in exports.items()}
    files[CONTEXT_FILE] = context_bytes(context)
    files[DATASET_FILE] = turtle_bytes(description)
    files[ONTOLOGY_PAGE] = render_ontology_page(schema.graph, built.graph, base=base)
    return Publication(content, description, statistics, files)
