"""What PDFium gives of one page: its characters with their boxes, and its ruling lines.

Coordinates are those a reader of the page sees: points from the left and from the top of the
displayed page (after its ``/Rotate``). A character's box runs from its baseline plus the font's
descent up one font size, so that characters of one printed line share a top whatever their
font (PDFium's own boxes follow each font's ascent, which differs between a Chinese and a Latin
font on the same line). Ruling lines are the horizontal and vertical pieces of the page's path
objects, the sides of rectangles included: a table's cell borders, however the program drew
them (lines, thin filled rectangles, frames).

Everything PDFium hands over is counted against :attr:`~govlint.budget.Budget.pdf_objects`,
so a page of a million tiny objects costs a bounded time before it is refused.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Iterator
from typing import Any, NamedTuple

import pypdfium2.raw as pdfium_c

from govlint.budget import Budget, OverBudget
from govlint.parse.pdftext import Char, Edge

_MAX_FORM_DEPTH = 8  # forms nest forms; real pages go one or two deep


Matrix = tuple[float, float, float, float, float, float]


class Counter:
    """Items taken from PDFium so far, against the budget for all pages together."""

    def __init__(self, budget: Budget) -> None:
        self.limit = budget.pdf_objects
        self.seen = 0

    def add(self, count: int) -> None:
        self.seen += count
        if self.seen > self.limit:
            raise OverBudget("pdf_objects", self.limit, self.seen)


class Page(NamedTuple):
    chars: list[Char]
    edges: list[Edge]


def read_page(page: Any, counter: Counter) -> Page:
    """The characters and ruling lines of a ``pypdfium2.PdfPage``."""
    display = _display_matrix(page)
    edges = list(_edges(page.raw, display, counter))
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage.raw, display, counter)
    finally:
        textpage.close()
    return Page(chars, edges)


def _display_matrix(page: Any) -> Matrix:
    """User space → (x, top) of the page as displayed, as pdfminer turns a rotated page."""
    left, bottom, right, top = _media_box(page.raw)
    rotation = pdfium_c.FPDFPage_GetRotation(page.raw) % 4
    if rotation == 1:  # shown turned 90° clockwise
        return (0.0, 1.0, 1.0, 0.0, -bottom, -left)
    if rotation == 2:
        return (-1.0, 0.0, 0.0, 1.0, right, -bottom)
    if rotation == 3:
        return (0.0, -1.0, -1.0, 0.0, top, right)
    return (1.0, 0.0, 0.0, -1.0, -left, top)


def _media_box(raw: Any) -> tuple[float, float, float, float]:
    box = [ctypes.c_float() for _ in range(4)]
    if not pdfium_c.FPDFPage_GetMediaBox(raw, *(ctypes.byref(v) for v in box)):
        return 0.0, 0.0, pdfium_c.FPDF_GetPageWidthF(raw), pdfium_c.FPDF_GetPageHeightF(raw)
    left, bottom, right, top = (v.value for v in box)
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _concat(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer``."""
    a, b, c, d, e, f = inner
    return (
        a * outer[0] + b * outer[2],
        a * outer[1] + b * outer[3],
        c * outer[0] + d * outer[2],
        c * outer[1] + d * outer[3],
        e * outer[0] + f * outer[2] + outer[4],
        e * outer[1] + f * outer[3] + outer[5],
    )


# -- characters ---------------------------------------------------------------------------------


class _Run(NamedTuple):
    """What the characters of one text object share."""

    font: Any
    font_size: float  # in text space
    matrix: tuple[float, float, float, float]
    descent: float  # per unit of font size, below the baseline (negative)


