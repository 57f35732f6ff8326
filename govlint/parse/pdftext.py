"""Characters with boxes → words → lines of text, the way pdfplumber groups them.

Characters whose tops lie within :data:`TOLERANCE` of each other (in a chain) stand on one
line; on a line, a gap wider than the tolerance, or a space, starts a new word; words are
joined by one space. Keeping pdfplumber's grouping keeps the text govlint read before it read
PDFs through PDFium. Every step sorts or scans once: the cost is ``n log n`` in characters.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

TOLERANCE = 3.0
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"})
# A character _LIGATURES maps: translate() looks every character up in
# the table (a failed lookup raises and clears a KeyError inside), while a search for the few
# it maps is a single cheap scan, so text without ligatures (nearly all) skips the table.
_LIGATURE_RE = re.compile("[" + "".join(map(chr, _LIGATURES)) + "]")

T = TypeVar("T")

# ``build(Char, values)``: a NamedTuple without the Python frame of its own ``__new__``, for the
# tuples made by the thousand (a character, a word, a ruling).
build = tuple.__new__


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
    keys = list(map(key, items))
    values = set(keys)
    if len(values) == 1:  # most cells: one line, its characters on one baseline
        return [list(items)]
    group_of: dict[float, int] = {}
    group = 0
    previous: float | None = None
    for value in sorted(values):
        if previous is not None and value > previous + tolerance:
            group += 1
        group_of[value] = group
        previous = value
    if keep_order:
        tagged = zip((group_of[k] for k in keys), items, strict=True)
        return [[item for _, item in run] for _, run in itertools.groupby(tagged, key=_first)]
    groups: list[list[T]] = [[] for _ in range(group + 1)] if items else []
    for k, item in zip(keys, items, strict=True):
        groups[group_of[k]].append(item)
    return groups


def _first(pair: tuple[int, object]) -> int:
    return pair[0]


_TOP, _X0, _UPRIGHT = operator.attrgetter("top"), operator.attrgetter("x0"), operator.attrgetter("upright")


def words(chars: Sequence[Char]) -> list[Word]:
    """The words of ``chars`` (in page order), line by line from the top."""
    return [_word(run) for run in _word_runs(chars)]


def _word_runs(chars: Sequence[Char]) -> list[list[Char]]:
    """The characters of each word of :func:`words`, in its order."""
    found: list[list[Char]] = []
    for upright, run in itertools.groupby(chars, key=_UPRIGHT):
        for line in cluster(list(run), _TOP if upright else _X0, TOLERANCE):
            line.sort(key=_X0 if upright else _TOP)
            found += _line_runs(line, upright)
    return found


def _line_runs(line: list[Char], upright: bool) -> list[list[Char]]:
    """The characters of each word of one line. A new word starts after a space, where a
    character stands before the previous one or more than the tolerance after its end, or off
    its line by more than the tolerance."""
    found: list[list[Char]] = []
    current: list[Char] = []
    end = across = start = 0.0
    for char in line:
        if char[0].isspace():
            if current:
                found.append(current)
                current = []
            continue
        # where along the line the character starts and ends, and where across it it stands
        if upright:
            _, at, off, to, _, _ = char
        else:
            _, off, at, _, to, _ = char
        if current and (at < start or at > end + TOLERANCE or abs(off - across) > TOLERANCE):
            found.append(current)
            current = []
        current.append(char)
        start, end, across = at, to, off
    return [*found, current] if current else found


def _word(chars: list[Char]) -> Word:
    _, x0s, tops, x1s, bottoms, _ = zip(*chars, strict=True)
    return build(Word, (_text(chars), min(x0s), min(tops), max(x1s), max(bottoms)))


def _text(chars: Sequence[Char], keep_spaces: bool = True) -> str:
    """The characters' text, ligatures spelt out (spaces left out unless ``keep_spaces``)."""
    text = "".join([c[0] for c in chars] if keep_spaces else [c[0] for c in chars if not c[0].isspace()])
    return text.translate(_LIGATURES) if _LIGATURE_RE.search(text) else text


def _placed(chars: Sequence[Char]) -> list[tuple[float, str]]:
    """The top and text of each word of :func:`words`, as :func:`_word` gives them: lines and
    cells need only these, not the rest of a word's box."""
    return [(min([c[2] for c in run]), _text(run)) for run in _word_runs(chars)]


_TOP_OF_PLACED = operator.itemgetter(0)


def text_lines(chars: Sequence[Char]) -> list[tuple[float, str]]:
    """Lines of running text: the top of each line and its text."""
    lines = cluster(_placed(chars), _TOP_OF_PLACED, TOLERANCE, keep_order=True)
    return [(min([top for top, _ in line]), " ".join([text for _, text in line])) for line in lines]


def cell_text(chars: Sequence[Char]) -> str:
    """The text of one table cell: its lines joined by newlines."""
    if len(chars) <= 1:  # most cells of a statutory table: a single digit, or empty
        return _text(chars, keep_spaces=False)
    top = chars[0][2]
    if all([c[5] and c[2] == top for c in chars]):  # one upright line: the common cell of digits
        return " ".join([_text(run) for run in _line_runs(sorted(chars, key=_X0), True)])
    lines = cluster(_placed(chars), _TOP_OF_PLACED, TOLERANCE)
    return "\n".join([" ".join([text for _, text in line]) for line in lines])
