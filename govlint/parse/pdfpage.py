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
from typing import Any, NamedTuple

import pypdfium2.raw as pdfium_c
from pypdfium2 import PdfiumError

from govlint.budget import Budget, OverBudget
from govlint.parse.pdftext import Char, Edge, build

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
    """The characters and ruling lines of a page (PDFium's ``FPDF_PAGE``; pypdfium2's page
    helpers, each a finalizer to register and a kid to track, cost more than the calls)."""
    display = _display_matrix(page)
    edges = _edges(page, display, counter)
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        raise PdfiumError("Failed to load text page.")  # as pypdfium2's PdfPage.get_textpage
    try:
        chars = _chars(textpage, display, counter)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    return Page(chars, edges)


def _display_matrix(page: Any) -> Matrix:
    """User space → (x, top) of the page as displayed, as pdfminer turns a rotated page."""
    left, bottom, right, top = _media_box(page)
    rotation = pdfium_c.FPDFPage_GetRotation(page) % 4
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


# -- PDFium, called with plain addresses or bare ------------------------------------------------


def _plain(function: Any, restype: Any, *argtypes: Any) -> Any:
    """``function`` of pypdfium2's PDFium, taking and returning handles as plain addresses.

    pypdfium2 types each handle as a pointer object; turning one into a cache key costs a
    ``ctypes.cast`` per character, and converting typed arguments costs more than the call.
    The same symbol of the same library, prototyped with ``c_void_p``, takes ints. Like a
    quick :func:`_bare` function, it keeps the GIL (what it is used for returns at once)."""
    return ctypes.PYFUNCTYPE(restype, *argtypes)(_address(function))


def _bare(function: Any, restype: Any, *, quick: bool = True) -> Any:
    """``function`` prototyped without argument types, for the calls made per character and
    per path segment: ctypes then passes each argument as what it is (a ``c_void_p`` or a
    ``byref`` as a pointer, a Python int as a C int) instead of converting it, about half the
    cost of a typed call. So every handle passed to one must be a ctypes object (a
    :class:`_Handle`, a ``c_void_p`` or a :func:`_by_reference`), never a plain int, which
    would be cut to a C int.

    A ``quick`` getter returns at once (it reads what PDFium parsed when it loaded the page or
    its text), so the call keeps the GIL (``PYFUNCTYPE``): releasing and taking it again costs
    about a fifth of such a call. One that may parse more (a glyph of a Type3 font is parsed
    when its width is first asked, which a hostile file can make take seconds) releases it, as
    PDFium's parsing (loading a page or its text, through pypdfium2) does, so that the other
    threads of the calling program go on meanwhile."""
    return (ctypes.PYFUNCTYPE if quick else ctypes.CFUNCTYPE)(restype)(_address(function))


def _by_reference(handle: Any) -> Any:
    """A handle of pypdfium2's (a pointer to PDFium's opaque object), ready to be passed to a
    :func:`_bare` function many times: a reference to the object it points to is passed as
    its address, as a ``c_void_p`` is, but ctypes takes a reference as it stands, where it
    converts a ``c_void_p`` anew at every call (about a seventh of the cost of such a call)."""
    return ctypes.byref(handle.contents)


class _Handle(ctypes.c_void_p):
    """A handle as PDFium returned it, kept a ctypes object (ctypes turns a plain ``c_void_p``
    result into an int, not a subclass of it), to be passed on to a :func:`_bare` function."""


def _address(pointer: Any) -> int:
    """The address a ctypes pointer or function holds (0 for NULL)."""
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


