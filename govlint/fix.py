"""Applying safe fixes to a report file: ``govlint check --fix`` and ``--diff``.

Only edits that rules attach to findings (:class:`~govlint.model.Fix`) are applied, and only
where they are safe:

* text files are rewritten line by line; HTML pages only where an edit's text stands
  verbatim at its place in the source (a label, a leftover entity) — never whole lines, which
  in HTML are markup; DOCX and PDF are reported, not rewritten;
* no edit touches a line that holds a statutory table's cell (a total may depend on it) or
  deletes a row label, whatever rule made it; only a fix about the cells of a line (a blank
  cell written 0) may write on it;
* fixes are applied pass after pass until a pass changes nothing; two fixes whose edits touch
  the same place are not both applied in one pass (the later waits for the next);
* every applied fix is a reported finding, applied whole, and each finding has a fingerprint
  of its own (identical findings are numbered), so the count said is the count done;
* the file is decoded and encoded with its own encoding (a BOM stays) and keeps its line
  endings; if that round trip would change any byte, nothing is written;
* the new file is written beside the old one and renamed over it (see
  :func:`govlint.files.atomic_write`), so it is never half written, and not at all if it
  changed since it was read.

Every byte outside the fixed spans stays as it was, and fixing a fixed file changes nothing.
"""

from __future__ import annotations

import difflib
import errno
import itertools
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath

import attrs

from govlint.budget import DEFAULT, Budget, OverBudget
from govlint.discovery import WEB_PAGE_SUFFIXES
from govlint.files import atomic_write, read_regular
from govlint.model import CellState, Document, Edit, Finding
from govlint.parse import parse_bytes

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@attrs.frozen
class Outcome:
    """What fixing one file did (or, for ``--diff``, would do)."""

    path: str
    fixed: tuple[Finding, ...] = ()
    skipped: tuple[tuple[Finding, str], ...] = ()  # (finding, why its fix was not applied)
    before: str = ""
    after: str = ""
    written: bool = False

    @property
    def diff(self) -> str:
        if self.before == self.after:
            return ""
        lines = [
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
            for line in _unified(_LINE_RE.findall(self.before), _LINE_RE.findall(self.after))
        ]
        return f"--- {self.path} (before)\n+++ {self.path} (fixed)\n" + "".join(lines)


def _unified(before: list[str], after: list[str], context: int = 3) -> list[str]:
    """The hunks of a unified diff, as ``diff -u`` makes them: only what changed, with
    ``context`` lines around it. ``difflib.unified_diff`` treats lines that recur (the ``0``
    and empty lines of a table) as junk it cannot anchor on, and merges distant changes into
    one long hunk; here no line is junk."""
    out = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in before[i1:i2]]
                continue
            out += ["-" + line for line in before[i1:i2]]
            out += ["+" + line for line in after[j1:j2]]
    return out


