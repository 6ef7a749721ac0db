"""What an annotation tool says about one text, and how it becomes an annotation file.

The readers (``brat.py``, ``label_studio.py``) turn each tool's format into a
``ToolDocument``: labelled spans in Python code-point offsets, relations between them,
attributes, notes. ``draft_from_tool`` then decides what a project's annotation file says:

- **items**: spans that name the same thing become one item with one quote per passage —
  spans linked to the same id (brat normalisation ``kg:ID``), spans in one brat ``Equiv``
  group, and spans with the same label and text (``白朗县`` tagged three times is one county;
  not for FundingFlow and Indicator, where each figure is its own item);
- **ids**: the linked id; else the id the gazetteer or another annotation file gives that
  name; else ``<type>-<n>``, for a reviewer to rename;
- **quotes**: each passage quoted so that it anchors exactly once (prefix/suffix added where
  needed); fragments of a discontinuous span separated only by whitespace (a word split by
  a line break) are one passage;
- **values**: relations become reference properties of their first argument, attributes
  concept properties, an amount inside a FundingFlow or Indicator span its ``amount`` or
  ``value``; a note holding a YAML mapping of annotation keys (as ``kg export-brat`` writes)
  gives those keys, any other note becomes a comment line above the item.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from kg_builder.amounts import find_quantities
from kg_builder.build import type_segment
from kg_builder.drafts import DraftFile, DraftItem, by_language, written_values
from kg_builder.errors import AnchorError, Problem, did_you_mean
from kg_builder.gazetteer import Entity
from kg_builder.interchange.mapping import LabelMapping
from kg_builder.items import ITEM_KEYS
from kg_builder.quoting import QuoteText, clean_text, quote_for, trim_span
from kg_builder.schema import Schema
from kg_builder.suggest import COUNTED_TYPES
from kg_builder.text import SourceText, fold

Span = tuple[int, int]


@dataclass(frozen=True)
class ToolEntity:
    """A labelled span (possibly in fragments) of the tool."""

    key: str
    label: str
    spans: tuple[Span, ...]
    line: int | None = None
    ref: str | None = None
    attributes: tuple[tuple[str, str | None], ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ToolRelation:
    """A labelled, directed link from one span to another."""

    label: str
    subject: str
    object: str
    line: int | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ToolDocument:
    """Everything a tool says about one text; ``path`` is the file messages point at."""

    name: str
    text: str
    path: Path
    entities: tuple[ToolEntity, ...]
    relations: tuple[ToolRelation, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    """Entity keys that name the same thing (brat ``Equiv``)."""


@dataclass(frozen=True)
class ToolDraft:
    """The annotation file a tool document makes, or the problems that stop it."""

    name: str
    text: str
    draft: DraftFile
    problems: tuple[Problem, ...]


def draft_from_tool(
    document: ToolDocument, mapping: LabelMapping, schema: Schema, *, names: Sequence[Entity]
) -> ToolDraft:
    """The annotation file of a tool document (problems listed, never raised)."""
    return _Drafter(document, mapping, schema, names).draft()


class _Drafter:
    """Turns one tool document into an annotation file, collecting problems."""

    def __init__(
        self, document: ToolDocument, mapping: LabelMapping, schema: Schema, names: Sequence[Entity]
    ) -> None:
        self.document, self.mapping, self.schema, self.names = document, mapping, schema, names
        self.source = SourceText(document.text)
        self.problems: list[Problem] = []
        self.classes: dict[str, str] = {}

    def problem(self, line: int | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.document.path, line, message, hint))

    def draft(self) -> ToolDraft:
        document = self.document
        for entity in document.entities:
            self._classify(entity)
        if self.problems:
            empty = DraftFile(document.name, ())
            return ToolDraft(document.name, document.text, empty, tuple(self.problems))
        groups = _groups(document, self.classes)
        ids = self._ids(groups)
        groups = _merged_by_id(groups, ids)
        items = [self._item(members, ids[members[0].key]) for members in groups]
        by_key = {entity.key: ids[group[0].key] for group in groups for entity in group}
        items = self._with_relations(items, by_key)
        header = (f"Imported from {document.path.name} by `kg import`.",)
        draft = DraftFile(document.name, tuple(items), header)
        return ToolDraft(document.name, document.text, draft, tuple(self.problems))

    def _classify(self, entity: ToolEntity) -> None:
        type_ = self.mapping.entities.get(entity.label)
        if type_ is None:
            self.problem(
                entity.line,
                f"{entity.key}: no class for the label `{entity.label}`",
                f"add `{entity.label}: <Class>` under `entities:` of {self.mapping.path}; "
                + did_you_mean(entity.label, self.mapping.entities),
            )
        for start, end in entity.spans:
            if not 0 <= start < end <= len(self.document.text):
                self.problem(
                    entity.line, f"{entity.key}: span [{start}, {end}) is outside the text"
                )
        if type_ is not None:
            self.classes[entity.key] = type_

    def _ids(self, groups: list[list[ToolEntity]]) -> dict[str, str]:
        """The id of each group, keyed by its first entity's key."""
        known = {(e.type, name): e.id for e in self.names for name in e.names()}
        taken = {e.id for e in self.names}
        ids: dict[str, str] = {}
        counts: dict[str, int] = {}
        for members in groups:
            refs = sorted({m.ref for m in members if m.ref})
            type_ = self.classes[members[0].key]
            if len(refs) > 1:
                self.problem(
                    members[0].line, f"{members[0].key}: linked to {', '.join(refs)} at once"
                )
            text = fold("".join(self.document.text[s:e] for s, e in members[0].spans))
            found = refs[0] if refs else known.get((type_, text))
            while found is None or (found in taken and found not in known.values() and not refs):
                # A new thing: <type>-<n>, the first n no other item has.
                segment = type_segment(type_)
                counts[segment] = counts.get(segment, 0) + 1
                found = f"{segment}-{counts[segment]}"
            taken.add(found)
            ids[members[0].key] = found
        return ids

    def _item(self, members: list[ToolEntity], item_id: str) -> DraftItem:
        type_ = self.classes[members[0].key]
        fields, notes = self._noted(members)
        passages = list(
            dict.fromkeys(p for m in members for p in _passages(m.spans, self.source.text))
        )
        texts = [clean_text(self.source.text[s:e]) for s, e in passages]
        if "label" not in fields:
            entity = next((e for e in self.names if e.id == item_id), None)
            label = by_language(entity.labels) if entity else {"zh": texts[0]}
            fields = {"label": label, **fields}
            named = {fold(str(n)) for n in entity.labels} if entity else {fold(texts[0])}
            others = sorted({t for t in texts if fold(t) not in named})
            if others and type_ not in COUNTED_TYPES:
                fields["altLabel"] = {"zh": others}  # another name in this text
        for member in members:
            for name, value in member.attributes:
                prop = self.mapping.attributes.get(name)
                if prop is None or value is None:
                    what = "has no value" if value is None else "is not mapped"
                    hint = (
                        f"map it to a concept property under `attributes:` of {self.mapping.path}"
                    )
                    self.problem(member.line, f"{member.key}: attribute `{name}` {what}", hint)
                    continue
                fields[prop] = _added(fields.get(prop), value)
        amount_key = {"FundingFlow": "amount", "Indicator": "value"}.get(type_)
        if amount_key and amount_key not in fields:
            figures = [clean_text(t[s:e]) for t in texts for s, e, _ in find_quantities(t)[:1]]
            if figures:
                fields[amount_key] = figures[0]
        quotes: list[QuoteText] = []
        for start, end in passages:
            try:
                quotes.append(quote_for(self.source, start, end))
            except AnchorError as error:
                self.problem(members[0].line, f"{members[0].key}: {error}")
        return DraftItem(item_id, type_, tuple(quotes), tuple(fields.items()), tuple(notes))

    def _noted(self, members: list[ToolEntity]) -> tuple[dict[str, object], list[str]]:
        """What the members' notes say: annotation keys (structured notes), or remarks."""
        fields: dict[str, object] = {}
        notes: list[str] = []
        for member in members:
            for note in member.notes:
                data = _structured(note, self.schema)
                if data is None:
                    notes.append(f"note on {member.key}: {note}")
                else:
                    for key, value in data.items():
                        fields.setdefault(key, value)
        return fields, notes

    def _with_relations(self, items: list[DraftItem], by_key: Mapping[str, str]) -> list[DraftItem]:
        """Each relation becomes a reference property of its subject's item, in file order."""
        extra: dict[str, dict[str, object]] = {}
        notes: dict[str, list[str]] = {}
        for relation in self.document.relations:
            prop = self.mapping.relations.get(relation.label)
            if prop is None:
                self.problem(
                    relation.line,
                    f"no property for the relation label `{relation.label}`",
                    f"add `{relation.label}: <property>` under `relations:` of "
                    f"{self.mapping.path}; " + did_you_mean(relation.label, self.mapping.relations),
                )
                continue
            missing = [k for k in (relation.subject, relation.object) if k not in by_key]
            if missing:
                self.problem(
                    relation.line,
                    f"relation `{relation.label}` links {missing[0]}, which is not a span",
                )
                continue
            subject, value = by_key[relation.subject], by_key[relation.object]
            fields = extra.setdefault(subject, {})
            fields[prop] = _added(fields.get(prop), value)
            notes.setdefault(subject, []).extend(
                f"note on {relation.label}: {n}" for n in relation.notes
            )
        return [
            replace(
                item,
                fields=(*item.fields, *extra.get(item.id, {}).items()),
                notes=(*item.notes, *notes.get(item.id, [])),
            )
            for item in items
        ]


