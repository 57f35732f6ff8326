"""The synthetic multi-organ, multi-year corpus (tests/corpusgen.py): every report reads back
whole and clean, the series are consistent from year to year except where the manifest says a
defect was injected, and the defects are what the manifest says."""

from __future__ import annotations

import pickle
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

import govlint
from govlint.corpus import Regions, lint_batch
from govlint.model import CellState, Document
from govlint.templates import get_template

from .corpusgen import (
    TABLE_IDS,
    CorpusManifest,
    Defect,
    Organ,
    Values,
    city_tree,
    iter_cities,
    make_corpus,
    version_of,
)

YEARS = list(range(2019, 2024))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusManifest:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> CorpusManifest:
    return make_corpus(tmp_path_factory.mktemp("clean"), defects=False)


@pytest.fixture(scope="module")
def series() -> dict[str, dict[int, Values]]:
    (city,) = iter_cities(1, YEARS, defects=True, seed=0)
    return city.series


def _children(organs: Sequence[Organ], parent: str) -> list[str]:
    return [o.name for o in organs if o.parent == parent]


def test_the_tree_has_a_summary_departments_and_districts(corpus: CorpusManifest) -> None:
    organs = corpus.organs
    summary = [o for o in organs if o.summary]
    assert [o.name for o in summary] == ["乌海市"]
    levels = Counter(o.level for o in organs)
    assert levels["department"] >= 4 + 2 and levels["district"] >= 2 and levels["government"] == 1
    for district in (o for o in organs if o.level == "district"):
        assert 1 <= len(_children(organs, district.name)) <= 2
    assert len(corpus.reports) == len(organs) * len(YEARS) - 1  # one report is missing


def test_the_corpus_is_deterministic_and_the_seed_matters(corpus: CorpusManifest, tmp_path: Path) -> None:
    again = make_corpus(tmp_path / "again")
    other = make_corpus(tmp_path / "other", seed=1)
    texts = [p.read_bytes() for p in corpus.reports]
    assert [p.read_bytes() for p in again.reports] == texts
    assert again.regions_csv.read_bytes() == corpus.regions_csv.read_bytes()
    assert [p.read_bytes() for p in other.reports] != texts
    assert again.defects == corpus.defects and again.not_assessable == corpus.not_assessable


def test_a_five_year_corpus_is_fast(tmp_path: Path) -> None:
    start = time.process_time()
    manifest = make_corpus(tmp_path)
    assert len(manifest.reports) >= 55
    assert time.process_time() - start < 10  # about 0.1 s; generous under load


def _read_cells(document: Document, table_id: str) -> dict[tuple[str, str], object]:
    table = document.tables[table_id]
    return {(c.row, c.col): c.value for c in table if c.state is CellState.NUMBER}


def test_every_report_reads_back_whole_with_no_finding(
    corpus: CorpusManifest, series: dict[str, dict[int, Values]]
) -> None:
    # The defects are across reports: within each report every identity still holds.
    for path in corpus.reports:
        organ, year = corpus.organ_of[path], corpus.year_of[path]
        result = govlint.lint(path)
        assert (result.organ, result.year, result.template) == (corpus.titles[path], year, version_of(year))
        assert not result.findings, (path, [(f.name, f.location.table, f.location.row) for f in result.findings])
        document = govlint.parse(path)
        for table_id in TABLE_IDS:
            assert _read_cells(document, table_id) == series[organ][year][table_id], (path, table_id)


def test_the_clean_corpus_has_no_finding_at_all(clean: CorpusManifest) -> None:
    assert clean.defects == []
    audit = govlint.lint_many([str(p) for p in clean.reports])
    assert len(audit) == len(clean.reports) == len(clean.organs) * len(YEARS) and not audit.errors
    assert audit.findings.empty
    assert set(audit.cells["state"]) == {"number"}


def test_sections_one_and_five_differ_between_every_two_clean_reports(clean: CorpusManifest) -> None:
    sections = [_section_text(govlint.parse(p)) for p in clean.reports]
    assert len(set(sections)) == len(sections)
    assert all(len(s) > 150 for s in sections)


