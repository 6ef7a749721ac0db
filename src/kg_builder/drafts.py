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

from kg_builder.model import InferredNote, Item, Value, written
from kg_builder.quoting import QuoteText, quote_for
from kg_builder.text import SourceText

SUGGESTED_KEY = "suggested"
"""The key that marks an item (or a metadata file) as not yet reviewed."""

Field = tuple[str, object]
"""One key of an item with its value as plain YAML data (str, int, list, {lang: text})."""

LEADING_KEYS = ("label", "altLabel")
"""Keys written before the quote; every other field follows it, in the order given."""


@dataclass(frozen=True)
class DraftItem:
    """One item of an annotation file, with its values as a person writes them."""

    id: str
    type: str
    quotes: tuple[QuoteText, ...]
    fields: tuple[Field, ...] = ()
    """``label``, ``altLabel``, properties, ``comment``, ``inferred``: plain YAML values."""
    notes: tuple[str, ...] = ()
    """YAML comment lines written above the item (where it came from, what to check)."""
    suggested: str | None = None
    """Why ``kg suggest`` proposes the item; None for reviewed or imported items."""

    def value(self, key: str) -> object | None:
        """The value of a field, None when the item has none."""
        return next((value for k, value in self.fields if k == key), None)


@dataclass(frozen=True)
class DraftFile:
    """A whole annotation file."""

    source: str
    items: tuple[DraftItem, ...]
    header: tuple[str, ...] = field(default=())


def by_language(literals: Iterable[Literal], *, single: bool = True) -> dict[str, object]:
    """``{zh: 济南市, en: Jinan}``; lists where a language has several (or ``single`` is off).

    >>> by_language([Literal("济南", lang="zh"), Literal("Jinan", lang="en")], single=False)
    {'zh': ['济南'], 'en': ['Jinan']}
    """
    grouped: dict[str, list[str]] = {}
    for literal in literals:
        grouped.setdefault(literal.language or "zh", []).append(str(literal))
    return {
        lang: texts[0] if single and len(texts) == 1 else texts for lang, texts in grouped.items()
    }


def written_values(values: Sequence[str]) -> object:
    """One value as itself, several as a list; whole numbers (years, batches) bare, as
    people write them."""
    shown = [int(v) if v.isascii() and v.isdigit() and not v.startswith("0") else v for v in values]
    return shown[0] if len(shown) == 1 else shown


def draft_item(item: Item, source: SourceText) -> DraftItem:
    """A loaded item as it would be written again, each quote anchoring where it did."""
    fields: list[Field] = [("label", by_language(item.labels))]
    if item.alt_labels:
        fields.append(("altLabel", by_language(item.alt_labels, single=False)))
    grouped: dict[str, list[Value]] = {}
    for statement in item.statements:
        grouped.setdefault(statement.prop.name, []).append(statement.value)
    for key, values in grouped.items():
        texts = [v for v in values if isinstance(v, Literal) and v.language]
        if texts and len(texts) == len(values):
            fields.append((key, by_language(texts)))
        else:
            fields.append((key, written_values([written(v) for v in values])))
    if item.comments:
        fields.append(("comment", by_language(item.comments)))
    if item.inferred:
        fields.append(("inferred", {key: _note(note) for key, note in item.inferred.items()}))
    return DraftItem(
        id=item.id,
        type=item.type,
        quotes=tuple(quote_for(source, q.span.start, q.span.end) for q in item.quotes),
        fields=tuple(fields),
    )


def render_file(draft: DraftFile) -> str:
    """The text of an annotation file.

    >>> item = DraftItem("bainang", "County", (QuoteText("白朗县", prefix="为"),),
    ...                  (("label", {"zh": "白朗县"}), ("locatedIn", "shigatse")))
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
    fields: list[Field] = [("type", item.type)]
    if item.suggested is not None:
        fields.append((SUGGESTED_KEY, item.suggested))
    fields += [f for f in item.fields if f[0] in LEADING_KEYS]
    quotes = [_quote(q) for q in item.quotes]
    fields.append(("quote", quotes[0] if len(quotes) == 1 else quotes))
    fields += [f for f in item.fields if f[0] not in LEADING_KEYS]
    for key, value in fields:
        if key == "inferred" and isinstance(value, dict):
            lines.append("    inferred:")
            lines.extend(f"      {k}: {_flow(v)}" for k, v in value.items())
        elif isinstance(value, list) and not all(isinstance(v, str | int) for v in value):
            lines.append(f"    {key}:")
            lines.extend(f"      - {_flow(v)}" for v in value)
        else:
            lines.append(f"    {key}: {_flow(value)}")
    return lines


def _quote(quote: QuoteText) -> object:
    if not quote.prefix and not quote.suffix:
        return quote.exact
    parts = {"exact": quote.exact}
    if quote.prefix:
        parts["prefix"] = quote.prefix
    if quote.suffix:
        parts["suffix"] = quote.suffix
    return parts


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
