"""What a rule sees while it runs, and the one way it makes a finding."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from govlint.budget import DEFAULT, clip
from govlint.model import Document, Edit, Finding, Fix, Location, Severity, Table
from govlint.parse.layout import is_separator
from govlint.templates import Template, get_template

T = TypeVar("T")


@attrs.define
class Context:
    document: Document
    template: Template | None
    code: str
    name: str
    severity: Severity
    path: str
    shared: dict[str, Any] = attrs.Factory(dict)  # one run's memo, shared by every rule

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Compute once per run what several rules need (e.g. the identity verdicts)."""
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]  # type: ignore[no-any-return]

    def table(self, table_id: str) -> Table | None:
        return self.document.tables.get(table_id)

    def delete_lines(self, numbers: Sequence[int]) -> tuple[Edit, ...]:
        """Edits that delete whole lines; where a deleted line stands between two blank lines,
        one of them goes too, so that cells separated by one blank line stay so."""
        lines = self.document.lines
        gone = set(numbers)
        extra: set[int] = set()
        ordered = sorted(gone)
        # each run of consecutive lines once (not once per line, walking the run each time)
        firsts = [n for i, n in enumerate(ordered) if i == 0 or ordered[i - 1] != n - 1]
        lasts = [n for i, n in enumerate(ordered) if i + 1 == len(ordered) or ordered[i + 1] != n + 1]
        for first, last in zip(firsts, lasts, strict=True):
            before, after = first - 1, last + 1
            inside = before >= 1 and after <= len(lines)
            blank_around = inside and is_separator(lines[before - 1]) and is_separator(lines[after - 1])
            if blank_around and not {before, after} & extra:
                extra.add(after)
        return tuple(Edit(n, lines[n - 1], "", whole_line=True) for n in sorted(gone | extra))

    def place(self, line: int | None) -> tuple[str, str]:
        """How a message names 1-based ``line`` of the document: ``("第12行", "line 12")`` for
        text, the file's own line for HTML, ``("第3页第14行", "page 3, line 14")`` for PDF and
        ``("第5段", "paragraph 5")`` for DOCX."""
        origin = self.document.origin(line)
        if origin is None:
            return f"第{line}行", f"line {line}"
        if origin.has_lines:
            return f"第{origin.line}行", f"line {origin.line}"
        return origin.describe("zh"), origin.describe("en")

    def places(self, lines: Sequence[int]) -> tuple[str, str]:
        """Several lines named at once: ``("第1-3、5行", "lines 1-3, 5")`` for text."""
        if not self.document.origins:
            ranges = _ranges(lines)
            return f"第{'、'.join(ranges)}行", f"line{'s' if len(lines) > 1 else ''} {', '.join(ranges)}"
        named = [self.place(n) for n in lines]
        return "、".join(dict.fromkeys(zh for zh, _ in named)), ", ".join(dict.fromkeys(en for _, en in named))

    def row_label(self, table: Table, key: str) -> str:
        """The canonical label of the template row ``key`` of ``table``: a row of cells from the
        table's row axis, a group row (（六）其他处理, where a subtotal may be printed) from the
        template."""
        label = table.rows_axis.get(key)
        return get_template(table.template).tables[table.id].row(key).label if label is None else label

    def finding(
        self,
        message: str,
        message_en: str,
        *,
        line: int | None = None,
        column: int | None = None,
        section: str | None = None,
        table: str | None = None,
        row: str | None = None,
        col: str | None = None,
        expected: Any = None,
        actual: Any = None,
        cells: Sequence[tuple[str, str]] = (),
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of the running rule. ``row``, ``col`` and ``cells`` take template keys.

        ``section`` defaults to the table's section, else to the section the line stands in."""
        t = self.document.tables.get(table) if table else None
        if t is not None and line is None:
            line = self._line_of(t, row, col, cells)
        if section is None and t is not None:
            section = t.numeral
        if section is None and line is not None and (at := self.document.section_at(line)) is not None:
            section = at.numeral
        origin = self.document.origin(line, column)
        if origin is not None:  # the file's own place: its line (HTML) or page, paragraph, cell
            line, column = (origin.line, origin.column) if origin.has_lines else (None, None)
        return Finding(
            code=self.code,
            rule=self.name,
            severity=severity or self.severity,
            message=clip(message, DEFAULT.message_chars),  # quoted text is bounded, whatever a rule quotes
            message_en=clip(message_en, DEFAULT.message_chars),
            location=Location(
                path=self.path,
                line=line,
                column=column,
                section=section,
                table=table,
                row=self.row_label(t, row) if t is not None and row else row,
                col=t.columns_axis.label(col) if t is not None and col else col,
                origin=origin,
            ),
            expected=_clipped(expected),
            actual=_clipped(actual),
            cells=tuple((t.rows_axis.label(r), t.columns_axis.label(c)) for r, c in cells) if t is not None else (),
            fix=fix,
        )

    def _line_of(self, table: Table, row: str | None, col: str | None, cells: Sequence[tuple[str, str]]) -> int | None:
        if row and col and (cell := table.cell(row, col)) is not None:
            return cell.line
        if row:
            # The line of each row the table found (the first, when printed twice), once per
            # table: most findings of a row that name no one column look theirs up.
            lines = self.memo(f"row-lines:{table.id}", lambda: _row_lines(table))
            if row in lines:
                return lines[row]
        found = [c.line for r, k in cells if (c := table.cell(r, k)) is not None and c.line is not None]
        return min(found) if found else table.start_line


def _row_lines(table: Table) -> dict[str, int | None]:
    lines: dict[str, int | None] = {}
    for found in table.rows:
        lines.setdefault(found.key, found.line)
    return lines


def _clipped(evidence: Any) -> Any:
    """Evidence with every text in it cut to the evidence window (:func:`govlint.budget.clip`)."""
    if evidence is None or type(evidence) is int:
        return evidence  # most evidence: no text to cut
    if isinstance(evidence, str):
        return clip(evidence)
    if isinstance(evidence, list | tuple):
        return type(evidence)([_clipped(e) for e in evidence])
    return evidence


def _ranges(numbers: Sequence[int]) -> list[str]:
    """[1, 2, 3, 5] → ["1-3", "5"]."""
    out: list[list[int]] = []
    for n in numbers:
        if out and out[-1][-1] == n - 1:
            out[-1].append(n)
        else:
            out.append([n])
    return [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in out]
