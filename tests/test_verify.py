"""The publish check: losses fail it, value-keeping store changes are counted apart."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from kg_builder.verify import check_graph, check_ntriples

A, P, Q = (URIRef(f"https://example.org/{n}") for n in ("a", "p", "q"))


def graph(*triples: tuple[object, object, object]) -> Graph:
    made = Graph()
    for triple in triples:
        made.add(triple)  # type: ignore[arg-type]
    return made


def test_identical_graphs_pass_unchanged() -> None:
    sent = graph((A, P, Literal("白朗县", lang="zh")))
    check = check_graph("g", sent, sent)
    assert check.complete
    assert (check.changed, check.missing, check.unexpected) == ({}, (), ())


def test_derived_integer_type_becoming_integer_is_a_change_not_a_loss() -> None:
    sent = graph((A, P, Literal("12", datatype=XSD.nonNegativeInteger)))
    stored = graph((A, P, Literal("12", datatype=XSD.integer)))
    check = check_graph("g", sent, stored)
    assert check.complete
    assert dict(check.changed) == {"xsd:nonNegativeInteger → xsd:integer": 1}
    assert check.unexpected == ()


def test_a_changed_value_is_a_loss() -> None:
    sent = graph((A, P, Literal("12", datatype=XSD.nonNegativeInteger)))
    stored = graph((A, P, Literal("13", datatype=XSD.integer)))
    check = check_graph("g", sent, stored)
    assert not check.complete
    assert check.missing == ((A, P, Literal("12", datatype=XSD.nonNegativeInteger)),)
    assert check.unexpected == ((A, P, Literal("13", datatype=XSD.integer)),)


def test_a_string_is_not_a_number() -> None:
    sent = graph((A, P, Literal("5")))
    stored = graph((A, P, Literal("5", datatype=XSD.integer)))
    assert not check_graph("g", sent, stored).complete


def test_blank_nodes_are_compared_as_graphs() -> None:
    def ontology(first: BNode, rest: BNode) -> Graph:
        return graph(
            (A, RDFS.range, first),
            (first, OWL.unionOf, rest),
            (rest, RDF.first, Q),
            (rest, RDF.rest, RDF.nil),
        )

    assert check_graph("g", ontology(BNode(), BNode()), ontology(BNode(), BNode())).complete
    lost = graph((A, RDFS.range, BNode()))
    check = check_graph("g", ontology(BNode(), BNode()), lost)
    assert not check.complete
    assert {p for _, p, _ in check.missing} >= {OWL.unionOf, RDF.first, RDF.rest}


def test_two_spellings_sent_one_kept_is_a_change() -> None:
    five, five_zero = (Literal(v, datatype=XSD.decimal) for v in ("5", "5.0"))
    check = check_graph("g", graph((A, P, five), (A, P, five_zero)), graph((A, P, five)))
    assert check.complete
    assert (check.sent, check.stored) == (2, 1)
    assert dict(check.changed) == {"xsd:decimal in canonical form": 1}
    assert check.examples["xsd:decimal in canonical form"] == (five_zero, five)


def test_the_same_triple_written_otherwise_is_the_same_triple() -> None:
    sent = b'<https://example.org/a> <https://example.org/p> "\\u767D\\u6717" .\n'
    stored = '<https://example.org/a>  <https://example.org/p> "白朗" .\n'.encode()
    check = check_ntriples("g", sent, stored)
    assert check.complete
    assert (check.sent, check.stored, check.changed, check.unexpected) == (1, 1, {}, ())


def test_a_respelled_number_next_to_a_blank_node_is_a_change_not_a_loss() -> None:
    node = BNode()
    sent = graph((A, P, node), (node, Q, Literal("5.0", datatype=XSD.decimal)))
    stored = graph((A, P, BNode("x")), (BNode("x"), Q, Literal("5", datatype=XSD.decimal)))
    check = check_graph("g", sent, stored)
    assert check.complete
    assert check.unexpected == ()
