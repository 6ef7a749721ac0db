"""Where the money goes: a Sankey diagram (funder -> recipient -> category) and a bar chart
of money by sending city and category, both in 万元 (10 000 yuan).

Both are read from the funding edges of the projection, so they show what it shows (a
``--focus`` narrows them too). An approximate amount (余, 近, 约 in the text) stays marked
as such: a lighter band in the Sankey, a hatched bar, and 余/近/约 in every total that
includes one. A flow with several recipients (or funders) is one band to a joint node, so
no amount is split or counted twice. Figures are plotly figures: the page draws them with
plotly.js, and kaleido exports the static pictures through a local Chrome or Chromium.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg_builder.errors import ViewError
from kg_builder.visualize.projection import FUNDING
from kg_builder.visualize.style import CATEGORY_COLORS, CSS_FONT_STACK, class_style

if TYPE_CHECKING:
    import networkx as nx
    import plotly.graph_objects as go

WAN = Decimal(10_000)
INVESTMENT = "investment"
"""The funding category of enterprise investment (signed totals, not aid money)."""
_PANEL_DOMAINS = {1: [(0.0, 0.9)], 2: [(0.28, 0.9), (0.0, 0.12)]}
_COLUMNS = {"funder": 0.001, "recipient": 0.36, "category": 0.999}
_LABEL_LENGTH = 12  # longer names are cut in the diagram (and shown whole on hover)
_MARKS = {
    # qualifier -> how a total in 万元 is written, per language
    "exact": ("{n} 万元", "{n} ×10k yuan"),
    "more-than": ("{n} 余万元", "over {n} ×10k yuan"),
    "nearly": ("近 {n} 万元", "nearly {n} ×10k yuan"),
    "about": ("约 {n} 万元", "about {n} ×10k yuan"),
}
_TEXT = {
    "zh": {
        "sankey": "资金流向：出资方 → 受援方 → 资金类别（万元）",
        "aid": "援藏资金、防疫物资与捐款",
        INVESTMENT: "企业投资（签约总投资，不是援助资金）",
        "bars": "各援助城市资金投入（按资金类别，万元）",
        "note": "浅色条带 / 斜线：约数（原文为“余”“近”“约”）",
        "approximate": "（约数）",
        "axis": "万元",
        "left_out": "不含非援助城市出资：",
    },
    "en": {
        "sankey": "Funding flows: funder → recipient → category (×10k yuan)",
        "aid": "Aid funds, epidemic supplies and donations",
        INVESTMENT: "Enterprise investment (signed totals, not aid money)",
        "bars": "Money by sending city and category (×10k yuan)",
        "note": "Light bands / hatching: approximate amounts (余, 近, 约 in the text)",
        "approximate": " (approximate)",
        "axis": "×10k yuan",
        "left_out": "Not from a sending city: ",
    },
}


@dataclass(frozen=True)
class FlowView:
    """One funding flow as the figures draw it."""

    flow: str
    funders: tuple[str, ...]
    recipients: tuple[str, ...]
    amount: Decimal
    qualifier: str
    original_text: str
    category: Mapping[str, str]
    """zh/en label of the funding category."""
    category_id: str
    """The category's notation, e.g. ``aid-funds``."""
    label: Mapping[str, str]
    year: str


def funding_flows(network: nx.MultiDiGraph) -> tuple[FlowView, ...]:
    """The funding flows of a projection, one per flow however many edges it has."""
    edges: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for funder, recipient, data in network.edges(data=True):
        if data.get("property") == FUNDING:
            edges[data["flow"]].append((funder, recipient, data))
    flows = []
    for flow, parts in sorted(edges.items()):
        data = parts[0][2]
        flows.append(
            FlowView(
                flow=flow,
                funders=tuple(sorted({funder for funder, _, _ in parts})),
                recipients=tuple(sorted({recipient for _, recipient, _ in parts})),
                amount=Decimal(data["amount"]),
                qualifier=data["qualifier"],
                original_text=data["original_text"],
                category={"zh": data["category_zh"], "en": data["category_en"]},
                category_id=data["category_id"],
                label={"zh": data["flow_label_zh"], "en": data["flow_label_en"] or ""},
                year=data["year"],
            )
        )
    return tuple(flows)


def wan_text(amount: Decimal, qualifier: str, language: str = "zh") -> str:
    """An amount in yuan written in 万元, marked as the text qualifies it.

    >>> wan_text(Decimal(6_000_000), "more-than"), wan_text(Decimal(9_000_000), "nearly")
    ('600 余万元', '近 900 万元')
    >>> wan_text(Decimal(110_000), "exact", "en")
    '11 ×10k yuan'
    """
    number = (amount / WAN).normalize()
    shown = format(number.quantize(Decimal(1)) if number == number.to_integral() else number, "f")
    zh, en = _MARKS.get(qualifier, _MARKS["about"])
    return (zh if language == "zh" else en).format(n=shown)


