"""``--diff`` shows only what changes (issue #15): one small hunk per change, as ``diff -u``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from govlint.cli import EXIT_FINDINGS, main

from .conftest import REPORTS

SEED = REPORTS / "000_18b1a800694c3a55.txt"


def test_each_label_fix_is_a_hunk_of_its_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.txt"
    report.write_bytes(SEED.read_bytes())
    assert main(["check", str(report), "--diff", "--select", "label-mismatch"]) == EXIT_FINDINGS
    diff = capsys.readouterr().out
    hunks = re.split(r"(?m)^@@ .* @@\n", diff)[1:]
    assert len(hunks) == 3  # 规范性文件, and 预期 twice, 16 lines apart
    for hunk in hunks:
        lines = hunk.splitlines()
        assert len(lines) == 8  # the changed line, before and after, and three lines of context each side
        assert sum(line.startswith("-") for line in lines) == 1
        assert sum(line.startswith("+") for line in lines) == 1


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch is not installed")
def test_the_diff_applies_to_what_fix_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    patched, fixed = tmp_path / "patched.txt", tmp_path / "fixed.txt"
    for path in (patched, fixed):
        path.write_bytes(SEED.read_bytes())
    main(["check", str(patched), "--diff"])
    diff = capsys.readouterr().out
    subprocess.run(["patch", "-s", str(patched)], input=diff.encode("utf-8"), check=True)
    main(["check", str(fixed), "--fix"])
    assert patched.read_bytes() == fixed.read_bytes()
