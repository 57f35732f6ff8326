"""A table region as one stream: its text, a folded copy to find labels in, and cell tokens.

Line breaks, tabs, pipes and spaces are *hints* here, never the structure: the reader finds
the template's labels in the folded text (:func:`fold` drops every kind of white space and
separator, so a label broken over lines, spans or cells is found whole, and one run together
with its numbers is found inside them), and takes the tokens between one label and the next.

Tokens keep what the rendering says about cells:

* a tab or pipe cell is a ``cell`` token, empty or not, in a printed row (``row``);
* a line of only spaces (NBSP, U+3000) is an empty ``cell`` token;
* anything else is cut at white space into ``word`` tokens, which say nothing about empty
  cells between them;
* where cells are separated by blank lines, each further pair of blank lines stands for an
  empty cell (seeds 000 and 004), and becomes an empty ``cell`` token.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Final, Literal

import attrs
import numpy as np

from govlint.parse.cells import is_value_like
from govlint.parse.layout import is_separator

_DROPPED: Final = frozenset(" \t\r\n\f\v|*#\"'“”‘’「」『』、，,；;\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff")
_SPACE_ONLY_RE: Final = re.compile(r"[ \t\u00a0\u3000\u2000-\u200b]+")
_WORD_RE: Final = re.compile(r"[^\s\u00a0\u3000\u2000-\u200b]+")
_MARKDOWN_RULE_RE: Final = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?")
_GRID_BORDER_RE: Final = re.compile(r"\+(?:[-=:]+\+)+")  # +----+:===:+
_HEADING_MARKS_RE: Final = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+")
# A line laid out in columns: a label, then a number after a run of spaces that ends the line
# or is followed by another run (a number or a gap in the table's columns). The run may begin
# with ideographic spaces the label was printed with (``规 范性文　         22``).
_COLUMNS_RE: Final = re.compile(r"\S\u3000* {2,}[-+\d.,]+(?: {2}|$)")
_COLUMNS_LINES: Final = 2  # lines laid out so that make a region laid out in columns (not one stray line)
_LONGEST_CELL: Final = 40  # longer than any label or header: a sentence, not a piece of a cell

TokenKind = Literal["cell", "word"]


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The comparison form of ``text`` (labels are folded the same way): NFKC per character,
    no white space, quotes, separators or markdown marks; ``1、`` as ``1.``."""
    return "".join(_pieces(text))


def fold_chars(text: str) -> list[tuple[str, int]]:
    """Each kept character of the folded form with the offset in ``text`` it comes from."""
    folded, back = fold_map(text)
    return list(zip(folded, back, strict=True))


def fold_map(text: str) -> tuple[str, list[int]]:
    """The folded form of ``text`` and, for each of its characters, the offset in ``text`` it
    comes from."""
    pieces = _pieces(text)
    folded = "".join(pieces)
    kept = list(itertools.compress(range(len(pieces)), pieces))
    if len(kept) == len(folded):  # each character kept as one or dropped: the common case
        return folded, kept
    lengths = np.fromiter(map(len, pieces), dtype=np.intp, count=len(pieces))
    return folded, np.repeat(np.arange(len(pieces)), lengths).tolist()


def _pieces(text: str) -> list[str]:
    """What each character of ``text`` folds to (often nothing)."""
    pieces = list(map(_FOLDED.__getitem__, text))
    if "、" in text:
        _enumerating_commas(text, pieces)
    return pieces


def _enumerating_commas(text: str, pieces: list[str]) -> None:
    """ "1、属于国家秘密" enumerates like "1.属于国家秘密": a 、 right after a digit (nothing kept
    between them) folds to ``.``. One pass, whatever the number of commas."""
    last = ""  # the last character kept before the comma looked at
    looked = 0  # pieces before this offset have been looked at
    index = text.find("、")
    while index >= 0:
        for before in range(index - 1, looked - 1, -1):  # back to the comma looked at before
            if pieces[before]:
                last = pieces[before][-1]
                break
        if not pieces[index] and last.isascii() and last.isdigit():
            pieces[index] = last = "."
        looked = index + 1
        index = text.find("、", looked)


def _folded(char: str) -> str:
    """One character as folding keeps it (NFKC, without white space and separators)."""
    return "".join(c for c in unicodedata.normalize("NFKC", char) if c not in _DROPPED and not c.isspace())


class _Folds(dict[str, str]):
    """Character → :func:`_folded` of it, filled as characters are met. A plain dictionary, not
    an lru_cache: a region's text is folded a character at a time, and the cache's bookkeeping
    of recency cost more than the lookup. At most ``_FOLDS_KEPT`` are kept, so that text of
    many distinct characters cannot grow it without bound."""

    def __missing__(self, char: str) -> str:
        folded = _folded(char)
        if len(self) < _FOLDS_KEPT:
            self[char] = folded
        return folded


