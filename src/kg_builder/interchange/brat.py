"""brat standoff files (https://brat.nlplab.org/standoff.html): read them, and write them.

A brat document is ``NAME.txt`` with ``NAME.ann`` beside it; each line of ``.ann`` is one
annotation, tab-separated:

    T1	County 52 55	白朗县                 entity: type, fragments "start end;start end", text
    R1	sentBy Arg1:T3 Arg2:T1             relation
    *	Equiv T1 T4                        equivalence: the spans name the same thing
    A1	fundingCategory T5 aid-funds       attribute (M1 in old files), value optional
    N1	Reference T1 kg:bainang	白朗县     normalisation: the span is entity kg:bainang
    #1	AnnotatorNotes T1	free text       note

Offsets count Unicode code points of the ``.txt`` (brat is written in Python), which is what
kg_builder's offsets are, so they are taken as they are — and checked against the text the
line gives. brat events (``E``) have no counterpart in the annotation format and are refused.

Writing (``kg export-brat``) gives every item's quotes as ``T`` spans (split at line breaks,
as brat shows text line by line), links each to its item with a normalisation ``kg:<id>``,
puts references between items of the document in ``R`` relations, and everything else the
item says (labels, literal values, concepts, comments, inferred notes) in a note holding one
YAML mapping — which the import reads back, so nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import yaml

from kg_builder.drafts import draft_item, written_values
from kg_builder.errors import Problem
from kg_builder.interchange.tool_documents import ToolDocument, ToolEntity, ToolRelation
from kg_builder.model import Document, Reference
from kg_builder.schema import Schema, ValueKind

REFERENCE_DB = "kg"
"""The normalisation database name of kg_builder's own item ids."""

_FRAGMENT = re.compile(r"^(\d+) (\d+)$")
_LINE_BREAK = re.compile(r"\s*\n\s*")


def read_brat(folder: Path) -> tuple[list[ToolDocument], list[Problem]]:
    """Every ``NAME.txt`` + ``NAME.ann`` pair of a folder."""
    documents: list[ToolDocument] = []
    problems: list[Problem] = []
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        problems.append(Problem(folder, None, "no brat documents (NAME.txt with NAME.ann) here"))
    for text_path in texts:
        ann_path = text_path.with_suffix(".ann")
        if not ann_path.is_file():
            problems.append(Problem(text_path, None, f"has no {ann_path.name} beside it"))
            continue
        with text_path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        document, found = _read_ann(ann_path, text)
        documents.append(document)
        problems.extend(found)
    return documents, problems


def _read_ann(path: Path, text: str) -> tuple[ToolDocument, list[Problem]]:
    reader = _AnnReader(path, text)
    with path.open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            reader.read_line(number, line.split("\t"))
    for number, parts in reader.pending:
        reader.read_about(number, parts)
    return reader.document(), reader.problems


