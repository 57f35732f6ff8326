"""HTML pages, read with lxml: the report found inside the page, tables with their spans.

Safety: lxml's HTML parser neither fetches (``no_network``) nor expands entity declarations,
scripts are dropped unread, and nothing refers outside the given text. Hidden elements
(``display:none``, ``hidden``) are not text a reader sees, so they are skipped too.

The report is found inside a whole web page by its structure: the smallest element holding
every section heading and statutory table, widened to take in the title above them. The
site's navigation, sidebars and footer stand outside it and are left out. The page's
publication date (the 发布时间 line by the article, or the ``PubDate`` meta tag that
government sites carry) is kept, for late-publication.

Locations are the file's line and column: of the cell's ``<td>`` for a table cell, of the
first characters of the text for a line of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs
from lxml import etree
from lxml import html as lxml_html

from govlint.budget import DEFAULT, OverBudget
from govlint.model import Origin
from govlint.parse.blocks import Block, SourceCell, TableBlock, TextBlock, flatten, resolve
from govlint.parse.errors import Unreadable
from govlint.parse.headings import find_section_headings
from govlint.parse.meta import REPORT_RE
from govlint.templates import all_templates, normalize

_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_ENTITY_RE = re.compile(r"<!ENTITY", re.I)
_ROOT_RE = re.compile(r"<(?:html|head|body)[\s>]", re.I)
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "head",
        "select",
        "option",
        "textarea",
        "input",
        "button",
        "map",
        "area",
        "audio",
        "video",
    ]
)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_NEWLINE_RUN_RE = re.compile(r"(?<![ \t\r\f])[ \t\r\f]*\n[ \t\r\f\n]*")  # from a run's start: linear
_SPACE_RUN_RE = re.compile(r"[ \t\r\f]+")
_CJK_CHAR_RE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]")
# The site's name after a title (标题_网站, 标题 - 网站); from a run's start, so linear.
_TITLE_SEPARATOR_RE = re.compile(r"(?<!\s)\s*[_|｜]\s*|(?<!\s)\s+-\s+")
_PUBLISHED_RE = re.compile(r"(?:发布时间|发布日期|发文日期|日期|时间)\s*[:：]\s*\d{4}")
_PUBDATE_META = ("pubdate", "publishdate", "firstpublishedtime", "publishtime", "dc.date")
_LOCATE_WINDOW = 40  # lines searched ahead for a piece of text
_TAG_LINES = 6  # a start tag wrapped over at most this many lines
# Header cells and block titles of the statutory tables, in comparison form.
_TABLE_WORDS = frozenset(
    normalize(text)
    for template in all_templates()
    for spec in template.tables.values()
    for text in (*spec.header, *(b.title for b in spec.blocks if b.title), *(c.label for c in spec.columns))
)


@attrs.frozen
class _Piece:
    block: Block
    element: etree._Element


def read_html(text: str) -> list[Block]:
    """Blocks of the report inside an HTML page; raises :class:`Unreadable`, or :class:`OverBudget`
    for a page nested too deep or a table too large."""
    prolog = text[: _prolog_end(text)]
    if _ENTITY_RE.search(prolog):
        raise Unreadable(
            "网页在DOCTYPE中声明了实体（<!ENTITY>），可能是“实体炸弹”或引用外部文件；正常网页不会这样做，未读取。",
            "The page declares entities in its DOCTYPE (<!ENTITY>): an entity bomb or a reference to outside "
            "files? Web pages never need them; not read.",
        )
    text = _XML_DECLARATION_RE.sub("", text, count=1)  # lxml refuses str with an encoding declaration
    # huge_tree lifts libxml2's nesting limit of 256, past which it silently drops the rest of
    # the page (a page so read looked empty); the nesting budget is checked on the tree instead.
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise Unreadable("无法解析HTML网页。", f"The HTML page cannot be parsed: {error}.") from None
    if (depth := _depth(root)) >= DEFAULT.nesting:
        raise OverBudget("nesting", DEFAULT.nesting, depth)
    walker = _Walker(_Source(text))
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    pieces = walker.pieces
    container = _report_container(pieces)
    kept = [p for p in pieces if container is None or _within(p.element, container)]
    head = [*_title(kept, root), *_publication(pieces, kept, root)]
    return [*head, *(p.block for p in kept)]


def _depth(root: etree._Element) -> int:
    """How deep elements nest under ``root``. Even with huge_tree, libxml2 stops nesting at
    2,048 and drops what is deeper, so ``nesting`` (2,000) must stay below that to be seen."""
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _prolog_end(text: str) -> int:
    """Where the document's prolog (XML declaration, DOCTYPE and its internal subset) ends."""
    m = _ROOT_RE.search(text)
    return m.start() if m else len(text)


# -- reading the page -----------------------------------------------------------------------------


