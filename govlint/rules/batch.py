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
    rows = checks.groupby("doc", sort=False).indices
    found = blanks.groupby("doc", sort=False).indices
    for k, i in enumerate(present):
        source = documents[i].source
        own_checks = checks.iloc[rows[i]].reset_index(drop=True).assign(doc=source)
        own_members = members.iloc[k * size : (k + 1) * size].reset_index(drop=True).assign(doc=source)
        memos[i]["identities"] = (own_checks, own_members)
        memos[i]["inferred-blanks"] = blanks.iloc[found.get(i, [])].reset_index(drop=True).assign(doc=source)
