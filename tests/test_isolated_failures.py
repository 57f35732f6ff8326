"""One file that crashes govlint does not stop a batch (issue #18, in part): the other files are
linted and reported, the crash is named, and the exit status is 3, not 1 ("findings")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import govlint
import govlint.cli
import govlint.engine.workers
from govlint.cli import EXIT_INTERNAL, main

from .conftest import REPORTS


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for seed in sorted(REPORTS.glob("00[34]_*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    real = govlint.engine.workers.parse

    def parse(path: object) -> object:
        if "003_" in str(path):
            raise RuntimeError("a bug met on this file")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(govlint.engine.workers, "parse", parse)  # the workers are forked: they see it
    return tmp_path


def test_check_goes_on_past_a_file_that_crashes(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(batch), "--format", "json"]) == EXIT_INTERNAL
    captured = capsys.readouterr()
    assert "004_" in captured.out and "003_" not in captured.out  # the other file is reported
    assert "internal error on" in captured.err and "003_" in captured.err and "RuntimeError" in captured.err


def test_lint_many_goes_on_past_a_file_that_crashes(batch: Path) -> None:
    audit = govlint.lint_many(batch)
    assert [Path(r.path).name[:4] for r in audit] == ["004_"]
    assert len(audit.errors) == 1 and "003_" in audit.errors[0][0] and "RuntimeError" in audit.errors[0][1]


def test_export_past_a_file_that_crashes_is_an_internal_error(batch: Path, tmp_path: Path) -> None:
    """As check and audit: 3 is a bug in govlint, 2 a file that cannot be read."""
    target = tmp_path / "out" / "cells.csv"
    target.parent.mkdir()
    assert main(["export", str(batch), "--to", str(target)]) == EXIT_INTERNAL
    assert not target.exists()  # an export holds every report or none
