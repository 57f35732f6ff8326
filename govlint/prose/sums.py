"""Totals with their breakdowns: ``共234条，其中a条、b条…`` (domain.md §10.3).

The total is the count just before a marker (其中、主要包括、分别为 …, or a colon); the parts are
the counts with the total's classifier in the clauses after it, up to the first clause without
one. A breakdown in parentheses (``407条（其中287条、106条、14条）``) belongs to the count before
it and is read as a breakdown of its own, never as parts of the outer list.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Final

import attrs

from govlint.prose import Passage
from govlint.prose.claims import normalised
from govlint.prose.numbers import Count, find_counts

_SENTENCES: Final = re.compile(r"[。！？!?；;\n]")
_MARKER_RE: Final = re.compile(r"(?P<word>其中|主要包括|主要有|包括|分别为|分别是|具体为|具体包括)[:：,，]?|[:：]")
_EXHAUSTIVE: Final = ("分别为", "分别是")
_PARTS_SPLIT_RE: Final = re.compile(r"[，,、；;]|(?<=[件条起次个宗例份篇项])(?:和|及|以及)")
_GAP_RE: Final = re.compile(r"[\s,，(（]{0,3}")  # fullmatch between a total and its marker
_PAREN_RE: Final = re.compile(r"[(（][^()（）]*[)）]")
# A piece with these is not one more part: a share, a comparison, or a new statement.
_STOP_RE: Final = re.compile(
    r"%|占|同比|环比|增长|下降|增加|减少|较上年|比上年|累计|结转|另有|另外|此外|同时|涉及|办结|答复|均已|全部|"
    r"同步|重复|转载|转发"  # the same items counted again on another channel
)
# Results of applications (表三 rows) after a list by applicant type: another dimension.
_RESULT_RE: Final = re.compile(r"予以公开|部分公开|不予公开|无法提供|不予处理|其他处理")
_CLOSING_RE: Final = re.compile(r"[)）]")


@attrs.frozen
class Breakdown:
    """A stated total and the parts listed for it; offsets are in the text that was read."""

    total: Count
    parts: tuple[Count, ...]
    exhaustive: bool  # 分别为: the parts claim to be all of the total
    text: str

    @property
    def parts_sum(self) -> int:
        return sum(p.value for p in self.parts)


def passage_breakdowns(passage: Passage) -> Iterator[Breakdown]:
    """Every total-with-breakdown in a passage of running text (offsets in its folded text)."""
    masked = normalised(passage)
    # Outer lists see parenthesised text as blanks; each parenthesis is then read on its own.
    parens = [m.span() for m in _PAREN_RE.finditer(masked)]
    pieces, at = [], 0
    for p_start, p_end in parens:
        pieces += [masked[at : p_start + 1], " " * (p_end - p_start - 2)]
        at = p_end - 1
    outer = "".join([*pieces, masked[at:]])
    yield from _read(outer, masked)
    # All parentheses are read in one pass over the unmasked text (not once each over a copy
    # with only that one restored, which is quadratic in a passage of many parentheses): a
    # total stands at most a few blanks or brackets before its marker, so no other
    # parenthesis lies between them, and a list inside one ends at its closing bracket.
    if parens:
        yield from _read(masked, masked, parens)


def _read(text: str, original: str, insides: list[tuple[int, int]] | None = None) -> Iterator[Breakdown]:
    """The breakdowns of ``text``; with ``insides``, only those whose marker stands inside one
    of those (sorted, disjoint) spans, each list ending at a closing bracket."""
    opens = [s for s, _ in insides or ()]
    for s_start, s_end in _sentence_spans(text):
        sentence, unmasked = text[s_start:s_end], original[s_start:s_end]
        markers = list(_MARKER_RE.finditer(sentence))
        if not markers:  # most sentences list nothing: no need to read their counts
            continue
        counts = list(find_counts(sentence))
        ends = [c.end for c in counts]
        for marker in markers:
            if insides is not None and not _within(insides, opens, s_start + marker.start()):
                continue
            before = bisect.bisect_right(ends, marker.start())
            total = counts[before - 1] if before else None
            if total is None or not _GAP_RE.fullmatch(sentence, total.end, marker.start()):
                continue
            listed, open_ended = _parts(sentence, unmasked, marker.end(), total.unit, insides is not None)
            parts = [attrs.evolve(c, start=c.start + s_start, end=c.end + s_start) for c in listed]
            if parts:
                yield Breakdown(
                    attrs.evolve(total, start=total.start + s_start, end=total.end + s_start),
                    tuple(parts),
                    (marker["word"] or "") in _EXHAUSTIVE and not open_ended,
                    original[s_start + total.start : parts[-1].end],
                )


def _within(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` lies strictly inside one of ``spans`` (sorted by ``starts``)."""
    n = bisect.bisect_left(starts, offset) - 1
    return n >= 0 and spans[n][0] < offset < spans[n][1]


def _sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _SENTENCES.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _parts(sentence: str, unmasked: str, start: int, unit: str, closing: bool) -> tuple[list[Count], bool]:
    """The counts listed from ``start``, and whether the list ended with 等 (not exhaustive).
    ``unmasked`` is the sentence with its parentheses, where a remark (与网站同步发布) can
    stop the list.

    ``closing``: the list ends at a closing parenthesis. A list whose parts are separated by
    、 ends at the first ，or ；(what follows is a new clause, not one more part)."""
    parts: list[Count] = []
    enumerating = False  # the parts are separated by 、
    # Pieces are taken one at a time, and only up to the next marker (the piece that holds it
    # ends the list): the rest of the sentence is not split again for every marker in it.
    following = _MARKER_RE.search(sentence, start)
    for offset, end, separator in _pieces(sentence, start, following.end() if following else len(sentence)):
        piece = sentence[offset:end]
        if piece.strip(" ()（）"):
            stop = _STOP_RE.search(piece) or _STOP_RE.search(unmasked[offset:end])
            if stop or _MARKER_RE.search(piece) or (parts and _RESULT_RE.search(piece)):
                break
            counts = list(find_counts(piece))
            if len(counts) != 1 or counts[0].unit != unit:
                break
            c = counts[0]
            parts.append(attrs.evolve(c, start=c.start + offset, end=c.end + offset))
            if piece[c.end :].lstrip().startswith("等"):
                return parts, True
            if closing and _CLOSING_RE.search(piece, c.end):
                break
        if separator is not None:
            mark = separator.group()
            if mark == "、":
                enumerating = True
            elif enumerating and mark in "，,；;" and parts:
                break
    return parts, False


def _pieces(sentence: str, start: int, end: int) -> Iterator[tuple[int, int, re.Match[str] | None]]:
    """The pieces of ``sentence[start:end]`` between list separators, each with the separator
    after it (None for the last)."""
    offset = start
    for m in _PARTS_SPLIT_RE.finditer(sentence, start, end):
        yield offset, m.start(), m
        offset = m.end()
    yield offset, end, None
