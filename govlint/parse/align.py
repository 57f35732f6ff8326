"""Reading one table: the template's sequence of labels aligned against a stream of tokens.

The template is the grammar and the text a noisy rendering of it. The reader

1. finds every printed form of every row label, block title and column header in the
   region's folded text (:mod:`govlint.parse.stream`), plus fuzzy matches of whole cells;
2. keeps the row labels that can stand in template order with the most weight (a weighted
   longest increasing subsequence), so a label repeated in a converter's heading and its
   table, a header word that is also a row alias, or a missing row cannot derail the rest;
3. gives each row the tokens between its label and the next label: the template says how
   many there must be. Header words end a row's cells; text with numbers after a full row
   is a row the template lacks, and so is a label that starts with an enumerator (``1.申请人
   无正当``, a label the reader did not find) with the numbers after it; tokens of another
   printed row (tab or pipe cells) belong to that row;
4. cuts numbers that ran together only where the digits themselves or the identities of the
   row and then of the whole table prove one cut (:mod:`govlint.parse.split`).

A row whose cells cannot be proven gets no cells and a :class:`TableProblem` saying why.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from govlint.model import Axis, Cell, CellState, ExtraRow, RowMatch, Table, TableProblem
from govlint.model.table import Number
from govlint.parse.anchors import Found, Spans, choose, forms, occurrences, wrapped_forms
from govlint.parse.cells import FULL_WIDTH_DIGITS, MAX_COUNT, MIXED_DIGITS_RE, compact, is_value_like, read_as
from govlint.parse.rowtokens import (
    LABEL_ENDS,
    Item,
    Marker,
    after_last_marker,
    cells_of,
    glue_units,
    label_text,
    labelled_rows,
    outside,
    split_pieces,
    stops_label,
    trim_phantoms,
    words,
)
from govlint.parse.split import Constraint, min_parts, recover
from govlint.parse.stream import Region, Token, fold, region
from govlint.templates import RowSpec, TableSpec, Template, once_per_spec
from govlint.templates.labels import ENUMERATOR, strip_note
from govlint.templates.spec import IdentityCheck

_JOIN = 3  # a label broken over up to this many cells is matched joined
# Headers converters print over tables they split up: 类别 | 数据1 | … | 总计.
_CONVERTER_HEADER_RE = re.compile(r"^(?:数据\d{1,2}|类别|项目|\(?数据项目\)?|数量|序号|指标)$")
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
_GLUED_MAX = 12  # characters of text glued to the front of a label that still belong to it
_WRAP_PIECES = 10  # pieces after the first of a label printed around its numbers (words of its lines)
_WRAP_GAP = 3  # lines from one piece of such a label to the next (blank lines between them)
_WRAP_TOKENS = 60  # tokens looked at after a label's first piece
_WRAP_SLACK = 1  # characters a piece's column may differ from the first's
_NUMBER = CellState.NUMBER
_PLAIN_COUNT = len(str(MAX_COUNT))  # ASCII digits fewer than this make a count within MAX_COUNT


_LATIN_RE = re.compile("[A-Za-z]")
_SPACED_THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0\u3000]\d{3})+")  # 1 000, 12 345 678
# A row label's start: an enumerator, then a Chinese word (1.申请人…, （六）其他处理, 四、结转…).
_LABEL_START_RE = re.compile(ENUMERATOR + r"\s*[\u4e00-\u9fff]")
_PLACE = operator.itemgetter(0, 1)  # stable: items at one place keep the order they were found in
_LINE = operator.itemgetter(1)


# Not frozen: one per row label of every table, and a frozen class's __init__ costs three times
# as much. Nothing changes one once made.
@attrs.define
class _Anchor:
    """A row label chosen for the table, with where it stands in the region's text."""

    found: Found
    start: int
    end: int
    row: int | None  # the printed row of the cell it stands in


@attrs.frozen
class _Place:
    """Where the numbers after a row label stand, as :meth:`_Reader._apart` weighs them."""

    beside: bool  # some beside the label: on its line, in its printed row, or among its words
    lines: int  # the lines (or printed rows) of their own the others stand on
    together: bool  # two or more share a line (or a cell, or the label's line)
    spread: bool  # two or more, each on a line of its own
    ended: bool  # a header ends the row's numbers
    tail: bool  # numbers stand after that header, before the next label


# numbers beside their label and nothing after them; also what follows the table's last row
_WHOLE = _Place(True, 0, False, False, False, False)


def _is_value(token: Token) -> bool:
    """A number, or several in one cell (``53 0``: cells a converter merged)."""
    return bool(compact(token.text)) and (is_value_like(token.text) or _several(token.text))


def _several(text: str) -> bool:
    """Several numbers in one cell: ``53 0``, ``0 -2``."""
    if " " not in text.strip() or not any(c.isdigit() for c in text):
        return False  # most cells: one word or one number
    pieces = split_pieces(text)
    return len(pieces) > 1 and all(is_value_like(p) for p in pieces)


