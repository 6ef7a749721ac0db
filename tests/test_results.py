"""Result formats: SPARQL 1.1 JSON round-trips, CSV/TSV follow the W3C note, tables align
Chinese text by display width."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node
from wcwidth import wcswidth

from kg_builder.errors import EndpointError
from kg_builder.results import (
    FORMATS,
    QueryResult,
    parse_results_json,
    results_csv,
    results_json,
    results_markdown,
    results_table,
    results_tsv,
)

SAMPLE = QueryResult(
    ("county", "amount", "note", "iri"),
    (
        (
            Literal("白朗县", lang="zh"),
            Literal("51040000", datatype=XSD.decimal),
            None,
            URIRef("https://example.org/a"),
        ),
        (
            Literal("Bainang"),
            Literal("5", datatype=XSD.integer),
            Literal('a "b", c\nd|e'),
            BNode("b0"),
        ),
    ),
)

terms = st.one_of(
    st.none(),
    st.text().map(Literal),
    st.builds(lambda t, lang: Literal(t, lang=lang), st.text(), st.sampled_from(["zh", "en"])),
    st.integers().map(lambda n: Literal(str(n), datatype=XSD.integer)),
    st.sampled_from([URIRef("https://example.org/a"), URIRef("urn:x:1"), BNode("b1")]),
)


@given(st.lists(st.tuples(terms, terms), max_size=5))
def test_json_round_trips(rows: list[tuple[Node | None, Node | None]]) -> None:
    result = QueryResult(("x", "y"), tuple(rows))
    assert parse_results_json(results_json(result).encode(), source="test") == result


def test_csv_has_values_only_and_reads_back() -> None:
    text = results_csv(SAMPLE)
    assert text.startswith("county,amount,note,iri\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["白朗县", "51040000", "", "https://example.org/a"]
    assert rows[2] == ["Bainang", "5", 'a "b", c\nd|e', "_:b0"]


def test_tsv_keeps_terms_on_one_line() -> None:
    lines = results_tsv(SAMPLE).splitlines()
    assert lines[0] == "?county\t?amount\t?note\t?iri"
    assert lines[1].split("\t") == [
        '"白朗县"@zh',
        '"51040000"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        "",
        "<https://example.org/a>",
    ]
    assert lines[2].split("\t")[2] == '"a \\"b\\", c\\nd|e"'
    assert len(lines) == 3


def test_markdown_escapes_pipes_and_newlines() -> None:
    lines = results_markdown(SAMPLE).splitlines()
    assert lines[:2] == ["| county | amount | note | iri |", "| --- | --- | --- | --- |"]
    assert lines[3] == '| Bainang | 5 | a "b", c d\\|e | _:b0 |'


def test_table_aligns_by_display_width() -> None:
    lines = results_table(SAMPLE).splitlines()
    starts = {line.index("5") if "5" in line[:30] else None for line in lines[2:]}
    header_amount = wcswidth(lines[0][: lines[0].index("amount")])
    row_amount = wcswidth(lines[2][: lines[2].index("51040000")])
    assert header_amount == row_amount == len("Bainang") + 2
    assert starts  # every row rendered
    assert set(lines[1]) <= {"─", " "}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<html>login</html>", id="html"),
        pytest.param(b'{"head": {}, "boolean": true}', id="ask-answer"),
        pytest.param(
            b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {}}]}}',
            id="term-without-type",
        ),
        pytest.param(b"\xff\xfe", id="not-utf-8"),
    ],
)
def test_malformed_results_are_named(data: bytes) -> None:
    with pytest.raises(EndpointError, match=r"^somewhere: malformed results"):
        parse_results_json(data, source="somewhere")


def test_every_format_renders_an_empty_result() -> None:
    empty = QueryResult(("x",), ())
    for name, render in FORMATS.items():
        assert render(empty).endswith("\n"), name
