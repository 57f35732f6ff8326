"""Fuzzing the reader (issue #18): hostile text, HTML, DOCX, PDF and bytes never crash it.

Every example checks the same promise: ``parse_bytes`` (or ``parse_text``) returns a Document and
``lint`` a LintResult, without raising; a Document that cannot be read says why with an
``unreadable-input`` finding. Inputs are small (a few KB) so each example costs well under a
second; the big hostile files live in ``tests/hostile`` (see test_hostile.py). Deterministic in
CI (the ``ci`` profile derandomizes); the whole file stays under a minute on a loaded machine.
"""

from __future__ import annotations

import functools
import io
import re
import socket
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import govlint
from govlint.model import Document
from govlint.model.result import LintResult
from govlint.templates import get_template

from .conftest import REPORTS
from .hostilegen import pdf

SAMPLES = sorted(REPORTS.glob("*.txt"))  # the seeds of the torture campaign, as bundled

_fast = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def examples(n: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return settings(_fast, max_examples=n)


# Nothing is fetched: every attempt to connect is recorded (and refused) while this module runs.
NETWORK_ATTEMPTS: list[Any] = []


@pytest.fixture(autouse=True, scope="module")
def no_network() -> Iterator[None]:
    def refuse(*args: Any, **kwargs: Any) -> None:
        NETWORK_ATTEMPTS.append(args[1:] or kwargs)
        raise OSError("network access in a test")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield


def check(document: Document) -> LintResult:
    """The promise every example keeps."""
    assert isinstance(document, Document)
    assert NETWORK_ATTEMPTS == [], f"tried to reach the network: {NETWORK_ATTEMPTS}"
    result = govlint.lint(document)
    assert isinstance(result, LintResult)
    rules = [f.rule for f in result.findings]
    note(f"kind={document.kind} notes={[n.code for n in document.notes]} rules={sorted(set(rules))}")
    if not document.readable:
        assert "unreadable-input" in rules
    for finding in result.findings:
        assert finding.message and finding.message_en
        assert len(finding.message) < 20_000  # no finding copies unbounded text into its message
    return result


# -- hostile text -------------------------------------------------------------------------------------


@functools.cache
def _template_words() -> tuple[str, ...]:
    words: list[str] = []
    for version in ("2019", "2021"):
        template = get_template(version)
        words += [f"{s.numeral}、{s.title}" for s in template.sections]
        for table in template.tables.values():
            words += [table.title, *table.header]
            words += [r.label for r in table.rows]
            words += [c.label for b in table.blocks for c in b.columns]
    return tuple(dict.fromkeys(w for w in words if w))


SEPARATORS = ("\n", "\r\n", "\r", "\n\n\n", "|", " | ", "\t", "：", "。", "、", "-", "—", "％", "%", ".", ",", "，")
ARTIFACTS = ("<b>", "</b>", "&nbsp;", "&#12288;", "&amp;", "***", "\ufffd", "〔2021〕", "2022年1月20日", "2023-01-31")
NUMERALS = "〇一二三四五六七八九十百千万亿零壹贰叁肆伍陆柒捌玖拾"
CONTROL = "".join(map(chr, [*range(0x20), 0x7F, 0x85, 0xA0, 0x2028, 0x2029, 0x200B, 0x202E, 0xFEFF, 0xFFFD]))


def _run(alphabet: str, high: int = 400) -> st.SearchStrategy[str]:
    return st.builds(lambda ch, n: ch * n, st.sampled_from(alphabet), st.integers(1, high))


ATOMS: st.SearchStrategy[str] = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=400),  # digit runs
    _run(" \t\u3000\u00a0", 2_000),  # spaces, full-width and no-break spaces
    st.text(alphabet=NUMERALS, min_size=1, max_size=300),
    st.builds(lambda n, k: "（一）（二）（十）(三)【一】"[: 3 * k] * n, st.integers(1, 200), st.integers(1, 4)),
    st.sampled_from(_template_words()),
    st.sampled_from(_template_words()).map(lambda w: " ".join(w)),  # spaced labels: 文  件
    st.text(alphabet=CONTROL, min_size=1, max_size=20),
    st.sampled_from(SEPARATORS),
    st.sampled_from(ARTIFACTS),
    st.from_regex(r"[0-9]{1,3}([,，.][0-9]{1,3}){0,4}", fullmatch=True),
    st.text(max_size=30),
)
HOSTILE_TEXT = st.lists(ATOMS, max_size=60).map("".join)


@examples(60)
@given(HOSTILE_TEXT)
def test_hostile_text(text: str) -> None:
    check(govlint.parse_text(text))


