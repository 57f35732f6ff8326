"""PDF with a text layer, read with PDFium (``pypdfium2``, the optional extra ``govlint[pdf]``).

Each page gives its ruled tables (:mod:`~govlint.parse.pdftables`) and the text lines outside
them (:mod:`~govlint.parse.pdftext`), in the order they stand from the top. A "table" of one
column is a frame drawn around running text (word processors do this), so its text is read as
lines. A table that runs on from the page before has its broken labels joined back: a group
label cut by the page break (（四）无 / 法提供) and a row whose label ran over the break.

A PDF without any text (a scan) is unreadable: govlint does no OCR. Nor does it decrypt: a PDF
that needs a password to open is refused as such (one that opens without one, with only its
copying or printing restricted, is read). PDFium repairs a damaged cross-reference table, so a
PDF whose object offsets are wrong is read; one cut short (no ``%%EOF`` at its end) is refused,
since what is missing cannot be told.

Before PDFium parses anything, the compressed streams are inflated once into nothing, counting
bytes, so a small file that inflates to gigabytes is refused (``pdf_inflated``) without the
memory; counting stops once the rest of the file could not take it past the budget even at
deflate's largest ratio. Pages, objects and ruling-line crossings have budgets too
(:mod:`govlint.budget`).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import threading
import zlib
from collections.abc import Generator, Iterable, Iterator
from typing import Any

import attrs

from govlint.budget import DEFAULT, Budget, OverBudget
from govlint.model import Origin
from govlint.parse.anchors import forms
from govlint.parse.blocks import Block, Grid, SourceCell, TableBlock, TextBlock, close_cjk_gaps
from govlint.parse.cells import is_value_like
from govlint.parse.errors import Unreadable
from govlint.parse.pdftables import SNAP, Box, Steps, Table, find_tables
from govlint.parse.pdftext import Char, Edge, text_lines
from govlint.parse.stream import fold
from govlint.prose.damage import is_page_number
from govlint.templates import all_templates
from govlint.templates.labels import ENUMERATOR

_PDFIUM = threading.Lock()  # PDFium is not thread-safe
_EOF_WINDOW = 4096  # %%EOF stands within this many bytes of a complete file's end
_CHUNK = 64 * 1024  # compressed bytes fed to zlib at a time
_OUT = 1024 * 1024  # inflated bytes taken from zlib at a time, then dropped
_IMAGE_LOOKBACK = 4096  # how far before ``stream`` its dictionary is looked for
# Deflate's largest ratio: a match of 258 bytes coded in two bits (zlib's technical notes).
_MAX_INFLATION = 1032


def read_pdf(data: bytes, budget: Budget = DEFAULT) -> tuple[list[Block], list[int]]:
    """Blocks of a PDF's text layer, page by page, and the pages that have no text (scanned
    pages in an otherwise digital PDF); raises :class:`Unreadable` or
    :class:`~govlint.budget.OverBudget`."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise Unreadable(
            "读取PDF需要安装可选组件：pip install 'govlint[pdf]'。",
            "Reading PDF needs the optional extra: pip install 'govlint[pdf]'.",
        ) from None
    data = data[data.find(b"%PDF-") :]  # a download may put a newline or BOM before the header
    inflated = _over_inflated(data, budget.pdf_inflated)
    if inflated is not None:
        raise OverBudget("pdf_inflated", budget.pdf_inflated, inflated)
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise _damaged("no %%EOF at the end: truncated")
    with _PDFIUM, contextlib.closing(_read_pages(pdfium, data, budget)) as pages:
        return blocks_of(pages, budget)


def blocks_of(
    pages: Iterable[tuple[list[Char], list[Edge]]], budget: Budget = DEFAULT
) -> tuple[list[Block], list[int]]:
    """What :func:`read_pdf` makes of a PDF's pages, each given as its characters and its
    ruling lines: the blocks, and the pages without text."""
    columns: _Columns = {}
    steps = Steps(budget)
    laid_out = [
        (_page_blocks(chars, edges, number, steps, columns), bool(chars))
        for number, (chars, edges) in enumerate(pages, 1)
    ]
    without_text = [number for number, (_, has_text) in enumerate(laid_out, 1) if not has_text]
    if len(without_text) == len(laid_out):
        raise Unreadable(
            "PDF没有文字层（可能是扫描件）；govlint不做文字识别（OCR），请使用带文字层的PDF或文本。",
            "The PDF has no text layer (a scanned image?); govlint does no OCR. Use a PDF with text, or the text.",
        )
    blocks = [_without_furniture(page) for page, _ in laid_out]
    for before, after in itertools.pairwise(blocks):
        _join_across_break(before, after, columns)
    return [block for page in blocks for block in page], without_text


