"""VoID statistics of a graph (https://www.w3.org/TR/void/#statistics).

Counts are computed, never written by hand: triples, entities (subjects under the base),
classes and properties with how often each is used, and the links that leave the
dataset, grouped by predicate and target dataset (a void:Linkset each).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef


@dataclass(frozen=True)
class Statistics:
    """What a VoID description counts."""

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


def graph_statistics(graph: Graph, *, base: str, ontology: Graph) -> Statistics:
    """Count what VoID describes.

    A link is a triple whose object is an IRI outside the base that is not a term of the
    ontology or of a vocabulary the data uses (like ``oa:identifying``); its target is the
    concept scheme the ontology puts the object in, or else the object's site.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://ex.org/a"), RDF.type, URIRef("https://ex.org/o#T")))
    >>> _ = g.add((URIRef("https://ex.org/a"), OWL.sameAs, URIRef("http://dbpedia.org/r/A")))
    >>> stats = graph_statistics(g, base="https://ex.org/", ontology=Graph())
    >>> stats.entities, [(str(p), str(target)) for p, target in stats.links]
    (1, [('http://www.w3.org/2002/07/owl#sameAs', 'http://dbpedia.org/')])
    """
    classes = Counter(o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef))
    properties = Counter(p for p in graph.predicates() if isinstance(p, URIRef))
    subjects = set(graph.subjects())
    vocabularies = sorted({_vocabulary(term) for term in (*classes, *properties)})
    terms = set(classes) | set(properties) | _declared_terms(ontology)
    links: Counter[tuple[URIRef, URIRef]] = Counter()
    for _, predicate, obj in graph:
        if (
            isinstance(obj, URIRef)
            and isinstance(predicate, URIRef)
            and predicate != RDF.type
            and not str(obj).startswith(base)
            and obj not in terms
            and _vocabulary(obj) not in vocabularies
        ):
            links[(predicate, _target(obj, ontology))] += 1
    return Statistics(
        triples=len(graph),
        entities=sum(1 for s in subjects if isinstance(s, URIRef) and str(s).startswith(base)),
        distinct_subjects=len(subjects),
        distinct_objects=len(set(graph.objects())),
        classes=dict(sorted(classes.items())),
        properties=dict(sorted(properties.items())),
        links=dict(sorted(links.items())),
        vocabularies=tuple(vocabularies),
    )


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
