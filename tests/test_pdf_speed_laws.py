"""The cheap ways the PDF reader calls PDFium (issue #16) ask what pypdfium2's own typed calls
ask: a handle passed by reference, a character code passed as a plain int (any 32-bit code),
a font size passed as a ``c_float``."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pytest

from .conftest import ROOT

pdfium = pytest.importorskip("pypdfium2")  # the optional extra govlint[pdf]
import pypdfium2.raw as pdfium_c  # noqa: E402

from govlint.parse import pdfpage  # noqa: E402  (needs pypdfium2)

CORPUS_PDF = ROOT / "tests" / "data" / "corpus" / "hongze_district_2023.pdf"
pytestmark = pytest.mark.skipif(not CORPUS_PDF.exists(), reason="the corpus PDF is not in this checkout")
CODES = [0, 1, 0x20, 0x41, 0x4E00, 0xD800, 0xFFFF, 0x10FFFF, 2**31 - 1, 2**31, 2**32 - 1]
SIZES = [0.0, 1.0, 10.5, 12.0, 1e-3, 1e30, -3.0]


@pytest.fixture(scope="module")
def text_page() -> Iterator[object]:
    document = pdfium.PdfDocument(CORPUS_PDF.read_bytes())
    page = pdfium_c.FPDF_LoadPage(document.raw, 0)
    textpage = pdfium_c.FPDFText_LoadPage(page)
    yield textpage
    pdfium_c.FPDFText_ClosePage(textpage)
    pdfium_c.FPDF_ClosePage(page)
    document.close()


def test_a_text_page_by_reference_is_the_text_page(text_page: object) -> None:
    count = pdfium_c.FPDFText_CountChars(text_page)
    by_reference = pdfpage._by_reference(text_page)
    assert count > 0
    for index in range(count):
        assert pdfpage._unicode(by_reference, index) == pdfium_c.FPDFText_GetUnicode(text_page, index)
        assert pdfpage._is_generated(by_reference, index) == pdfium_c.FPDFText_IsGenerated(text_page, index)


def test_a_glyph_width_asked_bare_is_the_typed_answer(text_page: object) -> None:
    fonts = set()
    for index in range(pdfium_c.FPDFText_CountChars(text_page)):
        obj = pdfium_c.FPDFText_GetTextObject(text_page, index)
        if obj:
            fonts.add(ctypes.cast(pdfium_c.FPDFTextObj_GetFont(obj), ctypes.c_void_p).value)
    assert fonts
    bare, typed = ctypes.c_float(), ctypes.c_float()
    for font in fonts:
        for code in CODES:
            for size in SIZES:
                bare.value = typed.value = -1.0
                asked = pdfpage._glyph_width(ctypes.c_void_p(font), code, ctypes.c_float(size), ctypes.byref(bare))
                expected = pdfium_c.FPDFFont_GetGlyphWidth(
                    ctypes.cast(font, pdfium_c.FPDF_FONT), code, size, ctypes.byref(typed)
                )
                assert (bool(asked), bare.value) == (bool(expected), typed.value)