def _section_text(document: Document, figures: bool = False) -> str:
    """Sections 一 and 五, without the figures sentence (which is the report's own)."""
    return "\n".join(
        p.text for p in document.paragraphs if p.section in ("一", "五") and (figures or "共收到" not in p.text)
    )


# -- the series, year to year ------------------------------------------------------------------------


def _defect_cells(defects: Sequence[Defect], kind: str) -> set[tuple[str, int, str, str]]:
    return {(d.organ, d.year, d.row or "", d.col or "") for d in defects if d.kind == kind}


def test_carry_over_holds_except_at_the_defects(corpus: CorpusManifest, series: dict[str, dict[int, Values]]) -> None:
    wrong = set()
    for organ in corpus.organs:
        for year in YEARS[1:]:
            if corpus.report(organ.name, year) is None or corpus.report(organ.name, year - 1) is None:
                continue
            now, last = series[organ.name][year]["applications"], series[organ.name][year - 1]["applications"]
            for (row, col), value in now.items():
                if row == "carried_over" and value != last["carried_forward", col]:
                    wrong.add((organ.name, year, row, col))
    assert wrong == _defect_cells(corpus.defects, "carry-over-mismatch") and len(wrong) == 2


def test_in_force_continues_except_at_the_defect(corpus: CorpusManifest, series: dict[str, dict[int, Values]]) -> None:
    wrong = set()
    for organ in corpus.organs:
        for year in (y for y in YEARS[1:] if version_of(y - 1) == "2021"):
            if corpus.report(organ.name, year) is None or corpus.report(organ.name, year - 1) is None:
                continue
            now, last = series[organ.name][year]["active_disclosure"], series[organ.name][year - 1]["active_disclosure"]
            for row in ("rules", "normative_documents"):
                if now[row, "in_force"] != last[row, "in_force"] + now[row, "made"] - now[row, "repealed"]:
                    wrong.add((organ.name, year, row, "in_force"))
    assert wrong == _defect_cells(corpus.defects, "in-force-continuity") and len(wrong) == 1


def test_the_summary_is_the_sum_of_its_children_except_at_the_defect(
    corpus: CorpusManifest, series: dict[str, dict[int, Values]]
) -> None:
    (summary,) = (o for o in corpus.organs if o.summary)
    children = _children(corpus.organs, summary.name)
    wrong = set()
    for year in YEARS:
        if any(corpus.report(c, year) is None for c in children):
            continue
        for table_id in TABLE_IDS:
            for (row, col), value in series[summary.name][year][table_id].items():
                if value != sum(series[c][year][table_id][row, col] for c in children):
                    wrong.add((summary.name, year, row, col))
    assert wrong == _defect_cells(corpus.defects, "summary-mismatch") and len(wrong) == 1


def test_each_defect_is_what_the_manifest_says(corpus: CorpusManifest, series: dict[str, dict[int, Values]]) -> None:
    kinds = Counter(d.kind for d in corpus.defects)
    assert kinds == {
        "carry-over-mismatch": 2,
        "copied-report": 2,
        "in-force-continuity": 1,
        "summary-mismatch": 1,
        "missing-report": 1,
    }
    summary = next(o.name for o in corpus.organs if o.summary)
    for d in corpus.defects:
        if d.table is not None:
            assert series[d.organ][d.year][d.table][d.row, d.col] == d.actual != d.expected
        if d.kind == "carry-over-mismatch":
            assert series[d.organ][d.year - 1]["applications"]["carried_forward", d.col] == d.expected
        elif d.kind == "in-force-continuity":
            now, last = series[d.organ][d.year]["active_disclosure"], series[d.organ][d.year - 1]["active_disclosure"]
            assert last[d.row, "in_force"] + now[d.row, "made"] - now[d.row, "repealed"] == d.expected
        elif d.kind == "summary-mismatch":
            children = _children(corpus.organs, summary)
            assert sum(series[c][d.year][d.table][d.row, d.col] for c in children) == d.expected
        elif d.kind == "missing-report":
            assert corpus.report(d.organ, d.year) is None
            assert all(corpus.report(d.organ, y) is not None for y in YEARS if y != d.year)
        elif d.kind == "copied-report":
            assert d.source is not None and d.source_year is not None
            copy, source = corpus.report(d.organ, d.year), corpus.report(d.source, d.source_year)
            assert copy is not None and source is not None
            copied, original = govlint.parse(copy), govlint.parse(source)
            assert _section_text(copied) == _section_text(original)
            assert _section_text(copied, figures=True) != _section_text(original, figures=True)  # figures its own


