"""Which national format a report follows, from the labels it prints (domain.md §2.1)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from govlint.model import Evidence
from govlint.parse.layout import line_cells
from govlint.parse.stream import fold
from govlint.templates import Template, normalize, once_per_spec

_RUN_LINE = 60
_IDEOGRAPH_RE = re.compile("[\u4e00-\u9fff]")


def format_signals(lines: Sequence[str], templates: Sequence[Template]) -> list[Evidence]:
    """Every format signal printed as a whole cell or line, tagged with the format it points at.

    A header broken over two lines (``本年新`` / ``制作数量``) is seen joined as well.
    """
    found: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    previous = ""
    forms = [(t, t.normalized_signals, _folded_signals(t)) for t in templates]
    every = frozenset().union(*(signals for _, signals, _ in forms))
    ideographs = _ideographs(every)
    for index, line in enumerate(lines):
        cells = _cells(line, ideographs)
        joined = previous + cells[0] if previous and cells else ""
        if cells:
            previous = cells[-1]
        if len(line) < _RUN_LINE and every.isdisjoint(cells) and (not joined or joined not in every):
            continue  # most lines: no signal of any format (and no tuple of candidates to build)
        candidates = (*cells, joined) if joined else cells
        for template, signals, folded in forms:
            run = _run_together(line, folded) if len(line) >= _RUN_LINE else ()
            if signals.isdisjoint(candidates) and not run:
                continue  # most lines: nothing to record, so no need to walk them in order
            for cell in (*candidates, *run):
                if cell in signals and (template.version, cell) not in seen:
                    seen.add((template.version, cell))
                    found.append(Evidence(template.version, index + 1, f"signal:{cell}"))
    return found


@lru_cache(maxsize=4096)
def _cells(line: str, ideographs: frozenset[str]) -> tuple[str, ...]:
    """The non-empty cells of ``line``, normalised (the same lines recur in every report). A
    cell with an ideograph that no signal holds (``ideographs`` are those they hold) stands as
    _NO_SIGNAL: NFKC keeps every ideograph, so its normal form is no signal, nor part of one,
    and most sentences need not be normalised (the costly part)."""
    out: list[str] = []
    for cell in line_cells(line):
        if not ideographs.issuperset(_IDEOGRAPH_RE.findall(cell)):
            out.append(_NO_SIGNAL)
        elif form := normalize(cell):
            out.append(form)
    return tuple(out)


# Normalised text holds no line break, so no signal does: a cell standing as one is no signal,
# alone or joined to the cell before or after it.
_NO_SIGNAL = "\n"


@lru_cache(maxsize=8)  # one set of signals: the same frozenset each time, whose hash is kept
def _ideographs(signals: frozenset[str]) -> frozenset[str]:
    """The CJK unified ideographs that ``signals`` hold."""
    return frozenset(_IDEOGRAPH_RE.findall("".join(signals)))


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


def _run_together(line: str, signals: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Signals inside a long line whose cells ran together (a table flattened onto one line);
    two at least, so that a sentence naming one label is not taken for a table. ``signals``
    are (folded, normalised) forms of a format's signals."""
    folded = fold(line)
    hits = tuple(norm for form, norm in signals if form in folded)
    return hits if len(hits) >= 2 else ()


@once_per_spec
def _folded_signals(template: Template) -> tuple[tuple[str, str], ...]:
    """(folded, normalised) form of each of ``template``'s signals, in order."""
    return tuple((fold(s), normalize(s)) for s in template.signals)