class _Source:
    """The page's lines, to give each piece of text the line and column it stands at."""

    def __init__(self, text: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.lowered: dict[int, str] = {}
        self.cursor = (0, 0)  # 0-based line and column: text is found in document order

    def find(self, needle: str, from_line: int | None, *, ignore_case: bool = False) -> tuple[int, int | None]:
        """1-based line and column of ``needle`` at or after the cursor and ``from_line``."""
        line, column = self.cursor
        # lxml gives the line where a start tag *ends*; a tag wrapped over lines (Word does
        # this) starts a few lines before.
        if from_line is not None and from_line - 1 - _TAG_LINES > line:
            line, column = from_line - 1 - _TAG_LINES, 0
        if needle:
            for index in range(line, min(len(self.lines), line + _LOCATE_WINDOW)):
                haystack = self._lower(index) if ignore_case else self.lines[index]
                at = haystack.find(needle, column if index == line else 0)
                if at >= 0:
                    self.cursor = (index, at + len(needle))
                    return index + 1, at + 1
        return (from_line or line + 1), None

    def _lower(self, index: int) -> str:
        if index not in self.lowered:
            self.lowered[index] = self.lines[index].lower()
        return self.lowered[index]


def _needle(text: str) -> str:
    """The first characters of ``text`` as they are likely written in the source."""
    stripped = text.strip(" \u00a0\u3000\n")
    return re.split(r"[&<>\u00a0\u3000\s]", stripped, maxsplit=1)[0][:8]


def _collapse(text: str) -> str:
    """HTML white space: a line break inside Chinese text vanishes, other runs are one space."""

    def newline(m: re.Match[str]) -> str:
        before = m.string[m.start() - 1] if m.start() else ""
        after = m.string[m.end()] if m.end() < len(m.string) else ""
        return "" if _CJK_CHAR_RE.match(before) and _CJK_CHAR_RE.match(after) else " "

    return _SPACE_RUN_RE.sub(" ", _NEWLINE_RUN_RE.sub(newline, text))


def _hidden(element: etree._Element) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE_RE.search(element.get("style") or ""))


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _tag(element: etree._Element) -> str | None:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else None


class _Walker:
    def __init__(self, source: _Source) -> None:
        self.source = source
        self.pieces: list[_Piece] = []
        self.parts: list[str] = []
        self.owner: etree._Element | None = None
        self.origin: Origin | None = None

    def text(self, text: str | None, element: etree._Element, owner: etree._Element) -> None:
        if not text:
            return
        if not self.parts and text.strip(" \t\r\n\f"):
            line, column = self.source.find(_needle(text), _line(element))
            self.origin = Origin("html", line=line, column=column)
            self.owner = owner
        if self.parts or text.strip(" \t\r\n\f"):
            self.parts.append(text)

    def flush(self) -> None:
        text = _collapse("".join(self.parts)).strip(" ")
        if text.strip() and self.origin is not None and self.owner is not None:
            self.pieces.append(_Piece(TextBlock(text, self.origin), self.owner))
        self.parts, self.origin, self.owner = [], None, None

    def walk(self, root: etree._Element) -> None:
        # A stack, not recursion: a page may nest elements deeper than Python recurses.
        stack: list[tuple[etree._Element, etree._Element | None, etree._Element | None]] = [(root, None, None)]
        while stack:
            element, owner, outer = stack.pop()
            if outer is not None:  # leaving the element: its block ends, its tail follows
                if owner is element:
                    self.flush()
                self.text(element.tail, element, outer)
                continue
            outer = owner if owner is not None else element.getparent()
            if outer is None:
                outer = element
            tag = _tag(element)
            if tag is None or tag in _SKIP or _hidden(element):
                self.text(element.tail, element, outer)
                continue
            if tag in _BLOCK:
                self.flush()
                owner = element
            assert owner is not None
            stack.append((element, owner, outer))
            if tag == "table" and element.find(".//table") is None and (table := self.table(element)).width > 1:
                self.pieces.append(_Piece(table, element))
            elif tag == "br":
                self.flush()
            else:
                self.text(element.text, element, owner)
                stack.extend((child, owner, None) for child in reversed(element))

    def table(self, table: etree._Element) -> TableBlock:
        trs = list(_rows(table))
        _check_grid(trs)
        rows: list[list[SourceCell]] = []
        for tr in trs:
            cells = []
            for td in tr:
                if _tag(td) not in ("td", "th") or _hidden(td):
                    continue
                line, column = self.source.find(f"<{_tag(td)}", _line(td), ignore_case=True)
                cells.append(
                    SourceCell(
                        _cell_text(td),
                        Origin("html", line=line, column=column),
                        rowspan=_span(td.get("rowspan")),
                        colspan=_span(td.get("colspan")),
                    )
                )
            rows.append(cells)
        grid = resolve(rows)  # raises OverBudget: a table too large to lay out is no report's
        line, column = self.source.find("", _line(table))
        return TableBlock(grid, Origin("html", line=_line(table) or line, column=column))


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if _tag(tr) == "tr")


