"""Section headings (一、…六、) and sub-headings (（一）…), told apart from table-row labels.

A section heading is a numeral and the words that name one of the six sections, however the
page renders them: after markdown's ``#`` marks, inside ``**bold**`` marks, or with the
numeral alone on its line and the words on the next (crawler text puts each text span on a
line of its own). Table-row labels such as ``一、本年新收政府信息公开申请数量`` or
``四、结转下年度继续办理`` reuse the numerals but not the titles, so they never qualify, and
a preamble that lists the sections (``一、总体情况；二、…``) is a sentence, not a heading.

Wording that differs from the format's is matched in two strengths. A *strong* match (the
title, an alias, a title followed by a sentence, or a close fuzzy match) makes a heading
wherever it stands. A *loose* match (``五、存在的主要问题及整改措施``) counts only when its
numeral is its section's, no strong heading names that section, and it stands in order
between the strong headings around it — the template's sequence is the grammar.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Final, Literal

import attrs

from govlint.model import Heading
from govlint.templates import SectionSpec, all_templates, normalize, once_per_spec
from govlint.templates.labels import cjk_ordinal, similarity

_SPACES: Final = " \t\u00a0\u3000"
_SP: Final = r"[\s\u00a0\u3000]*"
_NUMERAL: Final = r"(?P<num>[一二三四五六七八九十]{1,3}|\d{1,2})"
_HEADING_RE: Final = re.compile(rf"^{_NUMERAL}{_SP}(?P<sep>[、.．,，])(?P<title>.*)$")
# A numeral standing alone on its line, its words on the next (crawler text: one span a line).
_BARE_NUMERAL_RE: Final = re.compile(rf"^{_NUMERAL}{_SP}(?P<sep>[、.．,，]?)$")
_SUBHEADING_RE: Final = re.compile(
    rf"^(?P<enum>[（(]{_SP}(?P<num>[一二三四五六七八九十]{{1,3}}|\d{{1,2}}){_SP}[)）])(?P<title>.*)$"
)
# Markdown a converter left around a heading: leading ``#`` marks, a quote, emphasis marks.
_MD_LEAD_RE: Final = re.compile(r"^[ \t\u00a0\u3000]*(?:#{1,6}|>)[ \t\u00a0\u3000]*")
_MD_EMPHASIS_RE: Final = re.compile(r"\*\*|__")
# Every character strip_markup() may remove before a line's first kept one (markup and space):
# a line whose first other character is no numeral (a CJK one, or what \d matches: a decimal
# digit of any script) is no heading, and one whose first is no parenthesis no sub-heading.
_LEAD: Final = " \t\u00a0\u3000#>*_"
_CJK_NUMERALS: Final = frozenset("一二三四五六七八九十")
# A heading's words end a list item when a list separator follows them (总体情况、二、…).
_LIST_END: Final = ("、", "，", ",", "；", ";")
_SECTION_FUZZY: Final = 0.8
_LOOSE_FUZZY: Final = 0.6  # only for a heading whose numeral is its section's, in order
_LOOSE_LONGEST: Final = 30  # a loosely matched title is a heading's length, not a sentence's
_BARE_LOOKAHEAD: Final = 2  # lines after a bare numeral that may hold its separator and words
_CONTENTS_RUN: Final = 3  # this many headings in a row with nothing under them list the contents

SectionMatch = Literal["exact", "alias", "fuzzy", "prefix"]


@attrs.frozen
class SectionHeading:
    """A section heading found in the text; ``lines`` are the 1-based lines it spans (more than
    one when the numeral stands alone on its line), ``heading.line`` the first of them."""

    heading: Heading
    spec: SectionSpec
    match: SectionMatch
    lines: tuple[int, ...] = ()


@attrs.frozen
class _Candidate:
    """A numbered line (or numeral plus the lines after it) that may be a section heading."""

    index: int  # 0-based line of the numeral
    lines: tuple[int, ...]
    text: str  # as printed, stripped (joined when several lines)
    number: str
    sep: str
    title: str  # the words after the numeral, markup removed


def _style(number: str, paren: bool) -> str:
    base = "arabic" if unicodedata.normalize("NFKC", number).isdigit() else "cjk"
    return f"{base}-paren" if paren else base


def strip_markup(line: str) -> str:
    """``line`` without markdown heading marks and emphasis, and without surrounding space."""
    if "#" not in line and ">" not in line and "**" not in line and "__" not in line:
        return line.strip(_SPACES)  # most lines have no markup: no need to run the patterns
    return _MD_EMPHASIS_RE.sub("", _MD_LEAD_RE.sub("", line)).strip(_SPACES)


def match_section(title: str, sections: Sequence[SectionSpec]) -> tuple[SectionSpec, SectionMatch] | None:
    """The section ``title`` names (strong matches only), and how it was matched."""
    norm = normalize(title)
    if not norm:
        return None
    # Most headings print a section's own words: looked up first, the fuzzy scores only if not.
    for spec in sections:
        kind = _section_names(spec)[0].get(norm)
        if kind is not None:
            return spec, kind
    best: tuple[SectionSpec, SectionMatch, float] | None = None
    for spec in sections:
        for name in _section_names(spec)[1]:
            rest = norm[len(name) :]
            if norm.startswith(name) and len(name) >= 4 and _heading_tail(rest):
                score, found = 0.99, "prefix"
            else:
                score, found = similarity(norm, name, _SECTION_FUZZY), "fuzzy"
            if score >= _SECTION_FUZZY and (best is None or score > best[2]):
                best = (spec, found, score)  # type: ignore[assignment]
    return (best[0], best[1]) if best else None


@once_per_spec  # template data: the same for every report
def _section_names(spec: SectionSpec) -> tuple[dict[str, SectionMatch], tuple[str, ...]]:
    """How a heading printing each of the section's normalised names is matched (its title
    ``exact``, an alias ``alias``), and the names in order: title, then aliases."""
    names = (normalize(spec.title), *(normalize(a) for a in spec.aliases))
    exact: dict[str, SectionMatch] = {}
    for n, name in enumerate(names):
        exact.setdefault(name, "exact" if n == 0 else "alias")
    return exact, names


def _heading_tail(rest: str) -> bool:
    """Words after a section title on its line: a sentence may follow a stop, nothing else.

    ``一、总体情况。2021年，…`` is a heading; ``三、其他需要报告的事项较少`` is a sentence, and
    ``一、总体情况；二、主动公开…`` is a list of the sections in a preamble.
    """
    return rest[:1] in ("。", ":", "(", "")  # normalised: 、，； are gone, so a list fails here


def _loose_match(title: str, spec: SectionSpec) -> bool:
    """Whether ``title`` is a variant wording of ``spec``'s title (its numeral already agrees)."""
    norm = normalize(title)
    if not norm or len(norm) > _LOOSE_LONGEST or "。" in norm[:-1]:
        return False
    names = [normalize(n) for n in (spec.title, *spec.aliases)]
    return max(similarity(norm, n, _LOOSE_FUZZY) for n in names) >= _LOOSE_FUZZY


