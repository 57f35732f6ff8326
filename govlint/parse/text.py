"""Plain-text reports: lines → metadata, sections, tables → :class:`Document`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import attrs

from govlint.model import TABLE_IDS, Document, Note, Origin, Paragraph, Section, Table
from govlint.parse.align import align
from govlint.parse.anchors import head_texts, label_texts
from govlint.parse.chrome import find_chrome
from govlint.parse.headings import SectionHeading, find_section_headings, subheading
from govlint.parse.layout import detect_layout, is_separator, line_cells
from govlint.parse.meta import read_meta
from govlint.parse.segment import segment
from govlint.parse.stream import fold
from govlint.parse.version import choose_version, format_signals
from govlint.prose.damage import is_page_number
from govlint.templates import TableSpec, Template, all_templates, get_template, once_per_spec
from govlint.templates.labels import similarity

_ANCHOR_FUZZY = 0.85
# The two header cells of table 四 (行政复议 … 行政诉讼) stand within this many lines.
_PAIR_WINDOW = 8
# A table run together on one line holds at least this many of its labels, on a line this long.
_RUN_LABELS = 3
_RUN_LINE = 40


def parse_lines(
    lines: Sequence[str], source: str, encoding: str | None, origins: Sequence[Origin] | None = None
) -> Document:
    """The Document of ``lines``; ``origins`` says where each line stands in the file (HTML,
    DOCX, PDF), and is made here for text whose long lines are cut (:mod:`segment`)."""
    templates = all_templates()
    lines, places = segment(lines, templates[-1], origins)
    sections_spec = templates[-1].sections  # both formats share the six sections
    headings = find_section_headings(lines, sections_spec)
    first_heading = headings[0].heading.line - 1 if headings else None
    chrome, body = find_chrome(lines, first_heading)
    meta = read_meta(lines, first_heading, body[1] if body else None)
    if any(c.line in meta.title_lines for c in chrome):  # the title is the report's, whatever it says
        chrome, body = find_chrome(lines, first_heading, keep=frozenset(meta.title_lines))
    signals = format_signals(lines, templates)
    version = choose_version(signals, meta.year, templates)
    template = get_template(version or templates[-1].version)

    regions = find_table_regions(lines, template, [h.heading.line - 1 for h in headings])
    # pdftotext and pdfminer end each page with a form feed, the last one too; text of HTML,
    # DOCX or a PDF read here (``origins``) has none, and a word processor's text export has
    # one only where the document broke a page by hand, never at its end.
    last = next((line for line in reversed(lines) if line.strip(" \t\r\n")), "")
    pdf_text = origins is None and last.rstrip(" \t\r\n").endswith("\f")
    tables: dict[str, Table] = {}
    notes: list[Note] = []
    for table_id in TABLE_IDS:
        region = regions.get(table_id)
        if region is None:
            continue
        start, end = region
        kept, numbers = _without_page_numbers(lines, start, end)
        table = align(template, table_id, kept, numbers, detect_layout(kept), pdf_text)
        if table.rows:
            tables[table_id] = table
    in_tables = {i for t in tables.values() for i in range((t.start_line or 1) - 1, t.end_line or 0)}
    sections = _sections(lines, headings, in_tables)
    skip = {n for h in headings for n in (h.lines or (h.heading.line,))} | {c.line for c in chrome}
    paragraphs = _paragraphs(lines, sections, in_tables, skip)

    if not any(s.strip() for s in lines):
        notes.append(Note("empty", "文件为空。", "The file is empty."))
    elif not headings and not tables and meta.title is None:
        notes.append(
            Note(
                "not-a-report",
                "未找到政府信息公开工作年度报告的标题、章节或统计表。",
                "No title, section heading or statutory table of an annual report was found.",
            )
        )
    else:
        notes += _missing(meta.title, tables, template)
    return Document(
        source=source,
        lines=lines,
        encoding=encoding,
        **attrs.asdict(meta, recurse=False),
        template=version if tables or signals else None,
        template_evidence=tuple(signals),
        sections=tuple(sections),
        paragraphs=tuple(paragraphs),
        body=body,
        chrome=chrome,
        tables=tables,
        notes=tuple(notes),
        origins=places,
    )


def _without_page_numbers(lines: Sequence[str], start: int, end: int) -> tuple[list[str], list[int]]:
    """A table region's lines without page-number lines (``- 3 -``), which a converter left
    between rows, and one of the blank lines around each when it has one on both sides (so
    blank-separated cells stay aligned, and a row that ended before the number still ends).
    Returns the lines and their 1-based numbers."""
    kept: list[str] = []
    numbers: list[int] = []
    skip_blank = False
    for index in range(start, end + 1):
        line = lines[index]
        if is_page_number(line) or ("|" in line and _page_number_row(line)):
            blank_after = index + 1 <= end and is_separator(lines[index + 1])
            if kept and is_separator(kept[-1]):
                if blank_after:  # blank on both sides: one blank line stays
                    kept.pop()
                    numbers.pop()
            else:
                skip_blank = True
            continue
        if skip_blank and is_separator(line):
            skip_blank = False
            continue
        skip_blank = False
        kept.append(line)
        numbers.append(index + 1)
    return kept, numbers


def _page_number_row(line: str) -> bool:
    """A converter's table row holding only a page number (``| | | - | 3 - |``: the page's
    footer drawn into the table it cut), in at most two cells."""
    cells = [c.strip() for c in line.strip().strip("|").split("|") if c.strip()]
    return 0 < len(cells) <= 2 and is_page_number(" ".join(cells))


def _missing(title: str | None, tables: dict[str, Table], template: Template) -> list[Note]:
    notes = []
    if title is None:
        notes.append(Note("no-title", "未找到报告标题。", "No title line naming the organ and year was found."))
    for table_id in TABLE_IDS:
        if table_id not in tables:
            name = f"表{template.tables[table_id].numeral}"
            notes.append(
                Note(
                    "table-not-found",
                    f"未找到可与模板对齐的{name}。",
                    f"No table that aligns with the template's {name} ({table_id}) was found.",
                    table=table_id,
                )
            )
    return notes


# -- where each table stands -----------------------------------------------------------------


@once_per_spec  # the same for every report
def _anchors(spec: TableSpec) -> tuple[frozenset[str], tuple[str, ...]]:
    first_row = next((r.label for r in spec.leaf_rows if r.labelled), None)
    texts = [*spec.header, *(b.title for b in spec.blocks if b.title), *([first_row] if first_row else [])]
    exact = frozenset(fold(t) for t in texts)
    return exact - {""}, tuple(sorted(t for t in exact if len(t) >= 10))


def _has_anchor(
    row: tuple[str, ...], long_cells: tuple[str, ...], exact: frozenset[str], long: tuple[str, ...]
) -> bool:
    """Whether a cell of a line (its folded cells, and those of them long enough to be
    compared fuzzily) is one of a table's anchors."""
    if not exact.isdisjoint(row):
        return True
    return bool(long_cells) and any(_near_anchor(cell, long) for cell in long_cells)


