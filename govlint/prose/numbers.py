"""Counts as reports write them: ``234条``, ``1,538 条``, ``二十三件``, ``0件次``, ``两起``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Final

import attrs

# Classifiers of counted things, longer first (件次 before 件).
CLASSIFIERS: Final = ("件次", "人次", "件", "条", "起", "个", "项", "篇", "次", "宗", "份", "例")
_CJK_DIGITS: Final = "零〇一二两三四五六七八九十百千万亿"
# A number starts where a run of its characters starts (and not after ``1234,``): tried from
# inside a run, it would rescan the rest of the run at every character (quadratic on a long
# run of digits or 一二三…), and what it read there would be a fragment, not the number.
COUNT_RE: Final = re.compile(
    rf"(?<![\d.%])(?P<num>(?<!\d,)(?:\d{{1,3}}(?:,\d{{3}})+|\d+)|(?<![{_CJK_DIGITS}])[{_CJK_DIGITS}]+)"
    rf"[ \u00a0\u3000]*(?P<unit>{'|'.join(CLASSIFIERS)})"
)


@attrs.frozen
class Count:
    """A number with its classifier; ``start``/``end`` are offsets in the text it was read from."""

    value: int
    unit: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=4096)
def to_int(text: str) -> int | None:
    """``"1,538"`` → 1538, ``"二十三"`` → 23, ``"两"`` → 2; None when it is not a whole number."""
    plain = text.replace(",", "")
    if plain.isascii():
        return int(plain) if plain.isdigit() else None
    import cn2an  # type: ignore[import-untyped]  # late: 0.1 s to import, and most reports write digits

    try:
        value = cn2an.cn2an(plain.replace("〇", "零"), "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() and value >= 0 else None


# Not a count: an ordinal (第36条), an estimate (数十件, 近百件, 两三件), a range (5至8件), or a
# classifier that measures something else (15个工作日, 一个窗口).
_ORDINAL_RE: Final = re.compile(r"第\s*$")
_ESTIMATE_RE: Final = re.compile(r"(?<!总)(?:数|几|上|近|约|逾)\s*$")  # 数十件, 近百件 (not 总数100条)
_RANGE_RE: Final = re.compile(rf"[\d{_CJK_DIGITS}]\s*(?:至|到|-|~|～|—|–)\s*$")
_MEASURED_RE: Final = re.compile(r"工作日|自然日|个?工作|天|小时|分钟|窗口|环节|方面|渠道|平台|栏目|部门|科室|月|年")
_PLACE_VALUE: Final = frozenset("十百千万亿")


def to_chinese(number: int, capital: bool = False) -> str:
    """``12`` → ``"十二"`` (``"壹拾贰"`` with ``capital``): how a Chinese list numbers its items."""
    import cn2an

    return str(cn2an.an2cn(number, "up" if capital else "low"))


def find_counts(text: str) -> Iterator[Count]:
    """Every count in ``text``, left to right. ``一是``/``十四五`` without a classifier are not counts."""
    for m in COUNT_RE.finditer(text):
        number = m["num"]
        before = text[max(0, m.start() - 3) : m.start()]
        if _ORDINAL_RE.search(before) or _RANGE_RE.search(before):
            continue
        if not number.isascii() and _ESTIMATE_RE.search(before):
            continue
        if _MEASURED_RE.match(text, m.end()):
            continue
        if not number.isascii() and (
            _is_word(text, m.start(), number) or (len(number) > 1 and not _PLACE_VALUE & set(number))
        ):
            continue  # 两三件, 一两件: an estimate, not 23 or 12
        value = to_int(number)
        if value is not None:
            yield Count(value, m["unit"], m.start(), m.end(), m.group())


def _is_word(text: str, start: int, number: str) -> bool:
    """``一个``/``一项`` inside words (统一、唯一、一项项) are not counts of one, nor 万/百 alone."""
    before = text[start - 1 : start]
    return number in ("万", "百", "千", "亿") or (
        number == "一" and before in ("统", "唯", "同", "第", "每", "逐", "进")
    )
