"""The dataset statistics and the ontology page's examples, read off the N-Triples lines
without parsing them: they must say what parsing every triple says.

The graphs here are invented: each puts side by side the terms whose bytes and whose
parsed terms sort or compare differently (``…/item1`` and ``…/item10``; ``"x"`` and
``"x"^^xsd:string``; ``@ZH`` and ``@zh``).
"""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from kg_builder.build import BuiltGraph, ntriples_line
from kg_builder.config import Config
from kg_builder.export.ontology_page import example_data, render_ontology_page
from kg_builder.export.publication import Publication
from kg_builder.export.statistics import graph_statistics
from kg_builder.lines import line_chunks, subject_block
from kg_builder.schema import Schema
from kg_builder.vocab import PA

BASE = "https://example.org/kg/"
ITEM = Namespace(f"{BASE}item/")


def sorted_ntriples(graph: Graph) -> bytes:
    """The graph as ``BuiltGraph.ntriples`` holds one: rdflib's lines, sorted by their bytes."""
    return b"".join(sorted(ntriples_line(triple) for triple in graph))


def invented_graph(*, blank: bool = True) -> Graph:
    graph = Graph()
    names = ["1", "10", "1-2", "1/x", "1#a", "2", "20", "3", "é", "Z"]
    for number, name in enumerate(names):
        item = ITEM[name]
        kind = PA.Team if number % 2 else PA.County
        graph.add((item, RDF.type, kind))
        graph.add((item, RDFS.label, Literal(f"第{number}", lang="zh")))
        graph.add((item, RDFS.label, Literal(f"No {number}", lang="EN" if number % 3 else "en")))
        graph.add((item, PA.year, Literal(str(2000 + number), datatype=XSD.gYear)))
        graph.add((item, RDFS.comment, Literal("same", datatype=XSD.string if number else None)))
        graph.add((item, RDFS.seeAlso, ITEM[names[number - 1]]))
        graph.add((item, RDFS.seeAlso, URIRef(f"http://dbpedia.org/resource/{name}")))
    graph.add((ITEM["Z"], RDFS.comment, Literal('a "quoted"\nline\\', lang="zh")))
    graph.add((ITEM["Z"], RDFS.comment, Literal("2001", datatype=XSD.gYear)))  # not pa:
    if blank:
        node = BNode("b1")
        graph.add((node, RDF.type, PA.Team))
        graph.add((node, PA.year, Literal("1999-03", datatype=XSD.gYearMonth)))
        graph.add((ITEM["1"], RDFS.seeAlso, node))
    return graph


def test_the_statistics_count_what_parsing_every_triple_counts() -> None:
    import pyoxigraph

    data = sorted_ntriples(invented_graph())
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    stats = graph_statistics(data, base=BASE, ontology=Graph())
    assert stats.triples == len(triples)
    assert stats.distinct_subjects == len({str(t.subject) for t in triples})
    assert stats.distinct_objects == len({str(t.object) for t in triples})
    assert stats.entities == len({str(t.subject) for t in triples} - {"_:b1"})
    assert stats.languages == {"zh", "en"}
    assert stats.classes == {PA.County: 5, PA.Team: 6}
    assert stats.properties[RDFS.seeAlso] == 21
    assert stats.first_members == {PA.County: ITEM["1"], PA.Team: ITEM["1/x"]}
    assert stats.dates == (
        Literal("1999-03-01", datatype=XSD.date),
        Literal("2009-12-31", datatype=XSD.date),
    )
    assert stats.links == {(RDFS.seeAlso, URIRef("http://dbpedia.org/")): 10}


def test_the_statistics_read_the_lines_a_chunk_at_a_time() -> None:
    data = sorted_ntriples(invented_graph())
    chunks = list(line_chunks(data, chunk=100))
    assert len(chunks) > 10
    assert [line + b"\n" for lines in chunks for line in lines] == data.splitlines(keepends=True)


@pytest.mark.parametrize(
    "subject",
    [f"<{ITEM[name]}>" for name in ("1", "10", "1-2", "Z", "missing")] + ["_:b1", "<a>"],
)
def test_a_subject_block_holds_exactly_the_lines_of_the_subject(subject: str) -> None:
    data = sorted_ntriples(invented_graph())
    expected = [
        line for line in data.splitlines(keepends=True) if line.startswith(f"{subject} ".encode())
    ]
    assert subject_block(data, subject.encode()) == b"".join(expected)


def test_the_ontology_page_from_its_examples_is_the_page_of_the_whole_graph(
    schema: Schema,
) -> None:
    # (without blank nodes: the page sorts them by ids that rdflib makes up on parsing)
    graph = invented_graph(blank=False)
    sample = example_data(sorted_ntriples(graph), schema.graph)
    assert len(sample) < len(graph)
    assert render_ontology_page(schema.graph, sample, base=BASE) == render_ontology_page(
        schema.graph, graph, base=BASE
    )


def test_the_published_ontology_page_is_that_of_the_whole_bundled_graph(
    publication: Publication, built: BuiltGraph, schema: Schema, config: Config
) -> None:
    whole = render_ontology_page(schema.graph, built.graph, base=config.base)
    assert publication.files["ontology.html"] == whole
