"""Readable text output (issue #15): one language, colour only where asked, the fixable marked
and counted, ``--show-fixes``, ``--quiet``, statistics as JSON, places from column 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govlint.cli import EXIT_FINDINGS, main

from .conftest import REPORTS, ROOT

SEED = REPORTS / "003_32c7538ebe09f062.txt"  # 4 findings, 1 fixable (label-mismatch)
PDF = ROOT / "tests" / "data" / "corpus" / "hongze_district_2023.pdf"


def _out(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["check", *args]) == EXIT_FINDINGS
    return capsys.readouterr().out


def test_one_language_at_a_time(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language: Chinese
    zh = _out(capsys, str(SEED))
    assert "表二缺少“规章”行。" in zh and "Table 二 has no row" not in zh
    en = _out(capsys, str(SEED), "--lang", "en")
    assert "Table 二 has no row '规章'." in en and "表二缺少" not in en
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert "Table 二 has no row" in _out(capsys, str(SEED))
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "表二缺少" in _out(capsys, str(SEED))


def test_settings_choose_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "govlint.toml").write_text('lang = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "Table 二 has no row" in _out(capsys, str(SEED))


def test_colour_only_when_asked(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in _out(capsys, str(SEED))  # not a terminal
    assert "\x1b[" not in _out(capsys, str(SEED), "--color", "never")
    assert "\x1b[" in _out(capsys, str(SEED), "--color", "always")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in _out(capsys, str(SEED), "--color", "auto")


def test_fixable_findings_are_marked_and_counted(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, str(SEED), "--show-fixes").splitlines()
    marked = [line for line in out if "[*]" in line]
    assert len(marked) == 1 and "GL203 label-mismatch" in marked[0]
    assert out[-1].endswith("1 fixable with --fix.")
    assert any("GL203 label-mismatch:" in line and line.startswith("  ") for line in out)  # --show-fixes


def test_quiet_prints_the_findings_only(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, str(SEED), "--quiet").splitlines()
    assert len(out) == 4 and not any(line.startswith("Found") for line in out)


def test_statistics_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(_out(capsys, str(SEED), "--statistics", "--format", "json"))
    assert {r["rule"]: r["count"] for r in rows} == {
        "missing-title": 1,
        "missing-row": 1,
        "label-mismatch": 1,
        "late-publication": 1,
    }


def test_places_count_columns_from_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, str(SEED))
    assert f"{SEED}:17:1: GL202" in out and ":0:" not in out
    binary = tmp_path / "2022年报.txt"
    binary.write_bytes(b"\x00\x01" * 50)
    whole = _out(capsys, str(binary))
    assert f"{binary}: GL001 unreadable-input" in whole  # the whole file: no line, no column


@pytest.mark.skipif(not PDF.exists(), reason="the corpus PDF is not in this checkout")
def test_pdf_places_open_at_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pypdfium2")
    out = _out(capsys, str(PDF), "--select", "review-litigation-total", "--lang", "en")
    assert f"{PDF}#page=4 (line 14): GL304" in out
