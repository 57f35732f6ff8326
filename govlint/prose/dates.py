"""Dates in the forms reports print them: 2023年2月3日, 2023-02-03, 2023.2.3, 二〇二三年二月三日."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Final

from govlint.prose.numbers import to_int

_CJK: Final = "〇零一二三四五六七八九十"
_SP: Final = r"[\s\u00a0\u3000]*"
DATE_RE: Final = re.compile(
    rf"(?P<y>\d{{4}}|[{_CJK}]{{4}}){_SP}(?P<s1>年|-|\.|/){_SP}(?P<m>\d{{1,2}}|[{_CJK}]{{1,3}}){_SP}"
    rf"(?P<s2>月|-|\.|/){_SP}(?P<d>\d{{1,2}}|[{_CJK}]{{1,3}})(?P<s3>日|号)?"
)


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Valid dates in ``text`` with their character span; impossible dates are skipped."""
    text = unicodedata.normalize("NFKC", text)
    out = []
    for m in DATE_RE.finditer(text):
        chinese = m["s1"] == "年"
        if chinese != (m["s2"] == "月") or (chinese and m["s3"] is None):
            continue  # mixed separators (2023年2-3) are not a date
        if not chinese and m["s1"] != m["s2"]:
            continue
        parts = [to_int(m[k]) for k in ("y", "m", "d")]
        if any(p is None for p in parts):
            continue
        try:
            out.append((dt.date(*parts), m.start(), m.end()))  # type: ignore[arg-type]
        except ValueError:
            continue
    return out
