"""What several rules compute from a report's tables, computed for a batch of reports at once.

The identity verdicts (勾稽关系) and the schema failures are pandas and pandera work whose cost
is mostly per call, not per cell. For a batch, :func:`batch_memos` evaluates the identities of
every report of one format in one call and validates their stacked cells once, then gives each
report its own share under the memo keys the rules read (``identities``, ``schema-failures``),
exactly as the rules would have computed it alone. A report it cannot prepare (no tables, or
anything unexpected) gets no share, and its rules compute for it alone as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import pandas as pd

from govlint.model import Document
from govlint.rules.identities import document_cells, evaluate, inferred_blanks
from govlint.schemas import failures_of_many
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
        _identities(documents, indices, version, memos)
        _schema_failures(documents, indices, version, memos)
    return memos


def _identities(documents: Sequence[Document], indices: list[int], version: str, memos: list[dict[str, Any]]) -> None:
    frames = [document_cells(documents[i]).assign(doc=i) for i in indices]
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return
    checks, members = evaluate(pd.concat(frames, ignore_index=True), get_template(version).version)
    blanks = inferred_blanks(checks, members)
    size = len(members) // len(frames)
    rows = checks.groupby("doc", sort=False).indices
    found = blanks.groupby("doc", sort=False).indices
    for k, frame in enumerate(frames):
        i = int(frame["doc"].iloc[0])
        source = documents[i].source
        own_checks = checks.iloc[rows[i]].reset_index(drop=True).assign(doc=source)
        own_members = members.iloc[k * size : (k + 1) * size].reset_index(drop=True).assign(doc=source)
        memos[i]["identities"] = (own_checks, own_members)
        mine = found.get(i, [])
        memos[i]["inferred-blanks"] = blanks.iloc[mine].reset_index(drop=True).assign(doc=source)


def _schema_failures(
    documents: Sequence[Document], indices: list[int], version: str, memos: list[dict[str, Any]]
) -> None:
    template = get_template(version)
    found = failures_of_many([(list(documents[i].tables.values()), template) for i in indices])
    for i, bad in zip(indices, found, strict=True):
        memos[i]["schema-failures"] = bad


__all__ = ["batch_memos"]
