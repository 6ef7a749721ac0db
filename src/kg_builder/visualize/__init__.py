"""Views of a built graph (``kg viz``): a networkx projection, an interactive page, funding
charts, static pictures, GraphML/GEXF/JSON exports and a metrics report.

Modules, in the order data flows: ``projection`` (RDF -> networkx; ``neighbourhood``
finds a focus and groups nodes) and ``quotes`` (the passages behind each resource); then
``funding``, ``pictures``, ``exports``, ``metrics`` and ``pages``, each making one kind of
view; ``views`` makes them all; ``style`` is how each class looks everywhere.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kg_builder.visualize.classes import DATA_CLASSES, PROVENANCE_CLASSES

# The rest loads rdflib, networkx and plotting libraries: imported when first used, so that
# `kg --help` and the CLI's choices stay quick (PEP 562).
_LAZY = {
    "ProjectionOptions": "kg_builder.visualize.projection",
    "project_graph": "kg_builder.visualize.projection",
    "OUTPUTS": "kg_builder.visualize.views",
    "Views": "kg_builder.visualize.views",
    "render_views": "kg_builder.visualize.views",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DATA_CLASSES",
    "OUTPUTS",
    "PROVENANCE_CLASSES",
    "ProjectionOptions",
    "Views",
    "project_graph",
    "render_views",
]
