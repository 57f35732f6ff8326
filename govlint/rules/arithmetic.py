"""GL3 — arithmetic: the identities (勾稽关系) of domain.md §9.1, evaluated from the template."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import numpy as np

from govlint.engine.context import Context
from govlint.engine.registry import Rule, RuleMeta, register
from govlint.model import Document, Finding, Severity, Table
from govlint.model.table import plain_number
from govlint.rules.identities import Failed, Verdicts, verdicts
from govlint.templates import ColumnSpec, TableSpec

# Most local first: a row's own total, then a column's results total, then the balance.
_LOCALITY = {"T3_ROW_SUM": 0, "T4_GROUP_SUM": 0, "T3_RESULTS_SUM": 1, "T3_BALANCE": 2}


def identity_verdicts(document: Document, ctx: Context) -> Verdicts:
    """The document's identities, evaluated once per run (or ahead, for a whole batch)."""
    assert ctx.template is not None
    version = ctx.template.version
    return ctx.memo("identities", lambda: verdicts([document], version)[0])


def mismatches(document: Document, ctx: Context) -> dict[str, list[Failed]]:
    """Failed checks by rule name, most local first, each with its member cells (once per run)."""

    def compute() -> dict[str, list[Failed]]:
        failed = identity_verdicts(document, ctx).failed()
        out: dict[str, list[Failed]] = {}
        for found in sorted(failed, key=lambda f: (_LOCALITY.get(f.identity, len(_LOCALITY)), f.check)):
            out.setdefault(found.rule, []).append(found)
        return out

    return ctx.memo("identity-mismatches", compute)


class IdentityRule(Rule):
    """Base of the GL3 rules: report the failed checks of the identities named by this rule."""

    messages: tuple[str, str] = ("", "")

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        if ctx.template is None or not document.tables:
            return
        for failed in mismatches(document, ctx).get(self.meta.name, []):
            yield self._finding(ctx, failed)

    def _finding(self, ctx: Context, check: Failed) -> Finding:
        lhs = [m for m in check.members if m[0] > 0]
        rhs = [m for m in check.members if m[0] < 0]
        left, right = _total(lhs), _total(rhs)
        refs = [(row, col) for _, row, col, _, _ in check.members]
        assert ctx.template is not None
        spec = ctx.template.tables[check.table]
        row: str | None
        col: str | None
        if check.along in {r.key for r in spec.rows}:  # an identity inside one data row
            row, col = check.along, (lhs[0][2] if len(lhs) == 1 else None)
            single_row = len(spec.leaf_rows) == 1  # table 四: name the group's total instead
            where = spec.column_label(_column(spec, col)) if single_row and col else spec.row(check.along).label
        else:  # an identity down one column
            row, col = (lhs[0][1] if len(lhs) == 1 else None), check.along
            where = spec.column_label(_column(spec, check.along))
        total = "、".join(spec.row(r).label for r in dict.fromkeys(m[1] for m in lhs))
        words = {"where": where, "total": total, "left": left, "right": right, "delta": left - right}
        zh, en = self.messages
        return ctx.finding(
            zh.format(**words),
            en.format(**words),
            table=check.table,
            row=row,
            col=col,
            cells=refs,
            expected=right,
            actual=left,
        )


def _column(spec: TableSpec, key: str) -> ColumnSpec:
    return next(c for c in spec.columns if c.key == key)


def _total(members: list[tuple[int, str, str, str, float]]) -> int | float:
    """The sum of the printed numbers among ``members`` (blank, dash: 0; NaN is not a number)."""
    value = np.sum(
        np.array([v if state == "number" and v == v else 0.0 for _, _, _, state, v in members], dtype="float64")
    )
    return plain_number(float(value)) or 0


