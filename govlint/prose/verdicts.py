"""Each claim of the text held against the table cells it describes.

:func:`verdicts` is public: a notebook can list every figure the text states, the cell(s) it was
compared with, and which reading matched (``一`` or ``一+二`` for applications received).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from govlint.model import CellState, Document
from govlint.prose import Passage, passages
from govlint.prose.claims import (
    ANSWERED,
    CARRIED_FORWARD,
    CARRIED_OVER,
    IN_FORCE,
    LITIGATION,
    MADE,
    RECEIVED,
    REPEALED,
    REVIEW,
    Claim,
    claims,
)

Cells = tuple[tuple[str, str, str], ...]  # (table id, row key, column key)

_APPLICATIONS = "applications"
_REVIEW_LITIGATION = "review_litigation"
_ACTIVE = "active_disclosure"
_SUIT_GROUPS = ("direct_suit", "suit_after_review")
_COMPONENTS = ("upheld", "corrected", "other", "pending")


@attrs.frozen
class Reading:
    """One way to read a claim: a name (``一``, ``一+二``), the cells summed, their value."""

    name: str
    cells: Cells
    value: int | None  # None when a cell is blank, missing or not a number


@attrs.frozen
class Verdict:
    claim: Claim
    readings: tuple[Reading, ...]
    # Another figure of the same kind in the same paragraph matched the table: this one is a
    # part of it (其中网上申请8件) or a restatement, not a contradiction.
    superseded: bool = False

    @property
    def decidable(self) -> bool:
        return any(r.value is not None for r in self.readings)

    @property
    def matched(self) -> Reading | None:
        return next((r for r in self.readings if r.value == self.claim.value), None)

    @property
    def mismatch(self) -> bool:
        """Every reading has a value, and none equals the stated figure."""
        known = bool(self.readings) and all(r.value is not None for r in self.readings)
        return known and self.matched is None and not self.superseded


def _value(document: Document, table: str, row: str, col: str) -> int | None:
    t = document.tables.get(table)
    cell = t.cell(row, col) if t is not None else None
    if cell is None:
        return None
    if cell.state is CellState.DASH:
        return 0  # domain.md §8: a dash is printed for "none"
    if cell.state is not CellState.NUMBER or cell.value is None or cell.value != int(cell.value):
        return None
    return int(cell.value)


def _sum(document: Document, cells: Cells) -> int | None:
    values = [_value(document, *c) for c in cells]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _group_total(document: Document, group: str) -> tuple[Cells, int | None]:
    """A 表四 group's 总计, or the sum of its four results when the 总计 is blank."""
    total: Cells = ((_REVIEW_LITIGATION, "cases", f"{group}.total"),)
    value = _sum(document, total)
    if value is None:
        parts: Cells = tuple((_REVIEW_LITIGATION, "cases", f"{group}.{k}") for k in _COMPONENTS)
        return parts, _sum(document, parts)
    return total, value


def _readings(document: Document, claim: Claim) -> tuple[Reading, ...]:
    kinds = set(claim.kinds)
    if kinds <= {REVIEW, LITIGATION}:
        groups = (["review"] if REVIEW in kinds else []) + (list(_SUIT_GROUPS) if LITIGATION in kinds else [])
        found = [_group_total(document, g) for g in groups]
        cells = tuple(c for cs, _ in found for c in cs)
        values = [v for _, v in found]
        value = None if any(v is None for v in values) else sum(v for v in values if v is not None)
        return (Reading("+".join(sorted(kinds)), cells, value),)
    (kind,) = claim.kinds
    if kind in (MADE, REPEALED, IN_FORCE):
        cell = (_ACTIVE, claim.document or "", kind)
        t = document.tables.get(_ACTIVE)
        if t is None or kind not in dict(t.columns_axis.items):
            return ()
        return (Reading(kind, (cell,), _sum(document, (cell,))),)
    one: Cells = ((_APPLICATIONS, "new_received", "total"),)
    simple = {
        CARRIED_OVER: ("二", ((_APPLICATIONS, "carried_over", "total"),)),
        ANSWERED: ("（七）", ((_APPLICATIONS, "results_total", "total"),)),
        CARRIED_FORWARD: ("四", ((_APPLICATIONS, "carried_forward", "total"),)),
        RECEIVED: ("一", one),
    }
    name, cells = simple[kind]
    readings = [Reading(name, cells, _sum(document, cells))]
    if kind == RECEIVED:  # some organs count what they handled this year: 一 + 二
        both: Cells = (*one, (_APPLICATIONS, "carried_over", "total"))
        readings.append(Reading("一+二", both, _sum(document, both)))
    return tuple(readings)


def verdicts(document: Document, read: Sequence[Passage] | None = None) -> list[Verdict]:
    """Every claim in the report's running text with the readings it was compared with;
    ``read`` gives the document's :func:`~govlint.prose.passages` when they are at hand."""
    out: list[Verdict] = []
    for passage in passages(document) if read is None else read:
        found = [Verdict(c, _readings(document, c)) for c in claims((passage,), document.year)]
        agreed = {(*v.claim.kinds, v.claim.document or "") for v in found if v.matched is not None}
        out += [attrs.evolve(v, superseded=(*v.claim.kinds, v.claim.document or "") in agreed) for v in found]
    return out
