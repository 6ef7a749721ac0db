"""The journal of an upload in progress: how many chunks of which file a store has
acknowledged, so that an interrupted ``kg publish`` resumes instead of starting over.

One small JSON file per store and graph, under ``.kg-cache/publish/`` (git-ignored),
rewritten atomically after every acknowledged chunk — an interruption at any moment leaves
the last complete record, never half of one. It records the file's SHA-256 and the chunk
size: a journal of another build, or of other chunks, does not apply.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from kg_builder.outputs import write_outputs


@dataclass(frozen=True)
class Journal:
    """How far one upload got."""

    store: str
    graph: str
    sha256: str
    """Of the N-Triples file being sent."""
    chunk_size: int
    mode: str
    chunks: int
    acknowledged: int
    """Chunks the store has acknowledged, from the first on."""


def journal_path(folder: Path, *, store: str, graph: str) -> Path:
    """Where the journal of uploads of ``graph`` to ``store`` is kept (the URL holds no
    credentials: ``Connection`` refuses such URLs).

    >>> journal_path(Path("j"), store="http://127.0.0.1:7878/store", graph="https://e.org/g")
    PosixPath('j/5df2e49e35d14a2f12f2.json')
    """
    key = hashlib.sha256(f"{store}\n{graph}".encode()).hexdigest()[:20]
    return folder / f"{key}.json"


def read_journal(path: Path) -> Journal | None:
    """The journal at ``path``; None when there is none, or it cannot be read (which only
    costs sending again what was sent)."""
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        return Journal(**fields)
    except (OSError, ValueError, TypeError):
        return None


def write_journal(path: Path, journal: Journal, *, acknowledged: int) -> Journal:
    """Record that ``acknowledged`` chunks are in the store (atomically).

    :raises OutputError: when the journal cannot be written.
    """
    updated = dataclasses.replace(journal, acknowledged=acknowledged)
    text = json.dumps(dataclasses.asdict(updated), indent=2) + "\n"
    write_outputs(path.parent, {path.name: text.encode("utf-8")})
    return updated