def _range(start: int, stop: int) -> str:
    """``start,length`` as unified diffs print a range (1-based; an empty range names the line before)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def fix_file(
    path: str | os.PathLike[str],
    lint: Callable[[Document], Sequence[Finding]],
    *,
    write: bool,
    budget: Budget = DEFAULT,
) -> Outcome:
    """Apply the safe fixes ``lint`` finds in the file at ``path``, pass after pass until a pass
    changes nothing (a cell written 0 can let the totals prove the next one), then write the
    file once, atomically. ``write=False`` only computes the outcome (``--diff``).

    Fixes that do not settle within ``budget.fix_passes`` passes raise :class:`OverBudget` and
    nothing is written: every pass is safe, but a file written half way would be changed again
    by the next ``--fix``, and a fix that never settles is a bug or a hostile file, not a report.
    A file that changed since it was read is not written (``OSError`` with ``EAGAIN``).
    """
    name = str(path)
    original, stamp = read_regular(path, budget.file_bytes)
    if len(original) > budget.file_bytes:
        raise OverBudget("file_bytes", budget.file_bytes)
    data = original
    fixed: list[Finding] = []
    skipped: tuple[tuple[Finding, str], ...] = ()
    encoding = None
    for passes in itertools.count():
        document = parse_bytes(data, name)
        encoding = document.encoding
        new, done, skipped = fix_bytes(data, document, lint(document))
        if new == data:
            break
        if passes == budget.fix_passes:
            raise OverBudget("fix_passes", budget.fix_passes)
        fixed += done
        data = new
    if not fixed or encoding is None or data == original:  # fixes that undid each other change nothing
        return Outcome(name, skipped=skipped)
    before, after = original.decode(encoding), data.decode(encoding)
    if write:
        # Theirs wins over ours: a save since the file was read (compared byte for byte here,
        # and on inode, size and times once more right before the rename) stops the write.
        if read_regular(path, budget.file_bytes)[0] != original:
            raise OSError(errno.EAGAIN, "the file changed while it was being fixed; run --fix again", name)
        atomic_write(Path(path), data, expect=stamp)  # through a symbolic link, to the file it names
    return Outcome(name, tuple(fixed), skipped, before, after, written=write)


def fix_bytes(
    data: bytes, document: Document, findings: Sequence[Finding]
) -> tuple[bytes, list[Finding], tuple[tuple[Finding, str], ...]]:
    """One pass: ``data`` with the safe fixes of ``findings`` applied, the findings fixed (each
    applied whole: every edit of its fix, and nothing else), and the fixes not applied with the
    reason. Fixes whose edits would touch the same place wait for the next pass."""
    with_fix = [f for f in findings if f.fix is not None and any(_changes(e) for e in f.fix.changes)]
    if not with_fix:
        return data, [], ()
    if document.kind not in ("text", "html") or document.encoding is None:
        why = f"{document.kind.upper()} files are reported, not rewritten"
        return data, [], tuple((f, why) for f in with_fix)
    if document.kind == "text" and PurePath(document.source).suffix.lower() in WEB_PAGE_SUFFIXES:
        # a page not read as HTML: its markup would be taken for text, and tags deleted as damage
        why = "a web page read as text is reported, not rewritten"
        return data, [], tuple((f, why) for f in with_fix)
    try:
        text = data.decode(document.encoding)
    except (UnicodeDecodeError, LookupError):
        return data, [], tuple((f, "the file does not decode") for f in with_fix)
    if text.encode(document.encoding) != data:
        why = f"the file does not survive a round trip through {document.encoding}"
        return data, [], tuple((f, why) for f in with_fix)
    segments = _LINE_RE.findall(text)
    guard = _TableLines.of(document)
    planned: dict[int, list[_Span]] = {}  # source line → the spans changed on it
    fixed: list[Finding] = []
    skipped: list[tuple[Finding, str]] = []
    for finding in with_fix:
        placed, why = _place(document, finding, guard, segments)
        if placed is None:
            skipped.append((finding, why))
            continue
        if any(_clashes(span, planned.get(span.line, ())) for span in placed):
            skipped.append((finding, "another fix changes the same place; it waits for the next pass"))
            continue
        for span in placed:
            planned.setdefault(span.line, []).append(span)
        fixed.append(finding)
    out = [segment if n not in planned else _apply(segment, planned[n]) for n, segment in enumerate(segments, 1)]
    after = "".join(out)
    if len(_LINE_RE.findall(after)) != sum(1 for o in out if o):
        # a deleted line between "\r" and "\n" would join them into one line break
        why = "deleting a line would merge the line endings around it (mixed CR and LF)"
        return data, [], (*skipped, *((f, why) for f in fixed))
    return after.encode(document.encoding), fixed, tuple(skipped)


def _changes(edit: Edit) -> bool:
    return edit.whole_line or edit.old != edit.new


@attrs.frozen
class _TableLines:
    """The lines of the Document that hold a statutory table's cells or row labels.

    A fix never touches them (one place for every rule): it would change how the table reads.
    The one exception is a fix about cells (a blank cell written 0) that names every cell on
    the line. In HTML these are the Document's lines (an element's text), not the page's
    source lines: in a page on one line every cell shares source line 1, and an HTML edit
    stays inside the element its Document line came from.
    """

    numbers: frozenset[int]
    cells: dict[int, frozenset[tuple[str, str, str]]]  # line → (table, row key, column key) of its cells
    keys: dict[tuple[str, str, str], tuple[str, str]]  # (table, row label, column label) → keys
    labels: frozenset[int]

    @classmethod
    def of(cls, document: Document) -> _TableLines:
        cells: dict[int, set[tuple[str, str, str]]] = {}
        numbers: set[int] = set()
        keys: dict[tuple[str, str, str], tuple[str, str]] = {}
        for table in document.tables.values():
            rows, cols = dict(table.rows_axis.items), dict(table.columns_axis.items)
            for cell in table:
                keys[table.id, rows.get(cell.row, cell.row), cols.get(cell.col, cell.col)] = (cell.row, cell.col)
                if cell.line is not None:
                    cells.setdefault(cell.line, set()).add((table.id, cell.row, cell.col))
                    if cell.state == CellState.NUMBER:
                        numbers.add(cell.line)
        labels = {r.line for t in document.tables.values() for r in t.rows if r.line is not None}
        return cls(frozenset(numbers), {k: frozenset(v) for k, v in cells.items()}, keys, frozenset(labels))

    def refuses(self, finding: Finding, edit: Edit) -> str:
        """Why ``edit`` of ``finding`` may not be made, or ``""``."""
        if edit.line in self.numbers:
            return "it would change a line that holds a number"
        held = self.cells.get(edit.line)
        if held is not None and (edit.whole_line or not held <= self._named(finding)):
            return "it would change a line that holds a table cell"
        if edit.whole_line and edit.line in self.labels:
            return "it would delete a row label of a table"
        return ""

    def _named(self, finding: Finding) -> set[tuple[str, str, str]]:
        """The cells ``finding`` is about, by keys (rules name them by key or by label)."""
        table = finding.location.table or ""
        return {(table, *self.keys.get((table, row, col), (row, col))) for row, col in finding.named_cells}


@attrs.frozen
class _Span:
    """A resolved edit: ``content[start:end]`` of a source line becomes ``new``; ``whole``
    deletes the line with its line ending."""

    line: int
    start: int
    end: int
    new: str
    whole: bool = False
    anchored: bool = True  # False: placed at the first occurrence, which another edit could move


def _clashes(span: _Span, others: Sequence[_Span]) -> bool:
    for other in others:
        if span.whole or other.whole or not (span.anchored and other.anchored):
            return True
        if span.start < other.end and other.start < span.end:
            return True
        if span.start == other.start:  # two insertions at one place: no order is right
            return True
    return False


def _place(
    document: Document, finding: Finding, guard: _TableLines, segments: Sequence[str]
) -> tuple[list[_Span] | None, str]:
    """Each edit of ``finding``'s fix as a span of the file's source, or None and why it
    cannot be applied. A span is only returned where the edit's old text stands."""
    assert finding.fix is not None
    placed: list[_Span] = []
    for edit in finding.fix.changes:
        why = guard.refuses(finding, edit)
        if why:
            return None, why
        if document.kind == "text" and _after_the_last_line(document, edit, segments):
            continue  # the empty line the document has after the file's last line break: no line to delete
        if document.kind == "text":
            span, why = _place_text(document, edit, segments)
        else:
            span, why = _place_html(document, edit, segments)
        if span is None:
            return None, why
        if _clashes(span, [p for p in placed if p.line == span.line]):
            return None, "its own edits overlap"
        placed.append(span)
    return placed, ""


