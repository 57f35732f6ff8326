"""Hostile inputs (issue #18): recipes that build each case of the hostile corpus.

The small cases are stored in ``tests/hostile/`` (each under 64 KB, so a reviewer can look at
them and a bisect needs no generator); the big ones are built here on demand. Both are listed in
``tests/hostile/manifest.toml`` with their class and what govlint must make of them.

``python -m tests.hostilegen`` rewrites the stored files from their recipes (review the diff).
"""

from __future__ import annotations

import io
import re
import sys
import tomllib
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
MANIFEST = HOSTILE / "manifest.toml"
SEED = ROOT / "examples" / "reports" / "003_32c7538ebe09f062.txt"
CORPUS_PDF = Path(__file__).resolve().parent / "data" / "corpus" / "hongze_district_2024.pdf"
STORED_LIMIT = 64 * 1024

Klass = Literal["time", "memory", "crash", "verdict"]
CLASSES: tuple[Klass, ...] = ("time", "memory", "crash", "verdict")

HEADING = "三、收到和处理政府信息公开申请情况"
ROW_LABEL = "一、本年新收政府信息公开申请数量"
IDSP = "\u3000"
TITLE = "某某市某某局2022年政府信息公开工作年度报告"


def _seed() -> str:
    return SEED.read_text("utf-8")


# -- time bombs: text whose processing must stay linear ---------------------------------------------


def digit_run(n: int) -> bytes:
    """A run of ``n`` digits right after a row label (26 digits once took 10 s)."""
    return f"{HEADING}\n{ROW_LABEL}{'1' * n}\n".encode()


def spaces_after_heading(n: int = 120_000) -> bytes:
    return f"{TITLE}\n{HEADING}{' ' * n}\n".encode()


def ideographic_spaces(n: int = 60_000) -> bytes:
    return f"{TITLE}\n{HEADING}\n{ROW_LABEL}{IDSP * n}1\n".encode()


def chinese_numerals(n: int = 32_000) -> bytes:
    numerals = "一二三四五六七八九十"
    return f"{TITLE}\n{(numerals * (n // len(numerals) + 1))[:n]}\n".encode()


def enumerators(n: int = 10_000) -> bytes:
    return f"{TITLE}\n{HEADING}\n{'（一）' * n}\n".encode()


def enumerator_lines(n: int = 10_000) -> bytes:
    return (f"{TITLE}\n{HEADING}\n" + "".join(f"（一）{ROW_LABEL[2:]} 1\n" for _ in range(n))).encode()


def labels_and_digits(n: int = 2_000) -> bytes:
    """Row labels and digit runs without a separator: every split is a candidate reading."""
    return f"{TITLE}\n{HEADING}\n{(ROW_LABEL + '1234567') * n}\n".encode()


def big_report(kilobytes: int = 4096) -> bytes:
    """A realistic report repeated to ``kilobytes`` KiB (the pipeline must scale near-linearly)."""
    seed = SEED.read_bytes()
    return seed * (kilobytes * 1024 // len(seed) + 1)


# -- memory bombs: a small file that asks for a huge structure --------------------------------------


def html_page(body: str, head: str = "") -> bytes:
    return f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}<title>{TITLE}</title></head><body>{body}</body></html>'.encode()


def html_grid_bomb(rows: int = 3_000, colspan: int = 1_000) -> bytes:
    """One wide row makes every row as wide: rows x colspan cells from a few KB."""
    body = f'<table><tr><td colspan="{colspan}">总计</td></tr>' + "<tr><td>1</td></tr>" * rows + "</table>"
    return html_page(f"<p>{TITLE}</p><p>{HEADING}</p>{body}")


def html_rowspan_bomb(cols: int = 2_000, rowspan: int = 1_000) -> bytes:
    body = "<table><tr>" + f'<td rowspan="{rowspan}">1</td>' * cols + "</tr><tr><td>2</td></tr></table>"
    return html_page(f"<p>{TITLE}</p>{body}")


def b_storm(n: int = 100_000) -> bytes:
    """``<b>`` tags copied into text: each is a conversion artifact on one long line."""
    return f"{TITLE}\n{HEADING}\n{'<b>1</b>' * n}\n".encode()


