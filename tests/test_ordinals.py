"""Numerals of headings and enumerations (一 … 九十九, 1 … 99): read, or None, never an error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govlint
from govlint.templates.labels import cjk_ordinal

_NUMERAL_CHARS = "〇零一二两三四五六七八九十0123456789０٣፩①"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("九十九", 99),
        ("7", 7),
        ("１２", 12),  # full-width digits, as NFKC reads them
        ("十十", None),  # a typing slip
        ("二十十", None),
        ("十二十", None),
        ("一二", None),
        ("፩", None),  # a digit, but no decimal one
        ("", None),
    ],
)
def test_known_numerals(text: str, value: int | None) -> None:
    assert cjk_ordinal(text) == value


@given(st.one_of(st.text(), st.text(alphabet=_NUMERAL_CHARS, max_size=4)))
def test_any_text_is_read_or_refused(text: str) -> None:
    value = cjk_ordinal(text)
    assert value is None or (isinstance(value, int) and value >= 0)


@given(st.integers(min_value=1, max_value=99))
def test_written_numerals_round_trip(n: int) -> None:
    tens, units = divmod(n, 10)
    written = (
        ("" if tens < 2 else "〇一二三四五六七八九"[tens])
        + ("十" if tens else "")
        + ("〇一二三四五六七八九"[units] if units else "")
    )
    assert cjk_ordinal(written) == n


@pytest.mark.parametrize("line", ["（十十）其他", "十十、其他", "(十十)其他"])
def test_a_slipped_numeral_is_no_heading(line: str) -> None:
    document = govlint.parse_text(
        f"2024年某局政府信息公开工作年度报告\n\n一、总体情况\n\n{line}\n本年度收到申请12件。\n"
    )
    (section,) = document.sections
    assert section.numeral == "一"
    assert section.subheadings == ()
