"""Ruling lines → ruled tables: their cells, row by row, with the text that stands in each.

The method is pdfplumber's ``find_tables`` with its default settings (after Nurminen's thesis,
as in Tabula), kept so that a PDF gives the cells it gave when govlint read PDFs with
pdfplumber: rulings within :data:`SNAP` of one line are moved onto it, pieces of one line with
gaps no wider than :data:`JOIN` are joined, and a cell is the smallest rectangle whose four
corners are crossings of rulings that run between them. Tables are the groups of cells that
share corners.

What differs is the cost. Crossings are found per vertical line among the horizontal lines in
its span (sorted, bisected), and the search for cells walks each crossing's neighbours below
and to the right; both are counted against :attr:`~govlint.budget.Budget.pdf_crossings`, so
a page drawn with thousands of tiny lines is refused in bounded time rather than searched for
minutes.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import NamedTuple

from govlint.budget import Budget, OverBudget
from govlint.parse.pdftext import Char, Edge, build, cell_text, cluster

SNAP = 3.0
JOIN = 3.0
_LINE = 6.0  # an open band lower than this holds no line of text: the lines overran the ruling
MIN_LENGTH = 3.0
CROSSING = 3.0

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]


class Table(NamedTuple):
    box: Box
    rows: list[list[str | None]]  # None where a merged cell covers the slot
    columns: list[float]  # where each grid column starts (its left ruling)


class Steps:
    """Crossings found and cell corners tried, against the budget for all pages together."""

    def __init__(self, budget: Budget) -> None:
        self.limit = budget.pdf_crossings
        self.seen = 0

    def add(self, count: int) -> None:
        self.seen += count
        if self.seen > self.limit:
            raise OverBudget("pdf_crossings", self.limit, self.seen)


def find_tables(edges: Sequence[Edge], chars: Sequence[Char], steps: Steps) -> list[Table]:
    """The ruled tables of a page, top to bottom, with the text of each cell."""
    crossings = _crossings(_closed(_merged(edges), chars, steps), steps)
    groups = _groups(_cells(crossings, steps))
    if not groups:
        return []
    centres = _Centres(chars)
    return [Table(_bounds(group), _extract(_rows(group), centres), _columns(group)) for group in groups]


def _bounds(cells: list[Box]) -> Box:
    return min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells)


# -- rulings ------------------------------------------------------------------------------------


def _merged(edges: Sequence[Edge]) -> list[Edge]:
    vertical = [e for e in edges if e.orientation == "v" and e.bottom - e.top >= 1]
    horizontal = [e for e in edges if e.orientation == "h" and e.x1 - e.x0 >= 1]
    merged: list[Edge] = []
    # the horizontal lines first, each line's pieces in the order they came
    for lines, orientation in ((horizontal, "h"), (vertical, "v")):
        at = _AT[orientation]
        snapped = _snapped(lines, orientation)
        snapped.sort(key=at)
        for _, run in itertools.groupby(snapped, key=at):
            group = list(run)
            if len(group) == 1:  # most lines of a page: one piece
                merged += group
            else:
                merged += _joined(group, orientation)
    return [e for e in merged if (e.bottom - e.top if e.orientation == "v" else e.x1 - e.x0) >= MIN_LENGTH]


# where a vertical ruling (its x0) or a horizontal one (its top) stands, and where along it it starts
_AT = {"v": operator.itemgetter(1), "h": operator.itemgetter(2)}
_START = {"v": operator.itemgetter(2), "h": operator.itemgetter(1)}


def _snapped(edges: list[Edge], orientation: str) -> list[Edge]:
    """Rulings within SNAP of each other moved onto their average position."""
    at: Callable[[Edge], float] = _AT[orientation]
    moved: list[Edge] = []
    for group in cluster(edges, at, SNAP):
        average = sum(map(at, group)) / len(group)
        if orientation == "v":
            moved += [build(Edge, (o, average, top, x1 + average - x0, bottom)) for o, x0, top, x1, bottom in group]
        else:
            moved += [build(Edge, (o, x0, average, x1, bottom + average - top)) for o, x0, top, x1, bottom in group]
    return moved


def _joined(edges: list[Edge], orientation: str) -> list[Edge]:
    """Pieces of one line joined where the gap between them is no wider than JOIN: a piece
    that starts within JOIN of where the run so far ends carries the end on (a table's line is
    often drawn as one piece per cell)."""
    vertical = orientation == "v"
    edges.sort(key=_START[orientation])
    joined: list[Edge] = []
    run = edges[0]
    end = run.bottom if vertical else run.x1
    for edge in edges[1:]:
        start, stop = (edge.top, edge.bottom) if vertical else (edge.x0, edge.x1)
        if start <= end + JOIN:
            if stop > end:  # as max(end, stop) would choose
                end = stop
            continue
        joined.append(_ended(run, end, vertical))
        run, end = edge, stop
    joined.append(_ended(run, end, vertical))
    return joined


def _ended(edge: Edge, end: float, vertical: bool) -> Edge:
    orientation, x0, top, x1, bottom = edge
    return build(Edge, (orientation, x0, top, x1, end) if vertical else (orientation, x0, top, end, bottom))


def _closed(edges: list[Edge], chars: Sequence[Char], steps: Steps) -> list[Edge]:
    """The rulings, with a line added where a table runs off the page.

    A table broken by the page's end has no ruling under its last row on this page, nor over
    its first row on the next: the column lines run on to the margin and stop there together.
    Without a line to close it, the cut row is no cell, and its text stands outside the table,
    as lines the reader may take for the row before. Of the column lines that reach lowest
    (highest) on the page, a column between two of them, beyond the last (first) ruling that
    crosses both, is open; runs of open columns with text in their open part are closed by a
    line where the column lines end (start). The rulings and characters looked at count
    against the crossings budget."""
    vertical = sorted((e for e in edges if e.orientation == "v"), key=lambda e: e.x0)
    horizontal = sorted((e for e in edges if e.orientation == "h"), key=lambda e: e.top)
    if len(vertical) < 2 or not horizontal:
        return edges
    xs, tops = [v.x0 for v in vertical], [h.top for h in horizontal]
    added: list[Edge] = []
    for lowest in (True, False):
        at = max(v.bottom for v in vertical) if lowest else min(v.top for v in vertical)
        reaching = [v for v in vertical if abs((v.bottom if lowest else v.top) - at) <= SNAP]
        if len(reaching) >= 2:
            added += _closing(reaching, (vertical, xs), (horizontal, tops), at, lowest, chars, steps)
    return edges + added if added else edges


# rulings in the order of where they stand (vertical ones from the left, horizontal ones from
# the top), and where each stands
_Sorted = tuple[list[Edge], list[float]]


def _closing(
    columns: list[Edge],
    vertical: _Sorted,
    horizontal: _Sorted,
    at: float,
    lowest: bool,
    chars: Sequence[Char],
    steps: Steps,
) -> list[Edge]:
    """Lines across the runs of open columns between ``columns`` (sorted from the left) that
    have text in their open part."""
    lines: list[Edge] = []
    run: list[Box] = []  # the open part of each column of the current run
    for left, right in itertools.pairwise(columns):
        band = _open_band(left, right, horizontal, at, lowest, steps)
        if band is not None and _divided(band, vertical, steps):
            band = None
        if band is not None:
            run.append(band)
            continue
        lines += _line_under(run, at, chars, steps)
        run = []
    return lines + _line_under(run, at, chars, steps)


def _open_band(left: Edge, right: Edge, horizontal: _Sorted, at: float, lowest: bool, steps: Steps) -> Box | None:
    """The part of the column between ``left`` and ``right`` beyond the last (first) ruling
    that crosses both, when that ruling stands short of ``at`` by a line's height."""
    high, low = max(left.top, right.top) - CROSSING, min(left.bottom, right.bottom) + CROSSING
    lines, tops = horizontal
    # the rulings within the height both lines span, from the end looked at
    first, last = bisect.bisect_left(tops, high), bisect.bisect_right(tops, low)
    for h in reversed(lines[first:last]) if lowest else lines[first:last]:
        steps.add(1)
        if h.x0 - CROSSING <= left.x0 and right.x0 <= h.x1 + CROSSING:
            top, bottom = (h.top, at) if lowest else (at, h.top)
            return (left.x0, top, right.x0, bottom) if bottom - top > _LINE else None
    return None


