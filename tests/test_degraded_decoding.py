"""A report with a few bytes that do not decode is read, not refused (issue #18): each bad byte
becomes U+FFFD and extraction-damage (GL003) names the place; binary files are still refused."""

from __future__ import annotations

import gzip
import io
import random
import zipfile

import pytest

import govlint
from govlint.parse.decode import decode

from .conftest import REPORTS

SEED = REPORTS / "002_cf57586f910dba13.txt"
TEXT = SEED.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
# A line of running text in section 一 and the Chinese character on it that gets damaged.
LINE = next(i for i, line in enumerate(LINES, 1) if line.startswith("2022年，") and len(line) > 40)
COLUMN = 11


def _damage(encoding: str, replacement: bytes) -> bytes:
    """The seed in ``encoding`` with the first byte of character COLUMN on LINE replaced."""
    before = "\n".join(LINES[: LINE - 1]) + "\n" + LINES[LINE - 1][: COLUMN - 1]
    at = len(before.encode(encoding))
    data = TEXT.encode(encoding)
    return data[:at] + replacement + data[at + 1 :]


def _damage_findings(data: bytes) -> list[govlint.Finding]:
    result = govlint.lint(govlint.parse_bytes(data, "damaged.txt"))
    return [f for f in result.findings if f.rule == "extraction-damage" and "\ufffd" in "".join(f.actual)]


@pytest.mark.parametrize(("encoding", "name"), [("utf-8", "utf-8"), ("gb18030", "gb18030"), ("gbk", "gb18030")])
def test_one_bad_byte_is_one_finding_at_its_place(encoding: str, name: str) -> None:
    data = _damage(encoding, b"\xff")
    document = govlint.parse_bytes(data, "damaged.txt")
    assert (document.kind, document.encoding, document.readable) == ("text", name, True)
    findings = _damage_findings(data)
    assert [(f.location.line, f.location.column) for f in findings] == [(LINE, COLUMN)]
    assert set("".join(findings[0].actual)) == {"\ufffd"}


def test_the_rest_of_a_damaged_report_is_read_as_before() -> None:
    reference = govlint.parse(SEED)
    document = govlint.parse_bytes(_damage("utf-8", b"\xff"), "damaged.txt")
    assert document.to_dict()["tables"] == reference.to_dict()["tables"]
    assert (document.organ, document.year, document.template) == (reference.organ, reference.year, reference.template)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_file_cut_inside_a_character_is_read(encoding: str) -> None:
    data = TEXT.rstrip().encode(encoding)[:-1]  # the last character (。) loses its last byte
    findings = _damage_findings(data)
    assert [f.location.line for f in findings] == [len(TEXT.rstrip().split("\n"))]


def test_a_bom_file_with_a_bad_byte_is_read() -> None:
    assert decode(b"\xef\xbb\xbf" + _damage("utf-8", b"\xff")).encoding == "utf-8-sig"


def test_damage_in_the_page_around_the_report_is_reported_too() -> None:
    text = "首页 > 信息公开 > 年度报告\ufffd\n" + TEXT
    data = text.encode("utf-8").replace("\ufffd".encode(), b"\xff")
    assert [f.location.line for f in _damage_findings(data)] == [1]


def _random(size: int) -> bytes:
    rng = random.Random(size)
    return bytes(rng.randrange(256) for _ in range(size))


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", TEXT)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random(2000)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + _random(2000)


@pytest.mark.parametrize(
    "data",
    [_random(64), _random(4096), PNG, JPEG, gzip.compress(TEXT.encode("utf-8")), _zip(), b"%PDF-1.4\n" + _random(500)],
    ids=["random-64", "random-4096", "png", "jpeg", "gzip", "zip", "pdf"],
)
def test_binary_files_are_still_refused(data: bytes) -> None:
    document = govlint.parse_bytes(data, "binary.bin")
    assert not document.readable
    assert [f.rule for f in govlint.lint(document).findings] == ["unreadable-input"]


def test_too_much_damage_is_binary() -> None:
    data = bytearray(TEXT.encode("utf-8"))
    for at in range(0, len(data), 40):  # one bad byte in forty: more than one character in a hundred
        data[at] = 0xFF
    assert decode(bytes(data)).kind == "binary"


def test_latin1_text_is_not_taken_for_damaged_utf8() -> None:
    text = "Rapport annuel — données publiées, été 2023. " * 20
    decoded = decode(text.encode("cp1252"))  # no well-formed UTF-8 in it: no evidence of UTF-8
    assert decoded.text is None or "\ufffd" not in decoded.text
