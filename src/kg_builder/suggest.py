"""Draft the annotations of a new source for a person to review (``kg suggest``).

Four finders read the verbatim text, each proposing items in the annotation format:

- **places** of the gazetteer (``data/reference/gazetteer.yaml``), with their graph ids;
- **known items** of the other annotation files (enterprises, teams, organisations, ...);
- **teams** written like ``X市第N批援藏工作组``, given the id ``<city>-<N>`` the article uses,
  and **documents** named in title marks (``《组织管理制度》``);
- **amounts and quantities** the amount parser finds (``kg_builder.amounts.find_quantities``):
  money becomes a ``FundingFlow`` with a guessed ``fundingCategory`` (and ``year`` where the
  clause gives one), any other quantity an ``Indicator`` with a guessed ``indicatorKind``.

Every proposal quotes a passage that anchors exactly once and carries ``suggested: <why>``,
which the loader refuses until a person has checked the item and deleted that line. A
suggestion also keeps every passage where its finder saw it (``mentions``), so that it can be
scored against a hand-made annotation of the same text (``kg_builder.suggest_score``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg_builder.amounts import parse_ordinal
from kg_builder.config import Config
from kg_builder.drafts import DraftFile, DraftItem, Field, by_language, render_file
from kg_builder.gazetteer import (
    GAZETTEER_FILE,
    Entity,
    Mention,
    find_mentions,
    known_entities,
    load_gazetteer,
)
from kg_builder.quoting import clean_text, quote_for
from kg_builder.schema import Schema
from kg_builder.suggest_amounts import amount_items
from kg_builder.text import SourceText, fold

COUNTED_TYPES = frozenset({"FundingFlow", "Indicator"})
"""Types whose every mention is a thing of its own: their labels are descriptions, not names."""

_BATCH = "[0-9一二三四五六七八九十]+"
_TITLE = re.compile(r"《([^《》]{1,60})》")


@dataclass(frozen=True)
class Suggestion:
    """A proposed item, the finder that proposed it and every passage where it saw it."""

    item: DraftItem
    finder: str
    mentions: tuple[tuple[int, int], ...]


def suggest_items(
    source: SourceText,
    *,
    places: Sequence[Entity],
    known: Sequence[Entity],
    units: Collection[str],
) -> tuple[Suggestion, ...]:
    """Every item the finders propose for a text, in the order of their first mention.

    :param places: the gazetteer.
    :param known: the items of the other annotation files (places among them are left to
        the gazetteer, counted types are left out).
    :param units: the measure words the ontology knows (a quantity in another unit would not load).
    """
    place_ids = {place.id for place in places}
    named = [e for e in known if e.id not in place_ids and e.type not in COUNTED_TYPES]
    by_id: dict[str, Suggestion] = {}
    for suggestion in (
        *_named(
            source, find_mentions(source, named), "known", "named like an item of another document"
        ),
        *_named(source, find_mentions(source, places), "gazetteer", "a place of the gazetteer"),
        *_teams(source, places, known),
        *_titles(source),
        *(Suggestion(item, "amount", (span,)) for item, span in amount_items(source, units)),
    ):
        first = by_id.get(suggestion.item.id)
        if first is None:
            by_id[suggestion.item.id] = suggestion
        else:
            mentions = tuple(sorted({*first.mentions, *suggestion.mentions}))
            by_id[suggestion.item.id] = replace(first, mentions=mentions)
    defined = {e.id for e in known} | set(by_id)
    return tuple(
        _resolved(s, defined)
        for s in sorted(by_id.values(), key=lambda s: (s.mentions[0], s.item.id))
    )


def _named(source: SourceText, mentions: list[Mention], finder: str, why: str) -> list[Suggestion]:
    """One item per entity mentioned, quoting its first mention."""
    grouped: dict[str, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.entity.id, []).append(mention)
    suggestions: list[Suggestion] = []
    for found in grouped.values():
        entity = found[0].entity
        label = fold(entity.zh_label)
        # Quote the first mention by the full name where there is one: it reads best.
        first = next((m for m in found if fold(source.text[m.start : m.end]) == label), found[0])
        names = {fold(clean_text(source.text[m.start : m.end])) for m in found}
        known_names = {fold(str(label)) for label in entity.labels}
        notes = [f"{entity.zh_label}: {_where(source, found)}"]
        if entity.code:
            notes[0] += f"; division code {entity.code}"
        fields: list[Field] = [("label", by_language(entity.labels))]
        if names - known_names:  # another name for it in this text
            fields.append(("altLabel", {"zh": sorted(names - known_names)}))
        if entity.located_in:
            fields.append(("locatedIn", entity.located_in))
        item = DraftItem(
            id=entity.id,
            type=entity.type,
            quotes=(quote_for(source, first.start, first.end),),
            fields=tuple(fields),
            notes=tuple(notes),
            suggested=why,
        )
        suggestions.append(Suggestion(item, finder, tuple((m.start, m.end) for m in found)))
    return suggestions


def _teams(
    source: SourceText, places: Sequence[Entity], known: Sequence[Entity]
) -> list[Suggestion]:
    """Teams written ``X市第N批援藏(干部人才)工作组``: id ``<city>-<N>``, sent by the city."""
    cities = {
        fold(str(n)): c for c in places if c.type == "City" for n in (*c.labels, *c.alt_labels)
    }
    if not cities:
        return []
    pairings = {e.id: e.paired_with for e in known if e.paired_with}
    names = "|".join(
        sorted((re.escape(n.removesuffix("市")) for n in cities), key=len, reverse=True)
    )
    pattern = re.compile(
        rf"(?P<city>{names})市?第(?P<batch>{_BATCH})批援藏(?:干部人才|干部)?工作组"
    )
    suggestions: dict[str, Suggestion] = {}
    for match in pattern.finditer(fold(source.text)):
        city = cities.get(match["city"]) or cities[match["city"] + "市"]
        batch = parse_ordinal(f"第{match['batch']}批")
        spans = [(s.start, s.end) for s in source.occurrences(match[0])]
        team_id = f"{city.id}-{batch}"
        if team_id in suggestions:
            old = suggestions[team_id]
            suggestions[team_id] = replace(old, mentions=tuple(sorted({*old.mentions, *spans})))
            continue
        fields: list[Field] = [
            ("label", {"zh": match[0]}),
            ("sentBy", city.id),
            ("batch", f"第{match['batch']}批"),
        ]
        notes = [f"team of {city.zh_label}, batch {batch}"]
        if city.id in pairings:
            fields.append(("stationedIn", pairings[city.id]))
            notes.append(
                f"stationedIn guessed: the graph pairs {city.id} with {pairings[city.id]}; "
                "check the text says so"
            )
        item = DraftItem(
            id=team_id,
            type="Team",
            quotes=(quote_for(source, *spans[0]),),
            fields=tuple(fields),
            notes=tuple(notes),
            suggested="a team named like X市第N批援藏工作组",
        )
        suggestions[team_id] = Suggestion(item, "team", tuple(spans))
    return list(suggestions.values())


def _titles(source: SourceText) -> list[Suggestion]:
    """A Document per title in 《》 (a plan, a set of rules, a film), once per title."""
    suggestions: dict[str, Suggestion] = {}
    for match in _TITLE.finditer(fold(source.text)):
        if match[0] in suggestions:
            continue
        spans = tuple((s.start, s.end) for s in source.occurrences(match[0]))
        item = DraftItem(
            id=f"document-{len(suggestions) + 1}",
            type="Document",
            quotes=(quote_for(source, *spans[0]),),
            fields=(("label", {"zh": match[1]}),),
            notes=("a title in 《》: a document, rules, a film...; check the type, add issuedBy",),
            suggested="a title in 《》",
        )
        suggestions[match[0]] = Suggestion(item, "title", spans)
    return list(suggestions.values())


def _where(source: SourceText, mentions: Sequence[Mention]) -> str:
    lines = sorted({source.line_of(m.start) for m in mentions})
    shown = ", ".join(map(str, lines[:12])) + (", ..." if len(lines) > 12 else "")
    plural = "s" if len(mentions) != 1 else ""
    return f"{len(mentions)} mention{plural} (source line{'s' if len(lines) != 1 else ''} {shown})"


def _resolved(suggestion: Suggestion, defined: Collection[str]) -> Suggestion:
    """Drop references to ids neither the graph nor the draft defines (they would not load)."""
    item = suggestion.item
    kept = tuple(f for f in item.fields if f[0] not in _REFERENCES or f[1] in defined)
    dropped = [f"{k}: {v}" for k, v in item.fields if (k, v) not in kept]
    if not dropped:
        return suggestion
    notes = (*item.notes, f"left out ({'; '.join(dropped)}): no document defines it yet")
    return replace(suggestion, item=replace(item, fields=kept, notes=notes))


_REFERENCES = frozenset({"locatedIn", "sentBy", "stationedIn"})


@dataclass(frozen=True)
class SuggestedDocument:
    """The draft of one source: its suggestions and the annotation file they make."""

    id: str
    source: SourceText
    suggestions: tuple[Suggestion, ...]
    annotation: str
    """The text of the drafted annotation file."""
    gazetteer: Path | None
    """The gazetteer used (None: the project has none)."""
    skipped: tuple[Path, ...]
    """Annotation files whose items could not be used as known names (they have problems)."""


def suggest_document(config: Config, source_path: Path, *, schema: Schema) -> SuggestedDocument:
    """Draft the annotation file of a source with the project's gazetteer and known items.

    :raises InputError: an unreadable source or gazetteer.
    """
    from kg_builder.intake import document_id, known_items, read_verbatim

    name = document_id(source_path)
    source = SourceText(read_verbatim(source_path))
    gazetteer_path = config.reference_dir / GAZETTEER_FILE
    gazetteer = gazetteer_path if gazetteer_path.is_file() else None
    places = load_gazetteer(gazetteer_path, list(schema.classes)) if gazetteer else []
    known = known_items(config, schema, excluding=name)
    suggestions = suggest_items(
        source, places=places, known=known_entities(known.items), units=schema.units
    )
    header = (
        f"Drafted by `kg suggest` from {source_path.name}: {len(suggestions)} suggestions.",
        "Review each item: correct it against the source, then delete its `suggested:` line;",
        "delete items that are wrong. `kg build` refuses an item that still has `suggested:`.",
    )
    draft = DraftFile(name, tuple(s.item for s in suggestions), header)
    return SuggestedDocument(
        name, source, suggestions, render_file(draft), gazetteer, known.skipped
    )
