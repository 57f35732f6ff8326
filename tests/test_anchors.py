"""The reader's choice of row labels: the quick way chooses exactly what the plain way chose."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.parse import anchors
from govlint.parse.anchors import Found, choose

# What the reader weighs a label by (align._WEIGHTS, plus 0.05 for one that begins a cell, and
# 0.8 × a fuzzy score rounded to three places).
_KIND_WEIGHTS = (1.0, 0.95, 0.9, 0.8, 0.7)


def _oracle(found: list[Found]) -> list[Found]:
    """``choose`` the plain (quadratic) way, as it chose before it was made quick; it still
    chooses so for weights off the reader's grid."""
    with mock.patch.object(anchors, "_units", lambda rows: None):
        return choose(found)


_reader_weight = st.one_of(
    st.builds(lambda w, bonus: w + (0.05 if bonus else 0.0), st.sampled_from(_KIND_WEIGHTS), st.booleans()),
    st.integers(600, 1000).map(lambda score: 0.8 * round(score / 1000, 3)),
)


@st.composite
def _found(draw: st.DrawFn, weights: st.SearchStrategy[float], orders: int = 12) -> list[Found]:
    out = []
    for _ in range(draw(st.integers(0, 60))):
        start = draw(st.integers(0, 80))
        end = start + draw(st.integers(1, 12))
        if draw(st.integers(0, 5)) == 0:  # a header: never a row
            out.append(Found(start, end, None, "header", 0.0, -1))
            continue
        order = draw(st.integers(0, orders))
        out.append(Found(start, end, f"r{order}", "exact", draw(weights), order))
    return out


@settings(max_examples=400)
@given(_found(_reader_weight))
def test_choose_is_the_plain_choice_with_the_readers_weights(found: list[Found]) -> None:
    # Few places and few starts: ties (equal totals by different labels) are frequent.
    assert [id(f) for f in _oracle(found)] == [id(f) for f in choose(found)]


@settings(max_examples=200)
@given(_found(st.sampled_from((0.5, 1.0)), orders=3))
def test_choose_breaks_exact_ties_as_the_plain_choice(found: list[Found]) -> None:
    assert [id(f) for f in _oracle(found)] == [id(f) for f in choose(found)]


@settings(max_examples=200)
@given(_found(st.floats(0.0, 3.0) | st.floats(1e-12, 1e-8) | st.sampled_from((1.0, 1.0 + 4e-10, 1.0 + 8e-10))))
def test_choose_any_weights_is_the_plain_choice(found: list[Found]) -> None:
    # Weights that are not whole units (rounding-level differences, zero) take the plain way.
    assert [id(f) for f in _oracle(found)] == [id(f) for f in choose(found)]


def test_choose_keeps_the_first_of_equal_chains() -> None:
    a = Found(0, 2, "r0", "exact", 1.0, 0)
    b = Found(3, 5, "r0", "exact", 1.0, 0)
    c = Found(6, 8, "r1", "exact", 1.0, 1)
    assert choose([a, b, c]) == [a, c]
    assert _oracle([a, b, c]) == [a, c]
