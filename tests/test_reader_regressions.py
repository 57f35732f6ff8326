"""Inputs an adversarial review of the stream reader found it misread (minimal forms): each now
reads right or leaves the row unread with a problem, never a wrong value in silence."""

from __future__ import annotations

from decimal import Decimal

import pytest

import govlint
from govlint.model import Table

from .test_text_parser import T4_HEADER

HEAD = "某局2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
APPLICANTS = "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
NEXT = "\n四、政府信息公开行政复议、行政诉讼情况\n"
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _row(table: Table, key: str) -> list[object]:
    return [c.value if c.value is not None else c.state.value for c in table if c.row == key]


def _unread(table: Table, key: str) -> bool:
    return _row(table, key) == [] and any(p.row == key for p in table.problems)


def test_a_full_grid_whose_header_rows_are_narrower_keeps_every_printed_number() -> None:
    text = (
        f"## 三、收到和处理政府信息公开申请情况\n\n| {CORNER} |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
        "|  |  | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
        "| 一、本年新收政府信息公开申请数量 |  |  | 15 | 2 | 0 | 1 | 0 | 0 | 18 |\n"
        "| 二、上年结转政府信息公开申请数量 |  |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） |  | 2 | 0 | 0 | 0 | 0 | 0 | 2 |  |\n"
        "| 四、结转下年度继续办理 |  |  | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
    )
    table = govlint.parse_text(text).tables["applications"]
    assert _row(table, "carried_forward") == [2, 0, 0, 0, 0, 0, 2]
    assert _row(table, "partial") == [2, 0, 0, 0, 0, 0, 2]


_GRID = (
    f"## 三、收到和处理政府信息公开申请情况\n\n| {CORNER} |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |\n"
    "|---|---|---|---|---|---|---|---|---|\n"
    "| 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
    "| 一、本年新收政府信息公开申请数量 |  | 15 | 2 | 0 | 1 | 0 | 0 | 18 |\n"
    "| 二、上年结转政府信息公开申请数量 |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | {cells} |\n"
    "| 四、结转下年度继续办理 |  | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # A blank printed as a non-breaking or ideographic space is the author's cell, never a
        # merged column: the empty cell at the end is the phantom.
        ("\u00a0 | 0 | \u3000 | 0 | 0 | 0 | \u00a0 | ", ["blank", 0, "blank", 0, 0, 0, "blank"]),
        # Both ends empty: only one reading meets 总计 = the six columns.
        (" | 0 | 0 | 0 | 0 | 3 | 3 | ", ["blank", 0, 0, 0, 0, 3, 3]),
        (" | 2 | 0 | 0 | 0 | 0 | 2 | ", ["blank", 2, 0, 0, 0, 0, 2]),
    ],
)
def test_a_full_grid_row_with_empty_cells_at_both_ends_is_read_by_what_decides(
    cells: str, expected: list[object]
) -> None:
    text = _GRID.replace("{cells}", cells)
    table = govlint.parse_text(text).tables["applications"]
    assert _row(table, "partial") == expected
    assert _row(table, "carried_forward") == [2, 0, 0, 0, 0, 0, 2]


def test_a_printed_blank_the_headers_put_under_no_column_leaves_the_row_unread() -> None:
    # The headers printed in the grid's columns put the 0 under 自然人; the blank printed before
    # it (a non-breaking space: no converter's merged column) says it is 商业企业's.
    grid = _GRID.replace("| 自然人 | 商业企业 |", "|  |  | 自然人 | 商业企业 |")
    text = grid.replace("{cells}", "\u00a0 | 0 | \u3000 | 0 | 0 | 0 | \u00a0 | ")
    table = govlint.parse_text(text).tables["applications"]
    assert _unread(table, "partial")
    assert _row(table, "carried_forward") == [2, 0, 0, 0, 0, 0, 2]


