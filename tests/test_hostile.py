"""The hostile corpus (issue #18) through ``govlint check``: refused with a message, never a crash.

Each case of ``tests/hostile/manifest.toml`` is checked in a folder of its own, by ``govlint
check --format json`` in a subprocess (so a memory bomb costs the child, not the test run) with
a timeout and an address-space limit, and asserts: the expected outcome, no traceback on stderr,
an exit code in {0, 1, 2} (never 3, "internal error"), nothing written in the folder, a peak
memory within the budget. The file is then parsed in-process within a generous time bound.

Cases that fail today carry the branch that fixes them (``pytest.mark.xfail(strict=True)``);
the marks go when the branch is merged.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import govlint
from govlint.budget import DEFAULT, NAMES, MiB

from .conftest import REPORTS, ROOT
from .hostilegen import CLASSES, HOSTILE, MANIFEST, RECIPES, STORED_LIMIT, Case, cases

SEED = REPORTS / "003_32c7538ebe09f062.txt"
# Time: the file's budget, and a margin for starting Python and importing pandas on a busy machine.
TIMEOUT = DEFAULT.seconds + 5
# Memory: the budget beyond what the process needs to start (about 160 MB resident).
PEAK = DEFAULT.memory + 256 * MiB
# Address space of the child: its own (about 1.5 GB mapped after importing numpy and pandas)
# plus the budget, so that a memory bomb fails fast in the child instead of swapping the machine.
# One BLAS thread: numpy's math libraries map buffers per core, which would make the child's own
# share depend on the machine.
ADDRESS_SPACE = 3 * 1024 * MiB
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
FIXED_ON = {
    "regex": "fixed on branch regex",
    "parsehostile": "fixed on branch parsehostile",
    "pdfium": "fixed on branch pdfium",
    "fixes": "fixed on branch fixes",
    "nobody": "not fixed yet: no branch owns it (see the fuzz report, issue #18)",
}
CASES = cases()


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=FIXED_ON[case.xfail])] if case.xfail else []
    return pytest.param(case, id=f"{case.klass}-{case.name}", marks=marks)


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_check(args: list[str], cwd: Path, timeout: float) -> tuple[int | None, bytes, bytes, float, int]:
    """``govlint check`` in a child process: (exit code or None on timeout, stdout, stderr,
    wall seconds, peak resident bytes of the child)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0", **ONE_THREAD}
    out, err = cwd.parent / f"{cwd.name}.out", cwd.parent / f"{cwd.name}.err"  # outside the folder watched
    start = time.monotonic()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "govlint", "check", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            preexec_fn=_limit_address_space if sys.platform.startswith("linux") else None,
        )
        code: int | None = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - start > timeout:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        child.returncode = code if code is not None else -9  # reaped here: Popen must not wait again
    elapsed = time.monotonic() - start
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return code, out.read_bytes(), err.read_bytes(), elapsed, peak


def _outcomes(findings: list[dict[str, Any]]) -> set[str]:
    """What the findings of a file amount to, in the words of the manifest's ``expect``."""
    rules = {f["rule"] for f in findings}
    refusals = {str(f["actual"]) for f in findings if f["rule"] == "unreadable-input"}
    out = {"any", *refusals}
    if refusals:
        out.add("refused")
    elif "table-not-found" not in rules:
        out.add("report")
    return out


def _folder(case: Case, tmp_path: Path) -> tuple[Path, list[str]]:
    folder = tmp_path / "case"
    folder.mkdir()
    data = case.build()
    if case.role == "baseline":
        shutil.copy(SEED, folder / SEED.name)
        (folder / "baseline.json").write_bytes(data)
        return folder, ["--format", "json", "--baseline", "baseline.json", SEED.name]
    if case.role == "config":
        shutil.copy(SEED, folder / SEED.name)
        (folder / "govlint.toml").write_bytes(data)
        return folder, ["--format", "json", SEED.name]
    (folder / case.filename).write_bytes(data)
    return folder, ["--format", "json", case.filename]


@pytest.mark.parametrize("case", [_param(c) for c in CASES if not c.bench_only])
def test_hostile_file(case: Case, tmp_path: Path) -> None:
    folder, args = _folder(case, tmp_path)
    before = _listing(folder)
    code, out, err, elapsed, peak = run_check(args, folder, TIMEOUT)
    stderr = err.decode("utf-8", "replace")
    assert code is not None, f"over {TIMEOUT:g} s"
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-2_000:]
    assert code in (0, 1, 2), (code, stderr[-2_000:])
    assert _listing(folder) == before  # nothing written, nothing left behind
    assert elapsed <= TIMEOUT
    assert peak <= PEAK, f"peak {peak / MiB:.0f} MiB"
    if "message" in case.expect:
        assert code == 2 and stderr.strip().startswith("govlint:"), stderr[-2_000:]
        return
    assert code in (0, 1), stderr[-2_000:]
    findings = json.loads(out)
    assert set(case.expect) & _outcomes(findings), sorted({(f["rule"], str(f["actual"])[:60]) for f in findings})
    if case.finding is not None:
        assert case.finding in {f["rule"] for f in findings}
    if case.mentions is not None:
        assert any(case.mentions in f["message_en"].lower() for f in findings)
    _parse_in_process(folder / case.filename)


def _parse_in_process(path: Path) -> None:
    """The library call, as an application embedding govlint makes it: no raise, bounded time."""
    start = time.process_time()
    document = govlint.parse(path)
    result = govlint.lint(document)
    assert time.process_time() - start <= 3 * DEFAULT.seconds  # CPU time: generous, load-proof
    if not document.readable:
        assert "unreadable-input" in {f.rule for f in result.findings}


def test_the_manifest_covers_every_class_and_stored_file() -> None:
    assert {c.klass for c in CASES} == set(CLASSES)
    stored = {c.file for c in CASES if c.file is not None}
    on_disk = {p.name for p in HOSTILE.iterdir() if p != MANIFEST}
    assert stored == on_disk
    for case in CASES:
        assert (case.file is None) != (case.recipe is None), case.name
        assert case.recipe is None or case.recipe in RECIPES, case.name
        assert case.xfail is None or case.xfail in FIXED_ON, case.name
        budgets = {f"over-budget:{name}" for name in NAMES}
        assert set(case.expect) <= {"any", "report", "refused", "message", "unreadable", "not-a-report", *budgets}
    for name in stored:
        assert (HOSTILE / name).stat().st_size < STORED_LIMIT, name
