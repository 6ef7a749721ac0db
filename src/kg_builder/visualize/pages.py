"""The pages and the report of ``kg viz``, rendered from the Jinja2 templates in
``kg_builder/templates/viz/``.

Each page is one self-contained file that works offline: the JavaScript it needs is
inlined (vis-network for the network, plotly.js for the funding charts) and the data is
embedded as JSON, so opening it from disk makes no request to any host. vis-network is
fetched from npm by ``scripts/setup`` (pinned version and checksum) into
``templates/viz/vendor/``; plotly.js ships inside the ``plotly`` package.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from kg_builder.errors import ViewError
from kg_builder.visualize.funding import FlowView, wan_text
from kg_builder.visualize.metrics import GraphMetrics
from kg_builder.visualize.neighbourhood import nearest_anchors
from kg_builder.visualize.projection import FUNDING, TermLabels
from kg_builder.visualize.quotes import Quote
from kg_builder.visualize.style import (
    CLASS_STYLES,
    CSS_FONT_STACK,
    EDGE_COLOR,
    FUNDING_COLOR,
    class_style,
)

if TYPE_CHECKING:
    import jinja2
    import networkx as nx

TEMPLATES = "templates/viz"
VIS_NETWORK = "vendor/vis-network.min.js"
_SHOWN_APART = frozenset(
    {"iri", "class", "label", "label_zh", "label_en", "comment_zh", "comment_en"}
)
_ATTRIBUTE_NAMES = {
    # attributes the projection adds that are not ontology terms
    "alt_labels": {"zh": "别名", "en": "also called"},
    "exact": {"zh": "原文", "en": "passage"},
    "quote_start": {"zh": "起始位置", "en": "start offset"},
    "quote_end": {"zh": "结束位置", "en": "end offset"},
}
_HUBS = frozenset({"Province", "Prefecture"})
"""Places every programme touches: they join the city filter of each city next to them
instead of pulling every node into every city."""


def render_graph_page(
    network: nx.MultiDiGraph,
    *,
    quotes: Mapping[str, Sequence[Quote]],
    labels: TermLabels,
    language: str,
) -> str:
    """``graph.html``: the network with search, city filter, click-to-quote and zh/en.

    :raises ViewError: when vis-network was not installed by ``scripts/setup``.
    """
    data = {
        "language": language,
        "nodes": _nodes(network),
        "edges": _edges(network),
        "classes": _legend(network, labels),
        "cities": _cities(network),
        "terms": {name: dict(texts) for name, texts in labels.items()} | _ATTRIBUTE_NAMES,
        "quotes": _quotes(network, quotes),
        "funding_color": FUNDING_COLOR,
        "edge_color": EDGE_COLOR,
        "font": CSS_FONT_STACK,
    }
    return _render("graph.html", data=data, script=_inline(_vis_network()), font=CSS_FONT_STACK)


def render_funding_page(
    flows: Sequence[FlowView],
    *,
    figures: Mapping[str, Mapping[str, Any]],
    names: Mapping[str, Mapping[str, str]],
    quotes: Mapping[str, Sequence[Quote]],
    language: str,
) -> str:
    """``funding.html``: the Sankey and bar charts in both languages and a table of flows.

    :param figures: ``sankey_zh``, ``sankey_en``, ``bars_zh``, ``bars_en`` as plotly JSON.
    :param names: node id -> zh/en label, for the funders and recipients.
    """
    import plotly.offline

    rows = [
        {
            "flow": flow.flow,
            "label": dict(flow.label),
            "funders": {
                lang: "、".join(names[f][lang] for f in flow.funders) for lang in ("zh", "en")
            },
            "recipients": {
                lang: "、".join(names[r][lang] for r in flow.recipients) for lang in ("zh", "en")
            },
            "category": dict(flow.category),
            "amount": {lang: wan_text(flow.amount, flow.qualifier, lang) for lang in ("zh", "en")},
            "approximate": flow.qualifier != "exact",
            "original_text": flow.original_text,
            "year": flow.year,
            "quotes": [_quote(q) for q in quotes.get(flow.flow, ())],
        }
        for flow in flows
    ]
    data = {"language": language, "figures": figures, "flows": rows}
    script = _inline(plotly.offline.get_plotlyjs())
    return _render("funding.html", data=data, script=script, font=CSS_FONT_STACK)


def render_metrics_report(metrics: GraphMetrics, *, labels: TermLabels, language: str) -> str:
    """``graph-metrics.md``: the metrics as a short Markdown report."""
    return _render("graph-metrics.md", metrics=metrics, labels=labels, language=language)


def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("kg_builder", TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(name: str, **context: Any) -> str:
    return _environment().get_template(name).render(**context)


def _vis_network() -> str:
    path = resources.files("kg_builder").joinpath(TEMPLATES, VIS_NETWORK)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ViewError(
            f"{path}: vis-network is missing, so graph.html cannot be written; "
            "run scripts/setup (it fetches the pinned vis-network from npm)"
        ) from error


def _inline(script: str) -> str:
    """JavaScript safe to put between <script> tags: no closing tag, no source-map request."""
    script = re.sub(r"^//# sourceMappingURL=.*$", "", script, flags=re.MULTILINE)
    return re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)


def _nodes(network: nx.MultiDiGraph) -> list[dict[str, Any]]:
    cities = _city_groups(network)
    found = []
    for node, data in network.nodes(data=True):
        style = class_style(data["class"])
        found.append(
            {
                "id": node,
                "class": data["class"],
                "label_zh": data["label_zh"],
                "label_en": data["label_en"],
                "comment_zh": data.get("comment_zh", ""),
                "comment_en": data.get("comment_en", ""),
                "color": style.color,
                "shape": style.shape,
                "size": style.size,
                "label_size": style.label_size,
                "cities": list(cities.get(node, ())),
                "attributes": [[k, v] for k, v in sorted(data.items()) if k not in _SHOWN_APART],
            }
        )
    return found


def _edges(network: nx.MultiDiGraph) -> list[dict[str, Any]]:
    found = []
    for source, target, key, data in network.edges(keys=True, data=True):
        edge = {
            "id": f"{source} {key} {target}",
            "from": source,
            "to": target,
            "property": data["property"],
            "label_zh": data["label_zh"],
            "label_en": data["label_en"],
            "inferred": data.get("inferred", False),
            "inference": data.get("inference", ""),
        }
        if data["property"] == FUNDING:
            edge |= {
                "flow": data["flow"],
                "weight": data["weight"],
                "approximate": data["approximate"],
            }
        found.append(edge)
    return found


def _legend(network: nx.MultiDiGraph, labels: TermLabels) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for _, data in network.nodes(data=True):
        counts[data["class"]] = counts.get(data["class"], 0) + 1
    order = list(CLASS_STYLES)
    return [
        {
            "name": name,
            "label_zh": labels[name]["zh"],
            "label_en": labels[name]["en"],
            "color": class_style(name).color,
            "shape": class_style(name).shape,
            "count": count,
        }
        for name, count in sorted(counts.items(), key=lambda item: order.index(item[0]))
    ]


def _cities(network: nx.MultiDiGraph) -> list[dict[str, str]]:
    return sorted(
        (
            {"id": node, "label_zh": data["label_zh"], "label_en": data["label_en"]}
            for node, data in network.nodes(data=True)
            if data["class"] == "City"
        ),
        key=lambda city: city["label_zh"],
    )


def _city_groups(network: nx.MultiDiGraph) -> dict[str, tuple[str, ...]]:
    """Node -> the sending cities whose programme it belongs to (nearest city; hubs join
    the cities of their neighbours)."""
    cities = [n for n, d in network.nodes(data=True) if d["class"] == "City"]
    hubs = [n for n, d in network.nodes(data=True) if d["class"] in _HUBS]
    groups = nearest_anchors(network, cities, barriers=hubs)
    undirected = network.to_undirected(as_view=True)
    for hub in hubs:
        near = {city for neighbour in undirected[hub] for city in groups.get(neighbour, ())}
        groups[hub] = tuple(sorted(near))
    return groups


def _quotes(network: nx.MultiDiGraph, quotes: Mapping[str, Sequence[Quote]]) -> dict[str, Any]:
    """Quotes of the nodes and of the funding flows of the projection."""
    wanted = set(network.nodes) | {
        d["flow"] for *_, d in network.edges(data=True) if d["property"] == FUNDING
    }
    return {iri: [_quote(q) for q in found] for iri, found in quotes.items() if iri in wanted}


def _quote(quote: Quote) -> dict[str, Any]:
    return {
        "source": quote.source.rsplit("/", 1)[-1],
        "start": quote.start,
        "end": quote.end,
        "exact": quote.exact,
        "prefix": quote.prefix,
        "suffix": quote.suffix,
    }
