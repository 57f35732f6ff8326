"""Input kinds and encodings are detected from content; bad input never raises."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint
from govlint.parse.decode import decode, sniff

from .conftest import REPORTS

SEED = REPORTS / "002_cf57586f910dba13.txt"
TEXT = SEED.read_text(encoding="utf-8")
REFERENCE = govlint.parse(SEED)


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),  # GBK is a subset of GB18030
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # without BOM
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16le", "utf16be", "crlf"],
)
def test_encodings_give_the_same_document(encoded: bytes, encoding: str) -> None:
    doc = govlint.parse_bytes(encoded, "x.txt")
    assert doc.encoding == codecs.lookup(encoding).name
    assert doc.to_dict()["tables"] == REFERENCE.to_dict()["tables"]
    assert (doc.organ, doc.year, doc.template) == (REFERENCE.organ, REFERENCE.year, REFERENCE.template)


def test_short_gb18030_text_is_still_detected() -> None:
    text = "二、主动公开政府信息情况\n行政许可\n0\n"
    assert decode(text.encode("gb18030")).text == text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "pdf"),
        (b"PK\x03\x04\x14\x00[Content_Types].xml word/document.xml", "docx"),
        (b"PK\x03\x04\x14\x00something else", "zip"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"   \n\t ", "empty"),
        (TEXT.encode("utf-8"), "text"),
    ],
)
def test_sniffing_reads_content_not_names(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4 trailer", bytes(range(256)) * 8, b"\x00\x01\x02\x03" * 100, b"PK\x03\x04word/"],
    ids=["pdf", "all-bytes", "control", "docx"],
)
def test_unreadable_input_is_a_note(data: bytes) -> None:
    doc = govlint.parse_bytes(data, "bad.bin")
    assert [n.code for n in doc.notes] == ["unreadable"]
    assert doc.notes[0].message and doc.notes[0].message_en
    assert doc.to_dict()["tables"] == {"active_disclosure": [], "applications": [], "review_litigation": []}


def test_empty_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    doc = govlint.parse(path)
    assert [n.code for n in doc.notes] == ["empty"]
    assert doc.template is None and doc.sections == ()


def test_a_page_that_is_not_a_report() -> None:
    page = "首页 > 新闻中心\n今日天气晴。\n联系我们 | 网站地图\n"
    doc = govlint.parse_text(page)
    assert [n.code for n in doc.notes] == ["not-a-report"]
    assert doc.organ is None and doc.year is None and doc.tables == {}


@given(st.binary(max_size=4096))
@settings(max_examples=300)
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    doc = govlint.parse_bytes(data)
    doc.to_dict()


@given(st.text(max_size=2000))
@settings(max_examples=300)
def test_arbitrary_text_never_raises(text: str) -> None:
    doc = govlint.parse_text(text)
    doc.to_dict()


@given(
    st.lists(
        st.sampled_from(TEXT.split("\n")) | st.text(alphabet="\t |0123456789一二三四、（）\u00a0\u3000", max_size=12),
        max_size=120,
    )
)
@settings(max_examples=200)
def test_shuffled_report_lines_never_raise(lines: list[str]) -> None:
    """Fragments of a real report in random order exercise the table walk, not just decoding."""
    doc = govlint.parse_text("\n".join(lines))
    for table in doc.tables.values():
        table.frame  # noqa: B018 - building the views must not fail either
        table.cells  # noqa: B018