def _digits(items: Iterable[Item]) -> bool:
    """Whether a number with a digit stands among ``items`` (a dash is no row's numbers)."""
    return any(isinstance(t, Token) and _is_value(t) and any(c.isdigit() for c in t.text) for t in items)


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
    labelled: Spans = attrs.Factory(lambda: Spans([]))  # the chosen row labels' spans of the text
    steps: list[int] = attrs.Factory(lambda: [_TABLE_STEPS])  # what cutting run-together digits may take
    _after_empty: bool = False  # the row being read is below a row label with no cell after it
    _after_unread: bool = False  # … below a row left unread
    _detached: set[int] = attrs.Factory(set)  # ids of the anchors whose numbers may be the next row's

    # -- 1. where the labels stand -----------------------------------------------------------

    def _found(self) -> list[Found]:
        folded = self.region.folded
        order = _row_order(self.spec)
        row_forms, header_forms = forms(self.spec)
        starts, ends = self._cell_starts(), {end for _, end in self._folded_bounds}
        out = []
        for form, key, kind in row_forms:
            first = folded.find(form)  # most forms are not printed: no need to set up a search
            if first < 0:
                continue
            printings: Iterable[int] = (first,)  # most printed forms are printed once: no search either
            if folded.find(form, first + 1) >= 0:
                printings = occurrences(folded, form, first)
            for i in itertools.islice(printings, _FORM_OCCURRENCES):
                first_cell = i in starts
                # a short label without its enumerator (其他 for 3.其他) only as a whole first cell
                if kind != "short" or (first_cell and i + len(form) in ends):
                    weight = _WEIGHTS[kind] + (_FIRST_BONUS if first_cell else 0.0)
                    out.append(Found(i, i + len(form), key, kind, weight, order[key]))
        out += [
            Found(i, i + len(form), None, "header", 0.0, -1)
            for form in header_forms
            if form in folded
            for i in occurrences(folded, form)
        ]
        wrapped = self._wrapped(order, starts)
        if wrapped:  # a shorter form of the same label in its first piece is the label cut short
            heads = {(f.key, f.start): f.pieces[0][1] for f in wrapped}
            out = [f for f in out if (f.key, f.start) not in heads or f.end > heads[f.key, f.start]]
            out += wrapped
        out += self._fuzzy(out, order)
        return out

    def _wrapped(self, order: dict[str, int], starts: set[int]) -> list[Found]:
        """Labels printed in pieces around their row's numbers, as text laid out in columns
        prints a cell of several lines (``pdftotext -layout``: the numbers on the label's
        middle line, ``（二）部分公开（区分处理的，只计这一情`` / ``447 7 … 454`` / ``形，不计其他
        情形）``).

        A piece goes on with the next word that starts in its column on one of the next lines;
        numbers, and words of other columns (a group's label beside the rows'), may stand
        between them. The pieces make a label only when together they are a printed form of a
        row label that neither part is: the labels prove the join, not the layout alone."""
        if not self.region.columns:
            return []
        whole, beginnings = wrapped_forms(self.spec)
        tokens, bounds, folded = self.region.tokens, self._folded_bounds, self.region.folded
        out: list[Found] = []
        for i, token in enumerate(tokens):
            start, end = bounds[i]
            if token.kind != "word" or folded[start:end] not in beginnings:
                continue  # most words: no label begins with them
            if is_value_like(token.text) and not self._joined_on_line(i):
                continue  # a number, not the enumerator of a label spaced from its words (4 .保护)
            found = self._pieces_from(i, whole, beginnings)
            if found is not None:
                form, tails, skipped = found
                key, kind = whole[form]
                weight = _WEIGHTS[kind] + (_FIRST_BONUS if start in starts else 0.0)
                pieces = ((start, end), *tails)
                out.append(Found(start, tails[-1][1], key, kind, weight, order[key], pieces, skipped))
        return out

    def _pieces_from(
        self, first: int, whole: dict[str, tuple[str, str]], beginnings: frozenset[str]
    ) -> tuple[str, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]] | None:
        """The longest label that the word at ``first`` begins in pieces with something between
        them: its folded form, the spans of its later pieces and of the words passed over."""
        tokens, bounds, folded = self.region.tokens, self._folded_bounds, self.region.folded
        column = self._column(tokens[first].start)
        last = tokens[first]  # the last piece
        joined = folded[slice(*bounds[first])]
        tails: list[tuple[int, int]] = []
        skipped: list[tuple[int, int]] = []
        between = False  # numbers or another column's words since the first piece
        best = None
        for j in range(first + 1, min(len(tokens), first + _WRAP_TOKENS)):
            token = tokens[j]
            if token.line > last.line + _WRAP_GAP or len(tails) == _WRAP_PIECES:
                break
            value = is_value_like(token.text) or not compact(token.text)  # a number or an empty cell: no word
            if token.line == last.line and not value:
                if token.start > last.end + 1:
                    break  # more words of the line, in another column
                piece = True  # the label's words, one space apart
            else:
                piece = token.line > last.line and not value and abs(self._column(token.start) - column) <= _WRAP_SLACK
            if piece:
                grown = joined + folded[slice(*bounds[j])]
                if grown not in beginnings:
                    break
                joined, last = grown, token
                tails.append(bounds[j])
                if between and joined in whole:
                    best = (joined, tuple(tails), tuple(skipped))
            elif value and (token.line > last.line or token.start > last.end):
                between = True  # the row's numbers, beside a piece or on a line of their own
            elif not value and self._column(token.start) < column - _WRAP_SLACK:
                between = True  # a word of a column to the left (a group's label in pieces)
                skipped.append(bounds[j])
            else:
                break
        return best

    def _joined_on_line(self, i: int) -> bool:
        """Whether a word (no number) stands one space after the ``i``-th token on its line."""
        tokens = self.region.tokens
        if i + 1 == len(tokens):
            return False
        after = tokens[i + 1]
        return after.line == tokens[i].line and after.start <= tokens[i].end + 1 and not is_value_like(after.text)

    def _column(self, offset: int) -> int:
        """Where ``offset`` of the region's text stands in its line (in characters)."""
        starts = self.region.line_starts
        return offset - starts[bisect.bisect_right(starts, offset) - 1]

    def _cell_starts(self) -> set[int]:
        """Folded offsets where a line or a cell begins: a row label stands there, a header word
        that is also a row alias (总计 over a converter's small table) mostly does not."""
        first = {start for start, i in self._cell_index.items() if i == 0}
        offsets = [*self.region.line_starts, *first]
        return set(self._folded_at(offsets))

    @functools.cached_property
    def _back(self) -> np.ndarray[Any, np.dtype[np.intp]]:
        return np.array(self.region.back, dtype=np.intp)

    def _folded_at(self, offsets: list[int]) -> list[int]:
        """Where each offset of the text stands in the folded text: how many folded characters
        come from before it (``bisect_left`` of ``back``), one vectorised search for them all
        instead of a bisect per token and line."""
        found: list[int] = np.searchsorted(self._back, offsets).tolist()
        return found

    @functools.cached_property
    def _cell_index(self) -> dict[int, int]:
        return self.region.cell_index()

    @functools.cached_property
    def _folded_bounds(self) -> list[tuple[int, int]]:
        """Where each token starts and ends in the folded text."""
        tokens = self.region.tokens
        starts, ends = self._folded_at([t.start for t in tokens]), self._folded_at([t.end for t in tokens])
        return list(zip(starts, ends, strict=True))

    def _fuzzy(self, exact: list[Found], order: dict[str, int]) -> list[Found]:
        """Whole cells (or up to three joined) whose text matches a row label only fuzzily."""
        marks = bytearray(len(self.region.folded))  # 1 for each folded character in a label
        for f in exact:
            if f.key is not None:
                marks[f.start : f.end] = b"\x01" * (f.end - f.start)
        in_label = marks.find
        cells = [
            (token.text, start, end)
            for token, (start, end) in zip(self.region.tokens, self._folded_bounds, strict=True)
            if not is_value_like(token.text)
        ]
        texts = [text for text, _, _ in cells]
        starts = [start for _, start, _ in cells]
        ends = [end for _, _, end in cells]
        match_row = self.spec.match_row
        out = []
        # Tokens stand in text order, so a cell's joins with the cells after it reach further:
        # once one overlaps a label, so do the longer ones (most cells are the labels).
        for i, start in enumerate(starts):
            for last in range(i, min(i + _JOIN, len(texts))):
                end = ends[last]
                if in_label(1, start, end) >= 0:
                    break
                if end - start < 6:
                    continue
                match = match_row(texts[i] if last == i else "\n".join(texts[i : last + 1]))
                if match is not None and match.kind == "fuzzy":
                    out.append(Found(start, end, match.key, "fuzzy", 0.8 * match.score, order[match.key]))
        return out

    def _markers(self, found: list[Found], chosen: list[Found]) -> list[Found]:
        """Headers and other printings of labels that do not overlap a chosen label, longest first."""
        # The spans taken never overlap one another: kept in order, the one that starts last
        # before a span ends is the only one that may overlap it.
        starts = [f.start for f in chosen]  # chosen in text order, one after another
        ends = [f.end for f in chosen]
        chosen_ids = {id(f) for f in chosen}
        out: list[Found] = []
        for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
            if id(f) in chosen_ids:
                continue
            at = bisect.bisect_left(starts, f.end)
            if at and ends[at - 1] > f.start:
                continue
            starts.insert(at, f.start)
            ends.insert(at, f.end)
            out.append(f)
        return out

    def _extend(self, found: Found, limit: int) -> int:
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
                if not line.strip() or not before or stops_label(before[-1][-1]) or is_value_like(before[-1]):
                    break
            elif stops_label(char):
                if char not in LABEL_ENDS and _LATIN_RE.search(text, i, start):
                    return start  # letters glued to a number (3O行政强制): a misread cell, not words of a label
                break
            i -= 1
        while i < start and text[i] in " \n\u00a0\u3000":
            i += 1
        return i

    # -- 2. the stream of rows -----------------------------------------------------------------

    def read(self) -> None:
        found = self._found()
        chosen = choose(found)
        markers = self._markers(found, chosen)
        limits = [f.start for f in chosen[1:]] + [len(self.region.folded)] if chosen else []
        marked = [(*self.region.span(f.start, f.end), f) for f in markers]
        spans = [
            self.region.span(f.start, f.pieces[0][1] if f.pieces else self._extend(f, limit))
            for f, limit in zip(chosen, limits, strict=True)
        ]
        # the later pieces of labels printed around their numbers, and the words between them
        rests = [self.region.span(*span) for f in chosen for span in (*f.pieces[1:], *f.skipped)]
        floors = sorted([*(e for _, e in spans), *(e for _, e, _ in marked), *(e for _, e in rests)])
        anchors = []
        for f, (start, end) in zip(chosen, spans, strict=True):
            below = bisect.bisect_right(floors, start)
            start = self._glued_start(start, floors[below - 1] if below else 0)
            anchors.append(_Anchor(f, start, end, self._row_of(start)))
        # (offset, whether a token, item): at one offset a label or header comes before a token
        items: list[tuple[int, bool, Item | _Anchor]] = [(a.start, False, a) for a in anchors]
        for start, end, f in marked:
            items.append((start, False, Marker(start, end, f.key, self._row_of(start))))
        self.labelled = Spans([(a.start, a.end) for a in anchors])
        printed = Spans([*((a.start, a.end) for a in anchors), *((s, e) for s, e, _ in marked), *rests])
        text = self.region.text
        find = printed.marks(len(text)).find
        place = printed.places(len(text))
        append = items.append
        for token in self.region.tokens:
            start, end = token.start, token.end
            # most tokens stand clear of every span; an empty cell is inside one only when the
            # characters on both sides of it are
            if (find(1, start, end) if start < end else find(1, max(start - 1, 0), start + 1)) >= 0:
                if start < end and place[start] and place[start] == place[end - 1]:
                    continue  # inside one label or header (a label's own cell), as below
                cuts = printed.overlapping(start, end)
                if len(cuts) == 1 and cuts[0][0] <= start and end <= cuts[0][1]:
                    continue  # inside one label or header (a label's own cell): outside() leaves nothing
                pieces: Iterable[Token] = outside(token, cuts, text)
            elif token.kind == "cell":
                pieces = (token,)  # what outside() makes of a cell clear of every span
            else:
                pieces = outside(token, (), text)
            for piece in pieces:
                placeholder, says = _piece_role(piece.text)
                if placeholder:
                    append((piece.start, False, Marker(piece.start, piece.end, None, piece.row)))
                    self.placeholders.append(piece)
                elif says or piece.kind == "cell":
                    append((piece.start, True, piece))
        items.sort(key=_PLACE)
        segments: list[tuple[_Anchor | None, list[Item]]] = [(None, [])]
        for _, _, item in items:
            if isinstance(item, _Anchor):
                segments.append((item, []))
            else:
                segments[-1][1].append(item)
        # (pdftotext's text without its layout, its cells' order unproven, has checks of its own)
        self._detached = set() if self.region.flowed else self._apart(segments)
        unlabelled = next((r for r in self.spec.leaf_rows if not r.labelled), None)
        flowed = self.region.flowed
        empty = False  # a row above had no cell (its label, then the next one's)
        unread = False  # a row above was left unread (too few numbers: some printed further on)
        for anchor, stream in segments:
            if anchor is None:
                if unlabelled is not None:
                    self._unlabelled(unlabelled, stream)
                else:  # under the header, before the first row: only rows the template lacks
                    self._trailing(after_last_marker(stream), None)
            elif flowed and self.spec.row(anchor.found.key or "").kind != "group":
                self._after_empty, self._after_unread = empty, unread
                problems = len(self.problems)
                self._row(anchor, stream)
                empty = empty or not any(isinstance(t, Token) for t in stream)  # a blank printed is a cell
                unread = unread or len(self.problems) > problems
            else:
                self._row(anchor, stream)
        self._resolve()

    def _apart(self, segments: list[tuple[_Anchor | None, list[Item]]]) -> set[int]:
        """The rows whose numbers may be another row's (ids of their anchors).

        Text a converter took from a PDF line by line (pdfplumber, markitdown) prints a row's
        numbers where they stand on the page, in the middle of the row's height: on its label's
        line, or on a line of their own above or below the label when the label or a cell
        beside it runs over two lines. A line of numbers between two labels is the upper
        label's or the lower one's. In a run of such rows between rows printed with their
        numbers beside their labels (or a header), each line is the label's above it when each
        label is followed by one line of numbers and none stands before the first label (were
        each line the label's below it, the first label would have none, and the last line
        would be the next row's, which has its own); otherwise nothing says whose each line is,
        and the run's rows are unread. Text whose cells stand a line each (a web page's) prints
        no row's numbers together on a line: its tables are passed at once."""
        if not self._numbers_together():
            return set()  # a cell a line (a web page's text): no row's numbers share a line
        anchors = [anchor for anchor, _ in segments if anchor is not None]
        # the words glued to the front of the next label (the end of a label over two lines)
        glued = {
            id(a): self.region.text[b.start : self.region.span(b.found.start, b.found.end)[0]]
            for a, b in itertools.pairwise(anchors)
        }
        leaf = [
            (anchor, stream)
            for anchor, stream in segments
            if anchor is not None and self.spec.row(anchor.found.key or "").kind != "group"
        ]
        places = [self._numbers_at(anchor, stream, glued.get(id(anchor), "")) for anchor, stream in leaf]
        # rows whose numbers stand together on a line, against rows with a number a line
        if sum(1 for p in places if p.together) <= sum(1 for p in places if p.spread):
            return set()  # a cell a line (a web page's text), or no row's numbers together
        head = segments[0][1] if segments and segments[0][0] is None else []
        before = _digits(head)  # numbers above the first label (the header's dashes aside): its?
        out: set[int] = set()
        run: list[tuple[_Anchor, int]] = []  # the rows since the last printed beside its numbers
        for anchor, place in [*zip([a for a, _ in leaf], places, strict=True), (None, _WHOLE)]:
            if not place.beside:
                run.append((anchor, place.lines))  # type: ignore[arg-type]
            if place.beside or place.ended:  # the run ends: a row printed whole, a header, the table's end
                if before or any(n != 1 for _, n in run):
                    out.update(id(a) for a, n in run if n)
                # numbers after a row printed whole, or under a header: maybe the next label's
                run, before = [], place.tail or (place.beside and place.lines > 0)
        return out

    def _numbers_together(self) -> bool:
        """Whether two numbers share a line (or a printed row, or a cell) anywhere in the region."""
        seen: set[int | None] = set()
        by_row = self.region.cell_rows
        for token in self.region.tokens:
            if not _is_value(token):
                continue
            place = token.row if by_row and token.row is not None else token.line
            if place in seen or _several(token.text):
                return True
            seen.add(place)
        return False

    def _numbers_at(self, anchor: _Anchor, stream: list[Item], glued: str) -> _Place:
        """Where the numbers after a row label stand (see :class:`_Place`); the label's last
        words may be ``glued`` to the next label."""
        # A header ends a row's numbers (a block's title in 表二, as cells_of reads them): those
        # under it are the next label's, printed above it.
        values: list[Token] = []
        tail = ended = False
        for i, item in enumerate(stream):
            if isinstance(item, Marker) and item.key is not None and item.key == anchor.found.key:
                # the label printed again, with numbers beside it (a converter's heading, then its
                # table's row, as _after_reprint reads them): they are the row's
                line = self.region.line_at(item.start)
                after = [t for t in stream[i + 1 :] if isinstance(t, Token) and _is_value(t)]
                if any(t.line == line or (item.row is not None and t.row == item.row) for t in after):
                    return _WHOLE
                continue
            if isinstance(item, Marker):
                ended = ended or bool(values)
            elif _is_value(item):
                if not ended:
                    values.append(item)
                elif any(c.isdigit() for c in item.text):
                    tail = True
        if not values:
            return _Place(False, 0, False, False, ended, tail)
        if self.region.cell_rows and anchor.row is not None:
            apart = [t.row for t in values if t.row != anchor.row]
        else:
            ends = [self.region.span(*piece)[1] for piece in anchor.found.pieces[1:]]
            first, last = self.region.line_at(anchor.start), self.region.line_at(max([anchor.end, *ends]) - 1)
            apart = [t.line for t in values if not first <= t.line <= last]
        beside = len(apart) < len(values)
        if not beside:  # numbers before more words of the label: a label over two lines, numbers between
            label = fold(self.spec.row(anchor.found.key or "").label)
            rest = [
                t.text
                for t in stream
                if isinstance(t, Token) and t.start > values[0].start and not is_value_like(t.text)
            ]
            beside = any(len(word := fold(text)) > 1 and word in label for text in [*rest, glued])
        lines = len(set(apart))
        together = any(_several(t.text) for t in values) or len(values) - len(apart) > 1 or lines < len(apart)
        width = len(self.spec.columns_of(anchor.found.key or ""))
        spread = not together and len(apart) == len(values) == lines > 1 and lines <= width  # a row's cells
        return _Place(beside, lines, together, spread, ended, tail)

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

    def _row(self, anchor: _Anchor, stream: list[Item]) -> None:
        row = self.spec.row(anchor.found.key or "")
        printed = [(anchor.start, anchor.end), *(self.region.span(*span) for span in anchor.found.pieces[1:])]
        label = label_text("\n".join(self.region.text[start:end] for start, end in printed))
        line = self.region.line_at(anchor.start)
        self._seen(line, anchor.end)
        if row.kind == "group":
            own, trailing = cells_of(stream, anchor.row, self.region.cell_rows)
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
        if self.region.pdf_text and (pieces := _wrapped_pieces(stream)) and not self._proven_by_count(row):
            # A full-width number wider than its cell wraps, a digit or two a line (１ / ８
            # for 18): which of the row's numbers are whole cannot be known.
            self.problems.append(TableProblem("split-row", row.key, line, " | ".join(t.text for t in pieces)))
            self._seen_tokens([t for t in stream if isinstance(t, Token)])
            return
        own, trailing = cells_of(stream, label_row, self.region.cell_rows)
        own = self._beside(anchor, own)
        if id(anchor) in self._detached:  # its numbers may be the next row's (see _apart)
            self._unread("detached-row", row, line, own, len(self.spec.columns_of(row.key)))
        else:
            self._fill(row, own, line)
        self._trailing(trailing, row.key)

    def _beside(self, anchor: _Anchor, tokens: list[Token]) -> list[Token]:
        """A row's tokens without the words (``word`` tokens, not numbers) that cannot be its
        cells in text laid out in columns, where a row's cells stand right of its label, in the
        numbers' columns:

        - words left of its label on the lines below it: a group's label in pieces in a column
          of its own (``（三）不`` / ``予公开``);
        - words left of its first number on its label's line, or on a line below without
          numbers: the rest of a label spaced out (``一、本年新收    政府信息公开申 请数`` /
          ``量``). A word that begins a line of numbers is the label of a row of its own (one
          the template lacks, ``其中：网上申请``), and so is a word that starts like a row label:
          the row ends there.
        """
        if not self.region.columns:
            return tokens
        left = self._column(anchor.start) - _WRAP_SLACK
        text = self.region.text
        below = text.find("\n", anchor.start) + 1 or len(text)  # where the lines below the label's begin
        numbers = [
            (self._column(t.start), t.line)
            for t in tokens
            if t.kind == "word" and compact(t.text) and is_value_like(t.text)
        ]
        first = min((column for column, _ in numbers), default=None)
        lines = {number_line for _, number_line in numbers}
        national = fold(self.spec.row(anchor.found.key or "").label)
        printed = fold(self.region.text[anchor.start : anchor.end])
        out = []
        for t in tokens:
            if t.kind != "word" or is_value_like(t.text) or any(c.isdigit() for c in t.text):
                out.append(t)  # a number, or one with its unit (12万元) or misprinted: a cell
                continue
            column = self._column(t.start)
            if t.start >= below and column < left:
                continue  # a group's label beside the row
            spaced_out = first is not None and column < first and (t.start < below or t.line not in lines)
            if spaced_out and _LABEL_START_RE.match(t.text) is None:
                continue  # the rest of the row's label
            if first is not None and column < first and national.startswith(printed + fold(t.text)):
                # the next piece of the row's national label, wrapped onto the numbers' line
                # (``(二) 部分公开`` / ``(区分处理的，只计   0   0   1 …``), not a row of its own
                printed += fold(t.text)
                continue
            out.append(t)
        return out

    def _after_reprint(self, key: str, stream: list[Item], row: int | None, line: int) -> tuple[list[Item], int | None]:
        """A label printed again before its cells (a converter's heading, then its table) starts
        the row there; printed again after cells, it is a duplicate row."""
        for i in range(len(stream) - 1, -1, -1):
            item = stream[i]
            if isinstance(item, Marker) and item.key == key:
                before = [t for t in stream[:i] if isinstance(t, Token) and compact(t.text) and is_value_like(t.text)]
                if before:
                    printed = label_text(self.region.text[item.start : item.end])
                    self.problems.append(TableProblem("duplicate-row", key, self.region.line_at(item.start), printed))
                    return stream[:i], row
                return stream[i + 1 :], item.row
        return stream, row

    def _by_group(self, row: RowSpec, stream: list[Item]) -> list[Token] | None:
        """Table 四 printed as one small table per group (行政复议, 未经复议直接起诉, 复议后起诉),
        in any order: each group's cells are the ones after its name. None when the row is not
        printed that way (every group named once, each followed by exactly its cells)."""
        columns = self.spec.columns_of(row.key)
        groups = list(dict.fromkeys(c.group for c in columns if c.group))
        names = {fold(g): g for g in groups}
        cells: dict[str, list[Token]] = {}
        current: str | None = None
        for item in stream:
            if isinstance(item, Marker):
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

    def _unlabelled(self, row: RowSpec, stream: list[Item]) -> None:
        """Table 四's one data row, printed without a label under its header."""
        grouped = self._by_group(row, stream)
        if grouped is not None:
            self.rows[row.key] = RowMatch(row.key, "", grouped[0].line, "implicit", 1.0)
            self._fill(row, grouped, grouped[0].line)
            return
        tokens = _past_header_padding(stream)
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
        tokens = glue_units(tokens)
        label = next((i for i, t in enumerate(tokens) if _LABEL_START_RE.match(t.text.strip())), None)
        if label is not None:
            # The label of a row the reader did not find (a PDF row cut by a page break prints
            # its label in pieces between its numbers): the numbers after it are that row's.
            self._trailing(tokens[label:], row.key)
            tokens = tokens[:label]
        if self.region.columns or self.region.rows:
            # Text laid out in columns, or with its rows one per line, prints a row's numbers
            # on one line: numbers on two are pieces of a wrapped number (a full-width 85 in a
            # narrow cell: 8 / 5) or another row's, and which cell each is, unknown. (A whole
            # row on its first line and more numbers after: a page number, as before.)
            lines = [t.line for t in tokens if compact(t.text) and is_value_like(t.text)]
            if len(set(lines)) > 1 and (self.region.columns or lines.count(lines[0]) < width):
                self._unread("split-row", row, line, tokens, width)
                return
        if self.region.cell_rows and any(_several(t.text) for t in tokens if t.row is not None):
            self._merged(row, tokens, line, width)
            return
        grid = self._full_grid_row(tokens)
        placed = self._under_headers(row, tokens) if grid and len(tokens) > width else None
        if placed is not None and not _drops_printed(tokens, placed):
            tokens = placed
        elif grid:
            # Under the headers, a blank the author printed lies under no column: the headers
            # and the printed cells disagree, and the row is unread.
            trimmed = None if placed is not None else self._grid_phantoms(row, tokens, width)
            if trimmed is None:
                self._unread("too-many-cells", row, line, tokens, width)
                return
            tokens = trimmed
        else:
            tokens = trim_phantoms(tokens, width)
        if placed is None and len(tokens) > width:
            tokens = self._either_end(row, tokens, width)
        if len(tokens) > width:
            surplus = [t for t in tokens[width:] if compact(t.text)]  # phantom cells of merged ones aside
            self._trailing(surplus, row.key)
            if not (labelled_rows(surplus) or words(surplus)):  # which numbers are the row's is unknown
                self._unread("too-many-cells", row, line, tokens, width)
                return
            tokens = tokens[:width]
        if len(tokens) == width:
            if self.region.flowed and self._unordered(row, [t.text for t in tokens], line):
                self._seen_tokens(tokens)
                return
            self._place(row, [(t.text, t.line, False) for t in tokens])
            return
        spread = [(v, t.line, len(p) > 1) for t in tokens for p in [split_pieces(t.text)] for v in p]
        # Spaces cut a row printed on one line (PDF text) into its cells. Where its cells were
        # printed one by one and one of them is digits spaced in threes (1 000), the space may
        # be a thousands separator: only the identities below can say which.
        if len(spread) == width and (
            len(tokens) == 1 or not any(_SPACED_THOUSANDS.fullmatch(t.text.strip()) for t in tokens)
        ):
            if self.region.flowed and self._unordered(row, [v for v, _, _ in spread], line):
                self._seen_tokens(tokens)
                return
            self._place(row, spread)
            return
        texts = [v for v, _, _ in spread]
        printed = " | ".join(t.text for t in tokens)
        constraints = self._constraints(row)
        limit = _MAX_CANDIDATES if row.key in self._in_column_checks else _SHOWN + 1
        glued = any(MIXED_DIGITS_RE.search(t.text) for t in tokens)  # cut apart by split_pieces
        found = recover(texts, width, constraints, limit=limit, budget=self.steps, glued=glued) if texts else []
        cuts = [c for c in found if len(c) == width]
        first = tokens[0].line if tokens else line
        proven = bool(constraints) or sum(min_parts(t) for t in texts) >= width
        if len(cuts) == 1 and len(found) == 1 and proven:
            if self._unordered(row, cuts[0], line):
                self._seen_tokens(tokens)
                return
            self._place(row, [(text, first, True) for text in cuts[0]])
        elif found and not cuts:  # too many ways to cut to try them all
            self.problems.append(TableProblem("ambiguous-split", row.key, line, f"{len(tokens)}/{width}: {printed}"))
        elif cuts:
            if not self._unordered(row, cuts[0], line):  # every cut meets the identities: are they the row's?
                self.ambiguous[row.key] = (cuts, line, f"{len(tokens)}/{width}: {printed}")
        else:
            self.problems.append(TableProblem("short-row", row.key, line, f"{len(tokens)}/{width}: {printed}"))
        self._seen_tokens(tokens)

    def _merged(self, row: RowSpec, tokens: list[Token], line: int, width: int) -> None:
        """A printed row with cells of several numbers (``| 2932 | 53 0 | 0 | 61 4 |``): a
        converter merged cells of the table, so where each cell stands in the row says nothing,
        and its empty cells are not the row's blanks. Its numbers, in order, are its cells when
        there are as many as the row has columns (none is then blank) and nothing else is
        printed among them; else the row is unread.

        A cell of digits spaced in threes (``4 103``) is one number or two: the reading that
        gives the row its width is taken only where the row's identities prove it."""
        printed = [t for t in tokens if compact(t.text)]
        cut = [(p, t.line, len(found) > 1) for t in printed for found in [split_pieces(t.text)] for p in found]
        spaced = [t for t in printed if _SPACED_THOUSANDS.fullmatch(t.text.strip())]
        whole = [
            (p, t.line, len(found) > 1)
            for t in printed
            for found in [[t.text.strip()] if t in spaced else split_pieces(t.text)]
            for p in found
        ]
        constraints = self._constraints(row)
        fits = [
            reading
            for reading in ([cut, whole] if spaced else [cut])
            if len(reading) == width
            and all(is_value_like(p) and min_parts(p) == 1 for p, _, _ in reading)  # no 05: one number each
            and (not spaced or (constraints and _row_holds([p for p, _, _ in reading], constraints)))
        ]
        if len(fits) != 1:
            code = "ambiguous-split" if len(fits) > 1 else "short-row" if len(whole) < width else "too-many-cells"
            self._unread(code, row, line, tokens, width)
            return
        self._place(row, fits[0])  # (printed rows: never pdftotext's flowed text)

    def _unread(self, code: str, row: RowSpec, line: int, tokens: list[Token], width: int) -> None:
        """Leave the row unread: a problem ``code`` showing its tokens (how many of ``width``)."""
        printed = " | ".join(t.text for t in tokens)
        self.problems.append(TableProblem(code, row.key, line, f"{len(tokens)}/{width}: {printed}"))
        self._seen_tokens(tokens)

    def _proven_by_count(self, row: RowSpec) -> bool:
        """In text a PDF gave without its layout, a row read by count must meet its identities
        (:meth:`_unordered`): a number read in pieces there breaks them, so a row with an
        identity need not be refused for pieces it may not have."""
        return self.region.flowed and bool(self._constraints(row))

    def _unordered(self, row: RowSpec, texts: list[str], line: int) -> bool:
        """In text a PDF gave without its layout, one block per cell (``pdftotext`` without
        ``-layout``), the cells after a label are in the order of the blocks, which is not
        always the table's: a number of the row above printed after this row's label, a header
        word among the numbers, a full-width number wrapped in two. A row read by count there
        stands only when its texts are each one value (not two blocks on one line) and meet
        the row's identities; else it is reported (``unordered-row``), not filled."""
        if not self.region.flowed:
            return False
        constraints = self._constraints(row)
        if (
            # after a label with no cell, each row's numbers may be the row above's, printed
            # after the next label, and so on down the table
            not self._after_empty
            and all(_one_value(t) for t in texts)
            and (not constraints or _row_holds(texts, constraints))
            # below a row left unread (some of its numbers printed further on), a row of zeros
            # meets any identity whichever rows its zeros are: its blank cells may be among them
            and not (self._after_unread and not _any_nonzero(texts))
        ):
            return False
        printed = " | ".join(texts)
        width = len(texts)  # called with exactly a row's width of texts
        self.problems.append(TableProblem("unordered-row", row.key, line, f"{width}/{width}: {printed}"))
        return True

    def _either_end(self, row: RowSpec, tokens: list[Token], width: int) -> list[Token]:
        """Cells to spare, empty ones first and a number last (not in one printed row): the
        empty ones are the label's merged columns, or the row's own blank cells with a number
        after the row (a page number). The row's identities decide when exactly one of the two
        readings fits them; else the tokens stay as they are (too many: a problem)."""
        spare = len(tokens) - width
        if any(compact(t.text) for t in tokens[:spare]) or not compact(tokens[-1].text):
            return tokens
        if not is_value_like(tokens[-1].text):
            return tokens  # words after the row: what follows it, as the caller sees
        constraints = self._constraints(row)
        merged, own = tokens[spare:], tokens[:width]
        fits = [c for c in (merged, own) if constraints and _row_holds([t.text for t in c], constraints)]
        if fits == [merged]:
            return merged
        if fits == [own]:
            self._trailing(tokens[width:], row.key)  # the number after the row: no column of it
            return own
        return tokens

    def _grid_phantoms(self, row: RowSpec, tokens: list[Token], width: int) -> list[Token] | None:
        """A full-grid row with empty cells at both ends: the label's merged columns stand
        before the values, unless dropping them would drop a cell the author printed (a blank
        written as a non-breaking or ideographic space: a converter prints nothing for a merged
        column) or only the other reading meets the row's identities. When the two readings
        differ and nothing decides, None: which cells are the row's is unknown."""
        lead = trim_phantoms(tokens, width, leading_first=True)
        trail = trim_phantoms(tokens, width)
        if lead == trail:
            return lead
        readings = [r for r in (lead, trail) if not _drops_printed(tokens, r)]
        if len(readings) == 1:
            return readings[0]
        constraints = self._constraints(row)
        fits = [r for r in readings if constraints and _row_holds([t.text for t in r], constraints)]
        return fits[0] if len(fits) == 1 else None

    def _under_headers(self, row: RowSpec, tokens: list[Token]) -> list[Token] | None:
        """In a full grid, the cells that stand under the row's column headers, when each of its
        block's headers was printed once, in its own column, in the header rows above."""
        index = self._cell_index
        labels = [strip_note(fold(c.label)) for c in self.spec.columns_of(row.key)]
        if len(set(labels)) != len(labels):
            return None  # 表四 repeats 结果维持 … per group: no single column to look under
        found: dict[str, int] = {}
        for start, text in self._headers:
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

    @functools.cached_property
    def _headers(self) -> list[tuple[int, str]]:
        """(start, folded text) of the cells outside the chosen labels: headers, if any."""
        return [
            (t.start, _header_text(t.text))
            for t in self.region.tokens
            if t.row is not None and t.text and not self.labelled.overlapping(t.start, t.end)
        ]

    def _full_grid_row(self, tokens: list[Token]) -> bool:
        """The tokens are one pipe row with as many cells as most rows of the table: a grid
        with a cell for every column (a converter's rendering of merged cells)."""
        if not self.region.cell_rows:
            return False
        rows = {t.row for t in tokens}
        if len(rows) != 1 or None in rows:
            return False
        widths, common, shared = self._grid
        (row,) = rows
        return shared >= _GRID_ROWS and shared * 2 >= len(widths) and row is not None and widths.get(row) == common

    @functools.cached_property
    def _grid(self) -> tuple[dict[int, int], int, int]:
        """The width of each printed row, the most common width and how many rows have it."""
        widths = self.region.row_widths()
        counts = list(widths.values())
        common = max(set(counts), key=counts.count)
        return widths, common, counts.count(common)

    def _trailing(self, tokens: list[Token], key: str | None) -> None:
        """What follows a row's cells: rows the template lacks (a label, then cells), else numbers
        with no column to go to."""
        if not tokens:  # most rows: nothing follows their cells
            return
        label: Token | None = None
        cells: list[Token] = []
        for token in [*tokens, None]:
            if token is None or (compact(token.text) and not is_value_like(token.text)):
                if label is not None and any(compact(t.text) for t in cells):
                    self.extras.append(ExtraRow(label_text(label.text), tuple(t.text for t in cells), label.line))
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
        key = row.key
        value: Number | None
        for (col, kind, col_unit), (text, line, recovered) in zip(_columns(self.spec, key), texts, strict=True):
            if (
                kind == "count"
                and text.isdigit()
                and text.isascii()
                and len(text) < _PLAIN_COUNT
                and (len(text) == 1 or text[0] != "0")
            ):
                # what read_as makes of a plain count, without filling its cache with every number
                state, value, unit = _NUMBER, int(text), None
            else:
                state, value, unit = read_as(text, kind, col_unit)
            out.append(Cell(key, col, text, state, value, line, unit, recovered))
        if texts:
            self._seen(max(map(_LINE, texts)), None)
        self.cells[key] = out

    @functools.cached_property
    def _in_column_checks(self) -> set[str]:
        """Rows the identities of the whole table (results total, balance) hold cells of."""
        checks = [c for c in self.template.identity_checks if c.table == self.spec.id and c.over == "columns"]
        return {key for c in checks for key, _ in (*c.lhs, *c.rhs)}

    def _constraints(self, row: RowSpec) -> tuple[Constraint, ...]:
        return _row_constraints(self.template, self.spec.id, row.key)

    # -- 4. cuts the whole table proves --------------------------------------------------------

    def _resolve(self) -> None:
        """Rows with several possible cuts: the one combination the table's identities allow."""
        if not self.ambiguous:
            return
        keys = list(self.ambiguous)
        checks = [c for c in self.template.identity_checks if c.table == self.spec.id and c.over == "columns"]
        combos = list(itertools.islice(itertools.product(*(self.ambiguous[k][0] for k in keys)), _MAX_COMBINATIONS + 1))
        placed = self._placed_values()
        fitting = [] if len(combos) > _MAX_COMBINATIONS else [c for c in combos if self._holds(placed, keys, c, checks)]
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

    def _placed_values(self) -> dict[tuple[str, str], int]:
        """The whole numbers of the cells placed so far, by (row, column)."""
        values: dict[tuple[str, str], int] = {}
        for key, row_cells in self.cells.items():
            for cell in row_cells:
                if isinstance(cell.value, int):
                    values[key, cell.col] = cell.value
        return values

    def _holds(
        self,
        placed: dict[tuple[str, str], int],
        keys: list[str],
        combo: tuple[list[str], ...],
        checks: Sequence[IdentityCheck],
    ) -> bool:
        values = dict(placed)
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
        rows_axis, columns_axis, money = _axes(self.spec)
        place = _leaf_order(self.spec)
        grid = tuple(c for key in place for c in self.cells.get(key, ()))
        rows = tuple(sorted((r for r in self.rows.values() if r.key in place), key=lambda r: place[r.key]))
        if self.placeholders:
            words = " | ".join(dict.fromkeys(t.text for t in self.placeholders))
            self.problems.append(TableProblem("converter-header", None, self.placeholders[0].line, words))
        return Table(
            id=self.spec.id,
            numeral=self.spec.numeral,
            template=self.template.version,
            rows_axis=rows_axis,
            columns_axis=columns_axis,
            money_columns=money,
            grid=grid,
            rows=rows,
            extra_rows=tuple(self.extras),
            problems=tuple(self.problems),
            layout=layout,
            start_line=start,
            end_line=min(end, self.last_line) if self.last_line is not None else end,
        )


