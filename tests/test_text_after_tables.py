"""A line printed right after a table, or between the parts of a split one (a note, 续表, a
unit, a page number), is never read as a cell of the row before it: every cell is read as
printed or not at all (a rendering family the round trips lacked: its blank cells were dropped
and the values moved one column left, with no problem reported)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import govlint

from .reportgen import RENDERERS, TABLE_IDS, Layout, Report, all_zero_report, expected_cells, render_html, report
from .test_roundtrip import observed_cells

AFTER = ["注：本表数据统计期限为1月1日至12月31日。", "续表", "表三（续）", "单位：件", "3", "— 3 —"]
_NEXT_HEADINGS = re.compile(r"^[ \t\u00a0\u3000]*[三四五]、", re.MULTILINE)


def _wrong(document: govlint.Document, r: Report, layout: Layout) -> list[tuple[str, str, str, object, object]]:
    """Cells read with a value other than printed, or blank where a value was printed. A cell
    read with no value (not read, or text an ``invalid-number`` finding names) is no wrong value."""
    wrong = []
    for table_id in TABLE_IDS:
        seen = observed_cells(document.tables.get(table_id), r, table_id)
        for key, printed in expected_cells(r, table_id, layout).items():
            state, value = seen[key]
            if seen[key] != printed and (value is not None or state == "blank"):
                wrong.append((table_id, *key, printed, seen[key]))
    return wrong


@pytest.mark.parametrize("layout", ["lines", "tabs", "pipes"])
@given(r=report(), after=st.sampled_from(AFTER), apart=st.booleans())
@settings(max_examples=40, deadline=None)
def test_a_line_after_each_table_is_no_cell(layout: Layout, r: Report, after: str, apart: bool) -> None:
    """Right under the last row, or as a paragraph of its own."""
    line = f"\n{after}\n" if apart else after
    text = _NEXT_HEADINGS.sub(lambda m: f"{line}\n{m.group(0)}", RENDERERS[layout](r))
    note(text)
    assert _wrong(govlint.parse_text(text), r, layout) == []


@given(r=report(), after=st.sampled_from(AFTER))
@settings(max_examples=30, deadline=None)
def test_a_paragraph_after_each_html_table_is_no_cell(r: Report, after: str) -> None:
    page = render_html(r).replace("</table>", f"</table>\n<p>{after}</p>")
    note(page)
    document = govlint.parse_bytes(page.encode("utf-8"), "report.html")
    assert _wrong(document, r, "html") == []  # type: ignore[arg-type]


def test_table_four_copied_as_tab_separated_text_keeps_its_columns() -> None:
    """Word's "save as text" of 表四: merged header cells leave empty fields on the header
    lines; they pad the headers and are none of the row's cells."""
    text = "\n".join(
        [
            "某局2022年政府信息公开工作年度报告",
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议\t行政诉讼",
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉",
            "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
            "1\t0\t0\t0\t1\t0\t2\t0\t0\t2\t\t\t\t\t",
            "",
            "五、存在的主要问题及改进情况",
            "无。",
        ]
    )
    table = govlint.parse_text(text).tables["review_litigation"]
    values = [c.value for c in table.grid]
    assert values == [1, 0, 0, 0, 1, 0, 2, 0, 0, 2, None, None, None, None, None]
    assert [c.state.value for c in table.grid][10:] == ["blank"] * 5


@pytest.mark.parametrize(
    ("raw", "state"),
    [("03", "text"), ("0\n3", "text"), ("3\n3", "text"), ("3 \r\n 3", "text"), ("1,\n234", "text")],
)
def test_a_count_with_a_leading_zero_or_on_two_lines_is_no_number(raw: str, state: str) -> None:
    """Two things run together (a cell and a page number under it): which is the cell is unknown."""
    from govlint.parse.cells import read_as

    assert read_as(raw, "count", None)[:2] == (govlint.CellState(state), None)
    assert read_as("30", "count", None)[1] == 30 and read_as("1 234", "count", None)[1] == 1234
    assert read_as("0.5", "money", "万元")[1] == Decimal("0.5")


def test_a_grid_tables_borders_are_no_cells() -> None:
    """pandoc's grid table: with a blank cell in a row, the border was read as its last cell."""
    border = "+--------------------+--------+--------+--------+"
    rows = [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "", "7", "30"],
    ]
    lines = ["某局2022年政府信息公开工作年度报告", "二、主动公开政府信息情况", border]
    for row in rows:
        lines += ["| " + " | ".join(row) + " |", border]
    lines += ["三、收到和处理政府信息公开申请情况", "无。"]
    table = govlint.parse_text("\n".join(lines)).tables["active_disclosure"]
    assert [c.value for c in table.grid if c.row == "normative_documents"] == [None, 7, 30]


@pytest.mark.parametrize("layout", ["lines", "spans"])
def test_a_blank_line_after_a_label_with_nothing_after_the_row_keeps_its_cells(layout: str) -> None:
    """One empty cell too many before the numbers: the label's merged column, as the row's own
    total proves (1 + … + 6 = 21), not a blank cell with a number after the row."""
    from .reportgen import FAMILIES

    report = all_zero_report("2021")
    text = RENDERERS["lines"](report) if layout == "lines" else FAMILIES["spans"](report)
    label = "四、结转下年度继续办理"
    start = text.index(label) + len(label)
    end = text.index("四、", start)  # the next section's heading
    apart = "\n\n" if layout == "lines" else "\n"  # between cells: a blank line, or a line break
    cells = "".join(f"{apart}{v}" for v in ("\u3000", 1, 2, 3, 4, 5, 6, 21))
    table = govlint.parse_text(text[:start] + cells + "\n\n" + text[end:]).tables["applications"]
    assert [c.value for c in table.grid if c.row == "carried_forward"] == [1, 2, 3, 4, 5, 6, 21]
