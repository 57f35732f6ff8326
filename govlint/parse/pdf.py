"""PDF with a text layer, read with pdfplumber (the optional extra ``govlint[pdf]``).

Each page gives its ruled tables (``find_tables``) and the text lines outside them, in the
order they stand from the top. A "table" of one column is a frame drawn around running text
(word processors do this), so its text is read as lines. A table that runs on from the page
before has its broken labels joined back: a group label cut by the page break (（四）无 /
法提供) and a row whose label ran over the break.

A PDF without any text (a scan) is unreadable: govlint does no OCR.
"""

from __future__ import annotations

import io
import itertools
import logging
from collections.abc import Sequence
from typing import Any

import attrs

from govlint.model import Origin
from govlint.parse.blocks import Block, Grid, SourceCell, TableBlock, TextBlock, close_cjk_gaps
from govlint.parse.cells import is_value_like
from govlint.parse.errors import Unreadable
from govlint.prose.damage import is_page_number

MAX_PAGES = 300


def read_pdf(data: bytes) -> tuple[list[Block], list[int]]:
    """Blocks of a PDF's text layer, page by page, and the pages that have no text (scanned
    pages in an otherwise digital PDF); raises :class:`Unreadable`."""
    try:
        import pdfplumber
    except ImportError:
        raise Unreadable(
            "读取PDF需要安装可选组件：pip install 'govlint[pdf]'。",
            "Reading PDF needs the optional extra: pip install 'govlint[pdf]'.",
        ) from None
    for name in ("pdfminer", "pdfplumber"):  # pdfminer logs every damaged object it skips
        logging.getLogger(name).setLevel(logging.ERROR)
    data = data[data.find(b"%PDF-") :]  # a download may put a newline or BOM before the header
    pages: list[list[Block]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise Unreadable(
                    f"PDF共{len(pdf.pages)}页，超过{MAX_PAGES}页的上限，不像一份年度报告。",
                    f"The PDF has {len(pdf.pages)} pages, over the limit of {MAX_PAGES}: not an annual report.",
                )
            without_text = []
            for number, page in enumerate(pdf.pages, 1):
                if not page.chars:
                    without_text.append(number)
                pages.append(_page_blocks(page, number))
                page.close()  # frees the page's parsed objects
    except Unreadable:
        raise
    except Exception as error:  # pdfminer raises many kinds on damaged files
        if type(error).__name__ == "PDFPasswordIncorrect":
            raise Unreadable("PDF已加密，无法读取。", "The PDF is encrypted and cannot be read.") from None
        raise Unreadable(
            "PDF文件已损坏或不完整（可能被截断），无法读取。",
            f"The PDF is damaged or incomplete (truncated?) and cannot be read: {type(error).__name__}.",
        ) from None
    if len(without_text) == len(pages):
        raise Unreadable(
            "PDF没有文字层（可能是扫描件）；govlint不做文字识别（OCR），请使用带文字层的PDF或文本。",
            "The PDF has no text layer (a scanned image?); govlint does no OCR. Use a PDF with text, or the text.",
        )
    pages = [_without_furniture(page) for page in pages]
    for before, after in itertools.pairwise(pages):
        _join_across_break(before, after)
    return [block for page in pages for block in page], without_text


def _page_blocks(page: Any, number: int) -> list[Block]:
    extracted = [(t.bbox, t.extract()) for t in page.find_tables()]
    tables = [(box, rows) for box, rows in extracted if max((len(r) for r in rows), default=0) >= 2]
    boxes = [box for box, _ in tables]
    text_page = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    items: list[tuple[float, int, Any]] = [(line["top"], 1, line) for line in text_page.extract_text_lines()]
    items += [(box[1], 0, rows) for box, rows in tables]
    items.sort(key=lambda item: (item[0], item[1]))
    blocks: list[Block] = []
    line_on_page = 0
    for _, kind, item in items:
        if kind == 1:
            line_on_page += 1
            blocks.append(TextBlock(close_cjk_gaps(item["text"]), Origin("pdf", page=number, line=line_on_page)))
            continue
        rows: list[tuple[SourceCell | None, ...]] = []
        first = line_on_page + 1
        for row in item:
            line_on_page += 1
            origin = Origin("pdf", page=number, line=line_on_page)
            rows.append(tuple(None if t is None else SourceCell(close_cjk_gaps(t), origin) for t in row))
        width = max(len(r) for r in rows)
        grid = tuple((*r, *[None] * (width - len(r))) for r in rows)
        blocks.append(TableBlock(grid, Origin("pdf", page=number, line=first)))
    return blocks


def _without_furniture(blocks: list[Block]) -> list[Block]:
    """The page without its printed page number (``- 3 -`` at the foot or head): page
    furniture of the PDF, not text of the report."""
    while blocks and _is_page_chrome(blocks[-1]):
        blocks = blocks[:-1]
    while blocks and _is_page_chrome(blocks[0]):
        blocks = blocks[1:]
    return blocks


def _inside(obj: dict[str, Any], boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


# -- a table that runs on over a page break -----------------------------------------------------


def _join_across_break(before: list[Block], after: list[Block]) -> None:
    """When page ``after`` opens with the continuation of the table that ends page ``before``,
    join the labels the break cut (in place)."""
    last = next((i for i in range(len(before) - 1, -1, -1) if not _is_page_chrome(before[i])), None)
    first = next((i for i, b in enumerate(after) if not _is_page_chrome(b)), None)
    if last is None or first is None:
        return
    top, bottom = before[last], after[first]
    if not isinstance(top, TableBlock) or not isinstance(bottom, TableBlock):
        return
    if not top.grid or not bottom.grid or len(top.grid[0]) != len(bottom.grid[0]):
        return
    upper, lower = _join_grids(top.grid, bottom.grid)
    before[last] = attrs.evolve(top, grid=upper)
    after[first] = attrs.evolve(bottom, grid=lower)


def _is_page_chrome(block: Block) -> bool:
    return isinstance(block, TextBlock) and (is_page_number(block.text) or not block.text.strip())


def _join_grids(upper: Grid, lower: Grid) -> tuple[Grid, Grid]:
    up = [list(r) for r in upper]
    low = [list(r) for r in lower]
    head = low[0]
    texts = [(c.text.strip() if c is not None else "") for c in head]
    has_values = any(t and is_value_like(t) for t in texts)
    if not has_values and any(texts):
        # The row's label ran over the break; its values stand on the page before.
        for col, text in enumerate(texts):
            if text and (cell := _starting_cell(up, col)) is not None:
                _append(up, cell, text)
        return _frozen(up), _frozen(low[1:])
    for col, text in enumerate(texts):
        if not text or is_value_like(text):
            continue
        labelled_right = any(t and not is_value_like(t) for t in texts[col + 1 :])
        cell = _starting_cell(up, col)
        if labelled_right and cell is not None:  # a group label cut in two: （四）无 / 法提供
            _append(up, cell, text)
            old = head[col]
            assert old is not None
            head[col] = attrs.evolve(old, text="")
    return _frozen(up), _frozen(low)


def _starting_cell(grid: list[list[SourceCell | None]], col: int) -> SourceCell | None:
    """The cell that covers column ``col`` of the grid's last row (the one starting nearest above)."""
    for row in reversed(grid):
        if col < len(row) and row[col] is not None:
            return row[col]
    return None


def _append(grid: list[list[SourceCell | None]], cell: SourceCell, text: str) -> None:
    joined = attrs.evolve(cell, text=cell.text + "\n" + text)
    for row in grid:
        for i, slot in enumerate(row):
            if slot is cell:
                row[i] = joined


def _frozen(grid: list[list[SourceCell | None]]) -> Grid:
    return tuple(tuple(r) for r in grid)
