"""Findings: one problem a rule found, as a value."""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from govlint.model.origin import Origin
from govlint.model.table import plain_number

# The encoder ``json.dumps(key, ensure_ascii=False, default=str)`` builds at every call, built
# once for the fingerprints: its ``encode`` is what that ``dumps`` returns.
_KEY_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@attrs.frozen
class Location:
    """Where a finding points: a span in the source and/or a place in the report's structure.

    ``line`` and ``column`` are the file's own for text and HTML; DOCX and PDF have no lines,
    so there they are None and ``origin`` says where to look (page and line, paragraph, or
    table, row and cell).
    """

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    section: str | None = None  # numeral 一…六
    table: str | None = None  # active_disclosure | applications | review_litigation
    row: str | None = None  # canonical row label
    col: str | None = None  # canonical column label
    origin: Origin | None = None  # the place in the original file (HTML, DOCX, PDF)

    @property
    def sort_key(self) -> tuple[int, ...]:
        """Reading order: by line for text and HTML, by page, paragraph or table otherwise."""
        o = self.origin
        if o is None or o.has_lines:
            return (self.line or 0, self.column or 0)
        return (o.text_line or 0, 0)

    def where(self, lang: str = "en") -> str:
        """``"12:5"`` for a file with lines, ``"page 3, line 14"`` otherwise, ``"0:0"`` when unknown."""
        if self.origin is not None and not self.origin.has_lines:
            return self.origin.describe("zh" if lang == "zh" else "en")
        return f"{self.line or 0}:{self.column or 0}"

    def place(self, lang: str = "en") -> str:
        """Where an editor or viewer can go, for console output: ``"12:5"`` (columns from 1) in a
        file with lines, ``"#page=3 (line 14)"`` in a PDF (what a PDF viewer opens at), the
        description of a DOCX place, ``""`` for the whole file."""
        origin = self.origin
        if origin is not None and not origin.has_lines:
            if origin.page is not None:
                line = f" (第{origin.line}行)" if lang == "zh" else f" (line {origin.line})"
                return f"#page={origin.page}" + (line if origin.line is not None else "")
            return origin.describe("zh" if lang == "zh" else "en")
        if self.line is None:
            return ""
        return f"{self.line}:{self.column or 1}"


@attrs.frozen
class Edit:
    """One change to one line of ``Document.lines``.

    ``old`` is replaced by ``new``, at ``column`` (1-based) when given, else at its first
    occurrence on the line. With ``whole_line`` the line is deleted, its line ending included.
    """

    line: int
    old: str
    new: str
    column: int | None = None
    whole_line: bool = False


@attrs.frozen
class Fix:
    """A safe fix: replace ``old`` at ``line`` with ``new``, or the ``edits`` when it takes
    several (a row of blank cells, a block of page chrome). ``govlint check --fix`` applies it."""

    description: str
    line: int | None
    old: str
    new: str
    edits: tuple[Edit, ...] = ()

    @property
    def changes(self) -> tuple[Edit, ...]:
        if self.edits:
            return self.edits
        return (Edit(self.line, self.old, self.new),) if self.line is not None else ()


@attrs.frozen
class Related:
    """The other side of a comparison across reports: a place in another report (or in this
    one), the report's year and the value found there. SARIF ``relatedLocations``."""

    location: Location
    year: int | None = None
    value: Any = None

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        return {
            "path": loc.path,
            "year": self.year,
            "section": loc.section,
            "table": loc.table,
            "row": loc.row,
            "col": loc.col,
            "value": _plain(self.value),
        }


