"""The per-batch function of a corpus audit: a list of files in, the four tables out.

:func:`lint_batch` is what every way of running an audit calls on each batch of the input
manifest — in this process, in govlint's worker pool, in a Dask task — and what a Spark
(``mapInPandas``) or Ray (``map_batches``) job can call without govlint depending on them.

SKELETON (to be completed): files are linted in this process by the same chunk function the
worker pool runs (:func:`govlint.engine.workers.lint_chunk`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any

import attrs
import pandas as pd

from govlint.audit import cell_frame, findings_frame
from govlint.corpus.regions import NO_REGIONS, Regions
from govlint.corpus.tables import (
    CELLS_COLUMNS,
    CELLS_DTYPES,
    DOCUMENT_COLUMNS,
    DOCUMENT_DTYPES,
    ERROR_COLUMNS,
    ERROR_DTYPES,
    FINDING_TABLE_COLUMNS,
    FINDING_TABLE_DTYPES,
    BatchTables,
    typed,
)
from govlint.engine.workers import Job, lint_chunk, lint_files
from govlint.model import Document, printable
from govlint.model.result import LintResult

SECTIONS_KEPT = ("一", "五")  # the text the corpus rules compare (copied-report)


def lint_batch(
    paths: Sequence[str], job: Job | None = None, regions: Regions = NO_REGIONS, jobs: int | None = 0
) -> BatchTables:
    """Lint ``paths`` and give their four tables (see :mod:`govlint.corpus.tables`).

    ``jobs``: 0 lints in this process, where no time or memory budget holds and a file that
    kills the process kills the caller; otherwise in ``jobs`` worker processes of govlint's pool
    (None: one per core), each file under its budget and alone in its failure.
    """
    job = job if job is not None else Job()
    job = Job(job.config, job.overrides, cells=True, documents=True, budget=job.budget)
    documents: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    results: list[LintResult] = []
    errors: list[dict[str, Any]] = []
    outcomes = lint_chunk(list(paths), job) if jobs == 0 else lint_files(paths, job, jobs)
    for outcome in outcomes:
        if outcome.misuse is not None:  # bad settings: the run's, not the file's
            raise outcome.misuse
        if outcome.result is None:
            kind = "error" if outcome.error is not None else "crash"
            errors.append({"path": printable(outcome.path), "kind": kind, "message": outcome.error or outcome.crash})
            continue
        result = outcome.result
        document = result.document
        info = regions.lookup(outcome.path, result.organ)
        documents.append(document_record(outcome.path, document, result, info))
        cells.extend({**c, "region": info.region} for c in outcome.cells)
        results.append(attrs.evolve(result, document=None))
    regions_of = {d["path"]: d["region"] for d in documents}
    findings = findings_frame(results)
    findings = findings.assign(region=findings["path"].map(regions_of))
    return BatchTables(
        documents=typed(pd.DataFrame.from_records(documents), DOCUMENT_COLUMNS, DOCUMENT_DTYPES),
        cells=typed(cell_frame(cells).assign(region=[c["region"] for c in cells]), CELLS_COLUMNS, CELLS_DTYPES),
        findings=typed(_json_evidence(findings), FINDING_TABLE_COLUMNS, FINDING_TABLE_DTYPES),
        errors=typed(pd.DataFrame.from_records(errors), ERROR_COLUMNS, ERROR_DTYPES),
    )


def document_record(path: str, document: Document | None, result: LintResult, info: Any) -> dict[str, Any]:
    """The documents-table row of one file."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        sha, size = hashlib.sha256(data).hexdigest(), len(data)
    except OSError:
        sha, size = None, None
    texts = {numeral: section_text(document, numeral) if document else None for numeral in SECTIONS_KEPT}
    return {
        "path": printable(os.fspath(path)),  # a name that is not UTF-8: its bytes escaped
        "sha256": sha,
        "size": size,
        "organ": info.organ,
        "organ_key": info.organ_key,
        "region": info.region,
        "parent": info.parent,
        "level": info.level,
        "summary": info.summary,
        "year": result.year,
        "template": result.template,
        "published": result.published,
        "readable": document.readable if document else False,
        "findings": len(result.findings),
        "section_1": texts["一"],
        "section_5": texts["五"],
    }


def section_text(document: Document, numeral: str) -> str | None:
    """The running text of section ``numeral`` (no tables, no page chrome), or None if absent."""
    if document.section(numeral) is None:
        return None
    return "\n".join(p.text for p in document.paragraphs if p.section == numeral)


def _json_evidence(frame: pd.DataFrame) -> pd.DataFrame:
    import json

    frame = frame.copy()
    for column in ("expected", "actual"):
        frame[column] = pd.array(
            [None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in frame[column]],
            dtype="string",
        )
    return frame
