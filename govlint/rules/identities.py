"""Evaluating the template's identities (勾稽关系), vectorised over the cells of many reports.

Each identity check names template cells; every report of one format has the same ones, in the
same order (the *members*). A report's members are looked up once from its tables; then one
set of array sums (:mod:`govlint.rules.checkarrays`) evaluates every check of every report of a
batch at once (:func:`verdicts`), and each report keeps its share as a :class:`Verdicts`. The
same sums over a long frame of cells (:func:`evaluate`) give the verdicts as tables, for
analysis.

Semantics (rules.md GL3): a blank or dash *component* counts as 0; a blank *total* makes the
identity unverifiable; a cell that is text, or a row the report lacks, makes it unverifiable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import pandas as pd

from govlint.model import Cell as GridCell
from govlint.model import Document, printable
from govlint.rules.checkarrays import (
    ABSENT,
    CELL_CODE,
    NUMBER,
    STATE_OF_CODE,
    Cell,
    Plan,
    Sums,
    check_sums,
    is_unknown,
    plan_of,
    proven_cells,
    state_codes,
)

CELL_KEYS = ["table", "row_key", "col_key"]


def document_cells(document: Document) -> pd.DataFrame:
    """The tidy cells of every table of one document, with a ``table`` column."""
    frames = [t.cells.assign(table=tid) for tid, t in document.tables.items() if len(t)]
    if not frames:
        return pd.DataFrame(columns=["doc", *CELL_KEYS, "state", "value"])
    return pd.concat(frames, ignore_index=True).assign(doc=printable(document.source))


def _status(sums: Sums, index: np.ndarray) -> np.ndarray:
    unverifiable = sums.blank_total[index] | sums.broken[index]
    return np.where(unverifiable, "unverifiable", np.where(sums.difference[index] != 0, "mismatch", "ok"))


def _frames(
    plan: Plan, docs: Any, state: np.ndarray, value: np.ndarray, sums: Sums
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
    plan = plan_of(version)
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
    return _frames(plan, docs, state, values, check_sums(plan, state_codes(state), values, count))


@attrs.frozen(eq=False)
class Verdicts:
    """One document's identities, evaluated (:func:`verdicts`): each member cell's state and
    value, in the template's order, and each check's sums — what :func:`evaluate` gives for the
    document, as arrays; :meth:`frames` gives it as tables."""

    plan: Plan
    source: str
    code: np.ndarray  # each member's state code (ABSENT where the document does not print it)
    value: np.ndarray
    sums: Sums  # of this document alone

    def mismatched(self) -> np.ndarray:
        """Whether each check is a mismatch (verifiable, and its sides differ)."""
        sums = self.sums
        mismatch: np.ndarray = ~(sums.blank_total | sums.broken) & (sums.difference != 0)
        return mismatch

    def inferred(self) -> list[tuple[Cell, float | None]]:
        """:func:`inferred_blanks` of the document: each blank cell the identities determine,
        with its value (None where two identities contradict)."""
        return proven_cells(self.plan, self.code, self.sums, 1)[0]

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
                STATE_OF_CODE.take(self.code.take(at)).tolist(),
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
    plan = plan_of(version)
    if not documents:
        return []
    code, value = _members(plan, documents)
    count, size, n = len(documents), len(plan.check), plan.n_checks
    sums = check_sums(plan, code, value, count)
    return [
        Verdicts(
            plan,
            document.source,
            code[k * size : (k + 1) * size],
            value[k * size : (k + 1) * size],
            Sums(*(getattr(sums, f.name)[k * n : (k + 1) * n] for f in attrs.fields(Sums))),
        )
        for k, document in enumerate(documents)
    ]


def _members(plan: Plan, documents: Sequence[Document]) -> tuple[np.ndarray, np.ndarray]:
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
        code[at] = [CELL_CODE[c.state] for c in cells]
        value[at] = np.array([c.value for c in cells], dtype="float64")  # as float() reads them; None: NaN
    members = (np.arange(len(documents)) * width)[:, None] + plan.slots
    return code[members.ravel()], value[members.ravel()]


def inferred_of(evaluated: Sequence[Verdicts]) -> list[list[tuple[Cell, float | None]]]:
    """:meth:`Verdicts.inferred` of each of ``evaluated`` (documents of one format), from one
    pass of array work over all of them: a document then costs the cells it proves, not the
    dozen array calls of a pass of its own."""
    if not evaluated:
        return []

    code = np.concatenate([v.code for v in evaluated])
    sums = Sums(*(np.concatenate([getattr(v.sums, f.name) for v in evaluated]) for f in attrs.fields(Sums)))
    return proven_cells(evaluated[0].plan, code, sums, len(evaluated))


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
        unknown = np.flatnonzero(is_unknown(self.code)).tolist()
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
        sums = check_sums(self.plan, self.code, self.value, 1)
        return proven_cells(self.plan, self.code, sums, 1)[0]
