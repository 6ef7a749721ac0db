"""Finding one's way in a projection: the node a name means, and which anchor (a sending
city, a county) each node is nearest to.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg_builder.errors import ViewError

if TYPE_CHECKING:
    import networkx as nx


def resolve_focus(network: nx.MultiDiGraph, text: str) -> str:
    """The node a focus names: by IRI, by id (the last segment of the IRI) or by a label.

    :raises ViewError: when it names no node, or several.
    """
    names: dict[str, set[str]] = defaultdict(set)
    for node, data in network.nodes(data=True):
        names[node].add(node)
        names[node].add(node.rsplit("/", 1)[-1])
        for key in ("label_zh", "label_en"):
            if data.get(key):
                names[node].add(data[key])
        names[node].update(filter(None, data.get("alt_labels", "").split("、")))
    found = sorted(node for node, known in names.items() if text.strip() in known)
    if len(found) == 1:
        return found[0]
    if found:
        listed = "; ".join(f"{node} ({network.nodes[node]['label']})" for node in found)
        raise ViewError(f"focus «{text}» names {len(found)} resources: {listed}; give its IRI")
    every = sorted({name for known in names.values() for name in known})
    close = difflib.get_close_matches(text, every, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(f'«{c}»' for c in close)}?" if close else ""
    raise ViewError(f"focus «{text}» names no resource of the projected graph{hint}")


def nearest_anchors(
    network: nx.MultiDiGraph, anchors: Iterable[str], *, barriers: Iterable[str] = ()
) -> dict[str, tuple[str, ...]]:
    """Each node -> the anchors fewest steps away (either direction), never walking through
    a barrier or another anchor; nodes no anchor reaches are left out.

    This is how the page groups nodes by sending city, and the picture by county.
    """
    undirected = network.to_undirected(as_view=True)
    starts = list(anchors)
    blocked = set(barriers) | set(starts)
    distances: dict[str, dict[str, int]] = defaultdict(dict)
    for anchor in starts:
        seen = {anchor: 0}
        frontier = [anchor]
        while frontier:
            reached = []
            for node in frontier:
                for neighbour in undirected[node]:
                    if neighbour not in seen and neighbour not in blocked:
                        seen[neighbour] = seen[node] + 1
                        reached.append(neighbour)
            frontier = reached
        for node, steps in seen.items():
            distances[node][anchor] = steps
    return {
        node: tuple(sorted(a for a, d in found.items() if d == min(found.values())))
        for node, found in distances.items()
    }
