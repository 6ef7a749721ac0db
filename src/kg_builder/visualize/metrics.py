"""A few numbers about the network: who is central, what hangs together, what links teams.

Centralities are computed on the undirected simple graph underneath the projection (a pair
of nodes counts once however many properties link them): degree says how many others a
node touches, betweenness how often it lies on the shortest path between two others. A
place or enterprise that links several teams is where the programmes of different
sending cities (or batches) meet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

PLACE_CLASSES = frozenset({"Province", "Prefecture", "City", "County", "Township", "Village"})
_THROUGH = frozenset({"Project", "Event", "Organization", "Enterprise", "Person", "Document"})
_THROUGH |= {"Award", "Indicator"}
"""A team is linked through one of these (never through a place or another team)."""


@dataclass(frozen=True)
class Ranked:
    """A node and its score in one ranking."""

    node: str
    label: str
    class_name: str
    score: float
    degree: int


@dataclass(frozen=True)
class Bridge:
    """A place or enterprise linked to two or more teams."""

    node: str
    label: str
    class_name: str
    teams: tuple[tuple[str, str | None], ...]
    """Label of each team, with the label of the node it is linked through (None: directly)."""


@dataclass(frozen=True)
class GraphMetrics:
    """What the metrics report says."""

    nodes: int
    edges: int
    nodes_by_class: Mapping[str, int]
    edges_by_property: Mapping[str, int]
    degree: tuple[Ranked, ...]
    betweenness: tuple[Ranked, ...]
    components: tuple[tuple[str, ...], ...]
    """Labels of the nodes of each connected component (ignoring direction), largest first."""
    bridges: tuple[Bridge, ...]


def measure_graph(network: nx.MultiDiGraph, *, top: int = 10) -> GraphMetrics:
    """Centralities, components and team-linking places or enterprises of a projection."""
    import networkx as nx

    simple = nx.Graph(network)
    degrees = dict(simple.degree())

    def ranking(scores: Mapping[str, float]) -> tuple[Ranked, ...]:
        best = sorted(scores, key=lambda n: (-scores[n], network.nodes[n]["label"]))[:top]
        return tuple(
            Ranked(n, network.nodes[n]["label"], network.nodes[n]["class"], scores[n], degrees[n])
            for n in best
        )

    components = sorted(
        (
            tuple(sorted(network.nodes[n]["label"] for n in part))
            for part in nx.connected_components(simple)
        ),
        key=lambda labels: (-len(labels), labels),
    )
    return GraphMetrics(
        nodes=network.number_of_nodes(),
        edges=network.number_of_edges(),
        nodes_by_class=dict(
            sorted(Counter(d["class"] for _, d in network.nodes(data=True)).items())
        ),
        edges_by_property=dict(
            sorted(Counter(d["property"] for *_, d in network.edges(data=True)).items())
        ),
        degree=ranking(nx.degree_centrality(simple)) if len(simple) > 1 else (),
        betweenness=ranking(nx.betweenness_centrality(simple)),
        components=tuple(components),
        bridges=_bridges(network, simple),
    )


def _bridges(network: nx.MultiDiGraph, simple: nx.Graph) -> tuple[Bridge, ...]:
    kinds = {n: d["class"] for n, d in network.nodes(data=True)}
    label = {n: d["label"] for n, d in network.nodes(data=True)}
    found = []
    for node in sorted(simple, key=lambda n: (kinds[n], label[n])):
        if kinds[node] not in PLACE_CLASSES | {"Enterprise"}:
            continue
        teams: dict[str, str | None] = {}
        for neighbour in sorted(simple[node], key=label.__getitem__):
            if kinds[neighbour] == "Team":
                teams[neighbour] = None
            elif kinds[neighbour] in _THROUGH:
                for team in sorted(simple[neighbour], key=label.__getitem__):
                    if kinds[team] == "Team":
                        teams.setdefault(team, label[neighbour])
        if len(teams) >= 2:
            linked = sorted((label[team], via) for team, via in teams.items())
            found.append(Bridge(node, label[node], kinds[node], tuple(linked)))
    return tuple(found)
