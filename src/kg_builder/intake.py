"""Bring a new source into a project: its verbatim text, a drafted metadata file and an
annotation file, written together (``kg suggest``, ``kg import``).

A source read from elsewhere is copied byte for byte into the project's sources folder (the
offsets of its quotes index exactly those bytes); a source already there must be the same
bytes. An existing annotation file is never overwritten unless asked, and nothing is written
unless everything can be.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kg_builder.annotations import (
    ANNOTATION_SUFFIX,
    META_SUFFIX,
    SOURCE_SUFFIX,
    annotation_files,
    load_document,
)
from kg_builder.config import Config
from kg_builder.drafts import render_meta
from kg_builder.errors import InputError, Problem
from kg_builder.items import ID_PATTERN
from kg_builder.model import Item
from kg_builder.quoting import clean_text
from kg_builder.schema import Schema

TITLE_LENGTH = 60


@dataclass(frozen=True)
class KnownItems:
    """The items of a project's annotation files, and the files that could not be read."""

    items: tuple[Item, ...]
    skipped: tuple[Path, ...]


def document_id(path: Path) -> str:
    """The id of the document a source file holds: its name without ``.txt``.

    :raises InputError: when the name cannot be a document id.
    """
    stem = path.name.removesuffix(SOURCE_SUFFIX)
    if not ID_PATTERN.match(stem):
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    f"`{stem}` cannot name a document",
                    "rename the file: lower-case "
                    "ASCII letters, digits and hyphens, e.g. `luzang-aid-2024.txt`",
                )
            ]
        )
    return stem


def read_verbatim(path: Path) -> str:
    """A source text exactly as stored (no newline translation).

    :raises InputError: when it is missing or not UTF-8.
    """
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        problem = Problem(path, None, "no such file")
    except UnicodeDecodeError as error:
        problem = Problem(path, None, f"not UTF-8 text ({error.reason} at byte {error.start})")
    raise InputError([problem])


def known_items(config: Config, schema: Schema, *, excluding: str) -> KnownItems:
    """Every item of the project's annotation files but the one of document ``excluding``.

    A file with problems (one still holding suggestions, say) is skipped, not fatal: it
    only means fewer names are known.
    """
    items: list[Item] = []
    skipped: list[Path] = []
    for path in annotation_files(config.annotations_dir):
        if path.name == f"{excluding}{ANNOTATION_SUFFIX}":
            continue
        document, problems = load_document(path, config.sources_dir, schema)
        if document is None or problems:
            skipped.append(path)
        else:
            items.extend(document.items)
    return KnownItems(tuple(items), tuple(skipped))


def document_files(
    config: Config, name: str, text: str, annotation: str, *, overwrite: bool = False
) -> dict[str, bytes]:
    """The files (relative to the project) that add a document: source, metadata, annotations.

    Write them with ``kg_builder.outputs.write_outputs(config.root, files)``: all or nothing.

    :raises InputError: when the project already has a different source of that name, or
        already has its annotation file (unless ``overwrite``).
    """
    sources = config.sources_dir.relative_to(config.root)
    annotations = config.annotations_dir.relative_to(config.root)
    source_path = config.sources_dir / f"{name}{SOURCE_SUFFIX}"
    annotation_path = config.annotations_dir / f"{name}{ANNOTATION_SUFFIX}"
    data = text.encode("utf-8")
    files: dict[str, bytes] = {}
    if not source_path.exists():
        files[str(sources / f"{name}{SOURCE_SUFFIX}")] = data
    elif source_path.read_bytes() != data:
        raise InputError(
            [
                Problem(
                    source_path,
                    None,
                    "the project has a different source of this name",
                    "rename the new file, or compare the two: quotes index the stored bytes",
                )
            ]
        )
    if not (config.sources_dir / f"{name}{META_SUFFIX}").exists():
        files[str(sources / f"{name}{META_SUFFIX}")] = render_meta(
            title=_title(text),
            language="zh",
            sha256=hashlib.sha256(data).hexdigest(),
            why="metadata drafted from the source",
        ).encode("utf-8")
    if annotation_path.exists() and not overwrite:
        raise InputError(
            [
                Problem(
                    annotation_path,
                    None,
                    "already exists; nothing was written",
                    "write elsewhere with --out, or replace it with --force",
                )
            ]
        )
    files[str(annotations / f"{name}{ANNOTATION_SUFFIX}")] = annotation.encode("utf-8")
    return files


def _title(text: str) -> str:
    """A first guess at the title: the first line with words in it."""
    for line in text.splitlines():
        cleaned = clean_text(line)
        if len(cleaned) > 1:
            return cleaned[:TITLE_LENGTH]
    return "（无标题）"
