"""Reports in the formats they are published in: HTML pages, DOCX and PDF.

* The real PDFs in ``tests/data/corpus`` (copies of ``../shared/corpus/real``) parse to the
  values a person read off the page images (``tests/data/corpus/expected.json``).
* A generated report rendered as text, as an HTML page (national layout, rowspan/colspan)
  and as DOCX (gridSpan/vMerge) parses to the same Document and gives the same findings.
* Hostile files are refused quickly, in bounded memory, and nothing touches the network.
"""

from __future__ import annotations

import io
import json
import re
import socket
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest
from hypothesis import Phase, given, note, settings
from hypothesis import strategies as st

import govlint
from govlint.model import Document
from govlint.model.result import LintResult
from govlint.templates import get_template

from .conftest import DATA, ROOT
from .reportgen import Report, render_docx, render_html, render_tabs, report, span_rows

CORPUS = DATA / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text("utf-8"))
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "real"
NAMES = sorted(k for k in EXPECTED if not k.startswith("_"))
T3_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")
T4_RESULTS = ("upheld", "corrected", "other", "pending", "total")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every test here records any attempt to open a connection; none may happen."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    yield attempts
    assert attempts == [], f"tried to reach the network: {attempts}"


@pytest.fixture(scope="module")
def corpus() -> dict[str, Document]:
    return {name: govlint.parse(CORPUS / f"{name}.pdf") for name in NAMES}


def _value(cell: Any) -> Any:
    assert cell is not None
    assert cell.state.value == "number", (cell.row, cell.col, cell.raw)
    return cell.value


# -- the real PDFs --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_corpus_pdf_metadata(corpus: dict[str, Document], name: str) -> None:
    document, expected = corpus[name], EXPECTED[name]
    assert document.kind == "pdf" and document.readable
    assert (document.organ, document.year) == (expected["organ"], expected["year"])
    assert set(document.tables) == {"active_disclosure", "applications", "review_litigation"}
    assert [s.numeral for s in document.sections] == list("一二三四五六")
    assert {o.page for o in document.origins} == set(range(1, expected["pages"] + 1))


@pytest.mark.parametrize("name", NAMES)
def test_corpus_pdf_table_2(corpus: dict[str, Document], name: str) -> None:
    table, expected = corpus[name].tables["active_disclosure"], EXPECTED[name]["active_disclosure"]
    for row in ("rules", "normative_documents"):
        got = [_value(table.cell(row, col)) for col in ("made", "repealed", "in_force")]
        assert got == expected[row], row
    for row in ("licensing", "penalty", "enforcement"):
        assert _value(table.cell(row, "decisions")) == expected[row], row
    assert _value(table.cell("admin_fees", "fees")) == Decimal(expected["admin_fees"])


@pytest.mark.parametrize("name", NAMES)
def test_corpus_pdf_table_3(corpus: dict[str, Document], name: str) -> None:
    table, expected = corpus[name].tables["applications"], EXPECTED[name]
    for row, values in expected["applications"].items():
        assert [_value(table.cell(row, col)) for col in T3_COLUMNS] == values, row
    # The Hongze reports print the 2019 format's single （六）其他处理 row in a 2023/2024 report.
    absent = {r.key for r in get_template("2021").tables["applications"].leaf_rows} - set(expected["applications"])
    assert set(table.missing_rows) == absent
    extras = [(r.label, [c.strip() for c in r.cells if c.strip()]) for r in table.extra_rows]
    assert extras == [(e["label"], [str(v) for v in e["values"]]) for e in expected["applications_extra_rows"]]


@pytest.mark.parametrize("name", NAMES)
def test_corpus_pdf_table_4(corpus: dict[str, Document], name: str) -> None:
    table, expected = corpus[name].tables["review_litigation"], EXPECTED[name]["review_litigation"]
    for group, values in expected.items():
        assert [_value(table.cell("cases", f"{group}.{r}")) for r in T4_RESULTS] == values, group


