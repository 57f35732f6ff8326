"""Output writers: one function per format, from LintResults to text."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from govlint.model import TABLE_IDS, Document
from govlint.model.result import LintResult


def text(results: Sequence[LintResult], failed: int = 0) -> str:
    """``path:line:col: CODE name message`` per finding, then a summary; ``failed`` inputs
    could not be read, and the summary says so."""
    out = []
    for result in results:
        for f in sorted(result.findings, key=lambda f: (f.location.sort_key, f.code)):
            loc = f.location
            where = f"{loc.path}:{loc.where()}"
            out.append(f"{where}: {f.code} {f.rule} [{f.severity.value}] {f.message} {f.message_en}")
    counts = Counter(f.severity.value for r in results for f in r.findings)
    total = sum(counts.values())
    files = len(results)
    unread = f" {failed} input(s) could not be read." if failed else ""
    if total:
        detail = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
        out.append(f"Found {total} finding(s) in {files} file(s) ({detail}).{unread}")
    else:
        out.append(f"No findings in {files} file(s).{unread}")
    return "\n".join(out) + "\n"


def json_array(results: Sequence[LintResult]) -> str:
    """A JSON array of findings (the fields of ``Finding.to_dict``)."""
    return json.dumps([f.to_dict() for r in results for f in r.findings], ensure_ascii=False, indent=1) + "\n"


def document_csv(document: Document) -> str:
    """One row per table cell: table, row, col, raw, state, value, line, row_key, col_key."""
    frames = [t.cells.assign(table=tid) for tid, t in document.tables.items()]
    columns = ["table", "row", "col", "raw", "state", "value", "line", "row_key", "col_key", "where"]
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
