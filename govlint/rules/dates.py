"""GL5 — dates and metadata: when the report was published, and which year it is about."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Final

import attrs

from govlint.engine.context import Context
from govlint.engine.registry import Rule, RuleMeta, register
from govlint.model import Document, Finding, Severity
from govlint.prose.dates import find_dates

_TOWNSHIP_RE: Final = re.compile(r"(?:镇|乡|苏木|街道)(?:人民政府|政府|办事处)?$")
# A government's own report is titled by the government or by the place alone (上海市…报告).
_GOVERNMENT_RE: Final = re.compile(r"(?:人民政府|政府|省|市|区|县|旗|州|盟|自治区)$")
_MONTH_DAY_RE: Final = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_YEAR_RE: Final = re.compile(r"((?:19|20)\d{2})\s*年")


def organ_kind(organ: str | None) -> str | None:
    """What 条例 第四十九条 makes of an organ: a government's own report, a department's, or a
    乡镇/街道's (which the article does not cover)."""
    if not organ:
        return None
    if _TOWNSHIP_RE.search(organ):
        return "township"
    if _GOVERNMENT_RE.search(organ):
        return "government"
    return "department"


_OFFICE_RE: Final = re.compile(r"政府办公[室厅]$")
_CLAUSE_END_RE: Final = re.compile(r"[。，,；;]")


def _kind(document: Document) -> str:
    """The organ type for the deadline. A government's office (…人民政府办公室) that only signs
    a report without a title may be publishing the government's own report: unknown. Unknown
    organs are held to the latest statutory deadline (a government's)."""
    evidence = document.organ_evidence
    if document.organ and evidence is not None and evidence.source == "signature" and _OFFICE_RE.search(document.organ):
        return "government"
    return organ_kind(document.organ) or "government"


def _month_day(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or (m := _MONTH_DAY_RE.match(value)) is None:
        raise ValueError(f"a deadline is written MM-DD, e.g. '01-31', not {value!r}")
    dt.date(2001, int(m[1]), int(m[2]))  # raises ValueError for 02-30
    return value


def _organ_type(value: object) -> str:
    if value not in ("auto", "department", "government", "township"):
        raise ValueError(f"organ-type is auto, department, government or township, not {value!r}")
    return str(value)


@attrs.frozen
class DeadlineOptions:
    """Deadlines as month-day of the year after the report year."""

    department_deadline: str = attrs.field(default="01-31", converter=_month_day)
    government_deadline: str = attrs.field(default="03-31", converter=_month_day)
    township_deadline: str | None = attrs.field(default=None, converter=_month_day)  # no statutory one
    organ_type: str = attrs.field(default="auto", converter=_organ_type)


@register
class LatePublication(Rule):
    """The report was published or signed after its deadline.

    条例 第四十九条: a department publishes its report for year Y by 31 January of Y+1; the
    主管部门 publishes a government's own report by 31 March of Y+1. The date is the page's
    发布时间 when the report was copied from a web page, else the date under the signature, in
    any common form (2023年2月3日, 2023-02-03, 2023.2.3, 二〇二三年二月三日).

    The organ type is read from the organ's name (…人民政府, or a place alone such as 上海市, is a
    government; 乡镇/街道 are not covered by the article, so they have no deadline unless
    ``township-deadline`` sets one; an organ that cannot be read is held to 31 March).
    Local rules are often earlier: set ``department-deadline`` / ``government-deadline`` as
    ``"MM-DD"``, or ``organ-type`` when the name misleads. No date, or no year, is not late.
    """

    meta = RuleMeta("GL501", "late-publication", Severity.WARNING)
    Options = DeadlineOptions

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        date = document.publication_date
        evidence = document.published_evidence if document.published else document.signed_evidence
        if date is None or document.year is None or date.year <= document.year:
            return  # a date inside the report year is year-mismatch's business
        options: DeadlineOptions = self.options
        # An organ of unknown type is held to the latest statutory deadline only.
        kind = options.organ_type if options.organ_type != "auto" else _kind(document)
        month_day = {
            "department": options.department_deadline,
            "government": options.government_deadline,
            "township": options.township_deadline,
        }[kind]
        if month_day is None:
            return
        month, day = (int(p) for p in month_day.split("-"))
        deadline = dt.date(document.year + 1, month, day)
        if date <= deadline:
            return
        who = {"department": "部门", "government": "人民政府", "township": "乡镇（街道）"}[kind]
        source = "网页发布时间" if document.published else "落款日期"
        source_en = "page's publication date" if document.published else "signature date"
        late = (date - deadline).days
        yield ctx.finding(
            f"{source}为{_zh(date)}，晚于{who}年度报告的公布期限{_zh(deadline)}（逾期{late}天）。",
            f"The {source_en} is {date.isoformat()}, {late} day(s) after the deadline for a {kind}'s "
            f"report, {deadline.isoformat()}.",
            line=evidence.line if evidence else None,
            expected=deadline.isoformat(),
            actual=date.isoformat(),
        )


@register
class YearMismatch(Rule):
    """The report's year, its statistics period and its dates disagree.

    The title's year Y must be the year of the statistics period (统计期限自Y年1月1日起至Y年12月31日
    止), and the report cannot be published or signed before Y ended. A report without a title
    is held to the year its text names (编制Y年…年度报告). Dates damaged by extraction are not
    read, so they cannot disagree.
    """

    meta = RuleMeta("GL502", "year-mismatch", Severity.ERROR)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        year = document.year
        if year is None:
            return
        named = document.year_evidence[0]
        for evidence in document.year_evidence[1:]:
            if evidence.source != "statistics-period" or evidence.line is None:
                continue
            for other in _period_years(document.lines[evidence.line - 1]):
                if other != year:
                    yield ctx.finding(
                        f"统计期限写的是{other}年，而{_NAMED[named.source][0]}为{year}年。",
                        f"The statistics period names {other}, but the {_NAMED[named.source][1]} says {year}.",
                        line=evidence.line,
                        expected=year,
                        actual=other,
                    )
                    break
        for date, where in (
            (document.published, document.published_evidence),
            (document.signed, document.signed_evidence),
        ):
            if date is not None and date.year <= year:
                yield ctx.finding(
                    f"报告日期{_zh(date)}早于{year}年度结束，{year}年度报告只能在{year + 1}年及以后公布。",
                    f"The report is dated {date.isoformat()}, before its year {year} ended.",
                    line=where.line if where else None,
                    expected=f">= {year + 1}-01-01",
                    actual=date.isoformat(),
                )


_NAMED = {
    "title": ("标题中的年度", "title"),
    "body": ("正文所称的报告年度", "text's report year"),
    "statistics-period": ("统计期限", "statistics period"),
}


def _period_years(line: str) -> list[int]:
    """The years the statistics period names: the dates of its own clause (up to the first
    ，or 。), else its ``YYYY年``. What the sentence goes on to say is not the period."""
    start = line.find("统计")
    clause = _CLAUSE_END_RE.split(line[start:] if start >= 0 else line, maxsplit=1)[0]
    years = [d.year for d, _, _ in find_dates(clause)] or [int(y) for y in _YEAR_RE.findall(clause)]
    return list(dict.fromkeys(years))


def _zh(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"
