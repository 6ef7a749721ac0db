"""Send a large N-Triples file to a graph store in chunks, resumably.

``kg build`` writes the graph as sorted N-Triples (``dist/kg.nt``), one triple a line, so
it can go to a store without ever being parsed whole by rdflib: the lines are sent in
chunks of ``chunk_size`` triples, each one Graph Store Protocol request — a ``PUT`` of the
first (which replaces the graph) and a ``POST`` of each later one (which adds to it).

After each chunk the store acknowledges, a journal (``journal.py``) records how many it
has; run again after an interruption (Ctrl-C, a dropped connection, a store that went
away), the upload continues after the last acknowledged chunk. This never duplicates a
triple: an RDF graph is a set, so sending a triple the store already holds adds nothing —
a chunk that arrived but whose acknowledgement was lost is simply sent again, harmlessly.
That holds for ground triples only: a blank node is scoped to one request, so the same
``_:b`` sent twice would become two nodes. The built data mints IRIs for everything, and a
file with a blank node is refused rather than silently duplicated.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from kg_builder.errors import EndpointError, InputError, Problem
from kg_builder.journal import Journal, journal_path, read_journal, write_journal
from kg_builder.publish import Mode, store_request, verify_graph
from kg_builder.remote import Connection, check_graph_iri
from kg_builder.verify import GraphCheck

DEFAULT_CHUNK_SIZE = 50_000
"""Triples per request: a few megabytes, which any store takes in well under a second."""

_BLANK = re.compile(rb"(^|\s)_:")


@dataclass(frozen=True)
class NTriplesFile:
    """An N-Triples file, checked and counted."""

    path: Path
    sha256: str
    triples: int


@dataclass(frozen=True)
class Upload:
    """What sending a file into one graph of one store will do."""

    source: NTriplesFile
    store: str
    graph: str
    mode: Mode
    chunk_size: int
    journal: Path
    first_chunk: int = 0
    """The chunk to start at: after the last one an interrupted upload had acknowledged."""
    set_aside: str | None = None
    """Why the journal of an earlier upload does not apply (then it starts afresh)."""

    @property
    def chunks(self) -> int:
        """Requests in all (one, possibly empty, for an empty file)."""
        return max(1, -(-self.source.triples // self.chunk_size))

    @property
    def already_sent(self) -> int:
        """Triples the store acknowledged before this run."""
        return min(self.first_chunk * self.chunk_size, self.source.triples)


@dataclass(frozen=True)
class ChunkSent:
    """One chunk the store acknowledged (numbered from 1), for progress reports."""

    number: int
    chunks: int
    triples: int


def read_ntriples(path: Path) -> NTriplesFile:
    """Check an N-Triples file (pyoxigraph parses it: about a million triples a second),
    count its triples and hash its bytes.

    :raises InputError: naming the file and line of a syntax error or of a blank node.
    """
    import pyoxigraph as ox

    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
        triples = 0
        for statement in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES):
            triples += 1
            if isinstance(statement.subject, ox.BlankNode) or isinstance(
                statement.object, ox.BlankNode
            ):
                raise _blank_node(path)
    except SyntaxError as error:
        line = re.search(r"at line (\d+)", str(error))
        raise InputError(
            [Problem(path, int(line[1]) if line else None, f"not N-Triples: {error}")]
        ) from error
    except OSError as error:
        raise InputError([Problem(path, None, f"cannot read: {error.strerror}")]) from error
    return NTriplesFile(path, digest.hexdigest(), triples)


def plan_upload(
    source: NTriplesFile,
    *,
    store: str,
    graph: str,
    journal_dir: Path,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    mode: Mode = Mode.REPLACE,
    restart: bool = False,
) -> Upload:
    """Where an upload starts: after the chunks an interrupted one of the same file, to the
    same graph of the same store, in chunks of the same size, had acknowledged; else (or
    with ``restart``) at the first chunk.

    :raises EndpointError: when ``graph`` is not an absolute IRI.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk size {chunk_size}: must be at least 1")
    path = journal_path(journal_dir, store=store, graph=check_graph_iri(graph))
    upload = Upload(source, store, graph, mode, chunk_size, path)
    earlier = read_journal(path)
    if earlier is None:
        return upload
    if restart:
        return replace(upload, set_aside="--restart")
    differs = [
        what
        for what, was, now in (
            (f"{source.path} changed", earlier.sha256, source.sha256),
            ("the chunk size differs", earlier.chunk_size, chunk_size),
            ("the mode differs", earlier.mode, mode.value),
        )
        if was != now
    ]
    if differs:
        return replace(upload, set_aside="; ".join(differs))
    return replace(upload, first_chunk=earlier.acknowledged)


