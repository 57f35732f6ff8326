"""Running an audit into a folder (:func:`audit`) and opening one (:func:`open_audit`).

The inputs are found as ``govlint check`` finds them, listed with their size and SHA-256 (the
manifest), linted in batches through :func:`govlint.corpus.batch.batch_tables` in govlint's
worker pool, and each batch's tables are written as soon as it is complete, so memory does not
grow with the number of files. The corpus rules run once at the end, on the tables read back.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Unpack

import attrs
import pandas as pd

from govlint import collector
from govlint.corpus.batch import batch_job, batch_tables
from govlint.corpus.dataset import (
    RUN_FILE,
    AuditFolderError,
    Entry,
    atomic_bytes,
    digests,
    keep_done,
    new_batch_name,
    prepare,
    pyarrow,
    read_run,
    read_table,
    write_batch,
    write_corpus,
)
from govlint.corpus.regions import Regions
from govlint.corpus.tables import (
    CELLS_COLUMNS,
    CELLS_DTYPES,
    DOCUMENT_COLUMNS,
    DOCUMENT_DTYPES,
    ERROR_COLUMNS,
    ERROR_DTYPES,
    FINDING_TABLE_COLUMNS,
    FINDING_TABLE_DTYPES,
    RULE_INPUT_COLUMNS,
    BatchTables,
    CorpusTables,
    empty,
    typed,
)
from govlint.discovery import report_files
from govlint.engine.config import Config, Settings, checked_settings, load_config
from govlint.engine.registry import Registry
from govlint.engine.workers import Job, Outcome, lint_files
from govlint.frames import crash_summary, json_evidence, json_text
from govlint.model import Finding, Severity
from govlint.model.result import FINDING_COLUMNS

if TYPE_CHECKING:
    from govlint.frames import Audit

Engine = Literal["local", "dask"]
DEFAULT_BATCH_SIZE = 200  # files per batch: a part file of each table per batch and partition


@attrs.frozen
class AuditRun:
    """What one run of :func:`run_audit` did: the folder, the inputs, what was skipped (done
    before), and the run's settings (for the exit status)."""

    folder: Path
    inputs: int
    skipped: int
    settings: Config


def audit(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    overwrite: bool = False,
    engine: Engine = "local",
    scheduler: str | None = None,
    **overrides: Unpack[Settings],
) -> Audit:
    """Lint every report in ``paths`` into the audit folder ``out`` and open it.

    The reports are found and linted as :func:`govlint.lint_many` finds and lints them
    (``config``, ``overrides``, ``jobs``), in batches of ``batch_size`` files, and each batch's
    tables are written to ``out`` as Parquet as soon as it is done (layout: docs/audit.md).
    Who published each report is the organ named in it, or what the settings ``regions`` (a
    region table), ``aliases`` and ``organ_pattern`` say (docs/audit.md, "Regions"). Then the
    corpus rules run over the whole folder.

    ``engine="dask"`` lints on a Dask cluster instead of govlint's worker pool (``pip install
    'govlint[dask]'``): a local cluster of ``jobs`` processes, or the cluster whose scheduler is
    at ``scheduler`` (``tcp://host:port``; it implies the Dask engine); the folder and its
    findings are the same.

    Run again with the same rules and settings, the files already done (same path and content)
    are skipped: an interrupted audit resumes. A folder holding an audit made with other rules
    or settings is refused unless ``overwrite``; a non-empty folder that holds no audit always
    is. An interrupt (``KeyboardInterrupt``) keeps the batches that were complete.

    The returned :class:`govlint.Audit` holds every table in memory; for a large corpus, read
    the folder's tables selectively instead (:func:`govlint.corpus.dataset.read_table`).
    """
    from govlint.frames import _warn_missing

    _warn_missing(paths)
    done = run_audit(
        paths,
        out,
        config=config,
        jobs=jobs,
        batch_size=batch_size,
        overwrite=overwrite,
        engine=engine,
        scheduler=scheduler,
        **overrides,
    )
    return open_audit(done.folder)


