"""Where the template's labels are printed in a table region, and which of them the rows are.

Every printed form of every row label (the label, its variants, aliases, the label without its
note or without its enumerator) and of every header, block title and column label is found in
the region's folded text; :func:`choose` keeps the row labels that can stand in template order
with the greatest weight (a weighted longest increasing subsequence).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

import attrs

from govlint.parse.stream import fold
from govlint.templates import TableSpec, once_per_spec
from govlint.templates.labels import strip_note

_ENUMERATOR_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}|\([一二三四五六七八九十]{1,3}\)|\d{1,2}\.)")


_BARE_MIN = 4  # a label without its enumerator must keep this many characters to be found


# Not frozen: made by the hundred for every table, and a frozen class's __init__ costs three
# times as much. Nothing changes one once made.
@attrs.define
class Found:
    """A printed form of a label in the folded text."""

    start: int
    end: int
    key: str | None  # the row key; None for a header, block title or column label
    kind: str
    weight: float
    order: int  # the row's place in the template (-1 for headers)


@once_per_spec  # templates live for the whole process
def forms(spec: TableSpec) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    """The printed forms of the rows and of the headers of ``spec``."""
    return _row_forms(spec), _header_forms(spec)


def _row_forms(spec: TableSpec) -> tuple[tuple[str, str, str], ...]:
    """(folded form, row key, kind) of every printed form of every row label."""
    out: list[tuple[str, str, str]] = []
    for row in spec.rows:
        forms = [(row.label, "exact"), *((v, "variant") for v in row.variants)]
        forms += [(strip_note(fold(row.label)), "annotated"), *((a, "alias") for a in row.aliases)]
        for text, _ in list(forms):
            bare = _ENUMERATOR_RE.sub("", fold(text))
            if bare != fold(text) and bare:
                forms.append((bare, "bare" if len(bare) >= _BARE_MIN else "short"))
        seen: set[str] = set()
        for text, kind in forms:
            folded = fold(text)
            if folded and folded not in seen:
                seen.add(folded)
                out.append((folded, row.key, kind))
    return tuple(out)


def _header_forms(spec: TableSpec) -> tuple[str, ...]:
    texts = [*spec.header, *(b.title for b in spec.blocks if b.title)]
    for block in spec.blocks:
        for col in block.columns:
            texts += [col.label, *col.aliases, *([col.group] if col.group else [])]
    forms = {fold(t) for t in texts} | {strip_note(fold(t)) for t in texts}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def occurrences(text: str, form: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Every place ``form`` stands in ``text[start:end]``, overlapping ones too."""
    index = text.find(form, start, end)
    while index >= 0:
        yield index
        index = text.find(form, index + 1, end)


_DISTINCT = 4  # folded characters a label needs to tell a table apart from running text


def head_texts(spec: TableSpec) -> frozenset[str]:
    """The table's header cells, block titles and column labels, folded: what only the table
    prints (a sentence may name its rows, not its headers)."""
    return _texts(spec)[0]


def label_texts(spec: TableSpec) -> frozenset[str]:
    """The table's headers and row labels, folded: a run of them is the table run together."""
    return _texts(spec)[1]


@once_per_spec
def _texts(spec: TableSpec) -> tuple[frozenset[str], frozenset[str]]:
    """:func:`head_texts` and :func:`label_texts`."""
    texts = {fold(t) for t in (*spec.header, *(b.title for b in spec.blocks if b.title))}
    texts |= {fold(c.label) for b in spec.blocks for c in b.columns}
    heads = frozenset(t for t in texts if len(t) >= _DISTINCT)
    return heads, heads | frozenset(t for t in (fold(r.label) for r in spec.rows) if len(t) >= _DISTINCT)


class Spans:
    """Spans of the region's text (overlapping ones merged), for overlap queries."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self.spans = merged
        self.ends = [e for _, e in merged]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        i = bisect.bisect_right(self.ends, start)
        if i == len(self.spans) or self.spans[i][0] >= end:
            return []  # most tokens stand clear of every label
        out = []
        while i < len(self.spans) and self.spans[i][0] < end:
            out.append(self.spans[i])
            i += 1
        return out


def choose(found: list[Found]) -> list[Found]:
    """The row labels in template order with the greatest weight (ties: the earliest)."""
    rows = sorted((f for f in found if f.key is not None), key=lambda f: (f.start, -(f.end - f.start)))
    best: list[float] = []
    back: list[int] = []
    ends = [f.end for f in rows]
    orders = [f.order for f in rows]
    for f in rows:
        start, order, weight = f.start, f.order, f.weight
        score, prev = weight, -1
        threshold = score + 1e-9
        # best holds the rows before f only: zip stops there
        for j, (total, end, before) in enumerate(zip(best, ends, orders, strict=False)):
            if end <= start and before < order and total + weight > threshold:
                score, prev = total + weight, j
                threshold = score + 1e-9
        best.append(score)
        back.append(prev)
    if not rows:
        return []
    i = max(range(len(rows)), key=lambda k: (best[k], -k))
    chosen = []
    while i >= 0:
        chosen.append(rows[i])
        i = back[i]
    return chosen[::-1]
