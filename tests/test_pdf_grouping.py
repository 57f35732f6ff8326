"""The grouping of PDF characters into words, lines, cells and the text outside the tables,
and of ruling pieces into lines (issue #16): the fast forms give exactly what the plain forms they replaced give, on random
pages (overlapping, turned, spaced, duplicated and ``-0.0`` positions included). The plain
forms stand here as the oracle."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.budget import Budget
from govlint.parse.pdf import _outside
from govlint.parse.pdftables import (
    JOIN,
    MIN_LENGTH,
    SNAP,
    Box,
    Steps,
    _cells,
    _Centres,
    _Crossing,
    _crossings,
    _extract,
    _merged,
)
from govlint.parse.pdftext import TOLERANCE, Char, Edge, Word, cell_text, cluster, text_lines, words

T = TypeVar("T")

_position = st.one_of(
    st.sampled_from([0.0, -0.0, 1.5, 3.0, 4.5, 6.0, 100.0]),
    st.floats(min_value=-20, max_value=120, allow_nan=False, width=32),
)
_text = st.sampled_from(["年", "度", "1", "2", " ", "\u3000", "ﬁ", "a", "\ufffd"])


@st.composite
def _chars(draw: st.DrawFn) -> list[Char]:
    found = []
    for _ in range(draw(st.integers(0, 40))):
        x0, top = draw(_position), draw(_position)
        width, height = draw(st.sampled_from([0.0, 2.0, 5.5, 10.0])), draw(st.sampled_from([0.0, 10.0, 12.0]))
        found.append(Char(draw(_text), x0, top, x0 + width, top + height, draw(st.booleans())))
    return found


def plain_cluster(
    items: Sequence[T], key: Callable[[T], float], tolerance: float, keep_order: bool = False
) -> list[list[T]]:
    values = sorted({key(item) for item in items})
    group_of: dict[float, int] = {}
    group = 0
    for previous, value in zip([None, *values], values, strict=False):
        if previous is not None and value > previous + tolerance:
            group += 1
        group_of[value] = group
    tagged = [(group_of[key(item)], item) for item in items]
    if not keep_order:
        tagged.sort(key=lambda pair: pair[0])
    return [[item for _, item in run] for _, run in itertools.groupby(tagged, key=lambda pair: pair[0])]


def plain_words(chars: Sequence[Char]) -> list[Word]:
    found: list[Word] = []
    for upright, run in itertools.groupby(chars, key=lambda c: c.upright):
        line_key: Callable[[Char], float] = (lambda c: c.top) if upright else (lambda c: c.x0)
        order: Callable[[Char], float] = (lambda c: c.x0) if upright else (lambda c: c.top)
        for line in plain_cluster(list(run), line_key, TOLERANCE):
            current: list[Char] = []
            for char in sorted(line, key=order):
                if char.text.isspace():
                    found += [_plain_word(current)] if current else []
                    current = []
                elif current and _plain_starts_word(current[-1], char, upright):
                    found.append(_plain_word(current))
                    current = [char]
                else:
                    current.append(char)
            found += [_plain_word(current)] if current else []
    return found


def _plain_starts_word(before: Char, char: Char, upright: bool) -> bool:
    if upright:
        start, end, at, across, across_before = before.x0, before.x1, char.x0, char.top, before.top
    else:
        start, end, at, across, across_before = before.top, before.bottom, char.top, char.x0, before.x0
    return at < start or at > end + TOLERANCE or abs(across - across_before) > TOLERANCE


def _plain_word(chars: list[Char]) -> Word:
    text = "".join({"ﬁ": "fi"}.get(c.text, c.text) for c in chars)
    x0, top = min(c.x0 for c in chars), min(c.top for c in chars)
    return Word(text, x0, top, max(c.x1 for c in chars), max(c.bottom for c in chars))


def _exact(value: object) -> str:
    """``repr`` tells ``-0.0`` from ``0.0``, which ``==`` does not."""
    return repr(value)


@given(_chars(), st.booleans())
def test_cluster_is_the_plain_cluster(chars: list[Char], keep_order: bool) -> None:
    for key in (lambda c: c.top, lambda c: c.x0):
        assert _exact(cluster(chars, key, TOLERANCE, keep_order)) == _exact(
            plain_cluster(chars, key, TOLERANCE, keep_order)
        )


@given(_chars())
def test_words_lines_and_cells_are_the_plain_ones(chars: list[Char]) -> None:
    expected = plain_words(chars)
    assert _exact(words(chars)) == _exact(expected)
    lines = plain_cluster(expected, lambda w: w.top, TOLERANCE, keep_order=True)
    assert text_lines(chars) == [(min(w.top for w in line), " ".join(w.text for w in line)) for line in lines]
    by_line = plain_cluster(expected, lambda w: w.top, TOLERANCE)
    assert cell_text(chars) == "\n".join(" ".join(w.text for w in line) for line in by_line)


@given(_chars(), st.lists(st.tuples(_position, _position, _position, _position), min_size=1, max_size=4))
def test_cell_characters_are_those_centred_in_the_cell(chars: list[Char], corners: list[Box]) -> None:
    row = [(min(a, c), min(b, d), max(a, c), max(b, d)) for a, b, c, d in corners]
    top, bottom = min(c[1] for c in row), max(c[3] for c in row)
    left, right = min(c[0] for c in row), max(c[2] for c in row)

    def centred(char: Char, box: Box) -> bool:
        return box[0] <= (char.x0 + char.x1) / 2 < box[2] and box[1] <= (char.top + char.bottom) / 2 < box[3]

    in_row = [c for c in chars if centred(c, (left, top, right, bottom))]
    expected = [cell_text([c for c in in_row if centred(c, cell)]) for cell in row]
    assert _extract([list(row)], _Centres(chars)) == [expected]


@given(_chars(), st.lists(st.tuples(_position, _position, _position, _position), max_size=3))
def test_text_outside_the_tables_is_what_no_table_box_centres(chars: list[Char], corners: list[Box]) -> None:
    boxes = [(min(a, c), min(b, d), max(a, c), max(b, d)) for a, b, c, d in corners]

    def inside(char: Char) -> bool:
        x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    assert _outside(chars, boxes) == [c for c in chars if not inside(c)]


_EDGE_AT = st.one_of(st.sampled_from([0.0, -0.0, 1.0, 2.5, 3.0, 6.0, 50.0]), st.floats(-10, 60, width=32))


@st.composite
def _edges(draw: st.DrawFn) -> list[Edge]:
    found = []
    for _ in range(draw(st.integers(0, 30))):
        at, start, length = draw(_EDGE_AT), draw(_EDGE_AT), draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 4.0, 20.0]))
        vertical = draw(st.booleans())
        found.append(Edge("v", at, start, at, start + length) if vertical else Edge("h", start, at, start + length, at))
    return found


def plain_merged(edges: Sequence[Edge]) -> list[Edge]:
    """Rulings snapped and joined as pdfplumber does it, one line of each orientation at a time."""

    def snapped(lines: list[Edge], vertical: bool) -> list[Edge]:
        at: Callable[[Edge], float] = (lambda e: e.x0) if vertical else (lambda e: e.top)
        moved: list[Edge] = []
        for group in plain_cluster(lines, at, SNAP):
            average = sum(at(e) for e in group) / len(group)
            for e in group:
                if vertical:
                    moved.append(Edge("v", average, e.top, e.x1 + average - e.x0, e.bottom))
                else:
                    moved.append(Edge("h", e.x0, average, e.x1, e.bottom + average - e.top))
        return moved

    def line_of(edge: Edge) -> tuple[str, float]:
        return (edge.orientation, edge.x0 if edge.orientation == "v" else edge.top)

    vertical = [e for e in edges if e.orientation == "v" and e.bottom - e.top >= 1]
    horizontal = [e for e in edges if e.orientation == "h" and e.x1 - e.x0 >= 1]
    merged: list[Edge] = []
    for (orientation, _), run in itertools.groupby(
        sorted(snapped(vertical, True) + snapped(horizontal, False), key=line_of), key=line_of
    ):
        pieces = sorted(run, key=lambda e: e.top if orientation == "v" else e.x0)
        joined = [pieces[0]]
        for e in pieces[1:]:
            last = joined[-1]
            if orientation == "v" and e.top <= last.bottom + JOIN:
                joined[-1] = last._replace(bottom=max(last.bottom, e.bottom))
            elif orientation == "h" and e.x0 <= last.x1 + JOIN:
                joined[-1] = last._replace(x1=max(last.x1, e.x1))
            else:
                joined.append(e)
        merged += joined
    return [e for e in merged if (e.bottom - e.top if e.orientation == "v" else e.x1 - e.x0) >= MIN_LENGTH]


@given(_edges())
def test_rulings_are_snapped_and_joined_as_plainly(edges: list[Edge]) -> None:
    assert _exact(_merged(edges)) == _exact(plain_merged(edges))


def plain_cells(crossings: dict[tuple[float, float], _Crossing]) -> list[Box]:
    """For each crossing, the first crossing below and the first to the right (as near as can
    be) that close a rectangle of rulings with it, tried pair by pair."""

    def joined(a: tuple[float, float], b: tuple[float, float]) -> bool:
        if a[0] == b[0] and not crossings[a].vertical.isdisjoint(crossings[b].vertical):
            return True
        return a[1] == b[1] and not crossings[a].horizontal.isdisjoint(crossings[b].horizontal)

    cells: list[Box] = []
    for x, y in sorted(crossings):
        ys = sorted(b for a, b in crossings if a == x and b > y)
        xs = sorted(a for a, b in crossings if b == y and a > x)
        found = next(
            (
                (x, y, far, low)
                for low in ys
                if joined((x, y), (x, low))
                for far in xs
                if joined((x, y), (far, y))
                and (far, low) in crossings
                and joined((far, low), (far, y))
                and joined((far, low), (x, low))
            ),
            None,
        )
        cells += [found] if found else []
    return cells


_GRID_AT = st.sampled_from([0.0, 10.0, 20.0, 30.0, 31.0, 12.5])


@st.composite
def _grids(draw: st.DrawFn) -> list[Edge]:
    """Rulings of a table drawn roughly (lines that stop short or run over, pieces, strays)."""
    found = draw(_edges())
    for _ in range(draw(st.integers(4, 16))):
        at, start, end = draw(_GRID_AT), draw(_GRID_AT), draw(_GRID_AT)
        start, end = min(start, end) - draw(st.sampled_from([0.0, 2.0, -2.0])), max(start, end)
        if draw(st.booleans()):
            found.append(Edge("v", at, start, at, end))
        else:
            found.append(Edge("h", start, at, end, at))
    return found


@settings(max_examples=300)
@given(_grids())
def test_cells_are_the_plain_cells(edges: list[Edge]) -> None:
    crossings = _crossings(_merged(edges), Steps(Budget()))
    assert _exact(_cells(crossings, Steps(Budget()))) == _exact(plain_cells(crossings))