def run_audit(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    overwrite: bool = False,
    progress: Callable[[], None] | None = None,
    started: Callable[[int], None] | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    **overrides: Any,
) -> AuditRun:
    """:func:`audit` without opening the folder at the end (what the command line runs).
    ``started(n)`` is told the number of files to lint, ``progress()`` each one done."""
    checked_settings("audit", overrides)
    if batch_size < 1:
        raise AuditFolderError(f"batch_size must be 1 or more, not {batch_size!r}")
    if scheduler is not None:  # a cluster's address: Dask it is
        engine = "dask"
    if engine not in ("local", "dask"):
        raise AuditFolderError(f"engine must be 'local' or 'dask', not {engine!r}")
    if engine == "dask":
        from govlint.corpus.dask import require_dask

        require_dask()
    pyarrow()
    settings = (config or load_config(Path.cwd())).merged(**overrides)
    regions = settings.load_regions()
    description = describe_run(settings, regions)
    folder = Path(out)
    prepare(folder, description["fingerprint"], overwrite)
    unlisted: list[tuple[Path, OSError]] = []
    files = report_files(paths, unlisted, settings.discovery())
    manifest = digests([str(f) for f in files])
    run_json = {**description, "engine": engine, "batch_size": batch_size, "inputs": _inputs(manifest)}
    atomic_bytes(folder / RUN_FILE, json.dumps(run_json, ensure_ascii=False, indent=1).encode("utf-8"))
    finished = keep_done(folder, manifest)
    # inputs that cannot be read now are done again on every run: alone, not with a batch of others
    todo = sorted((e for e in manifest if (e.path, e.sha256) not in finished), key=lambda e: e.sha256 is None)
    if started is not None:
        started(len(todo))
    job = batch_job(Job(config, dict(overrides), budget=settings.budget()))
    if engine == "dask":  # a cluster lints what can be read; this process the rest (error rows)
        from govlint.corpus.dask import lint_on_dask

        readable = [e for e in todo if e.sha256 is not None]
        if readable:
            lint_on_dask(folder, readable, job, regions, scheduler=scheduler, workers=jobs)
        if progress is not None:
            for _ in readable:
                progress()
        todo = todo[len(readable) :]
    outcomes = lint_files([e.source for e in todo], job, jobs)
    with collector.spared():  # the collections of the run skip what existed before it
        try:
            for entries, batch in _batches(todo, outcomes, batch_size, progress):
                write_batch(folder, new_batch_name(), batch_tables(batch, regions), entries)
        finally:
            stop = getattr(outcomes, "close", None)
            if stop is not None:  # an interrupt: stop the workers now
                stop()
    run_corpus_rules(folder, settings, regions, unlisted)
    return AuditRun(folder, len(manifest), len(manifest) - len(todo), settings)


def _batches(
    todo: Sequence[Entry], outcomes: Iterator[Outcome], size: int, progress: Callable[[], None] | None
) -> Iterator[tuple[list[Entry], list[Outcome]]]:
    entries: list[Entry] = []
    batch: list[Outcome] = []
    for entry, outcome in zip(todo, outcomes, strict=False):
        if entries and (entry.sha256 is None) != (entries[-1].sha256 is None):
            yield entries, batch
            entries, batch = [], []
        entries.append(entry)
        batch.append(outcome)
        if progress is not None:
            progress()
        if len(batch) == size:
            yield entries, batch
            entries, batch = [], []
    if batch:
        yield entries, batch


def _inputs(manifest: Sequence[Entry]) -> list[dict[str, Any]]:
    return [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in manifest]


def describe_run(settings: Config, regions: Regions, registry: Registry | None = None) -> dict[str, Any]:
    """What the findings of a run depend on, and its fingerprint: govlint's version, the rules
    selected with their severities and options, the budget and per-file ignores, the regions."""
    from govlint import __version__
    from govlint.engine.runner import builtin_registry

    described = settings.describe(None, registry or builtin_registry())
    facts = {
        "govlint": __version__,
        "rules": described["rules"],
        "settings": {
            "time-budget": described["time-budget"],
            "memory-budget": described["memory-budget"],
            "per-file-ignores": described["per-file-ignores"],
        },
        "regions": regions.fingerprint,
    }
    text = json.dumps(facts, ensure_ascii=False, sort_keys=True, default=str)
    return {**facts, "fail-on": settings.fail_on.value, "fingerprint": hashlib.sha256(text.encode()).hexdigest()}


