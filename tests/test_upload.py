"""Chunked, resumable publishing of dist/kg.nt into a real Oxigraph server.

Each test sends the bundled graph (about 8 000 triples) in chunks of 1 000 into a graph of
its own, interrupts it in one of the ways a long upload is interrupted, runs it again and
counts, with SPARQL, what the store ends up holding.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg_builder.cli import main
from kg_builder.errors import EndpointError, InputError
from kg_builder.export.publication import Publication
from kg_builder.publish import Mode, store_request
from kg_builder.remote import Connection
from kg_builder.server import OxigraphServer, free_port
from kg_builder.upload import ChunkSent, Upload, plan_upload, read_ntriples, send_upload
from tests.test_remote import ROOT, Behaviour, oxigraph, proxy

CHUNK = 1_000


@pytest.fixture(scope="module")
def server() -> Iterator[OxigraphServer]:
    with oxigraph() as running:
        yield running


@pytest.fixture
def built_nt(tmp_path: Path, publication: Publication) -> Path:
    """The bundled graph as `kg build` writes it: sorted N-Triples, one triple a line."""
    path = tmp_path / "kg.nt"
    path.write_bytes(publication.files["kg.nt"])
    return path


@pytest.fixture
def graph(request: pytest.FixtureRequest) -> str:
    """A graph of the test's own."""
    return f"https://example.org/test/{request.node.name}"


