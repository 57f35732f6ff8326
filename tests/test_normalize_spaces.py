"""normalize() drops white space before NFKC where that gives the same form as after it.

The shortcut holds because white space normalises to white space (which is dropped) and
because NFKC joins nothing across a character with a boundary before it. Both facts are
checked here for every character they are claimed of, and the result against the plain
definition (NFKC, then drop) for text of spaces, combining marks and compatibility forms.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govlint.templates.labels import (
    _BOUNDARY,
    _DROPPED_RE,
    _ENUM_RE,
    _SEPARATORS_RE,
    _SPACE_RE,
    normalize,
)

from .unicodefacts import canonical_pairs


def _plain(text: str) -> str:
    """normalize() as defined: NFKC, then white space, quotes, enumerators and separators."""
    s = _DROPPED_RE.sub("", unicodedata.normalize("NFKC", text))
    enumerator = _ENUM_RE.match(s)
    if enumerator is not None:
        s = f"{enumerator[1]}.{s[enumerator.end() :]}"
    return _SEPARATORS_RE.sub("", s)


@cache
def _composition_seconds() -> frozenset[str]:
    """Every character that NFKC may join to the character before it: the second of each
    two-character canonical decomposition, and the Hangul vowel and trailing jamo."""
    jamo = {chr(c) for c in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    return frozenset(jamo) | canonical_pairs()[1]


def _has_boundary_before(char: str) -> bool:
    first = unicodedata.normalize("NFKD", char)[0]
    seconds = _composition_seconds()
    return (
        unicodedata.combining(char) == 0
        and unicodedata.combining(first) == 0
        and char not in seconds
        and first not in seconds
    )


def _matching(pattern: str) -> list[str]:
    compiled = re.compile(pattern)
    return [chr(c) for c in range(sys.maxunicode + 1) if compiled.fullmatch(chr(c))]


def test_white_space_normalises_to_dropped_characters_with_a_boundary_before() -> None:
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if _SPACE_RE.fullmatch(c)]
    assert "\u00a0" in spaces and "\u3000" in spaces and "\n" in spaces
    for char in spaces:
        assert _DROPPED_RE.fullmatch(unicodedata.normalize("NFKC", char)), hex(ord(char))
        assert _has_boundary_before(char), hex(ord(char))


def test_boundary_characters_have_a_boundary_before() -> None:
    boundary = _matching(f"[{_BOUNDARY}]")
    assert "规" in boundary and "（" in boundary and "“" in boundary
    assert [hex(ord(c)) for c in boundary if not _has_boundary_before(c)] == []


@pytest.mark.parametrize(
    "text",
    [
        "规\u3000章",
        " 0",
        "行\n政 \u00a0强制",
        "1.\u00a0\u00a0属于国家秘密",
        "e \u0301",
        "e\u00a0\u0301",
        "\u1100 \u1161",
        "a \u3000",
    ],
)
def test_normalize_examples(text: str) -> None:
    assert normalize(text) == _plain(text)


_ALPHABET = st.sampled_from(
    [
        *" \t\n\u00a0\u3000\u2003\u200b\ufeff",  # white space, some normalising to a space
        *"a1.、，“”（）规章一",  # boundary characters
        *"e\u0301\u0308\u0323\u3099\u1100\u1161\u11a8\u0b47\u0b3e",  # what composes with what precedes
        *"かﬁ①㈠½¨ｅ\u2474",  # compatibility forms, some decomposing to text with spaces
    ]
)


@given(st.lists(_ALPHABET, max_size=12).map("".join))
def test_normalize_is_the_plain_form(text: str) -> None:
    assert normalize(text) == _plain(text)
