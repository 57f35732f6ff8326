"""pandera schemas for the statutory tables: the *shape* of their cells.

The schema validates the stacked tidy cells of a report's tables (``Table.cells`` plus column
metadata), in one call per report or per batch of reports (:func:`failures_of`): states are
one of the four, values are numbers, counts are whole and not negative (except the signed
2019 本年增/减), and money written in 元 does not stand in a 万元 column. Meaning — the
identities — is plain pandas and numpy in ``govlint.rules.identities``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from govlint.model import Table
from govlint.templates import Template

# The columns of a report's stacked cells: ``Table.cells``' columns, then each cell's table,
# column kind, sign rule, unit and printed unit.
_COLUMNS = (
    *("row", "col", "raw", "state", "value", "line", "row_key", "col_key", "table", "kind", "signed"),
    *("unit", "printed_unit"),
)
_DTYPES: dict[str, Any] = {"raw": "string", "state": "string", "value": "Float64", "line": "Int64", "signed": bool}
# What the checks read: the schema validates only these (the rest is for the failures' report).
_CHECKED = ("state", "value", "signed", "kind", "unit", "printed_unit")


def _where(frame: pd.DataFrame, holds: np.ndarray) -> pd.Series:
    """A check's verdict for each cell, as pandera takes it (aligned with the frame)."""
    return pd.Series(holds, index=frame.index)


def _values(frame: pd.DataFrame) -> np.ndarray:
    return frame["value"].to_numpy(dtype="float64", na_value=np.nan)


def _not_text(frame: pd.DataFrame) -> pd.Series:
    return _where(frame, frame["state"].to_numpy() != "text")


def _non_negative(frame: pd.DataFrame) -> pd.Series:
    value = _values(frame)
    return _where(frame, np.isnan(value) | (value >= 0) | frame["signed"].to_numpy())


def _whole_number(frame: pd.DataFrame) -> pd.Series:
    value = _values(frame)
    with np.errstate(invalid="ignore"):  # NaN (no value) passes anyway
        whole = np.mod(value, 1) == 0
    return _where(frame, np.isnan(value) | (frame["kind"].to_numpy() == "money") | whole)


def _unit(frame: pd.DataFrame) -> pd.Series:
    yuan = frame["printed_unit"].to_numpy() == "元"
    return _where(frame, ~(yuan & (frame["unit"].to_numpy() == "万元")))


@cache
def cell_schema() -> pa.DataFrameSchema:
    """The shape every statutory table cell must have, whatever its table.

    The checks are vectorised over the whole stack (one call each, on numpy arrays), and
    ``ignore_na`` is off: no cell is missing every field, so pandera need not look for one."""
    return pa.DataFrameSchema(
        {"value": pa.Column("Float64", nullable=True), "signed": pa.Column(bool)},
        checks=[
            pa.Check(_not_text, name="not_text", error="a number is required", ignore_na=False),
            pa.Check(_non_negative, name="non_negative", error="counts and amounts are not negative", ignore_na=False),
            pa.Check(_whole_number, name="whole_number", error="counts are whole numbers", ignore_na=False),
            pa.Check(_unit, name="unit", error="元 written in a 万元 column", ignore_na=False),
        ],
        name="statutory table cells",
        strict=False,
        coerce=False,
    )


def failures(tables: Sequence[Table], template: Template) -> pd.DataFrame:
    """The cells that break the schema, each with the name of the ``check`` it fails."""
    return failures_of([(tables, template)])[0]


def failures_of(reports: Sequence[tuple[Sequence[Table], Template]]) -> list[pd.DataFrame]:
    """:func:`failures` of each report, from one validation of all their cells stacked: each
    report's failing cells indexed by their place among its own cells."""
    data, ends = _stacked(reports)
    failing = _failing(data)
    if not failing:
        none = _frame({name: [] for name in _COLUMNS}, [], [])  # the same for every report: nobody changes it
        return [none for _ in ends]
    out = []
    start = 0
    for end in ends:
        mine = [(at, check) for at, check in failing if start <= at < end]
        if mine:
            at = [a for a, _ in mine]
            out.append(_frame(data, at, [check for _, check in mine], start))
        else:
            out.append(_frame({name: [] for name in _COLUMNS}, [], []))
        start = end
    return out


def _failing(data: dict[str, list[Any]]) -> list[tuple[int, str]]:
    """(place in the stack, check name) of each failure, in pandera's order: check by check."""
    checked = pd.DataFrame({name: _typed(name, data[name], plain=np.ndarray) for name in _CHECKED})
    try:
        cell_schema().validate(checked, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as exc:
        # A dataframe-wide check reports its failure once per column: one per (row, check) is enough.
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()].drop_duplicates(subset=["index", "check"])
        names = {str(c.error): c.name for c in cell_schema().checks}  # pandera reports the error text
        where = cases["index"].astype(int).tolist()
        return [(at, names.get(str(c), str(c))) for at, c in zip(where, cases["check"], strict=True)]
    return []


def _stacked(reports: Sequence[tuple[Sequence[Table], Template]]) -> tuple[dict[str, list[Any]], list[int]]:
    """The cells of every report's tables, stacked, as one list per column (building a frame
    per table costs more than its few hundred rows), and where each report ends."""
    data: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    ends: list[int] = []
    size = 0
    for tables, template in reports:
        for table in tables:
            # A column at a time (a list per field), not a cell at a time: the Python loop is the cost.
            columns = {c.key: c for c in template.tables[table.id].columns}
            rows, cols = dict(table.rows_axis.items), dict(table.columns_axis.items)
            grid = table.grid
            specs = [columns[c.col] for c in grid]
            data["row"] += [rows[c.row] for c in grid]
            data["col"] += [cols[c.col] for c in grid]
            data["raw"] += [c.raw for c in grid]
            data["state"] += [c.state.value for c in grid]
            data["value"] += [None if c.value is None else float(c.value) for c in grid]
            data["line"] += [c.line for c in grid]
            data["row_key"] += [c.row for c in grid]
            data["col_key"] += [c.col for c in grid]
            data["table"] += [table.id] * len(grid)
            data["kind"] += [spec.kind for spec in specs]
            data["signed"] += [spec.signed for spec in specs]
            data["unit"] += [spec.unit for spec in specs]
            data["printed_unit"] += [c.unit for c in grid]
            size += len(grid)
        ends.append(size)
    return data, ends


def _typed(name: str, values: list[Any], *, plain: type = list) -> Any:
    """A column of the given values, with its dtype; an untyped column as ``plain`` (the
    checks read object arrays, which pandas need not inspect; a report's failures keep lists)."""
    if name == "value":  # numpy first: building a nullable array from a list of floats is slow
        array = np.array(values, dtype="float64") if values else np.empty(0)
        return pd.arrays.FloatingArray(array, np.isnan(array))
    if name in _DTYPES:
        return pd.array(values, dtype=_DTYPES[name])
    return np.array(values, dtype=object) if plain is np.ndarray else values


def _frame(data: dict[str, list[Any]], at: list[int], checks: list[str], start: int = 0) -> pd.DataFrame:
    """The cells at places ``at`` of the stack, each with its failed check, indexed from the
    report's first cell (``start``)."""
    picked = {name: _typed(name, [data[name][i] for i in at]) for name in _COLUMNS}
    index = pd.Index([i - start for i in at], dtype="int64")
    return pd.DataFrame({**picked, "check": checks}, index=index)
