"""Read a verbatim source and its metadata file (``NAME.txt`` and ``NAME.meta.yaml``).

The text is read exactly as stored — no newline translation — because quote offsets index
it; its SHA-256 must match the one the metadata declares, so that a changed source cannot
silently shift every offset.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import RDFS

from kg_builder.errors import Problem, did_you_mean
from kg_builder.items import read_inferred, read_labels, read_literal, refuse_suggestion
from kg_builder.model import SourceMeta
from kg_builder.text import SourceText
from kg_builder.yaml_nodes import Entry, NodeReader, line_of

META_KEYS = ("title", "language", "sha256", "issued", "genre", "inferred", "suggested")


def read_text(path: Path) -> str:
    """A source's text exactly as stored: ``newline=""`` keeps \\r\\n, since offsets index
    the file exactly.

    :raises OSError: when it cannot be read; UnicodeDecodeError when it is not UTF-8.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def read_source(path: Path, reader: NodeReader) -> SourceText | None:
    try:
        return SourceText(read_text(path))
    except FileNotFoundError:
        reader.problem(
            None,
            f"its source {path} does not exist",
            "put the verbatim text there, named like the annotation file",
        )
    except UnicodeDecodeError as error:
        reader.problem(None, f"its source {path} is not UTF-8 ({error.reason})")
    return None


def read_meta(path: Path, source_path: Path) -> tuple[SourceMeta | None, list[Problem]]:
    reader = NodeReader(path)
    if not path.is_file():
        reader.problem(
            None,
            "the source's metadata file is missing",
            "write title, language and sha256 (see docs/annotation-format.md)",
        )
        return None, reader.problems
    root = reader.compose()
    if root is None:
        return None, reader.problems
    entries = {e.key: e for e in reader.entries(root, "the metadata file")}
    for key in sorted(set(entries) - set(META_KEYS)):
        reader.problem(entries[key].line, f"unknown key `{key}`", did_you_mean(key, META_KEYS))
    if "suggested" in entries:
        refuse_suggestion(entries["suggested"], "metadata file", reader)
    for key in ("title", "language", "sha256"):
        if key not in entries:
            reader.problem(line_of(root), f"`{key}:` is missing")
    titles = read_labels(entries["title"], reader) if "title" in entries else ()
    language = reader.text(entries["language"].node, "`language`") if "language" in entries else ""
    sha = _checked_sha256(entries.get("sha256"), source_path, reader)
    issued = read_literal(entries["issued"], RDFS.Literal, reader) if "issued" in entries else None
    genre = reader.text(entries["genre"].node, "`genre`") if "genre" in entries else None
    stated = {"issued": {str(issued)}} if issued is not None else {}
    inferred = read_inferred(entries.get("inferred"), stated, reader)
    if reader.problems:
        return None, reader.problems
    meta = SourceMeta(titles, language or "", sha or "", issued, genre, inferred)
    return meta, []


def _checked_sha256(entry: Entry | None, source_path: Path, reader: NodeReader) -> str | None:
    if entry is None:
        return None
    written = reader.text(entry.node, "`sha256`")
    if written is None or not source_path.is_file():
        return written
    actual = hashlib.sha256(source_path.read_bytes()).hexdigest()
    if written.lower() != actual:
        reader.problem(
            entry.line,
            f"the source {source_path.name} has changed: its sha256 is {actual}",
            "quote offsets may be wrong now; check the quotes, then write the new checksum here",
        )
    return actual
