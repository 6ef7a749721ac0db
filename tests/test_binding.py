"""Parameters become one escaped RDF term in a VALUES block, and nothing else.

The property tests run the bound query on pyoxigraph: whatever the value, the query still
has its shape (one VALUES row, the same variables) and the value comes back unchanged.
"""

from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import XSD, Literal, URIRef

from kg_builder.errors import QueryError
from kg_builder.results import parse_results_json
from kg_builder.sparql_text import bind_values, query_form, tokens, undeclared_prefixes
from kg_builder.terms import sparql_term

HOSTILE = '白朗县" } ; DROP ALL ; #'
PROBE = "SELECT ?v ?w WHERE { OPTIONAL { ?s ?p ?o } }"


def run_bound(text: str, **terms: Literal | URIRef) -> list[dict[str, object]]:
    solutions = pyoxigraph.Store().query(bind_values(text, terms))
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    data = solutions.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
    assert data is not None
    result = parse_results_json(data, source="test")
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_string_is_one_term_that_comes_back_unchanged(value: str) -> None:
    assert run_bound(PROBE, v=Literal(value)) == [{"v": Literal(value), "w": None}]


@settings(max_examples=100, deadline=None)
@given(st.text(), st.text())
def test_two_strings_bind_together(first: str, second: str) -> None:
    rows = run_bound(PROBE, v=Literal(first), w=Literal(second, lang="zh"))
    assert rows == [{"v": Literal(first), "w": Literal(second, lang="zh")}]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(HOSTILE, id="closing-quote-and-brace"),
        pytest.param('x\\" } ; DROP ALL ; #', id="backslash-before-quote"),
        pytest.param("x\\u0022 } ; DROP ALL ; #", id="codepoint-escape-of-a-quote"),
        pytest.param('x"""\n} DROP ALL #', id="triple-quote-and-newline"),
        pytest.param("x' } #", id="single-quote"),
    ],
)
def test_hostile_strings_stay_strings(value: str) -> None:
    assert run_bound(PROBE, v=Literal(value)) == [{"v": Literal(value), "w": None}]
    written = sparql_term(Literal(value))
    assert "\\u" not in written.replace("\\\\", "")  # no codepoint escape a parser could expand


def test_typed_values_keep_their_datatype() -> None:
    year = Literal("2022", datatype=XSD.gYear)
    assert run_bound(PROBE, v=year, w=URIRef("https://example.org/a")) == [
        {"v": year, "w": URIRef("https://example.org/a")}
    ]


@pytest.mark.parametrize(
    "iri",
    ["https://example.org/a> } DROP ALL #", "https://example.org/a b", 'x:"'],
)
def test_an_iri_that_would_leave_its_brackets_is_refused(iri: str) -> None:
    with pytest.raises(QueryError, match="not a valid IRI"):
        sparql_term(URIRef(iri))


@pytest.mark.parametrize(
    ("query", "bound"),
    [
        pytest.param(
            "SELECT ?x WHERE { ?x ?p ?v }",
            'SELECT ?x WHERE {\n  VALUES ?v { "a" }\n ?x ?p ?v }',
            id="where",
        ),
        pytest.param(
            "SELECT ?x { ?x ?p ?v }", 'SELECT ?x {\n  VALUES ?v { "a" }\n ?x ?p ?v }', id="no-where"
        ),
        pytest.param(
            "SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?x ?p ?v }",
            'SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE {\n  VALUES ?v { "a" }\n ?x ?p ?v }',
            id="exists-in-projection",
        ),
        pytest.param(
            '# WHERE {\nPREFIX a: <x:#>\nSELECT ?x WHERE { ?x a:p "{" , ?v }',
            "# WHERE {\nPREFIX a: <x:#>\nSELECT ?x WHERE {\n"
            '  VALUES ?v { "a" }\n ?x a:p "{" , ?v }',
            id="braces-in-comment-and-string",
        ),
        pytest.param(
            "CONSTRUCT { ?x ?p ?v } WHERE { ?x ?p ?v }",
            'CONSTRUCT { ?x ?p ?v } WHERE {\n  VALUES ?v { "a" }\n ?x ?p ?v }',
            id="construct",
        ),
        pytest.param(
            "SELECT * WHERE { SELECT ?v WHERE { ?x ?p ?v } }",
            'SELECT * WHERE {\n  VALUES ?v { "a" } { SELECT ?v WHERE { ?x ?p ?v } }}',
            id="sub-select",
        ),
    ],
)
def test_values_go_first_in_the_where_group(query: str, bound: str) -> None:
    assert bind_values(query, {"v": Literal("a")}) == bound
    pyoxigraph.Store().query(bound)  # and the result parses


def test_describe_without_where_cannot_take_parameters() -> None:
    with pytest.raises(QueryError, match="no WHERE group"):
        bind_values("DESCRIBE <https://example.org/a>", {"v": Literal("a")})


def test_lexer_skips_strings_iris_and_comments() -> None:
    text = 'SELECT ?x WHERE { ?x <a:#b> \'}\' . # }\n ?x ?y """}\n""" }'
    assert [t.text for t in tokens(text) if t.text in "{}"] == ["{", "}"]
    assert [t.kind for t in tokens(text)][5:7] == ["iri", "string"]
    assert query_form("prefix s: <x:> ask { ?a ?b ?c }") == "ASK"
    assert undeclared_prefixes("SELECT * { _:b ?p 'x:y' }") == []
