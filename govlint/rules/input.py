"""GL0 — input and extraction: what could not be read at all."""

from __future__ import annotations

from collections.abc import Iterator

from govlint.engine.context import Context
from govlint.engine.registry import Rule, RuleMeta, register
from govlint.model import Document, Finding, Severity

_NOT_ASSESSABLE = ("unreadable", "empty", "not-a-report")


@register
class UnreadableInput(Rule):
    """The file cannot be read as a report, so nothing else is checked.

    Reports a binary or undecodable file, a format govlint does not read yet, an empty file, or
    text with no title, section heading or statutory table of an annual report. The report is
    *not assessable*: no other rule runs on it.
    """

    meta = RuleMeta("GL001", "unreadable-input", Severity.ERROR)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        for note in document.notes:
            if note.code in _NOT_ASSESSABLE:
                yield ctx.finding(note.message, note.message_en, actual=note.code)


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
