"""The rule registry, configuration and runner."""

from __future__ import annotations

import json
from collections.abc import Iterator

import attrs
import pytest

import govlint
from govlint.cli import main
from govlint.engine.config import Config
from govlint.engine.context import Context
from govlint.engine.registry import Registry, Rule, RuleMeta
from govlint.engine.runner import builtin_registry, run
from govlint.errors import ConfigError, PluginError
from govlint.model import Document, Finding, Severity
from govlint.model.result import FINDING_COLUMNS

from .conftest import REPORTS

SEED = REPORTS / "003_32c7538ebe09f062.txt"  # missing-title, missing-row, label-mismatch, late-publication
ROOT_CASES = REPORTS.parent.parent / "tests" / "cases"


def _rules(result: govlint.LintResult) -> list[str]:
    return sorted({f.rule for f in result.findings})


def test_every_rule_has_metadata_and_documentation() -> None:
    rules = list(builtin_registry())
    assert len({r.meta.code for r in rules}) == len(rules) == len({r.meta.name for r in rules})
    for rule in rules:
        assert rule.meta.code.startswith("GL") and rule.summary().endswith(".")
        assert len(rule.documentation().splitlines()) >= 1


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, ["label-mismatch", "late-publication", "missing-row", "missing-title"]),
        ({"select": ["GL2"]}, ["label-mismatch", "missing-row"]),
        ({"select": ["missing-title"]}, ["missing-title"]),
        ({"ignore": ["GL203", "GL107"]}, ["late-publication", "missing-row"]),
        ({"select": ["GL"], "ignore": ["label-mismatch", "GL5"]}, ["missing-row", "missing-title"]),
    ],
)
def test_select_and_ignore(overrides: dict, expected: list[str]) -> None:
    assert _rules(govlint.lint(SEED, **overrides)) == expected


def test_severity_override_and_fail_threshold() -> None:
    result = govlint.lint(SEED, severity={"missing-row": "info", "GL107": "info", "GL5": "info"})
    assert {f.rule: f.severity for f in result.findings} == {
        "missing-row": Severity.INFO, "missing-title": Severity.INFO, "label-mismatch": Severity.INFO,
        "late-publication": Severity.INFO,
    }  # fmt: skip
    assert result.ok  # nothing at or above warning
    assert not govlint.lint(SEED, severity={"missing-row": "info", "GL5": "info"}, fail_on="info").ok


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"select": ["no-such-rule"]}, "no-such-rule"),
        ({"ignore": ["GL9"]}, "GL9"),
        ({"severity": {"row-total": "fatal"}}, "fatal"),
        ({"options": {"row-total": {"tolerance": 1}}}, "tolerance"),
    ],
)
def test_bad_configuration_names_the_offender(overrides: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        govlint.lint(SEED, **overrides)


def test_pyproject_configuration_is_found_walking_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.govlint]\nignore = ["GL203", "GL5"]\nseverity = { missing-title = "error" }\n'
    )
    folder = tmp_path / "reports" / "2022"
    folder.mkdir(parents=True)
    report = folder / "r.txt"
    report.write_bytes(SEED.read_bytes())
    result = govlint.lint(report)
    assert _rules(result) == ["missing-row", "missing-title"]
    assert result.by_rule("missing-title")[0].severity == Severity.ERROR
    # keyword arguments override the file
    assert _rules(govlint.lint(report, select=["GL203"], ignore=["GL2"])) == []


def test_unknown_key_in_pyproject_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "pyproject.toml").write_text('[tool.govlint]\nselcet = ["GL1"]\n')
    report = tmp_path / "r.txt"
    report.write_bytes(SEED.read_bytes())
    with pytest.raises(ConfigError, match="selcet"):
        govlint.lint(report)


@attrs.frozen
class _Limit:
    limit: int = attrs.field(default=3, validator=attrs.validators.instance_of(int))


class _Crashes(Rule):
    """Always crashes."""

    meta = RuleMeta("GL901", "test-crash", Severity.WARNING)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        raise ZeroDivisionError("boom")


class _Counts(Rule):
    """Reports how many sections there are, up to ``limit``."""

    meta = RuleMeta("GL902", "test-count", Severity.INFO)
    Options = _Limit

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        yield ctx.finding("数", "count", actual=min(len(document.sections), self.options.limit))


def _registry() -> Registry:
    registry = Registry()
    registry.add(_Crashes)
    registry.add(_Counts)
    return registry


def test_a_crashing_rule_is_a_finding_and_the_run_goes_on() -> None:
    result = run(govlint.parse(SEED), Config(), _registry())
    crash = result.by_rule("test-crash")
    assert len(crash) == 1 and crash[0].severity == Severity.ERROR and "ZeroDivisionError" in crash[0].message_en
    assert result.by_rule("test-count")[0].actual == 3


def test_typed_options() -> None:
    registry = _registry()
    result = run(govlint.parse(SEED), Config(options={"test-count": {"limit": 10}}), registry)
    assert result.by_rule("test-count")[0].actual == 6
    with pytest.raises(ConfigError, match="bad option value"):
        run(govlint.parse(SEED), Config(options={"test-count": {"limit": "ten"}}), registry)


def test_registering_twice_is_refused() -> None:
    registry = _registry()
    clone = type("Clone", (_Counts,), {"meta": RuleMeta("GL902", "other-name", Severity.INFO)})
    with pytest.raises(PluginError, match="GL902"):
        registry.add(clone)


def test_unreadable_input_stops_the_other_rules() -> None:
    result = govlint.lint_text("")
    assert [f.rule for f in result.findings] == ["unreadable-input"]
    assert result.rules_run == ("unreadable-input",)


