"""Label normalisation and matching (domain.md §12).

Both the template label and the printed text are normalised before they are compared, so
that full-width punctuation, stray spaces, line breaks inside a cell, quotes and separator
variants never decide a match.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Final

# Characters that str.split()/strip() do not all treat as space but that reports use as such.
_INVISIBLE: Final = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2060\u3000\ufeff"
_SPACE_RE: Final = re.compile(r"[\s" + _INVISIBLE + r"]+")
_QUOTES_RE: Final = re.compile("[\"'“”‘’「」『』]")
_SEPARATORS_RE: Final = re.compile("[、，,；;]")
_ENUM_RE: Final = re.compile(r"^(\d{1,2})[.．、]")
_TRAILING_NOTE_RE: Final = re.compile(r"\([^()]*\)$")


def squash(text: str) -> str:
    """Remove every kind of white space, including NBSP, U+3000 and zero-width characters."""
    return _SPACE_RE.sub("", text)


def normalize(text: str) -> str:
    """The comparison form of a label: NFKC, no spaces, no quotes, unified enumerators."""
    s = squash(unicodedata.normalize("NFKC", text))
    s = _QUOTES_RE.sub("", s)
    s = _ENUM_RE.sub(r"\1.", s)
    return _SEPARATORS_RE.sub("", s)


def strip_note(normalized: str) -> str:
    """Drop one trailing parenthetical annotation: ``规章(地方政府规章)`` → ``规章``."""
    stripped = _TRAILING_NOTE_RE.sub("", normalized)
    return stripped if stripped else normalized


def similarity(a: str, b: str) -> float:
    """Similarity ratio of two normalised labels, 0.0 to 1.0."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def best_fuzzy(normalized: str, candidates: dict[str, str], threshold: float) -> tuple[str, float] | None:
    """The candidate key whose normalised label is most similar, if it reaches ``threshold``."""
    best: tuple[str, float] | None = None
    for key, label in candidates.items():
        # A cheap length bound first: the ratio cannot exceed 2*min/(len_a+len_b).
        bound = 2 * min(len(label), len(normalized)) / max(1, len(label) + len(normalized))
        if bound < threshold or (best is not None and bound <= best[1]):
            continue
        score = similarity(normalized, label)
        if score >= threshold and (best is None or score > best[1]):
            best = (key, score)
    return best
