"""What several rules compute from a report's tables, computed for a batch of reports at once.

The identity verdicts (勾稽关系) and the schema failures are pandas and pandera work whose cost
is mostly per call, not per cell. For a batch, :func:`batch_memos` evaluates the identities of
every report of one format in one call, proves their blank cells' first round from it, and
validates their stacked cells once, then gives each report its own share under the memo keys
the rules read (``identities``, ``inferred-blanks``, ``schema-failures``),
exactly as the rules would have computed it alone. A report it cannot prepare (no tables, or
anything unexpected) gets no share, and its rules compute for it alone as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from govlint.model import Document
from govlint.rules.identities import evaluate, inferred_blanks
from govlint.schemas import failures_in, stacked_cells
from govlint.templates import get_template


def batch_memos(documents: Sequence[Document]) -> list[dict[str, Any]]:
    """One memo per document, holding what :func:`batch_memos` could compute for the batch."""
    memos: list[dict[str, Any]] = [{} for _ in documents]
    formats: dict[str, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        if document.template and document.tables and document.readable:
            formats[document.template].append(index)
    for version, indices in formats.items():
        if len(indices) < 2:
            continue  # a batch of one: nothing to share
        template = get_template(version)
        stacked, ends = stacked_cells([(list(documents[i].tables.values()), template) for i in indices])
        _identities(documents, indices, stacked, ends, template.version, memos)
        for i, bad in zip(indices, failures_in(stacked, ends), strict=True):
            memos[i]["schema-failures"] = bad
    return memos


def _identities(
    documents: Sequence[Document],
    indices: list[int],
    stacked: pd.DataFrame,
    ends: list[int],
    version: str,
    memos: list[dict[str, Any]],
) -> None:
    sizes = np.diff([0, *ends])
    cells = stacked[["table", "row_key", "col_key", "state", "value"]].assign(doc=np.repeat(indices, sizes))
    if cells.empty:
        return
    checks, members = evaluate(cells, version)
    blanks = inferred_blanks(checks, members)
    present = [i for i, size in zip(indices, sizes, strict=True) if size]  # in the order evaluate keeps
    size = len(members) // len(present)
    # The documents' own names in place of their places in the batch, once for the stack; then
    # each document's rows are one slice (evaluate keeps the documents in order, one block each).
    sources = [documents[i].source for i in indices]
    place = {i: k for k, i in enumerate(indices)}
    check_ends = _ends(checks, present)
    blank_ends = _ends(blanks, present) if len(blanks) else None
    names = np.array([sources[place[i]] for i in present], dtype=object)
    checks = checks.assign(doc=np.repeat(names, np.diff(check_ends)))
    members = members.assign(doc=np.repeat(names, size))
    if blank_ends is not None:
        blanks = blanks.assign(doc=np.repeat(names, np.diff(blank_ends)))
    for k, i in enumerate(present):
        memos[i]["identities"] = (
            checks.iloc[check_ends[k] : check_ends[k + 1]].reset_index(drop=True),
            members.iloc[k * size : (k + 1) * size].reset_index(drop=True),
        )
        if blank_ends is None:
            memos[i]["inferred-blanks"] = blanks.reset_index(drop=True).assign(doc=documents[i].source)
        else:
            memos[i]["inferred-blanks"] = blanks.iloc[blank_ends[k] : blank_ends[k + 1]].reset_index(drop=True)


def _ends(frame: pd.DataFrame, present: list[int]) -> list[int]:
    """Where each document's block of ``frame`` (by its ``doc``, in the order of ``present``) begins
    and ends."""
    docs = frame["doc"].to_numpy()
    return [0, *(int(np.searchsorted(docs, i, side="right")) for i in present)]
