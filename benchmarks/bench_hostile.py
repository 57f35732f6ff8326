"""Hostile inputs: worst wall time and peak memory of ``govlint check`` per class (issue #18).

Run with ``python benchmarks/bench_hostile.py [--class time] [--case NAME …] [--timeout S]``.
Every case of ``tests/hostile/manifest.toml`` (stored files and recipes) is checked by
``govlint check --format json`` in a child process of its own, in an empty folder; the table
shows each case's wall time, the child's peak resident memory (``ru_maxrss``), its exit code and
what it made of the file, then the worst of each class. The budget is 20 s and 1 GiB per file
(govlint.budget.DEFAULT). A script, not a test: timings belong in notes, not asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govlint.budget import DEFAULT, MiB  # noqa: E402
from tests.hostilegen import CLASSES, Case, cases  # noqa: E402
from tests.test_hostile import run_check  # noqa: E402


def verdict(code: int | None, out: bytes, err: bytes) -> str:
    if code is None:
        return "timeout"
    if code not in (0, 1):
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return f"exit {code}: {last[0][:60]}"
    try:
        findings = json.loads(out)
    except ValueError:
        return "no JSON"
    refused = sorted({str(f["actual"]) for f in findings if f["rule"] == "unreadable-input"})
    return f"refused {', '.join(refused)}" if refused else f"{len(findings)} finding(s)"


def measure(case: Case, timeout: float) -> tuple[int, int | None, float, int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "case"
        folder.mkdir()
        data = case.build()
        name = {"baseline": "baseline.json", "config": "govlint.toml"}.get(case.role, case.filename)
        (folder / name).write_bytes(data)
        args = ["--format", "json", name]
        if case.role != "report":
            seed = ROOT / "examples" / "reports" / "003_32c7538ebe09f062.txt"
            (folder / seed.name).write_bytes(seed.read_bytes())
            args = ["--format", "json", *(["--baseline", name] if case.role == "baseline" else []), seed.name]
        code, out, err, elapsed, peak = run_check(args, folder, timeout)
        return len(data), code, elapsed, peak, verdict(code, out, err)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class", dest="klass", choices=CLASSES, action="append", help="only these classes")
    parser.add_argument("--case", action="append", help="only these cases (names in the manifest)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a case is killed")
    args = parser.parse_args()
    chosen = [c for c in cases() if c.klass in (args.klass or CLASSES) and (not args.case or c.name in args.case)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"budget per file: {DEFAULT.seconds:g} s, {DEFAULT.memory / MiB:g} MiB; timeout here {args.timeout:g} s")
    print(f"{'class':8} {'case':30} {'bytes':>10} {'wall s':>7} {'peak MiB':>9}  {'fixed on':13} outcome")
    worst: dict[str, tuple[float, int]] = {}
    for case in chosen:
        size, _, elapsed, peak, outcome = measure(case, args.timeout)
        time_worst, peak_worst = worst.get(case.klass, (0.0, 0))
        worst[case.klass] = (max(time_worst, elapsed), max(peak_worst, peak))
        over = " OVER" if elapsed > DEFAULT.seconds or peak > DEFAULT.memory else ""
        print(
            f"{case.klass:8} {case.name:30} {size:10d} {elapsed:7.1f} {peak / MiB:9.0f}  "
            f"{case.xfail or '':13} {outcome}{over}",
            flush=True,
        )
    print()
    print(f"{'class':8} {'worst wall s':>12} {'worst peak MiB':>15}")
    for klass, (elapsed, peak) in worst.items():
        print(f"{klass:8} {elapsed:12.1f} {peak / MiB:15.0f}")


if __name__ == "__main__":
    main()
