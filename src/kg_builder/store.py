"""Queries on the local graph, run by an in-memory Oxigraph store (pyoxigraph).

The store holds the graph the way ``kg publish`` lays it out on a server: the data in one
named graph, the ontology and concept schemes in another, queried through their union. The
engine is the one the Oxigraph server runs, so a query gives the same rows, in the same
order, locally and on a server loaded by ``kg publish`` — and it is some hundred times
faster than rdflib's evaluator on this graph. Like any Oxigraph store it keeps literal
values rather than their spelling (``"5.0"^^xsd:decimal`` comes back as ``"5"``,
``xsd:nonNegativeInteger`` as ``xsd:integer``); see ``publish.py``.

Parameters are bound exactly as for a remote endpoint — one escaped RDF term in a
``VALUES`` block at the start of the WHERE group (``sparql_text.bind_values``) — so a
parameter means the same locally and remotely. (pyoxigraph's own ``substitutions`` would
keep the value out of the text, but accept only variables the query projects.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rdflib import XSD, Graph

from kg_builder.errors import ConfigError, QueryError
from kg_builder.queries import QueryFile, bind_params, check_select, syntax_error
from kg_builder.results import QueryResult, csv_text, csv_value
from kg_builder.sparql_text import bind_values
from kg_builder.terms import rdflib_term

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib.term import Node

_XSD_STRING = str(XSD.string)
Answer = TypeVar("Answer")


@dataclass(frozen=True)
class LocalStore:
    """An in-memory Oxigraph store of named graphs, queried through their union."""

    store: pyoxigraph.Store
    graphs: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.store)


def load_store(graphs: Mapping[str, Graph | bytes | Sequence[Path]]) -> LocalStore:
    """A store holding named graphs: graph name IRI -> an rdflib graph, N-Triples or RDF
    files (parsed by Oxigraph itself, which is much faster than through rdflib).

    >>> from rdflib import RDFS, Literal, URIRef
    >>> graph = Graph().add((URIRef("https://example.org/a"), RDFS.label, Literal("甲", lang="zh")))
    >>> len(load_store({"https://example.org/graph": graph}))
    1
    """
    import pyoxigraph

    store = pyoxigraph.Store()
    for name, source in graphs.items():
        graph = pyoxigraph.NamedNode(name)
        if isinstance(source, Graph | bytes):
            data = (
                source
                if isinstance(source, bytes)
                else source.serialize(format="nt", encoding="utf-8")
            )
            store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=graph)
            continue
        for path in source:
            try:
                store.load(path=path, to_graph=graph)
            except (OSError, SyntaxError, ValueError) as error:
                raise ConfigError(f"{path}: cannot load: {error}") from error
    return LocalStore(store, tuple(graphs))


def run_query(
    store: LocalStore, query: QueryFile, *, bindings: Mapping[str, str] | None = None
) -> QueryResult:
    """Run a SELECT query on the store, binding its parameters as RDF terms.

    :raises QueryError: for a parameter the query does not declare, a value that does not
        fit its type, a query that is not a SELECT query, or a query the engine rejects.
    """
    return _answer(store, query, bindings or {}, solutions_result)


def run_query_csv(
    store: LocalStore, query: QueryFile, *, bindings: Mapping[str, str] | None = None
) -> str:
    """The answer as ``results.results_csv`` writes it, without making rdflib terms of it:
    ``kg build`` only writes the CSV, and on a large answer the terms cost more than the query.

    :raises QueryError: as ``run_query``.
    """
    return _answer(store, query, bindings or {}, solutions_csv)


def _answer(
    store: LocalStore,
    query: QueryFile,
    bindings: Mapping[str, str],
    read: Callable[[pyoxigraph.QuerySolutions], Answer],
) -> Answer:
    import pyoxigraph

    check_select(query)
    text = bind_values(query.text, bind_params(query, bindings))
    try:
        solutions = store.store.query(text, use_default_graph_as_union=True)
        assert isinstance(solutions, pyoxigraph.QuerySolutions)  # check_select made sure
        return read(solutions)
    except SyntaxError as error:
        raise syntax_error(query.path, text, str(error)) from error
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        raise QueryError(f"{query.path}: the query failed: {error}") from error


def solutions_result(solutions: pyoxigraph.QuerySolutions) -> QueryResult:
    """The rows of Oxigraph's answer as the rdflib terms its results JSON gives
    (``parse_results_json``), read from the solutions themselves and each distinct term
    converted once: through JSON, a large answer cost more to convert than to compute.

    :raises TypeError: for a term results JSON has no plain form of (an RDF 1.2 triple term).
    """
    terms: dict[object, Node] = {}
    rows = []
    for solution in solutions:
        row: list[Node | None] = []
        for value in solution:
            found = None if value is None else terms.get(value)
            if found is None and value is not None:
                found = terms[value] = rdflib_term(value)
            row.append(found)
        rows.append(tuple(row))
    return QueryResult(tuple(v.value for v in solutions.variables), tuple(rows))


def solutions_csv(solutions: pyoxigraph.QuerySolutions) -> str:
    """SPARQL 1.1 CSV of Oxigraph's answer, byte for byte what ``results_csv`` writes of
    ``solutions_result``: IRIs and strings as they are, other typed values as rdflib spells
    them (``"1.0E3"^^xsd:double`` as 1000.0), each distinct one converted once. (Oxigraph's
    own CSV writer differs: it quotes neither an IRI with a comma nor a lone empty value.)

    :raises TypeError: for a term results JSON has no plain form of (an RDF 1.2 triple term).
    """
    import pyoxigraph

    spelled: dict[object, str] = {}

    def value(term: object) -> str:
        if isinstance(term, pyoxigraph.NamedNode) or (
            isinstance(term, pyoxigraph.Literal)
            and (term.language or term.datatype.value == _XSD_STRING)
        ):
            return term.value  # as rdflib would give it, without making the term
        if term is None:
            return csv_value(None)
        if term not in spelled:
            spelled[term] = csv_value(rdflib_term(term))
        return spelled[term]

    rows = ([value(term) for term in solution] for solution in solutions)
    return csv_text([v.value for v in solutions.variables], rows)