def html_b_storm(n: int = 50_000) -> bytes:
    return html_page(f"<p>{TITLE}</p><p>{'<b>一</b>' * n}</p>")


def _docx(mutate: Callable[[str], str], part: str = "word/document.xml", numbered: bool = False) -> bytes:
    """The all-zero report as Word writes it, with ``mutate`` applied to the XML of ``part``."""
    from tests.reportgen import all_zero_report, render_docx

    data = render_docx(all_zero_report("2021", 2022), numbered_headings=numbered)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = mutate(content.decode("utf-8")).encode("utf-8")
            archive.writestr(info.filename, content)
    return out.getvalue()


def _first_row_props(xml: str, props: str) -> str:
    return xml.replace("<w:tr>", f"<w:tr><w:trPr>{props}</w:trPr>", 1)


def docx_grid_before(value: int = 100_000_000) -> bytes:
    return _docx(lambda xml: _first_row_props(xml, f'<w:gridBefore w:val="{value}"/>'))


def docx_grid_before_every_row(value: int = 60_000) -> bytes:
    return _docx(lambda xml: xml.replace("<w:tr>", f'<w:tr><w:trPr><w:gridBefore w:val="{value}"/></w:trPr>'))


def docx_grid_span(value: int = 100_000_000) -> bytes:
    return _docx(lambda xml: re.sub(r'<w:gridSpan w:val="\d+"/>', f'<w:gridSpan w:val="{value}"/>', xml))


def _numbering(fmt: str, start: str) -> Callable[[str], str]:
    def mutate(xml: str) -> str:
        xml = re.sub(r'<w:numFmt w:val="[^"]*"/>', f'<w:numFmt w:val="{fmt}"/>', xml)
        xml = re.sub(r'<w:start w:val="[^"]*"/>', f'<w:start w:val="{start}"/>', xml)
        if "<w:start " not in xml:
            xml = xml.replace("<w:numFmt ", f'<w:start w:val="{start}"/><w:numFmt ')
        return xml

    return mutate


def docx_numbering_roman(start: int = 10**12) -> bytes:
    """Roman numerals of a huge list start: one ``M`` per thousand."""
    return _docx(_numbering("upperRoman", str(start)), "word/numbering.xml", numbered=True)


def docx_numbering_digits(digits: int = 4_300) -> bytes:
    """A list start of 4,300 nines: the next number has 4,301 digits, over Python's int-to-str limit."""
    return _docx(_numbering("decimal", "9" * digits), "word/numbering.xml", numbered=True)


def docx_numbering_chinese(start: int = 10**30) -> bytes:
    return _docx(_numbering("chineseCounting", str(start)), "word/numbering.xml", numbered=True)


def docx_deep_nesting(depth: int = 5_000) -> bytes:
    """Tables nested in table cells ``depth`` deep."""
    inner = "<w:p><w:r><w:t>1</w:t></w:r></w:p>"
    nested = "<w:tbl><w:tr><w:tc>" * depth + inner + "</w:tc></w:tr></w:tbl>" * depth
    return _docx(lambda xml: xml.replace("<w:body>", f"<w:body>{nested}<w:p/>", 1))


def pdf(objects: list[bytes], trailer: bytes = b"", shift: int = 0) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first the catalog); ``shift`` makes every xref
    offset wrong by that many bytes."""
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % (o + shift) for o in offsets)
    size = len(objects) + 1
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, xref + shift)
    return out


def _page_objects(content: bytes, filters: bytes = b"", length: int | None = None) -> list[bytes]:
    length = len(content) if length is None else length
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d %s>>\nstream\n" % (length, filters) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


_TEXT = b"BT /F1 12 Tf 72 760 Td (Annual report 2022) Tj 0 -20 Td (Applications received 12) Tj ET"


def pdf_inflate_bomb(megabytes: int = 400) -> bytes:
    """A content stream that inflates to ``megabytes`` MiB of spaces (about 1000:1)."""
    packer = zlib.compressobj(9)
    chunk = b" " * 2**20
    packed = packer.compress(_TEXT + b"\n")
    for _ in range(megabytes):
        packed += packer.compress(chunk)
    packed += packer.flush()
    return pdf(_page_objects(packed, b"/Filter /FlateDecode "))


def pdf_encrypted() -> bytes:
    """Standard security handler, RC4 40-bit, a user password that is not empty."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <%s> /U <%s> >>" % (b"a1" * 32, b"5c" * 32)
    file_id = b"<" + b"0123456789abcdef" * 2 + b">"
    return pdf([*_page_objects(_TEXT), encrypt], trailer=b"/Encrypt 6 0 R /ID [%s %s] " % (file_id, file_id))


