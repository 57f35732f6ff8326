"""Where the template's labels are printed in a table region, and which of them the rows are.

Every printed form of every row label (the label, its variants, aliases, the label without its
note or without its enumerator) and of every header, block title and column label is found in
the region's folded text; :func:`choose` keeps the row labels that can stand in template order
with the greatest weight (a weighted longest increasing subsequence).
"""

from __future__ import annotations

import bisect
import functools
import heapq
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
    # A label printed in pieces around its row's numbers (see :func:`wrapped_forms`): the
    # folded spans of its pieces (all of them: the first starts this span, the last ends it),
    # and of the words of another column printed between them. Only the first stands where
    # the label does; the others, and those words, are no cells of the row.
    pieces: tuple[tuple[int, int], ...] = ()
    skipped: tuple[tuple[int, int], ...] = ()


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


@once_per_spec
def wrapped_forms(spec: TableSpec) -> tuple[dict[str, tuple[str, str]], frozenset[str]]:
    """The forms of the leaf rows' labels a label printed in pieces may join up to (folded
    form → row key and kind; not the short ones, which stand only as a whole cell), and every
    beginning of one, so a piece that begins none is passed over at once."""
    leaves = {row.key for row in spec.leaf_rows}
    whole = {form: (key, kind) for form, key, kind in _row_forms(spec) if key in leaves and kind != "short"}
    return whole, frozenset(form[:i] for form in whole for i in range(1, len(form) + 1))


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

    def marks(self, size: int) -> bytearray:
        """One byte per offset of a text of ``size`` characters (and one past its end), 1 where a
        span covers it: a non-empty piece stands clear of every span when
        ``marks.find(1, start, end) < 0``."""
        out = bytearray(size + 1)
        for start, end in self.spans:
            out[start:end] = b"\x01" * (end - start)
        return out

    def places(self, size: int) -> list[int]:
        """For each offset of a text of ``size`` characters (and one past its end), the place in
        :attr:`spans` of the span that covers it, counted from 1 (0 where none does): a non-empty
        piece lies inside one span, and overlaps no other, when its first and last characters
        have the same place and it is not 0 (the spans neither overlap nor have gaps)."""
        out = [0] * (size + 1)
        for place, (start, end) in enumerate(self.spans, 1):
            out[start:end] = [place] * (end - start)
        return out

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
    if not rows:
        return []
    units = _units(rows)
    best, back = _chain(rows) if units is None else _chain_by_order(rows, units)
    i = best.index(max(best))  # the first of the greatest
    chosen = []
    while i >= 0:
        chosen.append(rows[i])
        i = back[i]
    return chosen[::-1]


_UNIT = 10_000  # the reader's weights are whole multiples of 1/_UNIT (0.05, 0.95, 0.8 × a score to 3 places)
_ON_GRID = 1e-9  # how near a multiple of 1/_UNIT a weight must be to be taken as one
_MAX_WEIGHT = 2.0
_MAX_ORDERS = 200  # more rows than a template has: the quick way's margin for rounding no longer holds
_MAX_PLACE = 4096  # a template place beyond any template's rows (the quick way keeps a list of places)


def _units(rows: Sequence[Found]) -> list[int] | None:
    """Each weight as a whole number of 1/_UNIT, or None when one is not (then only the plain
    quadratic way chooses exactly as documented)."""
    out = []
    for f in rows:
        unit = _unit(f.weight)
        if unit is None:
            return None
        out.append(unit)
    orders = {f.order for f in rows}
    if len(orders) > _MAX_ORDERS or min(orders) < 0 or max(orders) > _MAX_PLACE:
        return None
    return out


@functools.lru_cache(maxsize=1024)  # a few weights recur: the kinds' own and a fuzzy match's (a score to 3 places)
def _unit(weight: float) -> int | None:
    """``weight`` as a whole number of 1/_UNIT, or None when it is not one."""
    scaled = weight * _UNIT
    unit = round(scaled)
    return unit if 0 < weight <= _MAX_WEIGHT and unit > 0 and abs(scaled - unit) <= _ON_GRID else None


def _chain(rows: Sequence[Found]) -> tuple[list[float], list[int]]:
    """For each row, the greatest weight of labels in template order that ends with it, and the
    label before it there (-1: none). A label before it counts as better only by more than
    rounding (1e-9); of equal ones the first wins."""
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
    return best, back


def _chain_by_order(rows: Sequence[Found], units: Sequence[int]) -> tuple[list[float], list[int]]:
    """What :func:`_chain` finds, without comparing each row with every row before it.

    With whole units the totals compare exactly: the best label before a row is the one of
    greatest total, the first of equal ones, among those that end before the row starts and
    stand earlier in the template. Each template place keeps its best (total, -index) among
    the labels that have ended; a row looks at the places before its own. The float totals
    are summed as :func:`_chain` sums them, so the result is the same to the bit. Rounding
    cannot tell two totals apart: with at most _MAX_ORDERS labels of weight at most
    _MAX_WEIGHT in a chain, each within _ON_GRID of its units, a float total strays from its
    units by far less than the 1e-9 that :func:`_chain` takes as a tie, and different units
    differ by far more.
    """
    best: list[float] = []
    back: list[int] = []
    totals: list[int] = []
    top: list[tuple[int, int]] = [(0, 0)] * (max(f.order for f in rows) + 1)  # (units, -index) by place
    ended: list[tuple[int, int]] = []  # (end, index) of rows not yet in top
    for i, f in enumerate(rows):
        while ended and ended[0][0] <= f.start:
            _, j = heapq.heappop(ended)
            place = rows[j].order
            if (totals[j], -j) > top[place]:
                top[place] = (totals[j], -j)
        total, minus_j = max(top[: f.order], default=(0, 0))
        if total > 0:
            best.append(best[-minus_j] + f.weight)
            back.append(-minus_j)
            totals.append(total + units[i])
        else:
            best.append(f.weight)
            back.append(-1)
            totals.append(units[i])
        heapq.heappush(ended, (f.end, i))
    return best, back
