"""Annotations become a graph: typed resources, their statements and their quotes.

Every item becomes a resource with a deterministic IRI (``base + type-segment + / + id``);
every quote becomes a W3C Web Annotation (https://www.w3.org/TR/annotation-model/) whose
target selects the passage in the verbatim source twice — by ``TextQuoteSelector`` and by
``TextPositionSelector`` — so that ``source[start:end] == exact``. Facts the text only
implies are kept as ``pa:InferredStatement`` with the annotator's explanation. Nothing here
reads files: the corpus is already loaded and checked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.amounts import Quantity
from kg_builder.model import Corpus, Document, Item, Reference, Statement
from kg_builder.schema import Schema
from kg_builder.text import Span
from kg_builder.vocab import OA, ORG, PA, SCHEMA, SCHEMES, scheme_namespace

SOURCE_SEGMENT = "source"
ANNOTATION_SEGMENT = "annotation"
INFERRED_SEGMENT = "inferred"


@dataclass(frozen=True, order=True)
class Origin:
    """The annotation file and line a part of the graph was built from."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class BuiltGraph:
    """The graph with a map back to the lines it came from (for messages about it)."""

    graph: Graph
    document_graphs: Mapping[URIRef, Graph]
    """Source document IRI -> the triples built from that document (they overlap where
    documents describe the same resource)."""
    resource_origins: Mapping[Node, tuple[Origin, ...]]
    """Resource IRI -> the lines of the items that describe it (for a quote's annotation,
    target and selectors: the quote's line; for an inferred statement: the fact's line)."""
    statement_origins: Mapping[tuple[Node, Node], tuple[Origin, ...]]
    """(subject, predicate) -> the lines that state it (``label:`` and the like included)."""

    def origins(self, subject: Node, predicate: Node | None = None) -> tuple[Origin, ...]:
        """Where a statement (or, failing that, its subject) was written."""
        if predicate is not None and (subject, predicate) in self.statement_origins:
            return self.statement_origins[(subject, predicate)]
        return self.resource_origins.get(subject, ())


def type_segment(class_name: str) -> str:
    """The IRI path segment of a class: ``FundingFlow`` -> ``funding-flow``.

    >>> type_segment("FundingFlow")
    'funding-flow'
    """
    return re.sub(r"(?<!^)(?=[A-Z])", "-", class_name).lower()


def item_iri(base: str, class_name: str, item_id: str) -> URIRef:
    """The IRI of an annotated item.

    >>> item_iri("https://example.org/", "Team", "jinan-10")
    rdflib.term.URIRef('https://example.org/team/jinan-10')
    """
    return URIRef(f"{base}{type_segment(class_name)}/{item_id}")


def source_iri(base: str, document_id: str) -> URIRef:
    """The IRI of a source document."""
    return URIRef(f"{base}{SOURCE_SEGMENT}/{document_id}")


def new_graph(base: str) -> Graph:
    """An empty graph with the prefixes the outputs use."""
    graph = Graph()
    for prefix, namespace in (
        ("pa", PA._NS),
        ("oa", OA),
        ("org", ORG),
        ("prov", PROV),
        ("schema", SCHEMA),
        ("skos", SKOS),
        ("dcterms", DCTERMS),
    ):
        graph.bind(prefix, namespace)
    for scheme in SCHEMES:
        graph.bind(scheme, scheme_namespace(scheme))
    for segment in (SOURCE_SEGMENT, ANNOTATION_SEGMENT, INFERRED_SEGMENT):
        graph.bind(segment, f"{base}{segment}/")
    return graph


def build_graph(corpus: Corpus, schema: Schema, *, base: str) -> BuiltGraph:
    """The RDF graph of a checked corpus."""
    builder = _Builder(corpus, schema, base)
    for document in corpus.documents:
        builder.add_document(document)
    return builder.result()


