"""Whole-graph exports written run by run, each run's text kept for the next build.

Turtle, RDF/XML and JSON-LD write a subject's triples together and nothing that spans two
subjects, so a file is its head, the texts of consecutive runs of subjects, and its tail —
byte for byte what serialising the whole graph at once gives (the tests hold it so). The
runs are cut where the content says (``lines.subject_runs``), as SHACL Core cuts them, so an
edit of one document changes only the runs holding its subjects (the cuts are found
once for both, ``lines.graph_cuts``).

``kg build`` keeps each run's text in the project's cache (``.kg-cache/exports/``) under the
SHA-256 of everything that decides it: the run's triples, the format and its prefixes or
context, this code and pyoxigraph's version. A rebuild then serialises only the runs that
changed and reads the others back; each entry carries the SHA-256 of its text, and one that
does not match is made again, never trusted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib.metadata import version
from pathlib import Path

from kg_builder.errors import OutputError
from kg_builder.lines import RUN_TRIPLES, graph_cuts, line_place
from kg_builder.outputs import write_outputs

CACHE_SUBDIR = "exports"
_DIGEST = 32  # bytes of SHA-256


class FragmentCache:
    """Texts of runs by their keys, one file each, in a folder of the project's cache."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def key(self, fingerprint: bytes, run: bytes) -> str:
        digest = hashlib.sha256(_code_digest())
        for part in (fingerprint, run):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def text(self, key: str) -> bytes | None:
        """The text kept under ``key``, or None (none kept, or a damaged entry)."""
        try:
            stored = (self.folder / key).read_bytes()
        except OSError:
            return None
        text = stored[_DIGEST:]
        if hashlib.sha256(text).digest() != stored[:_DIGEST]:
            return None
        self.used.add(key)
        return text

    def keep(self, key: str, text: bytes) -> None:
        """Keep a run's text; a cache that cannot be written only makes the next build slower."""
        self.used.add(key)
        try:
            write_outputs(self.folder, {key: hashlib.sha256(text).digest() + text})
        except OutputError:
            return

    def prune(self) -> None:
        """Remove the texts this build did not use: runs of graphs that are gone."""
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name not in self.used:
                entry.unlink(missing_ok=True)


def graph_runs(ntriples: bytes, header: bytes, run_triples: int | None = None) -> Iterator[bytes]:
    """The runs of the sorted N-Triples (``lines.subject_runs``), with the header line in
    its sorted place, in the run it falls in; one at a time (together they would be the
    graph once more).

    :param run_triples: triples per run, on average (default ``RUN_TRIPLES``).
    """
    place = line_place(ntriples, header, after_equal=True)
    cuts = graph_cuts(ntriples, run_triples or RUN_TRIPLES) or ((0, 0),)
    for number, (start, end) in enumerate(cuts):
        if start <= place < end or (number == len(cuts) - 1 and place >= start):
            yield ntriples[start:place] + header + ntriples[place:end]
        else:
            yield ntriples[start:end]


def cached_texts(
    runs: Iterable[bytes],
    render: Callable[[bytes], bytes],
    *,
    fingerprint: bytes,
    cache: FragmentCache | None,
) -> list[bytes]:
    """``render`` of each run, in order, taken from ``cache`` where it has it (and kept
    there when made).

    :param fingerprint: all that ``render`` depends on besides the run (format, prefixes).
    """
    texts = []
    for run in runs:
        key = cache.key(fingerprint, run) if cache is not None else ""
        text = cache.text(key) if cache is not None else None
        if text is None:
            text = render(run)
            if cache is not None:
                cache.keep(key, text)
        texts.append(text)
    return texts


@cache
def _code_digest() -> bytes:
    """What makes the texts besides the runs: this code and the serialisers."""
    digest = hashlib.sha256(version("pyoxigraph").encode())
    export = Path(__file__).parent
    for module in (export / "fragments.py", export / "formats.py", export / "jsonld.py"):
        digest.update(module.read_bytes())
    return digest.digest()
