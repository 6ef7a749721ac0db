"""The answer of a SELECT query, read from and written to the SPARQL 1.1 results formats.

Remote runs arrive here as SPARQL 1.1 results JSON
(https://www.w3.org/TR/sparql11-results-json/) and local ones as the same rdflib terms read
from Oxigraph's solutions (``store.solutions_result``), so the two give one kind of result,
compared term by term. ``FORMATS`` is the one table of output formats: the CLI's choices, the README
and the tests all read it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kg_builder.errors import EndpointError

if TYPE_CHECKING:  # rdflib is imported where used: `kg --help` should not wait for it
    from rdflib.term import Node


@dataclass(frozen=True)
class QueryResult:
    """The rows a SELECT query gave, as RDF terms (None where a variable is unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)


def parse_results_json(data: bytes, *, source: str) -> QueryResult:
    """Read SPARQL 1.1 results JSON.

    >>> from rdflib import Literal
    >>> parse_results_json(b'{"head": {"vars": ["x"]}, "results": {"bindings": '
    ...     b'[{"x": {"type": "literal", "value": "5", "xml:lang": "zh"}}, {}]}}', source="test")
    QueryResult(variables=('x',), rows=((rdflib.term.Literal('5', lang='zh'),), (None,)))

    :raises EndpointError: naming ``source`` when the data is not results JSON of a SELECT query.
    """
    try:
        document = json.loads(data.decode("utf-8"))
        variables = tuple(str(v) for v in document["head"]["vars"])
        bindings = document["results"]["bindings"]
        terms: dict[tuple[object, ...], Node] = {}  # a value met again is not read again

        def term(binding: Mapping[str, Any]) -> Node:
            key = tuple(binding.items())
            if key not in terms:
                terms[key] = _term(binding)
            return terms[key]

        rows = tuple(tuple(term(b[v]) if v in b else None for v in variables) for b in bindings)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        excerpt = data[:80].decode("utf-8", errors="replace")
        raise EndpointError(
            f"{source}: malformed results: expected SPARQL results JSON of a SELECT query, "
            f"got {excerpt!r} ({type(error).__name__}: {error})"
        ) from error
    return QueryResult(variables, rows)


def _term(binding: Mapping[str, Any]) -> Node:
    from rdflib import BNode, Literal, URIRef

    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):  # typed-literal: the 2008 W3C note, still seen
        language, datatype = binding.get("xml:lang"), binding.get("datatype")
        return Literal(value, lang=language, datatype=URIRef(datatype) if datatype else None)
    raise ValueError(f"unknown term type {kind!r}")


def results_json(result: QueryResult) -> str:
    """SPARQL 1.1 results JSON."""
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    json_term = {"type": "literal", "value": str(term)}
    if term.language:
        json_term["xml:lang"] = term.language
    elif term.datatype is not None:
        json_term["datatype"] = str(term.datatype)
    return json_term


def results_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/): values only, CRLF."""
    return csv_text(result.variables, ([csv_value(term) for term in row] for row in result.rows))


def csv_text(variables: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV of a header and rows of values, as the W3C note and Python's csv module write it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(variables)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_value(term: Node | None) -> str:
    """A term as SPARQL 1.1 CSV writes it: its value alone (a blank node as ``_:label``)."""
    from rdflib import BNode

    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def results_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: terms in N-Triples syntax, so datatypes and languages survive."""
    from kg_builder.terms import sparql_term

    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else sparql_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def results_markdown(result: QueryResult) -> str:
    """A Markdown (GitHub) table of the values."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    escaped = [[_display(t).replace("|", "\\|") for t in row] for row in result.rows]
    lines = [line(result.variables), line(["---"] * len(result.variables))]
    return "\n".join(lines + [line(row) for row in escaped]) + "\n"


def results_table(result: QueryResult) -> str:
    """An aligned text table for a terminal; Chinese characters count two columns."""
    from wcwidth import wcswidth

    def width(text: str) -> int:
        columns = wcswidth(text)
        return columns if columns >= 0 else len(text)  # -1: a control character in the text

    cells = [list(result.variables)] + [[_display(t) for t in row] for row in result.rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(result.variables))]

    def line(row: Sequence[str]) -> str:
        padded = (text + " " * (w - width(text)) for text, w in zip(row, widths, strict=True))
        return "  ".join(padded).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])]) + "\n"


def _display(term: Node | None) -> str:
    """A value as people read it: the lexical form, on one line."""
    text = csv_value(term)
    return " ".join(text.split()) if any(c in text for c in "\n\r\t") else text


FORMATS: Mapping[str, Callable[[QueryResult], str]] = MappingProxyType(
    {
        "table": results_table,
        "csv": results_csv,
        "tsv": results_tsv,
        "json": results_json,
        "markdown": results_markdown,
    }
)
"""Output format name -> renderer; ``table`` (the default) is for people, the rest for tools."""
