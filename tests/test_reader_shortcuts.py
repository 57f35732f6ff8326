"""The reader's quick paths give what the general ones give."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.parse.anchors import Spans
from govlint.parse.split import Constraint, _cuts, recover

_MAX_DIGITS = 9


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=8),
    st.integers(0, 47),
    st.integers(1, 8),
)
def test_a_piece_inside_one_span_is_told_by_the_places_of_its_ends(
    spans: list[tuple[int, int]], start: int, length: int
) -> None:
    merged = Spans([(s, s + n) for s, n in spans])
    end = start + length
    places = merged.places(60)  # past every span (<= 48) and every piece (<= 55)
    cuts = merged.overlapping(start, end)
    inside = len(cuts) == 1 and cuts[0][0] <= start and end <= cuts[0][1]
    assert inside == bool(places[start] and places[start] == places[end - 1])


def _numbers(digits: str) -> list[list[str]]:
    """Every way to read ``digits`` as numbers: none longer than nine digits, none of several
    digits beginning with a zero."""
    if not digits:
        return [[]]
    out = []
    for length in range(1, min(len(digits), _MAX_DIGITS) + 1):
        head = digits[:length]
        if length == 1 or head[0] != "0":
            out += [[head, *rest] for rest in _numbers(digits[length:])]
    return out


def _every_cut(texts: list[str], width: int, constraints: tuple[Constraint, ...]) -> list[list[str]]:
    cuts = []
    for parts in itertools.product(*(_numbers(t) for t in texts)):
        cut = [n for part in parts for n in part]
        values = [int(n) for n in cut]
        if len(cut) == width and all(
            sum(values[i] for i in lhs) == sum(values[i] for i in rhs) for lhs, rhs in constraints
        ):
            cuts.append(cut)
    return sorted(cuts, key=lambda cut: [len(n) for n in cut])


_TABLE_ROWS = (
    (7, (((6,), (0, 1, 2, 3, 4, 5)),)),  # 表三: 总计 after its six parts
    (6, (((2,), (0, 1)), ((5,), (3, 4)))),  # two totals, each after its parts
    (3, (((0,), (1, 2)),)),  # a total before its parts
    (4, ()),
)


@st.composite
def _runs(draw: st.DrawFn) -> tuple[list[str], int, tuple[Constraint, ...]]:
    """A row that holds its identities, printed without separators (at times in two pieces),
    or random digits."""
    width, constraints = draw(st.sampled_from(_TABLE_ROWS))
    if draw(st.booleans()):
        return (
            draw(st.lists(st.text("0123456789", min_size=1, max_size=12), min_size=1, max_size=2)),
            width,
            constraints,
        )
    values = draw(st.lists(st.sampled_from((0, 0, 1, 2, 5, 10, 17, 100, 305)), min_size=width, max_size=width))
    for total, parts in (c for c in constraints for _ in range(2)):
        values[total[0]] = sum(values[i] for i in parts)  # totals of totals settle on the second pass
    run = "".join(map(str, values))
    cut = draw(st.integers(0, len(run) - 1))
    return ([run[:cut], run[cut:]] if cut else [run]), width, constraints


@settings(max_examples=400)
@given(_runs())
def test_every_cut_that_fits_is_found_when_the_search_runs_to_its_end(
    row: tuple[list[str], int, tuple[Constraint, ...]],
) -> None:
    texts, width, constraints = row
    glued = any(len(t) > 1 and t[0] == "0" for t in texts)
    expected = _every_cut(texts, width, constraints) if len(texts) == 1 or glued else []
    _cuts.cache_clear()
    found = recover(texts, width, constraints, limit=len(expected) + 1, budget=[60_000])
    if found != [[], []]:  # the search was not cut short
        assert expected == found
