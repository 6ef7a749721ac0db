"""The closed vocabularies in Python match the terms declared in ontology/."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg_builder.schema import Schema
from kg_builder.vocab import PA, SCHEMES, scheme_namespace

DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


def declared_terms(graph: Graph) -> set[str]:
    namespace = str(PA._NS)
    return {
        str(term).removeprefix(namespace)
        for kind in DECLARATIONS
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(namespace)
    }


def test_python_terms_equal_ontology_terms(schema: Schema) -> None:
    assert set(PA.__annotations__) == declared_terms(schema.graph)


def test_unknown_term_fails_at_once() -> None:
    with pytest.raises(AttributeError):
        _ = PA.Citty


@pytest.mark.parametrize("term", sorted(PA.__annotations__))
def test_every_term_is_labelled_and_defined_in_zh_and_en(schema: Schema, term: str) -> None:
    iri = PA._NS[term]
    for predicate in (RDFS.label, SKOS.definition):
        languages = sorted(
            o.language or "" for o in schema.graph.objects(iri, predicate) if isinstance(o, Literal)
        )
        assert languages == ["en", "zh"], f"{term} {predicate}"


def test_exactly_one_versioned_ontology(schema: Schema) -> None:
    ontologies = list(schema.graph.subjects(RDF.type, OWL.Ontology))
    assert len(ontologies) == 1
    assert schema.graph.value(ontologies[0], OWL.versionInfo) is not None


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_concepts_live_in_their_scheme_namespace(schema: Schema, scheme: str) -> None:
    concept_class = PA._NS[SCHEMES[scheme]]
    concepts = set(schema.graph.subjects(RDF.type, concept_class))
    assert concepts
    namespace = str(scheme_namespace(scheme))
    for concept in concepts:
        notation = schema.graph.value(concept, SKOS.notation)
        assert str(concept) == namespace + str(notation)
        labels = {
            o.language
            for o in schema.graph.objects(concept, SKOS.prefLabel)
            if isinstance(o, Literal)
        }
        assert {"zh", "en"} <= labels


def test_amount_qualifiers_are_the_four_of_the_design(schema: Schema) -> None:
    assert set(schema.qualifiers) == {"exact", "more-than", "nearly", "about"}


def test_every_unit_the_parser_knows_is_a_concept(schema: Schema) -> None:
    from kg_builder.amounts import UNITS

    assert set(UNITS) <= set(schema.units)
