"""The corpus audit end to end: the folder ``govlint audit`` writes for a generated corpus with
its region table holds the corpus findings the rules give on the same tables in memory, with
their other side, and an organ's missing report in its region and year."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import govlint
from govlint.corpus import CorpusTables, Regions, lint_batch
from govlint.corpus.dataset import read_table
from govlint.corpus.view import corpus_sides, with_region
from govlint.engine.config import Config
from govlint.engine.corpus import run_corpus

from .corpusgen import CorpusManifest, make_corpus
from .test_corpus_integration import PATTERN


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusManifest, Path, govlint.Audit]:
    root = tmp_path_factory.mktemp("audit")
    manifest = make_corpus(root / "reports")
    out = root / "audit"
    audit = govlint.audit(
        [root / "reports"], out=out, regions=manifest.regions_csv, organ_pattern=PATTERN, batch_size=7, jobs=2
    )
    return manifest, out, audit


def _evidence(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _corpus_rows(findings: list[govlint.Finding]) -> set[tuple[object, ...]]:
    return {
        (f.location.path, f.rule, f.location.table, f.location.row, f.location.col, _evidence(f.to_dict()["actual"]))
        for f in findings
    }


def _text(values: pd.Series) -> list[object]:
    return [None if pd.isna(v) else v for v in values]


def test_the_folder_holds_the_corpus_findings_of_the_tables_in_memory(
    audited: tuple[CorpusManifest, Path, govlint.Audit],
) -> None:
    manifest, out, _ = audited
    regions = Regions.load(manifest.regions_csv, pattern=PATTERN)
    batch = lint_batch([str(p) for p in manifest.reports], regions=regions, jobs=0)
    expected = run_corpus(CorpusTables(batch.documents, batch.cells), Config(), regions)
    assert {f.rule for f in expected} >= {"carry-over-mismatch", "copied-report", "missing-report", "not-assessable"}
    written = read_table(out, "findings")
    corpus = written[written["code"].str.startswith("GL6")]
    columns = [_text(corpus[c]) for c in ("path", "rule", "table", "row", "col", "actual")]
    found = set(zip(*columns, strict=True))
    assert found == _corpus_rows(expected)


def test_a_carry_over_finding_names_last_years_report(audited: tuple[CorpusManifest, Path, govlint.Audit]) -> None:
    manifest, out, _ = audited
    written = read_table(out, "findings")
    carried = written[written["rule"] == "carry-over-mismatch"]
    assert len(carried) >= 1
    for path, year, related in zip(carried["path"], carried["year"], carried["related"], strict=True):
        (other,) = json.loads(related)
        assert other["year"] == year - 1
        assert manifest.year_of[Path(other["path"])] == year - 1
        assert manifest.organ_of[Path(other["path"])] == manifest.organ_of[Path(path)]
    per_report = written[~written["code"].str.startswith("GL6")]
    assert per_report["related"].isna().all()


def test_a_missing_report_is_filed_under_its_region_and_year(
    audited: tuple[CorpusManifest, Path, govlint.Audit],
) -> None:
    manifest, out, _ = audited
    written = read_table(out, "findings")
    missing = written[written["rule"] == "missing-report"]
    (defect,) = [d for d in manifest.defects if d.kind == "missing-report"]
    (organ,) = [o for o in manifest.organs if o.name == defect.organ]
    assert list(zip(missing["organ"], missing["year"], missing["region"], strict=True)) == [
        (organ.name, defect.year, organ.region)
    ]


def test_the_notebook_view_shows_both_sides_of_a_comparison(
    audited: tuple[CorpusManifest, Path, govlint.Audit],
) -> None:
    _, _, audit = audited
    sides = corpus_sides(with_region(audit.findings, audit.documents))
    assert "not-assessable" not in set(sides["rule"])
    carried = sides[sides["rule"] == "carry-over-mismatch"]
    assert len(carried) >= 1
    assert all(this != other for this, other in zip(carried["this side"], carried["other side"], strict=True))


def test_lint_many_keeps_evidence_as_the_rules_give_it() -> None:
    seeds = sorted(Path(__file__).parent.parent.joinpath("examples", "reports").glob("*.txt"))
    for path in seeds:
        frame = govlint.lint_many([path], jobs=1).findings
        result = govlint.lint(path)
        assert list(frame["expected"]) == [f.to_dict()["expected"] for f in result.findings]
        assert list(frame["actual"]) == [f.to_dict()["actual"] for f in result.findings]


def test_the_audit_on_dask_writes_the_same_folder(
    audited: tuple[CorpusManifest, Path, govlint.Audit], tmp_path: Path
) -> None:
    manifest, out, _ = audited
    on_dask = tmp_path / "dask"
    reports = out.parent / "reports"
    govlint.audit([reports], out=on_dask, regions=manifest.regions_csv, organ_pattern=PATTERN, engine="dask", jobs=2)
    for table in ("documents", "cells", "findings", "errors"):
        local, dask = read_table(out, table), read_table(on_dask, table)
        assert len(local) == len(dask)
        assert _as_set(local) == _as_set(dask), table
    assert len(read_table(on_dask, "documents")) == len(manifest.reports)


def _as_set(frame: pd.DataFrame) -> set[tuple[object, ...]]:
    frame = frame[sorted(frame.columns)]
    return {tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False)}


def test_the_corpus_step_reads_the_cells_the_rules_compare(audited: tuple[CorpusManifest, Path, govlint.Audit]) -> None:
    from govlint.engine.corpus import cells_needed

    manifest, out, _ = audited
    documents = read_table(out, "documents")
    rows, paths = cells_needed(documents)  # the documents carry the region table's summary and parent
    assert rows == {"carried_over", "carried_forward", "rules", "normative_documents"}
    regions = Regions.load(manifest.regions_csv, pattern=PATTERN)
    _, taking_part = cells_needed(documents, regions)
    assert paths == taking_part
    summary = {o.name for o in manifest.organs if o.summary}
    under = {o.name for o in manifest.organs if o.parent in summary}
    assert {manifest.organ_of[Path(p)] for p in paths} == summary | under
    assert not cells_needed(documents.assign(summary=False, parent=None))[1]
    assert {manifest.organ_of[Path(p)] for p in taking_part} == summary | under
