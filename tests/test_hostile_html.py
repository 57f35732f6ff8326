"""Hostile HTML (issue #18): deep nesting is read or refused over budget, never "empty"; a
table grid (rows × widest row) is kept under ``Budget.grid_cells`` and spans under ``Budget.span``."""

from __future__ import annotations

from pathlib import Path

import pytest

import govlint
from govlint.budget import DEFAULT
from govlint.cli import main
from govlint.parse.blocks import SourceCell, resolve
from govlint.parse.html import read_html

from .conftest import REPORTS
from .reportgen import all_zero_report, render_html

REPORTS_TEXT = (REPORTS / "003_32c7538ebe09f062.txt").read_text(encoding="utf-8")

TITLE = "南平市某局2022年政府信息公开工作年度报告"


def _rules(page: str) -> list[tuple[str, object]]:
    document = govlint.parse_bytes(page.encode("utf-8"), "page.html")
    return [(f.rule, f.actual) for f in govlint.lint(document).findings if f.rule == "unreadable-input"]


def _nested(depth: int, inner: str) -> str:
    return f"<html><body>{'<div>' * depth}{inner}{'</div>' * depth}</body></html>"


@pytest.mark.parametrize("depth", [250, 300, 1500])
def test_a_deeply_nested_page_is_read(depth: int) -> None:
    document = govlint.parse_bytes(_nested(depth, f"<p>{TITLE}</p>").encode(), "page.html")
    assert document.title == TITLE
    assert "empty" not in [n.code for n in document.notes]


def test_a_deeply_nested_report_reads_as_the_flat_one() -> None:
    page = render_html(all_zero_report("2021", 2022))
    deep = page.replace("<body>", "<body>" + "<div>" * 400).replace("</body>", "</div>" * 400 + "</body>")
    flat, nested = (govlint.parse_bytes(p.encode(), "page.html") for p in (page, deep))
    assert nested.to_dict()["tables"] == flat.to_dict()["tables"]
    assert nested.title == flat.title


@pytest.mark.parametrize("depth", [DEFAULT.nesting, 2100, 5000])
def test_a_page_nested_past_the_budget_is_refused_over_budget(depth: int) -> None:
    assert _rules(_nested(depth, f"<p>{TITLE}</p>")) == [("unreadable-input", "over-budget:nesting")]


def _table(rows: list[str]) -> str:
    return f"<html><body><p>{TITLE}</p><table>{''.join(rows)}</table></body></html>"


def test_many_rows_and_one_wide_row_is_over_the_grid_budget() -> None:
    rows = ["<tr><td>a</td><td>1</td></tr>"] * 3000 + ['<tr><td colspan="1000">x</td></tr>']
    assert _rules(_table(rows)) == [("unreadable-input", "over-budget:grid_cells")]


def test_many_cells_are_over_the_grid_budget() -> None:
    rows = ["<tr>" + "<td>1</td>" * 400 + "</tr>"] * 300
    assert _rules(_table(rows)) == [("unreadable-input", "over-budget:grid_cells")]


def test_a_row_span_past_the_budget_is_refused() -> None:
    rows = [f'<tr><td rowspan="{DEFAULT.span + 100}">a</td><td>1</td></tr>'] + ["<tr><td>2</td></tr>"] * 1200
    assert _rules(_table(rows)) == [("unreadable-input", "over-budget:span")]


@pytest.mark.parametrize("span", ["5000", "9" * 5000, "-3", "x"])
def test_huge_or_odd_spans_are_cut_as_a_browser_cuts_them(span: str) -> None:
    rows = [f'<tr><td colspan="{span}" rowspan="{span}">标题</td></tr>', "<tr><td>a</td><td>1</td></tr>"]
    assert _rules(_table(rows)) == []


def test_the_grid_budget_is_checked_before_the_grid_is_built() -> None:
    cell = SourceCell("x", govlint.model.Origin("html"))
    rows = [[cell]] * 200_000 + [[SourceCell("x", cell.origin, colspan=DEFAULT.span)]]
    with pytest.raises(govlint.budget.OverBudget) as raised:
        resolve(rows)
    assert (raised.value.name, raised.value.seen) == ("grid_cells", 200_001)


def test_an_ordinary_merged_table_still_resolves() -> None:
    blocks = read_html(
        _table(['<tr><td rowspan="2">a</td><td colspan="2">b</td></tr>', "<tr><td>1</td><td>2</td></tr>"])
    )
    grid = next(b for b in blocks if hasattr(b, "grid")).grid  # type: ignore[attr-defined]
    assert [[c.text if c else None for c in row] for row in grid] == [["a", "b", None], [None, "1", "2"]]


@pytest.mark.parametrize(
    "before",
    [b"Warning: session_start(): failed to read session data\n", b"\xef\xbb\xbf\xef\xbb\xbf", "\u200b".encode()],
)
def test_a_page_with_something_before_its_markup_is_read_as_html(before: bytes) -> None:
    """A server's warning line, a BOM saved twice or a zero-width space before the doctype: it
    was read as text, and --fix deleted its tags as conversion damage."""
    page = render_html(all_zero_report("2021", 2022)).encode("utf-8")
    document = govlint.parse_bytes(before + page, "report.html")
    assert document.kind == "html"
    assert set(document.tables) == {"active_disclosure", "applications", "review_litigation"}


def test_a_web_page_read_as_text_is_not_rewritten(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    text = "转载说明 <p>" + render_html(all_zero_report("2021", 2022)).split("<body>", 1)[1]
    page.write_bytes(text.encode("utf-8"))
    assert govlint.parse(page).kind == "text"  # no markup at the top: read as text
    assert any(f.fix is not None for f in govlint.lint(page).findings)  # tags reported as damage
    main(["check", str(page), "--fix", "-q"])
    assert page.read_bytes() == text.encode("utf-8")


def test_a_text_report_with_a_line_of_markup_further_down_is_text() -> None:
    """Only a doctype or <html> in the first lines (a server's warning above it) makes a page."""
    lines = (REPORTS_TEXT).split("\n")
    lines.insert(4, "<html> 版本网页")
    assert govlint.parse_bytes("\n".join(lines).encode("utf-8"), "report.txt").kind == "text"
