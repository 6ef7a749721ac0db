"""Every shipped query: a header, valid syntax, and the answer the article gives.

The expected answers are golden CSV files in ``tests/golden/queries/``, reviewed against the
article; after a deliberate change, regenerate them with ``pytest --update-golden`` and read
the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_builder.build import BuiltGraph
from kg_builder.config import Config
from kg_builder.errors import QueryError
from kg_builder.pipeline import dataset_store
from kg_builder.queries import load_query, query_files
from kg_builder.results import results_csv
from kg_builder.schema import Schema
from kg_builder.store import LocalStore, run_query

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
    answer = results_csv(run_query(queryable, load_query(path)))
    golden = GOLDEN / f"{path.stem}.csv"
    if request.config.getoption("--update-golden"):
        golden.write_bytes(answer.encode("utf-8"))
    assert answer == golden.read_bytes().decode("utf-8")


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
