"""Section headings (一、…六、) and sub-headings (（一）…), told apart from table-row labels.

A line is a section heading only when the words after its numeral name one of the six
sections of the format. Table-row labels such as ``一、本年新收政府信息公开申请数量`` or
``四、结转下年度继续办理`` reuse the numerals but not the titles, so they never qualify.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final, Literal

import attrs

from govlint.model import Heading
from govlint.templates import SectionSpec, normalize
from govlint.templates.labels import cjk_ordinal, similarity

_SP: Final = r"[\s\u00a0\u3000]*"
_HEADING_RE: Final = re.compile(
    rf"^{_SP}(?P<num>[一二三四五六七八九十]{{1,3}}|\d{{1,2}}){_SP}(?P<sep>[、.．,，]){_SP}(?P<title>\S.*?){_SP}$"
)
_SUBHEADING_RE: Final = re.compile(
    rf"^{_SP}(?P<enum>[（(]{_SP}(?P<num>[一二三四五六七八九十]{{1,3}}|\d{{1,2}}){_SP}[)）]){_SP}(?P<title>.*?){_SP}$"
)
_SECTION_FUZZY: Final = 0.8

SectionMatch = Literal["exact", "alias", "fuzzy", "prefix"]


@attrs.frozen
class SectionHeading:
    heading: Heading
    spec: SectionSpec
    match: SectionMatch


def _style(number: str, paren: bool) -> str:
    base = "arabic" if unicodedata.normalize("NFKC", number).isdigit() else "cjk"
    return f"{base}-paren" if paren else base


def match_section(title: str, sections: Sequence[SectionSpec]) -> tuple[SectionSpec, SectionMatch] | None:
    norm = normalize(title)
    if not norm:
        return None
    best: tuple[SectionSpec, SectionMatch, float] | None = None
    for spec in sections:
        names = [(normalize(spec.title), "exact"), *[(normalize(a), "alias") for a in spec.aliases]]
        for name, kind in names:
            if norm == name:
                return spec, kind  # type: ignore[return-value]
            rest = norm[len(name) :]
            if norm.startswith(name) and len(name) >= 4 and _heading_tail(rest):
                score, found = 0.99, "prefix"
            else:
                score, found = similarity(norm, name), "fuzzy"
            if score >= _SECTION_FUZZY and (best is None or score > best[2]):
                best = (spec, found, score)  # type: ignore[assignment]
    return (best[0], best[1]) if best else None


def _heading_tail(rest: str) -> bool:
    """Words after a section title on its line: a sentence may follow a stop, nothing else.

    ``一、总体情况。2021年，…`` is a heading; ``三、其他需要报告的事项较少`` is a sentence, and
    ``一、总体情况；二、主动公开…`` is a list of the sections in a preamble.
    """
    return rest[:1] in ("。", ":", "(", "")  # normalised: 、，； are gone, so a list fails here


def find_section_headings(lines: Sequence[str], sections: Sequence[SectionSpec]) -> list[SectionHeading]:
    out = []
    for index, line in enumerate(lines):
        m = _HEADING_RE.match(line)
        if m is None:
            continue
        ordinal = cjk_ordinal(m["num"])
        if ordinal is None or (m["num"].isdigit() and m["sep"] != "、"):
            continue  # "1." numbers an item, not a section
        found = match_section(m["title"], sections)
        if found is None:
            continue
        heading = Heading(
            line=index + 1,
            text=line.strip(" \t\u00a0\u3000"),
            enumerator=m["num"] + m["sep"],
            ordinal=ordinal,
            style=_style(m["num"], paren=False),
            title=m["title"],
        )
        out.append(SectionHeading(heading, *found))
    return out


def subheading(line: str, number: int) -> Heading | None:
    """A （一）/(1) sub-heading at the start of ``line`` (1-based ``number``), if any."""
    m = _SUBHEADING_RE.match(line)
    if m is None:
        return None
    ordinal = cjk_ordinal(m["num"])
    if ordinal is None:
        return None
    return Heading(
        line=number,
        text=line.strip(" \t\u00a0\u3000"),
        enumerator=m["enum"],
        ordinal=ordinal,
        style=_style(m["num"], paren=True),
        title=m["title"],
    )
