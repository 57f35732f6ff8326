"""Long lines cut where a report's structure starts: a whole article flattened onto one line.

A crawler that flattens a page prints navigation, title, headings, prose and the three tables
on one line. Nothing in such a line is a line break, so the reader cuts it before each section
heading (numeral, 、 and a section's title, found in the folded text), after the heading's
title, and before each table (several of its labels in a row). Every piece keeps its place in
the file (line and column), so findings still point into the file.

Lines shorter than :data:`LONG` are never cut: there a heading is a line of its own.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import Final

import attrs

from govlint.model import TABLE_IDS, Origin
from govlint.parse.anchors import head_texts, label_texts, occurrences
from govlint.parse.stream import fold, fold_map
from govlint.templates import TableSpec, Template

LONG: Final = 300  # characters; a paragraph with a heading inside is longer than any heading line
_TABLE_LABELS: Final = 3  # distinct labels of one table that make a run of text that table
_RUN: Final = 80  # folded characters within which a table's labels follow one another
_REFERENCE: Final = re.compile(r"(?:见|照|据|于|在|如|即|及|和|与|或|的)[ \u3000]*$")
_NUMERAL_SEP: Final = re.compile(r"[、.．]")


def segment(
    lines: Sequence[str], template: Template, origins: Sequence[Origin] | None = None
) -> tuple[tuple[str, ...], tuple[Origin, ...]]:
    """``lines`` with long ones cut at headings and tables, and each piece's origin.

    Returns the lines unchanged and ``origins`` as given (empty for text) when nothing is cut.
    """
    cut = {index: _cuts(line, template) for index, line in enumerate(lines) if len(line) >= LONG}
    if not any(cut.values()):
        return tuple(lines), tuple(origins or ())
    out: list[str] = []
    places: list[Origin] = []
    for index, line in enumerate(lines):
        base = origins[index] if origins else Origin("text", line=index + 1, column=1)
        cuts = cut.get(index, [])
        for start, end in zip([0, *cuts], [*cuts, len(line)], strict=True):
            piece = line[start:end]
            if not piece.strip() and start > 0:
                continue
            out.append(piece)
            places.append(_shifted(base, start).at(len(out)))
    return tuple(out), tuple(places)


def _shifted(origin: Origin, by: int) -> Origin:
    if by == 0 or not origin.has_lines or origin.column is None:
        return origin
    return attrs.evolve(origin, column=origin.column + by)


def _cuts(line: str, template: Template) -> list[int]:
    folded, back = fold_map(line)
    cuts: set[int] = {0, len(folded)}
    for section in template.sections:
        for name in sorted({fold(section.title), *(fold(a) for a in section.aliases)}, key=len, reverse=True):
            key = section.numeral + name
            for at in occurrences(folded, key):
                after = back[at] + len(section.numeral)
                if after < len(line) and _NUMERAL_SEP.match(line, after) and _may_start(line, back[at]):
                    cuts |= {at, at + len(key)}
    bounds = sorted(cuts)
    # Each table's labels are looked up once in the whole line, not again in each piece of it.
    labels = [(_label_hits(folded, template.tables[t]), head_texts(template.tables[t])) for t in TABLE_IDS]
    for start, end in itertools.pairwise(bounds):
        for found, heads in labels:
            first = _table_start(found, start, end, heads)
            if first is not None:
                cuts.add(first)
    return sorted(back[c] for c in cuts if 0 < c < len(folded))


def _label_hits(folded: str, spec: TableSpec) -> tuple[list[int], list[tuple[int, str]]]:
    """Every place one of the table's labels stands in ``folded`` (overlapping ones too), in
    order, with the offsets alone (to find where a piece starts among them)."""
    hits = sorted((at, t) for t in label_texts(spec) for at in occurrences(folded, t))
    return [at for at, _ in hits], hits


def _table_start(
    found: tuple[list[int], list[tuple[int, str]]], start: int, end: int, heads: frozenset[str]
) -> int | None:
    """Where a run of the table's own labels begins in ``folded[start:end]``: the first label
    with two other distinct labels of the table close after it. ``found``: :func:`_label_hits`
    of the whole line; ``heads``: what only the table prints."""
    offsets, every = found
    hits = []
    for at, t in itertools.islice(every, bisect.bisect_left(offsets, start), None):
        if at >= end:
            break
        if at + len(t) <= end:  # the label stands whole in the piece
            hits.append((at, t))
    for i, (at, _) in enumerate(hits):
        near: set[str] = set()
        for a, t in (hits[j] for j in range(i, len(hits))):  # not hits[i:], a copy each time
            if a - at > _RUN:
                break  # hits are in order: the window ends here, the rest is not rescanned
            near.add(t)
        # a sentence may name three rows (办理行政许可…行政处罚…行政强制); a table prints a header
        if len(near) >= _TABLE_LABELS and near & heads:
            return at
    return None


def _may_start(line: str, at: int) -> bool:
    """A heading follows anything (a sentence's end, a title, a table's numbers) except the words
    that make it a reference inside a sentence (详见四、政府信息公开行政复议…, 按照二、…)."""
    return _REFERENCE.search(line, max(0, at - 4), at) is None
