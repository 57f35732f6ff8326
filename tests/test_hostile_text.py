"""Hostile files that are not markup: over the size budget (issue #18)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import govlint
from govlint.budget import DEFAULT, Budget


def _unreadable(document: govlint.Document) -> list[object]:
    return [(f.rule, f.actual) for f in govlint.lint(document).findings]


def test_a_file_over_the_size_budget_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: nothing is written, nothing is read
        stream.truncate(DEFAULT.file_bytes + 1)
    assert _unreadable(govlint.parse(path)) == [("unreadable-input", "over-budget:file_bytes")]


def test_bytes_over_the_size_budget_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules["govlint.parse"], "DEFAULT", Budget(file_bytes=100))
    document = govlint.parse_bytes("二、主动公开政府信息情况\n".encode() * 10, "big.txt")
    assert _unreadable(document) == [("unreadable-input", "over-budget:file_bytes")]