_FOLDS_KEPT: Final = 65536
_FOLDED: Final = _Folds()


# Not frozen: made by the hundred for every table, and a frozen class's __init__ costs three
# times as much. Nothing changes one once made.
@attrs.define
class Token:
    """A piece of the region that may be a cell: its printed text and where it stands."""

    text: str
    line: int  # 1-based line of the document
    start: int  # offset in the region's text
    end: int
    kind: TokenKind
    row: int | None = None  # printed row of a tab or pipe cell

    def cut(self, start: int, end: int, text: str) -> Token:
        """A piece of this token: a word, whatever the token was."""
        return attrs.evolve(self, text=text, start=start, end=end, kind="word")


@attrs.define
class Region:
    """The lines of one table region joined into one text, folded and cut into tokens."""

    text: str
    line_starts: list[int]
    numbers: list[int]  # the document line number of each line of the region
    folded: str = ""
    back: list[int] = attrs.Factory(list)  # folded index → offset in ``text``
    tokens: list[Token] = attrs.Factory(list)
    cell_rows: bool = False  # the rendering shows printed rows (tab or pipe cells)
    columns: bool = False  # rows laid out in columns with spaces (``pdftotext -layout``)
    rows: bool = False  # pdftotext -raw: each row's numbers on its own line, one space apart
    flowed: bool = False  # pdftotext without -layout: one block per cell, in the page's order
    pdf_text: bool = False  # text a PDF gave (pdftotext, pdfminer): pages ended by form feeds

    def cell_index(self) -> dict[int, int]:
        """The place of each tab or pipe cell in its printed row, by the cell's start offset."""
        out: dict[int, int] = {}
        seen: dict[int, int] = {}
        for token in self.tokens:
            if token.row is not None:
                out[token.start] = seen.get(token.row, 0)
                seen[token.row] = out[token.start] + 1
        return out

    def row_widths(self) -> dict[int, int]:
        """How many cells each printed row has (tab and pipe rows)."""
        widths: dict[int, int] = {}
        for token in self.tokens:
            if token.row is not None:
                widths[token.row] = widths.get(token.row, 0) + 1
        return widths

    def line_at(self, offset: int) -> int:
        return self.numbers[bisect.bisect_right(self.line_starts, offset) - 1]

    def span(self, folded_start: int, folded_end: int) -> tuple[int, int]:
        """The offsets in ``text`` of a folded span."""
        return self.back[folded_start], self.back[folded_end - 1] + 1


def region(lines: Sequence[str], numbers: Sequence[int], pdf_text: bool = False, layout: str = "rows") -> Region:
    """The stream of a table region: ``lines`` with their document line ``numbers``;
    ``pdf_text``: the text was taken from a PDF (its pages marked by form feeds); ``layout``:
    the rendering the lines show (:func:`~govlint.parse.layout.detect_layout`)."""
    cleaned = [_clean(line) for line in lines]
    starts: list[int] = []
    offset = 0
    for line in cleaned:
        starts.append(offset)
        offset += len(line) + 1
    text = "\n".join(cleaned)
    out = Region(text, starts, list(numbers), *fold_map(text))
    blank = list(map(is_separator, cleaned))  # asked of each line by several steps below
    columns = sum(1 for line in cleaned if _COLUMNS_RE.search(line)) >= _COLUMNS_LINES
    # rows laid out in columns keep a table's blank lines too (pdftotext -layout): not cells
    blank_gaps = not columns and _blank_separated(cleaned, blank)
    out.tokens, out.cell_rows = _tokens(cleaned, blank, starts, list(numbers), blank_gaps)
    out.columns = columns and not out.cell_rows
    out.pdf_text = pdf_text
    if pdf_text and not (columns or out.cell_rows):
        per_line = [_numbers_in(line) for line in cleaned]
        alone = sum(1 for n in per_line if n == 1)
        shared = sum(1 for n in per_line if n > 1)
        # Most numbers alone on their line: the page's blocks one after another (``pdftotext``
        # without ``-layout``; it joins a few neighbours, ``30 0``), in an order that need not
        # be the table's.
        out.flowed = alone > shared
        # Else rows printed one per line (``pdftotext -raw``): lines with two numbers or more,
        # enough of them to be a table's rows.
        out.rows = not out.flowed and layout == "rows" and shared >= _COLUMNS_LINES
    return out


def _numbers_in(line: str) -> int:
    """How many words of ``line`` are numbers."""
    return sum(1 for m in _WORD_RE.finditer(line) if m.group()[:1].isdigit() and is_value_like(m.group()))


def is_markdown_rule(line: str) -> bool:
    """``|---|:-:|`` under a markdown header; ``| - | - |`` is a row of dashes, not a rule."""
    stripped = line.strip()
    if "-" not in stripped or not _MARKDOWN_RULE_RE.fullmatch(stripped):
        return False
    cells = [c for c in stripped.strip("|").split("|") if c.strip()]
    return any(len(c.strip()) > 1 or c == c.strip() for c in cells)


