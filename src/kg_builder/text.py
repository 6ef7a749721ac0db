"""Anchor clean quotes in verbatim source text.

Sources are kept exactly as extracted from their PDF: hard line breaks, blank lines and
stray spaces (``4 . 8 万公斤``, ``潍\\n\\n坊``). Annotators write quotes as clean text. Matching
therefore drops every whitespace character from both sides, finds the quote in that
*folded* text, and maps the match back to verbatim code-point offsets, so that
``source.text[span.start:span.end]`` is the passage as it stands in the file.

The offsets are those of a W3C Web Annotation ``TextPositionSelector``
(https://www.w3.org/TR/annotation-model/#text-position-selector): Unicode code points,
which is what Python ``str`` indexes.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import compress, count
from operator import not_

from kg_builder.errors import AnchorError

CONTEXT_LENGTH = 12
"""Code points of verbatim text kept before and after a quote as its prefix and suffix."""


def fold(text: str) -> str:
    """The text with every whitespace character removed, as quotes are matched.

    >>> fold("5104 万元，\\n\\n累计")
    '5104万元，累计'
    """
    return "".join(text.split())  # split() cuts at what isspace() calls whitespace


@dataclass(frozen=True)
class Span:
    """A passage of a source: verbatim ``[start, end)`` code-point offsets and its text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class SourceText:
    """A verbatim source with the index that maps folded offsets back to it."""

    text: str
    _positions: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _folded: str = field(init=False, repr=False, compare=False)
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # in C, not a Python loop over every code point: a source is read once per build
        kept = list(map(not_, map(str.isspace, self.text)))
        object.__setattr__(self, "_positions", tuple(compress(count(), kept)))
        object.__setattr__(self, "_folded", "".join(compress(self.text, kept)))
        starts = [0] + [match.end() for match in re.finditer("\n", self.text)]
        object.__setattr__(self, "_line_starts", tuple(starts))

    def line_of(self, offset: int) -> int:
        """The 1-based line of a verbatim offset, for messages."""
        return bisect_right(self._line_starts, offset)

    def span(self, start: int, end: int) -> Span:
        """The span of verbatim offsets ``[start, end)`` with its context."""
        return Span(
            start=start,
            end=end,
            exact=self.text[start:end],
            prefix=self.text[max(0, start - CONTEXT_LENGTH) : start],
            suffix=self.text[end : end + CONTEXT_LENGTH],
        )

    def anchor(self, exact: str, *, prefix: str = "", suffix: str = "") -> Span:
        """Find the one place where ``exact`` stands, ignoring whitespace.

        ``prefix`` and ``suffix`` (text just before and after, also whitespace-insensitive)
        choose among several occurrences.

        >>> src = SourceText("济南援藏：\\n\\n济南市第十批援\\n藏工作组")
        >>> span = src.anchor("济南市第十批援藏工作组")
        >>> (span.start, span.end, span.exact)
        (7, 19, '济南市第十批援\\n藏工作组')
        >>> src.anchor("济南", prefix="援藏：").start
        7

        :raises AnchorError: when the quote is empty, absent or ambiguous; the message shows
            the closest passage or every occurrence with its line.
        """
        needle = fold(exact)
        if not needle:
            raise AnchorError("the quote is empty")
        starts = self._occurrences(needle)
        before, after = fold(prefix), fold(suffix)
        chosen = [
            s
            for s in starts
            if self._folded.endswith(before, 0, s)
            and self._folded.startswith(after, s + len(needle))
        ]
        if len(chosen) == 1:
            start = chosen[0]
            return self.span(self._positions[start], self._positions[start + len(needle) - 1] + 1)
        if not starts:
            raise AnchorError(f"quote «{exact}» is not in the source; {self._closest(needle)}")
        lines = [str(self.line_of(self._positions[s])) for s in starts]
        places = f"line{'s' if len(lines) > 1 else ''} {', '.join(lines)}"
        if not chosen:
            raise AnchorError(
                f"quote «{exact}» occurs on source {places}, but none with the given prefix/suffix"
            )
        raise AnchorError(
            f"quote «{exact}» occurs {len(chosen)} times (source {places}); make it longer or give "
            "`prefix:`/`suffix:` (the text just before/after it) to choose one"
        )

    def occurrences(self, exact: str) -> tuple[Span, ...]:
        """Every passage where ``exact`` stands, whitespace ignored, in text order.

        >>> [(s.start, s.end) for s in SourceText("白朗县，白\\n朗县").occurrences("白朗县")]
        [(0, 3), (4, 8)]
        """
        needle = fold(exact)
        if not needle:
            return ()
        return tuple(
            self.span(self._positions[s], self._positions[s + len(needle) - 1] + 1)
            for s in self._occurrences(needle)
        )

    def _occurrences(self, needle: str) -> list[int]:
        found: list[int] = []
        at = self._folded.find(needle)
        while at != -1:
            found.append(at)
            at = self._folded.find(needle, at + 1)
        return found

    def _closest(self, needle: str) -> str:
        """Describe the passage of the source most like ``needle``."""
        width = len(needle)
        if width > len(self._folded):
            return "the source is shorter than the quote"
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle)
        best_ratio, best_start = 0.0, 0
        for start in range(len(self._folded) - width + 1):
            matcher.set_seq1(self._folded[start : start + width])
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best_ratio, best_start = ratio, start
        passage = self._folded[best_start : best_start + width]
        line = self.line_of(self._positions[best_start])
        return f"closest passage (source line {line}, {best_ratio:.0%} alike): «{passage}»"
