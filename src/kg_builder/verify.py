"""Did every triple arrive? The graph sent to a store against the graph read back from it.

Stores keep values, not always their spelling. Oxigraph 0.5 (verified by the integration
tests) stores every integer type derived from ``xsd:integer`` (``xsd:nonNegativeInteger``,
``xsd:int``, ...) as ``xsd:integer`` and writes numbers in canonical form
(``"5.0"^^xsd:decimal`` comes back as ``"5"``, ``"05"^^xsd:integer`` as ``"5"``) — which can
also merge two triples that differed only in spelling. Such a triple has arrived, changed:
the check counts it apart, by kind of change, and fails only on triples that are missing
(or, when a graph was replaced, on triples nobody sent). Blank nodes get new labels in any
store; triples that hold them are compared as graphs (``rdflib.compare``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from rdflib import XSD, BNode, Graph, Literal
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

INTEGER_TYPES = frozenset(
    XSD[name]
    for name in [
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)


@dataclass(frozen=True)
class GraphCheck:
    """How the graph read back from a store compares with the graph sent."""

    graph: str
    sent: int
    stored: int
    changed: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    """Kind of value-keeping change (``xsd:nonNegativeInteger → xsd:integer``) -> triples."""
    examples: Mapping[str, tuple[Literal, Literal]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """Kind of change -> one literal as sent and as stored."""
    missing: tuple[Triple, ...] = ()
    unexpected: tuple[Triple, ...] = ()
    """Triples in the stored graph that were not sent (a problem only when replacing)."""

    @property
    def complete(self) -> bool:
        """Every triple sent is in the store, as sent or with its value kept."""
        return not self.missing


def normal_literal(literal: Literal) -> Literal:
    """The literal with the value-keeping changes a store may make already made.

    >>> normal_literal(Literal("05", datatype=XSD.nonNegativeInteger))
    rdflib.term.Literal('5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> normal_literal(Literal("5.0", datatype=XSD.decimal))
    rdflib.term.Literal('5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if literal.ill_typed:
        return literal
    if literal.datatype in INTEGER_TYPES:
        return Literal(str(int(literal.toPython())), datatype=XSD.integer)
    if literal.datatype == XSD.decimal:
        value = Decimal(literal.toPython()).normalize()
        return Literal(format(value, "f"), datatype=XSD.decimal)
    return literal


def check_graph(name: str, sent: Graph, stored: Graph) -> GraphCheck:
    """Compare the graph sent to a store with what the store gave back."""
    sent_ground, sent_blank = _split(sent)
    stored_ground, stored_blank = _split(stored)
    stored_by_normal = {_normal(t): t for t in stored_ground}
    changed: Counter[str] = Counter()
    examples: dict[str, tuple[Literal, Literal]] = {}
    missing: list[Triple] = []
    for triple in sorted(sent_ground - stored_ground, key=_key):
        found = stored_by_normal.get(_normal(triple))
        if found is None:
            missing.append(triple)
            continue
        sent_value, stored_value = triple[2], found[2]
        assert isinstance(sent_value, Literal)  # only literals change spelling or datatype
        assert isinstance(stored_value, Literal)
        kind = _change(sent_value, stored_value)
        changed[kind] += 1
        examples.setdefault(kind, (sent_value, stored_value))
    arrived = {_normal(t) for t in sent_ground}
    unexpected = [t for t in stored_ground - sent_ground if _normal(t) not in arrived]
    blank_missing, blank_unexpected = _compare_blank(sent_blank, stored_blank)
    return GraphCheck(
        graph=name,
        sent=len(sent),
        stored=len(stored),
        changed=MappingProxyType(dict(sorted(changed.items()))),
        examples=MappingProxyType(examples),
        missing=tuple(sorted(missing + blank_missing, key=_key)),
        unexpected=tuple(sorted(unexpected + blank_unexpected, key=_key)),
    )


def _key(triple: Triple) -> tuple[str, ...]:
    return tuple(term.n3() for term in triple)


def _split(graph: Graph) -> tuple[set[Triple], list[Triple]]:
    ground: set[Triple] = set()
    blank: list[Triple] = []
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            blank.append(triple)
        else:
            ground.add(triple)
    return ground, blank


def _normal(triple: Triple) -> Triple:
    s, p, o = triple
    return (s, p, normal_literal(o)) if isinstance(o, Literal) else triple


def _change(sent: Literal, stored: Literal) -> str:
    if sent.datatype != stored.datatype:
        return f"{_short(sent.datatype)} → {_short(stored.datatype)}"
    return f"{_short(sent.datatype)} in canonical form"


def _short(datatype: Node | None) -> str:
    return f"xsd:{str(datatype).removeprefix(str(XSD))}" if datatype else "plain literal"


def _compare_blank(
    sent: Iterable[Triple], stored: Iterable[Triple]
) -> tuple[list[Triple], list[Triple]]:
    """Triples with blank nodes, compared as graphs whatever the labels."""
    from rdflib.compare import graph_diff, to_isomorphic

    sent_graph, stored_graph = Graph(), Graph()
    for graph, triples in ((sent_graph, sent), (stored_graph, stored)):
        for triple in triples:
            graph.add(_normal(triple))
    if not sent_graph and not stored_graph:
        return [], []
    _, only_sent, only_stored = graph_diff(to_isomorphic(sent_graph), to_isomorphic(stored_graph))
    return list(only_sent), list(only_stored)
