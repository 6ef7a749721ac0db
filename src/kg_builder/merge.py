"""One entity across documents: the per-document graphs merged into the graph of the corpus.

Documents describe the same city, county or enterprise under the same id, so their triples
meet on one IRI and every quote of every document stays attached to it. Two things need a
decision when they meet, and this step makes it after each document has been built on its
own (it reads only the per-document graphs, so a document's graph can be cached):

- **Names.** A resource keeps exactly one ``rdfs:label`` per language: the one of the
  *earliest* document that names it (by ``issued`` date, undated documents last, then by
  document id), so adding a newer document never renames what the graph already calls
  something. Every other name becomes a ``skos:altLabel``.
- **Conflicting values.** Where the shapes allow a property once (``sh:maxCount 1``, and the
  quantity of a funding flow or indicator) and two documents give different values — two
  amounts for one funding flow, two sizes for one team — every value is kept as a
  ``pa:ConflictingValue``: an ``rdf:Statement`` of that value with ``prov:wasDerivedFrom`` its
  source document, so a query can tell which document says what. The resource itself
  carries the earliest document's value (and, for a quantity, its original text and unit),
  as with names, so that a sum over funding flows counts each flow once. The shapes report
  every conflicting value as a Warning pointing at the annotation lines of both documents;
  two values given by one document stay on the resource and remain a Violation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from rdflib import PROV, RDF, RDFS, SH, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.build import (
    BuiltGraph,
    DocumentPart,
    Origin,
    item_iri,
    ntriples_line,
    source_iri,
)
from kg_builder.lines import subject_block
from kg_builder.vocab import PA

CONFLICT_SEGMENT = "conflict"

QUANTITY = frozenset({PA.amount, PA.value, PA.amountQualifier})
"""One quantity per funding flow or indicator: the shapes say so in SPARQL
(``pash:QuantityStatedOnceShape``), not with ``sh:maxCount``."""

COMPANIONS = (PA.originalText, PA.unit)
"""Parts of a quantity that go with it: where documents disagree on the quantity, each
document's original text and unit are written on its pa:ConflictingValue, and only the
earliest document's stay on the resource."""


@dataclass(frozen=True)
class SourcedValue:
    """One value of a property, the document that gives it and the lines that state it."""

    value: Node
    document: URIRef
    origins: tuple[Origin, ...]


@dataclass(frozen=True)
class Conflict:
    """Documents that give different values for a property the shapes allow once."""

    subject: URIRef
    predicate: URIRef
    values: tuple[SourcedValue, ...]


@dataclass(frozen=True)
class Merged:
    """The merged graph (as a BuiltGraph) and what the merge decided."""

    built: BuiltGraph
    conflicts: tuple[Conflict, ...]
    renamed: Mapping[URIRef, tuple[Literal, ...]]
    """Resource -> the labels that became altLabels because an earlier document named it."""


def single_valued(shapes: Graph) -> frozenset[URIRef]:
    """The properties some shape allows at most once (``sh:maxCount 1`` on an IRI path)."""
    return frozenset(
        path
        for shape in shapes.subjects(SH.maxCount, Literal(1))
        if isinstance(path := shapes.value(shape, SH.path), URIRef) and path != RDFS.label
    )


def document_order(parts: Sequence[DocumentPart]) -> list[DocumentPart]:
    """The documents, earliest first: by ``issued`` (undated last), then by id.

    ``issued`` compares as written (2023 < 2023-06 < 2024-03): a year alone comes before
    the months of that year.
    """
    return sorted(parts, key=lambda part: (part.issued is None, part.issued or "", part.id))


