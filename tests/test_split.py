"""Cutting run-together digits: a run searched before is answered as a new search would be."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.parse.split import _cuts, recover

_TOTAL_OF_SIX = (((6,), (0, 1, 2, 3, 4, 5)),)  # 表三's 总计 after its six parts


def _fresh(texts: list[str], width: int, limit: int, budget: int) -> tuple[list[list[str]], int]:
    _cuts.cache_clear()
    left = [budget]
    return recover(texts, width, _TOTAL_OF_SIX, limit=limit, budget=left), left[0]


@settings(max_examples=150)
@given(
    st.lists(st.text("0123456789", min_size=1, max_size=16), min_size=1, max_size=2),
    st.sampled_from((1, 7, 20, 200, 60_000)),
    st.sampled_from((2, 12)),
)
def test_a_run_searched_again_costs_and_gives_what_a_new_search_does(texts: list[str], budget: int, limit: int) -> None:
    cuts, left = _fresh(texts, 7, limit, budget)
    again = [budget]
    assert recover(texts, 7, _TOTAL_OF_SIX, limit=limit, budget=again) == cuts  # from the cache
    assert again[0] == left


def test_a_search_cut_short_is_not_taken_for_one_that_could_finish() -> None:
    run = "164177145159111142898"  # a row of seven: about 1,500 steps to its one cut
    whole, whole_left = _fresh([run], 7, 12, 60_000)
    assert len(whole) == 1
    short, short_left = _fresh([run], 7, 12, 100)
    assert (short, short_left) == ([[], []], 0)  # gave up
    left = [60_000]
    assert recover([run], 7, _TOTAL_OF_SIX, limit=12, budget=left) == whole  # searched again, to the end
    assert left[0] == whole_left
