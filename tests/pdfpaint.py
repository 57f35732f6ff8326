"""A generated report laid out on PDF pages the way a browser or word processor prints it: the
characters with their boxes and the ruling lines of each page, as PDFium gives them to
:func:`govlint.parse.pdf.blocks_of`. No PDF file is written, so the tests need neither a
browser nor a font.

Tables are drawn in the national layout (row and column spans, :func:`tests.reportgen.span_rows`),
each cell with its own four borders. Where a page ends inside a table, a row either moves whole
to the next page or is cut between two of its text lines (browsers do both); a cell cut by the
break has no border at the cut: its side borders run on to the page's margin and start again
at the top margin of the next page, where the continued part may or may not get a border of
its own (both happen). A row that moves may leave an empty band on the page before, its
borders drawn without its text (Chromium does this).
"""

from __future__ import annotations

import random

import attrs

from govlint.parse.pdftext import Char, Edge

from .reportgen import _PROSE, _TABLE_UNDER, Report, _cell_text, span_rows

TOP, BOTTOM = 28.0, 764.0  # the text area of a page, in points from the top
LEFT, WIDTH = 45.0, 500.0
LINE = 14.0  # line height
SIZE = 10.0  # font size: a CJK character is this wide, a Latin one about half
PAD = 2.0  # between a cell's border and its text
USABLE = BOTTOM - TOP

Page = tuple[list[Char], list[Edge]]


@attrs.frozen
class Breaks:
    """How the page breaks fall: ``shift`` moves all the content down (a spacer at the top),
    ``cut`` chooses, for each row a page ends in, cutting it (True) or moving it (False)."""

    shift: float = 0.0
    seed: int = 0
    page_numbers: bool = True
    cut_rows: bool = True  # False: a row the page cannot hold always moves whole


def paint(report: Report, breaks: Breaks = Breaks()) -> list[Page]:
    painter = _Painter(random.Random(breaks.seed), breaks.cut_rows)
    painter.y = breaks.shift
    painter.text(report.title)
    for section in report.template.sections:
        painter.text(f"{section.numeral}、{section.title}")
        painter.text(_PROSE[section.numeral])
        table_id = _TABLE_UNDER.get(section.numeral)
        if table_id is not None:
            painter.table(report, table_id)
    painter.text(report.organ)
    painter.text(f"{report.year + 1}年1月20日")
    return painter.pages(breaks.page_numbers)


def _width(ch: str) -> float:
    return SIZE / 2 if ch.isascii() else SIZE


