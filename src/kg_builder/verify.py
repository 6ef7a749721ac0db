"""Did every triple arrive? The triples sent to a store against the triples read back from it.

Stores keep values, not always their spelling. Oxigraph 0.5 (verified by the integration
tests) stores every integer type derived from ``xsd:integer`` (``xsd:nonNegativeInteger``,
``xsd:int``, ...) as ``xsd:integer`` and writes numbers in canonical form
(``"5.0"^^xsd:decimal`` comes back as ``"5"``, ``"05"^^xsd:integer`` as ``"5"``) — which can
also merge two triples that differed only in spelling. Such a triple has arrived, changed:
the check counts it apart, by kind of change, and fails only on triples that are missing
(or, when a graph was replaced, on triples nobody sent). Blank nodes get new labels in any
store; triples that hold them are compared as graphs (``rdflib.compare``).

The comparison scales to millions of triples: both sides come as N-Triples lines and are
first compared as sets of lines — a line found on both sides is the same triple, whoever
wrote it. Only the lines left over (in practice the few triples a store respelled) are
parsed, by pyoxigraph, and compared as RDF terms: another spelling of the same triple
(escapes, spaces) is the same triple, another spelling of the same number is a change.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

import pyoxigraph as ox
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.terms import rdflib_term

Triple = tuple[Node, Node, Node]

INTEGER_TYPES = frozenset(
    str(XSD[name])
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
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_XSD_INTEGER, _XSD_DECIMAL = str(XSD.integer), str(XSD.decimal)
_NUMERIC_TYPES = INTEGER_TYPES | {_XSD_DECIMAL}


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


def normal_value(lexical: str, datatype: str) -> tuple[str, str]:
    """The lexical form and datatype of a typed literal with the value-keeping changes a
    store may make already made (an ill-typed literal stays as it is).

    >>> normal_value("05", "http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
    ('5', 'http://www.w3.org/2001/XMLSchema#integer')
    >>> normal_value("5.0", "http://www.w3.org/2001/XMLSchema#decimal")
    ('5', 'http://www.w3.org/2001/XMLSchema#decimal')
    """
    if datatype in INTEGER_TYPES and _INTEGER.fullmatch(lexical):
        return str(int(lexical)), _XSD_INTEGER
    if datatype == _XSD_DECIMAL and _DECIMAL.fullmatch(lexical):
        return format(Decimal(lexical).normalize(), "f"), datatype
    return lexical, datatype


def normal_literal(literal: Literal) -> Literal:
    """``normal_value`` for an rdflib literal.

    >>> normal_literal(Literal("05", datatype=XSD.nonNegativeInteger))
    rdflib.term.Literal('5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if literal.datatype is None:
        return literal
    lexical, datatype = normal_value(str(literal), str(literal.datatype))
    return Literal(lexical, datatype=URIRef(datatype))


def check_graph(name: str, sent: Graph, stored: Graph) -> GraphCheck:
    """Compare the rdflib graph sent to a store with the one the store gave back."""
    return check_ntriples(name, _ntriples(sent), _ntriples(stored))


def check_ntriples(name: str, sent: bytes, stored: bytes) -> GraphCheck:
    """Compare the N-Triples document sent to a store with the one the store gave back."""
    sent_lines, sent_blank = _split(sent)
    stored_lines, stored_blank = _split(stored)
    sent_only_lines = sent_lines - stored_lines
    common = len(sent_lines) - len(sent_only_lines)
    only_sent = _parse(sent_only_lines)
    only_stored = _parse(stored_lines - sent_lines)
    # the same triple written otherwise (escapes, spaces) on each side
    same = only_sent & only_stored
    only_sent, only_stored = only_sent - same, only_stored - same
    stored_by_normal = {key: t for t in only_stored if (key := _normal(t)) is not None}
    sent_normal = {t: _normal(t) for t in sorted(only_sent, key=str)}  # stable examples
    changed: Counter[str] = Counter()
    examples: dict[str, tuple[Literal, Literal]] = {}
    missing: list[ox.Quad] = []
    for triple, normal in sent_normal.items():
        found = stored_by_normal.get(normal) if normal is not None else None
        if found is None and normal is not None and _line(kept := _quad(normal)) in stored_lines:
            found = kept  # two spellings sent, the store kept the one in normal form
        if found is None:
            missing.append(triple)
            continue
        kind = _change(triple.object, found.object)
        changed[kind] += 1
        if kind not in examples:
            examples[kind] = (_literal(triple.object), _literal(found.object))
    arrived = set(sent_normal.values())
    unexpected = [t for key, t in stored_by_normal.items() if key not in arrived]
    unexpected += [t for t in only_stored if not _numeric(t)]
    blank_sent, blank_stored = _parse(sent_blank), _parse(stored_blank)
    blank_missing, blank_unexpected = _compare_blank(blank_sent, blank_stored)
    return GraphCheck(
        graph=name,
        sent=common + len(only_sent) + len(same) + len(blank_sent),
        stored=common + len(only_stored) + len(same) + len(blank_stored),
        changed=MappingProxyType(dict(sorted(changed.items()))),
        examples=MappingProxyType(examples),
        missing=tuple(sorted([*map(_triple, missing), *blank_missing], key=_key)),
        unexpected=tuple(sorted([*map(_triple, unexpected), *blank_unexpected], key=_key)),
    )


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def _split(document: bytes) -> tuple[set[bytes], set[bytes]]:
    """The lines that cannot hold a blank node, and those that may (blank node labels
    differ from store to store: those triples are compared as graphs)."""
    lines = set(document.splitlines())
    lines.discard(b"")
    if b"_:" not in document:  # one fast search spares a million small ones
        return lines, set()
    blank = {line for line in lines if b"_:" in line}
    return lines - blank, blank


def _parse(lines: Iterable[bytes]) -> set[ox.Quad]:
    return set(ox.parse(b"\n".join(lines), ox.RdfFormat.N_TRIPLES))


NormalKey = tuple[object, object, str, str]
"""A triple with a number, with the number in normal form: subject, predicate, lexical
form, datatype IRI (a plain tuple hashes faster than new pyoxigraph terms)."""


def _numeric(statement: ox.Quad) -> bool:
    value = statement.object
    return isinstance(value, ox.Literal) and value.datatype.value in _NUMERIC_TYPES


def _normal(statement: ox.Quad) -> NormalKey | None:
    value = statement.object
    if not isinstance(value, ox.Literal) or value.datatype.value not in _NUMERIC_TYPES:
        return None
    lexical, datatype = normal_value(value.value, value.datatype.value)
    return (statement.subject, statement.predicate, lexical, datatype)


def _quad(key: NormalKey) -> ox.Quad:
    subject, predicate, lexical, datatype = key
    literal = ox.Literal(lexical, datatype=ox.NamedNode(datatype))
    return ox.Quad(subject, predicate, literal)  # type: ignore[arg-type]


def _line(statement: ox.Quad) -> bytes:
    written = ox.serialize([statement], format=ox.RdfFormat.N_TRIPLES)
    assert written is not None  # without an output, serialize returns the bytes
    return written.rstrip(b"\n")


def _literal(term: object) -> Literal:
    literal = rdflib_term(term)
    assert isinstance(literal, Literal)  # only literals change spelling or datatype
    return literal


def _triple(statement: ox.Quad) -> Triple:
    return (
        rdflib_term(statement.subject),
        rdflib_term(statement.predicate),
        rdflib_term(statement.object),
    )


def _key(triple: Triple) -> tuple[str, ...]:
    return tuple(term.n3() for term in triple)


def _change(sent: object, stored: object) -> str:
    assert isinstance(sent, ox.Literal)  # only literals change spelling or datatype
    assert isinstance(stored, ox.Literal)
    if sent.datatype != stored.datatype:
        return f"{_short(sent.datatype.value)} → {_short(stored.datatype.value)}"
    return f"{_short(sent.datatype.value)} in canonical form"


def _short(datatype: str) -> str:
    return f"xsd:{datatype.removeprefix(str(XSD))}"


def _compare_blank(
    sent: Collection[ox.Quad], stored: Collection[ox.Quad]
) -> tuple[list[Triple], list[Triple]]:
    """Triples with blank nodes, compared as graphs whatever the labels."""
    from rdflib.compare import graph_diff, to_isomorphic

    if not sent and not stored:
        return [], []
    sent_graph, stored_graph = Graph(), Graph()
    for graph, statements in ((sent_graph, sent), (stored_graph, stored)):
        for statement in statements:
            s, p, o = _triple(statement)
            graph.add((s, p, normal_literal(o) if isinstance(o, Literal) else o))
    _, only_sent, only_stored = graph_diff(to_isomorphic(sent_graph), to_isomorphic(stored_graph))
    return list(only_sent), list(only_stored)
