"""The audit folder: the four tables as Parquet partitioned by year and region, ``run.json``,
written batch by batch and resumable.

Layout (see docs/audit.md)::

    DIR/run.json                                   version, rules and settings, fingerprint, inputs
    DIR/documents/year=Y/region=R/part-*.parquet   (hive partitions; unknown: __HIVE_DEFAULT_PARTITION__)
    DIR/cells/year=Y/region=R/part-*.parquet
    DIR/findings/year=Y/region=R/part-*.parquet    per-report findings; corpus findings in part-corpus-*
    DIR/errors/part-*.parquet
    DIR/_journal/*.json                            which batches are complete (written last)

A part file is written under a temporary name and renamed into place; a batch counts as done
only when its journal entry, written after all its parts, is there. The partition columns
(``year``, ``region``) live in the folder names, not in the files, as Dask and Arrow write them.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pandas as pd

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
    empty,
    typed,
)
from govlint.errors import GovlintError
from govlint.model import printable

RUN_FILE = "run.json"
JOURNAL = "_journal"
CORPUS_JOURNAL = "corpus.json"
DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"
PARTITIONED = ("documents", "cells", "findings")
TABLES: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "documents": (DOCUMENT_COLUMNS, DOCUMENT_DTYPES),
    "cells": (CELLS_COLUMNS, CELLS_DTYPES),
    "findings": (FINDING_TABLE_COLUMNS, FINDING_TABLE_DTYPES),
    "errors": (ERROR_COLUMNS, ERROR_DTYPES),
}
INSTALL_HINT = "pip install 'govlint[audit]'"


class AuditFolderError(GovlintError):
    """An audit folder that cannot be written or read as asked."""


@attrs.frozen
class Entry:
    """One input of the manifest: its name as the tables print it (:func:`govlint.model.printable`),
    size and SHA-256 (None for a file that could not be read), and the path to open."""

    path: str
    size: int | None
    sha256: str | None
    source: str = attrs.field(eq=False, repr=False)


def pyarrow() -> Any:
    """The pyarrow module, or a clear message naming the extra that brings it."""
    try:
        import pyarrow as pa
        import pyarrow.dataset
        import pyarrow.parquet
    except ImportError:
        raise AuditFolderError(f"an audit folder is Parquet, which needs pyarrow: {INSTALL_HINT}") from None
    return pa


# -- writing ------------------------------------------------------------------------------------


def write_batch(folder: Path, batch: str, tables: BatchTables, inputs: Sequence[Entry]) -> None:
    """Write the four tables of one batch, then its journal entry: the batch is done."""
    parts = [*write_parts(folder, batch, tables)]
    record = {"batch": batch, "inputs": [[e.path, e.sha256] for e in inputs], "parts": parts}
    atomic_bytes(folder / JOURNAL / f"{batch}.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))


def write_parts(folder: Path, name: str, tables: BatchTables) -> Iterator[str]:
    """Write each non-empty table of ``tables`` as part files called ``part-<name>``; yields
    their paths relative to ``folder``."""
    for table in PARTITIONED:
        frame = getattr(tables, table)
        if frame.empty:
            continue
        keys = [[_partition(v) for v in frame[column].astype("object")] for column in ("year", "region")]
        for (year, region), group in frame.groupby(keys, sort=True):
            relative = f"{table}/year={year}/region={region}/part-{name}.parquet"
            write_frame(folder / relative, group.drop(columns=["year", "region"]), table)
            yield relative
    if not tables.errors.empty:
        relative = f"errors/part-{name}.parquet"
        write_frame(folder / relative, tables.errors, "errors")
        yield relative


def write_frame(path: Path, frame: pd.DataFrame, table: str) -> None:
    """``frame`` (a table without its partition columns) as one Parquet file, written whole."""
    pa = pyarrow()
    schema = file_schema(table)
    columns, dtypes = TABLES[table]
    frame = typed(frame, tuple(c for c in columns if c in schema.names), dtypes)
    if "state" in frame:  # category codes differ between files: plain text unifies
        frame = frame.assign(state=frame["state"].astype("string"))
    data = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pa.parquet.write_table(data, temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def atomic_bytes(path: Path, data: bytes) -> None:
    """``data`` as the file ``path``, written under a temporary name and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def file_schema(table: str) -> Any:
    """The Arrow schema of a part file of ``table`` (partition columns left out)."""
    pa = pyarrow()
    columns, dtypes = TABLES[table]
    kept = tuple(c for c in columns if table == "errors" or c not in ("year", "region"))
    frame = empty(kept, dtypes)
    if "state" in frame:
        frame = frame.assign(state=frame["state"].astype("string"))
    schema = pa.Schema.from_pandas(frame, preserve_index=False).remove_metadata()
    # plain string, not pandas' large_string: what every Parquet reader expects of text
    return pa.schema([f.with_type(pa.string()) if pa.types.is_large_string(f.type) else f for f in schema])


