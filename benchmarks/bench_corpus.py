"""Throughput on a corpus: reports per second per core, the speed-up of workers, peak memory.

Run with ``python benchmarks/bench_corpus.py [--reports 1000] [--pdf-copies 50] [--repeat 3]
[--no-memory]`` (``--pdf-copies 0 --no-memory --repeat 1`` for a quick look).
It writes, in a temporary folder, ``--reports`` synthetic text reports (generated reports from
the test generator, ``tests/reportgen.py``, in the seed layouts and the crawler and converter
renderings; ``--distinct`` of them differ, the rest are copies under other names) and
``--pdf-copies`` copies of each corpus PDF (``tests/data/corpus``), then prints, as medians of
``--repeat`` runs:

- text reports/s per core: ``govlint.lint_many`` (timed inside the process, without the import)
  and ``govlint check`` (the whole command), with 1 and 2 workers, and the speed-up of 2 over 1;
- PDFs/s per core for ``govlint check``;
- the start-up of ``govlint check`` (the whole command on one report: the import, loading the
  rules and templates, starting a worker), and the rates of ``check`` after it (``/s/core
  steady``: what a run of tens of thousands of files approaches);
- reports (and PDFs) per CPU second of the command and its workers, the steadier figure
  when the machine is shared with other work;
- the peak memory (largest resident set of the command and its workers) of ``govlint check
  --format jsonl`` on ``--reports`` and on four times as many, and their ratio (streaming: it
  should stay near 1).

Each run is a fresh process, so the figures include starting the workers.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"


def _reports(count: int) -> list[str]:
    """``count`` generated reports, each in one of the renderings, the same on every run."""
    from bench_families import _collect, _renderers

    renderers = list(_renderers().values())
    return [renderers[i % len(renderers)](r) for i, r in enumerate(_collect(count))]  # type: ignore[operator]


def _write_texts(folder: Path, texts: list[str], count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"report-{i:05d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")


def _write_pdfs(folder: Path, copies: int) -> int:
    folder.mkdir(parents=True)
    pdfs = sorted(CORPUS.glob("*.pdf"))
    for pdf in pdfs:
        for i in range(copies):
            shutil.copy(pdf, folder / f"{pdf.stem}-{i:03d}.pdf")
    return len(pdfs) * copies


def _cpu() -> float:
    """CPU seconds (user and system) of the finished children of this process and of theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds of ``command``, and the CPU seconds of it and its workers (on a machine
    shared with other work, the CPU time is the steadier figure)."""
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return seconds, _cpu() - cpu


def _peak(command: list[str]) -> float:
    """The largest resident memory (MiB) of ``command`` and its workers, measured from a fresh
    process (a process's ``RUSAGE_CHILDREN`` keeps the largest child it ever waited for)."""
    code = (
        "import resource, subprocess, sys; "
        f"subprocess.run({command!r}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout) / 1024


def _lint_many_seconds(folder: Path, jobs: int) -> tuple[float, float]:
    """Seconds of ``lint_many`` timed in the process (without the import), and the CPU seconds
    of the whole process and its workers."""
    code = (
        "import time, sys; from govlint import lint_many; t = time.perf_counter(); "
        f"a = lint_many({str(folder)!r}, jobs={jobs}); "
        "sys.stdout.write(str(time.perf_counter() - t)); sys.stderr.write(str(len(a)))"
    )
    cpu = _cpu()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout), _cpu() - cpu


def _steady(count: int, seconds: float, startup: float, jobs: int) -> str:
    """Files per second per core once the command has started (``-`` when the run was not
    longer than the start-up: the difference says nothing)."""
    after = seconds - startup
    return f"{count / after / jobs:.1f}" if after > 0.5 else "-"


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--distinct", type=int, default=200, help="how many of the reports differ")
    parser.add_argument("--pdf-copies", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak memory runs (quicker)")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]
    warnings.simplefilter("ignore")
    govlint = [str(Path(sys.executable).with_name("govlint"))]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        texts = _reports(min(args.distinct, args.reports))
        _write_texts(root / "texts", texts, args.reports)
        if not args.no_memory:
            _write_texts(root / "texts4", texts, 4 * args.reports)
        pdfs = _write_pdfs(root / "pdfs", args.pdf_copies)
        _write_texts(root / "one", texts, 1)
        n = args.reports
        startup = _median(
            [_timed([*govlint, "check", str(root / "one"), "-q", "--format", "jsonl"])[0] for _ in range(args.repeat)]
        )
        rows = []
        for jobs in (1, 2):
            many = [_lint_many_seconds(root / "texts", jobs) for _ in range(args.repeat)]
            check = [
                _timed([*govlint, "check", str(root / "texts"), "-q", "--format", "jsonl", "--jobs", str(jobs)])
                for _ in range(args.repeat)
            ]
            rows.append(
                (
                    jobs,
                    *(_median([m[k] for m in many]) for k in (0, 1)),
                    *(_median([c[k] for c in check]) for k in (0, 1)),
                )
            )
        print(f"\n{n} text reports ({len(texts)} distinct), medians of {args.repeat} runs:")
        print(
            f"{'workers':>8} {'lint_many /s/core':>18} {'check /s/core':>14} {'lint_many s':>12} {'check s':>9}"
            f" {'lint_many /CPU s':>17} {'check /CPU s':>13} {'check /s/core steady':>21}"
        )
        for jobs, many, many_cpu, check, check_cpu in rows:
            print(
                f"{jobs:>8} {n / many / jobs:>18.1f} {n / check / jobs:>14.1f} {many:>12.2f} {check:>9.2f}"
                f" {n / many_cpu:>17.1f} {n / check_cpu:>13.1f} {_steady(n, check, startup, jobs):>21}"
            )
        many_speedup, check_speedup = rows[0][1] / rows[1][1], rows[0][3] / rows[1][3]
        print(f"speed-up of 2 workers over 1: lint_many ×{many_speedup:.2f}, check ×{check_speedup:.2f}")
        print("(/CPU s: reports per CPU second of the command and its workers, steadier on a busy machine)")
        print(f"start-up of govlint check (one report): {startup:.2f} s; steady: the rate after it")
        if pdfs:
            for jobs in (1, 2):
                runs = [
                    _timed([*govlint, "check", str(root / "pdfs"), "-q", "--format", "jsonl", "--jobs", str(jobs)])
                    for _ in range(args.repeat)
                ]
                seconds, cpu = _median([r[0] for r in runs]), _median([r[1] for r in runs])
                print(
                    f"{pdfs} PDFs, {jobs} worker(s): {seconds:.2f} s, {pdfs / seconds / jobs:.1f} PDFs/s per core, "
                    f"{pdfs / cpu:.1f} PDFs per CPU second, "
                    f"{_steady(pdfs, seconds, startup, jobs)} PDFs/s per core steady"
                )
        if args.no_memory:
            return
        small = _peak([*govlint, "check", str(root / "texts"), "-q", "--format", "jsonl", "--jobs", "2"])
        large = _peak([*govlint, "check", str(root / "texts4"), "-q", "--format", "jsonl", "--jobs", "2"])
        print(
            f"peak memory, check --format jsonl --jobs 2: {n} reports {small:.0f} MiB, "
            f"{4 * n} reports {large:.0f} MiB (×{large / small:.2f})"
        )


if __name__ == "__main__":
    main()
