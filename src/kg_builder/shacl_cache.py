"""Which runs of SHACL Core had nothing to report, so that a rebuild skips them.

A run (``shacl_core``) is known by the SHA-256 of everything that decides its report: the
shapes file, the engine and the code that runs it, and what the run validates (its triples,
its neighbours, the ontology's hierarchy, its focus nodes). Only runs without a result are
kept: their report is empty, whatever the blank nodes of the shapes are called in this
process, so a key is all there is to store. The keys live in one file of the project's
cache (``.kg-cache/``), rewritten after each validation with the clean runs of that graph;
after an edit of one document only the runs around its subjects are validated again.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from kg_builder.errors import OutputError
from kg_builder.outputs import write_outputs

CACHE_FILE = "shacl-runs.txt"
CACHE_FORMAT = "shacl-runs-1"


class RunCache:
    """The clean runs of the last validation, and those of this one as they are found."""

    def __init__(self, folder: Path, *, shapes_file: Path) -> None:
        self.path = folder / CACHE_FILE
        digest = hashlib.sha256(CACHE_FORMAT.encode())
        digest.update(version("pyshacl-turbo").encode())
        package = Path(__file__).parent
        for module in ("shacl_cache.py", "shacl_core.py", "sparql_constraints.py"):
            digest.update((package / module).read_bytes())
        digest.update(shapes_file.read_bytes())
        self.context = digest.digest()
        try:
            self.known = set(self.path.read_text(encoding="ascii").split())
        except (OSError, ValueError):  # no cache yet, or a damaged one: validate everything
            self.known = set()
        self.clean: set[str] = set()

    def key(self, data: bytes, focus: list[bytes] | None) -> str:
        """The key of a run: its data and focus nodes (None: every node) in this context."""
        digest = hashlib.sha256(self.context)
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
        digest.update(b"\n".join(focus) if focus is not None else b"*")
        return digest.hexdigest()

    def is_clean(self, key: str) -> bool:
        """Whether the run had no result last time (and so has none now)."""
        if key in self.known:
            self.clean.add(key)
            return True
        return False

    def record(self, key: str) -> None:
        """A run found to have no result."""
        self.clean.add(key)

    def save(self) -> None:
        """Keep the clean runs of this validation, written whole or not at all. A cache that
        cannot be written only makes the next build slower."""
        keys = "".join(f"{key}\n" for key in sorted(self.clean)).encode("ascii")
        try:
            write_outputs(self.path.parent, {self.path.name: keys})
        except (OSError, OutputError):
            return
