"""Facts about Unicode that several tests of the reader's normalisation shortcuts rely on."""

from __future__ import annotations

import sys
import unicodedata
from functools import cache


@cache
def canonical_pairs() -> tuple[frozenset[str], frozenset[str]]:
    """The first and the second characters of every two-character canonical decomposition
    (what NFC may compose), over every code point: computed once for the test run."""
    firsts: set[str] = set()
    seconds: set[str] = set()
    for code in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            firsts.add(chr(int(parts[0], 16)))
            seconds.add(chr(int(parts[1], 16)))
    return frozenset(firsts), frozenset(seconds)