@register
class RowTotal(IdentityRule):
    """Table 三, each row: 总计 equals 自然人 plus the five 法人或其他组织 columns.

    Evaluated leniently: a blank component counts as 0; a blank 总计 makes the row
    unverifiable (blank-cell or missing-cell reports it), never a mismatch.
    """

    meta = RuleMeta("GL301", "row-total", Severity.ERROR, tables=("applications",))
    messages = (
        "表三“{where}”行：总计为{left}，但各申请人列之和为{right}（相差{delta}）。",
        "Table 三 row {where!r}: 总计 is {left} but the applicant columns add up to {right} (off by {delta}).",
    )


@register
class ResultsTotal(IdentityRule):
    """Table 三, each column: （七）总计 equals the sum of every outcome row.

    The outcome rows are the leaf rows under 三、本年度办理结果: 20 in the 2019 format,
    22 in the 2021 format (（六）其他处理 has three sub-rows), less （七）总计 itself.
    """

    meta = RuleMeta("GL302", "results-total", Severity.ERROR, tables=("applications",))
    messages = (
        "表三“{where}”列：“{total}”为{left}，但各办理结果之和为{right}（相差{delta}）。",
        "Table 三 column {where!r}: {total!r} is {left} but the outcomes add up to {right} (off by {delta}).",
    )


@register
class Balance(IdentityRule):
    """Table 三, each column: 一 + 二 = （七）总计 + 四.

    This is the relation printed in the table's own corner: applications received this year
    plus those carried over equal those answered plus those carried forward.
    """

    meta = RuleMeta("GL303", "balance", Severity.ERROR, tables=("applications",))
    messages = (
        "表三“{where}”列：第一项加第二项为{left}，第三项加第四项为{right}，两者不相等（相差{delta}）。",
        "Table 三 column {where!r}: 一 + 二 = {left} but 三 + 四 = {right} (off by {delta}).",
    )


@register
class ReviewLitigationTotal(IdentityRule):
    """Table 四, each group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    The groups are 行政复议, 未经复议直接起诉 and 复议后起诉.
    """

    meta = RuleMeta("GL304", "review-litigation-total", Severity.ERROR, tables=("review_litigation",))
    messages = (
        "表四“{where}”：总计为{left}，但各结果之和为{right}（相差{delta}）。",
        "Table 四 {where!r}: 总计 is {left} but its parts add up to {right} (off by {delta}).",
    )


@register
class ImplausibleValue(Rule):
    """Figures that are possible but implausible; a warning, not an error.

    The checks are stated in the template data (``[[plausibility]]``): for example 现行有效件数
    at least 本年制发件数 − 本年废止件数 (2021), the cumulative 对外公开总数量 at least this
    year's 本年新公开数量 (2019), item counts that cannot go negative (2019), or a fee in 万元
    so large that it was probably written in 元.
    """

    meta = RuleMeta("GL305", "implausible-value", Severity.WARNING, tables=("active_disclosure",))

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        for check in ctx.template.plausibility if ctx.template else ():
            table = document.tables.get(check.table)
            if table is None:
                continue
            for row in check.rows:
                left, right = _side(table, row, check.lhs), _side(table, row, check.rhs)
                if left is None or right is None:
                    continue
                if (left >= right) if check.op == ">=" else (left <= right):
                    continue
                label = table.rows_axis.label(row)
                yield ctx.finding(
                    f"表{table.numeral}“{label}”行的数字不合常理：{check.why.split(' / ')[0]}。",
                    f"Table {table.numeral} row {label!r} is implausible: {check.why.split(' / ')[-1]}.",
                    table=check.table,
                    row=row,
                    cells=[(row, c) for c in sorted(check.columns())],
                    expected=f"{' + '.join(check.lhs)} {check.op} {' + '.join(check.rhs)}",
                    actual=[left, right],
                )


def _side(table: Table, row: str, terms: tuple[str, ...]) -> Decimal | None:
    total = Decimal(0)
    for term in terms:
        if term.startswith("="):
            total += Decimal(term[1:])
            continue
        cell = table.cell(row, term.lstrip("-"))
        if cell is None or cell.value is None:
            return None
        total += -Decimal(cell.value) if term.startswith("-") else Decimal(cell.value)
    return total
