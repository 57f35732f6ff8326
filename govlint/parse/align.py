"""Reading one table: the template's sequence of labels aligned against a stream of tokens.

The template is the grammar and the text a noisy rendering of it. The reader

1. finds every printed form of every row label, block title and column header in the
   region's folded text (:mod:`govlint.parse.stream`), plus fuzzy matches of whole cells;
2. keeps the row labels that can stand in template order with the most weight (a weighted
   longest increasing subsequence), so a label repeated in a converter's heading and its
   table, a header word that is also a row alias, or a missing row cannot derail the rest;
3. gives each row the tokens between its label and the next label: the template says how
   many there must be. Header words end a row's cells; text with numbers after a full row
   is a row the template lacks; tokens of another printed row (tab or pipe cells) belong
   to that row;
4. cuts numbers that ran together only where the digits themselves or the identities of the
   row and then of the whole table prove one cut (:mod:`govlint.parse.split`).

A row whose cells cannot be proven gets no cells and a :class:`TableProblem` saying why.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence

import attrs

from govlint.model import Axis, Cell, ExtraRow, RowMatch, Table, TableProblem
from govlint.parse.cells import UNITS, compact, is_value_like, read_cell
from govlint.parse.layout import split_values
from govlint.parse.split import Constraint, min_parts, recover
from govlint.parse.stream import Region, Token, fold, region
from govlint.templates import RowSpec, TableSpec, Template
from govlint.templates.labels import strip_note
from govlint.templates.spec import IdentityCheck

_JOIN = 3  # a label broken over up to this many cells is matched joined
_ENUMERATOR_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}|\([一二三四五六七八九十]{1,3}\)|\d{1,2}\.)")
_BARE_MIN = 4  # a label without its enumerator must keep this many characters to be found
# Headers converters print over tables they split up: 类别 | 数据1 | … | 总计.
_CONVERTER_HEADER_RE = re.compile(r"^(?:数据\d{1,2}|类别|项目|\(?数据项目\)?|数量|序号|指标)$")
_QUOTES = "\"'“”‘’「」『』"
_PUNCTUATION = frozenset("()（）[]【】:：,，.。、;；“”\"'")
_FIRST_BONUS = 0.05  # a label that begins a line or a cell
_WEIGHTS = {"exact": 1.0, "variant": 1.0, "annotated": 0.95, "alias": 0.9, "bare": 0.8, "short": 0.7}
_MAX_CANDIDATES = 12  # cuts kept per ambiguous row for the whole-table identities
_MAX_COMBINATIONS = 20_000
_SHOWN = 6  # candidate cuts kept as evidence
_TABLE_STEPS = 60_000  # steps of the cut searches of one table, all rows together
_FORM_OCCURRENCES = 200  # printings of one label form considered (a label printed 10,000 times …)
_ANNOTATION_MAX = 40
_GRID_ROWS = 3  # pipe rows of one width that make the table a full grid
_NUMBERISH = 8  # a word this short with a digit in it may be a piece of a number
_GLUED_MAX = 12  # characters of text glued to the front of a label that still belong to it


@attrs.frozen
class _Found:
    """A printed form of a label in the folded text."""

    start: int
    end: int
    key: str | None  # the row key; None for a header, block title or column label
    kind: str
    weight: float
    order: int  # the row's place in the template (-1 for headers)


@attrs.frozen
class _Anchor:
    """A row label chosen for the table, with where it stands in the region's text."""

    found: _Found
    start: int
    end: int
    row: int | None  # the printed row of the cell it stands in


@attrs.frozen
class _Marker:
    """A header, or another printing of a row label, inside the rows' stream."""

    start: int
    end: int
    key: str | None  # a row key when the label is printed again
    row: int | None


_Item = Token | _Marker


_FORMS: dict[int, tuple[TableSpec, tuple[tuple[str, str, str], ...], tuple[str, ...]]] = {}


