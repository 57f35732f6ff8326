"""Title, issuing organ, report year and dates, each with the line it was read from."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Final

import attrs

from govlint.model import Evidence
from govlint.parse.headings import strip_markup
from govlint.prose.dates import find_dates
from govlint.templates import squash

REPORT_RE: Final = re.compile(r"(?P<year>\d{4})\s*年\s*(?:度\s*)?(?:政府)?信息公开(?:工作)?年度?报告")
# A title that opens with its year: 2024年上海市科委政府信息公开工作年度报告 (read on squashed text).
_YEAR_FIRST_RE: Final = re.compile(
    r"^(?P<year>\d{4})年度?(?P<organ>[^\d，。,；;:：《》]{2,40}?)(?:政府)?信息公开(?:工作)?年度?报告"
)
# The label a crawler or a page prints before the title (标题：…), read on NFKC text.
_TITLE_LABEL_RE: Final = re.compile(r"^(?:文章标题|标题|题目|title)[:：]", re.IGNORECASE)
_TITLE_LONGEST: Final = 80
_PERIOD_RE: Final = re.compile(r"统计(?:期限|时限|期间|时间)[^。]{0,12}?(?P<year>\d{4})\s*年")
# 发布时间 and its kin; a bare 时间/日期 too (来源:州经信局时间:2022年01月26日), but not the
# times a page prints for other things (截止时间, 打印时间, 访问日期 …).
_OTHER_TIMES: Final = "".join(
    f"(?<!{w})"
    for w in (
        "统计",
        "截止",
        "截至",
        "打印",
        "访问",
        "更新",
        "修改",
        "生成",
        "浏览",
        "办理",
        "申请",
        "答复",
        "工作",
        "办公",
        # a crawler's or an archive's own stamps: when the page was collected, not published
        "采集",
        "抓取",
        "爬取",
        "下载",
        "入库",
        "获取",
        "收录",
        "存档",
        "归档",
        "保存",
        "快照",
        "导出",
        "同步",
        "录入",
        "缓存",
        "备份",
        "收集",
    )
)
_METADATA_RE: Final = re.compile(
    rf"(?:发布时间|发布日期|成文日期|印发日期|公开日期|{_OTHER_TIMES}(?:时间|日期))\s*[:：]"
)
_RANGE_RE: Final = re.compile(r"^\s*(?:至|到|—|–|-|~|～)")  # 2022年1月1日至… is a period, not a date
# What stands before a title in a line that is not the title: a breadcrumb, a link.
_NOT_TITLE_RE: Final = re.compile(r"[>＞:：|｜]|上一篇|下一篇|相关|链接")
# A place named alone (三明市2022年…报告): the report is its people's government's.
_PLACE_RE: Final = re.compile(r"(?:省|市|县|区|州|旗|盟)$")
# Organs end in these words (局、委员会、办公室、人民政府 …); used to recognise a signature line.
_ORGAN_END_RE: Final = re.compile(r"(局|委员会|委|办公室|办|厅|政府|中心|院|所|署|部|会|处|站|室|馆|队|社)$")
_PUNCT_RE: Final = re.compile(r"[，。：:；;,！？!?、《》<>|/@#＞｜]|\d")
_HEAD_LINES: Final = 25  # a title or page metadata stands near the top
_TAIL_LINES: Final = 12  # a signature stands near the end


@attrs.frozen
class Meta:
    title: str | None = None
    title_lines: tuple[int, ...] = ()
    organ: str | None = None
    organ_evidence: Evidence | None = None
    year: int | None = None
    year_evidence: tuple[Evidence, ...] = ()
    published: dt.date | None = None
    published_evidence: Evidence | None = None
    signed: dt.date | None = None
    signed_evidence: Evidence | None = None


def _clean(line: str) -> str:
    return squash(unicodedata.normalize("NFKC", line))


def _looks_like_organ(text: str) -> bool:
    return 2 <= len(text) <= 40 and not _PUNCT_RE.search(text) and _ORGAN_END_RE.search(text) is not None


def _title_line(line: str) -> str:
    """A line as a title is compared: no markup, no crawler label (标题：), NFKC, no spaces."""
    text = _clean(strip_markup(line))
    label = _TITLE_LABEL_RE.match(text)
    return text[label.end() :] if label else text


def _read_title(text: str) -> tuple[str | None, int] | None:
    """(organ, year) when ``text`` is a whole title: ``某局2022年…年度报告`` or year first,
    ``2024年上海市科委政府信息公开工作年度报告``."""
    if len(text) > _TITLE_LONGEST:
        return None
    m = REPORT_RE.search(text)
    if m is not None and _title_prefix_ok(text[: m.start()]) and m.end() >= len(text) - 6:
        return text[: m.start()] or None, int(m["year"])
    first = _YEAR_FIRST_RE.match(text)
    if first is not None and _title_prefix_ok(first["organ"]) and first.end() >= len(text) - 6:
        organ = first["organ"]
        # 2024年某市人民政府信息公开…: the lazy match leaves 政府 to the name of the report
        return organ + "政府" if organ.endswith("人民") else organ, int(first["year"])
    return None


def find_title(lines: Sequence[str], stop: int) -> tuple[str, tuple[int, ...], str | None, int] | None:
    """(title, its 1-based lines, organ named in it, year) from the lines before ``stop``."""
    previous: tuple[int, str] | None = None
    for index in range(min(stop, _HEAD_LINES, len(lines))):
        text = _title_line(lines[index])
        if not text:
            continue
        read = _read_title(text)
        if read is None and previous is not None and index - previous[0] == 1:
            joined = REPORT_RE.search(previous[1] + text)  # a title broken mid-phrase
            if joined is not None and joined.start() < len(previous[1]) < joined.end():
                head = previous[1][: joined.start()]
                if _title_prefix_ok(head) and joined.end() >= len(previous[1] + text) - 6:
                    spans = (previous[0] + 1, index + 1)
                    return previous[1] + text, spans, head or None, int(joined["year"])
        if read is not None:
            organ, year = read
            title_lines: tuple[int, ...] = (index + 1,)
            if not organ and previous is not None and _looks_like_organ(previous[1]):
                organ = previous[1]  # a title broken after the organ's name
                title_lines = (previous[0] + 1, index + 1)
                text = organ + text
            return text, title_lines, organ or None, year
        previous = (index, text)
    return None


def _title_prefix_ok(head: str) -> bool:
    return "《" not in head and _NOT_TITLE_RE.search(head) is None


def find_signature(
    lines: Sequence[str], end: int | None = None
) -> tuple[str | None, int | None, dt.date | None, int | None]:
    """(organ, its line, date, its line) from the signature block that ends the body.

    ``end`` is the 1-based last line of the body (the page footer below it is not searched).
    """
    organ = date = None
    organ_line = date_line = None
    seen = 0
    last = len(lines) if end is None else min(end, len(lines))
    for index in range(last - 1, -1, -1):
        text = _clean(lines[index])
        if not text:
            continue
        seen += 1
        if seen > _TAIL_LINES:
            break
        dates = find_dates(text)
        if date is None and dates and dates[0][2] >= len(text) - 1:
            head = text[: dates[0][1]]
            if not head or _looks_like_organ(head):  # "某市某局 2023年1月20日" on one line
                date, date_line = dates[0][0], index + 1
                if head:
                    organ, organ_line = head, index + 1
                    break
                continue
        if organ is None and _looks_like_organ(text):
            organ, organ_line = text, index + 1
            break
    return organ, organ_line, date, date_line


def find_metadata_date(lines: Sequence[str], stop: int) -> tuple[dt.date, int] | None:
    """The publication date a web page prints above the report (发布时间：…)."""
    for index in range(min(stop, _HEAD_LINES, len(lines))):
        line = unicodedata.normalize("NFKC", lines[index])
        for m in _METADATA_RE.finditer(line):
            rest = line[m.end() :]
            dates = find_dates(rest)
            if dates and dates[0][1] <= 2 and not _RANGE_RE.match(rest[dates[0][2] :]):
                return dates[0][0], index + 1
    return None


def read_meta(lines: Sequence[str], first_heading: int | None, body_end: int | None = None) -> Meta:
    """Metadata of a report; ``first_heading`` is the 0-based line of section 一, if found,
    and ``body_end`` the 1-based last line before the page footer."""
    stop = first_heading if first_heading is not None else len(lines)
    title = find_title(lines, stop)
    organ, organ_line, signed, signed_line = find_signature(lines, body_end)
    years: list[Evidence] = []
    organ_evidence = Evidence(organ, organ_line, "signature") if organ else None
    title_text: str | None = None
    title_lines: tuple[int, ...] = ()
    if title is not None:
        title_text, title_lines, title_organ, title_year = title
        years.append(Evidence(str(title_year), title_lines[-1], "title"))
        if title_organ:
            title_organ = _government_of(title_organ, lines)
            organ, organ_evidence = title_organ, Evidence(title_organ, title_lines[0], "title")
    years += _body_years(lines, skip=set(title_lines))
    published = find_metadata_date(lines, stop)
    return Meta(
        title=title_text,
        title_lines=title_lines,
        organ=organ,
        organ_evidence=organ_evidence,
        year=int(years[0].value) if years else None,
        year_evidence=tuple(years),
        published=published[0] if published else None,
        published_evidence=Evidence(published[0].isoformat(), published[1], "page-metadata") if published else None,
        signed=signed,
        signed_evidence=Evidence(signed.isoformat(), signed_line, "signature") if signed else None,
    )


def _government_of(organ: str, lines: Sequence[str]) -> str:
    """``organ``, or its place's 人民政府 when the title names only the place (三明市) and the
    report itself names that government (现公布三明市人民政府2022年…报告)."""
    if _ORGAN_END_RE.search(organ) or not _PLACE_RE.search(organ):
        return organ
    government = organ + "人民政府"
    return government if any(government in _clean(line) for line in lines) else organ


def _body_years(lines: Sequence[str], skip: set[int]) -> list[Evidence]:
    """The year as the text names it: ``编制2022年政府信息公开工作年度报告``, the statistics period."""
    out: list[Evidence] = []
    # Each pattern with a character it cannot match without (no other character folds to it
    # under NFKC), so most lines are passed over unread.
    wanted = [(REPORT_RE, "body", "告"), (_PERIOD_RE, "statistics-period", "统")]
    for index, line in enumerate(lines):
        if "告" not in line and "统" not in line:
            continue  # the characters of ``wanted``: most lines hold neither (no generator made for them)
        if not wanted:
            break  # each source counts once: the first line that names it
        if index + 1 in skip or not any(char in line for _, _, char in wanted):
            continue
        text = _clean(line)
        for pattern, source, char in list(wanted):
            m = pattern.search(text)
            if m is not None:
                out.append(Evidence(m["year"], index + 1, source))
                wanted.remove((pattern, source, char))
    return out
