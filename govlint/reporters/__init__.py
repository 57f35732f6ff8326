"""Output writers: one function per format, from LintResults to text."""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

import attrs
import pandas as pd

from govlint.discovery import WEB_PAGE_SUFFIXES
from govlint.model import TABLE_IDS, Document, Finding, printable
from govlint.model.names import visible
from govlint.model.result import LintResult, install_text

if TYPE_CHECKING:  # rich is imported by the text report only: machine formats start without it
    from rich.console import Console
    from rich.text import Text

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def default_lang(configured: str | None = None) -> str:
    """The language of text output: the settings', else the locale's (``zh`` for a Chinese
    or unset locale, ``en`` for any other), else ``zh``."""
    if configured in ("zh", "en"):
        return configured
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith(("C.", "POSIX.")):
            return "zh" if value.lower().startswith("zh") else "en"
    return "zh"


def text(
    results: Sequence[LintResult],
    failed: int = 0,
    *,
    lang: str | None = None,
    color: bool = False,
    show_fixes: bool = False,
    quiet: bool = False,
) -> str:
    """The findings grouped by file, a line each (``path:line:col: CODE name [severity] message``,
    ``[*]`` when ``--fix`` can fix it), in one language, then a summary; ``failed`` inputs could
    not be read, and the summary says so. ``color`` styles it for a terminal (rich).

    The same text, written as files finish: :func:`text_findings` for each file, a blank line
    between two files when the first had findings, then :func:`text_tail`.
    """
    language = default_lang(lang)
    parts = []
    for i, result in enumerate(results):
        block = text_findings(result, language, color)
        parts.append(block + ("\n" if block and i < len(results) - 1 else ""))
    parts.append(text_tail(results, failed, lang=language, color=color, show_fixes=show_fixes, quiet=quiet))
    return "".join(parts)


def text_findings(result: LintResult, lang: str, color: bool = False) -> str:
    """One file's findings, a line each, in place order (empty when it has none)."""
    from rich.text import Text

    if not result.findings:
        return ""
    console = _console(color)  # one print for the file: each print costs as much as a line
    lines = (_finding_line(f, lang) for f in sorted(result.findings, key=lambda f: (f.location.sort_key, f.code)))
    console.print(Text("\n").join(lines))
    return str(console.file.getvalue())  # type: ignore[attr-defined]


@attrs.define
class Tally:
    """What the summary of a text report needs, gathered file by file so that a run that
    streams its findings keeps no finding in memory. ``keep_fixes`` keeps the lines of
    ``--show-fixes``."""

    lang: str
    keep_fixes: bool = False
    files: int = 0
    severities: Counter[str] = attrs.Factory(Counter)
    fixable: int = 0
    fixes: list[str] = attrs.Factory(list)
    ok: bool = True  # no file has a finding at or above its failing severity

    def add(self, result: LintResult) -> None:
        self.files += 1
        self.ok = self.ok and result.ok
        self.severities.update(f.severity.value for f in result.findings)
        for f in sorted(result.findings, key=lambda f: (f.location.sort_key, f.code)):
            if f.fix is not None and _fixable(f):
                self.fixable += 1
                if self.keep_fixes:
                    self.fixes.append(f"{_place(f, self.lang)}: {f.code} {f.rule}: {f.fix.description}")


def text_tail(
    results: Sequence[LintResult] | Tally,
    failed: int = 0,
    *,
    lang: str,
    color: bool = False,
    show_fixes: bool = False,
    quiet: bool = False,
) -> str:
    """What follows the findings: the fixes ``--fix`` applies (``show_fixes``), and the summary."""
    from rich.text import Text

    tally = results if isinstance(results, Tally) else _tally(results, lang, show_fixes)
    console = _console(color)
    if show_fixes and tally.fixes:
        console.print(Text("Fixes --fix applies:" if lang == "en" else "--fix 可自动修复：", style="bold"))
        for line in tally.fixes:
            console.print(Text("  " + line))
    if not quiet:
        console.print(Text(_summary(tally, failed)))
    return str(console.file.getvalue())  # type: ignore[attr-defined]


def _tally(results: Sequence[LintResult], lang: str, keep_fixes: bool) -> Tally:
    tally = Tally(lang, keep_fixes)
    for result in results:
        tally.add(result)
    return tally


def _console(color: bool) -> Console:
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        width=100_000,
        soft_wrap=True,
    )


def _place(f: Finding, lang: str) -> str:
    where = f.location.place(lang)
    return (
        f"{f.location.path}{where}"
        if where.startswith("#")
        else f"{f.location.path}:{where}"
        if where
        else f.location.path
    )


_REWRITTEN = frozenset({"text", "html"})  # the kinds of file --fix rewrites
_NOT_REWRITTEN = frozenset({".pdf", ".docx", *WEB_PAGE_SUFFIXES})  # a web page read as text too