@lru_cache(maxsize=8192)
def _near_anchor(cell: str, long: tuple[str, ...]) -> bool:
    return any(similarity(cell, t, _ANCHOR_FUZZY) >= _ANCHOR_FUZZY for t in long)


@lru_cache(maxsize=4096)
def _folded_cells(line: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The folded cells of ``line``, and those of them with 10 characters or more."""
    row = tuple(fold(c) for c in line_cells(line))
    return row, tuple(c for c in row if len(c) >= 10)


def find_table_regions(
    lines: Sequence[str], template: Template, heading_lines: Sequence[int]
) -> dict[str, tuple[int, int]]:
    """0-based inclusive line span of each table, from its first anchor to the next boundary.

    Tables are found by their own header cells, not by the heading above them, so a table
    printed under the wrong heading is still read (and placed where it stands).
    """
    found = _first_anchors(lines, template)
    starts: dict[str, int] = {}
    for table_id in TABLE_IDS:
        start = found.get(table_id)
        if start is None:
            start = _run_of_labels(lines, template.tables[table_id])
        if start is not None:
            starts[table_id] = start
    bounds = sorted(set(heading_lines) | set(starts.values()))
    regions = {}
    for table_id, start in starts.items():
        end = next((b - 1 for b in bounds if b > start), len(lines) - 1)
        regions[table_id] = (start, end)
    return regions


def _first_anchors(lines: Sequence[str], template: Template) -> dict[str, int]:
    """The first line holding an anchor of each table, where one does. One walk for the three
    tables, which stops at the last of them: the lines after it (the report's closing prose)
    are not folded, and a line with no anchor of any table is passed at once."""
    wanted, every, every_long = _all_anchors(template)
    found: dict[str, int] = {}
    for index, line in enumerate(lines):
        row, long_cells = _folded_cells(line)
        if not _has_anchor(row, long_cells, every, every_long):
            continue  # no anchor of any table: each table's own need not be looked for
        for table_id, (exact, long, header) in wanted.items():
            if table_id in found or not _has_anchor(row, long_cells, exact, long):
                continue
            if table_id == "review_litigation" and not _has_pair(lines, index, header):
                continue
            found[table_id] = index
        if len(found) == len(wanted):
            break
    return found


_Anchors = tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]


@once_per_spec  # the same for every report
def _all_anchors(template: Template) -> tuple[dict[str, _Anchors], frozenset[str], tuple[str, ...]]:
    """Each table's anchors (exact, long) and folded header cells, and the anchors of all
    three together (exact, long)."""
    wanted: dict[str, _Anchors] = {}
    for table_id in TABLE_IDS:
        spec = template.tables[table_id]
        wanted[table_id] = (*_anchors(spec), tuple(fold(h) for h in spec.header))
    every = frozenset().union(*(exact for exact, _, _ in wanted.values()))
    return wanted, every, tuple(sorted({t for _, long, _ in wanted.values() for t in long}))


def _has_pair(lines: Sequence[str], index: int, header: tuple[str, ...]) -> bool:
    """行政复议 is table 四's header only when another of its headers (行政诉讼, 未经复议直接起诉,
    复议后起诉) follows close by, also inside a longer one (``### 行政诉讼（未经复议直接起诉）``)."""
    if len(header) < 2:
        return True
    window = [c for line in lines[index : index + _PAIR_WINDOW] for c in _folded_cells(line)[0]]
    return header[0] in window and any(h in c for h in header[1:] for c in window)


def _run_of_labels(lines: Sequence[str], spec: TableSpec) -> int | None:
    """The first line that holds a run of the table's labels (several distinct ones), for a
    table whose cells are not lines or cells of their own (text run together)."""
    heads, labels = head_texts(spec), label_texts(spec)
    for index, line in enumerate(lines):
        if len(line) < _RUN_LINE:
            continue
        folded = fold(line)
        # a sentence may name three rows; only the table prints its header cells or block titles
        if sum(t in folded for t in labels) >= _RUN_LABELS and any(h in folded for h in heads):
            return index
    return None


# -- sections and running text ----------------------------------------------------------------


def _sections(lines: Sequence[str], headings: Sequence[SectionHeading], in_tables: set[int]) -> list[Section]:
    out = []
    for n, found in enumerate(headings):
        start = found.heading.line  # 1-based line of the heading
        end = headings[n + 1].heading.line - 1 if n + 1 < len(headings) else len(lines)
        subs = tuple(
            h
            for index in range(start, end)
            if index not in in_tables
            for h in [subheading(lines[index], index + 1)]
            if h is not None
        )
        out.append(
            Section(
                numeral=found.spec.numeral,
                title=found.heading.title,
                heading=found.heading,
                canonical_title=found.spec.title,
                match=found.match,
                end_line=end,
                subheadings=subs,
            )
        )
    return out


def _paragraphs(
    lines: Sequence[str], sections: Sequence[Section], in_tables: set[int], skip: set[int]
) -> list[Paragraph]:
    out = []
    owner: str | None = None
    starts = {s.line: s.numeral for s in sections}
    for index, line in enumerate(lines):
        number = index + 1
        owner = starts.get(number, owner)
        if number in skip or index in in_tables or is_separator(line):
            continue
        text = line.strip(" \t\u00a0\u3000")
        if text:
            out.append(Paragraph(number, text, owner))
    return out