@once_per_spec  # the same for every report
def _row_constraints(template: Template, table: str, row: str) -> tuple[Constraint, ...]:
    """The row's identities as constraints on its own cells (places among its columns)."""
    index = {c.key: i for i, c in enumerate(template.tables[table].columns_of(row))}
    return tuple(
        (tuple(index[c] for _, c in check.lhs), tuple(index[c] for _, c in check.rhs))
        for check in template.row_constraints(table, row)
    )


@once_per_spec
def _columns(spec: TableSpec, row: str) -> tuple[tuple[str, str, str | None], ...]:
    """(key, kind, unit) of each column of the row: what reading a cell of it depends on."""
    return tuple((c.key, c.kind, c.unit) for c in spec.columns_of(row))


@once_per_spec  # the same for every report: one Axis of each, whose labels are indexed once
def _axes(spec: TableSpec) -> tuple[Axis, Axis, frozenset[str]]:
    """The table's rows and columns with their canonical labels, and its money columns."""
    rows = Axis(tuple((r.key, r.label) for r in spec.leaf_rows))
    columns = Axis(tuple((c.key, spec.column_label(c)) for c in spec.columns))
    return rows, columns, frozenset(c.key for c in spec.columns if c.kind == "money")


@once_per_spec
def _leaf_order(spec: TableSpec) -> dict[str, int]:
    """Each row that carries numbers by its place among them."""
    return {r.key: i for i, r in enumerate(spec.leaf_rows)}


