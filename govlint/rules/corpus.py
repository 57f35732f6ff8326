"""GL6 — across reports: rules that compare the reports of a corpus with each other.

They run on the documents and cells tables of a corpus (``govlint audit``, or
:func:`govlint.engine.corpus.run_corpus` over tables another tool wrote), never on one report.
The facts they compare — which cells, across which formats, which tables add up — are in the
templates (``[[cross_year]]``, ``summable``) and the region table, not here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pandas as pd

from govlint.engine.corpus import CorpusContext, NotAssessable
from govlint.engine.registry import CorpusRule, RuleMeta, register
from govlint.model import Finding, Severity
from govlint.rules.corpusdata import cells, documents, first_report, number, numeral, related_cell, rows, shown
from govlint.rules.crossyear import Wording, cross_year_findings
from govlint.templates import get_template

_REASONS_SHOWN = 3  # details one not-assessable finding quotes; the rest are counted


@register
class NotAssessableComparison(CorpusRule):
    """A comparison across reports could not be made: its other side is missing.

    The other corpus rules compare a report with other reports: last year's report of the same
    organ, the reports of the organs a summary covers. When that other side is missing the
    comparison is *not assessable*, which is reported here, at info, and never as a mismatch.
    ``expected`` names the rule whose comparison could not be made, ``actual`` the reason:

    - ``no-previous-report``: the organ has no report for the year before, although the corpus
      covers that year (the reports of the corpus's first year have no year before them in
      the corpus: nothing is missing, and nothing is reported);
    - ``format-switch``: last year's report is in a format the comparison cannot use (表二
      between the 2019 and the 2021 format);
    - ``no-table``, ``blank-cell``: a table was not found, or a cell is not a printed number;
    - ``no-child-report``: an organ the region table lists under a summary has no report
      for that year (the message names it);
    - ``no-children``: the region table lists no organ under a summary report.

    One finding per report, rule and reason; its message lists the first few places.
    """

    meta = RuleMeta("GL600", "not-assessable", Severity.INFO, added="0.2.0")
    after_others = True

    def check_corpus(self, tables: Any, ctx: CorpusContext) -> Iterator[Finding]:
        grouped: dict[tuple[str, str, str], list[NotAssessable]] = defaultdict(list)
        for record in ctx.not_assessable:
            grouped[(record.path, record.rule, record.reason)].append(record)
        for (path, rule, reason), records in grouped.items():
            details = list(dict.fromkeys(r.detail for r in records))
            details_en = list(dict.fromkeys(r.detail_en for r in records))
            more = len(details) - _REASONS_SHOWN
            tail, tail_en = (f"等{len(details)}处", f" and {more} more") if more > 0 else ("", "")
            yield ctx.finding(
                path,
                f"规则 {rule} 无法比较（{reason}）：{'；'.join(details[:_REASONS_SHOWN])}{tail}。",
                f"{rule} could not compare ({reason}): {'; '.join(details_en[:_REASONS_SHOWN])}{tail_en}.",
                expected=rule,
                actual=reason,
            )


@register
class CarryOverMismatch(CorpusRule):
    """上年结转 this year differs from 结转下年度继续办理 in the same organ's report of last year.

    What was carried forward at the end of year Y−1 (表三 row 四、结转下年度继续办理) is what
    was carried over into year Y (row 二、上年结转政府信息公开申请数量): for one organ the two
    are the same requests, column by column. A difference means one of the two reports is
    wrong, or requests were lost or invented between them. Organ mergers and renames are the
    usual innocent cause; the organ key (region table and aliases) decides what is "the same
    organ".

    Compared per column where both cells are printed numbers, also across the 2020→2021 format
    switch (表三 rows 二 and 四 are the same in both formats). The finding is on this year's
    report; ``expected`` is last year's value, ``actual`` this year's, and ``related`` points
    to last year's cell. A missing previous report or a blank cell is ``not-assessable``.
    The relation is the templates' ``[[cross_year]]`` entry ``X_CARRY``.
    """

    meta = RuleMeta("GL601", "carry-over-mismatch", Severity.WARNING, tables=("applications",), added="0.2.0")

    def check_corpus(self, tables: Any, ctx: CorpusContext) -> Iterator[Finding]:
        yield from cross_year_findings(
            tables,
            ctx,
            Wording(
                "上年结转应等于上年报告的结转下年度继续办理", "carried over must equal last year's carried forward"
            ),
        )


@register
class InForceContinuity(CorpusRule):
    """表二 现行有效件数 does not follow from last year's and this year's 制发/废止.

    In the 2021 format, for 规章 and 行政规范性文件: 现行有效件数 of year Y is normally 现行有效件数
    of Y−1 plus 本年制发件数 of Y minus 本年废止件数 of Y. It is a plausibility check, not an
    identity: documents also lapse without a formal 废止 (有效期届满), amendments are counted
    differently, and clean-up campaigns recount the 底数 — so a warning, to be read.

    Only between two reports in the 2021 format: 表二 of the 2019 format counts other things,
    so a 2021 report whose previous report is in the 2019 format is ``not-assessable``
    (``format-switch``). ``expected`` is the continued count, ``actual`` this year's 现行有效件数;
    ``related`` points to last year's cell. The relation is ``X_VALID_DOCS_2021`` in the
    templates.
    """

    meta = RuleMeta(
        "GL603", "in-force-continuity", Severity.WARNING, tables=("active_disclosure",), templates=("2021",),
        added="0.2.0",
    )  # fmt: skip

    def check_corpus(self, tables: Any, ctx: CorpusContext) -> Iterator[Finding]:
        yield from cross_year_findings(
            tables,
            ctx,
            Wording(
                "现行有效件数通常等于上年现行有效件数加本年制发件数减本年废止件数",
                "in force is normally last year's in force plus made minus repealed this year",
            ),
        )


@register
class SummaryMismatch(CorpusRule):
    """A summary (汇总) report differs from the sum of the reports of the organs it covers.

    Where the region table marks an organ's report as a summary (``summary = true``), each
    summable cell of it (the templates' ``summable``: every count and amount of 表二, 表三 and
    表四) must equal the sum of the same cell in the reports, for the same
    year, of the organs the region table lists under it (their ``parent``). As in the
    identities of one report, a blank or dash cell of an organ counts as 0; a blank cell of
    the summary, or a text or missing cell, makes that cell not comparable.

    The finding is on the summary report, at the cell: ``expected`` the sum, ``actual`` the
    summary's value, ``related`` each organ's cell. An organ under the summary without a report
    that year makes the whole comparison ``not-assessable`` (``no-child-report``, naming it).
    """

    meta = RuleMeta(
        "GL604",
        "summary-mismatch",
        Severity.WARNING,
        tables=("active_disclosure", "applications", "review_litigation"),
        added="0.2.0",
    )

    def check_corpus(self, tables: Any, ctx: CorpusContext) -> Iterator[Finding]:
        docs = documents(tables, ctx)
        # the region table given now, or the one the reports were linted with
        marked = set(ctx.organs.loc[ctx.organs["summary"].astype(bool), "organ_key"]) if not ctx.organs.empty else set()
        summary = docs["summary"] | docs["organ_key"].isin(marked)
        summaries = docs[summary & docs["organ_key"].notna() & docs["year"].notna()]
        if summaries.empty:
            return
        reports = first_report(docs).set_index(["organ_key", "year"])["path"].to_dict()
        cell_frame = cells(tables, ctx)
        for summary in rows(summaries):
            children = _children(summary.organ_key, docs, ctx.organs)
            if not children:
                ctx.cannot_assess(
                    summary.path, "no-children", "地区表未列出其下属机关", "the region table lists no organ under it"
                )
                continue
            missing = [name for key, name in children if (key, summary.year) not in reports]
            if missing:
                names = "、".join(missing)
                ctx.cannot_assess(
                    summary.path,
                    "no-child-report",
                    f"{names}没有{summary.year}年的报告",
                    f"{', '.join(missing)}: no report for {summary.year}",
                )
                continue
            paths = [reports[(key, summary.year)] for key, _ in children]
            yield from _compare_sum(summary, paths, cell_frame, ctx)


def _children(key: str, docs: pd.DataFrame, organs: pd.DataFrame) -> list[tuple[str, str]]:
    """(organ_key, name) of the organs under ``key``: the region table's, else the documents'."""
    if not organs.empty:
        rows = organs[organs["parent"] == key]
        return sorted({(str(k), str(n)) for k, n in zip(rows["organ_key"], rows["organ"], strict=True) if k != key})
    rows = docs[(docs["parent"] == key) & docs["organ_key"].notna()]
    return sorted({(str(k), str(n or k)) for k, n in zip(rows["organ_key"], rows["organ"], strict=True) if k != key})


def _compare_sum(summary: Any, paths: list[str], cell_frame: pd.DataFrame, ctx: CorpusContext) -> Iterator[Finding]:
    if summary.template not in ("2019", "2021"):
        return
    template = get_template(summary.template)
    wanted = pd.DataFrame(
        [(t, r, c) for t, spec in template.tables.items() for r, c in spec.summable_cells],
        columns=["table", "row_key", "col_key"],
    )
    own = cell_frame[cell_frame["path"] == summary.path].merge(wanted, on=["table", "row_key", "col_key"])
    theirs = cell_frame[cell_frame["path"].isin(paths)].merge(wanted, on=["table", "row_key", "col_key"])
    counted = theirs["state"].isin(["number", "blank", "dash"])
    theirs = theirs.assign(
        counted=counted, amount=theirs["value"].where(theirs["state"] == "number", 0.0), unread=~counted
    )
    sums = theirs.groupby(["table", "row_key", "col_key"], sort=False).agg(
        amount=("amount", "sum"), unread=("unread", "any"), reports=("path", "nunique")
    )
    blank = []
    for cell in rows(own):
        key = (cell.table, cell.row_key, cell.col_key)
        if cell.state != "number" or key not in sums.index:
            blank.append(cell)
            continue
        total = sums.loc[[key]].iloc[0]
        if bool(total["unread"]) or int(total["reports"]) < len(paths):
            blank.append(cell)
            continue
        if abs(float(cell.value) - float(total["amount"])) > 1e-6:
            yield _summary_finding(summary, cell, float(total["amount"]), theirs, ctx)
    if blank:
        places = "、".join(f"“{c.row}/{c.col}”" for c in blank[:_REASONS_SHOWN])
        ctx.cannot_assess(
            summary.path,
            "blank-cell",
            f"{places}等{len(blank)}个单元格不是填写的数字（本报告或下属机关报告）",
            f"{len(blank)} cell(s) are not printed numbers (here or in an organ's report)",
        )


def _summary_finding(summary: Any, cell: Any, expected: float, theirs: pd.DataFrame, ctx: CorpusContext) -> Finding:
    parts = theirs[
        (theirs["table"] == cell.table) & (theirs["row_key"] == cell.row_key) & (theirs["col_key"] == cell.col_key)
    ]
    related = [related_cell(p.path, summary.year, cell.table, p.row, p.col, p.value) for p in parts.itertuples()]
    return ctx.finding(
        summary.path,
        f"汇总报告表{numeral(cell.table)}“{cell.row}/{cell.col}”为{shown(cell.value)}，"
        f"而下属{len(related)}个机关报告之和为{shown(expected)}。",
        f"the summary's {cell.table} {cell.row_key}/{cell.col_key} is {shown(cell.value)}; the {len(related)} "
        f"reports of the organs under it add up to {shown(expected)}.",
        section=numeral(cell.table),
        table=cell.table,
        row=cell.row,
        col=cell.col,
        expected=number(expected),
        actual=number(float(cell.value)),
        cells=[(str(cell.row), str(cell.col))],
        related=related,
    )


@register
class MissingReport(CorpusRule):
    """An organ in the region table published no report for a year the corpus covers.

    Every organ the region table lists should publish a report each year (条例 第四十九条).
    The years expected of an organ are those that any report of its region tree (the organ at
    the top of its ``parent`` chain and everything under it) covers, so a year nobody's report
    was collected for is not held against anyone. Without a region table this rule says nothing.

    The finding is about an organ, not a file: its path is ``<region>/<organ>`` (the region
    code or name and the organ's name as the region table gives them; ``<organ>`` alone
    without a region), which ``per-file-ignores`` globs can match. ``expected`` is the year.
    """

    meta = RuleMeta("GL605", "missing-report", Severity.WARNING, added="0.2.0")

    def check_corpus(self, tables: Any, ctx: CorpusContext) -> Iterator[Finding]:
        organs = ctx.organs
        if organs.empty:
            return
        docs = documents(tables, ctx)
        rows = list(zip(organs["organ_key"], organs["organ"], organs["region"], organs["parent"], strict=True))
        parent = {k: p for k, _, _, p in rows}
        years: dict[str, set[int]] = defaultdict(set)
        for key, year in zip(docs["organ_key"], docs["year"], strict=True):
            if key is not None and not pd.isna(year) and key in parent:
                years[_root(key, parent)].add(int(year))
        published = set(zip(docs["organ_key"], docs["year"], strict=True))
        for key, name, region, _ in sorted(rows, key=lambda r: (r[2] or "", r[1])):
            for year in sorted(years.get(_root(key, parent), ())):
                if (key, year) not in published:
                    zh = f"{name}没有{year}年的政府信息公开工作年度报告（地区表列出了该机关，同一地区有该年的报告）。"
                    en = f"{name} has no report for {year} (in the region table; its region has reports that year)."
                    yield ctx.finding(f"{region}/{name}" if region else name, zh, en, expected=year)


def _root(key: str, parent: dict[str, str | None]) -> str:
    """The organ at the top of ``key``'s parent chain (a cycle stops where it closes)."""
    seen = {key}
    while (up := parent.get(key)) is not None and up in parent and up not in seen:
        seen.add(up)
        key = up
    return key
