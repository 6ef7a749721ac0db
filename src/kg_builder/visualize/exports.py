"""The projection in the formats graph tools read: GraphML, GEXF and node-link JSON.

Gephi and Cytoscape open GraphML and GEXF; node-link JSON is what d3 and networkx's
``node_link_graph`` read back. Every attribute of the projection goes along, so a reader
can colour by ``class`` or size edges by ``weight`` (yuan, on funding edges).
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


def graphml_bytes(network: nx.MultiDiGraph) -> bytes:
    """The projection as GraphML (UTF-8)."""
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(network, buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue()


def gexf_bytes(network: nx.MultiDiGraph) -> bytes:
    """The projection as GEXF 1.2 (UTF-8)."""
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(network, buffer, encoding="utf-8")
    return buffer.getvalue()


def node_link_bytes(network: nx.MultiDiGraph) -> bytes:
    """The projection as node-link JSON, keys sorted so that a rebuild gives the same bytes."""
    import networkx as nx

    data = nx.node_link_data(network, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
