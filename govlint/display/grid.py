"""A statutory table laid out as the official form draws it: merged header cells, row hierarchy.

The layout comes from the template data (blocks, column groups, row parents and
``TableLayout``); nothing here spells a label. The result is a list of rows of :class:`Slot`
objects that the HTML writer turns into ``<th>``/``<td>`` elements.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from govlint.templates.spec import BlockSpec, TableSpec

SlotKind = Literal["title", "corner", "head", "group", "label", "cell", "extra"]
# Where rows the template does not have are drawn: after a leaf row, or first in a block's body.
Anchor = tuple[Literal["after", "start"], str]


@attrs.frozen
class Slot:
    """One drawn cell: a header, a row label or a data cell (``row``/``col`` are template keys).

    An ``extra`` slot stands for a whole row the template does not have: ``block`` is the block
    it is drawn in, ``row`` the leaf row it follows (None: first in the block), ``text`` its
    index among the rows drawn there, and ``colspan`` the label columns it takes.
    """

    kind: SlotKind
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    row: str | None = None
    col: str | None = None
    block: str | None = None


def label_columns(spec: TableSpec) -> int:
    """How many columns the row labels take: one per level of the row hierarchy, or none."""
    labelled = [r for r in spec.rows if r.labelled]
    return 1 + max(r.level for r in labelled) if labelled else 0


def width(spec: TableSpec) -> int:
    return label_columns(spec) + max(len(b.columns) for b in spec.blocks)


def layout(spec: TableSpec, extras: Mapping[Anchor, int] | None = None) -> Iterator[list[Slot]]:
    """The rows of the form, block by block: block title, column headers, then data rows.

    ``extras`` counts the rows the template does not have by where they are drawn:
    ``("after", leaf)`` right after that leaf row, beside it in the row hierarchy (or beside
    the group it closes when it is the group's last row; the group labels whose span it falls
    in are drawn that much taller), ``("start", block)`` first in the block, under its header.
    """
    labels, total = label_columns(spec), width(spec)
    extras = extras or {}
    for block in spec.blocks:
        if block.title:
            yield [Slot("title", block.title, colspan=total)]
        yield from _header(spec, block, labels, total)
        for i in range(extras.get(("start", block.key), 0)):
            yield [Slot("extra", str(i), colspan=labels, block=block.key)]
        yield from _body(spec, block, labels, total, extras)


def _extra_parent(spec: TableSpec, anchor: str) -> str | None:
    """The group an extra row printed after the leaf ``anchor`` belongs to (None: the top)."""
    parent = spec.row(anchor).parent
    while parent is not None and spec.descendants(parent)[-1].key == anchor:
        parent = spec.row(parent).parent
    return parent


def _header(spec: TableSpec, block: BlockSpec, labels: int, total: int) -> Iterator[list[Slot]]:
    paths = [spec.layout.column_path(c) for c in block.columns]
    depth = max(len(p) for p in paths)
    rows: list[list[Slot]] = [[] for _ in range(depth)]
    if labels:
        corner = spec.layout.corner or ""
        rows[0].append(Slot("corner", corner, colspan=labels, rowspan=depth))
    spare = total - labels - len(block.columns)  # a block narrower than the form: the last column widens
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if level >= len(path):  # covered by a leaf heading's rowspan from above
                i += 1
                continue
            if level == len(path) - 1:
                last = i == len(paths) - 1
                col = block.columns[i]
                rows[level].append(
                    Slot("head", path[-1], colspan=1 + (spare if last else 0), rowspan=depth - level, col=col.key)
                )
                i += 1
                continue
            j = i
            while j < len(paths) and len(paths[j]) - 1 > level and paths[j][: level + 1] == path[: level + 1]:
                j += 1
            rows[level].append(Slot("group", path[level], colspan=j - i))
            i = j
    yield from rows


def _body(
    spec: TableSpec, block: BlockSpec, labels: int, total: int, extras: Mapping[Anchor, int]
) -> Iterator[list[Slot]]:
    rows = [spec.row(key) for key in block.rows]
    spare = total - labels - len(block.columns)
    taller: dict[str, int] = {}  # group key -> extra rows inside its span
    placed: dict[str, int] = {}  # anchor -> the label columns its extra rows take
    for (where, anchor), count in extras.items():
        if where != "after" or anchor not in block.rows:
            continue
        parent = _extra_parent(spec, anchor)
        placed[anchor] = labels - (spec.row(parent).level + 1 if parent is not None else 0)
        while parent is not None:
            taller[parent] = taller.get(parent, 0) + count
            parent = spec.row(parent).parent
    pending: list[Slot] = []
    for row in rows:
        if row.kind == "group":
            span = len(spec.descendants(row.key))
            if span:
                pending.append(Slot("label", row.label, rowspan=span + taller.get(row.key, 0), row=row.key))
            continue
        slots = pending
        pending = []
        if labels:
            slots.append(Slot("label", row.label if row.labelled else "", colspan=labels - row.level, row=row.key))
        for i, col in enumerate(block.columns):
            last = i == len(block.columns) - 1
            slots.append(Slot("cell", colspan=1 + (spare if last else 0), row=row.key, col=col.key))
        yield slots
        for i in range(extras.get(("after", row.key), 0)):
            yield [Slot("extra", str(i), colspan=placed[row.key], row=row.key, block=block.key)]
