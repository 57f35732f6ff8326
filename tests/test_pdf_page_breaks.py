"""Tables printed over page breaks in a PDF: a row moved whole to the next page, a row cut
between two of its lines, an all-blank row right after the break, a merged label cut in two.

The pages are painted (:mod:`tests.pdfpaint`) as characters and ruling lines and read by
:func:`govlint.parse.pdf.blocks_of`, what the PDF reader does after PDFium. Before these
fixes, a blank row after the break was taken for the rest of the label above it (its cells
dropped, and the row above's values read for it), and the text of a row cut at the page's end
stood outside the table, where the reader gave its values to the row before.
"""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import govlint
from govlint.budget import Budget
from govlint.model import Document
from govlint.parse.blocks import SourceCell
from govlint.parse.pdf import _join_grids, _under, blocks_of
from govlint.parse.pdftables import Steps, find_tables
from govlint.parse.pdftext import Char, Edge
from govlint.templates import TABLE_IDS

from .pdfpaint import USABLE, Breaks, paint
from .reportgen import Report, expected_cells, report

_parse = importlib.import_module("govlint.parse")


def _read(pages: list[tuple[list[Char], list[Edge]]]) -> Document:
    blocks, _ = blocks_of(pages)
    document: Document = _parse._from_blocks(blocks, "painted.pdf", "pdf", None)
    return document


@settings(max_examples=40, deadline=None)
@given(report(), st.floats(0, USABLE), st.integers(0, 2**16))
def test_tables_over_page_breaks_read_as_printed(generated: Report, shift: float, seed: int) -> None:
    """Rows moved whole to the next page (with or without borders left behind): every cell
    reads as printed."""
    document = _read(paint(generated, Breaks(shift=shift, seed=seed, cut_rows=False)))
    for table_id in TABLE_IDS:
        table = document.tables[table_id]
        for (row, col), (_, value) in expected_cells(generated, table_id, "html").items():
            cell = table.cell(row, col)
            note(f"{table_id} {row} {col}: {cell}")
            assert cell is not None
            assert cell.value == value


@settings(max_examples=60, deadline=None)
@given(report(), st.floats(0, USABLE), st.integers(0, 2**16))
def test_rows_cut_by_page_breaks_are_read_as_printed_or_not_at_all(generated: Report, shift: float, seed: int) -> None:
    """Rows also cut between two of their lines (a header row too): no cell reads a value
    other than the printed one, and a cell left unread has a finding on its row or table."""
    document = _read(paint(generated, Breaks(shift=shift, seed=seed)))
    findings = govlint.lint(document).findings
    flagged = {(f.location.table, f.location.row) for f in findings if f.rule != "extra-row"}
    for table_id in TABLE_IDS:
        table = document.tables[table_id]
        spec = generated.template.tables[table_id]
        for (row, col), (_, value) in expected_cells(generated, table_id, "html").items():
            cell = table.cell(row, col)
            note(f"{table_id} {row} {col}: {cell}")
            if cell is not None and cell.value == value:
                continue
            assert cell is None or cell.value is None
            assert {(table_id, spec.row(row).label), (table_id, None)} & flagged


def _cell(text: str) -> SourceCell:
    from govlint.model import Origin

    return SourceCell(text, Origin("pdf", page=1, line=1))


def _row(*texts: str | None) -> tuple[SourceCell | None, ...]:
    return tuple(None if t is None else _cell(t) for t in texts)


def _texts(grid: tuple[tuple[SourceCell | None, ...], ...]) -> list[list[str | None]]:
    return [[None if c is None else c.text for c in row] for row in grid]


_PARTIAL = _row(None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "", "3", "", "", "", "3")


def test_a_blank_row_after_the_break_is_a_row_of_its_own() -> None:
    """The national layout's 1.属于国家秘密, all blank, first on the new page, under its group
    label （三）不予公开: neither label is the rest of the row above."""
    lower = (_row("（三）不\n予公开", "1.属于国家秘密", "", "", "", "", "", "", ""),)
    upper, after = _join_grids((_PARTIAL,), lower, list(range(9)))
    assert _texts(upper) == _texts((_PARTIAL,))
    assert _texts(after) == _texts(lower)


