"""The corpus rules (GL6) and their runner, on small hand-built tables.

The tables are what ``govlint audit`` writes (or another tool, with the documented columns):
built here directly, without parsing, so each test says exactly which cells differ.
"""

from __future__ import annotations

import json
import random
from typing import Any

import attrs
import hypothesis.strategies as st
import jsonschema
import pandas as pd
import pytest
from hypothesis import given, settings

import govlint
from govlint.budget import DEFAULT
from govlint.corpus.tables import (
    CELLS_COLUMNS,
    CELLS_DTYPES,
    DOCUMENT_COLUMNS,
    DOCUMENT_DTYPES,
    CorpusTables,
    typed,
)
from govlint.engine.config import Config
from govlint.engine.corpus import TablesError, run_corpus
from govlint.engine.registry import CorpusRule, Registry, RuleMeta
from govlint.engine.runner import builtin_registry
from govlint.model import Finding, Severity
from govlint.model.result import LintResult
from govlint.reporters import ci
from govlint.rules.copies import CopyOptions, prepare, shingle_hashes
from govlint.templates import get_template

from .conftest import ROOT
from .corpuscases import regions_of

COLS7 = ["natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total"]
CARRIED_OVER = "二、上年结转政府信息公开申请数量"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def cell_rows(path: str, version: str, values: dict[tuple[str, str, str], Any]) -> list[dict[str, Any]]:
    """Every template cell of the three tables, 0 unless ``values`` says otherwise (a number,
    or a state: "blank", "dash", "text")."""
    out = []
    for table_id, spec in get_template(version).tables.items():
        for row, col in spec.template_cells():
            value = values.get((table_id, row.key, col.key), 0)
            state = value if isinstance(value, str) else "number"
            out.append(
                {
                    "path": path,
                    "table": table_id,
                    "row_key": row.key,
                    "col_key": col.key,
                    "row": row.label,
                    "col": spec.column_label(col),
                    "state": state,
                    "value": None if isinstance(value, str) else float(value),
                }
            )
    return out