def count(server: OxigraphServer, graph: str) -> int:
    """Triples in a graph of the store, counted by the store (SPARQL COUNT)."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(
        server.query_url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def plan(source: Path, store: str, graph: str, journals: Path, *, restart: bool = False) -> Upload:
    return plan_upload(
        read_ntriples(source),
        store=store,
        graph=graph,
        journal_dir=journals,
        chunk_size=CHUNK,
        restart=restart,
    )


def interrupt_after(chunks: int) -> Callable[[ChunkSent], None]:
    """A progress callback that presses Ctrl-C once ``chunks`` chunks are acknowledged."""

    def progress(chunk: ChunkSent) -> None:
        if chunk.number == chunks:
            raise KeyboardInterrupt

    return progress


def interrupted(source: Path, store: str, graph: str, journals: Path, *, after: int) -> None:
    """Publish ``source`` and press Ctrl-C after ``after`` chunks."""
    upload = plan(source, store, graph, journals)
    with pytest.raises(KeyboardInterrupt):
        send_upload(Connection(store), upload, progress=interrupt_after(after))


def lines(path: Path) -> int:
    return len(path.read_bytes().splitlines())


def test_chunked_publish_arrives_complete_and_equal(
    server: OxigraphServer, built_nt: Path, graph: str, tmp_path: Path
) -> None:
    upload = plan(built_nt, server.store_url, graph, tmp_path / "journals")
    seen: list[ChunkSent] = []
    check = send_upload(Connection(server.store_url), upload, progress=seen.append)
    total = lines(built_nt)
    assert upload.chunks == -(-total // CHUNK) > 5
    assert [c.number for c in seen] == list(range(1, upload.chunks + 1))
    assert sum(c.triples for c in seen) == total
    assert check.complete
    assert check.unexpected == ()
    assert check.sent == check.stored == count(server, graph) == total
    assert "xsd:nonNegativeInteger → xsd:integer" in check.changed
    assert not list((tmp_path / "journals").glob("*"))


def test_an_interrupted_publish_resumes_without_duplicates(
    server: OxigraphServer, built_nt: Path, graph: str, tmp_path: Path
) -> None:
    journals = tmp_path / "journals"
    connection = Connection(server.store_url)
    interrupted(built_nt, server.store_url, graph, journals, after=3)
    assert count(server, graph) == 3 * CHUNK
    (journal,) = journals.glob("*.json")
    assert json.loads(journal.read_text())["acknowledged"] == 3

    again = plan(built_nt, server.store_url, graph, journals)
    assert (again.first_chunk, again.already_sent, again.set_aside) == (3, 3 * CHUNK, None)
    seen: list[ChunkSent] = []
    check = send_upload(connection, again, progress=seen.append)
    assert seen[0].number == 4
    assert len(seen) == again.chunks - 3
    assert check.complete
    assert check.unexpected == ()
    assert count(server, graph) == lines(built_nt)
    assert not journal.exists()


def test_a_store_that_goes_away_leaves_a_journal_to_resume_from(
    server: OxigraphServer, built_nt: Path, graph: str, tmp_path: Path
) -> None:
    journals = tmp_path / "journals"

    def fail_after_the_fourth(number: int) -> None:
        if number == 4:
            behaviour.fail_first = 1_000  # every later request: 503

    behaviour = Behaviour(before_forward=fail_after_the_fourth)
    with proxy(server.url, behaviour) as url:
        store = url + "store"
        connection = Connection(store, retries=0)
        upload = plan(built_nt, store, graph, journals)
        with pytest.raises(EndpointError) as failure:
            send_upload(connection, upload)
        said = str(failure.value)
        assert said.startswith(f"{store}: HTTP 503 server error")
        assert f"4 of {upload.chunks} chunks are in the store: run the same command again" in said
        assert count(server, graph) == 4 * CHUNK

        behaviour.fail_first, behaviour.before_forward = 0, None
        again = plan(built_nt, store, graph, journals)
        assert again.first_chunk == 4
        check = send_upload(connection, again)
    assert check.complete
    assert count(server, graph) == lines(built_nt)
    assert not list(journals.glob("*"))


def test_a_changed_build_starts_afresh(
    server: OxigraphServer, built_nt: Path, graph: str, tmp_path: Path
) -> None:
    journals = tmp_path / "journals"
    connection = Connection(server.store_url)
    interrupted(built_nt, server.store_url, graph, journals, after=2)
    kept = built_nt.read_bytes().splitlines(keepends=True)[: 5 * CHUNK + 17]
    built_nt.write_bytes(b"".join(kept))

    again = plan(built_nt, server.store_url, graph, journals)
    assert again.first_chunk == 0
    assert again.set_aside == f"{built_nt} changed"
    check = send_upload(connection, again)
    assert check.complete
    assert check.unexpected == ()
    assert count(server, graph) == 5 * CHUNK + 17


def test_restart_and_other_chunks_ignore_the_journal(
    server: OxigraphServer, built_nt: Path, graph: str, tmp_path: Path
) -> None:
    journals = tmp_path / "journals"
    interrupted(built_nt, server.store_url, graph, journals, after=2)
    restarted = plan(built_nt, server.store_url, graph, journals, restart=True)
    assert (restarted.first_chunk, restarted.set_aside) == (0, "--restart")
    other = plan_upload(
        read_ntriples(built_nt),
        store=server.store_url,
        graph=graph,
        journal_dir=journals,
        chunk_size=CHUNK * 2,
    )
    assert (other.first_chunk, other.set_aside) == (0, "the chunk size differs")
    elsewhere = plan(built_nt, server.store_url, graph + "-2", journals)
    assert (elsewhere.first_chunk, elsewhere.set_aside) == (0, None)


def test_appending_keeps_what_was_there(
    server: OxigraphServer, built_nt: Path, graph: str, tmp_path: Path
) -> None:
    connection = Connection(server.store_url)
    journals = tmp_path / "journals"
    other = tmp_path / "other.nt"
    other.write_text(f'<{graph}#x> <https://example.org/p> "1" .\n', encoding="utf-8")
    send_upload(connection, plan(other, server.store_url, graph, journals))
    upload = plan_upload(
        read_ntriples(built_nt),
        store=server.store_url,
        graph=graph,
        journal_dir=journals,
        chunk_size=CHUNK,
        mode=Mode.APPEND,
    )
    check = send_upload(connection, upload)
    assert check.complete
    assert count(server, graph) == lines(built_nt) + 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            "<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n"
            '<https://e.org/a> <https://e.org/p> "_: is text" .\n'
            "_:b0 <https://e.org/p> <https://e.org/b> .\n",
            3,
            "a blank node: chunks are separate requests",
            id="blank-node",
        ),
        pytest.param(
            "<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n"
            "<https://e.org/a> <https://e.org/p> .\n",
            2,
            "not N-Triples",
            id="malformed",
        ),
    ],
)
def test_a_file_that_cannot_go_in_chunks_is_refused_at_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "kg.nt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_ntriples(path)
    (problem,) = refused.value.problems
    assert (problem.path, problem.line) == (path, line)
    assert problem.message.startswith(message)


def test_an_empty_build_empties_the_graph(
    server: OxigraphServer, built_nt: Path, graph: str, tmp_path: Path
) -> None:
    connection = Connection(server.store_url)
    send_upload(connection, plan(built_nt, server.store_url, graph, tmp_path))
    empty = tmp_path / "empty.nt"
    empty.write_bytes(b"")
    check = send_upload(connection, plan(empty, server.store_url, graph, tmp_path))
    assert (check.sent, check.stored, check.complete) == (0, 0, True)
    assert count(server, graph) == 0


# --- kg publish ---------------------------------------------------------------------------


def publish(project: Path, store: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["--project", str(project), "publish", "--store", store, "--no-ontology", *args]
    )
    return result.exit_code, result.output


def test_kg_publish_says_where_it_stopped_and_where_it_resumes(
    server: OxigraphServer, built_project: Path, graph: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    nt = built_project / "dist" / "kg.nt"
    journals = built_project / ".kg-cache" / "publish"
    total = lines(nt)
    chunks = -(-total // CHUNK)
    requests: list[str] = []

    def ctrl_c_at_the_fourth(*args: Any, **options: Any) -> tuple[bytes, str]:
        requests.append(args[1])
        if len(requests) == 4:
            raise KeyboardInterrupt
        return store_request(*args, **options)

    monkeypatch.setattr("kg_builder.upload.store_request", ctrl_c_at_the_fourth)
    options = ["--graph", graph, "--chunk-size", str(CHUNK)]
    code, output = publish(built_project, server.store_url, *options)
    assert (code, output.strip()) == (
        2,
        f"Error: interrupted: 3 of {chunks} chunks are in the store; "
        "run the same command again to resume",
    )
    assert requests == ["PUT", "POST", "POST", "POST"]
    monkeypatch.undo()

    code, output = publish(built_project, server.store_url, *options)
    assert code == 0, output
    assert output.splitlines()[0] == (
        f"resuming at chunk 4 of {chunks}, 3 000 triples already in the store"
    )
    assert f"<{graph}>: {total} triples sent, {total} in the store; every triple arrived" in output
    assert count(server, graph) == total
    assert not list(journals.glob("*"))

    code, output = publish(built_project, server.store_url, "--graph", graph, "--restart")
    assert code == 0, output
    assert "resuming" not in output


def test_an_interruption_after_the_last_chunk_only_compares(
    server: OxigraphServer, built_project: Path, graph: str
) -> None:
    nt = built_project / "dist" / "kg.nt"
    journals = built_project / ".kg-cache" / "publish"
    chunks = -(-lines(nt) // CHUNK)
    interrupted(nt, server.store_url, graph, journals, after=chunks)
    code, output = publish(
        built_project, server.store_url, "--graph", graph, "--chunk-size", str(CHUNK)
    )
    assert code == 0, output
    assert output.splitlines()[0] == (
        "every chunk is in the store already: reading the graph back to compare"
    )
    assert "every triple arrived" in output
    assert count(server, graph) == lines(nt)


def test_kg_publish_names_an_unreachable_store(built_project: Path) -> None:
    store = f"http://127.0.0.1:{free_port()}/store"
    code, output = publish(built_project, store, "--retries", "0")
    assert code == 2
    assert output.strip() == (
        f"Error: {store}: unreachable: connection refused (is the server running?) "
        "[PUT graph <https://w3id.org/kg-builder/luzang/graph>]"
    )


def test_kg_publish_wants_a_build(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    code, output = publish(tmp_path, "http://127.0.0.1:9/store")
    assert code == 2
    assert "kg.nt: no built graph yet; run `kg build` first" in output