def test_the_rest_of_a_cut_label_joins_it() -> None:
    cut = _row(None, "（二）部分公开（区分处理的，只计这一情", "", "", "3", "", "", "", "3")
    lower = (_row(None, "形，不计其他情形）", "", "", "", "", "", "", ""), _row(None, "1.属于国家秘密", *[""] * 7))
    upper, after = _join_grids((cut,), lower, list(range(9)))
    assert _texts(upper)[0][1] == "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）"
    assert _texts(after) == _texts(lower[1:])


@pytest.mark.parametrize(("head", "rest"), [("二、", "上年结转政府信息公开申请数量"), ("3.", "其他")])
def test_the_rest_of_a_label_cut_after_its_enumerator_joins_it(head: str, rest: str) -> None:
    """``上年结转政府信息公开申请数量`` is the label without its ``二、``, and ``其他`` a column
    header too: here each is the rest of the label above."""
    cut = _row(head, None, "0", "0", "0", "0", "0", "0", "0")
    lower = (_row(rest, None, "", "", "", "", "", "", ""),)
    upper, after = _join_grids((cut,), lower, list(range(9)))
    assert _texts(upper)[0][0] == f"{head}\n{rest}"
    assert after == ()


def test_a_new_group_label_is_not_joined_to_the_row_above() -> None:
    """A group label cut in two (（四）无 / 法提供) is joined; one that starts on the new page
    (（三）不予公开, with its first row's values) is not."""
    upper_rows = (_row("二、上年结转政府信息公开申请数量", None, *[""] * 7), _PARTIAL)
    lower = (_row("（三）不予公开", "1.属于国家秘密", "", "", "3", "", "", "", "3"),)
    upper, after = _join_grids(upper_rows, lower, list(range(9)))
    assert _texts(upper) == _texts(upper_rows)
    assert _texts(after) == _texts(lower)
    cut = (_row("（四）无", "1.本机关不掌握相关政府信息", "1", "", "", "", "", "", "1"),)
    lower = (_row("法提供", "2.没有现成信息需要另行制作", "2", "", "", "", "", "", "2"),)
    upper, after = _join_grids(cut, lower, list(range(9)))
    assert _texts(upper)[0][0] == "（四）无\n法提供"
    assert _texts(after)[0][0] == ""


def test_columns_are_matched_by_place_across_the_break() -> None:
    """The lower part has a margin column the upper part lacks (a row there runs across it):
    the rest of the cut label joins the label column at the same place."""
    cut = _row(None, "1.申请人无正当理由逾期不补正、行政机关不", "", "26", "", "", "19", "6", "51")
    lower = (_row(None, None, "再处理其政府信息公开申请", *[""] * 7),)
    upper, _ = _join_grids((cut,), lower, [-1, *range(9)])
    assert _texts(upper)[0][1] == "1.申请人无正当理由逾期不补正、行政机关不\n再处理其政府信息公开申请"


def test_parts_of_one_table_are_told_by_their_right_end() -> None:
    """表二 above the break has blocks of three value columns, the part below only blocks of one
    (a value cell spanning three): one table, its columns matched where they start."""
    assert _under([35.0, 220.0, 359.0, 398.0, 545.0], [35.0, 220.0, 545.0], 4, 2) == [0, 1]
    assert _under([35.0, 220.0, 545.0], [35.0, 94.0, 156.0, 545.0], 2, 3) == [0, -1, -1]
    assert _under([35.0, 220.0, 545.0], [35.0, 220.0, 400.0], 2, 2) is None  # another table
    assert _under(None, None, 3, 3) == [0, 1, 2]
    assert _under(None, None, 3, 4) is None


def _chars(text: str, x: float, top: float) -> list[Char]:
    return [Char(ch, x + 10 * i, top, x + 10 * (i + 1), top + 10, True) for i, ch in enumerate(text)]


def _ruled(xs: list[float], ys: list[float]) -> list[Edge]:
    return [Edge("h", xs[0], y, xs[-1], y) for y in ys]


def test_a_row_cut_by_the_page_end_is_closed_where_its_column_lines_stop() -> None:
    """Two rows ruled; the third is cut by the page's end: its column lines run on to 764
    with no line under it. Its text is a row of the table, not lines outside it."""
    xs = [50.0, 250.0, 300.0]
    edges = _ruled(xs, [100.0, 120.0, 140.0]) + [Edge("v", x, 100.0, x, 764.0) for x in xs]
    chars = _chars("规章", 52, 105) + _chars("1", 252, 105) + _chars("行政许可", 52, 125) + _chars("2", 252, 125)
    chars += _chars("行政处罚", 52, 150) + _chars("3", 252, 150)
    (table,) = find_tables(edges, chars, Steps(Budget()))
    assert table.rows == [["规章", "1"], ["行政许可", "2"], ["行政处罚", "3"]]
    assert table.box[3] == 764.0