def test_result_dataframe_has_stable_columns() -> None:
    frame = govlint.lint(SEED).to_dataframe()
    assert tuple(frame.columns) == FINDING_COLUMNS
    assert set(frame["rule"]) == {"missing-title", "missing-row", "label-mismatch", "late-publication"}
    assert len(frame) == 4
    empty = govlint.lint(SEED, select=["GL3"]).to_dataframe()
    assert tuple(empty.columns) == FINDING_COLUMNS and empty.empty


def test_fingerprint_ignores_line_numbers() -> None:
    text = SEED.read_text(encoding="utf-8")
    a = govlint.lint_text(text).by_rule("missing-row")[0]
    b = govlint.lint_text("\n\n\n" + text).by_rule("missing-row")[0]
    assert a.location.line != b.location.line and a.fingerprint == b.fingerprint


# -- the command line ------------------------------------------------------------------------------


def test_check_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", str(SEED)]) == 1
    findings = json.loads(capsys.readouterr().out)
    required = {
        "path",
        "code",
        "rule",
        "severity",
        "message",
        "message_en",
        "line",
        "column",
        "section",
        "table",
        "row",
        "col",
        "expected",
        "actual",
        "fingerprint",
    }
    assert all(required <= set(f) for f in findings)
    row = next(f for f in findings if f["rule"] == "missing-row")
    assert (row["code"], row["section"], row["table"], row["row"]) == ("GL202", "二", "active_disclosure", "规章")


def test_check_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", str(SEED)]) == 1
    assert main(["check", "--ignore", "GL1,GL2,GL5", str(SEED)]) == 0
    assert main(["check", "--fail-on", "error", "--ignore", "GL202", str(SEED)]) == 0
    assert main(["check", "--select", "bogus", str(SEED)]) == 2
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    out = capsys.readouterr()
    assert "bogus" in out.err and "missing.txt" in out.err


def test_check_text_output_and_folders(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(REPORTS)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("Found") and "5 file(s)" in lines[-1]
    first = lines[0]
    path, line, col, rest = first.split(":", 3)
    assert path.endswith(".txt") and line.isdigit() and col.isdigit() and rest.split()[0].startswith("GL")


def test_rules_and_rule_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "GL301  row-total" in listing and "blank-cell" in listing
    assert main(["rule", "GL205"]) == 0
    doc = capsys.readouterr().out
    assert doc.startswith("GL205 blank-cell") and "fixable: yes" in doc
    assert main(["rule", "nope"]) == 2


def test_docs_list_every_rule() -> None:
    from .conftest import ROOT

    listed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert [r.meta.name for r in builtin_registry() if f"`{r.meta.name}`" not in listed] == []


def test_identities_evaluate_stacked_reports_like_single_ones() -> None:
    """The table checks run over the stacked cells of many reports at once, with the same verdicts."""
    import pandas as pd

    from govlint.rules.identities import document_cells, evaluate, inferred_blanks

    names = ["000_18b1a800694c3a55.txt", "002_cf57586f910dba13.txt", "003_32c7538ebe09f062.txt"]
    text = (REPORTS / names[2]).read_text(encoding="utf-8").replace("| (七)总计 | 1 |", "| (七)总计 | 2 |")
    docs = [govlint.parse(REPORTS / n) for n in names[:2]] + [govlint.parse_text(text, source="changed")]
    stacked, members = evaluate(pd.concat([document_cells(d) for d in docs], ignore_index=True), "2021")
    for doc in docs:
        alone, alone_members = evaluate(document_cells(doc), "2021")
        mine = stacked[stacked["doc"] == doc.source].reset_index(drop=True)
        assert mine[["check", "status", "difference"]].equals(alone[["check", "status", "difference"]])
        together = inferred_blanks(stacked, members)
        assert len(together[together["doc"] == doc.source]) == len(inferred_blanks(alone, alone_members))
    assert set(stacked[stacked["status"] == "mismatch"]["doc"]) == {"changed"}


def test_most_local_failure_first() -> None:
    text = (
        (ROOT_CASES / "base-2021.txt")
        .read_text(encoding="utf-8")
        .replace("（七）总计 0 0 0 0 0 0 0", "（七）总计 1 0 0 0 0 0 1")
    )
    rules = [f.rule for f in govlint.lint_text(text, select=["GL3"]).findings]
    assert rules == ["results-total", "results-total", "balance", "balance"]


def test_severity_by_family_prefix_and_options_by_rule_only() -> None:
    text = (
        (ROOT_CASES / "base-2021.txt")
        .read_text(encoding="utf-8")
        .replace("（七）总计 0 0 0 0 0 0 0", "（七）总计 1 0 0 0 0 0 1")
    )
    result = govlint.lint_text(text, select=["GL3"], severity={"GL3": "info", "balance": "warning"})
    assert {f.rule: f.severity.value for f in result.findings} == {"results-total": "info", "balance": "warning"}
    with pytest.raises(ConfigError, match="GL3"):
        govlint.lint_text(text, options={"GL3": {"x": 1}})


def test_rule_command_accepts_lower_case_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "gl301"]) == 0
    assert capsys.readouterr().out.startswith("GL301 row-total")


def test_schema_failures_name_their_check() -> None:
    from govlint.schemas import failures

    text = (ROOT_CASES / "base-2021.txt").read_text(encoding="utf-8").replace("规章 0 0 0", "规章 0 -1 1.5")
    doc = govlint.parse_text(text)
    bad = failures(list(doc.tables.values()), govlint.get_template("2021"))
    assert sorted(zip(bad["col_key"], bad["check"], strict=True)) == [
        ("in_force", "whole_number"),
        ("repealed", "non_negative"),
    ]
