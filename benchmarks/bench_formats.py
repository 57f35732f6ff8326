"""Parse time per report in each input format: the same reports as text, HTML and DOCX, and
the real PDFs of ``tests/data/corpus``, and where a PDF's time goes (CPU ms per stage).

Run with ``make bench`` (or ``python benchmarks/bench_formats.py [--repeat N]``). The HTML and
DOCX renderings come from the test generator (``tests/reportgen.py``), so text, HTML and DOCX
times are of identical content; the ratio to text is the cost of the format.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import govlint  # noqa: E402
from tests.reportgen import all_zero_report, render_docx, render_html, render_tabs  # noqa: E402


def median_ms(parse: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    parse()  # warm-up: imports, templates, regexes
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        parse()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3, min(times) * 1e3, max(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'input':40} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'× text':>7}")
    rng = random.Random(7)
    for version, year in (("2021", 2022), ("2019", 2020)):
        report = attrs.evolve(all_zero_report(version, year), cosmetic=rng.randrange(2**16))
        inputs = {
            "text": render_tabs(report).encode(),
            "html": render_html(report).encode(),
            "docx": render_docx(report, numbered_headings=True),
        }
        base = None
        for kind, data in inputs.items():
            med, low, high = median_ms(lambda data=data, kind=kind: govlint.parse_bytes(data, kind), args.repeat)
            base = base or med
            print(f"{f'generated {version} as {kind}':40} {med:10.2f} {low:8.2f} {high:8.2f} {med / base:7.2f}")
    for path in sorted((ROOT / "tests" / "data" / "corpus").glob("*.pdf")):
        data = path.read_bytes()
        runs = max(3, args.repeat // 5)
        med, low, high = median_ms(lambda data=data, name=path.name: govlint.parse_bytes(data, name), runs)
        print(f"{path.name:40} {med:10.2f} {low:8.2f} {high:8.2f} {'':>7}")
    pdf_stages(max(3, args.repeat // 5))


PDF_STAGES = ("PDFium: pages and text pages", "ruling lines", "characters", "tables and text lines")


def pdf_stages(repeat: int) -> None:
    """CPU ms per corpus PDF in each stage of the PDF reader (medians): what PDFium does
    itself (loading pages and their text), the characters and ruling lines taken from it, and
    the tables and text lines made of them."""
    import pypdfium2 as pdfium

    from govlint.budget import DEFAULT
    from govlint.parse.pdf import _page_blocks
    from govlint.parse.pdfpage import Counter, _chars, _display_matrix, _edges
    from govlint.parse.pdftables import Steps

    paths = sorted((ROOT / "tests" / "data" / "corpus").glob("*.pdf"))
    spent: dict[str, list[float]] = {}
    for _ in range(repeat + 1):  # the first round warms up
        times = [0.0] * len(PDF_STAGES)
        for path in paths:
            document = pdfium.PdfDocument(path.read_bytes())
            counter, steps = Counter(DEFAULT), Steps(DEFAULT)
            for index in range(len(document)):
                start = time.process_time()
                page = pdfium.raw.FPDF_LoadPage(document.raw, index)
                textpage = pdfium.raw.FPDFText_LoadPage(page)
                loaded = time.process_time()
                display = _display_matrix(page)
                edges = _edges(page, display, counter)
                ruled = time.process_time()
                chars = _chars(textpage, display, counter)
                read = time.process_time()
                _page_blocks(chars, edges, index + 1, steps)
                done = time.process_time()
                pdfium.raw.FPDFText_ClosePage(textpage)
                pdfium.raw.FPDF_ClosePage(page)
                for stage, seconds in enumerate((loaded - start, ruled - loaded, read - ruled, done - read)):
                    times[stage] += seconds
            document.close()
        for name, seconds in zip(PDF_STAGES, times, strict=True):
            spent.setdefault(name, []).append(seconds / len(paths) * 1e3)
    print(f"\n{'PDF stage (CPU ms per corpus PDF)':40} {'median':>10}")
    for name, values in spent.items():
        print(f"{name:40} {statistics.median(values[1:]):10.2f}")


if __name__ == "__main__":
    main()