def _after_the_last_line(document: Document, edit: Edit, segments: Sequence[str]) -> bool:
    return edit.whole_line and edit.line == len(segments) + 1 == len(document.lines) and not document.lines[-1]


def _place_text(document: Document, edit: Edit, segments: Sequence[str]) -> tuple[_Span | None, str]:
    if document.origins:
        return None, "the file's long lines were read in pieces; fix it by hand"
    line = edit.line
    if not 1 <= line <= len(segments) or _content(segments[line - 1]) != document.lines[line - 1]:
        return None, "the file changed since it was read"
    content = _content(segments[line - 1])
    if edit.whole_line:
        return _Span(line, 0, len(content), "", whole=True), ""
    start = edit.column - 1 if edit.column is not None else content.find(edit.old)
    if start < 0 or content[start : start + len(edit.old)] != edit.old:
        return None, "the text to change is not where the fix says"
    return _Span(line, start, start + len(edit.old), edit.new, anchored=edit.column is not None), ""


def _place_html(document: Document, edit: Edit, segments: Sequence[str]) -> tuple[_Span | None, str]:
    origin = document.origin(edit.line)
    if edit.whole_line or origin is None or origin.line is None or not edit.old:
        return None, "in HTML only text that stands verbatim in the page is fixed"
    line = origin.line
    if not 1 <= line <= len(segments):
        return None, "the file changed since it was read"
    start = (origin.column or 1) - 1
    source = _content(segments[line - 1])
    end = source.find("</", start)
    element = source[start : end if end >= 0 else len(source)]
    if any(c in edit.old for c in "&<>") or element.count(edit.old) != 1:
        # what the page shows is not what its source says (entities), or it is ambiguous
        return None, "the text does not stand verbatim, once, in its element of the page's source"
    begin = start + element.index(edit.old)
    return _Span(line, begin, begin + len(edit.old), edit.new), ""


def _content(segment: str) -> str:
    return segment.rstrip("\r\n")


def _apply(segment: str, spans: list[_Span]) -> str:
    if any(span.whole for span in spans):
        return ""
    content = _content(segment)
    ending = segment[len(content) :]
    for span in sorted(spans, key=lambda s: -s.start):  # right to left: earlier places stay valid
        content = content[: span.start] + span.new + content[span.end :]
    return content + ending
