"""Anchoring clean quotes in the verbatim article, with its PDF extraction artifacts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg_builder.errors import AnchorError
from kg_builder.text import SourceText, fold


@pytest.fixture(scope="module")
def source(article: str) -> SourceText:
    return SourceText(article)


@pytest.mark.parametrize(
    ("quote", "verbatim"),
    [
        pytest.param("援藏资金5104 万元", "援藏资金5104 万元", id="space-inside-number"),
        pytest.param("援藏资金5104万元", "援藏资金5104 万元", id="quote-without-the-stray-space"),
        pytest.param(
            "济南、青岛、淄博、烟台、潍坊五市",
            "济南、青岛、淄博、烟台、潍\n\n坊五市",
            id="word-split-over-lines",
        ),
        pytest.param("4.8万公斤", "4 . 8 万公斤", id="spaced-decimal"),
        pytest.param(
            "扎根雪域高原续写鲁藏深情", "扎根雪域高原　续写鲁藏深情", id="ideographic-space"
        ),
        pytest.param("覆盖群众 400 多人次", "覆盖群\n\n众 400 多人次", id="line-break-inside-word"),
    ],
)
def test_anchor_maps_back_to_verbatim_offsets(
    source: SourceText, quote: str, verbatim: str
) -> None:
    span = source.anchor(quote)
    assert span.exact == verbatim
    assert source.text[span.start : span.end] == span.exact
    assert fold(span.exact) == fold(quote)


def test_span_has_verbatim_context(source: SourceText) -> None:
    span = source.anchor("济南市第十批援藏干部人才工作组")
    assert source.text[span.start - len(span.prefix) : span.start] == span.prefix
    assert source.text[span.end : span.end + len(span.suffix)] == span.suffix


def test_ambiguous_quote_lists_every_line(source: SourceText) -> None:
    with pytest.raises(AnchorError, match=r"occurs \d+ times") as caught:
        source.anchor("白朗县")
    message = str(caught.value)
    assert re.search(r"source lines (\d+, )*72(, \d+)*\)", message)
    assert "prefix" in message


def test_prefix_chooses_one_occurrence(source: SourceText) -> None:
    span = source.anchor("白朗县", prefix="工作组党支部被")
    assert source.line_of(span.start) == 72
    assert span.exact == "白朗县"


def test_suffix_chooses_one_occurrence(source: SourceText) -> None:
    span = source.anchor("日喀则市", suffix="和桑珠孜区十多家企业")
    assert source.text[span.end :].lstrip().startswith("和桑珠孜区")


def test_missing_quote_shows_closest_passage(source: SourceText) -> None:
    with pytest.raises(AnchorError, match="not in the source") as caught:
        source.anchor("投入援藏资金5014万元")  # digits swapped
    message = str(caught.value)
    assert "closest passage" in message
    assert "援藏资金5104万元" in message


def test_prefix_that_matches_nothing(source: SourceText) -> None:
    with pytest.raises(AnchorError, match="none with the given prefix"):
        source.anchor("白朗县", prefix="不存在的前文")


def test_empty_quote(source: SourceText) -> None:
    with pytest.raises(AnchorError, match="empty"):
        source.anchor(" \n ")


def test_line_of_counts_from_one() -> None:
    text = SourceText("a\nb\n\nc")
    assert [text.line_of(i) for i in range(len(text.text))] == [1, 1, 2, 2, 3, 4]


def test_crlf_offsets_index_the_text_as_stored() -> None:
    text = SourceText("甲乙\r\n丙丁")
    span = text.anchor("乙丙")
    assert span.exact == "乙\r\n丙"
    assert (span.start, span.end) == (1, 5)


@given(
    words=st.lists(
        st.text(alphabet="援藏资金万元五市济南青岛", min_size=1, max_size=4), min_size=3, max_size=8
    ),
    gaps=st.lists(st.sampled_from(["", " ", "\n\n", " \n", "\u3000"]), min_size=8, max_size=8),
    pick=st.integers(min_value=0),
)
def test_any_found_span_folds_to_the_quote(words: list[str], gaps: list[str], pick: int) -> None:
    """Whatever whitespace the extraction put in, a found span is verbatim and folds back."""
    verbatim = "".join(w + g for w, g in zip(words, gaps, strict=False))
    text = SourceText(verbatim)
    quote = words[pick % len(words)]
    try:
        span = text.anchor(quote)
    except AnchorError:
        return  # ambiguous in this random text; the other tests cover errors
    assert text.text[span.start : span.end] == span.exact
    assert fold(span.exact) == fold(quote)
    assert not span.exact[0].isspace()
    assert not span.exact[-1].isspace()
