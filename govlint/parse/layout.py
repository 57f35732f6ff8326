"""Cutting the lines of a table region into cell tokens, whatever text layout it came in.

Layouts seen in real copies of reports (domain.md §12):

``lines``
    one cell per line with blank separator lines (seeds 000, 004); consecutive non-blank
    lines are one cell broken over lines, and a longer run of blank lines hides empty cells.
``tabs``
    each cell on a line that starts with a tab, rows separated by blank lines; a line
    without a tab continues the cell above it (seeds 001, 002).
``pipes``
    markdown pipe rows with phantom empty cells left by merged cells (seed 003).
``rows``
    one table row per line, cells separated by spaces or not at all (PDF text).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

import attrs

from govlint.parse.cells import UNIT_PATTERN, UNITS

Layout = Literal["lines", "tabs", "pipes", "rows"]
_LONGEST_CELL = 40  # longer than any label or header of the templates

_CELL_SPLIT_RE = re.compile(r"[\t|]")
_NUMBER = rf"[+\-−]?\d[\d,.]*(?:{UNIT_PATTERN})?"
_PLACEHOLDER = r"(?:[-—–－/／]{1,2}|无)"  # cells.DASHES, as printed between spaces
_NUMBER_RE = re.compile(_NUMBER)
_NUMBERS_ONLY_RE = re.compile(rf"[\s\u00a0\u3000]*(?:{_NUMBER}[\s\u00a0\u3000]*)+")
_SP = r"[\s\u00a0\u3000]"
_TAIL_ENDS = frozenset("-—–－/／无") | frozenset("".join(UNITS))  # what a value tail can end with
_CELL = rf"(?:{_NUMBER}|{_PLACEHOLDER})"
_VALUES_ONLY_RE = re.compile(rf"{_SP}*(?:{_CELL}{_SP}+)+{_CELL}?{_SP}*")
_VALUE_TAIL_RE = re.compile(
    r"^(?P<label>.*?[^\d\s.,+\-−])[\s\u00a0\u3000]*"
    rf"(?P<values>(?:(?:{_NUMBER}|{_PLACEHOLDER}(?=[\s\u00a0\u3000]|$))[\s\u00a0\u3000]*)+)$"
)


@attrs.frozen
class Token:
    """The raw text of one printed cell and the line it starts on (1-based)."""

    text: str
    line: int


@attrs.frozen
class TokenRows:
    """Tokens grouped by printed row; ``stream`` when the layout shows no row boundaries."""

    rows: tuple[tuple[Token, ...], ...]
    layout: Layout
    stream: bool


def is_separator(line: str) -> bool:
    """A blank line between cells or rows (NBSP and tabs are content, not separators)."""
    return line.strip(" \r\f\v") == ""


def detect_layout(lines: Sequence[str]) -> Layout:
    content = [ln for ln in lines if not is_separator(ln)]
    if not content:
        return "lines"
    if sum(ln.lstrip(" ").startswith("|") for ln in content) * 2 >= len(content):
        return "pipes"
    if sum(ln.startswith("\t") for ln in content) * 2 >= len(content):
        return "tabs"
    # Cells separated by blank lines make many short runs of lines; rows printed one per line
    # make a few long ones. Cells broken over two lines (结果/维持) still average under two.
    runs = _content_runs(lines)
    return "lines" if len(runs) > 2 and len(content) <= 2 * len(runs) else "rows"


def tokenize(lines: Sequence[str], first_line: int, numbers: Sequence[int] | None = None) -> TokenRows:
    """Tokens of a table region; ``first_line`` is the 1-based number of ``lines[0]``, or
    ``numbers`` gives each line's number when lines were taken out (page numbers)."""
    at = list(numbers) if numbers is not None else list(range(first_line, first_line + len(lines)))
    layout = detect_layout(lines)
    if layout == "pipes":
        return TokenRows(_pipes(lines, at), layout, stream=False)
    if layout == "tabs":
        return TokenRows(_tabs(lines, at), layout, stream=False)
    if layout == "lines":
        return TokenRows((_blank_separated(lines, at),), layout, stream=True)
    rows = tuple((Token(ln, at[i]),) for i, ln in enumerate(lines) if not is_separator(ln))
    return TokenRows(rows, layout, stream=False)


def _content_runs(lines: Sequence[str]) -> list[tuple[int, list[str]]]:
    """Maximal runs of non-separator lines, with the index of each run's first line."""
    runs: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        if is_separator(line):
            continue
        if runs and runs[-1][0] + len(runs[-1][1]) == i:
            runs[-1][1].append(line)
        else:
            runs.append((i, [line]))
    return runs