def report(
    path: str,
    year: int | None,
    organ: str | None = "某区财政局",
    version: str | None = None,
    values: dict[tuple[str, str, str], Any] | None = None,
    **document: Any,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    version = version or ("2021" if year is None or year >= 2021 else "2019")
    record = {"path": path, "organ": organ, "organ_key": organ, "year": year, "template": version, **document}
    return record, cell_rows(path, version, values or {})


def tables(*reports: tuple[dict[str, Any], list[dict[str, Any]]]) -> CorpusTables:
    documents = pd.DataFrame.from_records([r for r, _ in reports])
    cells = pd.DataFrame.from_records([c for _, rows in reports for c in rows])
    return CorpusTables(
        documents=typed(documents, DOCUMENT_COLUMNS, DOCUMENT_DTYPES), cells=typed(cells, CELLS_COLUMNS, CELLS_DTYPES)
    )


def run(corpus: CorpusTables, *select: str, regions: Any = None, **settings: Any) -> list[Finding]:
    config = Config().merged(select=list(select) or ["GL6"], **settings)
    return run_corpus(corpus, config, regions if regions is not None else regions_of([]))


def carry(values: dict[str, float], row: str) -> dict[tuple[str, str, str], Any]:
    return {("applications", row, col): v for col, v in values.items()}


# --- GL601 carry-over-mismatch -------------------------------------------------------------------


def test_carry_over_mismatch_names_the_cell_and_last_years_cell() -> None:
    corpus = tables(
        report("a/2022.pdf", 2022, values=carry({"natural_person": 4, "total": 4}, "carried_forward")),
        report("a/2023.pdf", 2023, values=carry({"natural_person": 3, "total": 4}, "carried_over")),
    )
    found = run(corpus, "carry-over-mismatch")
    assert [(f.location.path, f.location.table, f.location.row, f.location.col) for f in found] == [
        ("a/2023.pdf", "applications", CARRIED_OVER, "自然人")
    ]
    finding = found[0]
    assert (finding.expected, finding.actual, finding.severity) == (4, 3, Severity.WARNING)
    assert finding.cells == ((CARRIED_OVER, "自然人"),)
    (other,) = finding.related
    assert (other.location.path, other.year, other.location.row, other.location.col, other.value) == (
        "a/2022.pdf",
        2022,
        "四、结转下年度继续办理",
        "自然人",
        4,
    )
    assert finding.to_dict()["related"][0]["value"] == 4


def test_consecutive_consistent_reports_give_nothing() -> None:
    corpus = tables(
        report("a/2021.pdf", 2021, values=carry({"total": 2, "research": 2}, "carried_forward")),
        report("a/2022.pdf", 2022, values=carry({"total": 2, "research": 2}, "carried_over")),
    )
    assert run(corpus) == []


def test_carry_over_across_the_format_switch() -> None:
    corpus = tables(
        report("a/2020.pdf", 2020, values=carry({"total": 5, "natural_person": 5}, "carried_forward")),
        report("a/2021.pdf", 2021, values=carry({"total": 5, "natural_person": 4}, "carried_over")),
    )
    found = run(corpus, "carry-over-mismatch")
    assert [(f.location.col, f.expected, f.actual) for f in found] == [("自然人", 5, 4)]


def test_another_organ_is_not_last_year() -> None:
    corpus = tables(
        report("a/2021.pdf", 2021, organ="甲局", values=carry({"total": 5}, "carried_forward")),
        report("b/2022.pdf", 2022, organ="乙局"),
    )
    assert [f for f in run(corpus) if f.rule == "carry-over-mismatch"] == []


@pytest.mark.parametrize("state", ["blank", "dash", "text"])
def test_a_blank_side_is_not_assessable_not_a_mismatch(state: str) -> None:
    corpus = tables(
        report("a/2021.pdf", 2021, values=carry({"natural_person": state}, "carried_forward")),
        report("a/2022.pdf", 2022, values=carry({"natural_person": 3, "total": 3}, "carried_over")),
    )
    found = run(corpus, "carry-over-mismatch", "not-assessable")
    assert [(f.rule, f.location.col, f.expected, f.actual) for f in found] == [
        ("not-assessable", None, "carry-over-mismatch", "blank-cell"),
        ("carry-over-mismatch", "总计", 0, 3),
    ]
    assert found[0].severity is Severity.INFO


def test_no_previous_report_inside_the_corpus_years_is_not_assessable() -> None:
    corpus = tables(report("a/2020.pdf", 2020), report("a/2022.pdf", 2022), report("b/2022.pdf", 2022, organ="乙局"))
    found = [(f.location.path, f.expected, f.actual) for f in run(corpus)]
    # the corpus starts in 2020: nothing before it to miss; a and b have no 2021 report
    assert found == [
        ("a/2022.pdf", "carry-over-mismatch", "no-previous-report"),
        ("a/2022.pdf", "in-force-continuity", "no-previous-report"),
        ("b/2022.pdf", "carry-over-mismatch", "no-previous-report"),
        ("b/2022.pdf", "in-force-continuity", "no-previous-report"),
    ]


def test_not_assessable_is_one_finding_per_report_rule_and_reason() -> None:
    blanks = carry(dict.fromkeys(COLS7, "blank"), "carried_forward")
    corpus = tables(report("a/2021.pdf", 2021, values=blanks), report("a/2022.pdf", 2022))
    found = run(corpus, "carry-over-mismatch", "not-assessable")
    assert [(f.location.path, f.actual) for f in found] == [("a/2022.pdf", "blank-cell")]


def test_not_assessable_alone_reports_nothing_the_others_did_not_try() -> None:
    corpus = tables(report("a/2020.pdf", 2020), report("a/2022.pdf", 2022))
    assert run(corpus, "not-assessable") == []
    assert [f.actual for f in run(corpus, "not-assessable", "carry-over-mismatch")] == ["no-previous-report"]


chains = st.lists(st.lists(st.integers(0, 50), min_size=7, max_size=7), min_size=2, max_size=5)


@settings(max_examples=30)  # each example audits two small corpora
@given(chains, st.data())
def test_property_consistent_chains_are_clean_and_one_perturbed_cell_is_found(
    carried: list[list[int]], data: st.DataObject
) -> None:
    """Year by year, what is carried forward is carried over: no finding; change one carried-over
    cell and exactly that cell is reported, against last year's value."""
    years = range(2019, 2019 + len(carried))

    def corpus(over: list[list[int]]) -> CorpusTables:
        out = []
        for n, year in enumerate(years):
            values = carry(dict(zip(COLS7, carried[n], strict=True)), "carried_forward")
            if n:
                values |= carry(dict(zip(COLS7, over[n - 1], strict=True)), "carried_over")
            out.append(report(f"org/{year}.txt", year, values=values))
        return tables(*out)

    assert run(corpus(carried[:-1]), "carry-over-mismatch") == []
    n = data.draw(st.integers(0, len(carried) - 2), label="year")
    col = data.draw(st.integers(0, 6), label="column")
    bump = data.draw(st.integers(1, 9), label="by")
    perturbed = [list(row) for row in carried[:-1]]
    perturbed[n][col] += bump
    found = run(corpus(perturbed), "carry-over-mismatch")
    label = get_template("2021").tables["applications"].columns[col].label
    assert [(f.location.path, f.location.col, f.expected, f.actual) for f in found] == [
        (f"org/{years[n + 1]}.txt", label, carried[n][col], carried[n][col] + bump)
    ]


# --- GL603 in-force-continuity -------------------------------------------------------------------


def t2(row: str, made: int, repealed: int, in_force: int) -> dict[tuple[str, str, str], Any]:
    return {
        ("active_disclosure", row, k): v for k, v in (("made", made), ("repealed", repealed), ("in_force", in_force))
    }


def test_in_force_continuity() -> None:
    corpus = tables(
        report("a/2021.pdf", 2021, values=t2("normative_documents", 3, 0, 40)),
        report("a/2022.pdf", 2022, values=t2("normative_documents", 5, 2, 45)),
    )
    (finding,) = run(corpus, "in-force-continuity")
    assert (finding.location.table, finding.location.row, finding.location.col) == (
        "active_disclosure",
        "行政规范性文件",
        "现行有效件数",
    )
    assert (finding.expected, finding.actual) == (43, 45)
    assert finding.cells == (
        ("行政规范性文件", "现行有效件数"),
        ("行政规范性文件", "本年制发件数"),
        ("行政规范性文件", "本年废止件数"),
    )
    assert [(r.location.path, r.year, r.value) for r in finding.related] == [("a/2021.pdf", 2021, 40)]


def test_in_force_continuity_holds() -> None:
    corpus = tables(
        report("a/2021.pdf", 2021, values=t2("rules", 3, 0, 40)),
        report("a/2022.pdf", 2022, values=t2("rules", 5, 2, 43)),
    )
    assert run(corpus) == []


def test_in_force_continuity_across_the_format_switch_is_not_assessable() -> None:
    corpus = tables(report("a/2020.pdf", 2020), report("a/2021.pdf", 2021, values=t2("rules", 1, 0, 9)))
    found = run(corpus, "in-force-continuity", "not-assessable")
    assert [(f.rule, f.location.path, f.expected, f.actual) for f in found] == [
        ("not-assessable", "a/2021.pdf", "in-force-continuity", "format-switch")
    ]


# --- GL604 summary-mismatch ----------------------------------------------------------------------

REGION = [
    {"organ": "某市人民政府", "region": "3201", "summary": True},
    {"organ": "某市财政局", "region": "3201", "parent": "某市人民政府"},
    {"organ": "某市教育局", "region": "3201", "parent": "某市人民政府"},
]


def region_report(path: str, organ: str, year: int, values: dict[tuple[str, str, str], Any]) -> Any:
    regions = regions_of(REGION)
    info = regions.lookup(path, organ)
    extra = {"region": info.region, "parent": info.parent, "summary": info.summary}
    return report(path, year, organ=organ, values=values, **extra)


def cases(total: int, upheld: int) -> dict[tuple[str, str, str], Any]:
    return {
        ("review_litigation", "cases", "review.total"): total,
        ("review_litigation", "cases", "review.upheld"): upheld,
    }


def test_summary_mismatch_finds_the_cell_and_names_every_organs_cell() -> None:
    corpus = tables(
        region_report("city.pdf", "某市人民政府", 2023, cases(5, 5)),
        region_report("czj.pdf", "某市财政局", 2023, cases(2, 2)),
        region_report("jyj.pdf", "某市教育局", 2023, cases(2, 2)),
    )
    found = run(corpus, "summary-mismatch", regions=regions_of(REGION))
    assert [(f.location.path, f.location.table, f.location.col, f.expected, f.actual) for f in found] == [
        ("city.pdf", "review_litigation", "行政复议/总计", 4, 5),
        ("city.pdf", "review_litigation", "行政复议/结果维持", 4, 5),
    ]
    assert sorted((r.location.path, r.value) for r in found[0].related) == [("czj.pdf", 2), ("jyj.pdf", 2)]


def test_a_summary_that_adds_up_and_blank_organ_cells_count_as_zero() -> None:
    corpus = tables(
        region_report("city.pdf", "某市人民政府", 2023, cases(2, 2)),
        region_report("czj.pdf", "某市财政局", 2023, cases(2, 2)),
        region_report("jyj.pdf", "某市教育局", 2023, {("review_litigation", "cases", "review.total"): "blank"}),
    )
    assert run(corpus, regions=regions_of(REGION)) == []


def test_an_organ_without_a_report_makes_the_summary_not_assessable() -> None:
    corpus = tables(
        region_report("city.pdf", "某市人民政府", 2023, cases(5, 5)),
        region_report("czj.pdf", "某市财政局", 2023, cases(2, 2)),
        region_report("jyj.pdf", "某市教育局", 2022, cases(2, 2)),
    )
    found = run(corpus, "summary-mismatch", "not-assessable", regions=regions_of(REGION))
    assert [(f.location.path, f.expected, f.actual) for f in found] == [
        ("city.pdf", "summary-mismatch", "no-child-report")
    ]
    assert "某市教育局" in found[0].message


def test_the_region_table_given_to_the_rules_marks_the_summary() -> None:
    regions = regions_of(REGION)
    key = regions.key
    corpus = tables(  # linted without the region table: the documents say nothing of summaries
        report("city.pdf", 2023, organ=key("某市人民政府"), values=cases(5, 5)),
        report("czj.pdf", 2023, organ=key("某市财政局"), values=cases(2, 2)),
        report("jyj.pdf", 2023, organ=key("某市教育局"), values=cases(2, 2)),
    )
    found = run(corpus, "summary-mismatch", regions=regions)
    assert [(f.location.path, f.expected, f.actual) for f in found] == [("city.pdf", 4, 5), ("city.pdf", 4, 5)]


def test_without_a_region_table_no_report_is_a_summary() -> None:
    corpus = tables(report("city.pdf", 2023, organ="某市人民政府", values=cases(5, 5)), report("czj.pdf", 2023))
    assert run(corpus, "summary-mismatch") == []


# --- GL605 missing-report ------------------------------------------------------------------------


def test_missing_report_for_a_year_the_region_covers() -> None:
    corpus = tables(
        region_report("city21.pdf", "某市人民政府", 2021, {}),
        region_report("city22.pdf", "某市人民政府", 2022, {}),
        region_report("czj21.pdf", "某市财政局", 2021, {}),
        region_report("czj22.pdf", "某市财政局", 2022, {}),
        region_report("jyj22.pdf", "某市教育局", 2022, {}),
    )
    found = run(corpus, "missing-report", regions=regions_of(REGION))
    assert [(f.location.path, f.expected, f.actual) for f in found] == [("3201/某市教育局", 2021, None)]


def test_missing_report_per_file_ignores_match_the_organ_path() -> None:
    corpus = tables(region_report("city22.pdf", "某市人民政府", 2022, {}))
    assert len(run(corpus, "missing-report", regions=regions_of(REGION))) == 2
    ignored = run(corpus, "missing-report", regions=regions_of(REGION), per_file_ignores={"3201/*财政局": ["GL605"]})
    assert [f.location.path for f in ignored] == ["3201/某市教育局"]


def test_missing_report_without_a_region_table_says_nothing() -> None:
    assert run(tables(report("a.pdf", 2021), report("b.pdf", 2022, organ="乙局")), "missing-report") == []


# --- GL602 copied-report -------------------------------------------------------------------------

PARAGRAPHS = [
    "本年度，本局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实政府信息公开条例和上级关于政务公开工作的部署要求，"
    "围绕中心工作，不断加大主动公开力度，规范依申请公开办理流程，全年主动公开政府信息{n}条，政务公开工作取得新成效。",
    "今年以来，我们聚焦优化营商环境和民生保障领域，着力完善政府信息管理制度，建立健全公开属性源头认定机制，加强政府网站和"
    "政务新媒体平台建设，开展政务公开业务培训{n}次，组织社会评议活动，接受群众监督，推动标准化规范化建设。",
    "一是信息公开的及时性和准确性有待提高，个别栏目更新不够及时；二是政策解读形式较为单一，图解、视频等解读方式运用不多；"
    "三是依申请公开答复的规范性仍需加强。下一步，本局将加强培训{n}次，完善审核机制，丰富解读形式，提升公开质量。",
    "二〇二二年，区教育局以群众需求为导向，重点公开招生入学、教师招聘、学校收费和教育经费使用等信息，专题发布入学政策问答，"
    "回应家长关切{n}条，并通过家长会、开放日和校园公众号等渠道拓展公开方式，提升教育政务公开的覆盖面和知晓度。",
]


def texts_report(path: str, year: int, organ: str, section_1: str | None, section_5: str | None = None) -> Any:
    return report(path, year, organ=organ, section_1=section_1, section_5=section_5)


def test_copied_report_finds_injected_copies_and_not_distinct_texts() -> None:
    rng = random.Random(7)
    reports = []
    pool = "政务公开信息平台建设监督保障主动依申请管理制度规范培训考核评议"

    def noise(length: int) -> str:
        return "".join(rng.choice(pool) for _ in range(length))

    for n in range(40):  # 40 organs, each its own texts: nothing is a copy
        text = f"{PARAGRAPHS[n % 4].format(n=n)}第{n}号机关的工作各有侧重，{noise(120)}"
        problems = PARAGRAPHS[(n + 1) % 4].format(n=n) + noise(150)
        reports.append(texts_report(f"org{n:02}/2022.txt", 2022, f"机关{n}", text, problems))
    copied_text = reports[3][0]["section_1"].replace("2022", "2023").replace("第3号", "第33号")
    reports.append(
        texts_report("org99/2023.txt", 2023, "机关99", copied_text)
    )  # another organ's section 一, figures changed
    reports.append(
        texts_report("org05/2023.txt", 2023, "机关5", reports[5][0]["section_1"], reports[5][0]["section_5"])
    )
    found = run(tables(*reports), "copied-report")
    assert [(f.location.path, f.location.section, [r.location.path for r in f.related]) for f in found] == [
        ("org05/2023.txt", "一", ["org05/2022.txt"]),
        ("org05/2023.txt", "五", ["org05/2022.txt"]),
        ("org99/2023.txt", "一", ["org03/2022.txt"]),
    ]
    assert [f.actual for f in found][:2] == [1.0, 1.0]
    assert all(f.expected == 0.9 and f.actual >= 0.9 for f in found)


def test_a_text_copied_by_many_reports_costs_each_report_its_budget_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Config, "budget", lambda self: attrs.evolve(DEFAULT, findings_per_rule=4))
    text = PARAGRAPHS[0].format(n=1) * 2
    corpus = tables(*(texts_report(f"o{n:02}.txt", 2022, f"机关{n}", text) for n in range(12)))
    found = run(corpus, "copied-report")
    last = [f for f in found if f.location.path == "o11.txt"]  # a copy of each of the 11 before it
    assert [f.actual for f in last] == [8, 1.0, 1.0, 1.0]  # eight candidates counted, three confirmed
    assert all(len([f for f in found if f.location.path == p]) <= 4 for p in {f.location.path for f in found})


