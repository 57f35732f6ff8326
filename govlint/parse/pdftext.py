"""Characters with boxes → words → lines of text, the way pdfplumber groups them.

Characters whose tops lie within :data:`TOLERANCE` of each other (in a chain) stand on one
line; on a line, a gap wider than the tolerance, or a space, starts a new word; words are
joined by one space. Keeping pdfplumber's grouping keeps the text govlint read before it read
PDFs through PDFium. Every step sorts or scans once: the cost is ``n log n`` in characters.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

TOLERANCE = 3.0
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

T = TypeVar("T")


class Char(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    upright: bool


class Edge(NamedTuple):
    """A horizontal (``"h"``: ``top == bottom``) or vertical (``"v"``: ``x0 == x1``) ruling."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


class Word(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def cluster(items: Sequence[T], key: Callable[[T], float], tolerance: float, keep_order: bool = False) -> list[list[T]]:
    """Items whose keys form a chain of steps no wider than ``tolerance`` go together; groups
    in the order of their keys (or, with ``keep_order``, runs of one group in item order)."""
    values = sorted({key(item) for item in items})
    group_of: dict[float, int] = {}
    group = 0
    for previous, value in zip([None, *values], values, strict=False):
        if previous is not None and value > previous + tolerance:
            group += 1
        group_of[value] = group
    tagged = [(group_of[key(item)], item) for item in items]
    if not keep_order:
        tagged.sort(key=lambda pair: pair[0])
    return [[item for _, item in run] for _, run in itertools.groupby(tagged, key=lambda pair: pair[0])]


def words(chars: Sequence[Char]) -> list[Word]:
    """The words of ``chars`` (in page order), line by line from the top."""
    found: list[Word] = []
    for upright, run in itertools.groupby(chars, key=lambda c: c.upright):
        line_key: Callable[[Char], float] = (lambda c: c.top) if upright else (lambda c: c.x0)
        order: Callable[[Char], float] = (lambda c: c.x0) if upright else (lambda c: c.top)
        for line in cluster(list(run), line_key, TOLERANCE):
            found += _line_words(sorted(line, key=order), upright)
    return found


def _line_words(line: list[Char], upright: bool) -> list[Word]:
    found: list[Word] = []
    current: list[Char] = []
    for char in line:
        if char.text.isspace():
            found += [_word(current)] if current else []
            current = []
        elif current and _starts_word(current[-1], char, upright):
            found.append(_word(current))
            current = [char]
        else:
            current.append(char)
    return [*found, _word(current)] if current else found


def _starts_word(before: Char, char: Char, upright: bool) -> bool:
    if upright:
        start, end, at, across, across_before = before.x0, before.x1, char.x0, char.top, before.top
    else:
        start, end, at, across, across_before = before.top, before.bottom, char.top, char.x0, before.x0
    return at < start or at > end + TOLERANCE or abs(across - across_before) > TOLERANCE


def _word(chars: list[Char]) -> Word:
    text = "".join(_LIGATURES.get(c.text, c.text) for c in chars)
    return Word(
        text,
        min(c.x0 for c in chars),
        min(c.top for c in chars),
        max(c.x1 for c in chars),
        max(c.bottom for c in chars),
    )


def text_lines(chars: Sequence[Char]) -> list[tuple[float, str]]:
    """Lines of running text: the top of each line and its text."""
    lines = cluster(words(chars), lambda w: w.top, TOLERANCE, keep_order=True)
    return [(min(w.top for w in line), " ".join(w.text for w in line)) for line in lines]


def cell_text(chars: Sequence[Char]) -> str:
    """The text of one table cell: its lines joined by newlines."""
    if not chars:
        return ""
    lines = cluster(words(chars), lambda w: w.top, TOLERANCE)
    return "\n".join(" ".join(w.text for w in line) for line in lines)