def _divided(band: Box, vertical: _Sorted, steps: Steps) -> bool:
    """Whether a column line stands inside the band: then it is no one column, but several
    whose lines stop short of the page's end (their row is ruled under, one of them is not)."""
    x0, top, x1, bottom = band
    lines, xs = vertical
    inside = lines[bisect.bisect_right(xs, x0 + SNAP) : bisect.bisect_left(xs, x1 - SNAP)]
    steps.add(len(inside))
    return any(min(v.bottom, bottom) - max(v.top, top) > SNAP for v in inside)


def _line_under(run: list[Box], at: float, chars: Sequence[Char], steps: Steps) -> list[Edge]:
    """The line across a run of open columns, if text stands in one of their open parts."""
    for x0, top, x1, bottom in run:
        steps.add(len(chars))
        if any(x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom for c in chars):
            return [build(Edge, ("h", run[0][0], at, run[-1][2], at))]
    return []


# -- crossings and cells ------------------------------------------------------------------------


class _Crossing(NamedTuple):
    vertical: set[Box]
    horizontal: set[Box]


def _crossings(edges: list[Edge], steps: Steps) -> dict[Point, _Crossing]:
    vertical = sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.x0, e.top))
    horizontal = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.top, e.x0))
    tops = [h.top for h in horizontal]
    spans = [(h.x0 - CROSSING, h.x1 + CROSSING, h.top, h[1:]) for h in horizontal]
    found: dict[Point, _Crossing] = {}
    for v in vertical:
        first = bisect.bisect_left(tops, v.top - CROSSING)
        last = bisect.bisect_right(tops, v.bottom + CROSSING)
        steps.add(last - first)
        x, box = v.x0, v[1:]
        for left, right, top, h_box in spans[first:last]:
            if left <= x <= right:
                crossing = found.get((x, top))
                if crossing is None:
                    crossing = found[x, top] = _Crossing(set(), set())
                crossing.vertical.add(box)
                crossing.horizontal.add(h_box)
    return found


