"""The corpus audit as a Dask graph: the same folder as ``govlint audit``, written by a cluster.

One ``dd.from_map`` task per batch of the input manifest calls :func:`govlint.corpus.lint_batch`
in a Dask worker and holds the batch's four tables; one selector per table feeds its
``to_parquet``, and the four writes are computed together, so each file is parsed once however
many tables it fills. The corpus rules then run in this process (the *driver*) over the
documents and cells just written, and their findings are written as part files of their own.

Where the budgets hold: in a worker process that may start processes of its own (a
:func:`local_cluster` starts its workers so; elsewhere set ``distributed.worker.daemon`` to
False), each batch is linted in govlint's worker pool, one file at a time per Dask worker, each
file under its time and memory budget, and a file that kills its process is that file's
``unreadable-input`` finding. In a daemonic worker (Dask's default) no pool can start: files are
linted in the task's thread, where only the parsers' size and count budgets hold (no timer: the
signal needs the main thread; no memory cap: it would be the whole worker's), and a file that
kills its process kills the worker (Dask retries the task elsewhere, then gives up).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from govlint.audit import findings_frame
from govlint.corpus.batch import lint_batch
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
    RULE_INPUT_COLUMNS,
    BatchTables,
    CorpusTables,
    empty,
    typed,
)
from govlint.engine.config import Config, load_config
from govlint.engine.corpus import run_corpus
from govlint.engine.workers import Job, default_jobs
from govlint.errors import GovlintError
from govlint.model import Finding, printable
from govlint.model.result import LintResult

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

INSTALL = "pip install 'govlint[dask]'"
BATCH = 64  # files per task: enough to pay for a task and its worker pool, small enough to spread
PARTITION_ON = ("year", "region")
SCHEMAS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "documents": (DOCUMENT_COLUMNS, DOCUMENT_DTYPES),
    "cells": (CELLS_COLUMNS, CELLS_DTYPES),
    "findings": (FINDING_TABLE_COLUMNS, FINDING_TABLE_DTYPES),
    "errors": (ERROR_COLUMNS, ERROR_DTYPES),
}
Manifest = Sequence[Mapping[str, Any]]  # entries {path, size, sha256}, as run.json lists them


@attrs.frozen
class DaskAudit:
    """What :func:`audit_dask` wrote: rows per table (``findings`` counts the per-report ones,
    ``corpus_findings`` those of the corpus rules)."""

    out: Path
    files: int
    documents: int
    cells: int
    findings: int
    errors: int
    corpus_findings: int


def require_dask() -> None:
    """Raise a :class:`GovlintError` naming the pip command when the ``dask`` extra is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise GovlintError(f"the Dask audit needs the dask extra ({exc.name} is missing): {INSTALL}") from None


def manifest(paths: Sequence[str]) -> list[dict[str, Any]]:
    """The manifest of ``paths``: each path with its size and SHA-256 (None for a file that
    cannot be read: its batch gives it an error row)."""
    entries = []
    for path in paths:
        digest, size = hashlib.sha256(), 0
        try:
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
            entries.append({"path": path, "size": size, "sha256": digest.hexdigest()})
        except OSError:
            entries.append({"path": path, "size": None, "sha256": None})
    return entries


