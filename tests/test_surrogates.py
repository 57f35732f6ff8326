"""Lone surrogates in text made in Python (``errors="surrogateescape"`` makes one of each byte
that is not text) are read as U+FFFD, as an undecodable byte of a file is: no rule crashes on
them and no cell holds one."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint
from govlint.engine import runner
from govlint.model.result import LintResult

from .conftest import REPORTS

SAMPLE = REPORTS / "003_32c7538ebe09f062.txt"


@functools.cache
def _sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_rule_crashes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A rule that raises fails the test instead of becoming a finding."""

    def crashed(code: str, name: str, path: str, exc: Exception) -> Any:
        raise AssertionError(f"rule {name} crashed") from exc

    monkeypatch.setattr(runner, "crashed", crashed)
    yield


def _seen(result: LintResult) -> list[tuple[Any, ...]]:
    return [
        (f.rule, f.location.table, f.location.row, f.location.col, f.location.line, repr(f.actual), f.fingerprint)
        for f in result.findings
    ]


def test_a_cell_holding_a_lone_surrogate_is_an_invalid_number_of_that_cell() -> None:
    text = _sample()
    label = "一、本年新收政府信息公开申请数量"
    at = text.index("| ", text.index(label)) + 2  # its first cell: 自然人
    assert text[at] == "1"
    result = govlint.lint_text(text[:at] + "\udc80" + text[at + 1 :])
    invalid = [f for f in result.findings if f.rule == "invalid-number"]
    assert [(f.location.table, f.location.row, f.location.col, f.actual) for f in invalid] == [
        ("applications", "一、本年新收政府信息公开申请数量", "自然人", "\ufffd")
    ]


@settings(max_examples=25)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0xD800, 0xDFFF)), min_size=1, max_size=4))
def test_lone_surrogates_read_as_the_replacement_character(places: list[tuple[int, int]]) -> None:
    chars = list(_sample())
    replaced = list(chars)
    for at, code in places:
        chars[at % len(chars)] = chr(code)
        replaced[at % len(chars)] = "\ufffd"
    document = govlint.parse_text("".join(chars))
    for table in document.tables.values():  # encoding raises on a surrogate
        for cell in table:
            cell.raw.encode("utf-8")
        for extra in table.extra_rows:
            "".join((extra.label, *extra.cells)).encode("utf-8")
    "\n".join(document.lines).encode("utf-8")
    assert _seen(govlint.lint(document)) == _seen(govlint.lint_text("".join(replaced)))