class _AnnReader:
    """Reads one .ann file line by line; lines about annotations are read after all of them."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text
        self.problems: list[Problem] = []
        self.entities: dict[str, ToolEntity] = {}
        self.relations: dict[str, ToolRelation] = {}
        self.groups: list[tuple[str, ...]] = []
        self.pending: list[tuple[int, list[str]]] = []

    def problem(self, line: int, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def read_line(self, number: int, parts: list[str]) -> None:
        key, kind = parts[0], parts[0][:1]
        if len(parts) < 2:
            self.problem(
                number, f"cannot read this line: {parts[0][:60]!r}", "fields are tab-separated"
            )
        elif kind == "T":
            self._entity(number, key, parts)
        elif kind == "R":
            fields = parts[1].split()
            args = dict(a.split(":", 1) for a in fields[1:] if ":" in a)
            if len(fields) != 3 or set(args) != {"Arg1", "Arg2"}:
                self.problem(number, f"{key}: a relation is `TYPE Arg1:T1 Arg2:T2`")
                return
            self.relations[key] = ToolRelation(fields[0], args["Arg1"], args["Arg2"], number)
        elif key == "*" and parts[1].split()[:1] == ["Equiv"]:
            self.groups.append(tuple(parts[1].split()[1:]))
        elif kind in ("A", "M", "N", "#"):
            self.pending.append((number, parts))
        elif kind == "E":
            self.problem(
                number,
                f"{key}: brat events have no counterpart in the annotation format",
                "annotate the trigger as an entity (e.g. Event) and its arguments as relations",
            )
        else:
            self.problem(number, f"cannot read this line: {key!r} is no kind of brat annotation")

    def _entity(self, number: int, key: str, parts: list[str]) -> None:
        label, _, places = parts[1].partition(" ")
        spans: list[tuple[int, int]] = []
        for fragment in places.split(";"):
            match = _FRAGMENT.match(fragment.strip())
            if match is None:
                self.problem(number, f"{key}: `{places}` is not `start end;start end`")
                return
            spans.append((int(match[1]), int(match[2])))
        given = parts[2] if len(parts) > 2 else None
        found = " ".join(self.text[s:e] for s, e in spans)
        if given is not None and given != found:
            self.problem(
                number,
                f"{key}: the text at {places} is {found!r}, the line says {given!r}",
                "the .ann does not fit this .txt (was the text changed, or re-encoded?)",
            )
            return
        self.entities[key] = ToolEntity(key, label, tuple(spans), number)

    def read_about(self, number: int, parts: list[str]) -> None:
        """An attribute, normalisation or note line, about an entity (or a relation's note)."""
        key, fields = parts[0], parts[1].split()
        target = fields[1] if len(fields) > 1 else ""
        rest = parts[2] if len(parts) > 2 else ""
        if key.startswith("#") and target in self.relations:
            old = self.relations[target]
            self.relations[target] = replace(old, notes=(*old.notes, rest))
            return
        if target not in self.entities:
            self.problem(number, f"{key} is about `{target}`, which is not an entity of this file")
            return
        entity = self.entities[target]
        if key[0] in "AM":
            value = fields[2] if len(fields) > 2 else None
            entity = replace(entity, attributes=(*entity.attributes, (fields[0], value)))
        elif key[0] == "N":
            database, _, identifier = (fields[2] if len(fields) > 2 else "").partition(":")
            if database == REFERENCE_DB:
                entity = replace(entity, ref=identifier)
        else:
            entity = replace(entity, notes=(*entity.notes, rest))
        self.entities[target] = entity

    def document(self) -> ToolDocument:
        return ToolDocument(
            name=self.path.stem,
            text=self.text,
            path=self.path,
            entities=tuple(self.entities.values()),
            relations=tuple(self.relations.values()),
            groups=tuple(self.groups),
        )


def write_brat(document: Document, schema: Schema) -> dict[str, bytes]:
    """``NAME.txt`` and ``NAME.ann`` of one loaded document."""
    lines: list[str] = []
    first_span: dict[str, str] = {}
    counter = {"T": 0, "R": 0, "N": 0, "#": 0}

    def next_key(kind: str) -> str:
        counter[kind] += 1
        return f"{kind}{counter[kind]}"

    for item in document.items:
        for quote in item.quotes:
            key = next_key("T")
            first_span.setdefault(item.id, key)
            fragments = _fragments(document.text.text, quote.span.start, quote.span.end)
            places = ";".join(f"{s} {e}" for s, e in fragments)
            shown = " ".join(document.text.text[s:e] for s, e in fragments)
            lines.append(f"{key}\t{item.type} {places}\t{shown}")
            label = next((str(lbl) for lbl in item.labels if lbl.language == "zh"), item.id)
            lines.append(f"{next_key('N')}\tReference {key} {REFERENCE_DB}:{item.id}\t{label}")
    for item in document.items:
        related = [
            (s.prop.name, s.value.id)
            for s in item.statements
            if isinstance(s.value, Reference) and s.value.id in first_span
        ]
        for name, target in related:
            arguments = f"Arg1:{first_span[item.id]} Arg2:{first_span[target]}"
            lines.append(f"{next_key('R')}\t{name} {arguments}")
        # Everything else goes in the note, references outside this document among it.
        inside = {name for name, _ in related}
        outside: dict[str, list[str]] = {}
        for statement in item.statements:
            value = statement.value
            if isinstance(value, Reference) and value.id not in first_span:
                outside.setdefault(statement.prop.name, []).append(value.id)
        rest = {k: v for k, v in draft_item(item, document.text).fields if k not in inside}
        for name in inside & outside.keys():
            rest[name] = written_values(outside[name])
        note = yaml.safe_dump(
            rest, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1_000_000
        )
        lines.append(f"{next_key('#')}\tAnnotatorNotes {first_span[item.id]}\t{note.strip()}")
    return {
        f"{document.id}.txt": document.text.text.encode("utf-8"),
        f"{document.id}.ann": ("\n".join(lines) + "\n").encode("utf-8"),
    }


def annotation_conf(schema: Schema) -> bytes:
    """brat's ``annotation.conf``: the ontology's classes as entity types, its reference
    properties as relations between any two of them."""
    classes = sorted(schema.classes)
    references = sorted(p.name for p in schema.properties.values() if p.kind is ValueKind.REFERENCE)
    lines = ["[entities]", *classes, "", "[relations]"]
    lines += [f"{name}\tArg1:<ENTITY>, Arg2:<ENTITY>" for name in references]
    lines += [
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
        "",
        "[attributes]",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def _fragments(text: str, start: int, end: int) -> Sequence[tuple[int, int]]:
    """A span cut at its line breaks (and the whitespace around them)."""
    fragments: list[tuple[int, int]] = []
    at = start
    for gap in _LINE_BREAK.finditer(text, start, end):
        if gap.start() > at:
            fragments.append((at, gap.start()))
        at = gap.end()
    if at < end:
        fragments.append((at, end))
    return fragments
