"""Applying safe fixes to a report file: ``govlint check --fix`` and ``--diff``.

Only edits that rules attach to findings (:class:`~govlint.model.Fix`) are applied, and only
where they are safe:

* text files are rewritten line by line; HTML pages only where an edit's text stands
  verbatim at its place in the source (a label, a leftover entity) — never whole lines, which
  in HTML are markup; DOCX and PDF are reported, not rewritten;
* no edit touches a line that holds a table cell with a number (a total may depend on it);
* two fixes that touch the same line are not both applied (the later waits for a second run);
* the file is decoded and encoded with its own encoding (a BOM stays) and keeps its line
  endings; if that round trip would change any byte, nothing is written;
* the new file is written beside the old one and renamed over it, so it is never half written.

Every byte outside the fixed spans stays as it was, and fixing a fixed file changes nothing.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from govlint.files import atomic_write
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


MAX_PASSES = 10


def fix_file(path: str | os.PathLike[str], lint: Callable[[Document], Sequence[Finding]], *, write: bool) -> Outcome:
    """Apply the safe fixes ``lint`` finds in the file at ``path``, again and again until
    nothing more is fixed (a cell written 0 can let the totals prove the next one), then write
    the file once, atomically. ``write=False`` only computes the outcome (``--diff``)."""
    name = str(path)
    original = data = Path(path).read_bytes()
    fixed: list[Finding] = []
    skipped: tuple[tuple[Finding, str], ...] = ()
    encoding = None
    for _ in range(MAX_PASSES):
        document = parse_bytes(data, name)
        encoding = document.encoding
        new, done, skipped = fix_bytes(data, document, lint(document))
        fixed += done
        if new == data:
            break
        data = new
    if not fixed or encoding is None:
        return Outcome(name, skipped=skipped)
    remaining = {f.fingerprint for f in lint(parse_bytes(data, name))}
    fixed = list({f.fingerprint: f for f in fixed if f.fingerprint not in remaining}.values())
    before, after = original.decode(encoding), data.decode(encoding)
    if write and data != original:
        if Path(path).read_bytes() != original:  # someone saved the file meanwhile: theirs wins
            raise OSError(errno.EAGAIN, "the file changed while it was being fixed; run --fix again", name)
        atomic_write(Path(path).resolve(), data)  # through a symbolic link, to the file it names
    return Outcome(name, tuple(fixed), skipped, before, after, written=write and data != original)


def fix_bytes(
    data: bytes, document: Document, findings: Sequence[Finding]
) -> tuple[bytes, list[Finding], tuple[tuple[Finding, str], ...]]:
    """One pass: ``data`` with the safe fixes of ``findings`` applied, the findings fixed, and
    the fixes not applied with the reason."""
    with_fix = [f for f in findings if f.fix is not None and f.fix.changes]
    if not with_fix:
        return data, [], ()
    if document.kind not in ("text", "html") or document.encoding is None:
        why = f"{document.kind.upper()} files are reported, not rewritten"
        return data, [], tuple((f, why) for f in with_fix)
    try:
        text = data.decode(document.encoding)
    except (UnicodeDecodeError, LookupError):
        return data, [], tuple((f, "the file does not decode") for f in with_fix)
    if text.encode(document.encoding) != data:
        why = f"the file does not survive a round trip through {document.encoding}"
        return data, [], tuple((f, why) for f in with_fix)
    segments = _LINE_RE.findall(text)
    number_lines = {c.line for t in document.tables.values() for c in t if c.state == CellState.NUMBER}
    planned: dict[int, list[tuple[Edit, int | None]]] = {}  # source line → (edit, source column)
    fixed: list[Finding] = []
    skipped: list[tuple[Finding, str]] = []
    for finding in with_fix:
        assert finding.fix is not None
        placed, why = _place(document, finding.fix.changes, number_lines, segments)
        if placed is None:
            skipped.append((finding, why))
            continue
        if any(line in planned for line, _, _ in placed):
            skipped.append((finding, "another fix changes the same line; run --fix again"))
            continue
        for line, edit, column in placed:
            planned.setdefault(line, []).append((edit, column))
        fixed.append(finding)
    out = [segment if n not in planned else _apply(segment, planned[n]) for n, segment in enumerate(segments, 1)]
    after = "".join(out)
    if len(_LINE_RE.findall(after)) != sum(1 for o in out if o):
        # a deleted line between "\r" and "\n" would join them into one line break
        why = "deleting a line would merge the line endings around it (mixed CR and LF)"
        return data, [], (*skipped, *((f, why) for f in fixed))
    return after.encode(document.encoding), fixed, tuple(skipped)


def _place(
    document: Document, edits: Sequence[Edit], number_lines: set[int | None], segments: Sequence[str]
) -> tuple[list[tuple[int, Edit, int | None]] | None, str]:
    """Each edit's line (and column) in the file, or None and why it cannot be applied."""
    placed: list[tuple[int, Edit, int | None]] = []
    for edit in edits:
        if edit.line in number_lines:
            return None, "it would change a line that holds a number"
        if document.kind == "text" and document.origins:
            return None, "the file's long lines were read in pieces; fix it by hand"
        if document.kind == "text":
            line, column = edit.line, edit.column
            if not 1 <= line <= len(segments) or _content(segments[line - 1]) != document.lines[line - 1]:
                return None, "the file changed since it was read"
        else:
            origin = document.origin(edit.line)
            if edit.whole_line or origin is None or origin.line is None or not edit.old:
                return None, "in HTML only text that stands verbatim in the page is fixed"
            line = origin.line
            if not 1 <= line <= len(segments):
                return None, "the file changed since it was read"
            start = (origin.column or 1) - 1
            source = segments[line - 1]
            end = source.find("</", start)
            element = source[start : end if end >= 0 else len(source)]
            if any(c in edit.old for c in "&<>") or element.count(edit.old) != 1:
                # what the page shows is not what its source says (entities), or it is ambiguous
                return None, "the text does not stand verbatim, once, in its element of the page's source"
            column = start + element.index(edit.old) + 1
            placed.append((line, edit, column))
            continue
        placed.append((line, edit, column))
    return placed, ""


def _content(segment: str) -> str:
    return segment.rstrip("\r\n")


def _apply(segment: str, edits: list[tuple[Edit, int | None]]) -> str:
    if any(edit.whole_line for edit, _ in edits):
        return ""
    content = _content(segment)
    ending = segment[len(content) :]
    # right to left, so that earlier columns stay valid
    for edit, column in sorted(edits, key=lambda e: -(e[1] or 0)):
        start = (column - 1) if column is not None else content.find(edit.old)
        if start < 0 or content[start : start + len(edit.old)] != edit.old:
            continue
        content = content[:start] + edit.new + content[start + len(edit.old) :]
    return content + ending