def test_copied_report_same_organ_two_years_apart_is_not_compared() -> None:
    text = PARAGRAPHS[0].format(n=1) * 2
    corpus = tables(texts_report("a/2020.txt", 2020, "甲局", text), texts_report("a/2022.txt", 2022, "甲局", text))
    assert run(corpus, "copied-report") == []


def test_copied_report_same_year_goes_on_the_later_path_and_short_texts_are_skipped() -> None:
    text = PARAGRAPHS[1].format(n=4)
    corpus = tables(texts_report("b.txt", 2022, "乙局", text), texts_report("a.txt", 2022, "甲局", text))
    assert [f.location.path for f in run(corpus, "copied-report")] == ["b.txt"]
    assert run(corpus, "copied-report", options={"copied-report": {"min-chars": len(text) + 1}}) == []


def test_copied_report_threshold_option() -> None:
    a = PARAGRAPHS[2].format(n=1)
    b = a[:60] + PARAGRAPHS[3].format(n=1)[:40] + a[100:]
    corpus = tables(texts_report("a.txt", 2022, "甲局", a), texts_report("b.txt", 2022, "乙局", b))
    assert run(corpus, "copied-report") == []
    (finding,) = run(corpus, "copied-report", options={"copied-report": {"threshold": 0.3}})
    assert 0.3 <= finding.actual < 0.9 and finding.expected == 0.3