def test_not_assessable_cases_cover_every_reason(corpus: CorpusManifest) -> None:
    reasons = Counter((n.check, n.reason) for n in corpus.not_assessable)
    organs = len(corpus.organs)
    assert reasons[("carry-over-mismatch", "first-year")] == organs
    assert reasons[("in-force-continuity", "format-switch")] == organs - 1  # less the missing report
    assert reasons[("carry-over-mismatch", "previous-missing")] == 1
    assert reasons[("in-force-continuity", "previous-missing")] == 1
    assert reasons[("summary-mismatch", "child-missing")] == 1
    missing = next(d for d in corpus.defects if d.kind == "missing-report")
    summary = next(o.name for o in corpus.organs if o.summary)
    assert missing.organ in _children(corpus.organs, summary)
    for case in corpus.not_assessable:
        assert corpus.report(case.organ, case.year) is not None


# -- the region table and scale ------------------------------------------------------------------------


def test_the_region_table_matches_every_report_to_its_organ(corpus: CorpusManifest) -> None:
    regions = Regions.load(corpus.regions_csv, pattern=r"/(?P<region>\d{6})/(?P<year>\d{4})/")
    assert list(regions.organs["organ"]) == [o.name for o in corpus.organs]
    abbreviated = [p for p in corpus.reports if corpus.titles[p] != corpus.organ_of[p]]
    assert abbreviated  # 乌海市工信局 once
    for path in corpus.reports:
        info = regions.lookup(str(path), corpus.titles[path])
        organ = next(o for o in corpus.organs if o.name == corpus.organ_of[path])
        expected = (organ.name, organ.region, organ.summary, corpus.year_of[path])
        assert (info.organ, info.region, info.summary, info.year) == expected
        assert info.parent == regions.key(organ.parent)


def test_many_cities_have_distinct_organs_and_regions() -> None:
    organs = [o for index in range(400) for o in city_tree(index)]
    assert len({o.name for o in organs}) == len(organs)
    cities = [o for o in organs if o.level == "city"]
    assert len({o.region for o in cities}) == len(cities) == 400
    assert all(len(o.region) == 6 and o.region.isdigit() for o in organs)


def test_a_corpus_of_several_cities_streams_to_disk(tmp_path: Path) -> None:
    manifest = make_corpus(tmp_path, cities=3, years=range(2020, 2024))
    assert len(manifest.reports) == len(set(manifest.reports)) == len(manifest.organs) * 4 - 3
    assert Counter(d.kind for d in manifest.defects)["missing-report"] == 3
    assert all(p.is_file() for p in manifest.reports)
    assert len(Regions.load(manifest.regions_csv).rows) == len(manifest.organs)
    assert {version_of(y) for y in manifest.year_of.values()} == {"2019", "2021"}
    assert get_template("2021")  # both formats present


def test_a_batch_keys_each_report_by_the_region_table(corpus: CorpusManifest) -> None:
    regions = Regions.load(corpus.regions_csv)
    regions = pickle.loads(pickle.dumps(regions))  # as a worker receives it
    tables = lint_batch([str(p) for p in corpus.reports], regions=regions)
    documents = tables.documents.set_index("path")
    for path in corpus.reports:
        organ = next(o for o in corpus.organs if o.name == corpus.organ_of[path])
        row = documents.loc[str(path)]
        assert (row["organ"], row["region"], bool(row["summary"])) == (organ.name, organ.region, organ.summary)
        assert row["organ_key"] == regions.key(organ.name) and row["level"] == organ.level
    assert set(tables.cells["region"]) == {o.region for o in corpus.organs}
    assert tables.findings.empty and tables.errors.empty