def test_an_empty_band_under_a_table_is_no_row() -> None:
    xs = [50.0, 250.0, 300.0]
    edges = _ruled(xs, [100.0, 120.0, 140.0]) + [Edge("v", x, 100.0, x, 764.0) for x in xs]
    chars = _chars("规章", 52, 105) + _chars("行政许可", 52, 125) + _chars("第3页", 150, 790)
    (table,) = find_tables(edges, chars, Steps(Budget()))
    assert table.rows == [["规章", ""], ["行政许可", ""]]


def test_a_row_continued_at_the_page_top_is_closed_where_its_column_lines_start() -> None:
    xs = [50.0, 250.0, 300.0]
    edges = _ruled(xs, [60.0, 80.0]) + [Edge("v", x, 28.0, x, 80.0) for x in xs]
    chars = _chars("申请", 52, 35) + _chars("行政强制", 52, 65) + _chars("4", 252, 65)
    (table,) = find_tables(edges, chars, Steps(Budget()))
    assert table.rows == [["申请", ""], ["行政强制", "4"]]


def test_a_margin_column_cut_by_the_page_end_adds_no_thin_row() -> None:
    """A margin column (三、本年度办理结果) runs off the page while the rows beside it are ruled
    under at 760; the lines of the margin column and the table's right side overrun to 764.
    The margin cell is closed; the 4 points under the last row are no row."""
    edges = [Edge("h", 50.0, 100.0, 300.0, 100.0), Edge("h", 100.0, 120.0, 300.0, 120.0)]
    edges += [Edge("h", 100.0, 140.0, 300.0, 140.0), Edge("h", 100.0, 760.0, 300.0, 760.0)]
    edges += [Edge("v", 50.0, 100.0, 50.0, 764.0), Edge("v", 100.0, 100.0, 100.0, 764.0)]
    edges += [Edge("v", 250.0, 100.0, 250.0, 760.0), Edge("v", 300.0, 100.0, 300.0, 764.0)]
    chars = _chars("三、", 52, 105) + _chars("予以", 102, 105) + _chars("1", 252, 105)
    chars += _chars("部分", 102, 125) + _chars("2", 252, 125) + _chars("不予", 102, 200) + _chars("3", 252, 200)
    (table,) = find_tables(edges, chars, Steps(Budget()))
    assert table.rows == [["三、", "予以", "1"], [None, "部分", "2"], [None, "不予", "3"]]


def test_a_label_whose_rest_is_a_label_too_is_joined() -> None:
    """``规范性文件`` names 行政规范性文件 on its own, but after ``行政`` it is the rest of it."""
    cut = (_row("行政", "7", "2", "30"),)
    lower = (_row("规范性文件", "", "", ""), _row("行政许可", "5", None, None))
    upper, after = _join_grids(cut, lower, list(range(4)))
    assert _texts(upper)[0][0] == "行政\n规范性文件"
    assert _texts(after) == _texts(lower[1:])


def test_digits_wrapped_over_the_break_join_their_cell() -> None:
    cut = (_row("三、本", "（一）予以公开", None, "123456", "0", "0", "0", "0", "0", "123456"),)
    lower = (
        _row("年度办\n理结果", "", None, "7", "", "", "", "", "", "7"),
        _row(None, "（二）部分公开", None, *["0"] * 7),
    )
    upper, after = _join_grids(cut, lower, list(range(10)))
    assert _texts(upper)[0] == ["三、本\n年度办\n理结果", "（一）予以公开", None, "123456\n7", *["0"] * 5, "123456\n7"]
    assert _texts(after) == _texts(lower[1:])


def test_a_row_of_numbers_under_a_label_of_its_own_is_a_row() -> None:
    """``总计`` (a short form of （七）总计) with its numbers, moved whole to the new page."""
    cut = (_row(None, "3.其他", "0", "0", "0", "0", "0", "0", "0"),)
    lower = (_row("总计", None, "0", "0", "0", "0", "0", "0", "0"),)
    upper, after = _join_grids(cut, lower, list(range(9)))
    assert _texts(upper) == _texts(cut)
    assert _texts(after) == _texts(lower)