@pytest.mark.parametrize("bad", [{"threshold": 1.5}, {"threshold": 0}, {"shingle": 0}, {"permutations": 4}])
def test_copied_report_bad_options_are_config_errors(bad: dict[str, Any]) -> None:
    with pytest.raises(govlint.ConfigError):
        run(tables(), "copied-report", options={"copied-report": bad})


def test_text_preparation_masks_figures_and_space() -> None:
    prepared = prepare(pd.Series(["全年 公开 125 条，２０２２年", None]), CopyOptions())
    assert prepared.tolist() == ["全年公开#条，#年", ""]
    assert len(shingle_hashes("abcdefabcdef", 5)) == 6  # distinct shingles only: abcde … fabcd
    assert len(shingle_hashes("abc", 5)) == 0


# --- the runner ---------------------------------------------------------------------------------


def test_corpus_rules_do_not_run_per_report() -> None:
    result = govlint.lint_text((ROOT / "tests" / "cases" / "base-2021.txt").read_text(encoding="utf-8"))
    corpus_rules = {r.meta.name for r in builtin_registry() if issubclass(r, CorpusRule)}
    assert corpus_rules == {
        "not-assessable",
        "carry-over-mismatch",
        "copied-report",
        "in-force-continuity",
        "summary-mismatch",
        "missing-report",
    }
    assert corpus_rules.isdisjoint(result.rules_run)
    assert result.findings == ()