def combined_qualifier(qualifiers: Iterable[str]) -> str:
    """The qualifier of a sum: exact only if every part is; one kind if all inexact parts
    agree (600 余 + 11 is 611 余); otherwise about.

    >>> combined_qualifier(["exact", "more-than"]), combined_qualifier(["nearly", "more-than"])
    ('more-than', 'about')
    """
    inexact = {q for q in qualifiers if q != "exact"}
    return "exact" if not inexact else inexact.pop() if len(inexact) == 1 else "about"


def sankey_figure(network: nx.MultiDiGraph, flows: Sequence[FlowView], language: str) -> go.Figure:
    """Funder -> recipient -> category, one band per flow, amounts in 万元.

    Enterprise investment (category ``investment``: signed totals, not aid money) is drawn
    in a panel of its own below the aid, supplies and donations: one 4 亿元 investment
    would otherwise squeeze every aid flow into a hairline.
    """
    import plotly.graph_objects as go

    colours = _category_colours(flows)
    panels = [
        (key, [flow for flow in flows if (flow.category_id == INVESTMENT) == (key == INVESTMENT)])
        for key in ("aid", INVESTMENT)
    ]
    panels = [(key, members) for key, members in panels if members]
    figure = go.Figure()
    notes = []
    for (key, members), (bottom, top) in zip(panels, _PANEL_DOMAINS[len(panels)], strict=True):
        figure.add_trace(_sankey(network, members, colours, language, (bottom, top)))
        notes.append(_note(_TEXT[language][key], x=0, y=top + 0.03, yanchor="bottom", size=14))
    notes.append(_note(_TEXT[language]["note"], x=0, y=-0.02, yanchor="top", size=11))
    _lay_out(figure, _TEXT[language]["sankey"], notes, height=900)
    return figure


def _sankey(
    network: nx.MultiDiGraph,
    flows: Sequence[FlowView],
    colours: Mapping[str, str],
    language: str,
    domain: tuple[float, float],
) -> go.Sankey:
    import plotly.graph_objects as go

    nodes: dict[tuple[str, tuple[str, ...]], int] = {}
    through: dict[int, list[FlowView]] = defaultdict(list)  # node -> the flows it carries
    link: dict[str, list[Any]] = defaultdict(list)
    for flow in flows:
        ends = []
        for column, members in (
            ("funder", flow.funders),
            ("recipient", flow.recipients),
            ("category", (flow.category["zh"],)),
        ):
            ends.append(nodes.setdefault((column, members), len(nodes)))
            through[ends[-1]].append(flow)
        for source, target in itertools.pairwise(ends):
            link["source"].append(source)
            link["target"].append(target)
            link["value"].append(float(flow.amount / WAN))
            link["color"].append(_rgba(colours[flow.category["zh"]], flow.qualifier))
            amount = wan_text(flow.amount, flow.qualifier, language)
            link["customdata"].append([_pick(flow.label, language), amount, flow.original_text])
    labels, names, colors = [], [], []
    totals = [sum((flow.amount for flow in through[i]), Decimal(0)) for i in range(len(nodes))]
    x, y = _positions([column for column, _ in nodes], totals)
    for (column, members), index in nodes.items():
        carried = through[index]
        if column == "category":
            name, colour = _pick(carried[0].category, language), colours[members[0]]
        else:
            name = _names(network, members, language)
            colour = class_style(network.nodes[members[0]]["class"]).color
        qualifier = combined_qualifier(flow.qualifier for flow in carried)
        names.append(name)
        labels.append(f"{_shortened(name)}  {wan_text(totals[index], qualifier, language)}")
        colors.append(colour)
    return go.Sankey(
        domain={"x": [0, 1], "y": list(domain)},
        arrangement="snap",
        valueformat=".0f",
        valuesuffix=" " + _TEXT[language]["axis"],
        node={
            "label": labels,
            "color": colors,
            "customdata": names,
            "hovertemplate": "%{customdata}<br>%{value}<extra></extra>",
            "x": x,
            "y": y,
            "pad": 20,
            "thickness": 14,
        },
        link={
            **link,
            "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}（%{customdata[2]}）"
            "<extra></extra>",
        },
    )


def bar_figure(network: nx.MultiDiGraph, flows: Sequence[FlowView], language: str) -> go.Figure:
    """Money by sending city (a city, or the city that sent the funding team) and category;
    approximate amounts hatched. Flows from no sending city are named under the chart."""
    import plotly.graph_objects as go

    sums: dict[tuple[str, str, bool], Decimal] = defaultdict(Decimal)
    cities: list[str] = []
    left_out: list[str] = []
    for flow in flows:
        city = _sending_city(network, flow.funders[0])
        if city is None:
            names = _names(network, flow.funders, language)
            left_out.append(f"{names} {wan_text(flow.amount, flow.qualifier, language)}")
            continue
        name = network.nodes[city]["label_" + language] or network.nodes[city]["label_zh"]
        if name not in cities:
            cities.append(name)
        sums[(name, flow.category["zh"], flow.qualifier != "exact")] += flow.amount
    colours = _category_colours(flows)
    figure = go.Figure()
    for flow in _first_of_each_category(flows):
        for approximate in (False, True):
            key = flow.category["zh"]
            values = [float(sums.get((c, key, approximate), 0) / WAN) for c in cities]
            if not any(values):
                continue
            suffix = _TEXT[language]["approximate"] if approximate else ""
            figure.add_trace(
                go.Bar(
                    name=_pick(flow.category, language) + suffix,
                    x=cities,
                    y=values,
                    marker={
                        "color": colours[key],
                        "pattern": {"shape": "/" if approximate else ""},
                    },
                )
            )
    figure.update_layout(barmode="stack", yaxis_title=_TEXT[language]["axis"])
    note = _TEXT[language]["note"]
    if left_out:
        note += "<br>" + _TEXT[language]["left_out"] + "；".join(left_out)
    _lay_out(figure, _TEXT[language]["bars"], [_note(note, x=0, y=-0.1, yanchor="top")], height=560)
    return figure


