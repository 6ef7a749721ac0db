"""The networkx projection against the RDF graph it comes from.

Expected numbers are computed here with SPARQL over the built graph, independently of the
projection code; a few are the article's own (11 funding flows, one with two recipients).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import networkx as nx
import pytest
from rdflib import RDF, Graph, URIRef

from kg_builder.build import BuiltGraph
from kg_builder.errors import ViewError
from kg_builder.schema import Schema
from kg_builder.visualize.funding import combined_qualifier, funding_flows, wan_text
from kg_builder.visualize.neighbourhood import nearest_anchors, resolve_focus
from kg_builder.visualize.projection import FUNDING, ProjectionOptions, project_graph, term_labels

PA = "https://w3id.org/kg-builder/ontology#"
BASE = "https://w3id.org/kg-builder/luzang/"
NOT_NODES = f"<{PA}FundingFlow>, <{PA}SourceDocument>, <{PA}InferredStatement>"


def sparql_counts(graph: Graph, query: str) -> Counter[str]:
    return Counter({str(row[0]).removeprefix(PA): int(row[1]) for row in graph.query(query)})  # type: ignore[index, arg-type]


@pytest.fixture(scope="module")
def graph(built: BuiltGraph) -> Graph:
    return built.graph


@pytest.fixture(scope="module")
def network(graph: Graph, schema: Schema) -> nx.MultiDiGraph:
    return project_graph(graph, ontology=schema.graph)


def project(graph: Graph, schema: Schema, **options: object) -> nx.MultiDiGraph:
    return project_graph(graph, ontology=schema.graph, options=ProjectionOptions(**options))  # type: ignore[arg-type]


def test_nodes_by_class_match_the_rdf_graph(graph: Graph, network: nx.MultiDiGraph) -> None:
    expected = sparql_counts(
        graph,
        f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
              ?s a ?class . FILTER(STRSTARTS(STR(?class), "{PA}") && ?class NOT IN ({NOT_NODES}))
            }} GROUP BY ?class""",
    )
    assert Counter(d["class"] for _, d in network.nodes(data=True)) == expected
    assert sum(expected.values()) == network.number_of_nodes() == 293


def test_edges_by_property_match_the_rdf_graph(graph: Graph, network: nx.MultiDiGraph) -> None:
    # plain triple iteration: the same join in rdflib's SPARQL takes minutes
    not_nodes = {
        URIRef(PA + name) for name in ("FundingFlow", "SourceDocument", "InferredStatement")
    }
    typed = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if str(o).startswith(PA) and o not in not_nodes
    }
    flow_ends = {URIRef(PA + "funder"), URIRef(PA + "recipient")}
    expected = Counter(
        str(p).removeprefix(PA)
        for s, p, o in graph
        if str(p).startswith(PA) and p not in flow_ends and s in typed and o in typed
    )
    found = Counter(d["property"] for *_, d in network.edges(data=True) if d["property"] != FUNDING)
    assert found == expected
    assert found["pairedWith"] == 5
    assert found["sentBy"] == found["stationedIn"] == 6


def test_funding_flows_are_weighted_edges_funder_to_recipient(
    graph: Graph, network: nx.MultiDiGraph
) -> None:
    rows: list[Any] = list(
        graph.query(
            f"""SELECT ?flow ?funder ?recipient ?amount WHERE {{
                  ?flow a <{PA}FundingFlow> ; <{PA}funder> ?funder ; <{PA}recipient> ?recipient ;
                        <{PA}amount> ?amount }}"""
        )
    )
    expected = {
        (str(funder), str(recipient), str(flow), Decimal(str(amount)))
        for flow, funder, recipient, amount in rows
    }
    found = {
        (u, v, d["flow"], Decimal(d["amount"]))
        for u, v, d in network.edges(data=True)
        if d["property"] == FUNDING
    }
    assert found == expected
    assert len({flow for _, _, flow, _ in found}) == 11  # the article's eleven flows
    for *_, data in network.edges(data=True):
        if data["property"] == FUNDING:
            assert data["weight"] == float(data["amount"])


def test_a_flow_with_two_recipients_gives_two_edges_with_the_whole_amount(
    network: nx.MultiDiGraph,
) -> None:
    edges = [
        (v, d)
        for _, v, d in network.edges(data=True)
        if d.get("flow") == f"{BASE}funding-flow/qingdao-handicraft-funds"
    ]
    assert sorted(v.rsplit("/", 1)[1] for v, _ in edges) == [
        "samzhubze-handicraft-enterprises",
        "taye-furniture",
    ]
    assert all(d["weight"] == 1_200_000 and d["recipients"] == 2 for _, d in edges)
    flows = {flow.flow: flow for flow in funding_flows(network)}
    assert len(flows) == 11
    assert len(flows[f"{BASE}funding-flow/qingdao-handicraft-funds"].recipients) == 2


def test_approximate_amounts_stay_marked(network: nx.MultiDiGraph) -> None:
    approximate = {
        d["original_text"]: d["qualifier"]
        for *_, d in network.edges(data=True)
        if d["property"] == FUNDING and d["approximate"]
    }
    assert approximate == {
        "600 余万元": "more-than",
        "近 900 万元": "nearly",
        "300 余万元": "more-than",
        "260 余万元": "more-than",
    }
    assert wan_text(Decimal(6_000_000), "more-than") == "600 余万元"
    assert wan_text(Decimal(400_000_000), "exact") == "40000 万元"
    assert combined_qualifier(["exact", "exact"]) == "exact"


