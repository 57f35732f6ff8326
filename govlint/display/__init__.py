"""Rich display in Jupyter: results, documents and tables as HTML, in Chinese or English.

``LintResult``, ``Document``, ``Table`` and ``Audit`` show themselves in a notebook through
``_repr_mimebundle_``; this module draws them. A result shows a summary, its findings grouped
by section with severity colours, and the statutory tables in the official layout with the
cells that findings name highlighted (the messages on hover). A document is linted with its
settings and shown the same way; a table alone shows what the table itself proves (the
template and arithmetic rules run over it).

>>> govlint.display.set_language("en")     # doctest: +SKIP
>>> result.display("zh")                    # doctest: +SKIP
>>> html = result.to_html(standalone=True)  # doctest: +SKIP

Nothing here imports IPython, and nothing runs until an object is shown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

import attrs

from govlint.display.grid import Anchor, Slot, label_columns, layout, width
from govlint.engine.config import Config
from govlint.engine.runner import lint, run
from govlint.model import Document, Finding, Severity, Table
from govlint.model import display as seam
from govlint.model.result import LintResult
from govlint.model.table import ExtraRow, RowMatch
from govlint.templates import get_template
from govlint.templates.spec import ColumnSpec, TableSpec

if TYPE_CHECKING:
    from govlint.frames import Audit

LANGUAGES = ("zh", "en")
_language = ["zh"]

# Rule families whose findings a table proves on its own (no text, no dates, no headings).
_TABLE_FAMILIES = ("GL2", "GL3")

_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "findings": "发现的问题",
        "none": "未发现问题",
        "ok": "通过",
        "fail": "未通过",
        "whole": "全文",
        "section": "第{n}部分",
        "table": "表{n}",
        "organ": "机关",
        "year": "年度",
        "template": "格式",
        "published": "发布日期",
        "not_printed": "未印出",
        "not_read": "此行已印出，但未能读出此格",
        "blank": "空白",
        "not_found": "报告中未找到此表",
        "extra": "模板之外的行（保留，不检查）",
        "file": "份报告",
        "files": "份报告",
        "unread": "无法读取",
        "rule": "规则",
        "where": "位置",
        "message": "说明",
        "count": "数量",
        "printed_as": "印为",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "findings": "Findings",
        "none": "No findings",
        "ok": "passes",
        "fail": "fails",
        "whole": "Whole report",
        "section": "Section {n}",
        "table": "Table {n}",
        "organ": "organ",
        "year": "year",
        "template": "format",
        "published": "published",
        "not_printed": "not printed",
        "not_read": "the row is printed, but this cell could not be read",
        "blank": "blank",
        "not_found": "this table was not found in the report",
        "extra": "rows the template does not have (kept, not checked)",
        "file": "report",
        "files": "reports",
        "unread": "could not be read",
        "rule": "rule",
        "where": "where",
        "message": "message",
        "count": "count",
        "printed_as": "printed as",
    },
}

CSS = """
.govlint{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","WenQuanYi Micro Hei",
"Microsoft YaHei",sans-serif;font-size:13px;color:#1f2328;background:#fff;line-height:1.45;padding:4px}
.govlint h3{font-size:15px;margin:6px 0}.govlint h4{font-size:13px;margin:10px 0 4px}
.govlint .gl-meta span{margin-right:14px}
.govlint .gl-meta b{color:#59636e;font-weight:500;margin-right:4px}
.govlint .gl-badge{display:inline-block;white-space:nowrap;border-radius:9px;padding:0 7px;margin-right:6px;
font-size:12px}
.govlint .gl-sev-error{background:#ffebe9;color:#b31d28;border:1px solid #ff8182}
.govlint .gl-sev-warning{background:#fff8c5;color:#7d4e00;border:1px solid #d4a72c}
.govlint .gl-sev-info{background:#ddf4ff;color:#0550ae;border:1px solid #54aeff}
.govlint .gl-pass{background:#dafbe1;color:#116329;border:1px solid #4ac26b}
.govlint table{border-collapse:collapse;margin:4px 0 10px}
.govlint th,.govlint td{border:1px solid #afb8c1;padding:2px 6px;vertical-align:middle}
.govlint table.gl-findings td{border-color:#d0d7de;text-align:left}
.govlint table.gl-findings td:nth-child(-n+3){white-space:nowrap}
.govlint table.gl-grid th{background:#f6f8fa;font-weight:500;text-align:center}
.govlint table.gl-grid th.gl-label{text-align:left;max-width:22em}
.govlint table.gl-grid th.gl-title{background:#eaeef2;text-align:left}
.govlint table.gl-grid td{text-align:right;min-width:2.2em;font-variant-numeric:tabular-nums}
.govlint td.gl-blank{
background:repeating-linear-gradient(45deg,#fff,#fff 3px,#f0f2f4 3px,#f0f2f4 6px)}
.govlint td.gl-missing{color:#8c959f;font-style:italic;text-align:center}
.govlint .gl-absent{color:#8c959f;text-decoration:line-through}
.govlint .gl-flag{outline-offset:-2px}
.govlint .gl-flag.gl-error{background:#ffcecb;outline:2px solid #cf222e}
.govlint .gl-flag.gl-warning{background:#fff1a8;outline:2px solid #bf8700}
.govlint .gl-flag.gl-info{background:#d8efff;outline:2px solid #218bff}
.govlint .gl-flag{cursor:help}
.govlint tr.gl-extra th,.govlint tr.gl-extra td{background:#f6f8fa;color:#59636e;font-style:italic}
.govlint .gl-muted{color:#59636e}
.govlint details>summary{cursor:pointer;font-weight:600;margin:6px 0}
"""


def set_language(lang: str) -> None:
    """The language of every display from now on: ``"zh"`` (default) or ``"en"``."""
    _language[0] = _check_language(lang)


def get_language() -> str:
    return _language[0]


def _check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    return lang


def render(obj: Any, lang: str | None = None, *, standalone: bool = False) -> dict[str, str]:
    """The MIME bundle (``text/html``, ``text/plain``) of a LintResult, Document, Table or Audit."""
    from govlint.frames import Audit  # audit needs the engine, loaded after this module

    words = _WORDS[_check_language(lang or get_language())]
    if isinstance(obj, LintResult):
        body, plain = result_html(obj, obj.document, words), _plain_result(obj)
    elif isinstance(obj, Document):
        body, plain = result_html(lint(obj), obj, words), _plain_document(obj)
    elif isinstance(obj, Table):
        body, plain = table_html(obj, table_findings(obj), words), _plain_table(obj)
    elif isinstance(obj, Audit):
        body, plain = audit_html(obj, words), f"Audit({len(obj)} reports, {len(obj.findings)} findings)"
    else:
        raise TypeError(f"cannot display {type(obj).__name__}")
    lang_attr = "zh-CN" if words is _WORDS["zh"] else "en"
    fragment = f'<div class="govlint" lang="{lang_attr}"><style>{CSS}</style>{body}</div>'
    if standalone:
        fragment = (
            f'<!DOCTYPE html><html lang="{lang_attr}"><head><meta charset="utf-8">'
            f"<title>govlint</title></head><body>{fragment}</body></html>"
        )
    return {"text/html": fragment, "text/plain": plain}


def table_findings(table: Table) -> tuple[Finding, ...]:
    """The findings a table proves on its own: the template and arithmetic rules run over it.

    The table is the only one of the document they run over, so a finding that names no table
    (a rule that crashed, say) is about this one and is kept, placed on this table.
    """
    document = Document(source=f"<{table.id}>", lines=(), template=table.template, tables={table.id: table})
    config = Config(select=_TABLE_FAMILIES, ignore=("template-version",))
    out = []
    for finding in run(document, config).findings:
        if finding.location.table is None:
            finding = attrs.evolve(finding, location=attrs.evolve(finding.location, table=table.id))
        if finding.location.table == table.id:
            out.append(finding)
    return tuple(out)


# -- results and documents ----------------------------------------------------------------


def result_html(result: LintResult, document: Document | None, words: dict[str, str]) -> str:
    parts = [_summary(result, words), _findings_list(result.findings, document, words)]
    if document is not None:
        for table in document.tables.values():
            parts.append(table_html(table, result.findings, words))
        template = get_template(document.template) if document.template else None
        for table_id, spec in template.tables.items() if template else ():
            if table_id not in document.tables:
                title = f"{words['table'].format(n=spec.numeral)} {spec.title}"
                parts.append(f'<h4>{_esc(title)}</h4><p class="gl-muted">{words["not_found"]}</p>')
    return "".join(parts)


def _summary(result: LintResult, words: dict[str, str]) -> str:
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in Severity}
    badges = "".join(
        f'<span class="gl-badge gl-sev-{s.value}">{counts[s]} {words[s.value]}</span>' for s in Severity if counts[s]
    )
    verdict = words["ok"] if result.ok else words["fail"]
    state = "gl-pass" if result.ok else f"gl-sev-{Severity.ERROR.value}"
    meta = [
        (words["organ"], result.organ),
        (words["year"], result.year),
        (words["template"], result.template),
        (words["published"], result.published),
    ]
    shown = "".join(f"<span><b>{k}</b>{_esc(str(v))}</span>" for k, v in meta if v is not None)
    return (
        f'<h3>{_esc(result.path)} <span class="gl-badge {state}">{verdict}</span>{badges}</h3>'
        f'<div class="gl-meta">{shown}</div>'
    )


def _findings_list(findings: Sequence[Finding], document: Document | None, words: dict[str, str]) -> str:
    if not findings:
        return f'<p class="gl-muted">{words["none"]}</p>'
    groups: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[_section_of(finding, document)].append(finding)
    order = [None, *"一二三四五六"]
    parts = []
    for key in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
        heading = words["whole"] if key is None else _section_title(document, key) or words["section"].format(n=key)
        rows = "".join(_finding_row(f, words) for f in sorted(groups[key], key=_reading_order))
        parts.append(f'<h4>{_esc(heading)}</h4><table class="gl-findings"><tbody>{rows}</tbody></table>')
    return f"<details open><summary>{words['findings']} ({len(findings)})</summary>{''.join(parts)}</details>"


def _section_of(finding: Finding, document: Document | None) -> str | None:
    loc = finding.location
    if loc.section:
        return loc.section
    if loc.table and document is not None and loc.table in document.tables:
        return document.tables[loc.table].numeral
    return None


def _section_title(document: Document | None, numeral: str | None) -> str:
    if numeral is None or document is None or not document.template:
        return ""
    spec = next((s for s in get_template(document.template).sections if s.numeral == numeral), None)
    return f"{numeral}、{spec.title}" if spec else ""


def _reading_order(finding: Finding) -> tuple[int, ...]:
    return (*finding.location.sort_key, -finding.severity.rank)


def _where(finding: Finding, words: dict[str, str]) -> str:
    loc = finding.location
    zh = words is _WORDS["zh"]
    if loc.origin is not None and not loc.origin.has_lines:
        return loc.origin.describe("zh" if zh else "en")
    if loc.line is None:
        return ""
    place = f"第{loc.line}行" if zh else f"line {loc.line}"
    if loc.column:
        place += f"第{loc.column}列" if zh else f", column {loc.column}"
    return place


def _finding_row(finding: Finding, words: dict[str, str]) -> str:
    sev = finding.severity.value
    message = finding.message if words is _WORDS["zh"] else finding.message_en
    where = _where(finding, words)
    return (
        f'<tr data-rule="{_esc(finding.rule)}"><td><span class="gl-badge gl-sev-{sev}">{words[sev]}</span></td>'
        f"<td><code>{_esc(finding.code)}</code> {_esc(finding.rule)}</td>"
        f'<td class="gl-muted">{_esc(where)}</td><td>{_text(message)}</td></tr>'
    )


# -- tables -------------------------------------------------------------------------------


def table_html(table: Table, findings: Iterable[Finding], words: dict[str, str]) -> str:
    """One statutory table in the official layout, the cells named by ``findings`` highlighted."""
    spec = get_template(table.template).tables[table.id]
    mine = [f for f in findings if f.location.table == table.id]
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    by_row: dict[str, list[Finding]] = defaultdict(list)
    general: list[Finding] = []
    for finding in mine:
        cells = finding.named_cells
        for cell in cells:
            by_cell[cell].append(finding)
        if not cells:
            if finding.location.row:
                by_row[finding.location.row].append(finding)
            else:
                general.append(finding)
    printed = {r.key: r for r in table.rows}  # the rows the report prints, by template key
    extras = _extras_by_anchor(table, spec)
    counts = {anchor: len(rows) for anchor, rows in extras.items()}
    blocks = {block.key: block for block in spec.blocks}
    drawn_rows: set[str] = set()
    rows_html = []
    for slots in layout(spec, counts):
        if slots[0].kind == "extra":
            slot = slots[0]
            anchor: Anchor = ("after", slot.row) if slot.row else ("start", str(slot.block))
            extra, columns = extras[anchor][int(slot.text)], blocks[str(slot.block)].columns
            rows_html.append(_extra_row(extra, spec, slot.colspan, columns, words))
            continue
        drawn = "".join(_slot(table, spec, printed, s, by_cell, by_row, words) for s in slots)
        rows_html.append(f"<tr>{drawn}</tr>")
        leaves = [s.row for s in slots if s.kind == "label" and s.row and spec.row(s.row).kind == "leaf"]
        drawn_rows |= {table.rows_axis.label(key) for key in leaves}
    # A row finding whose row has no label drawn (表四 has no label column) is listed above the grid.
    general += [f for label, found in by_row.items() if label not in drawn_rows for f in found]
    title = f"{words['table'].format(n=spec.numeral)} {spec.title}"
    notes = "".join(_finding_row(f, words) for f in sorted(general, key=_reading_order))
    notes_html = f'<table class="gl-findings"><tbody>{notes}</tbody></table>' if notes else ""
    return (
        f"<h4>{_esc(title)}</h4>{notes_html}"
        f'<table class="gl-grid" data-table="{table.id}" data-template="{table.template}">'
        f"<tbody>{''.join(rows_html)}</tbody></table>"
    )


def _slot(
    table: Table,
    spec: TableSpec,
    found: dict[str, RowMatch],
    slot: Slot,
    by_cell: dict[tuple[str, str], list[Finding]],
    by_row: dict[str, list[Finding]],
    words: dict[str, str],
) -> str:
    span = _spans(slot)
    if slot.kind in ("title", "corner", "head", "group"):
        cls = "gl-title" if slot.kind == "title" else "gl-head"
        return f'<th class="{cls}"{span}>{_esc(slot.text)}</th>'
    assert slot.row is not None
    if slot.kind == "label":
        classes = ["gl-label"]
        tips: list[str] = []
        printed = found.get(slot.row)
        if spec.row(slot.row).kind == "leaf" and printed is None:
            classes.append("gl-absent")
            tips.append(words["not_printed"])
        elif printed is not None and printed.match != "exact" and printed.raw_label:
            tips.append(f"{words['printed_as']}: {printed.raw_label}")
        label = table.rows_axis.label(slot.row) if spec.row(slot.row).kind == "leaf" else spec.row(slot.row).label
        flagged = by_row.get(label, []) if spec.row(slot.row).kind == "leaf" else []
        return _th_or_td("th", classes, tips, flagged, words, span, slot.text, {"data-row": label})
    assert slot.col is not None
    row_label = table.rows_axis.label(slot.row)
    col_label = spec.column_label(next(c for c in spec.columns_of(slot.row) if c.key == slot.col))
    cell = table.cell(slot.row, slot.col)
    classes, tips = ["gl-cell"], []
    if cell is None:
        classes.append("gl-missing")
        tips.append(words["not_read"] if slot.row in found else words["not_printed"])
        text, state = "—", "missing"
    else:
        state = cell.state.value
        text = cell.raw.strip()
        if cell.state.value == "blank":
            classes.append("gl-blank")
            tips.append(words["blank"])
    data = {"data-row": row_label, "data-col": col_label, "data-state": state}
    return _th_or_td("td", classes, tips, by_cell.get((row_label, col_label), []), words, span, text, data)


def _th_or_td(
    tag: str,
    classes: list[str],
    tips: list[str],
    flagged: Sequence[Finding],
    words: dict[str, str],
    span: str,
    text: str,
    data: dict[str, str],
) -> str:
    if flagged:
        worst = max(flagged, key=lambda f: f.severity.rank).severity.value
        classes += ["gl-flag", f"gl-{worst}"]
        zh = words is _WORDS["zh"]
        tips += [f"{f.code} {f.rule}: {f.message if zh else f.message_en}" for f in flagged]
        data = {**data, "data-rules": " ".join(sorted({f.rule for f in flagged}))}
    shown = "".join(f' {k}="{_esc(v)}"' for k, v in data.items())
    tip = f' title="{_esc(chr(10).join(tips))}"' if tips else ""
    return f'<{tag} class="{" ".join(classes)}"{span}{shown}{tip}>{_esc(text)}</{tag}>'


def _extras_by_anchor(table: Table, spec: TableSpec) -> dict[Anchor, list[ExtraRow]]:
    """Where each row the template does not have is drawn: where the report prints it.

    After the template row printed last above it; first in a block when the row printed next
    below it opens that block (before any template row: the first block). Between two blocks,
    it goes with the one whose columns its cells fill, the lower one when both or neither do.
    """
    printed = sorted((r.line, r.key) for r in table.rows if r.line is not None and spec.row(r.key).kind == "leaf")
    out: dict[Anchor, list[ExtraRow]] = defaultdict(list)
    for extra in table.extra_rows:
        if extra.line is None:
            above, below = (printed[-1][1] if printed else None), None
        else:
            above = next((key for line, key in reversed(printed) if line <= extra.line), None)
            below = next((key for line, key in printed if line > extra.line), None)
        anchor: Anchor
        if below is not None and (above is None or spec.block_of(above) is not spec.block_of(below)):
            upper_fits = above is not None and len(extra.cells) == len(spec.block_of(above).columns)
            lower_fits = len(extra.cells) == len(spec.block_of(below).columns)
            if above is not None and upper_fits and not lower_fits:
                anchor = ("after", above)
            else:
                anchor = ("start", spec.block_of(below).key)
        elif above is not None:
            anchor = ("after", above)
        else:
            anchor = ("start", spec.blocks[0].key)
        out[anchor].append(extra)
    return out


def _extra_row(
    extra: ExtraRow, spec: TableSpec, labels: int, columns: Sequence[ColumnSpec], words: dict[str, str]
) -> str:
    """A row the template does not have, drawn in the form: its label across ``labels`` label
    columns, its cells under the block's columns in the order printed, aligned to the right
    (the numbers end a printed row, 总计 last). Cells beyond the block's columns are the
    leftmost: they join the label; with fewer cells, the first columns are left empty."""
    spare = width(spec) - label_columns(spec) - len(columns)
    surplus = max(0, len(extra.cells) - len(columns))
    cells = [""] * (len(columns) - len(extra.cells)) + list(extra.cells[surplus:])
    label = " ".join([extra.label, *(c.strip() for c in extra.cells[:surplus] if c.strip())])
    drawn = []
    for i, (text, col) in enumerate(zip(cells, columns, strict=True)):
        span = f' colspan="{1 + spare}"' if i == len(cells) - 1 and spare else ""
        drawn.append(f'<td{span} data-col="{_esc(spec.column_label(col))}">{_esc(text.strip())}</td>')
    tip = words["extra"] + ("" if labels else f": {label}")
    head = f'<th class="gl-label"{_spans(Slot("label", colspan=labels))}>{_esc(label)}</th>' if labels else ""
    return f'<tr class="gl-extra" title="{_esc(tip)}">{head}{"".join(drawn)}</tr>'


def _spans(slot: Slot) -> str:
    out = f' colspan="{slot.colspan}"' if slot.colspan > 1 else ""
    return out + (f' rowspan="{slot.rowspan}"' if slot.rowspan > 1 else "")


def _esc(text: str) -> str:
    """HTML-escaped, with control characters shown as their Unicode pictures (BEL as ␇): they
    are not allowed in HTML, and a reader should see that the report holds one."""
    return escape(text.translate(_CONTROL_PICTURES) if _CONTROL.search(text) else text)


# C0 controls but tab and line feed, and DEL: to U+2400…U+2421; C1 controls: to U+FFFD.
_CONTROL_PICTURES = {
    **{c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)},
    0x7F: 0x2421,
    **{c: 0xFFFD for c in range(0x80, 0xA0)},
}
_CONTROL = re.compile("[" + re.escape("".join(map(chr, _CONTROL_PICTURES))) + "]")


def _text(message: str) -> str:
    return _esc(message).replace("\n", "<br>")


# -- many reports ---------------------------------------------------------------------------


def audit_html(audit: Audit, words: dict[str, str]) -> str:
    frame = audit.findings
    counts = frame["severity"].value_counts().to_dict() if len(frame) else {}
    badges = "".join(
        f'<span class="gl-badge gl-sev-{s.value}">{counts.get(s.value, 0)} {words[s.value]}</span>'
        for s in Severity
        if counts.get(s.value)
    )
    head = f"<h3>{len(audit)} {words['file' if len(audit) == 1 else 'files']} {badges}</h3>"
    rows = f'<p class="gl-muted">{words["none"]}</p>' if audit.results and not len(frame) else ""
    if len(frame):
        per_rule = frame.groupby(["code", "rule"]).size().sort_values(ascending=False)
        rows = "".join(
            f"<tr><td><code>{_esc(str(key[0]))}</code> {_esc(str(key[1]))}</td><td>{n}</td></tr>"
            for key, n in zip(per_rule.index, per_rule, strict=True)
        )
        rows = f'<table class="gl-findings"><tbody>{rows}</tbody></table>'
    errors = "".join(f"<li>{_esc(p)}: {_esc(m)}</li>" for p, m in audit.errors)
    unread = f"<h4>{words['unread']}</h4><ul>{errors}</ul>" if errors else ""
    return head + rows + unread


# -- text/plain -----------------------------------------------------------------------------


def _plain_result(result: LintResult) -> str:
    counts = ", ".join(f"{n} {s.value}" for s in Severity if (n := sum(1 for f in result.findings if f.severity == s)))
    return f"LintResult({result.path!r}, {len(result.findings)} findings{': ' + counts if counts else ''})"


def _plain_document(document: Document) -> str:
    tables = ", ".join(document.tables)
    return (
        f"Document({document.source!r}, organ={document.organ!r}, year={document.year}, "
        f"template={document.template!r}, sections={len(document.sections)}, tables=[{tables}])"
    )


def _plain_table(table: Table) -> str:
    missing = list(table.missing_rows)
    return f"Table({table.id!r}, template={table.template!r}, cells={len(table)}, missing_rows={missing})"


seam.install(render)
