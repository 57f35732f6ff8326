"""Text of a PDF as ``pdftotext`` gives it without ``-layout``.

``pdftotext -raw`` prints a row's label and numbers on one line, but a full-width number
wider than its cell wraps: its pieces stand on lines of their own (``８`` / ``５``), and the
row's next numbers on a new line; the space after a full-width number is lost (``１１５137``).
``pdftotext`` without a flag prints every cell as a block of its own, in the order of the
page's blocks, which is not always the table's: a row's numbers after the next row's label,
a piece of a header among the numbers. With blank cells printed as nothing, a row's count of
numbers proves nothing. Before this reading, such rows were filled by count, and read wrong.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

import govlint

from .reportgen import PdfTextOptions, Report, assert_printed_or_flagged, expected_cells, render_pdftext, report

_OPTIONS = st.builds(
    PdfTextOptions,
    mode=st.sampled_from(["raw", "flowed"]),
    width=st.integers(4, 16),
    digits=st.integers(1, 3),
    glue=st.booleans(),
    blanks=st.booleans(),
    moved=st.sampled_from([0.0, 0.2, 0.5]),
    words=st.sampled_from([0.0, 0.2]),
    joined=st.sampled_from([0.0, 0.1]),
)


@settings(max_examples=80, deadline=None)
@given(report(), _OPTIONS)
def test_pdf_text_is_read_as_printed_or_not_at_all(generated: Report, options: PdfTextOptions) -> None:
    """No cell reads a value other than the printed one (a blank cell printed as nothing is
    blank or unread), and a cell left unread has a finding on its row or table."""
    data = render_pdftext(generated, options).encode()
    assert_printed_or_flagged(generated, data, "pdftotext.txt", options.blanks, options)


@settings(max_examples=30, deadline=None)
@given(report(), st.integers(4, 16), st.sampled_from(["raw", "flowed"]), st.booleans())
def test_pdf_text_in_the_tables_order_is_read_whole(generated: Report, width: int, mode: str, join: bool) -> None:
    """The other side: with zeros printed and no number wrapped or moved, every cell of 表三
    is read, also where pdftotext joined two blocks of zeros on a line (``0 0``): the guards
    above must not cost a table printed in order. (A guard: the code before read these too.)"""
    options = PdfTextOptions(mode=mode, width=width, digits=20)  # type: ignore[arg-type]
    assume(not any(t == "applications" for t, *_ in generated.blank))
    text = render_pdftext(generated, options)
    if join:  # the first two zeros of 表三 that stand as blocks of their own, on one line
        at = text.index("三、收到和处理")
        text = text[:at] + text[at:].replace("\n0\n\n0\n", "\n0 0\n", 1)
    document = govlint.parse_bytes(text.encode(), "pdftotext.txt")
    table = document.tables["applications"]
    for (row, col), (_, value) in expected_cells(generated, "applications", "rows").items():
        cell = table.cell(row, col)
        note(f"{options} {row} {col}: {cell}")
        assert cell is not None and cell.value == value


# Real pdftotext 22.12 output: a report made by tests/reportgen.py, printed to PDF by Chromium
# with zeros printed blank and now and then full-width digits, then converted by pdftotext:
# 表三's section of ``-raw`` and of the default mode (see tests/data/pdftotext/README.md).
_DATA = Path(__file__).parent / "data" / "pdftotext"


def _applications(name: str) -> tuple[govlint.Table, set[str]]:
    """表三 of a file, and the keys of its rows with a missing-cell finding."""
    document = govlint.parse(_DATA / name)
    findings = govlint.lint(document).findings
    table = document.tables["applications"]
    keys = {table.rows_axis.label(key): key for key, _ in table.rows_axis.items}
    missing = {
        keys[f.location.row] for f in findings if f.rule == "missing-cell" and f.location.table == "applications"
    }
    return table, missing


def _row(table: govlint.Table, key: str) -> list[object]:
    """The row's values, None where a cell has no value or was not read."""
    return [getattr(table.cell(key, col), "value", None) for col, _ in table.columns_axis.items]


def test_raw_text_reads_two_numbers_run_together_and_reports_wrapped_ones() -> None:
    """``… 9 73 41 １１５137 95 470``: 115 and 137 (their sum with the others is 470).
    ``(七 )总计`` / ``１１`` / ``８`` / ``79 41 …``: 118 wrapped over two lines, and
    ``… 10 17 3`` / ``１`` / ``８`` / ``３ 51``: 18 wrapped. Before, those rows read 11, 8, 79 …
    and 10, 17, 3, 1, 8, 3, 51."""
    table, missing = _applications("raw_table3.txt")
    assert _row(table, "new_received") == [9, 73, 41, 115, 137, 95, 470]
    for key in ("results_total", "denied.enforcement_file"):
        assert _row(table, key) == [None] * 7, key
        assert key in missing, key
    labels = {r.key: r.raw_label for r in table.rows}
    assert {"(七 )总计", "7.属于行政执法 案卷"} <= {labels[k] for k in ("results_total", "denied.enforcement_file")}


def test_flowed_text_does_not_give_a_row_the_numbers_after_its_label_unproven() -> None:
    """``（七）总计`` / ``四、结`` / ``转下年度继续办理`` / ``24`` … ``117``: the total row's
    numbers (24+17+6+5+34+31 = 117) printed after the next row's label; 结转下年度 is blank
    in the PDF. Before, it read 24, 17, 6, 5, 34, 31, 117."""
    table, missing = _applications("flowed_table3.txt")
    assert _row(table, "carried_forward") == [None] * 7
    assert _row(table, "results_total") == [None] * 7
    assert {"carried_forward", "results_total"} <= missing


