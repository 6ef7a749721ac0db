"""A static picture of the network: who sends whom where, and what they run there.

The picture keeps the classes a reader of the programme looks for first (cities, teams,
counties, projects, enterprises) and lays them out in columns, one per class, in that
order; within a column nodes are grouped by the county they are nearest to, so that each
pairing reads as a band across the picture. matplotlib draws it: SVG keeps every label as
text (searchable, selectable); PNG renders the labels with an installed CJK font.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kg_builder.errors import ViewError
from kg_builder.visualize.neighbourhood import nearest_anchors
from kg_builder.visualize.projection import FUNDING, TermLabels
from kg_builder.visualize.style import CJK_FONTS, EDGE_COLOR, FUNDING_COLOR, class_style

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

PICTURE_CLASSES = ("City", "Team", "County", "Project", "Enterprise")
"""The columns of the picture, left to right."""

_EDGE_COLOURS = {
    "pairedWith": "#d62728",
    "sentBy": "#ff7f0e",
    "stationedIn": "#1f77b4",
    "implementedBy": "#9467bd",
    "locatedIn": "#8fb8de",
    FUNDING: FUNDING_COLOR,
}
_TITLE = {
    "zh": "对口支援关系图：援助城市、援藏工作组、受援县区、项目与企业",
    "en": "Paired assistance: sending cities, aid teams, counties, projects and enterprises",
}
_OTHER_LINKS = {"zh": "其他关系", "en": "other links"}


def find_cjk_font() -> str:
    """The family name of the first installed font of ``CJK_FONTS``.

    :raises ViewError: when none is installed.
    """
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FONTS:
        if family in installed:
            return family
    raise ViewError(
        "no font that renders Chinese is installed, so the pictures cannot show their labels; "
        f"install one of {', '.join(CJK_FONTS)} (Debian: apt-get install fonts-noto-cjk)"
    )


def draw_network(
    network: nx.MultiDiGraph, *, labels: TermLabels, language: str = "zh"
) -> dict[str, bytes]:
    """``graph.svg`` and ``graph.png`` of the picture classes of a projection.

    :param labels: zh/en names of the classes, for the legend.

    :raises ViewError: when no CJK font is installed.
    """
    import matplotlib

    family = find_cjk_font()
    with matplotlib.rc_context(
        {
            "font.family": [family, "DejaVu Sans"],
            "svg.fonttype": "none",  # text stays text in the SVG
            "svg.hashsalt": "kg-builder",  # the same ids on every run
            "axes.unicode_minus": False,
        }
    ):
        figure = _figure(network, labels, language)
        pictures = {}
        for name, options in (
            ("graph.svg", {"metadata": {"Date": None}}),
            ("graph.png", {"dpi": 110}),
        ):
            buffer = io.BytesIO()
            figure.savefig(buffer, format=name.rsplit(".", 1)[1], **options)
            pictures[name] = buffer.getvalue()
    return pictures


def layered_positions(network: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Column by class; row band by nearest county, so that each pairing reads across.

    Each county's band is as tall as its largest column; nodes no county reaches come last.
    x counts columns, y counts rows downwards from 0.
    """
    counties = sorted(
        (n for n, d in network.nodes(data=True) if d["class"] == "County"),
        key=lambda n: network.nodes[n]["label_zh"],
    )
    rank = {county: index for index, county in enumerate(counties)}
    near = nearest_anchors(network, counties)
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)  # (band, column) -> nodes
    for node in sorted(network.nodes, key=lambda n: network.nodes[n]["label_zh"]):
        band = min((rank[c] for c in near.get(node, ())), default=len(counties))
        cells[(band, PICTURE_CLASSES.index(network.nodes[node]["class"]))].append(node)
    positions: dict[str, tuple[float, float]] = {}
    top = 0.0
    for band in sorted({band for band, _ in cells}):
        height = max(len(nodes) for (b, _), nodes in cells.items() if b == band)
        for (b, column), nodes in sorted(cells.items()):
            if b == band:
                step = height / len(nodes)
                for index, node in enumerate(nodes):
                    positions[node] = (float(column), top + step * (index + 0.5))
        top += height + 0.6  # a little air between bands
    return positions


def _figure(network: nx.MultiDiGraph, labels: TermLabels, language: str) -> Figure:
    import networkx as nx
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    keep = [n for n, d in network.nodes(data=True) if d["class"] in PICTURE_CLASSES]
    shown = network.subgraph(keep)
    positions = {n: (x, -y) for n, (x, y) in layered_positions(shown).items()}
    rows = -min((y for _, y in positions.values()), default=0.0)
    figure = Figure(figsize=(20, max(6.0, 0.3 * rows + 2)), layout="constrained")
    axes = figure.add_subplot()
    axes.set_axis_off()
    if not keep:
        return figure
    for kind in PICTURE_CLASSES:
        nodes = [n for n in keep if network.nodes[n]["class"] == kind]
        style = class_style(kind)
        nx.draw_networkx_nodes(
            shown,
            positions,
            nodelist=nodes,
            node_color=style.color,
            node_shape=style.marker,
            node_size=style.size * 9,
            ax=axes,
            edgecolors="white",
            linewidths=0.6,
        )
    edges = list(shown.edges(keys=True, data=True))
    nx.draw_networkx_edges(
        shown,
        positions,
        ax=axes,
        arrows=True,
        arrowsize=7,
        node_size=120,
        edgelist=[(u, v, k) for u, v, k, _ in edges],
        edge_color=[_EDGE_COLOURS.get(d["property"], EDGE_COLOR) for *_, d in edges],
        width=[1.6 if d["property"] == FUNDING else 0.7 for *_, d in edges],
        alpha=0.75,
        connectionstyle="arc3,rad=0.04",
    )
    for node in keep:
        x, y = positions[node]
        data: Mapping[str, Any] = network.nodes[node]
        axes.annotate(
            data["label_" + language] or data["label_zh"],
            (x, y),
            xytext=(7, 0),
            textcoords="offset points",
            fontsize=8.5,
            va="center",
            ha="left",
            bbox={
                "boxstyle": "round,pad=0.1",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.8,
            },
        )
    axes.set_xlim(-0.15, len(PICTURE_CLASSES) + 0.4)  # room for the labels of the last column
    handles = [
        Line2D(
            [],
            [],
            marker=class_style(c).marker,
            color=class_style(c).color,
            linestyle="",
            markersize=9,
            label=labels[c][language],
        )
        for c in PICTURE_CLASSES
    ]
    kinds = sorted({d["property"] for *_, d in edges} & set(_EDGE_COLOURS))
    handles += [
        Line2D([], [], color=_EDGE_COLOURS[p], label=labels[_term(p)][language]) for p in kinds
    ]
    handles.append(Line2D([], [], color=EDGE_COLOR, label=_OTHER_LINKS[language]))
    axes.legend(handles=handles, loc="upper right", fontsize=9, frameon=False)
    axes.set_title(_TITLE[language], fontsize=15, loc="left")
    return figure


def _term(edge_property: str) -> str:
    """The ontology term an edge's ``property`` is named after."""
    return "FundingFlow" if edge_property == FUNDING else edge_property
