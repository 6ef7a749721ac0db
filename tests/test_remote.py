"""Integration with a real SPARQL server: publish the graph into Oxigraph, run every query
there and locally, and go through each way a remote run can fail.

The server is the Oxigraph binary of the ``oxigraph`` package (a dependency), started on a
free loopback port by a fixture and stopped after the module. A tiny proxy in front of it
plays the failures Oxigraph cannot show (401, 503, garbage, slowness, a server that dies).
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import XSD, Graph, Literal, URIRef

from kg_builder.build import BuiltGraph
from kg_builder.cli import main
from kg_builder.config import Config
from kg_builder.endpoint import query_endpoint
from kg_builder.errors import EndpointError
from kg_builder.pipeline import dataset_store
from kg_builder.publish import Mode, publish_graphs, verify_graph
from kg_builder.queries import load_query, query_files
from kg_builder.remote import PASSWORD_VARIABLE, USER_VARIABLE, Connection, Credentials
from kg_builder.schema import Schema
from kg_builder.server import LOOPBACK, OxigraphServer, free_port, start_server
from kg_builder.store import LocalStore, run_query
from kg_builder.verify import GraphCheck, normal_literal
from kg_builder.vocab import ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parents[1]
QUERIES = query_files(ROOT / "queries")
HOSTILE = '白朗县" } ; DROP ALL ; #'


@pytest.fixture(scope="module")
def server() -> Iterator[OxigraphServer]:
    with oxigraph() as running:
        yield running


@pytest.fixture(scope="module")
def published(
    server: OxigraphServer, built: BuiltGraph, schema: Schema, config: Config
) -> tuple[GraphCheck, ...]:
    connection = Connection(server.store_url, retries=0)
    return publish_graphs(connection, {config.data_graph: built.graph, ONTOLOGY_IRI: schema.graph})


@pytest.fixture(scope="module")
def local(built: BuiltGraph, schema: Schema, config: Config) -> LocalStore:
    return dataset_store(config, built.graph, schema.graph)


@pytest.fixture
def endpoint(server: OxigraphServer, published: tuple[GraphCheck, ...]) -> Connection:
    return Connection(server.query_url, retries=0, timeout=30)


def kg(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["--project", str(ROOT), *args], env=env)


def count_triples(connection: Connection) -> int:
    request = urllib.request.Request(
        connection.url,
        data=b"query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20GRAPH%20%3Fg%20%7B%3Fs%20%3Fp%20%3Fo%7D%7D",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


@contextmanager
def oxigraph() -> Iterator[OxigraphServer]:
    """A writable in-memory Oxigraph server whose default graph is the union of all graphs."""
    server = start_server(host=LOOPBACK, port=free_port())
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Behaviour:
    """What the proxy does; tests change it between requests."""

    user: str | None = None
    password: str | None = None
    fail_first: int = 0
    """Answer this many requests with 503 before forwarding."""
    garbage: bool = False
    delay: float = 0.0
    before_forward: Callable[[int], None] | None = None
    """Called with the number of the request before it is forwarded (to stop the upstream)."""
    forwarded: int = 0
    seen: list[str] = field(default_factory=list)
    """The Authorization headers received (to check what was sent)."""


@contextmanager
def proxy(upstream: str, behaviour: Behaviour) -> Iterator[str]:
    """An HTTP proxy to ``upstream`` (ending in /) that misbehaves as told; yields its URL."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self._answer(None)

        def do_POST(self) -> None:
            self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

        def do_PUT(self) -> None:
            self.do_POST()

        def _answer(self, body: bytes | None) -> None:
            behaviour.seen.append(self.headers.get("Authorization", ""))
            if behaviour.user is not None:
                pair = f"{behaviour.user}:{behaviour.password}".encode()
                if self.headers.get("Authorization") != "Basic " + base64.b64encode(pair).decode():
                    return self._send(
                        401, b"Unauthorized", {"WWW-Authenticate": 'Basic realm="kg"'}
                    )
            if behaviour.fail_first > 0:
                behaviour.fail_first -= 1
                return self._send(503, b"Service Unavailable", {})
            if behaviour.garbage:
                return self._send(200, b"<html>not results</html>", {"Content-Type": "text/html"})
            time.sleep(behaviour.delay)
            behaviour.forwarded += 1
            if behaviour.before_forward is not None:
                behaviour.before_forward(behaviour.forwarded)
            self._forward(body)

        def _forward(self, body: bytes | None) -> None:
            headers = {
                k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")
            }
            request = urllib.request.Request(
                upstream + self.path.lstrip("/"), data=body, method=self.command, headers=headers
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as answer:
                    self._send(
                        answer.status,
                        answer.read(),
                        {"Content-Type": answer.headers["Content-Type"]},
                    )
            except urllib.error.HTTPError as error:
                self._send(error.code, error.read(), {})
            except urllib.error.URLError:  # the upstream is gone: hang up, as a dying server does
                self.close_connection = True

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer((LOOPBACK, free_port()), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- publishing ---------------------------------------------------------------------------


def test_every_triple_arrives_and_store_changes_are_counted(
    published: tuple[GraphCheck, ...], built: BuiltGraph
) -> None:
    data, ontology = published
    assert data.complete
    assert data.unexpected == ()
    literals = [o for o in built.graph.objects() if isinstance(o, Literal)]
    non_negative = sum(1 for o in literals if o.datatype == XSD.nonNegativeInteger)
    respelled = sum(
        1 for o in literals if o.datatype == XSD.decimal and str(normal_literal(o)) != str(o)
    )
    assert non_negative > 0
    expected = {
        "xsd:nonNegativeInteger → xsd:integer": non_negative,
        "xsd:decimal in canonical form": respelled,
    }
    assert dict(data.changed) == {kind: count for kind, count in expected.items() if count}
    assert data.stored == data.sent
    assert ontology.complete  # blank nodes (OWL lists) compared as graphs
    assert ontology.unexpected == ()
    assert ontology.stored == ontology.sent


def test_numbers_arrive_respelled_and_are_counted(server: OxigraphServer) -> None:
    a = URIRef("https://example.org/a")
    graph = Graph()
    for name, value, datatype in [
        ("integer", "5", XSD.integer),
        ("int", "7", XSD.int),
        ("decimal", "5.0", XSD.decimal),
        ("decimal", "5.00", XSD.decimal),  # the same value: the store keeps one triple
        ("decimal", "1.5", XSD.decimal),
    ]:
        graph.add((a, URIRef(f"https://example.org/{name}"), Literal(value, datatype=datatype)))
    (check,) = publish_graphs(Connection(server.store_url), {"https://example.org/test/n": graph})
    assert check.complete
    assert check.unexpected == ()
    assert (check.sent, check.stored) == (5, 4)
    assert dict(check.changed) == {
        "xsd:decimal in canonical form": 2,
        "xsd:int → xsd:integer": 1,
    }


def test_publish_command_reports_each_graph(
    server: OxigraphServer, built_project: Path, published: object
) -> None:
    args = ["--project", str(built_project), "publish", "--store", server.store_url]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("<https://w3id.org/kg-builder/luzang/graph>: ")
    assert lines[0].endswith(" in the store; every triple arrived")
    assert any(
        'value kept: xsd:nonNegativeInteger → xsd:integer ("' in line and '"^^xsd:integer)' in line
        for line in lines
    )
    assert lines[-1].startswith("<https://w3id.org/kg-builder/ontology>: 1")


def test_a_lost_triple_is_caught(server: OxigraphServer) -> None:
    graph = Graph()
    a, p = URIRef("https://example.org/a"), URIRef("https://example.org/p")
    graph.add((a, p, Literal("一")))
    graph.add((a, p, Literal("二")))
    name = "https://example.org/test/lossy"
    publish_graphs(Connection(server.store_url), {name: graph})
    delete = f'DELETE DATA {{ GRAPH <{name}> {{ <{a}> <{p}> "二" }} }}'
    request = urllib.request.Request(server.update_url, data=delete.encode(), method="POST")
    request.add_header("Content-Type", "application/sparql-update")
    urllib.request.urlopen(request, timeout=30).close()
    sent = graph.serialize(format="nt", encoding="utf-8")
    check = verify_graph(Connection(server.store_url), name, sent, mode=Mode.REPLACE)
    assert not check.complete
    assert check.missing == ((a, p, Literal("二")),)


def test_append_keeps_what_was_there(server: OxigraphServer) -> None:
    name = "https://example.org/test/append"
    a, p = URIRef("https://example.org/a"), URIRef("https://example.org/p")
    first, second = Graph().add((a, p, Literal("1"))), Graph().add((a, p, Literal("2")))
    publish_graphs(Connection(server.store_url), {name: first})
    (check,) = publish_graphs(Connection(server.store_url), {name: second}, mode=Mode.APPEND)
    assert check.complete
    assert check.stored == 2
    (replaced,) = publish_graphs(Connection(server.store_url), {name: second})
    assert replaced.stored == 1


# --- the same answers locally and remotely ------------------------------------------------


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_answers_the_same_locally_and_remotely(
    path: Path, local: LocalStore, endpoint: Connection
) -> None:
    query = load_query(path)
    here = run_query(local, query)
    there = query_endpoint(endpoint, query)
    assert there.variables == here.variables
    assert there.rows == here.rows  # same terms, same order


def test_parameter_answers_the_same(local: LocalStore, endpoint: Connection) -> None:
    query = load_query(ROOT / "queries" / "fact-sources.rq")
    here = run_query(local, query, bindings={"label": "昂仁县"})
    assert {str(row[0]) for row in here.rows} == {"昂仁县"}
    assert query_endpoint(endpoint, query, bindings={"label": "昂仁县"}) == here


def test_hostile_parameter_is_a_string_that_matches_nothing(
    local: LocalStore, endpoint: Connection
) -> None:
    query = load_query(ROOT / "queries" / "fact-sources.rq")
    before_local, before_remote = len(local), count_triples(endpoint)
    assert run_query(local, query, bindings={"label": HOSTILE}).rows == ()
    assert query_endpoint(endpoint, query, bindings={"label": HOSTILE}).rows == ()
    assert len(local) == before_local
    assert count_triples(endpoint) == before_remote


def test_explicit_default_graphs_give_the_same_answer(
    local: LocalStore, endpoint: Connection, config: Config
) -> None:
    query = load_query(ROOT / "queries" / "pairing-table.rq")
    graphs = (config.data_graph, ONTOLOGY_IRI)
    assert query_endpoint(endpoint, query, default_graphs=graphs) == run_query(local, query)


# --- failures: one line each, exit 2 -------------------------------------------------------


def assert_fails(result: Result, *expected: str) -> str:
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert len(message.splitlines()) == 1, message
    for text in expected:
        assert text in message
    return message


def test_wrong_port_is_unreachable() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = kg("query", "teams", "--endpoint", url, "--retries", "1")
    assert_fails(result, url, "unreachable: connection refused", "(after 2 attempts)")


def test_wrong_path_is_not_found(server: OxigraphServer) -> None:
    assert_fails(
        kg("query", "teams", "--endpoint", server.url + "nothing-here"), "HTTP 404 not found"
    )


def test_wrong_graph_is_named(server: OxigraphServer, published: object) -> None:
    result = kg(
        "query",
        "teams",
        "--endpoint",
        server.query_url,
        "--default-graph",
        "https://example.org/no-such-graph",
    )
    assert_fails(result, "the store has no graph <https://example.org/no-such-graph>")


def test_relative_graph_name_is_refused(server: OxigraphServer, built_project: Path) -> None:
    args = ["--project", str(built_project), "publish", "--store", server.store_url]
    result = CliRunner().invoke(main, [*args, "--graph", "kg"])
    assert_fails(result, "graph name 'kg' is not an absolute IRI")


def test_query_url_used_as_store_is_explained(server: OxigraphServer, built_project: Path) -> None:
    result = CliRunner().invoke(
        main, ["--project", str(built_project), "publish", "--store", server.query_url]
    )
    assert_fails(result, "HTTP 40")


def test_credentials_come_from_the_environment(server: OxigraphServer, published: object) -> None:
    behaviour = Behaviour(user="analyst", password="s3cret-密码")
    with proxy(server.url, behaviour) as url:
        refused = kg("query", "teams", "--endpoint", url + "query")
        assert_fails(refused, "HTTP 401 unauthorized", USER_VARIABLE)
        wrong = kg(
            "query",
            "teams",
            "--endpoint",
            url + "query",
            env={USER_VARIABLE: "analyst", PASSWORD_VARIABLE: "guess"},
        )
        assert "guess" not in assert_fails(wrong, "HTTP 401")
        right = kg(
            "query",
            "teams",
            "--endpoint",
            url + "query",
            "--format",
            "csv",
            env={USER_VARIABLE: "analyst", PASSWORD_VARIABLE: "s3cret-密码"},
        )
    assert right.exit_code == 0, right.output
    assert "s3cret" not in right.output
    assert "济南市第十批援藏干部人才工作组" in right.output


def test_half_the_credentials_is_an_error() -> None:
    result = kg(
        "query", "teams", "--endpoint", "http://127.0.0.1:9/query", env={USER_VARIABLE: "analyst"}
    )
    assert_fails(result, f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}")


def test_credentials_in_the_url_are_refused() -> None:
    result = kg("query", "teams", "--endpoint", "http://me:secret@127.0.0.1:9/query")
    assert "secret" not in assert_fails(result, "the URL holds credentials")


def test_server_errors_are_retried(server: OxigraphServer, published: object) -> None:
    query = load_query(ROOT / "queries" / "teams.rq")
    behaviour = Behaviour(fail_first=2)
    with proxy(server.url, behaviour) as url:
        patient = Connection(url + "query", retries=2, backoff=0.01)
        assert len(query_endpoint(patient, query)) > 0
        behaviour.fail_first = 5
        impatient = Connection(url + "query", retries=1, backoff=0.01)
        with pytest.raises(EndpointError, match=r"HTTP 503 server error.*\(after 2 attempts\)"):
            query_endpoint(impatient, query)


def test_malformed_results_are_named(server: OxigraphServer) -> None:
    with proxy(server.url, Behaviour(garbage=True)) as url:
        result = kg("query", "teams", "--endpoint", url + "query")
    assert_fails(result, "malformed results", "<html>")


def test_timeout_is_named(server: OxigraphServer) -> None:
    with proxy(server.url, Behaviour(delay=3)) as url:
        result = kg("query", "teams", "--endpoint", url + "query", "--timeout", "1")
    assert_fails(result, "timeout: no answer within 1 s")


def test_server_stopped_mid_run(
    built: BuiltGraph, schema: Schema, config: Config, tmp_path: Path
) -> None:
    with oxigraph() as own:
        publish_graphs(
            Connection(own.store_url),
            {config.data_graph: built.graph, ONTOLOGY_IRI: schema.graph},
        )

        def stop_after_third(number: int) -> None:
            if number == 3:
                own.stop()

        with proxy(own.url, Behaviour(before_forward=stop_after_third)) as url:
            out = tmp_path / "answers"
            result = kg(
                "query",
                "--all",
                "--endpoint",
                url + "query",
                "--retries",
                "1",
                "--format",
                "csv",
                "--out",
                str(out),
            )
    assert result.exit_code == 2
    assert "unreachable: connection lost" in result.output
    assert not out.exists()  # all or nothing


# --- kg serve -----------------------------------------------------------------------------


def test_serve_opens_a_query_page_and_stops_cleanly(
    built_project: Path, tmp_path: Path, local: LocalStore
) -> None:
    command = Path(sys.executable).parent / "kg"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    serving = subprocess.Popen(
        [str(command), "--project", str(built_project), "serve", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    try:
        lines = []
        assert serving.stderr is not None
        for line in serving.stderr:
            lines.append(line)
            if line.startswith("Ctrl-C"):
                break
        page = f"http://127.0.0.1:{port}/"
        assert f"query page: {page}\n" in lines
        with urllib.request.urlopen(page, timeout=10) as answer:
            assert "Oxigraph" in answer.read().decode("utf-8")
        query = load_query(ROOT / "queries" / "teams.rq")
        remote = query_endpoint(Connection(page + "query", retries=0), query)
        assert remote == run_query(local, query)
        assert any(temporary.iterdir())  # the store is there while it serves
    finally:
        serving.send_signal(signal.SIGINT)
        assert serving.wait(timeout=20) == 0
        if serving.stderr is not None:
            serving.stderr.close()
    assert not any(temporary.iterdir())  # and gone afterwards


def test_credentials_are_not_in_the_repr() -> None:
    assert "s3cret" not in repr(Credentials("analyst", "s3cret"))