def export_images(figures: Mapping[str, go.Figure]) -> dict[str, bytes]:
    """Static pictures of plotly figures, by file name (``.svg`` or ``.png``).

    kaleido draws them in a local Chrome or Chromium, which it finds by itself (or where
    the ``BROWSER_PATH`` environment variable says).

    :raises ViewError: when no browser can be started.
    """
    import plotly.io

    with tempfile.TemporaryDirectory(prefix="kg-viz-") as folder:
        paths = [Path(folder) / name for name in figures]
        try:
            plotly.io.write_images(
                list(figures.values()), paths, format=[p.suffix[1:] for p in paths], scale=2
            )
        except Exception as error:  # kaleido and choreographer raise many kinds
            raise ViewError(
                f"cannot draw the static funding pictures ({', '.join(figures)}): {error}; "
                "plotly's exporter (kaleido) needs Chrome or Chromium: install it "
                "(Debian: apt-get install chromium) or set BROWSER_PATH to its executable"
            ) from error
        return {path.name: path.read_bytes() for path in paths}


def _sending_city(network: nx.MultiDiGraph, funder: str) -> str | None:
    kind = network.nodes[funder]["class"]
    if kind == "City":
        return funder
    if kind == "Team":
        for _, city, data in network.out_edges(funder, data=True):
            if data["property"] == "sentBy":
                return str(city)
    return None


def _names(network: nx.MultiDiGraph, members: Iterable[str], language: str) -> str:
    return "、".join(
        network.nodes[m].get("label_" + language) or network.nodes[m]["label_zh"] for m in members
    )


def _positions(
    columns: Sequence[str], totals: Sequence[Decimal]
) -> tuple[list[float], list[float]]:
    """Where each node stands: three columns, the middle one left of centre so that its
    labels end before the category labels start; nodes stacked in order, sized by amount."""
    gap = 0.04
    spans = {
        column: sum(t for c, t in zip(columns, totals, strict=True) if c == column)
        for column in columns
    }
    counts = {column: columns.count(column) for column in columns}
    scale = min((1 - gap * (counts[c] - 1)) / float(spans[c] or 1) for c in spans)
    x, y, tops = [], [], dict.fromkeys(spans, 0.0)
    for column, total in zip(columns, totals, strict=True):
        height = float(total) * scale
        x.append(_COLUMNS[column])
        y.append(min(max(tops[column] + height / 2, 0.001), 0.999))
        tops[column] += height + gap
    return x, y


def _shortened(name: str) -> str:
    return name if len(name) <= _LABEL_LENGTH else name[: _LABEL_LENGTH - 1] + "…"


def _pick(texts: Mapping[str, str], language: str) -> str:
    return texts.get(language) or texts["zh"]


def _first_of_each_category(flows: Iterable[FlowView]) -> list[FlowView]:
    seen: dict[str, FlowView] = {}
    for flow in flows:
        seen.setdefault(flow.category["zh"], flow)
    return list(seen.values())


def _category_colours(flows: Iterable[FlowView]) -> dict[str, str]:
    categories = [flow.category["zh"] for flow in _first_of_each_category(flows)]
    return {c: CATEGORY_COLORS[i % len(CATEGORY_COLORS)] for i, c in enumerate(sorted(categories))}


def _rgba(colour: str, qualifier: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{0.6 if qualifier == 'exact' else 0.22})"


def _note(text: str, *, x: float, y: float, yanchor: str, size: int = 11) -> dict[str, Any]:
    """A line of text on the figure, placed in paper coordinates."""
    colour = "#333" if size > 11 else "#555"
    return {
        "text": text,
        "showarrow": False,
        "xref": "paper",
        "yref": "paper",
        "x": x,
        "y": y,
        "xanchor": "left",
        "yanchor": yanchor,
        "align": "left",
        "font": {"size": size, "color": colour},
    }


def _lay_out(figure: go.Figure, title: str, notes: list[dict[str, Any]], *, height: int) -> None:
    figure.update_layout(
        title={"text": title, "x": 0.01},
        font={"family": CSS_FONT_STACK.replace('"', ""), "size": 13},
        height=height,
        width=1200,
        margin={"l": 20, "r": 20, "t": 70, "b": 90},
        paper_bgcolor="white",
        annotations=notes,
    )
