"""Evaluating the template's identities (勾稽关系) over tidy cell frames, vectorised.

The input is a long frame of cells — one row per (doc, table, row_key, col_key) with state and
value — so the same code checks one report or the stacked tables of thousands at once.

Semantics (rules.md GL3): a blank or dash *component* counts as 0; a blank *total* makes the
identity unverifiable; a cell that is text, or a row the report lacks, makes it unverifiable.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import attrs
import numpy as np
import pandas as pd

from govlint.model import Document, printable
from govlint.templates import Template, get_template

CELL_KEYS = ["table", "row_key", "col_key"]


@cache
def identity_frame(version: str) -> pd.DataFrame:
    """One row per (check, cell): check index, identity id, rule, side (+1 lhs, -1 rhs), total flag."""
    template: Template = get_template(version)
    records = []
    for index, check in enumerate(template.identity_checks):
        totals = set(check.total_cells)
        for side, refs in ((1, check.lhs), (-1, check.rhs)):
            for row, col in refs:
                records.append(
                    (index, check.identity, check.rule, check.table, check.along, side, row, col, (row, col) in totals)
                )
    columns = ["check", "identity", "rule", "table", "along", "side", "row_key", "col_key", "total"]
    return pd.DataFrame.from_records(records, columns=columns)


def document_cells(document: Document) -> pd.DataFrame:
    """The tidy cells of every table of one document, with a ``table`` column."""
    frames = [t.cells.assign(table=tid) for tid, t in document.tables.items() if len(t)]
    if not frames:
        return pd.DataFrame(columns=["doc", *CELL_KEYS, "state", "value"])
    return pd.concat(frames, ignore_index=True).assign(doc=printable(document.source))


@attrs.frozen(eq=False)
class _Plan:
    """What :func:`evaluate` needs of a format's identities, built once per process: every
    call then only looks its cells up, so one report costs about as little as one row of a stack."""

    frame: pd.DataFrame
    columns: dict[str, Any]  # the arrays of ``frame``, to take each document's copy from
    slot: dict[tuple[str, str, str], int]  # a cell an identity names → its place among them
    slots: np.ndarray  # the place of each row of ``frame``'s cell
    n_checks: int
    head: dict[str, Any]  # the arrays of identity, rule, table, along, by check
    head_at: np.ndarray  # each check's place in ``head``
    check: np.ndarray
    side: np.ndarray
    total: np.ndarray


@cache
def _plan(version: str) -> _Plan:
    frame = identity_frame(version)
    keys = list(zip(frame["table"], frame["row_key"], frame["col_key"], strict=True))
    slot = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    n_checks = int(frame["check"].max()) + 1
    head = frame.drop_duplicates("check")
    head_at = np.full(n_checks, -1, dtype=np.intp)
    head_at[head["check"].to_numpy()] = np.arange(len(head))
    return _Plan(
        frame,
        {c: frame[c].array for c in frame.columns},
        slot,
        np.array([slot[key] for key in keys], dtype=np.intp),
        n_checks,
        {c: head[c].array for c in ("identity", "rule", "table", "along")},
        head_at,
        frame["check"].to_numpy(),
        frame["side"].to_numpy(),
        frame["total"].to_numpy(),
    )


def evaluate(cells: pd.DataFrame, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(checks, members): one row per (doc, check) with its verdict, and the cells behind it.

    ``checks`` columns: doc, check, identity, rule, table, along, difference (lhs − rhs over
    printed numbers), unknown_lhs, unknown_rhs (blank or dash cells on each side),
    blank_total, broken (a text cell or a row the report lacks), status ("ok", "mismatch",
    "unverifiable"). ``members`` is one row per (doc, check, cell) with the cell's state and
    value (state "absent" when not printed).
    """
    plan = _plan(version)
    frame = plan.frame
    codes, docs = pd.factorize(cells["doc"])
    docs = pd.Index(docs)
    # Every template cell of every identity, for each document, found by integer position:
    # one lookup for the whole stack, the same code for one report or thousands.
    size, count, width = len(frame), len(docs), len(plan.slot)
    keys = zip(cells["table"].tolist(), cells["row_key"].tolist(), cells["col_key"].tolist(), strict=True)
    wanted_id = np.fromiter((plan.slot.get(key, -1) for key in keys), dtype=np.intp, count=len(cells))
    slots = np.full(count * width, -1)
    named = np.flatnonzero(wanted_id >= 0)
    slots[codes[named] * width + wanted_id[named]] = named
    at = slots[np.repeat(np.arange(count), size) * width + np.tile(plan.slots, count)]
    found = at >= 0
    state = cells["state"].to_numpy(dtype=object)[at]
    values = cells["value"].to_numpy(dtype="float64", na_value=np.nan)[at]
    state[~found], values[~found] = "absent", np.nan  # position -1 picked the last cell: not found
    state[pd.isna(state)] = "absent"
    rows = np.tile(np.arange(size), count)
    members = pd.DataFrame(
        {
            **{c: array.take(rows) for c, array in plan.columns.items()},
            "doc": np.repeat(docs.to_numpy(dtype=object), size),
            "state": state,
            "value": values,
        }
    )
    number = state == "number"
    unknown = (state == "blank") | (state == "dash")
    side = np.tile(plan.side, count)
    value = np.nan_to_num(values)
    # One bin per (document, check): sums over bins are the whole evaluation.
    n_checks = plan.n_checks
    key = np.repeat(np.arange(count), size) * n_checks + np.tile(plan.check, count)
    bins = count * n_checks

    def per_check(weights: np.ndarray) -> np.ndarray:
        return np.bincount(key, weights=weights.astype("float64"), minlength=bins)

    difference = per_check(np.where(number, value, 0.0) * side)
    unknown_lhs = per_check(unknown & (side > 0))
    unknown_rhs = per_check(unknown & (side < 0))
    blank_total = per_check(unknown & np.tile(plan.total, count)) > 0
    broken = per_check((state == "text") | (state == "absent")) > 0
    index = np.flatnonzero(np.bincount(key, minlength=bins) > 0)
    check = index % n_checks
    at_head = plan.head_at[check]
    blank_total, broken = blank_total[index], broken[index]
    status = np.where(blank_total | broken, "unverifiable", np.where(difference[index] != 0, "mismatch", "ok"))
    checks = pd.DataFrame(
        {
            "doc": docs[index // n_checks],
            "check": check,
            **{c: array.take(at_head) for c, array in plan.head.items()},
            "difference": difference[index],
            "unknown_lhs": unknown_lhs[index].astype(int),
            "unknown_rhs": unknown_rhs[index].astype(int),
            "blank_total": blank_total,
            "broken": broken,
            "status": status,
        }
    )
    return checks, members


def inferred_blanks(checks: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Blank or dash cells whose value the identities determine, with that value.

    Counts are never negative, so when every unknown cell of a check is on one side, their sum
    is fixed; it is 0 exactly when the known cells already balance. A single unknown cell is
    fixed whatever side it is on. Two identities that fix a cell to different values
    contradict each other: that cell is not proven (``inferred`` is NA).
    """
    named = ("doc", "check", "difference", "unknown_lhs", "unknown_rhs", "broken")
    verdict = {
        (doc, check): (difference, lhs, rhs)
        for doc, check, difference, lhs, rhs, broken in zip(*(checks[c].tolist() for c in named), strict=True)
        if not broken and (lhs == 0 or rhs == 0)
    }  # lists, not the frame's columns: iterating those costs more than the whole check
    found: dict[tuple[str, str, str, str], set[float]] = {}
    state = members["state"].to_numpy(dtype=object)
    unknown = members[(state == "blank") | (state == "dash")]
    columns = [unknown[c].tolist() for c in ("doc", "check", *CELL_KEYS, "side")]
    for doc, check, table, row, col, side in zip(*columns, strict=True):
        fixed = verdict.get((doc, check))
        if fixed is None:
            continue
        difference, lhs, rhs = fixed
        if difference == 0:
            found.setdefault((doc, table, row, col), set()).add(0.0)
        elif lhs + rhs == 1:  # lhs − rhs = difference over known cells
            found.setdefault((doc, table, row, col), set()).add(-difference * side)
    # One value, and not negative (a count cannot be): otherwise the identities contradict.
    records = [
        (*cell, value if len(values) == 1 and (value := next(iter(values))) >= 0 else None)
        for cell, values in found.items()
    ]
    frame = pd.DataFrame.from_records(records, columns=["doc", *CELL_KEYS, "inferred"])
    return frame.astype({"inferred": "Float64"})


Cell = tuple[str, str, str]


class Rounds:
    """One document's identities, evaluated again as proven cells become known.

    What :func:`evaluate` then :func:`inferred_blanks` give for the document's cells with the
    known values written in, computed on the members' arrays alone (no frames): a round costs
    a few array sums, not a frame per step.
    """

    def __init__(self, members: pd.DataFrame) -> None:
        columns = (members[c].tolist() for c in CELL_KEYS)  # lists: iterating the frame's arrays is slow
        self.keys: list[Cell] = list(zip(*columns, strict=True))
        self.check = members["check"].to_numpy()
        self.side = members["side"].to_numpy()
        self.state = members["state"].to_numpy(dtype=object).copy()
        self.value = members["value"].to_numpy(dtype="float64", na_value=np.nan).copy()

    def leaves_unknowns(self, known: dict[Cell, float], proven: dict[Cell, float | None]) -> bool:
        """Whether some check holds a newly proven cell and a cell still unknown: only then can
        another round prove more."""
        unknown = np.flatnonzero((self.state == "blank") | (self.state == "dash"))
        newly = {self.check[i] for i in unknown if self.keys[i] in known}
        return any(self.check[i] in newly for i in unknown if self.keys[i] not in proven)

    def know(self, known: dict[Cell, float]) -> None:
        """Write proven values in, as numbers."""
        for i, key in enumerate(self.keys):
            if key in known:
                self.state[i], self.value[i] = "number", known[key]

    def inferred(self) -> list[tuple[Cell, float | None]]:
        """:func:`inferred_blanks` of the document as it now stands: (cell, value or None)."""
        state = self.state
        number = state == "number"
        unknown = (state == "blank") | (state == "dash")
        side, check = self.side, self.check
        bins = int(check.max()) + 1 if len(check) else 0

        def per_check(weights: np.ndarray) -> np.ndarray:
            return np.bincount(check, weights=weights.astype("float64"), minlength=bins)

        difference = per_check(np.where(number, np.nan_to_num(self.value), 0.0) * side)
        lhs = per_check(unknown & (side > 0)).astype(int)
        rhs = per_check(unknown & (side < 0)).astype(int)
        broken = per_check((state == "text") | (state == "absent")) > 0
        found: dict[Cell, set[float]] = {}
        for i in np.flatnonzero(unknown):
            c = check[i]
            if broken[c] or not (lhs[c] == 0 or rhs[c] == 0):
                continue
            if difference[c] == 0:
                found.setdefault(self.keys[i], set()).add(0.0)
            elif lhs[c] + rhs[c] == 1:
                found.setdefault(self.keys[i], set()).add(-difference[c] * side[i])
        return [
            (cell, float(value) if len(values) == 1 and (value := next(iter(values))) >= 0 else None)
            for cell, values in found.items()
        ]
