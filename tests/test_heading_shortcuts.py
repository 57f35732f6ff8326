"""The string tests that pass most lines over before the heading patterns are read: they never
pass over a line the patterns would read as a (sub-)heading or a numeral standing alone."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govlint.parse.headings import (
    _BARE_NUMERAL_RE,
    _HEADING_RE,
    _SPACES,
    _SUBHEADING_RE,
    _Candidate,
    _candidates,
    _join_bare,
    strip_markup,
    subheading,
)
from govlint.templates.labels import cjk_ordinal

# What the tests stood for: markup and space, then a numeral (\d: a decimal digit of any script).
_MAY_NUMBER_RE = re.compile(r"^[ \t\u00a0\u3000#>*_]*[一二三四五六七八九十\d]")

# Markup, space of several kinds, numerals of several scripts, separators, parentheses, words.
_PIECES = st.sampled_from(
    [*" \t\u00a0\u3000\u2003#>*_（()）一二三十1０٣۵、.．,，x总体情况", "**", "__", "##", "\ufeff", "😀"]
)
_LEADS = st.lists(st.sampled_from([*" \t\u00a0\u3000\u2003#>*_x", "**", "__", "##"]), max_size=4).map("".join)
_NUMERALS = st.lists(st.sampled_from([*"一二三十1０٣۵x"]), min_size=1, max_size=3).map("".join)
_NUMBERED = st.tuples(_LEADS, _NUMERALS, st.sampled_from(["", " ", "、", ".", "．", "，", "**、"]), _LEADS)
_PAREN = st.tuples(_LEADS, st.sampled_from(["（", "(", "x"]), _NUMERALS, st.sampled_from(["）", ")", ""]), _LEADS)
# Free lines, and lines shaped as the patterns read them (markup, numeral, separator, words).
_LINES = st.one_of(
    st.lists(_PIECES, max_size=12).map("".join),
    _NUMBERED.map("".join),
    _PAREN.map("".join),
)


def _plain_candidates(lines: list[str]) -> Iterator[_Candidate]:
    """The candidates as the patterns alone find them, every line matched."""
    for index, line in enumerate(lines):
        if _MAY_NUMBER_RE.match(line) is None:
            continue
        text = strip_markup(line)
        m = _HEADING_RE.match(text)
        if m is not None and m["title"].strip(_SPACES):
            yield _Candidate(index, (index + 1,), line.strip(_SPACES), m["num"], m["sep"], m["title"].strip(_SPACES))
        elif (bare := _BARE_NUMERAL_RE.match(text)) is not None:
            joined = _join_bare(lines, index, bare["num"], bare["sep"])
            if joined is not None:
                yield joined


@given(st.lists(_LINES, max_size=8))
def test_candidates_are_those_the_patterns_find(lines: list[str]) -> None:
    assert list(_plain_candidates(lines)) == list(_candidates(lines))


def _outcome(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except Exception as error:  # the same failure on both sides counts as the same outcome
        return type(error)


def _plain_subheading(line: str) -> Any:
    m = _SUBHEADING_RE.match(strip_markup(line))
    if m is None:
        return None
    ordinal = cjk_ordinal(m["num"])
    return None if ordinal is None else (ordinal, m["enum"], m["title"].strip(_SPACES))


@given(_LINES)
def test_subheading_is_what_the_pattern_reads(line: str) -> None:
    found = _outcome(lambda: subheading(line, 1))
    plain = _outcome(lambda: _plain_subheading(line))
    if found is None or isinstance(found, type):
        assert found == plain
    else:
        assert (found.ordinal, found.enumerator, found.title) == plain
