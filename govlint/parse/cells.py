"""Reading one printed cell: blank, dash placeholder, number (with unit) or text."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Final

from govlint.model import CellState
from govlint.model.table import Number
from govlint.templates import ColumnSpec, squash

# domain.md §8: the placeholders reports print for "none".
DASHES: Final = frozenset({"-", "--", "—", "——", "–", "－", "/", "／", "无"})
# Units a cell may carry after its number; longer first so that 万元 wins over 元.
UNITS: Final = ("万元", "人次", "元", "件", "条", "个", "项", "起", "次")
UNIT_PATTERN: Final = "|".join(UNITS)
_NUMBER_RE: Final = re.compile(
    rf"^(?P<sign>[+\-−])?(?P<int>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<frac>\.\d+)?(?P<unit>{UNIT_PATTERN})?$"
)
# The largest values a report can hold: counts stay below a billion, amounts below 10^12 万元.
# A larger number is read as text (an invalid-number finding), so no frame or output overflows.
MAX_COUNT: Final = 10**9
MAX_MONEY: Final = Decimal(10**12)
# Digits on two lines of one cell (3\n3, 1,\n234).
_BROKEN_DIGITS_RE: Final = re.compile(r"\d[,，]?[^\S\n\r]*[\n\r]\s*\d")
FULL_WIDTH_DIGITS: Final = frozenset("０１２３４５６７８９")
# An ASCII digit beside a full-width one: two numbers run together (pdftotext drops the space
# after a full-width number), never one number.
MIXED_DIGITS_RE: Final = re.compile(r"[0-9][０-９]|[０-９][0-9]")
# Digits a space apart are one number only in groups of three (1 000, 12 345): else two cells
# run together (``30 0``, pdftotext's one line for two cells), and which is which is unknown.
_SPACED_DIGITS_RE: Final = re.compile(r"\d[ \t]+\d")
_SPACED_GROUPS_RE: Final = re.compile(rf"[+\-−]?\d{{1,3}}(?: \d{{3}})+(?:\.\d+)? ?(?:{UNIT_PATTERN})?")
_MAX_INT_CHARS: Final = 20  # digits and thousands separators of a number worth converting
_UNIT_FACTORS: Final = {("元", "万元"): Decimal("0.0001"), ("万元", "元"): Decimal(10000)}


@lru_cache(maxsize=16384)
def compact(raw: str) -> str:
    """NFKC with all white space removed: what a cell says, ignoring how it was spaced."""
    if raw.isdigit() and raw.isascii():  # a plain number, most cells: already its own form
        return raw
    return squash(unicodedata.normalize("NFKC", raw))


@lru_cache(maxsize=16384)  # asked of every token of every table, mostly the same few texts
def is_value_like(raw: str) -> bool:
    """True for text that can stand in a numeric cell: blank, a dash or a number."""
    if raw.isdigit() and raw.isascii():  # a plain number: no need to fold it or match it
        return True
    s = compact(raw)
    return not s or s in DASHES or _NUMBER_RE.match(s) is not None


def _spaced_apart(raw: str) -> bool:
    """Digits a space apart that are not a number's groups of three (``30 0``, ``1 2``)."""
    if " " not in raw and "\t" not in raw and raw.isascii():
        return False
    folded = unicodedata.normalize("NFKC", raw).strip()
    return _SPACED_DIGITS_RE.search(folded) is not None and _SPACED_GROUPS_RE.fullmatch(folded) is None


def read_cell(raw: str, column: ColumnSpec) -> tuple[CellState, Number | None, str | None]:
    """(state, value, unit written in the cell) for ``raw`` printed in ``column``."""
    return read_as(raw, column.kind, column.unit)


# Keyed by what of the column the reading depends on: strings hash and compare quickly, a
# column spec does not.
@lru_cache(maxsize=16384)  # the same few cells ("0", "", "-") in every report
def read_as(raw: str, kind: str, column_unit: str | None) -> tuple[CellState, Number | None, str | None]:
    """:func:`read_cell` for a column of ``kind`` (``money`` or a count) and ``column_unit``."""
    s = compact(raw)
    if not s:
        return CellState.BLANK, None, None
    if s in DASHES:
        return CellState.DASH, None, None
    m = _NUMBER_RE.match(s)
    if m is None or len(m["int"]) > _MAX_INT_CHARS:
        return CellState.TEXT, None, None  # no report holds such a number: it is invalid, never an overflow
    if (
        (len(m["int"]) > 1 and m["int"][0] == "0")
        or _BROKEN_DIGITS_RE.search(raw)
        or MIXED_DIGITS_RE.search(raw)
        or _spaced_apart(raw)
    ):
        # No report prints a count as 03, nor breaks one over lines, nor changes the width of
        # its digits (１１５137): it is two things run together (a 3 and a page number on the
        # next line), and which is the cell is unknown.
        return CellState.TEXT, None, None
    try:
        number = Decimal(m["int"].replace(",", "") + (m["frac"] or ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return CellState.TEXT, None, None
    if m["sign"] in ("-", "−"):
        number = -number
    if abs(number) > (MAX_MONEY if kind == "money" else MAX_COUNT):
        return CellState.TEXT, None, None
    unit = m["unit"]
    if kind == "money":
        factor = _UNIT_FACTORS.get((unit or "", column_unit or ""))
        return CellState.NUMBER, number * factor if factor else number, unit
    return CellState.NUMBER, int(number) if number == number.to_integral_value() else number, unit
