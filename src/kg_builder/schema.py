"""What annotations may say, read from the ontology rather than restated in code.

The loader checks every ``type:`` and property key of an annotation file against the
classes and properties declared in ``ontology/ontology.ttl``, and every concept notation
against ``ontology/vocabularies.ttl``. Adding a property to the ontology makes it usable
in annotations without touching Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg_builder.errors import ConfigError
from kg_builder.vocab import PA

ONTOLOGY_FILES = ("ontology.ttl", "vocabularies.ttl")

ABSTRACT_CLASSES = frozenset({"Place", "SourceDocument", "InferredStatement", "ConflictingValue"})
"""Classes no annotation item may have: a superclass, and the ones the builder makes itself."""

DERIVED_PROPERTIES = frozenset({"amountQualifier", "originalText", "unit", "sha256"})
"""Properties the builder derives (from a parsed amount, from the source file)."""


class ValueKind(StrEnum):
    """How an annotation writes the value of a property."""

    REFERENCE = "reference"  # the id of another item
    CONCEPT = "concept"  # the notation of a SKOS concept
    LITERAL = "literal"  # a value of the property's datatype


@dataclass(frozen=True)
class PropertyInfo:
    """One property that annotations may use."""

    name: str
    iri: URIRef
    kind: ValueKind
    datatype: URIRef | None = None
    """For literals: the declared range (``rdfs:Literal`` when several datatypes fit)."""
    concepts: Mapping[str, URIRef] = field(default_factory=lambda: MappingProxyType({}))
    """For concepts: notation -> concept IRI."""


@dataclass(frozen=True)
class Schema:
    """The classes, properties and concepts an annotation may use."""

    graph: Graph
    classes: Mapping[str, URIRef]
    properties: Mapping[str, PropertyInfo]
    units: Mapping[str, URIRef]
    """Chinese measure word (pref- or alt-label) -> unit concept."""
    qualifiers: Mapping[str, URIRef]
    """Qualifier notation (``exact``, ``more-than``, ...) -> concept."""


def load_ontology(folder: Path) -> Graph:
    """The ontology and its concept schemes as one graph.

    :raises ConfigError: when a file is missing or is not valid Turtle.
    """
    graph = Graph()
    for name in ONTOLOGY_FILES:
        path = folder / name
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError as error:
            raise ConfigError(f"{path}: the ontology file is missing") from error
        except Exception as error:  # rdflib raises many kinds for bad Turtle
            raise ConfigError(f"{path}: not valid Turtle: {error}") from error
    return graph


def read_schema(graph: Graph) -> Schema:
    """Derive what annotations may say from the ontology graph."""
    concept_kinds = {
        c for c in graph.subjects(RDFS.subClassOf, SKOS.Concept) if isinstance(c, URIRef)
    }
    classes = {
        _local(c): c
        for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef)
        and c in PA
        and c not in concept_kinds
        and _local(c) not in ABSTRACT_CLASSES
    }
    properties: dict[str, PropertyInfo] = {}
    for kind_class in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in graph.subjects(RDF.type, kind_class):
            if not isinstance(prop, URIRef) or prop not in PA:
                continue
            name = _local(prop)
            if name in DERIVED_PROPERTIES:
                continue
            properties[name] = _property_info(graph, prop, kind_class, concept_kinds)
    return Schema(
        graph=graph,
        classes=MappingProxyType(dict(sorted(classes.items()))),
        properties=MappingProxyType(dict(sorted(properties.items()))),
        units=MappingProxyType(_unit_labels(graph)),
        qualifiers=MappingProxyType(_notations(graph, PA.AmountQualifier)),
    )


def _property_info(
    graph: Graph, prop: URIRef, kind_class: URIRef, concept_kinds: set[URIRef]
) -> PropertyInfo:
    name = _local(prop)
    range_ = graph.value(prop, RDFS.range)
    if kind_class == OWL.DatatypeProperty:
        datatype = range_ if isinstance(range_, URIRef) else RDFS.Literal
        return PropertyInfo(name, prop, ValueKind.LITERAL, datatype=datatype)
    if isinstance(range_, URIRef) and range_ in concept_kinds:
        concepts = MappingProxyType(_notations(graph, range_))
        return PropertyInfo(name, prop, ValueKind.CONCEPT, concepts=concepts)
    return PropertyInfo(name, prop, ValueKind.REFERENCE)


def _notations(graph: Graph, concept_kind: URIRef) -> dict[str, URIRef]:
    found: dict[str, URIRef] = {}
    for concept in graph.subjects(RDF.type, concept_kind):
        notation = graph.value(concept, SKOS.notation)
        if isinstance(concept, URIRef) and isinstance(notation, Literal):
            found[str(notation)] = concept
    return dict(sorted(found.items()))


def _unit_labels(graph: Graph) -> dict[str, URIRef]:
    found: dict[str, URIRef] = {}
    for unit in graph.subjects(RDF.type, PA.Unit):
        if not isinstance(unit, URIRef):
            continue
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(unit, predicate):
                if isinstance(label, Literal) and label.language == "zh":
                    found[str(label)] = unit
    return dict(sorted(found.items()))


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