def _cells(crossings: dict[Point, _Crossing], steps: Steps) -> list[Box]:
    """For each crossing, the smallest cell it is the top-left corner of: the first crossing
    below and the first to the right, joined to it by rulings, whose far corner closes the
    rectangle."""
    below: dict[float, list[float]] = defaultdict(list)
    right: dict[float, list[float]] = defaultdict(list)
    corners = sorted(crossings)
    for x, y in corners:
        below[x].append(y)
        right[y].append(x)
    cells: list[Box] = []
    for x, y in corners:
        column, row = below[x], right[y]
        ys = column[bisect.bisect_right(column, y) :]
        xs = row[bisect.bisect_right(row, x) :]
        cell = _first_cell((x, y), ys, xs, crossings, steps)
        if cell is not None:
            cells.append(cell)
    return cells


def _first_cell(
    corner: Point, ys: list[float], xs: list[float], crossings: dict[Point, _Crossing], steps: Steps
) -> Box | None:
    x, y = corner
    own = crossings[corner]
    for low in ys:
        down = crossings[x, low]
        if not _joined_at(x, y, own, x, low, down):
            continue
        for far in xs:
            steps.add(1)
            side = crossings[far, y]
            if not _joined_at(x, y, own, far, y, side):
                continue
            opposite = crossings.get((far, low))
            if (
                opposite is not None
                and _joined_at(far, low, opposite, far, y, side)
                and _joined_at(far, low, opposite, x, low, down)
            ):
                return (x, y, far, low)
    return None


def _joined_at(ax: float, ay: float, a: _Crossing, bx: float, by: float, b: _Crossing) -> bool:
    """Whether crossings ``a`` at (ax, ay) and ``b`` at (bx, by) lie on one ruling."""
    if ax == bx and not a.vertical.isdisjoint(b.vertical):
        return True
    return ay == by and not a.horizontal.isdisjoint(b.horizontal)


def _groups(cells: list[Box]) -> list[list[Box]]:
    """Cells that share a corner, directly or through others, as one table; top to bottom."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[Box]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    tables = [g for g in groups.values() if len(g) > 1]
    return sorted(tables, key=lambda g: min((c[1], c[0]) for c in g))


# -- the text of each cell ----------------------------------------------------------------------


def _columns(cells: list[Box]) -> list[float]:
    return sorted({c[0] for c in cells})


def _rows(cells: list[Box]) -> list[list[Box | None]]:
    xs = _columns(cells)
    rows = []
    for _, row in itertools.groupby(sorted(cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        at = {c[0]: c for c in row}
        rows.append([at.get(x) for x in xs])
    return rows


class _Centres:
    """The centre of each character of a page, and the characters in the order of their
    heights: a cell's characters are those whose centre lies within it."""

    def __init__(self, chars: Sequence[Char]) -> None:
        self.chars = chars
        self.xs = [(c[1] + c[3]) / 2 for c in chars]  # (x0 + x1) / 2
        self.ys = [(c[2] + c[4]) / 2 for c in chars]  # (top + bottom) / 2
        self.by_height = sorted(range(len(chars)), key=self.ys.__getitem__)
        self.heights = [self.ys[i] for i in self.by_height]

    def band(self, top: float, bottom: float, left: float, right: float) -> _Band:
        """The characters centred in the box."""
        xs = self.xs
        span = self.by_height[bisect.bisect_left(self.heights, top) : bisect.bisect_left(self.heights, bottom)]
        # no x here is NaN (the test above is false for NaN), so their order is total
        across = sorted([i for i in span if left <= xs[i] < right], key=xs.__getitem__)
        return _Band(across, [xs[i] for i in across])

    def within(self, band: _Band, box: Box) -> list[Char]:
        """The characters of ``band`` centred in ``box``, in page order."""
        x0, top, x1, bottom = box
        ys, chars = self.ys, self.chars
        across = band.indices[bisect.bisect_left(band.xs, x0) : bisect.bisect_left(band.xs, x1)]
        return [chars[i] for i in sorted([i for i in across if top <= ys[i] < bottom])]


class _Band(NamedTuple):
    """The characters of one row of cells (indices), from the left, with their centres' x."""

    indices: list[int]
    xs: list[float]


def _extract(rows: list[list[Box | None]], centres: _Centres) -> list[list[str | None]]:
    extracted: list[list[str | None]] = []
    for row in rows:
        present = [c for c in row if c is not None]
        top, bottom = min([c[1] for c in present]), max([c[3] for c in present])
        left, right = min([c[0] for c in present]), max([c[2] for c in present])
        in_row = centres.band(top, bottom, left, right)
        extracted.append([None if cell is None else cell_text(centres.within(in_row, cell)) for cell in row])
    return extracted