def test_tables_without_the_rule_columns_are_refused_with_their_names() -> None:
    corpus = tables(report("a.pdf", 2021))
    broken = CorpusTables(documents=corpus.documents.drop(columns=["organ_key", "year"]), cells=corpus.cells)
    with pytest.raises(TablesError, match="organ_key, year"):
        run(broken)


def test_severity_and_ignore_settings_apply() -> None:
    corpus = tables(
        report("a/2021.pdf", 2021, values=carry({"total": 1}, "carried_forward")), report("a/2022.pdf", 2022)
    )
    (finding,) = run(corpus, "GL601", severity={"GL601": "error"})
    assert finding.severity is Severity.ERROR
    assert run(corpus, "GL6", ignore=["carry-over-mismatch"]) == []


def test_findings_past_the_budget_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tables(
        report("a/2021.pdf", 2021, values=carry(dict.fromkeys(COLS7, 1), "carried_forward")), report("a/2022.pdf", 2022)
    )
    monkeypatch.setattr(Config, "budget", lambda self: attrs.evolve(DEFAULT, findings_per_rule=3))
    found = run(corpus, "GL601")
    assert [f.actual for f in found] == [0, 0, 0, 4]
    assert found[-1].location.path == "a/2022.pdf" and found[-1].location.col is None