def _blank_separated(lines: Sequence[str], at: Sequence[int]) -> tuple[Token, ...]:
    runs = _content_runs(lines)
    tokens: list[Token] = []
    previous_end: int | None = None
    for start, run in runs:
        if previous_end is not None:
            # One blank line separates two cells; each further pair hides an empty cell.
            for k in range((start - previous_end - 2) // 2):
                tokens.append(Token("", at[previous_end + 2 + 2 * k]))
        tokens.append(Token("\n".join(run), at[start]))
        previous_end = start + len(run) - 1
    return tuple(tokens)


def _tabs(lines: Sequence[str], at: Sequence[int]) -> tuple[tuple[Token, ...], ...]:
    rows: list[tuple[Token, ...]] = []
    current: list[Token] = []
    for i, line in enumerate(lines):
        number = at[i]
        if is_separator(line):
            if current:
                rows.append(tuple(current))
                current = []
            continue
        head, *cells = line.split("\t")
        if head.strip(" "):
            if current and not _is_sentence(head):  # a line without a tab continues the cell above
                last = current[-1]
                current[-1] = Token(f"{last.text}\n{head}", last.line)
            else:
                if current:  # a note under the table ("注：…") stands on its own
                    rows.append(tuple(current))
                current = [Token(head, number)]
        current += [Token(cell, number) for cell in cells]
    if current:
        rows.append(tuple(current))
    return tuple(rows)


def _is_sentence(text: str) -> bool:
    """Running text rather than a piece of a cell: a full stop, a note, or simply too long."""
    stripped = text.strip(" \u00a0\u3000")
    return "。" in stripped or stripped.startswith(("注", "备注", "说明")) or len(stripped) > _LONGEST_CELL


def _pipes(lines: Sequence[str], at: Sequence[int]) -> tuple[tuple[Token, ...], ...]:
    rows: list[tuple[Token, ...]] = []
    for i, line in enumerate(lines):
        text = line.strip(" ")
        if is_separator(line):
            continue
        if not text.startswith("|"):
            rows.append((Token(text, at[i]),))
            continue
        cells = text.strip("|").split("|") if text != "|" else [""]
        if all(re.fullmatch(r"\s*:?-+:?\s*", c) for c in cells if c.strip()) and any(c.strip() for c in cells):
            continue  # the |---|---| rule under a markdown header
        rows.append(tuple(Token(c.strip(" "), at[i]) for c in cells))
    return tuple(rows)


@lru_cache(maxsize=4096)
def line_cells(line: str) -> tuple[str, ...]:
    """What may be a cell on a line: tab or pipe cells, space-separated words of a plain line,
    and the label of a ``label 0 0 0`` cell. Used to find anchors and format signals."""
    cells = _CELL_SPLIT_RE.split(line)
    spaced = [part for c in cells for part in c.split()] if len(cells) == 1 else []
    return (*cells, *spaced, *(tail[0] for c in cells if (tail := split_value_tail(c)) is not None))


def split_value_tail(text: str) -> tuple[str, list[str]] | None:
    """``"规章 0 0 0"`` → ``("规章", ["0", "0", "0"])``; ``"规章000"`` → ``("规章", ["000"])``.

    Full-width digits and signs count as digits and signs; the pieces keep their printed form.
    """
    stripped = text.strip()
    folded = unicodedata.normalize("NFKC", stripped)
    if not folded or not (folded[-1].isdigit() or folded[-1] in _TAIL_ENDS):
        return None  # most lines are prose ending in 。: no regex needed
    if len(folded) != len(stripped):  # a compatibility character changed length: match as folded
        stripped = folded
    m = _VALUE_TAIL_RE.match(folded)
    if m is None:
        return None
    return stripped[: m.end("label")].strip(), split_values(stripped[m.start("values") :])


def is_value_row(text: str) -> bool:
    """Several numbers or placeholders separated by spaces: ``"0 - 0 无 0"``."""
    return _VALUES_ONLY_RE.fullmatch(unicodedata.normalize("NFKC", text)) is not None


def split_values(text: str) -> list[str]:
    """Numbers in one token as separate cell texts: ``"0 0 0"``, and ``"0-10"`` → ``["0", "-10"]``.

    A token that is not made only of numbers is returned whole.
    """
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text) or not _NUMBERS_ONLY_RE.fullmatch(folded):
        return text.split() or [text]  # numbers and placeholders separated by spaces
    return [text[m.start() : m.end()] for m in _NUMBER_RE.finditer(folded)]