@pytest.mark.parametrize("name", NAMES)
def test_corpus_pdf_findings(corpus: dict[str, Document], name: str) -> None:
    """The defects a reader finds in each PDF are reported, at a page and line of the PDF."""
    result = govlint.lint(corpus[name])
    spec = get_template("2021").tables
    for want in EXPECTED[name]["must_find"]:
        table = spec[want["table"]]
        row = table.row(want["row"]).label
        col = table.column_label(next(c for c in table.columns if c.key == want["col"])) if "col" in want else None
        hits = [
            f
            for f in result.findings
            if f.rule == want["rule"]
            and f.location.table == want["table"]
            and f.location.row == row
            and (col is None or f.location.col == col)
            and all(getattr(f, k) == want[k] for k in ("expected", "actual") if k in want)
        ]
        assert hits, want
        assert all(h.location.origin is not None and h.location.origin.page for h in hits)
    assert not [f for f in result.findings if f.rule in ("conversion-artifact", "page-chrome", "extraction-damage")]


def test_corpus_copies_match_shared() -> None:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared is not beside this checkout")
    for name in NAMES:
        assert (CORPUS / f"{name}.pdf").read_bytes() == (SHARED_CORPUS / f"{name}.pdf").read_bytes(), name


def test_every_shared_report_parses() -> None:
    """Reports added to ../shared/corpus/real later are at least read, with all three tables."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared is not beside this checkout")
    for path in sorted(p for p in SHARED_CORPUS.iterdir() if p.suffix.lower() in (".pdf", ".html", ".htm", ".docx")):
        document = govlint.parse(path)
        assert document.readable, (path.name, document.notes)
        assert set(document.tables) == {"active_disclosure", "applications", "review_litigation"}, path.name


# -- the same report as text, HTML and DOCX -------------------------------------------------------


def _cells(document: Document) -> dict[str, list[tuple[Any, ...]]]:
    return {
        tid: sorted(
            (r.row_key, r.col_key, r.state, None if pd.isna(r.value) else Decimal(str(r.value)))
            for r in table.cells.itertuples()
        )
        for tid, table in document.tables.items()
    }


def _shape(document: Document) -> dict[str, Any]:
    return {
        "organ": document.organ,
        "year": document.year,
        "template": document.template,
        "sections": [(s.numeral, s.title) for s in document.sections],
        "notes": sorted(n.code for n in document.notes),
        "missing": {tid: t.missing_rows for tid, t in document.tables.items()},
        "cells": _cells(document),
    }


def _findings(result: LintResult) -> list[tuple[Any, ...]]:
    """Findings without their place in the file (line, column, origin)."""
    return sorted((f.rule, f.fingerprint) for f in result.findings)


@st.composite
def defective(draw: st.DrawFn) -> Report:
    """A generated report, now and then with one table-3 cell changed (a broken sum)."""
    base = draw(report())
    if draw(st.booleans()):
        keys = sorted(base.values["applications"])
        key = draw(st.sampled_from(keys))
        values = {t: dict(v) for t, v in base.values.items()}
        values["applications"][key] += draw(st.integers(1, 9))
        base = attrs.evolve(base, values=values, blank=base.blank - {("applications", *key)})
    return base


@given(defective())
@settings(max_examples=40, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
def test_text_html_and_docx_read_alike(generated: Report) -> None:
    text = govlint.parse_text(render_tabs(generated), "report.txt")
    html = govlint.parse_bytes(render_html(generated).encode("utf-8"), "report.html")
    docx = govlint.parse_bytes(render_docx(generated, numbered_headings=generated.cosmetic % 2 == 1), "report.docx")
    note(f"html lines: {html.lines}")
    assert (text.kind, html.kind, docx.kind) == ("text", "html", "docx")
    assert _shape(html) == _shape(text)
    assert _shape(docx) == _shape(text)
    expected = _findings(govlint.lint(text))
    assert _findings(govlint.lint(html)) == expected
    assert _findings(govlint.lint(docx)) == expected


def test_html_page_in_gb18030_with_xhtml_doctype() -> None:
    """A government page as they are served: GB18030, an XHTML DOCTYPE naming a remote DTD
    (never fetched), charset in a meta tag; and the site chrome around the article left out."""
    generated = _zero_report()
    page = render_html(generated).replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    page = page.replace(
        "<!DOCTYPE html>",
        '<?xml version="1.0" encoding="gb2312"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
    )
    document = govlint.parse_bytes(page.encode("gb18030"), "page.html")
    assert document.kind == "html" and document.encoding in ("gb2312", "gbk", "gb18030")
    assert _shape(document) == _shape(govlint.parse_text(render_tabs(generated)))
    text = "\n".join(document.lines)
    for outside in ("办事服务", "当前位置", "版权所有", "网站标识码", "tracker"):  # outside the article
        assert outside not in text, outside
    # The article's own tool lines stay, as chrome outside the report's body.
    assert {c.text[:3] for c in document.chrome} == {"发布时", "分享到"}
    assert document.published is not None and document.published.isoformat() == f"{generated.year + 1}-01-20"


def _zero_report() -> Report:
    from .reportgen import all_zero_report

    return all_zero_report("2021", 2022)


# -- places in the original file -------------------------------------------------------------------


def test_html_places_are_the_cells_of_the_page() -> None:
    generated = _zero_report()
    values = {t: dict(v) for t, v in generated.values.items()}
    values["applications"]["granted", "natural_person"] = 4  # breaks the row and column sums
    page = render_html(attrs.evolve(generated, values=values))
    source = page.split("\n")
    result = govlint.lint(govlint.parse_bytes(page.encode(), "page.html"))
    cells = [f for f in result.findings if f.rule in ("row-total", "results-total", "balance")]
    assert cells
    for finding in cells:
        loc = finding.location
        assert loc.origin is not None and loc.origin.kind == "html"
        assert loc.line == loc.origin.line and loc.column is not None
        assert source[loc.line - 1][loc.column - 1 :].startswith("<td"), (loc, source[loc.line - 1])


def test_docx_places_are_table_row_and_cell() -> None:
    import docx as python_docx

    generated = _zero_report()
    values = {t: dict(v) for t, v in generated.values.items()}
    values["review_litigation"]["cases", "review.total"] = 3  # 总计 3, parts 0
    data = render_docx(attrs.evolve(generated, values=values))
    result = govlint.lint(govlint.parse_bytes(data, "report.docx"))
    (finding,) = [f for f in result.findings if f.rule == "review-litigation-total"]
    origin = finding.location.origin
    assert origin is not None and origin.kind == "docx" and finding.location.line is None
    table = python_docx.Document(io.BytesIO(data)).tables[origin.table - 1]
    tr = table._tbl.tr_lst[origin.row - 1]
    assert tr.tc_lst[origin.cell - 1].xpath("string(.)") == "3"
    assert finding.location.where() == f"table {origin.table}, row {origin.row}, cell {origin.cell}"


def test_pdf_places_are_page_and_line(corpus: dict[str, Document]) -> None:
    result = govlint.lint(corpus["hongze_district_2023"])
    totals = [f for f in result.findings if f.rule == "review-litigation-total"]
    # 表四's numbers stand on page 4 (read off the page image), as its 14th printed line from the top.
    assert {(f.location.origin.page, f.location.origin.line) for f in totals if f.location.origin} == {(4, 14)}
    assert all(f.location.line is None and f.location.where().startswith("page 4") for f in totals)
    assert {f.location.where("zh") for f in totals} == {"第4页第14行"}


# -- what Word and web pages hide -----------------------------------------------------------------


def test_hidden_and_deleted_text_is_not_read() -> None:
    generated = _zero_report()
    page = render_html(generated).replace(
        '<div class="content" id="zoom">',
        '<div class="content" id="zoom"><p style="display:none">本年度收到政府信息公开申请99件。</p>'
        "<p hidden>二、主动公开政府信息情况</p>",
    )
    document = govlint.parse_bytes(page.encode(), "page.html")
    assert "99件" not in "\n".join(document.lines)
    assert [s.numeral for s in document.sections] == list("一二三四五六")

    import docx as python_docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    word = python_docx.Document(io.BytesIO(render_docx(generated)))
    first = word.paragraphs[1]._p
    first.append(parse_xml(f"<w:r {nsdecls('w')}><w:rPr><w:vanish/></w:rPr><w:t>隐藏的99件</w:t></w:r>"))
    first.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>删除的98件</w:delText></w:r></w:del>')
    )
    first.append(parse_xml(f"<w:r {nsdecls('w')}><w:instrText> PAGE </w:instrText></w:r>"))
    out = io.BytesIO()
    word.save(out)
    text = "\n".join(govlint.parse_bytes(out.getvalue(), "report.docx").lines)
    assert "99件" not in text and "98件" not in text and "PAGE" not in text


def test_word_list_numbering_gives_the_headings() -> None:
    document = govlint.parse_bytes(render_docx(_zero_report(), numbered_headings=True), "report.docx")
    assert [s.heading.enumerator for s in document.sections] == [f"{n}、" for n in "一二三四五六"]


# -- hostile and broken files ----------------------------------------------------------------------


def _measured(data: bytes) -> tuple[Document, float, int]:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        document = govlint.parse_bytes(data, "hostile")
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return document, elapsed, peak


def _refused(data: bytes, kind: str) -> Document:
    document, elapsed, peak = _measured(data)
    assert document.kind == kind
    assert [n.code for n in document.notes] == ["unreadable"], document.notes
    assert document.notes[0].message and document.notes[0].message_en
    assert elapsed < 5, elapsed  # generous for a slow CI machine; these take milliseconds
    assert peak < 64 * 2**20, peak
    result = govlint.lint(document)
    assert [f.rule for f in result.findings] == ["unreadable-input"]
    return document


def test_billion_laughs_html() -> None:
    entities = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    page = f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY l0 "哈哈">{entities}]><html><body><p>&l9;</p></body></html>'
    document = _refused(page.encode(), "html")
    assert "ENTITY" in document.notes[0].message_en


def test_external_entities_html() -> None:
    page = (
        '<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "http://192.0.2.1/x">]>'
        "<html><body><p>&secret;&remote;</p><p>一、总体情况</p></body></html>"
    )
    _refused(page.encode(), "html")


def test_html_never_loads_what_it_links() -> None:
    page = render_html(_zero_report()).replace(
        "</head>",
        '<link rel="stylesheet" href="http://192.0.2.1/a.css"><script src="http://192.0.2.1/a.js"></script></head>',
    )
    page = page.replace("<h1>", '<img src="http://192.0.2.1/x.png"><iframe src="http://192.0.2.1/"></iframe><h1>')
    document = govlint.parse_bytes(page.encode(), "page.html")
    assert document.readable and len(document.tables) == 3  # and the fixture saw no connection


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_docx_zip_bomb() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:  # 48 MiB of zeros in about 50 KiB
            block = b"\0" * 2**20
            for _ in range(48):
                part.write(block)
    data = buffer.getvalue()
    assert len(data) < 200_000
    document = _refused(data, "docx")
    assert "ZIP" in document.notes[0].message_en


def test_docx_many_members_and_entity_declarations() -> None:
    many = {"[Content_Types].xml": b"<Types/>", **{f"word/media/{i}.xml": b"" for i in range(2500)}}
    _refused(_zip(many), "docx")
    entity = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
    )
    document = _refused(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": entity}), "docx")
    assert "DTD" in document.notes[0].message_en


def test_docx_damaged() -> None:
    data = render_docx(_zero_report())
    _refused(data[: len(data) // 2], "docx")
    _refused(b"PK\x03\x04word/" + b"\0" * 100, "docx")


@pytest.mark.parametrize("cut", [0.02, 0.5, 0.97])
def test_truncated_pdf(cut: float) -> None:
    data = (CORPUS / "huaian_city_2024.pdf").read_bytes()
    document = _refused(data[: int(len(data) * cut)], "pdf")
    assert re.search("damaged|truncated", document.notes[0].message_en)


def _pdf(page_content: bytes) -> bytes:
    """A one-page PDF whose page draws ``page_content`` (no fonts: no text layer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(page_content) + page_content + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_scanned_pdf_without_text_layer() -> None:
    document = _refused(_pdf(b"0 0 0 rg 50 50 495 742 re f"), "pdf")  # a page that is only a picture
    assert "OCR" in document.notes[0].message_en and "text layer" in document.notes[0].message_en


def test_pdf_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pdfium(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.partition(".")[0] == "pypdfium2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pdfium)
    document = _refused((CORPUS / "hongze_district_2023.pdf").read_bytes(), "pdf")
    assert "govlint[pdf]" in document.notes[0].message_en


def test_kind_comes_from_content_not_name(tmp_path: Path) -> None:
    misnamed = tmp_path / "report.txt"
    misnamed.write_bytes((CORPUS / "hongze_district_2024.pdf").read_bytes())
    assert govlint.parse(misnamed).kind == "pdf"
    page = tmp_path / "report.pdf"
    page.write_text(render_html(_zero_report()), "utf-8")
    assert govlint.parse(page).kind == "html"
    word = tmp_path / "report.html"
    word.write_bytes(render_docx(_zero_report()))
    assert govlint.parse(word).kind == "docx"


def test_span_rows_follow_the_national_layout() -> None:
    """The generator's table 三 is 10 columns wide (3 label columns + 7) and 四 is 15."""
    generated = _zero_report()
    for table_id, width in (("applications", 10), ("review_litigation", 15), ("active_disclosure", 4)):
        rows = span_rows(generated, table_id)
        assert max(sum(s.colspan for s in r) for r in rows) == width, table_id


# -- regressions from a review with realistic pages and damaged files --------------------------


def test_gbk_page_declared_in_meta_with_little_chinese() -> None:
    """A GBK page that is mostly markup and script (Word export, CMS): the declared charset is
    believed, and one broken byte becomes U+FFFD instead of making the page "binary"."""
    generated = _zero_report()
    script = "<script>" + "var x = 1;\n" * 2000 + "</script>"
    page = render_html(generated).replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gbk">' + script
    )
    data = page.encode("gb18030")
    document = govlint.parse_bytes(data, "page.html")
    assert document.kind == "html" and len(document.tables) == 3
    at = data.index("本机关通过".encode("gb18030"))
    broken = data[:at] + b"\xff" + data[at + 1 :]
    damaged = govlint.parse_bytes(broken, "page.html")
    assert damaged.kind == "html" and len(damaged.tables) == 3
    assert "extraction-damage" in {f.rule for f in govlint.lint(damaged).findings}  # the U+FFFD


@pytest.mark.parametrize(
    "prefix",
    [
        "<!-- saved from url=(0061)http://www.example.gov.cn/xxgk/t20220120_123.html -->\n",
        "\ufeff<!--TRS_PUBLISH-->\n",
        '<!--[if lt IE 9]><script src="html5.js"></script><![endif]-->\n',
    ],
)
def test_saved_pages_are_html(prefix: str) -> None:
    page = prefix + render_html(_zero_report()).removeprefix("<!DOCTYPE html>\n")
    document = govlint.parse_bytes(page.encode(), "saved.html")
    assert document.kind == "html" and len(document.tables) == 3


def test_fragment_that_opens_with_a_script_is_html() -> None:
    body = render_html(_zero_report()).split("<body>", 1)[1].split("</body>", 1)[0]
    document = govlint.parse_bytes(("<script>var a = 1;</script>\n" + body).encode(), "fragment.html")
    assert document.kind == "html" and len(document.tables) == 3


def test_pdf_after_a_stray_newline_or_bom() -> None:
    data = (CORPUS / "hongze_district_2024.pdf").read_bytes()
    for junk in (b"\n", b"\xef\xbb\xbf"):
        document = govlint.parse_bytes(junk + data, "download.pdf")
        assert document.kind == "pdf" and len(document.tables) == 3


def test_docx_part_damaged_in_its_first_bytes() -> None:
    data = bytearray(render_docx(_zero_report()))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(40, 50):  # corrupt the deflate stream: zlib.error, not BadZipFile
        data[start + k] ^= 0x55
    _refused(bytes(data), "docx")


def test_related_links_table_does_not_move_the_report() -> None:
    """A 相关阅读 list laid out as a title | date table, before and after the article."""
    generated = _zero_report()
    links = (
        '<table class="related"><tr><td><a href="#">乌海市2020年政府信息公开工作年度报告</a></td><td>2020-01-22</td></tr>'
        '<tr><td><a href="#">乌海市2019年政府信息公开工作年度报告</a></td><td>2019-01-20</td></tr></table>'
    )
    page = render_html(generated)
    for where in ('<div class="article">', '<div class="footer">'):
        document = govlint.parse_bytes(page.replace(where, links + where).encode(), "page.html")
        assert (document.year, document.organ) == (generated.year, generated.organ)
        assert "2020-01-22" not in "\n".join(document.lines)
        assert _findings(govlint.lint(document)) == _findings(govlint.lint(govlint.parse_text(render_tabs(generated))))


def test_title_only_in_the_page_title() -> None:
    generated = _zero_report()
    page = render_html(generated)
    page = re.sub(r"<h1>.*?</h1>", "", page)
    document = govlint.parse_bytes(page.encode(), "page.html")
    assert (document.year, document.organ) == (generated.year, generated.organ)


def test_word_wrapped_td_tags_point_at_their_own_cell() -> None:
    generated = _zero_report()
    values = {t: dict(v) for t, v in generated.values.items()}
    values["review_litigation"]["cases", "review.total"] = 3
    page = render_html(attrs.evolve(generated, values=values))
    page = page.replace("<td", "<td width=60 valign=top\nstyle='border:solid windowtext 1.0pt;\npadding:0cm 5.4pt'")
    source = page.split("\n")
    result = govlint.lint(govlint.parse_bytes(page.encode(), "word.html"))
    (finding,) = [f for f in result.findings if f.rule == "review-litigation-total"]
    loc = finding.location
    assert loc.line is not None and loc.column is not None
    assert source[loc.line - 1][loc.column - 1 :].startswith("<td")
    assert source[loc.line + 1].split("'>", 1)[1].startswith("3</td>")  # the tag opens the 总计 cell


def _numbered_docx(style_based: bool, separate_lists: bool) -> bytes:
    """Headings numbered 一、二、… by a style that inherits numbering through basedOn, or by
    paragraphs whose numIds differ but share one abstract list (copied headings)."""
    import docx as python_docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    word = python_docx.Document(io.BytesIO(render_docx(_zero_report(), numbered_headings=True)))
    numbering = word.part.numbering_part.element
    for extra in ("908", "909", "910", "911", "912"):
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{extra}"><w:abstractNumId w:val="907"/></w:num>'))
    styles = word.styles.element
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Base"><w:pPr><w:numPr><w:numId w:val="907"/></w:numPr></w:pPr></w:style>'
        )
    )
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="ReportHeading"><w:basedOn w:val="Base"/></w:style>'
        )
    )
    k = 0
    for paragraph in word.paragraphs:
        num = paragraph._p.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}numPr")
        if num is None:
            continue
        if style_based:
            num.getparent().append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="ReportHeading"/>'))
            num.getparent().remove(num)
        elif separate_lists and k:
            num.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}numId").set(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", str(907 + k)
            )
        k += 1
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("style_based", "separate_lists"), [(True, False), (False, True)])
def test_word_numbering_through_styles_and_shared_lists(style_based: bool, separate_lists: bool) -> None:
    document = govlint.parse_bytes(_numbered_docx(style_based, separate_lists), "report.docx")
    assert [s.heading.enumerator for s in document.sections] == [f"{n}、" for n in "一二三四五六"]