def run_corpus_rules(
    folder: Path, settings: Config, regions: Regions, unlisted: Sequence[tuple[Path, OSError]] = ()
) -> int:
    """Run the corpus rules over the folder's tables and replace their findings (and the error
    rows of folders that could not be listed, which belong to no batch)."""
    from govlint.engine.corpus import cells_needed, run_corpus  # the corpus runner builds on these tables
    from govlint.model import printable

    documents = read_table(folder, "documents", RULE_INPUT_COLUMNS["documents"])
    rows, paths = cells_needed(documents, regions)  # not every cell: the driver's memory
    pa = pyarrow()
    where = pa.dataset.field("row_key").isin(pa.array(sorted(rows), pa.string()))
    if paths:
        where = where | pa.dataset.field("path").isin(pa.array(sorted(paths), pa.string()))
    cells = read_table(folder, "cells", RULE_INPUT_COLUMNS["cells"], where)
    findings = run_corpus(CorpusTables(documents, cells), settings, regions)
    every = read_table(folder, "documents", ("path", "organ", "year", "template", "region"))
    errors = [{"path": printable(str(p)), "kind": "error", "message": e.strerror or str(e)} for p, e in unlisted]
    write_corpus(
        folder,
        BatchTables(
            documents=empty(DOCUMENT_COLUMNS, DOCUMENT_DTYPES),
            cells=empty(CELLS_COLUMNS, CELLS_DTYPES),
            findings=corpus_findings(findings, every),
            errors=typed(pd.DataFrame.from_records(errors, columns=list(ERROR_COLUMNS)), ERROR_COLUMNS, ERROR_DTYPES),
        ),
    )
    return len(findings)


def corpus_findings(findings: Sequence[Finding], documents: pd.DataFrame) -> pd.DataFrame:
    """The findings-table rows of corpus findings: each with its report's organ, year, template
    and region (from the documents table, by path), and the other side (``related``, JSON).

    A finding about an organ with no report (``missing-report``: path ``<region>/<organ>``)
    takes its organ and region from that path and its year from ``expected``."""
    records = []
    for finding in findings:
        data = finding.to_dict()
        record = {k: data[k] for k in FINDING_COLUMNS}
        record["related"] = json_text(data.get("related") or None)
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=[*FINDING_COLUMNS, "related"])
    heads = documents.drop_duplicates("path").set_index("path")
    for column in ("organ", "year", "template", "region"):
        frame[column] = frame["path"].map(heads[column]) if len(heads) else None
    for index, finding in enumerate(findings):
        if finding.rule == "missing-report" and finding.location.path not in heads.index:
            region, _, organ = finding.location.path.rpartition("/")
            frame.loc[index, ["organ", "year", "region"]] = [organ, finding.expected, region or None]
    return typed(json_evidence(frame), FINDING_TABLE_COLUMNS, FINDING_TABLE_DTYPES)


def open_audit(folder: str | os.PathLike[str]) -> Audit:
    """The audit folder ``folder`` as a :class:`govlint.Audit`: findings and cells with the
    columns and dtypes of :func:`govlint.lint_many` (evidence decoded from its JSON text), the
    error rows as ``errors``, and the ``documents`` table. ``results`` is empty: a report's
    :class:`LintResult` is ``audit.report(path)``."""
    from govlint.frames import CELL_COLUMNS, CELL_DTYPES, FINDINGS_COLUMNS, FINDINGS_DTYPES, Audit

    root = Path(folder)
    run = read_run(root)
    if run is None and not any((root / t).is_dir() for t in ("documents", "findings", "cells")):
        raise AuditFolderError(f"{root}: not an audit folder (no {RUN_FILE}, no tables)")
    findings = read_table(root, "findings")
    for column in ("expected", "actual"):
        findings[column] = pd.array([_unjson(v) for v in findings[column]], dtype="object")
    errors = read_table(root, "errors")
    return Audit(
        results=(),
        findings=findings[list(FINDINGS_COLUMNS)].astype(FINDINGS_DTYPES),
        cells=typed(read_table(root, "cells"), CELL_COLUMNS, CELL_DTYPES),
        errors=tuple(_error(*row) for row in errors.itertuples(index=False)),
        documents=read_table(root, "documents"),
        folder=str(root),
        run_info=run or {},
    )


def _unjson(value: Any) -> Any:
    return None if value is None or value is pd.NA else json.loads(value)


def _error(path: str, kind: str, message: Any) -> tuple[str, str]:
    return path, crash_summary(str(message)) if kind == "crash" else str(message)


def failing(folder: Path, fail_on: Severity) -> int:
    """The number of findings in the folder at or above ``fail_on``."""
    severities = read_table(folder, "findings", ("severity",))["severity"]
    ranks = {s.value: s.rank for s in Severity}
    return int(sum(1 for s in severities if ranks.get(str(s), 0) >= fail_on.rank))