@lru_cache(maxsize=1)
def _row_titles() -> tuple[str, ...]:
    """The words of every table-row label of both formats, enumerator removed."""
    titles: set[str] = set()
    for template in all_templates():
        for table in template.tables.values():
            for row in table.rows:
                for label in (row.label, *row.aliases):
                    m = _HEADING_RE.match(label) or _SUBHEADING_RE.match(label)
                    titles.add(normalize(m["title"] if m else label))
    return tuple(t for t in titles if t)


@lru_cache(maxsize=4096)
def _is_row_label(title: str) -> bool:
    norm = normalize(title)
    return any(
        norm == t or (len(norm) >= 6 and similarity(norm, t, _SECTION_FUZZY) >= _SECTION_FUZZY) for t in _row_titles()
    )


def _candidates(lines: Sequence[str]) -> Iterator[_Candidate]:
    for index, line in enumerate(lines):
        first = line.lstrip(_LEAD)[:1]  # a string method, not a pattern: most lines stop here
        if first not in _CJK_NUMERALS and not first.isdecimal():
            continue  # no numeral after the markup, so no heading
        numbered = _numbered(line)
        if numbered is None:
            continue
        number, sep, title = numbered
        if title:
            yield _Candidate(index, (index + 1,), line.strip(_SPACES), number, sep, title)
        else:
            joined = _join_bare(lines, index, number, sep)
            if joined is not None:
                yield joined


@lru_cache(maxsize=4096)
def _numbered(line: str) -> tuple[str, str, str] | None:
    """The numeral, separator and title (stripped) of a numbered line, the title empty for a
    numeral standing alone; None for neither. The same lines (``0``, section headings) recur
    in every report."""
    text = strip_markup(line)
    m = _HEADING_RE.match(text)
    if m is not None and (title := m["title"].strip(_SPACES)):
        return m["num"], m["sep"], title
    bare = _BARE_NUMERAL_RE.match(text)
    return None if bare is None else (bare["num"], bare["sep"], "")


def _join_bare(lines: Sequence[str], index: int, number: str, sep: str) -> _Candidate | None:
    """A numeral alone on line ``index`` and its separator and words on the lines after it."""
    spans = [index + 1]
    text = strip_markup(lines[index])
    for following in range(index + 1, min(index + 1 + _BARE_LOOKAHEAD, len(lines))):
        part = strip_markup(lines[following])
        if not part:
            return None  # a blank line ends a heading: the numeral was a stray
        spans.append(following + 1)
        text += part
        m = _HEADING_RE.match(text)
        if m is None:
            return None
        title = m["title"].strip(_SPACES)
        if title:
            return _Candidate(index, tuple(spans), text, m["num"], m["sep"], title)
    return None


