"""`kg query` on the built graph: selection, parameters, formats, files, and errors that
name the file, line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg_builder.cli import main
from kg_builder.queries import query_files
from kg_builder.results import FORMATS

HEADER = "# title@zh: 测试\n# title@en: Test\n# description@zh: 测试\n# description@en: Test\n"
PA = "PREFIX pa: <https://w3id.org/kg-builder/ontology#>\n"


def kg(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(project), "query", *args])


def query_file(tmp_path: Path, body: str, name: str = "q.rq") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_list_shows_titles_and_parameters(built_project: Path) -> None:
    result = kg(built_project, "--list")
    assert result.exit_code == 0
    for path in query_files(built_project / "queries"):
        assert path.stem in result.output
    assert "pairing-table           对口支援关系表 / Pairing table" in result.output
    assert "--param label=<xsd:string>  资源的中文名称" in result.output


def test_by_name_as_an_aligned_table(built_project: Path) -> None:
    result = kg(built_project, "pairing-table")
    assert result.exit_code == 0, result.output
    assert "济南市  Jinan    白朗县    Bainang County" in result.output


@pytest.mark.parametrize("format_", list(FORMATS))
def test_every_format_writes_the_file_it_prints(
    built_project: Path, tmp_path: Path, format_: str
) -> None:
    printed = kg(built_project, "teams", "--format", format_)
    out = tmp_path / "sub" / f"teams.{format_}"
    written = kg(built_project, "teams", "--format", format_, "--out", str(out))
    assert written.exit_code == 0, written.output
    assert printed.stdout_bytes == out.read_bytes()
    assert "济南市第十批援藏干部人才工作组" in out.read_text(encoding="utf-8")
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


def test_json_is_sparql_results_json(built_project: Path) -> None:
    document = json.loads(kg(built_project, "teams", "--format", "json").stdout)
    assert document["head"]["vars"][:2] == ["team", "city"]
    batch = document["results"]["bindings"][0]["batch"]
    assert batch == {
        "type": "literal",
        "value": "10",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }


def test_all_into_a_folder(built_project: Path, tmp_path: Path) -> None:
    result = kg(built_project, "--all", "--format", "csv", "--out", str(tmp_path / "answers"))
    assert result.exit_code == 0, result.output
    expected = {f"{p.stem}.csv" for p in query_files(built_project / "queries")}
    assert {p.name for p in (tmp_path / "answers").iterdir()} == expected


def test_all_in_csv_needs_a_folder(built_project: Path) -> None:
    result = kg(built_project, "--all", "--format", "csv")
    assert result.exit_code == 2
    assert "give --out FOLDER" in result.output


def test_parameters_are_typed_by_the_header(built_project: Path, tmp_path: Path) -> None:
    path = query_file(
        tmp_path,
        "# param: batch xsd:integer 批次 | batch\n"
        + PA
        + "SELECT ?team WHERE { ?team pa:batch ?batch }",
    )
    assert kg(built_project, str(path), "--param", "batch=10", "-f", "csv").stdout.count("\n") > 1
    assert kg(built_project, str(path), "--param", "batch=9", "-f", "csv").stdout == "team\n"
    refused = kg(built_project, str(path), "--param", "batch=十")
    assert refused.exit_code == 2
    assert "parameter batch: '十' is not a valid xsd:integer" in refused.output


def test_hostile_parameter_matches_nothing(built_project: Path) -> None:
    result = kg(built_project, "fact-sources", "-p", 'label=白朗县" } ; DROP ALL ; #', "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b"resource,type,document,start,end,quote\r\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["pairing-tabel"], "did you mean `pairing-table`?", id="unknown-name"),
        pytest.param(
            ["teams", "-p", "county=白朗县"],
            "no parameter `county`; it takes: none",
            id="undeclared-parameter",
        ),
        pytest.param(["teams", "-p", "county"], "write NAME=VALUE", id="parameter-without-value"),
        pytest.param([], "name the queries to run, or give --all", id="nothing-to-run"),
        pytest.param(["missing/q.rq"], "missing/q.rq: no such query file", id="missing-file"),
    ],
)
def test_mistakes_exit_2_with_a_message(built_project: Path, args: list[str], message: str) -> None:
    result = kg(built_project, *args)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        pytest.param(
            "SELECT ?x WHERE {\n  ?x ?y\n}\n",
            "q.rq:6:3",
            "SPARQL syntax error",
            id="missing-object",
        ),
        pytest.param(
            "SELECT ?x WHERE {\n  ?x zz:p ?y\n}\n",
            "q.rq:6:6",
            "the prefix `zz:` is not declared",
            id="undeclared-prefix",
        ),
        pytest.param(
            'SELECT ?x WHERE { ?x ?p "abc }\n', "q.rq:5:19", "SPARQL syntax error", id="open-string"
        ),
    ],
)
def test_syntax_errors_name_file_line_and_column(
    built_project: Path, tmp_path: Path, body: str, where: str, message: str
) -> None:
    result = kg(built_project, str(query_file(tmp_path, body)))
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert f"{where}: " in first
    assert message in first
    assert result.output.splitlines()[-1].strip() == "^"


def test_construct_queries_are_refused(built_project: Path, tmp_path: Path) -> None:
    path = query_file(tmp_path, "CONSTRUCT WHERE { ?s ?p ?o }\n")
    result = kg(built_project, str(path))
    assert result.exit_code == 2
    assert "this is a CONSTRUCT query; kg runs SELECT queries" in result.output


def test_without_a_build_says_what_to_do(tmp_path: Path, built_project: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes((built_project / "pyproject.toml").read_bytes())
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "q.rq").write_bytes(
        (built_project / "queries" / "teams.rq").read_bytes()
    )
    result = kg(tmp_path, "q")
    assert result.exit_code == 2
    assert "no built graph yet; run `kg build` first" in result.output


def test_the_command_starts_without_rdflib() -> None:
    import subprocess
    import sys

    probe = "import sys, kg_builder.cli; print(sorted({'rdflib', 'pyoxigraph'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
