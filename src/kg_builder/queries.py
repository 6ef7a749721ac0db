"""Questions kept as SPARQL files, each with a header that says what it asks.

A query file (``queries/NAME.rq``) opens with comment lines::

    # title@zh: 对口支援关系
    # title@en: Pairing table
    # description@zh: 哪个城市对口支援哪个县，县属于哪个地区。
    # description@en: Which city supports which county, and the county's prefecture.
    # param: county xsd:string 受援县的中文名 | Chinese name of the county

``param`` lines declare the variables a caller may bind, with their datatype; values are
bound as RDF terms, never pasted into the query text: locally as pyoxigraph substitutions
(``store.py``), remotely as an escaped ``VALUES`` block (``sparql_text.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from kg_builder.errors import QueryError
from kg_builder.sparql_text import query_form, tokens, undeclared_prefixes

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
    param_lines: dict[str, int] = {}
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
            param_lines[param["name"]] = number
    for key, found in (("title", titles), ("description", descriptions)):
        missing = [lang for lang in ("zh", "en") if lang not in found]
        if missing:
            raise QueryError(f"{path}:1: the header has no `# {key}@{missing[0]}:` line")
    _check_syntax(path, text)
    variables = {t.text[1:] for t in tokens(text) if t.kind == "var"}
    for declared in params:
        if declared.name not in variables:
            raise QueryError(
                f"{path}:{param_lines[declared.name]}: parameter `{declared.name}` is not a "
                "variable of the query"
            )
    return QueryFile(
        name=path.stem,
        path=path,
        text=text,
        titles=MappingProxyType(titles),
        descriptions=MappingProxyType(descriptions),
        params=tuple(params),
    )


def bind_params(query: QueryFile, bindings: Mapping[str, str]) -> dict[str, Identifier]:
    """The RDF terms of parameter values given as text, checked against the query's header.

    :raises QueryError: for a parameter the query does not declare or a value that does not fit.
    """
    declared = {p.name: p for p in query.params}
    terms: dict[str, Identifier] = {}
    for name, value in bindings.items():
        if name not in declared:
            allowed = ", ".join(declared) or "none"
            raise QueryError(f"{query.path.name}: no parameter `{name}`; it takes: {allowed}")
        terms[name] = declared[name].term(value)
    return terms


def check_select(query: QueryFile) -> None:
    """Results are tables: only SELECT queries have them.

    :raises QueryError: for an ASK, CONSTRUCT or DESCRIBE query.
    """
    form = query_form(query.text)
    if form != "SELECT":
        raise QueryError(
            f"{query.path}: this is a {form or 'malformed'} query; kg runs SELECT queries"
        )


def syntax_error(path: Path, text: str, message: str) -> QueryError:
    r"""A QueryError naming file, line and column, from an Oxigraph syntax error message.

    >>> print(syntax_error(Path("q.rq"), "SELECT ?x\n{ ?x }", "error at 2:5: expected ."))
    q.rq:2:5: SPARQL syntax error: expected .
        { ?x }
            ^
    """
    found = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not found:
        return QueryError(f"{path}: SPARQL syntax error: {message}")
    line, column, what = int(found[1]), int(found[2]), found[3]
    what = re.sub(r"\s+", " ", what)
    if len(what) > 120:  # Oxigraph lists every character class it would have taken
        what = what[:117] + "..."
    lines = text.splitlines()
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * (column - 1) + "^"
    return QueryError(
        f"{path}:{line}:{column}: SPARQL syntax error: {what}\n    {shown}\n    {caret}"
    )


def _check_syntax(path: Path, text: str) -> None:
    import pyoxigraph

    for prefix, offset in undeclared_prefixes(text):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        message = (
            f"error at {line}:{column}: the prefix `{prefix}:` is not declared; "
            f"add PREFIX {prefix}: <...>"
        )
        raise syntax_error(path, text, message)
    try:
        pyoxigraph.Store().query(text)  # parses; on an empty store evaluation costs nothing
    except SyntaxError as error:
        raise syntax_error(path, text, _where_it_breaks(text, str(error))) from error


def _where_it_breaks(text: str, message: str) -> str:
    """Oxigraph reports where it gave up — often the end of the query; rdflib's parser
    points at the start of the clause that fails, which is where to look. Use that when
    it has one, and keep Oxigraph's words."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as error:
        stopped = message.removeprefix("error at ")
        return f"error at {error.lineno}:{error.col}: cannot parse from here (Oxigraph: {stopped})"
    except Exception:
        pass
    return message