@attrs.frozen
class Finding:
    """One problem a rule found: which rule, how severe, the message in Chinese and English,
    where (``location``), the evidence (``expected``, ``actual``), the table cells it is about
    (``cells``) and, when the change is safe, a ``fix``. A finding of a corpus rule names the
    other side of its comparison in ``related`` (other reports' cells, or the report copied)."""

    code: str
    rule: str
    severity: Severity
    message: str  # Chinese, for report authors
    message_en: str
    location: Location
    expected: Any = None
    actual: Any = None
    cells: tuple[tuple[str, str], ...] = ()  # (canonical row label, canonical column label)
    fix: Fix | None = None
    occurrence: int = 0  # among identical findings of one file, in reading order (see with_occurrences)
    related: tuple[Related, ...] = ()  # the other side of a comparison across reports
    # The fingerprint without the occurrence, made with the finding (numbering, baselines and
    # every output read it; a cached property of a slotted class costs an exception at its
    # first read). Not compared: it follows from the fields that are.
    base_fingerprint: str = attrs.field(init=False, repr=False, eq=False)

    @property
    def named_cells(self) -> tuple[tuple[str, str], ...]:
        """The table cells this finding is about, as (row, col) canonical labels of ``location.table``.

        ``cells`` when the rule listed them, else the location's cell when it names both a row
        and a column, else nothing (a finding about a whole row, a section or the text).
        """
        if self.cells:
            return self.cells
        loc = self.location
        return ((loc.row, loc.col),) if loc.table and loc.row and loc.col else ()

    @property
    def fingerprint(self) -> str:
        """Stable across re-typesetting: no line numbers, only what and where in the structure.

        Findings that say the same thing about the same place (the same leftover in three
        paragraphs) are told apart by their ``occurrence``: ``"<hash>"`` for the first,
        ``"<hash>:1"``, ``"<hash>:2"`` … for the next ones in reading order."""
        base = self.base_fingerprint
        return f"{base}:{self.occurrence}" if self.occurrence else base

    @base_fingerprint.default
    def _base_fingerprint(self) -> str:
        """The fingerprint without the occurrence: the same for all identical findings."""
        loc = self.location
        evidence = [_plain(self.expected), _plain(self.actual)]
        # ``cells`` as it is: JSON writes a tuple as it writes a list.
        key = [self.rule, loc.section, loc.table, loc.row, loc.col, self.cells, evidence]
        if self.related:  # the other report is part of what a corpus finding says
            key.append(sorted({r.location.path for r in self.related}))
        return hashlib.sha256(_KEY_ENCODER.encode(key).encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON data; ``related`` only when there is one (so that the output of
        the per-report rules stays as it was)."""
        loc = self.location
        data: dict[str, Any] = {
            "path": loc.path,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "message_en": self.message_en,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
            "section": loc.section,
            "table": loc.table,
            "row": loc.row,
            "col": loc.col,
            "origin": loc.origin.to_dict() if loc.origin is not None else None,
            "expected": _plain(self.expected),
            "actual": _plain(self.actual),
            "cells": [list(c) for c in self.cells],
            "fix": attrs.asdict(self.fix) if self.fix else None,
            "fingerprint": self.fingerprint,
        }
        if self.related:
            data["related"] = [r.to_dict() for r in self.related]
        return data


def with_occurrences(findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` (of one file) in their order, each numbered among the identical ones, by
    reading order, so that no two share a fingerprint."""
    ordered = sorted(range(len(findings)), key=lambda n: findings[n].location.sort_key)
    seen: dict[str, int] = {}
    numbered = list(findings)
    for n in ordered:
        base = findings[n].base_fingerprint
        count = seen.get(base, 0)
        seen[base] = count + 1
        if count != findings[n].occurrence:
            numbered[n] = attrs.evolve(findings[n], occurrence=count)
    return numbered


def _plain(value: Any) -> Any:
    """JSON-friendly evidence: numbers become int when whole, else float; lists recursively."""
    if value is None or type(value) is str or type(value) is int:
        return value  # most evidence: nothing to make plain
    if isinstance(value, list | tuple):  # most items are as plain as most evidence: no call for them
        return [v if v is None or type(v) is str or type(v) is int else _plain(v) for v in value]
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return plain_number(value)
    return value
