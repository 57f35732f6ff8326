"""Odd but possible arguments, settings and budgets (a fuzzing round of the command line, the
settings and the Python API): each is a finding or a clear refusal, never a traceback, a hang
or a run over the wrong files."""

from __future__ import annotations

import contextlib
import json
import math
import os
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

import govlint
from govlint.cli import EXIT_FINDINGS, EXIT_USAGE, main
from govlint.errors import ConfigError

from .conftest import REPORTS

REPORT = REPORTS / "003_32c7538ebe09f062.txt"


def _findings(capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    return [(f["rule"], f["actual"]) for f in json.loads(capsys.readouterr().out)]


@pytest.mark.parametrize("seconds", ["1e-9", "1e-6", "1e-4"])
def test_a_time_budget_too_small_for_any_file_is_the_files_finding(
    seconds: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The timer may ring before the file's step has started (even as it is being set)."""
    status = main(["check", str(REPORT), "--time-budget", seconds, "--jobs", "1", "--format", "json"])
    assert status == EXIT_FINDINGS
    assert _findings(capsys) == [("unreadable-input", "over-budget:seconds")]


def test_lint_many_with_a_tiny_time_budget_reports_the_file() -> None:
    audit = govlint.lint_many([REPORT], jobs=1, time_budget=1e-9)
    assert audit.findings[["rule", "actual"]].values.tolist() == [["unreadable-input", "over-budget:seconds"]]


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_budget", -5.0), ("time_budget", math.nan), ("time_budget", math.inf), ("memory_budget", 0.5)],
)
def test_a_config_made_in_python_checks_its_budgets(field: str, value: float) -> None:
    with pytest.raises(ConfigError):
        govlint.Config(**{field: value})


@pytest.mark.parametrize("key", ["", " ", 1])
def test_a_severity_for_no_rule_is_refused(key: object) -> None:
    """An empty key would be the prefix of every rule, and set them all."""
    with pytest.raises(ConfigError):
        govlint.lint_text(REPORT.read_text(encoding="utf-8"), severity={key: "info"})


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe nobody writes to: opening it for reading blocks. Should a reader open it
    after all, after a while a writer comes whenever one waits, and closes at once: each read
    gets an empty file, and the test fails instead of hanging."""
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)

    def unblock() -> None:
        time.sleep(20)
        for _ in range(1200):
            with contextlib.suppress(OSError):  # no reader waiting: nothing to unblock
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            time.sleep(0.5)

    threading.Thread(target=unblock, daemon=True).start()
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("flag", ["--config", "--regions", "--aliases"])
def test_a_settings_or_table_file_that_is_a_pipe_is_refused_unopened(
    flag: str, fifo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if flag == "--config":
        command = ["check", str(REPORT), "--config", str(fifo)]
    else:
        command = ["audit", str(REPORT), "--out", str(tmp_path / "audit"), flag, str(fifo), "-q", "--jobs", "1"]
    assert main(command) == EXIT_USAGE
    assert str(fifo) in capsys.readouterr().err
    assert not (tmp_path / "audit").exists()


def test_an_empty_path_is_no_file_not_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``govlint check "$UNSET" --fix`` must not rewrite every report under the working folder."""
    (tmp_path / "2022年报.txt").write_bytes(REPORT.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["check", "", "--format", "json"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and "''" in captured.err
    with pytest.warns(UserWarning):
        assert len(govlint.lint_many("").findings) == 0


def test_a_document_whose_source_is_too_long_for_a_file_name_is_linted() -> None:
    """A title used as the source label is no file: its settings are the defaults."""
    text = REPORT.read_text(encoding="utf-8")
    long = govlint.parse_text(text, source="报告-" + "很长的标题" * 60 + ".txt")  # over 255 bytes
    seen = [(f.rule, f.location.line, f.actual) for f in govlint.lint(long).findings]
    assert seen == [(f.rule, f.location.line, f.actual) for f in govlint.lint(govlint.parse_text(text)).findings]


@pytest.mark.parametrize(
    "flags",
    [
        ["--write-baseline", ""],
        ["--baseline", ""],
        ["--write-baseline", "{tmp}/base.json", "-o", "{tmp}/out.json"],
        ["--show-settings", "--write-baseline", "{tmp}/base.json"],  # settings are shown, nothing is linted
    ],
)
def test_baseline_flags_that_would_drop_something_in_silence_are_refused(flags: list[str], tmp_path: Path) -> None:
    """An empty path was skipped without a word, and --write-baseline never wrote -o's file."""
    args = [flag.format(tmp=tmp_path) for flag in flags]
    assert main(["check", str(REPORT), *args]) == EXIT_USAGE
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin", reason="a file name that is not UTF-8")
def test_messages_show_a_name_that_is_not_utf8_as_findings_do(tmp_path: Path) -> None:
    """stderr, like every output, writes the name's bytes as \\xff, not as \\udcff."""
    (tmp_path / os.fsdecode(b"bad\xff\xfe.txt")).write_bytes(REPORT.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "govlint", "check", str(tmp_path), "--diff", "--jobs", "1"],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert b"bad\\xff\\xfe.txt: not fixing" in done.stderr
    assert b"\\udc" not in done.stdout + done.stderr


def test_a_config_made_in_python_reads_its_settings_as_a_file_would() -> None:
    """A string is one code or pattern, a severity may be text, as in a settings file."""
    config = govlint.Config(
        select="GL3", ignore="blank-cell", fail_on="info", severity={"GL1": "error"}, per_file_ignores={"*.md": "GL1"}
    )
    assert (config.select, config.ignore, config.fail_on) == (("GL3",), ("blank-cell",), govlint.Severity.INFO)
    assert config.severity == {"GL1": govlint.Severity.ERROR}
    assert config.per_file_ignores == {"*.md": ("GL1",)}
    text = REPORT.read_text(encoding="utf-8")
    assert (
        govlint.lint_text(text, config=config).findings
        == govlint.lint_text(text, select=["GL3"], ignore=["blank-cell"]).findings
    )


@pytest.mark.parametrize(
    "settings",
    [
        {"select": 5},
        {"fail_on": "fatal"},
        {"options": {"blank-cell": {1: 2}}},
        {"options": {1: {}}},
        {"options": {"blank-cell": 3}},
        {"per_file_ignores": {"[z-a].txt": ["GL1"]}},
        {"per_file_ignores": {1: ["GL1"]}},
        {"exclude": ["[z-a]"]},
        {"extend_exclude": "[[:alpha:]]"},  # a POSIX class pathspec would read as another set
    ],
)
def test_a_config_made_in_python_refuses_what_a_settings_file_may_not_say(settings: dict[str, object]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # refused, not a warning let through
        with pytest.raises(ConfigError):
            govlint.Config(**settings)  # type: ignore[arg-type]


@pytest.mark.parametrize("pattern", ["[z-a].txt", "[[:alpha:]].txt"])
def test_a_bad_per_file_glob_is_refused_naming_its_settings_file(
    pattern: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    settings = tmp_path / "govlint.toml"
    settings.write_text(f'[per-file-ignores]\n"{pattern}" = ["GL101"]\n', encoding="utf-8")
    assert main(["check", str(report)]) == EXIT_USAGE
    assert str(settings) in capsys.readouterr().err


def test_a_folder_is_no_report_to_parse_nor_a_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    with pytest.raises(IsADirectoryError):
        govlint.parse(folder)
    assert main(["parse", str(folder)]) == EXIT_USAGE
    assert main(["check", str(REPORT), "--baseline", str(folder)]) == EXIT_USAGE
    assert main(["check", str(REPORT), "--write-baseline", str(folder)]) == EXIT_USAGE
    assert folder.is_dir() and not list(folder.iterdir())
    assert capsys.readouterr().out == ""  # refused before anything is printed


def test_a_file_not_read_is_reported_whatever_rules_are_selected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--select GL3`` chooses what to check in a report, not whether an empty file or one over
    its budget may pass as clean; only an explicit ignore turns ``unreadable-input`` off."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    assert main(["check", str(empty), str(report), "--select", "GL3", "--format", "json", "-q"]) == EXIT_FINDINGS
    assert [(f["path"], f["rule"]) for f in json.loads(capsys.readouterr().out)] == [(str(empty), "unreadable-input")]
    audit = govlint.lint_many([empty], jobs=1, select=["GL3"])
    assert audit.findings["rule"].tolist() == ["unreadable-input"]
    assert main(["check", str(empty), "--select", "GL3", "--ignore", "GL001", "-q"]) == 0


@pytest.mark.parametrize("fmt", ["sarif", "junit", "jsonl", "github"])
def test_statistics_in_a_format_it_has_no_form_in_is_refused(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """It printed the JSON array: no valid SARIF, XML, JSON lines or workflow commands."""
    assert main(["check", str(REPORT), "--statistics", "--format", fmt]) == EXIT_USAGE
    assert capsys.readouterr().out == ""


def test_a_bad_option_is_refused_naming_it_even_for_a_rule_not_selected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    settings = tmp_path / "govlint.toml"
    settings.write_text('[options.late-publication]\ndepartment-deadline = "02-30"\n', encoding="utf-8")
    for flags in ([], ["--select", "GL3"]):  # late-publication is GL4: it did not run, and nothing was said
        assert main(["check", str(report), *flags]) == EXIT_USAGE
        err = capsys.readouterr().err
        assert str(settings) in err and "department-deadline" in err


def test_a_config_made_in_python_takes_any_collection_of_codes_or_paths() -> None:
    """A set, a generator, paths; and a glob with a literal [ (Python warns of a nested set)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        config = govlint.Config(
            select={"GL1"},
            ignore=(c for c in ["GL104"]),
            exclude=(Path("build"), "*[[]*"),
            per_file_ignores={Path("drafts/*.txt"): ["GL1"]},
        )
    assert (config.select, config.ignore, config.exclude) == (("GL1",), ("GL104",), ("build", "*[[]*"))
    assert config.per_file_ignores == {"drafts/*.txt": ("GL1",)}
