"""The findings every seed must and must not produce (tests/data/seeds.json).

Entries for rules that are not implemented yet (GL0 extraction, GL4, GL5) are skipped, so
this test grows with the rule set; it never passes an entry by ignoring a registered rule.
"""

from __future__ import annotations

import json

import pytest

import govlint
from govlint.engine.runner import builtin_registry
from govlint.model import Finding
from govlint.templates import normalize

from .conftest import DATA, REPORTS

TRUTH = json.loads((DATA / "seeds.json").read_text(encoding="utf-8"))["seeds"]
TABLES = {"二": "active_disclosure", "三": "applications", "四": "review_litigation"}
REGISTERED = {rule.meta.name for rule in builtin_registry()}


def _matches(finding: Finding, want: dict) -> bool:
    loc = finding.location
    if finding.rule != want["rule"]:
        return False
    if "line" in want and (loc.line is None or abs(loc.line - want["line"]) > 1):
        return False
    if "table" in want and loc.table != TABLES[want["table"]]:
        return False
    if "row" in want and normalize(loc.row or "") != normalize(want["row"]):
        return False
    return "section" not in want or loc.section == want["section"]


CASES = [
    pytest.param(
        name, want, id=f"{name[:3]}-{want['rule']}-{want.get('line', want.get('table', want.get('section', '')))}"
    )
    for name, truth in sorted(TRUTH.items())
    for want in truth["must_find"]
    if want["rule"] in REGISTERED
]


@pytest.fixture(scope="module")
def results() -> dict[str, govlint.LintResult]:
    return {name: govlint.lint(REPORTS / name) for name in TRUTH}


@pytest.mark.parametrize(("name", "want"), CASES)
def test_must_find(results: dict[str, govlint.LintResult], name: str, want: dict) -> None:
    found = results[name].findings
    assert any(_matches(f, want) for f in found), [(f.rule, f.location.line, f.location.table) for f in found]


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_must_not_find(results: dict[str, govlint.LintResult], name: str) -> None:
    quiet = set(TRUTH[name]["must_not_find"]) & REGISTERED
    assert [(f.rule, f.location.line, f.message_en) for f in results[name].findings if f.rule in quiet] == []


def test_the_seed_entries_cover_the_implemented_families() -> None:
    """At least the GL1–GL3 entries are checked: they are all implemented."""
    gl13 = {w["rule"] for t in TRUTH.values() for w in t["must_find"]} - {
        "page-chrome", "conversion-artifact", "extraction-damage", "late-publication",
    }  # fmt: skip
    assert gl13 <= REGISTERED
