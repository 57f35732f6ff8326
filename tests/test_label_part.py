"""line_cells() reads a label before its numbers without normalising a cell that ends in an
ideograph or in CJK closing punctuation: NFKC could not leave a number at its end."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from govlint.parse.layout import _ENDS_NO_NUMBER, _TAIL, _label_part

from .unicodefacts import canonical_pairs


def _plain(cell: str) -> str:
    """_label_part as defined: the NFKC form of the cell without the numbers after it."""
    folded = unicodedata.normalize("NFKC", cell)
    kept = folded.rstrip(_TAIL)
    return kept.strip() if len(kept) < len(folded.rstrip()) else ""


def test_the_punctuation_stays_itself_at_the_end() -> None:
    seconds = canonical_pairs()[1]
    for char in _ENDS_NO_NUMBER:
        form = unicodedata.normalize("NFKC", char)
        assert len(form) == 1 and form not in _TAIL and not form.isspace(), char
        assert unicodedata.combining(char) == 0 and char not in seconds and form not in seconds, char


_ALPHABET = st.sampled_from([*_ENDS_NO_NUMBER, *"规章0０1.,， \t\u00a0\u3000\u2003\u0301\u0308e½①", "\u200b"])


@given(st.lists(_ALPHABET, max_size=10).map("".join))
def test_label_part_is_the_plain_reading(cell: str) -> None:
    assert _label_part(cell) == _plain(cell)
