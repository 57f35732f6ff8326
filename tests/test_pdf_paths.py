"""Path segments read from PDFium's memory in one copy (issue #16) give exactly what its calls
give, segment by segment; where that cannot be checked, the calls are used."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pytest

from govlint.budget import DEFAULT
from govlint.parse import pdfpage

from .conftest import DATA

CORPUS_PDF = DATA / "corpus" / "hongze_district_2024.pdf"


def _paths(page: object) -> list[pdfpage._Handle]:
    raw = ctypes.c_void_p(pdfpage._address(page.raw))  # type: ignore[attr-defined]
    objects = [pdfpage._page_object(raw, i) for i in range(pdfpage._count_objects(raw))]
    return [o for o in objects if pdfpage._object_type(o) == pdfium.raw.FPDF_PAGEOBJ_PATH]


def test_the_layout_of_this_pdfium_is_the_one_read() -> None:
    """With the PDFium govlint pins, the fast way is the one taken."""
    assert pdfpage._layout_verified()


def test_segments_read_are_the_segments_called() -> None:
    document = pdfium.PdfDocument(CORPUS_PDF.read_bytes())
    try:
        seen = 0
        for index in range(len(document)):
            page = document[index]
            for path in _paths(page):
                count = pdfpage._count_segments(path)
                read = pdfpage._segments_read(path, count)
                assert read is not None
                assert repr(list(read)) == repr(pdfpage._segments_called(path, count, pdfpage._Out()))
                seen += count
            page.close()
        assert seen > 1000
    finally:
        document.close()


def test_without_the_layout_a_page_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    def read() -> list[pdfpage.Page]:
        document = pdfium.PdfDocument(CORPUS_PDF.read_bytes())
        counter = pdfpage.Counter(DEFAULT)
        pages = []
        for index in range(len(document)):
            page = document[index]
            pages.append(pdfpage.read_page(page.raw, counter))
            page.close()
        document.close()
        return [*pages, counter.seen]  # type: ignore[list-item]

    fast = read()
    monkeypatch.setattr(pdfpage, "_layout_verified", lambda: False)
    assert repr(read()) == repr(fast)
