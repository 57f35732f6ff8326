"""Plain Python and the command line's small promises (issue #15): one-line reprs, ``str`` of a
result, typed keyword settings, a warning for a path that does not exist, standard input, and
a summary that counts the inputs that failed."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import govlint
from govlint.cli import EXIT_FINDINGS, EXIT_USAGE, main
from govlint.frames import MissingPathWarning

from .conftest import REPORTS

SEED = REPORTS / "003_32c7538ebe09f062.txt"


def test_reprs_are_one_short_line() -> None:
    result = govlint.lint(SEED)
    document = govlint.parse(SEED)
    audit = govlint.lint_many(REPORTS)
    shown = [repr(result), repr(document), repr(document.tables["applications"]), repr(audit)]
    assert all("\n" not in r and len(r) < 300 for r in shown), shown
    assert repr(result) == f"LintResult({str(SEED)!r}, 4 findings: 1 error, 2 warning, 1 info)"
    assert repr(document.tables["applications"]) == "Table('applications', 表三, 175 cells, 0 problems)"
    assert repr(audit) == f"Audit(5 reports, {len(audit.findings)} findings, 0 errors)"


def test_str_of_a_result_is_what_check_prints(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED)]) == EXIT_FINDINGS
    assert str(govlint.lint(SEED)) == capsys.readouterr().out


@pytest.mark.parametrize("call", ["lint", "lint_text", "lint_many"])
def test_a_misspelt_setting_is_a_type_error_naming_the_closest(call: str) -> None:
    target = SEED.read_text(encoding="utf-8") if call == "lint_text" else SEED
    with pytest.raises(TypeError, match=r"'selet'.*'select'"):
        getattr(govlint, call)(target, selet=["GL1"])


def test_lint_many_warns_of_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.warns(MissingPathWarning, match="no-such-folder"):
        audit = govlint.lint_many(tmp_path / "no-such-folder")
    assert [p for p, _ in audit.errors] == [str(tmp_path / "no-such-folder")]


def test_lint_many_given_documents_says_what_it_takes() -> None:
    """A notebook user passes the Documents they parsed: a TypeError naming what was given and
    what lints a Document, not an error from deep inside the file system calls."""
    document = govlint.parse(SEED)
    with pytest.raises(TypeError, match=r"got Document.*govlint\.lint\(document\)"):
        govlint.lint_many([document])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="got int"):
        govlint.lint_many([SEED, 3])  # type: ignore[list-item]


def test_standard_input_with_a_file_name_for_settings_and_places(tmp_path: Path) -> None:
    (tmp_path / "govlint.toml").write_text('ignore = ["late-publication"]\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "govlint", "check", "-", "--stdin-filename", str(tmp_path / "r.txt")],
        input=SEED.read_bytes(),
        capture_output=True,
        check=False,
    )
    out = done.stdout.decode("utf-8")
    assert done.returncode == EXIT_FINDINGS
    assert f"{tmp_path / 'r.txt'}:" in out  # places name the file given
    assert "late-publication" not in out  # the settings beside that name apply


def test_standard_input_is_not_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED.read_bytes())))
    assert main(["check", "-", "--fix"]) == EXIT_USAGE


def test_the_summary_counts_the_inputs_that_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.txt")]) == EXIT_USAGE
    out = capsys.readouterr().out
    assert "1 input(s) could not be read" in out
    assert out.strip() != "No findings in 0 file(s)."


def test_text_with_a_lone_surrogate_is_linted() -> None:
    """Text handed over from Python (never a file read) may hold a lone surrogate: it is read as
    U+FFFD, as an undecodable byte of a file is, so the findings that quote it quote U+FFFD, it
    is reported as damage, and every finding gets its fingerprint."""
    text = (REPORTS / "000_18b1a800694c3a55.txt").read_text(encoding="utf-8").replace("规章", "规\ud800章", 1)
    result = govlint.lint_text(text)
    quoting = [f for f in result.findings if "\ufffd" in str(f.actual)]
    assert [(f.rule, f.location.table) for f in quoting] == [
        ("extraction-damage", None),
        ("extra-row", "active_disclosure"),
    ]
    assert all(len(f.fingerprint) == 16 for f in result.findings)
