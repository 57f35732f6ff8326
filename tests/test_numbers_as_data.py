"""Numbers as data (issue #18, in part): a value beyond what a report can hold is an
``invalid-number`` finding, never an overflow in a frame, a rule or an output."""

from __future__ import annotations

import json

import pytest

import govlint

ROW = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 {} 0 0\n"
FEES = "二、主动公开政府信息情况\n第二十条第（八）项\n信息内容 本年收费金额（单位：万元）\n行政事业性收费 {}\n"


@pytest.mark.parametrize("printed", ["1000000001", "9" * 19, "9" * 309, "9" * 5000, "1,000,000,000,000"])
def test_a_count_beyond_a_billion_is_invalid_not_an_overflow(printed: str) -> None:
    document = govlint.parse_text(ROW.format(printed))
    table = document.tables["active_disclosure"]
    cell = table.cell("rules", "made")
    assert cell is not None and (cell.state.value, cell.value, cell.raw) == ("text", None, printed)
    table.frame  # noqa: B018 - building the frame must not overflow
    result = govlint.lint(document)
    result.to_dataframe()
    json.dumps(document.to_dict(), ensure_ascii=False, default=str)
    flagged = [f for f in result.findings if f.rule == "invalid-number"]
    assert [(f.location.table, f.location.row, f.location.col) for f in flagged] == [
        ("active_disclosure", "规章", "本年制发件数")
    ]


def test_the_largest_values_a_report_holds_are_read() -> None:
    count = govlint.parse_text(ROW.format("999999999")).tables["active_disclosure"].cell("rules", "made")
    assert count is not None and count.value == 999_999_999
    fees = govlint.parse_text(FEES.format("999999999999")).tables["active_disclosure"].cell("admin_fees", "fees")
    assert fees is not None and fees.state.value == "number"
    beyond = govlint.parse_text(FEES.format("1000000000001")).tables["active_disclosure"].cell("admin_fees", "fees")
    assert beyond is not None and beyond.state.value == "text"
