"""What the corpus rules read from the tables of a corpus, prepared once per run.

The tables may come from ``govlint audit`` (in any row order, from any number of workers) or
from another tool that writes the documented columns; everything here is sorted and typed so
that the rules give the same findings whatever the order and the dtypes of the input.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from govlint.model import Location, Related
from govlint.model.table import plain_number
from govlint.templates import VERSIONS, get_template

DOCUMENT_KEYS = ["path", "organ", "organ_key", "region", "parent", "summary", "year", "template"]
CELL_KEYS = ["path", "table", "row_key", "col_key", "row", "col", "state", "value"]


def documents(tables: Any, ctx: Any) -> pd.DataFrame:
    """The documents table, sorted by path: text columns as Python strings or None, ``year`` as
    a nullable integer, ``summary`` as a plain bool (unknown is not a summary)."""

    def compute() -> pd.DataFrame:
        frame = tables.documents.reindex(columns=DOCUMENT_KEYS)
        out = pd.DataFrame({c: _strings(frame[c]) for c in DOCUMENT_KEYS if c not in ("summary", "year")})
        out["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
        out["summary"] = frame["summary"].astype("boolean").fillna(False).astype(bool)
        out = out[out["path"].notna()].sort_values("path", kind="stable").reset_index(drop=True)
        return out[DOCUMENT_KEYS]

    return ctx.memo("corpus:documents", compute)  # type: ignore[no-any-return]


def cells(tables: Any, ctx: Any) -> pd.DataFrame:
    """The cells table: text columns as strings, ``state`` as text, ``value`` as float."""

    def compute() -> pd.DataFrame:
        frame = tables.cells.reindex(columns=CELL_KEYS)
        out = pd.DataFrame({c: _strings(frame[c]) for c in CELL_KEYS if c != "value"})
        out["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
        return out

    return ctx.memo("corpus:cells", compute)  # type: ignore[no-any-return]


def first_report(docs: pd.DataFrame) -> pd.DataFrame:
    """One report per (organ_key, year): the first by path (two files of one report — a PDF
    and a web page — are compared once)."""
    keyed = docs[docs["organ_key"].notna() & docs["year"].notna()]
    return keyed.drop_duplicates(["organ_key", "year"], keep="first")


def rows(frame: pd.DataFrame) -> list[Any]:
    """The frame's rows as named tuples (typed loosely: columns are known by the caller)."""
    return list(frame.itertuples(index=False))


def _strings(column: pd.Series) -> pd.Series:
    values = column.astype(object)
    return values.where(pd.notna(values), None).map(lambda v: v if v is None else str(v))


@functools.cache
def numeral(table: str) -> str | None:
    """The table's numeral (二, 三, 四) in either format."""
    return next((get_template(v).tables[table].numeral for v in VERSIONS if table in get_template(v).tables), None)


def shown(value: Any) -> str:
    """A cell value as a report prints it (3, not 3.0)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "空"
    return str(plain_number(value))


def number(value: Any) -> Any:
    """A cell value as evidence: an int when whole."""
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else plain_number(value)


def related_cell(path: str, year: Any, table: str, row: Any, col: Any, value: Any) -> Related:
    """The other side of a comparison: a cell of another report (or of this one)."""
    location = Location(path=path, section=numeral(table), table=table, row=row, col=col)
    return Related(location, year=None if pd.isna(year) else int(year), value=number(value))
