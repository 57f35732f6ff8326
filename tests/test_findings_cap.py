"""Findings are bounded (issue #18): at most ``findings_per_rule`` per rule and file, then one
finding counting the rest; no finding quotes more than the evidence window of a text."""

from __future__ import annotations

import govlint
from govlint.budget import DEFAULT, Budget, clip
from govlint.engine.context import Context
from govlint.engine.runner import _check, builtin_registry
from govlint.model import Severity

from .conftest import REPORTS

SEED = (REPORTS / "002_cf57586f910dba13.txt").read_text(encoding="utf-8")
CAP = DEFAULT.findings_per_rule


def _artifacts(text: str) -> list[govlint.Finding]:
    return [f for f in govlint.lint_text(text).findings if f.rule == "conversion-artifact"]


def test_findings_past_the_budget_are_counted_in_one_finding() -> None:
    line = "本机关<b>依法</b>公开" * 150  # 300 tags on one line
    findings = _artifacts(SEED + "\n" + line + "\n")
    listed, summary = findings[:-1], findings[-1]
    assert len(listed) == CAP
    assert [f.location.column for f in listed] == sorted(f.location.column or 0 for f in listed)  # as yielded
    assert {f.actual for f in listed} <= {"<b>", "</b>"}
    assert (summary.rule, summary.code, summary.location.line, summary.actual) == (
        "conversion-artifact",
        "GL004",
        None,
        100,
    )
    assert summary.severity == listed[0].severity


def test_findings_within_the_budget_have_no_summary() -> None:
    findings = _artifacts(SEED + "\n" + "本机关<b>依法</b>公开" * 20 + "\n")
    assert len(findings) == 40 and all(isinstance(f.actual, str) for f in findings)


def test_the_budget_is_the_runners() -> None:
    document = govlint.parse_text(SEED + "\n" + "<b>x</b>" * 10 + "\n")
    rule_class = builtin_registry().get("conversion-artifact")
    assert rule_class is not None
    rule = rule_class()
    ctx = Context(document, None, "GL004", "conversion-artifact", Severity.INFO, "x.txt")
    findings = _check(rule, document, ctx, Budget(findings_per_rule=3))
    assert [f.actual for f in findings] == ["<b>", "</b>", "<b>", 17]


def test_a_long_leftover_is_quoted_in_a_window() -> None:
    tag = '<span style="' + "color:red;" * 2000 + '">'
    (finding,) = _artifacts(SEED + "\n" + "正文" + tag + "正文\n")
    assert finding.actual == clip(tag) and len(finding.actual) < DEFAULT.evidence_chars + 30
    assert finding.actual.startswith('<span style="color:red;')
    assert len(finding.message) < DEFAULT.evidence_chars + 100 and finding.location.column == 3
    assert finding.fix is not None and finding.fix.old == tag  # the fix still deletes all of it


def test_long_texts_that_begin_alike_keep_distinct_fingerprints() -> None:
    tags = ['<span style="' + "color:red;" * 2000 + f'{n}">' for n in range(2)]
    findings = _artifacts(SEED + "\n" + "正文" + tags[0] + "正文\n正文" + tags[1] + "正文\n")
    assert len({f.fingerprint for f in findings}) == 2


def test_undecodable_runs_are_quoted_in_a_window() -> None:
    findings = govlint.lint_text(SEED + "\n正文" + "\ufffd" * 100_000 + "\n").findings
    (damage,) = [f for f in findings if f.rule == "extraction-damage" and "\ufffd" in f.actual[0]]
    assert len(damage.actual[0]) < DEFAULT.evidence_chars + 30 and len(damage.message) < DEFAULT.message_chars + 30
    assert damage.location.column == 3


def test_every_text_a_finding_quotes_is_clipped() -> None:
    ctx = Context(govlint.parse_text(SEED), None, "GL999", "any", Severity.INFO, "x.txt")
    finding = ctx.finding("问" * 5000, "m" * 5000, expected=("e" * 500, 3), actual=["a" * 500, ["b" * 500]])
    assert len(finding.message) <= DEFAULT.message_chars + 30 and len(finding.message_en) <= DEFAULT.message_chars + 30
    assert finding.expected == (clip("e" * 500), 3)
    assert finding.actual == [clip("a" * 500), [clip("b" * 500)]]
    assert clip("short") == "short"
