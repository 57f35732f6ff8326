"""GL0 — input and extraction: what could not be read at all."""

from __future__ import annotations

from collections.abc import Iterator

from govlint.budget import clip
from govlint.engine.context import Context
from govlint.engine.registry import Rule, RuleMeta, register
from govlint.model import Document, Edit, Finding, Fix, Severity
from govlint.prose.damage import damaged_lines, lines_with_artifacts

_NOT_ASSESSABLE = ("unreadable", "crashed", "empty", "not-a-report")


@register
class UnreadableInput(Rule):
    """The file cannot be read as a report, so nothing else is checked.

    Reports a binary or undecodable file, a format govlint does not read, an empty file,
    text with no title, section heading or statutory table of an annual report, or a file over
    one of its budgets (time, memory, size, pages …; ``actual`` is ``over-budget:<name>``), or a
    file whose worker process died reading it (``actual`` is ``crashed``). The report is
    *not assessable*: no other rule runs on it. A PDF some of whose pages have no text layer
    (scanned pages) is reported as a warning, and the rest of it is checked.
    """

    meta = RuleMeta("GL001", "unreadable-input", Severity.ERROR)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        for note in document.notes:
            if note.code in _NOT_ASSESSABLE:
                actual = f"over-budget:{note.budget}" if note.budget else note.code
                yield ctx.finding(note.message, note.message_en, actual=actual)
            elif note.code == "unreadable-pages":  # the rest of the report is still checked
                yield ctx.finding(note.message, note.message_en, actual=note.code, severity=Severity.WARNING)


@register
class TableNotFound(Rule):
    """Section 二, 三 or 四 has no table that aligns with the template.

    The table may be missing, printed as an image, or too damaged to read. Rules that need the
    table report nothing for it rather than guess.
    """

    meta = RuleMeta("GL002", "table-not-found", Severity.ERROR)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        for note in document.notes:
            if note.code == "table-not-found" and note.table is not None:
                numeral = ctx.template.tables[note.table].numeral if ctx.template else None
                heading = document.section(numeral) if numeral else None
                line = heading.line if heading else None
                yield ctx.finding(note.message, note.message_en, line=line, section=numeral, table=note.table)


_DAMAGE_WORDS = {
    "document-number": ("文号", "document number"),
    "date": ("日期", "date"),
    "count": ("数量", "count"),
    "masked": ("被遮盖的文字", "masked text"),
    "undecodable": ("无法解码的字符", "undecodable characters"),
}


@register
class ExtractionDamage(Rule):
    """Characters were lost or scrambled when the report was converted or copied.

    Reports a document number whose brackets or year were lost (``国办发〔202112号``), a date
    whose 年/月 were lost (``2022126日``, ``自202111日起至1231日止``), a count whose number was
    lost (``共项内容``, ``信息  条``; not inside a table, where ``文  件`` is a spaced label),
    masked text (``***``) and undecodable characters (``�``). A file with a few bytes that do not
    decode (one flipped byte, a file cut inside a character) is still read: each such byte
    becomes ``�`` and is reported here at its line and column, on website lines too. One
    finding per line lists every damaged fragment on it. Nothing is guessed back: the
    original has to be consulted.
    """

    meta = RuleMeta("GL003", "extraction-damage", Severity.WARNING)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        tables = [(t.start_line, t.end_line) for t in document.tables.values()]
        chrome = {c.line for c in document.chrome}
        for number, found in damaged_lines(document.lines):
            # A spaced label in a table is not a lost count: 文  件
            in_table = any(a is not None and b is not None and a <= number <= b for a, b in tables)
            # Bytes that did not decode are the file's damage wherever they stand, website lines too.
            spans = [
                s
                for s in found
                if not (s.kind == "count" and in_table) and (s.kind == "undecodable" or number not in chrome)
            ]
            if not spans:
                continue
            kinds = list(dict.fromkeys(s.kind for s in spans))
            fragments = "、".join(f"“{clip(s.text)}”" for s in spans)
            what = "、".join(_DAMAGE_WORDS[k][0] for k in kinds)
            zh, en = ctx.place(number)
            yield ctx.finding(
                f"{zh}的{what}在转换中丢失了字符：{fragments}。请对照原件改正。",
                f"{en[:1].upper()}{en[1:]}: characters were lost in conversion in "
                f"{', '.join(_DAMAGE_WORDS[k][1] for k in kinds)}: {', '.join(clip(s.text) for s in spans)}. "
                "Check against the original.",
                line=number,
                column=spans[0].start + 1,
                actual=[s.text for s in spans],
            )


_ARTIFACT_WORDS = {
    "word-bookmark": ("Word 书签标记", "a Word bookmark marker"),
    "word-field": ("Word 域代码", "a Word field code"),
    "html-entity": ("HTML 实体", "an HTML entity"),
    "html-tag": ("HTML 标签", "an HTML tag"),
    "control-character": ("控制字符", "a control character"),
    "page-number": ("页码", "a page number"),
}