# _H a handle as an int, _P where PDFium writes a result; the ``_bare`` ones take handles as
# ctypes objects (a page or a text page as a _by_reference; objects and segments as the _Handle
# they came as)
_H, _I, _F, _D, _P = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double, ctypes.c_void_p
_is_generated = _bare(pdfium_c.FPDFText_IsGenerated, _I)  # (text page, index)
_unicode = _bare(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)  # (text page, index)
_loose_box = _bare(pdfium_c.FPDFText_GetLooseCharBox, _I)  # (text page, index, FS_RECTF)
_text_object = _bare(pdfium_c.FPDFText_GetTextObject, _H)  # (text page, index): an int
_origin = _bare(pdfium_c.FPDFText_GetCharOrigin, _I)  # (text page, index, double x, double y)
_char_matrix = _bare(pdfium_c.FPDFText_GetMatrix, _I)  # (text page, index, FS_MATRIX)
_font_size = _bare(pdfium_c.FPDFText_GetFontSize, _D)  # (text page, index)
_font = _plain(pdfium_c.FPDFTextObj_GetFont, _H, _H)
_descent = _plain(pdfium_c.FPDFFont_GetDescent, _I, _H, _F, _P)
# (font, code as uint32, c_float size, float width); asked once per code and style
_glyph_width = _bare(pdfium_c.FPDFFont_GetGlyphWidth, _I, quick=False)
_count_objects = _bare(pdfium_c.FPDFPage_CountObjects, _I)  # (page)
_page_object = _bare(pdfium_c.FPDFPage_GetObject, _Handle)  # (page, index)
_count_form_objects = _bare(pdfium_c.FPDFFormObj_CountObjects, _I)  # (form)
_form_object = _plain(pdfium_c.FPDFFormObj_GetObject, _Handle, _H, ctypes.c_ulong)
_object_type = _bare(pdfium_c.FPDFPageObj_GetType, _I)  # (object)
_bounds = _bare(pdfium_c.FPDFPageObj_GetBounds, _I)  # (object, float left, bottom, right, top)
_object_matrix = _bare(pdfium_c.FPDFPageObj_GetMatrix, _I)  # (object, FS_MATRIX)
_draw_mode = _bare(pdfium_c.FPDFPath_GetDrawMode, _I)  # (path, int fill, int stroke)
_count_segments = _bare(pdfium_c.FPDFPath_CountSegments, _I)  # (path)
_segment = _bare(pdfium_c.FPDFPath_GetPathSegment, _Handle)  # (path, index)
_point = _bare(pdfium_c.FPDFPathSegment_GetPoint, _I)  # (segment, float x, float y)
_segment_type = _bare(pdfium_c.FPDFPathSegment_GetType, _I)  # (segment)
_closes = _bare(pdfium_c.FPDFPathSegment_GetClose, _I)  # (segment)


# -- characters ---------------------------------------------------------------------------------


class _Run:
    """What the characters of one style share: one font at one size under one matrix. A page
    often sets every character as its own text object, but in a handful of styles, so what
    depends on the style is worked out once per style, not per text object."""

    __slots__ = ("advances", "drop", "font", "glyph_font", "glyph_size", "scale", "size", "upright")

    def __init__(self, font: int | None, font_size: float, a: float, upright: bool, size: float | None, drop: float):
        self.font = font
        # the font and its size in text space as a bare call takes them (a code passes as a
        # plain int: the same 32 bits as the uint32 PDFium takes)
        self.glyph_font, self.glyph_size = ctypes.c_void_p(font), ctypes.c_float(font_size)
        self.scale = a  # the text matrix's horizontal scale, which scales glyph advances
        self.upright = upright  # as the page is displayed
        self.size = size  # on the page: the height of an upright character's box; None if slanted or turned
        self.drop = drop  # from the baseline to the box's bottom (negative)
        # the glyph advance of each character code (None if PDFium has none), as pdfminer
        # measures a character's width: PDFium's loose box of a character set alone on its
        # line can run to the next character's origin, far to the right
        self.advances: dict[int, float | None] = {}


_Style = tuple[int | None, float, bytes | None]  # font, font size, the bytes of the matrix's a, b, c, d


