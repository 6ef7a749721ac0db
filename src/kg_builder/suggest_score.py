"""How good ``kg suggest`` is on a text someone has already annotated by hand.

A hand-made item counts as **found** (recall) when some suggestion has the same type and one
of the passages where the suggestion's finder saw it overlaps one of the item's quotes; a
suggestion counts as **kept** (precision) when it matches some hand-made item that way. For
found funding flows and indicators, the guessed category is compared as well. The
passages compared are verbatim offsets, so a suggestion quoting another mention of the same
place (the annotator quoted the third 白朗县, the finder the first) still matches: the finder
saw every mention. Ids are not compared — only the gazetteer and known items can get them
right, and a reviewer renames the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kg_builder.annotations import ANNOTATION_SUFFIX, load_document
from kg_builder.config import Config
from kg_builder.errors import InputError, Problem
from kg_builder.model import Document, Item, written
from kg_builder.schema import Schema
from kg_builder.suggest import SuggestedDocument, Suggestion

CATEGORY_KEYS = {"FundingFlow": "fundingCategory", "Indicator": "indicatorKind"}
"""The guessed category of each counted type, compared with the hand-made one."""


@dataclass(frozen=True)
class TypeScore:
    """Counts for one type."""

    type: str
    hand_items: int
    found: int
    suggestions: int
    kept: int


@dataclass(frozen=True)
class SuggestionScore:
    """Recall and precision of a set of suggestions against a hand-made annotation."""

    by_type: tuple[TypeScore, ...]
    categories_right: int = 0
    """Found funding flows and indicators whose guessed category is the hand-made one."""
    categories_compared: int = 0

    @property
    def hand_items(self) -> int:
        return sum(t.hand_items for t in self.by_type)

    @property
    def found(self) -> int:
        return sum(t.found for t in self.by_type)

    @property
    def suggestions(self) -> int:
        return sum(t.suggestions for t in self.by_type)

    @property
    def kept(self) -> int:
        return sum(t.kept for t in self.by_type)

    @property
    def recall(self) -> float:
        return self.found / self.hand_items if self.hand_items else 0.0

    @property
    def precision(self) -> float:
        return self.kept / self.suggestions if self.suggestions else 0.0


def score_suggestions(suggestions: Sequence[Suggestion], document: Document) -> SuggestionScore:
    """Compare suggestions for a source with the hand-made annotation of the same source."""
    found: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    right = compared = 0
    for item in document.items:
        match = next((s for s in suggestions if _matches(s, item)), None)
        if match is None:
            continue
        found[item.type] += 1
        key = CATEGORY_KEYS.get(item.type)
        if key is not None:
            given = [written(s.value) for s in item.statements if s.prop.name == key]
            compared += 1
            right += given == [match.item.value(key)]
    for suggestion in suggestions:
        if any(_matches(suggestion, item) for item in document.items):
            kept[suggestion.item.type] += 1
    hand = Counter(item.type for item in document.items)
    proposed = Counter(s.item.type for s in suggestions)
    return SuggestionScore(
        tuple(
            TypeScore(t, hand[t], found[t], proposed[t], kept[t]) for t in sorted(hand | proposed)
        ),
        categories_right=right,
        categories_compared=compared,
    )


def _matches(suggestion: Suggestion, item: Item) -> bool:
    if suggestion.item.type != item.type:
        return False
    return any(
        start < quote.span.end and quote.span.start < end
        for start, end in suggestion.mentions
        for quote in item.quotes
    )


def score_against_project(
    config: Config, suggested: SuggestedDocument, *, schema: Schema
) -> SuggestionScore:
    """Score a draft against the project's hand-made annotation of the same source.

    :raises InputError: when there is none, or it does not load.
    """
    path = config.annotations_dir / f"{suggested.id}{ANNOTATION_SUFFIX}"
    if not path.is_file():
        raise InputError([Problem(path, None, "no hand-made annotation to compare with")])
    document, problems = load_document(path, config.sources_dir, schema)
    if document is None:
        raise InputError(problems)
    return score_suggestions(suggested.suggestions, document)
