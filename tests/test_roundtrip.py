"""Round trip: a generated report rendered in each text layout parses back to its values and states.

The reports come from ``tests/reportgen.py``: random tables consistent with every identity of
the format, random blank cells, NBSP / U+3000 in labels, labels broken over lines.

The ``rows`` layout (PDF text, numbers run together) can only be read where one cut of the
numbers fits; there every row is either read exactly or reported. The regression tests at the
end pin the minimal inputs of five parser bugs these properties found.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, note, settings

import govlint
from govlint.model import Table
from govlint.templates import get_template

from .reportgen import (
    LAYOUTS,
    RENDERERS,
    TABLE_IDS,
    Layout,
    Report,
    RowsOptions,
    all_zero_report,
    expected_cells,
    holds,
    render_rows,
    report,
)

ROUNDTRIP = settings(max_examples=60, deadline=None)
SPLIT_PROBLEMS = {"ambiguous-split", "short-row"}
# Every hard case on: broken labels, full-width signs, negatives glued to the next number.
ROWS_OPTIONS = RowsOptions(break_labels=True, full_width_signs=True, glue_negatives=True)

Observed = dict[tuple[str, str], tuple[str, int | Decimal | None]]


def observed_cells(table: Table | None, report: Report, table_id: str) -> Observed:
    """{(row, col): (state, value)} for every template cell; ("missing", None) when not read."""
    spec = report.template.tables[table_id]
    out: Observed = {}
    for row, col in spec.template_cells():
        cell = None if table is None else table.cell(row.key, col.key)
        out[row.key, col.key] = ("missing", None) if cell is None else (cell.state.value, cell.value)
    return out


def _parse(text: str) -> govlint.Document:
    note(text)
    return govlint.parse_text(text)


def _assert_meta(doc: govlint.Document, report: Report) -> None:
    assert (doc.template, doc.year, doc.organ) == (report.version, report.year, report.organ)


@given(report())
@settings(max_examples=60, deadline=None)
def test_generated_reports_are_consistent(r: Report) -> None:
    assert holds(r.template, r.values) == []
    assert all(r.values[table][row, col] == 0 for table, row, col in r.blank)


@pytest.mark.parametrize("layout", [layout for layout in LAYOUTS if layout != "rows"])
@given(r=report())
@ROUNDTRIP
def test_roundtrip(layout: Layout, r: Report) -> None:
    doc = _parse(RENDERERS[layout](r))
    _assert_meta(doc, r)
    for table_id in TABLE_IDS:
        table = doc.tables.get(table_id)
        assert observed_cells(table, r, table_id) == expected_cells(r, table_id, layout), table_id
        assert table is not None
        assert table.layout == layout
        assert table.problems == ()


def _assert_rows_read_or_reported(table: Table, r: Report, table_id: str) -> None:
    """Each row is read exactly, or absent from the grid with a problem saying why."""
    spec = r.template.tables[table_id]
    got = observed_cells(table, r, table_id)
    want = expected_cells(r, table_id, "rows")
    problems = {p.row: p.code for p in table.problems}
    for row in spec.leaf_rows:
        keys = [(row.key, c.key) for c in spec.columns_of(row.key)]
        got_row = {k: got[k] for k in keys}
        if all(v == ("missing", None) for v in got_row.values()):
            assert problems.get(row.key) in SPLIT_PROBLEMS, (table_id, row.key, table.problems)
        else:
            assert got_row == {k: want[k] for k in keys}, (table_id, row.key)
            assert row.key not in problems, (table_id, row.key, table.problems)


@given(r=report())
@ROUNDTRIP
def test_roundtrip_rows_never_reads_wrong_values(r: Report) -> None:
    """Run-together numbers: every row is read exactly or left unread with a TableProblem."""
    doc = _parse(render_rows(r, ROWS_OPTIONS))
    _assert_meta(doc, r)
    for table_id in TABLE_IDS:
        table = doc.tables.get(table_id)
        assert table is not None, table_id
        assert table.layout == "rows"
        _assert_rows_read_or_reported(table, r, table_id)


@pytest.mark.parametrize("version", ["2019", "2021"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_all_zero_report_parses_completely(layout: Layout, version: str) -> None:
    r = all_zero_report(version)
    doc = govlint.parse_text(RENDERERS[layout](r))
    _assert_meta(doc, r)
    for table_id in TABLE_IDS:
        table = doc.tables[table_id]
        assert observed_cells(table, r, table_id) == expected_cells(r, table_id, layout)
        assert table.problems == ()
        assert table.layout == layout


def test_template_identities_are_the_ones_the_generator_builds_on() -> None:
    for version in ("2019", "2021"):
        ids = {c.identity for c in get_template(version).identity_checks}
        assert ids == {"T3_ROW_SUM", "T3_RESULTS_SUM", "T3_BALANCE", "T4_GROUP_SUM"}


# -- regressions: parser bugs found by the properties above (minimal inputs) -------------------


def _row_read_or_reported(table: Table, row: str, want: list[object]) -> bool:
    cells = [c for c in table if c.row == row]
    if cells:
        return [c.value for c in cells] == want and all(c.state.value == "number" for c in cells)
    return any(p.row == row and p.code in SPLIT_PROBLEMS for p in table.problems)


_T2_2019_ROWS = (
    "二、主动公开政府信息情况\n"
    "第二十条第（六）项\n信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n{penalty}\n行政强制000\n"
    "第二十条第（八）项\n信息内容\n上一年项目数量\n本年增/减\n{fees}\n"
    "第二十条第（九）项\n信息内容\n采购项目数量\n采购总金额\n{procurement}\n"
    "三、收到和处理政府信息公开申请情况\n"
)
_T2_PLAIN = {"penalty": "行政处罚000", "fees": "行政事业性收费00", "procurement": "政府集中采购00"}


def _table2_2019_rows(**lines: str) -> Table:
    doc = govlint.parse_text(_T2_2019_ROWS.format(**(_T2_PLAIN | lines)))
    assert doc.template == "2019"
    return doc.tables["active_disclosure"]


def test_rows_row_label_broken_over_two_lines() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n申请人情况\n"
        "一、本年新收政府信息\n公开申请数量0000000\n"
        "二、上年结转政府信息公开申请数量0000000\n"
    )
    table = govlint.parse_text(text).tables["applications"]
    # was: no cells, no problem; ExtraRow('公开申请数量', ('0000000',))
    assert _row_read_or_reported(table, "new_received", [0] * 7)


def test_rows_broken_header_cell_before_table4_data() -> None:
    text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n总\n计\n000000000000000\n五、存在的主要问题及改进情况\n"
    doc = govlint.parse_text(text)
    # was: no table 四 (note table-not-found); the numbers became ExtraRow('计', ('000000000000000',))
    assert "review_litigation" in doc.tables
    assert _row_read_or_reported(doc.tables["review_litigation"], "cases", [0] * 15)


def test_rows_full_width_minus_is_not_misread() -> None:
    table = _table2_2019_rows(fees="行政事业性收费 0－１０")  # 上一年项目数量 0, 本年增/减 -10
    # was: 1, 0 (label read as '行政事业性收费 0－', matched fuzzily) and no problem
    assert _row_read_or_reported(table, "admin_fees", [0, -10])


def test_rows_full_width_decimal_point_is_reported() -> None:
    table = _table2_2019_rows(procurement="政府集中采购３０５４．５")  # 30 件, 54.5
    # was: no cells, no problem; ExtraRow('政府集中采购３０５４．', ('５',)). ASCII '3054.5' gives short-row.
    assert _row_read_or_reported(table, "central_procurement", [30, Decimal("54.5")])


def test_rows_glued_negative_number_is_not_misread() -> None:
    table = _table2_2019_rows(penalty="行政处罚 12 -300")  # 12, -30, 0
    # was: 1, 2, -300 and no problem ('12' is cut, '-300' is kept whole)
    assert _row_read_or_reported(table, "penalty", [12, -30, 0])


def test_lines_table4_with_broken_column_labels() -> None:
    broken = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"]  # as seed 002 breaks them
    cells = ["行政复议", "行政诉讼", *broken, "未经复议直接起诉", "复议后起诉", *broken, *broken, *["0"] * 15]
    text = "四、政府信息公开行政复议、行政诉讼情况\n\n" + "\n\n".join(cells) + "\n\n五、存在的主要问题及改进情况\n"
    table = govlint.parse_text(text).tables["review_litigation"]
    # was: layout 'rows', no cells, TableProblem('short-row', 'cases', …, '1/15: 0'); 11 broken labels parse
    assert table.layout == "lines"
    assert [c.value for c in table] == [0] * 15
