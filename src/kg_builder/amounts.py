"""Read Chinese amounts and quantities exactly as the source documents write them.

Amounts are never retyped by hand: annotators quote the text and this module reads it.
The sources are extracted from PDFs, so a number may carry stray spaces or line breaks
(``4 . 8 万公斤``, ``767\\n\\n名``, ``突破 2 亿\\n\\n元``) or full-width digits; all whitespace
is ignored and each character is NFKC-normalised before reading. Chinese states how exact
a figure is in words around the number: ``近``/``将近``/``接近`` (nearly), ``约``/``大约``
(about), ``逾``/``超过``/``超``/``突破`` before it, ``余``/``多`` right after it or after
its magnitude (``600 余万元``, ``4 万多公斤``), ``以上``/``左右`` after the unit. That
qualifier is kept next to the value, which is given in the base unit: ``600 余万元`` is
6 000 000 元, more than.
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kg_builder.errors import AmountError

__all__ = [
    "UNITS",
    "Qualifier",
    "Quantity",
    "find_quantities",
    "parse_chinese_number",
    "parse_ordinal",
    "parse_quantity",
]


class Qualifier(enum.StrEnum):
    """How exact an amount is, as the text says it."""

    EXACT = "exact"
    MORE_THAN = "more-than"
    NEARLY = "nearly"
    ABOUT = "about"


@dataclass(frozen=True)
class Quantity:
    """An amount read from the text: value in the base unit, unit, qualifier, original text."""

    value: Decimal
    unit: str
    qualifier: Qualifier
    text: str

    @property
    def is_money(self) -> bool:
        """Whether this is an amount of money (in yuan).

        >>> parse_quantity("600 余万元").is_money
        True
        """
        return self.unit == "元"


#: Every unit symbol the parser knows, longest first where one is a prefix of another.
UNITS: tuple[str, ...] = (
    *("兆瓦时", "兆瓦", "人次", "人", "批次", "批", "个月", "个", "公斤", "公里", "小时"),
    *("元", "名", "次", "项", "家", "种", "大类", "类", "条", "件", "套", "台", "亩", "管"),
    *("月", "天", "米", "年", "%"),
)
_HALF_MONTH = "个半月"  # 一个半月 / 1 个半月: one and a half months

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_MAGNITUDES = {char: _SCALES[char] for char in "百千万亿"}  # may follow an Arabic number
_NUMERALS = "".join(_DIGITS) + "".join(_SCALES)

_BEFORE = {"将近": Qualifier.NEARLY, "接近": Qualifier.NEARLY, "近": Qualifier.NEARLY}
_BEFORE |= {"大约": Qualifier.ABOUT, "约": Qualifier.ABOUT}
_BEFORE |= dict.fromkeys(("超过", "突破", "逾", "超"), Qualifier.MORE_THAN)
_INSIDE = {"余": Qualifier.MORE_THAN, "多": Qualifier.MORE_THAN}
_AFTER = {"以上": Qualifier.MORE_THAN, "左右": Qualifier.ABOUT}
# In running text 近 and 约 often end another word (最近 recently, 附近 nearby, 签约 signed,
# 节约 saved): after these characters they are not qualifiers.
_NOT_QUALIFIER_AFTER = {"近": "最附临", "约": "签节预合制"}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _amount_pattern(before: str) -> re.Pattern[str]:
    # A number is not read inside an ordinal (第十批) or a vague figure (几千, 数百).
    return re.compile(
        rf"(?P<before>{before})?"
        rf"(?P<number>(?<![第0-9.])[0-9]+(?:\.[0-9]+)?"
        rf"|(?<![第几数0-9.{_NUMERALS}半])(?:半|[{_NUMERALS}]+))"
        rf"(?P<inner>[余多])?(?P<magnitude>[{''.join(_MAGNITUDES)}]+)?(?P<inner2>[余多])?"
        rf"(?P<unit>{_HALF_MONTH}|{_alternation(UNITS)})?"
        rf"(?P<after>{_alternation(_AFTER)})?"
    )


_QUALIFIER_WORD = "|".join(
    f"(?<![{_NOT_QUALIFIER_AFTER[w]}]){w}" if w in _NOT_QUALIFIER_AFTER else w
    for w in sorted(_BEFORE, key=len, reverse=True)
)
_IN_TEXT = _amount_pattern(f"(?:{_QUALIFIER_WORD})")
_WHOLE = _amount_pattern(f"(?:{_QUALIFIER_WORD})+")
_BEFORE_WORDS = re.compile(_alternation(_BEFORE))
_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_ORDINAL_COUNTERS = ("批次", "批", "次", "届", "期", "轮", "名", "个", "位")
_ORDINAL = re.compile(rf"第([0-9]+|[{_NUMERALS}]+)(?:{_alternation(_ORDINAL_COUNTERS)})?")
_FORM = (
    "an amount is [近/约/逾/超过/突破…] number [余/多] [万/亿] [unit] [以上/左右], "
    'e.g. "近 900 万元", "600 余万元", "4 . 8 万公斤"'
)


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFKC, whitespace dropped; with the index in ``text`` of every character kept."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for normal in unicodedata.normalize("NFKC", char):
            if not normal.isspace():
                chars.append(normal)
                where.append(index)
    return "".join(chars), where


def _shown(text: str) -> str:
    return " ".join(text.split())


def _error(text: str, what: str, allowed: str, kind: str = "an amount") -> AmountError:
    return AmountError(f'cannot read "{_shown(text)}" as {kind}: {what}; {allowed}')


def parse_chinese_number(text: str) -> Decimal:
    """Read one number in Arabic digits or Chinese numerals.

    >>> parse_chinese_number("一百二十"), parse_chinese_number("4 . 8"), parse_chinese_number("两")
    (Decimal('120'), Decimal('4.8'), Decimal('2'))
    """
    norm, _ = _normalise(text)
    if _ARABIC.fullmatch(norm):
        return Decimal(norm)
    if norm == "半":
        return Decimal("0.5")
    if not norm or any(char not in _NUMERALS for char in norm):
        raise _error(
            text,
            "not a number",
            'write Arabic digits ("5104", "4 . 8") or Chinese numerals ("一百二十", "两", "千")',
            kind="a number",
        )
    if not any(char in _SCALES for char in norm):
        return Decimal("".join(str(_DIGITS[char]) for char in norm))  # 二〇二三 -> 2023
    return Decimal(_numeral_value(text, norm))


def _numeral_value(text: str, norm: str) -> int:
    """The value of a Chinese numeral with scale characters (十百千万亿)."""
    total = section = digit = 0
    scale, zero = 1, False
    for char in norm:
        if char in "零〇":
            zero = True
        elif char in _DIGITS:
            if digit:
                raise _error(text, "two digits in a row", 'write e.g. "一百二十"', "a number")
            digit = _DIGITS[char]
        else:
            scale, zero = _SCALES[char], False
            if scale < 10**4:
                section += (digit or 1) * scale  # 十 alone is 10
            else:
                section += digit
                if not section and not total:
                    section = 1  # 万 alone is 10000
                # 亿 multiplies what came before it (一万亿); 万 only its own section
                total = (total + section) * scale if char == "亿" else total + section * scale
                section = 0
            digit = 0
    if digit and not zero and scale >= 10:
        digit *= scale // 10  # 三千五 is 3500, 一万五 is 15000
    return total + section + digit


def parse_ordinal(text: str) -> int:
    """Read an ordinal such as a team's batch number.

    >>> parse_ordinal("第十批"), parse_ordinal("第 7 批"), parse_ordinal("第七次")
    (10, 7, 7)
    """
    norm, _ = _normalise(text)
    match = _ORDINAL.fullmatch(norm)
    if match is None:
        counters = "、".join(_ORDINAL_COUNTERS)
        allowed = f'write 第, a number and a counter ({counters}), e.g. "第十批", "第 7 批"'
        raise _error(text, "not an ordinal", allowed, kind="an ordinal")
    return int(parse_chinese_number(match[1]))


def parse_quantity(text: str) -> Quantity:
    """Read a whole text (whitespace ignored) as one amount or quantity.

    >>> q = parse_quantity("600 余万元")
    >>> q.value, q.unit, q.qualifier.value
    (Decimal('6000000'), '元', 'more-than')
    >>> parse_quantity("4 . 8 万公斤").value
    Decimal('48000')
    """
    norm, where = _normalise(text)
    if not norm:
        raise _error(text, "the text is empty", 'give a number with its unit, e.g. "600 余万元"')
    match = _WHOLE.match(norm)
    if match is None:
        raise _error(text, "it does not start with a qualifier or a number", _FORM)
    rest = norm[match.end() :]
    if rest and not (match["unit"] or match["after"]):
        known = " ".join(UNITS)
        raise _error(text, f'"{rest}" after the number is not a known unit', f"units: {known}")
    if rest:
        amount = _shown(text[: where[match.end() - 1] + 1])
        raise _error(text, f'"{rest}" follows the amount', f'give only the amount, e.g. "{amount}"')
    unit = match["unit"] or ""
    value = parse_chinese_number(match["number"])
    value *= math.prod(_MAGNITUDES[char] for char in match["magnitude"] or "")
    if unit == _HALF_MONTH:
        unit, value = "个月", value + Decimal("0.5")
    whole = value == value.to_integral_value()
    value = value.quantize(Decimal(1)) if whole else value.normalize()  # 48000, not 4.80E+4
    return Quantity(value, unit, _qualifier(text, match, where), text)


def _qualifier(text: str, match: re.Match[str], where: list[int]) -> Qualifier:
    """The one qualifier the words of ``match`` give; AmountError if they disagree."""
    found: list[tuple[str, Qualifier, int]] = []  # word, its qualifier, start in the match
    start = match.start("before")
    for word in _BEFORE_WORDS.findall(match["before"] or ""):
        found.append((word, _BEFORE[word], start))
        start += len(word)
    for group, words in (("inner", _INSIDE), ("inner2", _INSIDE), ("after", _AFTER)):
        if match[group]:
            found.append((match[group], words[match[group]], match.start(group)))
    kinds = {qualifier for _, qualifier, _ in found}
    if len(kinds) > 1:
        first, first_kind, at = found[0]
        second, second_kind, _ = next(f for f in found if f[1] != first_kind)
        without = _shown(text[: where[at]] + text[where[at + len(first) - 1] + 1 :])
        raise _error(
            text,
            f"two qualifiers ({first} = {first_kind}, {second} = {second_kind})",
            f'write the amount as the text gives it, e.g. "{without}"',
        )
    return kinds.pop() if kinds else Qualifier.EXACT


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Find every amount in a passage, with ``[start, end)`` offsets into ``text``.

    A number is reported when it has a unit, a qualifier or a magnitude (万, 亿); bare
    numbers (years in a range, slogans like 4513), ordinals (第十批), vague figures (几千)
    and stretches that cannot be read (two conflicting qualifiers) are left out.

    >>> text = "2022 年投入援藏资金5104 万元，"
    >>> [(start, end, q.value, q.unit) for start, end, q in find_quantities(text)]
    [(0, 6, Decimal('2022'), '年'), (12, 19, Decimal('51040000'), '元')]
    """
    norm, where = _normalise(text)
    found: list[tuple[int, int, Quantity]] = []
    for match in _IN_TEXT.finditer(norm):
        first, last = match.start(), match.end() - 1
        bare_magnitude = not match["before"] and set(match["number"]) <= set(_MAGNITUDES)
        counted = match["unit"] or match["before"] or match["after"] or match["magnitude"]
        # A match that starts or ends inside one character's NFKC expansion (⑽ -> (10)) is
        # not a stretch of the original text.
        inside = (first > 0 and where[first - 1] == where[first]) or (
            last + 1 < len(norm) and where[last + 1] == where[last]
        )
        if bare_magnitude or not counted or inside:
            continue
        start, end = where[first], where[last] + 1
        try:
            found.append((start, end, parse_quantity(text[start:end])))
        except AmountError:
            continue
    return found
