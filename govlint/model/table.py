"""A statutory table as printed, aligned to its template rows and columns."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

import attrs
import pandas as pd

from govlint.model.display import Displayable

Number = int | Decimal

# The statutory tables by id: 表二 主动公开, 表三 依申请公开, 表四 行政复议/行政诉讼.
TABLE_IDS: tuple[str, ...] = ("active_disclosure", "applications", "review_litigation")


class CellState(enum.StrEnum):
    """What a cell holds, independent of its value."""

    NUMBER = "number"
    BLANK = "blank"  # empty, or only spaces (NBSP, U+3000 …)
    DASH = "dash"  # a placeholder for "none": - — / 无 …
    TEXT = "text"  # anything else: junk, words, a number that does not parse


# Each state's plain string: code that reads the state of every cell of many reports looks it up
# here, which costs less than ``.value`` of the enum member.
STATE_TEXT: dict[CellState, str] = {state: state.value for state in CellState}


@attrs.frozen
class Cell:
    """One template cell: the raw text exactly as printed and what it was read as."""

    row: str  # template row key
    col: str  # template column key
    raw: str
    state: CellState
    value: Number | None = None
    line: int | None = None
    unit: str | None = None  # a unit written in the cell (元, 万元, 件 …)
    recovered: bool = False  # boundaries recovered from run-together text


@attrs.frozen
class RowMatch:
    """Where a template row was found and how its printed label matched."""

    key: str
    raw_label: str
    line: int | None
    match: Literal["exact", "variant", "annotated", "alias", "fuzzy", "implicit"]
    score: float = 1.0


@attrs.frozen
class ExtraRow:
    """A row the template does not have (a local addition); kept, not checked."""

    label: str
    cells: tuple[str, ...]
    line: int | None


@attrs.frozen
class TableProblem:
    """Something the parser met while reading the table that it could not resolve."""

    code: str  # "short-row", "ambiguous-split", "extra-cells" …
    row: str | None
    line: int | None
    detail: str
    # ambiguous-split: the cuts of the printed digits that fit (at most a few), one text a cell
    candidates: tuple[tuple[str, ...], ...] = ()


@attrs.frozen(slots=False)
class Axis:
    """The template's row or column order, as (key, canonical label) pairs."""

    items: tuple[tuple[str, str], ...]

    @cached_property
    def _labels(self) -> dict[str, str]:
        return dict(self.items)

    def label(self, key: str) -> str:
        return self._labels[key]

    def get(self, key: str) -> str | None:
        """The label of ``key``, None when the axis does not hold it."""
        return self._labels.get(key)


@attrs.frozen(slots=False)
class Table(Displayable):
    """A statutory table: every template cell found, in template order, plus what did not fit.

    ``grid`` holds the :class:`Cell` objects; ``frame`` and ``cells`` are pandas views of them.
    A template row absent from the document has no cells; its key is in ``missing_rows``.
    In Jupyter it shows itself in the official layout, with the cells that the template and
    arithmetic rules flag highlighted.
    """

    def __repr__(self) -> str:
        """One line: ``Table('applications', 表三, 175 cells, 0 problems)``."""
        return f"Table({self.id!r}, 表{self.numeral}, {len(self.grid)} cells, {len(self.problems)} problems)"

    id: str
    numeral: str
    template: str
    rows_axis: Axis
    columns_axis: Axis
    money_columns: frozenset[str]
    grid: tuple[Cell, ...]
    rows: tuple[RowMatch, ...] = ()
    extra_rows: tuple[ExtraRow, ...] = ()
    problems: tuple[TableProblem, ...] = ()
    layout: str = "lines"
    start_line: int | None = None
    end_line: int | None = None

    @cached_property
    def _index(self) -> dict[tuple[str, str], Cell]:
        return {(c.row, c.col): c for c in self.grid}

    def cell(self, row: str, col: str) -> Cell | None:
        """The cell at template row key ``row`` and column key ``col``, if printed."""
        return self._index.get((row, col))

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.grid)

    def __len__(self) -> int:
        return len(self.grid)

    @property
    def found_rows(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rows)

    @property
    def missing_rows(self) -> tuple[str, ...]:
        present = set(self.found_rows)
        return tuple(k for k, _ in self.rows_axis.items if k not in present)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """Template rows × columns with canonical labels; nullable numbers (NA = no number)."""
        col_keys = [k for k, _ in self.columns_axis.items]
        data: dict[str, list[Any]] = {k: [] for k in col_keys}
        for row_key, _ in self.rows_axis.items:
            for col_key in col_keys:
                cell = self._index.get((row_key, col_key))
                data[col_key].append(None if cell is None else cell.value)
        frame = pd.DataFrame(
            {self.columns_axis.label(k): _column(v, k in self.money_columns) for k, v in data.items()},
            index=pd.Index([label for _, label in self.rows_axis.items], name="row"),
        )
        frame.columns.name = "col"
        return frame

    @cached_property
    def cells(self) -> pd.DataFrame:
        """One row per cell: row, col (canonical labels), raw, state, value, line, keys, and
        whether its bounds were recovered from numbers printed with no separator."""
        rows, cols = dict(self.rows_axis.items), dict(self.columns_axis.items)
        grid = self.grid
        return pd.DataFrame(
            {
                "row": [rows[c.row] for c in grid],
                "col": [cols[c.col] for c in grid],
                "raw": pd.array([c.raw for c in grid], dtype="string"),
                "state": pd.array([c.state.value for c in grid], dtype="string"),
                "value": pd.array([None if c.value is None else float(c.value) for c in grid], dtype="Float64"),
                "line": pd.array([c.line for c in grid], dtype="Int64"),
                "row_key": [c.row for c in grid],
                "col_key": [c.col for c in grid],
                "recovered": pd.array([c.recovered for c in grid], dtype="boolean"),
            }
        )

    def to_records(self) -> list[dict[str, Any]]:
        """JSON-ready cells in template order (the ``govlint parse`` contract); ``recovered``
        only on a cell whose bounds were cut from numbers printed with no separator."""
        return [
            {
                "row": self.rows_axis.label(c.row),
                "col": self.columns_axis.label(c.col),
                "raw": c.raw,
                "state": c.state.value,
                "value": plain_number(c.value),
                "line": c.line,
            }
            | ({"recovered": True} if c.recovered else {})
            for c in self.grid
        ]


def _column(values: list[Any], money: bool) -> Any:
    if money:
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    # A count that is not a whole number (GL206 reports it) has no place in an Int64 column.
    return pd.array([v if isinstance(v, int) else None for v in values], dtype="Int64")


def plain_number(value: Number | float | None) -> int | float | None:
    """A number for JSON and messages: an int when whole (``Decimal("2.0")`` → 2), else a float."""
    if value is None or isinstance(value, int):
        return value
    return int(value) if float(value).is_integer() else float(value)
