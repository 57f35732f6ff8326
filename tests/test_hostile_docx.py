"""Hostile DOCX (issue #18): grid units (``gridBefore``, ``gridSpan``) and list numbering
(``w:start``, ``w:lvlText``) are kept under the budget; a file over it is refused with an
over-budget finding, never a MemoryError."""

from __future__ import annotations

import io
import zipfile

import pytest

import govlint
from govlint.budget import DEFAULT

from .reportgen import all_zero_report, render_docx

REPORT = all_zero_report("2021", 2022)
PLAIN = render_docx(REPORT)
NUMBERED = render_docx(REPORT, numbered_headings=True)
CHINESE_LEVEL = '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'


def _patched(data: bytes, part: str, old: str, new: str, count: int = 1) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == part:
                text = content.decode("utf-8")
                assert old in text
                content = text.replace(old, new, count).encode("utf-8")
            out.writestr(item, content)
    return buffer.getvalue()


def _findings(data: bytes) -> list[tuple[str, object]]:
    document = govlint.parse_bytes(data, "report.docx")
    return [(f.rule, f.actual) for f in govlint.lint(document).findings if f.rule == "unreadable-input"]


def _row_props(props: str) -> bytes:
    return _patched(PLAIN, "word/document.xml", "<w:tr>", f"<w:tr><w:trPr>{props}</w:trPr>")


def test_the_unpatched_documents_are_read() -> None:
    assert _findings(PLAIN) == [] and _findings(NUMBERED) == []


@pytest.mark.parametrize("value", ["100000000", "9" * 5000, str(DEFAULT.span + 1)])
def test_grid_before_over_the_span_budget(value: str) -> None:
    assert _findings(_row_props(f'<w:gridBefore w:val="{value}"/>')) == [("unreadable-input", "over-budget:span")]


def test_grid_span_over_the_span_budget() -> None:
    data = _patched(PLAIN, "word/document.xml", "<w:tcPr>", '<w:tcPr><w:gridSpan w:val="2000000000"/>')
    assert _findings(data) == [("unreadable-input", "over-budget:span")]


def test_many_wide_rows_are_over_the_grid_budget() -> None:
    wide = '<w:tr><w:trPr><w:gridBefore w:val="900"/></w:trPr><w:tc><w:p/></w:tc></w:tr>' * 200
    data = _patched(PLAIN, "word/document.xml", "<w:tr>", wide + "<w:tr>")
    assert _findings(data) == [("unreadable-input", "over-budget:grid_cells")]


def test_grid_before_and_after_within_budget_are_read() -> None:
    data = _row_props('<w:gridBefore w:val="3"/><w:gridAfter w:val="99999999999"/>')
    assert _findings(data) == []


@pytest.mark.parametrize("start", ["1" + "0" * 4000, "99999999999", str(DEFAULT.list_number + 1), "-999999"])
def test_a_list_start_over_the_budget_is_refused(start: str) -> None:
    level = CHINESE_LEVEL.replace('<w:start w:val="1"/>', f'<w:start w:val="{start}"/>')
    data = _patched(NUMBERED, "word/numbering.xml", CHINESE_LEVEL, level)
    assert _findings(data) == [("unreadable-input", "over-budget:list_number")]


def test_a_huge_list_label_template_is_refused() -> None:
    level = CHINESE_LEVEL.replace('w:val="%1、"', 'w:val="' + "%1" * 100_000 + '"')
    data = _patched(NUMBERED, "word/numbering.xml", CHINESE_LEVEL, level)
    assert _findings(data) == [("unreadable-input", "over-budget:list_label")]


def test_a_list_level_far_down_costs_nothing() -> None:
    level = CHINESE_LEVEL.replace('w:ilvl="0"', 'w:ilvl="999999999"')
    data = _patched(NUMBERED, "word/numbering.xml", CHINESE_LEVEL, level)
    data = _patched(data, "word/document.xml", '<w:ilvl w:val="0"/>', '<w:ilvl w:val="999999999"/>', count=-1)
    document = govlint.parse_bytes(data, "report.docx")
    assert document.readable


def test_an_ordinary_list_start_is_used() -> None:
    level = CHINESE_LEVEL.replace('<w:start w:val="1"/>', '<w:start w:val="3"/>')
    document = govlint.parse_bytes(_patched(NUMBERED, "word/numbering.xml", CHINESE_LEVEL, level), "report.docx")
    assert any(line.startswith("三、总体情况") for line in document.lines)


def _with_document_part(xml: str) -> bytes:
    """PLAIN with word/document.xml replaced whole."""
    source = zipfile.ZipFile(io.BytesIO(PLAIN))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, xml.encode("utf-8") if item.filename == "word/document.xml" else source.read(item))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "xml",
    [
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',  # no body
        '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p/></w:body></w:document>',
        "<foo/>",  # a root that is no Word document
    ],
)
def test_a_document_part_without_a_body_is_unreadable(xml: str) -> None:
    """It raised inside the reader: a traceback and exit 3 from the command line."""
    assert [rule for rule, _ in _findings(_with_document_part(xml))] == ["unreadable-input"]
