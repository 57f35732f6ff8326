"""One budget for untrusted input: time, memory, sizes and counts, with one way to say "over".

Every limit govlint puts on a file lives here, so that the parsers, the rule runner and the
workers that run files in isolation all refuse the same way: a parser that meets a cap raises
:class:`OverBudget` (or records :func:`over_budget_note`), and the file gets an
``unreadable-input`` finding whose ``actual`` is ``over-budget:<name>``. The time and memory
budgets are kept by the worker a file runs in (see :mod:`govlint.engine.workers`).

The defaults are far above what a real report needs (a report is a few pages and a few hundred
findings at most); they are there so a hostile file costs seconds, not minutes or gigabytes.
"""

from __future__ import annotations

import hashlib
from typing import Final

import attrs

from govlint.model import Note

MiB: Final = 1024 * 1024


@attrs.frozen
class Budget:
    """What one file may cost. Sizes in bytes, time in seconds."""

    seconds: float = 20.0  # parse and lint of one file, in its worker
    memory: int = 1024 * MiB  # memory one file may take beyond its worker's own
    file_bytes: int = 64 * MiB  # a report file, read with a bounded read
    pdf_pages: int = 300
    pdf_inflated: int = 256 * MiB  # the decompressed content of a PDF, all streams together
    pdf_objects: int = 250_000  # characters, drawing objects and path segments, all pages together
    pdf_crossings: int = 100_000  # crossings of ruling lines, and cell corners tried, all pages
    archive_members: int = 2_000  # members of a DOCX (ZIP)
    archive_inflated: int = 200 * MiB  # inflated bytes of a DOCX's members together
    archive_ratio: int = 200  # inflated / compressed, for members over 1 MiB
    grid_cells: int = 100_000  # cells of one HTML or DOCX table grid, spans counted
    span: int = 1_000  # a rowspan, colspan or gridSpan / gridBefore
    nesting: int = 2_000  # depth of nested elements in HTML (libxml2 stops at 2,048: keep below)
    list_number: int = 10_000  # a Word list's start value or counter (w:start), either sign
    list_label: int = 1_000  # characters of a Word list level's label template (w:lvlText)
    findings_per_rule: int = 200  # findings of one rule in one file; the rest are counted
    fix_passes: int = 100  # passes of --fix over one file that change it; a real report needs a few
    evidence_chars: int = 200  # a text a finding quotes as evidence (``actual``, ``expected``)
    message_chars: int = 1_000  # a finding's message, quoted text included


DEFAULT: Final = Budget()

# What each budget is called in messages, Chinese first.
NAMES: Final = {
    "seconds": ("处理时间", "time"),
    "memory": ("内存", "memory"),
    "file_bytes": ("文件大小", "file size"),
    "pdf_pages": ("PDF页数", "PDF page count"),
    "pdf_inflated": ("PDF解压后的内容大小", "decompressed PDF content"),
    "pdf_objects": ("PDF页面对象数", "PDF page objects"),
    "pdf_crossings": ("PDF表格线交点数", "PDF ruling-line crossings"),
    "archive_members": ("DOCX（ZIP）压缩包成员数", "DOCX (ZIP) archive members"),
    "archive_inflated": ("DOCX（ZIP）解压后的大小", "decompressed DOCX (ZIP) size"),
    "archive_ratio": ("DOCX（ZIP）压缩比", "DOCX (ZIP) compression ratio"),
    "grid_cells": ("表格单元格数", "table grid cells"),
    "span": ("单元格跨行跨列数", "cell span"),
    "nesting": ("元素嵌套层数", "element nesting depth"),
    "list_number": ("Word列表编号", "Word list number"),
    "list_label": ("Word列表编号格式长度", "Word list label length"),
    "findings_per_rule": ("单条规则的问题数", "findings of one rule"),
    "fix_passes": ("自动修复轮数", "passes of --fix"),
    "evidence_chars": ("问题引用的文字长度", "text quoted as evidence"),
    "message_chars": ("问题说明的长度", "message length"),
}


class OverBudget(Exception):
    """A file exceeded one of its budgets; ``name`` is a field of :class:`Budget`."""

    def __init__(self, name: str, limit: float, seen: float | None = None) -> None:
        super().__init__(name, limit, seen)
        self.name, self.limit, self.seen = name, limit, seen

    def note(self) -> Note:
        return over_budget_note(self.name, self.limit, self.seen)


def over_budget_note(name: str, limit: float, seen: float | None = None) -> Note:
    """The ``unreadable`` note of a file refused for exceeding budget ``name``."""
    zh, en = NAMES[name]
    shown = _shown(name, limit)
    seen_zh = f"（实际{_shown(name, seen)}）" if seen is not None else ""
    seen_en = f" (it needs {_shown(name, seen)})" if seen is not None else ""
    return Note(
        "unreadable",
        f"文件超出{zh}上限{shown}{seen_zh}，未能检查；这不像一份正常的年度报告。",
        f"The file exceeds the {en} budget of {shown}{seen_en} and was not checked: not a normal annual report.",
        budget=name,
    )


def clip(text: str, limit: int = DEFAULT.evidence_chars) -> str:
    """``text`` cut to its first ``limit`` characters, where the place it is quoted for starts,
    when longer; what was cut is counted, and a digest of the whole keeps two long texts that
    begin alike apart (fingerprints are made from the evidence)."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{text[:limit]}…(+{len(text) - limit} #{digest})"


def _shown(name: str, value: float) -> str:
    if name == "seconds":
        return f"{value:g} s"
    if name in ("memory", "file_bytes", "pdf_inflated", "archive_inflated"):
        return f"{value / MiB:g} MiB"
    return f"{value:,.0f}"


__all__ = ["DEFAULT", "Budget", "OverBudget", "clip", "over_budget_note"]
