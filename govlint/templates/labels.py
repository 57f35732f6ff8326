"""Label normalisation and matching (domain.md §12).

Both the template label and the printed text are normalised before they are compared, so
that full-width punctuation, stray spaces, line breaks inside a cell, quotes and separator
variants never decide a match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz, process

# Characters that str.split()/strip() do not all treat as space but that reports use as such.
_INVISIBLE: Final = "\u00a0\u2000-\u200d\u2060\u3000\ufeff"
_SPACE_RE: Final = re.compile(r"[\s" + _INVISIBLE + r"]+")
_QUOTES: Final = "\"'“”‘’「」『』"
# White space and quotes are both dropped before the enumerator is read: one pass for both.
_DROPPED_RE: Final = re.compile(r"[\s" + _INVISIBLE + _QUOTES + r"]+")
_SEPARATORS_RE: Final = re.compile("[、，,；;]")
_ENUM_RE: Final = re.compile(r"^(\d{1,2})[.．、]")
# How a row label's enumerator is printed: 1. / 1、, （三）, 四、 (a pattern to build on).
ENUMERATOR: Final = r"(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．])"
_TRAILING_NOTE_RE: Final = re.compile(r"\([^()]*\)$")
# Characters NFKC never joins to, or reorders with, what comes before them (each has no
# combining class, and neither it nor the first character it decomposes to is the second
# of a composition): ASCII, CJK punctuation and quotes, CJK unified ideographs, full-width
# ASCII forms. Normalising text cut just before one gives the normal forms of the pieces.
_BOUNDARY: Final = r"\x00-\x7f\u2018-\u201f\u3001-\u3003\u3008-\u3011\u4e00-\u9fff\uff01-\uff5e"
# A white-space character before one that is neither white space nor a boundary character.
_SPACE_BEFORE_OTHER_RE: Final = re.compile(r"[\s" + _INVISIBLE + r"](?![\s" + _INVISIBLE + _BOUNDARY + r"]|\Z)")


def squash(text: str) -> str:
    """Remove every kind of white space, including NBSP, U+3000 and zero-width characters."""
    return _SPACE_RE.sub("", text)


def unwrap(text: str) -> str:
    """A cell or label wrapped over lines, as one line: each line stripped, joined with
    nothing (Chinese has no spaces between words), or one space between two Latin words."""
    out = ""
    for part in text.split("\n"):
        part = part.strip()
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """The comparison form of a label: NFKC, no spaces, no quotes, unified enumerators."""
    squashed = squash(text)
    if len(squashed) < len(text) and _SPACE_BEFORE_OTHER_RE.search(text) is None:
        # Labels come printed with all kinds of spaces (规章, 规\u3000章, 规 章 …). White space
        # normalises to white space, which is dropped, and where each space stands before a
        # boundary character NFKC joins nothing across it: the text without its spaces has the
        # same form, and that form is mostly known already (NFKC is the costly part).
        return normalize(squashed)
    s = _DROPPED_RE.sub("", unicodedata.normalize("NFKC", text))
    # what \d matches (category Nd): without one, no enumerator to unify; and a sub with a
    # template would cost more than the rest together
    enumerator = _ENUM_RE.match(s) if s[:1].isdecimal() else None
    if enumerator is not None:
        s = f"{enumerator[1]}.{s[enumerator.end() :]}"
    return _SEPARATORS_RE.sub("", s)


def strip_note(normalized: str) -> str:
    """Drop one trailing parenthetical annotation: ``规章(地方政府规章)`` → ``规章``."""
    stripped = _TRAILING_NOTE_RE.sub("", normalized)
    return stripped if stripped else normalized


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """Similarity ratio of two normalised labels, 0.0 to 1.0 (2·matches / total length); 0.0
    when under ``cutoff``. Give the cutoff: then a long line against a short label costs
    nothing (their lengths alone rule it out), where the full ratio costs the line's length."""
    return float(fuzz.ratio(a, b, score_cutoff=cutoff * 100)) / 100.0


def best_fuzzy(normalized: str, candidates: dict[str, str], threshold: float) -> tuple[str, float] | None:
    """The candidate key whose normalised label is most similar, if it reaches ``threshold``."""
    hit = process.extractOne(normalized, candidates, scorer=fuzz.ratio, score_cutoff=threshold * 100)
    if hit is None:
        return None
    _, score, key = hit
    return str(key), float(score) / 100.0


_CJK_DIGITS: Final = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}


def cjk_ordinal(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 7 → 7; None when ``text`` is not such a numeral."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdecimal():  # not isdigit(): int() cannot read ፩ (an Ethiopic digit)
        return int(text)
    if not text or any(c not in _CJK_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CJK_DIGITS[text] if len(text) == 1 else None
    if text.count("十") > 1:  # 十十, a typing slip: no numeral
        return None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CJK_DIGITS[tens] if tens else 1) * 10 + (_CJK_DIGITS[units] if units else 0)
