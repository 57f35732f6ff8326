"""Typed view of a national report format, built from its TOML data file."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from typing import Any, Literal, TypeVar, TypeVarTuple

import attrs

from govlint.templates.labels import best_fuzzy, normalize, strip_note

RowKind = Literal["leaf", "group"]
ColumnKind = Literal["count", "money"]
MatchKind = Literal["exact", "variant", "annotated", "alias", "fuzzy"]

FUZZY_THRESHOLD = 0.85
# Fuzzy matching of very short labels confuses 行政许可 with 行政处罚; require some length.
_FUZZY_MIN_LENGTH = 6


class TemplateDataError(ValueError):
    """A template data file is malformed (a bug in govlint's own data)."""


S = TypeVar("S")
R = TypeVar("R")
Ts = TypeVarTuple("Ts")


def once_per_spec(function: Callable[[S, *Ts], R]) -> Callable[[S, *Ts], R]:
    """``function`` computed once per template object (a :class:`Template` or one of its specs)
    and further arguments. Templates live for the whole process, and hashing a frozen spec's
    fields costs more than most work this saves, so the object is held by identity (and kept,
    so that its id is never reused)."""
    held: dict[tuple[Any, ...], tuple[S, R]] = {}

    @functools.wraps(function)
    def cached(spec: S, *args: *Ts) -> R:
        key = (id(spec), *args)
        hit = held.get(key)
        if hit is None or hit[0] is not spec:
            hit = held[key] = (spec, function(spec, *args))
        return hit[1]

    return cached


@attrs.frozen
class SectionSpec:
    numeral: str
    title: str
    aliases: tuple[str, ...] = ()


@attrs.frozen
class ColumnSpec:
    key: str
    label: str
    group: str | None = None
    kind: ColumnKind = "count"
    unit: str | None = None
    signed: bool = False
    aliases: tuple[str, ...] = ()
    summable: bool | None = None  # None: as the table says (see TableSpec.summable)


@attrs.frozen
class RowSpec:
    key: str
    label: str
    kind: RowKind = "leaf"
    parent: str | None = None
    level: int = 0
    block: str | None = None
    labelled: bool = True
    aliases: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()


@attrs.frozen
class BlockSpec:
    """A stack of rows sharing one header; table 二 has several, tables 三 and 四 one."""

    key: str
    title: str | None
    columns: tuple[ColumnSpec, ...]
    rows: tuple[str, ...]


@attrs.frozen
class TableLayout:
    """How the official form draws a table's header, for displays.

    ``corner`` heads the row labels; ``band`` is one heading over every column;
    ``group_parents`` names the heading above a column group (行政诉讼 over 复议后起诉).
    """

    corner: str | None = None
    band: str | None = None
    group_parents: Mapping[str, str] = attrs.field(factory=dict)

    def column_path(self, col: ColumnSpec) -> tuple[str, ...]:
        """The headings above a column, outermost first, ending with its own label."""
        groups: list[str] = []
        group = col.group
        while group is not None:
            groups.insert(0, group)
            group = self.group_parents.get(group)
        return (*([self.band] if self.band else []), *groups, col.label)


@attrs.frozen
class LabelMatch:
    key: str
    kind: MatchKind
    score: float = 1.0


@attrs.frozen(slots=False)
class TableSpec:
    id: str
    numeral: str
    title: str
    header: tuple[str, ...]
    blocks: tuple[BlockSpec, ...]
    rows: tuple[RowSpec, ...]
    qualify_columns: bool = False
    layout: TableLayout = TableLayout()
    # A summary (汇总) report's cell equals the sum of its organs' cells (a column can say
    # otherwise with its own ``summable``).
    summable: bool = False

    @cached_property
    def summable_cells(self) -> tuple[tuple[str, str], ...]:
        """The (row key, column key) of every cell that adds up across organs."""
        return tuple(
            (row.key, col.key)
            for row, col in self.template_cells()
            if (col.summable if col.summable is not None else self.summable)
        )

    @cached_property
    def _rows_by_key(self) -> dict[str, RowSpec]:
        return {r.key: r for r in self.rows}

    @cached_property
    def _block_of_row(self) -> dict[str, BlockSpec]:
        return {key: block for block in self.blocks for key in block.rows}

    @cached_property
    def leaf_rows(self) -> tuple[RowSpec, ...]:
        """Rows that carry numbers, in template order."""
        return tuple(r for r in self.rows if r.kind == "leaf")

    @cached_property
    def columns(self) -> tuple[ColumnSpec, ...]:
        """Distinct columns in order of first appearance (by label for table 二's blocks)."""
        seen: dict[str, ColumnSpec] = {}
        for block in self.blocks:
            for col in block.columns:
                seen.setdefault(self.column_label(col), col)
        return tuple(seen.values())

    def row(self, key: str) -> RowSpec:
        return self._rows_by_key[key]

    def block_of(self, row_key: str) -> BlockSpec:
        """The block a row stands in (its header gives the row's columns)."""
        return self._block_of_row[row_key]

    def columns_of(self, row_key: str) -> tuple[ColumnSpec, ...]:
        """The columns a row has cells in."""
        return self.block_of(row_key).columns

    def column_label(self, col: ColumnSpec) -> str:
        """Canonical column label; table 四 qualifies it by its group (``行政复议/总计``)."""
        return f"{col.group}/{col.label}" if self.qualify_columns and col.group else col.label

    def template_cells(self) -> Iterator[tuple[RowSpec, ColumnSpec]]:
        """Every numeric cell of the template, row by row."""
        for row in self.leaf_rows:
            for col in self.columns_of(row.key):
                yield row, col

    def cell_spec(self, row_key: str, col_key: str) -> tuple[RowSpec, ColumnSpec] | None:
        """The template cell (row, column) by keys, or None when the template has no such cell."""
        row = self._rows_by_key.get(row_key)
        if row is None or row.kind != "leaf":
            return None
        col = next((c for c in self.columns_of(row_key) if c.key == col_key), None)
        return None if col is None else (row, col)

    def descendants(self, key: str) -> tuple[RowSpec, ...]:
        """Leaf rows below the group row ``key``, in template order."""
        out = []
        for row in self.leaf_rows:
            parent = row.parent
            while parent is not None and parent != key:
                parent = self._rows_by_key[parent].parent
            if parent == key:
                out.append(row)
        return tuple(out)

    # -- label matching ---------------------------------------------------------------

    @cached_property
    def _row_index(self) -> tuple[dict[str, LabelMatch], dict[str, str]]:
        exact: dict[str, LabelMatch] = {}
        fuzzy: dict[str, str] = {}
        for row in self.rows:
            canonical = normalize(row.label)
            fuzzy[row.key] = canonical
            for text, kind in [(row.label, "exact"), *[(v, "variant") for v in row.variants]]:
                exact.setdefault(normalize(text), LabelMatch(row.key, kind))  # type: ignore[arg-type]
            exact.setdefault(strip_note(canonical), LabelMatch(row.key, "annotated"))
            for alias in row.aliases:
                exact.setdefault(normalize(alias), LabelMatch(row.key, "alias"))
        return exact, fuzzy

    def match_row(self, text: str) -> LabelMatch | None:
        """Which template row a printed label names, and how closely."""
        return self._matches(text)

    @cached_property
    def _matches(self) -> Callable[[str], LabelMatch | None]:
        # The reader asks about the same cells again and again (every report prints the same
        # labels): the fuzzy comparison is the costly part, so each text is matched once.
        return lru_cache(maxsize=8192)(self._match_row)

    def _match_row(self, text: str) -> LabelMatch | None:
        norm = normalize(text)
        return self._normalized_matches(norm) if norm else None

    @cached_property
    def _normalized_matches(self) -> Callable[[str], LabelMatch | None]:
        # A label printed with its spaces elsewhere (行 政许可, 行政　许可) is a new text but the
        # same normalised label: it is compared with the template's labels once.
        return lru_cache(maxsize=4096)(self._match_normalized)

    def _match_normalized(self, norm: str) -> LabelMatch | None:
        exact, fuzzy = self._row_index
        found = exact.get(norm)
        if found is None:
            annotated = exact.get(strip_note(norm))
            if annotated is not None:
                kind: MatchKind = "annotated" if annotated.kind in ("exact", "annotated") else annotated.kind
                found = LabelMatch(annotated.key, kind)
        if found is not None or len(norm) < _FUZZY_MIN_LENGTH:
            return found
        hit = best_fuzzy(norm, fuzzy, FUZZY_THRESHOLD)
        return LabelMatch(hit[0], "fuzzy", round(hit[1], 3)) if hit else None

    @cached_property
    def _header_index(self) -> frozenset[str]:
        texts = [*self.header, *(b.title for b in self.blocks if b.title)]
        for block in self.blocks:
            for col in block.columns:
                texts += [col.label, *col.aliases]
                if col.group:
                    texts.append(col.group)
        out = {normalize(t) for t in texts}
        return frozenset(out | {strip_note(t) for t in out})

    def is_header(self, text: str) -> bool:
        """Whether ``text`` is a header, block title or column label of this table."""
        norm = normalize(text)
        return bool(norm) and (norm in self._header_index or strip_note(norm) in self._header_index)

    def is_block_title(self, text: str) -> bool:
        norm = normalize(text)
        return any(b.title and normalize(b.title) == norm for b in self.blocks)


CellRef = tuple[str, str]  # (row key, column key)


@attrs.frozen
class IdentityCheck:
    """One concrete equation: sum(lhs cells) == sum(rhs cells)."""

    identity: str
    rule: str
    table: str
    lhs: tuple[CellRef, ...]
    rhs: tuple[CellRef, ...]
    over: Literal["rows", "columns"]
    along: str  # the row key (over rows) or column key (over columns) it was expanded for
    totals: tuple[str, ...] = ()  # row keys (over columns) or column keys (over rows); () = lhs

    @property
    def total_cells(self) -> tuple[CellRef, ...]:
        """Cells whose blankness makes this check unverifiable."""
        if not self.totals:
            return self.lhs
        axis = 1 if self.over == "rows" else 0
        return tuple(c for c in self.lhs + self.rhs if c[axis] in self.totals)


@attrs.frozen
class Identity:
    """An arithmetic identity (勾稽关系) stated declaratively in the template data."""

    id: str
    rule: str
    table: str
    over: Literal["rows", "columns"]
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    totals: tuple[str, ...] = ()

    def checks(self, table: TableSpec) -> tuple[IdentityCheck, ...]:
        """Expand into one equation per data row (over rows) or per column (over columns)."""
        out = []
        if self.over == "rows":
            for row in table.leaf_rows:
                cols = {c.key for c in table.columns_of(row.key)}
                if not set(self.lhs + self.rhs) <= cols:
                    continue
                out.append(self._check([(row.key, c) for c in self.lhs], [(row.key, c) for c in self.rhs], row.key))
        else:
            lhs_rows = self._select_rows(table, self.lhs, exclude=())
            rhs_rows = self._select_rows(table, self.rhs, exclude=lhs_rows)
            for col in table.columns:
                out.append(self._check([(r, col.key) for r in lhs_rows], [(r, col.key) for r in rhs_rows], col.key))
        return tuple(out)

    def _check(self, lhs: Sequence[CellRef], rhs: Sequence[CellRef], along: str) -> IdentityCheck:
        return IdentityCheck(self.id, self.rule, self.table, tuple(lhs), tuple(rhs), self.over, along, self.totals)

    @staticmethod
    def _select_rows(table: TableSpec, selectors: Sequence[str], exclude: Sequence[str]) -> tuple[str, ...]:
        keys: list[str] = []
        for sel in selectors:
            if sel.startswith("under:"):
                keys += [r.key for r in table.descendants(sel.removeprefix("under:"))]
            else:
                keys.append(sel)
        return tuple(k for k in keys if k not in exclude)


@attrs.frozen
class Plausibility:
    """An inequality that normally holds between the cells of one row (domain.md §9.3).

    Terms are column keys, ``-key`` (subtracted) or ``=N`` (a constant).
    """

    id: str
    table: str
    rows: tuple[str, ...]
    lhs: tuple[str, ...]
    op: Literal[">=", "<="]
    rhs: tuple[str, ...]
    why: str

    def columns(self) -> set[str]:
        return {t.lstrip("-") for t in self.lhs + self.rhs if not t.startswith("=")}


@attrs.frozen
class Term:
    """One cell of a cross-year relation: of this year's report (``year`` 0) or of the same
    organ's report of the year before (``year`` -1), added (``sign`` 1) or subtracted (-1)."""

    year: Literal[0, -1]
    sign: Literal[1, -1]
    row: str
    col: str


@attrs.frozen
class CrossYear:
    """A relation between a report and the same organ's report of the year before (domain.md
    §9.2), checked by a corpus rule: ``lhs`` (this year's cell, where a finding points) equals
    the sum of the ``rhs`` terms. The previous report must be in one of ``comparable_from``
    formats; otherwise the comparison is not assessable (the format switch)."""

    id: str
    rule: str
    table: str
    lhs: Term
    rhs: tuple[Term, ...]
    comparable_from: tuple[str, ...]


@attrs.frozen(slots=False)
class Template:
    """One national format: its sections, its three tables and their identities."""

    version: str
    name: str
    basis: str
    first_year: int
    signals: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    tables: Mapping[str, TableSpec]
    identities: tuple[Identity, ...]
    plausibility: tuple[Plausibility, ...] = ()
    cross_year: tuple[CrossYear, ...] = ()

    @cached_property
    def identity_checks(self) -> tuple[IdentityCheck, ...]:
        return tuple(itertools.chain.from_iterable(i.checks(self.tables[i.table]) for i in self.identities))

    def row_constraints(self, table: str, row: str) -> tuple[IdentityCheck, ...]:
        """The identities that hold inside one data row (used to cut run-together numbers)."""
        return tuple(c for c in self.identity_checks if c.table == table and c.over == "rows" and c.along == row)

    @cached_property
    def normalized_signals(self) -> frozenset[str]:
        return frozenset(normalize(s) for s in self.signals)