def test_a_crashing_rule_is_a_finding_and_the_others_still_run() -> None:
    class Broken(CorpusRule):
        """Always crashes."""

        meta = RuleMeta("GL699", "broken-corpus-rule", Severity.WARNING)

        def check_corpus(self, tables: Any, ctx: Any) -> Any:
            raise RuntimeError("boom")

    registry = Registry()
    for rule in builtin_registry():
        registry.add(rule)
    registry.add(Broken)
    registry.plugins_loaded = True
    corpus = tables(
        report("a/2021.pdf", 2021, values=carry({"total": 1}, "carried_forward")), report("a/2022.pdf", 2022)
    )
    found = run_corpus(corpus, Config().merged(select=["GL601", "GL699"]), registry=registry)
    assert [(f.rule, f.severity, f.location.path) for f in found] == [
        ("broken-corpus-rule", Severity.ERROR, "<corpus>"),
        ("carry-over-mismatch", Severity.WARNING, "a/2022.pdf"),
    ]
    assert "RuntimeError: boom" in found[0].actual


def test_findings_do_not_depend_on_the_order_of_the_rows() -> None:
    reports = [
        report("a/2021.pdf", 2021, values=carry({"total": 1, "research": 1}, "carried_forward")),
        report("a/2022.pdf", 2022, values=carry({"total": 2}, "carried_over")),
        report("b/2022.pdf", 2022, organ="乙局"),
        region_report("city.pdf", "某市人民政府", 2022, cases(5, 5)),
        region_report("czj.pdf", "某市财政局", 2022, cases(2, 2)),
    ]
    corpus = tables(*reports)
    shuffled = CorpusTables(
        documents=corpus.documents.sample(frac=1, random_state=3).reset_index(drop=True),
        cells=corpus.cells.sample(frac=1, random_state=4).reset_index(drop=True),
    )
    regions = regions_of(REGION)
    first = [f.to_dict() for f in run(corpus, regions=regions)]
    assert first == [f.to_dict() for f in run(shuffled, regions=regions)]
    assert first  # the corpus has findings of several rules


def test_related_is_in_sarif_and_absent_from_per_report_json() -> None:
    corpus = tables(
        report("a/2021.pdf", 2021, values=carry({"total": 1}, "carried_forward")), report("a/2022.pdf", 2022)
    )
    (finding,) = run(corpus, "GL601")
    result = LintResult(path="a/2022.pdf", findings=(finding,), rules_run=("carry-over-mismatch",))
    log = json.loads(ci.sarif([result], list(builtin_registry())))
    jsonschema.validate(log, SARIF_SCHEMA)
    (related,) = log["runs"][0]["results"][0]["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "a/2021.pdf"
    plain = govlint.lint_text((ROOT / "tests" / "cases" / "base-2021.txt").read_text(encoding="utf-8"), select=["GL3"])
    assert all("related" not in f.to_dict() for f in plain.findings)


def test_the_region_table_as_the_rules_read_it() -> None:
    organs = regions_of(REGION).organs
    assert list(organs.columns) == ["organ", "organ_key", "region", "parent", "level", "summary"]
    assert organs["summary"].tolist() == [True, False, False]