def _clean(line: str) -> str:
    """A line without what only decorates it: a markdown rule row, a grid table's border
    (``+----+====+``, pandoc's), ``#`` heading marks, ``**``."""
    if "-" in line and is_markdown_rule(line):  # a rule has a dash: most lines are passed at once
        return ""
    if "+" in line and _GRID_BORDER_RE.fullmatch(line.strip()):
        return ""
    if "#" in line:
        line = _HEADING_MARKS_RE.sub(lambda m: " " * len(m.group()), line)
    return line.replace("**", "  ")


def _tokens(
    lines: list[str], blank: list[bool], starts: list[int], numbers: list[int], blank_gaps: bool
) -> tuple[list[Token], bool]:
    tokens: list[Token] = []
    row = -1
    in_row = False  # tab cells since the last blank line
    blanks = 0
    rows_seen = False
    for index, line in enumerate(lines):
        start, number = starts[index], numbers[index]
        if blank[index]:
            blanks += 1
            in_row = False
            continue
        if blank_gaps and tokens and blanks >= 3:
            # One blank line separates two cells; each further pair hides an empty cell.
            at, hidden = starts[index - 1], numbers[index - 1]  # on the blank lines, before the next cell
            tokens += [Token("", hidden, at, at, "cell") for _ in range((blanks - 1) // 2)]
        blanks = 0
        stripped = line.strip(" ")
        if stripped.startswith("|"):
            row += 1
            rows_seen = True
            tokens += _pipe_cells(line, start, number, row)
            in_row = False
            continue
        if "\t" in line:
            if not in_row:
                row += 1
            rows_seen = in_row = True
            tokens += _tab_cells(line, start, number, row, tokens)
            continue
        if in_row and tokens and tokens[-1].kind == "cell" and not _is_sentence(line):
            last = tokens[-1]  # a line without a tab continues the cell above it
            tokens[-1] = attrs.evolve(last, text=f"{last.text}\n{line}", end=start + len(line))
            continue
        in_row = False
        if blank_gaps:  # consecutive lines are one cell broken over lines
            if tokens and index > 0 and not blank[index - 1] and tokens[-1].end == start - 1:
                last = tokens[-1]
                tokens[-1] = attrs.evolve(last, text=f"{last.text}\n{line}", end=start + len(line))
            else:
                tokens.append(Token(line, number, start, start + len(line), "cell"))
            continue
        if _SPACE_ONLY_RE.fullmatch(line):
            tokens.append(Token("", number, start, start + len(line), "cell"))
            continue
        for word in _WORD_RE.finditer(line):
            at, end = word.span()
            tokens.append(Token(word.group(), number, start + at, start + end, "word"))
    return tokens, rows_seen


def _pipe_cells(line: str, start: int, number: int, row: int) -> list[Token]:
    out: list[Token] = []
    parts = line.split("|")
    offset = start + len(parts[0]) + 1  # where the text after the first bar begins
    cells = parts[1:] if len(parts) > 1 and parts[-1].strip() else parts[1:-1]  # text after the last bar too
    for part in cells:
        # _cell, written out: a pipe table's cells are most of the tokens of a report
        text = part.strip(" ")
        at = offset + len(part) - len(part.lstrip(" "))
        out.append(Token(text, number, at, at + len(text), "cell", row))
        offset += len(part) + 1
    return out


def _tab_cells(line: str, start: int, number: int, row: int, before: list[Token]) -> list[Token]:
    out: list[Token] = []
    offset = 0
    for index, part in enumerate(line.split("\t")):
        if index == 0:
            if part.strip(" "):  # text before the first tab: a cell too
                out.append(_cell(part, start, number, row))
        else:
            out.append(_cell(part, start + offset, number, row))
        offset += len(part) + 1
    return out


def _cell(text: str, start: int, number: int, row: int) -> Token:
    stripped = text.strip(" ")
    lead = len(text) - len(text.lstrip(" "))
    return Token(stripped, number, start + lead, start + lead + len(stripped), "cell", row)


def _is_sentence(text: str) -> bool:
    stripped = text.strip(" \u00a0\u3000")
    return "。" in stripped or stripped.startswith(("注", "备注", "说明")) or len(stripped) > _LONGEST_CELL


def _blank_separated(lines: list[str], blank: list[bool]) -> bool:
    """Cells separated by blank lines: most neighbouring content lines have one between them.
    ``blank`` says which lines are separators."""
    gaps = separated = 0
    previous: int | None = None
    for index, line in enumerate(lines):
        if blank[index]:
            continue
        if "\t" in line or line.lstrip(" ").startswith("|"):
            return False
        if previous is not None:
            gaps += 1
            separated += index - previous > 1
        previous = index
    return gaps > 0 and separated * 10 >= gaps * 6
