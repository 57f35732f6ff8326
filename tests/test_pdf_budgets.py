"""Hostile PDFs (issue #18): each is refused with a finding that says why, or read, in bounded
time and memory; and PDFs built unusually (turned pages, repaired or permission-locked files)
are read. Every PDF here is built by the test, a few hundred bytes to a few kilobytes.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
import zlib

import pytest

import govlint
from govlint.budget import Budget, OverBudget
from govlint.model import Document
from govlint.parse.blocks import render
from govlint.parse.pdf import _over_inflated, inflated_size, read_pdf

from .conftest import ROOT

PAGE = b"BT /F1 12 Tf 72 720 Td (Annual report 2024) Tj ET"


def build_pdf(
    pages: list[bytes],
    compress: bool = False,
    xref_shift: int = 0,
    encrypted: bool = False,
    locked: bool = False,
) -> bytes:
    """A PDF of ``pages`` (content streams) drawn with Helvetica; ``xref_shift`` moves every
    offset of the cross-reference table; ``encrypted`` adds a password nobody knows; ``locked``
    encrypts it with an empty user password (it opens without one; only its permissions are
    restricted, as many published reports are)."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (5 + 2 * i)
        )
        body = zlib.compress(content, 9) if compress else content
        body = _rc4(_object_key(5 + 2 * i), body) if locked else body
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(body), flate) + body + b"\nendstream")
    if encrypted:  # the standard handler, RC4 40-bit; O and U of a password that is not empty
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (b"1f" * 32, b"2e" * 32))
    if locked:
        user = _rc4(_file_key(), _PAD).hex().encode()
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (_OWNER.hex().encode(), user))
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % (o + xref_shift) for o in offsets)
    extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), _ID.hex().encode(), _ID.hex().encode())
    extra = extra if encrypted or locked else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, extra, xref)
    return out


# The standard security handler, revision 2 (PDF 1.4 §3.5.2), with an empty user password.
_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_OWNER = bytes(range(32))
_ID = b"\xab" * 16


def _file_key() -> bytes:
    return hashlib.md5(_PAD + _OWNER + (-44).to_bytes(4, "little", signed=True) + _ID).digest()[:5]


def _object_key(number: int) -> bytes:
    return hashlib.md5(_file_key() + number.to_bytes(3, "little") + b"\0\0").digest()[:10]


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _over(document: Document, budget: str) -> None:
    assert [(n.code, n.budget) for n in document.notes] == [("unreadable", budget)]
    result = govlint.lint(document)
    assert [(f.rule, f.actual) for f in result.findings] == [("unreadable-input", f"over-budget:{budget}")]


def test_the_builder_makes_a_readable_pdf() -> None:
    blocks, without_text = read_pdf(build_pdf([PAGE, PAGE]))
    assert without_text == [] and [b.text for b in blocks] == ["Annual report 2024"] * 2  # type: ignore[union-attr]


def test_page_count_over_budget() -> None:
    data = build_pdf([PAGE] * 4)
    with pytest.raises(OverBudget) as refused:
        read_pdf(data, Budget(pdf_pages=3))
    assert (refused.value.name, refused.value.limit, refused.value.seen) == ("pdf_pages", 3, 4)
    _over(govlint.parse_bytes(build_pdf([b""] * 301), "many.pdf"), "pdf_pages")


def test_inflated_content_over_budget() -> None:
    bomb = build_pdf([PAGE + b"\n" + b" " * (4 * 2**20)], compress=True)
    assert len(bomb) < 8 * 1024
    assert inflated_size(bomb, 2**30) > 4 * 2**20
    with pytest.raises(OverBudget) as refused:
        read_pdf(bomb, Budget(pdf_inflated=2**20))
    assert refused.value.name == "pdf_inflated"
    read_pdf(bomb, Budget(pdf_inflated=8 * 2**20))  # under its budget it is read


def test_inflated_content_within_its_budget_is_not_counted_twice() -> None:
    """The check before PDFium reads a file stops once the rest cannot take it past the budget
    (deflate inflates a byte to at most 1032), and refuses exactly what a full count refuses."""
    bomb = build_pdf([PAGE + b"\n" + b" " * (4 * 2**20)], compress=True)
    corpus = (ROOT / "tests" / "data" / "corpus" / "huaian_city_2024.pdf").read_bytes()
    for data in (bomb, corpus, build_pdf([PAGE] * 3), build_pdf([PAGE] * 3, compress=True)):
        size = inflated_size(data, 2**40)
        for limit in (0, 1, size // 2, size - 1, size, size + 1, 1032 * len(data) - 1, 1032 * len(data)):
            full = inflated_size(data, limit)
            assert _over_inflated(data, limit) == (full if full > limit else None), limit


def test_inflated_content_is_counted_not_kept() -> None:
    """A 1.3 MiB PDF whose page inflates to 300 MiB is refused without taking the memory."""
    script = textwrap.dedent(
        """
        import resource, sys, zlib
        sys.path.insert(0, sys.argv[1])
        import govlint
        from tests.test_pdf_budgets import PAGE, build_pdf
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        squeezer = zlib.compressobj(1)
        stream = squeezer.compress(PAGE + b"\\n") + b"".join(squeezer.compress(b" " * 2**20) for _ in range(300))
        stream += squeezer.flush()
        data = build_pdf([b"PLACEHOLDER"]).replace(b"/Length 11", b"/Length %d /Filter /FlateDecode" % len(stream))
        data = data.replace(b"PLACEHOLDER", stream)
        document = govlint.parse_bytes(data, "bomb.pdf")
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
        print(len(data), document.notes[0].budget, grown)
        """
    )
    run = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, check=True)
    size, budget, grown_mib = run.stdout.split()
    assert int(size) < 2 * 2**20 and budget == "pdf_inflated"
    assert int(grown_mib) < 64, run.stdout  # the old reader took gigabytes


