"""pandera schemas for the statutory tables: the *shape* of their cells.

The schema validates the stacked tidy cells of a report's tables (``Table.cells`` plus column
metadata), in one call per report or per batch of reports (:func:`stacked_cells`):
states are one of the four, values are numbers, counts are whole and not negative (except
the signed 2019 本年增/减), and money written in 元 does not stand in a 万元 column. Meaning —
the identities — is plain pandas in ``govlint.rules.identities``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from govlint.model import Table
from govlint.templates import Template


@cache
def cell_schema() -> pa.DataFrameSchema:
    """The shape every statutory table cell must have, whatever its table."""
    return pa.DataFrameSchema(
        {"value": pa.Column("Float64", nullable=True), "signed": pa.Column(bool)},
        checks=[
            pa.Check(lambda f: f["state"] != "text", name="not_text", error="a number is required"),
            pa.Check(
                lambda f: f["value"].isna() | (f["value"] >= 0) | f["signed"],
                name="non_negative",
                error="counts and amounts are not negative",
            ),
            pa.Check(
                lambda f: f["value"].isna() | (f["kind"] == "money") | ((f["value"] % 1) == 0),
                name="whole_number",
                error="counts are whole numbers",
            ),
            pa.Check(
                lambda f: ~((f["printed_unit"] == "元") & (f["unit"] == "万元")),
                name="unit",
                error="元 written in a 万元 column",
            ),
        ],
        name="statutory table cells",
        strict=False,
        coerce=False,
    )


def failures(tables: Sequence[Table], template: Template) -> pd.DataFrame:
    """The cells that break the schema, each with the name of the ``check`` it fails."""
    return failures_in(*stacked_cells([(tables, template)]))[0]


def failures_in(stacked: pd.DataFrame, ends: Sequence[int]) -> list[pd.DataFrame]:
    """The failures of each report in ``stacked`` (as :func:`stacked_cells` gives it), each with
    its own cells' frame and index, as :func:`failures` gives them for the report alone."""
    bounds = list(itertools.pairwise([0, *ends]))
    try:
        cell_schema().validate(stacked, lazy=True)
    except pa.errors.SchemaErrors as exc:
        # A dataframe-wide check reports its failure once per column: one per (row, check) is enough.
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()].drop_duplicates(subset=["index", "check"])
        names = {str(c.error): c.name for c in cell_schema().checks}  # pandera reports the error text
        where = cases["index"].astype(int).to_numpy()
        checks = np.array([names.get(str(c), str(c)) for c in cases["check"]], dtype=object)
        last = np.array(ends)
        report = np.searchsorted(last, where, side="right")  # which report each failing cell is of
        return [
            _own(stacked, a, b, len(ends)).loc[where[report == i] - a].assign(check=list(checks[report == i]))
            if (report == i).any()
            else _none(stacked)
            for i, (a, b) in enumerate(bounds)
        ]
    none = _none(stacked)  # the same empty frame for every report: nobody changes it
    return [none for _ in bounds]


def _own(stacked: pd.DataFrame, start: int, end: int, reports: int) -> pd.DataFrame:
    """One report's cells, indexed from 0 as if stacked alone."""
    return stacked if reports == 1 else stacked.iloc[start:end].reset_index(drop=True)


def stacked_cells(reports: Sequence[tuple[Sequence[Table], Template]]) -> tuple[pd.DataFrame, list[int]]:
    """The cells of every report's tables, stacked (``Table.cells``' columns, then each cell's
    table, column kind, sign rule, unit and printed unit), built in one go from the tables'
    cells (building a frame per table costs more than its few hundred rows), and where each
    report ends."""
    data: dict[str, list[Any]] = {
        name: []
        for name in (
            *("row", "col", "raw", "state", "value", "line", "row_key", "col_key", "table", "kind", "signed"),
            *("unit", "printed_unit"),
        )
    }
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
    kinds: dict[str, Any] = {"raw": "string", "state": "string", "value": "Float64", "line": "Int64", "signed": bool}
    typed = {name: pd.array(values, dtype=kinds[name]) if name in kinds else values for name, values in data.items()}
    return pd.DataFrame(typed), ends


def _none(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.iloc[0:0].assign(check=pd.Series(dtype="string"))
