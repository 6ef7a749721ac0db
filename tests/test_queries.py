"""Every shipped query: a header, valid syntax, and the answer the article gives.

The expected answers are golden CSV files in ``tests/golden/queries/``, reviewed against the
article; after a deliberate change, regenerate them with ``pytest --update-golden`` and read
the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg_builder.build import BuiltGraph
from kg_builder.config import Config
from kg_builder.errors import QueryError
from kg_builder.pipeline import dataset_store
from kg_builder.queries import load_query, query_files
from kg_builder.results import QueryResult, parse_results_json, results_csv
from kg_builder.schema import Schema
from kg_builder.store import (
    LocalStore,
    load_store,
    run_query,
    run_query_csv,
    solutions_csv,
    solutions_result,
)

GOLDEN = Path(__file__).parent / "golden" / "queries"
QUERIES = query_files(Path(__file__).resolve().parents[1] / "queries")


@pytest.fixture(scope="module")
def queryable(config: Config, built: BuiltGraph, schema: Schema) -> LocalStore:
    return dataset_store(config, built.graph, schema.graph)


def test_there_are_at_least_ten_queries() -> None:
    assert len(QUERIES) >= 10


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_has_bilingual_header(path: Path) -> None:
    query = load_query(path)
    assert set(query.titles) >= {"zh", "en"}
    assert set(query.descriptions) >= {"zh", "en"}


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_answers_as_reviewed(
    path: Path, queryable: LocalStore, request: pytest.FixtureRequest
) -> None:
    query = load_query(path)
    answer = results_csv(run_query(queryable, query))
    golden = GOLDEN / f"{path.stem}.csv"
    if request.config.getoption("--update-golden"):
        golden.write_bytes(answer.encode("utf-8"))
    assert answer == golden.read_bytes().decode("utf-8")
    assert run_query_csv(queryable, query) == answer  # what `kg build` writes


TERMS = (
    "<https://example.org/a>",
    "<https://example.org/a,b>",
    "_:b1",
    '"白朗县"@zh',
    '"Bainang, Shigatse"@en',
    '"plain, with \\"quotes\\"\\nand a line\\r"',
    '""',
    '" leading space"',
    '"explicit"^^<http://www.w3.org/2001/XMLSchema#string>',
    '"5.0"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"-0.50"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"0042"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>',
    '"+7"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"1.0E3"^^<http://www.w3.org/2001/XMLSchema#double>',
    '"1"^^<http://www.w3.org/2001/XMLSchema#boolean>',
    '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>',
    '"2019-07-01T08:00:00+08:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
    '"not a number"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"x"^^<https://example.org/datatype>',
)
TERMS_STORE = "".join(
    f"<https://example.org/s{i:02d}> <https://example.org/p> {t} .\n" for i, t in enumerate(TERMS)
)


@pytest.fixture(scope="module")
def terms_store() -> LocalStore:
    return load_store({"https://example.org/graph": TERMS_STORE.encode("utf-8")})


def _solutions(store: LocalStore, text: str) -> pyoxigraph.QuerySolutions:
    solutions = store.store.query(text, use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return solutions


def test_answer_is_read_as_results_json_gives_it(terms_store: LocalStore) -> None:
    """Terms are taken from Oxigraph's solutions directly: the same terms (kind, value,
    language, datatype) as reading its results JSON, unbound variables included."""
    text = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s"
    json = _solutions(terms_store, text).serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b""
    expected = parse_results_json(json, source="test")
    found = solutions_result(_solutions(terms_store, text))
    assert found == expected
    assert len(found) == len(TERMS)

    def spelled(result: QueryResult) -> list[list[str]]:
        return [[f"{type(t).__name__} {t.n3() if t else ''}" for t in row] for row in result.rows]

    assert spelled(found) == spelled(expected)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s",
        "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?s",  # a one-column row of "" is quoted
        "SELECT ?unbound WHERE { ?s ?p ?o } ORDER BY ?s",
        "SELECT ?o WHERE { FILTER(false) }",
    ],
)
def test_csv_of_the_answer_is_the_csv_of_its_terms(terms_store: LocalStore, text: str) -> None:
    expected = results_csv(solutions_result(_solutions(terms_store, text)))
    assert solutions_csv(_solutions(terms_store, text)) == expected


def test_fact_sources_binds_its_parameter(queryable: LocalStore, config: Config) -> None:
    query = load_query(config.queries_dir / "fact-sources.rq")
    result = run_query(queryable, query, bindings={"label": "昂仁县"})
    assert [str(row[0]) for row in result.rows] == ["昂仁县"]
    assert str(result.rows[0][5]) == "到达日喀则市昂仁县后"


def test_hostile_parameter_is_just_a_string(queryable: LocalStore, config: Config) -> None:
    query = load_query(config.queries_dir / "fact-sources.rq")
    before = len(queryable)
    result = run_query(queryable, query, bindings={"label": '白朗县" } ; DROP ALL ; #'})
    assert result.rows == ()
    assert len(queryable) == before


def test_undeclared_parameter_is_refused(queryable: LocalStore, config: Config) -> None:
    query = load_query(config.queries_dir / "teams.rq")
    with pytest.raises(QueryError, match="no parameter `county`; it takes: none"):
        run_query(queryable, query, bindings={"county": "白朗县"})


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rq"
    broken.write_text(
        "# title@zh: 坏\n# title@en: Broken\n# description@zh: 坏\n# description@en: Broken\n"
        "SELECT ?x WHERE {\n  ?x ?y\n}\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryError, match=r"broken\.rq:6:3: SPARQL syntax error"):
        load_query(broken)


def test_header_is_required(tmp_path: Path) -> None:
    bare = tmp_path / "bare.rq"
    bare.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"bare\.rq:1: the header has no `# title@zh:` line"):
        load_query(bare)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.text(alphabet=st.characters(exclude_categories=["Cs"])), max_size=4),
    st.sampled_from([None, "zh", "en"]),
)
def test_csv_of_any_string_is_the_csv_of_its_terms(texts: list[str], language: str | None) -> None:
    store = pyoxigraph.Store()
    for i, text in enumerate(texts):
        subject = pyoxigraph.NamedNode(f"https://example.org/s{i}")
        literal = pyoxigraph.Literal(text, language=language)
        store.add(pyoxigraph.Quad(subject, pyoxigraph.NamedNode("https://example.org/p"), literal))
    text = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    local = LocalStore(store, ())
    expected = results_csv(solutions_result(_solutions(local, text)))
    assert solutions_csv(_solutions(local, text)) == expected
