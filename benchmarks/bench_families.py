"""Parse time per report in every rendering family the reader handles, from the same reports.

Run with ``make bench`` (or ``python benchmarks/bench_families.py [--reports N] [--repeat N]``).
The renderings come from the test generator (``tests/reportgen.py``): the seed layouts
(``lines``, ``tabs``, ``pipes``, ``rows``) and the crawler and converter families (``spans``,
``dedup``, ``oneline``, ``oneline_spaced``, ``markdown``, ``markdown_rowtables``,
``markdown_flat4``), all of identical content, so the ratio to ``lines`` is the cost of the
rendering.

``--govlint DIR`` times the govlint package found in DIR instead (a checkout of an earlier
commit, e.g. ``git worktree add /tmp/before HEAD~1``), on the same texts: run it once with and
once without to compare before and after a change.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _collect(count: int) -> list[object]:
    """``count`` generated reports, the same on every run (derandomized)."""
    from hypothesis import HealthCheck, Phase, given, settings

    from tests.reportgen import report

    reports: list[object] = []

    @given(report())
    @settings(
        derandomize=True,
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    def collect(r: object) -> None:
        if len(reports) < count:
            reports.append(r)

    collect()
    return reports


def _renderers() -> dict[str, object]:
    from tests.reportgen import FAMILIES, RENDERERS

    return {**RENDERERS, **FAMILIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--govlint", type=Path, help="import govlint from this checkout")
    parser.add_argument("families", nargs="*")
    args = parser.parse_args()
    if args.govlint is not None:  # that checkout's govlint, this checkout's test generator
        sys.path.insert(0, str(args.govlint.resolve()))
        import govlint

        sys.path.pop(0)
    sys.path.insert(0, str(ROOT))
    import govlint

    warnings.simplefilter("ignore")
    renderers = _renderers()
    names = args.families or list(renderers)
    reports = _collect(args.reports)
    where = Path(govlint.__file__).resolve().parent.parent
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"govlint from {where}; {len(reports)} generated reports, median of {args.repeat} parses each")
    print(f"{'family':20} {'median ms':>10} {'p90 ms':>8} {'× lines':>8}")
    medians: dict[str, float] = {}
    for name in names:
        render = renderers[name]
        texts = [render(r) for r in reports]  # type: ignore[operator]
        govlint.parse_text(texts[0])  # warm-up: imports, templates, regexes
        per_report = []
        for text in texts:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                govlint.parse_text(text)
                times.append(time.perf_counter() - start)
            per_report.append(statistics.median(times))
        medians[name] = statistics.median(per_report)
        p90 = statistics.quantiles(per_report, n=10)[-1] if len(per_report) > 1 else per_report[0]
        ratio = medians[name] / medians["lines"] if "lines" in medians else float("nan")
        print(f"{name:20} {medians[name] * 1e3:10.2f} {p90 * 1e3:8.2f} {ratio:8.2f}")


if __name__ == "__main__":
    main()
