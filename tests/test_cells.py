"""Reading a printed cell: state, value, unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govlint.model import CellState
from govlint.parse.cells import read_cell
from govlint.templates import ColumnSpec

COUNT = ColumnSpec("n", "本年制发件数")
SIGNED = ColumnSpec("d", "本年增/减", signed=True)
WAN = ColumnSpec("fee", "本年收费金额（单位：万元）", kind="money", unit="万元")
NO_UNIT = ColumnSpec("amount", "采购总金额", kind="money")


@pytest.mark.parametrize(
    ("raw", "column", "state", "value", "unit"),
    [
        ("0", COUNT, CellState.NUMBER, 0, None),
        (" 0\u00a0", COUNT, CellState.NUMBER, 0, None),
        ("\n0", COUNT, CellState.NUMBER, 0, None),  # a newline inside a numeric cell is space (seed 002)
        ("１２", COUNT, CellState.NUMBER, 12, None),  # full-width digits
        ("1,234", COUNT, CellState.NUMBER, 1234, None),
        ("0件", COUNT, CellState.NUMBER, 0, "件"),
        ("", COUNT, CellState.BLANK, None, None),
        ("\u00a0", COUNT, CellState.BLANK, None, None),
        ("\u3000\u3000", COUNT, CellState.BLANK, None, None),
        ("-", COUNT, CellState.DASH, None, None),
        ("—", COUNT, CellState.DASH, None, None),
        ("／", COUNT, CellState.DASH, None, None),
        ("无", COUNT, CellState.DASH, None, None),
        ("见附件", COUNT, CellState.TEXT, None, None),
        ("1.5", COUNT, CellState.NUMBER, Decimal("1.5"), None),  # kept; GL206 judges it
        ("-8", SIGNED, CellState.NUMBER, -8, None),
        ("+1036", SIGNED, CellState.NUMBER, 1036, None),
        ("−3", SIGNED, CellState.NUMBER, -3, None),
        ("1.25", WAN, CellState.NUMBER, Decimal("1.25"), None),
        ("12500元", WAN, CellState.NUMBER, Decimal("1.25"), "元"),  # converted, unit kept as evidence
        ("251000元", NO_UNIT, CellState.NUMBER, Decimal(251000), "元"),
    ],
)
def test_read_cell(raw: str, column: ColumnSpec, state: CellState, value: object, unit: str | None) -> None:
    assert read_cell(raw, column) == (state, value, unit)
