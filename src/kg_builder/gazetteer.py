"""Names the graph already knows, and where a new text mentions them.

Two kinds of known names help draft a new document: the gazetteer of administrative units
(``data/reference/gazetteer.yaml``: provinces, prefectures, counties, townships with their
parents, aliases and — where a cited source gives them — division codes) and the items of
the annotation files already written (enterprises, teams, organisations, ...). A mention
found in the text gets the id the graph uses, so a new document's 白朗县 is the article's
``bainang`` and the two merge when built.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal

from kg_builder.errors import InputError, did_you_mean
from kg_builder.items import ID_PATTERN, read_labels
from kg_builder.model import Item, Reference
from kg_builder.text import SourceText, fold
from kg_builder.yaml_nodes import NodeReader, line_of

GAZETTEER_FILE = "gazetteer.yaml"
PLACE_KEYS = ("id", "type", "label", "altLabel", "locatedIn", "code")
PLACE_TYPES = ("Province", "Prefecture", "City", "County", "Township", "Village")
MIN_NAME_LENGTH = 2
"""Shorter names (鲁 for Shandong, 藏 for Tibet) stand inside too many other words to match."""


@dataclass(frozen=True)
class Entity:
    """Something with a name a text may mention: a place of the gazetteer or a known item."""

    id: str
    type: str
    labels: tuple[Literal, ...]
    alt_labels: tuple[Literal, ...] = ()
    located_in: str | None = None
    code: str | None = None
    paired_with: str | None = None

    @property
    def zh_label(self) -> str:
        return next((str(label) for label in self.labels if label.language == "zh"), self.id)

    def names(self) -> list[str]:
        """The Chinese names to look for, folded, long enough to match."""
        names = (lit for lit in (*self.labels, *self.alt_labels) if lit.language == "zh")
        return sorted({fold(str(n)) for n in names if len(fold(str(n))) >= MIN_NAME_LENGTH})


@dataclass(frozen=True)
class Mention:
    """A passage ``[start, end)`` of the verbatim text that names an entity."""

    entity: Entity
    start: int
    end: int


def find_mentions(source: SourceText, entities: Iterable[Entity]) -> list[Mention]:
    """Every mention of every entity, in text order.

    A name inside a longer name of the same list is not a mention of its own: 南木林 in
    南木林镇 is the town, 日喀则市 in 日喀则市区 is the district.

    >>> county = Entity("bainang", "County", (Literal("白朗县", lang="zh"),),
    ...                 (Literal("白朗", lang="zh"),))
    >>> town = Entity("bailang-town", "Township", (Literal("白朗镇", lang="zh"),))
    >>> [(m.entity.id, m.start) for m in find_mentions(SourceText("白朗县白朗镇"), [county, town])]
    [('bainang', 0), ('bailang-town', 3)]
    """
    found: list[Mention] = []
    for entity in entities:
        for name in entity.names():
            found.extend(Mention(entity, s.start, s.end) for s in source.occurrences(name))
    found.sort(key=lambda m: (m.start, -m.end, m.entity.id))
    kept: list[Mention] = []
    for mention in found:
        # Sorted by start, longest first: a longer name around this one is already kept.
        inside = any(
            k.start <= mention.start
            and mention.end <= k.end
            and k.end - k.start > mention.end - mention.start
            for k in kept
        )
        repeated = any(
            (k.start, k.end, k.entity.id) == (mention.start, mention.end, mention.entity.id)
            for k in kept
        )
        if not inside and not repeated:
            kept.append(mention)
    return kept


def known_entities(items: Iterable[Item]) -> list[Entity]:
    """The items of annotation files as entities, one per id (the first description wins)."""
    entities: dict[str, Entity] = {}
    for item in items:
        if item.id in entities:
            continue
        values = {s.prop.name: s.value for s in item.statements}
        located, paired = values.get("locatedIn"), values.get("pairedWith")
        entities[item.id] = Entity(
            item.id,
            item.type,
            item.labels,
            item.alt_labels,
            located_in=located.id if isinstance(located, Reference) else None,
            paired_with=paired.id if isinstance(paired, Reference) else None,
        )
    return list(entities.values())


def load_gazetteer(path: Path, classes: Sequence[str]) -> list[Entity]:
    """The places of a gazetteer file.

    :param classes: the ontology's class names (a place's type must be one).
    :raises InputError: every problem of the file, with its line.
    """
    reader = NodeReader(path)
    root = reader.compose()
    places: list[Entity] = []
    if root is None:
        raise InputError(reader.problems)
    entries = {e.key: e for e in reader.entries(root, "the gazetteer")}
    if "places" not in entries:
        reader.problem(line_of(root), "no `places:` list")
    else:
        for node in reader.items(entries["places"].node, "`places`"):
            parts = {e.key: e for e in reader.entries(node, "a place")}
            for key in sorted(set(parts) - set(PLACE_KEYS)):
                reader.problem(
                    parts[key].line, f"unknown key `{key}`", did_you_mean(key, PLACE_KEYS)
                )
            missing = [k for k in ("id", "type", "label") if k not in parts]
            if missing:
                reader.problem(line_of(node), f"the place has no `{missing[0]}:`")
                continue
            text = {
                k: reader.text(parts[k].node, f"`{k}`")
                for k in ("id", "type", "locatedIn", "code")
                if k in parts
            }
            place_id, type_ = text.get("id") or "", text.get("type") or ""
            if not ID_PATTERN.match(place_id):
                reader.problem(parts["id"].line, f"id `{place_id}` is not allowed")
            if type_ not in classes or type_ not in PLACE_TYPES:
                reader.problem(
                    parts["type"].line,
                    f"`{type_}` is not a place type",
                    did_you_mean(type_, PLACE_TYPES, listing=True),
                )
            places.append(
                Entity(
                    place_id,
                    type_,
                    read_labels(parts["label"], reader),
                    read_labels(parts["altLabel"], reader) if "altLabel" in parts else (),
                    located_in=text.get("locatedIn"),
                    code=text.get("code"),
                )
            )
    known = {place.id for place in places}
    for place in places:
        if place.located_in is not None and place.located_in not in known:
            reader.problem(
                None, f"`{place.id}` is located in `{place.located_in}`, which the gazetteer lacks"
            )
    if reader.problems:
        raise InputError(reader.problems)
    return places
