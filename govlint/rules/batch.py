"""What several rules compute from a report's tables, computed for a batch of reports at once.

The identity verdicts (勾稽关系) and the schema failures are array and pandera work whose cost
is mostly per call, not per cell. For a batch, :func:`batch_memos` evaluates the identities of
every report of one format in one call (:func:`govlint.rules.identities.verdicts`), proves
their blank cells' first round from it, and validates the stacked cells of the reports of
every format once, then gives each report its own share under the memo keys the rules read
(``identities``, ``inferred-blanks``, ``schema-failures``), exactly as the rules would have
computed it alone.
A report it cannot prepare (no tables, or anything unexpected) gets no share, and its rules
compute for it alone as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from govlint.model import Document, Table
from govlint.rules.identities import inferred_of, verdicts
from govlint.schemas import failures_of
from govlint.templates import Template, get_template


def batch_memos(documents: Sequence[Document]) -> list[dict[str, Any]]:
    """One memo per document, holding what :func:`batch_memos` could compute for the batch."""
    memos: list[dict[str, Any]] = [{} for _ in documents]
    formats: dict[str, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        if document.template and document.tables and document.readable:
            formats[document.template].append(index)
    reports: list[tuple[list[Table], Template]] = []
    placed: list[int] = []
    for version, indices in formats.items():
        if len(indices) < 2:
            continue  # a batch of one: nothing to share
        template = get_template(version)
        group = [documents[i] for i in indices]
        evaluated = verdicts(group, template.version)
        for i, mine, inferred in zip(indices, evaluated, inferred_of(evaluated), strict=True):
            memos[i]["identities"] = mine
            memos[i]["inferred-blanks"] = inferred
        reports += [(list(d.tables.values()), template) for d in group]
        placed += indices
    # One validation for the reports of every format: each cell is checked with its own
    # template's columns, and a validation costs mostly per call.
    for i, bad in zip(placed, failures_of(reports), strict=True):
        memos[i]["schema-failures"] = bad
    return memos
