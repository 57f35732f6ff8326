"""Text that conversion damaged or left behind (domain.md §10.6, §10.9).

Two kinds of trouble, told apart because only one of them is safe to delete:

* *damage* — characters lost or scrambled by copying the report off a page: the brackets of
  a document number (``国办发〔202112号``), the 年/月 of a date (``2022126日``), the number of a
  count (``共项内容``), masked or undecodable characters (``***``, ``�``). Nothing can restore
  them mechanically.
* *artifacts* — what a converter added: Word bookmarks and field codes, HTML entities and
  tags, page numbers (``- 4 -``), control characters. Deleting them loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Final

import attrs

_YEAR: Final = r"(?:19|20)\d{2}"
_DAMAGE: Final = (
    # 〔2021〕12号 with its closing bracket lost: 〔202112号; or with the year lost: 〔〕12号.
    ("document-number", re.compile(rf"[〔［\[]\s*{_YEAR}\d{{1,4}}\s*号|[〔［\[]\s*[〕］\]]\s*\d+\s*号")),
    # 2022年1月26日 with 年 and 月 lost: 2022126日, 20220126日; or only 月 lost: 2021年1231日.
    ("date", re.compile(rf"(?<![\d.\-/年月])(?:{_YEAR}\d{{1,4}}日|{_YEAR}(?:0?[1-9]|1[0-2])月(?!份|\d))")),
    ("date", re.compile(rf"{_YEAR}\s*年\s*\d{{3,4}}\s*日")),
    # 至12月31日止 with 月 lost: 至1231日止.
    ("date", re.compile(r"(?<=[至到自起~～])\s*(?:0?[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])日")),
    # 共六项内容 with the number lost; 主动公开信息  条 with a blank where the number was.
    ("count", re.compile(r"(?<![公总合一])共计?[项条件个篇](?=内容|信息|部分|政府信息|文件)")),
    ("count", re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000\u00a0]{2,}[条件篇](?=[，。,；;、)）]|$)")),
    # A run of stars is read whole from its first star: tried from each star of a long run, the
    # lookahead would rescan the rest of the run every time.
    (
        "masked",
        re.compile(r"(?:(?<!\*)\*{3,}+|(?<!＊)＊{3,}+)(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?:\*{3,}|＊{3,})"),
    ),
    ("undecodable", re.compile(r"\ufffd+")),
)
_ARTIFACTS: Final = (
    ("word-bookmark", re.compile(r"\[bookmark:[^\]\n]*\]", re.IGNORECASE)),
    ("word-field", re.compile(r"\\\*\s*MERGEFORMAT|\bHYPERLINK\s+\"[^\"]*\"|\{\s*PAGE\s*\}")),
    (
        "html-entity",
        re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|ensp|emsp|thinsp|ldquo|rdquo|mdash|#\d{2,6}|#x[0-9a-fA-F]{2,5});"),
    ),
    (
        "html-tag",
        re.compile(
            r"</?(?:p|br|span|div|td|tr|th|table|tbody|strong|b|i|u|font|img|a|o:p)(?:\s[^<>]*)?/?>", re.IGNORECASE
        ),
    ),
    ("control-character", re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")),
)
_PAGE_NUMBER_RE: Final = re.compile(
    r"^[ \t\u3000\u00a0]*"
    r"(?:[-—–－―]\s*\d{1,3}\s*[-—–－―]|第\s*\d{1,3}\s*页(?:\s*(?:[,，/／]\s*)?共\s*\d{1,3}\s*页)?)"
    r"[ \t\u3000\u00a0]*$"
)


# Cheap gates: a line without any of these cannot hold damage / an artifact. Each damage
# pattern needs one of them (a bracket, 共 before its classifier, a year run into the digits
# before 日 or 月, 年 before three digits, digits after 至/自 before 日, spaces before 条/件/篇,
# three stars, U+FFFD): a well-formed date (2022年1月26日) or 中华人民共和国 does not pass, and
# most lines of prose hold one of those. Each alternative opens with one literal character
# (no class, no group): the regex engine then jumps from one of those characters to the next
# instead of trying every alternative at every position, which halves the gate's time.
_DAMAGE_GATE: Final = re.compile(
    r"〔|［|\[|\ufffd|共计?[项条件个篇]|19\d{3,6}[日月]|20\d{3,6}[日月]|年\s*\d{3}"
    r"|至\s*\d{2,4}日|到\s*\d{2,4}日|自\s*\d{2,4}日|起\s*\d{2,4}日|~\s*\d{2,4}日|～\s*\d{2,4}日"
    r"| [ \u3000\u00a0][条件篇]|\u3000[ \u3000\u00a0][条件篇]|\u00a0[ \u3000\u00a0][条件篇]|\*\*\*|＊＊＊"
)
_ARTIFACT_GATE: Final = re.compile(r"[\[&<{\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|HYPERLINK|^\s*[-—–－―第]")

# The gates, as searched over a document's lines joined with (and led by) "\n", each finding a
# superset of the lines its gate passes on (:func:`_candidates`). One search of the whole text
# costs less than one search per line, whose call costs more than the few characters it reads.
# A search of a class or of alternatives that each open with a literal skips from one possible
# first character to the next; the artifact gate, whose alternatives open with a class and with
# ``^``, is searched as two such patterns: its characters (any H, for HYPERLINK), and a line
# start, the "\n" before it, then spaces but no line break, as ``^\s*`` on a line of its own.
# The damage gate's year run into a date (19…日) and spaces before a classifier open with a
# digit or a space, which a table prints at every cell: searched from the 日/月 or the
# classifier they end with, looking back, they are tried where those stand, in the prose.
_DAMAGE_CANDIDATES: Final = (
    re.compile(
        r"〔|［|\[|\ufffd|共计?[项条件个篇]|年\s*\d{3}"
        r"|至\s*\d{2,4}日|到\s*\d{2,4}日|自\s*\d{2,4}日|起\s*\d{2,4}日|~\s*\d{2,4}日|～\s*\d{2,4}日"
        r"|日(?<=\d{5}日)|月(?<=\d{5}月)"  # 19\d{3,6}[日月], 20\d{3,6}[日月]: five digits before it
        r"|条(?<=[ \u3000\u00a0]{2}条)|件(?<=[ \u3000\u00a0]{2}件)|篇(?<=[ \u3000\u00a0]{2}篇)|\*\*\*|＊＊＊"
    ),
)
_ARTIFACT_CANDIDATES: Final = (
    re.compile(r"[\[&<{\\\x00-\x08\x0b\x0c\x0e-\x1f\x7fH]"),
    re.compile(r"\n[^\S\n]*[-—–－―第]"),
)


@attrs.frozen
class Span:
    """A fragment of one line: 1-based line, 0-based ``start``/``end`` character offsets."""

    line: int
    start: int
    end: int
    kind: str
    text: str


def find_damage(line: str, number: int) -> Iterator[Span]:
    """Extraction damage in ``line`` (1-based ``number``), left to right, without overlaps."""
    if _DAMAGE_GATE.search(line):
        yield from _scan(line, number, _DAMAGE)


def find_artifacts(line: str, number: int) -> Iterator[Span]:
    """Converter leftovers in ``line``; a line that is only a page number is one artifact."""
    if not _ARTIFACT_GATE.search(line):
        return
    if _PAGE_NUMBER_RE.match(line):
        yield Span(number, 0, len(line), "page-number", line.strip(" \t\u3000\u00a0"))
        return
    yield from _scan(line, number, _ARTIFACTS)


def damaged_lines(lines: Sequence[str]) -> Iterator[tuple[int, list[Span]]]:
    """(1-based number, :func:`find_damage`) of each of ``lines`` that holds damage: the gate
    tried on the lines the whole text's search points at, the patterns only where it passes."""
    gate = _DAMAGE_GATE.search
    for number in _candidates(lines, _DAMAGE_CANDIDATES):
        line = lines[number - 1]
        if gate(line) and (spans := list(_scan(line, number, _DAMAGE))):
            yield number, spans