@contextmanager
def local_cluster(workers: int | None = None) -> Iterator[LocalCluster]:
    """A cluster of ``workers`` processes on this machine (default: one per core), one thread
    each, started non-daemonic so that each can run govlint's worker pool (the budgets)."""
    require_dask()
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(
            n_workers=workers or default_jobs(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
    try:
        yield cluster
    finally:
        cluster.close()


def audit_dask(
    manifest_entries: Manifest,
    out: str | Path,
    *,
    job: Job | None = None,
    regions: Regions = NO_REGIONS,
    scheduler: str | None = None,
    workers: int | None = None,
    batch: int = BATCH,
) -> DaskAudit:
    """Audit the files of ``manifest_entries`` (see :func:`manifest`) on Dask into the folder ``out``.

    ``scheduler``: the address of a running Dask scheduler (any cluster); without it a
    :func:`local_cluster` of ``workers`` processes is started and stopped. ``batch``: the most
    files per task (fewer when there are not four batches per worker thread). Every entry ends
    up in ``documents`` or ``errors``.
    """
    require_dask()
    from distributed import Client

    job = job if job is not None else Job()
    out = Path(out)
    _refuse_written(out)
    entries = [dict(e) for e in manifest_entries]
    if scheduler is not None:
        with Client(scheduler) as client:
            counts = _run(client, entries, out, job, regions, batch)
    else:
        with local_cluster(workers) as cluster, Client(cluster) as client:
            counts = _run(client, entries, out, job, regions, batch)
    lost = _account(out, entries)
    settings = (job.config if job.config is not None else load_config(Path.cwd())).merged(**job.overrides)
    corpus = _write_corpus_findings(out, settings, regions)
    _write_run_json(out, entries, scheduler)
    documents, cells, findings, errors = counts
    return DaskAudit(out, len(entries), documents, cells, findings, errors + lost, corpus)


def _refuse_written(out: Path) -> None:
    written = [name for name in SCHEMAS if (out / name).exists() and any((out / name).iterdir())]
    if written:
        raise GovlintError(f"{out} holds an audit already ({', '.join(written)}): give another --out or remove it")


def _run(client: Client, entries: list[dict[str, Any]], out: Path, job: Job, regions: Regions, size: int) -> Any:
    """Write the four tables of ``entries`` from one graph; the rows written per table."""
    import dask
    import dask.dataframe as dd
    from dask.base import compute

    slots = max(1, sum(client.nthreads().values()))
    size = max(1, min(size, -(-len(entries) // (slots * 4))))  # every worker gets several batches
    batches = [entries[i : i + size] for i in range(0, len(entries), size)] or [[]]
    # The partitions hold each batch's tables as one object: no string conversion of that column.
    with dask.config.set({"dataframe.convert-string": False}):
        held = dd.from_map(_lint_part, batches, job=job, regions=regions, meta=_HELD, enforce_metadata=False)
        writes, counts = [], []
        for name, (columns, dtypes) in SCHEMAS.items():
            table = held.map_partitions(_select, name, meta=empty(columns, dtypes))
            writes.append(_to_parquet(table, out, name))
            counts.append(table.map_partitions(len).sum())
        done = compute(*writes, *counts)
    return [int(n) for n in done[len(writes) :]]


_HELD = pd.DataFrame({"tables": pd.Series([], dtype=object)})


def _lint_part(entries: list[dict[str, Any]], job: Job, regions: Regions) -> pd.DataFrame:
    """In a Dask worker: the batch's tables, linted in govlint's pool when this process may
    start one (a daemonic process may not: then in this thread)."""
    paths = [str(e["path"]) for e in entries]
    jobs = 0 if multiprocessing.current_process().daemon else 1
    tables = lint_batch(paths, job, regions, jobs=jobs)
    return pd.DataFrame({"tables": pd.Series([tables], dtype=object)})


def _select(held: pd.DataFrame, name: str) -> pd.DataFrame:
    columns, dtypes = SCHEMAS[name]
    frames = [getattr(t, name) for t in held["tables"] if isinstance(t, BatchTables)]
    return typed(pd.concat(frames, ignore_index=True), columns, dtypes) if frames else empty(columns, dtypes)


def _to_parquet(table: Any, out: Path, name: str, prefix: str = "part") -> Any:
    """The (lazy) write of ``table`` as the audit table ``name`` of the folder ``out``: hive
    partitions by year and region (a missing one is ``__HIVE_DEFAULT_PARTITION__``) but for the
    errors, files ``<prefix>-NNNNN.parquet``."""
    import pyarrow as pa

    columns, dtypes = SCHEMAS[name]
    return table.to_parquet(
        str(out / name),
        engine="pyarrow",
        partition_on=list(PARTITION_ON) if name != "errors" else None,
        name_function=lambda i: f"{prefix}-{i:05d}.parquet",
        write_index=False,
        write_metadata_file=False,
        schema=pa.Schema.from_pandas(empty(columns, dtypes), preserve_index=False),
        compute=False,
    )


def _write_frame(frame: pd.DataFrame, out: Path, name: str, prefix: str) -> None:
    """Write a table made in this process, as the tasks write theirs."""
    import dask
    import dask.dataframe as dd

    with dask.config.set({"dataframe.convert-string": False}):  # the dtypes of the tasks' files
        _to_parquet(dd.from_pandas(frame, npartitions=1), out, name, prefix).compute()


def read_table(out: str | Path, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A table of the audit folder ``out`` with the contract's dtypes (``columns``: a subset)."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    all_columns, dtypes = SCHEMAS[name]
    wanted = tuple(columns or all_columns)
    folder = Path(out) / name
    files = sorted(str(p) for p in folder.rglob("*.parquet")) if folder.is_dir() else []
    if not files:
        return empty(wanted, dtypes)
    partitioning = None
    if name != "errors":
        keys = pa.schema([("year", pa.int64()), ("region", pa.string())])
        partitioning = ds.partitioning(keys, flavor="hive")
    dataset = ds.dataset(files, format="parquet", partitioning=partitioning, partition_base_dir=str(folder))
    frame = dataset.to_table(columns=list(wanted)).to_pandas()
    return typed(frame, wanted, dtypes)


def _account(out: Path, entries: list[dict[str, Any]]) -> int:
    """An error row for each manifest entry that neither table has (none, unless govlint has a
    bug): no input is lost in silence. The number of rows added."""
    seen = set(read_table(out, "documents", ["path"])["path"]) | set(read_table(out, "errors", ["path"])["path"])
    lost = [name for e in entries if (name := printable(str(e["path"]))) not in seen]
    if lost:
        message = "no outcome came back for this file (a bug in govlint)"
        frame = typed(pd.DataFrame({"path": lost, "kind": "crash", "message": message}), *SCHEMAS["errors"])
        _write_frame(frame, out, "errors", "part-lost")
    return len(lost)


def _write_corpus_findings(out: Path, config: Config, regions: Regions) -> int:
    """Run the corpus rules over the documents and cells written, and write their findings."""
    documents = read_table(out, "documents", RULE_INPUT_COLUMNS["documents"])
    cells = read_table(out, "cells", RULE_INPUT_COLUMNS["cells"])
    findings = run_corpus(CorpusTables(documents, cells), config, regions)
    if not findings:
        return 0
    frame = corpus_findings_table(findings, documents)
    _write_frame(frame, out, "findings", "part-corpus")
    return len(frame)


def corpus_findings_table(findings: Sequence[Finding], documents: pd.DataFrame) -> pd.DataFrame:
    """The findings-table rows of corpus findings, each with its report's organ, year,
    template and region from ``documents`` (by path)."""
    from govlint.corpus.batch import _json_evidence

    known: dict[str, dict[str, Any]] = {
        str(row["path"]): {str(k): None if pd.isna(v) else v for k, v in row.items()}
        for row in documents.drop_duplicates("path").to_dict("records")
    }
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.location.path, []).append(finding)
    results = []
    for path, found in by_path.items():
        of = known.get(path, {})
        year = of.get("year")
        results.append(
            LintResult(
                path, tuple(found), (), organ=of.get("organ"), year=None if year is None else int(year),
                template=of.get("template"),
            )
        )  # fmt: skip
    frame = findings_frame(results)
    frame = frame.assign(region=frame["path"].map({p: known.get(p, {}).get("region") for p in by_path}))
    return typed(_json_evidence(frame), FINDING_TABLE_COLUMNS, FINDING_TABLE_DTYPES)


def _write_run_json(out: Path, entries: list[dict[str, Any]], scheduler: str | None) -> None:
    """``run.json`` (the dataset writer's record: govlint version, engine, inputs)."""
    from govlint import __version__

    inputs = [{**e, "path": printable(str(e["path"]))} for e in entries]  # UTF-8 whatever the file names
    record = {"govlint": __version__, "engine": "dask", "scheduler": scheduler or "local", "inputs": inputs}
    (out / "run.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