class _Builder:
    def __init__(self, corpus: Corpus, schema: Schema, base: str) -> None:
        self.schema = schema
        self.base = base
        self.graph = new_graph(base)
        self.types = {item.id: item.type for _, item in corpus.items()}
        for class_name in sorted(set(self.types.values())):
            self.graph.bind(type_segment(class_name), f"{base}{type_segment(class_name)}/")
        self.document_graphs: dict[URIRef, Graph] = {}
        self.current = self.graph
        self.resource_origins: dict[Node, set[Origin]] = defaultdict(set)
        self.statement_origins: dict[tuple[Node, Node], set[Origin]] = defaultdict(set)

    def result(self) -> BuiltGraph:
        return BuiltGraph(
            graph=self.graph,
            document_graphs=MappingProxyType(self.document_graphs),
            resource_origins=MappingProxyType(
                {k: tuple(sorted(v)) for k, v in self.resource_origins.items()}
            ),
            statement_origins=MappingProxyType(
                {k: tuple(sorted(v)) for k, v in self.statement_origins.items()}
            ),
        )

    def add_document(self, document: Document) -> None:
        source = source_iri(self.base, document.id)
        self.current = self.document_graphs[source] = Graph(
            namespace_manager=self.graph.namespace_manager
        )
        meta = document.meta
        self._add(source, RDF.type, PA.SourceDocument)
        for title in meta.titles:
            self._add(source, RDFS.label, title)
            self._add(source, DCTERMS.title, title)
        self._add(source, DCTERMS.language, Literal(meta.language))
        self._add(source, PA.sha256, Literal(meta.sha256))
        self._add(source, DCTERMS.identifier, Literal(document.id))
        if meta.issued is not None:
            self._add(source, DCTERMS.issued, meta.issued)
            if "issued" in meta.inferred:
                pair = (DCTERMS.issued, meta.issued)
                self._add_inferred(document, source, pair, "issued-1", meta.inferred["issued"].how)
        if meta.genre:
            self._add(source, SCHEMA.genre, Literal(meta.genre))
        for item in document.items:
            self._add_item(document, item)

    def _add_item(self, document: Document, item: Item) -> None:
        subject = item_iri(self.base, item.type, item.id)
        origin = Origin(document.annotation_path, item.line)
        self.resource_origins[subject].add(origin)
        self._add(subject, RDF.type, PA[item.type])
        for key, predicate, literals in (
            ("label", RDFS.label, item.labels),
            ("altLabel", SKOS.altLabel, item.alt_labels),
            ("comment", RDFS.comment, item.comments),
        ):
            for literal in literals:
                self._add(subject, predicate, literal)
            if key in item.key_lines:
                line = Origin(document.annotation_path, item.key_lines[key])
                self.statement_origins[(subject, predicate)].add(line)
        counts: dict[str, int] = defaultdict(int)
        for statement in item.statements:
            line = Origin(document.annotation_path, statement.line)
            pairs = self._objects(statement)
            for predicate, obj in pairs:
                self._add(subject, predicate, obj)
                self.statement_origins[(subject, predicate)].add(line)
            counts[statement.prop.name] += 1
            note = item.inferred.get(statement.prop.name)
            if note is not None and note.covers(statement.value):
                key = f"{statement.prop.name}-{counts[statement.prop.name]}"
                inferred = self._add_inferred(document, subject, pairs[0], key, note.how)
                self.resource_origins[inferred].add(line)
        for number, quote in enumerate(item.quotes, start=1):
            nodes = self._add_quote(document, subject, item.id, number, quote.span)
            for node in nodes:
                self.resource_origins[node].add(Origin(document.annotation_path, quote.line))

    def _objects(self, statement: Statement) -> list[tuple[URIRef, Node]]:
        """The triples' predicate-object pairs one statement makes."""
        value = statement.value
        predicate = statement.prop.iri
        if isinstance(value, Reference):
            return [(predicate, item_iri(self.base, self.types[value.id], value.id))]
        if not isinstance(value, Quantity):
            return [(predicate, value)]
        pairs: list[tuple[URIRef, Node]] = [
            (predicate, decimal_literal(value.value)),
            (PA.amountQualifier, self.schema.qualifiers[value.qualifier.value]),
            (PA.originalText, Literal(value.text)),
        ]
        if statement.prop.name != "amount":
            pairs.append((PA.unit, self.schema.units[value.unit]))
        return pairs

    def _add_quote(
        self, document: Document, subject: URIRef, item_id: str, number: int, span: Span
    ) -> tuple[URIRef, ...]:
        """The Web Annotation of one quote; returns its nodes (annotation, target, selectors)."""
        annotation = URIRef(f"{self.base}{ANNOTATION_SEGMENT}/{document.id}/{item_id}-{number}")
        target = URIRef(f"{annotation}#target")
        quote = URIRef(f"{annotation}#quote")
        position = URIRef(f"{annotation}#position")
        self._add(annotation, RDF.type, OA.Annotation)
        self._add(annotation, OA.motivatedBy, OA.identifying)
        self._add(annotation, OA.hasBody, subject)
        self._add(annotation, OA.hasTarget, target)
        self._add(target, RDF.type, OA.SpecificResource)
        self._add(target, OA.hasSource, source_iri(self.base, document.id))
        self._add(target, OA.hasSelector, quote)
        self._add(target, OA.hasSelector, position)
        self._add(quote, RDF.type, OA.TextQuoteSelector)
        self._add(quote, OA.exact, Literal(span.exact))
        if span.prefix:
            self._add(quote, OA.prefix, Literal(span.prefix))
        if span.suffix:
            self._add(quote, OA.suffix, Literal(span.suffix))
        self._add(position, RDF.type, OA.TextPositionSelector)
        self._add(position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self._add(position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        return annotation, target, quote, position

    def _add_inferred(
        self,
        document: Document,
        subject: URIRef,
        pair: tuple[URIRef, Node],
        key: str,
        notes: tuple[Literal, ...],
    ) -> URIRef:
        """Reify one implied triple with how it was inferred; ``key`` names it in its item."""
        predicate, obj = pair
        local = str(subject).removeprefix(self.base).replace("/", "-")
        statement = URIRef(f"{self.base}{INFERRED_SEGMENT}/{document.id}/{local}-{key}")
        self._add(statement, RDF.type, PA.InferredStatement)
        self._add(statement, RDF.subject, subject)
        self._add(statement, RDF.predicate, predicate)
        self._add(statement, RDF.object, obj)
        self._add(statement, PROV.wasDerivedFrom, source_iri(self.base, document.id))
        for note in notes:
            self._add(statement, RDFS.comment, note)
        return statement

    def _add(self, subject: Node, predicate: Node, obj: Node) -> None:
        self.graph.add((subject, predicate, obj))
        self.current.add((subject, predicate, obj))


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` literal in canonical form: no exponent, no trailing zeros.

    >>> decimal_literal(Decimal("4.80E+4"))
    rdflib.term.Literal('48000', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    return Literal(format(normal, "f"), datatype=XSD.decimal)
