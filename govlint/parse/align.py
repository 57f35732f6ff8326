"""Placing the tokens of a table region into the template's rows and columns.

Row labels are matched against the template (exact, variant, annotation, alias, fuzzy), so
the same walk serves every text layout. Values are placed by position: the n-th value after
a row label belongs to the n-th template column of that row.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from govlint.model import Axis, Cell, ExtraRow, RowMatch, Table, TableProblem
from govlint.parse.cells import compact, is_value_like, read_cell
from govlint.parse.layout import Token, TokenRows, is_value_row, split_value_tail, split_values
from govlint.parse.split import Constraint, recover
from govlint.templates import LabelMatch, RowSpec, TableSpec, Template

_JOIN = 3  # a label broken over up to this many tokens is joined back
_LONGEST_LABEL = 48  # no template label is longer; pending text beyond this is not a label


@attrs.define
class _Open:
    """A row being filled: a template row, or an extra row when ``spec`` is None."""

    spec: RowSpec | None
    label: Token | None
    match: str
    score: float
    values: list[Token] = attrs.Factory(list)
    pieces: list[Token] = attrs.Factory(list)  # an extra row's label as printed, piece by piece


@attrs.define
class _Aligner:
    template: Template
    spec: TableSpec
    stream: bool
    layout: str = "lines"
    current: _Open | None = None
    header_seen: bool = False
    in_header: bool = False  # the last token was a header cell (a header may repeat mid-table)
    last_line: int | None = None  # the last line that held part of the table
    spacer: tuple[Token, ...] | None = None
    last_row: tuple[str, int | None] | None = None  # the last template row closed, for stray values
    rows: dict[str, RowMatch] = attrs.Factory(dict)
    cells: dict[str, list[Cell]] = attrs.Factory(dict)
    extras: list[ExtraRow] = attrs.Factory(list)
    problems: list[TableProblem] = attrs.Factory(list)

    # -- the walk -------------------------------------------------------------------------

    def feed(self, printed_row: Sequence[Token]) -> None:
        tokens = self._expand(printed_row)
        if not self.stream and self._unlabelled_row(tokens):
            return
        i = 0
        while i < len(tokens):
            i += self._step(tokens, i)
        if not self.stream and self.current is not None and self.current.values:
            self._close()

    def _step(self, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        header = self.in_header
        self.in_header = False
        if is_value_like(token.text):
            self._value(token)
            return 1
        consumed, match = self._match(tokens, i)
        if match is not None and not self._is_header_alias(token, match, header):
            self._label(tokens[i : i + consumed], match)
            self._consumed(tokens[i + consumed - 1])
            return consumed
        if self._is_header_row(token.text):
            self._close()
            self.header_seen = self.in_header = True
            self._consumed(token)
            return 1
        if not self._continue_pending(token):
            self._text(token)
        return 1

    def _consumed(self, token: Token) -> None:
        end = token.line + token.text.count("\n")
        self.last_line = end if self.last_line is None else max(self.last_line, end)

    def _is_header_row(self, text: str) -> bool:
        """A header cell, or header cells separated by spaces (``行政复议 行政诉讼``)."""
        if self.spec.is_header(text):
            return True
        parts = text.split()
        return len(parts) > 1 and all(self.spec.is_header(p) for p in parts)

    def _continue_pending(self, token: Token) -> bool:
        """Join a label or header broken over printed rows (``一、本年新收政府信息`` / ``公开申请数量``).

        Unmatched text with no values yet is held as a pending extra row. Each further piece of
        unmatched text is tried joined to the pieces before it — all of them, then fewer, since
        a stray fragment of a broken header may stand in front — and kept while short enough.
        """
        pending = self.current
        if pending is None or pending.spec is not None or pending.values or not pending.pieces:
            return False
        pieces = [*pending.pieces, token]
        for start in range(len(pieces) - 1):
            joined = Token(_joined(pieces[start:]), pieces[start].line)
            match = self.spec.match_row(joined.text)
            if match is not None and not self._is_header_alias(joined, match):
                self.current = None
                self._label([joined], match)
                return True
            if self._is_header_row(joined.text):
                self.current = None
                self.header_seen = True
                return True
        while len(pieces) > 1 and len(compact(_joined(pieces))) > _LONGEST_LABEL:
            pieces.pop(0)  # vertical text may run long; no label is longer than this
        pending.pieces = pieces
        pending.label = Token(_joined(pieces), pieces[0].line)
        return True

    def _value(self, token: Token) -> None:
        current = self.current
        if current is not None and len(current.values) < self._width(current):
            current.values.append(token)
            self._consumed(token)
        elif current is not None and (not self.stream or current.spec is None):
            current.values.append(token)  # surplus in a printed row: trimmed or reported on close
        elif current is None and self.stream and self.header_seen and self._pending_unlabelled():
            row = self._pending_unlabelled()
            assert row is not None
            self.current = _Open(row, None, "implicit", 1.0, [token])
            self._consumed(token)
        elif self.stream and compact(token.text):
            # A number after a full row and before the next label has no column to go to.
            full = current.spec.key if current is not None and current.spec is not None else None
            key = full or (self.last_row[0] if self.last_row else None)
            if key is not None:
                self.problems.append(TableProblem("extra-cells", key, token.line, token.text))

    def _label(self, tokens: Sequence[Token], match: LabelMatch) -> None:
        self._close()
        row = self.spec.row(match.key)
        if row.kind == "group":
            # A group row carries no numbers; any printed on it (a subtotal) are kept as an extra row.
            self.current = _Open(None, Token(_joined(tokens), tokens[0].line), "extra", 0.0)
            return
        if row.key in self.rows:
            self.problems.append(TableProblem("duplicate-row", row.key, tokens[0].line, _joined(tokens)))
            return
        label = Token(_joined(tokens), tokens[0].line)
        self.current = _Open(row, label, match.kind, match.score)

    def _text(self, token: Token) -> None:
        current = self.current
        if current is not None and current.spec is not None and not current.values and current.label is not None:
            joined = Token(_joined([current.label, token]), current.label.line)
            match = self.spec.match_row(joined.text)
            if match is not None and match.key == current.spec.key and match.score >= current.score:
                current.label, current.match, current.score = joined, match.kind, match.score
                self._consumed(token)
                return  # the rest of a label broken over lines ("行政事业性收" / "费")
        in_row = current is not None and current.spec is not None and len(current.values) < self._width(current)
        if in_row and current is not None and (current.values or not self.stream):
            current.values.append(token)  # junk printed in a numeric cell ("不适用", "见附件")
            self._consumed(token)
            return
        self._close()
        if compact(token.text):
            self.current = _Open(None, token, "extra", 0.0, pieces=[token])

    # -- decisions ------------------------------------------------------------------------

    def _match(self, tokens: Sequence[Token], i: int) -> tuple[int, LabelMatch | None]:
        """The row label starting at token ``i``, trying it joined with the next tokens."""
        fuzzy: tuple[int, LabelMatch] | None = None
        for k in range(1, _JOIN + 1):
            part = tokens[i : i + k]
            if len(part) < k or any(is_value_like(t.text) for t in part):
                break
            match = self.spec.match_row(_joined(part))
            if match is None:
                continue
            if match.kind != "fuzzy":
                return k, match
            if fuzzy is None or match.score > fuzzy[1].score:
                fuzzy = (k, match)
        return fuzzy if fuzzy is not None else (1, None)

    def _is_header_alias(self, token: Token, match: LabelMatch, after_header: bool = False) -> bool:
        """``总计`` heads a column in a header (also one repeated after a page break), and
        names （七）总计 among the rows."""
        if match.kind in ("exact", "variant") or not self.spec.is_header(token.text):
            return False
        return not self.rows or after_header

    def _expand(self, printed_row: Sequence[Token]) -> list[Token]:
        """Split ``规章 0 0 0`` / ``规章000`` into a label token and value tokens."""
        out: list[Token] = []
        rows_layout = self.layout == "rows"
        for token in printed_row:
            if rows_layout and not is_value_like(token.text) and is_value_row(token.text):
                out += [Token(v, token.line) for v in token.text.split()]
                continue
            tail = None if is_value_like(token.text) else split_value_tail(token.text)
            if rows_layout and not is_value_like(token.text) and (tail is None or not self.spec.match_row(tail[0])):
                tail = self._label_and_words(token.text) or tail
            # In a cell layout a cell such as "减少3" is text; only a known label sheds its numbers.
            known = tail is not None and (rows_layout or self.spec.match_row(tail[0]) is not None)
            if tail is not None and known and not self.spec.is_header(token.text):
                out.append(Token(tail[0], token.line))
                out += [Token(v, token.line) for v in tail[1]]
            else:
                out.append(token)
        return out

    def _label_and_words(self, text: str) -> tuple[str, list[str]] | None:
        """``（一）予以公开 0 若干 0 …``: a known label, then cells of any kind, split at spaces."""
        parts = text.split()
        fuzzy = None
        for k in range(1, len(parts)):
            label = " ".join(parts[:k])
            match = self.spec.match_row(label)
            if match is not None and match.kind != "fuzzy":
                return label, parts[k:]
            if match is not None and fuzzy is None and not is_value_like(parts[k - 1]):
                fuzzy = (label, parts[k:])  # never let a fuzzy label swallow a number
        return fuzzy

    def _unlabelled_row(self, tokens: list[Token]) -> bool:
        """Take a printed row of bare values as table 四's unlabelled data row."""
        row = self._pending_unlabelled()
        if row is None or not self.header_seen or not tokens or self.current is not None:
            return False
        values = sum(is_value_like(t.text) for t in tokens)
        labelled = any(self.spec.match_row(t.text) or self.spec.is_header(t.text) for t in tokens)
        if labelled or values * 2 < len(tokens):  # a data row may hold a stray word ("见说明")
            return False
        if all(t.text.strip(" ") == "" for t in tokens):
            self.spacer = tuple(tokens)  # an empty spacer row under a merged header
            return True
        self.current = _Open(row, None, "implicit", 1.0, list(tokens))
        self._consumed(tokens[-1])
        self._close()
        return True

    def _pending_unlabelled(self) -> RowSpec | None:
        return next((r for r in self.spec.leaf_rows if not r.labelled and r.key not in self.rows), None)

    def _width(self, row: _Open) -> int:
        return len(self.spec.columns_of(row.spec.key)) if row.spec is not None else 10**6

    # -- closing a row --------------------------------------------------------------------

    def _close(self) -> None:
        current, self.current = self.current, None
        if current is None:
            return
        if current.spec is None:
            if current.values and current.label is not None:
                cells = tuple(t.text for t in current.values)
                self.extras.append(ExtraRow(current.label.text, cells, current.label.line))
            return
        row = current.spec
        line = current.label.line if current.label else (current.values[0].line if current.values else None)
        label = current.label.text if current.label else ""
        self.rows[row.key] = RowMatch(row.key, label, line, current.match, current.score)  # type: ignore[arg-type]
        self.last_row = (row.key, line)
        texts = self._fit(row, current.values, line)
        if texts is not None:
            self.cells[row.key] = self._cells(row, texts)

    def _fit(self, row: RowSpec, values: list[Token], line: int | None) -> list[tuple[Token, bool]] | None:
        """Exactly one token per template column, or None with a problem recorded."""
        width = len(self.spec.columns_of(row.key))
        values = _trim_phantoms(values, width)
        if len(values) > width:
            surplus = " | ".join(t.text for t in values[width:])
            self.problems.append(TableProblem("extra-cells", row.key, line, surplus))
            values = values[:width]
        if len(values) == width:
            return [(t, False) for t in values]
        spread = [
            (Token(v, t.line), len(parts) > 1)
            for t in values
            for parts in [split_values(t.text) or [t.text]]
            for v in parts
        ]
        if len(spread) == width:
            return spread
        # Cut numbers only where they ran together with no separator, in text printed a row per
        # line (PDF text). In a cell layout a short row is short: a cell was dropped.
        texts = [t.text for t, _ in spread]
        cuts = recover(texts, width, self._constraints(row)) if self.layout == "rows" and texts else []
        if len(cuts) == 1:
            first = spread[0][0].line
            return [(Token(text, first), True) for text in cuts[0]]
        code = "ambiguous-split" if cuts else "short-row"
        printed = " | ".join(t.text for t in values)
        self.problems.append(TableProblem(code, row.key, line, f"{len(values)}/{width}: {printed}"))
        return None

    def _constraints(self, row: RowSpec) -> list[Constraint]:
        index = {c.key: i for i, c in enumerate(self.spec.columns_of(row.key))}
        return [
            (tuple(index[c] for _, c in check.lhs), tuple(index[c] for _, c in check.rhs))
            for check in self.template.row_constraints(self.spec.id, row.key)
        ]

    def _cells(self, row: RowSpec, fitted: list[tuple[Token, bool]]) -> list[Cell]:
        out = []
        for col, (token, recovered) in zip(self.spec.columns_of(row.key), fitted, strict=True):
            state, value, unit = read_cell(token.text, col)
            out.append(Cell(row.key, col.key, token.text, state, value, token.line, unit, recovered))
        return out

    # -- result ---------------------------------------------------------------------------

    def finish(self, layout: str, start: int, end: int) -> Table:
        self._close()
        pending = self._pending_unlabelled()
        if pending is not None and self.spacer is not None:
            self.current = _Open(pending, None, "implicit", 1.0, list(self.spacer))
            self._close()
        order = [r.key for r in self.spec.leaf_rows]
        grid = tuple(c for key in order for c in self.cells.get(key, ()))
        return Table(
            id=self.spec.id,
            numeral=self.spec.numeral,
            template=self.template.version,
            rows_axis=Axis(tuple((r.key, r.label) for r in self.spec.leaf_rows)),
            columns_axis=Axis(tuple((c.key, self.spec.column_label(c)) for c in self.spec.columns)),
            money_columns=frozenset(c.key for c in self.spec.columns if c.kind == "money"),
            grid=grid,
            rows=tuple(sorted(self.rows.values(), key=lambda r: order.index(r.key))),
            extra_rows=tuple(self.extras),
            problems=tuple(self.problems),
            layout=layout,
            start_line=start,
            end_line=min(end, self.last_line) if self.last_line is not None else end,
        )


def _joined(tokens: Sequence[Token]) -> str:
    return "\n".join(t.text for t in tokens)


def _trim_phantoms(values: list[Token], width: int) -> list[Token]:
    """Drop empty cells left by merged cells: trailing first, then leading."""
    values = list(values)
    while len(values) > width and not compact(values[-1].text):
        values.pop()
    while len(values) > width and not compact(values[0].text):
        values.pop(0)
    return values


def align(template: Template, table_id: str, tokens: TokenRows, start: int, end: int) -> Table:
    """Read the table ``table_id`` of ``template`` from the tokens of its region."""
    aligner = _Aligner(template, template.tables[table_id], tokens.stream, tokens.layout)
    for printed_row in tokens.rows:
        aligner.feed(printed_row)
    return aligner.finish(tokens.layout, start, end)