def _check_grid(trs: list[etree._Element]) -> None:
    """Raise :class:`OverBudget` before any cell is read when the rows and their column spans
    alone make the grid too large (:func:`resolve` checks again, row spans counted)."""
    spans = ([min(_span(td.get("colspan")), DEFAULT.span) for td in tr if _tag(td) in ("td", "th")] for tr in trs)
    widest = max((sum(row) for row in spans), default=0)
    if len(trs) * widest > DEFAULT.grid_cells:
        raise OverBudget("grid_cells", DEFAULT.grid_cells, len(trs) * widest)


def _span(value: str | None) -> int:
    digits = str(value).strip()
    if digits.isascii() and digits.isdigit() and len(digits) > 9:
        return 10**9  # a span of more digits than int() reads is as over budget as this
    try:
        return max(1, int(digits))
    except ValueError:
        return 1


def _cell_text(td: etree._Element) -> str:
    """A cell's text, ``\\n`` where the cell breaks its lines (``<br>``, ``<p>``)."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(td, False)]  # (element, leaving it)
    while stack:
        element, leaving = stack.pop()
        tag = _tag(element)
        if leaving:
            if tag in _BLOCK and element is not td:
                parts.append("\n")
            if element is not td:
                parts.append(element.tail or "")
            continue
        if tag is None or tag in _SKIP or _hidden(element):
            parts.append(element.tail or "")
            continue
        if tag == "br" or (tag in _BLOCK and element is not td):
            parts.append("\n")
        parts.append(element.text or "")
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    return "\n".join(_collapse(line).strip(" ") for line in "".join(parts).split("\n"))


# -- the report inside the page -------------------------------------------------------------------


def _report_container(pieces: Sequence[_Piece]) -> etree._Element | None:
    """The smallest element holding every section heading and data table, and the title."""
    sections = all_templates()[-1].sections
    anchors: list[int] = []
    for index, piece in enumerate(pieces):
        block = piece.block
        if isinstance(block, TableBlock):
            if _statutory(block):
                anchors.append(index)
        elif find_section_headings([block.text], sections):
            anchors.append(index)
    if not anchors:
        return None
    container = _common_ancestor([pieces[i].element for i in anchors])
    title = next(
        (
            p
            for p in reversed(pieces[: anchors[0]])
            if isinstance(p.block, TextBlock) and len(p.block.text) <= 80 and REPORT_RE.search(p.block.text)
        ),
        None,
    )
    if title is not None:
        container = _common_ancestor([container, title.element])
    return container


def _statutory(table: TableBlock) -> bool:
    """A table that prints headers of table 二, 三 or 四 (not a list of related links)."""
    texts = {normalize(flatten(c.text)) for row in table.grid for c in row if c is not None}
    return len(texts & _TABLE_WORDS) >= 2


def _common_ancestor(elements: Sequence[etree._Element]) -> etree._Element:
    chains = [list(reversed([e, *e.iterancestors()])) for e in elements]
    common = chains[0][0]
    for level in zip(*chains, strict=False):
        if all(e is level[0] for e in level):
            common = level[0]
        else:
            break
    return common


def _within(element: etree._Element, container: etree._Element) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


def _title(kept: Sequence[_Piece], root: etree._Element) -> list[Block]:
    """The page's title (``ArticleTitle`` meta tag, else ``<title>`` without the site's name)
    when the report part prints none."""
    if any(isinstance(p.block, TextBlock) and REPORT_RE.search(p.block.text) for p in kept[:12]):
        return []
    metas = [m for m in root.iter("meta") if (m.get("name") or "").lower() == "articletitle"]
    candidates = [(m.get("content") or "", m) for m in metas]
    candidates += [("".join(str(piece) for piece in t.itertext()), t) for t in root.iter("title")]
    for text, element in candidates:
        text = _TITLE_SEPARATOR_RE.split(_collapse(text).strip())[0]
        if REPORT_RE.search(text) and len(text) <= 80:
            return [TextBlock(text, Origin("html", line=_line(element)))]
    return []


def _publication(pieces: Sequence[_Piece], kept: Sequence[_Piece], root: etree._Element) -> list[Block]:
    """The page's publication-date line when the report part does not hold one."""
    if any(isinstance(p.block, TextBlock) and _PUBLISHED_RE.search(p.block.text) for p in kept):
        return []
    first = pieces.index(kept[0]) if kept else len(pieces)
    for piece in reversed(pieces[:first]):
        if (
            isinstance(piece.block, TextBlock)
            and len(piece.block.text) <= 120
            and _PUBLISHED_RE.search(piece.block.text)
        ):
            return [piece.block]
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name in _PUBDATE_META and re.match(r"\d{4}", content):
            return [TextBlock(f"发布时间：{content}", Origin("html", line=_line(meta)))]
    return []