def _fixable(f: Finding) -> bool:
    """Whether ``--fix`` may apply the finding's fix: it has one, in a file --fix rewrites (a
    PDF's or a DOCX's fixes are shown by --show-fixes, never applied)."""
    if f.fix is None or not f.fix.changes:
        return False
    origin = f.location.origin
    if origin is not None:
        return origin.kind in _REWRITTEN
    return PurePath(f.location.path).suffix.lower() not in _NOT_REWRITTEN


def _finding_line(f: Finding, lang: str) -> Text:
    from rich.text import Text

    line = Text()
    line.append(visible(_place(f, lang)) + ":", style="bold")
    line.append(f" {f.code} ", style=_SEVERITY_STYLE[f.severity.value])
    line.append(f"{f.rule} [{f.severity.value}]")
    if _fixable(f):
        line.append(" [*]", style="bold cyan")
    line.append(" " + visible(f.message if lang == "zh" else f.message_en))  # a report's leftovers, shown
    return line


def _summary(tally: Tally, failed: int) -> str:
    counts = tally.severities
    total = sum(counts.values())
    unread = f" {failed} input(s) could not be read." if failed else ""
    if not total:
        return f"No findings in {tally.files} file(s).{unread}"
    detail = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
    fix = f" {tally.fixable} fixable with --fix." if tally.fixable else ""
    return f"Found {total} finding(s) in {tally.files} file(s) ({detail}).{fix}{unread}"


def printable_result(result: LintResult) -> LintResult:
    """``result`` with a file name that is not UTF-8 written with its bytes escaped
    (:func:`govlint.model.printable`), as every output but SARIF shows it."""
    path = printable(result.path)
    if path == result.path:
        return result
    findings = tuple(attrs.evolve(f, location=attrs.evolve(f.location, path=path)) for f in result.findings)
    return attrs.evolve(result, path=path, findings=findings)


STREAMED = ("text", "json", "jsonl", "github")  # the formats written file by file, as each file finishes


def streamed(result: LintResult, fmt: str, lang: str, color: bool = False) -> str:
    """What a run that streams ``fmt`` (one of :data:`STREAMED`) writes for one file: its
    findings, without the blank line between files or the summary of the text report."""
    from govlint.reporters import ci

    result = printable_result(result)
    if fmt == "text":
        return text_findings(result, lang, color)
    if fmt == "json":
        return json_items(result)
    return ci.jsonl([result]) if fmt == "jsonl" else ci.github([result])


def json_array(results: Sequence[LintResult]) -> str:
    """A JSON array of findings (the fields of ``Finding.to_dict``), one space of indent a level."""
    items = [part for part in map(json_items, results) if part]
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


def json_items(result: LintResult) -> str:
    """One file's findings as :func:`json_array` prints them inside the array (each a level
    in, joined by ``,`` and a line break; "" for none), so that files can be written as they
    finish. Every line break of JSON text is between tokens (one in a string is ``\\n``): a
    space after each is the array's level."""
    return ",\n".join(
        " " + json.dumps(f.to_dict(), ensure_ascii=False, indent=1).replace("\n", "\n ") for f in result.findings
    )


def document_csv(document: Document) -> str:
    """One row per table cell: table, row, col, raw, state, value, line, row_key, col_key,
    where, recovered."""
    frames = [t.cells.assign(table=tid) for tid, t in document.tables.items()]
    columns = ["table", "row", "col", "raw", "state", "value", "line", "row_key", "col_key", "where", "recovered"]
    frames = [f.assign(where=[where_in_file(document, line) for line in f["line"]]) for f in frames]
    frame = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    return str(frame.to_csv(index=False, lineterminator="\n"))


def where_in_file(document: Document, line: object) -> str:
    """The cell's place in the original file: ``12:5`` for text and HTML, else page/paragraph/cell."""
    number = None if line is None or pd.isna(line) else int(line)  # type: ignore[call-overload]
    origin = document.origin(number)
    if origin is None:
        return f"{number}:0" if number is not None else ""
    return f"{origin.line}:{origin.column or 0}" if origin.has_lines else origin.describe()


def document_text(document: Document) -> str:
    """A short human summary of a parsed document."""
    date = document.publication_date
    lines = [
        f"{document.source}",
        f"  机关 organ     {document.organ or '—'}",
        f"  年度 year      {document.year or '—'}",
        f"  格式 template  {document.template or '—'}",
        f"  发布 published {date.isoformat() if date else '—'}",
        "  章节 sections  " + (" ".join(f"{s.numeral}@{s.line}" for s in document.sections) or "—"),
    ]
    for table_id in TABLE_IDS:
        table = document.tables.get(table_id)
        if table is None:
            lines.append(f"  {table_id}: not found")
            continue
        states = table.cells["state"].value_counts().to_dict() if len(table) else {}
        summary = ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
        missing = f"; missing rows: {', '.join(table.missing_rows)}" if table.missing_rows else ""
        span = f"lines {table.start_line}-{table.end_line}"
        lines.append(f"  {table_id} (表{table.numeral}), {span}: {len(table)} cells ({summary}){missing}")
    for note in document.notes:
        lines.append(f"  note [{note.code}] {note.message} {note.message_en}")
    return "\n".join(lines) + "\n"


install_text(lambda result: text([result]))
