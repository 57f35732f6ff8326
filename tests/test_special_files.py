"""Only regular files are read or written (issue #18, in part): a FIFO or a device given as a
report or a baseline is refused with a message, never read without end or blocked on, and
never replaced with a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import govlint
from govlint.cli import EXIT_FINDINGS, EXIT_USAGE, main

from .conftest import REPORTS

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
SEED = REPORTS / "003_32c7538ebe09f062.txt"


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    os.mkfifo(path)  # opening it to read would block until a writer comes
    return path


def test_a_fifo_or_a_device_is_an_unreadable_input(fifo: Path) -> None:
    for path in (fifo, Path("/dev/zero")):
        if not path.exists():
            continue
        document = govlint.parse(path)
        assert [n.code for n in document.notes] == ["unreadable"]
        assert [f.rule for f in govlint.lint(document).findings] == ["unreadable-input"]


def test_a_fifo_in_a_folder_does_not_block_the_run(fifo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(fifo.parent)]) in (0, EXIT_FINDINGS)


def test_a_fifo_is_no_baseline_to_read_or_to_write(fifo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED), "--baseline", str(fifo)]) == EXIT_USAGE
    assert main(["check", str(SEED), "--write-baseline", str(fifo)]) == EXIT_USAGE
    assert fifo.is_fifo()  # not replaced with a regular file
    assert "not a regular file" in capsys.readouterr().err