def test_a_full_grid_row_nothing_decides_between_its_ends_is_unread() -> None:
    text = _GRID.replace("{cells}", " | 0 | 0 | 0 | 0 | 0 | 0 | ")
    table = govlint.parse_text(text).tables["applications"]
    assert _unread(table, "partial")
    result = govlint.lint_text(text)
    assert any(f.rule == "missing-cell" and "部分公开" in (f.location.row or "") for f in result.findings)


def test_more_numbers_than_columns_leave_the_row_unread() -> None:
    row = "（一）予以公开 8 1 0 - 3 - 1 0 0 9"  # a page number run into the row
    table = govlint.parse_text(HEAD + APPLICANTS + row + NEXT).tables["applications"]
    assert _unread(table, "granted")
    result = govlint.lint_text(HEAD + APPLICANTS + row + NEXT)
    assert any(f.rule == "missing-cell" and f.location.row == "（一）予以公开" for f in result.findings)
    assert not any(f.rule == "row-total" for f in result.findings)


def test_a_word_after_a_cell_is_not_dropped() -> None:
    text = "某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（八）项\n"
    text += "信息内容 本年收费金额（单位：万元）\n行政事业性收费 1 .5\n三、收到和处理政府信息公开申请情况\n"
    table = govlint.parse_text(text).tables["active_disclosure"]
    assert _unread(table, "admin_fees")


def test_units_printed_apart_from_their_numbers() -> None:
    for row in (
        "（一）予以公开 8 件 1 件 0 件 0 件 0 件 0 件 9 件",
        "（一）予以公开\n8\n件\n1\n件\n0\n件\n0\n件\n0\n件\n0\n件\n9\n件",
    ):
        table = govlint.parse_text(HEAD + APPLICANTS + row + NEXT).tables["applications"]
        assert _row(table, "granted") == [8, 1, 0, 0, 0, 0, 9], row


