"""fold_map: each folded character maps back to the offset of the character it comes from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govlint.parse.stream import _pieces, fold, fold_map

# Characters that fold to nothing, to themselves, to several (NFKC: ㈠ → (一), ½ → 1⁄2, ﬃ → ffi),
# and the enumerating comma that folds to "." after a digit.
_ALPHABET = st.sampled_from([*"ab1 \t\n|、，\u00a0\u3000\u200b", "㈠", "½", "ﬃ", "规", "章", "e\u0301"])


def _plain(text: str) -> tuple[str, list[int]]:
    pieces = _pieces(text)
    return "".join(pieces), [offset for offset, piece in enumerate(pieces) for _ in piece]


@pytest.mark.parametrize("text", ["", "   ", "规章 0 0", "1、属于国家秘密", "㈠ 规章 ½", "ﬃ\u3000x", "| a | b |"])
def test_fold_map_examples(text: str) -> None:
    assert fold_map(text) == _plain(text)
    assert fold_map(text)[0] == fold(text)


@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fold_map_is_the_plain_mapping(text: str) -> None:
    assert fold_map(text) == _plain(text)
