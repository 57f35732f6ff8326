"""`govlint parse` on the command line: formats, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import govlint
from govlint.cli import main
from govlint.reporters import document_csv

from .conftest import REPORTS

SEED = REPORTS / "003_32c7538ebe09f062.txt"


def test_parse_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", "json", str(SEED)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"path", "organ", "year", "template", "published", "sections", "tables"} <= set(doc)
    assert (doc["organ"], doc["year"], doc["template"], doc["published"]) == (
        "南平市工业和信息化局",
        2022,
        "2021",
        "2023-02-03",
    )
    assert [s["numeral"] for s in doc["sections"]] == list("一二三四五六")
    assert set(doc["tables"]) == {"active_disclosure", "applications", "review_litigation"}
    cell = doc["tables"]["applications"][0]
    assert cell == {
        "row": "一、本年新收政府信息公开申请数量",
        "col": "自然人",
        "raw": "1",
        "state": "number",
        "value": 1,
        "line": 34,
    }
    cols = [c["col"] for c in doc["tables"]["review_litigation"]]
    assert cols[4] == "行政复议/总计" and cols[9] == "未经复议直接起诉/总计" and cols[14] == "复议后起诉/总计"
    # 规章 is missing from this report's table 二: no cells for it.
    assert "规章" not in {c["row"] for c in doc["tables"]["active_disclosure"]}


def test_parse_csv_has_one_row_per_cell(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", "csv", str(SEED)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 7 + 175 + 15
    assert rows[0].keys() >= {"table", "row", "col", "raw", "state", "value", "line"}


def test_parse_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "南平市工业和信息化局" in out and "missing rows: rules" in out


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert main(["parse", str(tmp_path / "nope.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_binary_file_prints_a_document_and_says_why(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    assert main(["parse", "--format", "json", str(path)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["notes"][0]["code"] == "unreadable"
    assert "PDF" in captured.err and "Traceback" not in captured.err


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "parse" in capsys.readouterr().err


def test_installed_entry_point_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "govlint", "parse", "--format", "json", str(SEED)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out)["year"] == 2022


def test_cells_cut_from_run_together_numbers_are_marked_recovered(capsys: pytest.CaptureFixture[str]) -> None:
    """Table.cells, the JSON and the CSV say which cells were cut (docs/formats.md)."""
    from .reportgen import all_zero_report, render_rows

    text = render_rows(all_zero_report())  # a PDF's rows: every row's numbers run together
    document = govlint.parse_text(text)
    table = document.tables["applications"]
    assert table.cells["recovered"].tolist() == [c.recovered for c in table.grid]
    assert any(c.recovered for c in table.grid)
    records = document.to_dict()["tables"]["applications"]
    assert [r.get("recovered", False) for r in records] == [c.recovered for c in table.grid]
    rows = list(csv.DictReader(io.StringIO(document_csv(document))))
    assert [r["recovered"] == "True" for r in rows if r["table"] == "applications"] == [c.recovered for c in table.grid]
