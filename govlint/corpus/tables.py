"""The tables of a corpus audit, as written to disk and as the corpus rules read them.

Four tables, each a pandas DataFrame with fixed columns and dtypes (the same when empty):

``documents``
    one row per input file that was read (even when it is not a report): who published it,
    for which year, in which format, and the text of sections 一 and 五 (for ``copied-report``).
``cells``
    one row per template cell of every table found (:data:`govlint.frames.CELL_COLUMNS`) plus
    the file's region.
``findings``
    one row per finding (:data:`govlint.frames.FINDINGS_COLUMNS`) plus the file's region; the
    evidence columns ``expected`` and ``actual`` are JSON text.
``errors``
    one row per input that gave no result: it could not be opened, or it met a bug in govlint.

The corpus rules read only the columns listed in :data:`RULE_INPUT_COLUMNS`, so a cells and
documents table written by another tool with those columns can be audited too.
"""

from __future__ import annotations

from typing import Any

import attrs
import pandas as pd

from govlint.frames import CELL_COLUMNS, CELL_DTYPES, FINDINGS_COLUMNS, FINDINGS_DTYPES

DOCUMENT_COLUMNS = (
    "path", "sha256", "size",
    "organ", "organ_key", "region", "parent", "level", "summary",
    "year", "template", "published", "readable", "findings",
    "section_1", "section_5",
)  # fmt: skip
DOCUMENT_DTYPES: dict[str, Any] = {
    **{column: "string" for column in DOCUMENT_COLUMNS},
    "size": "Int64",
    "summary": "boolean",
    "year": "Int64",
    "readable": "boolean",
    "findings": "Int64",
}
CELLS_COLUMNS = (*CELL_COLUMNS, "region")
CELLS_DTYPES: dict[str, Any] = {**CELL_DTYPES, "region": "string"}
# ``related``: the other side of a corpus finding (JSON text of Finding.to_dict()["related"]).
FINDING_TABLE_COLUMNS = (*FINDINGS_COLUMNS, "region", "related")
FINDING_TABLE_DTYPES: dict[str, Any] = {
    **FINDINGS_DTYPES,
    "expected": "string",
    "actual": "string",
    "region": "string",
    "related": "string",
}
ERROR_COLUMNS = ("path", "kind", "message")  # kind: "error" (could not be opened) or "crash" (a bug)
ERROR_DTYPES: dict[str, Any] = {column: "string" for column in ERROR_COLUMNS}

# What the corpus rules read: the documented contract for tables written by other tools.
RULE_INPUT_COLUMNS = {
    "documents": ("path", "organ", "organ_key", "region", "parent", "level", "summary", "year", "template",
                  "section_1", "section_5"),
    "cells": ("path", "table", "row_key", "col_key", "row", "col", "state", "value"),
}  # fmt: skip


def empty(columns: tuple[str, ...], dtypes: dict[str, Any]) -> pd.DataFrame:
    """A frame with no rows and the table's columns and dtypes."""
    return pd.DataFrame(columns=list(columns)).astype({c: dtypes[c] for c in columns})


def typed(frame: pd.DataFrame, columns: tuple[str, ...], dtypes: dict[str, Any]) -> pd.DataFrame:
    """``frame`` with exactly the table's columns, in order, with its dtypes."""
    return frame.reindex(columns=list(columns)).astype({c: dtypes[c] for c in columns})


@attrs.frozen(eq=False)
class CorpusTables:
    """The two tables the corpus rules read (columns: :data:`RULE_INPUT_COLUMNS` at least)."""

    documents: pd.DataFrame
    cells: pd.DataFrame


@attrs.frozen(eq=False)
class BatchTables:
    """What :func:`govlint.corpus.lint_batch` gives for a batch of files: the four tables."""

    documents: pd.DataFrame
    cells: pd.DataFrame
    findings: pd.DataFrame
    errors: pd.DataFrame
