"""The same query files, run on any SPARQL 1.1 endpoint through SPARQLWrapper.

Queries go by HTTP POST (https://www.w3.org/TR/sparql11-protocol/), so long ones are never
cut by URL limits; results come back as SPARQL results JSON and are read by the same code as
local results, so both have one shape. Parameters travel as an escaped ``VALUES`` block
(``sparql_text.bind_values``): the value is one RDF term, never query text.

The queries need the ontology and concept schemes beside the data (labels of concepts,
``rdfs:subPropertyOf``). ``kg publish`` puts them in two named graphs; a store must then
query their union — Oxigraph with ``--union-default-graph``, Virtuoso and GraphDB do it by
default, Fuseki with ``tdb2:unionDefaultGraph`` — or the caller names the graphs
(``default_graphs``, sent as ``default-graph-uri``).
"""

from __future__ import annotations

import ast
import http.client
import json
import math
from collections.abc import Mapping, Sequence

from rdflib import URIRef

from kg_builder.errors import EndpointError
from kg_builder.queries import QueryFile, bind_params, check_select
from kg_builder.remote import (
    Connection,
    check_graph_iri,
    http_failure,
    status_failure,
    with_retries,
)
from kg_builder.results import QueryResult, parse_results_json
from kg_builder.sparql_text import bind_values
from kg_builder.terms import sparql_term


def query_endpoint(
    connection: Connection,
    query: QueryFile,
    *,
    bindings: Mapping[str, str] | None = None,
    default_graphs: Sequence[str] = (),
) -> QueryResult:
    """Run a SELECT query file on a remote endpoint.

    :raises QueryError: for a parameter that does not fit the query.
    :raises EndpointError: with one line saying what went wrong: unreachable, unauthorized,
        not found, timeout, a server error (after retries), malformed results, or a
        default graph the store does not have.
    """
    check_select(query)
    text = bind_values(query.text, bind_params(query, bindings or {}))
    for graph in default_graphs:
        if not graph_exists(connection, graph):
            raise EndpointError(f"{connection.url}: the store has no graph <{graph}>")
    data = with_retries(connection, lambda: _post(connection, text, default_graphs))
    return parse_results_json(data, source=f"{connection.url} ({query.path.name})")


def graph_exists(connection: Connection, graph: str) -> bool:
    """Whether the endpoint's dataset has a named graph with at least one triple.

    :raises EndpointError: when the endpoint fails or its answer is not a boolean.
    """
    ask = f"ASK {{ GRAPH {sparql_term(URIRef(check_graph_iri(graph)))} {{ ?s ?p ?o }} }}"
    data = with_retries(connection, lambda: _post(connection, ask, ()))
    try:
        answer = json.loads(data)["boolean"]
    except (ValueError, KeyError, TypeError) as error:
        raise EndpointError(f"{connection.url}: malformed results: not an ASK answer") from error
    return bool(answer)


def _post(connection: Connection, text: str, default_graphs: Sequence[str]) -> bytes:
    from SPARQLWrapper import BASIC, JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import (
        EndPointInternalError,
        EndPointNotFound,
        QueryBadFormed,
        Unauthorized,
        URITooLong,
    )

    sparql = SPARQLWrapper(connection.url)
    sparql.setQuery(text)
    sparql.setMethod(POST)
    sparql.setReturnFormat(JSON)
    sparql.setTimeout(max(1, math.ceil(connection.timeout)))  # SPARQLWrapper takes whole seconds
    for graph in default_graphs:
        sparql.addDefaultGraph(graph)
    if connection.credentials is not None:
        sparql.setHTTPAuth(BASIC)
        sparql.setCredentials(connection.credentials.user, connection.credentials.password)
    statuses = {
        QueryBadFormed: 400,
        Unauthorized: 401,
        EndPointNotFound: 404,
        URITooLong: 414,
        EndPointInternalError: 500,
    }
    try:
        return bytes(sparql.query().response.read())
    except tuple(statuses) as error:  # SPARQLWrapper turns these statuses into exceptions
        raise status_failure(statuses[type(error)], _response_body(error)) from error
    except (OSError, http.client.HTTPException) as error:  # urllib's errors, timeouts, drops
        raise http_failure(error, connection) from error


def _response_body(error: Exception) -> bytes:
    """The body SPARQLWrapper put into its exception's message (as the repr of bytes)."""
    said = str(error).partition("Response:\n")[2].strip()
    try:
        body = ast.literal_eval(said)
    except (ValueError, SyntaxError):
        return said.encode("utf-8")
    return body if isinstance(body, bytes) else said.encode("utf-8")