def test_nodes_carry_labels_literals_and_concept_labels(network: nx.MultiDiGraph) -> None:
    team = network.nodes[f"{BASE}team/jinan-10"]
    assert team["class"] == "Team"
    assert team["label"] == team["label_zh"] == "济南市第十批援藏干部人才工作组"
    assert team["batch"] == 10
    project = next(d for _, d in network.nodes(data=True) if "status" in d)
    assert project["status"] in {"规划", "已签约", "在建", "已建成"}


def test_edges_are_labelled_and_inferred_links_marked(network: nx.MultiDiGraph) -> None:
    jinan, bainang = f"{BASE}city/jinan", f"{BASE}county/bainang"
    paired = network.edges[jinan, bainang, "pairedWith"]
    assert paired["label_zh"] == "对口支援"
    assert paired["label_en"] == "paired with"
    assert paired["inferred"] is True  # the annotation marks the pairing as implied
    assert paired["inference"]


def test_english_labels_fall_back_to_chinese(graph: Graph, schema: Schema) -> None:
    english = project(graph, schema, language="en")
    assert english.nodes[f"{BASE}county/bainang"]["label"] == "Bainang County"
    assert all(d["label"] for _, d in english.nodes(data=True))


def test_focus_keeps_the_neighbourhood(graph: Graph, schema: Schema) -> None:
    around = project(graph, schema, focus="白朗县", depth=1)
    ids = {node.removeprefix(BASE) for node in around}
    assert {"county/bainang", "city/jinan", "team/jinan-10", "prefecture/shigatse"} <= ids
    assert "city/qingdao" not in ids
    assert around.graph["focus"] == f"{BASE}county/bainang"
    for name in ("bainang", f"{BASE}county/bainang", "Bainang County"):
        assert set(project(graph, schema, focus=name, depth=1)) == set(around)
    assert set(project(graph, schema, focus="白朗县", depth=0)) == {f"{BASE}county/bainang"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param({"focus": "白浪县"}, "did you mean «白朗县»", id="unknown-focus"),
        pytest.param({"include": frozenset({"Tem"})}, "did you mean Team", id="unknown-class"),
        pytest.param({"language": "fr"}, "allowed: zh, en", id="unknown-language"),
        pytest.param({"depth": -1}, "negative", id="negative-depth"),
    ],
)
def test_bad_options_say_what_is_allowed(
    graph: Graph, schema: Schema, options: dict[str, object], message: str
) -> None:
    with pytest.raises(ViewError, match=message):
        project(graph, schema, **options)


def test_a_focus_naming_several_resources_lists_them() -> None:
    network = nx.MultiDiGraph()
    for node in ("https://example.org/a/1", "https://example.org/b/2"):
        network.add_node(node, label="同名", label_zh="同名", label_en="")
    with pytest.raises(
        ViewError, match=r"names 2 resources: https://example\.org/a/1 .*give its IRI"
    ):
        resolve_focus(network, "同名")
    assert resolve_focus(network, "2") == "https://example.org/b/2"


def test_include_and_exclude_choose_classes(graph: Graph, schema: Schema) -> None:
    places = project(graph, schema, include=frozenset({"City", "County"}))
    assert Counter(d["class"] for _, d in places.nodes(data=True)) == {"City": 5, "County": 5}
    assert {d["property"] for *_, d in places.edges(data=True)} == {"pairedWith"}
    no_money = project(graph, schema, exclude=frozenset({"FundingFlow", "Indicator"}))
    assert all(d["property"] != FUNDING for *_, d in no_money.edges(data=True))
    assert all(d["class"] != "Indicator" for _, d in no_money.nodes(data=True))


def test_provenance_adds_sources_quotes_and_inferences(graph: Graph, schema: Schema) -> None:
    full = project(graph, schema, provenance=True)
    expected = sparql_counts(
        graph,
        f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
              ?s a ?class .
              FILTER(?class IN (<{PA}SourceDocument>, <{PA}InferredStatement>,
                                <http://www.w3.org/ns/oa#Annotation>))
            }} GROUP BY ?class""",
    )
    counts = Counter(d["class"] for _, d in full.nodes(data=True))
    assert counts["SourceDocument"] == expected["SourceDocument"] == 1
    assert counts["InferredStatement"] == expected["InferredStatement"]
    assert counts["Annotation"] == expected["http://www.w3.org/ns/oa#Annotation"]
    quote = next(d for _, d in full.nodes(data=True) if d["class"] == "Annotation")
    assert {"exact", "quote_start", "quote_end"} <= set(quote)
    edges = Counter(d["property"] for *_, d in full.edges(data=True))
    assert edges["quotes"] == counts["Annotation"]  # every quote points at its source


def test_nearest_anchors_stop_at_barriers() -> None:
    network = nx.MultiDiGraph()
    nx.add_path(network, ["a", "x", "hub", "y", "b"])
    assert nearest_anchors(network, ["a", "b"], barriers=["hub"]) == {
        "a": ("a",),
        "x": ("a",),
        "b": ("b",),
        "y": ("b",),
    }


def test_term_labels_cover_every_class_and_edge(schema: Schema, network: nx.MultiDiGraph) -> None:
    labels = term_labels(schema.graph)
    assert labels["County"] == {"zh": "县级行政区", "en": "county"}
    for *_, data in network.edges(data=True):
        assert data["property"] in labels or data["property"] == FUNDING
