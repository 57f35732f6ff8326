"""Reading a report in any rendering: section headings, metadata and figures in the text.

The inputs are small hand-written pages in the renderings reports reach us in: converters'
markdown (``## 一、总体情况``, ``**bold**``), crawler text (a header of 标题：/发布时间：/采集时间：
lines, one text span per line, numbers on lines of their own) and plain text. Findings are
matched by rule name and line, never by message wording.
"""

from __future__ import annotations

import datetime as dt

import govlint

DEPT_TITLE = "青山市统计局2022年政府信息公开工作年度报告"


def _doc(*lines: str) -> govlint.Document:
    return govlint.parse_text("\n".join(lines) + "\n")


def _sections(doc: govlint.Document) -> list[tuple[str, int]]:
    return [(s.numeral, s.line) for s in doc.sections]


def _found(doc: govlint.Document, rule: str) -> list[int | None]:
    """Lines of the findings of ``rule`` when ``doc`` is linted."""
    return [f.location.line for f in govlint.lint(doc).findings if f.rule == rule]


def _table3(received: int, fee_unpaid: int = 0) -> list[str]:
    """Table 三 as a converter's pipe table: every application from 自然人, all answered, the
    ones not paid for after a fee notice under （六）2, the rest disclosed."""
    zeros = " | 0" * 6

    def row(label: str, n: int) -> str:
        return f"| {label} | {n}{' | 0' * 5} | {n} |"

    return [
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |",
        "| 自然人 | 法人或其他组织 | 总计 |",
        "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
        row("一、本年新收政府信息公开申请数量", received),
        row("二、上年结转政府信息公开申请数量", 0),
        f"| 三、本年度办理结果 | （一）予以公开 | {received - fee_unpaid}{' | 0' * 5} | {received - fee_unpaid} |",
        f"| （二）部分公开（区分处理的，只计这一情形，不计其他情形）{zeros} | 0 |",
        f"| （三）不予公开 | 1.属于国家秘密{zeros} | 0 |",
        *(
            f"| {label}{zeros} | 0 |"
            for label in (
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            )
        ),
        f"| （四）无法提供 | 1.本机关不掌握相关政府信息{zeros} | 0 |",
        f"| 2.没有现成信息需要另行制作{zeros} | 0 |",
        f"| 3.补正后申请内容仍不明确{zeros} | 0 |",
        f"| （五）不予处理 | 1.信访举报投诉类申请{zeros} | 0 |",
        *(
            f"| {label}{zeros} | 0 |"
            for label in (
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            )
        ),
        f"| （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请{zeros} | 0 |",
        row("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", fee_unpaid),
        f"| 3.其他{zeros} | 0 |",
        row("（七）总计", received),
        row("四、结转下年度继续办理", 0),
    ]


# -- section headings -------------------------------------------------------------------------


