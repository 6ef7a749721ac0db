"""Load a project's annotation files, every problem of a run with its file and line.

An annotation file (``data/annotations/NAME.yaml``, format in ``docs/annotation-format.md``)
describes items found in one verbatim source (``data/sources/NAME.txt`` with its
``NAME.meta.yaml``). Loading checks everything that can be checked before a graph exists —
unknown types and keys (with a did-you-mean), values that do not fit, quotes not found in
the source, references to ids no file defines — and reports all of it together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg_builder.errors import InputError, Problem, did_you_mean
from kg_builder.items import read_item
from kg_builder.model import Corpus, Document, Item, Reference
from kg_builder.schema import Schema
from kg_builder.sources import read_meta, read_source
from kg_builder.yaml_nodes import Entry, NodeReader, line_of

ANNOTATION_SUFFIX = ".yaml"
META_SUFFIX = ".meta.yaml"
SOURCE_SUFFIX = ".txt"


def annotation_files(folder: Path) -> list[Path]:
    """The annotation files of a folder, in a stable order."""
    return sorted(p for p in folder.glob(f"*{ANNOTATION_SUFFIX}") if p.is_file())


def load_corpus(annotation_paths: Iterable[Path], sources: Path, schema: Schema) -> Corpus:
    """Load every annotation file and check references across them.

    :raises InputError: listing every problem of every file.
    """
    problems: list[Problem] = []
    documents: list[Document] = []
    for path in annotation_paths:
        document, found = load_document(path, sources, schema)
        problems.extend(found)
        if document is not None:
            documents.append(document)
    problems.extend(corpus_problems(Declared.of(document) for document in documents))
    if problems:
        raise InputError(problems)
    return Corpus(tuple(documents))


def load_document(
    path: Path, sources: Path, schema: Schema
) -> tuple[Document | None, list[Problem]]:
    """Load one annotation file with its source; returns the problems instead of raising."""
    reader = NodeReader(path)
    stem = path.name.removesuffix(ANNOTATION_SUFFIX)
    source_path = sources / f"{stem}{SOURCE_SUFFIX}"
    text = read_source(source_path, reader)
    meta = read_meta(sources / f"{stem}{META_SUFFIX}", source_path)
    root = reader.compose()
    items: list[Item] = []
    if root is not None:
        entries = {e.key: e for e in reader.entries(root, "the annotation file")}
        for key in sorted(set(entries) - {"source", "items"}):
            reader.problem(
                entries[key].line,
                f"unknown top-level key `{key}`",
                "an annotation file has `source:` and `items:`",
            )
        _check_source_key(entries.get("source"), stem, reader)
        if "items" not in entries:
            reader.problem(line_of(root), "no `items:` list")
        elif text is not None:
            for node in reader.items(entries["items"].node, "`items`"):
                item = read_item(node, text, schema, reader)
                if item is not None:
                    items.append(item)
    problems = reader.problems + meta[1]
    if text is None or meta[0] is None or problems:
        return None, problems
    document = Document(stem, source_path, path, text, meta[0], tuple(items))
    return document, []


def _check_source_key(entry: Entry | None, stem: str, reader: NodeReader) -> None:
    if entry is None:
        reader.problem(1, f"no `source:` key; write `source: {stem}`")
        return
    value = reader.text(entry.node, "`source`")
    if value is not None and value != stem:
        reader.problem(
            entry.line,
            f"`source: {value}` does not match the file name",
            f"this file annotates data/sources/{stem}{SOURCE_SUFFIX}: write `source: {stem}`",
        )


@dataclass(frozen=True)
class Declared:
    """What one file defines and refers to: all that checks across files need."""

    path: Path
    defines: Sequence[tuple[str, str, int]]
    """(id, type, line) of every item."""
    references: Sequence[tuple[str, str, int]]
    """(property, id, line) of every value that names an item."""

    @classmethod
    def of(cls, document: Document) -> Declared:
        return cls(
            document.annotation_path,
            [(item.id, item.type, item.line) for item in document.items],
            [
                (statement.prop.name, statement.value.id, statement.line)
                for item in document.items
                for statement in item.statements
                if isinstance(statement.value, Reference)
            ],
        )


def corpus_problems(files: Iterable[Declared]) -> list[Problem]:
    """Ids defined twice in a file or for two types, and dangling references, across files.

    The same id in two files is the same thing described twice (and is merged when built).
    """
    files = list(files)
    problems: list[Problem] = []
    defined: dict[str, tuple[str, Path, int]] = {}
    for file in files:
        for item_id, kind, line in file.defines:
            first = defined.setdefault(item_id, (kind, file.path, line))
            if first[1] == file.path and first[2] != line:
                problems.append(
                    Problem(
                        file.path,
                        line,
                        f"id `{item_id}` is defined twice in this file (first on line {first[2]})",
                        "describe a thing once per file: merge the two items, or rename one",
                    )
                )
            elif first[0] != kind:
                problems.append(
                    Problem(
                        file.path,
                        line,
                        f"id `{item_id}` is a {kind} here "
                        f"but a {first[0]} at {first[1]}:{first[2]}",
                        "one id names one thing; choose another id for one of them",
                    )
                )
    for file in files:
        for name, item_id, line in file.references:
            if item_id not in defined:
                problems.append(
                    Problem(
                        file.path,
                        line,
                        f"`{name}: {item_id}` refers to an id that no annotation defines",
                        did_you_mean(item_id, defined),
                    )
                )
    return problems