def lines_with_artifacts(lines: Sequence[str]) -> Iterator[tuple[int, list[Span]]]:
    """(1-based number, :func:`find_artifacts`) of each of ``lines`` that holds a leftover."""
    gate = _ARTIFACT_GATE.search
    for number in _candidates(lines, _ARTIFACT_CANDIDATES):
        line = lines[number - 1]
        if gate(line) and (spans := list(find_artifacts(line, number))):
            yield number, spans


def _candidates(lines: Sequence[str], patterns: tuple[re.Pattern[str], ...]) -> list[int]:
    r"""The 1-based numbers, in order, of the lines where a search of ``patterns`` over the text
    ``"\n" + "\n".join(lines)`` finds a match that starts in the line or at the line break
    before it; every line, when a line holds a line break itself.

    Each pattern finds a match on (at least) every line where its gate does, read alone: the
    gate's matches are in the text too, and searching on from the end of each line that matched
    skips no line. A match may run on past its line (``\s`` reads a line break): its line is one
    more to try the gate on, no line is missed."""
    text = "\n" + "\n".join(lines)
    if text.count("\n") != len(lines):
        return list(range(1, len(lines) + 1))
    found: set[int] = set()
    for pattern in patterns:
        search = pattern.search
        number, counted, at = 0, 0, 0  # the lines begun before ``counted``; where to search from
        while (match := search(text, at)) is not None:
            start = match.start()
            number += text.count("\n", counted, start + 1)  # linear: each character counted once
            counted = start + 1
            found.add(number)
            at = text.find("\n", counted)  # the next line, its "\n" included
            if at < 0:
                break
    return sorted(found)


def is_page_number(line: str) -> bool:
    return _PAGE_NUMBER_RE.match(line) is not None


def _scan(line: str, number: int, patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> Iterator[Span]:
    found = sorted(
        (m.start(), m.end(), kind) for kind, pattern in patterns for m in pattern.finditer(line) if m.end() > m.start()
    )
    end = -1
    for start, stop, kind in found:
        if start >= end:
            yield Span(number, start, stop, kind, line[start:stop])
            end = stop