@once_per_spec
def _row_order(spec: TableSpec) -> dict[str, int]:
    """Each row's place in the template."""
    return {r.key: i for i, r in enumerate(spec.rows)}


@functools.lru_cache(maxsize=8192)
def _piece_role(text: str) -> tuple[bool, bool]:
    """Whether a piece of text is a converter's placeholder header (类别, 数据1 …), and whether
    it says anything beyond punctuation (the same few texts recur in every table)."""
    folded = fold(text)
    return _CONVERTER_HEADER_RE.match(folded) is not None, bool(folded) and not set(folded) <= _PUNCTUATION


@functools.lru_cache(maxsize=8192)
def _header_text(text: str) -> str:
    return strip_note(fold(text))


def _row_holds(texts: Sequence[str], constraints: Sequence[Constraint]) -> bool:
    """Whether the cells ``texts`` satisfy the row's identities (a blank or a dash is 0; a
    cell that is no whole number satisfies none)."""
    values: list[int] = []
    for text in texts:
        state, value, _ = read_as(text, "count", None)
        if state in (CellState.BLANK, CellState.DASH):
            value = 0
        if not isinstance(value, int):
            return False
        values.append(value)
    return all(sum(values[i] for i in lhs) == sum(values[i] for i in rhs) for lhs, rhs in constraints)


