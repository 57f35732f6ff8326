"""The parsed annual report: metadata, sections, paragraphs and statutory tables."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from govlint.model.display import Displayable
from govlint.model.origin import Origin
from govlint.model.table import TABLE_IDS, Table

NoteSeverity = Literal["error", "warning", "info"]


@attrs.frozen
class Note:
    """Something the parser could not find or could not read.

    Parsers never judge a report; they record what stood in their way. Rules of the GL0
    family turn notes into findings.
    """

    code: str  # "unreadable", "not-a-report", "no-title", "table-not-found", …
    message: str  # Chinese first
    message_en: str
    line: int | None = None
    table: str | None = None
    budget: str | None = None  # the field of govlint.budget.Budget a file exceeded


@attrs.frozen
class Heading:
    """A numbered heading line: a section heading or a sub-heading such as （一）."""

    line: int
    text: str  # the whole line as printed, stripped
    enumerator: str  # the numbering as printed: "一、", "4、", "（1）", "(二)" …
    ordinal: int  # 1 for 一/1/（一）…
    style: str  # "cjk", "arabic", "cjk-paren", "arabic-paren"
    title: str  # the words after the enumerator


@attrs.frozen
class Section:
    """One of the six top-level sections, from its heading to the next one."""

    numeral: str  # canonical numeral 一…六 of the section this heading names
    title: str  # as printed
    heading: Heading
    canonical_title: str
    match: Literal["exact", "alias", "fuzzy", "prefix"]
    end_line: int  # last line (inclusive) before the next section heading or the end
    subheadings: tuple[Heading, ...] = ()

    @property
    def line(self) -> int:
        return self.heading.line


@attrs.frozen
class Paragraph:
    """A line of running text outside the statutory tables."""

    line: int
    text: str
    section: str | None  # numeral of the enclosing section, None before the first heading


@attrs.frozen
class ChromeLine:
    """A line the website printed around the report: breadcrumb, page metadata, footer …"""

    line: int
    kind: str  # "breadcrumb", "page-metadata", "page-tools", "site-name", "footer"
    text: str


@attrs.frozen
class Evidence:
    """A fact the parser relied on and where it saw it."""

    value: str
    line: int | None
    source: str  # "title", "signature", "page-metadata", "statistics-period", "signal" …


@attrs.frozen
class Document(Displayable):
    """A parsed 政府信息公开工作年度报告.

    In Jupyter it shows its statutory tables in the official layout, linted with its
    settings, the cells that findings name highlighted (``to_html(lang=…)``, ``display``).
    """

    def __repr__(self) -> str:
        """One line: the source, organ, year, format, and how much was read."""
        read = f"{len(self.sections)} sections, tables {'/'.join(self.tables) or 'none'}"
        return (
            f"Document({self.source!r}, organ={self.organ!r}, year={self.year!r}, template={self.template!r}, {read})"
        )

    source: str
    lines: tuple[str, ...]
    encoding: str | None = None
    kind: str = "text"
    title: str | None = None
    title_lines: tuple[int, ...] = ()
    organ: str | None = None
    organ_evidence: Evidence | None = None
    year: int | None = None
    year_evidence: tuple[Evidence, ...] = ()
    published: dt.date | None = None  # from page metadata (发布时间 …)
    published_evidence: Evidence | None = None
    signed: dt.date | None = None  # the date under the signature at the end
    signed_evidence: Evidence | None = None
    template: str | None = None
    template_evidence: tuple[Evidence, ...] = ()
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()  # running text of the body: no chrome, no table lines
    body: tuple[int, int] | None = None  # 1-based inclusive first and last line of the report itself
    chrome: tuple[ChromeLine, ...] = ()
    tables: Mapping[str, Table] = attrs.field(factory=dict)
    notes: tuple[Note, ...] = ()
    # Where each of ``lines`` stands in the original file; empty when the lines are the file's
    # own (text input). HTML, DOCX and PDF are read into ``lines`` and mapped back here.
    origins: tuple[Origin, ...] = ()

    @property
    def publication_date(self) -> dt.date | None:
        """Page metadata date when there is one, else the signature date."""
        return self.published or self.signed

    @property
    def readable(self) -> bool:
        return not any(n.code in ("unreadable", "crashed") for n in self.notes)

    def section(self, numeral: str) -> Section | None:
        """The first section headed with ``numeral`` (一…六)."""
        return next((s for s in self.sections if s.numeral == numeral), None)

    def origin(self, line: int | None, column: int | None = None) -> Origin | None:
        """Where 1-based ``line`` (and ``column`` on it) of ``lines`` stands in the file.

        None for text input, whose lines are the file's, and for a line out of range.
        """
        if line is None or not self.origins or not 1 <= line <= len(self.origins):
            return None
        found = self.origins[line - 1]
        if column is not None and found.has_lines and found.column is not None:
            return attrs.evolve(found, column=found.column + column - 1)
        return found

    def section_at(self, line: int) -> Section | None:
        """The section whose heading is the last one at or above 1-based ``line``."""
        lines = self._section_lines
        if lines is None:
            return next((s for s in reversed(self.sections) if s.line <= line), None)
        index = bisect.bisect_right(lines, line)
        return self.sections[index - 1] if index else None

    @functools.cached_property
    def _section_lines(self) -> tuple[int, ...] | None:
        """The sections' heading lines when in order (as parsed): looked up by bisection, since
        rules ask once per paragraph or claim, and a scan each time is quadratic."""
        lines = tuple(s.line for s in self.sections)
        return lines if all(a <= b for a, b in itertools.pairwise(lines)) else None

    def _records(self, table_id: str) -> list[dict[str, Any]]:
        if table_id not in self.tables:
            return []
        records = self.tables[table_id].to_records()
        if self.origins:
            for record in records:
                origin = self.origin(record.get("line"))
                record["origin"] = origin.to_dict() if origin is not None else None
        return records

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``govlint parse`` (documented in docs/parse-json.md)."""
        date = self.publication_date
        return {
            "path": self.source,
            "organ": self.organ,
            "year": self.year,
            "template": self.template,
            "published": date.isoformat() if date else None,
            "title": self.title,
            "encoding": self.encoding,
            "sections": [
                {"numeral": s.numeral, "title": s.title, "line": s.line, "enumerator": s.heading.enumerator}
                for s in self.sections
            ],
            "kind": self.kind,
            "tables": {tid: self._records(tid) for tid in TABLE_IDS},
            "missing_rows": {tid: list(t.missing_rows) for tid, t in self.tables.items() if t.missing_rows},
            "extra_rows": {
                tid: [{"label": r.label, "cells": list(r.cells), "line": r.line} for r in t.extra_rows]
                for tid, t in self.tables.items()
                if t.extra_rows
            },
            "problems": {
                tid: [
                    {"code": p.code, "row": p.row, "line": p.line, "detail": p.detail}
                    | ({"candidates": [list(c) for c in p.candidates]} if p.candidates else {})
                    for p in t.problems
                ]
                for tid, t in self.tables.items()
                if t.problems
            },
            "body": {"start": self.body[0], "end": self.body[1]} if self.body else None,
            "chrome": [attrs.asdict(c) for c in self.chrome],
            "notes": [attrs.asdict(n) for n in self.notes],
        }
