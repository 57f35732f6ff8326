"""Where a text report's time goes in a worker: CPU ms per report in each stage of reading and
linting it, and in the rules that cost most.

Run with ``python benchmarks/bench_stages.py [--reports 300] [--repeat 3]``. The reports are
those of ``bench_corpus.py`` (generated reports in every rendering), linted as a worker lints
them: in chunks (:func:`govlint.engine.workers.lint_chunk`), after the warm-up, with the
collector set as in a worker. Each stage is timed by wrapping the function that does it, so a
stage's figure includes the stages it calls (``align`` includes ``align.read``), and the
wrappers add a little to the total. A benchmark, not a test: it names govlint's internal
functions, and fails loudly when one of them is renamed.
"""

from __future__ import annotations

import argparse
import collections
import functools
import gc
import importlib
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # the report generator (tests/) and bench_corpus

# module → (function, stage name): the reader's stages in the order they run, then the worker's
STAGES: dict[str, list[tuple[str, str]]] = {
    "govlint.parse": [("decode", "decode")],
    "govlint.parse.text": [
        ("segment", "segment (long lines cut)"),
        ("find_chrome", "chrome (site header and footer)"),
        ("find_section_headings", "section headings"),
        ("read_meta", "meta (title, organ, year, dates)"),
        ("format_signals", "format signals"),
        ("find_table_regions", "table regions"),
        ("align", "align (the table reader)"),
    ],
    "govlint.parse.align": [
        ("region", "  align.region (token stream)"),
        ("_Reader.read", "  align.read (rows and cells)"),
    ],
    "govlint.engine.workers": [
        ("_parse_one", "parse, in all"),
        ("_shared", "batch step (identities, schema, blanks)"),
        ("_lint_one", "rules and result, in all"),
    ],
}


def _timed(spent: collections.Counter[str], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    return timed


def _wrap(spent: collections.Counter[str], rules: collections.Counter[str]) -> None:
    for module_name, stages in STAGES.items():
        module = importlib.import_module(module_name)
        for attribute, name in stages:
            *path, last = attribute.split(".")
            owner = functools.reduce(getattr, path, module)  # a module, or a class of it
            setattr(owner, last, _timed(spent, name, getattr(owner, last)))
    runner = importlib.import_module("govlint.engine.runner")
    check = runner._check

    def rule_timed(rule: Any, document: Any, ctx: Any, *args: Any) -> Any:
        start = time.process_time()
        try:
            return check(rule, document, ctx, *args)
        finally:
            rules[ctx.name] += time.process_time() - start

    runner._check = rule_timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=8, help="how many of the costliest rules to show")
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    from bench_corpus import _reports

    from govlint import collector
    from govlint.engine import workers

    spent: collections.Counter[str] = collections.Counter()
    rules: collections.Counter[str] = collections.Counter()
    _wrap(spent, rules)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, text in enumerate(_reports(args.reports)):
            path = Path(folder) / f"report-{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        workers.warm_up()
        collector.settle()  # as in a worker (govlint.engine.workers._start_worker)
        gc.set_threshold(workers._YOUNG_COLLECTION, 10, 10)
        job = workers.Job()
        chunk = workers._chunk_size(len(paths), 1)
        workers.lint_chunk(paths[:chunk], job)  # warm caches, as a worker's first chunk does
        rounds: list[dict[str, float]] = []
        for _ in range(args.repeat):
            spent.clear()
            rules.clear()
            start = time.process_time()
            for i in range(0, len(paths), chunk):
                workers.lint_chunk(paths[i : i + chunk], job)
            total = time.process_time() - start
            figures = {"total": total, **spent, **{f"rule {k}": v for k, v in rules.items()}}
            rounds.append({k: v / len(paths) * 1e3 for k, v in figures.items()})

    def median(name: str) -> float:
        return statistics.median(r.get(name, 0.0) for r in rounds)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{args.reports} generated text reports, chunks of {chunk}, medians of {args.repeat} rounds\n")
    print(f"{'stage (CPU ms per report)':44} {'median':>8}")
    print(f"{'everything (lint_chunk)':44} {median('total'):8.2f}")
    for stages in STAGES.values():
        for _, name in stages:
            print(f"{name:44} {median(name):8.2f}")
    print(f"{'rules, in all':44} {sum(median(k) for k in rounds[0] if k.startswith('rule ')):8.2f}")
    costly = sorted((k for k in rounds[0] if k.startswith("rule ")), key=median, reverse=True)[: args.top]
    for name in costly:
        print(f"{'  ' + name.removeprefix('rule '):44} {median(name):8.2f}")


if __name__ == "__main__":
    main()
