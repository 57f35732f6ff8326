"""Lint time per report, in-process: parse + every rule, median over repeated runs.

Run with ``make bench``. Issue #3 budgets 20 ms (median, after warm-up) for a typical report.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

import govlint
from govlint.engine.config import Config

ROOT = Path(__file__).resolve().parent.parent


def measure(path: Path, repeat: int) -> tuple[list[float], list[float]]:
    data = path.read_bytes()
    config = Config()
    govlint.lint(govlint.parse_bytes(data, str(path)), config=config)  # warm-up
    total, rules = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        document = govlint.parse_bytes(data, str(path))
        parsed = time.perf_counter()
        govlint.lint(document, config=config)
        end = time.perf_counter()
        total.append(end - start)
        rules.append(end - parsed)
    return total, rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "examples" / "reports").glob("*.txt"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'report':32} {'parse+lint ms':>14} {'rules only ms':>14}")
    medians = []
    for path in files:
        total, rules = measure(path, args.repeat)
        medians.append(statistics.median(total))
        print(f"{path.name:32} {medians[-1] * 1e3:14.2f} {statistics.median(rules) * 1e3:14.2f}")
    print(f"median of per-report medians (parse + lint): {statistics.median(medians) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