def test_docx_report_inside_a_one_cell_frame() -> None:
    import docx as python_docx

    word = python_docx.Document(io.BytesIO(render_docx(_zero_report())))
    body = word.element.body
    frame = word.add_table(rows=1, cols=1)._tbl
    cell = frame.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")
    for child in list(body)[:-2]:  # everything but the frame itself and the section properties
        if child is not frame:
            cell.append(child)
    body.insert(0, frame)
    out = io.BytesIO()
    word.save(out)
    document = govlint.parse_bytes(out.getvalue(), "framed.docx")
    assert document.title is not None and len(document.tables) == 3
    assert [s.numeral for s in document.sections] == list("一二三四五六")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "doc"),
        (b"{\\rtf1\\ansi \\u20013?}", "rtf"),
        (None, "xlsx"),
    ],
)
def test_other_office_formats_are_named(data: bytes | None, kind: str) -> None:
    if data is None:
        data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    document = _refused(data, kind)
    assert document.notes[0].message_en


def test_pdf_with_scanned_pages_says_which() -> None:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument((CORPUS / "huaian_city_2024.pdf").read_bytes())
    mixed = pdfium.PdfDocument.new()
    for index in range(len(source)):
        if index in (3, 4):  # the pages of tables 三 and 四, as if pasted in as pictures
            mixed.new_page(595, 842)
        else:
            mixed.import_pages(source, [index])
    out = io.BytesIO()
    mixed.save(out)
    result = govlint.lint(govlint.parse_bytes(out.getvalue(), "mixed.pdf"))
    (note,) = [f for f in result.findings if f.rule == "unreadable-input"]
    assert note.severity.value == "warning" and "4, 5" in note.message_en
    assert "active_disclosure" not in {f.location.table for f in result.findings if f.rule == "table-not-found"}
