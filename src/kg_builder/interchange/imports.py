"""``kg import`` and ``kg export-brat``: a project's documents to and from annotation tools.

An import reads the tool's files, maps its labels (``mapping.py``), drafts one annotation
file per document (``tool_documents.py``) and returns the files that add each document to
the project (``kg_builder.intake``): nothing is written when any document has a problem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg_builder.annotations import SOURCE_SUFFIX, annotation_files, load_corpus
from kg_builder.config import Config
from kg_builder.drafts import render_file
from kg_builder.errors import InputError, Problem
from kg_builder.gazetteer import GAZETTEER_FILE, Entity, known_entities, load_gazetteer
from kg_builder.intake import document_files, known_items
from kg_builder.interchange.brat import annotation_conf, read_brat, write_brat
from kg_builder.interchange.label_studio import read_label_studio
from kg_builder.interchange.mapping import load_mapping
from kg_builder.interchange.offsets import OffsetUnit
from kg_builder.interchange.tool_documents import ToolDocument, ToolDraft, draft_from_tool
from kg_builder.items import ID_PATTERN
from kg_builder.schema import Schema


@dataclass(frozen=True)
class Imported:
    """What an import makes: one draft per document, and the files that hold them."""

    drafts: tuple[ToolDraft, ...]
    files: Mapping[str, bytes]
    """Relative to the project (or to ``out``): sources, drafted metadata, annotation files."""


def import_brat(
    config: Config, folder: Path, *, schema: Schema, mapping: Path | None = None,
    out: Path | None = None, overwrite: bool = False,
) -> Imported:  # fmt: skip
    """The annotation files of the brat documents of ``folder``.

    :raises InputError: every problem of every document (nothing to write then).
    """
    documents, problems = read_brat(folder)
    return _drafted(
        config, documents, problems, schema=schema, mapping=mapping, out=out, overwrite=overwrite
    )


def import_label_studio(
    config: Config, export: Path, *, schema: Schema, mapping: Path | None = None,
    out: Path | None = None, overwrite: bool = False, text_key: str = "text",
    offsets: OffsetUnit = OffsetUnit.AUTO, name: str | None = None,
) -> Imported:  # fmt: skip
    """The annotation files of the tasks of a Label Studio JSON export.

    A task whose text is byte for byte a source of the project annotates that source;
    otherwise it is a new source named ``name`` (one task only) or ``task-<id>``.

    :raises InputError: every problem of every task.
    """
    tasks, problems = read_label_studio(export, text_key=text_key, offsets=offsets)
    if name is not None and len(tasks) != 1:
        problems.append(
            Problem(export, None, f"--name names one document; the export has {len(tasks)} tasks")
        )
    existing = {
        path.read_bytes(): path.name.removesuffix(SOURCE_SUFFIX)
        for path in sorted(config.sources_dir.glob(f"*{SOURCE_SUFFIX}"))
    }
    documents: list[ToolDocument] = []
    for task_id, document in tasks:
        chosen = existing.get(document.text.encode("utf-8")) or name or f"task-{task_id}"
        if not ID_PATTERN.match(chosen):
            problems.append(
                Problem(export, None, f"`{chosen}` cannot name a document", "give --name NAME")
            )
            continue
        documents.append(replace(document, name=chosen))
    return _drafted(
        config, documents, problems, schema=schema, mapping=mapping, out=out, overwrite=overwrite
    )


def export_brat(config: Config, *, schema: Schema, names: Sequence[str] = ()) -> dict[str, bytes]:
    """brat files of the project's documents (all, or those named), with ``annotation.conf``.

    :raises InputError: when the annotations do not load, or a name is not a document.
    """
    corpus = load_corpus(annotation_files(config.annotations_dir), config.sources_dir, schema)
    chosen = [d for d in corpus.documents if not names or d.id in names]
    unknown = sorted(set(names) - {d.id for d in corpus.documents})
    if unknown:
        raise InputError(
            [Problem(config.annotations_dir, None, f"no document `{n}`") for n in unknown]
        )
    files = {"annotation.conf": annotation_conf(schema)}
    for document in chosen:
        files.update(write_brat(document, schema))
    return files


def _drafted(
    config: Config, documents: Sequence[ToolDocument], problems: list[Problem], *,
    schema: Schema, mapping: Path | None, out: Path | None, overwrite: bool,
) -> Imported:  # fmt: skip
    labels = load_mapping(mapping, schema)
    gazetteer_path = config.reference_dir / GAZETTEER_FILE
    places = (
        load_gazetteer(gazetteer_path, list(schema.classes)) if gazetteer_path.is_file() else []
    )
    drafts: list[ToolDraft] = []
    files: dict[str, bytes] = {}
    for document in documents:
        names = _names(config, schema, places, excluding=document.name)
        draft = draft_from_tool(document, labels, schema, names=names)
        problems.extend(draft.problems)
        drafts.append(draft)
        annotation = render_file(draft.draft)
        if out is not None:
            files[f"{document.name}.yaml"] = annotation.encode("utf-8")
            continue
        try:
            files.update(
                document_files(
                    config, document.name, document.text, annotation, overwrite=overwrite
                )
            )
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return Imported(tuple(drafts), files)


def _names(
    config: Config, schema: Schema, places: Sequence[Entity], *, excluding: str
) -> list[Entity]:
    """The gazetteer and the items of the other documents: names that already have ids."""
    known = known_entities(known_items(config, schema, excluding=excluding).items)
    ids = {place.id for place in places}
    return [*places, *(e for e in known if e.id not in ids)]
