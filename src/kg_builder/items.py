"""Read one annotation item: its id, type, labels, quotes and property values.

Each reader takes YAML nodes, checks them against the schema, and either returns typed
values or records a problem at the line of the offending key; it never stops at the first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

import yaml
from rdflib import RDF, XSD, Literal, URIRef

from kg_builder.amounts import Quantity, parse_quantity
from kg_builder.errors import AmountError, AnchorError, did_you_mean
from kg_builder.model import InferredNote, Item, Quote, Reference, Statement, Value, written
from kg_builder.schema import DERIVED_PROPERTIES, PropertyInfo, Schema, ValueKind
from kg_builder.text import SourceText, fold
from kg_builder.values import LANGUAGE_TAG, describe, to_literal
from kg_builder.yaml_nodes import Entry, NodeReader, line_of

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ITEM_KEYS = ("id", "type", "label", "altLabel", "quote", "comment", "inferred", "suggested")
REQUIRED_ITEM_KEYS = ("id", "type")
"""Without these there is no resource to build; its label and quote are SHACL's to check."""
MONEY_UNIT = "元"


def read_item(node: yaml.Node, text: SourceText, schema: Schema, reader: NodeReader) -> Item | None:
    before = len(reader.problems)
    entries = {e.key: e for e in reader.entries(node, "an item")}
    for key in REQUIRED_ITEM_KEYS:
        if key not in entries:
            reader.problem(line_of(node), f"the item has no `{key}:`")
    item_id = _item_id(entries.get("id"), reader)
    type_ = _item_type(entries.get("type"), schema, reader)
    labels = read_labels(entries["label"], reader) if "label" in entries else ()
    if "suggested" in entries:
        refuse_suggestion(entries["suggested"], "item", reader)
    alt_labels = read_labels(entries["altLabel"], reader) if "altLabel" in entries else ()
    comments = read_labels(entries["comment"], reader) if "comment" in entries else ()
    quotes = _quotes(entries["quote"], text, reader) if "quote" in entries else ()
    statements: list[Statement] = []
    for key, entry in entries.items():
        if key in ITEM_KEYS:
            continue
        prop = schema.properties.get(key)
        if prop is None:
            reader.problem(entry.line, f"unknown property `{key}`", _unknown_key_hint(key, schema))
            continue
        statements.extend(_statements(prop, entry, reader, schema))
    _check_amounts_quoted(statements, quotes, reader)
    stated: dict[str, set[str]] = {}
    for statement in statements:
        stated.setdefault(statement.prop.name, set()).add(written(statement.value))
    inferred = read_inferred(entries.get("inferred"), stated, reader)
    if len(reader.problems) > before or item_id is None or type_ is None:
        return None
    return Item(
        item_id,
        type_,
        line_of(node),
        labels,
        alt_labels,
        comments,
        quotes,
        tuple(statements),
        inferred,
        MappingProxyType({key: entry.line for key, entry in entries.items()}),
    )


def refuse_suggestion(entry: Entry, what: str, reader: NodeReader) -> None:
    """A drafted item or metadata file is not built until a person has reviewed it."""
    why = reader.scalar(entry.node, "`suggested`")
    reader.problem(
        entry.line,
        f"this {what} is a suggestion ({why}), not yet reviewed",
        f"check it against the source and correct it, then delete this `suggested:` line "
        f"(or delete the whole {what} if it is wrong)",
    )


def _item_id(entry: Entry | None, reader: NodeReader) -> str | None:
    if entry is None:
        return None
    value = reader.text(entry.node, "`id`")
    if value is not None and not ID_PATTERN.match(value):
        reader.problem(
            entry.line,
            f"id `{value}` is not allowed",
            "ids are lower-case ASCII letters, digits and hyphens, e.g. `jinan-10`",
        )
        return None
    return value


def _item_type(entry: Entry | None, schema: Schema, reader: NodeReader) -> str | None:
    if entry is None:
        return None
    value = reader.text(entry.node, "`type`")
    if value is not None and value not in schema.classes:
        reader.problem(
            entry.line,
            f"unknown type `{value}`",
            did_you_mean(value, schema.classes, listing=True),
        )
        return None
    return value


