"""The collector around govlint's imports and in the command line's own process
(govlint.collector): a program that imports govlint keeps its collector as it was."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from govlint import cli, collector
from govlint.engine.workers import Job, lint_files


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return done.stdout.split()[-1]


def test_importing_govlint_leaves_the_collector_on_and_nothing_frozen() -> None:
    code = "import gc, govlint, govlint.cli; print(f'{gc.isenabled()}:{gc.get_freeze_count()}')"
    assert _python(code) == "True:0"


def test_importing_govlint_leaves_a_collector_that_was_off_off() -> None:
    assert _python("import gc; gc.disable(); import govlint.cli; print(gc.isenabled())") == "False"


def test_the_command_line_in_its_own_process_freezes_what_it_loaded() -> None:
    code = "import gc, sys; from govlint.cli import main; sys.argv = ['govlint', 'rules']; main(); print(gc.get_freeze_count())"
    assert int(_python(code)) > 10_000  # the imported modules, templates and rules


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


def test_a_run_over_files_gives_the_collector_back_what_it_froze(tmp_path: Path) -> None:
    report = tmp_path / "a.txt"
    report.write_text("一、总体情况\n本年度收到申请十二件。\n", encoding="utf-8")
    outcomes = list(lint_files([str(report)], Job(), 1))
    assert [o.path for o in outcomes] == [str(report)]
    assert gc.get_freeze_count() == 0
