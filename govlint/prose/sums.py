"""Totals with their breakdowns: ``共234条，其中a条、b条…`` (domain.md §10.3).

The total is the count just before a marker (其中、主要包括、分别为 …, or a colon); the parts are
the counts with the total's classifier in the clauses after it, up to the first clause without
one. A breakdown in parentheses (``407条（其中287条、106条、14条）``) belongs to the count before
it and is read as a breakdown of its own, never as parts of the outer list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

import attrs

from govlint.prose.claims import normalise
from govlint.prose.numbers import Count, find_counts

_SENTENCES: Final = re.compile(r"[。！？!?；;\n]")
_MARKER_RE: Final = re.compile(r"(?P<word>其中|主要包括|主要有|包括|分别为|分别是|具体为|具体包括)[:：,，]?|[:：]")
_EXHAUSTIVE: Final = ("分别为", "分别是")
_PARTS_SPLIT_RE: Final = re.compile(r"[，,、；;]|(?<=[件条起次个宗例份篇项])(?:和|及|以及)")
_GAP_RE: Final = re.compile(r"^[\s,，(（]{0,3}$")
_PAREN_RE: Final = re.compile(r"[(（][^()（）]*[)）]")
# A piece with these is not one more part: a share, a comparison, or a new statement.
_STOP_RE: Final = re.compile(
    r"%|占|同比|环比|增长|下降|增加|减少|较上年|比上年|累计|结转|另有|另外|此外|同时|涉及|办结|答复|均已|全部|"
    r"同步|重复|转载|转发"  # the same items counted again on another channel
)
# Results of applications (表三 rows) after a list by applicant type: another dimension.
_RESULT_RE: Final = re.compile(r"予以公开|部分公开|不予公开|无法提供|不予处理|其他处理")


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


def breakdowns_in(text: str) -> Iterator[Breakdown]:
    """Every total-with-breakdown in a passage of running text."""
    masked = normalise(text)
    # Outer lists see parenthesised text as blanks; each parenthesis is then read on its own.
    parens = list(_PAREN_RE.finditer(masked))
    outer = masked
    for m in parens:
        outer = outer[: m.start() + 1] + " " * (m.end() - m.start() - 2) + outer[m.end() - 1 :]
    yield from _read(outer, masked)
    for m in parens:
        yield from _read(outer[: m.start()] + m.group() + outer[m.end() :], masked, inside=m.span())


def _read(text: str, original: str, inside: tuple[int, int] | None = None) -> Iterator[Breakdown]:
    for s_start, s_end in _sentence_spans(text):
        sentence = text[s_start:s_end]
        counts = list(find_counts(sentence))
        for marker in _MARKER_RE.finditer(sentence):
            if inside is not None and not inside[0] < s_start + marker.start() < inside[1]:
                continue
            total = next((c for c in reversed(counts) if c.end <= marker.start()), None)
            if total is None or not _GAP_RE.match(sentence[total.end : marker.start()]):
                continue
            listed, open_ended = _parts(sentence, original[s_start:s_end], marker.end(), total.unit, inside is not None)
            parts = [attrs.evolve(c, start=c.start + s_start, end=c.end + s_start) for c in listed]
            if parts:
                yield Breakdown(
                    attrs.evolve(total, start=total.start + s_start, end=total.end + s_start),
                    tuple(parts),
                    (marker["word"] or "") in _EXHAUSTIVE and not open_ended,
                    original[s_start + total.start : parts[-1].end],
                )


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
    separators = list(_PARTS_SPLIT_RE.finditer(sentence, start))
    bounds = [start, *(x for m in separators for x in m.span()), len(sentence)]
    enumerating = False  # the parts are separated by 、
    for n, (offset, end) in enumerate(zip(bounds[::2], bounds[1::2], strict=True)):
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
            if closing and re.search(r"[)）]", piece[c.end :]):
                break
        if n < len(separators):
            mark = separators[n].group()
            if mark == "、":
                enumerating = True
            elif enumerating and mark in "，,；;" and parts:
                break
    return parts, False
