"""The passages of the sources that state each resource, read back from the graph.

Every resource built from an annotation has at least one W3C Web Annotation
(https://www.w3.org/TR/annotation-model/) whose target selects the passage twice: a
``TextQuoteSelector`` (the verbatim ``exact`` text) and a ``TextPositionSelector`` (its
offsets in the source, in code points). The interactive page shows them when a node is
clicked, so a reader can check each fact against its source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.vocab import OA


@dataclass(frozen=True, order=True)
class Quote:
    """One passage of a source that states something about a resource."""

    source: str
    """The IRI of the source document."""
    start: int
    end: int
    exact: str
    """The passage as it stands in the source (``source_text[start:end] == exact``)."""
    prefix: str = ""
    suffix: str = ""


def collect_quotes(graph: Graph) -> Mapping[str, tuple[Quote, ...]]:
    """Resource IRI -> its quotes, in the order they stand in their sources.

    A selector without its quote or its offsets is skipped: the graph's SHACL shapes are
    what reports it.
    """
    found: dict[str, list[Quote]] = defaultdict(list)
    for annotation in graph.subjects(RDF.type, OA.Annotation):
        body = graph.value(annotation, OA.hasBody)
        target = graph.value(annotation, OA.hasTarget)
        if not isinstance(body, URIRef) or target is None:
            continue
        source = graph.value(target, OA.hasSource)
        exact = prefix = suffix = ""
        start = end = None
        for selector in graph.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in graph:
                exact = _text(graph, selector, OA.exact)
                prefix = _text(graph, selector, OA.prefix)
                suffix = _text(graph, selector, OA.suffix)
            elif (selector, RDF.type, OA.TextPositionSelector) in graph:
                start = _integer(graph, selector, OA.start)
                end = _integer(graph, selector, OA.end)
        if exact and start is not None and end is not None:
            quote = Quote(str(source), start, end, exact, prefix, suffix)
            found[str(body)].append(quote)
    return {resource: tuple(sorted(quotes)) for resource, quotes in sorted(found.items())}


def _text(graph: Graph, subject: Node, predicate: URIRef) -> str:
    value = graph.value(subject, predicate)
    return str(value) if isinstance(value, Literal) else ""


def _integer(graph: Graph, subject: Node, predicate: URIRef) -> int | None:
    value = graph.value(subject, predicate)
    return int(value) if isinstance(value, Literal) else None
