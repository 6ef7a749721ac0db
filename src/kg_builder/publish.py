"""Put the built graph into a store with the SPARQL 1.1 Graph Store HTTP Protocol, and check
that it arrived.

https://www.w3.org/TR/sparql11-http-rdf-update/: ``PUT store?graph=IRI`` replaces a named
graph, ``POST`` adds to it, ``GET`` reads it back. Every graph is read back after sending
and compared with what was sent (``verify.check_graph``), so a store that drops or alters
triples is caught, and the value-keeping changes a store makes are counted, not hidden.

Stores differ beyond the protocol: Oxigraph's store URL is ``http://HOST:PORT/store``;
Fuseki's ``http://HOST:PORT/DATASET/data``; Virtuoso's ``http://HOST:8890/sparql-graph-crud-auth``,
and its SPARQL user needs the ``SPARQL_UPDATE`` role before it accepts a write.

Each graph here goes as one N-Triples request (the ontology, whose OWL lists hold blank
nodes, scoped to a request); a large built graph goes in chunks, resumably (``upload.py``).
"""

from __future__ import annotations

import base64
import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING

from kg_builder.errors import EndpointError
from kg_builder.remote import Connection, check_graph_iri, http_failure, with_retries
from kg_builder.verify import GraphCheck, check_ntriples

if TYPE_CHECKING:
    from rdflib import Graph

N_TRIPLES = "application/n-triples"


class Mode(StrEnum):
    """What publishing does to a graph already in the store."""

    REPLACE = "replace"
    APPEND = "append"


def publish_graphs(
    connection: Connection, graphs: Mapping[str, Graph], *, mode: Mode = Mode.REPLACE
) -> tuple[GraphCheck, ...]:
    """Send each graph (graph name IRI -> graph) to the store, read it back and compare.

    :raises EndpointError: when a graph name is not an absolute IRI, or the store cannot
        be reached or refuses a request (one line, after retries for transient failures).
    """
    for name in graphs:
        check_graph_iri(name)
    checks = []
    for name, graph in graphs.items():
        body = graph.serialize(format="nt", encoding="utf-8")
        store_request(connection, "PUT" if mode is Mode.REPLACE else "POST", name, body=body)
        checks.append(verify_graph(connection, name, body, mode=mode))
    return tuple(checks)


def verify_graph(connection: Connection, name: str, sent: bytes, *, mode: Mode) -> GraphCheck:
    """Read a graph back from the store and compare it with the N-Triples sent.

    When appending, triples already in the store are expected, so only missing ones count.
    """
    check = check_ntriples(name, sent, fetch_ntriples(connection, name))
    return replace(check, unexpected=()) if mode is Mode.APPEND else check


def fetch_ntriples(connection: Connection, name: str) -> bytes:
    """A named graph as the store has it, in N-Triples (empty when the store has no such
    graph; another format the store answers in is converted by pyoxigraph).

    :raises EndpointError: when the store fails or sends something that is not RDF.
    """
    import pyoxigraph as ox

    body, media_type = store_request(connection, "GET", name, accept=N_TRIPLES)
    form = ox.RdfFormat.from_media_type(media_type)
    if form == ox.RdfFormat.N_TRIPLES:
        return body
    try:
        if form is None:
            raise ValueError("not an RDF format")
        written = ox.serialize(ox.parse(body, form), format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError) as error:
        raise EndpointError(
            f"{connection.url}: malformed graph <{name}> in the answer ({media_type}): {error}"
        ) from error
    assert written is not None  # without an output, serialize returns the bytes
    return written


def store_request(
    connection: Connection,
    method: str,
    graph: str,
    *,
    body: bytes | None = None,
    accept: str | None = None,
) -> tuple[bytes, str]:
    """One Graph Store Protocol request: the answer's body and media type.

    A GET of a graph the store does not have answers 404: that is an empty graph here.
    """
    separator = "&" if "?" in connection.url else "?"
    url = f"{connection.url}{separator}{urllib.parse.urlencode({'graph': graph})}"
    headers = {"Content-Type": N_TRIPLES} if body is not None else {}
    if accept:
        headers["Accept"] = accept
    if connection.credentials is not None:
        pair = f"{connection.credentials.user}:{connection.credentials.password}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode("utf-8")).decode()

    def attempt() -> tuple[bytes, str]:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=connection.timeout) as response:
                media_type = response.headers.get_content_type()
                return response.read(), media_type
        except urllib.error.HTTPError as error:
            if method == "GET" and error.code == 404:
                return b"", N_TRIPLES
            raise http_failure(error, connection) from error
        except (OSError, http.client.HTTPException) as error:
            raise http_failure(error, connection) from error

    try:
        return with_retries(connection, attempt)
    except EndpointError as error:
        raise EndpointError(f"{error} [{method} graph <{graph}>]") from error