def send_upload(
    connection: Connection,
    upload: Upload,
    *,
    progress: Callable[[ChunkSent], None] | None = None,
) -> GraphCheck:
    """Send the chunks from ``upload.first_chunk`` on, recording each acknowledged one in
    the journal, then read the graph back and compare it with the file. The journal is
    removed once the comparison is made.

    :raises EndpointError: naming the store, the request and how far the upload got.
    """
    journal = Journal(
        store=upload.store,
        graph=upload.graph,
        sha256=upload.source.sha256,
        chunk_size=upload.chunk_size,
        mode=upload.mode.value,
        chunks=upload.chunks,
        acknowledged=upload.first_chunk,
    )
    chunks = _chunks(upload.source.path, upload.chunk_size, start=upload.first_chunk)
    for number, (body, triples) in enumerate(chunks, start=upload.first_chunk):
        method = "PUT" if number == 0 and upload.mode is Mode.REPLACE else "POST"
        try:
            store_request(connection, method, upload.graph, body=body)
        except EndpointError as error:
            if not number:
                raise
            raise EndpointError(
                f"{error}; {number} of {upload.chunks} chunks are in the store: "
                "run the same command again to resume"
            ) from error
        journal = write_journal(upload.journal, journal, acknowledged=number + 1)
        if progress is not None:
            progress(ChunkSent(number + 1, upload.chunks, triples))
    sent = upload.source.path.read_bytes()
    check = verify_graph(connection, upload.graph, sent, mode=upload.mode)
    # Compared, the upload is over: should triples be missing, the next run sends them all.
    upload.journal.unlink(missing_ok=True)
    return check


def _chunks(path: Path, size: int, *, start: int) -> Iterator[tuple[bytes, int]]:
    """The file's triple lines in chunks of ``size`` (body, triples), from chunk ``start``;
    one empty chunk for a file without triples (so that replacing still empties the graph)."""
    with path.open("rb") as stream:
        lines = (line for line in stream if line.strip() and not line.lstrip().startswith(b"#"))
        for _ in islice(lines, start * size):
            pass  # acknowledged before
        sent = False
        while batch := list(islice(lines, size)):
            sent = True
            body = b"".join(line if line.endswith(b"\n") else line + b"\n" for line in batch)
            yield body, len(batch)
        if not sent and start == 0:
            yield b"", 0


def _blank_node(path: Path) -> InputError:
    """The first line of ``path`` with a blank node, as a problem to fix."""
    import pyoxigraph as ox

    found = None
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if _BLANK.search(line) and any(
                isinstance(term, ox.BlankNode)
                for statement in ox.parse(line, ox.RdfFormat.N_TRIPLES)
                for term in (statement.subject, statement.object)
            ):
                found = number
                break
    return InputError(
        [
            Problem(
                path,
                found,
                "a blank node: chunks are separate requests, and a blank node sent twice "
                "(when an interrupted upload resumes) would become two nodes",
                "mint an IRI for it (the built graph has none), or publish with a tool that "
                "sends the whole file at once",
            )
        ]
    )
