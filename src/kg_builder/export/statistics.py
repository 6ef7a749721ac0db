"""VoID statistics of a graph (https://www.w3.org/TR/void/#statistics).

Counts are computed, never written by hand: triples, entities (subjects under the base),
classes and properties with how often each is used, and the links that leave the
dataset, grouped by predicate and target dataset (a void:Linkset each).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg_builder.vocab import PA

DATE_TYPES = (XSD.date, XSD.gYearMonth, XSD.gYear)


@dataclass(frozen=True)
class Statistics:
    """What a VoID description counts, and what else the description reads from the data."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: Mapping[URIRef, int]
    """Class -> resources typed with it."""
    properties: Mapping[URIRef, int]
    """Predicate -> triples using it."""
    links: Mapping[tuple[URIRef, URIRef], int]
    """(predicate, target dataset) -> triples linking out of the dataset."""
    vocabularies: tuple[URIRef, ...]
    """The vocabularies whose terms are used as classes and predicates."""
    sources: tuple[URIRef, ...] = ()
    """The source documents (``pa:SourceDocument``), sorted."""
    dates: tuple[Literal, ...] = ()
    """The earliest and the latest date-like value of a ``pa:`` property (none: no dates)."""
    languages: frozenset[str] = frozenset()
    """The language tags of the literals."""
    first_members: Mapping[URIRef, URIRef] = field(default_factory=dict)
    """Class -> its first member IRI (in IRI order), for the description's examples."""


def graph_statistics(ntriples: bytes, *, base: str, ontology: Graph) -> Statistics:
    """Count what VoID describes, in one pass over the graph's N-Triples.

    A link is a triple whose object is an IRI outside the base that is not a term of the
    ontology or of a vocabulary the data uses (like ``oa:identifying``); its target is the
    concept scheme the ontology puts the object in, or else the object's site.

    >>> data = (b"<https://ex.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    ...     b"<https://ex.org/o#T> .\\n<https://ex.org/a> <http://www.w3.org/2002/07/owl#sameAs> "
    ...     b"<http://dbpedia.org/r/A> .\\n")
    >>> stats = graph_statistics(data, base="https://ex.org/", ontology=Graph())
    >>> stats.entities, [(str(p), str(target)) for p, target in stats.links]
    (1, [('http://www.w3.org/2002/07/owl#sameAs', 'http://dbpedia.org/')])
    """
    import pyoxigraph

    rdf_type, source = str(RDF.type), str(PA.SourceDocument)
    classes: Counter[str] = Counter()
    properties: Counter[str] = Counter()
    subjects: set[str] = set()
    objects: set[str] = set()
    iri_objects: Counter[tuple[str, str]] = Counter()
    sources: list[str] = []
    first: dict[str, str] = {}
    dates: list[tuple[str, str]] = []
    languages: set[str] = set()
    triples = 0
    date_types = {str(t) for t in DATE_TYPES}
    for triple in pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES):
        triples += 1
        subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
        subjects.add(str(subject))
        objects.add(str(obj))
        properties[predicate] += 1
        if isinstance(obj, pyoxigraph.Literal):
            if obj.language:
                languages.add(obj.language)
            elif obj.datatype.value in date_types and predicate.startswith(str(PA._NS)):
                dates.append(_span(obj.value, obj.datatype.value))
        elif isinstance(obj, pyoxigraph.NamedNode):
            if predicate == rdf_type:
                classes[obj.value] += 1
                if isinstance(subject, pyoxigraph.NamedNode):
                    known = first.get(obj.value)
                    if known is None or subject.value < known:
                        first[obj.value] = subject.value
                if obj.value == source:
                    sources.append(subject.value)
            else:
                iri_objects[(predicate, obj.value)] += 1
    vocabularies = sorted({_vocabulary(URIRef(term)) for term in (*classes, *properties)})
    terms = {str(t) for t in _declared_terms(ontology)} | set(classes) | set(properties)
    links: Counter[tuple[URIRef, URIRef]] = Counter()
    for (predicate, obj), count in iri_objects.items():
        if (
            not obj.startswith(base)
            and obj not in terms
            and _vocabulary(URIRef(obj)) not in vocabularies
        ):
            links[(URIRef(predicate), _target(URIRef(obj), ontology))] += count
    span = (
        (
            Literal(min(s for s, _ in dates), datatype=XSD.date),
            Literal(max(e for _, e in dates), datatype=XSD.date),
        )
        if dates
        else ()
    )
    return Statistics(
        triples=triples,
        entities=sum(1 for s in subjects if s.startswith(f"<{base}")),
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        classes={URIRef(c): n for c, n in sorted(classes.items())},
        properties={URIRef(p): n for p, n in sorted(properties.items())},
        links=dict(sorted(links.items())),
        vocabularies=tuple(vocabularies),
        sources=tuple(URIRef(s) for s in sorted(sources)),
        dates=span,
        languages=frozenset(languages),
        first_members={URIRef(c): URIRef(s) for c, s in sorted(first.items())},
    )


def _span(text: str, datatype: str) -> tuple[str, str]:
    """First and last day of a date, year-month or year, as ISO strings.

    >>> _span("2020-02", str(XSD.gYearMonth))
    ('2020-02-01', '2020-02-29')
    """
    import calendar

    if datatype == str(XSD.gYear):
        return f"{text}-01-01", f"{text}-12-31"
    if datatype == str(XSD.gYearMonth):
        year, month = (int(part) for part in text.split("-")[:2])
        return f"{text}-01", f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    return text, text


def _declared_terms(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    return {t for kind in kinds for t in ontology.subjects(RDF.type, kind) if isinstance(t, URIRef)}


def _target(obj: URIRef, ontology: Graph) -> URIRef:
    scheme = ontology.value(obj, SKOS.inScheme)
    if isinstance(scheme, URIRef):
        return scheme
    scheme_name, _, rest = str(obj).partition("://")
    return URIRef(f"{scheme_name}://{rest.split('/', 1)[0]}/")


def _vocabulary(term: URIRef) -> URIRef:
    """The vocabulary a term belongs to: its namespace (without a closing ``#``).

    >>> str(_vocabulary(URIRef("http://www.w3.org/ns/oa#exact")))
    'http://www.w3.org/ns/oa'
    >>> str(_vocabulary(URIRef("https://schema.org/genre")))
    'https://schema.org/'
    """
    text = str(term)
    if "#" in text:
        return URIRef(text.rsplit("#", 1)[0])
    return URIRef(text.rsplit("/", 1)[0] + "/")
