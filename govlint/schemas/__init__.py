"""pandera schemas for the statutory tables: the *shape* of their cells.

The schema validates the stacked tidy cells of a report's tables (``Table.cells`` plus column
metadata), in one call per report or per batch of reports (:func:`failures_of`): states are
one of the four, values are numbers, counts are whole and not negative (except the signed
2019 本年增/减), and money written in 元 does not stand in a 万元 column. Meaning — the
identities — is plain pandas and numpy in ``govlint.rules.identities``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from govlint.model import STATE_TEXT, Table
from govlint.model.table import Number
from govlint.templates import ColumnSpec, Template

# The columns of a report's stacked cells: ``Table.cells``' columns, then each cell's table,
# column kind, sign rule, unit and printed unit.
_COLUMNS = (
    *("row", "col", "raw", "state", "value", "line", "row_key", "col_key", "table", "kind", "signed"),
    *("unit", "printed_unit"),
)
# A cell's state by its code among the categories of the stack's ``state`` column.
_STATE_NAMES = pd.Index(list(STATE_TEXT.values()), dtype=object)
_STATE_CODE = {state: code for code, state in enumerate(STATE_TEXT)}
_DTYPES: dict[str, Any] = {"raw": "string", "state": "string", "value": "Float64", "line": "Int64", "signed": bool}


def _where(frame: pd.DataFrame, holds: np.ndarray) -> pd.Series:
    """A check's verdict for each cell, as pandera takes it (aligned with the frame)."""
    return pd.Series(holds, index=frame.index)


def _values(frame: pd.DataFrame) -> np.ndarray:
    return frame["value"].to_numpy(dtype="float64", na_value=np.nan)


def _is(frame: pd.DataFrame, column: str, value: str) -> np.ndarray:
    """Whether each cell's ``column`` is ``value``: on the stack's categories, one comparison of
    their codes (on Python strings it would be one Python comparison per cell)."""
    return np.asarray(frame[column].array == value, dtype=bool)


def _not_text(frame: pd.DataFrame) -> pd.Series:
    return _where(frame, ~_is(frame, "state", "text"))


def _non_negative(frame: pd.DataFrame) -> pd.Series:
    value = _values(frame)
    return _where(frame, np.isnan(value) | (value >= 0) | frame["signed"].to_numpy(dtype=bool, na_value=False))


def _whole_number(frame: pd.DataFrame) -> pd.Series:
    value = _values(frame)
    with np.errstate(invalid="ignore"):  # NaN (no value) passes anyway
        whole = np.mod(value, 1) == 0
    return _where(frame, np.isnan(value) | _is(frame, "kind", "money") | whole)


def _unit(frame: pd.DataFrame) -> pd.Series:
    yuan = _is(frame, "printed_unit", "元")
    return _where(frame, ~(yuan & _is(frame, "unit", "万元")))


@cache
def cell_schema() -> pa.DataFrameSchema:
    """The shape every statutory table cell must have, whatever its table.

    The checks are vectorised over the whole stack (one call each, on numpy arrays), and
    ``ignore_na`` is off: no cell is missing every field, so pandera need not look for one."""
    return pa.DataFrameSchema(
        # pandas' own dtypes: pandera finds them at once (a numpy bool it looks up the long way).
        {"value": pa.Column(pd.Float64Dtype(), nullable=True), "signed": pa.Column(pd.BooleanDtype())},
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
    bad = failures_of([(tables, template)])[0]
    return bad.copy() if bad is _none() else bad  # the caller's own, to change if it likes


def failures_of(reports: Sequence[tuple[Sequence[Table], Template]]) -> list[pd.DataFrame]:
    """:func:`failures` of each report, from one validation of all their cells stacked: each
    report's failing cells indexed by their place among its own cells. A report without any
    shares one empty frame with the others (and later calls): read it, do not change it."""
    stack = _Stack(reports)
    failing = _failing(stack.checked)
    out = []
    start = 0
    for end in stack.ends:
        mine = [(at, check) for at, check in failing if start <= at < end]
        out.append(stack.frame(mine, start) if mine else _none())
        start = end
    return out


def _failing(checked: dict[str, Any]) -> list[tuple[int, str]]:
    """(place in the stack, check name) of each failure, in pandera's order: check by check."""
    try:
        cell_schema().validate(pd.DataFrame(checked), lazy=True, inplace=True)
    except pa.errors.SchemaErrors as exc:
        # A dataframe-wide check reports its failure once per column: one per (row, check) is enough.
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()].drop_duplicates(subset=["index", "check"])
        names = {str(c.error): c.name for c in cell_schema().checks}  # pandera reports the error text
        where = cases["index"].astype(int).tolist()
        return [(at, names.get(str(c), str(c))) for at, c in zip(where, cases["check"], strict=True)]
    return []


