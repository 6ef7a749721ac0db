"""How annotation tools count offsets into a text, and converting them to code points.

kg_builder's offsets, like Python's ``str`` and brat's, count Unicode code points. Tools that
run in a browser may count JavaScript string positions instead: UTF-16 code units, where a
character outside the Basic Multilingual Plane (an emoji, a CJK Extension B character such
as 𠮷) is two. (Kept apart from the readers so that ``kg --help`` need not load them.)
"""

from __future__ import annotations

from enum import StrEnum


class OffsetUnit(StrEnum):
    """How a Label Studio export counts offsets."""

    AUTO = "auto"
    CODE_POINTS = "code-points"
    UTF16 = "utf-16"


def utf16_to_code_points(text: str, offset: int) -> int:
    """The code-point offset of a UTF-16 code-unit offset into ``text``.

    >>> text = "𠮷野家：白朗县"  # 𠮷 (U+20BB7) is two UTF-16 code units
    >>> utf16_to_code_points(text, 5), utf16_to_code_points(text, 8)
    (4, 7)
    >>> text[4:7]
    '白朗县'

    :raises ValueError: for an offset beyond the text or inside a surrogate pair.
    """
    units = 0
    for index, char in enumerate(text):
        if units == offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
        if units > offset:
            raise ValueError(f"UTF-16 offset {offset} falls inside the character {char!r}")
    if units == offset:
        return len(text)
    raise ValueError(f"UTF-16 offset {offset} is beyond the text ({units} code units)")
