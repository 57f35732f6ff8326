"""The comparison forms of text, against their definitions.

The readers compare text in a few normal forms, each computed with shortcuts for the characters
reports are made of (ASCII, CJK ideographs, plain numbers). Whatever the shortcut, each form
must be what its definition says, for any text.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from govlint.model import CellState
from govlint.parse.cells import MAX_COUNT, compact, is_value_like, read_as
from govlint.parse.layout import line_cells
from govlint.prose import fold
from govlint.templates.labels import normalize, squash

# What reports are made of, and what NFKC changes: ideographs and their compatibility forms
# (U+F900, ⼀), full-width digits, letters and punctuation, other scripts' digits (٣, ³, ①), white
# space of every kind, quotes, enumerator marks, characters NFKC turns into several (㈠, ½, …).
_ALPHABET = st.one_of(
    st.sampled_from(
        [
            *"0123456789 .,+-−|\t规章行政一二",
            *"０１２３．，（）：；、",
            *"\u00a0\u3000\u2003\u200b\ufeff\u2060\n",
            *"\"'“”‘’「」『』",
            *"٣³①②²\u0661",
            *"\uf900⼀㈠½…ﬃ",
            "e\u0301",
        ]
    ),
    st.characters(codec="utf-8"),
)
_TEXT = st.lists(_ALPHABET, max_size=24).map("".join)

_INVISIBLE = "\u00a0\u2000-\u200d\u2060\u3000\ufeff"
_TAIL = set("0123456789 \t\u00a0\u3000.,+-−")


def _nfkc_one(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


@given(_TEXT)
def test_fold_is_nfkc_character_by_character(text: str) -> None:
    assert fold(text) == "".join(map(_nfkc_one, text))


@given(st.lists(st.sampled_from([*"，（）：；０１２３ａ", "\u3000", *"规章1 "]), max_size=40).map("".join))
def test_fold_is_nfkc_character_by_character_with_many_characters_to_change(text: str) -> None:
    assert fold(text) == "".join(map(_nfkc_one, text))


# An enumerator of one or two digits of any script, then a mark, at the start of a label.
_DIGITS = st.sampled_from([*"0123456789", "٣", "\u0661", "३", "０", "²", "①"])
_ENUMERATED = st.tuples(st.lists(_DIGITS, min_size=1, max_size=3).map("".join), st.sampled_from([*".．、,", ""]), _TEXT)


@given(st.one_of(_TEXT, _ENUMERATED.map("".join)))
def test_normalize_is_the_documented_comparison_form(text: str) -> None:
    """NFKC; no white space (NBSP, U+3000, zero widths too) and no quotes; a leading one- or
    two-digit enumerator written with a dot; no list separators."""
    s = re.sub(r"[\s" + _INVISIBLE + r"]+", "", unicodedata.normalize("NFKC", text))
    s = re.sub("[\"'“”‘’「」『』]", "", s)
    s = re.sub(r"^(\d{1,2})[.．、]", r"\1.", s)
    assert normalize(text) == re.sub("[、，,；;]", "", s)


@given(st.one_of(_TEXT, st.integers(0, 10**12).map(str)))
def test_compact_and_value_like_of_any_cell(raw: str) -> None:
    assert compact(raw) == squash(unicodedata.normalize("NFKC", raw))
    if raw.isascii() and raw.isdigit():
        assert is_value_like(raw)


_CELL_TEXT = st.lists(_ALPHABET.filter(lambda c: not set(c) & {"\t", "|"}), max_size=12).map("".join)


@given(_CELL_TEXT, st.lists(st.sampled_from([*"0123456789 .,-\u3000"]), max_size=6))
def test_a_label_with_numbers_after_it_is_found_as_its_label(label: str, tail: list[str]) -> None:
    """``规章 0 0 0`` gives ``规章`` among the cells of its line: the NFKC cell with the numbers
    after it cut."""
    cell = label + "".join(tail)
    folded = unicodedata.normalize("NFKC", cell)
    end = len(folded)
    while end > 0 and folded[end - 1] in _TAIL:
        end -= 1
    label_part = folded[:end].strip() if end < len(folded.rstrip()) else ""
    cells = line_cells(f"{cell}\t0")
    assert cells[:2] == (cell, "0")
    assert cells[2:] == ((label_part,) if label_part and label_part != cell.strip() else ())


@given(st.integers(0, len(str(MAX_COUNT)) - 2), st.integers(0, MAX_COUNT - 1))
def test_a_count_of_plain_digits_is_its_integer(zeros: int, value: int) -> None:
    """The table reader takes a count cell of fewer ASCII digits than ``MAX_COUNT`` has, and no
    leading zero, as its integer without asking ``read_as``: this is what ``read_as`` says of it.
    With a leading zero (``03``: a 0 and a page number run together) it is text, and the reader
    leaves it to ``read_as``."""
    text = ("0" * zeros + str(value))[-(len(str(MAX_COUNT)) - 1) :]
    plain = len(text) == 1 or text[0] != "0"
    assert read_as(text, "count", None) == (
        (CellState.NUMBER, int(text), None) if plain else (CellState.TEXT, None, None)
    )