def _partition(value: Any) -> str:
    if value is None or value is pd.NA:
        return DEFAULT_PARTITION
    return urllib.parse.quote(str(value), safe="")


def new_batch_name() -> str:
    return uuid.uuid4().hex[:16]


# -- the journal and resume -----------------------------------------------------------------------


def journal(folder: Path) -> dict[str, dict[str, Any]]:
    """The batches recorded as done (by name), or {} when the folder has no journal."""
    entries = {}
    for path in sorted((folder / JOURNAL).glob("*.json")):
        if path.name == CORPUS_JOURNAL:
            continue
        try:
            record = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):  # cannot be: it is renamed into place whole; redo the batch
            path.unlink(missing_ok=True)
            continue
        entries[str(record["batch"])] = record
    return entries


def corpus_parts(folder: Path) -> list[str]:
    """The part files of the last complete run of the corpus rules."""
    try:
        return list(json.loads((folder / JOURNAL / CORPUS_JOURNAL).read_text("utf-8"))["parts"])
    except (OSError, ValueError, KeyError):
        return []


def keep_done(folder: Path, manifest: Sequence[Entry]) -> set[tuple[str, str | None]]:
    """Forget the batches of inputs that changed or are no longer asked for (a batch is kept
    whole or redone whole), remove every part no complete batch lists (the leftovers of an
    interrupted run), and give the inputs that are done."""
    current = {(e.path, e.sha256) for e in manifest if e.sha256 is not None}
    done: set[tuple[str, str | None]] = set()
    for name, record in journal(folder).items():
        inputs = {(str(p), s) for p, s in record["inputs"]}
        if inputs <= current:
            done |= inputs
        else:
            (folder / JOURNAL / f"{name}.json").unlink(missing_ok=True)
    remove_orphans(folder)
    return done


def remove_orphans(folder: Path) -> None:
    """Remove the part files and temporary files that no complete batch (or corpus run) lists."""
    listed = {p for record in journal(folder).values() for p in record["parts"]} | set(corpus_parts(folder))
    for table in TABLES:
        root = folder / table
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file() and path.relative_to(folder).as_posix() not in listed:
                path.unlink()
    for path in (folder / JOURNAL).glob(".*.tmp"):
        path.unlink()


def write_corpus(folder: Path, tables: BatchTables) -> None:
    """Replace the findings of the corpus rules: the old parts go, the new ones are written,
    then the journal entry that lists them."""
    for relative in corpus_parts(folder):
        (folder / relative).unlink(missing_ok=True)
    (folder / JOURNAL / CORPUS_JOURNAL).unlink(missing_ok=True)
    parts = list(write_parts(folder, f"corpus-{new_batch_name()}", tables))
    atomic_bytes(folder / JOURNAL / CORPUS_JOURNAL, json.dumps({"parts": parts}).encode("utf-8"))


