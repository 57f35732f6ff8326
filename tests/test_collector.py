"""The collector around govlint's imports and in the command line's own process
(govlint.collector): a program that imports govlint keeps its collector as it was."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from govlint import cli, collector


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
