"""The corpus rules on the synthetic corpus (tests/corpusgen.py): its reports linted with the
per-batch function of an audit, the corpus rules run over the tables it gives, and every
finding accounted for by the corpus's manifest — each injected defect found with its cells,
nothing on the clean organs and years, the missing sides not assessable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govlint.corpus import CorpusTables, Regions, lint_batch
from govlint.engine.config import Config
from govlint.engine.corpus import run_corpus
from govlint.model import Finding
from govlint.templates import get_template

from .corpusgen import CorpusManifest, Defect, make_corpus, version_of

PATTERN = r"/(?P<region>\d{6})/(?P<year>\d{4})/"
# the manifest's reasons → not-assessable's; the corpus's first year has nothing to miss
REASONS = {
    "previous-missing": "no-previous-report",
    "format-switch": "format-switch",
    "child-missing": "no-child-report",
}


def audit(manifest: CorpusManifest) -> list[Finding]:
    regions = Regions.load(manifest.regions_csv, pattern=PATTERN)
    batch = lint_batch([str(p) for p in manifest.reports], regions=regions)
    assert batch.errors.empty
    assert batch.documents["organ_key"].notna().all()
    return run_corpus(CorpusTables(batch.documents, batch.cells), Config(), regions)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusManifest, list[Finding]]:
    manifest = make_corpus(tmp_path_factory.mktemp("corpus"))
    return manifest, audit(manifest)


def _path(manifest: CorpusManifest, organ: str, year: int) -> str:
    path = manifest.report(organ, year)
    assert path is not None, (organ, year)
    return str(path)


def _labels(defect: Defect) -> tuple[str, str]:
    spec = get_template(version_of(defect.year)).tables[str(defect.table)]
    found = spec.cell_spec(str(defect.row), str(defect.col))
    assert found is not None
    row, col = found
    return row.label, spec.column_label(col)


def expected_findings(manifest: CorpusManifest) -> set[tuple[Any, ...]]:
    """(rule, path, section, table, row, col, expected, actual, related paths) of every finding
    the manifest implies."""
    region_of = {o.name: o.region for o in manifest.organs}
    out: set[tuple[Any, ...]] = set()
    for d in manifest.defects:
        if d.kind == "missing-report":
            out.add((d.kind, f"{region_of[d.organ]}/{d.organ}", None, None, None, None, d.year, None, ()))
        elif d.kind == "copied-report":
            source = _path(manifest, str(d.source), int(d.source_year or 0))
            for section in ("一", "五"):
                out.add((d.kind, _path(manifest, d.organ, d.year), section, None, None, None, 0.9, 1.0, (source,)))
        else:
            row, col = _labels(d)
            out.add((d.kind, _path(manifest, d.organ, d.year), None, d.table, row, col, d.expected, d.actual, None))
    for n in manifest.not_assessable:
        if n.reason in REASONS:
            where = _path(manifest, n.organ, n.year)
            out.add(("not-assessable", where, None, None, None, None, n.check, REASONS[n.reason], ()))
    return out


def found_findings(findings: list[Finding]) -> set[tuple[Any, ...]]:
    out = set()
    for f in findings:
        loc = f.location
        if f.rule == "copied-report":
            key = (
                f.rule,
                loc.path,
                loc.section,
                None,
                None,
                None,
                f.expected,
                f.actual,
                tuple(r.location.path for r in f.related),
            )
        elif loc.table is not None:  # a cell: compared by its place and evidence; the other side below
            key = (f.rule, loc.path, None, loc.table, loc.row, loc.col, f.expected, f.actual, None)
        else:
            key = (f.rule, loc.path, None, None, None, None, f.expected, f.actual, ())
        out.add(key)
    return out


def test_every_injected_defect_is_found_and_nothing_else(corpus: tuple[CorpusManifest, list[Finding]]) -> None:
    manifest, findings = corpus
    assert found_findings(findings) == expected_findings(manifest)
    assert len(findings) == len(found_findings(findings))  # one finding per defect, no duplicate


def test_cell_findings_name_their_cells_and_the_other_side(corpus: tuple[CorpusManifest, list[Finding]]) -> None:
    manifest, findings = corpus
    by_kind = {f.rule: f for f in findings if f.location.table is not None}
    carry = by_kind["carry-over-mismatch"]
    assert carry.cells == ((carry.location.row, carry.location.col),)
    (last_year,) = carry.related
    defect = next(d for d in manifest.defects if d.kind == "carry-over-mismatch")
    assert (last_year.location.path, last_year.year, last_year.location.row, last_year.value) == (
        _path(manifest, defect.organ, defect.year - 1),
        defect.year - 1,
        "四、结转下年度继续办理",
        carry.expected,
    )
    in_force = by_kind["in-force-continuity"]
    assert [c[1] for c in in_force.cells] == ["现行有效件数", "本年制发件数", "本年废止件数"]
    summary = by_kind["summary-mismatch"]
    children = [o.name for o in manifest.organs if o.parent == summary_organ(manifest)]
    assert len(summary.related) == len(children)
    assert sum(r.value for r in summary.related) == summary.expected


def summary_organ(manifest: CorpusManifest) -> str:
    return next(o.name for o in manifest.organs if o.summary)


def test_a_clean_corpus_has_only_its_not_assessable_cases(tmp_path: Path) -> None:
    manifest = make_corpus(tmp_path, defects=False)
    findings = audit(manifest)
    assert found_findings(findings) == expected_findings(manifest)
    assert {f.rule for f in findings} <= {"not-assessable"}
