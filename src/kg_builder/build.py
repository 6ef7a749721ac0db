"""Annotations become a graph: typed resources, their statements and their quotes.

Every item becomes a resource with a deterministic IRI (``base + type-segment + / + id``);
every quote becomes a W3C Web Annotation (https://www.w3.org/TR/annotation-model/) whose
target selects the passage in the verbatim source twice — by ``TextQuoteSelector`` and by
``TextPositionSelector`` — so that ``source[start:end] == exact``. Facts the text only
implies are kept as ``pa:InferredStatement`` with the annotator's explanation. Nothing here
reads files: the corpus is already loaded and checked.

Each document is built on its own into a ``DocumentPart`` (sorted N-Triples and the lines
they came from), which depends on nothing else, so that it can be cached and built on any
core; ``assemble_graph`` then makes the graph of the corpus out of the parts — a cheap step
over bytes, where references across documents are closed.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _quote_encode, _quoteLiteral
from rdflib.term import Node

from kg_builder.amounts import Quantity
from kg_builder.model import Corpus, Document, Item, Reference, Statement
from kg_builder.schema import Schema
from kg_builder.text import Span
from kg_builder.vocab import OA, ORG, PA, SCHEMA, SCHEMES, scheme_namespace

OUTPUT_PREFIXES = {
    "pa": str(PA._NS),
    "oa": str(OA),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
}
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


REFERENCE_PREFIX = "urn:kg-builder:reference:"
"""Stands for an item another document defines until the corpus says its type (and IRI)."""

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class DocumentPart:
    """One document built on its own, independent of every other: what the cache keeps.

    References to items of other documents are left open (``linked``): their IRIs name
    the item's type, which only the whole corpus knows. ``assemble_graph`` closes them.
    """

    id: str
    annotation_path: Path
    source_path: Path
    issued: str | None
    """The document's ``issued`` date as written (orders documents when they are merged)."""
    ntriples: bytes
    """The document's triples whose terms are all known, as sorted N-Triples lines."""
    linked: tuple[tuple[str, str, str], ...]
    """(subject, predicate, id): triples whose object is an item another document defines."""
    defines: tuple[tuple[str, str, int], ...]
    """(id, type, line) of every item."""
    references: tuple[tuple[str, str, int], ...]
    """(property, id, line) of every value that names an item."""
    resource_lines: Mapping[str, tuple[int, ...]]
    """Resource IRI -> the lines of the items that describe it (for a quote's annotation,
    target and selectors: the quote's line; for an inferred statement: the fact's line)."""
    statement_lines: Mapping[tuple[str, str], tuple[int, ...]]
    """(subject IRI, predicate IRI) -> the lines that state it (``label:`` included)."""


