"""What a run may write, and how it ends, when something goes wrong around it (issue #15).

A run that cannot read all of its inputs writes nothing the user owns; a console that is not
UTF-8 never crashes the machine formats; an internal error has its own exit status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import govlint.cli
from govlint.cli import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_USAGE, main

from .conftest import REPORTS

SEED = REPORTS / "000_18b1a800694c3a55.txt"


def _baseline(tmp_path: Path) -> tuple[Path, bytes]:
    report = tmp_path / "reports" / SEED.name
    report.parent.mkdir()
    report.write_bytes(SEED.read_bytes())
    file = tmp_path / "govlint-baseline.json"
    assert main(["check", str(report.parent), "--write-baseline", str(file)]) == 0
    return file, file.read_bytes()


@pytest.mark.parametrize("extra", [[], ["reports"]], ids=["only the typo", "the typo beside a good folder"])
def test_a_mistyped_folder_leaves_the_baseline_as_it_was(
    tmp_path: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    file, before = _baseline(tmp_path)
    assert json.loads(before)["waivers"]  # a real baseline with waivers
    paths = [str(tmp_path / "reportz"), *(str(tmp_path / e) for e in extra)]
    assert main(["check", *paths, "--write-baseline", str(file)]) == EXIT_USAGE
    assert file.read_bytes() == before
    assert "reportz" in capsys.readouterr().err


def test_an_unreadable_input_stops_fixes_before_any_file_is_changed(tmp_path: Path) -> None:
    fixable = tmp_path / SEED.name
    fixable.write_bytes(SEED.read_bytes())
    before = fixable.read_bytes()
    assert main(["check", str(fixable), str(tmp_path / "missing.txt"), "--fix"]) == EXIT_USAGE
    assert fixable.read_bytes() == before


def _cli(*args: str, encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "govlint", *args], capture_output=True, env=env, check=False)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "junit", "github"])
def test_machine_formats_are_utf8_on_a_cp1252_console(fmt: str) -> None:
    done = _cli("check", str(SEED), "--format", fmt, encoding="cp1252")
    assert done.returncode == EXIT_FINDINGS, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode("utf-8")  # UTF-8, whatever the console
    assert "行" in text or "\\u" in text  # Chinese messages, as UTF-8 or JSON escapes
    if fmt in ("json", "sarif"):
        json.loads(text)


def test_text_output_degrades_on_a_cp1252_console() -> None:
    done = _cli("check", str(SEED), encoding="cp1252")
    assert done.returncode == EXIT_FINDINGS
    assert b"Traceback" not in done.stderr
    assert b"GL005 page-chrome" in done.stdout


def test_output_file_is_utf8_whatever_the_console(tmp_path: Path) -> None:
    target = tmp_path / "govlint.sarif"
    done = _cli("check", str(SEED), "--format", "sarif", "-o", str(target), encoding="cp1252")
    assert done.returncode == EXIT_FINDINGS
    assert done.stdout == b""
    utf8 = _cli("check", str(SEED), "--format", "sarif", encoding="utf-8").stdout
    assert target.read_bytes() == utf8


def test_an_internal_error_has_its_own_exit_status(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(govlint.cli, "_check_command", broken)
    assert main(["check", str(SEED)]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "internal error" in err
    assert "RuntimeError: a bug" in err


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_parse_data_formats_are_utf8_on_an_ascii_console(fmt: str) -> None:
    """The cells are data: escaped for the console, a CSV would hold ``\\u89c4\\u7ae0``."""
    done = _cli("parse", str(SEED), "--format", fmt, encoding="ascii")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    utf8 = _cli("parse", str(SEED), "--format", fmt, encoding="utf-8")
    assert done.stdout == utf8.stdout
    assert not done.stdout.decode("utf-8").isascii() and b"\\u" not in done.stdout


def _to_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """``govlint ARGS | head -0``: standard output is a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        command = [sys.executable, "-m", "govlint", *args]
        return subprocess.run(command, stdout=write, stderr=subprocess.PIPE, check=False, timeout=300)
    finally:
        os.close(write)


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("check", str(SEED)), EXIT_FINDINGS),  # every file linted: the verdict stands
        (("check", str(SEED), "--select", "template-version"), 0),
        (("check", str(SEED), "--format", "json"), EXIT_FINDINGS),
        (("check", str(SEED.parent)), EXIT_FINDINGS),  # cut short while files were still linted
        (("rules",), 0),
        (("check", str(SEED), "--exit-zero"), 0),
        (("check", str(SEED.parent), "--exit-zero"), 0),
    ],
)
def test_a_reader_that_goes_away_is_no_error(args: tuple[str, ...], status: int) -> None:
    done = _to_closed_pipe(*args)
    assert done.returncode == status, done.stderr.decode("utf-8", "replace")
    assert done.stderr.count(b"\n") <= 1 and b"cannot write" not in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full: a device whose writes find the disk full")
@pytest.mark.parametrize(
    "args",
    [("check", str(SEED)), ("check", str(SEED), "--format", "json"), ("check", str(SEED), "--diff"), ("rules",)],
)
def test_standard_output_on_a_full_disk_is_a_clear_refusal(args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "govlint", *args], stdout=full, stderr=subprocess.PIPE, check=False
        )
    assert done.returncode == EXIT_USAGE, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr and b"standard output" in done.stderr


@pytest.mark.skipif(os.name != "posix", reason="a shell that closes standard output")
def test_standard_output_closed_is_a_clear_refusal() -> None:
    command = ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "govlint", "check", str(SEED)]
    done = subprocess.run(command, stderr=subprocess.PIPE, check=False)
    assert done.returncode == EXIT_USAGE, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr


@pytest.mark.skipif(os.name != "posix", reason="a shell that closes standard output")
def test_standard_output_closed_is_no_matter_when_the_findings_go_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "findings.json"
    command = ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "govlint", "check", str(SEED)]
    done = subprocess.run([*command, "--format", "json", "-o", str(target)], stderr=subprocess.PIPE, check=False)
    assert done.returncode == EXIT_FINDINGS, done.stderr.decode("utf-8", "replace")
    assert json.loads(target.read_text(encoding="utf-8"))
