"""Write the quote that anchors a known span: the inverse of ``SourceText.anchor``.

Tools that know *where* a passage is (an annotation tool's offsets, a match found by
``kg suggest``) must still write the annotation format, where a passage is given by its clean
text. A quote has to stand exactly once in the source, so a short one (``白朗县``) gets the
few characters before or after it as ``prefix``/``suffix`` — as few as make it unique, so the
file stays readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg_builder.errors import AnchorError
from kg_builder.text import SourceText, fold

MAX_CONTEXT = 40
"""Folded characters of context tried on each side before giving up on a span."""

_LINE_BREAK_RUN = re.compile(r"\s*\n\s*")
_SPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class QuoteText:
    """A quote as an annotation file writes it."""

    exact: str
    prefix: str = ""
    suffix: str = ""


def clean_text(verbatim: str) -> str:
    """A passage as a person would type it: line breaks of the extraction dropped.

    Whitespace that spans a line break joins the two sides (a word split across lines,
    ``潍\\n\\n坊``); other runs of spaces become one (``600 余万元`` stays as printed).

    >>> clean_text(" 2022 年投入援藏资金5104 万元，\\n\\n累计 ")
    '2022 年投入援藏资金5104 万元，累计'
    """
    joined = _LINE_BREAK_RUN.sub("", verbatim)
    return _SPACE_RUN.sub(" ", joined).strip()


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without whitespace at either edge (anchored spans never have any)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def quote_for(source: SourceText, start: int, end: int) -> QuoteText:
    """The shortest quote that anchors exactly the verbatim span ``[start, end)``.

    >>> src = SourceText("白朗县授予……为白\\n朗县")
    >>> quote_for(src, 0, 3)
    QuoteText(exact='白朗县', prefix='', suffix='授')
    >>> quote_for(src, 8, 12)
    QuoteText(exact='白朗县', prefix='为', suffix='')

    :raises AnchorError: when the span is empty or no context up to ``MAX_CONTEXT``
        characters makes it unique (the same long passage printed twice).
    """
    start, end = trim_span(source.text, start, end)
    exact = clean_text(source.text[start:end])
    if not exact:
        raise AnchorError(f"the span [{start}, {end}) holds no text to quote")
    before = fold(source.text[max(0, start - 4 * MAX_CONTEXT) : start])
    after = fold(source.text[end : end + 4 * MAX_CONTEXT])
    for size in range(MAX_CONTEXT + 1):
        for prefix, suffix in (
            (before[len(before) - size :] if size else "", ""),
            ("", after[:size]),
            (before[len(before) - size :] if size else "", after[:size]),
        ):
            if _anchors_at(source, QuoteText(exact, prefix, suffix), start):
                return QuoteText(exact, prefix, suffix)
    raise AnchorError(
        f"«{exact}» (offset {start}) cannot be told apart from its other occurrences "
        f"by {MAX_CONTEXT} characters of context"
    )


def _anchors_at(source: SourceText, quote: QuoteText, start: int) -> bool:
    try:
        span = source.anchor(quote.exact, prefix=quote.prefix, suffix=quote.suffix)
    except AnchorError:
        return False
    return span.start == start