def test_encrypted_pdf_needs_a_password() -> None:
    document = govlint.parse_bytes(build_pdf([PAGE], encrypted=True), "secret.pdf")
    assert [n.code for n in document.notes] == ["unreadable"]
    assert "encrypted" in document.notes[0].message_en and "truncated" not in document.notes[0].message_en
    assert [f.rule for f in govlint.lint(document).findings] == ["unreadable-input"]


def test_pdf_locked_without_a_user_password_is_read() -> None:
    """Encrypted only to restrict copying or printing: it opens without a password, so it is read."""
    document = govlint.parse_bytes(build_pdf([PAGE], locked=True), "locked.pdf")
    assert document.readable and "Annual report 2024" in document.lines


def test_wrong_xref_offsets_are_repaired() -> None:
    document = govlint.parse_bytes(build_pdf([PAGE], xref_shift=7), "shifted.pdf")
    assert document.readable and "Annual report 2024" in document.lines


def _grid(lines: int, step: float) -> bytes:
    """``lines`` horizontal and ``lines`` vertical rulings ``step`` apart: (lines-1)² cells."""
    span = (lines - 1) * step
    drawn = [b"%.2f %.2f m %.2f %.2f l" % (50, 50 + i * step, 50 + span, 50 + i * step) for i in range(lines)]
    drawn += [b"%.2f %.2f m %.2f %.2f l" % (50 + i * step, 50, 50 + i * step, 50 + span) for i in range(lines)]
    return b"0.5 w " + b" ".join(drawn) + b" S " + PAGE


def test_a_dense_grid_is_read_in_bounded_steps() -> None:
    """A grid of 40 × 40 rulings gives 39 × 39 cells; its crossings are counted, not searched
    pairwise (the old reader took half a minute on a small PDF of many tiny lines)."""
    data = build_pdf([_grid(40, 10)], compress=True)
    read_pdf(data, Budget(pdf_crossings=40 * 40 * 3))  # near-linear: a few steps per crossing
    with pytest.raises(OverBudget) as refused:
        read_pdf(data, Budget(pdf_crossings=1_000))
    assert refused.value.name == "pdf_crossings"


def test_many_tiny_objects_are_refused() -> None:
    """Six pages of 20,000 tiny rectangles each, a few kilobytes compressed (the old reader
    took half a minute on such a file): PDFium's objects are counted as they are taken."""
    data = build_pdf([b"50 50 0.5 0.5 re f\n" * 20_000 + PAGE] * 6, compress=True)
    assert len(data) < 16 * 1024
    with pytest.raises(OverBudget) as refused:
        read_pdf(data, Budget(pdf_objects=50_000))
    assert refused.value.name == "pdf_objects" and refused.value.seen < 70_000  # stopped on page 3
    blocks, _ = read_pdf(data, Budget(pdf_objects=200_000))  # under a bigger budget it is read
    assert len(blocks) == 6


def test_a_turned_landscape_page_reads_like_an_upright_one() -> None:
    """A landscape table page as word processors save it: ``/Rotate 90`` and content turned back."""
    rulings = b" ".join(b"100 %d m 400 %d l" % (600 - 20 * i, 600 - 20 * i) for i in range(4))
    rulings += b" " + b" ".join(b"%d 540 m %d 600 l" % (100 + 100 * i, 100 + 100 * i) for i in range(4))
    cells = b"".join(
        b"BT /F1 10 Tf %d %d Td (c%d%d) Tj ET " % (110 + 100 * c, 585 - 20 * r, r, c)
        for r in range(3)
        for c in range(3)
    )
    upright = PAGE + b" " + rulings + b" S " + cells
    turned = build_pdf([b"q 0 1 -1 0 595 0 cm " + upright + b" Q"])
    turned = turned.replace(b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 595 842] /Rotate 90")
    lines = render(read_pdf(turned)[0])[0]
    assert lines == render(read_pdf(build_pdf([upright]))[0])[0]
    assert lines[:6] == ("Annual report 2024", "", "\tc00", "\tc01", "\tc02", "")
