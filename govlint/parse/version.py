"""Which national format a report follows, from the labels it prints (domain.md §2.1)."""

from __future__ import annotations

from collections.abc import Sequence

from govlint.model import Evidence
from govlint.parse.layout import line_cells
from govlint.parse.stream import fold
from govlint.templates import Template, normalize

_RUN_LINE = 60


def format_signals(lines: Sequence[str], templates: Sequence[Template]) -> list[Evidence]:
    """Every format signal printed as a whole cell or line, tagged with the format it points at.

    A header broken over two lines (``本年新`` / ``制作数量``) is seen joined as well.
    """
    found: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    previous = ""
    for index, line in enumerate(lines):
        cells = [normalize(c) for c in line_cells(line)]
        cells = [c for c in cells if c]
        candidates = cells + ([previous + cells[0]] if previous and cells else [])
        for template in templates:
            for cell in [*candidates, *_run_together(line, template)]:
                if cell in template.normalized_signals and (template.version, cell) not in seen:
                    seen.add((template.version, cell))
                    found.append(Evidence(template.version, index + 1, f"signal:{cell}"))
        if cells:
            previous = cells[-1]
    return found


def choose_version(signals: Sequence[Evidence], year: int | None, templates: Sequence[Template]) -> str | None:
    """The format with more distinct signals; a tie goes to the format in force in ``year``."""
    counts = {t.version: sum(1 for e in signals if e.value == t.version) for t in templates}
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] != ranked[1][1]:
        return ranked[0][0]
    if year is None:
        return None
    in_force = [t for t in templates if t.first_year <= year]
    return max(in_force, key=lambda t: t.first_year).version if in_force else None


def _run_together(line: str, template: Template) -> list[str]:
    """Signals inside a long line whose cells ran together (a table flattened onto one line);
    two at least, so that a sentence naming one label is not taken for a table."""
    if len(line) < _RUN_LINE:
        return []
    folded = fold(line)
    hits = [s for s in template.signals if fold(s) in folded]
    return [normalize(s) for s in hits] if len(hits) >= 2 else []
