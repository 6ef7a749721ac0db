"""Everything ``dist/`` publishes about one built graph, rendered in memory."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field

from rdflib import Graph

from kg_builder.build import BuiltGraph
from kg_builder.export.dataset import FileFacts, describe_dataset
from kg_builder.export.formats import EXPORTERS, ExportContent, Exporter, render_exports
from kg_builder.export.fragments import FragmentCache
from kg_builder.export.jsonld import CONTEXT_FILE, context_bytes, jsonld_context
from kg_builder.export.ontology_page import ONTOLOGY_PAGE, example_data, render_ontology_page
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
    built: BuiltGraph,
    *,
    schema: Schema,
    base: str,
    settings: DatasetSettings,
    files: MutableMapping[str, bytes] | None = None,
    progress: Callable[[str, float], None] | None = None,
    fragments: FragmentCache | None = None,
) -> Publication:
    """Every export, the JSON-LD context, the dataset description and the ontology page.

    :param files: where each file goes as soon as it is made (``kg build`` stages them on
        disk, ``outputs.StagedOutputs``, so that they are not all in memory at once);
        a new dict by default.
    :param progress: called with the name and start time of each part when it is done.
    :param fragments: where the texts of the graph's runs are kept between builds
        (``fragments.py``): only runs that changed are serialised again.
    """
    done = progress or (lambda _stage, _start: None)
    files = {} if files is None else files
    context = jsonld_context(schema, base)
    content = ExportContent(built, context, base, fragments)
    facts: dict[Exporter, FileFacts] = {}
    for name in EXPORTERS:  # one at a time: each file goes to ``files`` as soon as it is made
        for exporter, data in render_exports(content, [name], progress=progress).items():
            files[exporter.filename] = data
            facts[exporter] = FileFacts.of(data)
    if fragments is not None:
        fragments.prune()
    start = time.perf_counter()
    statistics = graph_statistics(built.ntriples, base=base, ontology=schema.graph)
    description = describe_dataset(
        prefixes=built.prefixes(),
        base=base,
        ontology=schema.graph,
        settings=settings,
        statistics=statistics,
        files=facts,
    )
    files[CONTEXT_FILE] = context_bytes(context)
    files[DATASET_FILE] = turtle_bytes(description)
    done("describe the dataset", start)
    start = time.perf_counter()
    examples = example_data(built.ntriples, schema.graph)
    files[ONTOLOGY_PAGE] = render_ontology_page(schema.graph, examples, base=base)
    done("ontology page", start)
    return Publication(content, description, statistics, files)