def _wrapped_pieces(stream: Sequence[Item]) -> list[Token]:
    """Two numbers after a row's label, one on the line after the other, the first ending and
    the second beginning with a full-width digit: maybe pieces of one number wrapped in its
    cell, in text a PDF gave (an ASCII number does not wrap there; a full-width one can, at any
    digit). The two, or nothing."""
    values = [t for t in stream if isinstance(t, Token) and compact(t.text) and is_value_like(t.text)]
    for first, second in itertools.pairwise(values):
        a, b = first.text.strip(), second.text.strip()
        if first.line != second.line and a[-1] in FULL_WIDTH_DIGITS and b[0] in FULL_WIDTH_DIGITS:
            return [first, second]
    return []


def _one_value(text: str) -> bool:
    """``text`` reads as one value (a number, a blank or a dash), not two blocks on one line
    (``0 １``: a 0 and the first piece of a wrapped １８)."""
    return is_value_like(text) and read_as(text, "money", None)[0] is not CellState.TEXT


def _any_nonzero(texts: Sequence[str]) -> bool:
    return any(read_as(text, "count", None)[1] not in (None, 0) for text in texts)


def _drops_printed(tokens: Sequence[Token], kept: Sequence[Token]) -> bool:
    """Whether ``kept`` leaves out a token with printed text (a space other than the plain one)."""
    ids = {id(t) for t in kept}
    return any(t.text and id(t) not in ids for t in tokens)