def test_a_date_between_table_fours_header_and_numbers_is_not_a_cell() -> None:
    header = list(T4_HEADER)
    header += ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    numbers = ["1", "0", "1", "0", "2", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"]
    lines = ["某局2021年政府信息公开工作年度报告", "四、政府信息公开行政复议、行政诉讼情况", *header]
    lines += ["统计时间：", "2021", "年1月1日至12月31日", *numbers, "五、存在的主要问题及改进情况", "无。"]
    table = govlint.parse_text("\n".join(lines)).tables["review_litigation"]
    assert _row(table, "cases") in ([1, 0, 1, 0, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0], [])
    assert _row(table, "cases") or _unread(table, "cases")


def test_a_sentence_naming_three_rows_is_not_table_two() -> None:
    article = (
        "某局2021年政府信息公开工作年度报告一、总体情况2021年，本局持续推进政务公开。"
        "全年办理行政许可100件、行政处罚40件、行政强制3件，均已按要求公开。"
        + "本段文字。"
        * 20
        + "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件000"
        "第二十条第（五）项信息内容本年处理决定数量行政许可120第二十条第（六）项信息内容本年处理决定数量行政处罚45行政强制3"
        "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0"
        "三、收到和处理政府信息公开申请情况本机关依法办理。五、存在的主要问题及改进情况无。六、其他需要报告的事项无。"
    )
    table = govlint.parse_text(article).tables["active_disclosure"]
    assert (_row(table, "licensing"), _row(table, "penalty"), _row(table, "enforcement")) == ([120], [45], [3])
    assert _row(table, "admin_fees") == [Decimal(0)]


def test_table_four_as_three_tables_in_any_order() -> None:
    groups = [("行政复议", "1 | 0 | 1 | 0 | 2"), ("行政诉讼（复议后起诉）", "0 | 0 | 0 | 0 | 0")]
    groups.append(("行政诉讼（未经复议直接起诉）", "0 | 1 | 0 | 0 | 1"))
    text = "# 某局2021年政府信息公开工作年度报告\n\n## 四、政府信息公开行政复议、行政诉讼情况\n\n"
    for name, values in groups:
        text += (
            f"### {name}\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| {values} |\n\n"
        )
    table = govlint.parse_text(text + "## 五、存在的主要问题及改进情况\n无。\n").tables["review_litigation"]
    assert _row(table, "cases") == [1, 0, 1, 0, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]


def test_a_reference_to_a_section_inside_a_sentence_is_not_a_heading() -> None:
    article = (
        "某局2021年政府信息公开工作年度报告一、总体情况2021年，本局持续推进政务公开，复议诉讼情况详见"
        "四、政府信息公开行政复议、行政诉讼情况。" + "本段文字。" * 40 + "二、主动公开政府信息情况无。"
        "三、收到和处理政府信息公开申请情况无。四、政府信息公开行政复议、行政诉讼情况无。"
        "五、存在的主要问题及改进情况无。六、其他需要报告的事项无。"
    )
    assert [s.numeral for s in govlint.parse_text(article).sections] == list("一二三四五六")


@pytest.mark.parametrize("misread", ["3O", "1l", "5OO"])
def test_a_number_misread_with_letters_is_no_number_nor_part_of_the_next_label(misread: str) -> None:
    """OCR's O for 0: the letters were glued to the next row's label as words of it, and the
    digit before them read as the cell (3O → 3)."""
    from .reportgen import FAMILIES, all_zero_report

    text = FAMILIES["spans"](all_zero_report("2021")).replace("行政处罚\n0\n", f"行政处罚\n{misread}\n", 1)
    table = govlint.parse_text(text).tables["active_disclosure"]
    assert [(c.raw, c.value) for c in table.grid if c.row == "penalty"] == [(misread, None)]
    assert [(r.raw_label, r.match) for r in table.rows if r.key == "enforcement"] == [("行政强制", "exact")]


def test_cells_spaced_in_thousands_are_not_cut_at_the_space() -> None:
    """A row with blank cells left out and numbers printed 1 000: the space may be a thousands
    separator, so the cells are not cut there unless the identities prove it (they were read
    1 | 000 | 2 | 200 …, every value wrong)."""
    from .reportgen import all_zero_report, render_pipes

    text = render_pipes(all_zero_report("2021"))
    row = next(line for line in text.split("\n") if "（一）予以公开" in line)
    table = govlint.parse_text(text.replace(row, "| （一）予以公开 | 1 000 | 2 200 | 700 | 3 900 |")).tables[
        "applications"
    ]
    assert [c for c in table.grid if c.row == "granted"] == []
    assert [p.code for p in table.problems if p.row == "granted"] == ["short-row"]


def test_the_numbers_of_a_row_whose_label_is_in_pieces_are_not_the_row_above() -> None:
    """A row cut by a PDF page break, as its text comes out: the label in pieces between the
    numbers (``(六）其 1.申请人无正当 26 19 6`` / ``他处理理由逾期不补 51`` …), after a row of
    blank cells. The numbers were read as the blank row's (research 26 … total 51); they follow
    another row's label (``1.申请人无正当``), so they are not its."""
    from .reportgen import all_zero_report, render_tabs

    text = render_tabs(all_zero_report())
    start = text.index("\t5.要求行政机关确认")
    end = text.index("\t\n\t\n\t2.申请人逾期未按")
    cut = "\t5.要求行政机关确认或重新出具已获取信息\n" + "\t\n" * 7
    cut += "\n(六）其 1.申请人无正当 26 19 6\n他处理理由逾期不补 51\n正、行政机关不\n再处理其政\n府信息公开申请\n\n"
    document = govlint.parse_text(text[:start] + cut + text[end:], "report.txt")
    table = document.tables["applications"]
    assert not any(isinstance(v, int) for v in _row(table, "not_processed.confirm_existing"))
    findings = {(f.rule, f.location.row, f.actual) for f in govlint.lint(document).findings}
    assert ("missing-cell", "5.要求行政机关确认或重新出具已获取信息", "1/7: 其") in findings
    assert ("missing-row", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", None) in findings
    assert any(rule == "extra-row" and actual == "1.申请人无正当" for rule, _, actual in findings)
