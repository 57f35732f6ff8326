"""What CI and teams use: output formats, statistics, exit codes, configuration files,
per-file ignores and baselines.

The SARIF schema in ``tests/data/sarif-schema-2.1.0.json`` is the OASIS SARIF 2.1.0 schema
(errata 01), as published with the standard.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govlint.cli import main

from .conftest import DATA, REPORTS

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
SEEDS = sorted(REPORTS.glob("*.txt"))
PDF = DATA / "corpus" / "hongze_district_2023.pdf"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, "--format", "json", *args)
    assert code in (0, 1)
    return list(json.loads(out))


# -- output formats -------------------------------------------------------------------------------


def test_sarif_validates_and_describes_every_result(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [*map(str, SEEDS), str(PDF)]
    code, out, _ = run(capsys, "--format", "sarif", *paths)
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"GL001", "GL301", "GL401", "GL501"}
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] for r in rules)
    expected = findings(capsys, *paths)
    results = sarif_run["results"]
    assert Counter((r["ruleId"], r["partialFingerprints"]["govlint/v1"]) for r in results) == Counter(
        (f["code"], f["fingerprint"]) for f in expected
    )
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        if uri.endswith(".txt"):
            assert location["physicalLocation"]["region"]["startLine"] >= 1
        else:  # a PDF has no lines: the page and line are in the properties
            assert "region" not in location["physicalLocation"]
            assert result["properties"]["where"].startswith("page ")
    table_results = [r for r in results if r["ruleId"] == "GL304"]
    assert table_results
    for result in table_results:
        (logical,) = result["locations"][0]["logicalLocations"]
        assert logical["fullyQualifiedName"].startswith("第四部分/表四/")


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "github", str(SEEDS[0]), str(PDF))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == len(findings(capsys, str(SEEDS[0]), str(PDF)))
    pattern = re.compile(
        r"^::(error|warning|notice) file=([^,:]+)(?:,line=(\d+)(?:,col=(\d+))?)?,title=(GL\d{3}) ([a-z-]+)::(.+)$"
    )
    for line in lines:
        m = pattern.match(line)
        assert m, line
        assert "\n" not in m[7] and "\r" not in m[7]
        if m[2].endswith(".pdf"):
            assert m[3] is None and m[7].startswith("[page ")
        else:
            assert m[3] is not None


def test_junit_xml(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "junit", "--fail-on", "error", str(SEEDS[0]), str(PDF))
    assert code == 1
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(SEEDS[0]), str(PDF)]
    every = findings(capsys, "--fail-on", "error", str(SEEDS[0]), str(PDF))
    for suite in suites:
        failing_rules = {f["rule"] for f in every if f["path"] == suite.get("name") and f["severity"] == "error"}
        failed = {case.get("name") for case in suite.findall("testcase") if case.find("failure") is not None}
        assert failed == failing_rules
        assert suite.get("failures") == str(len(failing_rules))
        assert int(suite.get("tests") or 0) == len(suite.findall("testcase")) > 20


def test_json_lines_match_the_array(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "jsonl", *map(str, SEEDS))
    streamed = [json.loads(line) for line in out.splitlines()]
    assert Counter(f["fingerprint"] for f in streamed) == Counter(
        f["fingerprint"] for f in findings(capsys, *map(str, SEEDS))
    )


def test_statistics_count_findings_per_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--statistics", *map(str, SEEDS))
    assert code == 1
    rows = [line.split() for line in out.splitlines()]
    per_rule = {row[2]: int(row[0]) for row in rows[:-1]}
    assert per_rule == dict(Counter(f["rule"] for f in findings(capsys, *map(str, SEEDS))))
    assert int(rows[-1][0]) == sum(per_rule.values())


def test_exit_zero_and_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(SEEDS[0]))[0] == 1
    assert run(capsys, "--exit-zero", str(SEEDS[0]))[0] == 0
    assert run(capsys, "--exit-zero", "--select", "no-such-rule", str(SEEDS[0]))[0] == 2  # misuse still fails
    assert run(capsys, "--select", "GL404", "--fail-on", "warning", str(SEEDS[2]))[0] == 0  # an info only


# -- configuration --------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "reports" / "old").mkdir(parents=True)
    shutil.copy(SEEDS[0], tmp_path / "reports" / "a.txt")
    shutil.copy(SEEDS[0], tmp_path / "reports" / "old" / "b.txt")
    return tmp_path


def test_govlint_toml_and_per_file_ignores(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text('[tool.govlint]\nselect = ["GL3"]\n', "utf-8")
    (project / "govlint.toml").write_text(
        'select = ["GL2"]\nextend-select = ["duplicate-heading"]\nfail-on = "error"\n'
        '[per-file-ignores]\n"reports/old/*" = ["blank-cell", "GL204"]\n'
        '[severity]\nblank-cell = "error"\n',
        "utf-8",
    )
    a = findings(capsys, str(project / "reports" / "a.txt"))
    b = findings(capsys, str(project / "reports" / "old" / "b.txt"))
    assert {f["code"][:3] for f in a} <= {"GL2", "GL1"} and "duplicate-heading" in {f["rule"] for f in a}
    assert {"blank-cell", "missing-cell"} <= {f["rule"] for f in a}
    assert all(f["severity"] == "error" for f in a if f["rule"] == "blank-cell")
    assert not {"blank-cell", "missing-cell"} & {f["rule"] for f in b}  # govlint.toml wins over pyproject
    assert {f["fingerprint"] for f in b} < {f["fingerprint"] for f in a}


def test_show_settings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "govlint.toml").write_text(
        'ignore = ["GL4"]\n[per-file-ignores]\n"old/*.txt" = ["page-chrome"]\n'
        '[options.late-publication]\ndepartment-deadline = "01-21"\n',
        "utf-8",
    )
    code, out, _ = run(capsys, "--show-settings", str(project / "reports" / "old" / "b.txt"))
    assert code == 0
    shown = json.loads(out)
    assert shown["config"] == str(project / "govlint.toml")
    assert shown["ignore"] == ["GL4"]
    assert shown["per-file-ignores matching this file"] == []  # the glob is relative to govlint.toml
    assert "prose-table-mismatch" not in shown["rules"] and "page-chrome" in shown["rules"]
    assert shown["rules"]["late-publication"]["options"]["department_deadline"] == "01-21"
    (project / "govlint.toml").write_text('[per-file-ignores]\n"reports/old/*.txt" = ["page-chrome"]\n', "utf-8")
    shown = json.loads(run(capsys, "--show-settings", str(project / "reports" / "old" / "b.txt"))[1])
    assert shown["per-file-ignores matching this file"] == ["reports/old/*.txt"]
    assert "page-chrome" not in shown["rules"]


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ("unknown-key = 1\n", "unknown-key"),
        ('[per-file-ignores]\n"*.txt" = ["no-such-rule"]\n', "no-such-rule"),
        ('per-file-ignores = ["GL1"]\n', "per-file-ignores"),
        ("select = [\n", "cannot read"),
        ("select = 5\n", "select must be a list"),
        ('severity = "error"\n', "severity must be a table"),
        ("[options]\nlate-publication = 5\n", "options for late-publication must be a table"),
        ('[per-file-ignores]\n"*.txt" = 5\n', "per-file-ignores"),
    ],
)
def test_bad_configuration_is_exit_2(project: Path, capsys: pytest.CaptureFixture[str], toml: str, named: str) -> None:
    (project / "govlint.toml").write_text(toml, "utf-8")
    code, _, err = run(capsys, str(project / "reports" / "a.txt"))
    assert code == 2 and named in err


# -- baselines ------------------------------------------------------------------------------------


def test_baseline_round_trip(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = project / "reports" / "a.txt"
    base = project / "govlint-baseline.json"
    before = findings(capsys, str(report))
    assert before
    code, _, err = run(capsys, "--write-baseline", str(base), str(report))
    assert code == 0 and f"wrote {len(before)} finding" in err
    recorded = json.loads(base.read_text("utf-8"))
    assert recorded["format"] == "govlint-baseline" and {w["path"] for w in recorded["waivers"]} == {"reports/a.txt"}

    code, out, err = run(capsys, "--baseline", str(base), str(report))
    assert (code, out.splitlines()[-1], err) == (0, "No findings in 1 file(s).", "")

    # Fix the repeated heading 六 and add a repeated heading 一: only the new defect shows, and
    # the waiver of the fixed one is reported as matching nothing.
    (old,) = [f for f in before if f["rule"] == "duplicate-heading"]
    lines = report.read_text("utf-8").splitlines(keepends=True)
    del lines[old["line"] - 1]
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("一、"))
    lines.insert(first + 1, lines[first])
    report.write_text("".join(lines), "utf-8")
    code, out, err = run(capsys, "--format", "json", "--baseline", str(base), str(report))
    after = json.loads(out)
    assert code == 1
    assert [(f["rule"], f["section"]) for f in after] == [("duplicate-heading", "一")]
    assert err.count("matches no finding") == 1 and old["fingerprint"] in err and "duplicate-heading" in err


def test_baseline_that_is_not_one(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = project / "bad.json"
    bad.write_text('{"waivers": 3}', "utf-8")
    code, _, err = run(capsys, "--baseline", str(bad), str(project / "reports" / "a.txt"))
    assert code == 2 and "not a govlint baseline" in err


def test_select_flags_and_double_star_globs(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "govlint.toml").write_text(
        'select = ["GL1"]\nextend-select = ["GL5"]\n[per-file-ignores]\n"reports/**/*.txt" = ["GL104"]\n', "utf-8"
    )

    def shown(*flags: str) -> tuple[set[str], list[str]]:
        settings = json.loads(run(capsys, "--show-settings", *flags, str(project / "reports" / "a.txt"))[1])
        return {r["code"][:3] for r in settings["rules"].values()}, settings["per-file-ignores matching this file"]

    # GL001 unreadable-input runs whatever is selected (a file not read never passes as clean)
    assert shown() == ({"GL0", "GL1", "GL5"}, ["reports/**/*.txt"])  # ** matches no folder too
    assert shown("--select", "GL3")[0] == {"GL0", "GL3"}  # a new select means exactly these rules
    assert shown("--extend-select", "GL2")[0] == {"GL0", "GL1", "GL2", "GL5"}  # the flag adds to the file's


def test_baseline_paths_do_not_depend_on_the_working_folder(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "ci").mkdir()
    base = project / "ci" / "baseline.json"
    monkeypatch.chdir(project / "reports")
    assert run(capsys, "--write-baseline", str(base), "a.txt")[0] == 0
    assert {w["path"] for w in json.loads(base.read_text("utf-8"))["waivers"]} == {"../reports/a.txt"}
    monkeypatch.chdir(project)
    code, out, err = run(capsys, "--baseline", "ci/baseline.json", "reports/a.txt")
    assert (code, out.splitlines()[-1], err) == (0, "No findings in 1 file(s).", "")


def test_junit_is_well_formed_with_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.txt"
    report.write_text(SEEDS[1].read_text("utf-8").replace("一、总体情况", "一、总体情况\x1b", 1), "utf-8")
    _, out, _ = run(capsys, "--format", "junit", str(report))
    root = ET.fromstring(out)  # raises when not well-formed
    assert "\\x1b" in "".join(root.itertext())


@pytest.mark.parametrize("glob", ["[!]]", "[]", "[z-a]*.txt"])
def test_odd_globs_never_crash(project: Path, capsys: pytest.CaptureFixture[str], glob: str) -> None:
    (project / "govlint.toml").write_text(f'[per-file-ignores]\n"{glob}" = ["GL1"]\n', "utf-8")
    code, _, err = run(capsys, str(project / "reports" / "a.txt"))
    assert code in (0, 1, 2) and "Traceback" not in err


def test_baseline_entries_counted_together(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = project / "reports" / "a.txt"
    base = project / "b.json"
    run(capsys, "--write-baseline", str(base), str(report))
    data = json.loads(base.read_text("utf-8"))
    first = data["waivers"][0]
    data["waivers"] = [*data["waivers"], dict(first)]  # the same waiver twice: twice as many waived
    base.write_text(json.dumps(data), "utf-8")
    code, _, err = run(capsys, "--baseline", str(base), str(report))
    assert code == 0 and err.count("matches no finding") == 1 and f"{first['count']} left" in err
    data["waivers"][0]["count"] = 1e400
    base.write_text(json.dumps(data).replace("Infinity", "1e400"), "utf-8")
    code, _, err = run(capsys, "--baseline", str(base), str(report))
    assert code == 2 and "bad entry" in err
