"""The template's identity checks (勾稽关系) as arrays, and the sums that evaluate them.

A format's checks are laid out once per process (:class:`Plan`): every cell they name, and the
*members* of each check in the template's order. A report's members are its cells' state codes
and values; :func:`check_sums` evaluates every check of any number of reports at once, one bin
per (report, check), and :func:`proven_cells` finds the blank cells those sums fix. What rules
and analyses see of this is :mod:`govlint.rules.identities`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import attrs
import numpy as np
import pandas as pd

from govlint.model import STATE_TEXT
from govlint.templates import Template, get_template

Cell = tuple[str, str, str]  # (table, row, column)


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


@attrs.frozen(eq=False)
class Plan:
    """What the evaluation needs of a format's identities, built once per process: each report
    then only looks its cells up, so one report costs about as little as one row of a stack."""

    frame: pd.DataFrame
    columns: dict[str, Any]  # the arrays of ``frame``, to take each document's copy from
    slot: dict[Cell, int]  # a cell an identity names → its place among them
    by_table: dict[str, dict[tuple[str, str], int]]  # the same, by table, then (row, column)
    slots: np.ndarray  # the place of each member's cell
    keys: list[Cell]  # each member's cell
    members: dict[Cell, list[int]]  # the members that are each cell
    n_checks: int
    head: dict[str, Any]  # the arrays of identity, rule, table, along, by check
    head_at: np.ndarray  # each check's place in ``head``
    check: np.ndarray
    side: np.ndarray
    total: np.ndarray


@cache
def plan_of(version: str) -> Plan:
    frame = identity_frame(version)
    keys = list(zip(frame["table"].tolist(), frame["row_key"].tolist(), frame["col_key"].tolist(), strict=True))
    slot = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    by_table: dict[str, dict[tuple[str, str], int]] = {}
    for (table, row, col), i in slot.items():
        by_table.setdefault(table, {})[row, col] = i
    members: dict[Cell, list[int]] = {}
    for i, key in enumerate(keys):
        members.setdefault(key, []).append(i)
    n_checks = int(frame["check"].max()) + 1
    head = frame.drop_duplicates("check")
    head_at = np.full(n_checks, -1, dtype=np.intp)
    head_at[head["check"].to_numpy()] = np.arange(len(head))
    return Plan(
        frame,
        {c: frame[c].array for c in frame.columns},
        slot,
        by_table,
        np.array([slot[key] for key in keys], dtype=np.intp),
        keys,
        members,
        n_checks,
        {c: head[c].array for c in ("identity", "rule", "table", "along")},
        head_at,
        frame["check"].to_numpy(),
        frame["side"].to_numpy(),
        frame["total"].to_numpy(),
    )


@attrs.frozen(eq=False)
class Sums:
    """Each check's sums, one bin per (document, check), for ``count`` documents."""

    difference: np.ndarray  # lhs − rhs over printed numbers
    unknown_lhs: np.ndarray  # blank or dash cells on each side
    unknown_rhs: np.ndarray
    blank_total: np.ndarray
    broken: np.ndarray  # a text cell or a row the report lacks
    counted: np.ndarray  # the bins that hold a cell (a check that names none has no verdict)


# Each member's state as a small integer for the array sums (comparing the strings of an
# object array costs a Python comparison per cell); OTHER is a string none of these.
NUMBER, BLANK, DASH, TEXT, ABSENT, OTHER = range(6)
STATE_CODE = {"number": NUMBER, "blank": BLANK, "dash": DASH, "text": TEXT, "absent": ABSENT}
CELL_CODE = {state: STATE_CODE[text] for state, text in STATE_TEXT.items()}
STATE_OF_CODE = np.array(list(STATE_CODE), dtype=object)  # by code (OTHER comes from no cell)


def state_codes(state: np.ndarray) -> np.ndarray:
    """The code of each state in ``state``, an object array of state strings."""
    code = np.full(len(state), OTHER, dtype=np.int8)
    for text, value in STATE_CODE.items():
        code[state == text] = value
    return code


def is_unknown(code: np.ndarray) -> np.ndarray:
    """Whether each member is blank or dash."""
    unknown: np.ndarray = (code == BLANK) | (code == DASH)
    return unknown


def check_sums(plan: Plan, code: np.ndarray, value: np.ndarray, count: int) -> Sums:
    """The checks of ``count`` documents whose members' state codes and values are ``code``
    and ``value``, one document after the other."""
    size, n_checks = len(plan.check), plan.n_checks
    number = code == NUMBER
    unknown = is_unknown(code)
    side = np.tile(plan.side, count)
    # One bin per (document, check): sums over bins are the whole evaluation.
    key = np.repeat(np.arange(count), size) * n_checks + np.tile(plan.check, count)
    bins = count * n_checks

    def per_check(weights: np.ndarray) -> np.ndarray:
        return np.bincount(key, weights=weights.astype("float64"), minlength=bins)

    return Sums(
        difference=per_check(np.where(number, np.nan_to_num(value), 0.0) * side),
        unknown_lhs=per_check(unknown & (side > 0)).astype(int),
        unknown_rhs=per_check(unknown & (side < 0)).astype(int),
        blank_total=per_check(unknown & np.tile(plan.total, count)) > 0,
        broken=per_check((code == TEXT) | (code == ABSENT)) > 0,
        counted=np.bincount(key, minlength=bins) > 0,
    )


def proven_cells(plan: Plan, code: np.ndarray, sums: Sums, count: int) -> list[list[tuple[Cell, float | None]]]:
    """For each of ``count`` documents (their members' codes and their checks' sums one
    document after the other, as :func:`check_sums` takes and gives them), the blank cells
    whose checks fix them, with the value.

    Counts are never negative, so when every unknown cell of a check is on one side, their sum
    is fixed; it is 0 exactly when the known cells already balance. A single unknown cell is
    fixed whatever side it is on. Two identities that fix a cell to different values
    contradict each other, and so does a negative value: that cell is not proven (None)."""
    unknown = np.flatnonzero(is_unknown(code))
    document, member = np.divmod(unknown, len(plan.check))
    check = document * plan.n_checks + plan.check[member]
    left, right, diff = sums.unknown_lhs[check], sums.unknown_rhs[check], sums.difference[check]
    zero = diff == 0
    fixed = ~sums.broken[check] & ((left == 0) | (right == 0)) & (zero | (left + right == 1))
    values = np.where(zero, 0.0, -diff * plan.side[member])  # lhs − rhs = difference over known cells
    found: list[dict[Cell, set[float]]] = [{} for _ in range(count)]
    keys = plan.keys
    proven = zip(document[fixed].tolist(), member[fixed].tolist(), values[fixed].tolist(), strict=True)
    for k, i, value in proven:
        found[k].setdefault(keys[i], set()).add(value)
    return [
        [
            (cell, value if len(values) == 1 and (value := next(iter(values))) >= 0 else None)
            for cell, values in mine.items()
        ]
        for mine in found
    ]
