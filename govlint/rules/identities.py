"""Evaluating the template's identities (勾稽关系) over tidy cell frames, vectorised.

The input is a long frame of cells — one row per (doc, table, row_key, col_key) with state and
value — so the same code checks one report or the stacked tables of thousands at once.

Semantics (rules.md GL3): a blank or dash *component* counts as 0; a blank *total* makes the
identity unverifiable; a cell that is text, or a row the report lacks, makes it unverifiable.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from govlint.model import Document
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
    return pd.concat(frames, ignore_index=True).assign(doc=document.source)


def evaluate(cells: pd.DataFrame, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(checks, members): one row per (doc, check) with its verdict, and the cells behind it.

    ``checks`` columns: doc, check, identity, rule, table, along, lhs, rhs, unknown_lhs,
    unknown_rhs, blank_total, broken, difference (lhs − rhs over printed numbers), status
    ("ok", "mismatch", "unverifiable"). ``members`` is one row per
    (doc, check, cell) with the cell's state and value (state "absent" when not printed).
    """
    frame = identity_frame(version)
    docs = cells["doc"].drop_duplicates()
    wanted = cells[["doc", *CELL_KEYS, "state", "value"]]
    if len(docs) == 1:  # one report: no need to pair every check with every document
        members = frame.merge(wanted.drop(columns="doc"), on=CELL_KEYS, how="left").assign(doc=docs.iloc[0])
    else:
        members = frame.merge(docs.to_frame(), how="cross").merge(wanted, on=["doc", *CELL_KEYS], how="left")
    members["state"] = members["state"].fillna("absent")
    number = members["state"] == "number"
    unknown = members["state"].isin(["blank", "dash"])
    members["signed"] = members["value"].where(number, 0).astype("Float64") * members["side"]
    members["lhs_unknown"] = unknown & (members["side"] > 0)
    members["rhs_unknown"] = unknown & (members["side"] < 0)
    members["blank_total"] = unknown & members["total"]
    members["broken"] = members["state"].isin(["text", "absent"])
    keys = ["doc", "check", "identity", "rule", "table", "along"]
    checks = members.groupby(keys, sort=False, as_index=False).agg(
        difference=("signed", "sum"),
        unknown_lhs=("lhs_unknown", "sum"),
        unknown_rhs=("rhs_unknown", "sum"),
        blank_total=("blank_total", "any"),
        broken=("broken", "any"),
    )
    checks["status"] = "ok"
    checks.loc[checks["difference"] != 0, "status"] = "mismatch"
    checks.loc[checks["blank_total"] | checks["broken"], "status"] = "unverifiable"
    return checks, members


def inferred_blanks(checks: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Blank or dash cells whose value the identities determine, with that value.

    Counts are never negative, so when every unknown cell of a check is on one side, their sum
    is fixed; it is 0 exactly when the known cells already balance. A single unknown cell is
    fixed whatever side it is on.
    """
    usable = checks[~checks["broken"]]
    one_side = usable[(usable["unknown_lhs"] == 0) | (usable["unknown_rhs"] == 0)]
    unknown = members[members["state"].isin(["blank", "dash"])][["doc", "check", *CELL_KEYS, "side"]]
    merged = unknown.merge(one_side[["doc", "check", "difference", "unknown_lhs", "unknown_rhs"]], on=["doc", "check"])
    alone = (merged["unknown_lhs"] + merged["unknown_rhs"]) == 1
    zero = merged["difference"] == 0
    merged = merged[zero | alone].copy()
    # lhs − rhs = difference over known cells, so an lhs unknown is −difference, an rhs one +difference.
    merged["inferred"] = (merged["difference"] * -merged["side"]).astype("Float64")
    merged.loc[merged["difference"] == 0, "inferred"] = 0
    merged = merged.drop_duplicates(subset=["doc", *CELL_KEYS, "inferred"])
    # Two identities that fix a cell to different values contradict each other: not proven.
    conflict = merged.duplicated(subset=["doc", *CELL_KEYS], keep=False)
    merged.loc[conflict, "inferred"] = pd.NA
    return merged.drop_duplicates(subset=["doc", *CELL_KEYS])[["doc", *CELL_KEYS, "inferred", "check"]]
