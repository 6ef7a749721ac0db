"""Every document of a project built into its part: from the cache when nothing it depends
on has changed, else anew, on every core.

A document's part (``build.DocumentPart``) depends only on its three files (annotation,
source, metadata), the ontology, the base IRI and the code that reads and builds them; the
cache keys it by a SHA-256 of all of these. An edit to one document rebuilds that document
alone. The cache lives in the project (``.kg-cache/``, git-ignored); an entry is written
atomically and one that cannot be read back whole — a crash mid-write, a disk error, an
older version of the code — counts as missing and is rebuilt. Entries no build uses any
more are removed after each build.

Documents are independent, so they are built in parallel by a pool of processes (one per
core) when enough of them need building; each worker loads the ontology once.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg_builder.annotations import (
    ANNOTATION_SUFFIX,
    META_SUFFIX,
    SOURCE_SUFFIX,
    load_document,
)
from kg_builder.build import DocumentPart, build_document
from kg_builder.errors import OutputError, Problem
from kg_builder.outputs import write_outputs
from kg_builder.schema import ONTOLOGY_FILES, Schema, load_ontology, read_schema

CACHE_DIR = ".kg-cache"
CACHE_FORMAT = "parts-1"
PARALLEL_FROM = 64
"""Below this many documents to build, starting worker processes costs more than it saves."""


@dataclass(frozen=True)
class LoadedParts:
    """The parts of a project's documents and what it took to get them."""

    parts: tuple[DocumentPart, ...]
    """The parts of the documents that loaded without a problem, in file order."""
    problems: tuple[Problem, ...]
    rebuilt: tuple[str, ...]
    """Ids of the documents built anew (not taken from the cache)."""


def load_parts(
    annotation_paths: Sequence[Path],
    sources: Path,
    schema: Schema,
    *,
    ontology: Path,
    base: str,
    cache_dir: Path | None,
    workers: int | None = None,
) -> LoadedParts:
    """Load, anchor and build every document, reusing the cache (None: no cache).

    :param ontology: the folder of the ontology the schema was read from (part of the key).
    :param workers: processes to build in (default: one per core).
    """
    context = _context_digest(ontology, base)
    keys = [_document_key(path, sources, context) for path in annotation_paths]
    found: dict[Path, DocumentPart] = {}
    if cache_dir is not None:
        for path, key in zip(annotation_paths, keys, strict=True):
            part = _read_entry(cache_dir, key, path)
            if part is not None:
                found[path] = part
    missing = [path for path in annotation_paths if path not in found]
    problems: list[Problem] = []
    job = _Job(sources, ontology, base)
    key_of = dict(zip(annotation_paths, keys, strict=True))
    for path, (data, trouble) in zip(
        missing, _build_all(missing, job, schema, workers), strict=True
    ):
        problems.extend(trouble)
        if data is not None:
            found[path] = pickle.loads(data)
            if cache_dir is not None:
                _write_entry(cache_dir, key_of[path], data)
    if cache_dir is not None:
        _prune(cache_dir, set(keys))
    parts = tuple(found[path] for path in annotation_paths if path in found)
    rebuilt = tuple(path.name.removesuffix(ANNOTATION_SUFFIX) for path in missing)
    return LoadedParts(parts, tuple(problems), rebuilt)


@dataclass(frozen=True)
class _Job:
    """What every document of a build shares (sent to the worker processes)."""

    sources: Path
    ontology: Path
    base: str


Built = tuple[bytes | None, list[Problem]]
"""A document's part pickled as the cache keeps it (None when it has problems), and its
problems: a worker pickles the part once, to send it and to cache it."""


def _build_all(
    paths: list[Path], job: _Job, schema: Schema, workers: int | None
) -> Iterator[Built]:
    """The documents built, in order, one at a time: each pickle is let go once read."""
    count = workers or os.cpu_count() or 1
    if len(paths) < PARALLEL_FROM or count < 2:
        yield from (_build_one(path, job, schema) for path in paths)
        return
    chunk = max(1, len(paths) // (count * 8))
    with ProcessPoolExecutor(count) as pool:
        yield from pool.map(_build_in_worker, paths, [job] * len(paths), chunksize=chunk)


def _build_one(path: Path, job: _Job, schema: Schema) -> Built:
    document, problems = load_document(path, job.sources, schema)
    if document is None:
        return None, problems
    part = build_document(document, schema, base=job.base)
    return pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL), []


def _build_in_worker(path: Path, job: _Job) -> Built:
    return _build_one(path, job, _worker_schema(job.ontology))


@cache
def _worker_schema(ontology: Path) -> Schema:
    """The schema, read once in each worker process."""
    return read_schema(load_ontology(ontology))


@cache
def _code_digest() -> str:
    """The code that reads and builds documents: a new version invalidates every entry."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    package = Path(__file__).parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _context_digest(ontology: Path, base: str) -> str:
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(base.encode())
    for name in ONTOLOGY_FILES:
        path = ontology / name
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _document_key(path: Path, sources: Path, context: str) -> str:
    digest = hashlib.sha256(context.encode())
    stem = path.name.removesuffix(ANNOTATION_SUFFIX)
    digest.update(str(path).encode())
    for file in (path, sources / f"{stem}{SOURCE_SUFFIX}", sources / f"{stem}{META_SUFFIX}"):
        try:
            data = file.read_bytes()
        except OSError:
            data = b"-"  # a missing file is a problem the loader reports
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / "parts" / key[:2] / f"{key}.pickle"


def _read_entry(cache_dir: Path, key: str, path: Path) -> DocumentPart | None:
    entry = _entry(cache_dir, key)
    try:
        with entry.open("rb") as stream:
            part = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign entry: rebuilt, never trusted
        entry.unlink(missing_ok=True)
        return None
    if not isinstance(part, DocumentPart) or part.annotation_path != path:
        entry.unlink(missing_ok=True)
        return None
    return part


def _write_entry(cache_dir: Path, key: str, data: bytes) -> None:
    """Written beside its place and renamed into it: a reader never sees half an entry.
    A cache that cannot be written only makes the next build slower."""
    entry = _entry(cache_dir, key)
    try:
        write_outputs(entry.parent, {entry.name: data})
    except (OSError, OutputError):
        return


def _prune(cache_dir: Path, keep: set[str]) -> None:
    folder = cache_dir / "parts"
    if not folder.is_dir():
        return
    for shard in folder.iterdir():
        for entry in shard.iterdir() if shard.is_dir() else ():
            if entry.name.removesuffix(".pickle") not in keep:
                entry.unlink(missing_ok=True)
