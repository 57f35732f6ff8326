"""Hand-made cases for the text parser: layouts, headings, metadata and what does not fit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import govlint
from govlint.model import CellState
from govlint.parse.layout import detect_layout

from .conftest import REPORTS

T4_HEADER = [
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
]


def _doc(*body: str, title: str = "某市某局2022年政府信息公开工作年度报告") -> govlint.Document:
    return govlint.parse_text("\n".join([title, *body]))


def _row(doc: govlint.Document, table: str, row: str) -> list[tuple[str, object]]:
    return [(c.state.value, c.value) for c in doc.tables[table] if c.row == row]


# -- layouts ------------------------------------------------------------------------------------


def test_lines_layout_reads_a_hidden_empty_cell_from_a_longer_gap() -> None:
    """One cell per line with one blank line between cells; three blank lines hide an empty cell."""
    doc = _doc(
        "二、主动公开政府信息情况",
        "",
        "第二十条第（一）项",
        "",
        "信息内容",
        "",
        "本年制发件数",
        "",
        "本年废止件数",
        "",
        "现行有效件数",
        "",
        "规章",
        "",
        "1",
        "",
        "",
        "",
        "3",
        "",
        "行政规范性文件",
        "",
        "0",
        "",
        "0",
        "",
        "2",
        "",
    )
    assert _row(doc, "active_disclosure", "rules") == [("number", 1), ("blank", None), ("number", 3)]
    assert _row(doc, "active_disclosure", "normative_documents") == [("number", 0), ("number", 0), ("number", 2)]


def test_tabs_layout_joins_continuation_lines_and_skips_placeholders() -> None:
    body = [
        "三、收到和处理政府信息公开申请情况",
        "\t申请人情况",
        "",
        "\t",
        "\t自",
        "然",
        "人",
        "\t法人或其他组织",
        "\t总计",
        "",
        "\t三、",
        "本年度办理结果",
        "\t（一）予以公开",
        *["\t2"] * 6,
        "\t12",
        "",
        "\t",
        "\t（二）部分公开（区分处理的，只计这一情形，",
        "不计其他情形）",
        *["\t0"] * 6,
        "\t",
        "0",
        "",
    ]
    doc = _doc(*body)
    assert _row(doc, "applications", "granted") == [("number", 2)] * 6 + [("number", 12)]
    assert _row(doc, "applications", "partial") == [("number", 0)] * 7
    partial = next(r for r in doc.tables["applications"].rows if r.key == "partial")
    assert partial.match == "exact" and partial.line == 24


def test_pipes_layout_drops_phantom_cells_of_merged_columns() -> None:
    doc = _doc(
        "四、政府信息公开行政复议、行政诉讼情况",
        "| 行政复议 | 行政诉讼 | |||||||||||||",
        "| " + " | ".join(T4_HEADER[2:7]) + " | 未经复议直接起诉 | 复议后起诉 | ||||||||",
        "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | | | | | 0 | | | |",
    )
    got = _row(doc, "review_litigation", "cases")
    assert got == [
        ("number", 1),
        *[("number", 0)] * 3,
        ("number", 1),
        *[("number", 0)] * 5,
        *[("blank", None)] * 4,
        ("number", 0),
    ]


def test_rows_layout_cuts_run_together_numbers_using_the_row_total() -> None:
    doc = _doc(
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 120000012",
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
    )
    table = doc.tables["applications"]
    assert _row(doc, "applications", "new_received") == [("number", 12), *[("number", 0)] * 5, ("number", 12)]
    assert all(c.recovered for c in table if c.row == "new_received")
    assert _row(doc, "applications", "carried_over") == [("number", 0)] * 7
    assert table.problems == ()


def test_an_ambiguous_run_together_row_is_left_unread_with_a_problem() -> None:
    doc = _doc(
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 1111113",
        "二、上年结转政府信息公开申请数量 0000000",
    )
    table = doc.tables["applications"]
    assert _row(doc, "applications", "new_received") == []  # 1+1+1+1+1+1 ≠ 3 and no other cut fits
    assert [(p.code, p.row) for p in table.problems] == [("short-row", "new_received")]
    assert "new_received" in table.found_rows
    # 表二 has no identity: "123" may be 1|2|3, or 12|3 or 123 with blank cells dropped. Only
    # digits that cannot be fewer numbers ("000") prove a cut there (issue: 487 read as 4|8|7).
    doc = _doc("二、主动公开政府信息情况", "第二十条第（一）项", "规章 123")
    assert _row(doc, "active_disclosure", "rules") == []
    assert [(p.code, p.row) for p in doc.tables["active_disclosure"].problems] == [("ambiguous-split", "rules")]
    assert doc.tables["active_disclosure"].problems[0].candidates == (("1", "2", "3"),)  # the evidence
    doc = _doc("二、主动公开政府信息情况", "第二十条第（一）项", "规章 000")
    assert _row(doc, "active_disclosure", "rules") == [("number", 0)] * 3
    doc = _doc("二、主动公开政府信息情况", "第二十条第（一）项", "规章 1234")
    assert [p.code for p in doc.tables["active_disclosure"].problems] == ["ambiguous-split"]


def test_table_four_spacer_row_is_not_the_data_row() -> None:
    body = [
        "四、政府信息公开行政复议、行政诉讼情况",
        *[f"\t{h}" for h in T4_HEADER],
        "",
        *["\t"] * 15,
        "",
        *["\t0"] * 15,
        "",
    ]
    doc = _doc(*body)
    assert _row(doc, "review_litigation", "cases") == [("number", 0)] * 15


def test_an_all_blank_table_four_row_is_still_read() -> None:
    body = ["四、政府信息公开行政复议、行政诉讼情况", *[f"\t{h}" for h in T4_HEADER], "", *["\t"] * 15, ""]
    doc = _doc(*body)
    assert _row(doc, "review_litigation", "cases") == [("blank", None)] * 15


def test_header_total_is_not_the_results_total_row() -> None:
    doc = govlint.parse(REPORTS / "000_18b1a800694c3a55.txt")
    row = next(r for r in doc.tables["applications"].rows if r.key == "results_total")
    assert row.line == 488 and row.match == "exact"


def test_rows_the_template_lacks_are_kept_and_marked() -> None:
    doc = _doc(
        "二、主动公开政府信息情况", "第二十条第（一）项", "规章 0 0 0", "行政规范性文件 0 0 0", "其他主动公开文件 5 5 5"
    )
    table = doc.tables["active_disclosure"]
    assert [(e.label, e.cells) for e in table.extra_rows] == [("其他主动公开文件", ("5", "5", "5"))]
    assert all(c.value == 0 for c in table)


def test_missing_rows_have_no_cells() -> None:
    doc = govlint.parse(REPORTS / "003_32c7538ebe09f062.txt")
    table = doc.tables["active_disclosure"]
    assert table.missing_rows == ("rules",)
    assert table.cell("rules", "made") is None
    assert doc.to_dict()["missing_rows"] == {"active_disclosure": ["rules"]}


def test_detect_layout_names_each_rendering() -> None:
    assert detect_layout(["a", "", "b", "", "c", ""]) == "lines"
    assert detect_layout(["\ta", "\tb", "", "\tc"]) == "tabs"
    assert detect_layout(["| a | b |", "|---|---|", "| 1 | 2 |"]) == "pipes"
    assert detect_layout(["规章 0 0 0", "行政规范性文件 0 0 0"]) == "rows"


# -- headings, sections, metadata ---------------------------------------------------------------------


def test_table_row_labels_are_not_section_headings() -> None:
    doc = govlint.parse(REPORTS / "004_5f5cda31151d78ea.txt")
    assert [(s.numeral, s.line) for s in doc.sections] == [
        ("一", 11),
        ("二", 25),
        ("三", 87),
        ("四", 519),
        ("五", 589),
        ("六", 595),
    ]


def test_duplicated_heading_is_kept_twice() -> None:
    doc = govlint.parse(REPORTS / "000_18b1a800694c3a55.txt")
    assert [s.line for s in doc.sections if s.numeral == "六"] == [596, 598]


def test_heading_numbered_with_arabic_digit_still_names_its_section() -> None:
    doc = govlint.parse(REPORTS / "001_af7ba795f29cd9b9.txt")
    four = doc.section("四")
    assert four is not None and four.line == 354
    assert (four.heading.enumerator, four.heading.style) == ("4、", "arabic")
    one = doc.section("一")
    assert one is not None
    assert [(h.enumerator, h.ordinal) for h in one.subheadings] == [
        ("（1）", 1),
        ("（二）", 2),
        ("（3）", 3),
        ("（四）", 4),
        ("（5）", 5),
    ]


def test_table_printed_before_its_heading_is_read_where_it_stands() -> None:
    doc = govlint.parse(REPORTS / "002_cf57586f910dba13.txt")
    four = doc.section("四")
    table = doc.tables["review_litigation"]
    assert four is not None and table.start_line is not None
    assert table.start_line < four.line == 427


def test_title_split_over_two_lines() -> None:
    doc = govlint.parse(REPORTS / "002_cf57586f910dba13.txt")
    assert doc.title == "乌海市工业和信息化局2022年政府信息公开工作年度报告"
    assert doc.title_lines == (1, 2)


def test_report_without_title_takes_organ_from_signature_and_year_from_body() -> None:
    doc = govlint.parse(REPORTS / "003_32c7538ebe09f062.txt")
    assert doc.title is None and "no-title" in [n.code for n in doc.notes]
    assert doc.organ_evidence is not None and (doc.organ_evidence.source, doc.organ_evidence.line) == ("signature", 74)
    assert doc.year == 2022 and doc.year_evidence[0].source == "body"
    assert doc.signed == dt.date(2023, 2, 3) and doc.published is None


def test_page_metadata_date_wins_over_a_damaged_signature() -> None:
    doc = govlint.parse(REPORTS / "004_5f5cda31151d78ea.txt")
    assert doc.published == dt.date(2022, 1, 26)
    assert doc.published_evidence is not None and doc.published_evidence.line == 5
    assert doc.signed is None  # "2022126日" lost its 年 and 月


@pytest.mark.parametrize("date", ["2023年2月3日", "2023-02-03", "2023.2.3", "二〇二三年二月三日", "2023/2/3"])
def test_signature_date_forms(date: str) -> None:
    doc = _doc("一、总体情况", "正文。", "某市某局", date)
    assert doc.signed == dt.date(2023, 2, 3)


def test_format_version_and_its_evidence() -> None:
    doc = govlint.parse(REPORTS / "001_af7ba795f29cd9b9.txt")
    assert doc.template == "2019"
    signals = {e.source.removeprefix("signal:") for e in doc.template_evidence if e.value == "2019"}
    assert {"本年新制作数量", "上一年项目数量", "政府集中采购"} <= signals
    assert not [e for e in doc.template_evidence if e.value == "2021"]


def test_paragraphs_exclude_tables_and_headings() -> None:
    doc = govlint.parse(REPORTS / "003_32c7538ebe09f062.txt")
    lines = {p.line for p in doc.paragraphs}
    assert 2 not in lines and 34 not in lines  # heading 一, a table 三 row
    assert {3, 5, 7} <= lines
    assert next(p for p in doc.paragraphs if p.line == 7).section == "一"


def test_cell_states_are_kept_as_printed() -> None:
    doc = govlint.parse(REPORTS / "000_18b1a800694c3a55.txt")
    fee = doc.tables["active_disclosure"].cell("admin_fees", "fees")
    assert fee is not None and (fee.state, fee.raw, fee.line) == (CellState.BLANK, "\u00a0", 84)
    t4 = doc.tables["review_litigation"]
    assert [c.state.value for c in t4][:5] == ["number", "blank", "number", "blank", "number"]


# -- pandas views ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["000_18b1a800694c3a55.txt", "001_af7ba795f29cd9b9.txt", "003_32c7538ebe09f062.txt"])
def test_frame_and_cells_views_agree_with_the_grid(name: str) -> None:
    doc = govlint.parse(REPORTS / name)
    for table in doc.tables.values():
        frame = table.frame
        assert list(frame.index) == [label for _, label in table.rows_axis.items]
        assert list(frame.columns) == [label for _, label in table.columns_axis.items]
        for cell in table:
            got = frame.loc[table.rows_axis.label(cell.row), table.columns_axis.label(cell.col)]
            if cell.value is None:
                assert got is pd.NA
            else:
                assert got == cell.value
        tidy = table.cells
        assert len(tidy) == len(table)
        assert list(tidy["state"]) == [c.state.value for c in table]
        assert list(tidy["raw"]) == [c.raw for c in table]


def test_frame_dtypes_are_nullable() -> None:
    doc = govlint.parse(REPORTS / "000_18b1a800694c3a55.txt")
    assert set(doc.tables["applications"].frame.dtypes.astype(str)) == {"Int64"}
    t2 = doc.tables["active_disclosure"].frame
    assert str(t2["本年收费金额（单位：万元）"].dtype) == "Float64"
    assert t2.loc["行政事业性收费", "本年收费金额（单位：万元）"] is pd.NA  # printed blank
    assert t2.loc["行政许可", "本年制发件数"] is pd.NA  # no such cell in the template
    assert doc.tables["applications"].frame.sum().sum() == 0


# -- regressions from review: never a wrong value in silence -------------------------------------

T2_HEAD = ["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数"]


@pytest.mark.parametrize(
    "rows",
    [
        [
            "| 第二十条第（一）项 | | | |",
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
            "| 规章 | 10 | 5 |",
        ],
        ["第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数", "规章\t10\t5"],
        ["第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数", "规章 10 5"],
    ],
    ids=["pipes", "tab-separated", "rows"],
)
def test_a_short_row_is_not_filled_by_cutting_a_number(rows: list[str]) -> None:
    doc = _doc("二、主动公开政府信息情况", *rows)
    assert _row(doc, "active_disclosure", "rules") == []
    assert [(p.code, p.row) for p in doc.tables["active_disclosure"].problems] == [("short-row", "rules")]


def test_numbers_glued_with_a_leading_zero_are_cut() -> None:
    doc = _doc(*T2_HEAD, "规章 00 0")
    assert _row(doc, "active_disclosure", "rules") == [("number", 0)] * 3


@pytest.mark.parametrize("rule", ["|-|-|", "|:-:|:--|", "| --- | --- |"])
def test_markdown_rule_rows_of_any_length_are_skipped(rule: str) -> None:
    doc = _doc(
        "四、政府信息公开行政复议、行政诉讼情况",
        "| " + " | ".join(T4_HEADER) + " |",
        rule,
        "| " + " | ".join(["1", "0", "0", "0", "1"] + ["0"] * 10) + " |",
    )
    assert [v for _, v in _row(doc, "review_litigation", "cases")] == [1, 0, 0, 0, 1] + [0] * 10


def test_trailing_digits_of_a_text_cell_stay_in_it() -> None:
    body = [
        "二、主动公开政府信息情况",
        "\t第二十条第（五）项",
        "",
        "\t信息内容",
        "\t本年处理决定数量",
        "",
        "\t行政许可",
        "\t减少3",
        "",
    ]
    doc = _doc(*body)
    assert [(c.raw, c.state.value) for c in doc.tables["active_disclosure"] if c.row == "licensing"] == [
        ("减少3", "text")
    ]


def test_a_note_under_a_tab_table_is_not_glued_to_the_last_cell() -> None:
    body = [
        "二、主动公开政府信息情况",
        "\t第二十条第（五）项",
        "",
        "\t行政许可",
        "\t0",
        "注：本年度无依申请公开事项。",
        "三、收到和处理政府信息公开申请情况",
    ]
    doc = _doc(*body)
    assert _row(doc, "active_disclosure", "licensing") == [("number", 0)]
    assert any(p.text.startswith("注：") for p in doc.paragraphs)


def test_a_header_repeated_after_a_page_break_keeps_the_total_row() -> None:
    text = (REPORTS / "003_32c7538ebe09f062.txt").read_text(encoding="utf-8").split("\n")
    repeated = text[:45] + text[30:33] + text[45:]  # the three header rows again before row （四）1
    doc = govlint.parse_text("\n".join(repeated))
    table = doc.tables["applications"]
    assert _row(doc, "applications", "results_total") == [("number", 1), *[("number", 0)] * 5, ("number", 1)]
    assert table.problems == ()


@pytest.mark.parametrize(
    "rows",
    [
        ["| 第二十条第（五）项 | |", "| 信息内容 | 本年处理决定数量 |", "| 行政许可 | 不适用 |"],
        ["\t第二十条第（五）项", "", "\t信息内容", "\t本年处理决定数量", "", "\t行政许可", "\t不适用"],
    ],
    ids=["pipes", "tabs"],
)
def test_a_text_cell_is_a_cell(rows: list[str]) -> None:
    doc = _doc("二、主动公开政府信息情况", *rows)
    table = doc.tables["active_disclosure"]
    assert [(c.raw, c.state.value) for c in table if c.row == "licensing"] == [("不适用", "text")]
    assert table.extra_rows == () and table.problems == ()


def test_table_four_with_a_word_in_a_cell() -> None:
    doc = _doc(
        "四、政府信息公开行政复议、行政诉讼情况",
        "| " + " | ".join(T4_HEADER) + " |",
        "| " + " | ".join(["0"] * 14 + ["见说明"]) + " |",
    )
    assert [s for s, _ in _row(doc, "review_litigation", "cases")] == ["number"] * 14 + ["text"]


def test_lines_layout_reports_numbers_beyond_a_row() -> None:
    doc = _doc(
        *["二、主动公开政府信息情况", "", "第二十条第（一）项", "", "规章", "", "1", "", "2", "", "3", "", "4", ""]
    )
    table = doc.tables["active_disclosure"]
    # which three of the four numbers are the row's cannot be known: none is placed (was 1, 2, 3)
    assert _row(doc, "active_disclosure", "rules") == []
    assert [(p.code, p.row, p.detail) for p in table.problems] == [
        ("extra-cells", "rules", "4"),
        ("too-many-cells", "rules", "4/3: 1 | 2 | 3 | 4"),
    ]


def test_text_after_a_table_is_running_text() -> None:
    text = (REPORTS / "003_32c7538ebe09f062.txt").read_text(encoding="utf-8").split("\n")
    added = [*text[:58], "2022年，我局共收到政府信息公开申请1件。", "（一）办理情况", *text[58:]]
    doc = govlint.parse_text("\n".join(added))
    assert doc.tables["applications"].end_line == 58
    assert {59, 60} <= {p.line for p in doc.paragraphs}
    three = doc.section("三")
    assert three is not None and [h.line for h in three.subheadings] == [60]


# -- regressions from review: metadata and headings -------------------------------------------------

BODY = ["一、总体情况", "正文。", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况", "无。"]


def test_a_statistics_period_is_not_the_publication_date() -> None:
    doc = _doc("统计时间：2022年1月1日至2022年12月31日", *BODY)
    assert doc.published is None


@pytest.mark.parametrize(
    "before",
    [
        "首页 > 政府信息公开 > 年度报告 > 某市某局2021年政府信息公开工作年度报告",
        "上一篇：某市某局2021年政府信息公开工作年度报告",
    ],
    ids=["breadcrumb", "previous-link"],
)
def test_a_breadcrumb_or_link_is_not_the_title(before: str) -> None:
    doc = govlint.parse_text("\n".join([before, "某市某局2022年政府信息公开工作年度报告", *BODY]))
    assert (doc.title, doc.organ, doc.year) == ("某市某局2022年政府信息公开工作年度报告", "某市某局", 2022)


def test_a_title_broken_mid_phrase() -> None:
    doc = govlint.parse_text("\n".join(["某市某局2022年政府信息", "公开工作年度报告", *BODY]))
    assert (doc.organ, doc.year, doc.title_lines) == ("某市某局", 2022, (1, 2))


def test_organ_and_date_signed_on_one_line() -> None:
    doc = _doc(*BODY, "某市某局 2023年1月20日")
    assert (doc.signed, doc.organ_evidence.source if doc.organ_evidence else None) == (dt.date(2023, 1, 20), "title")


@pytest.mark.parametrize(
    "line",
    [
        "1.主动公开政府信息情况",
        "三、其他需要报告的事项较少，不再赘述。",
        "一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况",
    ],
    ids=["numbered-item", "sentence", "preamble-list"],
)
def test_lines_that_only_mention_a_section_are_not_headings(line: str) -> None:
    doc = govlint.parse_text("\n".join(["某市某局2022年政府信息公开工作年度报告", line, *BODY]))
    assert [(s.numeral, s.line) for s in doc.sections] == [("一", 3), ("二", 5), ("五", 6)]


def test_a_heading_followed_by_its_first_sentence() -> None:
    doc = _doc("一、总体情况。2022年，本局认真落实条例。")
    assert [(s.numeral, s.match) for s in doc.sections] == [("一", "prefix")]


def test_word_soft_line_breaks_are_text() -> None:
    data = (REPORTS / "003_32c7538ebe09f062.txt").read_text(encoding="utf-8").replace("。", "。\x0b", 24).encode()
    doc = govlint.parse_bytes(data)
    assert (
        doc.readable
        and doc.to_dict()["tables"] == govlint.parse(REPORTS / "003_32c7538ebe09f062.txt").to_dict()["tables"]
    )


def test_table_problems_reach_the_json() -> None:
    doc = _doc("二、主动公开政府信息情况", "第二十条第（一）项", "规章 1234")
    assert doc.to_dict()["problems"] == {
        "active_disclosure": [
            {
                "code": "ambiguous-split",
                "row": "rules",
                "line": 4,
                "detail": "1/3: 1234",
                "candidates": [["1", "2", "34"], ["1", "23", "4"], ["12", "3", "4"]],
            }
        ]
    }