@examples(25)
@given(HOSTILE_TEXT, st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]))
def test_hostile_text_as_bytes(text: str, encoding: str) -> None:
    check(govlint.parse_bytes(text.encode(encoding, "surrogatepass")))


@functools.cache
def _sample_lines() -> tuple[str, ...]:
    return tuple((REPORTS / "003_32c7538ebe09f062.txt").read_text("utf-8").splitlines())


@examples(30)
@given(st.data())
def test_a_report_with_hostile_text_spliced_in(data: st.DataObject) -> None:
    """Hostile pieces inside a real report: right after a heading, a row label, a cell."""
    lines = list(_sample_lines())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        cut = data.draw(st.integers(0, len(line)))
        lines[at] = line[:cut] + data.draw(HOSTILE_TEXT) + line[cut:]
    check(govlint.parse_text("\n".join(lines)))


# -- hostile HTML ---------------------------------------------------------------------------------------

CHARSETS = (
    "utf-8",
    "gbk",
    "gb2312",
    "GB18030",
    "big5",
    "hz",
    "utf-16",
    "utf-16le",
    "utf-32",
    "utf-7",
    "latin-1",
    "cp1252",
    "hex",
    "idna",
    "rot13",
    "rot_13",
    "punycode",
    "base64",
    "zlib",
    "bz2",
    "uu",
    "quopri",
    "unicode_escape",
    "raw_unicode_escape",
    "undefined",
    "mbcs",
    "charmap",
    "x-user-defined",
    "",
    " utf-8 ",
    "utf-8\x00",
    "ＵＴＦ－８",
    "a" * 300,
)
ENTITIES = ("&nbsp;", "&#12288;", "&#0;", "&#x0;", "&#99999999;", "&#xD800;", "&amp;", "&bogus;", "&lt;b&gt;", "&#")
TAG_NOISE = ("<br>", "<br/>", "</td>", "<tr>", "</table>", "<!--", "-->", "<![CDATA[", "<?php", "<", "&")
# What would fetch something if a reader followed it: nothing may be fetched.
FETCHES = (
    '<img src="http://127.0.0.1:9/a.png">',
    '<link rel="stylesheet" href="http://127.0.0.1:9/a.css">',
    '<iframe src="http://127.0.0.1:9/"></iframe>',
    '<script src="http://127.0.0.1:9/a.js"></script>',
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">',
    '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="http://127.0.0.1:9/x.xml"/>',
    '<base href="http://127.0.0.1:9/">',
)
DOCTYPES = (
    "<!DOCTYPE html>",
    '<!DOCTYPE html SYSTEM "http://127.0.0.1:9/x.dtd">',
    '<!DOCTYPE html [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
    '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    "",
)
SPAN = st.one_of(
    st.integers(-3, 60).map(str),
    st.sampled_from(["", "0", "-1", "1.5", " 2 ", "x", "9" * 30, "2" * 400, "1e9", "１０"]),
)


def _attrs(draw: st.DrawFn, tag: str) -> str:
    if tag not in ("td", "th") or not draw(st.booleans()):
        return ""
    return "".join(f' {name}="{draw(SPAN)}"' for name in draw(st.sets(st.sampled_from(["rowspan", "colspan"]))))


@st.composite
def html_fragment(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 6 if depth < 4 else 1))):
        kind = draw(st.integers(0, 9))
        if kind < 4 and depth < 8:
            tag = draw(st.sampled_from(["div", "p", "span", "b", "font", "table", "tr", "td", "th", "tbody", "li"]))
            pieces.append(f"<{tag}{_attrs(draw, tag)}>{draw(html_fragment(depth + 1))}</{tag}>")
        elif kind < 6:
            pieces.append(draw(ATOMS).replace("<", "&lt;"))
        elif kind < 7:
            pieces.append(draw(st.sampled_from(ENTITIES)))
        elif kind < 8:
            pieces.append(draw(st.sampled_from(TAG_NOISE + FETCHES)))
        else:
            pieces.append(draw(st.sampled_from(_template_words())))
    return "".join(pieces)


