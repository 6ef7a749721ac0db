"""Views of a built graph (``kg viz``): a networkx projection, an interactive page, funding
charts, static pictures, GraphML/GEXF/JSON exports and a metrics report.

Modules, in the order data flows: ``projection`` (RDF -> networkx; ``neighbourhood``
finds a focus and groups nodes) and ``quotes`` (the passages behind each resource); then
``funding``, ``pictures``, ``exports``, ``metrics`` and ``pages``, each making one kind of
view; ``views`` makes them all; ``style`` is how each class looks everywhere.
"""

from __future__ import annotations

from kg_builder.visualize.projection import (
    DATA_CLASSES,
    PROVENANCE_CLASSES,
    ProjectionOptions,
    project_graph,
)
from kg_builder.visualize.views import OUTPUTS, Views, render_views

__all__ = [
    "DATA_CLASSES",
    "OUTPUTS",
    "PROVENANCE_CLASSES",
    "ProjectionOptions",
    "Views",
    "project_graph",
    "render_views",
]
