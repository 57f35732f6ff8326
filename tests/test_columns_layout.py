"""Text laid out in columns, as ``pdftotext -layout`` converts a PDF table.

A label wider than its column wraps over lines and the row's numbers stand on one of those
lines (the middle one when the cell is centred), so the label is printed in pieces around its
numbers; group labels (``（三）不予公开``) stand in pieces in a column of their own, between the
rows' lines. Before this reading, such a row was a row the template lacks, or its label's rest
and the group label's pieces were taken for its cells; with blank cells printed as nothing, a
row's numbers then filled the wrong columns.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint

from .reportgen import ColumnsOptions, Report, assert_printed_or_flagged, render_columns, report

_OPTIONS = st.builds(
    ColumnsOptions,
    width=st.integers(5, 16),
    group_width=st.integers(3, 7),
    align=st.sampled_from(["top", "middle", "bottom"]),
    spacing=st.integers(0, 1),
    blanks=st.just(False),
) | st.builds(  # blank cells printed as nothing (a row's lines without blank lines between them)
    ColumnsOptions,
    width=st.integers(5, 16),
    group_width=st.integers(3, 7),
    align=st.sampled_from(["top", "middle", "bottom"]),
    blanks=st.just(True),
)


@settings(max_examples=80, deadline=None)
@given(report(), _OPTIONS)
def test_columns_are_read_as_printed_or_not_at_all(generated: Report, options: ColumnsOptions) -> None:
    """No cell reads a value other than the printed one (a blank cell printed as nothing is
    blank or unread), and a cell left unread has a finding on its row or table."""
    data = render_columns(generated, options).encode()
    assert_printed_or_flagged(generated, data, "columns.txt", options.blanks, options)


# From ``pdftotext -layout`` of a real report's 表三 (huaian_city_2024.pdf, page 3, checked
# against the page): labels wrapped over three lines, the numbers on the middle one, and the
# group label （六）其他处理 in two pieces between a row's lines.
_HUAIAN = """\
三、收到和处理政府信息公开申请情况
                                                         申请人情况
                               自然人                                              总计
一、本年新收政府信息公开申请数量                3001        53       0        0    61       4   3119

二、上年结转政府信息公开申请数量                34          0        0        0        0    0    34

      （一）予以公开                   1288        21       0        0    50       3   1362

      （二）部分公开（区分处理的，只计这一情
                                447         7        0        0        0    0   454
      形，不计其他情形）

               5.要求行政机关确认或重新出
                                        1         0        0         0        0         0    1
               具已获取信息


               1、申请人无正当理由逾期不补

               正、行政机关不再处理其政府信           67        3        0         0        1         0    71
               息公开申请

     （六）其
               2、申请人逾期未按收费通知要
     他处理
               求缴纳费用、行政机关不再处理           6         0        0         0        0         0    6
               其政府信息公开申请


               3、其他                  108          2        0         0        0         0    110

四、结转下年度继续办理                          103          0        0         0        0         0    103
"""

_PRINTED = {
    "partial": (447, 7, 0, 0, 0, 0, 454),
    "not_processed.confirm_existing": (1, 0, 0, 0, 0, 0, 1),
    "other.no_correction": (67, 3, 0, 0, 1, 0, 71),
    "other.fee_unpaid": (6, 0, 0, 0, 0, 0, 6),
    "other.other": (108, 2, 0, 0, 0, 0, 110),
}


def test_labels_wrapped_around_their_numbers_are_read() -> None:
    document = govlint.parse_bytes(_HUAIAN.encode(), "layout.txt")
    table = document.tables["applications"]
    keys = [key for key, _ in table.columns_axis.items]
    for row, values in _PRINTED.items():
        assert [table.cell(row, col).value for col in keys] == list(values), row  # type: ignore[union-attr]
    labels = {r.key: r.raw_label for r in table.rows}
    assert labels["other.fee_unpaid"] == "2、申请人逾期未按收费通知要\n求缴纳费用、行政机关不再处理\n其政府信息公开申请"
    assert labels["partial"] == "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）"
    assert not [e for e in table.extra_rows if "要求行政机关" in e.label or "收费通知" in e.label]


_WRAPPED = (
    "某局2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    + " " * 25
    + "申请人情况\n"
    + " " * 25
    + "自然人   商业企业   科研机构   社会公益组织   法律服务机构   其他   总计\n"
    + "            一、本年新收政府         100       98       87      110      100      120      615\n"
    + "            信息公开申请数量\n\n"
    + "            （一）予以公开            27        0        0        0        0        0       27\n\n"
    + "            (二)  部分公开\n{numbers}\n"
    + "            这一情形，不计其他\n            情形)\n\n四、政府信息公开行政复议、行政诉讼情况\n\f"
)


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        # the label's second line holds the numbers: its words are the label's, not a cell
        (
            "            (区分处理的，只计          0        0        1        2       27        0       30",
            [0, 0, 1, 2, 27, 0, 30],
        ),
        # a cell printed as nothing: the row is reported (before, the label's words were read as
        # 自然人 and every number one column to the right)
        ("            (区分处理的，只计          0        0        1                27        0       28", None),
    ],
)
def test_a_label_wrapped_onto_its_numbers_line_is_not_a_cell(numbers: str, expected: list[int] | None) -> None:
    document = govlint.parse_text(_WRAPPED.format(numbers=numbers))
    table = document.tables["applications"]
    read = [c.value for c in table if c.row == "partial"]
    if expected is not None:
        assert read == expected
        return
    assert read == []
    missing = {f.location.row for f in govlint.lint(document).findings if f.rule == "missing-cell"}
    assert any("部分公开" in (row or "") for row in missing)


def test_labels_wrapped_around_their_numbers_in_a_narrow_table_are_found() -> None:
    """表二 of a 2019 report printed narrow, its headers one under the other and most of its
    rows blank: a label wrapped around its only number (``规 范性文　   22`` / ``件``, the
    gap after an ideographic space). Before, the region was not seen as laid out in columns,
    the two labels were not found, and their numbers went to the rows above (规章's
    对外公开总数量 read 22, 行政许可's 处理决定数量 15)."""
    header = ["          信息内容"]
    lines = ["某局2019年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（一）项", *header]
    lines += ["          本年新制作数量", "          本年新公开数量", "          对外公开总数量", "规章", ""]
    lines += ["规 范性文\u3000         22", "件", "", "第二十条第（五）项", *header, "          上一年项目数量"]
    lines += ["          本年增/减", "          处理决定数量", "行政许可", "", "其他对外 管         15", "理服务事项"]
    lines += ["", "三、收到和处理政府信息公开申请情况"]
    document = govlint.parse_text("\n".join(lines))
    table = document.tables["active_disclosure"]
    assert [c.value for c in table if c.value is not None] == []
    assert {p.row for p in table.problems} >= {"normative_documents", "other_services"}