@st.composite
def hostile_html(draw: st.DrawFn) -> bytes:
    charset = draw(st.sampled_from(CHARSETS))
    body = draw(html_fragment())
    nesting = draw(st.sampled_from(["", "div", "b", "table", "td", "span"]))
    depth = draw(st.integers(0, 600)) if nesting else 0
    body = f"<{nesting}>" * depth + body + f"</{nesting}>" * depth
    rows = draw(st.integers(0, 40))
    if rows:
        span = draw(st.integers(1, 300))
        body += f'<table><tr><td colspan="{span}">合计</td></tr>' + "<tr><td>1</td><td>2</td></tr>" * rows + "</table>"
    storm = draw(st.integers(0, 3_000))
    body += "<p>" + "<b>一</b>" * storm + "</p>"
    doctype = draw(st.sampled_from(DOCTYPES))
    page = f'{doctype}<html><head><meta charset="{charset}"><title>年度报告</title></head><body>{body}&x;</body></html>'
    encoding = draw(st.sampled_from(["utf-8", "gb18030"]))
    return page.encode(encoding, "surrogatepass")


@examples(40)
@given(hostile_html())
def test_hostile_html(data: bytes) -> None:
    check(govlint.parse_bytes(data, "page.html"))


@functools.cache
def _report_html() -> str:
    from .reportgen import all_zero_report, render_html

    return render_html(all_zero_report("2021", 2022))


@examples(20)
@given(st.sampled_from(CHARSETS), st.integers(0, 400), st.sampled_from(["div", "span", "font", "b"]))
def test_a_report_page_with_odd_charset_and_nesting(charset: str, depth: int, tag: str) -> None:
    page = re.sub(r'<meta charset="[^"]*"\s*/?>', "", _report_html(), count=1)
    page = page.replace("<head>", f'<head><meta charset="{charset}">', 1)
    page = page.replace("<body>", "<body>" + f"<{tag}>" * depth, 1).replace("</body>", f"</{tag}>" * depth + "</body>")
    check(govlint.parse_bytes(page.encode("utf-8"), "page.html"))


# -- hostile DOCX ---------------------------------------------------------------------------------------


@functools.cache
def _docx_parts(numbered: bool) -> dict[str, bytes]:
    from .reportgen import all_zero_report, render_docx

    data = render_docx(all_zero_report("2021", 2022), numbered_headings=numbered)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


NUM_FORMATS = (
    "decimal",
    "upperRoman",
    "lowerRoman",
    "upperLetter",
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographDigital",
    "decimalEnclosedCircle",
    "decimalFullWidth",
    "bullet",
    "none",
    "bogus",
    "",
)
# Numbers in Word's XML (spans, skipped cells, list starts). Huge ones (a 25-digit list start,
# gridBefore 10**8) are cases of the hostile corpus, with the branch that fixes them.
NUMBER = st.one_of(st.integers(-5, 3_000).map(str), st.sampled_from(["", "x", "1.5", "-0", "１", " 7 "]))


DOCX_EDIT = st.one_of(
    st.tuples(st.sampled_from(["gridBefore", "gridAfter"]), st.integers(0, 40), NUMBER),
    st.tuples(st.just("gridSpan"), st.integers(0, 40), NUMBER),
    st.tuples(st.just("vMerge"), st.integers(0, 40), st.sampled_from(["restart", "continue", "x", ""])),
    st.tuples(st.just("nest"), st.integers(1, 400), ATOMS),
    st.tuples(st.just("text"), st.integers(0, 40), HOSTILE_TEXT),
    st.tuples(st.just("drop"), st.integers(0, 10**6), st.integers(1, 200).map(str)),
    st.tuples(st.just("external"), st.integers(0, 2), st.sampled_from(["http://127.0.0.1:9/a", "file:///etc/passwd"])),
)
LEVEL_TEXTS = ("%1", "%1、", "（%1）", "%1.%2.%3", "%9", "%", "%1" * 50, "")
NUMBERING_EDIT = st.tuples(st.sampled_from(NUM_FORMATS), NUMBER, st.sampled_from(LEVEL_TEXTS))


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xml_text(text: str) -> str:
    text = "".join(ch for ch in text if ch.isprintable() or ch in "\t\n")
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _nth(xml: str, needle: str, n: int) -> int:
    """Where the ``n``-th (modulo their count) ``needle`` starts, or -1."""
    places = [m.start() for m in re.finditer(re.escape(needle), xml)]
    return places[n % len(places)] if places else -1


