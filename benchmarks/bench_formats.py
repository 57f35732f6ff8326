"""Parse time per report in each input format: the same reports as text, HTML and DOCX, and
the real PDFs of ``tests/data/corpus``.

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


if __name__ == "__main__":
    main()
