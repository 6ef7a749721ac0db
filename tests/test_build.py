"""The built graph of the bundled article: provenance, IRIs, amounts, inferred facts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row, _quoteLiteral
from rdflib.term import Node

from kg_builder.build import (
    BuiltGraph,
    _Written,
    item_iri,
    ntriples_line,
    type_segment,
)
from kg_builder.vocab import OA, PA

BASE = "https://w3id.org/kg-builder/luzang/"
NOT_FROM_ANNOTATIONS = {PA.SourceDocument, PA.InferredStatement}


def annotated_resources(built: BuiltGraph) -> set[Node]:
    graph = built.graph
    return {
        s
        for s, o in graph.subject_objects(RDF.type)
        if str(o).startswith(str(PA._NS)) and o not in NOT_FROM_ANNOTATIONS
    }


def test_every_annotated_resource_has_a_quote(built: BuiltGraph) -> None:
    graph = built.graph
    resources = annotated_resources(built)
    assert len(resources) > 300
    unquoted = [r for r in resources if (None, OA.hasBody, r) not in graph]
    assert unquoted == []


def test_every_selector_indexes_the_verbatim_source(built: BuiltGraph, article: str) -> None:
    """source[start:end] == exact for every quote; both selectors on one target agree."""
    graph = built.graph
    targets = set(graph.subjects(RDF.type, OA.SpecificResource))
    assert len(targets) >= len(annotated_resources(built))
    for target in targets:
        selectors = set(graph.objects(target, OA.hasSelector))
        (quote,) = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph]
        (position,) = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph]
        start = graph.value(position, OA.start)
        end = graph.value(position, OA.end)
        assert isinstance(start, Literal)
        assert isinstance(end, Literal)
        assert start.datatype == XSD.nonNegativeInteger
        exact = str(graph.value(quote, OA.exact))
        assert article[start.toPython() : end.toPython()] == exact
        prefix = graph.value(quote, OA.prefix)
        if prefix is not None:
            assert article[: start.toPython()].endswith(str(prefix))


def test_iris_are_base_type_and_id() -> None:
    assert type_segment("FundingFlow") == "funding-flow"
    assert item_iri(BASE, "Team", "jinan-10") == URIRef(BASE + "team/jinan-10")


def test_team_facts_of_the_article(built: BuiltGraph) -> None:
    graph = built.graph
    team = URIRef(BASE + "team/qingdao-10")
    assert (team, RDF.type, PA.Team) in graph
    assert graph.value(team, PA.sentBy) == URIRef(BASE + "city/qingdao")
    assert graph.value(team, PA.stationedIn) == URIRef(BASE + "county/samzhubze")
    assert graph.value(team, PA.batch) == Literal(10)
    assert graph.value(team, PA.memberCount) == Literal(15)
    assert graph.value(team, PA.arrivalDate) == Literal("2022-07", datatype=XSD.gYearMonth)
    labels = {o.language: str(o) for o in graph.objects(team, RDFS.label) if isinstance(o, Literal)}
    assert labels["zh"] == "青岛市第十批援藏干部人才工作组"


def test_amounts_are_decimal_yuan_with_qualifier_and_text(built: BuiltGraph) -> None:
    graph = built.graph
    flow = URIRef(BASE + "funding-flow/jinan-epidemic-supplies-2022")
    amount = graph.value(flow, PA.amount)
    assert isinstance(amount, Literal)
    assert amount.datatype == XSD.decimal
    assert amount.toPython() == Decimal("6000000")
    qualifier = graph.value(flow, PA.amountQualifier)
    assert qualifier == URIRef("https://w3id.org/kg-builder/vocab/amount-qualifier/more-than")
    assert str(graph.value(flow, PA.originalText)) == "600 余万元"


def test_every_amount_is_canonical_decimal(built: BuiltGraph) -> None:
    for predicate in (PA.amount, PA.value):
        for value in built.graph.objects(None, predicate):
            assert isinstance(value, Literal)
            assert value.datatype == XSD.decimal
            text = str(value)
            assert "E" not in text
            assert not (("." in text) and text.endswith("0")), text


def test_spaced_decimal_indicator(built: BuiltGraph) -> None:
    indicator = URIRef(BASE + "indicator/namling-harvest-weight")
    graph = built.graph
    assert graph.value(indicator, PA.value) == Literal("48000", datatype=XSD.decimal)
    unit = graph.value(indicator, PA.unit)
    assert unit == URIRef("https://w3id.org/kg-builder/vocab/unit/kilogram")


def test_inferred_pairing_is_reified_with_its_explanation(built: BuiltGraph) -> None:
    graph = built.graph
    jinan = URIRef(BASE + "city/jinan")
    statements = [
        s
        for s in graph.subjects(RDF.subject, jinan)
        if graph.value(s, RDF.predicate) == PA.pairedWith
    ]
    assert len(statements) == 1
    statement = statements[0]
    assert (statement, RDF.type, PA.InferredStatement) in graph
    assert graph.value(statement, RDF.object) == URIRef(BASE + "county/bainang")
    comments = {
        o.language for o in graph.objects(statement, RDFS.comment) if isinstance(o, Literal)
    }
    assert comments == {"zh", "en"}


def test_document_graphs_partition_the_single_document(built: BuiltGraph) -> None:
    (source,) = built.document_graphs
    assert source == URIRef(BASE + "source/luzang-aid-2023")
    assert set(built.document_graphs[source]) == set(built.graph)


def test_origins_point_at_annotation_lines(built: BuiltGraph) -> None:
    team = URIRef(BASE + "team/jinan-10")
    (origin,) = built.origins(team, PA.sentBy)
    assert origin.path.name == "luzang-aid-2023.yaml"
    line = origin.path.read_text(encoding="utf-8").splitlines()[origin.line - 1]
    assert line.strip() == "sentBy: jinan"


def test_inferred_note_limited_to_some_values(built: BuiltGraph) -> None:
    """Only the participants the text implies are reified, not the ones it states."""
    graph = built.graph
    fair = URIRef(BASE + "event/shigatse-shandong-promotion-2022")
    inferred = {
        graph.value(s, RDF.object)
        for s in graph.subjects(RDF.subject, fair)
        if graph.value(s, RDF.predicate) == PA.participant
    }
    assert inferred == {URIRef(BASE + "province/shandong"), URIRef(BASE + "prefecture/shigatse")}
    assert (fair, PA.participant, URIRef(BASE + "team/jinan-10")) in graph


TRICKY_TEXTS = ['say "hi"', "back\\slash", "two\nlines\r\n", "济南 援藏", "", "a\tb"]


@pytest.mark.parametrize(
    "obj",
    [
        *(pytest.param(Literal(text), id=f"plain-{n}") for n, text in enumerate(TRICKY_TEXTS)),
        pytest.param(Literal('"济南"', lang="zh"), id="lang"),
        pytest.param(Literal("5", datatype=XSD.nonNegativeInteger), id="typed"),
        pytest.param(URIRef("https://example.org/team/jinan-10"), id="iri"),
        pytest.param(BNode("b0"), id="blank"),
    ],
)
def test_lines_are_written_as_rdflib_writes_them(obj: Node) -> None:
    triple = (URIRef("https://example.org/a"), RDFS.label, obj)
    assert ntriples_line(triple) == _nt_row(triple).encode("utf-8")


def test_an_iri_rdflib_cannot_write_still_fails() -> None:
    with pytest.raises(Exception, match="does not look like a valid URI"):
        ntriples_line((URIRef("https://example.org/a b"), RDFS.label, Literal("x")))


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_literals_written_directly_are_the_literals_rdflib_writes(text: str) -> None:
    assert _Written.plain(text) == _quoteLiteral(Literal(text))
    assert _Written.offset(12) == _quoteLiteral(Literal(12, datatype=XSD.nonNegativeInteger))
