"""The PDF text path's quick ways give what the plain ones give (issue #16)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govlint.parse.blocks import _CJK_GAP_RE, close_cjk_gaps
from govlint.parse.pdftext import _LIGATURE_RE, _LIGATURES, Char, _text, cell_text

# any code point, lone surrogates included, with the ligatures drawn often
_CHARACTERS = st.one_of(st.characters(exclude_categories=()), st.sampled_from([chr(c) for c in _LIGATURES]))


def test_the_ligature_search_finds_exactly_what_the_table_maps() -> None:
    for code in range(0x110000):
        assert (_LIGATURE_RE.search(chr(code)) is not None) == (code in _LIGATURES)


def _chars(texts: list[str]) -> list[Char]:
    return [Char(t, float(i), 0.0, i + 1.0, 10.0, True) for i, t in enumerate(texts)]


@given(st.lists(st.one_of(_CHARACTERS, st.text(_CHARACTERS, max_size=3))))
def test_text_is_the_joined_characters_through_the_table(texts: list[str]) -> None:
    chars = _chars(texts)
    assert _text(chars) == "".join(texts).translate(_LIGATURES)
    assert _text(chars, keep_spaces=False) == "".join([t for t in texts if not t.isspace()]).translate(_LIGATURES)


@given(st.lists(_CHARACTERS, max_size=1))
def test_a_cell_of_one_character_is_its_character_through_the_table(texts: list[str]) -> None:
    assert cell_text(_chars(texts)) == "".join([t for t in texts if not t.isspace()]).translate(_LIGATURES)


@given(st.text(st.sampled_from(["邮", "编", "：", "“", "”", "a", "1", " ", "\t", "\u3000", "\n", "\xa0"])))
def test_text_without_a_space_or_tab_has_no_gap_to_close(text: str) -> None:
    assert close_cjk_gaps(text) == _CJK_GAP_RE.sub("", text)
