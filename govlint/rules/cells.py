"""GL2 — template and cells: the right format, every row and cell present and well formed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

from govlint.engine.context import Context
from govlint.engine.registry import Rule, RuleMeta, register
from govlint.model import Cell, CellState, Document, Edit, Finding, Fix, Severity, Table
from govlint.model.table import plain_number
from govlint.rules.arithmetic import identity_verdicts
from govlint.rules.identities import Rounds
from govlint.schemas import failures_of
from govlint.templates import unwrap

_EMPTY = (CellState.BLANK, CellState.DASH)
# problems that leave a row unread
_UNREAD_ROW = ("short-row", "ambiguous-split", "too-many-cells", "split-row", "unordered-row", "detached-row")
# Why a row is unread, where its detail alone does not say.
_UNREAD_WHY: dict[str, tuple[str, str]] = {
    "split-row": ("；其数字分在几行，各属哪一格无法确定", "; its numbers stand on several lines"),
    "unordered-row": (
        "；由PDF转换的文本未保留表格版面（如未加 -layout 的 pdftotext），数字的先后无法证明属于本行，请检查PDF原件",
        "; text converted from a PDF without its layout (pdftotext without -layout) does not prove "
        "these numbers are this row's: check the PDF itself",
    ),
    "detached-row": (
        "；其数字单独成行：由PDF逐行转换的文本中，一行的数字可能印在行名的上方或下方，"
        "这些数字属于本行还是相邻的行无法确定，请检查原件",
        "; its numbers stand on a line of their own: text converted from a PDF line by line may print "
        "a row's numbers above or below its label, so whether they are this row's or a neighbour's "
        "is unknown: check the original",
    ),
}
# A format in use for its own years; a report more than one signal away is "mixed".
_MIXED_MIN = 2


@register
class TemplateVersion(Rule):
    """The table format does not match the report year, or mixes both formats.

    The 2019 trial format applies to the 2019 and 2020 reports; the 2021 format
    (国办公开办函〔2021〕30号) to 2021 onward. A 2021+ report in the old format, a pre-2021
    report in a format that did not yet exist, or tables of both formats in one report are
    reported.
    """

    meta = RuleMeta("GL201", "template-version", Severity.ERROR)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        if document.template is None:
            return
        signals = {v: [e for e in document.template_evidence if e.value == v] for v in ("2019", "2021")}
        other = "2019" if document.template == "2021" else "2021"
        if len(signals[other]) >= _MIXED_MIN:
            line = signals[other][0].line
            zh, en = ctx.place(line)
            yield ctx.finding(
                f"表格混用了{document.template}年版和{other}年版格式（如{zh}）。",
                f"The tables mix the {document.template} and {other} formats (e.g. {en}).",
                line=line,
                expected=document.template,
                actual=[e.source.removeprefix("signal:") for e in signals[other]],
            )
        year = document.year
        if year is None:
            return
        expected = "2021" if year >= 2021 else "2019"
        if document.template != expected:
            line = signals[document.template][0].line if signals[document.template] else None
            yield ctx.finding(
                f"{year}年度报告应使用{expected}年版格式，实际使用的是{document.template}年版格式。",
                f"A {year} report should use the {expected} format; it uses the {document.template} format.",
                line=line,
                section="二",
                expected=expected,
                actual=document.template,
            )


@register
class MissingRow(Rule):
    """A template row is absent from a table (e.g. no 规章 row in table 二)."""

    meta = RuleMeta("GL202", "missing-row", Severity.ERROR)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        for table in document.tables.values():
            for key in table.missing_rows:
                label = table.rows_axis.label(key)
                yield ctx.finding(
                    f"表{table.numeral}缺少“{label}”行。",
                    f"Table {table.numeral} has no row {label!r}.",
                    line=table.start_line,
                    table=table.id,
                    row=key,
                    expected=label,
                )


@register
class LabelMismatch(Rule):
    """A row label differs from the template wording.

    Typos (``预期`` for ``逾期``), drift (``规范性文件`` for ``行政规范性文件`` in the 2021
    format) and annotations (``规章（地方政府规章）``). Fixable: the canonical label.
    """

    meta = RuleMeta("GL203", "label-mismatch", Severity.INFO, fixable=True)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        for table in document.tables.values():
            for row in table.rows:
                if row.match not in ("alias", "fuzzy", "annotated"):
                    continue
                label = table.rows_axis.label(row.key)
                printed = row.raw_label.strip(" \t\u00a0\u3000")
                single_line = "\n" not in printed and row.line is not None
                yield ctx.finding(
                    f"表{table.numeral}行名“{printed}”与格式规定的“{label}”不一致。",
                    f"Table {table.numeral} row label {printed!r} differs from the template's {label!r}.",
                    line=row.line,
                    table=table.id,
                    row=row.key,
                    expected=label,
                    actual=_as_read(printed),
                    fix=Fix("改为规范行名 / use the canonical label", row.line, printed, label)
                    if single_line
                    else None,
                )


@register
class MissingCell(Rule):
    """A required cell is absent, or blank with no way to infer its value.

    Blank cells that the totals prove to be 0 are blank-cell's; this rule reports the rest —
    e.g. the 2021 行政事业性收费 amount left blank, or a blank 总计 whose parts are not all 0 —
    and rows whose cells could not be read. One finding per row.
    """

    meta = RuleMeta("GL204", "missing-cell", Severity.ERROR)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        proven = _proven(document, ctx)
        blank = _blank_rows(document, ctx)
        for table in document.tables.values():
            for row_key, cells in blank[table.id]:
                # not proven, or proven to be something else than 0 (None: the identities disagree)
                open_cells = [c for c in cells if proven.get((table.id, c.row, c.col)) != 0]
                if not open_cells:
                    continue
                inferred = [plain_number(proven.get((table.id, c.row, c.col))) for c in open_cells]
                label, cols = _row_and_columns(table, row_key, open_cells)
                if any(v is not None for v in inferred):
                    implied = "、".join("?" if v is None else str(v) for v in inferred)
                    zh, en = f"未填写（按合计应为{implied}）", f"left blank; the totals imply {implied}"
                else:
                    zh, en = "未填写，且无法从合计推知", "left blank, and no total implies the value"
                yield ctx.finding(
                    f"表{table.numeral}“{label}”行的{cols}{zh}。",
                    f"Table {table.numeral} row {label!r}: {cols} {en}.",
                    table=table.id,
                    row=row_key,
                    col=open_cells[0].col if len(open_cells) == 1 else None,
                    cells=[(c.row, c.col) for c in open_cells],
                    expected=None if all(v is None for v in inferred) else inferred,
                    actual=[c.raw.strip() for c in open_cells],  # what was printed, not its spacing
                )
            for problem in table.problems:
                if problem.code in _UNREAD_ROW and problem.row is not None:
                    label = ctx.row_label(table, problem.row)  # a group row's too (a subtotal printed on it)
                    why, why_en = _UNREAD_WHY.get(problem.code, ("", ""))
                    yield ctx.finding(
                        f"表{table.numeral}“{label}”行的数字无法逐格读出（{problem.detail}）{why}。",
                        f"Table {table.numeral} row {label!r}: its cells could not be read ({problem.detail}){why_en}.",
                        line=problem.line,
                        table=table.id,
                        row=problem.row,
                        expected=[list(c) for c in problem.candidates] or None,
                        actual=problem.detail,
                    )


@register
class BlankCell(Rule):
    """Blank versus zero: cells left blank (or ``-``, ``/``, ``—``, ``无``) where the totals prove 0.

    Reports often fill only the 总计 cells and leave the rest blank; a reader cannot tell a
    forgotten number from a zero. One finding per row, fixable (write ``0``) because the totals
    prove the value. Blank cells that nothing proves are missing-cell's.
    """

    meta = RuleMeta("GL205", "blank-cell", Severity.WARNING, fixable=True)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        proven = _proven(document, ctx)
        blank = _blank_rows(document, ctx)
        for table in document.tables.values():
            shared: Counter[int | None] | None = None  # cells on each line, once per table
            for row_key, cells in blank[table.id]:
                zeros = [c for c in cells if proven.get((table.id, c.row, c.col)) == 0]
                if not zeros:
                    continue
                if shared is None:
                    shared = Counter(c.line for c in table)
                label, cols = _row_and_columns(table, row_key, zeros)
                yield ctx.finding(
                    f"表{table.numeral}“{label}”行的{cols}为空，按合计应填“0”。",
                    f"Table {table.numeral} row {label!r}: {cols} blank where the totals show 0.",
                    table=table.id,
                    row=row_key,
                    col=zeros[0].col if len(zeros) == 1 else None,
                    cells=[(c.row, c.col) for c in zeros],
                    expected=[0] * len(zeros),
                    actual=[c.raw.strip() for c in zeros],  # "", "-", "无" …; spacing is not evidence
                    fix=_zero_fix(document, shared, zeros),
                )


def _zero_fix(document: Document, shared: Counter[int | None], zeros: list[Cell]) -> Fix | None:
    """Write 0 into each blank cell, where every cell stands alone on a line it can be written
    on (one cell a line, as web copies print tables; ``shared``: how many cells of the table
    each line holds); otherwise no fix (all or nothing)."""
    if document.kind != "text":
        return None
    edits = []
    for cell in zeros:
        if cell.line is None or shared[cell.line] > 1 or cell.line > len(document.lines):
            return None  # no line of its own to write on (or a table shown without its document)
        line = document.lines[cell.line - 1]
        content = line.strip(" \t\u00a0\u3000")
        if not line.strip(" ") or content != cell.raw.strip(" \t\u00a0\u3000"):
            return None  # an empty line is a separator: nothing there to write over
        edits.append(Edit(cell.line, line, "\t0" if line.startswith("\t") else "0", column=1))
    return Fix("填写0 / write 0", edits[0].line, edits[0].old, edits[0].new, tuple(edits))


@register
class InvalidNumber(Rule):
    """A cell that is not a valid number for its column.

    Text in a numeric cell, a negative count (only the 2019 本年增/减 may be negative), a decimal
    in a count column, or an amount in 元 written in the 万元 column. Checked with the pandera
    schema of the table (``govlint.schemas``). A number larger than any report holds (a count
    above 10^9, an amount above 10^12 万元) is read as text, and reported here.
    """

    meta = RuleMeta("GL206", "invalid-number", Severity.ERROR)

    _messages: ClassVar[dict[str, tuple[str, str]]] = {
        "not_text": ("应填写数字", "is not a number"),
        "non_negative": ("不应为负数", "is negative"),
        "whole_number": ("应为整数", "is not a whole number"),
        "unit": ("以“元”填写，而本栏单位为“万元”", "is written in 元 in a 万元 column"),
    }

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        if ctx.template is None or not document.tables:
            return
        template = ctx.template
        bad = ctx.memo("schema-failures", lambda: failures_of([(list(document.tables.values()), template)])[0])
        if bad.empty:
            return  # most reports: and building itertuples' row class costs more than the check
        for record in bad.itertuples():
            table = document.tables[str(record.table)]
            zh, en = self._messages.get(str(record.check), ("不符合要求", "is invalid"))
            yield ctx.finding(
                f"表{table.numeral}“{record.row}”行“{record.col}”列的“{record.raw}”{zh}。",
                f"Table {table.numeral} row {record.row!r} column {record.col!r}: {record.raw!r} {en}.",
                table=table.id,
                row=str(record.row_key),
                col=str(record.col_key),
                cells=[(str(record.row_key), str(record.col_key))],
                actual=record.raw,
            )


@register
class ExtraRow(Rule):
    """Rows or cells the template does not have; kept, not checked.

    Local additions such as 其他主动公开文件, numbers printed beyond a row's columns or on a
    group row (a subtotal), and a row printed twice.
    """

    meta = RuleMeta("GL207", "extra-row", Severity.INFO)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        for table in document.tables.values():
            for extra in table.extra_rows:
                yield ctx.finding(
                    f"表{table.numeral}有模板之外的行“{extra.label}”，未作检查。",
                    f"Table {table.numeral} has a row the template lacks: {extra.label!r} (not checked).",
                    line=extra.line,
                    table=table.id,
                    actual=extra.label,
                )
            for problem in table.problems:
                if problem.code not in ("extra-cells", "duplicate-row") or problem.row is None:
                    continue
                label = ctx.row_label(table, problem.row)  # a group row's too (a subtotal printed on it)
                what, what_en = (
                    ("多出的数字", "numbers beyond its columns")
                    if problem.code == "extra-cells"
                    else ("重复的一行", "a second copy of the row")
                )
                yield ctx.finding(
                    f"表{table.numeral}“{label}”行有{what}“{problem.detail}”，未作检查。",
                    f"Table {table.numeral} row {label!r} has {what_en}: {problem.detail!r} (not checked).",
                    line=problem.line,
                    table=table.id,
                    row=problem.row,
                    actual=problem.detail,
                )


def _row_and_columns(table: Table, row_key: str, cells: list[Cell]) -> tuple[str, str]:
    """The row's canonical label and its cells' column labels, for a message."""
    return table.rows_axis.label(row_key), "、".join(table.columns_axis.label(c.col) for c in cells)


def _blank_rows(document: Document, ctx: Context) -> dict[str, list[tuple[str, list[Cell]]]]:
    """Each table's rows that have blank cells, with those cells: missing-cell and blank-cell
    both walk every cell for them, so once per document."""

    def compute() -> dict[str, list[tuple[str, list[Cell]]]]:
        found: dict[str, list[tuple[str, list[Cell]]]] = {}
        for table in document.tables.values():
            rows: dict[str, list[Cell]] = {}
            for cell in [c for c in table.grid if c.state in _EMPTY]:  # most cells are not blank
                rows.setdefault(cell.row, []).append(cell)
            found[table.id] = list(rows.items())
        return found

    return ctx.memo("blank-rows", compute)


_PROPAGATION_ROUNDS = 8


def _proven(document: Document, ctx: Context) -> dict[tuple[str, str, str], float | None]:
    """Value the identities determine for each blank cell (absent when undetermined)."""

    def compute() -> dict[tuple[str, str, str], float | None]:
        if ctx.template is None or not document.tables:
            return {}
        evaluated = identity_verdicts(document, ctx)
        proven: dict[tuple[str, str, str], float | None] = {}
        # The first round may have been computed for a whole batch (govlint.rules.batch).
        inferred = ctx.memo("inferred-blanks", evaluated.inferred)
        rounds: Rounds | None = None
        for _ in range(_PROPAGATION_ROUNDS):
            new = {key: value for key, value in inferred if key not in proven}
            proven.update(new)
            known = {k: v for k, v in new.items() if v is not None}
            rounds = Rounds(evaluated) if rounds is None and known else rounds
            if rounds is None or not known or not rounds.leaves_unknowns(known, proven):
                break
            # A proven cell is known in the next round: it may leave one unknown in another check.
            rounds.know(known)
            inferred = rounds.inferred()
        return proven

    return ctx.memo("proven-blanks", compute)


_SPACE_RUN_RE = re.compile(r"[ \t]+")


def _as_read(label: str) -> str:
    """A printed label as a reader reads it: lines joined, a run of spaces one space (as a
    browser shows it), so that evidence does not depend on how a copy wrapped or spaced it."""
    return _SPACE_RUN_RE.sub(" ", unwrap(label))