def _groups(document: ToolDocument, classes: Mapping[str, str]) -> list[list[ToolEntity]]:
    """Entities that name one thing, in the order of their first span."""
    parent = {e.key: e.key for e in document.entities}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    first: dict[object, str] = {}
    for entity in document.entities:
        text = fold("".join(document.text[s:e] for s, e in entity.spans))
        # A link says which thing a span names; without one, the same name is the same thing.
        same_thing: list[object] = [("ref", entity.ref)] if entity.ref else []
        if not entity.ref and classes[entity.key] not in COUNTED_TYPES:
            same_thing.append(("text", classes[entity.key], text))
        for key in same_thing:
            join(entity.key, first.setdefault(key, entity.key))
    for group in document.groups:
        for key in group[1:]:
            if key in parent and group[0] in parent:
                join(key, group[0])
    grouped: dict[str, list[ToolEntity]] = {}
    for entity in document.entities:  # in file order: an item's quotes keep the tool's order
        grouped.setdefault(root(entity.key), []).append(entity)
    return sorted(grouped.values(), key=lambda group: min(min(e.spans) for e in group))


def _merged_by_id(groups: list[list[ToolEntity]], ids: dict[str, str]) -> list[list[ToolEntity]]:
    """Groups that got one id (a linked span and an unlinked one of the same name) as one."""
    merged: dict[str, list[ToolEntity]] = {}
    for group in groups:
        merged.setdefault(ids[group[0].key], []).extend(group)
    return list(merged.values())


def _passages(spans: Sequence[Span], text: str) -> list[Span]:
    """The passages of a span's fragments: fragments apart only by whitespace are one."""
    merged: list[list[int]] = []
    for start, end in sorted(trim_span(text, s, e) for s, e in spans):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged if s < e]


def _structured(note: str, schema: Schema) -> dict[str, object] | None:
    """A note that is a YAML mapping of annotation keys (as kg export-brat writes), or None."""
    try:
        data = yaml.safe_load(note)
    except yaml.YAMLError:
        return None
    keys = {*ITEM_KEYS, *schema.properties} - {"id", "type", "quote", "suggested"}
    if isinstance(data, dict) and data and all(isinstance(k, str) and k in keys for k in data):
        return data
    return None


def _added(old: object, value: str) -> object:
    if old is None:
        return written_values([value])
    values = old if isinstance(old, list) else [old]
    return [*values, *([value] if value not in values else [])]
