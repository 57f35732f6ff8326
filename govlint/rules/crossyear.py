"""The cross-year relations of the templates (``[[cross_year]]``), evaluated over a corpus.

For each report of year Y with an organ key, the same organ's report of Y−1 (the first by
path when there are several) is its previous report. Every relation of the report's format
that belongs to the running rule is evaluated for all reports at once: one frame of terms,
one merge with the cells, one group-by. What cannot be compared is recorded as not
assessable (GL600) with a reason: ``no-previous-report`` (the organ has none for Y−1; in the
corpus's first year nothing is compared and nothing reported), ``format-switch`` (last year's report
is in a format the relation cannot be compared with), ``no-table`` (a side's table was not
found), ``blank-cell`` (a cell is not a printed number).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pandas as pd

from govlint.engine.corpus import CorpusContext
from govlint.model import Finding
from govlint.rules.corpusdata import cells, documents, first_report, number, numeral, related_cell, rows, shown
from govlint.templates import VERSIONS, CrossYear, get_template

_TOLERANCE = 1e-6  # money columns are decimals; counts are whole


@attrs.frozen
class Wording:
    """How a rule's messages state its relation (Chinese, English)."""

    relation: str
    relation_en: str


def cross_year_findings(tables: Any, ctx: CorpusContext, wording: Wording) -> Iterator[Finding]:
    """The findings of the rule ``ctx.name`` over every relation the templates give it."""
    docs = documents(tables, ctx)
    if docs.empty or docs["year"].isna().all():
        return
    first_year = int(docs["year"].min())
    previous = first_report(docs)[["organ_key", "year", "path", "template"]]
    previous = previous.assign(year=previous["year"] + 1).rename(columns={"path": "prev", "template": "prev_template"})
    keyed = docs[docs["organ_key"].notna() & docs["year"].notna()]
    pairs = keyed.merge(previous, on=["organ_key", "year"], how="left")
    for version in sorted(set(pairs["template"].dropna())):
        known = version in VERSIONS
        checks = [c for c in get_template(version).cross_year if c.rule == ctx.name] if known else []
        if checks:
            yield from _version(pairs[pairs["template"] == version], checks, first_year, tables, ctx, wording)


def _version(
    pairs: pd.DataFrame, checks: list[CrossYear], first_year: int, tables: Any, ctx: CorpusContext, wording: Wording
) -> Iterator[Finding]:
    # the corpus's first year has no year before it in the corpus: out of scope, not missing
    for row in rows(pairs[pairs["prev"].isna() & (pairs["year"] > first_year)]):
        who, before = row.organ or row.organ_key, int(row.year) - 1
        ctx.cannot_assess(
            row.path, "no-previous-report", f"{who}没有{before}年的报告", f"{who} has no report for {before}"
        )
    found = pairs[pairs["prev"].notna()]
    groups: dict[tuple[str, ...], list[CrossYear]] = {}
    for check in checks:
        groups.setdefault(check.comparable_from, []).append(check)
    for comparable_from, group in groups.items():
        comparable = found["prev_template"].isin(comparable_from)
        for row in rows(found[~comparable]):
            ctx.cannot_assess(
                row.path,
                "format-switch",
                f"{row.year - 1}年报告为{row.prev_template}年格式，与本报告的{row.template}年格式不可比",
                f"the {row.year - 1} report is in the {row.prev_template} format, not comparable with this "
                f"report's {row.template} format",
            )
        if comparable.any():
            yield from _report(_evaluate(found[comparable], group, cells(tables, ctx)), ctx, wording)


def _terms(checks: list[CrossYear]) -> pd.DataFrame:
    records = []
    for index, check in enumerate(checks):
        for term_no, term in enumerate((check.lhs, *check.rhs)):
            records.append((index, term_no, check.table, term.year, term.sign, term.row, term.col))
    return pd.DataFrame.from_records(
        records, columns=["check", "term", "table", "offset", "sign", "row_key", "col_key"]
    )


def _evaluate(found: pd.DataFrame, checks: list[CrossYear], cell_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (report, relation, term) with the term's cell (state, value, labels)."""
    sides = found[["path", "prev", "year", "organ", "organ_key", "template", "prev_template"]]
    terms = sides.merge(_terms(checks), how="cross")
    terms["at"] = terms["path"].where(terms["offset"] == 0, terms["prev"])
    wanted = cell_frame.rename(columns={"path": "at"})
    merged = terms.merge(wanted, on=["at", "table", "row_key", "col_key"], how="left")
    return merged.sort_values(["path", "check", "term"], kind="stable")


def _report(evaluated: pd.DataFrame, ctx: CorpusContext, wording: Wording) -> Iterator[Finding]:
    """Each (report, relation) decided at once; only the few that differ or cannot be compared
    are looked at one by one."""
    keys = ["path", "check"]
    printed = evaluated["state"].eq("number").fillna(False).astype(bool)
    frame = evaluated.assign(
        printed=printed,
        lhs=evaluated["value"].where(evaluated["term"] == 0),
        rhs=(evaluated["value"] * evaluated["sign"]).where(evaluated["term"] > 0, 0.0),
    )
    verdicts = frame.groupby(keys, sort=True).agg(printed=("printed", "all"), lhs=("lhs", "first"), rhs=("rhs", "sum"))
    for row in rows(frame[~frame["printed"]]):  # in (path, check, term) order
        reason = "no-table" if pd.isna(row.state) else "blank-cell"
        place = f"{_year(row)}年“{row.row or row.row_key}/{row.col or row.col_key}”"
        what = "未找到表格" if reason == "no-table" else "不是填写的数字"
        ctx.cannot_assess(str(row.path), reason, place + what, f"{_year(row)} {row.row_key}/{row.col_key}: {reason}")
    differ = verdicts[verdicts["printed"] & ((verdicts["lhs"] - verdicts["rhs"]).abs() > _TOLERANCE)]
    if differ.empty:
        return
    chosen = frame.merge(differ[[]].reset_index(), on=keys).sort_values([*keys, "term"], kind="stable")
    group: list[Any] = []
    for row in rows(chosen):  # plain rows: a finding costs microseconds, not a pandas call
        if group and (row.path, row.check) != (group[0].path, group[0].check):
            yield _finding(group, ctx, wording)
            group = []
        group.append(row)
    if group:
        yield _finding(group, ctx, wording)


def _year(row: Any) -> int:
    return int(row.year) + int(row.offset)


def _finding(group: list[Any], ctx: CorpusContext, wording: Wording) -> Finding:
    """The finding of one relation that does not hold: ``group`` its terms, the lhs first."""
    lhs = group[0]
    table = str(lhs.table)
    expected = float(sum(r.rhs for r in group[1:]))
    related = [related_cell(r.at, _year(r), table, r.row, r.col, r.value) for r in group if r.offset == -1]
    prev, prev_year = str(lhs.prev), int(lhs.year) - 1
    label = f"表{numeral(table)}“{lhs.row}/{lhs.col}”"
    return ctx.finding(
        str(lhs.path),
        f"{label}为{shown(lhs.value)}，按{prev_year}年报告（{prev}）应为{shown(expected)}：{wording.relation}。",
        f"{table} {lhs.row_key}/{lhs.col_key} is {shown(lhs.value)}; from the {prev_year} report "
        f"({prev}) it should be {shown(expected)}: {wording.relation_en}.",
        section=numeral(table),
        table=table,
        row=lhs.row,
        col=lhs.col,
        expected=number(expected),
        actual=number(float(lhs.value)),
        cells=[(str(r.row), str(r.col)) for r in group if r.offset == 0],
        related=related,
    )
