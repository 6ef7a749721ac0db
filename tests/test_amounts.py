"""Tests for kg_builder.amounts: Chinese amounts read as the article writes them."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg_builder.amounts import (
    UNITS,
    Qualifier,
    Quantity,
    find_quantities,
    parse_chinese_number,
    parse_ordinal,
    parse_quantity,
)
from kg_builder.errors import AmountError

ARTICLE = (Path(__file__).parents[1] / "data/sources/luzang-aid-2023.txt").read_text("utf-8")

EXACT, MORE, NEARLY, ABOUT = (
    Qualifier.EXACT,
    Qualifier.MORE_THAN,
    Qualifier.NEARLY,
    Qualifier.ABOUT,
)

# Every text here is copied from the article, stray spaces and line breaks included.
ARTICLE_CASES = [
    pytest.param("4 . 8 万公斤", "48000", "公斤", EXACT, id="4.8-wan-kg"),
    pytest.param("600 余万元", "6000000", "元", MORE, id="600-yu-wan-yuan"),
    pytest.param("近 900 万元", "9000000", "元", NEARLY, id="jin-900-wan-yuan"),
    pytest.param("4 亿元", "400000000", "元", EXACT, id="4-yi-yuan"),
    pytest.param("逾千名", "1000", "名", MORE, id="yu-qian-ming"),
    pytest.param("100 多人次", "100", "人次", MORE, id="100-duo-renci"),
    pytest.param("400 多人次", "400", "人次", MORE, id="400-duo-renci"),
    pytest.param("5104 万元", "51040000", "元", EXACT, id="5104-wan-yuan"),
    pytest.param("突破 2 亿\n\n元", "200000000", "元", MORE, id="tupo-2-yi-yuan-linebreak"),
    pytest.param("800 万元以上", "8000000", "元", MORE, id="800-wan-yuan-yishang"),
    pytest.param("6000 管以上", "6000", "管", MORE, id="6000-guan-yishang"),
    pytest.param("4 万多公斤", "40000", "公斤", MORE, id="4-wan-duo-kg"),
    pytest.param("十多家", "10", "家", MORE, id="shi-duo-jia"),
    pytest.param("300 余\n\n万元", "3000000", "元", MORE, id="300-yu-wan-yuan-linebreak"),
    pytest.param("260 余万元", "2600000", "元", MORE, id="260-yu-wan-yuan"),
    pytest.param("260 万元", "2600000", "元", EXACT, id="260-wan-yuan"),
    pytest.param("625 万元", "6250000", "元", EXACT, id="625-wan-yuan"),
    pytest.param("120 万元", "1200000", "元", EXACT, id="120-wan-yuan"),
    pytest.param("11 万元", "110000", "元", EXACT, id="11-wan-yuan"),
    pytest.param("1100 多人", "1100", "人", MORE, id="1100-duo-ren"),
    pytest.param("4000 多人", "4000", "人", MORE, id="4000-duo-ren"),
    pytest.param("767\n\n名", "767", "名", EXACT, id="767-ming-linebreak"),
    pytest.param("15 名", "15", "名", EXACT, id="15-ming"),
    pytest.param("300 多名", "300", "名", MORE, id="300-duo-ming"),
    pytest.param("两名", "2", "名", EXACT, id="liang-ming"),
    pytest.param("84%", "84", "%", EXACT, id="84-percent"),
    pytest.param("100% ", "100", "%", EXACT, id="100-percent-trailing-space"),
    pytest.param("3850 公里", "3850", "公里", EXACT, id="3850-km"),
    pytest.param("35 小\n\n时", "35", "小时", EXACT, id="35-hours-split"),
    pytest.param("50 兆瓦", "50", "兆瓦", EXACT, id="50-mw"),
    pytest.param("50 兆瓦时", "50", "兆瓦时", EXACT, id="50-mwh"),
    pytest.param("1 个半月", "1.5", "个月", EXACT, id="1-and-a-half-months"),
    pytest.param("1 个月", "1", "个月", EXACT, id="1-month"),
    pytest.param("一个月", "1", "个月", EXACT, id="yi-ge-month"),
    pytest.param("两年", "2", "年", EXACT, id="liang-nian"),
    pytest.param("400 件", "400", "件", EXACT, id="400-jian"),
    pytest.param("600 套", "600", "套", EXACT, id="600-tao"),
    pytest.param("2 台", "2", "台", EXACT, id="2-tai"),
    pytest.param("3 批", "3", "批", EXACT, id="3-pi"),
    pytest.param("7 批次", "7", "批次", EXACT, id="7-pici"),
    pytest.param("16 项", "16", "项", EXACT, id="16-xiang"),
    pytest.param("18项", "18", "项", EXACT, id="18-xiang-no-space"),
    pytest.param("5 类", "5", "类", EXACT, id="5-lei"),
    pytest.param("30 多条", "30", "条", MORE, id="30-duo-tiao"),
    pytest.param("40\n\n多个", "40", "个", MORE, id="40-duo-ge-linebreak"),
    pytest.param("4300\n\n多米", "4300", "米", MORE, id="4300-duo-mi-linebreak"),
    pytest.param("4800 米以上", "4800", "米", MORE, id="4800-mi-yishang"),
    pytest.param("500 多管", "500", "管", MORE, id="500-duo-guan"),
    pytest.param("100 余亩", "100", "亩", MORE, id="100-yu-mu"),
    pytest.param("30 多天", "30", "天", MORE, id="30-duo-tian"),
    pytest.param("100 多种", "100", "种", MORE, id="100-duo-zhong"),
    pytest.param("11 次", "11", "次", EXACT, id="11-ci"),
    pytest.param("2022 年", "2022", "年", EXACT, id="year-2022"),
    pytest.param("12 月", "12", "月", EXACT, id="month-12"),
]

OTHER_CASES = [
    pytest.param("约 100 万元", "1000000", "元", ABOUT, id="yue"),
    pytest.param("大约 20 天", "20", "天", ABOUT, id="dayue"),
    pytest.param("100 万元左右", "1000000", "元", ABOUT, id="zuoyou"),
    pytest.param("将近 50 人", "50", "人", NEARLY, id="jiangjin"),
    pytest.param("接近 3 万人次", "30000", "人次", NEARLY, id="jiejin"),
    pytest.param("超过 1000 名", "1000", "名", MORE, id="chaoguo"),
    pytest.param("超 500 家", "500", "家", MORE, id="chao"),
    pytest.param("超过 100 多人", "100", "人", MORE, id="same-qualifier-twice"),
    pytest.param("一百二十万元", "1200000", "元", EXACT, id="yibaiershi-wan-yuan"),
    pytest.param("三亿五千万元", "350000000", "元", EXACT, id="san-yi-wuqian-wan"),
    pytest.param("十多万元", "100000", "元", MORE, id="shi-duo-wan"),
    pytest.param("十万余元", "100000", "元", MORE, id="shi-wan-yu"),
    pytest.param("两千人", "2000", "人", EXACT, id="liangqian-ren"),
    pytest.param("两个", "2", "个", EXACT, id="liang-ge"),
    pytest.param("一个半月", "1.5", "个月", EXACT, id="yi-ge-ban-yue"),
    pytest.param("半年", "0.5", "年", EXACT, id="ban-nian"),
    pytest.param("１２ 万元", "120000", "元", EXACT, id="full-width-digits"),
    pytest.param("\u3000５１０４\u3000万元", "51040000", "元", EXACT, id="ideographic-spaces"),
    pytest.param("１２０％", "120", "%", EXACT, id="full-width-percent"),
    pytest.param("４．８万公斤", "48000", "公斤", EXACT, id="full-width-point"),
    pytest.param("1.5 亿元", "150000000", "元", EXACT, id="decimal-yi"),
    pytest.param("4.80 万元", "48000", "元", EXACT, id="decimal-trailing-zero"),
    pytest.param("0.25 万公斤", "2500", "公斤", EXACT, id="decimal-below-one"),
    pytest.param("3 千米", "3000", "米", EXACT, id="qian-before-unit"),
    pytest.param("3850", "3850", "", EXACT, id="no-unit"),
    pytest.param("2 亿", "200000000", "", EXACT, id="magnitude-no-unit"),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), ARTICLE_CASES + OTHER_CASES)
def test_parse_quantity(text: str, value: str, unit: str, qualifier: Qualifier) -> None:
    quantity = parse_quantity(text)
    assert quantity.value == Decimal(value)
    assert str(quantity.value) == value  # canonical: 48000, never 48000.0 or 4.8E+4
    assert quantity.unit == unit
    assert quantity.qualifier is qualifier
    assert quantity.text == text
    assert quantity.is_money == (unit == "元")


@pytest.mark.parametrize("text", [p.values[0] for p in ARTICLE_CASES])
def test_article_cases_are_verbatim(text: str) -> None:
    assert text.rstrip() in ARTICLE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", '"" as an amount: the text is empty', id="empty"),
        pytest.param(" \n\u3000", '"" as an amount: the text is empty', id="whitespace-only"),
        pytest.param(
            "元",
            '"元" as an amount: it does not start with a qualifier or a number',
            id="no-number",
        ),
        pytest.param("第十批", "does not start with a qualifier or a number", id="ordinal"),
        pytest.param(
            "600 万元的",
            'cannot read "600 万元的" as an amount: "的" follows the amount; '
            'give only the amount, e.g. "600 万元"',
            id="trailing-garbage",
        ),
        pytest.param(
            "约近 900 万元",
            'cannot read "约近 900 万元" as an amount: two qualifiers (约 = about, 近 = nearly); '
            'write the amount as the text gives it, e.g. "近 900 万元"',
            id="two-qualifiers-before",
        ),
        pytest.param(
            "近 100 多人",
            "two qualifiers (近 = nearly, 多 = more-than); write the amount as the text gives it, "
            'e.g. "100 多人"',
            id="nearly-and-more",
        ),
        pytest.param(
            "100 余人左右", "two qualifiers (余 = more-than, 左右 = about)", id="yu-zuoyou"
        ),
        pytest.param(
            "60 岁以上",
            '"岁以上" after the number is not a known unit; units: 兆瓦时 兆瓦 人次',
            id="unknown-unit",
        ),
        pytest.param(
            "30\n英里", '"30 英里" as an amount: "英里" after the number', id="unit-miles"
        ),
    ],
)
def test_parse_quantity_errors(text: str, message: str) -> None:
    with pytest.raises(AmountError, match=re.escape(message)):
        parse_quantity(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("十", "10", id="shi"),
        pytest.param("十五", "15", id="shiwu"),
        pytest.param("两", "2", id="liang"),
        pytest.param("一百二十", "120", id="yibaiershi"),
        pytest.param("一百零五", "105", id="ling"),
        pytest.param("一千零五十", "1050", id="ling-shi"),
        pytest.param("千", "1000", id="qian"),
        pytest.param("万", "10000", id="wan"),
        pytest.param("三千五", "3500", id="colloquial-sanqianwu"),
        pytest.param("一万五", "15000", id="colloquial-yiwanwu"),
        pytest.param("十二万五千", "125000", id="shierwan-wuqian"),
        pytest.param("三亿五千万", "350000000", id="sanyi-wuqianwan"),
        pytest.param("一万亿", "1000000000000", id="yiwanyi"),
        pytest.param("二〇二三", "2023", id="digit-by-digit"),
        pytest.param("半", "0.5", id="ban"),
        pytest.param("3850", "3850", id="arabic"),
        pytest.param("4 . 8", "4.8", id="spaced-decimal"),
        pytest.param("１２", "12", id="full-width"),
    ],
)
def test_parse_chinese_number(text: str, value: str) -> None:
    assert parse_chinese_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", 'cannot read "" as a number: not a number', id="empty"),
        pytest.param("4.8.1", '"4.8.1" as a number: not a number; write Arabic digits', id="dots"),
        pytest.param("五五十", '"五五十" as a number: two digits in a row', id="two-digits"),
        pytest.param("十多", '"十多" as a number: not a number', id="qualifier"),
    ],
)
def test_parse_chinese_number_errors(text: str, message: str) -> None:
    with pytest.raises(AmountError, match=re.escape(message)):
        parse_chinese_number(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("第十批", 10, id="shi-pi"),
        pytest.param("第八批", 8, id="ba-pi"),
        pytest.param("第 7 批", 7, id="arabic-spaced"),
        pytest.param("第七次", 7, id="qi-ci"),
        pytest.param("第二名", 2, id="er-ming"),
        pytest.param("第二十一批次", 21, id="ershiyi-pici"),
        pytest.param("第十", 10, id="no-counter"),
    ],
)
def test_parse_ordinal(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


@pytest.mark.parametrize("text", ["十批", "第批", "第十天", ""])
def test_parse_ordinal_errors(text: str) -> None:
    with pytest.raises(AmountError, match=r'as an ordinal: not an ordinal; write 第, .*"第十批"'):
        parse_ordinal(text)


# Passages copied verbatim from the article, with the found quantities in order.
PASSAGES = [
    pytest.param(
        "项目计划任务圆满收官，2022 年投入援藏资金5104 万元，\n\n"
        "累计组织医疗、教育、农业等领域各类培训11 次，覆盖群\n\n"
        "众 400 多人次；打造巴扎乡彭仓村",
        ["2022 年", "5104 万元", "11 次", "400 多人次"],
        id="jinan-funds",
    ),
    pytest.param(
        "总价值近 900 万元的抗疫设备和各类防护物资，仅用 35 小\n\n时就将首批扩增仪从山东运抵昂仁",
        ["近 900 万元", "35 小\n\n时"],
        id="zibo-nearly",
    ),
    pytest.param(
        "和启动工作。 2022 年，聂拉木县藏药总产值突破 2 亿\n\n元，年增加农民收入800 万元以上。",
        ["2022 年", "突破 2 亿\n\n元", "800 万元以上"],
        id="yantai-breakthrough",
    ),
    pytest.param(
        "籽、青稞、土豆等农作物100 余亩 4 万多公斤。",
        ["100 余亩", "4 万多公斤"],
        id="yantai-harvest",
    ),
    pytest.param(
        "潍坊市援助的 3 批 300 余\n\n万元和社会捐助的 260 余万元防疫物资",
        ["3 批", "300 余\n\n万元", "260 余万元"],
        id="weifang-supplies",
    ),
    pytest.param(
        "4800 米以上的牧区乡，诊疗患者逾千名。", ["4800 米以上", "逾千名"], id="zibo-clinic"
    ),
    pytest.param("100% ，投资完成率 84% 。", ["100%", "84%"], id="percentages"),
    pytest.param(
        "群众抢收青稞等农作物 4 . 8 万公斤，实现颗粒归仓。", ["4 . 8 万公斤"], id="spaced"
    ),
    pytest.param("济南市第十批援藏干部人才工作组深入学", [], id="ordinal-left-out"),
    pytest.param("烟台市与聂拉木县，相隔几千公里，因为援藏工作紧", [], id="vague-left-out"),
    pytest.param("实现过亿\n\n元项目招引新突破。", [], id="bare-magnitude-left-out"),
    pytest.param("藏工作组（ 2023 —\n\n2025 ）重点项目清单", [], id="bare-years-left-out"),
]


@pytest.mark.parametrize(("passage", "expected"), PASSAGES)
def test_find_quantities_in_article(passage: str, expected: list[str]) -> None:
    assert passage.strip() in ARTICLE
    found = find_quantities(passage)
    assert [q.text for _, _, q in found] == expected
    for start, end, quantity in found:
        assert passage[start:end] == quantity.text
        assert parse_quantity(quantity.text) == quantity


def test_find_quantities_offsets() -> None:
    text = "2022 年投入援藏资金5104 万元，\n\n累计组织培训11 次，覆盖群\n\n众 400 多人次；"
    found = [(start, end, q.value, q.unit, q.qualifier) for start, end, q in find_quantities(text)]
    assert found == [
        (0, 6, Decimal("2022"), "年", EXACT),
        (12, 19, Decimal("51040000"), "元", EXACT),
        (28, 32, Decimal("11"), "次", EXACT),
        (40, 47, Decimal("400"), "人次", MORE),
    ]


def test_find_quantities_maps_offsets_through_normalisation() -> None:
    text = "投入\u3000１２０\u3000万元，约近 900 万元"
    found = find_quantities(text)
    assert [(s, e) for s, e, _ in found] == [(3, 9), (11, 19)]
    assert [q.text for _, _, q in found] == ["１２０\u3000万元", "近 900 万元"]


def test_find_quantities_money_in_article() -> None:
    money = [(q.value, q.qualifier) for _, _, q in find_quantities(ARTICLE) if q.is_money]
    assert money == [
        (Decimal(51040000), EXACT),
        (Decimal(6000000), MORE),
        (Decimal(110000), EXACT),
        (Decimal(6250000), EXACT),
        (Decimal(400000000), EXACT),
        (Decimal(1200000), EXACT),
        (Decimal(9000000), NEARLY),
        (Decimal(200000000), MORE),
        (Decimal(8000000), MORE),
        (Decimal(2600000), EXACT),
        (Decimal(51040000), EXACT),
        (Decimal(3000000), MORE),
        (Decimal(2600000), MORE),
    ]


def test_units_longest_first() -> None:
    for index, unit in enumerate(UNITS):
        assert not any(later.startswith(unit) for later in UNITS[index + 1 :]), unit


MAGNITUDES = {"": 1, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
BEFORE = {"": EXACT, "近": NEARLY, "将近": NEARLY, "约": ABOUT, "逾": MORE, "突破": MORE}
SPACE = st.sampled_from(["", " ", "\n\n", "\u3000"])


@given(
    n=st.integers(min_value=0, max_value=10**12),
    magnitude=st.sampled_from(sorted(MAGNITUDES)),
    unit=st.sampled_from(UNITS),
    before=st.sampled_from(sorted(BEFORE)),
    spaces=st.tuples(SPACE, SPACE, SPACE),
)
def test_parse_quantity_property(
    n: int, magnitude: str, unit: str, before: str, spaces: tuple[str, str, str]
) -> None:
    text = f"{before}{spaces[0]}{n}{spaces[1]}{magnitude}{spaces[2]}{unit}"
    quantity = parse_quantity(text)
    assert quantity == Quantity(Decimal(n * MAGNITUDES[magnitude]), unit, BEFORE[before], text)


@given(number=st.decimals(min_value=0, max_value=10**6, places=3))
def test_parse_decimal_wan_yuan_property(number: Decimal) -> None:
    quantity = parse_quantity(f"{number:f} 万元")
    assert quantity.value == number * 10000
    assert "E" not in str(quantity.value)


TOKENS = [
    *"0123456789.一二三四五六七八九十两百千万亿半零余多第几，,、。 \n\u3000的投入资金",
    *("１２", "％", "．", "⑽", "½", "近", "将近", "约", "逾", "超过", "突破", "最近", "签约"),
    *("以上", "左右", "个半月", *UNITS),
]


@given(st.one_of(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join), st.text()))
def test_find_quantities_property(text: str) -> None:
    end_before = 0
    for start, end, quantity in find_quantities(text):
        assert end_before <= start < end <= len(text)
        assert text[start:end] == quantity.text
        assert parse_quantity(quantity.text) == quantity
        assert not {",", "，"} & set(unicodedata.normalize("NFKC", quantity.text))
        end_before = end