@register
class ConversionArtifact(Rule):
    """A leftover of the converter stands in the text.

    Word bookmarks (``[bookmark: _GoBack]``) and field codes, raw HTML entities (``&nbsp;``) and
    tags, control characters, and lines that are only a page number (``- 4 -``, ``第3页``),
    inside a table or between paragraphs; and a table a converter split into small tables
    under placeholder headers (``类别 | 数据1 | … | 数据6``), reported once per table. Deleting
    them loses nothing: the fix removes the fragment (a page-number line as a whole). A leftover
    on a line that holds a table cell or row label is reported without a fix: removing it would
    change how the table reads.
    """

    meta = RuleMeta("GL004", "conversion-artifact", Severity.INFO, fixable=True)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        cells: set[int | None] | None = None  # made when a leftover is found: most reports have none
        chrome = {c.line for c in document.chrome}  # the website's lines, not the report's
        for number, spans in lines_with_artifacts(document.lines):
            if number in chrome:
                continue
            if cells is None:
                # Lines that hold a table cell or row label: a fix there would change how the table
                # reads (a cell removed, or a text cell become blank), so they are reported, not fixed.
                cells = {c.line for t in document.tables.values() for c in t}
                cells |= {r.line for t in document.tables.values() for r in t.rows}
            # Where the line's words start and end, once per line: a long line with many
            # leftovers must not be copied once per leftover.
            line = document.lines[number - 1]
            words = (len(line) - len(line.lstrip(_BLANK)), len(line.rstrip(_BLANK)))
            for span in spans:
                zh, en = _ARTIFACT_WORDS[span.kind]
                shown = clip(span.text)
                shown = shown.encode("unicode_escape").decode() if span.kind == "control-character" else shown
                at, at_en = ctx.place(number)
                yield ctx.finding(
                    f"{at}有转换遗留的{zh}“{shown}”，应删除。",
                    f"{at_en[:1].upper()}{at_en[1:]} holds {en} left by the converter ({shown}); delete it.",
                    line=number,
                    column=span.start + 1,
                    actual=span.text,
                    fix=None
                    if number in cells
                    else _artifact_fix(ctx, en, number, words, span.start, span.text, span.kind),
                )
        for table in document.tables.values():
            for problem in table.problems:
                if problem.code == "converter-header":
                    yield ctx.finding(
                        f"表{table.numeral}被转换工具拆成小表，带有模板没有的占位表头（{problem.detail}）。",
                        f"Table {table.numeral} was split into small tables by a converter, with placeholder "
                        f"headers the template does not have ({problem.detail}).",
                        line=problem.line,
                        table=table.id,
                        actual=problem.detail,
                    )


_BLANK = " \t\u00a0\u3000"


def _artifact_fix(
    ctx: Context, what: str, number: int, words: tuple[int, int], start: int, text: str, kind: str
) -> Fix | None:
    """Delete the fragment; a line left empty (a page-number line) goes as a whole, but not
    another leftover alone on a line inside a table, where lines separate cells. ``words``:
    where the line's non-blank characters start and end."""
    if words[0] < start or words[1] > start + len(text):  # something else stands on the line
        return Fix(f"delete {what}", number, text, "", edits=(Edit(number, text, "", column=start + 1),))
    in_table = any(
        t.start_line is not None and t.end_line is not None and t.start_line <= number <= t.end_line
        for t in ctx.document.tables.values()
    )
    if in_table and kind != "page-number":
        return None
    return Fix(f"delete {what}", number, text, "", edits=ctx.delete_lines([number]))


_CHROME_WORDS = {
    "breadcrumb": "导航路径",
    "page-metadata": "网页信息栏",
    "page-tools": "网页按钮",
    "site-name": "网站名称",
    "footer": "网站页脚",
}


@register
class PageChrome(Rule):
    """Website chrome was copied with the report.

    Navigation, breadcrumbs (``首页>公开>…``), the page's 发布时间/来源 line, 打印/分享 buttons
    above the title, and the site footer (主办/承办, ICP and 公网安备 numbers, browser advice)
    below the report. One finding for the chrome above the report (before its first section
    heading, around the title) and one for the chrome below it; the document's ``body`` span
    says where the report itself starts and ends. The
    publication date in the page's metadata is still used by late-publication. An HTML page
    read directly is the original, not a copy: its chrome is the site's and is not reported.
    Fixable in text files (the lines are deleted), except a block that holds the page's
    发布时间 line: that date is evidence for late-publication.
    """

    meta = RuleMeta("GL005", "page-chrome", Severity.INFO, fixable=True)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        if not document.chrome or document.kind == "html":
            return  # an HTML page is the original: its chrome is the site's, not copied in
        end = document.body[1] if document.body else len(document.lines)
        header = [c for c in document.chrome if c.line <= end]
        footer = [c for c in document.chrome if c.line > end]
        for group, where, where_en in (
            (header, "报告正文之前", "above the report"),
            (footer, "报告正文之后", "below the report"),
        ):
            if not group:
                continue
            kinds = "、".join(dict.fromkeys(_CHROME_WORDS[c.kind] for c in group))
            lines = [c.line for c in group]
            at, at_en = ctx.places(lines)
            yield ctx.finding(
                f"{where}有网页内容（{kinds}），共{len(group)}行：{at}。它们不属于年度报告，应删除。",
                f"{len(group)} line(s) of website chrome {where_en} ({at_en}); they are not part of the report.",
                line=lines[0],
                actual=[c.text for c in group],
                fix=Fix(f"delete the website lines {where_en}", lines[0], group[0].text, "", ctx.delete_lines(lines))
                if document.kind == "text" and not any(c.kind == "page-metadata" for c in group)
                else None,  # the page's 发布时间 is late-publication's evidence: never deleted
            )