def _past_header_padding(stream: list[Item]) -> list[Token]:
    """The tokens of an unlabelled row: from the first value on, less the empty cells that pad
    merged header cells (a copy of the grid as text: ``行政复议→→→→→行政诉讼``, or a merged
    cell's continuation printed as an empty line), which stand before a header with no value
    between; a note or a stray word before the numbers is left out too."""
    tokens: list[Token] = []
    for item in stream:
        if isinstance(item, Marker):
            if not any(compact(t.text) for t in tokens):  # only empty cells so far: a header's padding
                tokens = []
        elif tokens or is_value_like(item.text):
            tokens.append(item)
    return tokens


def _kind(found: Found) -> str:
    return "alias" if found.kind in ("bare", "short") else found.kind


def align(
    template: Template,
    table_id: str,
    lines: Sequence[str],
    numbers: Sequence[int],
    layout: str,
    pdf_text: bool = False,
) -> Table:
    """Read the table ``table_id`` of ``template`` from the lines of its region; ``pdf_text``:
    the text was taken from a PDF by a converter that marks pages with form feeds."""
    stream = region(lines, numbers, pdf_text, layout)
    reader = _Reader(template, template.tables[table_id], stream)
    reader.read()
    return reader.table(layout, numbers[0] if numbers else 1, numbers[-1] if numbers else 1)