def pdf_wrong_xref() -> bytes:
    """A text PDF whose xref offsets are all 7 bytes off (readers repair this)."""
    return pdf(_page_objects(_TEXT), shift=7)


def pdf_corpus_wrong_xref() -> bytes:
    """A real report PDF with a comment line inserted after the header: every offset is wrong."""
    data = CORPUS_PDF.read_bytes()
    end = data.index(b"\n") + 1
    return data[:end] + b"%" + b"x" * 63 + b"\n" + data[end:]


def pdf_many_pages(pages: int = 350) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages))
    content = 3 + pages
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (content, content + 1)
        )
    objects += _page_objects(_TEXT)[3:]
    return pdf(objects)


def pdf_many_lines(n: int = 20_000) -> bytes:
    """One page with ``n`` tiny ruling lines: table finding on every pair."""
    content = b"".join(
        b"%d %d m %d %d l S\n" % (10 + i % 500, y, 12 + i % 500, y) for i in range(n) for y in [10 + i // 500 * 20]
    )
    return pdf(_page_objects(_TEXT + b"\n" + content))


# -- crashes on content ------------------------------------------------------------------------------


def meta_charset(name: str) -> bytes:
    """A page whose ``<meta charset>`` names a codec of Python that is not a text encoding."""
    text = _seed().replace("\n", "<br>\n")
    return f'<!DOCTYPE html><html><head><meta charset="{name}"><title>{TITLE}</title></head><body><p>{text}</p></body></html>'.encode()


def long_cell(digits: int) -> bytes:
    """The seed with the first count of table 三 replaced by a number of ``digits`` digits."""
    text = _seed()
    match = re.compile(r"(?<=\| )\d+(?= \|)").search(text, text.index("本年新收"))
    assert match is not None
    return (text[: match.start()] + "9" * digits + text[match.end() :]).encode()


def deep_json(depth: int = 100_000) -> bytes:
    """A baseline file nested ``depth`` deep (JSON parsers recurse)."""
    return b"[" * depth + b"]" * depth


def big_count_baseline(digits: int = 5_000) -> bytes:
    return b'{"version": 1, "waivers": [{"count": ' + b"9" * digits + b"}]}"


def control_characters() -> bytes:
    """The seed with a control or format character in every line (a converter's leftovers: Word's
    vertical tab, pdftotext's form feed, NEL, line separators, zero-width characters, BOMs)."""
    odd = "\x0b\x0c\x85\u2028\u2029\u200b\u200d\u00ad\ufeff"
    return "\n".join(line[:3] + odd[i % len(odd)] + line[3:] for i, line in enumerate(_seed().split("\n"))).encode()


def deep_toml(depth: int = 100_000) -> bytes:
    """A settings file nested ``depth`` deep (tomllib recurses)."""
    return b"[tool.govlint]\nx = " + b"[" * depth + b"]" * depth + b"\n"


def big_toml_integer(digits: int = 5_000) -> bytes:
    return b"x = " + b"9" * digits + b"\n"


# -- wrong verdicts: a readable report called something else -----------------------------------------


def bad_byte() -> bytes:
    data = _seed().encode()
    middle = data.index("政府信息".encode(), len(data) // 2)
    return data[:middle] + b"\xff" + data[middle + 1 :]


def truncated_multibyte() -> bytes:
    data = _seed().encode()
    return data[: len(data) - 1] if data[-1] >= 0x80 else data.rstrip() + "。".encode()[:2]


def html_nested(depth: int = 250) -> bytes:
    text = _seed().replace("\n", "<br>\n")
    return html_page("<div>" * depth + f"<p>{text}</p>" + "</div>" * depth)


def gb18030_bad_byte() -> bytes:
    data = _seed().encode("gb18030")
    middle = len(data) // 2
    middle += data[middle] < 0x80  # land on a lead byte
    return data[:middle] + b"\xff" + data[middle + 1 :]


RECIPES: Mapping[str, Callable[..., bytes]] = {
    f.__name__: f
    for f in (
        digit_run,
        spaces_after_heading,
        ideographic_spaces,
        chinese_numerals,
        enumerators,
        enumerator_lines,
        labels_and_digits,
        big_report,
        html_grid_bomb,
        html_rowspan_bomb,
        b_storm,
        html_b_storm,
        docx_grid_before,
        docx_grid_before_every_row,
        docx_grid_span,
        docx_numbering_roman,
        docx_numbering_digits,
        docx_numbering_chinese,
        docx_deep_nesting,
        pdf_inflate_bomb,
        pdf_encrypted,
        pdf_wrong_xref,
        pdf_corpus_wrong_xref,
        pdf_many_pages,
        pdf_many_lines,
        meta_charset,
        long_cell,
        deep_json,
        big_count_baseline,
        control_characters,
        deep_toml,
        big_toml_integer,
        bad_byte,
        truncated_multibyte,
        html_nested,
        gb18030_bad_byte,
    )
}


@attrs.frozen
class Case:
    """One hostile input and what govlint must make of it.

    ``expect`` lists the outcomes that are right; any one of them will do:

    - ``"any"``: a finding or a normal document, within the budget (time bombs);
    - ``"report"``: read as a report: no ``unreadable-input`` and no ``table-not-found`` finding;
    - ``"refused"``: an ``unreadable-input`` finding;
    - an ``actual`` of ``unreadable-input`` (``"over-budget:nesting"``, ``"unreadable"`` …);
    - ``"message"``: govlint stops with a message on stderr and exit code 2 (misuse, such as a
      broken baseline or settings file).

    ``finding`` names a rule that must be among the findings; ``mentions`` a word the English
    message of some finding must contain (a keyword, not wording: "encrypt" for an encrypted PDF).
    ``role`` says how the file is given: as the report, as the baseline beside a seed report
    (``--baseline``), or as the settings file (``govlint.toml``) of the folder of a seed report.
    ``xfail`` names the branch that fixes the case (``"nobody"``: reported, not fixed yet).
    ``bench_only`` cases are measured (benchmarks/bench_hostile.py), not tested.
    """

    name: str
    klass: Klass
    suffix: str
    expect: tuple[str, ...]
    file: str | None = None
    recipe: str | None = None
    args: Mapping[str, Any] = attrs.field(factory=dict)
    make: Mapping[str, Any] = attrs.field(factory=dict)  # the recipe a stored file was made by
    finding: str | None = None
    mentions: str | None = None
    role: Literal["report", "baseline", "config"] = "report"
    xfail: str | None = None
    bench_only: bool = False
    why: str = ""

    def build(self) -> bytes:
        if self.file is not None:
            return (HOSTILE / self.file).read_bytes()
        assert self.recipe is not None
        return RECIPES[self.recipe](**self.args)

    @property
    def filename(self) -> str:
        return self.file or f"{self.name}{self.suffix}"


def cases() -> list[Case]:
    with MANIFEST.open("rb") as stream:
        manifest = tomllib.load(stream)
    out = []
    for name, fields in manifest["case"].items():
        klass = fields.pop("class")
        out.append(Case(name=name, klass=klass, **{**fields, "expect": tuple(fields["expect"])}))
    return out


def write_stored() -> None:
    """Rewrite every stored case from its ``make`` recipe in the manifest."""
    with MANIFEST.open("rb") as stream:
        manifest = tomllib.load(stream)
    for name, fields in manifest["case"].items():
        if "file" not in fields:
            continue
        make = fields.get("make", {})
        data = RECIPES[make["recipe"]](**make.get("args", {}))
        assert len(data) < STORED_LIMIT, (name, len(data))
        (HOSTILE / fields["file"]).write_bytes(data)
        print(f"{fields['file']}: {len(data)} bytes")


if __name__ == "__main__":
    sys.exit(write_stored())