def prepare(folder: Path, fingerprint: str, overwrite: bool) -> None:
    """Make ``folder`` ready for a run with ``fingerprint``: new, resumed, or (``overwrite``)
    emptied of a previous audit. Refuses a folder that is not an audit folder."""
    if not folder.exists():
        folder.mkdir(parents=True)
        return
    if not folder.is_dir():
        raise AuditFolderError(f"--out {folder}: it is a file, not a folder")
    if not any(folder.iterdir()):
        return
    run = read_run(folder)
    if run is None:
        raise AuditFolderError(
            f"--out {folder}: the folder is not empty and holds no audit ({RUN_FILE}); name a new or empty folder"
        )
    if run.get("fingerprint") == fingerprint:
        return
    if not overwrite:
        raise AuditFolderError(
            f"--out {folder}: it holds an audit made with other rules or settings "
            f"(fingerprint {str(run.get('fingerprint'))[:12]}…, now {fingerprint[:12]}…); "
            "name another folder, or pass --overwrite to replace it"
        )
    for name in (*TABLES, JOURNAL):
        shutil.rmtree(folder / name, ignore_errors=True)
    (folder / RUN_FILE).unlink(missing_ok=True)


def read_run(folder: Path) -> dict[str, Any] | None:
    """The folder's ``run.json``, or None when it has none (or it is not an audit's)."""
    try:
        run = json.loads((folder / RUN_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return run if isinstance(run, dict) and "fingerprint" in run else None


# -- reading ------------------------------------------------------------------------------------


def read_table(folder: Path, table: str, columns: Sequence[str] | None = None, where: Any = None) -> pd.DataFrame:
    """One table of the audit folder, with its columns (or ``columns``) and dtypes; ``where``:
    a pyarrow expression the rows read must satisfy (they are filtered as they are read).

    Only the parts of complete batches are read when the folder has a journal; a folder
    written by another engine without one is read whole."""
    all_columns, dtypes = TABLES[table]
    wanted = tuple(columns) if columns is not None else all_columns
    files = _parts(folder, table)
    if not files:
        return empty(wanted, dtypes)
    pa = pyarrow()
    ds = pa.dataset
    schema = file_schema(table)
    partitioning = None
    if table in PARTITIONED:
        fields = pa.schema([("year", pa.int64()), ("region", pa.string())])
        partitioning = ds.partitioning(fields, flavor="hive")
        schema = pa.unify_schemas([schema, fields])
    dataset = ds.dataset(
        [str(f) for f in files],
        schema=schema,
        format="parquet",
        partitioning=partitioning,
        partition_base_dir=str(folder / table),
    )
    frame = dataset.to_table(columns=list(wanted), filter=where).to_pandas(types_mapper=_pandas_type)
    frame = typed(frame, wanted, dtypes)
    return frame.sort_values("path", kind="stable", ignore_index=True) if "path" in wanted else frame


def _parts(folder: Path, table: str) -> list[Path]:
    if (folder / JOURNAL).is_dir():
        listed = [p for record in journal(folder).values() for p in record["parts"]] + corpus_parts(folder)
        return sorted(folder / p for p in listed if p.split("/", 1)[0] == table and (folder / p).is_file())
    root = folder / table
    found = root.rglob("*.parquet") if root.is_dir() else iter(())
    return sorted(p for p in found if not any(part.startswith((".", "_")) for part in p.relative_to(root).parts))


def _pandas_type(arrow_type: Any) -> Any:
    pa = pyarrow()
    mapping = {
        pa.int64(): pd.Int64Dtype(),
        pa.int32(): pd.Int64Dtype(),
        pa.string(): pd.StringDtype(),
        pa.large_string(): pd.StringDtype(),
        pa.bool_(): pd.BooleanDtype(),
        pa.float64(): pd.Float64Dtype(),
    }
    return mapping.get(arrow_type)


def digests(paths: Iterable[str]) -> list[Entry]:
    """The manifest of ``paths``: each file's size and SHA-256 (None when it cannot be read)."""
    from govlint.corpus.batch import file_digest

    out = []
    for path in paths:
        sha, size = file_digest(path)
        out.append(Entry(printable(path), size, sha, path))
    return out
