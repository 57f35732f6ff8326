"""Word documents (DOCX), read with python-docx: paragraphs, list numbering, merged cells.

The body is read in order: paragraphs (also inside content controls) and tables. Text is
what Word shows: deleted revisions, hidden runs (``w:vanish``), field instructions and the
fallback copy of text boxes are left out. Headings numbered by Word's list numbering
(``一、`` produced by ``numPr``, not typed) get their number written back, since that number
is what a reader sees. Merged cells are resolved from ``gridSpan`` (across), ``vMerge``
(down) and ``gridBefore`` (cells a row skips).

Safety: a DOCX is a ZIP archive. Before python-docx opens it, the archive's directory is
checked — member count, declared sizes and compression ratios — and a part that declares a
DTD is refused, so a ZIP bomb or an XML entity bomb is rejected before anything is inflated.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator

from lxml import etree

from govlint.budget import DEFAULT, OverBudget
from govlint.model import Origin
from govlint.parse.blocks import Block, SourceCell, TableBlock, TextBlock
from govlint.parse.errors import Unreadable
from govlint.prose.numbers import to_chinese

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = frozenset({f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", _MC_FALLBACK, f"{W}rPr", f"{W}pPr"})
_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "chineseCounting": to_chinese,
    "chineseCountingThousand": to_chinese,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "japaneseCounting": to_chinese,
    "taiwaneseCounting": to_chinese,
    "taiwaneseCountingThousand": to_chinese,
    "chineseLegalSimplified": lambda n: to_chinese(n, capital=True),
    "ideographLegalTraditional": lambda n: to_chinese(n, capital=True),
    "ideographDigital": lambda n: str(n).translate(str.maketrans("0123456789", "〇一二三四五六七八九")),
    "upperRoman": lambda n: _roman(n),
    "lowerRoman": lambda n: _roman(n).lower(),
}


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")):
        count, n = divmod(n, value)
        out += letters * count
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


# python-docx parses its parts without libxml2's XML_PARSE_HUGE, which stops at this depth: a
# document nested deeper is over the nesting budget whatever Budget.nesting says.
_DOCX_DEPTH = 256


def read_docx(data: bytes) -> list[Block]:
    """Blocks of a Word document's body; raises :class:`Unreadable`, or :class:`OverBudget`
    for an archive, a table or a list numbering over its budget."""
    _check_archive(data)
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on damaged packages
        if "Excessive depth" in str(error):  # libxml2 without XML_PARSE_HUGE, as python-docx parses
            raise OverBudget("nesting", _DOCX_DEPTH) from None
        raise Unreadable(
            "Word文档已损坏或不完整，无法读取。",
            f"The Word document is damaged or incomplete and cannot be read: {type(error).__name__}.",
        ) from None
    body = getattr(document.element, "body", None)  # None: no <w:body>; no attribute: another root
    if body is None:
        raise Unreadable(
            "Word文档中找不到正文（没有 WordprocessingML 的 w:body），无法读取。",
            "The Word document has no body to read (no WordprocessingML w:body; Strict Open XML is not read).",
        )
    reader = _Reader(_Numbering(document))
    reader.read(body)
    return reader.blocks


class _Reader:
    """Paragraphs and tables in order. A table of one column is a frame drawn around text
    (a title box, a whole report in a bordered cell): its paragraphs are read as text."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    def read(self, container: etree._Element) -> None:
        for element in _body_items(container):
            if element.tag == f"{W}p":
                self.paragraphs += 1
                text = self.numbering.label(element) + _text(element)
                if text.strip():
                    self.blocks.append(TextBlock(text, Origin("docx", paragraph=self.paragraphs)))
                continue
            self.tables += 1
            table = _table(element, self.tables)
            if table.grid and len(table.grid[0]) == 1:
                for tc in element.iter(f"{W}tc"):
                    if tc.getparent() is not None and _enclosing_table(tc) is element:
                        self.read(tc)
            else:
                self.blocks.append(table)


def _enclosing_table(tc: etree._Element) -> etree._Element | None:
    return next((a for a in tc.iterancestors(f"{W}tbl")), None)