def _wrapped(text: str, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (at least one character a line)."""
    lines, line, used = [], "", 0.0
    for ch in text:
        if line and used + _width(ch) > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += _width(ch)
    return [*lines, line] if line else lines


def _page(y: float) -> int:
    return int(y // USABLE)


def _on_page(y: float) -> float:
    return TOP + y - _page(y) * USABLE


class _Painter:
    """Lays content out in one running "flow" coordinate; page ``k`` shows the flow from
    ``k * USABLE`` to ``(k + 1) * USABLE``."""

    def __init__(self, rng: random.Random, cut_rows: bool) -> None:
        self.rng = rng
        self.cut_rows = cut_rows
        self.y = 0.0
        self.chars: dict[int, list[Char]] = {}
        self.edges: dict[int, list[Edge]] = {}
        self.continued: dict[int, bool] = {}

    # -- text ---------------------------------------------------------------------------------

    def _fitted(self, y: float) -> float:
        """``y``, or the next page's top if a line starting at ``y`` would cross the page's end."""
        end = (_page(y) + 1) * USABLE
        return end if y + SIZE > end else y

    def _line(self, text: str, x: float, y: float) -> None:
        page = _page(y)
        top = _on_page(y)
        for ch in text:
            if not ch.isspace():
                self.chars.setdefault(page, []).append(Char(ch, x, top, x + _width(ch), top + SIZE, True))
            x += _width(ch)

    def text(self, text: str) -> None:
        for line in _wrapped(text, WIDTH):
            self.y = self._fitted(self.y)
            self._line(line, LEFT, self.y)
            self.y += LINE
        self.y += LINE / 2

    # -- tables -------------------------------------------------------------------------------

    def table(self, report: Report, table_id: str) -> None:
        cells = _placed(span_rows(report, table_id))
        columns = 1 + max(c.col + c.colspan - 1 for c in cells)
        xs = _columns(columns, table_id)
        rng = random.Random(report.cosmetic)
        for cell in cells:
            width = xs[cell.col + cell.colspan] - xs[cell.col] - 2 * PAD
            text = _cell_text(cell.span.cell, rng, ("", " ", "\u3000"))
            cell.lines = [line for part in text for line in _wrapped(part.strip(), width)]
        rows = 1 + max(c.row + c.rowspan - 1 for c in cells)
        tops: list[float] = []
        line_at: dict[int, list[float]] = {}  # each cell's text lines, in flow
        for row in range(rows):
            own = [c for c in cells if c.row == row]
            needed = max([len(c.lines) for c in own if c.rowspan == 1] + [1]) * LINE + 2 * PAD
            end = (_page(self.y) + 1) * USABLE
            band = False
            # a row the page cannot hold is cut (half the time) or moves to the next page
            if self.y + needed > end and self.y < end - 1 and (not self.cut_rows or self.rng.random() >= 0.5):
                band = self.rng.random() < 0.5  # moving, it may leave its borders behind
                if not band:
                    self.y = end
            tops.append(self.y)
            bottom = self.y + PAD
            for cell in own:
                y = end if band else self.y + PAD
                placed = []
                for _ in cell.lines:
                    y = self._fitted(y)
                    placed.append(y)
                    y += LINE
                line_at[id(cell)] = placed
                if cell.rowspan == 1:
                    bottom = max(bottom, y)
            for cell in cells:  # the last row of a spanning cell grows to hold its text
                if cell.rowspan > 1 and cell.row + cell.rowspan - 1 == row and cell.lines:
                    bottom = max(bottom, line_at[id(cell)][-1] + LINE)
            self.y = max(bottom + PAD, tops[-1] + LINE + 2 * PAD)
        tops.append(self.y)
        for cell in cells:
            top, bottom = tops[cell.row], tops[cell.row + cell.rowspan]
            self._borders(xs[cell.col], xs[cell.col + cell.colspan], top, bottom)
            for line, y in zip(cell.lines, line_at[id(cell)], strict=True):
                self._line(line, xs[cell.col] + PAD, y)
        self.y += LINE

    def _borders(self, left: float, right: float, top: float, bottom: float) -> None:
        """A cell's borders, page by page: none at a cut."""
        y = top
        while True:
            page = _page(y)
            end = min(bottom, (page + 1) * USABLE)
            if end - y > 0.5 or end == bottom:
                a, b = _on_page(y), BOTTOM if end < bottom else _on_page(end - 0.001) + 0.001
                drawn = self.edges.setdefault(page, [])
                drawn += [Edge("v", left, a, left, b), Edge("v", right, a, right, b)]
                if y == top or self._bordered(page):
                    drawn.append(Edge("h", left, a, right, a))
                if end == bottom:
                    drawn.append(Edge("h", left, b, right, b))
            if end >= bottom:
                return
            y = end

    def _bordered(self, page: int) -> bool:
        """Whether the parts of cells that a page break continues get a top border on ``page``
        (as one, for all the table's cells)."""
        if page not in self.continued:
            self.continued[page] = self.rng.random() < 0.5
        return self.continued[page]

    def pages(self, page_numbers: bool) -> list[Page]:
        count = 1 + max([*self.chars, *self.edges])
        out = []
        for page in range(count):
            chars = self.chars.get(page, [])
            if page_numbers:
                number = f"- {page + 1} -"
                x = LEFT + WIDTH / 2
                chars = [*chars, *(Char(ch, x + i * 5, 800, x + i * 5 + 5, 810, True) for i, ch in enumerate(number))]
            out.append((chars, self.edges.get(page, [])))
        return out


@attrs.define
class _Placed:
    span: object
    row: int
    col: int
    rowspan: int
    colspan: int
    lines: list[str] = attrs.Factory(list)


def _placed(rows: list[list[object]]) -> list[_Placed]:
    """The HTML table model: each cell takes its row's first free slot."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            while (r, c) in taken:
                c += 1
            rowspan, colspan = span.rowspan, span.colspan  # type: ignore[attr-defined]
            out.append(_Placed(span, r, c, rowspan, colspan))
            taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
            c += colspan
    return out


def _columns(count: int, table_id: str) -> list[float]:
    """Where each column starts, and the table's right end."""
    if table_id == "applications":
        values = 7
        labels = count - values
        widths = [40.0] * (labels - 1) + [WIDTH - 40 * (labels - 1) - 34 * values] + [34.0] * values
    elif table_id == "active_disclosure":
        widths = [140.0] + [(WIDTH - 140) / (count - 1)] * (count - 1)
    else:
        widths = [WIDTH / count] * count
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    return xs