def read_labels(entry: Entry, reader: NodeReader) -> tuple[Literal, ...]:
    """A label, a list of labels, or a {lang: label(s)} mapping; plain text is Chinese."""
    node = entry.node
    if isinstance(node, yaml.MappingNode):
        found: list[Literal] = []
        for lang_entry in reader.entries(node, f"`{entry.key}`"):
            if not LANGUAGE_TAG.match(lang_entry.key):
                reader.problem(
                    lang_entry.line,
                    f"`{lang_entry.key}` is not a language tag",
                    "use zh for Chinese, en for English",
                )
                continue
            for value_node in reader.items(lang_entry.node, f"`{entry.key}`"):
                value = reader.text(value_node, f"`{entry.key}`")
                if value is not None:
                    found.append(Literal(value.strip(), lang=lang_entry.key))
        return tuple(found)
    texts = (reader.text(n, f"`{entry.key}`") for n in reader.items(node, f"`{entry.key}`"))
    return tuple(Literal(t.strip(), lang="zh") for t in texts if t is not None)


def _quotes(entry: Entry, text: SourceText, reader: NodeReader) -> tuple[Quote, ...]:
    found: list[Quote] = []
    single = isinstance(entry.node, yaml.MappingNode)
    for node in [entry.node] if single else reader.items(entry.node, "`quote`"):
        parts = (
            {"exact": node}
            if not isinstance(node, yaml.MappingNode)
            else {e.key: e.node for e in reader.entries(node, "a quote")}
        )
        for key in sorted(set(parts) - {"exact", "prefix", "suffix"}):
            reader.problem(
                line_of(parts[key]),
                f"unknown key `{key}` in a quote",
                "a quote has `exact:` and optionally `prefix:` and `suffix:`",
            )
        exact = reader.text(parts["exact"], "`exact`") if "exact" in parts else None
        if exact is None:
            if "exact" not in parts:
                reader.problem(line_of(node), "the quote has no `exact:` text")
            continue
        prefix = reader.text(parts["prefix"], "`prefix`") if "prefix" in parts else ""
        suffix = reader.text(parts["suffix"], "`suffix`") if "suffix" in parts else ""
        try:
            span = text.anchor(exact, prefix=prefix or "", suffix=suffix or "")
        except AnchorError as error:
            reader.problem(line_of(node), str(error))
            continue
        found.append(Quote(span, line_of(node)))
    return tuple(found)


def _statements(
    prop: PropertyInfo, entry: Entry, reader: NodeReader, schema: Schema
) -> list[Statement]:
    values: list[Statement] = []
    if prop.datatype == RDF.langString and isinstance(entry.node, yaml.MappingNode):
        return [Statement(prop, label, entry.line) for label in read_labels(entry, reader)]
    for node in reader.items(entry.node, f"`{entry.key}`"):
        value = _value(prop, node, reader, schema)
        if value is not None:
            values.append(Statement(prop, value, line_of(node)))
    return values


def _value(prop: PropertyInfo, node: yaml.Node, reader: NodeReader, schema: Schema) -> Value | None:
    raw = reader.scalar(node, f"`{prop.name}`")
    if raw is None:
        if isinstance(node, yaml.ScalarNode):
            reader.problem(line_of(node), f"`{prop.name}` has no value")
        return None
    line = line_of(node)
    if prop.kind is ValueKind.REFERENCE:
        text = str(raw)
        if not ID_PATTERN.match(text):
            reader.problem(line, f"`{prop.name}: {text}` must be the id of another item")
            return None
        return Reference(text)
    if prop.kind is ValueKind.CONCEPT:
        concept = prop.concepts.get(str(raw))
        if concept is None:
            reader.problem(
                line,
                f"`{raw}` is not a concept of `{prop.name}`",
                did_you_mean(str(raw), prop.concepts, listing=True),
            )
        return concept
    if prop.datatype == XSD.decimal:
        return _quantity(prop, raw, line, reader, schema)
    return _literal_value(raw, prop, line, reader)


def read_literal(entry: Entry, datatype: URIRef, reader: NodeReader) -> Literal | None:
    raw = reader.scalar(entry.node, f"`{entry.key}`")
    if raw is None:
        reader.problem(entry.line, f"`{entry.key}` has no value")
        return None
    try:
        return to_literal(raw, datatype)
    except ValueError as error:
        reader.problem(entry.line, f"`{entry.key}`: {error}")
        return None


def _literal_value(
    raw: str | int | float | bool, prop: PropertyInfo, line: int, reader: NodeReader
) -> Literal | None:
    datatype = prop.datatype or XSD.string
    try:
        return to_literal(raw, datatype)
    except ValueError as error:
        reader.problem(line, f"`{prop.name}`: {error}")
        return None