def _check_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Unreadable(
            "Word文档已损坏（不是完整的ZIP包），无法读取。", "The Word document is not a valid ZIP package."
        ) from None
    # The directory's declared sizes are checked before anything is inflated (a ZIP bomb).
    if len(members) > DEFAULT.archive_members:
        raise OverBudget("archive_members", DEFAULT.archive_members, len(members))
    if (total := sum(m.file_size for m in members)) > DEFAULT.archive_inflated:
        raise OverBudget("archive_inflated", DEFAULT.archive_inflated, total)
    for m in members:
        if m.file_size > 2**20 and m.file_size > DEFAULT.archive_ratio * max(1, m.compress_size):
            raise OverBudget("archive_ratio", DEFAULT.archive_ratio, m.file_size // max(1, m.compress_size))
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            try:
                with archive.open(member) as part:
                    head = part.read(4096)
            except Exception:  # zlib.error, BadZipFile, EOFError …: any damage to the part
                raise Unreadable("Word文档已损坏，无法读取。", "The Word document is damaged.") from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise Unreadable(
                    "Word文档含有DTD/实体声明（正常的Word文档不会有），未读取。",
                    "The Word document declares a DTD or entities, which Word never writes; not read.",
                )


def _body_items(body: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of the body (or a cell) in order, also inside content controls."""
    yield from _children(body, (f"{W}p", f"{W}tbl"))


def _children(parent: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Children with one of ``tags``, looking through content controls (``w:sdt``)."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _children(content, tags)


def _text(paragraph: etree._Element) -> str:
    """What Word shows of a paragraph: runs' text, tabs as spaces, breaks as ``\\n``."""
    out: list[str] = []

    def walk(element: etree._Element, hidden: bool) -> None:
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag == f"{W}r":
            props = element.find(f"{W}rPr")
            vanish = props.find(f"{W}vanish") if props is not None else None
            hidden = vanish is not None and vanish.get(f"{W}val", "true") not in ("0", "false", "off")
        elif tag == f"{W}t" and not hidden:
            out.append(element.text or "")
        elif tag in (f"{W}tab", f"{W}ptab") and not hidden:
            out.append(" ")
        elif tag in (f"{W}br", f"{W}cr") and not hidden:
            out.append("\n")
        elif tag == f"{W}noBreakHyphen" and not hidden:
            out.append("-")
        for child in element:
            walk(child, hidden)

    walk(paragraph, False)
    return "".join(out)


def _table(table: etree._Element, number: int) -> TableBlock:
    """The table's grid; raises :class:`OverBudget` for a ``gridBefore`` or ``gridSpan`` over
    ``span`` (Word writes at most 63 columns) or a grid (rows × widest row) over ``grid_cells``."""
    grid: list[list[SourceCell | None]] = []
    trs = list(_children(table, (f"{W}tr",)))
    widest = 0
    for r, tr in enumerate(trs, 1):
        row: list[SourceCell | None] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        row += [None] * _grid_units(before, 0, len(trs), 0, widest)
        for c, tc in enumerate(_children(tr, (f"{W}tc",)), 1):
            width = _grid_units(tc.find(f"{W}tcPr/{W}gridSpan"), 1, len(trs), len(row), widest)
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            continued = merge is not None and merge.get(f"{W}val", "continue") != "restart"
            if continued:
                row += [None] * width
                continue
            text = "\n".join(_text(p) for p in tc.iter(f"{W}p"))
            row.append(SourceCell(text, Origin("docx", table=number, row=r, cell=c)))
            row += [None] * (width - 1)
        grid.append(row)
        widest = max(widest, len(row))
    width = max((len(r) for r in grid), default=0)
    rows = tuple(tuple(r + [None] * (width - len(r))) for r in grid)
    return TableBlock(rows, Origin("docx", table=number))


def _grid_units(element: etree._Element | None, default: int, rows: int, used: int, widest: int) -> int:
    """The grid columns a ``gridBefore`` or ``gridSpan`` takes, checked against the budget
    before any are laid out: the span itself, and the grid of ``rows`` rows it would widen
    (``used`` columns of this row so far, ``widest`` row before it)."""
    units = max(default, _int(element.get(f"{W}val") if element is not None else None, default))
    if units > DEFAULT.span:
        raise OverBudget("span", DEFAULT.span, units)
    if (cells := rows * max(widest, used + units)) > DEFAULT.grid_cells:
        raise OverBudget("grid_cells", DEFAULT.grid_cells, cells)
    return units


def _int(value: str | None, default: int) -> int:
    """An integer attribute; one of more digits than ``int()`` reads is as large as the
    budgets it is checked against need to see."""
    if value is None:
        return default
    digits = value.strip()
    if digits.lstrip("+-").isascii() and digits.lstrip("+-").isdigit() and len(digits) > 18:
        return -(10**18) if digits.startswith("-") else 10**18
    try:
        return int(digits)
    except ValueError:
        return default


class _Numbering:
    """Word's list numbering: the label (``一、``, ``（二）``, ``3.``) each numbered paragraph shows."""

    def __init__(self, document: object) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.abstract_of: dict[str, str] = {}  # numId -> abstractNumId: Word counts per abstract list
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        part = getattr(document, "part", None)
        try:
            numbering = part.numbering_part.element if part is not None else None
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            self._read(numbering)
        try:
            styles = document.styles.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            by_id = {st.get(f"{W}styleId", ""): st for st in styles.iterchildren(f"{W}style")}
            for style_id in by_id:
                if (found := _style_numbering(style_id, by_id)) is not None:
                    self.style_numbering[style_id] = found

    def _read(self, numbering: etree._Element) -> None:
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in numbering.iterchildren(f"{W}abstractNum"):
            levels = {}
            for lvl in a.iterchildren(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[_int(lvl.get(f"{W}ilvl"), 0)] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    _label_template(text.get(f"{W}val", "") if text is not None else ""),
                    _start(start.get(f"{W}val") if start is not None else None),
                )
            abstract[a.get(f"{W}abstractNumId", "")] = levels
        for num in numbering.iterchildren(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                num_id, abstract_id = num.get(f"{W}numId", ""), ref.get(f"{W}val", "")
                self.levels[num_id] = abstract.get(abstract_id, {})
                self.abstract_of[num_id] = abstract_id

    def label(self, paragraph: etree._Element) -> str:
        num = paragraph.find(f"{W}pPr/{W}numPr")
        found = _num_pr(num) if num is not None else None
        if found is None:
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            found = self.style_numbering.get(style.get(f"{W}val", "")) if style is not None else None
        if found is None:
            return ""
        num_id, level = found
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _ = levels[level]
        if fmt in ("bullet", "none"):
            return ""
        label = text
        for k in sorted(k for k in levels if 0 <= k <= level):  # the levels defined, not range(level)
            value = counters.get(k, levels[k][2])
            if abs(value) > DEFAULT.list_number:  # counted past the budget, one paragraph at a time
                raise OverBudget("list_number", DEFAULT.list_number, abs(value))
            label = label.replace(f"%{k + 1}", _FORMATS.get(levels[k][0], str)(value))
        return label


def _start(value: str | None) -> int:
    """A list level's ``w:start``: a counter starting past the budget would print numbers no
    report has (and Roman numerals or Chinese numbers of unbounded length)."""
    start = _int(value, 1)
    if abs(start) > DEFAULT.list_number:
        raise OverBudget("list_number", DEFAULT.list_number, abs(start))
    return start


def _label_template(text: str) -> str:
    """A list level's ``w:lvlText`` (``第%1章``), copied into every paragraph it numbers."""
    if len(text) > DEFAULT.list_label:
        raise OverBudget("list_label", DEFAULT.list_label, len(text))
    return text


def _style_numbering(style_id: str, styles: dict[str, etree._Element]) -> tuple[str, int] | None:
    """A paragraph style's list numbering, inherited through ``basedOn`` (at most 10 deep)."""
    for _ in range(10):
        style = styles.get(style_id)
        if style is None:
            return None
        num = style.find(f"{W}pPr/{W}numPr")
        if num is not None:
            return _num_pr(num)
        based = style.find(f"{W}basedOn")
        if based is None:
            return None
        style_id = based.get(f"{W}val", "")
    return None


def _num_pr(num: etree._Element) -> tuple[str, int] | None:
    num_id = num.find(f"{W}numId")
    level = num.find(f"{W}ilvl")
    value = num_id.get(f"{W}val") if num_id is not None else None
    if not value or value == "0":
        return None
    return value, _int(level.get(f"{W}val") if level is not None else None, 0)
