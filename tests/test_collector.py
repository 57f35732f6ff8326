"""The collector around govlint's imports and in the command line's own process
(govlint.collector): a program that imports govlint keeps its collector as it was."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from govlint import cli, collector, frames
from govlint.engine.workers import Job, Outcome, lint_files


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return done.stdout.split()[-1]


def test_importing_govlint_leaves_the_collector_on_and_nothing_frozen() -> None:
    code = "import gc, govlint, govlint.cli; print(f'{gc.isenabled()}:{gc.get_freeze_count()}')"
    assert _python(code) == "True:0"


def test_importing_govlint_leaves_a_collector_that_was_off_off() -> None:
    assert _python("import gc; gc.disable(); import govlint.cli; print(gc.isenabled())") == "False"


def test_the_program_freezes_what_it_loaded() -> None:
    code = (
        "import gc, sys; from govlint.cli import program; sys.argv = ['govlint', 'rules']; program(); "
        "print(gc.get_freeze_count())"
    )
    assert int(_python(code)) > 10_000  # the imported modules, templates and rules


def test_main_without_arguments_leaves_the_collector_alone() -> None:
    code = "import gc, sys; from govlint.cli import main; sys.argv = ['govlint', 'rules']; main(); print(gc.get_freeze_count())"
    assert _python(code) == "0"


def test_main_with_arguments_leaves_the_collector_alone(capsys: pytest.CaptureFixture[str]) -> None:
    frozen = gc.get_freeze_count()
    assert cli.main(["rules"]) == cli.EXIT_OK
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_restores_the_collector_even_when_the_block_fails(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(ZeroDivisionError), collector.paused():
            assert not gc.isenabled()
            1 / 0  # noqa: B018
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_spared_skips_what_existed_and_gives_it_back() -> None:
    assert gc.get_freeze_count() == 0  # the test process owns no frozen objects
    garbage = _Cycle()
    ref = weakref.ref(garbage)
    del garbage
    with collector.spared():
        assert gc.get_freeze_count() > 0
        gc.collect()
        assert ref() is not None  # frozen: skipped by the collection
        made = _Cycle()
        made_ref = weakref.ref(made)
        del made
        gc.collect()
        assert made_ref() is None  # what the block makes is collected as usual
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert ref() is None


def test_spared_leaves_objects_frozen_by_their_owner_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector.spared():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_lint_many_spares_the_collector_during_its_run_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "a.txt"
    report.write_text("一、总体情况\n本年度收到申请十二件。\n", encoding="utf-8")
    seen: list[int] = []

    def watched(*args: object) -> Iterator[Outcome]:
        for outcome in lint_files(*args):  # type: ignore[arg-type]
            seen.append(gc.get_freeze_count())
            yield outcome

    monkeypatch.setattr(frames, "lint_files", watched)
    audit = frames.lint_many([str(report)], jobs=1)
    assert len(audit.results) == 1
    assert seen and all(count > 0 for count in seen)
    assert gc.get_freeze_count() == 0


class _Holder:
    def __init__(self) -> None:
        self.me = self


def test_a_run_abandoned_in_a_cycle_is_collected_and_freezes_nothing(tmp_path: Path) -> None:
    report = tmp_path / "a.txt"
    report.write_text("一、总体情况\n", encoding="utf-8")
    holder = _Holder()
    holder.run = lint_files([str(report), str(report)], Job(), 1)  # type: ignore[attr-defined]
    next(holder.run)  # type: ignore[attr-defined]
    gone = weakref.ref(holder)
    del holder
    gc.collect()
    assert gone() is None  # collected: its workers are stopped as the run is closed
    assert gc.get_freeze_count() == 0
