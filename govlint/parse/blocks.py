"""What HTML, DOCX and PDF readers hand to the text parser: blocks of text and table grids.

Each reader turns its format into a sequence of :class:`TextBlock` and :class:`TableBlock`,
every piece carrying the :class:`~govlint.model.Origin` it came from. :func:`render` lays the
blocks out as lines in the text parser's ``tabs`` layout (one cell per line after a tab, rows
separated by an empty line; see ``layout.py``), so every format is read by the one parser
and gives the same Document, and each line keeps its origin.

Merged cells are resolved first (:func:`resolve`): a cell that spans rows or columns stands
once, in the grid row and column where it starts, and the slots it covers are None. A row
prints only the cells that start in it, which is how the national layout reads: a block title
such as （三）不予公开 labels the first of its rows, the rows below carry their own labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from govlint.budget import DEFAULT, Budget, OverBudget
from govlint.model import Origin
from govlint.parse.cells import is_value_like
from govlint.templates import unwrap

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_GAP_RE = re.compile(rf"(?<=[{_CJK}“”‘’])[ \t]+(?=[{_CJK}“”‘’])")


@attrs.frozen
class TextBlock:
    """One line of running text (a paragraph, a heading, a PDF text line)."""

    text: str
    origin: Origin


@attrs.frozen
class SourceCell:
    """A cell as the file gives it: its text (lines separated by ``\\n``) and its span."""

    text: str
    origin: Origin
    rowspan: int = 1
    colspan: int = 1


Grid = tuple[tuple[SourceCell | None, ...], ...]


@attrs.frozen
class TableBlock:
    """A table as a grid: every row has one slot per grid column; None where a merged cell
    covers the slot (or the row printed no cell there)."""

    grid: Grid
    origin: Origin

    @property
    def width(self) -> int:
        return len(self.grid[0]) if self.grid else 0


Block = TextBlock | TableBlock


def resolve(rows: Sequence[Sequence[SourceCell]], budget: Budget = DEFAULT) -> Grid:
    """Place cells with row and column spans on a grid (the HTML table model).

    Each cell takes the first free slot of its row; its span marks the slots below and to the
    right as covered. As in a browser, a row span stops at the last row and a column span
    stops at ``budget.span`` (HTML's own limit is 1,000). Raises :class:`OverBudget` for a
    row span still over ``budget.span``, or a grid (rows × widest row) over ``budget.grid_cells``:
    every row is laid out as wide as the widest, so the grid, not the cells given, is the cost.
    """
    occupied: dict[tuple[int, int], SourceCell | None] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            rowspan = max(1, min(cell.rowspan, len(rows) - r))
            if rowspan > budget.span:
                raise OverBudget("span", budget.span, rowspan)
            colspan = max(1, min(cell.colspan, budget.span))
            if len(rows) * max(width, c + colspan) > budget.grid_cells:
                raise OverBudget("grid_cells", budget.grid_cells, len(rows) * max(width, c + colspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied[r + dr, c + dc] = cell if dr == dc == 0 else None
            c += colspan
            width = max(width, c)
    return tuple(tuple(occupied.get((r, c)) for c in range(width)) for r in range(len(rows)))


def flatten(text: str) -> str:
    """A cell's lines as one line (see :func:`~govlint.templates.unwrap`); tabs become spaces."""
    return unwrap(text.replace("\t", " "))


def close_cjk_gaps(text: str) -> str:
    """Drop the spaces a converter put between Chinese characters (justified PDF lines:
    ``邮 编 ： 223100``); Chinese is written without spaces, so none of them is the author's."""
    # a gap is spaces or tabs: most cells (a number) have neither, and the search is skipped
    return _CJK_GAP_RE.sub("", text) if " " in text or "\t" in text else text


def row_cells(row: Sequence[SourceCell | None]) -> list[SourceCell]:
    """The cells that start in a grid row, without the empty slots before its first label
    (a merged label cell continued from the page before, or a spacer)."""
    cells = [c for c in row if c is not None]
    first = next((i for i, c in enumerate(cells) if c.text.strip(" \n\t\r")), None)
    if first is not None and first > 0 and not is_value_like(cells[first].text):
        cells = cells[first:]
    return cells


def render(blocks: Iterable[Block]) -> tuple[tuple[str, ...], tuple[Origin, ...]]:
    """Lines for the text parser, and the origin of each line.

    A table row with several cells prints each cell on its own line after a tab, then an
    empty line; a row with one cell (a block title, a note, prose a PDF framed in a table)
    prints as a plain line.
    """
    lines: list[str] = []
    origins: list[Origin] = []

    def add(text: str, origin: Origin) -> None:
        lines.append(text)
        origins.append(origin.at(len(lines)))

    for block in blocks:
        if isinstance(block, TextBlock):
            for piece in block.text.split("\n"):
                if piece.strip():
                    add(piece, block.origin)
            continue
        in_rows = False
        for grid_row in block.grid:
            cells = row_cells(grid_row)
            if not cells:
                continue
            if len(cells) == 1:
                text = flatten(cells[0].text)
                if text.strip():
                    add(text, cells[0].origin)
                    in_rows = False
                continue
            if lines and lines[-1].strip(" ") and not in_rows:
                add("", cells[0].origin)
            for cell in cells:
                add("\t" + flatten(cell.text), cell.origin)
            add("", cells[-1].origin)
            in_rows = True
        if lines and lines[-1].strip(" "):
            add("", origins[-1])
    return tuple(lines), tuple(origins)