def _strong(candidate: _Candidate, sections: Sequence[SectionSpec]) -> tuple[SectionSpec, SectionMatch] | None:
    if _is_row_label(candidate.title):
        return None
    return match_section(candidate.title, sections)


def _heading(candidate: _Candidate, ordinal: int) -> Heading:
    return Heading(
        line=candidate.index + 1,
        text=candidate.text,
        enumerator=candidate.number + candidate.sep,
        ordinal=ordinal,
        style=_style(candidate.number, paren=False),
        title=candidate.title,
    )


def find_section_headings(lines: Sequence[str], sections: Sequence[SectionSpec]) -> list[SectionHeading]:
    """Section headings in ``lines`` in text order; ``sections`` are the format's six, in order."""
    strong: list[SectionHeading] = []
    loose: list[tuple[_Candidate, int]] = []
    list_end = -1  # 1-based last line of the latest list item (一、总体情况；)
    for candidate in _candidates(lines):
        ordinal = cjk_ordinal(candidate.number)
        if ordinal is None or (candidate.number.isdigit() and candidate.sep != "、"):
            continue  # "1." numbers an item, not a section
        if candidate.title.endswith(_LIST_END) or candidate.index == list_end:
            list_end = candidate.lines[-1]  # the item after a list item ends the list (…情况。)
            continue
        found = _strong(candidate, sections)
        if found is not None:
            strong.append(SectionHeading(_heading(candidate, ordinal), *found, lines=candidate.lines))
        elif candidate.sep == "、" and 1 <= ordinal <= len(sections):
            loose.append((candidate, ordinal))
    return _with_loose(_without_contents(strong, lines, sections), loose, sections)


def _without_contents(
    headings: list[SectionHeading], lines: Sequence[str], sections: Sequence[SectionSpec]
) -> list[SectionHeading]:
    """``headings`` without a list of contents: a run of headings on adjacent lines, nothing
    under any of them, whose sections are all named again further down (a preamble listing
    the parts, one a line)."""
    rank = {spec.numeral: n for n, spec in enumerate(sections)}
    # the numerals named after each heading, gathered once from the end (not once per heading)
    after: list[frozenset[str]] = [frozenset()] * (len(headings) + 1)
    for n in range(len(headings) - 1, -1, -1):
        after[n] = after[n + 1] | {headings[n].spec.numeral}
    out: list[SectionHeading] = []
    run: list[SectionHeading] = []
    for n, heading in enumerate(headings):
        run.append(heading)
        following = headings[n + 1] if n + 1 < len(headings) else None
        in_order = following is not None and rank[following.spec.numeral] > rank[heading.spec.numeral]
        if following is not None and in_order and _adjacent(heading, following, lines):
            continue  # a list goes on in order; a numeral again (一 after 三) starts the report
        if len(run) < _CONTENTS_RUN or not {h.spec.numeral for h in run} <= after[n + 1]:
            out += run
        run = []
    return out


def _adjacent(first: SectionHeading, second: SectionHeading, lines: Sequence[str]) -> bool:
    """Whether nothing but blank lines stands between two headings."""
    end = max(first.lines or (first.heading.line,))
    return all(not lines[i].strip(_SPACES) for i in range(end, second.heading.line - 1))


def _with_loose(
    strong: list[SectionHeading], loose: list[tuple[_Candidate, int]], sections: Sequence[SectionSpec]
) -> list[SectionHeading]:
    """``strong`` plus each loose candidate that names a section no strong heading names and
    stands in order between the strong headings around it."""
    rank = {spec.numeral: n for n, spec in enumerate(sections)}
    named = {h.spec.numeral for h in strong}
    out = list(strong)
    for candidate, ordinal in loose:
        spec = sections[ordinal - 1]
        if spec.numeral in named or _is_row_label(candidate.title) or not _loose_match(candidate.title, spec):
            continue
        before = [rank[h.spec.numeral] for h in out if h.heading.line < candidate.index + 1]
        after = [rank[h.spec.numeral] for h in out if h.heading.line > candidate.index + 1]
        if (before and max(before) >= ordinal - 1) or (after and min(after) <= ordinal - 1):
            continue
        named.add(spec.numeral)
        out.append(SectionHeading(_heading(candidate, ordinal), spec, "fuzzy", lines=candidate.lines))
    return sorted(out, key=lambda h: h.heading.line)


def subheading(line: str, number: int) -> Heading | None:
    """A （一）/(1) sub-heading at the start of ``line`` (1-based ``number``), if any."""
    if line.lstrip(_LEAD)[:1] not in ("（", "("):
        return None  # no parenthesis after the markup, as most lines: no need to strip and match
    m = _SUBHEADING_RE.match(strip_markup(line))
    if m is None:
        return None
    ordinal = cjk_ordinal(m["num"])
    if ordinal is None:
        return None
    return Heading(
        line=number,
        text=line.strip(_SPACES),
        enumerator=m["enum"],
        ordinal=ordinal,
        style=_style(m["num"], paren=True),
        title=m["title"].strip(_SPACES),
    )
