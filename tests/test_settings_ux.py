"""Settings as a ruff user expects them (issue #15): ``--config`` and ``--isolated``, errors
that name the file and the key as written and suggest the closest, ``rules --format json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govlint.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main

from .conftest import REPORTS

SEED = REPORTS / "003_32c7538ebe09f062.txt"


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "r.txt"
    path.write_bytes(SEED.read_bytes())
    return path


def _error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["check", *args]) == EXIT_USAGE
    return capsys.readouterr().err


def test_errors_name_the_file_and_the_key_as_written(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = report.parent / "govlint.toml"
    settings.write_text('[options.late-publication]\ndepartment-deadlin = "01-21"\n', encoding="utf-8")
    err = _error(capsys, str(report))
    assert "govlint.toml" in err and "'department-deadlin'" in err and "'department-deadline'" in err
    settings.write_text('select = ["blank-cel"]\n', encoding="utf-8")
    err = _error(capsys, str(report))
    assert "govlint.toml" in err and "did you mean 'blank-cell'?" in err
    settings.write_text('selet = ["GL1"]\n', encoding="utf-8")
    err = _error(capsys, str(report))
    assert "govlint.toml" in err and "did you mean 'select'?" in err
    settings.write_text("[options.blank-cel]\nx = 1\n", encoding="utf-8")  # a rule that does not exist
    err = _error(capsys, str(report))
    assert "govlint.toml" in err and "'blank-cell'" in err
    settings.write_text('extend-exclude = ["\\\\"]\n', encoding="utf-8")  # a lone backslash: no glob
    err = _error(capsys, str(report))
    assert "govlint.toml" in err and "extend-exclude" in err


def test_config_names_the_settings_file(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = report.parent / "elsewhere" / "strict.toml"
    other.parent.mkdir()
    other.write_text('select = ["late-publication"]\n', encoding="utf-8")
    assert main(["check", str(report), "--config", str(other), "--format", "json"]) == EXIT_FINDINGS
    assert {f["rule"] for f in json.loads(capsys.readouterr().out)} == {"late-publication"}
    missing = _error(capsys, str(report), "--config", str(report.parent / "nope.toml"))
    assert "nope.toml" in missing


def test_isolated_ignores_every_settings_file(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (report.parent / "govlint.toml").write_text("selet = 1\n", encoding="utf-8")  # broken: not read
    assert main(["check", str(report), "--isolated", "--select", "GL001"]) == EXIT_OK


def test_rules_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == EXIT_OK
    rules = json.loads(capsys.readouterr().out)
    assert len(rules) >= 30
    blank = next(r for r in rules if r["name"] == "blank-cell")
    assert (blank["code"], blank["severity"], blank["fixable"]) == ("GL205", "warning", True)
