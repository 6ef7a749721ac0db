"""How each class looks in every view: one table read by the HTML page, the pictures and
the legends, so that a county is the same blue square everywhere.

Shapes are vis-network shape names (those that put the label outside the shape) paired
with the matplotlib marker closest to each.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClassStyle:
    """Colour and shape of the nodes of one class."""

    color: str
    shape: str
    """A vis-network shape: dot, square, diamond, star, triangle, triangleDown or hexagon."""
    marker: str
    """The matplotlib marker drawn for the same class."""
    size: int = 14
    label_size: int = 14
    """Font size of the label on the page: the main actors' names stay readable when the
    whole graph is in view, the rest appear as one zooms in."""


CLASS_STYLES: dict[str, ClassStyle] = {
    # places: squares and hexagons in blues and browns
    "Province": ClassStyle("#7f7f7f", "hexagon", "h", 18, 24),
    "Prefecture": ClassStyle("#8c564b", "hexagon", "h", 18, 26),
    "City": ClassStyle("#d62728", "star", "*", 22, 32),
    "County": ClassStyle("#1f77b4", "square", "s", 18, 30),
    "Township": ClassStyle("#17becf", "square", "s", 11, 14),
    "Village": ClassStyle("#9edae5", "square", "s", 9, 13),
    # agents
    "Team": ClassStyle("#ff7f0e", "diamond", "D", 18, 22),
    "Organization": ClassStyle("#bcbd22", "triangle", "^", 12, 13),
    "Enterprise": ClassStyle("#2ca02c", "triangleDown", "v", 14, 16),
    "Person": ClassStyle("#f7b6d2", "dot", "o", 10, 13),
    # what happens
    "Project": ClassStyle("#9467bd", "dot", "o", 13, 15),
    "Event": ClassStyle("#e377c2", "triangle", "^", 10, 12),
    "Indicator": ClassStyle("#c7c7c7", "dot", ".", 6, 11),
    "Document": ClassStyle("#c49c94", "triangleDown", "v", 10, 12),
    "Award": ClassStyle("#ffbb78", "star", "*", 12, 13),
    # provenance (only with provenance=True)
    "SourceDocument": ClassStyle("#393b79", "square", "s", 20, 22),
    "InferredStatement": ClassStyle("#636363", "dot", ".", 6, 11),
    "Annotation": ClassStyle("#dadaeb", "dot", ".", 5, 11),
}

FUNDING_COLOR = "#e6a100"
"""Funding flows are drawn as gold edges, funder -> recipient."""

EDGE_COLOR = "#9a9a9a"

CATEGORY_COLORS = ("#e6a100", "#d62728", "#ff9896", "#2ca02c", "#1f77b4", "#9467bd")
"""Funding categories in the Sankey and bar charts, in the order of first appearance."""

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)
"""Font families that render Chinese, best first; pages list them all, pictures use the
first one installed (Debian: ``fonts-noto-cjk``)."""

CSS_FONT_STACK = ", ".join(f'"{family}"' for family in CJK_FONTS) + ", sans-serif"


def class_style(class_name: str) -> ClassStyle:
    """The style of a class (a neutral one for a class this table does not know).

    >>> class_style("County").shape
    'square'
    """
    return CLASS_STYLES.get(class_name, ClassStyle("#cccccc", "dot", "o", 10))
