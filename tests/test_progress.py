"""The progress bar of a folder run (issue #16): on a terminal's standard error only, never
taking the findings that go to a file or a pipe."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPORTS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal as standard error")


def _check(folder: Path, *flags: str, terminal: bool) -> tuple[bytes, bytes]:
    """Standard output of ``govlint check folder``, piped, and what reached standard error,
    which is a pseudo-terminal when ``terminal``."""
    import pty

    command = [sys.executable, "-m", "govlint", "check", str(folder), *flags]
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    if not terminal:
        done = subprocess.run(command, capture_output=True, env=env, check=False, timeout=300)
        return done.stdout, done.stderr
    main, side = pty.openpty()
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=side, env=env, check=False, timeout=300)
    finally:
        os.close(side)
    seen = b""
    try:
        while chunk := os.read(main, 65536):
            seen += chunk
    except OSError:  # the terminal's other side is closed: all was read
        pass
    finally:
        os.close(main)
    return done.stdout, seen


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("reports")
    for report in sorted(REPORTS.glob("*.txt"))[:3]:
        shutil.copy(report, target / report.name)
    return target


@pytest.mark.parametrize("flags", [(), ("--diff",), ("--show-fixes",)])
def test_findings_redirected_from_a_terminal_run_reach_the_file(folder: Path, flags: tuple[str, ...]) -> None:
    """With a bar on the terminal, ``check reports/ > findings.txt`` writes what it writes
    without one (rich would take standard output onto the terminal)."""
    piped, _ = _check(folder, *flags, terminal=False)
    redirected, terminal = _check(folder, *flags, terminal=True)
    assert b"files/s" in terminal  # the bar was shown
    assert redirected == piped and piped
