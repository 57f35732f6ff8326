"""Every rule's data-driven cases (tests/cases/<rule-name>.toml), run by one test.

A case names a ``base`` report (tests/cases/base-<format>.txt, which lints clean) and the
``replace`` edits that plant the defect, or gives the whole ``text``. ``[[case.expect]]``
entries are the findings of *that rule* it must report — matched by table, row, column,
line, section, severity and evidence (``null = ["expected"]`` for evidence that must be
empty), never by message — and a case without any must leave the rule quiet. A rule author adds a case without writing Python.

A corpus rule's case (GL6) gives several reports instead of one (tests/corpuscases.py); its
expected findings also match the report's ``path`` and the ``related`` reports' paths.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import govlint
from govlint.engine.runner import builtin_registry
from govlint.model import Finding

CASES = Path(__file__).resolve().parent / "cases"
_FIELDS = ("path", "table", "row", "col", "line", "section")


def load_case_text(case: dict[str, Any]) -> str:
    if "text" in case:
        return str(case["text"])
    text = (CASES / f"base-{case['base']}.txt").read_text(encoding="utf-8")
    for old, new in case.get("replace", []):
        assert text.count(old) == 1, f"replace target must occur exactly once: {old!r}"
        text = text.replace(old, new)
    return text


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            out.append(pytest.param(path.stem, case, id=f"{path.stem}: {case['name']}"))
    return out


def _matches(finding: Finding, want: dict[str, Any]) -> bool:
    loc = finding.location
    for key in _FIELDS:
        if key in want and getattr(loc, key) != want[key]:
            return False
    if "severity" in want and finding.severity.value != want["severity"]:
        return False
    if "cells" in want and [list(c) for c in finding.cells] != want["cells"]:
        return False
    if "related" in want and sorted({r.location.path for r in finding.related}) != sorted(want["related"]):
        return False
    evidence = finding.to_dict()
    if any(evidence[key] is not None for key in want.get("null", [])):
        return False
    return all(key not in want or evidence[key] == want[key] for key in ("expected", "actual"))


@pytest.mark.parametrize(("rule", "case"), _cases())
def test_case(rule: str, case: dict[str, Any]) -> None:
    found = run_case(rule, case)
    described = [
        (f.location.line, f.location.table, f.location.row, f.location.col, f.expected, f.actual) for f in found
    ]
    assert len(found) == len(case.get("expect", [])), described
    for want in case.get("expect", []):
        match = next((f for f in found if _matches(f, want)), None)
        assert match is not None, (want, described)
        found.remove(match)


def run_case(rule: str, case: dict[str, Any]) -> list[Finding]:
    """What ``rule`` reports for ``case``: one report linted, or a corpus of them audited."""
    from .corpuscases import is_corpus_case, run_corpus_case

    if is_corpus_case(case):
        return run_corpus_case(rule, case)
    return list(govlint.lint_text(load_case_text(case), select=[rule]).by_rule(rule))


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_the_base_reports_lint_clean(version: str) -> None:
    assert govlint.lint_text(load_case_text({"base": version})).findings == ()


def test_every_rule_has_cases_that_fire_and_cases_that_stay_quiet() -> None:
    missing = []
    for rule in builtin_registry():
        path = CASES / f"{rule.meta.name}.toml"
        cases = tomllib.loads(path.read_text(encoding="utf-8"))["case"] if path.exists() else []
        if not any(c.get("expect") for c in cases) or all(c.get("expect") for c in cases):
            missing.append(rule.meta.name)
    assert missing == []
