"""Write annotation files (``docs/annotation-format.md``) from tools rather than by hand.

``kg suggest`` and the imports from annotation tools produce items in memory; this module
writes them in the hand-written style of ``data/annotations/`` — one item per block, labels
and short lists in flow style, a comment above an item saying where it came from — so that
a person can review and edit the file, and the loader reads it like any other.

An item still waiting for review carries ``suggested: <why>``: the loader refuses such an
item (and a metadata file with ``suggested:``) until a person deletes that line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import yaml
from rdflib import Literal

from kg_builder.model import InferredNote, Item, written
from kg_builder.quoting import QuoteText, clean_text

SUGGESTED_KEY = "suggested"
"""The key that marks an item (or a metadata file) as not yet reviewed."""

PropertyValue = str | Literal
"""A property value as written: an id, a concept notation, an amount, a date — or, for
text properties such as ``role``, a language-tagged literal."""


@dataclass(frozen=True)
class DraftItem:
    """One item of an annotation file, with its values as a person writes them."""

    id: str
    type: str
    labels: tuple[Literal, ...]
    quotes: tuple[QuoteText, ...]
    alt_labels: tuple[Literal, ...] = ()
    comments: tuple[Literal, ...] = ()
    properties: tuple[tuple[str, tuple[PropertyValue, ...]], ...] = ()
    inferred: tuple[tuple[str, InferredNote], ...] = ()
    notes: tuple[str, ...] = ()
    """YAML comment lines written above the item (where it came from, what to check)."""
    suggested: str | None = None
    """Why ``kg suggest`` proposes the item; None for reviewed or imported items."""


@dataclass(frozen=True)
class DraftFile:
    """A whole annotation file."""

    source: str
    items: tuple[DraftItem, ...]
    header: tuple[str, ...] = field(default=())


def draft_item(item: Item) -> DraftItem:
    """A loaded item as it would be written again (quotes as their clean text)."""
    properties: dict[str, list[PropertyValue]] = {}
    for statement in item.statements:
        value = statement.value
        shown: PropertyValue = (
            value if isinstance(value, Literal) and value.language else written(value)
        )
        properties.setdefault(statement.prop.name, []).append(shown)
    return DraftItem(
        id=item.id,
        type=item.type,
        labels=item.labels,
        quotes=tuple(QuoteText(clean_text(q.span.exact)) for q in item.quotes),
        alt_labels=item.alt_labels,
        comments=item.comments,
        properties=tuple((key, tuple(values)) for key, values in properties.items()),
        inferred=tuple(item.inferred.items()),
    )


def render_file(draft: DraftFile) -> str:
    """The text of an annotation file.

    >>> from rdflib import Literal
    >>> item = DraftItem("bainang", "County", (Literal("白朗县", lang="zh"),),
    ...                  (QuoteText("白朗县", prefix="为"),),
    ...                  properties=(("locatedIn", ("shigatse",)),))
    >>> print(render_file(DraftFile("invented", (item,))), end="")
    source: invented
    items:
    <BLANKLINE>
      - id: bainang
        type: County
        label: {zh: 白朗县}
        quote: {exact: 白朗县, prefix: 为}
        locatedIn: shigatse
    """
    lines = [f"# {line}".rstrip() for line in draft.header]
    lines += [f"source: {_flow(draft.source)}", "items:"]
    for item in draft.items:
        lines.append("")
        lines.extend(_item_lines(item))
    return "\n".join(lines) + "\n"


def render_meta(*, title: str, language: str, sha256: str, why: str) -> str:
    """A drafted ``NAME.meta.yaml``: the checksum is right, the title is a guess to check."""
    lines = [
        "# Drafted by kg: check the title (add an English one, `issued:` and `genre:` where",
        "# known; see docs/annotation-format.md), then delete the `suggested:` line.",
        f"{SUGGESTED_KEY}: {_flow(why)}",
        f"title: {_flow({'zh': title})}",
        f"language: {_flow(language)}",
        f"sha256: {sha256}",
    ]
    return "\n".join(lines) + "\n"


def _item_lines(item: DraftItem) -> list[str]:
    lines = [f"  # {note}".rstrip() for note in item.notes]
    lines.append(f"  - id: {_flow(item.id)}")
    fields: list[tuple[str, object]] = [("type", item.type)]
    if item.suggested is not None:
        fields.append((SUGGESTED_KEY, item.suggested))
    fields.append(("label", _by_language(item.labels, single=True)))
    if item.alt_labels:
        fields.append(("altLabel", _by_language(item.alt_labels, single=False)))
    fields.append(("quote", [_quote(q) for q in item.quotes]))
    for key, values in item.properties:
        fields.append((key, _property(values)))
    if item.comments:
        fields.append(("comment", _by_language(item.comments, single=True)))
    for key, value in fields:
        lines.extend(_field_lines(key, value))
    if item.inferred:
        lines.append("    inferred:")
        lines.extend(f"      {key}: {_flow(_note(note))}" for key, note in item.inferred)
    return lines


def _field_lines(key: str, value: object) -> list[str]:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, list):
        if all(isinstance(v, str | int) for v in value):
            return [f"    {key}: {_flow(value)}"]
        return [f"    {key}:", *(f"      - {_flow(v)}" for v in value)]
    return [f"    {key}: {_flow(value)}"]


def _quote(quote: QuoteText) -> object:
    if not quote.prefix and not quote.suffix:
        return quote.exact
    parts = {"exact": quote.exact}
    if quote.prefix:
        parts["prefix"] = quote.prefix
    if quote.suffix:
        parts["suffix"] = quote.suffix
    return parts


def _by_language(literals: Iterable[Literal], *, single: bool) -> dict[str, object]:
    """``{zh: 济南市, en: Jinan}``; lists where a language has several (or ``single`` is off)."""
    grouped: dict[str, list[str]] = {}
    for literal in literals:
        grouped.setdefault(literal.language or "zh", []).append(str(literal))
    return {
        lang: texts[0] if single and len(texts) == 1 else texts for lang, texts in grouped.items()
    }


def _property(values: Sequence[PropertyValue]) -> object:
    if values and all(isinstance(v, Literal) and v.language for v in values):
        return _by_language((v for v in values if isinstance(v, Literal)), single=True)
    # Whole numbers (years, batches) are written bare, as people write them.
    return [
        int(v) if v.isascii() and v.isdigit() and not v.startswith("0") else v
        for v in map(str, values)
    ]


def _note(note: InferredNote) -> object:
    by_language = {lit.language: str(lit) for lit in note.how}
    how: object = by_language
    if set(by_language) <= {"zh", "en"} and "zh" in by_language:
        how = " | ".join(t for t in (by_language["zh"], by_language.get("en")) if t)
    if note.values is None:
        return how
    return {"values": sorted(note.values), "how": how}


def _flow(value: object) -> str:
    """One YAML value on one line, quoted only where YAML needs it."""
    text = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1_000_000
    )
    return text.removesuffix("\n").removesuffix("\n...").strip()
