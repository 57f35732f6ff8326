"""GL4 — prose against tables: what the text says, checked against what the tables say."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Final

from govlint.engine.context import Context
from govlint.engine.registry import Rule, RuleMeta, register
from govlint.model import Document, Finding, Severity
from govlint.prose import Passage, passages
from govlint.prose.claims import normalise, normalised
from govlint.prose.numbers import find_counts
from govlint.prose.sums import passage_breakdowns
from govlint.prose.verdicts import Verdict, verdicts

_WHAT = {
    "received": ("收到申请", "applications received"),
    "carried_over": ("上年结转申请", "applications carried over"),
    "answered": ("办结（答复）申请", "applications answered"),
    "carried_forward": ("结转下年度申请", "applications carried forward"),
    "review": ("行政复议案件", "administrative reconsideration cases"),
    "litigation": ("行政诉讼案件", "administrative litigation cases"),
    "made": ("本年制发", "made this year"),
    "repealed": ("本年废止", "repealed this year"),
    "in_force": ("现行有效", "in force"),
}


@register
class ProseTableMismatch(Rule):
    """A figure stated in the text disagrees with the table cell it describes.

    Read from the text: applications received (收到/受理/新收 … N件), carried over (上年结转),
    answered (办结/答复) and carried forward (结转下年度) against table 三; 行政复议 and 行政诉讼
    cases (``行政复议0件次``, ``共发生0起…行政复议…和行政诉讼案件``, ``未发生…行政复议``) against
    table 四's 总计 cells (行政诉讼 = 未经复议直接起诉 + 复议后起诉); 规章 and 行政规范性文件 made,
    repealed or in force against table 二. Chinese numerals (二十三件), the classifiers 件/条/起/个
    and the wordings of zero (未收到、未发生、无、0起) are understood.

    "收到申请N件" may mean row 一 or 一+二 (some organs count what they handled this year):
    either is accepted, and ``govlint.prose.verdicts`` says which one matched. A clause that
    names another year, a cumulative or comparative figure (截至、累计、同比), a condition or a
    share is not read; a blank cell is not compared. Quiet when it cannot decide.
    """

    meta = RuleMeta(
        "GL401",
        "prose-table-mismatch",
        Severity.ERROR,
        tables=("active_disclosure", "applications", "review_litigation"),
    )

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        for verdict in verdicts(document, ctx.memo("passages", lambda: passages(document))):
            if verdict.mismatch:
                yield self._finding(document, ctx, verdict)

    def _finding(self, document: Document, ctx: Context, verdict: Verdict) -> Finding:
        claim = verdict.claim
        primary = verdict.readings[0]
        zh = "、".join(_WHAT[k][0] for k in claim.kinds)
        en = " and ".join(_WHAT[k][1] for k in claim.kinds)
        table_id, row, col = primary.cells[0]
        table = document.tables[table_id]
        if claim.document:
            name = table.rows_axis.label(claim.document)
            zh, en = f"{name}{zh}件数", f"{name} {en}"
        readings_zh = "；".join(f"按{r.name}为{r.value}" for r in verdict.readings)
        readings_en = "; ".join(f"{r.name}: {r.value}" for r in verdict.readings)
        stated = "为0（文字表述）" if claim.negated else f"{claim.value}{claim.unit}"
        return ctx.finding(
            f"正文称{zh}{stated}，但表{table.numeral}中为{primary.value}（{readings_zh}）：“{claim.text}”。",
            f"The text states {claim.value} {en}, but table {table.numeral} gives {primary.value} ({readings_en}).",
            line=claim.line,
            column=claim.start + 1,
            section=where.numeral
            if (where := document.section_at(claim.line))
            else None,  # the text's, not the table's
            table=table_id,
            row=row,
            col=col if len(primary.cells) == 1 else None,
            cells=[(r, c) for t, r, c in primary.cells] if len(primary.cells) > 1 else (),
            expected=primary.value,
            actual=claim.value,
        )


@register
class ProseSumMismatch(Rule):
    """A total stated in the text is smaller than the parts listed for it.

    ``共N条，其中a条、b条…`` (also 主要包括、包括、a colon, and breakdowns nested in parentheses):
    parts adding up to more than the total is an error. Parts below the total are not a finding,
    because 其中 lists are often not exhaustive — except after 分别为/分别是, which claims the list
    is complete, where any difference is reported at the rule's severity. Only parts counted
    with the total's own classifier (条 with 条) are added.
    """

    meta = RuleMeta("GL402", "prose-sum-mismatch", Severity.WARNING)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        exceeding = Severity.ERROR if ctx.severity == self.meta.severity else ctx.severity
        for passage in ctx.memo("passages", lambda: passages(document)):
            for b in passage_breakdowns(passage):
                if b.parts_sum > b.total.value:
                    severity = exceeding
                elif b.exhaustive and b.parts_sum != b.total.value:
                    severity = ctx.severity
                else:
                    continue
                parts = "+".join(str(p.value) for p in b.parts)
                line, column = passage.locate(b.total.start)
                yield ctx.finding(
                    f"正文所列分项之和{parts}={b.parts_sum}{b.total.unit}，与所称总数{b.total.value}{b.total.unit}不符：“{b.text}”。",
                    f"The parts listed ({parts} = {b.parts_sum}) do not add up to the stated total {b.total.value}.",
                    line=line,
                    column=column,
                    expected=b.total.value,
                    actual=b.parts_sum,
                    severity=severity,
                )


_FEE_RE: Final = re.compile(r"信息处理费|处理费|收费|费用")
# "未发出收费通知" — but not "未发出收费通知的其他申请", a relative clause about other applications.
_NO_NOTICE_RE: Final = re.compile(
    r"(?:未|没有|无)(?:向申请人)?(?:发出|发送|出具|开具)(?:过)?(?:任何)?收费通知(?:书)?(?!的)"
    r"|收费通知(?:书)?(?:的)?(?:件数|数量)?(?:为|共)?\s*(?:0|零)\s*(?:件|份|次)?"
)
_NOTICE_COUNT_RE: Final = re.compile(r"(?:发出|发送|出具|开具)(?:了)?收费通知(?:书)?(?:的)?(?:件数|数量)?(?:为|共)?")
_NUMBER_RE: Final = re.compile(r"(?<![\d.])\d+(?![\d.])")
_NOTICE_HEADER_RE: Final = re.compile(r"通知收取件数|收费通知(?:书)?(?:件数|数量)")


@register
class FeeStatement(Rule):
    """Section 六 says nothing about 信息处理费, or what it says contradicts table 三.

    The 2021 format asks section 六 to report the 信息处理费 charged (国办函〔2020〕109号). Row
    （六）2 of table 三 counts applications dropped because the applicant did not pay after a
    fee notice, so it cannot exceed the fee notices section 六 says were issued: "未发出收费通知",
    "发出收费通知的件数为0件" or a fee table with 通知收取件数 0 all require （六）2 = 0. A
    statement that no fee was *collected* does not contradict （六）2 (a notice can go unpaid).
    2021 format only; quiet when section 六 is missing (missing-section reports that).
    """

    meta = RuleMeta("GL403", "fee-statement", Severity.WARNING, tables=("applications",), templates=("2021",))

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        sixes = [s for s in document.sections if s.numeral == "六"]  # a repeated heading splits it
        if not sixes:
            return
        six = sixes[0]
        chrome = {c.line for c in document.chrome}
        lines = [
            (n, document.lines[n - 1])
            for s in sixes
            for n in range(s.line, min(s.end_line, len(document.lines)) + 1)
            if n not in chrome
        ]
        if not any(_FEE_RE.search(t) for _, t in lines):
            yield ctx.finding(
                "第六部分未说明信息处理费的收取情况（2021年版格式要求报告）。",
                "Section 六 says nothing about 信息处理费 (information processing fees), "
                "which the 2021 format asks for.",
                line=six.line,
                section="六",
            )
            return
        read = ctx.memo("passages", lambda: passages(document))
        notices = _notices([p for p in read if p.section == "六"], lines)
        table = document.tables.get("applications")
        cell = table.cell("other.fee_unpaid", "total") if table is not None else None
        if notices is None or cell is None or cell.value is None:
            return
        count, line = notices
        if cell.value > count:
            yield ctx.finding(
                f"第六部分称发出收费通知{count}件，但表三（六）2“逾期未按收费通知要求缴纳费用”为{cell.value}件。",
                f"Section 六 says {count} fee notice(s) were issued, but table 三 row （六）2 (fee not paid "
                f"after a notice) counts {cell.value}.",
                line=line,
                section="六",
                table="applications",
                row="other.fee_unpaid",
                col="total",
                expected=f"<= {count}",
                actual=cell.value,
            )


def _notices(six: Sequence[Passage], lines: list[tuple[int, str]]) -> tuple[int, int] | None:
    """(fee notices issued, line) as section 六 states them, if it does: in a sentence, read
    across line breaks (crawler text puts the number on a line of its own), else in a fee table."""
    for passage in six:
        folded = normalised(passage)
        m = _NOTICE_COUNT_RE.search(folded)  # a number of notices wins over a negation nearby
        if m is not None:
            counts = list(find_counts(folded[m.end() : m.end() + 12]))
            if counts and counts[0].start == 0:
                return counts[0].value, passage.locate(m.start())[0]
        if (no := _NO_NOTICE_RE.search(folded)) is not None:
            return 0, passage.locate(no.start())[0]
    return _fee_table(lines)


def _fee_table(lines: list[tuple[int, str]]) -> tuple[int, int] | None:
    """(notices, line) from a fee table: the first number of the row under 通知收取件数."""
    for index, (_, text) in enumerate(lines):
        folded = normalise(text)
        if _NOTICE_HEADER_RE.search(folded):
            numbered = "序号" in folded  # then the row's first number is its 序号
            for next_number, next_text in lines[index + 1 : index + 4]:
                values = _NUMBER_RE.findall(unicodedata.normalize("NFKC", next_text))[1 if numbered else 0 :]
                if values:
                    return int(values[0]), next_number
    return None


_PLAN_RE: Final = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?[^，。,；;《》]{0,12}?(?:政务公开|政府信息公开|信息公开)[^，。,；;《》]{0,6}?(?:工作)?(?:要点|重点工作安排|重点工作|工作安排|实施方案)"
)
_FORWARD_RE: Final = re.compile(r"下一步|今后|明年|来年")
_FUTURE_RE: Final = re.compile(r"将|计划|拟")  # "2023年，我局将…" in a 2022 report plans ahead
_STALE_START_RE: Final = re.compile(
    r"^\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:[，,]\s*)?(?:我|本|全)(?:局|委|办|厅|部|中心|单位|市|区|县|镇|街道)"
)


@register
class StaleReference(Rule):
    """The report presents another year's documents or figures as this year's.

    A report for year Y that names an earlier year's 政务公开工作要点 (or 重点工作安排, 实施方案)
    as its work basis — seed 002, a 2022 report, "将贯彻落实《…2021年政务公开工作要点…》…作为
    重点" — or a paragraph of sections 一–五 that opens with another year's figures
    ("2021年，我局…" in a 2022 report) is probably copied from the previous report. Forward
    references (下一步将按照2024年要点) are fine. Info: a person has to judge.
    """

    meta = RuleMeta("GL404", "stale-reference", Severity.INFO)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        year = document.year
        if year is None:
            return
        read = ctx.memo("passages", lambda: passages(document))
        opening = _openings(document, read)
        for passage in read:
            if passage.section is None:
                continue  # the preamble cites the notices the report answers
            folded = passage.folded  # offsets kept, so columns stay true
            yield from _stale_plan(ctx, passage, folded, year)
            if passage.line in opening and passage.section in "一二三四五":
                yield from _stale_opening(ctx, passage, folded, year)


def _stale_plan(ctx: Context, passage: Passage, folded: str, year: int) -> Iterator[Finding]:
    """An earlier year's work plan named as this year's basis (the first one only)."""
    for m in _PLAN_RE.finditer(folded):
        cited = int(m["year"])
        if cited < year and not _FORWARD_RE.search(folded[max(0, m.start() - 20) : m.start()]):
            line, column = passage.locate(m.start())
            yield ctx.finding(
                f"{year}年度报告引用了{cited}年的工作要点作为工作依据：“{m.group()}”，可能沿用了上年报告。",
                f"A {year} report cites the {cited} work plan as its basis ({m.group()}); "
                "possibly copied from the previous report.",
                line=line,
                column=column,
                section=passage.section,
                expected=year,
                actual=cited,
            )
            return


def _stale_opening(ctx: Context, passage: Passage, folded: str, year: int) -> Iterator[Finding]:
    """A section's first passage opening with an earlier year's figures (2021年，我局…)."""
    start = _STALE_START_RE.match(folded)
    if start is None or int(start["year"]) >= year or _FUTURE_RE.search(folded[start.end() : start.end() + 8]):
        return
    yield ctx.finding(
        f"{year}年度报告的段落以{start['year']}年的情况开头：“{folded[:20]}…”，可能沿用了其他年度的内容。",
        f"A paragraph of the {year} report opens with {start['year']}'s figures; possibly copied.",
        line=passage.line,
        column=1,
        section=passage.section,
        expected=year,
        actual=int(start["year"]),
    )


def _openings(document: Document, read: Sequence[Passage]) -> set[int]:
    """First lines of the first passage under each section heading (it states its year)."""
    opening: set[int] = set()
    headed: set[int] = set()
    for passage in read:
        section = document.section_at(passage.line)
        if section is not None and section.line not in headed:
            headed.add(section.line)
            opening.add(passage.line)
    return opening