class _Stack:
    """The cells of every report's tables, stacked: the columns the checks read, built in one
    go from the tables' cells (building a frame per table costs more than its few hundred
    rows), where each table's cells start and where each report ends."""

    def __init__(self, reports: Sequence[tuple[Sequence[Table], Template]]) -> None:
        state: list[int] = []
        value: list[Number | None] = []
        printed: list[str | None] = []
        column: list[int] = []  # each cell's column: its place in ``specs``
        specs: list[ColumnSpec] = []
        places: dict[tuple[str, str], dict[str, int]] = {}  # (format, table) → column key → place
        self.tables: list[tuple[Table, dict[str, ColumnSpec]]] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        for tables, template in reports:
            for table in tables:
                # A column at a time (a list per field), not a cell at a time: the Python loop is the cost.
                columns = {c.key: c for c in template.tables[table.id].columns}
                if (place := places.get((template.version, table.id))) is None:
                    place = places[template.version, table.id] = {key: len(specs) + i for i, key in enumerate(columns)}
                    specs += columns.values()
                grid = table.grid
                self.tables.append((table, columns))
                self.starts.append(len(state))
                column += [place[c.col] for c in grid]
                state += [_STATE_CODE[c.state] for c in grid]
                value += [c.value for c in grid]  # numpy makes each a float, as float() does
                printed += [c.unit for c in grid]
            self.ends.append(len(state))
        # A column's kind, unit and sign are the same for each of its cells: taken by each
        # cell's column from the few columns' values.
        where = np.fromiter(column, dtype=np.intp, count=len(column))
        self.checked: dict[str, Any] = {
            "state": pd.Categorical.from_codes(np.fromiter(state, dtype=np.int8, count=len(state)), _STATE_NAMES),
            "value": _float64(value),
            "signed": _booleans(np.array([s.signed for s in specs], dtype=bool)[where]),
            "kind": _categories([s.kind for s in specs], where),
            "unit": _categories([s.unit for s in specs], where),
            "printed_unit": _objects(printed),
        }

    def frame(self, failing: list[tuple[int, str]], start: int) -> pd.DataFrame:
        """The failing cells (places in the stack, with their check) of the report whose cells
        start at ``start``, each with every column of :data:`_COLUMNS`, indexed from there."""
        data: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
        for at, _ in failing:
            k = bisect.bisect_right(self.starts, at) - 1
            table, columns = self.tables[k]
            cell = table.grid[at - self.starts[k]]
            spec = columns[cell.col]
            record = (
                *(
                    table.rows_axis.label(cell.row),
                    table.columns_axis.label(cell.col),
                    cell.raw,
                    STATE_TEXT[cell.state],
                ),
                *(None if cell.value is None else float(cell.value), cell.line, cell.row, cell.col, table.id),
                *(spec.kind, spec.signed, spec.unit, cell.unit),
            )
            for name, item in zip(_COLUMNS, record, strict=True):
                data[name].append(item)
        typed = {name: _typed(name, values) for name, values in data.items()}
        index = pd.Index([at - start for at, _ in failing], dtype="int64")
        return pd.DataFrame({**typed, "check": [check for _, check in failing]}, index=index)


def _objects(values: list[Any]) -> pd.Series:
    """Python objects as they are: pandas would make texts an Arrow string column, which costs
    more to build, and to read back, than the checks on it. (``fromiter`` stores each object as
    it comes; ``np.array`` would first look into each for a nested sequence.)"""
    return pd.Series(np.fromiter(values, dtype=object, count=len(values)), dtype=object, copy=False)


def _booleans(values: np.ndarray) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(values, np.zeros(len(values), dtype=bool))


def _categories(values: list[str | None], where: np.ndarray) -> pd.Categorical:
    """``values[k]`` for each ``k`` of ``where``, as categories (None: NA)."""
    codes: np.ndarray
    codes, names = pd.factorize(np.array(values, dtype=object))
    return pd.Categorical.from_codes(codes[where], pd.Index(names, dtype=object))


def _float64(values: list[Any]) -> pd.arrays.FloatingArray:
    """Nullable floats, through numpy: building them from a list of numbers is slow. Each
    number (an int, a Decimal or a float) becomes ``float(number)``, None becomes NA."""
    array = np.array(values, dtype="float64") if values else np.empty(0)
    return pd.arrays.FloatingArray(array, np.isnan(array))


def _typed(name: str, values: list[Any]) -> Any:
    if name == "value":
        return _float64(values)
    return pd.array(values, dtype=_DTYPES[name]) if name in _DTYPES else values


@cache
def _none() -> pd.DataFrame:
    """No failing cell (the same frame for every report: nobody changes it)."""
    return pd.DataFrame({**{name: _typed(name, []) for name in _COLUMNS}, "check": pd.Series(dtype="string")})
