"""Text of a PDF as a line-by-line converter gives it (pdfplumber, markitdown).

Such a converter prints each line where it stands on the page: a row's label and numbers on one
line, except where the label, or a group's cell beside it, runs over two lines. The row's
numbers then stand on a line of their own, in the middle of the row's height: above the label as
often as below it. Before this reading the numbers after a label were always its own, and a row
whose numbers stood above its label was read with the next row's numbers (洪泽区 2023,
pdfplumber: ``1.本机关不掌握相关政府信息`` read 3 where the PDF prints 10). markitdown also puts
two numbers in one cell (``| 53 0 |``), and empty cells in front of them: placed by position,
each number went a column too far (淮安市 2024: 科研机构 2932 where the PDF prints 0).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint
from govlint.model import Document

from .conftest import DATA
from .reportgen import PdfLinesOptions, Report, assert_printed_or_flagged, expected_cells, render_pdflines, report

CONVERTED = DATA / "converters"
EXPECTED = json.loads((DATA / "corpus" / "expected.json").read_text("utf-8"))
T3_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")
FILES = sorted(p.name for p in CONVERTED.iterdir() if p.name != "README.md")

_OPTIONS = st.builds(
    PdfLinesOptions,
    apart=st.sampled_from([0.0, 0.2, 0.5, 1.0]),
    above=st.sampled_from([0.0, 0.5, 1.0]),
    pipes=st.booleans(),
    pages=st.sampled_from([0.0, 0.1]),
)


@settings(max_examples=80, deadline=None)
@given(report(), _OPTIONS)
def test_line_by_line_pdf_text_is_read_as_printed_or_not_at_all(generated: Report, options: PdfLinesOptions) -> None:
    """No cell reads a value other than the printed one, and a cell left unread has a finding
    on its row or table, wherever the rows' numbers stand (beside, above or below their labels,
    in cells of one or two numbers, a page number among the rows)."""
    data = render_pdflines(generated, options).encode()
    assert_printed_or_flagged(generated, data, "converted.txt", False, options)


@settings(max_examples=30, deadline=None)
@given(report(), st.booleans())
def test_rows_printed_beside_their_labels_are_read_whole(generated: Report, pipes: bool) -> None:
    """The other side: with every row's numbers beside its label (in cells of one or two
    numbers), every cell of 表三 is read. (A guard, for cells of one number: the code before
    read these too; it read no row with a cell of two.)"""
    text = render_pdflines(generated, PdfLinesOptions(apart=0.0, pipes=pipes))
    table = govlint.parse_bytes(text.encode(), "converted.md").tables["applications"]
    for (row, col), (_, value) in expected_cells(generated, "applications", "rows").items():
        cell = table.cell(row, col)
        assert cell is not None and cell.value == value, (row, col, cell)


def _applications(name: str) -> tuple[Document, dict[str, list[object]]]:
    document = govlint.parse(CONVERTED / name)
    table = document.tables["applications"]
    rows = {
        key: [getattr(table.cell(key, col), "value", None) for col in T3_COLUMNS] for key, _ in table.rows_axis.items
    }
    return document, rows


@pytest.mark.parametrize("name", FILES)
def test_converted_real_reports_read_no_value_the_pdf_does_not_print(name: str) -> None:
    """Every cell of 表三 the reader gives a value is the value the PDF prints (read off the page
    by a person); a row left unread has a finding on its row. Before, 12 cells of these four
    files were read wrong."""
    document, rows = _applications(name)
    expected = EXPECTED[name.split(".")[0]]["applications"]
    flagged = {f.location.row for f in govlint.lint(document).findings if f.location.table == "applications"}
    spec = document.tables["applications"]
    for key, values in rows.items():
        if key not in expected:  # the PDF prints the row as one the template lacks
            assert values == [None] * 7, key
            continue
        for col, got, want in zip(T3_COLUMNS, values, expected[key], strict=True):
            assert got is None or got == want, (key, col, got, want)
        if None in values:
            assert spec.rows_axis.label(key) in flagged, key


def test_numbers_between_two_labels_with_none_beside_them_are_no_ones() -> None:
    """``8.属于行政查询事项 0 0 0 0 0 0 0`` / ``10 0 0 0 0 0 10`` / ``1.本机关不掌握相关政府信息`` /
    ``（四）无法提供`` / ``3 0 0 0 0 0 3`` / ``2.没有现成信息需要另行制作``: the PDF prints 10 for
    不掌握 and 3 for 没有现成, each row's numbers above its label. Nothing in the text says
    whether ``3 0 0 0 0 0 3`` is the row above's or the row below's: 不掌握 is left unread,
    with a finding that shows its numbers."""
    document, rows = _applications("hongze_district_2023.pdfplumber.txt")
    assert rows["unable.not_held"] == [None] * 7
    problems = {(p.code, p.row) for p in document.tables["applications"].problems}
    assert ("detached-row", "unable.not_held") in problems
    findings = {(f.rule, f.location.row, f.actual) for f in govlint.lint(document).findings}
    assert ("missing-cell", "1.本机关不掌握相关政府信息", "7/7: 3 | 0 | 0 | 0 | 0 | 0 | 3") in findings
    assert rows["new_received"] == [21, 0, 0, 0, 0, 0, 21]  # rows printed beside their labels


def test_cells_of_two_numbers_are_read_by_count() -> None:
    """``| | | | 2932 | 53 0 | 0 | 61 4 | 3050 |``: seven numbers for seven columns, in order,
    the numbers cut out of a cell marked as recovered; the empty cells in front are the merged
    label's, not the row's blanks. Before: 科研机构 2932, 社会公益组织 ``53 0`` as text."""
    document, rows = _applications("huaian_city_2024.markitdown.md")
    assert rows["results_total"] == [2932, 53, 0, 0, 61, 4, 3050]
    recovered = {c.col for c in document.tables["applications"].grid if c.row == "results_total" and c.recovered}
    assert recovered == {"commercial", "research", "legal_service", "other_org"}
    # numbers below their labels, each label followed by one line of them up to a row
    # printed whole (2.重复申请 …): read
    assert rows["unable.unclear_after_correction"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["not_processed.petition"] == [56, 6, 0, 0, 0, 0, 62]


def test_a_page_number_drawn_into_a_table_is_no_row() -> None:
    """``1.本机关不掌握相关政府信息`` / ``| | | | | - | 3 - |``: the page's footer in a pipe row.
    Before, 不掌握's 其他 read 3."""
    document, rows = _applications("hongze_district_2024.markitdown.md")
    assert rows["unable.not_held"] == [None] * 7
    assert not any("3 -" in p.detail for p in document.tables["applications"].problems)
