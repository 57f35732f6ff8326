"""What the notebook and analyst features cost: the HTML display of a result, and auditing a
folder with ``lint_many`` in one process and in two.

Run with ``make bench`` (or ``python benchmarks/bench_display.py [--repeat N] [--copies N]``).
The display time is for an already-linted result, so it is the drawing alone; its ratio to
parse+lint says what showing a result adds in a notebook.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import govlint  # noqa: E402

REPORTS = ROOT / "examples" / "reports"


def median_ms(work: Callable[[], object], repeat: int) -> float:
    work()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--copies", type=int, default=20, help="copies of the 5 sample reports to audit")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'report':28} {'parse+lint ms':>14} {'display ms':>11} {'× lint':>7}")
    for path in sorted(REPORTS.glob("*.txt")):
        lint = median_ms(lambda path=path: govlint.lint(path), args.repeat)
        result = govlint.lint(path)
        show = median_ms(lambda result=result: result.to_html(), args.repeat)
        print(f"{path.name[:28]:28} {lint:14.2f} {show:11.2f} {show / lint:7.2f}")
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.copies):
            for path in REPORTS.glob("*.txt"):
                shutil.copy(path, Path(folder) / f"{i:03}_{path.name}")
        count = len(list(Path(folder).iterdir()))
        for jobs in (1, 2):
            seconds = median_ms(lambda jobs=jobs: govlint.lint_many([folder], jobs=jobs), 3) / 1e3
            per = seconds / count * 1e3
            print(f"lint_many of {count} reports, jobs={jobs}: {seconds:.2f} s ({per:.1f} ms per report)")


if __name__ == "__main__":
    main()
