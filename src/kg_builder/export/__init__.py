"""Publishing the graph for linked-data portals: export files, dataset description, site.

``render_publication`` makes everything ``dist/`` publishes from a built graph:

=================  ================================================================
``kg.ttl`` …        the graph in every format of ``EXPORTERS`` (formats.py)
``context.jsonld``  the JSON-LD context the JSON-LD files use (jsonld.py)
``dataset.ttl``     DCAT-AP + VoID description of the dataset and its files (dataset.py)
``ontology.html``   the ontology, readable, with examples from the data (ontology_page.py)
=================  ================================================================

``render_site`` (site.py) makes the static linked-data site from the same publication.
Nothing here writes files: the callers write the returned bytes atomically.

Only the registry is exported here: importing it does not load rdflib, so the ``kg``
command starts fast; ``render_publication`` is in ``kg_builder.export.publication``.
"""

from __future__ import annotations

from kg_builder.export.formats import EXPORTERS, ExportContent, Exporter

__all__ = ["EXPORTERS", "ExportContent", "Exporter"]