# where each table's grid columns start on its page, and (last) where the table ends on the
# right, by the table's page and line
_Columns = dict[tuple[int | None, int | None], list[float]]


def _read_pages(pdfium: Any, data: bytes, budget: Budget) -> Generator[tuple[list[Char], list[Edge]]]:
    """The characters and ruling lines of each page, read while the caller holds PDFium."""
    from govlint.parse.pdfpage import Counter, read_page  # needs pypdfium2, the optional extra

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise Unreadable(
                "PDF已加密，需要密码才能打开；govlint不做解密，请提供未加密的PDF或文本。",
                "The PDF is encrypted and needs a password to open; govlint does not decrypt. "
                "Provide an unencrypted PDF, or the text.",
            ) from None
        raise _damaged(str(error)) from None
    try:
        if len(document) > budget.pdf_pages:
            raise OverBudget("pdf_pages", budget.pdf_pages, len(document))
        counter = Counter(budget)
        for index in range(len(document)):
            page = pdfium.raw.FPDF_LoadPage(document.raw, index)
            if not page:
                raise _damaged(f"page {index + 1}: Failed to load page.")  # as pypdfium2's get_page says it
            try:
                content = read_page(page, counter)
            finally:
                pdfium.raw.FPDF_ClosePage(page)
            yield content.chars, content.edges
    finally:
        document.close()


def _damaged(detail: str) -> Unreadable:
    return Unreadable(
        "PDF文件已损坏或不完整（可能被截断），无法读取。",
        f"The PDF is damaged or incomplete (truncated?) and cannot be read: {detail}.",
    )


def inflated_size(data: bytes, limit: int) -> int:
    """The bytes the file's Flate-compressed streams inflate to, images left out (PDFium does
    not decode them to read text); counting stops once past ``limit``. Nothing inflated is kept."""
    total = 0
    view = memoryview(data)
    for body, end in _streams(data):
        if total > limit:
            break
        total += _inflate(view[body:end], limit - total)
    return total


def _over_inflated(data: bytes, limit: int) -> int | None:
    """What :func:`inflated_size` says when it is past ``limit``; None when it is not.

    Counting stops once the rest of the file could not take the total past ``limit`` even at
    deflate's largest ratio, so a file well within its budget is not inflated twice (here,
    then by PDFium)."""
    total = 0
    view = memoryview(data)
    for body, end in _streams(data):
        if total > limit or total + _MAX_INFLATION * (len(data) - body) <= limit:
            break
        total += _inflate(view[body:end], limit - total)
    return total if total > limit else None


def _streams(data: bytes) -> Iterator[tuple[int, int]]:
    """Where the body of each stream that is not an image starts and ends."""
    at = 0
    while (start := data.find(b"stream", at)) != -1:
        at = start + 6
        if data[start - 3 : start] == b"end":
            continue
        body = at + (2 if data[at : at + 2] == b"\r\n" else 1 if data[at : at + 1] in (b"\n", b"\r") else 0)
        if body == at:
            continue
        end = data.find(b"endstream", body)
        end = len(data) if end == -1 else end
        if not _is_image(data, start):
            yield body, end
        at = end


def _is_image(data: bytes, start: int) -> bool:
    head = data[max(0, start - _IMAGE_LOOKBACK) : start]
    return b"/Image" in head[head.rfind(b"obj") + 1 :]


