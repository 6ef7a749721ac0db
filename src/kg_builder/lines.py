"""Reading the N-Triples of a built graph as lines of bytes, without parsing them.

Every line of ``BuiltGraph.ntriples`` is written by rdflib's N-Triples serialiser:
``subject predicate object .``, one space between the terms, and subjects and predicates
(IRIs ``<…>`` or blank nodes ``_:…``) hold no space — so a line splits into its three terms
at its first two spaces, and its lines are sorted, so one subject's lines are found by
bisecting the bytes. Counting and picking over these bytes is several times faster than
parsing every triple into terms (or splitting a million lines to look at a few).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from zlib import crc32

RUN_TRIPLES = 3_000
"""Triples per run (``subject_runs``), on average. For SHACL Core: pyshacl-turbo's time
grows faster than the graph it is given (136 000 triples: 18 s in one run; in runs of
12 000, 6 000, 3 000 and 1 500: 4.0, 3.6, 3.0 and 3.0 s of CPU), and in smaller runs the
neighbours each run carries weigh more. For the exports: a run costs little more to
serialise alone than as part of the whole, and an edit makes little to redo."""

CHUNK = 1 << 22
"""Bytes split into lines at a time: a list of all the lines of a million-triple graph
would hold hundreds of megabytes."""


def line_chunks(ntriples: bytes, *, chunk: int = CHUNK) -> Iterator[list[bytes]]:
    """The lines (without their line ends), a few megabytes of them at a time.

    >>> list(line_chunks(b"<a> <p> <b> .\\n<b> <p> <c> .\\n<c> <p> <d> .\\n", chunk=20))
    [[b'<a> <p> <b> .', b'<b> <p> <c> .'], [b'<c> <p> <d> .']]
    """
    start = 0
    while start < len(ntriples):
        end = ntriples.find(b"\n", start + chunk) + 1 or len(ntriples)
        yield ntriples[start:end].splitlines()
        start = end


def subject_block(ntriples: bytes, subject: bytes) -> bytes:
    """The lines of one subject (``<iri>`` or ``_:id``) in sorted N-Triples, found by
    bisection over the bytes (no list of lines needed).

    >>> subject_block(b"<a> <p> <b> .\\n<b> <p> <c> .\\n<b> <q> <d> .\\n", b"<b>")
    b'<b> <p> <c> .\\n<b> <q> <d> .\\n'
    """
    prefix = subject + b" "
    start = end = line_place(ntriples, prefix, after_equal=False)
    while ntriples.startswith(prefix, end):
        end = ntriples.find(b"\n", end) + 1 or len(ntriples)
    return ntriples[start:end]


def line_place(ntriples: bytes, key: bytes, *, after_equal: bool) -> int:
    """The offset where ``key`` goes among the lines of sorted N-Triples (each compared
    with its line end), as ``bisect`` places it in the list of lines — before the lines
    equal to it, or after them — found by bisecting the bytes: no list of lines is made.

    >>> line_place(b"<a> <p> <b> .\\n<b> <p> <c> .\\n", b"<b> <p> <c> .\\n", after_equal=False)
    14
    >>> line_place(b"<a> <p> <b> .\\n<b> <p> <c> .\\n", b"<b> <p> <c> .\\n", after_equal=True)
    28
    """
    low, high = 0, len(ntriples)  # both always at the start of a line
    while low < high:
        start = ntriples.rfind(b"\n", low, (low + high) // 2) + 1 or low
        end = ntriples.find(b"\n", start) + 1 or len(ntriples)
        line = ntriples[start:end]
        if line < key or (after_equal and line == key):
            low = end
        else:
            high = start
    return low


def subject_runs(ntriples: bytes, size: int) -> Iterator[tuple[int, int]]:
    """Byte ranges of about ``size`` lines, never splitting a subject's lines: each at least
    half of ``size``, then ending before a subject whose CRC-32 is a multiple of ``size // 8``
    (about four lines a subject: half of ``size`` more on average), or at twice ``size``.
    A cut depends on the lines around it, not on its position in the graph, so an edit moves
    only the cuts near it: SHACL Core validates (``shacl_core``) and the exports serialise
    (``export/fragments``) run by run, and keep what unchanged runs gave.

    >>> graph = b"".join(b"<s%d> <p> <o> .\\n" % n for n in range(10))
    >>> runs = list(subject_runs(graph, 4))
    >>> runs[0][0], runs[-1][1] == len(graph), all(a[1] == b[0] for a, b in zip(runs, runs[1:]))
    (0, True, True)
    """
    modulus, half, double = max(1, size // 8), max(1, size // 2), 2 * size
    start = start_line = offset = number = 0
    previous = b""
    for chunk in line_chunks(ntriples):
        place = 0
        while place < len(chunk):
            before_cut = start_line + half - number  # lines to pass before a cut can come
            if before_cut > 0:  # passed over by the length alone, not line by line
                skipped = chunk[place : place + before_cut]
                offset += sum(map(len, skipped)) + len(skipped)
                number += len(skipped)
                place += len(skipped)
                previous = skipped[-1].split(b" ", 1)[0]
                continue
            line = chunk[place]
            subject = line.split(b" ", 1)[0]
            if subject != previous and (
                crc32(subject) % modulus == 0 or number - start_line >= double
            ):
                yield start, offset
                start, start_line = offset, number
            previous = subject
            offset += len(line) + 1
            number += 1
            place += 1
    if start < len(ntriples):
        yield start, len(ntriples)


@lru_cache(maxsize=1)
def graph_cuts(ntriples: bytes, size: int) -> tuple[tuple[int, int], ...]:
    """``subject_runs`` of a graph, found once: validation and every export cut the same
    graph the same way (``kg build`` finds them before the publication process is forked,
    so that both have them)."""
    return tuple(subject_runs(ntriples, size))
