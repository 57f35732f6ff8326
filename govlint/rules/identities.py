"""Evaluating the template's identities (勾稽关系), vectorised over the cells of many reports.

Each identity check names template cells; every report of one format has the same ones, in the
same order (the *members*). A report's members are looked up once from its tables; then one
set of array sums evaluates every check of every report of a batch at once
(:func:`verdicts`), and each report keeps its share as a :class:`Verdicts`. The same sums over
a long frame of cells (:func:`evaluate`) give the verdicts as tables, for analysis.

Semantics (rules.md GL3): a blank or dash *component* counts as 0; a blank *total* makes the
identity unverifiable; a cell that is text, or a row the report lacks, makes it unverifiable.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import attrs
import numpy as np
import pandas as pd

from govlint.model import STATE_TEXT, Document, printable
from govlint.model import Cell as GridCell
from govlint.templates import Template, get_template

CELL_KEYS = ["table", "row_key", "col_key"]

Cell = tuple[str, str, str]


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
def _plan(version: str) -> _Plan:
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
    return _Plan(
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
class _Sums:
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
_STATE_CODE = {"number": NUMBER, "blank": BLANK, "dash": DASH, "text": TEXT, "absent": ABSENT}
_CELL_CODE = {state: _STATE_CODE[text] for state, text in STATE_TEXT.items()}
_STATE_OF_CODE = np.array(list(_STATE_CODE), dtype=object)  # by code (OTHER comes from no cell)


def _codes(state: np.ndarray) -> np.ndarray:
    """The code of each state in ``state``, an object array of state strings."""
    code = np.full(len(state), OTHER, dtype=np.int8)
    for text, value in _STATE_CODE.items():
        code[state == text] = value
    return code


def _unknown(code: np.ndarray) -> np.ndarray:
    """Whether each member is blank or dash."""
    unknown: np.ndarray = (code == BLANK) | (code == DASH)
    return unknown


def _sums(plan: _Plan, code: np.ndarray, value: np.ndarray, count: int) -> _Sums:
    """The checks of ``count`` documents whose members' state codes and values are ``code``
    and ``value``, one document after the other."""
    size, n_checks = len(plan.check), plan.n_checks
    number = code == NUMBER
    unknown = _unknown(code)
    side = np.tile(plan.side, count)
    # One bin per (document, check): sums over bins are the whole evaluation.
    key = np.repeat(np.arange(count), size) * n_checks + np.tile(plan.check, count)
    bins = count * n_checks

    def per_check(weights: np.ndarray) -> np.ndarray:
        return np.bincount(key, weights=weights.astype("float64"), minlength=bins)

    return _Sums(
        difference=per_check(np.where(number, np.nan_to_num(value), 0.0) * side),
        unknown_lhs=per_check(unknown & (side > 0)).astype(int),
        unknown_rhs=per_check(unknown & (side < 0)).astype(int),
        blank_total=per_check(unknown & np.tile(plan.total, count)) > 0,
        broken=per_check((code == TEXT) | (code == ABSENT)) > 0,
        counted=np.bincount(key, minlength=bins) > 0,
    )


def _status(sums: _Sums, index: np.ndarray) -> np.ndarray:
    unverifiable = sums.blank_total[index] | sums.broken[index]
    return np.where(unverifiable, "unverifiable", np.where(sums.difference[index] != 0, "mismatch", "ok"))


def _frames(
    plan: _Plan, docs: Any, state: np.ndarray, value: np.ndarray, sums: _Sums
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(checks, members) as :func:`evaluate` gives them, for the documents ``docs`` (their names)."""
    size, count, n_checks = len(plan.check), len(docs), plan.n_checks
    rows = np.tile(np.arange(size), count)
    members = pd.DataFrame(
        {
            **{c: array.take(rows) for c, array in plan.columns.items()},
            "doc": np.repeat(np.asarray(docs, dtype=object), size),
            "state": state,
            "value": value,
        }
    )
    index = np.flatnonzero(sums.counted)
    check = index % n_checks
    checks = pd.DataFrame(
        {
            "doc": docs[index // n_checks],
            "check": check,
            **{c: array.take(plan.head_at[check]) for c, array in plan.head.items()},
            "difference": sums.difference[index],
            "unknown_lhs": sums.unknown_lhs[index],
            "unknown_rhs": sums.unknown_rhs[index],
            "blank_total": sums.blank_total[index],
            "broken": sums.broken[index],
            "status": _status(sums, index),
        }
    )
    return checks, members


def evaluate(cells: pd.DataFrame, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(checks, members): one row per (doc, check) with its verdict, and the cells behind it.

    ``cells``: one row per (doc, table, row_key, col_key) with state and value, of any number
    of documents. ``checks`` columns: doc, check, identity, rule, table, along, difference
    (lhs − rhs over printed numbers), unknown_lhs, unknown_rhs (blank or dash cells on each
    side), blank_total, broken (a text cell or a row the report lacks), status ("ok",
    "mismatch", "unverifiable"). ``members`` is one row per (doc, check, cell) with the cell's
    state and value (state "absent" when not printed).
    """
    plan = _plan(version)
    codes, docs = pd.factorize(cells["doc"])
    docs = pd.Index(docs)
    # Every template cell of every identity, for each document, found by integer position:
    # one lookup for the whole stack, the same code for one report or thousands.
    size, count, width = len(plan.check), len(docs), len(plan.slot)
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
    return _frames(plan, docs, state, values, _sums(plan, _codes(state), values, count))


@attrs.frozen(eq=False)
class Verdicts:
    """One document's identities, evaluated (:func:`verdicts`): each member cell's state and
    value, in the template's order, and each check's sums — what :func:`evaluate` gives for the
    document, as arrays; :meth:`frames` gives it as tables."""

    plan: _Plan
    source: str
    code: np.ndarray  # each member's state code (ABSENT where the document does not print it)
    value: np.ndarray
    sums: _Sums  # of this document alone

    def mismatched(self) -> np.ndarray:
        """Whether each check is a mismatch (verifiable, and its sides differ)."""
        sums = self.sums
        mismatch: np.ndarray = ~(sums.blank_total | sums.broken) & (sums.difference != 0)
        return mismatch

    def inferred(self) -> list[tuple[Cell, float | None]]:
        """:func:`inferred_blanks` of the document: each blank cell the identities determine,
        with its value (None where two identities contradict)."""
        sums = self.sums
        return _inferred(self.plan, self.code, sums.difference, sums.unknown_lhs, sums.unknown_rhs, sums.broken, 1)[0]

    def failed(self) -> list[Failed]:
        """The checks that failed (:meth:`mismatched`), in the template's order, each with its
        member cells."""
        plan = self.plan
        checks = np.flatnonzero(self.mismatched())
        if not len(checks):
            return []
        head = {
            name: plan.head[name].take(plan.head_at[checks]).tolist() for name in ("identity", "rule", "table", "along")
        }
        out = []
        for k, check in enumerate(checks.tolist()):
            at = np.flatnonzero(plan.check == check)
            members = zip(
                plan.side.take(at).tolist(),
                plan.columns["row_key"].take(at).tolist(),
                plan.columns["col_key"].take(at).tolist(),
                _STATE_OF_CODE.take(self.code.take(at)).tolist(),
                self.value.take(at).tolist(),
                strict=True,
            )
            out.append(
                Failed(check, head["identity"][k], head["rule"][k], head["table"][k], head["along"][k], tuple(members))
            )
        return out


@attrs.frozen
class Failed:
    """A check of one document that failed, with its member cells: (side, row, column, state,
    value) each, left-hand side ``+1``, right-hand side ``-1``, in the template's order."""

    check: int
    identity: str
    rule: str
    table: str
    along: str
    members: tuple[tuple[int, str, str, str, float], ...]


def verdicts(documents: Sequence[Document], version: str) -> list[Verdicts]:
    """The identities of each document (all of format ``version``), evaluated in one go."""
    plan = _plan(version)
    if not documents:
        return []
    code, value = _members(plan, documents)
    count, size, n = len(documents), len(plan.check), plan.n_checks
    sums = _sums(plan, code, value, count)
    return [
        Verdicts(
            plan,
            document.source,
            code[k * size : (k + 1) * size],
            value[k * size : (k + 1) * size],
            _Sums(*(getattr(sums, f.name)[k * n : (k + 1) * n] for f in attrs.fields(_Sums))),
        )
        for k, document in enumerate(documents)
    ]


def _members(plan: _Plan, documents: Sequence[Document]) -> tuple[np.ndarray, np.ndarray]:
    """The state code and value of each member cell of each document, one document after the
    other (ABSENT where not printed): one lookup per printed cell, then array work for the batch."""
    width = len(plan.slot)
    found: dict[int, GridCell] = {}  # a cell printed twice: the last copy, as a frame lookup
    for k, document in enumerate(documents):
        start = k * width
        for table_id, table in document.tables.items():
            slots = plan.by_table.get(table_id)
            if slots is None:
                continue
            for cell in table.grid:
                place = slots.get((cell.row, cell.col))
                if place is not None:
                    found[start + place] = cell
    code = np.full(len(documents) * width, ABSENT, dtype=np.int8)
    value = np.full(len(documents) * width, np.nan)
    if found:
        at = np.fromiter(found, dtype=np.intp, count=len(found))
        cells = list(found.values())
        code[at] = [_CELL_CODE[c.state] for c in cells]
        value[at] = np.array([c.value for c in cells], dtype="float64")  # as float() reads them; None: NaN
    members = (np.arange(len(documents)) * width)[:, None] + plan.slots
    return code[members.ravel()], value[members.ravel()]


def inferred_of(evaluated: Sequence[Verdicts]) -> list[list[tuple[Cell, float | None]]]:
    """:meth:`Verdicts.inferred` of each of ``evaluated`` (documents of one format), from one
    pass of array work over all of them: a document then costs the cells it proves, not the
    dozen array calls of a pass of its own."""
    if not evaluated:
        return []

    def joined(name: str) -> np.ndarray:
        return np.concatenate([getattr(v.sums, name) for v in evaluated])

    code = np.concatenate([v.code for v in evaluated])
    difference, lhs, rhs, broken = (joined(name) for name in ("difference", "unknown_lhs", "unknown_rhs", "broken"))
    return _inferred(evaluated[0].plan, code, difference, lhs, rhs, broken, len(evaluated))


def _inferred(
    plan: _Plan,
    code: np.ndarray,
    difference: np.ndarray,
    lhs: np.ndarray,
    rhs: np.ndarray,
    broken: np.ndarray,
    count: int,
) -> list[list[tuple[Cell, float | None]]]:
    """For each of ``count`` documents (their members' codes and their checks' sums one
    document after the other, as :func:`_sums` takes and gives them), the blank cells whose
    checks fix them, with the value.

    Counts are never negative, so when every unknown cell of a check is on one side, their sum
    is fixed; it is 0 exactly when the known cells already balance. A single unknown cell is
    fixed whatever side it is on. Two identities that fix a cell to different values
    contradict each other, and so does a negative value: that cell is not proven (None)."""
    unknown = np.flatnonzero(_unknown(code))
    document, member = np.divmod(unknown, len(plan.check))
    check = document * plan.n_checks + plan.check[member]
    left, right, diff = lhs[check], rhs[check], difference[check]
    zero = diff == 0
    fixed = ~broken[check] & ((left == 0) | (right == 0)) & (zero | (left + right == 1))
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


def inferred_blanks(checks: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Blank or dash cells whose value the identities determine, with that value, from the
    tables of :func:`evaluate` (as :meth:`Verdicts.inferred` for one document).

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


class Rounds:
    """One document's identities, evaluated again as proven cells become known.

    What :meth:`Verdicts.inferred` gives for the document's cells with the known values
    written in, computed on the members' arrays alone (no frames): a round costs a few array
    sums, not a frame per step.
    """

    def __init__(self, verdicts: Verdicts) -> None:
        self.plan = verdicts.plan
        self.keys = self.plan.keys
        self.check = self.plan.check
        self.code = verdicts.code.copy()
        self.value = verdicts.value.copy()

    def leaves_unknowns(self, known: dict[Cell, float], proven: dict[Cell, float | None]) -> bool:
        """Whether some check holds a newly proven cell and a cell still unknown: only then can
        another round prove more."""
        unknown = np.flatnonzero(_unknown(self.code)).tolist()
        check = self.check.tolist()
        newly = {check[i] for i in unknown if self.keys[i] in known}
        return any(check[i] in newly for i in unknown if self.keys[i] not in proven)

    def know(self, known: dict[Cell, float]) -> None:
        """Write proven values in, as numbers."""
        members = self.plan.members
        for key, value in known.items():
            for i in members.get(key, ()):
                self.code[i], self.value[i] = NUMBER, value

    def inferred(self) -> list[tuple[Cell, float | None]]:
        """:meth:`Verdicts.inferred` of the document as it now stands: (cell, value or None)."""
        sums = _sums(self.plan, self.code, self.value, 1)
        return _inferred(self.plan, self.code, sums.difference, sums.unknown_lhs, sums.unknown_rhs, sums.broken, 1)[0]
