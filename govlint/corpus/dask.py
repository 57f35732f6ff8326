"""The corpus audit as a Dask graph: the same folder as ``govlint audit``, written by a cluster.

One ``dd.from_map`` task per batch of the input manifest calls :func:`govlint.corpus.lint_batch`
in a Dask worker and holds the batch's four tables; one selector per table feeds its
``to_parquet``, and the four writes are computed together, so each file is parsed once however
many tables it fills. The part files are those of the audit folder (the same schemas and hive
partitions; :mod:`govlint.corpus.dataset`), and the run is recorded in the folder's journal
when every write is done, so an interrupted run leaves nothing that a rerun would read, and a
rerun (on Dask or not) skips what is done. The corpus rules then run in this process (the
*driver*) over the documents and cells written (:func:`govlint.corpus.runner.run_corpus_rules`).

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

import json
import multiprocessing
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from govlint.corpus.batch import lint_batch
from govlint.corpus.dataset import (
    JOURNAL,
    PARTITIONED,
    TABLES,
    Entry,
    atomic_bytes,
    digests,
    file_schema,
    new_batch_name,
    read_table,
    write_parts,
)
from govlint.corpus.regions import NO_REGIONS, Regions
from govlint.corpus.tables import BatchTables, empty, typed
from govlint.engine.workers import Job, default_jobs
from govlint.errors import GovlintError

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

__all__ = ["DaskAudit", "audit_dask", "lint_on_dask", "local_cluster", "manifest", "read_table", "require_dask"]

INSTALL = "pip install 'govlint[dask]'"
BATCH = 64  # files per task: enough to pay for a task and its worker pool, small enough to spread
PARTITION_ON = ("year", "region")


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


def manifest(paths: Sequence[str]) -> list[Entry]:
    """The manifest of ``paths``: each path with its size and SHA-256 (None for a file that
    cannot be read: it becomes an error row)."""
    return digests(paths)


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
    entries: Sequence[Entry],
    out: str | Path,
    *,
    job: Job | None = None,
    regions: Regions = NO_REGIONS,
    scheduler: str | None = None,
    workers: int | None = None,
    batch: int = BATCH,
) -> DaskAudit:
    """Audit the files of the manifest ``entries`` (see :func:`manifest`) on Dask into the new
    folder ``out``, with ``regions`` as given (``govlint.audit(..., engine="dask")`` is the same
    run with the settings' regions, and resumes).

    ``scheduler``: the address of a running Dask scheduler (any cluster); without it a
    :func:`local_cluster` of ``workers`` processes is started and stopped. ``batch``: the most
    files per task. Every entry ends up in ``documents`` or ``errors``.
    """
    from govlint.corpus.runner import describe_run, run_corpus_rules
    from govlint.engine.config import load_config

    require_dask()
    job = job if job is not None else Job()
    out = Path(out)
    if any(out.iterdir() if out.is_dir() else ()):
        raise GovlintError(f"{out} is not empty: give a new folder, or audit with govlint.audit to resume")
    counts = lint_on_dask(out, entries, job, regions, scheduler=scheduler, workers=workers, batch=batch)
    settings = (job.config if job.config is not None else load_config(Path.cwd())).merged(**job.overrides)
    corpus = run_corpus_rules(out, settings, regions)
    inputs = [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in entries]
    record = {**describe_run(settings, regions), "engine": "dask", "inputs": inputs}
    atomic_bytes(out / "run.json", json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
    return DaskAudit(
        out, len(entries), counts["documents"], counts["cells"], counts["findings"], counts["errors"], corpus
    )


def lint_on_dask(
    folder: Path,
    entries: Sequence[Entry],
    job: Job,
    regions: Regions,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    batch: int = BATCH,
) -> dict[str, int]:
    """Lint ``entries`` on Dask into ``folder`` as one batch of the audit folder's journal: the
    part files, an error row for any entry no table holds, then the journal entry. The rows
    written per table."""
    from distributed import Client

    name = new_batch_name()
    if scheduler is not None:
        with Client(scheduler) as client:
            counts = _run(client, list(entries), folder, job, regions, batch, name)
    else:
        with local_cluster(workers) as cluster, Client(cluster) as client:
            counts = _run(client, list(entries), folder, job, regions, batch, name)
    parts = sorted(p.relative_to(folder).as_posix() for t in TABLES for p in (folder / t).rglob(f"part-{name}-*"))
    lost = _account(folder, entries, parts, name)
    counts["errors"] += len(lost)
    record = {"batch": name, "inputs": [[e.path, e.sha256] for e in entries], "parts": [*parts, *lost]}
    atomic_bytes(folder / JOURNAL / f"{name}.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return counts


def _run(
    client: Client, entries: list[Entry], out: Path, job: Job, regions: Regions, size: int, name: str
) -> dict[str, int]:
    """Write the four tables of ``entries`` from one graph; the rows written per table."""
    import dask
    import dask.dataframe as dd
    from dask.base import compute

    slots = max(1, sum(client.nthreads().values()))
    size = max(1, min(size, -(-len(entries) // (slots * 4))))  # every worker gets several batches
    batches = [[e.source for e in entries[i : i + size]] for i in range(0, len(entries), size)] or [[]]
    # The partitions hold each batch's tables as one object: no string conversion of that column.
    with dask.config.set({"dataframe.convert-string": False}):
        held = dd.from_map(_lint_part, batches, job=job, regions=regions, meta=_HELD, enforce_metadata=False)
        writes, counts = [], []
        for table, (columns, dtypes) in TABLES.items():
            frame = held.map_partitions(_select, table, meta=empty(columns, dtypes))
            writes.append(_to_parquet(frame, out, table, name))
            counts.append(frame.map_partitions(len).sum())
        done = compute(*writes, *counts)
    return {table: int(n) for table, n in zip(TABLES, done[len(writes) :], strict=True)}


_HELD = pd.DataFrame({"tables": pd.Series([], dtype=object)})


def _lint_part(paths: list[str], job: Job, regions: Regions) -> pd.DataFrame:
    """In a Dask worker: the batch's tables, linted in govlint's pool when this process may
    start one (a daemonic process may not: then in this thread)."""
    jobs = 0 if multiprocessing.current_process().daemon else 1
    tables = lint_batch(paths, job, regions, jobs=jobs)
    return pd.DataFrame({"tables": pd.Series([tables], dtype=object)})


def _select(held: pd.DataFrame, table: str) -> pd.DataFrame:
    columns, dtypes = TABLES[table]
    frames = [getattr(t, table) for t in held["tables"] if isinstance(t, BatchTables)]
    frame = typed(pd.concat(frames, ignore_index=True), columns, dtypes) if frames else empty(columns, dtypes)
    return frame.assign(state=frame["state"].astype("string")) if "state" in frame else frame


def _to_parquet(frame: Any, out: Path, table: str, name: str) -> Any:
    """The (lazy) write of ``frame`` as the audit table ``table`` of the folder ``out``, with the
    folder's file schema: hive partitions by year and region (``__HIVE_DEFAULT_PARTITION__``
    when missing) but for the errors, files ``part-<name>-NNNNN.parquet``."""
    import pyarrow as pa

    schema = file_schema(table)
    if table in PARTITIONED:
        schema = schema.append(pa.field("year", pa.int64())).append(pa.field("region", pa.string()))
    return frame.to_parquet(
        str(out / table),
        engine="pyarrow",
        partition_on=list(PARTITION_ON) if table in PARTITIONED else None,
        name_function=lambda i: f"part-{name}-{i:05d}.parquet",
        write_index=False,
        write_metadata_file=False,
        schema=schema,
        compute=False,
    )


def _account(folder: Path, entries: Sequence[Entry], parts: Sequence[str], name: str) -> list[str]:
    """An error row for each entry that no table of the run holds (none, unless govlint has a
    bug): no input is lost in silence. The part files written for them."""
    seen: set[str] = set()
    for table in ("documents", "errors"):
        files = [folder / p for p in parts if p.startswith(f"{table}/")]
        if files:
            import pyarrow.parquet as pq

            seen |= {str(p) for f in files for p in pq.read_table(f, columns=["path"]).column("path").to_pylist()}
    lost = [e.path for e in entries if e.path not in seen]
    if not lost:
        return []
    message = "no outcome came back for this file (a bug in govlint)"
    errors = typed(pd.DataFrame({"path": lost, "kind": "crash", "message": message}), *TABLES["errors"])
    empties = {t: empty(*TABLES[t]) for t in ("documents", "cells", "findings")}
    tables = BatchTables(**empties, errors=errors)
    return list(write_parts(folder, f"{name}-lost", tables))
