"""The ontology as one readable HTML page: classes, properties and concept schemes.

Each term shows its Chinese and English labels and definitions, its place in the class or
property hierarchy, domains and ranges (``owl:unionOf`` expanded), and examples taken from
the data, linked to their pages. pyLODE was tried first: it runs the zh and en labels
together (``aid team援藏工作组``), leaves the concept schemes out and cannot show examples
from the data, and its latest release fails on import; hence this page of our own.
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.export.labels import (
    Link,
    class_members,
    labels,
    short_name,
    term_anchor,
    texts,
)
from kg_builder.export.templating import render
from kg_builder.lines import line_chunks, subject_block
from kg_builder.vocab import ONTOLOGY_IRI, PA

ONTOLOGY_PAGE = "ontology.html"
EXAMPLES = 3

Href = Callable[[URIRef], str]


@dataclass(frozen=True)
class Term:
    """One class, property or concept of the ontology page."""

    anchor: str
    iri: str
    kind: str
    labels: dict[str, str]
    definitions: dict[str, list[str]]
    comments: dict[str, list[str]] = field(default_factory=dict)
    examples_text: dict[str, list[str]] = field(default_factory=dict)
    rows: list[tuple[str, list[Link]]] = field(default_factory=list)
    """Label of a relation (sub-class of, domain, …) -> the terms it links to."""
    data_examples: list[tuple[Link, str, Link | str]] = field(default_factory=list)
    """(subject, predicate, object) triples of the data that use the term."""


@dataclass(frozen=True)
class Scheme:
    anchor: str
    iri: str
    labels: dict[str, str]
    definitions: dict[str, list[str]]
    concepts: list[Term]


def render_ontology_page(
    ontology: Graph, data: Graph, *, base: str, href: Href | None = None, in_site: bool = False
) -> bytes:
    """The HTML page of the ontology; ``href`` maps data IRIs to links (default: the IRI).

    :param in_site: the page sits at the root of the linked-data site (it links the site's
        stylesheet and pages); otherwise it stands alone, its styles inlined.
    """
    page = _Page(ontology, data, href or str)
    meta = URIRef(ONTOLOGY_IRI)
    return render(
        "ontology/ontology.html.j2",
        title=labels_of(ontology, meta, DCTERMS.title),
        description=texts(ontology, meta, DCTERMS.description),
        iri=ONTOLOGY_IRI,
        namespace=str(PA._NS),
        version=str(ontology.value(meta, OWL.versionInfo) or ""),
        license=str(ontology.value(meta, DCTERMS.license) or ""),
        classes=page.classes(),
        object_properties=page.properties(OWL.ObjectProperty),
        datatype_properties=page.properties(OWL.DatatypeProperty),
        schemes=page.schemes(),
        root="",
        standalone=not in_site,
        base=base,
    )


def labels_of(graph: Graph, node: Node, prop: URIRef) -> dict[str, str]:
    return {lang: values[0] for lang, values in texts(graph, node, prop).items()}


class _Page:
    def __init__(self, ontology: Graph, data: Graph, href: Href) -> None:
        self.ontology = ontology
        self.data = data
        self.href = href
        self.concept_kinds = set(ontology.subjects(RDFS.subClassOf, SKOS.Concept))

    def link(self, iri: URIRef) -> Link:
        names = labels(self.ontology, iri) or labels(self.data, iri)
        anchor = term_anchor(iri)
        if anchor is not None:
            target = f"#{anchor}"
        elif str(iri).startswith(("http://", "https://")) and (iri, None, None) in self.data:
            target = self.href(iri)
        else:
            target = str(iri)
        text = names.get("zh") or names.get("en") or short_name(self.ontology, iri)
        return Link(text, target, str(iri), note=" / ".join(names.values()))

    def value(self, node: Node) -> Link | str:
        return self.link(node) if isinstance(node, URIRef) else str(node)

    def _term(self, iri: URIRef, kind: str, rows: list[tuple[str, list[Link]]]) -> Term:
        return Term(
            anchor=term_anchor(iri) or "",
            iri=str(iri),
            kind=kind,
            labels=labels(self.ontology, iri),
            definitions=texts(self.ontology, iri, SKOS.definition),
            comments=texts(self.ontology, iri, RDFS.comment),
            examples_text=texts(self.ontology, iri, SKOS.example),
            rows=[(name, links) for name, links in rows if links],
            data_examples=self._uses(iri, kind),
        )

    def _uses(self, iri: URIRef, kind: str) -> list[tuple[Link, str, Link | str]]:
        """A few triples of the data that use the term (as class, predicate or value)."""
        triples: list[tuple[Node, Node, Node]]
        if kind == "class":
            found = self.data.subjects(RDF.type, iri)
            triples = [(s, RDF.type, iri) for s in sorted(found, key=str)]
        elif kind == "concept":
            triples = sorted(self.data.triples((None, None, iri)), key=str)
        else:
            triples = sorted(self.data.triples((None, iri, None)), key=str)
        chosen = triples[:EXAMPLES]
        return [
            (self.link(s), short_name(self.ontology, p), self.value(o))
            for s, p, o in chosen
            if isinstance(s, URIRef) and isinstance(p, URIRef)
        ]

    def _named(self, kind: URIRef) -> list[URIRef]:
        found = self.ontology.subjects(RDF.type, kind)
        return sorted({t for t in found if isinstance(t, URIRef) and t in PA}, key=str)

    def classes(self) -> list[Term]:
        subclasses: dict[URIRef, list[URIRef]] = defaultdict(list)
        for sub, sup in self.ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                subclasses[sup].append(sub)
        domains, ranges = self._property_index()
        terms = []
        for cls in self._named(OWL.Class):
            supers = sorted(self.ontology.objects(cls, RDFS.subClassOf), key=str)
            rows = [
                ("上位类 · subclass of", [self.link(s) for s in supers if isinstance(s, URIRef)]),
                ("下位类 · superclass of", [self.link(s) for s in sorted(subclasses[cls])]),
                ("定义域为此类的属性 · properties of", [self.link(p) for p in domains[cls]]),
                ("值域包含此类的属性 · value of", [self.link(p) for p in ranges[cls]]),
            ]
            kind = "concept kind" if cls in self.concept_kinds else "class"
            terms.append(self._term(cls, kind, rows))
        return terms

    def _property_index(self) -> tuple[dict[URIRef, list[URIRef]], dict[URIRef, list[URIRef]]]:
        domains: dict[URIRef, list[URIRef]] = defaultdict(list)
        ranges: dict[URIRef, list[URIRef]] = defaultdict(list)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
            for prop in self._named(kind):
                for node in self.ontology.objects(prop, RDFS.domain):
                    for cls in class_members(self.ontology, node):
                        domains[cls].append(prop)
                for node in self.ontology.objects(prop, RDFS.range):
                    for cls in class_members(self.ontology, node):
                        ranges[cls].append(prop)
        return domains, ranges

    def properties(self, kind: URIRef) -> list[Term]:
        subproperties: dict[URIRef, list[URIRef]] = defaultdict(list)
        for sub, sup in self.ontology.subject_objects(RDFS.subPropertyOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                subproperties[sup].append(sub)
        for subs in subproperties.values():
            subs.sort()
        terms = []
        for prop in self._named(kind):

            def members(predicate: URIRef, prop: URIRef = prop) -> list[Link]:
                nodes = self.ontology.objects(prop, predicate)
                found = {c for n in nodes for c in class_members(self.ontology, n)}
                return [self.link(c) for c in sorted(found, key=str)]

            rows = [
                ("定义域 · domain", members(RDFS.domain)),
                ("值域 · range", members(RDFS.range)),
                ("上位属性 · subproperty of", members(RDFS.subPropertyOf)),
                ("下位属性 · superproperty of", [self.link(p) for p in subproperties[prop]]),
                ("相近 · close match", members(SKOS.closeMatch)),
            ]
            name = "object property" if kind == OWL.ObjectProperty else "datatype property"
            terms.append(self._term(prop, name, rows))
        return terms

    def schemes(self) -> list[Scheme]:
        result = []
        schemes = self.ontology.subjects(RDF.type, SKOS.ConceptScheme)
        for scheme in sorted(s for s in schemes if isinstance(s, URIRef)):
            concepts = []
            members = self.ontology.subjects(SKOS.inScheme, scheme)
            for concept in sorted(c for c in members if isinstance(c, URIRef)):
                notation = self.ontology.value(concept, SKOS.notation)
                rows = [
                    ("记号 · notation", [Link(str(notation))] if notation else []),
                    ("别名 · also", [Link(t) for t in _alt_labels(self.ontology, concept)]),
                    (
                        "对应 · matches",
                        [
                            self.link(m)
                            for p in (SKOS.exactMatch, SKOS.closeMatch)
                            for m in sorted(self.ontology.objects(concept, p), key=str)
                            if isinstance(m, URIRef)
                        ],
                    ),
                ]
                concepts.append(self._term(concept, "concept", rows))
            result.append(
                Scheme(
                    anchor=term_anchor(scheme) or "",
                    iri=str(scheme),
                    labels=labels(self.ontology, scheme),
                    definitions=texts(self.ontology, scheme, SKOS.definition),
                    concepts=concepts,
                )
            )
        return result


def _alt_labels(graph: Graph, concept: URIRef) -> list[str]:
    found = graph.objects(concept, SKOS.altLabel)
    return sorted(f"{v}" for v in found if isinstance(v, Literal))


def example_data(ntriples: bytes, ontology: Graph) -> Graph:
    """The part of the data the page shows, chosen as on the whole graph: for every class,
    predicate and concept the first ``EXAMPLES`` resources that use it, in the order the
    page sorts them, with all their triples and those of what they link to (for its names).

    The page sorts rdflib triples by their ``str``: by subject first, as
    ``URIRef('…')`` — so a subject's place is that of its IRI followed by ``')``. The first
    few of a term's triples are those of its first few subjects in that order.
    """
    import pyoxigraph

    chosen = sorted(_first_users(ntriples, ontology))
    sample = [subject_block(ntriples, f"<{iri}>".encode()) for iri in chosen]
    linked = {
        triple.object.value
        for triple in pyoxigraph.parse(b"".join(sample), format=pyoxigraph.RdfFormat.N_TRIPLES)
        if isinstance(triple.object, pyoxigraph.NamedNode)
    }
    sample += [subject_block(ntriples, f"<{iri}>".encode()) for iri in sorted(linked - {*chosen})]
    return Graph().parse(data=b"".join(sample), format="nt")


def _first_users(ntriples: bytes, ontology: Graph) -> set[str]:
    """The first ``EXAMPLES`` subjects (IRIs, in the page's order) of each predicate, of each
    class and of each term of the ontology used as a value, in one pass over the lines."""
    rdf_type = f"<{RDF.type}>".encode()
    defined = {f"<{term}>".encode() for term in ontology.subjects() if isinstance(term, URIRef)}
    # term -> the sort keys (``<iri')``) of its first users, in order; per kind of use
    predicates: dict[bytes, list[bytes]] = {}
    classes: dict[bytes, list[bytes]] = {}
    values: dict[bytes, list[bytes]] = {}
    last = key = b""
    for lines in line_chunks(ntriples):
        for line in lines:
            if line[0] != 60:  # b"<": blank nodes are not shown
                continue
            subject, predicate, obj = line[:-2].split(b" ", 2)
            if subject != last:
                last, key = subject, subject.replace(b">", b"')")
            keys = predicates.get(predicate)
            if keys is None or key < keys[-1] or len(keys) < EXAMPLES:  # else not among them
                _keep(predicates, predicate, key)
            if obj[0] == 60:
                if predicate == rdf_type:
                    _keep(classes, obj, key)
                if obj in defined:
                    _keep(values, obj, key)
    found = (*predicates.values(), *classes.values(), *values.values())
    return {key[1:-2].decode() for keys in found for key in keys}


def _keep(first: dict[bytes, list[bytes]], term: bytes, key: bytes) -> None:
    """Count a subject (its sort key) among a term's first users if it is one of them."""
    keys = first.get(term)
    if keys is None:
        first[term] = [key]
    elif (len(keys) < EXAMPLES or key < keys[-1]) and key not in keys:
        insort(keys, key)
        del keys[EXAMPLES:]