def _chars(textpage: Any, display: Matrix, counter: Counter) -> list[Char]:
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    counter.add(count)
    rect = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    width = ctypes.c_float()
    runs: dict[int | None, _Run] = {}
    advances: dict[tuple[int | None, int, float], float | None] = {}
    turned_page = display[1] != 0
    chars: list[Char] = []
    for index in range(count):
        if pdfium_c.FPDFText_IsGenerated(textpage, index):
            continue  # spaces and line ends PDFium inferred from the layout
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        pdfium_c.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(rect))
        text_object = pdfium_c.FPDFText_GetTextObject(textpage, index)
        key = ctypes.cast(text_object, ctypes.c_void_p).value
        run = runs.get(key)
        if run is None:
            run = runs[key] = _run(textpage, index, text_object)
        a, b, c, d = run.matrix
        upright = a * d > 0 and b * c <= 0
        if upright and b == 0:
            size = run.font_size * abs(d)
            pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
            low = y.value + run.descent * size
            # The glyph's advance, as pdfminer measures it: PDFium's loose box of a character
            # set alone on its line can run to the next character's origin, far to the right.
            glyph = (key, code, run.font_size)
            if glyph not in advances:
                ok = run.font and pdfium_c.FPDFFont_GetGlyphWidth(
                    run.font, code, ctypes.c_float(run.font_size), ctypes.byref(width)
                )
                advances[glyph] = abs(width.value * a) if ok else None
            advance = advances[glyph]
            right = rect.right if advance is None else rect.left + advance
            box = (rect.left, low, right, low + size)
        else:  # turned text: PDFium's box, already turned
            box = (rect.left, rect.bottom, rect.right, rect.top)
        chars.append(Char(_char_text(code), *_displayed(display, box), upright=upright != turned_page))
    return chars


def _run(textpage: Any, index: int, text_object: Any) -> _Run:
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
    font = pdfium_c.FPDFTextObj_GetFont(text_object) if text_object else None
    descent = ctypes.c_float()
    ok = font and pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), ctypes.byref(descent))
    return _Run(
        font,
        pdfium_c.FPDFText_GetFontSize(textpage, index),
        (matrix.a, matrix.b, matrix.c, matrix.d),
        descent.value if ok else 0.0,
    )


def _char_text(code: int) -> str:
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _displayed(display: Matrix, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    left, low, right, high = box
    xa, ya = _apply(display, left, low)
    xb, yb = _apply(display, right, high)
    return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


# -- ruling lines -------------------------------------------------------------------------------


def _edges(page: Any, display: Matrix, counter: Counter) -> Iterator[Edge]:
    yield from _object_edges(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, display, counter, 0)


def _object_edges(parent: Any, count_of: Any, get: Any, outer: Matrix, counter: Counter, depth: int) -> Iterator[Edge]:
    count = count_of(parent)
    counter.add(max(count, 0))
    matrix = pdfium_c.FS_MATRIX()
    box = [ctypes.c_float() for _ in range(4)]
    box_refs = [ctypes.byref(v) for v in box]
    path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    for index in range(count):
        obj = get(parent, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == path and depth == 0 and pdfium_c.FPDFPageObj_GetBounds(obj, *box_refs):
            if box[2].value - box[0].value < 1 and box[3].value - box[1].value < 1:
                continue  # no piece of it is long enough to be a ruling: a page of such dust is cheap
        elif kind != path and kind != form:
            continue
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
            continue
        own = _concat((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == path:
            yield from _path_edges(obj, own, counter)
        elif depth < _MAX_FORM_DEPTH:
            yield from _object_edges(
                obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, own, counter, depth + 1
            )


def _path_edges(path: Any, matrix: Matrix, counter: Counter) -> Iterator[Edge]:
    """The axis-parallel pieces of a painted path, one subpath at a time; a path that is one
    straight line counts as a ruling whatever its slope (as pdfminer's lines do)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if pdfium_c.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke)) and not (
        fill.value or stroke.value
    ):
        return  # a path that paints nothing
    count = pdfium_c.FPDFPath_CountSegments(path)
    counter.add(max(count, 0))
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = _apply(matrix, x.value, y.value)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and len(subpaths[-1]) > 1:
            subpaths[-1].append(subpaths[-1][0])
    for points in subpaths:
        if len(points) == 2:
            yield _line_edge(*points)
            continue
        for (xa, ya), (xb, yb) in itertools.pairwise(points):
            if xa == xb:
                yield Edge("v", xa, min(ya, yb), xa, max(ya, yb))
            elif ya == yb:
                yield Edge("h", min(xa, xb), ya, max(xa, xb), ya)


def _line_edge(a: tuple[float, float], b: tuple[float, float]) -> Edge:
    x0, x1 = min(a[0], b[0]), max(a[0], b[0])
    top, bottom = min(a[1], b[1]), max(a[1], b[1])
    return Edge("h" if top == bottom else "v", x0, top, x1 if top == bottom else x0, bottom)
