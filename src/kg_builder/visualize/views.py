"""Every view ``kg viz`` writes, made from one projection of the graph.

``OUTPUTS`` is the one list of what is written (the command, the README and the tests
read it); ``render_views`` makes all of them in memory, so that the caller writes them at
once or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph

from kg_builder.visualize.classes import LANGUAGES
from kg_builder.visualize.exports import gexf_bytes, graphml_bytes, node_link_bytes
from kg_builder.visualize.funding import (
    FlowView,
    bar_figure,
    export_images,
    funding_flows,
    sankey_figure,
)
from kg_builder.visualize.metrics import GraphMetrics, measure_graph
from kg_builder.visualize.pages import (
    render_funding_page,
    render_graph_page,
    render_metrics_report,
)
from kg_builder.visualize.pictures import draw_network
from kg_builder.visualize.projection import ProjectionOptions, project_graph, term_labels
from kg_builder.visualize.quotes import collect_quotes

OUTPUTS: dict[str, str] = {
    "graph.html": "the interactive network: search, city filter, click-to-quote, zh/en (offline)",
    "funding.html": "Sankey and bar charts of the funding flows, with every flow and its quote",
    "funding-sankey.svg": "the Sankey diagram (funder → recipient → category, 万元)",
    "funding-sankey.png": "the Sankey diagram as a PNG",
    "funding-bars.svg": "money by sending city and category (万元)",
    "funding-bars.png": "the bar chart as a PNG",
    "graph.svg": "cities, teams, counties, projects and enterprises in columns (text as text)",
    "graph.png": "the same picture as a PNG",
    "graph.graphml": "the projection for Gephi, Cytoscape, yEd",
    "graph.gexf": "the projection for Gephi",
    "graph.json": "the projection as node-link JSON (d3, networkx)",
    "graph-metrics.md": "degree and betweenness top ten, components, team-linking places",
}


@dataclass(frozen=True)
class Views:
    """The views of one projection: the files by name, and what they were made from."""

    network: Any
    """The projection (a ``networkx.MultiDiGraph``)."""
    flows: tuple[FlowView, ...]
    metrics: GraphMetrics
    files: Mapping[str, bytes]
    """File name (a key of ``OUTPUTS``) -> content."""


def render_views(
    graph: Graph, *, ontology: Graph, options: ProjectionOptions | None = None
) -> Views:
    """Project the graph and render every view of ``OUTPUTS``.

    :param ontology: the ontology and concept schemes (labels of classes, properties and
        concepts).
    :raises ViewError: bad options, or a font, browser or bundled script missing.
    """
    options = options or ProjectionOptions()
    language = options.language
    network = project_graph(graph, ontology=ontology, options=options)
    labels = term_labels(ontology)
    quotes = collect_quotes(graph)
    flows = funding_flows(network)
    figures = {
        f"{name}_{lang}": draw(network, flows, lang)
        for name, draw in (("sankey", sankey_figure), ("bars", bar_figure))
        for lang in LANGUAGES
    }
    names = {
        node: {lang: data["label_" + lang] or data["label_zh"] for lang in LANGUAGES}
        for node, data in network.nodes(data=True)
    }
    metrics = measure_graph(network)
    files: dict[str, bytes] = {
        "graph.html": render_graph_page(
            network, quotes=quotes, labels=labels, language=language
        ).encode("utf-8"),
        "funding.html": render_funding_page(
            flows,
            figures={key: json.loads(figure.to_json()) for key, figure in figures.items()},
            names=names,
            quotes=quotes,
            language=language,
        ).encode("utf-8"),
    }
    sankey, bars = figures[f"sankey_{language}"], figures[f"bars_{language}"]
    files |= export_images(
        {
            "funding-sankey.svg": sankey,
            "funding-sankey.png": sankey,
            "funding-bars.svg": bars,
            "funding-bars.png": bars,
        }
    )
    files |= draw_network(network, labels=labels, language=language)
    files["graph.graphml"] = graphml_bytes(network)
    files["graph.gexf"] = gexf_bytes(network)
    files["graph.json"] = node_link_bytes(network)
    report = render_metrics_report(metrics, labels=labels, language=language)
    files["graph-metrics.md"] = report.encode("utf-8")
    return Views(network, flows, metrics, {name: files[name] for name in OUTPUTS})