def _edit_document(xml: str, edit: tuple[str, int, str]) -> str:
    kind, n, value = edit
    if kind in ("gridBefore", "gridAfter"):
        at = _nth(xml, "<w:tr>", n)
        props = f'<w:trPr><w:{kind} w:val="{value}"/></w:trPr>'
        return xml if at < 0 else xml[:at] + "<w:tr>" + props + xml[at + len("<w:tr>") :]
    if kind in ("gridSpan", "vMerge"):
        at = _nth(xml, "<w:tcPr>", n)
        prop = f'<w:{kind} w:val="{value}"/>'
        return xml if at < 0 else xml[:at] + "<w:tcPr>" + prop + xml[at + len("<w:tcPr>") :]
    if kind == "nest":
        inner = f"<w:p><w:r><w:t>{_xml_text(value)}</w:t></w:r></w:p>"
        nested = "<w:tbl><w:tr><w:tc>" * n + inner + "</w:tc></w:tr></w:tbl>" * n
        return xml.replace("<w:body>", f"<w:body>{nested}<w:p/>", 1)
    if kind == "text":
        at = _nth(xml, "</w:t>", n)
        return xml if at < 0 else xml[:at] + _xml_text(value) + xml[at:]
    if kind == "external":
        chunk = f'<w:altChunk xmlns:r="{_R}" r:id="rIdHostile{n}"/>'
        return xml.replace("<w:body>", f"<w:body>{chunk}", 1)
    at = n % max(1, len(xml))
    return xml[:at] + xml[at + int(value) :]


def _edit_numbering(xml: str, edit: tuple[str, str, str]) -> str:
    fmt, start, text = edit
    xml = re.sub(r'<w:numFmt w:val="[^"]*"/>', f'<w:numFmt w:val="{fmt}"/>', xml)
    xml = re.sub(r'<w:start w:val="[^"]*"/>', f'<w:start w:val="{start}"/>', xml)
    return re.sub(r'<w:lvlText w:val="[^"]*"/>', f'<w:lvlText w:val="{text}"/>', xml, count=1)


def docx_of(numbered: bool, edits: list[tuple[str, int, str]], numbering: tuple[str, str, str] | None) -> bytes:
    parts = dict(_docx_parts(numbered))
    xml = parts["word/document.xml"].decode()
    for edit in edits:
        xml = _edit_document(xml, edit)
    parts["word/document.xml"] = xml.encode()
    for kind, n, target in edits:
        if kind == "external":  # a linked picture, sub-document or altChunk: read nothing from it
            rels = parts["word/_rels/document.xml.rels"].decode()
            kinds = ("image", "subDocument", "aFChunk")
            rel = f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kinds[n % 3]}"
            link = f'<Relationship Id="rIdHostile{n}" Type="{rel}" Target="{target}" TargetMode="External"/>'
            parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", link + "</Relationships>").encode()
    if numbering is not None and "word/numbering.xml" in parts:
        parts["word/numbering.xml"] = _edit_numbering(parts["word/numbering.xml"].decode(), numbering).encode()
    return _zip(parts)


@examples(30)
@given(st.booleans(), st.lists(DOCX_EDIT, min_size=1, max_size=4), st.none() | NUMBERING_EDIT)
def test_hostile_docx(
    numbered: bool, edits: list[tuple[str, int, str]], numbering: tuple[str, str, str] | None
) -> None:
    """Word's XML edited: spans and skipped cells, merges, nested tables, odd list numbering."""
    check(govlint.parse_bytes(docx_of(numbered, edits, numbering), "report.docx"))


# -- hostile PDF ----------------------------------------------------------------------------------------


PDF_NOISE = (b"BT", b"ET", b"Tj", b"(unclosed", b"<<", b"/F9 12 Tf", b"[(a) -500 (b)] TJ", b"BI ID EI")
PDF_FILTERS = (b"", b"/Filter /FlateDecode ", b"/Filter /Bogus ", b"/Filter [/ASCIIHexDecode /FlateDecode] ")
PDF_STRING = st.text(alphabet="abcXYZ 0123456789()\\", max_size=40).map(
    lambda s: s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode()
)
PDF_NUMBER = st.one_of(
    st.integers(-2_000, 2_000).map(lambda n: b"%d" % n),
    st.sampled_from([b"0", b"-0", b"1e9", b"99999999999999999999", b"nan", b".5", b"-.", b"3.4e38"]),
)


@st.composite
def _content(draw: st.DrawFn) -> bytes:
    ops = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 5))
        n = [draw(PDF_NUMBER) for _ in range(6)]
        if kind == 0:
            ops.append(b"BT /F1 %s Tf %s %s Td (%s) Tj ET" % (n[0], n[1], n[2], draw(PDF_STRING)))
        elif kind == 1:
            ops.append(b"%s %s m %s %s l S" % tuple(n[:4]))
        elif kind == 2:
            ops.append(b"%s %s %s %s re f" % tuple(n[:4]))
        elif kind == 3:
            ops.append(b"%s %s %s %s %s %s cm" % tuple(n))
        elif kind == 4:
            ops.append(b"q " * draw(st.integers(0, 300)) + b"Q " * draw(st.integers(0, 300)))
        else:
            ops.append(draw(st.sampled_from(PDF_NOISE)))
    return b"\n".join(ops)