def test_flowed_text_leaves_a_row_of_zeros_under_an_unread_row_unproven() -> None:
    """``一、本年新收`` has one number after its label (its blank cells print nothing), so it
    is unread; ``二、上年结 转`` then has seven zeros after its label, but only three are its
    own (its 自然人, 科研机构, 法律服务机构 and 总计 are blank in the PDF), the rest the
    rows' below. Zeros meet any identity: the row is unread, not read as seven 0s. Before, it
    read 0 in the four blank cells."""
    table, missing = _applications("flowed_zeros_table3.txt")
    assert _row(table, "new_received") == [None] * 7
    assert _row(table, "carried_over") == [None] * 7
    assert {"new_received", "carried_over"} <= missing


def test_flowed_text_does_not_read_a_row_with_two_blocks_on_one_line() -> None:
    """``0 １`` / ``８``: a 0 and a full-width 18 wrapped in its cell, its first piece on the
    0's line. Two texts for two cells, but the first is two values: which is whose cannot be
    known, so the row is unread (before, 本年增/减 read 8 and 上一年项目数量 no number)."""
    blocks = ["某局2019年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（五）项", "信息内容"]
    blocks += ["上一年项目数量", "本年增/减", "处理决定数量", "行政许可", "3", "0", "12", "其他对外管理服务事项"]
    blocks += ["8", "0", "5", "第二十条第（八）项", "信息内容", "上一年项目数量", "本年增/减", "行政事业性收费"]
    blocks += ["0 １", "８", "三、收到和处理政府信息公开申请情况"]
    text = "\n\n".join(blocks) + "\n\f"
    document = govlint.parse_text(text)
    table = document.tables["active_disclosure"]
    assert [c.value for c in table if c.row == "admin_fees"] == []
    assert [c.value for c in table if c.row == "other_services"] == [8, 0, 5]
    missing = {f.location.row for f in govlint.lint(document).findings if f.rule == "missing-cell"}
    assert "行政事业性收费" in missing


def test_a_full_width_number_wrapped_in_its_cell_is_not_read_in_pieces() -> None:
    """``行政处罚`` / ``２`` / ``容`` / ``５``: 25 in full-width digits wrapped in its cell, a
    piece of the header 信息内容 between its digits (before, it read 2). In ``-raw`` text,
    ``政府集中采购`` / ``２`` / ``０``: 20 wrapped, and the amount blank (before, 2 and 0)."""
    blocks = ["某局2021年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（五）项", "信息内容"]
    blocks += ["本年处理决定数量", "行政许可", "17", "第二十条第（六）项", "信息内", "本年处理决定数量", "行政处罚"]
    blocks += ["２", "容", "５", "行政强制", "27", "第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）"]
    blocks += ["行政事业性收费", "1.5", "三、收到和处理政府信息公开申请情况"]
    document = govlint.parse_text("\n\n".join(blocks) + "\n\f")
    table = document.tables["active_disclosure"]
    assert [c.value for c in table if c.row == "penalty"] == []
    assert [c.value for c in table if c.row == "enforcement"] == [27]
    missing = {f.location.row for f in govlint.lint(document).findings if f.rule == "missing-cell"}
    assert "行政处罚" in missing

    document = govlint.parse(_DATA / "raw_wrapped_table2.txt")
    table = document.tables["active_disclosure"]
    assert [c.value for c in table if c.row == "central_procurement"] == []
    missing = {f.location.row for f in govlint.lint(document).findings if f.rule == "missing-cell"}
    assert "政府集中采购" in missing


def test_digits_of_two_widths_or_spaced_apart_are_not_one_number() -> None:
    """``１１５137`` and ``30 0`` are two cells run together; ``1 234`` is one number."""
    from govlint.parse.cells import read_as
    from govlint.parse.layout import split_values

    for raw in ("１１５137", "30 0", "1 2", "0 50"):
        assert read_as(raw, "count", None)[:2] == (govlint.CellState.TEXT, None), raw
    assert read_as("1 234", "count", None)[1] == 1234 and read_as("１　０００", "count", None)[1] == 1000
    assert split_values("１１５137") == ["１１５", "137"]
    assert split_values("9 73 41 １１５137") == ["9", "73", "41", "１１５", "137"]


def test_text_that_is_no_pdf_text_is_read_as_before() -> None:
    """A guard for the other renderings: a word processor's text export (one cell per line)
    with a page broken by hand (a form feed inside, none at the end) and a row whose sum is
    wrong keeps its values and the ``row-total`` finding; plain text with a row's numbers
    wrapped onto the next line is still read by count. (The code before read both too.)"""
    lines = ["2023年某区政府信息公开工作年度报告", "", "三、收到和处理政府信息公开申请情况", ""]
    lines += ["申请人情况", "", "自然人", "", "商业企业", "", "科研机构", "", "社会公益组织", ""]
    lines += ["法律服务机构", "", "其他", "", "总计", ""]
    rows = {"一、本年新收政府信息公开申请数量": "5 1 0 0 0 0 6", "二、上年结转政府信息公开申请数量": "1 0 0 0 0 0 2"}
    for label, numbers in rows.items():
        lines += [label, ""] + [line for n in numbers.split() for line in (n, "")]
    lines.insert(12, "\f")
    document = govlint.parse_text("\n".join(lines) + "\n")
    table = document.tables["applications"]
    assert _row(table, "carried_over") == [1, 0, 0, 0, 0, 0, 2]
    totals = [f for f in govlint.lint(document).findings if f.rule == "row-total"]
    assert [(f.location.table, f.location.col) for f in totals] == [("applications", "总计")]

    wrapped = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 5 1 0 0\n0 0 6\n"
    assert _row(govlint.parse_text(wrapped).tables["applications"], "new_received") == [5, 1, 0, 0, 0, 0, 6]
