"""The tokens of one row: what lies between its label and the next, as cells.

A row's cells end at a header word; in a rendering of printed rows (tab or pipe cells) only
the label's printed row holds them; a unit printed apart from its number belongs to it; empty
cells left by merged cells are phantoms; what follows the cells is a row the template lacks
(a label, then numbers), words (a note), or numbers that make the row's cells uncertain.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

import attrs

from govlint.parse.cells import UNITS, compact, is_value_like
from govlint.parse.layout import split_values
from govlint.parse.stream import Token

_QUOTES = "\"'“”‘’「」『』"
_WORD_RE = re.compile(r"[^\s\u00a0\u3000|]+")


_NUMBERISH = 8  # a word this short with a digit in it may be a piece of a number


# Not frozen: made by the hundred for every table, and a frozen class's __init__ costs three
# times as much. Nothing changes one once made.
@attrs.define
class Marker:
    """A header, or another printing of a row label, inside the rows' stream."""

    start: int
    end: int
    key: str | None  # a row key when the label is printed again
    row: int | None


Item = Token | Marker


LABEL_ENDS = "\t|。；;：:"  # what ends the words glued to a label, with any digit


@functools.lru_cache(maxsize=4096)  # asked of every character before every label
def stops_label(char: str) -> bool:
    return char in LABEL_ENDS or unicodedata.normalize("NFKC", char)[:1].isdigit()


def label_text(text: str) -> str:
    """A label as printed, each line without the cell marks around it."""
    parts = [p.strip(" \t|#*\u00a0\u3000") for p in text.split("\n")]
    return "\n".join(p for p in parts if p)


def outside(token: Token, cuts: Sequence[tuple[int, int]], text: str) -> Iterable[Token]:
    """The parts of ``token`` outside the label and header spans (``cuts``, sorted, the ones
    that overlap it), cut at white space."""
    if not cuts and (token.kind == "cell" or not token.text.strip(_QUOTES) or token.text == token.text.strip(_QUOTES)):
        return (token,)  # most tokens: whole (no generator to set up)
    return _parts(token, cuts, text)


def _parts(token: Token, cuts: Sequence[tuple[int, int]], text: str) -> Iterator[Token]:
    position = token.start
    for s, e in [*cuts, (token.end, token.end)]:
        if s > position:
            piece = text[position:s]
            for m in _WORD_RE.finditer(piece):
                word = m.group()
                lead = len(word) - len(word.lstrip(_QUOTES))
                word = word.strip(_QUOTES)  # the closing quote of a label ("…一稳定”0") is not a cell
                if word:
                    at = position + m.start() + lead
                    yield token.cut(at, at + len(word), word)
        position = max(position, e)


def cells_of(stream: list[Item], label_row: int | None, cell_rows: bool) -> tuple[list[Token], list[Token]]:
    """A row's own tokens, and what follows them: a header ends the cells, and in a rendering
    of printed rows only the label's row (or, when it holds none, the next) has its cells."""
    own: list[Token] = []
    trailing: list[Token] = []
    ended = False
    for item in stream:
        if isinstance(item, Marker):
            ended = ended or any(compact(t.text) for t in own)
            continue
        (trailing if ended else own).append(item)
    if cell_rows:
        rows = [t.row for t in own]
        keep = label_row if label_row in rows or not rows else next((t.row for t in own if compact(t.text)), rows[0])
        mine = [t for t in own if t.row is None or t.row == keep]
        others = [t for t in own if not (t.row is None or t.row == keep)]
        own, trailing = mine, [*others, *trailing]
    return own, trailing


def labelled_rows(tokens: list[Token]) -> bool:
    """``tokens`` are rows the template lacks: each begins with a label and has numbers."""
    if not tokens or not compact(tokens[0].text) or is_value_like(tokens[0].text):
        return False
    groups: list[list[Token]] = []
    for token in tokens:
        if compact(token.text) and not is_value_like(token.text):
            groups.append([])
        else:
            groups[-1].append(token)
    return all(any(compact(t.text) for t in g) for g in groups)


def words(tokens: list[Token]) -> bool:
    """``tokens`` are words after a row's cells (a note: ``注：…``), none of them a piece of a
    number (``.5``, ``5万``), which would make the row's cells uncertain."""
    return all(
        compact(t.text)
        and not is_value_like(t.text)
        and not (len(t.text) <= _NUMBERISH and any(c.isdigit() for c in t.text))
        for t in tokens
    )


def glue_units(tokens: list[Token]) -> list[Token]:
    """A unit printed apart from its number (``8 件``) is part of that cell."""
    out: list[Token] = []
    for token in tokens:
        if out and compact(token.text) in UNITS and compact(out[-1].text) and is_value_like(out[-1].text):
            previous = out[-1]
            out[-1] = attrs.evolve(previous, text=f"{previous.text}{compact(token.text)}", end=token.end)
        else:
            out.append(token)
    return out


def after_last_marker(stream: list[Item]) -> list[Token]:
    last = max((i for i, item in enumerate(stream) if isinstance(item, Marker)), default=-1)
    return [t for t in stream[last + 1 :] if isinstance(t, Token)]


def trim_phantoms(tokens: list[Token], width: int, leading_first: bool = False) -> list[Token]:
    """Drop empty cells left by merged cells: trailing first (bars printed after a row), then
    leading; leading first in a row as wide as the table's grid, where the label's merged
    columns stand before the values.

    Leading empty cells are dropped only when every token stands in one printed row: then they
    are the label's merged columns. Else the surplus may as well be what follows the row (a
    note, 续表, a page number) and its first empty cells its own blank cells: which is unknown,
    so they are kept, and the caller sees a row with tokens to spare."""
    tokens = list(tokens)
    ends = (0, -1) if leading_first else (-1, 0)
    for end in ends:
        if end == 0 and len(tokens) > width and not _one_printed_row(tokens):
            continue
        while len(tokens) > width and not compact(tokens[end].text):
            tokens.pop(end)
    return tokens


def _one_printed_row(tokens: list[Token]) -> bool:
    first = tokens[0].row
    return first is not None and all(t.row == first for t in tokens)


def split_pieces(text: str) -> list[str]:
    return split_values(text) or [text]
