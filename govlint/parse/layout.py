"""What a line of a table region says on its own: cells, blank lines, the rendering's name.

The table reader (:mod:`govlint.parse.align`) does not depend on any of this to place values:
it reads a stream (:mod:`govlint.parse.stream`). These helpers serve what looks at single
lines: finding where a table starts, the format signals, and the name of the rendering a
:class:`~govlint.model.Table` reports in ``layout`` (``lines``: one cell per line with blank
separator lines; ``tabs``: cells after tabs; ``pipes``: markdown pipe rows; ``rows``:
anything else — a row per line, one span per line, text run together).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from govlint.parse.cells import MIXED_DIGITS_RE, UNIT_PATTERN

Layout = Literal["lines", "tabs", "pipes", "rows"]

_CELL_SPLIT_RE = re.compile(r"[\t|]")
_NUMBER_RE = re.compile(rf"[+\-−]?\d[\d,.]*(?:{UNIT_PATTERN})?")
# What a value tail is made of: a label's numbers printed after it ("规章 0 0 0", "规章000");
# the characters str.rstrip removes.
_TAIL = "0123456789 \t\u00a0\u3000.,+-−"
# CJK punctuation that ends a sentence or a bracket: NFKC neither joins one to what precedes it
# nor makes it a digit, a number's punctuation or a space.
_ENDS_NO_NUMBER = frozenset("。、：；！？）》」』】”’")


def is_separator(line: str) -> bool:
    """A blank line between cells or rows (NBSP and tabs are content, not separators)."""
    return line.strip(" \r\f\v") == ""


def detect_layout(lines: Sequence[str]) -> Layout:
    """The name of the rendering a table region shows, as ``Table.layout`` reports it."""
    content = [i for i, ln in enumerate(lines) if not is_separator(ln)]
    if not content:
        return "lines"
    if sum(lines[i].lstrip(" ").startswith("|") for i in content) * 2 >= len(content):
        return "pipes"
    if sum(lines[i].startswith("\t") for i in content) * 2 >= len(content):
        return "tabs"
    # Cells separated by blank lines make many short runs of lines; rows printed one per line
    # make a few long ones. Cells broken over two lines (结果/维持) still average under two.
    runs = 1 + sum(1 for a, b in itertools.pairwise(content) if b - a > 1)
    return "lines" if runs > 2 and len(content) <= 2 * runs else "rows"


@lru_cache(maxsize=4096)
def line_cells(line: str) -> tuple[str, ...]:
    """What may be a cell on a line: tab or pipe cells, space-separated words of a plain line,
    and the label of a ``label 0 0 0`` cell. Used to find anchors and format signals."""
    cells = _CELL_SPLIT_RE.split(line) if "\t" in line or "|" in line else [line]
    spaced = [part for c in cells for part in c.split()] if len(cells) == 1 else []
    labels = [label for c in cells if (label := _label_part(c)) and label != c.strip()]
    return (*cells, *spaced, *labels)


def _label_part(cell: str) -> str:
    """``"规章 0 0 0"`` / ``"规章000"`` → ``"规章"``: the cell without the numbers after it."""
    last = cell.rstrip()[-1:]
    if not last or "\u4e00" <= last <= "\u9fff" or last in _ENDS_NO_NUMBER:
        # Blank, or ending in a unified ideograph (which NFKC keeps) or in such punctuation (and
        # trailing white space stays white): no number follows the label, and the cell need not
        # be normalised (sentences end so).
        return ""
    folded = cell if cell.isascii() else unicodedata.normalize("NFKC", cell)  # ASCII is its own NFKC form
    kept = folded.rstrip(_TAIL)
    return kept.strip() if len(kept) < len(folded.rstrip()) else ""


def split_values(text: str) -> list[str]:
    """Numbers in one token as separate cell texts: ``"0 0 0"``, ``"0-10"`` → ``["0", "-10"]``,
    and ``"１１５137"`` → ``["１１５", "137"]`` (digits of two widths are two numbers).

    A token that is not made only of numbers is returned whole (split at spaces, if any).
    """
    folded = unicodedata.normalize("NFKC", text)
    whole = text.split() or [text]
    if len(folded) != len(text):
        return whole
    pieces: list[str] = []
    position = 0
    for m in _NUMBER_RE.finditer(folded):
        if folded[position : m.start()].strip():
            return whole
        piece = text[m.start() : m.end()]
        cuts = [c.start() + 1 for c in MIXED_DIGITS_RE.finditer(piece)]
        pieces += [piece[a:b] for a, b in itertools.pairwise([0, *cuts, len(piece)])]
        position = m.end()
    return pieces if pieces and not folded[position:].strip() else whole