@dataclass(frozen=True)
class BuiltGraph:
    """The graph of a corpus: sorted N-Triples, with the parts it was assembled from (and
    so a map back to the lines it came from, for messages about it).

    The N-Triples are what the fast path works with (Oxigraph reads them at a million
    triples a second); an rdflib graph of the same triples is made on first use, for the
    consumers that walk a graph in Python (pictures, the site, small projects).
    """

    ntriples: bytes
    """Every triple once, as N-Triples lines sorted by their bytes."""
    parts: tuple[DocumentPart, ...]
    base: str
    documents: Mapping[str, bytes]
    """Source document IRI -> its triples (sorted N-Triples; they overlap where documents
    describe the same resource)."""
    merged_origins: Mapping[str, tuple[Origin, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """Resource IRI -> lines, for the resources the merge of documents adds (``merge.py``)."""

    def __len__(self) -> int:
        return self.ntriples.count(b"\n")

    def prefixes(self) -> dict[str, str]:
        """The prefixes the outputs use: the vocabularies', then one per segment of the data's
        IRIs (``team:``, ``source:``, ...)."""
        found = {"rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL)}
        found.update(OUTPUT_PREFIXES)
        found.update((scheme, str(scheme_namespace(scheme))) for scheme in SCHEMES)
        kinds = {kind for part in self.parts for _, kind, _ in part.defines}
        segments = [SOURCE_SEGMENT, ANNOTATION_SEGMENT, INFERRED_SEGMENT, *map(type_segment, kinds)]
        found.update((segment, f"{self.base}{segment}/") for segment in sorted(segments))
        return found

    @cached_property
    def graph(self) -> Graph:
        """The graph as rdflib's, with the prefixes of the outputs bound."""
        graph = Graph()
        for prefix, namespace in self.prefixes().items():
            graph.bind(prefix, namespace)
        return graph.parse(data=self.ntriples, format="nt")

    @cached_property
    def document_graphs(self) -> Mapping[URIRef, Graph]:
        """Source document IRI -> the triples built from that document, as rdflib graphs."""
        manager = self.graph.namespace_manager
        return MappingProxyType(
            {
                URIRef(name): Graph(namespace_manager=manager).parse(data=data, format="nt")
                for name, data in self.documents.items()
            }
        )

    @cached_property
    def _origins(self) -> tuple[dict[str, list[Origin]], dict[tuple[str, str], list[Origin]]]:
        resources: dict[str, list[Origin]] = defaultdict(list)
        statements: dict[tuple[str, str], list[Origin]] = defaultdict(list)
        for part in self.parts:
            path = part.annotation_path
            for iri, lines in part.resource_lines.items():
                resources[iri].extend(Origin(path, line) for line in lines)
            for key, lines in part.statement_lines.items():
                statements[key].extend(Origin(path, line) for line in lines)
        return resources, statements

    def origins(self, subject: Node, predicate: Node | None = None) -> tuple[Origin, ...]:
        """Where a statement (or, failing that, its subject) was written."""
        resources, _ = self._origins
        if predicate is not None and (stated := self.stated_at(subject, predicate)):
            return stated
        if str(subject) in self.merged_origins:
            return self.merged_origins[str(subject)]
        return tuple(sorted(set(resources.get(str(subject), ()))))

    def stated_at(self, subject: Node, predicate: Node) -> tuple[Origin, ...]:
        """The lines that state a statement (none for one the builder made up)."""
        _, statements = self._origins
        return tuple(sorted(set(statements.get((str(subject), str(predicate)), ()))))


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


def ntriples_line(triple: Triple) -> bytes:
    """One triple as the line of N-Triples every part of the graph is written in: the bytes
    rdflib's N-Triples serialiser writes (``_nt_row``), without its checks and method calls
    for the IRIs that need none (a million triples go through this).

    >>> ntriples_line((URIRef("urn:a"), RDFS.label, Literal("济南", lang="zh"))).decode()
    '<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "济南"@zh .\\n'
    """
    return _line(*triple)


def _line(subject: Node, predicate: Node, obj: Node | _Written) -> bytes:
    return f"{_nt_term(subject)} {_nt_term(predicate)} {_nt_term(obj)} .\n".encode()


_NOT_IN_IRI = re.compile(r'[<>" {}|\\^`]')
"""What rdflib refuses to write in an IRI: ``URIRef.n3`` raises on it."""


class _Written(str):
    """A literal the builder makes itself, written as N-Triples straight away: an rdflib
    ``Literal`` costs more to make than the rest of its line."""

    @classmethod
    def plain(cls, text: str) -> _Written:
        """An ``xsd:string`` literal, as ``Literal(text)`` is written.

        >>> _Written.plain('say "hi"')
        '"say \\\\"hi\\\\""'
        """
        return cls(_quote_encode(text))

    @classmethod
    def offset(cls, number: int) -> _Written:
        """An ``xsd:nonNegativeInteger`` literal (a quote's offsets)."""
        return cls(f'"{number}"^^<{_V.xsd_non_negative_integer}>')


class _WrittenTerms(dict[Node, str]):
    """rdflib terms as N-Triples, each written on first use (a ``_Written`` is no key: it
    would be equal to a literal of the same characters)."""

    def __missing__(self, node: Node) -> str:
        self[node] = written = _nt_term(node)
        return written


def _nt_term(node: Node | _Written) -> str:
    if isinstance(node, _Written):
        return node
    if isinstance(node, URIRef) and _NOT_IN_IRI.search(node) is None:
        return f"<{node}>"
    if isinstance(node, Literal):
        return _quoteLiteral(node)
    return node.n3()


def build_graph(corpus: Corpus, schema: Schema, *, base: str) -> BuiltGraph:
    """The RDF graph of a checked corpus."""
    parts = [build_document(document, schema, base=base) for document in corpus.documents]
    return assemble_graph(parts, base=base)


def build_document(document: Document, schema: Schema, *, base: str) -> DocumentPart:
    """The triples of one document, on their own (see ``DocumentPart``)."""
    builder = _Builder(document, schema, base)
    builder.add_document()
    return builder.result()


def assemble_graph(parts: Sequence[DocumentPart], *, base: str) -> BuiltGraph:
    """The graph of a corpus from its documents' parts: open references closed, every
    triple once, sorted. Parts must have passed ``corpus_problems``."""
    types = {item_id: kind for part in parts for item_id, kind, _ in part.defines}
    # Each part's lines are sorted already: one sort of them all, one after another, only
    # merges those runs (a sort of a set of a million lines took twenty times as long),
    # and then a line found twice is next to itself.
    lines: list[bytes] = []
    for part in parts:
        lines += part.ntriples.splitlines(keepends=True)
        lines += sorted(_linked_lines(part, types, base))
    lines.sort()
    unique = (line for line, _ in itertools.groupby(lines))
    return BuiltGraph(b"".join(unique), tuple(parts), base, _DocumentTriples(parts, types, base))


def _linked_lines(part: DocumentPart, types: Mapping[str, str], base: str) -> list[bytes]:
    """A part's triples about items of other documents, closed now that their types are known."""
    return [
        f"<{subject}> <{predicate}> <{item_iri(base, types[item], item)}> .\n".encode()
        for subject, predicate, item in part.linked
    ]


class _DocumentTriples(Mapping[str, bytes]):
    """Source document IRI -> its triples, made from its part when asked: kept, they would
    be the graph's N-Triples once more, which only the merge and TriG read, once each."""

    def __init__(self, parts: Sequence[DocumentPart], types: Mapping[str, str], base: str) -> None:
        self._parts = {str(source_iri(base, part.id)): part for part in parts}
        self._types = types
        self._base = base

    def __getitem__(self, name: str) -> bytes:
        part = self._parts[name]
        if not part.linked:
            return part.ntriples  # sorted already
        own = part.ntriples.splitlines(keepends=True)
        return b"".join(sorted([*own, *_linked_lines(part, self._types, self._base)]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)


class _V:
    """The terms the builder writes, made once: a namespace makes (and checks) a new IRI on
    every attribute read, and a million triples read them."""

    dcterms_identifier = DCTERMS.identifier
    dcterms_issued = DCTERMS.issued
    dcterms_language = DCTERMS.language
    dcterms_title = DCTERMS.title
    oa_annotation = OA.Annotation
    oa_specific_resource = OA.SpecificResource
    oa_text_position_selector = OA.TextPositionSelector
    oa_text_quote_selector = OA.TextQuoteSelector
    oa_end = OA.end
    oa_exact = OA.exact
    oa_has_body = OA.hasBody
    oa_has_selector = OA.hasSelector
    oa_has_source = OA.hasSource
    oa_has_target = OA.hasTarget
    oa_identifying = OA.identifying
    oa_motivated_by = OA.motivatedBy
    oa_prefix = OA.prefix
    oa_start = OA.start
    oa_suffix = OA.suffix
    pa_inferred_statement = PA.InferredStatement
    pa_source_document = PA.SourceDocument
    pa_amount_qualifier = PA.amountQualifier
    pa_original_text = PA.originalText
    pa_sha256 = PA.sha256
    pa_unit = PA.unit
    prov_was_derived_from = PROV.wasDerivedFrom
    rdf_object = RDF.object
    rdf_predicate = RDF.predicate
    rdf_subject = RDF.subject
    rdf_type = RDF.type
    rdfs_comment = RDFS.comment
    rdfs_label = RDFS.label
    schema_genre = SCHEMA.genre
    skos_alt_label = SKOS.altLabel
    xsd_decimal = XSD.decimal
    xsd_non_negative_integer = XSD.nonNegativeInteger


class _Builder:
    def __init__(self, document: Document, schema: Schema, base: str) -> None:
        self.document = document
        self.schema = schema
        self.base = base
        self.types = {item.id: item.type for item in document.items}
        self.triples: list[tuple[Node, Node, Node | _Written]] = []
        self.resource_lines: dict[str, set[int]] = defaultdict(set)
        self.statement_lines: dict[tuple[str, str], set[int]] = defaultdict(set)
        self._names: dict[str, str] = {}

    def result(self) -> DocumentPart:
        known: set[bytes] = set()
        linked: set[tuple[str, str, str]] = set()
        written = _WrittenTerms()  # a subject or predicate is written once per document
        for subject, predicate, obj in self.triples:
            if isinstance(obj, URIRef) and str.startswith(obj, REFERENCE_PREFIX):
                item = obj.removeprefix(REFERENCE_PREFIX)
                linked.add((self._name(subject), self._name(predicate), item))
            else:
                term = obj if isinstance(obj, _Written) else written[obj]
                known.add(f"{written[subject]} {written[predicate]} {term} .\n".encode())
        document = self.document
        issued = document.meta.issued
        return DocumentPart(
            id=document.id,
            annotation_path=document.annotation_path,
            source_path=document.source_path,
            issued=None if issued is None else str(issued),
            ntriples=b"".join(sorted(known)),
            linked=tuple(sorted(linked)),
            defines=tuple((item.id, item.type, item.line) for item in document.items),
            references=tuple(
                (statement.prop.name, statement.value.id, statement.line)
                for item in document.items
                for statement in item.statements
                if isinstance(statement.value, Reference)
            ),
            # plain dicts (not read-only views): parts are pickled into the cache
            resource_lines={k: tuple(sorted(v)) for k, v in sorted(self.resource_lines.items())},
            statement_lines={k: tuple(sorted(v)) for k, v in sorted(self.statement_lines.items())},
        )

    def add_document(self) -> None:
        document = self.document
        source = source_iri(self.base, document.id)
        meta = document.meta
        self._add(source, _V.rdf_type, _V.pa_source_document)
        for title in meta.titles:
            self._add(source, _V.rdfs_label, title)
            self._add(source, _V.dcterms_title, title)
        self._add(source, _V.dcterms_language, _Written.plain(meta.language))
        self._add(source, _V.pa_sha256, _Written.plain(meta.sha256))
        self._add(source, _V.dcterms_identifier, _Written.plain(document.id))
        if meta.issued is not None:
            self._add(source, _V.dcterms_issued, meta.issued)
            if "issued" in meta.inferred:
                pair = (_V.dcterms_issued, meta.issued)
                self._add_inferred(source, pair, "issued-1", meta.inferred["issued"].how)
        if meta.genre:
            self._add(source, _V.schema_genre, _Written.plain(meta.genre))
        for item in document.items:
            self._add_item(item)

    def _add_item(self, item: Item) -> None:
        subject = item_iri(self.base, item.type, item.id)
        name = self._name(subject)
        self.resource_lines[name].add(item.line)
        self._add(subject, _V.rdf_type, PA[item.type])
        for key, predicate, literals in (
            ("label", _V.rdfs_label, item.labels),
            ("altLabel", _V.skos_alt_label, item.alt_labels),
            ("comment", _V.rdfs_comment, item.comments),
        ):
            for literal in literals:
                self._add(subject, predicate, literal)
            if key in item.key_lines:
                self.statement_lines[(name, self._name(predicate))].add(item.key_lines[key])
        counts: dict[str, int] = defaultdict(int)
        for statement in item.statements:
            pairs = self._objects(statement)
            for predicate, obj in pairs:
                self._add(subject, predicate, obj)
                self.statement_lines[(name, self._name(predicate))].add(statement.line)
            counts[statement.prop.name] += 1
            note = item.inferred.get(statement.prop.name)
            if note is not None and note.covers(statement.value):
                key = f"{statement.prop.name}-{counts[statement.prop.name]}"
                inferred = self._add_inferred(subject, pairs[0], key, note.how)
                self.resource_lines[str(inferred)].add(statement.line)
        for number, quote in enumerate(item.quotes, start=1):
            for node in self._add_quote(subject, item.id, number, quote.span):
                self.resource_lines[str(node)].add(quote.line)

    def _objects(self, statement: Statement) -> list[tuple[URIRef, Node | _Written]]:
        """The triples' predicate-object pairs one statement makes."""
        value = statement.value
        predicate = statement.prop.iri
        if isinstance(value, Reference):
            if value.id not in self.types:  # another document's item: closed when assembled
                return [(predicate, URIRef(f"{REFERENCE_PREFIX}{value.id}"))]
            return [(predicate, item_iri(self.base, self.types[value.id], value.id))]
        if not isinstance(value, Quantity):
            return [(predicate, value)]
        pairs: list[tuple[URIRef, Node | _Written]] = [
            (predicate, decimal_literal(value.value)),
            (_V.pa_amount_qualifier, self.schema.qualifiers[value.qualifier.value]),
            (_V.pa_original_text, _Written.plain(value.text)),
        ]
        if statement.prop.name != "amount":
            pairs.append((_V.pa_unit, self.schema.units[value.unit]))
        return pairs

    def _add_quote(
        self, subject: URIRef, item_id: str, number: int, span: Span
    ) -> tuple[URIRef, ...]:
        """The Web Annotation of one quote; returns its nodes (annotation, target, selectors)."""
        document = self.document
        annotation = URIRef(f"{self.base}{ANNOTATION_SEGMENT}/{document.id}/{item_id}-{number}")
        target = URIRef(f"{annotation}#target")
        quote = URIRef(f"{annotation}#quote")
        position = URIRef(f"{annotation}#position")
        self._add(annotation, _V.rdf_type, _V.oa_annotation)
        self._add(annotation, _V.oa_motivated_by, _V.oa_identifying)
        self._add(annotation, _V.oa_has_body, subject)
        self._add(annotation, _V.oa_has_target, target)
        self._add(target, _V.rdf_type, _V.oa_specific_resource)
        self._add(target, _V.oa_has_source, source_iri(self.base, document.id))
        self._add(target, _V.oa_has_selector, quote)
        self._add(target, _V.oa_has_selector, position)
        self._add(quote, _V.rdf_type, _V.oa_text_quote_selector)
        self._add(quote, _V.oa_exact, _Written.plain(span.exact))
        if span.prefix:
            self._add(quote, _V.oa_prefix, _Written.plain(span.prefix))
        if span.suffix:
            self._add(quote, _V.oa_suffix, _Written.plain(span.suffix))
        self._add(position, _V.rdf_type, _V.oa_text_position_selector)
        self._add(position, _V.oa_start, _Written.offset(span.start))
        self._add(position, _V.oa_end, _Written.offset(span.end))
        return annotation, target, quote, position

    def _add_inferred(
        self,
        subject: URIRef,
        pair: tuple[URIRef, Node | _Written],
        key: str,
        notes: tuple[Literal, ...],
    ) -> URIRef:
        """Reify one implied triple with how it was inferred; ``key`` names it in its item."""
        predicate, obj = pair
        document = self.document
        local = str(subject).removeprefix(self.base).replace("/", "-")
        statement = URIRef(f"{self.base}{INFERRED_SEGMENT}/{document.id}/{local}-{key}")
        self._add(statement, _V.rdf_type, _V.pa_inferred_statement)
        self._add(statement, _V.rdf_subject, subject)
        self._add(statement, _V.rdf_predicate, predicate)
        self._add(statement, _V.rdf_object, obj)
        self._add(statement, _V.prov_was_derived_from, source_iri(self.base, document.id))
        for note in notes:
            self._add(statement, _V.rdfs_comment, note)
        return statement

    def _name(self, node: Node) -> str:
        """An IRI as one string object however often the part names it: a pickle then holds
        it once (the cache is smaller and faster to read, the parts take less memory)."""
        return self._names.setdefault(str(node), str(node))

    def _add(self, subject: Node, predicate: Node, obj: Node | _Written) -> None:
        self.triples.append((subject, predicate, obj))


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` literal in canonical form: no exponent, no trailing zeros.

    >>> decimal_literal(Decimal("4.80E+4"))
    rdflib.term.Literal('48000', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    return Literal(format(normal, "f"), datatype=_V.xsd_decimal)
