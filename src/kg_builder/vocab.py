"""The closed vocabularies of the graph: the ontology namespace and the SKOS schemes.

Each namespace is an rdflib ``DefinedNamespace`` with ``_fail = True``, so a typo in a term
name fails at import instead of minting a new IRI. ``tests/test_vocab.py`` keeps these lists
equal to the terms declared in ``ontology/``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kg-builder/ontology"
VOCAB_BASE = "https://w3id.org/kg-builder/vocab/"

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")


class PA(DefinedNamespace):
    """The paired-assistance ontology (对口支援本体)."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # classes: places
    Place: URIRef
    Province: URIRef
    Prefecture: URIRef
    City: URIRef
    County: URIRef
    Township: URIRef
    Village: URIRef
    # classes: agents
    Team: URIRef
    Organization: URIRef
    Enterprise: URIRef
    Person: URIRef
    # classes: what happens
    Project: URIRef
    FundingFlow: URIRef
    Indicator: URIRef
    Event: URIRef
    Document: URIRef
    Award: URIRef
    # classes: provenance
    SourceDocument: URIRef
    InferredStatement: URIRef
    ConflictingValue: URIRef
    # classes: concept kinds (each a subclass of skos:Concept)
    AmountQualifier: URIRef
    FundingCategory: URIRef
    ProjectCategory: URIRef
    ProjectStatus: URIRef
    IndicatorKind: URIRef
    EventKind: URIRef
    Unit: URIRef

    # object properties
    pairedWith: URIRef
    sentBy: URIRef
    stationedIn: URIRef
    locatedIn: URIRef
    leader: URIRef
    memberOf: URIRef
    funder: URIRef
    recipient: URIRef
    amountQualifier: URIRef
    fundingCategory: URIRef
    projectCategory: URIRef
    status: URIRef
    implementedBy: URIRef
    partOf: URIRef
    indicatorOf: URIRef
    indicatorKind: URIRef
    unit: URIRef
    eventKind: URIRef
    organizedBy: URIRef
    participant: URIRef
    issuedBy: URIRef
    awardedTo: URIRef
    awardedBy: URIRef
    engagedWith: URIRef
    contacted: URIRef
    signedWith: URIRef
    introduced: URIRef
    supported: URIRef
    relatedTo: URIRef
    # datatype properties
    batch: URIRef
    memberCount: URIRef
    year: URIRef
    date: URIRef
    arrivalDate: URIRef
    amount: URIRef
    value: URIRef
    originalText: URIRef
    role: URIRef
    sha256: URIRef


SCHEMES = {
    # scheme name -> the concept class its concepts belong to; concepts are named by notation
    "amount-qualifier": "AmountQualifier",
    "funding-category": "FundingCategory",
    "project-category": "ProjectCategory",
    "project-status": "ProjectStatus",
    "indicator-kind": "IndicatorKind",
    "event-kind": "EventKind",
    "unit": "Unit",
}


def scheme_namespace(scheme: str) -> Namespace:
    """The namespace of one concept scheme, e.g. ``.../vocab/amount-qualifier/``."""
    if scheme not in SCHEMES:
        raise KeyError(scheme)
    return Namespace(f"{VOCAB_BASE}{scheme}/")