def merge_documents(built: BuiltGraph, *, single: frozenset[URIRef], base: str) -> Merged:
    """Merge the per-document graphs of ``built`` into the graph of the corpus.

    Only what two or more documents define needs a decision: those resources' triples are
    taken out of each document's sorted N-Triples, merged in rdflib, and the changes put
    back into the graph's N-Triples. A corpus whose documents share nothing costs a scan
    of the parts' ids.

    :param single: the properties a resource has once (see ``single_valued``).
    """
    parts = document_order(built.parts)
    shared = _shared_resources(parts, base)
    if not shared:
        return Merged(built, (), MappingProxyType({}))
    order = [source_iri(base, part.id) for part in parts]
    files = {source_iri(base, part.id): part.annotation_path for part in parts}
    documents = {
        source: _triples_about(built.documents[str(source)], [*shared, str(source)])
        for source in order
    }
    before = Graph()
    for source in order:
        before += documents[source]
    graph = Graph()
    graph += before
    renamed = _prefer_earliest_labels(graph, documents, order)
    conflicts = _conflicts(built, documents, order, files, single | QUANTITY)
    origins: dict[str, tuple[Origin, ...]] = {}
    for conflict in conflicts:
        origins.update((str(k), v) for k, v in _record(graph, conflict, base, documents).items())
    removed = {ntriples_line(triple) for triple in before - graph}
    added = [ntriples_line(triple) for triple in graph - before]
    lines = [line for line in built.ntriples.splitlines(keepends=True) if line not in removed]
    merged = replace(
        built,
        ntriples=b"".join(sorted([*lines, *added])),
        merged_origins=MappingProxyType(origins),
    )
    return Merged(merged, tuple(conflicts), MappingProxyType(renamed))


def _shared_resources(parts: Sequence[DocumentPart], base: str) -> list[str]:
    """The IRIs of the items two or more documents define, sorted."""
    documents: dict[str, set[str]] = defaultdict(set)
    for part in parts:
        for item_id, kind, _ in part.defines:
            documents[str(item_iri(base, kind, item_id))].add(part.id)
    return sorted(iri for iri, ids in documents.items() if len(ids) > 1)


def _triples_about(ntriples: bytes, subjects: Sequence[str]) -> Graph:
    """The triples of some subjects, found by bisection in sorted N-Triples."""
    found = [subject_block(ntriples, f"<{subject}>".encode()) for subject in subjects]
    return Graph().parse(data=b"".join(found), format="nt")


def _prefer_earliest_labels(
    graph: Graph, documents: Mapping[URIRef, Graph], order: Sequence[URIRef]
) -> dict[URIRef, tuple[Literal, ...]]:
    """One label per language where documents name a resource differently; a document
    that gives two labels in one language is left alone (the shapes report it)."""
    renamed: dict[URIRef, tuple[Literal, ...]] = {}
    for subject in sorted({s for s in graph.subjects(RDFS.label) if isinstance(s, URIRef)}):
        labels = [o for o in graph.objects(subject, RDFS.label) if isinstance(o, Literal)]
        if len({label.language for label in labels}) == len(labels):
            continue  # one label per language already
        by_language: dict[str | None, list[list[Literal]]] = defaultdict(list)
        for source in order:
            given = [
                o for o in documents[source].objects(subject, RDFS.label) if isinstance(o, Literal)
            ]
            for language in {label.language for label in given}:
                by_language[language].append(
                    sorted(lit for lit in given if lit.language == language)
                )
        demoted: list[Literal] = []
        for language, per_document in by_language.items():
            if any(len(labels_of_one) > 1 for labels_of_one in per_document):
                continue  # one document names it twice in this language
            preferred = per_document[0][0]
            demoted += [lit for lit in labels if lit.language == language and lit != preferred]
        for label in demoted:
            graph.remove((subject, RDFS.label, label))
            graph.add((subject, SKOS.altLabel, label))
        if demoted:
            renamed[subject] = tuple(sorted(demoted))
    return renamed