def test_markdown_heading_marks_and_bold_do_not_hide_a_section_heading() -> None:
    doc = _doc(
        f"# {DEPT_TITLE}",
        "",
        "## 一、总体情况",
        "",
        "### （一）主动公开方面。",
        "全年主动公开政府信息120条。",
        "### 二是提高解读质量。",
        "全年发布解读材料8篇。",
        "**二、主动公开政府信息情况**",
        "",
        "## 三、**收到和处理政府信息公开申请情况**",
        "### 一、本年新收政府信息公开申请数量",
        "### 四、结转下年度继续办理",
        "#### 四、政府信息公开行政复议、行政诉讼情况",
        "未发生行政复议、行政诉讼案件。",
        "## 五、存在的主要问题及改进情况",
        "问题和改进措施略。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    )
    assert _sections(doc) == [("一", 3), ("二", 9), ("三", 11), ("四", 14), ("五", 16), ("六", 18)]
    assert doc.section("三").title == "收到和处理政府信息公开申请情况"  # no ** left in the title
    assert [h.enumerator for h in doc.section("一").subheadings] == ["（一）"]


def test_a_numeral_alone_on_its_line_heads_the_section_from_that_line() -> None:
    doc = _doc(
        DEPT_TITLE,
        "一、",
        "总体情况",
        "2022",
        "年，我局依法推进政府信息公开工作。",
        "二",
        "、",
        "主动公开政府信息情况",
        "全年主动公开政府信息120条。",
    )
    assert _sections(doc) == [("一", 2), ("二", 6)]
    assert doc.section("一").title == "总体情况"


def test_variant_wording_is_its_section_and_at_most_an_info_finding() -> None:
    doc = _doc(
        DEPT_TITLE,
        "一、总体情况",
        "本年度共收到政府信息公开申请3件，已全部办结。",
        "二、主动公开政府信息情况",
        "全年主动公开政府信息120条。",
        "三、收到和处理政府信息公开申请情况",
        *_table3(received=3),
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "本年度未发生行政复议、行政诉讼案件。",
        "五、存在的主要问题及整改措施",
        "信息公开的及时性有待提高，下一步将加强审核。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    )
    five = 9 + len(_table3(received=3))
    assert [n for n, _ in _sections(doc)] == ["一", "二", "三", "四", "五", "六"]
    assert five == doc.section("五").line
    result = govlint.lint(doc)
    assert [f for f in result.findings if f.rule == "missing-section"] == []
    numbering = [(f.location.line, f.severity) for f in result.findings if f.rule == "heading-numbering"]
    assert (five, govlint.Severity.INFO) in numbering
    assert all(severity is govlint.Severity.INFO for _, severity in numbering)


def test_table_row_labels_never_become_the_sections_they_reuse_numerals_of() -> None:
    """Heading 四 is missing: table 三's row 四 (with its numeral alone on a line, as a crawler
    prints it) must not stand in for it, nor row 二 for heading 二."""
    doc = _doc(
        DEPT_TITLE,
        "一、总体情况",
        "本年度工作情况略。",
        "三、收到和处理政府信息公开申请情况",
        "二、",
        "上年结转政府信息公开申请数量",
        "0",
        "四",
        "、",
        "结转下年度继续办理",
        "0",
        "五、存在的主要问题及整改措施",
        "问题和改进措施略。",
    )
    assert _sections(doc) == [("一", 2), ("三", 4), ("五", 12)]


def test_a_preamble_listing_the_sections_is_not_a_heading() -> None:
    doc = _doc(
        DEPT_TITLE,
        "本报告包括以下内容：",
        "一、总体情况；",
        "二、主动公开政府信息情况；",
        "三、收到和处理政府信息公开申请情况。",
        "本报告目录：",
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "",
        "一、总体情况",
        "本年度工作情况略。",
        "二、主动公开政府信息情况",
        "全年主动公开政府信息120条。",
        "三、收到和处理政府信息公开申请情况",
        "本年度未收到申请。",
    )
    assert _sections(doc) == [("一", 11), ("二", 13), ("三", 15)]


# -- metadata -----------------------------------------------------------------------------------

CRAWLER_HEADER = (
    "采集时间：2024-12-20 08:15:00",
    f"标题：{DEPT_TITLE}",
    "发布时间：",
    "来源：青山市统计局",
    "原始链接：https://www.example.gov.cn/zfxxgk/ndbg/202301/t20230116_100.htm",
    "正文：",
)


def test_a_crawler_title_line_names_organ_and_year_and_its_stamps_are_no_publication_date() -> None:
    doc = _doc(
        *CRAWLER_HEADER,
        "一、总体情况",
        "2022",
        "年，我局依法推进政府信息公开工作。",
    )
    assert doc.title == DEPT_TITLE
    assert (doc.organ, doc.year) == ("青山市统计局", 2022)
    assert doc.title_lines == (2,)
    assert doc.published is None  # 发布时间 is empty; 采集时间 is when the page was collected
    assert _found(doc, "late-publication") == []
    assert _found(doc, "missing-title") == []


def test_the_pages_publication_date_wins_over_a_collectors_stamp_above_it() -> None:
    doc = _doc(
        "抓取时间：2024-12-20",
        "下载时间：2024-12-21",
        f"标题: {DEPT_TITLE}",
        "发布时间: 2023-01-16 10:30",
        "一、总体情况",
        "本年度工作情况略。",
    )
    assert dt.date(2023, 1, 16) == doc.published
    assert doc.published_evidence.line == 4


def test_a_year_first_title_names_organ_and_year() -> None:
    doc = _doc("2024年青山市科委政府信息公开工作年度报告", "一、总体情况", "本年度工作情况略。")
    assert (doc.organ, doc.year) == ("青山市科委", 2024)
    assert doc.title_lines == (1,)


def test_a_markdown_title_with_spaces_names_the_organ_without_marks() -> None:
    doc = _doc("# 青山县人民政府 2025 年 政府信息公开工作年度报告", "", "## 一、总体情况", "工作情况略。")
    assert (doc.organ, doc.year) == ("青山县人民政府", 2025)
    assert "#" not in (doc.title or "")


def test_a_title_naming_only_the_place_is_its_governments_report() -> None:
    doc = _doc(
        "标题：青山市2022年政府信息公开工作年度报告",
        "发布时间：2023-03-20",
        "正文：",
        "现公布青山市人民政府2022年政府信息公开工作年度报告。",
        "一、总体情况",
        "本年度工作情况略。",
    )
    assert (doc.organ, doc.year) == ("青山市人民政府", 2022)
    assert _found(doc, "late-publication") == []  # a government's deadline is 31 March


# -- figures in the text ------------------------------------------------------------------------


def _applications_report(*prose: str, received: int = 15, fee_unpaid: int = 0, six: tuple[str, ...] = ()) -> str:
    return "\n".join(
        [
            DEPT_TITLE,
            "一、总体情况",
            *prose,
            "三、收到和处理政府信息公开申请情况",
            *_table3(received, fee_unpaid),
            "六、其他需要报告的事项",
            *six,
        ]
    )


def test_figures_on_lines_of_their_own_are_read_and_answer_categories_are_not_the_total() -> None:
    text = _applications_report(
        "（二）依申请公开情况",
        "2022",
        "年我局共受理政府信息公开申请",
        "16",
        "件，其中已主动公开答复数",
        "1",
        "件，同意公开答复数",
        "9",
        "件。",
        "办理结果为：同意公开答复数",
        "9",
        "件、无法提供答复数",
        "5",
        "件。",
    )
    doc = govlint.parse_text(text)
    assert _found(doc, "prose-table-mismatch") == [6]  # at the 16 (the table says 15); 9 and 5 are parts


def test_a_thousands_separator_does_not_split_a_figure() -> None:
    doc = govlint.parse_text(_applications_report("全年共受理政府信息公开申请1,538件。", received=1583))
    assert _found(doc, "prose-table-mismatch") == [3]


def test_fee_notices_are_read_across_line_breaks() -> None:
    doc = govlint.parse_text(
        _applications_report(
            "本年度工作情况略。",
            fee_unpaid=1,
            six=("本年度共发出收费通知", "0", "件，未收取信息处理费。"),
        )
    )
    six = doc.section("六").line
    assert [six + 1] == _found(doc, "fee-statement")


def test_a_paragraph_opening_with_last_years_figures_is_read_across_line_breaks() -> None:
    doc = _doc(
        DEPT_TITLE,
        "一、总体情况",
        "2021",
        "年，我局共主动公开政府信息",
        "98",
        "条。",
    )
    assert _found(doc, "stale-reference") == [3]