def _inflate(stream: memoryview, limit: int) -> int:
    """Bytes ``stream`` inflates to, up to a little past ``limit``; 0 if it is not zlib data."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        for offset in range(0, len(stream), _CHUNK):
            pending: bytes | memoryview = stream[offset : offset + _CHUNK]
            while pending and size <= limit and not inflater.eof:
                size += len(inflater.decompress(pending, _OUT))
                pending = inflater.unconsumed_tail
            if size > limit or inflater.eof:
                break
    except zlib.error:
        pass  # not Flate data, or damaged: PDFium decides what to make of it
    return size


def _page_blocks(chars: list[Char], edges: list[Edge], number: int, steps: Steps, columns: _Columns) -> list[Block]:
    found = [t for t in find_tables(edges, chars, steps) if max(map(len, t.rows), default=0) >= 2]
    boxes = [t.box for t in found]
    outside = _outside(chars, boxes) if boxes else chars
    items: list[tuple[float, int, str | Table]] = [(top, 1, text) for top, text in text_lines(outside)]
    items += [(t.box[1], 0, t) for t in found]
    items.sort(key=lambda item: (item[0], item[1]))
    blocks: list[Block] = []
    line_on_page = 0
    for _, _, item in items:
        if isinstance(item, str):
            line_on_page += 1
            blocks.append(TextBlock(close_cjk_gaps(item), Origin("pdf", page=number, line=line_on_page)))
            continue
        rows: list[tuple[SourceCell | None, ...]] = []
        first = line_on_page + 1
        for row in item.rows:
            line_on_page += 1
            origin = Origin("pdf", page=number, line=line_on_page)
            rows.append(tuple(None if t is None else SourceCell(close_cjk_gaps(t), origin) for t in row))
        width = max(len(r) for r in rows)
        grid = tuple((*r, *[None] * (width - len(r))) for r in rows)
        table = TableBlock(grid, Origin("pdf", page=number, line=first))
        columns[number, first] = [*item.columns, item.box[2]]
        blocks.append(table)
    return blocks


def _without_furniture(blocks: list[Block]) -> list[Block]:
    """The page without its printed page number (``- 3 -`` at the foot or head): page
    furniture of the PDF, not text of the report."""
    while blocks and _is_page_chrome(blocks[-1]):
        blocks = blocks[:-1]
    while blocks and _is_page_chrome(blocks[0]):
        blocks = blocks[1:]
    return blocks


def _outside(chars: list[Char], boxes: list[Box]) -> list[Char]:
    """The characters whose centre lies in none of the boxes."""
    kept = []
    for char in chars:
        _, x0, top, x1, bottom, _ = char
        x, y = (x0 + x1) / 2, (top + bottom) / 2
        for left, high, right, low in boxes:
            if left <= x <= right and high <= y <= low:
                break
        else:
            kept.append(char)
    return kept


# -- a table that runs on over a page break -----------------------------------------------------


def _join_across_break(before: list[Block], after: list[Block], columns: _Columns) -> None:
    """When page ``after`` opens with the continuation of the table that ends page ``before``,
    join the labels the break cut (in place). The two parts are one table when their grid
    columns stand at the same places, or (for a grid that does not say) are as many."""
    last = next((i for i in range(len(before) - 1, -1, -1) if not _is_page_chrome(before[i])), None)
    first = next((i for i, b in enumerate(after) if not _is_page_chrome(b)), None)
    if last is None or first is None:
        return
    top, bottom = before[last], after[first]
    if not isinstance(top, TableBlock) or not isinstance(bottom, TableBlock):
        return
    if not top.grid or not bottom.grid:
        return
    under = _under(columns.get(_place(top)), columns.get(_place(bottom)), top.width, bottom.width)
    if under is None:
        return
    upper, lower = _join_grids(top.grid, bottom.grid, under)
    before[last] = attrs.evolve(top, grid=upper)
    after[first] = attrs.evolve(bottom, grid=lower)


def _place(table: TableBlock) -> tuple[int | None, int | None]:
    return table.origin.page, table.origin.line


def _under(upper: list[float] | None, lower: list[float] | None, above: int, below: int) -> list[int] | None:
    """For each column of the lower part, the column of the upper part at its place (-1 where
    the upper part has none: a column whose cells all stand on one side of the break, as 1.属于
    国家秘密's under a label that spans it above); None when the parts are not one table: their
    right ends differ, or they share no column. ``upper`` and ``lower``: where the columns
    start, then where the table ends. A grid that does not say where its columns stand is one
    table with another as wide."""
    if upper is None or lower is None:
        return list(range(below)) if above == below else None
    if abs(upper[-1] - lower[-1]) > SNAP:
        return None
    starts = upper[:-1]
    under = [next((i for i, y in enumerate(starts) if abs(x - y) <= SNAP), -1) for x in lower[:-1]]
    return under if any(i >= 0 for i in under) else None


def _is_page_chrome(block: Block) -> bool:
    return isinstance(block, TextBlock) and (is_page_number(block.text) or not block.text.strip())


def _join_grids(upper: Grid, lower: Grid, under: list[int]) -> tuple[Grid, Grid]:
    """``under[col]``: the upper part's column for the lower part's column ``col`` (-1: none)."""
    up = [list(r) for r in upper]
    low = [list(r) for r in lower]
    head = low[0]
    texts = [(c.text.strip() if c is not None else "") for c in head]
    if any(text and under[col] < 0 for col, text in enumerate(texts)):
        return upper, lower
    has_values = any(t and is_value_like(t) for t in texts)
    own = [bool(t) and _starts_a_row(t) and not _rest_of(up, under[col], t) for col, t in enumerate(texts)]
    # The row's label ran over the break (its values stand on the page before), or its digits
    # did (123456 / 7): the first row after the break is the rest of the last row before it.
    if (has_values and _numbers_ran_over(up, texts, under)) or (not has_values and any(texts) and not any(own)):
        for col, text in enumerate(texts):
            if text and (cell := _starting_cell(up, under[col])) is not None:
                _append(up, cell, text)
        return _frozen(up), _frozen(low[1:])
    for col, text in enumerate(texts):
        if not text or is_value_like(text) or own[col]:
            continue
        labelled_right = any(t and not is_value_like(t) for t in texts[col + 1 :])
        cell = _starting_cell(up, under[col])
        if labelled_right and cell is not None:  # a group label cut in two: （四）无 / 法提供
            _append(up, cell, text)
            old = head[col]
            assert old is not None
            head[col] = attrs.evolve(old, text="")
    return _frozen(up), _frozen(low)


def _starts_a_row(text: str) -> bool:
    """Whether a cell's text is a label of its own, not the rest of one the break cut: it opens
    with an enumerator (``1.``, ``（三）``, ``四、``) or is a row label, header or column label of
    the national formats. A row whose cells are all blank stands after the break as a label and
    nothing else, as the tail of a cut label does; taken for a tail, it would be joined to the
    row before and its blank cells lost, and the reader would give that row's values to it."""
    return _ENUMERATED_RE.match(text) is not None or fold(text) in _label_forms()[0]


_ENUMERATED_RE = re.compile(ENUMERATOR)


def _numbers_ran_over(up: list[list[SourceCell | None]], texts: list[str], under: list[int]) -> bool:
    """Whether the first row after the break holds the rest of numbers of the last row before
    it: every number under a number, and every word the proven rest of the label above it
    (三、本 / 年度办理结果); a row with a label of its own is a row."""
    for col, text in enumerate(texts):
        if not text:
            continue
        if not is_value_like(text):
            if not _rest_of(up, under[col], text):
                return False
            continue
        above = up[-1][under[col]]
        if above is None or not above.text.strip() or not is_value_like(above.text):
            return False
    return True


def _rest_of(grid: list[list[SourceCell | None]], col: int, text: str) -> bool:
    """Whether ``text`` is the rest of the label above it: together they are a label of the
    national formats (行政 / 规范性文件, 第二十条第 / （五）项)."""
    cell = _starting_cell(grid, col)
    return cell is not None and fold(cell.text + text) in _label_forms()[1]


@functools.cache
def _label_forms() -> tuple[frozenset[str], frozenset[str]]:
    """The folded forms a cell after a break is a label of its own by, and every printed form
    of every row label and header of the national formats.

    The first leave out, for a label printed with an enumerator, the forms without one (the
    rest of ``二、上年结转政府信息公开申请数量`` after a break that cut off its ``二、`` is a
    tail), and the shorter headers."""
    own: set[str] = set()
    every: set[str] = set()
    for template in all_templates():
        for spec in template.tables.values():
            rows, heads = forms(spec)
            enumerated = {row.key for row in spec.rows if _ENUMERATED_RE.match(row.label)}
            own.update(form for form, key, _ in rows if key not in enumerated or _ENUMERATED_RE.match(form))
            own.update(head for head in heads if len(head) >= _HEAD_MIN)
            every.update(form for form, _, _ in rows)
            every.update(heads)
    return frozenset(own), frozenset(every)


# A header shorter than this (总计, 其他, 自然人) may as well be the rest of a cut label (3.其他).
_HEAD_MIN = 4


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
