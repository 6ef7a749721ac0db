"""Measure `kg publish` at about a million triples against a local Oxigraph server, beside
the server's own bulk loads of the same file. The numbers in the README come from this.

    .venv/bin/kg build -q && .venv/bin/python scripts/measure_publish.py

The million-triple file is the bundled build's dist/kg.nt copied COPIES times, every IRI
under the data base given a per-copy suffix (``…/team/jinan-10`` → ``…/team/jinan-10-c7``),
so that the copies are distinct resources; the ontology's terms (predicates, classes) stay.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import resource
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from kg_builder.config import load_config
from kg_builder.remote import Connection
from kg_builder.server import OxigraphServer, free_port, oxigraph_command, start_server
from kg_builder.upload import ChunkSent, plan_upload, read_ntriples, send_upload

ROOT = Path(__file__).resolve().parents[1]
GRAPH = "https://example.org/measure/graph"


def replicate(source: Path, target: Path, *, copies: int, base: str) -> int:
    """Write ``copies`` copies of ``source`` with per-copy IRIs under ``base``; the triples."""
    pattern = re.compile(rb"<(" + re.escape(base.encode()) + rb"[^>]*)>")
    lines = source.read_bytes().splitlines(keepends=True)
    with target.open("wb") as out:
        for copy in range(copies):
            suffix = rb"<\1-c%d>" % copy
            out.writelines(pattern.sub(suffix, line) for line in lines)
    return copies * len(lines)


def count(server: OxigraphServer, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        server.query_url, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=600) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_publish(
    server: OxigraphServer, big: Path, *, chunk_size: int, journals: Path, graph: str
) -> dict[str, float]:
    connection = Connection(server.store_url, timeout=600)
    start = time.perf_counter()
    source = read_ntriples(big)
    scan_time = time.perf_counter() - start
    upload = plan_upload(
        source,
        store=server.store_url,
        graph=graph,
        journal_dir=journals,
        chunk_size=chunk_size,
        restart=True,
    )
    last_ack: list[float] = []

    def progress(_chunk: ChunkSent) -> None:
        last_ack.append(time.perf_counter())

    start = time.perf_counter()
    check = send_upload(connection, upload, progress=progress)
    end = time.perf_counter()
    assert check.complete, check
    assert not check.unexpected, check
    send = last_ack[-1] - start
    stored = count(server, graph)
    return {
        "chunk_size": chunk_size,
        "chunks": upload.chunks,
        "triples": upload.source.triples,
        "scan_s": round(scan_time, 2),
        "send_s": round(send, 2),
        "send_triples_per_s": round(upload.source.triples / send),
        "verify_s": round(end - last_ack[-1], 2),
        "total_s": round(scan_time + end - start, 2),
        "count_in_store": stored,
        "changed_by_store": sum(check.changed.values()),
        "peak_rss_mb": round(peak_mb()),
    }


def measure_resume(server: OxigraphServer, big: Path, *, journals: Path) -> dict[str, object]:
    """Interrupt after half the chunks (as Ctrl-C would), then run again."""
    connection = Connection(server.store_url, timeout=600)
    graph = GRAPH + "-resume"
    first = plan_upload(
        read_ntriples(big), store=server.store_url, graph=graph, journal_dir=journals
    )
    half = first.chunks // 2

    def interrupt(chunk: ChunkSent) -> None:
        if chunk.number == half:
            raise KeyboardInterrupt

    with contextlib.suppress(KeyboardInterrupt):
        send_upload(connection, first, progress=interrupt)
    in_store_after_interrupt = count(server, graph)
    again = plan_upload(
        read_ntriples(big), store=server.store_url, graph=graph, journal_dir=journals
    )
    sent: list[int] = []
    resume_time, _ = timed(
        lambda: send_upload(connection, again, progress=lambda c: sent.append(c.number))
    )
    return {
        "interrupted_after_chunk": half,
        "in_store_after_interrupt": in_store_after_interrupt,
        "resumed_at_chunk": again.first_chunk + 1,
        "chunks_sent_on_resume": len(sent),
        "resume_s": round(resume_time, 2),
        "count_in_store": count(server, graph),
        "journal_left": any(journals.glob("*.json")),
    }


def measure_bulk(big: Path, folder: Path) -> dict[str, float]:
    """The server's own loaders: `oxigraph load` into a folder, and one HTTP POST of the
    whole file to /store?graph=… of a fresh server."""
    command = [str(oxigraph_command()), "load", "--location", str(folder / "cli")]
    command += ["--graph", GRAPH, "--file", str(big)]
    load_time, _ = timed(lambda: subprocess.run(command, check=True, capture_output=True))
    server = start_server(location=folder / "http", port=free_port())
    try:
        url = f"{server.store_url}?{urllib.parse.urlencode({'graph': GRAPH})}"

        def post() -> None:
            with big.open("rb") as body:
                request = urllib.request.Request(
                    url,
                    data=body,
                    method="POST",
                    headers={
                        "Content-Type": "application/n-triples",
                        "Content-Length": str(big.stat().st_size),
                    },
                )
                urllib.request.urlopen(request, timeout=1800).close()

        post_time, _ = timed(post)
        stored = count(server, GRAPH)
    finally:
        server.stop()
    return {
        "oxigraph_load_s": round(load_time, 2),
        "http_bulk_post_s": round(post_time, 2),
        "http_bulk_count": stored,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=125)
    parser.add_argument("--chunk-size", type=int, action="append")
    parser.add_argument("--out", type=Path, help="write the numbers as JSON here too")
    options = parser.parse_args()
    config = load_config(ROOT)
    with tempfile.TemporaryDirectory(prefix="kg-measure-") as name:
        folder = Path(name)
        big = folder / "kg-1m.nt"
        triples = replicate(config.dist_dir / "kg.nt", big, copies=options.copies, base=config.base)
        results: dict[str, object] = {
            "triples": triples,
            "file_mb": round(big.stat().st_size / 1e6),
        }
        server = start_server(location=folder / "store", port=free_port())
        try:
            results["chunked"] = [
                measure_publish(
                    server,
                    big,
                    chunk_size=size,
                    journals=folder / "journals",
                    graph=f"{GRAPH}-{size}",
                )
                for size in options.chunk_size or [50_000]
            ]
            results["resume"] = measure_resume(server, big, journals=folder / "journals")
        finally:
            server.stop()
        results["bulk"] = measure_bulk(big, folder)
    text = json.dumps(results, indent=2)
    print(text)
    if options.out:
        options.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
