"""Evaluating the template's identities (勾稽关系) over tidy cell frames, vectorised.

The input is a long frame of cells — one row per (doc, table, row_key, col_key) with state and
value — so the same code checks one report or the stacked tables of thousands at once.

Semantics (rules.md GL3): a blank or dash *component* counts as 0; a blank *total* makes the
identity unverifiable; a cell that is text, or a row the report lacks, makes it unverifiable.
"""

from __future__ import annotations

from functools import cache

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


def _cell_keys(frame: pd.DataFrame) -> pd.Series:
    return frame["table"].astype(str) + "\x1f" + frame["row_key"].astype(str) + "\x1f" + frame["col_key"].astype(str)


def document_cells(document: Document) -> pd.DataFrame:
    """The tidy cells of every table of one document, with a ``table`` column."""
    frames = [t.cells.assign(table=tid) for tid, t in document.tables.items() if len(t)]
    if not frames:
        return pd.DataFrame(columns=["doc", *CELL_KEYS, "state", "value"])
    return pd.concat(frames, ignore_index=True).assign(doc=printable(document.source))


def evaluate(cells: pd.DataFrame, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(checks, members): one row per (doc, check) with its verdict, and the cells behind it.

    ``checks`` columns: doc, check, identity, rule, table, along, difference (lhs − rhs over
    printed numbers), unknown_lhs, unknown_rhs (blank or dash cells on each side),
    blank_total, broken (a text cell or a row the report lacks), status ("ok", "mismatch",
    "unverifiable"). ``members`` is one row per (doc, check, cell) with the cell's state and
    value (state "absent" when not printed).
    """
    frame = identity_frame(version)
    docs = pd.Index(cells["doc"].drop_duplicates())
    wanted = cells[["doc", *CELL_KEYS, "state", "value"]]
    # Every template cell of every identity, for each document, found by integer position:
    # one lookup for the whole stack, the same code for one report or thousands.
    size, count = len(frame), len(docs)
    frame_keys = _cell_keys(frame)
    ids = pd.Index(frame_keys.drop_duplicates())
    wanted_id = ids.get_indexer(_cell_keys(wanted))  # -1: a cell no identity names
    wanted_doc = docs.get_indexer(wanted["doc"])
    slots = np.full(count * len(ids), -1)
    named = np.flatnonzero(wanted_id >= 0)
    slots[wanted_doc[named] * len(ids) + wanted_id[named]] = named
    at = slots[np.repeat(np.arange(count), size) * len(ids) + np.tile(ids.get_indexer(frame_keys), count)]
    found = at >= 0
    members = frame.iloc[np.tile(np.arange(size), count)].reset_index(drop=True)
    members["doc"] = np.repeat(docs.to_numpy(dtype=object), size)
    states = wanted["state"].to_numpy(dtype=object)[at]
    values = wanted["value"].to_numpy(dtype="float64", na_value=np.nan)[at]
    states[~found], values[~found] = None, np.nan  # position -1 picked the last cell: not found
    members["state"], members["value"] = states, values
    state = members["state"].fillna("absent").to_numpy(dtype=object)
    members["state"] = state
    number = state == "number"
    unknown = (state == "blank") | (state == "dash")
    side = members["side"].to_numpy()
    value = np.nan_to_num(members["value"].to_numpy(dtype="float64", na_value=np.nan))
    # One bin per (document, check): sums over bins are the whole evaluation.
    n_checks = int(frame["check"].max()) + 1
    key = docs.get_indexer(members["doc"]) * n_checks + members["check"].to_numpy()
    bins = len(docs) * n_checks

    def per_check(weights: np.ndarray) -> np.ndarray:
        return np.bincount(key, weights=weights.astype("float64"), minlength=bins)

    difference = per_check(np.where(number, value, 0.0) * side)
    unknown_lhs = per_check(unknown & (side > 0))
    unknown_rhs = per_check(unknown & (side < 0))
    blank_total = per_check(unknown & members["total"].to_numpy()) > 0
    broken = per_check((state == "text") | (state == "absent")) > 0
    present = per_check(np.ones(len(key))) > 0
    head = frame.drop_duplicates("check").set_index("check")[["identity", "rule", "table", "along"]]
    index = np.flatnonzero(present)
    checks = head.loc[index % n_checks].reset_index()
    checks.insert(0, "doc", docs[index // n_checks])
    checks["difference"] = difference[index]
    checks["unknown_lhs"] = unknown_lhs[index].astype(int)
    checks["unknown_rhs"] = unknown_rhs[index].astype(int)
    checks["blank_total"] = blank_total[index]
    checks["broken"] = broken[index]
    status = np.where(checks["difference"].to_numpy() != 0, "mismatch", "ok")
    checks["status"] = np.where(checks["blank_total"] | checks["broken"], "unverifiable", status)
    return checks, members


def inferred_blanks(checks: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Blank or dash cells whose value the identities determine, with that value.

    Counts are never negative, so when every unknown cell of a check is on one side, their sum
    is fixed; it is 0 exactly when the known cells already balance. A single unknown cell is
    fixed whatever side it is on. Two identities that fix a cell to different values
    contradict each other: that cell is not proven (``inferred`` is NA).
    """
    verdict = {
        (doc, check): (difference, lhs, rhs)
        for doc, check, difference, lhs, rhs, broken in zip(
            checks["doc"], checks["check"], checks["difference"], checks["unknown_lhs"], checks["unknown_rhs"],
            checks["broken"], strict=True,
        )
        if not broken and (lhs == 0 or rhs == 0)
    }  # fmt: skip
    found: dict[tuple[str, str, str, str], set[float]] = {}
    unknown = members[members["state"].isin(["blank", "dash"])]
    columns = [unknown[c].to_numpy() for c in ("doc", "check", *CELL_KEYS, "side")]
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
