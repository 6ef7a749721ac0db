"""Propose an item for every amount and quantity of a text (part of ``kg suggest``).

The amount parser (``kg_builder.amounts.find_quantities``) finds the figures; this module
decides which are worth an item (not dates such as 2022 年 or 7 月, only units the ontology
knows), quotes the clause that states each, and guesses its category from the clause's words:
money becomes a ``FundingFlow`` with a ``fundingCategory`` (and a ``year`` where the clause
gives one), any other quantity an ``Indicator`` with an ``indicatorKind``. The guesses are
tables of words, first match wins: easy to read, easy to extend.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from kg_builder.amounts import Quantity, find_quantities
from kg_builder.drafts import DraftItem, Field
from kg_builder.quoting import clean_text, quote_for
from kg_builder.text import SourceText, fold

CLAUSE_LIMIT = 40
"""Characters looked at before an amount for the clause that states it."""

AFTER_LIMIT = 12
"""Characters looked at after an amount for the words that say what it counts."""

SENTENCE_LIMIT = 150
"""Characters looked at before an amount for a year stated earlier in its sentence."""

_CLAUSE_END = "，。；：！？"  # not line breaks: the extraction breaks lines mid-sentence
_YEAR = re.compile(r"((?:19|20)[0-9]{2})年")

FUNDING_CATEGORIES: tuple[tuple[str, str], ...] = (
    # (a word of the clause, the funding-category notation); the first that matches wins
    ("防疫物资", "epidemic-supplies"),
    ("防疫", "epidemic-support"),
    ("抗疫", "epidemic-support"),
    ("捐款", "donation"),
    ("捐赠", "donation"),
    ("捐助", "donation"),
    ("投资", "investment"),
    ("援藏资金", "aid-funds"),
    ("援助资金", "aid-funds"),
    ("资金", "aid-funds"),
)

UNIT_KINDS: dict[str, str] = {
    # units that say what an indicator measures, whatever the words around them
    "%": "rate",
    "兆瓦": "capacity",
    "兆瓦时": "capacity",
    "公里": "distance",
    "米": "altitude",
    "个月": "duration",
    "天": "duration",
    "小时": "duration",
    "年": "duration",
}

COUNTED_NOUNS: tuple[tuple[str, str], ...] = (
    # (a word right after the figure: what is counted, the indicator kind); first match wins
    ("学生", "students-supported"),
    ("患者", "patients-screened"),
    ("企业", "enterprises"),
    ("项目", "projects"),
    ("特产", "products"),
    ("产品", "products"),
    ("建议", "suggestions"),
    ("经验", "lessons"),
    ("合作社", "facilities"),
    ("科室", "facilities"),
    ("平台", "facilities"),
    ("村", "places-visited"),
    ("乡镇", "places-visited"),
    ("部门", "places-visited"),
    ("设备", "goods"),
    ("物资", "goods"),
)

INDICATOR_KINDS: tuple[tuple[str, str], ...] = (
    # (a word of the clause, the indicator kind); the first that matches wins
    ("抢收", "harvest"),
    ("筛查", "patients-screened"),
    ("治疗", "patients-treated"),
    ("诊疗", "patients-treated"),
    ("手术", "patients-treated"),
    ("学生", "students-supported"),
    ("覆盖", "people-reached"),
    ("惠及", "people-reached"),
    ("培训", "people-trained"),
    ("表扬", "honours"),
    ("先进", "honours"),
    ("获", "honours"),
    ("奖", "honours"),
    ("制度", "regulations"),
    ("产值", "output-value"),
    ("收入", "income"),
    ("增收", "income"),
    ("检测", "testing-capacity"),
    ("调研", "surveys"),
    ("会", "activities"),
    ("公斤", "goods"),
    ("干部", "personnel"),
    ("人才", "personnel"),
    ("专家", "personnel"),
)


def amount_items(
    source: SourceText, units: Collection[str]
) -> list[tuple[DraftItem, tuple[int, int]]]:
    """A FundingFlow per amount of money, an Indicator per other quantity, with the
    verbatim span of the amount."""
    suggestions: list[tuple[DraftItem, tuple[int, int]]] = []
    counts = {"FundingFlow": 0, "Indicator": 0}
    for start, end, quantity in find_quantities(source.text):
        if not _is_counted(quantity, units):
            continue
        clause_start = _clause_start(source.text, start)
        clause = clean_text(source.text[clause_start:end])
        money = quantity.is_money
        type_ = "FundingFlow" if money else "Indicator"
        counts[type_] += 1
        amount = clean_text(source.text[start:end])
        fields: list[Field] = [("label", {"zh": clause}), ("amount" if money else "value", amount)]
        # The words around the figure say what it counts: 援藏资金 5104 万元, 600 余万元防疫物资.
        rest = _clause_rest(source.text, end)
        guess = (
            _guess(clause + rest, FUNDING_CATEGORIES) if money else _kind(quantity, clause, rest)
        )
        if guess:
            fields.append(("fundingCategory" if money else "indicatorKind", guess))
        year = _year_before(source.text, end)
        if money and year:
            fields.append(("year", int(year)))
        shown = f"{quantity.value} {quantity.unit}".strip()
        notes = [f"{amount} = {shown}, {quantity.qualifier.value}"]
        notes.append("check the label; add " + ("funder and recipient" if money else "indicatorOf"))
        item = DraftItem(
            id=f"{'funding' if money else 'indicator'}-{counts[type_]}",
            type=type_,
            quotes=(quote_for(source, clause_start, end),),
            fields=tuple(fields),
            notes=tuple(notes),
            suggested="an amount the parser found" if money else "a quantity the parser found",
        )
        suggestions.append((item, (start, end)))
    return suggestions


def _year_before(text: str, end: int) -> str | None:
    """The last year (``2022 年``) of the sentence that ends with an amount, if it gives one."""
    floor = max(0, end - SENTENCE_LIMIT)
    stop = text.rfind("。", floor, end)
    start = stop + 1 if stop != -1 else floor
    years = _YEAR.findall(fold(text[start:end]))
    return years[-1] if years else None


def _is_counted(quantity: Quantity, units: Collection[str]) -> bool:
    """Whether a quantity is worth an item: a known unit, and not a date (2022 年, 7 月)."""
    if quantity.unit not in units:
        return False
    whole = quantity.value == quantity.value.to_integral_value()
    exact = quantity.qualifier.value == "exact"
    if quantity.unit == "年" and whole and exact and 1900 <= quantity.value <= 2100:
        return False
    return not (quantity.unit == "月" and whole and exact and 1 <= quantity.value <= 12)


def _clause_start(text: str, start: int) -> int:
    """Where the clause ending at ``start`` begins: after the last clause mark before it."""
    at = start
    while at > max(0, start - CLAUSE_LIMIT) and text[at - 1] not in _CLAUSE_END:
        at -= 1
    return at


def _clause_rest(text: str, end: int) -> str:
    """What follows an amount up to the end of its clause (a few words at most)."""
    rest = text[end : end + AFTER_LIMIT]
    stops = [rest.find(mark) for mark in _CLAUSE_END if mark in rest]
    return rest[: min(stops)] if stops else rest


def _kind(quantity: Quantity, clause: str, rest: str) -> str | None:
    """What an indicator measures: said by its unit, else by the noun it counts, else by the
    words of its clause; counts of times (次) are activities unless the clause says more."""
    if quantity.unit in UNIT_KINDS:
        return UNIT_KINDS[quantity.unit]
    counted = _guess(rest[:4], COUNTED_NOUNS)
    if counted:
        return counted
    if quantity.unit == "人次" and "培训" not in clause:
        return "people-reached"
    around = _guess(clause + rest, INDICATOR_KINDS)
    if quantity.unit == "次" and around not in ("surveys",):
        return "activities"
    return around


def _guess(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    folded = fold(text)
    return next((notation for word, notation in table if word in folded), None)