def _conflicts(
    built: BuiltGraph,
    documents: Mapping[URIRef, Graph],
    order: Sequence[URIRef],
    files: Mapping[URIRef, Path],
    single: frozenset[URIRef],
) -> list[Conflict]:
    given: dict[tuple[Node, Node], dict[URIRef, set[Node]]] = defaultdict(dict)
    for source in order:
        for subject, predicate, value in documents[source]:
            if predicate in single:
                given[(subject, predicate)].setdefault(source, set()).add(value)
    conflicts: list[Conflict] = []
    for (subject, predicate), by_document in sorted(given.items()):
        values = {v for vs in by_document.values() for v in vs}
        if len(by_document) < 2 or len(values) < 2:
            continue  # one document's values, or documents that agree
        if any(len(vs) > 1 for vs in by_document.values()):
            continue  # a document contradicts itself: left on the resource, a Violation
        lines = built.stated_at(subject, predicate)
        sourced = tuple(
            SourcedValue(value, source, tuple(o for o in lines if o.path == files[source]))
            for source in order
            if source in by_document
            for value in sorted(by_document[source], key=str)
        )
        if isinstance(subject, URIRef) and isinstance(predicate, URIRef):
            conflicts.append(Conflict(subject, predicate, sourced))
    return conflicts


def _record(
    graph: Graph, conflict: Conflict, base: str, documents: Mapping[URIRef, Graph]
) -> dict[Node, tuple[Origin, ...]]:
    """Keep the earliest document's values on the resource and every value as a
    pa:ConflictingValue statement derived from its document, labelled for the report;
    returns the lines of the conflict (both documents') for each statement."""
    companions = _companions(conflict, documents)
    _keep_earliest(graph, conflict, companions)
    lines = tuple(sorted({o for v in conflict.values for o in v.origins}))
    origins: dict[Node, tuple[Origin, ...]] = {}
    local = str(conflict.subject).removeprefix(base).replace("/", "-")
    name = str(conflict.predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    for number, sourced in enumerate(conflict.values, start=1):
        statement = URIRef(f"{base}{CONFLICT_SEGMENT}/{local}-{name}-{number}")
        graph.add((statement, RDF.type, PA.ConflictingValue))
        graph.add((statement, RDF.subject, conflict.subject))
        graph.add((statement, RDF.predicate, conflict.predicate))
        graph.add((statement, RDF.object, sourced.value))
        graph.add((statement, PROV.wasDerivedFrom, sourced.document))
        for predicate, obj in companions.get(sourced.document, []):
            graph.add((statement, predicate, obj))
        for language in ("zh", "en"):
            label = _label_of(graph, conflict, sourced, language)
            if label is not None:
                graph.add((statement, RDFS.label, label))
        origins[statement] = lines
    return origins


def _companions(
    conflict: Conflict, documents: Mapping[URIRef, Graph]
) -> dict[URIRef, list[tuple[URIRef, Node]]]:
    """Per document, the original text and unit that go with its quantity (none for other
    properties)."""
    if conflict.predicate not in QUANTITY:
        return {}
    return {
        v.document: [
            (p, o) for p in COMPANIONS for o in documents[v.document].objects(conflict.subject, p)
        ]
        for v in conflict.values
    }


def _keep_earliest(
    graph: Graph, conflict: Conflict, companions: Mapping[URIRef, list[tuple[URIRef, Node]]]
) -> None:
    """Leave on the resource only what the earliest document gives."""
    earliest = conflict.values[0].document
    kept = {v.value for v in conflict.values if v.document == earliest}
    for sourced in conflict.values:
        if sourced.value not in kept:
            graph.remove((conflict.subject, conflict.predicate, sourced.value))
    for pairs in companions.values():
        for predicate, obj in pairs:
            if (predicate, obj) not in companions[earliest]:
                graph.remove((conflict.subject, predicate, obj))


def _label_of(
    graph: Graph, conflict: Conflict, sourced: SourcedValue, language: str
) -> Literal | None:
    """``济南市2022年援藏资金 · amount = 51040000 (扎根雪域高原 续写鲁藏深情)``, for people."""
    names = [
        next((str(o) for o in graph.objects(node, RDFS.label) if _in(o, language)), None)
        for node in (conflict.subject, sourced.document)
    ]
    if None in names:
        return None
    name = str(conflict.predicate).rsplit("#", 1)[-1]
    return Literal(f"{names[0]} · {name} = {sourced.value} ({names[1]})", lang=language)


def _in(node: Node, language: str) -> bool:
    return isinstance(node, Literal) and node.language == language
