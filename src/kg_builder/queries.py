"""Questions kept as SPARQL files, each with a header that says what it asks.

A query file (``queries/NAME.rq``) opens with comment lines::

    # title@zh: 对口支援关系
    # title@en: Pairing table
    # description@zh: 哪个城市对口支援哪个县，县属于哪个地区。
    # description@en: Which city supports which county, and the county's prefecture.
    # param: county xsd:string 受援县的中文名 | Chinese name of the county

``param`` lines declare the variables a caller may bind, with their datatype; values are
bound as RDF terms (``initBindings``), never pasted into the query text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.query import Result, ResultRow
from rdflib.term import Identifier, Node, Variable

from kg_builder.errors import QueryError

QUERY_SUFFIX = ".rq"
_HEADER = re.compile(r"^#\s*(?P<key>title|description)@(?P<lang>[a-z]{2})\s*:\s*(?P<text>.+?)\s*$")
_PARAM = re.compile(r"^#\s*param\s*:\s*(?P<name>[A-Za-z_]\w*)\s+(?P<type>\S+)\s*(?P<text>.*?)\s*$")
_DATATYPES = {
    "xsd:string": XSD.string,
    "xsd:integer": XSD.integer,
    "xsd:decimal": XSD.decimal,
    "xsd:gYear": XSD.gYear,
    "iri": None,
}


@dataclass(frozen=True)
class QueryParam:
    """A variable of a query that callers may bind."""

    name: str
    datatype: str
    description: str

    def term(self, value: str) -> Identifier:
        """The RDF term to bind for a value given as text.

        :raises QueryError: when the value does not fit the declared type.
        """
        if self.datatype == "iri":
            if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value, re.IGNORECASE):
                raise QueryError(f"parameter {self.name}: {value!r} is not an IRI")
            return URIRef(value)
        literal = Literal(value, datatype=_DATATYPES[self.datatype])
        if self.datatype == "xsd:string":
            return Literal(value)
        if not literal.ill_typed:
            return literal
        raise QueryError(f"parameter {self.name}: {value!r} is not a valid {self.datatype}")


@dataclass(frozen=True)
class QueryFile:
    """One query file with its header."""

    name: str
    path: Path
    text: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    params: tuple[QueryParam, ...] = field(default=())

    def title(self, language: str = "en") -> str:
        return self.titles.get(language) or next(iter(self.titles.values()), self.name)


@dataclass(frozen=True)
class QueryResult:
    """The rows a query gave, as RDF terms (None where a variable is unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    result: Result


def query_files(folder: Path) -> list[Path]:
    """The query files of a folder, by name."""
    return sorted(folder.glob(f"*{QUERY_SUFFIX}"))


def load_query(path: Path) -> QueryFile:
    """Read a query file, its header and its parameters, and check its syntax.

    :raises QueryError: naming the file, line and column of a syntax error, or a header
        line that is missing or malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot read: {error}") from error
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    params: list[QueryParam] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        if header := _HEADER.match(line):
            target = titles if header["key"] == "title" else descriptions
            target[header["lang"]] = header["text"]
        elif param := _PARAM.match(line):
            if param["type"] not in _DATATYPES:
                allowed = ", ".join(_DATATYPES)
                raise QueryError(
                    f"{path}:{number}: unknown parameter type {param['type']}; allowed: {allowed}"
                )
            params.append(QueryParam(param["name"], param["type"], param["text"]))
    for key, found in (("title", titles), ("description", descriptions)):
        missing = [lang for lang in ("zh", "en") if lang not in found]
        if missing:
            raise QueryError(f"{path}:1: the header has no `# {key}@{missing[0]}:` line")
    _check_syntax(path, text)
    return QueryFile(
        name=path.stem,
        path=path,
        text=text,
        titles=MappingProxyType(titles),
        descriptions=MappingProxyType(descriptions),
        params=tuple(params),
    )


def run_query(
    graph: Graph, query: QueryFile, *, bindings: Mapping[str, str] | None = None
) -> QueryResult:
    """Run a query on a local graph, binding parameters safely.

    :raises QueryError: for a parameter the query does not declare or a value that does not fit.
    """
    declared = {p.name: p for p in query.params}
    terms: dict[str, Identifier] = {}
    for name, value in (bindings or {}).items():
        if name not in declared:
            allowed = ", ".join(declared) or "none"
            raise QueryError(f"{query.path.name}: no parameter `{name}`; it takes: {allowed}")
        terms[name] = declared[name].term(value)
    try:
        result = graph.query(query.text, initBindings={Variable(k): v for k, v in terms.items()})
    except Exception as error:  # rdflib's evaluator raises assorted errors
        raise QueryError(f"{query.path}: the query failed: {error}") from error
    variables = tuple(str(v) for v in (result.vars or []))
    rows = tuple(tuple(row.get(v) for v in variables) for row in _solutions(result))
    return QueryResult(variables, rows, result)


def result_csv(result: QueryResult) -> bytes:
    """The rows as SPARQL 1.1 CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/)."""
    buffer = io.BytesIO()
    result.result.serialize(buffer, encoding="utf-8", format="csv")
    return buffer.getvalue()


def _solutions(result: Result) -> list[ResultRow]:
    return [row for row in result if isinstance(row, ResultRow)]


def _check_syntax(path: Path, text: str) -> None:
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text)
    except ParseException as error:
        raise QueryError(
            f"{path}:{error.lineno}:{error.col}: SPARQL syntax error: {error.msg}\n    {error.line}"
        ) from error
    except Exception as error:  # rdflib raises others for e.g. unknown prefixes
        raise QueryError(f"{path}: cannot prepare the query: {error}") from error
