"""Hostile content on the way out (issue #18): a file name that is not UTF-8, baselines that are
not JSON a baseline can be, cells with more digits than any count — a clear message or a
working output, never a traceback."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from govlint.cli import main
from govlint.model import printable

from .conftest import REPORTS

SEED = REPORTS / "002_cf57586f910dba13.txt"
NAME = b"\xff\xfe.txt"  # not UTF-8: os.fsdecode gives "\udcff\udcfe.txt"
SHOWN = "\\xff\\xfe.txt"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file names are UTF-16 on Windows")


@pytest.fixture
def odd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(SEED, os.fsdecode(NAME))
    return os.fsdecode(NAME)


def _output(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> str:
    main(list(argv))
    out = capsysbinary.readouterr().out
    return out.decode("utf-8")  # strict: the output is UTF-8 whatever the file's name


def test_printable_escapes_only_the_bytes_that_are_not_utf8() -> None:
    assert printable(os.fsdecode(b"\xff\xfe\xe5\xb9\xb4.txt")) == "\\xff\\xfe年.txt"
    assert printable("年报.txt") == "年报.txt"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_output(odd: str, capsysbinary: pytest.CaptureFixture[bytes], fmt: str) -> None:
    text = _output(capsysbinary, "check", "--format", fmt, odd)
    findings = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    assert findings and {f["path"] for f in findings} == {SHOWN}
    assert not any("crashed" in f["message_en"] for f in findings)


def test_sarif_output_names_the_file_by_its_bytes(odd: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    sarif = json.loads(_output(capsysbinary, "check", "--format", "sarif", odd))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"%FF%FE.txt"}


def test_junit_and_github_output(odd: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    junit = ET.fromstring(_output(capsysbinary, "check", "--format", "junit", odd))
    assert SHOWN in {case.get("classname") for case in junit.iter("testcase")} | {
        case.get("file") for case in junit.iter("testcase")
    }
    github = _output(capsysbinary, "check", "--format", "github", odd)
    assert f"file={SHOWN}" in github


def test_text_output_and_parse(odd: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert SHOWN in _output(capsysbinary, "check", odd)
    assert json.loads(_output(capsysbinary, "parse", "--format", "json", odd))["path"] == SHOWN


def test_baseline_round_trip(odd: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["check", "--write-baseline", "baseline.json", odd]) == 0
    waivers = json.loads(Path("baseline.json").read_text(encoding="utf-8"))["waivers"]
    assert waivers and {w["path"] for w in waivers} == {SHOWN}
    capsysbinary.readouterr()
    assert main(["check", "--baseline", "baseline.json", "--format", "json", odd]) == 0
    assert json.loads(capsysbinary.readouterr().out) == []


@pytest.mark.parametrize("what", ["cells", "findings"])
def test_export(odd: str, what: str) -> None:
    assert main(["export", "--what", what, "--to", "out.csv", odd]) == 0
    with open("out.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and {r["path"] for r in rows} == {SHOWN}


def _baseline(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "waivers",
    [
        "[" * 100_000 + "]" * 100_000,
        '[{"path": "a.txt", "fingerprint": "x", "count": ' + "9" * 5000 + "}]",
        '[{"path": "a.txt", "fingerprint": "x", "count": 1e999}]',
        '[{"path": "a.txt", "fingerprint": "x", "count": NaN}]',
    ],
    ids=["deep", "5000-digits", "infinity", "nan"],
)
def test_a_hostile_baseline_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], waivers: str
) -> None:
    baseline = _baseline(tmp_path, '{"format": "govlint-baseline", "version": 1, "waivers": ' + waivers + "}")
    assert main(["check", "--baseline", str(baseline), str(SEED)]) == 2
    err = capsys.readouterr().err
    assert str(baseline) in err and "Traceback" not in err


ROW = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 {} 0 0\n"


@pytest.mark.parametrize("digits", [19, 309, 4301])
def test_cells_with_many_digits_export_and_parse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], digits: int
) -> None:
    report = tmp_path / "r.txt"
    report.write_text(ROW.format("9" * digits), encoding="utf-8")
    assert main(["parse", "--format", "json", str(report)]) == 0
    printed = json.loads(capsys.readouterr().out)["tables"]["active_disclosure"]
    assert any(cell.get("raw") == "9" * digits for cell in printed)
    assert main(["export", "--to", str(tmp_path / "cells.csv"), str(report)]) == 0
    with open(tmp_path / "cells.csv", encoding="utf-8", newline="") as stream:
        cells = [r for r in csv.DictReader(stream) if r["raw"] == "9" * digits]
    assert [(c["state"], c["value"]) for c in cells] == [("text", "")]


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_control_characters_quoted_from_a_report_are_shown_not_sent(
    fmt: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A row label holding ESC [31m, DEL or CSI: the terminal or the CI log would act on them."""
    lines = (REPORTS / "003_32c7538ebe09f062.txt").read_text(encoding="utf-8").split("\n")
    lines.insert(20, "| \x1b[31m其他文件\x7f\x9b | 5 | 0 | 0 |")  # a row the template lacks, quoted
    report = tmp_path / "report.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    out = _output(capsysbinary, "check", str(report), "--isolated", "--format", fmt)
    assert "\\x1b[31m其他文件\\x7f\\x9b" in out
    assert not [c for c in out if (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F]
