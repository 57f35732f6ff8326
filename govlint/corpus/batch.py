"""The per-batch function of a corpus audit: a list of files in, the four tables out.

:func:`lint_batch` is what every way of running an audit calls on each batch of the input
manifest — govlint's worker pool, a Dask task, a Spark (``mapInPandas``) or Ray
(``map_batches``) job — without govlint depending on any of them. It is built on the chunk
function of ``govlint check`` and :func:`govlint.lint_many`
(:func:`govlint.engine.workers.lint_chunk`): each file is parsed and linted once, and the
worker sends back rows, never parsed documents.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pandas as pd

from govlint import collector
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
from govlint.engine.workers import Job, Outcome, Rows, lint_chunk, lint_files, stack
from govlint.frames import cell_frame, findings_frame, json_evidence
from govlint.model import Document, printable
from govlint.model.result import LintResult

SECTIONS_KEPT = {"一": "section_1", "五": "section_5"}  # the text copied-report compares
_HASH_BLOCK = 1 << 20


def lint_batch(
    paths: Sequence[str], job: Job | None = None, regions: Regions = NO_REGIONS, *, jobs: int | None = None
) -> BatchTables:
    """Lint the files ``paths`` and give their four tables (:mod:`govlint.corpus.tables`).

    ``job`` says what each file is linted with (settings, budget; default: each file's nearest
    configuration file and the default budget); the cells and the documents rows are always
    made. ``regions`` says who published each report (:class:`govlint.corpus.Regions`).

    ``jobs=0`` lints in this process, with no pool and no per-file timer: what a task of a
    cluster framework calls, the framework being the isolation. Otherwise the files go through
    govlint's pool of ``jobs`` worker processes (default: one per core), each file under its
    time and memory budget.

    Every path is in ``documents`` or in ``errors``: a file that cannot be opened is an error
    row of kind ``error``, a file that met a bug in govlint one of kind ``crash``; a file over
    its budget is a documents row with its ``unreadable-input`` finding. Raises
    :class:`govlint.GovlintError` for bad settings (the run's fault, not a file's).
    """
    return batch_tables(batch_outcomes(paths, job, jobs), regions)


def batch_job(job: Job | None) -> Job:
    """``job`` asking for what the four tables need: cells and documents rows, no documents."""
    job = job if job is not None else Job()
    return Job(job.config, job.overrides, cells=True, documents=False, budget=job.budget, record=True)


def batch_outcomes(paths: Sequence[str], job: Job | None, jobs: int | None) -> list[Outcome]:
    """Each file's outcome, in the order of ``paths``."""
    job = batch_job(job)
    if jobs != 0:
        with collector.spared():  # the collections of the run skip what existed before it
            return list(lint_files([str(p) for p in paths], job, jobs))
    outcomes = lint_chunk([str(p) for p in paths], job)
    for outcome in outcomes:
        if outcome.misuse is not None:
            raise outcome.misuse
    return outcomes


def batch_tables(outcomes: Iterable[Outcome], regions: Regions = NO_REGIONS) -> BatchTables:
    """The four tables of the outcomes of a batch (each made by a job of :func:`batch_job`)."""
    documents: list[dict[str, Any]] = []
    cells: list[Rows] = []
    years: list[tuple[int, int | None]] = []  # each file's count of cells and its year
    results: list[LintResult] = []
    errors: list[dict[str, Any]] = []
    region_of: dict[str, str | None] = {}
    for outcome in outcomes:
        if outcome.result is None or outcome.record is None:
            errors.append(_error_row(outcome))
            continue
        info = regions.lookup(outcome.path, outcome.record["organ"])
        row = {**outcome.record, **_organ_columns(info)}
        result = outcome.result
        if row["year"] is None and info.year is not None:  # the report names no year: the path's
            row["year"] = info.year
            result = attrs.evolve(result, year=info.year)
        documents.append(row)
        region_of[row["path"]] = info.region
        if outcome.cells is not None:
            cells.append(outcome.cells)
            years.append((len(outcome.cells), row["year"]))
        results.append(result)
    findings = findings_frame(results)
    return BatchTables(
        documents=typed(pd.DataFrame.from_records(documents, columns=list(DOCUMENT_COLUMNS)), *_DOCUMENTS),
        cells=typed(
            _with_region(_with_years(stack(cells, cell_frame([])), years), region_of), CELLS_COLUMNS, CELLS_DTYPES
        ),
        findings=typed(json_evidence(_with_region(findings, region_of)), FINDING_TABLE_COLUMNS, FINDING_TABLE_DTYPES),
        errors=typed(pd.DataFrame.from_records(errors, columns=list(ERROR_COLUMNS)), ERROR_COLUMNS, ERROR_DTYPES),
    )


_DOCUMENTS = (DOCUMENT_COLUMNS, DOCUMENT_DTYPES)


def _organ_columns(info: Any) -> dict[str, Any]:
    return {
        "organ": info.organ,
        "organ_key": info.organ_key,
        "region": info.region,
        "parent": info.parent,
        "level": info.level,
        "summary": info.summary,
    }


def _with_years(frame: pd.DataFrame, years: list[tuple[int, int | None]]) -> pd.DataFrame:
    """``frame`` with each file's cells in the year of its documents row (the path's, when the
    report names none)."""
    column = [year for count, year in years for _ in range(count)]
    return frame.assign(year=pd.array(column, dtype="Int64"))


def _with_region(frame: pd.DataFrame, region_of: dict[str, str | None]) -> pd.DataFrame:
    return frame.assign(region=pd.array([region_of.get(p) for p in frame["path"]], dtype="string"))


def _error_row(outcome: Outcome) -> dict[str, Any]:
    if outcome.error is not None:
        return {"path": printable(outcome.path), "kind": "error", "message": outcome.error}
    return {"path": printable(outcome.path), "kind": "crash", "message": outcome.crash or "no result"}


def document_record(path: str, document: Document | None, result: LintResult) -> dict[str, Any]:
    """The documents-table row of one file, as its worker makes it (``document`` is None for a
    file that was not read: over its budget, or its worker died). The organ columns are the
    name read from the report; :func:`batch_tables` puts the region table's in their place."""
    sha, size = file_digest(path)
    texts = {column: section_text(document, numeral) for numeral, column in SECTIONS_KEPT.items()}
    return {
        "path": printable(path),
        "sha256": sha,
        "size": size,
        "organ": result.organ,
        "year": result.year,
        "template": result.template,
        "published": result.published,
        "readable": document.readable if document is not None else False,
        "findings": len(result.findings),
        **texts,
    }


def file_digest(path: str) -> tuple[str | None, int | None]:
    """The SHA-256 (hex) and size of the file at ``path``, read in blocks; (None, None) if it
    cannot be read now."""
    digest = hashlib.sha256()
    size = 0
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None, None  # a FIFO would block the open
        with open(path, "rb") as handle:
            while block := handle.read(_HASH_BLOCK):
                digest.update(block)
                size += len(block)
    except OSError:
        return None, None
    return digest.hexdigest(), size


def section_text(document: Document | None, numeral: str) -> str | None:
    """The running text of section ``numeral`` (no tables, no page chrome), or None if absent."""
    if document is None or document.section(numeral) is None:
        return None
    return "\n".join(p.text for p in document.paragraphs if p.section == numeral)