def _forms(spec: TableSpec) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    """The printed forms of the rows and of the headers of ``spec`` (templates live for the
    whole process, so the cache holds them by identity)."""
    cached = _FORMS.get(id(spec))
    if cached is None or cached[0] is not spec:
        cached = _FORMS[id(spec)] = (spec, _row_forms(spec), _header_forms(spec))
    return cached[1], cached[2]


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


def _occurrences(text: str, form: str) -> Iterator[int]:
    index = text.find(form)
    while index >= 0:
        yield index
        index = text.find(form, index + 1)


@attrs.define
class _Reader:
    template: Template
    spec: TableSpec
    region: Region
    rows: dict[str, RowMatch] = attrs.Factory(dict)
    cells: dict[str, list[Cell]] = attrs.Factory(dict)
    extras: list[ExtraRow] = attrs.Factory(list)
    problems: list[TableProblem] = attrs.Factory(list)
    ambiguous: dict[str, tuple[list[list[str]], int | None, str]] = attrs.Factory(dict)
    last_line: int | None = None
    placeholders: list[Token] = attrs.Factory(list)  # a converter's 类别 | 数据1 … headers
    headers: list[tuple[int, str]] = attrs.Factory(list)  # (cell start, folded text) of header cells
    steps: list[int] = attrs.Factory(lambda: [_TABLE_STEPS])  # what cutting run-together digits may take

    # -- 1. where the labels stand -----------------------------------------------------------

    def _found(self) -> list[_Found]:
        folded = self.region.folded
        order = {r.key: i for i, r in enumerate(self.spec.rows)}
        row_forms, header_forms = _forms(self.spec)
        starts, ends = self._cell_starts(), self._cell_ends()
        out = [
            _Found(i, i + len(form), key, kind, _WEIGHTS[kind] + (_FIRST_BONUS if i in starts else 0.0), order[key])
            for form, key, kind in row_forms
            for i in itertools.islice(_occurrences(folded, form), _FORM_OCCURRENCES)
            # a short label without its enumerator (其他 for 3.其他) only as a whole first cell
            if kind != "short" or (i in starts and i + len(form) in ends)
        ]
        out += [
            _Found(i, i + len(form), None, "header", 0.0, -1)
            for form in header_forms
            for i in _occurrences(folded, form)
        ]
        out += self._fuzzy(out, order)
        return out

    def _cell_starts(self) -> set[int]:
        """Folded offsets where a line or a cell begins: a row label stands there, a header word
        that is also a row alias (总计 over a converter's small table) mostly does not."""
        first = {start for start, i in self.region.cell_index().items() if i == 0}
        offsets = {*self.region.line_starts, *first}
        back = self.region.back
        return {bisect.bisect_left(back, o) for o in offsets}

    def _cell_ends(self) -> set[int]:
        back = self.region.back
        return {bisect.bisect_left(back, t.end) for t in self.region.tokens}

    def _fuzzy(self, exact: list[_Found], order: dict[str, int]) -> list[_Found]:
        """Whole cells (or up to three joined) whose text matches a row label only fuzzily."""
        covered = [0] * (len(self.region.folded) + 1)  # prefix sums of folded characters in a label
        for f in exact:
            if f.key is not None:
                for i in range(f.start, f.end):
                    covered[i + 1] = 1
        for i in range(1, len(covered)):
            covered[i] += covered[i - 1]
        tokens = [t for t in self.region.tokens if t.text and not is_value_like(t.text)]
        out = []
        for i in range(len(tokens)):
            for k in range(1, _JOIN + 1):
                part = tokens[i : i + k]
                if len(part) < k:
                    break
                start, end = self._folded_span(part[0].start, part[-1].end)
                if end - start < 6 or covered[end] > covered[start]:
                    continue
                match = self.spec.match_row("\n".join(t.text for t in part))
                if match is not None and match.kind == "fuzzy":
                    out.append(_Found(start, end, match.key, "fuzzy", 0.8 * match.score, order[match.key]))
        return out

    def _folded_span(self, start: int, end: int) -> tuple[int, int]:
        back = self.region.back
        return bisect.bisect_left(back, start), bisect.bisect_left(back, end)

    @staticmethod
    def _choose(found: list[_Found]) -> list[_Found]:
        """The row labels in template order with the greatest weight (ties: the earliest)."""
        rows = sorted((f for f in found if f.key is not None), key=lambda f: (f.start, -(f.end - f.start)))
        best: list[float] = []
        back: list[int] = []
        for i, f in enumerate(rows):
            score, prev = f.weight, -1
            for j in range(i):
                g = rows[j]
                if g.end <= f.start and g.order < f.order and best[j] + f.weight > score + 1e-9:
                    score, prev = best[j] + f.weight, j
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

    def _markers(self, found: list[_Found], chosen: list[_Found]) -> list[_Found]:
        """Headers and other printings of labels that do not overlap a chosen label, longest first."""
        taken = [(f.start, f.end) for f in chosen]
        chosen_ids = {id(f) for f in chosen}
        out: list[_Found] = []
        for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
            if id(f) in chosen_ids or any(s < f.end and f.start < e for s, e in taken):
                continue
            taken.append((f.start, f.end))
            out.append(f)
        return out

    def _extend(self, found: _Found, limit: int) -> int:
        """A parenthetical note printed right after a label belongs to it (``规章（地方政府规章）``)."""
        folded = self.region.folded
        if found.end < len(folded) and folded[found.end] == "(":
            close = folded.find(")", found.end, min(limit, found.end + _ANNOTATION_MAX))
            note = folded[found.end + 1 : close]
            if close > 0 and "(" not in note and not any(c.isdigit() for c in note):
                return close + 1
        return found.end

    def _glued_start(self, start: int, floor: int) -> int:
        """Words glued to the front of a label are part of it (``行政规范性文件`` printed where
        the 2019 format says ``规范性文件``, ``行政 规范性文件``, or ``行政`` on the line above),
        never a cell: back to a blank line, a cell break, a digit or another label."""
        text = self.region.text
        i = start
        while i > floor and start - i < _GLUED_MAX:
            char = text[i - 1]
            if char == "\n":  # one line break inside a label; a blank line or a value ends it
                line = text[text.rfind("\n", 0, i - 1) + 1 : i - 1]
                before = text[max(floor, i - 1 - _GLUED_MAX) : i - 1].split()
                if not line.strip() or not before or _stops_label(before[-1][-1]) or is_value_like(before[-1]):
                    break
            elif _stops_label(char):
                break
            i -= 1
        while i < start and text[i] in " \n\u00a0\u3000":
            i += 1
        return i

    # -- 2. the stream of rows -----------------------------------------------------------------

    def read(self) -> None:
        found = self._found()
        chosen = self._choose(found)
        markers = self._markers(found, chosen)
        limits = [f.start for f in chosen[1:]] + [len(self.region.folded)] if chosen else []
        marked = [(*self.region.span(f.start, f.end), f) for f in markers]
        spans = [self.region.span(f.start, self._extend(f, limit)) for f, limit in zip(chosen, limits, strict=True)]
        floors = sorted([*(e for _, e in spans), *(e for _, e, _ in marked)])
        anchors = []
        for f, (start, end) in zip(chosen, spans, strict=True):
            start = self._glued_start(start, max((e for e in floors if e <= start), default=0))
            anchors.append(_Anchor(f, start, end, self._row_of(start)))
        items: list[tuple[int, _Item | _Anchor]] = [(a.start, a) for a in anchors]
        for start, end, f in marked:
            items.append((start, _Marker(start, end, f.key, self._row_of(start))))
        labelled = _Spans([(a.start, a.end) for a in anchors])
        printed = _Spans([*((a.start, a.end) for a in anchors), *((s, e) for s, e, _ in marked)])
        for token in self.region.tokens:
            if token.row is not None and token.text and not labelled.overlapping(token.start, token.end):
                self.headers.append((token.start, strip_note(fold(token.text))))
            for piece in _outside(token, printed.overlapping(token.start, token.end), self.region.text):
                if _CONVERTER_HEADER_RE.match(fold(piece.text)):
                    items.append((piece.start, _Marker(piece.start, piece.end, None, piece.row)))
                    self.placeholders.append(piece)
                elif piece.kind == "cell" or (fold(piece.text) and not set(fold(piece.text)) <= _PUNCTUATION):
                    items.append((piece.start, piece))
        items.sort(key=lambda item: (item[0], isinstance(item[1], Token)))
        segments: list[tuple[_Anchor | None, list[_Item]]] = [(None, [])]
        for _, item in items:
            if isinstance(item, _Anchor):
                segments.append((item, []))
            else:
                segments[-1][1].append(item)
        unlabelled = next((r for r in self.spec.leaf_rows if not r.labelled), None)
        for anchor, stream in segments:
            if anchor is None:
                if unlabelled is not None:
                    self._unlabelled(unlabelled, stream)
                else:  # under the header, before the first row: only rows the template lacks
                    self._trailing(_after_last_marker(stream), None)
            else:
                self._row(anchor, stream)
        self._resolve()

    def _row_of(self, offset: int) -> int | None:
        """The printed row of the cell that holds ``offset`` (None in plain text)."""
        tokens = self.region.tokens
        i = bisect.bisect_right(self._token_starts, offset) - 1
        if i >= 0 and offset < max(tokens[i].end, tokens[i].start + 1):
            return tokens[i].row
        return None

    @functools.cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.region.tokens]

    def _row(self, anchor: _Anchor, stream: list[_Item]) -> None:
        row = self.spec.row(anchor.found.key or "")
        label = _printed(self.region.text[anchor.start : anchor.end])
        line = self.region.line_at(anchor.start)
        self._seen(line, anchor.end)
        if row.kind == "group":
            own, trailing = _cells_of(stream, anchor.row, self.region.cell_rows)
            values = [t for t in own if is_value_like(t.text) and compact(t.text)]
            if values:  # a subtotal printed on a group row: kept as a row the template lacks
                self.extras.append(ExtraRow(label, tuple(t.text for t in own), line))
                self._seen_tokens(own)
            self._trailing(trailing, row.key)
            return
        if row.key in self.rows:
            self.problems.append(TableProblem("duplicate-row", row.key, line, label))
            return
        stream, label_row = self._after_reprint(row.key, stream, anchor.row, line)
        match = self.spec.match_row(label)
        kind, score = (
            (match.kind, match.score) if match is not None and match.key == row.key else (_kind(anchor.found), 1.0)
        )
        self.rows[row.key] = RowMatch(row.key, label, line, kind, score)  # type: ignore[arg-type]
        own, trailing = _cells_of(stream, label_row, self.region.cell_rows)
        self._fill(row, own, line)
        self._trailing(trailing, row.key)

    def _after_reprint(
        self, key: str, stream: list[_Item], row: int | None, line: int
    ) -> tuple[list[_Item], int | None]:
        """A label printed again before its cells (a converter's heading, then its table) starts
        the row there; printed again after cells, it is a duplicate row."""
        for i in range(len(stream) - 1, -1, -1):
            item = stream[i]
            if isinstance(item, _Marker) and item.key == key:
                before = [t for t in stream[:i] if isinstance(t, Token) and compact(t.text) and is_value_like(t.text)]
                if before:
                    printed = _printed(self.region.text[item.start : item.end])
                    self.problems.append(TableProblem("duplicate-row", key, self.region.line_at(item.start), printed))
                    return stream[:i], row
                return stream[i + 1 :], item.row
        return stream, row

    def _by_group(self, row: RowSpec, stream: list[_Item]) -> list[Token] | None:
        """Table 四 printed as one small table per group (行政复议, 未经复议直接起诉, 复议后起诉),
        in any order: each group's cells are the ones after its name. None when the row is not
        printed that way (every group named once, each followed by exactly its cells)."""
        columns = self.spec.columns_of(row.key)
        groups = list(dict.fromkeys(c.group for c in columns if c.group))
        names = {fold(g): g for g in groups}
        cells: dict[str, list[Token]] = {}
        current: str | None = None
        for item in stream:
            if isinstance(item, _Marker):
                named = names.get(fold(self.region.text[item.start : item.end]))
                if named is not None:
                    if named in cells:
                        return None
                    current, cells[named] = named, []
            elif current is not None and (compact(item.text) == "" or is_value_like(item.text)):
                cells[current].append(item)
        wanted = {g: sum(1 for c in columns if c.group == g) for g in groups}
        if set(cells) != set(groups) or any(len(cells[g]) != wanted[g] for g in groups):
            return None
        return [t for g in groups for t in cells[g]]

    def _unlabelled(self, row: RowSpec, stream: list[_Item]) -> None:
        """Table 四's one data row, printed without a label under its header."""
        grouped = self._by_group(row, stream)
        if grouped is not None:
            self.rows[row.key] = RowMatch(row.key, "", grouped[0].line, "implicit", 1.0)
            self._fill(row, grouped, grouped[0].line)
            return
        tokens = [t for t in stream if isinstance(t, Token)]
        while tokens and not is_value_like(tokens[0].text):
            tokens.pop(0)  # a note or a stray word before the numbers
        width = len(self.spec.columns_of(row.key))
        if self.region.cell_rows and len(tokens) != width:
            # Printed rows of empty cells: a spacer under a merged header, unless the numbers
            # need them (a group of blank cells in a table split in three).
            groups = [list(g) for _, g in itertools.groupby(tokens, key=lambda t: t.row)]
            filled = [t for g in groups if any(compact(t.text) for t in g) for t in g]
            tokens = filled if filled else (groups[-1] if groups else [])
        if not tokens:  # a header with no numbers under it: no table to read (table-not-found)
            return
        line = tokens[0].line
        self.rows[row.key] = RowMatch(row.key, "", line, "implicit", 1.0)
        self._fill(row, tokens, line)

    # -- 3. a row's cells ----------------------------------------------------------------------

    def _fill(self, row: RowSpec, tokens: list[Token], line: int) -> None:
        width = len(self.spec.columns_of(row.key))
        tokens = _glue_units(tokens)
        grid = self._full_grid_row(tokens)
        placed = self._under_headers(row, tokens) if grid and len(tokens) > width else None
        tokens = placed if placed is not None else _trim_phantoms(tokens, width, leading_first=grid)
        if len(tokens) > width:
            surplus = [t for t in tokens[width:] if compact(t.text)]  # phantom cells of merged ones aside
            self._trailing(surplus, row.key)
            if not (_labelled_rows(surplus) or _words(surplus)):  # which numbers are the row's is unknown
                printed = " | ".join(t.text for t in tokens)
                self.problems.append(TableProblem("too-many-cells", row.key, line, f"{len(tokens)}/{width}: {printed}"))
                self._seen_tokens(tokens)
                return
            tokens = tokens[:width]
        if len(tokens) == width:
            self._place(row, [(t.text, t.line, False) for t in tokens])
            return
        spread = [(v, t.line, len(p) > 1) for t in tokens for p in [_split_values(t.text)] for v in p]
        if len(spread) == width:
            self._place(row, spread)
            return
        texts = [v for v, _, _ in spread]
        printed = " | ".join(t.text for t in tokens)
        constraints = self._constraints(row)
        limit = _MAX_CANDIDATES if row.key in self._in_column_checks() else _SHOWN + 1
        found = recover(texts, width, constraints, limit=limit, budget=self.steps) if texts else []
        cuts = [c for c in found if len(c) == width]
        first = tokens[0].line if tokens else line
        proven = bool(constraints) or sum(min_parts(t) for t in texts) >= width
        if len(cuts) == 1 and len(found) == 1 and proven:
            self._place(row, [(text, first, True) for text in cuts[0]])
        elif found and not cuts:  # too many ways to cut to try them all
            self.problems.append(TableProblem("ambiguous-split", row.key, line, f"{len(tokens)}/{width}: {printed}"))
        elif cuts:
            self.ambiguous[row.key] = (cuts, line, f"{len(tokens)}/{width}: {printed}")
        else:
            self.problems.append(TableProblem("short-row", row.key, line, f"{len(tokens)}/{width}: {printed}"))
        self._seen_tokens(tokens)

    def _under_headers(self, row: RowSpec, tokens: list[Token]) -> list[Token] | None:
        """In a full grid, the cells that stand under the row's column headers, when each of its
        block's headers was printed once, in its own column, in the header rows above."""
        index = self.region.cell_index()
        labels = [strip_note(fold(c.label)) for c in self.spec.columns_of(row.key)]
        if len(set(labels)) != len(labels):
            return None  # 表四 repeats 结果维持 … per group: no single column to look under
        found: dict[str, int] = {}
        for start, text in self.headers:
            if start < tokens[0].start and text in labels and start in index:
                found[text] = index[start]  # the last printing above the row wins
        if any(label not in found for label in labels) or len(set(found.values())) != len(labels):
            return None
        by_column = {index[t.start]: t for t in tokens if t.start in index}
        picked = [by_column.get(found[label]) for label in labels]
        if None in picked:
            return None
        kept = {id(t) for t in picked}
        if any(compact(t.text) and id(t) not in kept for t in tokens):
            return None  # a printed number under no header: the columns do not line up
        return [t for t in picked if t is not None]

    def _full_grid_row(self, tokens: list[Token]) -> bool:
        """The tokens are one pipe row with as many cells as most rows of the table: a grid
        with a cell for every column (a converter's rendering of merged cells)."""
        rows = {t.row for t in tokens}
        if not self.region.cell_rows or len(rows) != 1 or None in rows:
            return False
        widths = self.region.row_widths()
        counts = list(widths.values())
        common = max(set(counts), key=counts.count)
        shared = counts.count(common)
        (row,) = rows
        return shared >= _GRID_ROWS and shared * 2 >= len(counts) and row is not None and widths.get(row) == common

    def _trailing(self, tokens: list[Token], key: str | None) -> None:
        """What follows a row's cells: rows the template lacks (a label, then cells), else numbers
        with no column to go to."""
        label: Token | None = None
        cells: list[Token] = []
        for token in [*tokens, None]:
            if token is None or (compact(token.text) and not is_value_like(token.text)):
                if label is not None and any(compact(t.text) for t in cells):
                    self.extras.append(ExtraRow(_printed(label.text), tuple(t.text for t in cells), label.line))
                    self._seen_tokens([label, *cells])
                elif label is None and key is not None and any(compact(t.text) for t in cells):
                    self.problems.append(
                        TableProblem("extra-cells", key, cells[0].line, " | ".join(t.text for t in cells))
                    )
                label, cells = token, []
            else:
                cells.append(token)

    def _place(self, row: RowSpec, texts: Sequence[tuple[str, int, bool]]) -> None:
        out = []
        for col, (text, line, recovered) in zip(self.spec.columns_of(row.key), texts, strict=True):
            state, value, unit = read_cell(text, col)
            out.append(Cell(row.key, col.key, text, state, value, line, unit, recovered))
            self._seen(line, None)
        self.cells[row.key] = out

    def _in_column_checks(self) -> set[str]:
        """Rows the identities of the whole table (results total, balance) hold cells of."""
        checks = [c for c in self.template.identity_checks if c.table == self.spec.id and c.over == "columns"]
        return {key for c in checks for key, _ in (*c.lhs, *c.rhs)}

    def _constraints(self, row: RowSpec) -> list[Constraint]:
        index = {c.key: i for i, c in enumerate(self.spec.columns_of(row.key))}
        return [
            (tuple(index[c] for _, c in check.lhs), tuple(index[c] for _, c in check.rhs))
            for check in self.template.row_constraints(self.spec.id, row.key)
        ]

    # -- 4. cuts the whole table proves --------------------------------------------------------

    def _resolve(self) -> None:
        """Rows with several possible cuts: the one combination the table's identities allow."""
        if not self.ambiguous:
            return
        keys = list(self.ambiguous)
        checks = [c for c in self.template.identity_checks if c.table == self.spec.id and c.over == "columns"]
        combos = list(itertools.islice(itertools.product(*(self.ambiguous[k][0] for k in keys)), _MAX_COMBINATIONS + 1))
        fitting = [] if len(combos) > _MAX_COMBINATIONS else [c for c in combos if self._holds(keys, c, checks)]
        touched = {key for c in checks for key, _ in (*c.lhs, *c.rhs)}
        if len(fitting) == 1 and set(keys) <= touched:
            for key, cut in zip(keys, fitting[0], strict=True):
                at = self.ambiguous[key][1] or 0
                self._place(self.spec.row(key), [(text, at, True) for text in cut])
            return
        for key in keys:
            cuts, line, printed = self.ambiguous[key]
            shown = tuple(tuple(c) for c in cuts[:_SHOWN])
            self.problems.append(TableProblem("ambiguous-split", key, line, printed, shown))

    def _holds(self, keys: list[str], combo: tuple[list[str], ...], checks: Sequence[IdentityCheck]) -> bool:
        values: dict[tuple[str, str], int] = {}
        for key, row_cells in self.cells.items():
            for cell in row_cells:
                if isinstance(cell.value, int):
                    values[key, cell.col] = cell.value
        for key, cut in zip(keys, combo, strict=True):
            for col, text in zip(self.spec.columns_of(key), cut, strict=True):
                values[key, col.key] = int(text.replace("−", "-")) if text.lstrip("+-−").isdigit() else 0
        for check in checks:
            refs = (*check.lhs, *check.rhs)
            if not any(k in keys for k, _ in refs) or any(c not in values for c in refs):
                continue
            if sum(values[c] for c in check.lhs) != sum(values[c] for c in check.rhs):
                return False
        return True

    # -- result --------------------------------------------------------------------------------

    def _seen(self, line: int | None, _end: int | None) -> None:
        if line is not None:
            self.last_line = line if self.last_line is None else max(self.last_line, line)

    def _seen_tokens(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            self._seen(token.line + token.text.count("\n"), None)

    def table(self, layout: str, start: int, end: int) -> Table:
        order = [r.key for r in self.spec.leaf_rows]
        grid = tuple(c for key in order for c in self.cells.get(key, ()))
        rows = tuple(sorted((r for r in self.rows.values() if r.key in order), key=lambda r: order.index(r.key)))
        if self.placeholders:
            words = " | ".join(dict.fromkeys(t.text for t in self.placeholders))
            self.problems.append(TableProblem("converter-header", None, self.placeholders[0].line, words))
        return Table(
            id=self.spec.id,
            numeral=self.spec.numeral,
            template=self.template.version,
            rows_axis=Axis(tuple((r.key, r.label) for r in self.spec.leaf_rows)),
            columns_axis=Axis(tuple((c.key, self.spec.column_label(c)) for c in self.spec.columns)),
            money_columns=frozenset(c.key for c in self.spec.columns if c.kind == "money"),
            grid=grid,
            rows=rows,
            extra_rows=tuple(self.extras),
            problems=tuple(self.problems),
            layout=layout,
            start_line=start,
            end_line=min(end, self.last_line) if self.last_line is not None else end,
        )


def _stops_label(char: str) -> bool:
    return char in "\t|。；;：:" or unicodedata.normalize("NFKC", char)[:1].isdigit()


def _kind(found: _Found) -> str:
    return "alias" if found.kind in ("bare", "short") else found.kind


def _printed(text: str) -> str:
    """A label as printed, each line without the cell marks around it."""
    parts = [p.strip(" \t|#*\u00a0\u3000") for p in text.split("\n")]
    return "\n".join(p for p in parts if p)


class _Spans:
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
        out = []
        i = bisect.bisect_right(self.ends, start)
        while i < len(self.spans) and self.spans[i][0] < end:
            out.append(self.spans[i])
            i += 1
        return out


def _outside(token: Token, cuts: Sequence[tuple[int, int]], text: str) -> Iterator[Token]:
    """The parts of ``token`` outside the label and header spans (``cuts``, sorted, the ones
    that overlap it), cut at white space."""
    if not cuts and (token.kind == "cell" or not token.text.strip(_QUOTES) or token.text == token.text.strip(_QUOTES)):
        yield token
        return
    position = token.start
    for s, e in [*cuts, (token.end, token.end)]:
        if s > position:
            piece = text[position:s]
            for m in re.finditer(r"[^\s\u00a0\u3000|]+", piece):
                word = m.group()
                lead = len(word) - len(word.lstrip(_QUOTES))
                word = word.strip(_QUOTES)  # the closing quote of a label ("…一稳定”0") is not a cell
                if word:
                    at = position + m.start() + lead
                    yield token.cut(at, at + len(word), word)
        position = max(position, e)


def _cells_of(stream: list[_Item], label_row: int | None, cell_rows: bool) -> tuple[list[Token], list[Token]]:
    """A row's own tokens, and what follows them: a header ends the cells, and in a rendering
    of printed rows only the label's row (or, when it holds none, the next) has its cells."""
    own: list[Token] = []
    trailing: list[Token] = []
    ended = False
    for item in stream:
        if isinstance(item, _Marker):
            ended = ended or any(compact(t.text) for t in own)
            continue
        (trailing if ended else own).append(item)
    if cell_rows:
        rows = [t.row for t in own]
        keep = label_row if label_row in rows or not rows else next((t.row for t in own if compact(t.text)), rows[0])
        mine = [t for t in own if t.row is None or t.row == keep]
        others = [t for t in own if not (t.row is None or t.row == keep)]
        own, trailing = mine, [*others, *trailing]
    return own, trailing


def _labelled_rows(tokens: list[Token]) -> bool:
    """``tokens`` are rows the template lacks: each begins with a label and has numbers."""
    if not tokens or not compact(tokens[0].text) or is_value_like(tokens[0].text):
        return False
    groups: list[list[Token]] = []
    for token in tokens:
        if compact(token.text) and not is_value_like(token.text):
            groups.append([])
        else:
            groups[-1].append(token)
    return all(any(compact(t.text) for t in g) for g in groups)


def _words(tokens: list[Token]) -> bool:
    """``tokens`` are words after a row's cells (a note: ``注：…``), none of them a piece of a
    number (``.5``, ``5万``), which would make the row's cells uncertain."""
    return all(
        compact(t.text)
        and not is_value_like(t.text)
        and not (len(t.text) <= _NUMBERISH and any(c.isdigit() for c in t.text))
        for t in tokens
    )


def _glue_units(tokens: list[Token]) -> list[Token]:
    """A unit printed apart from its number (``8 件``) is part of that cell."""
    out: list[Token] = []
    for token in tokens:
        if out and compact(token.text) in UNITS and compact(out[-1].text) and is_value_like(out[-1].text):
            previous = out[-1]
            out[-1] = attrs.evolve(previous, text=f"{previous.text}{compact(token.text)}", end=token.end)
        else:
            out.append(token)
    return out


def _after_last_marker(stream: list[_Item]) -> list[Token]:
    last = max((i for i, item in enumerate(stream) if isinstance(item, _Marker)), default=-1)
    return [t for t in stream[last + 1 :] if isinstance(t, Token)]


def _trim_phantoms(tokens: list[Token], width: int, leading_first: bool = False) -> list[Token]:
    """Drop empty cells left by merged cells: trailing first (bars printed after a row), then
    leading; leading first in a row as wide as the table's grid, where the label's merged
    columns stand before the values."""
    tokens = list(tokens)
    ends = (0, -1) if leading_first else (-1, 0)
    for end in ends:
        while len(tokens) > width and not compact(tokens[end].text):
            tokens.pop(end)
    return tokens


def _split_values(text: str) -> list[str]:
    return split_values(text) or [text]


def align(template: Template, table_id: str, lines: Sequence[str], numbers: Sequence[int], layout: str) -> Table:
    """Read the table ``table_id`` of ``template`` from the lines of its region."""
    stream = region(lines, numbers)
    reader = _Reader(template, template.tables[table_id], stream)
    reader.read()
    return reader.table(layout, numbers[0] if numbers else 1, numbers[-1] if numbers else 1)