class _Runs:
    """The run of each text object of a page (PDFium's handles), by style; with the
    out-parameters every call reuses (an address for a typed call, a ``byref`` for a bare one).
    :func:`_chars` looks a text object's style up itself: it does so for every character when
    each stands in its own object."""

    def __init__(self, turned_page: bool) -> None:
        self.turned_page = turned_page
        self.by_object: dict[int | None, _Run] = {}
        # by font, font size and the bytes of the character matrix's a, b, c, d: bytes are
        # cheaper to take from ctypes than four floats; two keys for one style (0.0 and -0.0)
        # only make two equal runs
        self.by_style: dict[_Style, _Run] = {}
        self.descents: dict[int | None, float] = {}
        self.out, self.matrix = ctypes.c_float(), (ctypes.c_float * 6)()
        self.out_at, self.matrix_ref = ctypes.addressof(self.out), ctypes.byref(self.matrix)
        self.out_ref = ctypes.byref(self.out)

    def new(self, style: _Style, found: bool) -> _Run:
        """The run of a style not met before on the page, whose character matrix PDFium just
        wrote into ``self.matrix`` (if ``found``)."""
        font, font_size, _ = style
        a, b, c, d = self.matrix[:4] if found else (0.0,) * 4
        run = self.by_style[style] = self._run(font, font_size, a, b, c, d)
        return run

    def _run(self, font: int | None, font_size: float, a: float, b: float, c: float, d: float) -> _Run:
        upright = a * d > 0 and b * c <= 0
        shown_upright = upright != self.turned_page
        if not (upright and b == 0):
            return _Run(font, font_size, a, shown_upright, None, 0.0)
        size = font_size * abs(d)
        return _Run(font, font_size, a, shown_upright, size, self.descent(font) * size)

    def descent(self, font: int | None) -> float:
        """Below the baseline per unit of font size (negative)."""
        if font not in self.descents:
            ok = font and _descent(font, 1.0, self.out_at)
            self.descents[font] = self.out.value if ok else 0.0
        return self.descents[font]


def _chars(textpage: Any, display: Matrix, counter: Counter) -> list[Char]:
    page = _by_reference(textpage)
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    counter.add(count)
    rect, x, y = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    rect_ref, x_ref, y_ref = ctypes.byref(rect), ctypes.byref(x), ctypes.byref(y)
    runs = _Runs(display[1] != 0)
    by_object, out, out_ref = runs.by_object, runs.out, runs.out_ref
    da, db, dc, dd, de, df = display
    # the loop below runs for every character: what it calls, bound to local names once
    is_generated, unicode, loose_box, text_object, origin = _is_generated, _unicode, _loose_box, _text_object, _origin
    glyph_width, char_matrix, font_of, size_of = _glyph_width, _char_matrix, _font, _font_size
    by_style, matrix, matrix_ref = runs.by_style, runs.matrix, runs.matrix_ref
    chars: list[Char] = []
    append = chars.append
    last_key: int | None = -1  # never a handle
    run = _Run(None, 0.0, 0.0, True, None, 0.0)  # replaced at the first character (no key is -1)
    for index in range(count):
        if is_generated(page, index):
            continue  # spaces and line ends PDFium inferred from the layout
        code = unicode(page, index)
        loose_box(page, index, rect_ref)
        key = text_object(page, index)
        if key != last_key:  # the characters of one object stand together
            last_key = key
            if key in by_object:
                run = by_object[key]
            else:  # a new object, often one per character, in one of a few styles
                found = char_matrix(page, index, matrix_ref)
                style = (font_of(key) if key else None, size_of(page, index), bytes(matrix)[:16] if found else None)
                run = by_object[key] = by_style.get(style) or runs.new(style, found)
        size = run.size
        if size is not None:  # upright, not slanted
            origin(page, index, x_ref, y_ref)
            low = y.value + run.drop
            advances = run.advances
            if code in advances:
                advance = advances[code]
            else:  # the glyph's advance, as pdfminer measures it (see _Run.advances)
                measured = run.font and glyph_width(run.glyph_font, code, run.glyph_size, out_ref)
                advance = advances[code] = abs(out.value * run.scale) if measured else None
            left = rect.left
            right = rect.right if advance is None else left + advance
            high = low + size
        else:  # turned text: PDFium's box, already turned
            left, low, right, high = rect.left, rect.bottom, rect.right, rect.top
        # both corners as displayed, and which is the smaller (min() and max(), without the calls:
        # this runs for every character)
        xa, ya = da * left + dc * low + de, db * left + dd * low + df
        xb, yb = da * right + dc * high + de, db * right + dd * high + df
        append(
            build(
                Char,
                (
                    chr(code) if 0 < code < 0xD800 else _char_text(code),
                    xb if xb < xa else xa,
                    yb if yb < ya else ya,
                    xb if xb > xa else xa,
                    yb if yb > ya else ya,
                    run.upright,
                ),
            )
        )
    return chars