def _quantity(
    prop: PropertyInfo, raw: str | int | float | bool, line: int, reader: NodeReader, schema: Schema
) -> Quantity | None:
    if not isinstance(raw, str):
        reader.problem(
            line,
            f"`{prop.name}: {raw}` is a bare number",
            f"write {describe(XSD.decimal)}: the tool parses it and keeps the text",
        )
        return None
    try:
        quantity = parse_quantity(raw)
    except AmountError as error:
        reader.problem(line, f"`{prop.name}`: {error}")
        return None
    if prop.name == "amount" and quantity.unit != MONEY_UNIT:
        reader.problem(
            line,
            f"`amount: {raw}` is not money (its unit is «{quantity.unit}»)",
            "a funding flow's amount is in 元/万元/亿元; other quantities are "
            "Indicators with `value:`",
        )
        return None
    if quantity.unit not in schema.units:
        known = " ".join(schema.units)
        reader.problem(
            line,
            f"`{prop.name}: {raw}` has no known unit",
            f"units: {known}; add a unit to ontology/vocabularies.ttl if one is missing",
        )
        return None
    return quantity


def _check_amounts_quoted(
    statements: list[Statement], quotes: tuple[Quote, ...], reader: NodeReader
) -> None:
    """An amount must stand in the item's first quote, so the number traces to the text."""
    if not quotes:
        return
    quoted = fold(quotes[0].span.exact)
    for statement in statements:
        if isinstance(statement.value, Quantity) and fold(statement.value.text) not in quoted:
            reader.problem(
                statement.line,
                f"`{statement.prop.name}: {statement.value.text}` is not in the item's first "
                f"quote «{quotes[0].span.exact}»",
                "copy the amount as the quoted text gives it, or quote the passage that states it",
            )


def read_inferred(
    entry: Entry | None, stated: Mapping[str, set[str]], reader: NodeReader
) -> Mapping[str, InferredNote]:
    """How implied facts were inferred, keyed by a stated property.

    ``property: "中文说明 | English"`` (or a {zh:, en:} map) covers every value of the
    property; ``property: {values: [...], how: ...}`` only the values listed.
    """
    notes: dict[str, InferredNote] = {}
    if entry is None:
        return MappingProxyType(notes)
    for note in reader.entries(entry.node, "`inferred`"):
        if note.key not in stated:
            reader.problem(
                note.line,
                f"`inferred` explains `{note.key}`, which this item does not state",
                "state the fact too, then say how it was inferred",
            )
            continue
        node = note.node
        if not (
            isinstance(node, yaml.MappingNode) and any(k.value == "how" for k, _ in node.value)
        ):
            notes[note.key] = InferredNote(_how(note, reader))
            continue
        parts = {e.key: e for e in reader.entries(node, f"`inferred.{note.key}`")}
        values = (
            [reader.text(n, "`values`") for n in reader.items(parts["values"].node, "`values`")]
            if "values" in parts
            else []
        )
        unknown = [v for v in values if v is not None and v not in stated[note.key]]
        for key in sorted(set(parts) - {"how", "values"}):
            reader.problem(parts[key].line, f"unknown key `{key}`", "write `values:` and `how:`")
        if unknown:
            reader.problem(
                note.line,
                f"`inferred.{note.key}` names {', '.join(unknown)}, "
                f"which `{note.key}` does not state",
                f"`{note.key}` states: {', '.join(sorted(stated[note.key]))}",
            )
        covered = frozenset(v for v in values if v is not None) if "values" in parts else None
        notes[note.key] = InferredNote(_how(parts["how"], reader), covered)
    return MappingProxyType(notes)


def _how(entry: Entry, reader: NodeReader) -> tuple[Literal, ...]:
    """An explanation: ``"中文 | English"`` or a {zh:, en:} map."""
    if isinstance(entry.node, yaml.MappingNode):
        return read_labels(entry, reader)
    text = reader.text(entry.node, f"`{entry.key}`")
    if text is None:
        return ()
    zh, _, en = (part.strip() for part in text.partition("|"))
    return (Literal(zh, lang="zh"),) + ((Literal(en, lang="en"),) if en else ())


def _unknown_key_hint(key: str, schema: Schema) -> str:
    derived = " (the tool derives it from the amount)" if key in DERIVED_PROPERTIES else ""
    return did_you_mean(key, [*ITEM_KEYS, *schema.properties]) + derived
