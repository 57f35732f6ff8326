"""The notebook display, read back with a real HTML parser (lxml).

The law: the cells drawn highlighted are exactly the cells that findings name, each with
the colour of its worst finding and every message on hover; the grid is the official form
(every row as wide as the form, every template cell drawn once).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import attrs
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint
from govlint import display
from govlint.display import grid
from govlint.model import TABLE_IDS, Finding

from .conftest import DATA, REPORTS
from .reportgen import all_zero_report, render_pipes, render_tabs, report

SEEDS = sorted(REPORTS.glob("*.txt"))
CellRef = tuple[str, str, str]  # (table, row label, column label)


def _tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html)


def _classes(element: lxml.html.HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _highlighted(tree: lxml.html.HtmlElement) -> dict[CellRef, lxml.html.HtmlElement]:
    out = {}
    for table in tree.xpath("//table[@data-table]"):
        for td in table.xpath(".//td"):
            if "gl-flag" in _classes(td):
                key = (table.get("data-table"), td.get("data-row"), td.get("data-col"))
                assert key not in out, f"cell drawn twice: {key}"
                out[key] = td
    return out


def _named(findings: tuple[Finding, ...]) -> dict[CellRef, list[Finding]]:
    out: dict[CellRef, list[Finding]] = defaultdict(list)
    for f in findings:
        for row, col in f.named_cells:
            out[(f.location.table or "", row, col)].append(f)
    return out


def _check_highlights(html: str, findings: tuple[Finding, ...], lang: str) -> None:
    tree = _tree(html)
    highlighted, named = _highlighted(tree), _named(findings)
    assert set(highlighted) == set(named)
    for key, td in highlighted.items():
        worst = max(f.severity.rank for f in named[key])
        severity = next(f.severity.value for f in named[key] if f.severity.rank == worst)
        assert f"gl-{severity}" in _classes(td), key
        tip = td.get("title")
        assert set(td.get("data-rules").split()) == {f.rule for f in named[key]}
        for f in named[key]:
            assert (f.message if lang == "zh" else f.message_en) in tip, (key, f.rule)
    # Row-level findings (a missing row, a label that differs) flag the row's label.
    flagged_rows = {
        (t.get("data-table"), th.get("data-row"))
        for t in tree.xpath("//table[@data-table]")
        for th in t.xpath(".//th[@data-row]")
        if "gl-flag" in _classes(th)
    }
    row_level = {
        (f.location.table, f.location.row)
        for f in findings
        if f.location.table and f.location.row and not f.named_cells
    }
    assert flagged_rows == row_level


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_seed_result_display_highlights_exactly_the_named_cells(path: Path, lang: str) -> None:
    result = govlint.lint(path)
    assert result.findings
    _check_highlights(result.to_html(lang), result.findings, lang)
    # Every finding is listed once in the findings list, in the chosen language.
    tree = _tree(result.to_html(lang))
    listed = tree.xpath("//details//tr[@data-rule]")
    assert sorted(tr.get("data-rule") for tr in listed) == sorted(f.rule for f in result.findings)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_document_display_is_linted_with_its_settings(path: Path) -> None:
    document = govlint.parse(path)
    result = govlint.lint(document)
    bundle = document._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    _check_highlights(bundle["text/html"], result.findings, "zh")


def test_seed_with_blank_cells_highlights_them_in_table_four() -> None:
    """Checked by reading seed 000: 表四 prints 0 - 0 - … where its 总计 are 0 (six blanks)."""
    result = govlint.lint(REPORTS / "000_18b1a800694c3a55.txt")
    highlighted = _highlighted(_tree(result.to_html()))
    four = sorted(col for table, _, col in highlighted if table == "review_litigation")
    assert four == sorted(
        [
            "行政复议/结果纠正",
            "行政复议/尚未审结",
            "未经复议直接起诉/结果维持",
            "未经复议直接起诉/尚未审结",
            "复议后起诉/结果维持",
            "复议后起诉/尚未审结",
        ]
    )
    assert all("gl-warning" in _classes(td) for (t, _, _), td in highlighted.items() if t == "review_litigation")
    # 表二 行政事业性收费 is left blank with nothing to infer it from: an error, drawn blank.
    fee = highlighted[("active_disclosure", "行政事业性收费", "本年收费金额（单位：万元）")]
    assert "gl-error" in _classes(fee) and fee.get("data-state") in ("blank", "missing")


def test_pdf_display_highlights_the_broken_totals_of_table_four() -> None:
    """洪泽区 2023 (read from the page image): 表四 行政复议 prints 总计 0 beside parts summing to 11."""
    path = DATA / "corpus" / "hongze_district_2023.pdf"
    result = govlint.lint(path)
    highlighted = _highlighted(_tree(result.to_html("en")))
    review = {
        k
        for k in highlighted
        if k[0] == "review_litigation" and "review-litigation-total" in highlighted[k].get("data-rules")
    }
    assert ("review_litigation", "行政复议、行政诉讼案件数", "行政复议/总计") in review
    assert all("gl-error" in _classes(highlighted[k]) for k in review)
    _check_highlights(result.to_html("en"), result.findings, "en")


# -- the official form --------------------------------------------------------------------------


def _occupancy(table: lxml.html.HtmlElement) -> list[int]:
    """Row widths of an HTML table, with rowspans carried down (the browser's table model)."""
    carried: dict[int, int] = {}  # row index -> columns taken by rowspans from above
    widths = []
    for i, tr in enumerate(table.xpath("./tbody/tr")):
        width = carried.pop(i, 0)
        for cell in tr.xpath("./th|./td"):
            span, down = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
            width += span
            for j in range(i + 1, i + down):
                carried[j] = carried.get(j, 0) + span
        widths.append(width)
    return widths


@pytest.mark.parametrize("version", ["2019", "2021"])
@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_the_form_is_rectangular_and_draws_every_template_cell_once(version: str, table_id: str) -> None:
    spec = govlint.get_template(version).tables[table_id]
    path = REPORTS / ("001_af7ba795f29cd9b9.txt" if version == "2019" else "000_18b1a800694c3a55.txt")
    document = govlint.parse(path)
    assert document.template == version
    html = document.tables[table_id].to_html()
    table = _tree(html).xpath("//table[@data-table]")[0]
    assert set(_occupancy(table)) == {grid.width(spec)}
    drawn = [(td.get("data-row"), td.get("data-col")) for td in table.xpath(".//td[@data-col]")]
    expected = [
        (document.tables[table_id].rows_axis.label(r.key), spec.column_label(c)) for r, c in spec.template_cells()
    ]
    assert sorted(drawn) == sorted(expected)
    assert len(drawn) == len(set(drawn))


def test_table_three_header_is_the_official_one() -> None:
    """表三's header as the national form prints it: corner over three label columns, 申请人情况
    over all seven, 法人或其他组织 over five, 自然人 and 总计 down two rows."""
    document = govlint.parse(REPORTS / "000_18b1a800694c3a55.txt")
    table = _tree(document.tables["applications"].to_html()).xpath("//table[@data-table]")[0]
    rows = table.xpath("./tbody/tr")
    spans = [[(c.text_content(), int(c.get("colspan", 1)), int(c.get("rowspan", 1))) for c in tr] for tr in rows[:3]]
    assert spans[0][1:] == [("申请人情况", 7, 1)]
    assert spans[0][0][1:] == (3, 3)
    assert spans[1] == [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)]
    assert [c[0] for c in spans[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    results = table.xpath(".//th[@data-row='三、本年度办理结果']")[0]
    spec = govlint.get_template("2021").tables["applications"]
    assert int(results.get("rowspan")) == len(spec.descendants("results"))


# -- a table alone, languages, plain text ---------------------------------------------------------


@given(report(), st.data())
@settings(max_examples=20, deadline=None)
def test_a_table_alone_highlights_what_it_proves(r, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    """Break one cell of a generated report: the table's own display flags exactly the cells its
    template and arithmetic findings name, and they are among the full result's."""
    table_id = data.draw(st.sampled_from(["applications", "review_litigation"]))
    key = data.draw(st.sampled_from(sorted(r.values[table_id])))
    values = {t: dict(v) for t, v in r.values.items()}
    values[table_id][key] = int(values[table_id][key]) + data.draw(st.integers(1, 9))
    result = govlint.lint_text(render_tabs(attrs.evolve(r, values=values, blank=frozenset())))  # totals printed
    assert result.document is not None
    table = result.document.tables[table_id]
    own = govlint.display.table_findings(table)
    assert own, "the broken cell proves nothing"
    _check_highlights(table.to_html(), own, "zh")
    full = {(f.rule, f.location.table, f.cells) for f in result.findings}
    assert {(f.rule, f.location.table, f.cells) for f in own} <= full


CORPUS_PDFS = sorted((DATA / "corpus").glob("*.pdf"))


@pytest.mark.parametrize("path", SEEDS + CORPUS_PDFS, ids=lambda p: p.name[:12])
def test_a_table_alone_proves_what_the_whole_report_proves_of_it(path: Path) -> None:
    """The template and arithmetic findings of a table shown alone are exactly the whole report's
    for that table: none lost because the table is shown without the document's lines (seed 001's
    blank cells, GL205, were once lost that way to a crash)."""
    document = govlint.parse(path)
    result = govlint.lint(document)
    for table_id, table in document.tables.items():
        own = govlint.display.table_findings(table)
        whole = [
            f
            for f in result.findings
            if f.location.table == table_id and f.code[:3] in ("GL2", "GL3") and f.rule != "template-version"
        ]
        assert sorted((f.rule, f.location.row, f.cells) for f in own) == sorted(
            (f.rule, f.location.row, f.cells) for f in whole
        ), table_id
        _check_highlights(table.to_html(), own, "zh")


def _extra_rows(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return tree.xpath("//table[@data-table]//tr[contains(@class, 'gl-extra')]")


def test_an_extra_row_is_drawn_where_the_pdf_prints_it() -> None:
    """洪泽区 2023, page 4 (read off the page image): after 5.要求行政机关确认或重新出具已获取信息
    the report prints the 2019 format's one （六）其他处理 row, beside （五）不予处理 inside
    三、本年度办理结果, with seven 0s."""
    document = govlint.parse(DATA / "corpus" / "hongze_district_2023.pdf")
    table = document.tables["applications"]
    spec = govlint.get_template(table.template).tables["applications"]
    grid_html = _tree(table.to_html()).xpath("//table[@data-table]")[0]
    assert set(_occupancy(grid_html)) == {grid.width(spec)}
    (row,) = _extra_rows(grid_html)
    above = row.getprevious().xpath(".//td[@data-row]")[0].get("data-row")
    assert above == "5.要求行政机关确认或重新出具已获取信息"
    label = row.xpath("./th")[0]
    assert (label.text_content(), int(label.get("colspan", 1))) == ("（六）其他处理", 2)
    cells = row.xpath("./td")
    assert [td.get("data-col") for td in cells] == [
        spec.column_label(c) for c in spec.columns_of("not_processed.confirm_existing")
    ]
    assert [td.text_content() for td in cells] == ["0"] * 7


@given(report(), st.data())
@settings(max_examples=30, deadline=None)
def test_an_extra_row_stays_in_the_form_wherever_it_is_printed(r, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    """A row the template does not have, printed after any row of 表三 or before its first, with
    any number of cells: the form stays rectangular (the group labels it falls under grow by
    one), it is drawn where it is printed, and its cells stand under the block's columns,
    aligned to the right (总计 last; surplus cells join the label)."""
    text = render_pipes(r)
    table = govlint.parse_text(text).tables["applications"]
    spec = govlint.get_template(table.template).tables["applications"]
    printed = sorted((m for m in table.rows if m.line and spec.row(m.key).kind == "leaf"), key=lambda m: m.line or 0)
    anchor = data.draw(st.sampled_from([None, *printed]))  # None: before the first row
    values = [str(v) for v in data.draw(st.lists(st.integers(0, 99), min_size=1, max_size=9))]
    lines = text.split("\n")
    at = anchor.line if anchor is not None else (printed[0].line or 1) - 1
    lines.insert(at, "| 本机关自行增设统计事项 | " + " | ".join(values) + " |")
    table = govlint.parse_text("\n".join(lines)).tables["applications"]
    assert [e.label for e in table.extra_rows] == ["本机关自行增设统计事项"]
    grid_html = _tree(table.to_html()).xpath("//table[@data-table]")[0]
    assert set(_occupancy(grid_html)) == {grid.width(spec)}
    (row,) = _extra_rows(grid_html)
    if anchor is not None:
        assert row.getprevious().xpath(".//td[@data-row]")[0].get("data-row") == table.rows_axis.label(anchor.key)
    else:  # first under the header, before the first row printed
        assert not row.getprevious().xpath(".//td[@data-row]")
        assert row.getnext().xpath(".//td[@data-row]")[0].get("data-row") == table.rows_axis.label(printed[0].key)
    columns = spec.columns_of((anchor or printed[0]).key)
    cells = row.xpath("./td")
    assert [td.get("data-col") for td in cells] == [spec.column_label(c) for c in columns]
    shown = ([""] * len(columns) + values)[-len(columns) :]
    assert [td.text_content() for td in cells] == shown
    surplus = values[: max(0, len(values) - len(columns))]
    assert row.xpath("./th")[0].text_content() == " ".join(["本机关自行增设统计事项", *surplus])


def test_an_extra_row_between_two_blocks_of_table_two_goes_with_the_columns_it_fills() -> None:
    """表二's blocks have 3 and 1 columns: a one-cell row printed between 行政规范性文件 (block
    （一）) and 行政许可 (block （五）) is drawn first in （五）, its number under 本年处理决定数量."""
    text = render_pipes(all_zero_report()).split("\n")
    i = next(i for i, line in enumerate(text) if line.startswith("| 行政许可 |"))
    text.insert(i, "| 行政确认 | 4 |")
    table = govlint.parse_text("\n".join(text)).tables["active_disclosure"]
    spec = govlint.get_template(table.template).tables["active_disclosure"]
    grid_html = _tree(table.to_html()).xpath("//table[@data-table]")[0]
    assert set(_occupancy(grid_html)) == {grid.width(spec)}
    (row,) = _extra_rows(grid_html)
    assert row.getnext().xpath(".//td[@data-row]")[0].get("data-row") == "行政许可"
    assert [(td.get("data-col"), td.text_content()) for td in row.xpath("./td")] == [("本年处理决定数量", "4")]


def test_a_row_finding_with_no_label_to_flag_is_listed_with_its_table() -> None:
    """表四 has no label column: a finding about its row (cells that could not be read) is listed
    above the grid, and its unread cells say they were printed but not read."""
    document = govlint.parse(REPORTS / "000_18b1a800694c3a55.txt")
    table = document.tables["review_litigation"]
    row = table.rows_axis.label(table.rows[0].key)
    finding = Finding(
        "GL204", "missing-cell", govlint.Severity.ERROR, "无法读出。", "could not be read.",
        govlint.Location(path=document.source, line=560, table="review_litigation", row=row),
    )  # fmt: skip
    tree = _tree(display.table_html(table, [finding], display._WORDS["en"]))
    assert [tr.get("data-rule") for tr in tree.xpath("//table[@class='gl-findings']//tr")] == ["missing-cell"]
    gone = attrs.evolve(table, grid=tuple(c for c in table.grid if c.col != "review.total"))
    tips = {td.get("data-col"): td.get("title") for td in _tree(gone.to_html("en")).xpath("//td[@data-col]")}
    words = display._WORDS["en"]
    assert tips["行政复议/总计"].split("\n")[0] == words["not_read"] != words["not_printed"]


def test_codes_and_control_characters_never_reach_the_html_raw() -> None:
    """A plugin's code is escaped like everything else, and a control character in a cell is
    shown as its picture (␇), not written into the page, where HTML does not allow it."""
    document = govlint.parse(REPORTS / "000_18b1a800694c3a55.txt")
    table = document.tables["review_litigation"]
    first = table.grid[0]
    odd = attrs.evolve(table, grid=(attrs.evolve(first, raw="1\x07\x1b[31m"), *table.grid[1:]))
    finding = Finding(
        "GLX<i>1", "plugin", govlint.Severity.INFO, "提示\x00", "note\x00",
        govlint.Location(path="x", table="review_litigation", row=table.rows_axis.label(first.row)),
    )  # fmt: skip
    html = display.table_html(odd, [finding], display._WORDS["zh"])
    assert not any(ord(ch) < 0x20 and ch not in "\t\n" for ch in html)
    tree = _tree(html)
    assert not tree.xpath("//i")
    assert "␇␛[31m" in tree.xpath(f"//td[@data-col='{table.columns_axis.label(first.col)}']")[0].text_content()


def test_language_setting_and_errors() -> None:
    result = govlint.lint(REPORTS / "000_18b1a800694c3a55.txt")
    assert _tree(result.to_html("en")).get("lang") == "en"
    assert _tree(result.to_html("zh")).get("lang") == "zh-CN"
    try:
        govlint.display.set_language("en")
        assert _tree(result._repr_html_() or "").get("lang") == "en"
    finally:
        govlint.display.set_language("zh")
    with pytest.raises(ValueError, match="lang"):
        result.to_html("fr")
    page = result.to_html(standalone=True)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "Document(" in govlint.parse(REPORTS / "000_18b1a800694c3a55.txt")._repr_mimebundle_()["text/plain"]
    assert result.display("en")._repr_html_() == result.to_html("en")


def test_unreadable_and_tableless_inputs_display_without_error() -> None:
    for text in ("", "\x00\x01binary", "某局2022年政府信息公开工作年度报告\n一、总体情况\n本年无。"):
        result = govlint.lint_text(text)
        html = result.to_html()
        assert _tree(html).xpath("//h3")
        assert not _highlighted(_tree(html))


def test_displaying_does_not_import_ipython() -> None:
    import subprocess
    import sys

    code = (
        "import sys, govlint; r = govlint.lint_text('x'); r._repr_mimebundle_(); "
        "assert 'IPython' not in sys.modules, 'IPython imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