def _char_text(code: int) -> str:
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else "\ufffd"


# -- ruling lines -------------------------------------------------------------------------------


class _Out:
    """Where PDFium writes the numbers of a page's drawing objects: made once per page."""

    def __init__(self) -> None:
        self.matrix = pdfium_c.FS_MATRIX()
        self.box = (ctypes.c_float * 4)()  # left, bottom, right, top
        self.modes = (ctypes.c_int * 2)()  # fill, stroke
        self.point = (ctypes.c_float * 2)()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.box_refs = tuple(ctypes.byref(self.box, 4 * i) for i in range(4))
        self.modes_refs = (ctypes.byref(self.modes), ctypes.byref(self.modes, 4))
        self.point_refs = (ctypes.byref(self.point), ctypes.byref(self.point, 4))


def _edges(page: Any, display: Matrix, counter: Counter) -> list[Edge]:
    edges: list[Edge] = []
    _object_edges(_by_reference(page), _count_objects, _page_object, display, counter, 0, edges, _Out())
    return edges


def _object_edges(
    parent: Any,
    count_of: Any,
    get: Any,
    outer: Matrix,
    counter: Counter,
    depth: int,
    edges: list[Edge],
    out: _Out,
) -> None:
    count = count_of(parent)
    counter.add(max(count, 0))
    matrix, box = out.matrix, out.box
    path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    for index in range(count):
        obj = get(parent, index)
        kind = _object_type(obj)
        if kind == path and depth == 0 and _bounds(obj, *out.box_refs):
            if box[2] - box[0] < 1 and box[3] - box[1] < 1:
                continue  # no piece of it is long enough to be a ruling: a page of such dust is cheap
        elif kind != path and kind != form:
            continue
        if not _object_matrix(obj, out.matrix_ref):
            continue
        own = _concat((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == path:
            edges += _path_edges(obj, own, counter, out)
        elif depth < _MAX_FORM_DEPTH:
            _object_edges(obj, _count_form_objects, _form_object, own, counter, depth + 1, edges, out)


def _path_edges(path: _Handle, matrix: Matrix, counter: Counter, out: _Out) -> list[Edge]:
    """The axis-parallel pieces of a painted path, one subpath at a time; a path that is one
    straight line counts as a ruling whatever its slope (as pdfminer's lines do)."""
    if _draw_mode(path, *out.modes_refs) and not (out.modes[0] or out.modes[1]):
        return []  # a path that paints nothing
    count = _count_segments(path)
    counter.add(max(count, 0))
    xy, xy_refs = out.point, out.point_refs
    ma, mb, mc, md, me, mf = matrix
    moveto = pdfium_c.FPDF_SEGMENT_MOVETO
    subpaths: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for index in range(count):
        segment = _segment(path, index)
        if not _point(segment, *xy_refs):
            continue
        x, y = xy
        point = (ma * x + mc * y + me, mb * x + md * y + mf)  # in page space
        if not subpaths or _segment_type(segment) == moveto:  # a path's first point starts it, whatever its type
            current = [point]
            subpaths.append(current)
        else:
            current.append(point)
        if len(current) > 1 and _closes(segment):
            current.append(current[0])
    edges: list[Edge] = []
    for points in subpaths:
        if len(points) == 2:
            edges.append(_line_edge(*points))
            continue
        # min() and max() written out (b if b < a else a is what min(a, b) returns, -0.0 and
        # NaN included): four sides of each of hundreds of rectangles a page
        for (xa, ya), (xb, yb) in itertools.pairwise(points):
            if xa == xb:
                edges.append(build(Edge, ("v", xa, yb if yb < ya else ya, xa, yb if yb > ya else ya)))
            elif ya == yb:
                edges.append(build(Edge, ("h", xb if xb < xa else xa, ya, xb if xb > xa else xa, ya)))
    return edges


def _line_edge(a: tuple[float, float], b: tuple[float, float]) -> Edge:
    x0, x1 = min(a[0], b[0]), max(a[0], b[0])
    top, bottom = min(a[1], b[1]), max(a[1], b[1])
    return Edge("h" if top == bottom else "v", x0, top, x1 if top == bottom else x0, bottom)
