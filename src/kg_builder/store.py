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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg_builder.errors import ConfigError, QueryError
from kg_builder.queries import QueryFile, bind_params, check_select, syntax_error
from kg_builder.results import QueryResult, parse_results_json
from kg_builder.sparql_text import bind_values

if TYPE_CHECKING:
    import pyoxigraph


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
    import pyoxigraph

    check_select(query)
    text = bind_values(query.text, bind_params(query, bindings or {}))
    try:
        solutions = store.store.query(text, use_default_graph_as_union=True)
        assert isinstance(solutions, pyoxigraph.QuerySolutions)  # check_select made sure
        data = solutions.serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b""
    except SyntaxError as error:
        raise syntax_error(query.path, text, str(error)) from error
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        raise QueryError(f"{query.path}: the query failed: {error}") from error
    return parse_results_json(data, source=str(query.path))