@st.composite
def hostile_pdf(draw: st.DrawFn) -> bytes:
    content = draw(_content())
    if draw(st.booleans()):
        content, filters = zlib.compress(content), b"/Filter /FlateDecode "
    else:
        filters = draw(st.sampled_from(PDF_FILTERS))
    length = draw(st.sampled_from([len(content), 0, len(content) + 100, -1, 10**12]))
    box = draw(st.sampled_from([b"[0 0 595 842]", b"[0 0 0 0]", b"[0 0 -595 842]", b"[0 0 1e9 1e9]", b"[]", b"null"]))
    count = draw(st.sampled_from([b"1", b"0", b"-1", b"1000000", b"x"]))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %s >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>" % box,
        b"<< /Length %d %s>>\nstream\n" % (length, filters) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if draw(st.booleans()):  # a page tree that points at itself
        objects[1] = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    return pdf(objects, shift=draw(st.sampled_from([0, 0, 7, -9, 10_000])))


@examples(25)
@given(hostile_pdf())
def test_hostile_pdf(data: bytes) -> None:
    check(govlint.parse_bytes(data, "report.pdf"))


# -- arbitrary bytes and mutations of real reports -------------------------------------------------------

MAGIC = (b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"<!DOCTYPE html>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
MAGIC += (b"{\\rtf1", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n", b"\x1f\x8b", b"<?xml version='1.0'?>")


@examples(80)
@given(st.sampled_from(MAGIC), st.binary(max_size=3_000))
def test_arbitrary_bytes(magic: bytes, data: bytes) -> None:
    check(govlint.parse_bytes(magic + data))


@functools.cache
def _bases() -> tuple[tuple[str, bytes], ...]:
    bases = [(p.name, p.read_bytes()) for p in SAMPLES]
    bases.append(("gb18030", SAMPLES[0].read_text("utf-8").encode("gb18030")))
    bases.append(("report.html", _report_html().encode("utf-8")))
    bases.append(("report.docx", _zip(_docx_parts(False))))
    return tuple(bases)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(_bases()))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate"]))
        if kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "insert":
            data = data[:at] + draw(st.one_of(st.binary(min_size=1, max_size=64), st.sampled_from(MAGIC))) + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)) :]
        else:
            data = data[:at] + data[at : at + draw(st.integers(1, 2_000))] * draw(st.integers(2, 4)) + data[at:]
    return name, data


@examples(60)
@given(mutated())
def test_mutated_reports(case: tuple[str, bytes]) -> None:
    name, data = case
    check(govlint.parse_bytes(data, name))


def test_samples_are_found() -> None:
    assert len(_bases()) >= 8 and all(data for _, data in _bases())


# -- every output of hostile findings ---------------------------------------------------------------


@examples(25)
@given(st.lists(ATOMS, max_size=30).map("".join), st.sampled_from(SAMPLES))
def test_every_output_of_a_hostile_report(text: str, sample: Path) -> None:
    """Hostile text in a report's lines and in its file name reaches every reporter: each output
    is well-formed (JSON parses, JUnit XML parses) and nothing raises."""
    import json
    import xml.etree.ElementTree as ET

    from govlint import reporters
    from govlint.engine.runner import builtin_registry
    from govlint.reporters import ci

    lines = sample.read_text("utf-8").splitlines()
    lines.insert(len(lines) // 2, text)
    name = "".join(ch for ch in text[:40] if ch not in "\0/") or "report"
    document = govlint.parse_bytes("\n".join(lines).encode("utf-8", "surrogatepass"), f"{name}.txt")
    result = check(document)
    results = [result]
    json.loads(reporters.json_array(results))
    for line in filter(None, ci.jsonl(results).split("\n")):  # JSON Lines: \n only, not U+2028
        json.loads(line)
    json.loads(ci.sarif(results, list(builtin_registry())))
    json.loads(ci.statistics(results, as_json=True))
    ET.fromstring(ci.junit(results))
    ci.github(results)
    reporters.text(results, lang="zh")
    reporters.text(results, lang="en", color=True, show_fixes=True)
    result.to_dataframe()
    json.dumps(document.to_dict(), ensure_ascii=False)
    reporters.document_csv(document)
    reporters.document_text(document)


def test_the_network_guard_records_attempts() -> None:
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    assert NETWORK_ATTEMPTS
    NETWORK_ATTEMPTS.clear()
