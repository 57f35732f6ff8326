"""Parse time per report: median and spread over repeated runs of every bundled report.

Run with ``make bench`` (or ``python benchmarks/bench_parse.py [--repeat N] [FILES…]``).
A script, not a timed test: timings depend on the machine and belong in notes, not asserts.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

import govlint

ROOT = Path(__file__).resolve().parent.parent


def measure(path: Path, repeat: int) -> list[float]:
    data = path.read_bytes()
    govlint.parse_bytes(data, str(path))  # warm-up: template loading, regex compilation
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        document = govlint.parse_bytes(data, str(path))
        document.tables["applications"].frame  # noqa: B018 - the pandas view is part of the cost users see
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "examples" / "reports").glob("*.txt"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'report':32} {'lines':>6} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
    medians = []
    for path in files:
        times = measure(path, args.repeat)
        medians.append(statistics.median(times))
        lines = path.read_bytes().count(b"\n") + 1
        print(f"{path.name:32} {lines:6d} {medians[-1] * 1e3:10.2f} {min(times) * 1e3:8.2f} {max(times) * 1e3:8.2f}")
    print(f"median of per-report medians: {statistics.median(medians) * 1e3:.2f} ms over {len(files)} reports")


if __name__ == "__main__":
    main()
