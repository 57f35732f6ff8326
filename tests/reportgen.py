"""Random consistent reports and their renderings in the four text layouts (no tests here).

``report()`` is a Hypothesis strategy for a :class:`Report`: format version, year, organ, a
value for every template cell of the three statutory tables (consistent with every identity
of the template), which zero cells are printed blank, and how every label is printed
(canonical, alias or variant; NBSP / U+3000 / space inserted; full- or half-width brackets;
broken over lines). ``RENDERERS`` turns a report into the text of a whole report in one
layout; ``expected_cells`` says what the parser must read back from that text.

Layouts (see govlint/parse/layout.py and the seed reports):

``lines``  one cell per line, cells separated by one empty line (seeds 000, 004);
``tabs``   each cell on a line starting with a tab, rows separated by an empty line (001, 002);
``pipes``  markdown pipe rows with phantom empty cells (003);
``rows``   one table row per line, the numbers run together (PDF text; no blank cells).

Every label comes from the template API; nothing is spelled here but the prose and organs.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Literal

import attrs
from hypothesis import strategies as st

from govlint.templates import IdentityCheck, RowSpec, TableSpec, Template, get_template

Number = int | Decimal
CellKey = tuple[str, str]  # (row key, column key)
Layout = Literal["lines", "tabs", "pipes", "rows"]

LAYOUTS: tuple[Layout, ...] = ("lines", "tabs", "pipes", "rows")
TABLE_IDS: tuple[str, ...] = ("active_disclosure", "applications", "review_litigation")
YEARS: Mapping[str, tuple[int, ...]] = {"2019": (2019, 2020), "2021": (2021, 2022, 2023, 2024)}

NBSP = "\u00a0"
IDSP = "\u3000"
_SPACES = (NBSP, IDSP, " ")
_CJK = re.compile("[\u4e00-\u9fff]")

_PLACES = ("鄂尔多斯市", "凉山州", "二七区", "乌海市", "南平市", "海淀区", "武汉市", "浦东新区", "阿拉善盟", "西昌市")
_DEPARTMENTS = (
    "工业和信息化局",
    "人民政府办公室",
    "生态环境局",
    "统计局",
    "教育局",
    "财政局",
    "卫生健康委员会",
    "市场监督管理局",
    "人民政府",
    "自然资源和规划局",
)
_PROSE = {
    "一": "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。",
    "二": "本机关通过门户网站等渠道主动公开政府信息，具体情况见下表。",
    "三": "本机关依法办理政府信息公开申请，具体情况见下表。",
    "四": "本机关政府信息公开行政复议、行政诉讼情况见下表。",
    "五": "存在的主要问题是公开内容的及时性有待提高，下一步将加强培训，改进工作。",
    "六": "本年度未收取信息处理费，无其他需要报告的事项。",
}


# -- the model --------------------------------------------------------------------------------


@attrs.frozen
class Label:
    """How one label is printed: one part, or several when it is broken over lines."""

    parts: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.parts)


@attrs.frozen
class Report:
    version: str
    year: int
    organ: str
    values: Mapping[str, Mapping[CellKey, Number]]  # table id -> (row, col) -> value
    blank: frozenset[tuple[str, str, str]]  # (table, row, col) of zero cells printed blank
    labels: Mapping[str, Label]  # label slot (see _slots) -> printed label
    title_split: bool = False  # organ on its own line above "2021年政府信息公开工作年度报告"
    cosmetic: int = 0  # seed of layout-specific cosmetics (blank glyphs, phantom cells …)

    @property
    def template(self) -> Template:
        return get_template(self.version)

    @property
    def title(self) -> str:
        return f"{self.organ}{self.year}年政府信息公开工作年度报告"


def expected_cells(report: Report, table_id: str, layout: Layout) -> dict[CellKey, tuple[str, Number | None]]:
    """{(row, col): (state, value)} the parser must read for every template cell."""
    out: dict[CellKey, tuple[str, Number | None]] = {}
    for key, value in report.values[table_id].items():
        if layout != "rows" and (table_id, *key) in report.blank:
            out[key] = ("blank", None)
        else:
            out[key] = ("number", value)
    return out


def assert_printed_or_flagged(report: Report, data: bytes, name: str, blanks: bool, context: object) -> None:
    """Parse ``data`` (a rendering of ``report`` that may lose cells) and check its law: no cell
    reads a value other than the printed one (with ``blanks``, a blank cell printed as nothing
    is blank or unread), and a cell left unread has a finding on its row or table."""
    from hypothesis import note

    import govlint

    document = govlint.parse_bytes(data, name)
    findings = govlint.lint(document).findings
    flagged = {(f.location.table, f.location.row) for f in findings if f.rule != "extra-row"}
    layout: Layout = "lines" if blanks else "rows"  # what a blank cell must read as
    for table_id in TABLE_IDS:
        table = document.tables.get(table_id)
        spec = report.template.tables[table_id]
        for (row, col), (state, value) in expected_cells(report, table_id, layout).items():
            cell = table.cell(row, col) if table is not None else None
            note(f"{context} {table_id} {row} {col}: {cell}")
            if cell is not None and (cell.state.value, cell.value) == (state, value):
                continue
            assert cell is None or cell.value is None
            assert {(table_id, spec.row(row).label), (table_id, None)} & flagged


def holds(template: Template, values: Mapping[str, Mapping[CellKey, Number]]) -> list[str]:
    """The identity checks that ``values`` violates (empty when consistent)."""
    return [
        f"{check.identity} along {check.along}"
        for check in template.identity_checks
        if sum(values[check.table][c] for c in check.lhs) != sum(values[check.table][c] for c in check.rhs)
    ]


# -- label slots: every printed label of a report, keyed by where it stands --------------------


@attrs.frozen
class _Slot:
    key: str
    text: str
    alternatives: tuple[str, ...] = ()  # aliases / variants that still identify the row
    splittable: bool = True  # table headers and block titles anchor the table: never broken


def _slots(template: Template) -> Iterator[_Slot]:
    for table_id in TABLE_IDS:
        spec = template.tables[table_id]
        for i, text in enumerate(spec.header):
            yield _Slot(f"{table_id}:header:{i}", text, splittable=False)
        for block in spec.blocks:
            if block.title:
                yield _Slot(f"{table_id}:title:{block.key}", block.title, splittable=False)
            for col in block.columns:
                yield _Slot(f"{table_id}:col:{block.key}:{col.key}", col.label)
        for row in spec.rows:
            if row.labelled:
                yield _Slot(f"{table_id}:row:{row.key}", row.label, (*row.variants, *row.aliases))


def unbroken(report: Report, slots: str = ":") -> Report:
    """``report`` with every label whose slot key contains ``slots`` printed on one line."""
    labels = {k: Label((v.text,)) if slots in k else v for k, v in report.labels.items()}
    return attrs.evolve(report, labels=labels)


# -- strategies -------------------------------------------------------------------------------


@st.composite
def label_style(draw: st.DrawFn, text: str, alternatives: tuple[str, ...] = (), splittable: bool = True) -> Label:
    """A printed form of ``text``: maybe an alternative, brackets, inserted spaces, line breaks."""
    if alternatives and draw(st.integers(0, 5)) == 5:
        text = draw(st.sampled_from(alternatives))
    if "（" in text or "）" in text:
        brackets = draw(st.sampled_from(["full", "half", "mixed"]))
        if brackets == "half":
            text = text.replace("（", "(").replace("）", ")")
        elif brackets == "mixed":
            text = text.replace("（", "(", 1)
    if splittable and len(text) <= 6 and all(_CJK.match(c) for c in text) and draw(st.integers(0, 7)) == 7:
        return Label(tuple(text))  # vertical text: one character per line (seed 002: 自/然/人)
    chars = list(text)
    for _ in range(draw(st.integers(0, 2))):
        chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(_SPACES)))
    spaced = "".join(chars)
    if splittable and draw(st.integers(0, 3)) == 3:
        cuts = [i for i in range(1, len(spaced)) if _CJK.search(spaced[:i]) and _CJK.search(spaced[i:])]
        if cuts:
            i = draw(st.sampled_from(cuts))
            return Label((spaced[:i], spaced[i:]))
    return Label((spaced,))


def _sparse(draw: st.DrawFn, density: int, high: int = 30) -> int:
    """0 mostly; a number in 1..high with probability about density/10 (shrinks to 0)."""
    if draw(st.integers(0, 9)) >= 10 - density:
        return draw(st.integers(1, high))
    return 0


def _money(draw: st.DrawFn, density: int) -> Decimal:
    if draw(st.integers(0, 9)) >= 10 - density:
        return Decimal(draw(st.integers(1, 5000))) / draw(st.sampled_from([1, 10, 100]))
    return Decimal(0)


def _table2(draw: st.DrawFn, spec: TableSpec, density: int) -> dict[CellKey, Number]:
    out: dict[CellKey, Number] = {}
    for row, col in spec.template_cells():
        if col.kind == "money":
            out[row.key, col.key] = _money(draw, density)
        elif col.signed:  # 2019 本年增/减
            magnitude = _sparse(draw, density)
            out[row.key, col.key] = -magnitude if magnitude and draw(st.booleans()) else magnitude
        else:
            out[row.key, col.key] = _sparse(draw, density)
    return out


def _checks(template: Template, identity: str) -> list[IdentityCheck]:
    return [c for c in template.identity_checks if c.identity == identity]


def _table3(draw: st.DrawFn, template: Template, density: int) -> dict[CellKey, Number]:
    """Built so that T3_ROW_SUM, T3_RESULTS_SUM and T3_BALANCE hold by construction."""
    spec = template.tables["applications"]
    row_sum = _checks(template, "T3_ROW_SUM")[0]
    total_col = row_sum.lhs[0][1]
    parts = [c for _, c in row_sum.rhs]
    results = _checks(template, "T3_RESULTS_SUM")[0]
    results_total = results.lhs[0][0]
    outcomes = [r for r, _ in results.rhs]
    balance = _checks(template, "T3_BALANCE")[0]
    (received, carried_over), (_, carried_forward) = [r for r, _ in balance.lhs], [r for r, _ in balance.rhs]

    out: dict[CellKey, int] = {}
    for col in parts:
        for key in outcomes:
            out[key, col] = _sparse(draw, density)
        out[results_total, col] = sum(out[key, col] for key in outcomes)
        out[carried_forward, col] = _sparse(draw, density)
        owed = out[results_total, col] + out[carried_forward, col]
        out[carried_over, col] = draw(st.integers(0, owed)) if owed and draw(st.booleans()) else 0
        out[received, col] = owed - out[carried_over, col]
    for row in spec.leaf_rows:
        out[row.key, total_col] = sum(out[row.key, c] for c in parts)
    return dict(out)


def _table4(draw: st.DrawFn, template: Template, density: int) -> dict[CellKey, Number]:
    """Each group's 总计 is the sum of its four parts (T4_GROUP_SUM)."""
    out: dict[CellKey, Number] = {}
    for check in _checks(template, "T4_GROUP_SUM"):
        for cell in check.rhs:
            out[cell] = _sparse(draw, density, high=12)
        out[check.lhs[0]] = sum(out[c] for c in check.rhs)
    return out


@st.composite
def report(draw: st.DrawFn, version: str | None = None) -> Report:
    """A random report whose tables are consistent with every identity of its format."""
    version = version or draw(st.sampled_from(sorted(YEARS)))
    template = get_template(version)
    year = draw(st.sampled_from(YEARS[version]))
    organ = draw(st.sampled_from(_PLACES)) + draw(st.sampled_from(_DEPARTMENTS))
    density = draw(st.integers(0, 4))
    values = {
        "active_disclosure": _table2(draw, template.tables["active_disclosure"], density),
        "applications": _table3(draw, template, density),
        "review_litigation": _table4(draw, template, density),
    }
    for table_id in TABLE_IDS:  # a value for every template cell, and for no other cell
        assert set(values[table_id]) == {(r.key, c.key) for r, c in template.tables[table_id].template_cells()}
    assert not holds(template, values), holds(template, values)

    blank: set[tuple[str, str, str]] = set()
    mode = draw(st.sampled_from(["none", "some", "all"]))
    for table_id in TABLE_IDS:
        for key, value in values[table_id].items():
            if value == 0 and (mode == "all" or (mode == "some" and draw(st.booleans()))):
                blank.add((table_id, *key))

    labels = {s.key: draw(label_style(s.text, s.alternatives, s.splittable)) for s in _slots(template)}
    return Report(
        version=version,
        year=year,
        organ=organ,
        values=values,
        blank=frozenset(blank),
        labels=labels,
        title_split=draw(st.booleans()),
        cosmetic=draw(st.integers(0, 2**16)),
    )


def all_zero_report(version: str = "2021", year: int | None = None, organ: str = "乌海市工业和信息化局") -> Report:
    """Every cell 0, printed as 0, every label canonical."""
    template = get_template(version)
    values = {t: {(r.key, c.key): 0 for r, c in template.tables[t].template_cells()} for t in TABLE_IDS}
    labels = {s.key: Label((s.text,)) for s in _slots(template)}
    return Report(version, year or YEARS[version][0], organ, values, frozenset(), labels)


# -- printed table structure, shared by the layouts ---------------------------------------------


@attrs.frozen
class _Cell:
    kind: Literal["label", "value", "placeholder"]
    label: Label | None = None
    value: Number | None = None
    blank: bool = False


@attrs.frozen
class _Row:
    kind: Literal["title", "header", "data"]
    cells: tuple[_Cell, ...]
    spacer: int = 0  # tabs: width of an optional empty spacer row printed after this header row


_PH = _Cell("placeholder")  # a merged cell: printed as an empty tab cell, omitted elsewhere


def _lbl(report: Report, key: str) -> _Cell:
    return _Cell("label", label=report.labels[key])


def _values(report: Report, table_id: str, row_key: str, spec: TableSpec) -> list[_Cell]:
    cells = report.values[table_id]
    return [
        _Cell("value", value=cells[row_key, c.key], blank=(table_id, row_key, c.key) in report.blank)
        for c in spec.columns_of(row_key)
    ]


def _chain(spec: TableSpec, row: RowSpec) -> list[str]:
    """The group rows above a leaf row, outermost first (三、本年度办理结果, （三）不予公开)."""
    chain: list[str] = []
    parent = row.parent
    while parent is not None:
        chain.insert(0, parent)
        parent = spec.row(parent).parent
    return chain


def _table_rows(report: Report, table_id: str) -> list[_Row]:
    """The printed rows of one table, merged cells as placeholders (as the seeds print them)."""
    spec = report.template.tables[table_id]
    t = table_id
    rows: list[_Row] = []
    if table_id == "active_disclosure":
        for block in spec.blocks:
            rows.append(_Row("title", (_lbl(report, f"{t}:title:{block.key}"),)))
            cols = [_lbl(report, f"{t}:col:{block.key}:{c.key}") for c in block.columns]
            rows.append(_Row("header", (_lbl(report, f"{t}:header:0"), *cols)))
            for key in block.rows:
                rows.append(_Row("data", (_lbl(report, f"{t}:row:{key}"), *_values(report, t, key, spec))))
        return rows

    block = spec.blocks[0]
    col = {c.key: _lbl(report, f"{t}:col:{block.key}:{c.key}") for c in block.columns}
    if table_id == "applications":
        # corner note | 申请人情况 / 自然人 | 法人或其他组织 | 总计 / the five organisation columns
        corner, applicant, legal = (_lbl(report, f"{t}:header:{i}") for i in range(3))
        grouped = [c for c in block.columns if c.group]
        ungrouped = [c for c in block.columns if not c.group]
        rows.append(_Row("header", (corner, applicant)))
        rows.append(_Row("header", (_PH, col[ungrouped[0].key], legal, *(col[c.key] for c in ungrouped[1:]))))
        rows.append(_Row("header", (_PH, _PH, *(col[c.key] for c in grouped), _PH), spacer=len(block.columns) + 1))
        first_leaf: dict[str, str] = {}  # group row -> its first leaf row, where its label is printed
        for row in spec.leaf_rows:
            parent = row.parent
            while parent is not None:
                first_leaf.setdefault(parent, row.key)
                parent = spec.row(parent).parent
        for row in spec.leaf_rows:
            lead = [_lbl(report, f"{t}:row:{g}") if first_leaf[g] == row.key else _PH for g in _chain(spec, row)]
            rows.append(_Row("data", (*lead, _lbl(report, f"{t}:row:{row.key}"), *_values(report, t, row.key, spec))))
        return rows

    # review_litigation: 行政复议 | 行政诉讼 / five review columns, 未经复议直接起诉, 复议后起诉 / ten labels
    header = [_lbl(report, f"{t}:header:{i}") for i in range(len(spec.header))]
    groups: dict[str, list[str]] = {}
    for c in block.columns:
        groups.setdefault(c.group or "", []).append(c.key)
    first, *others = list(groups)
    rows.append(_Row("header", (header[0], header[1])))
    rows.append(_Row("header", (*(col[k] for k in groups[first]), *header[2:])))
    rows.append(
        _Row(
            "header",
            (*[_PH] * len(groups[first]), *(col[k] for g in others for k in groups[g])),
            spacer=len(block.columns),
        )
    )
    (row,) = spec.leaf_rows
    rows.append(_Row("data", tuple(_values(report, t, row.key, spec))))
    return rows


# -- layouts ------------------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def _num(value: Number, rng: random.Random | None = None) -> str:
    """The number as printed; now and then in full-width characters when ``rng`` is given."""
    text = str(value)
    return text.translate(_FULL_WIDTH) if rng is not None and rng.random() < 0.1 else text


def _lines_table(report: Report, table_id: str, rng: random.Random) -> list[str]:
    """One cell per line, one empty line between cells; merged cells are simply not printed."""
    cells = [c for row in _table_rows(report, table_id) for c in row.cells if c.kind != "placeholder"]
    out: list[str] = []
    for i, cell in enumerate(cells):
        if cell.kind == "label":
            assert cell.label is not None
            out += cell.label.parts  # a label broken over lines: consecutive non-empty lines
        elif cell.blank:
            glyph = rng.choice([NBSP, NBSP, IDSP, f" {NBSP}", f"{IDSP}{IDSP}", "hidden"])
            if glyph == "hidden" and i == len(cells) - 1:
                glyph = NBSP  # a hidden cell needs a cell after it
            # "hidden": an empty line in place of the cell, so three empty lines stand for one cell
            out.append("" if glyph == "hidden" else glyph)
        else:
            assert cell.value is not None
            out.append(rng.choice(["", "", " "]) + _num(cell.value, rng) + rng.choice(["", "", NBSP]))
        out.append("")
    return out


def _tabs_table(report: Report, table_id: str, rng: random.Random) -> list[str]:
    """Each cell on a line starting with a tab; a line without a tab continues the cell above."""
    out: list[str] = []
    for row in _table_rows(report, table_id):
        for i, cell in enumerate(row.cells):
            if cell.kind == "placeholder":
                out.append("\t")
            elif cell.kind == "label":
                assert cell.label is not None
                cut_off = (
                    row.kind == "data"
                    and i > 0
                    and row.cells[i - 1].kind == "placeholder"
                    and i + 1 < len(row.cells)
                    and row.cells[i + 1].kind == "label"
                )
                if cut_off and rng.random() < 0.3:
                    # seed 002: "\t" "\t" "" "（三）不予公开" "\t1.属于国家秘密" …: a group label
                    # printed without its tab after an empty line
                    out += ["", *cell.label.parts]
                else:
                    out.append("\t" + cell.label.parts[0])
                    out += cell.label.parts[1:]
            elif cell.blank:
                out.append("\t" + rng.choice(["", NBSP, IDSP + IDSP, IDSP]))
            else:
                assert cell.value is not None
                style = rng.choice(["plain", "plain", "plain", "ideographic", "newline"])
                if style == "newline":  # seed 002: "\t" then "0" on the next line
                    out += ["\t", _num(cell.value, rng)]
                else:
                    out.append("\t" + (IDSP if style == "ideographic" else "") + _num(cell.value, rng))
        out.append("")
        if row.spacer and rng.random() < 0.5:
            out += ["\t"] * row.spacer + [""]  # seed 002: a row of empty cells under the header
    return out


def _pipes_table(report: Report, table_id: str, rng: random.Random) -> list[str]:
    """Markdown pipe rows; merged cells are not printed, phantom empty cells trail some rows."""
    out: list[str] = []
    for row in _table_rows(report, table_id):
        texts = []
        for cell in row.cells:
            if cell.kind == "placeholder":
                continue
            if cell.kind == "label":
                assert cell.label is not None
                texts.append(cell.label.text)
            elif cell.blank:
                texts.append(rng.choice(["", NBSP, IDSP]))
            else:
                assert cell.value is not None
                texts.append(_num(cell.value, rng))
        out.append("| " + " | ".join(texts) + " |" + rng.choice(["", "", " |", " | |", " |||"]))
    return out


@attrs.frozen
class RowsOptions:
    """What the ``rows`` renderer may print; each switch turns off one known parser failure.

    ``break_labels``      a broken label prints its first part(s) on lines of their own and
                          the last part before the numbers (row labels) or alone (headers);
    ``full_width_signs``  full-width minus and decimal point (－, ．) in full-width numbers;
    ``glue_negatives``    a negative number run together with the number after it (``-300``)
                          even when other numbers of the row are separated by spaces.
    """

    break_labels: bool = True
    full_width_signs: bool = True
    glue_negatives: bool = True


def _rows_table(report: Report, table_id: str, rng: random.Random, options: RowsOptions) -> list[str]:
    """One table row per line: the label, then its numbers run together (PDF text).

    Header cells and group labels stand on lines of their own. Numbers are mostly run
    together, now and then separated by a space. Blank cells cannot be told apart here, so
    they are printed as the 0 they stand for.
    """

    def parts(label: Label | None) -> tuple[str, ...]:
        assert label is not None
        return label.parts if options.break_labels else (label.text,)

    def number(value: Number | None) -> str:
        assert value is not None
        text = _num(value, rng)
        return text if options.full_width_signs or text.isdigit() else str(value)

    out: list[str] = []
    for row in _table_rows(report, table_id):
        cells = [c for c in row.cells if c.kind != "placeholder"]
        if row.kind != "data":
            for cell in cells:
                out += parts(cell.label)
            continue
        labels = [c.label for c in cells if c.kind == "label"]
        numbers = [number(c.value) for c in cells if c.kind == "value"]
        digits = "".join(
            n + (" " if rng.random() < 0.15 or (not options.glue_negatives and n.startswith("-")) else "")
            for n in numbers[:-1]
        )
        digits += numbers[-1]
        if not labels:
            out.append(digits)
            continue
        for group in labels[:-1]:
            out += parts(group)
        own = parts(labels[-1])
        out += own[:-1]
        out.append(own[-1] + rng.choice(["", "", "", " "]) + digits)
    return out


@attrs.frozen
class ColumnsOptions:
    """How ``render_columns`` lays a table out, as ``pdftotext -layout`` prints a PDF table.

    ``width``        characters of a row label's line: a longer label wraps over lines;
    ``group_width``  characters of a group label's line (表三's ``三、本年度办理结果``, ``（三）不予公开``);
    ``align``        the line of its label the row's numbers stand on (a cell's text is centred,
                     or set at the top or bottom, by the program that drew the table);
    ``spacing``      empty lines between the lines of a label (pdftotext keeps a cell's line
                     spacing);
    ``blanks``       zero cells printed blank stand as nothing (else as ``0``): their column is
                     then known only by where the number would stand.
    """

    width: int = 10
    group_width: int = 4
    align: Literal["top", "middle", "bottom"] = "middle"
    spacing: int = 0
    blanks: bool = False


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of ``width`` characters, as a narrow cell wraps it (spaces at a line's
    ends are not printed)."""
    lines = [text[i : i + width].strip(" ") for i in range(0, len(text), width)]
    return [line for line in lines if line] or [text.strip()]


class _Canvas:
    """Lines of text, each a list of (column, text) pieces."""

    def __init__(self) -> None:
        self.lines: list[list[tuple[int, str]]] = []

    def put(self, line: int, column: int, text: str) -> None:
        while len(self.lines) <= line:
            self.lines.append([])
        self.lines[line].append((column, text))

    def text(self) -> list[str]:
        out = []
        for pieces in self.lines:
            line = ""
            for column, text in sorted(pieces):
                gap = column - len(line)
                line += " " * (gap if gap >= 2 or not line else 2) + text
            out.append(line.rstrip())
        return out


def _columns_table(report: Report, table_id: str, rng: random.Random, options: ColumnsOptions) -> list[str]:
    """A table as ``pdftotext -layout`` prints it: each cell's text at its column, a label
    wider than its column wrapped over lines, the numbers on one of those lines; group labels
    in a column of their own, their lines beside their rows' (see :class:`ColumnsOptions`)."""
    spec = report.template.tables[table_id]
    canvas = _Canvas()
    step = options.spacing + 1
    groups = 1 + max(len(_chain(spec, row)) for row in spec.leaf_rows) if table_id == "applications" else 1
    label_at = (groups - 1) * (options.group_width + 3)
    values_at = label_at + options.width + 4

    def numbers(cells: list[_Cell], line: int, column: int) -> None:
        for cell in cells:
            if cell.blank and options.blanks:
                text = ""
            else:
                assert cell.value is not None
                text = "0" if cell.blank else _num(cell.value)
            if text:
                canvas.put(line, column + 7 - len(text), text)
            column += 9

    line = 0
    block: dict[str, list[int]] = {}  # group row → the lines of its rows
    leaves = iter(spec.leaf_rows)  # 表三's data rows, in order
    for row in _table_rows(report, table_id):
        if row.kind != "data":
            for cell in row.cells:
                if cell.kind == "label":
                    assert cell.label is not None
                    canvas.put(line, values_at if row.kind == "header" else 0, cell.label.text.strip())
                    line += 1
            continue
        labels = [c for c in row.cells if c.kind == "label"]
        values = [c for c in row.cells if c.kind == "value"]
        if not labels:  # 表四's row of numbers
            numbers(values, line, values_at)
            line += 1
            continue
        own = labels[-1]
        assert own.label is not None
        wrapped = _wrap(own.label.text, options.width)
        at = {"top": 0, "middle": (len(wrapped) - 1) // 2, "bottom": len(wrapped) - 1}[options.align]
        for i, piece in enumerate(wrapped):
            canvas.put(line + i * step, label_at, piece)
        numbers(values, line + at * step, values_at)
        for group in _chain(spec, next(leaves)) if table_id == "applications" else []:
            block.setdefault(group, []).extend(range(line, line + len(wrapped) * step))
        line += len(wrapped) * step + 1
    for group, lines in block.items():  # a group's label, centred beside its rows
        depth = len(_chain(spec, spec.row(group)))
        label = report.labels[f"{table_id}:row:{group}"]
        wrapped = _wrap(label.text, options.group_width)
        first = lines[max(0, (len(lines) - len(wrapped) * step) // 2)]
        for i, piece in enumerate(wrapped):
            canvas.put(first + i * step, depth * (options.group_width + 3), piece)
    return canvas.text()


def render_columns(report: Report, options: ColumnsOptions = ColumnsOptions()) -> str:
    """Text laid out in columns, as ``pdftotext -layout`` converts a PDF (see ``ColumnsOptions``)."""
    return _document(report, "rows", lambda r, t, rng: _columns_table(r, t, rng, options))


@attrs.frozen
class PdfTextOptions:
    """How ``render_pdftext`` prints a table, as ``pdftotext`` converts a PDF without ``-layout``.

    ``mode``    ``raw`` (``pdftotext -raw``): a row's label, then its numbers one space apart,
                on one line; ``flowed`` (no flag): each cell a block of its own, blocks one
                after another with an empty line between, a label's lines one block;
    ``width``   characters of a label's line: a longer label wraps;
    ``digits``  full-width digits a cell holds on a line: a longer full-width number wraps,
                each piece on a line (raw: after the row's numbers before it, the row's next
                numbers on a new line) or a block (flowed) of its own;
    ``glue``    (raw) a full-width number run together with the number after it (pdftotext
                drops the space after a full-width glyph: ``１１５137``);
    ``blanks``  zero cells printed blank stand as nothing (else as ``0``);
    ``moved``   (flowed) chance that a row's numbers come after the next row's label;
    ``words``   (flowed) chance that a piece of a header stands among a row's numbers;
    ``joined``  (flowed) chance that a number's block is joined to the next number's on one
                line (pdftotext joins blocks that stand close: ``30 0``).

    Every page ends with a form feed, as pdftotext ends it.
    """

    mode: Literal["raw", "flowed"] = "raw"
    width: int = 12
    digits: int = 3
    glue: bool = False
    blanks: bool = False
    moved: float = 0.0
    words: float = 0.0
    joined: float = 0.0


def _pdftext_table(report: Report, table_id: str, rng: random.Random, options: PdfTextOptions) -> list[str]:
    """A table as ``pdftotext -raw`` or ``pdftotext`` prints it (see :class:`PdfTextOptions`)."""
    flowed = options.mode == "flowed"
    headers = [
        c.label.text.strip()
        for row in _table_rows(report, table_id)
        if row.kind == "header"
        for c in row.cells
        if c.kind == "label" and c.label is not None and len(c.label.text.strip()) > 1
    ]

    def pieces(cell: _Cell) -> list[str]:
        """The printed cell: nothing (a blank printed as nothing), or its lines."""
        if cell.blank and options.blanks:
            return []
        assert cell.value is not None
        text = "0" if cell.blank else _num(cell.value, rng)
        if text.isascii() or len(text) <= options.digits:
            return [text]
        return [text[i : i + options.digits] for i in range(0, len(text), options.digits)]

    blocks: list[list[str]] = []  # flowed: each block its lines; raw: each line a block
    pending: list[list[str]] = []  # flowed: a moved row's numbers, printed after the next label
    for row in _table_rows(report, table_id):
        labels = [c for c in row.cells if c.kind == "label" and c.label is not None]
        values = [pieces(c) for c in row.cells if c.kind == "value"]
        if row.kind != "data" or not values:
            blocks += [[c.label.text.strip()] for c in labels if c.label is not None]
            continue
        blocks += [_wrap(c.label.text, options.width) for c in labels[:-1] if c.label is not None]  # its groups
        label = [] if not labels else _wrap(labels[-1].label.text, options.width)  # type: ignore[union-attr]
        if flowed:
            if label:
                blocks.append(label)
            blocks += pending
            pending = []
            own: list[list[str]] = []
            for piece in (piece for cell in values for piece in cell):
                if own and rng.random() < options.joined:
                    own[-1] = [f"{own[-1][0]} {piece}"]
                else:
                    own.append([piece])
            if own and rng.random() < options.words:  # a piece of a header among the numbers
                word = "".join((rng.choice(headers) if headers else "结果").split())
                start = rng.randrange(len(word))
                own.insert(rng.randrange(len(own) + 1), [word[start : start + rng.randint(1, 3)]])
            if own and label and rng.random() < options.moved:
                pending = own
            else:
                blocks += own
            continue
        line = " ".join(label)
        for cell in values:
            if len(cell) > 1:  # a wrapped full-width number: its pieces on lines of their own,
                blocks += [[line], *([p] for p in cell)]  # the row's next numbers on a new line
                line = ""
                continue
            for piece in cell:
                glued = options.glue and line[-1:] in "０１２３４５６７８９" and piece[:1].isascii()
                line += piece if glued and line else f" {piece}" if line else piece
        if line:
            blocks.append([line])
    blocks += pending
    if not blocks:
        return []
    at = rng.randrange(len(blocks))
    blocks[at] = ["\f" + blocks[at][0], *blocks[at][1:]]  # a page ends inside the table
    if not flowed:
        return [line for block in blocks for line in block]
    return [line for block in blocks for line in (*block, "")]


def render_pdftext(report: Report, options: PdfTextOptions = PdfTextOptions()) -> str:
    """Text of a PDF as ``pdftotext -raw`` or ``pdftotext`` gives it (see ``PdfTextOptions``)."""
    return _document(report, "rows", lambda r, t, rng: _pdftext_table(r, t, rng, options)) + "\f"


@attrs.frozen
class PdfLinesOptions:
    """How ``render_pdflines`` prints a table, as a converter that takes a PDF's text line by
    line gives it (pdfplumber's ``extract_text``, markitdown): a row's label and its numbers on
    one line, each line where it stands on the page, pages joined without a form feed.

    ``apart``   chance that a row's numbers stand on a line of their own (the label, or a
                cell beside it, ran over two lines, and the numbers stand in the middle of
                the row's height): ``above`` the label with chance ``above``, else below it;
    ``pipes``   each line a markdown pipe row (markitdown), a row's numbers in cells of one
                or two numbers (``| 53 0 |``: the converter merged the page's cells), a
                label standing alone a line of plain text;
    ``pages``   chance of a page number line (``- 3 -``; ``| | - | 3 - |`` in pipe rows)
                between two lines of a table.
    """

    apart: float = 0.3
    above: float = 0.5
    pipes: bool = False
    pages: float = 0.0


def _pdflines_table(report: Report, table_id: str, rng: random.Random, options: PdfLinesOptions) -> list[str]:
    """A table as a line-by-line PDF converter prints it (see :class:`PdfLinesOptions`)."""

    def row_line(label: str, numbers: list[str]) -> str:
        if not options.pipes:
            return " ".join([label, *numbers]).strip()
        cells: list[str] = []
        for n in numbers:
            if cells and cells[-1].count(" ") == 0 and cells[-1] != "" and rng.random() < 0.4:
                cells[-1] += " " + n
            else:
                cells.append(n)
        return "| " + " | ".join([label, *cells]) + " |"

    lines: list[str] = []
    for row in _table_rows(report, table_id):
        labels = [c.label.text.strip() for c in row.cells if c.kind == "label" and c.label is not None]
        numbers = ["0" if c.blank else _num(c.value) for c in row.cells if c.kind == "value" and c.value is not None]
        if row.kind != "data" or not numbers:
            lines += labels
            continue
        lines += labels[:-1]  # its groups, each on a line of its own
        label = labels[-1] if labels else ""
        if label and rng.random() < options.apart:
            own = [label, row_line("", numbers)]
            lines += own[::-1] if rng.random() < options.above else own
        else:
            lines.append(row_line(label, numbers))
    out: list[str] = []
    for line in lines:
        out.append(line)
        if rng.random() < options.pages:
            page = rng.randint(2, 9)
            out.append(f"| | - | {page} - |" if options.pipes else f"- {page} -")
    return out


def render_pdflines(report: Report, options: PdfLinesOptions = PdfLinesOptions()) -> str:
    """Text of a PDF as a line-by-line converter gives it (see ``PdfLinesOptions``)."""
    return _document(report, "rows", lambda r, t, rng: _pdflines_table(r, t, rng, options))


_TableRenderer = Callable[[Report, str, random.Random], list[str]]
_TABLE_UNDER = {"二": "active_disclosure", "三": "applications", "四": "review_litigation"}


def _document(report: Report, layout: Layout, tables: _TableRenderer) -> str:
    rng = random.Random(report.cosmetic)
    body: list[str] = []
    if report.title_split:  # seed 002: the organ on its own line above the title
        body += [report.organ, f"{report.year}年政府信息公开工作年度报告"]
    else:
        body.append(report.title)
    if layout == "lines":
        body = [line for title_line in body for line in (title_line, "")]
    else:
        body.append("")
    for section in report.template.sections:
        heading = f"{section.numeral}、{section.title}"
        if layout == "lines":  # seed 000: "  一、总体情况\xa0"
            heading = rng.choice(["", "  "]) + heading + rng.choice(["", NBSP])
        prose = _PROSE[section.numeral]
        body += [heading, "", prose, ""] if layout == "lines" else [heading, prose]
        table_id = _TABLE_UNDER.get(section.numeral)
        if table_id is not None:
            body += tables(report, table_id, rng)
    body += ["", report.organ]
    if layout == "lines":
        body.append("")
    body.append(f"{report.year + 1}年1月20日")
    return "\n".join(body) + "\n"


def render_lines(report: Report) -> str:
    """One cell per line, cells separated by an empty line (seeds 000, 004)."""
    return _document(report, "lines", _lines_table)


def render_tabs(report: Report) -> str:
    """Each cell on a line starting with a tab, rows separated by an empty line (seeds 001, 002)."""
    return _document(report, "tabs", _tabs_table)


def render_pipes(report: Report) -> str:
    """Markdown pipe rows with phantom empty cells (seed 003)."""
    return _document(report, "pipes", _pipes_table)


def render_rows(report: Report, options: RowsOptions = RowsOptions()) -> str:
    """One table row per line, numbers run together (PDF text); blank cells printed as 0."""
    return _document(report, "rows", lambda r, t, rng: _rows_table(r, t, rng, options))


RENDERERS: dict[Layout, Callable[[Report], str]] = {
    "lines": render_lines,
    "tabs": render_tabs,
    "pipes": render_pipes,
    "rows": render_rows,
}


# -- HTML and DOCX: the national layout with merged cells -----------------------------------------


@attrs.frozen
class _Span:
    cell: _Cell
    rowspan: int = 1
    colspan: int = 1


def _spread(cells: list[_Cell], width: int) -> list[_Span]:
    """Cells across ``width`` columns: the last one spans what is left (表二's single value)."""
    spans = [_Span(c) for c in cells]
    if spans and len(cells) < width:
        spans[-1] = attrs.evolve(spans[-1], colspan=width - len(cells) + 1)
    return spans


def span_rows(report: Report, table_id: str) -> list[list[_Span]]:
    """The rows of one table as the national format prints it, with row and column spans."""
    spec = report.template.tables[table_id]
    t = table_id
    if table_id == "active_disclosure":
        width = 1 + max(len(b.columns) for b in spec.blocks)
        rows: list[list[_Span]] = []
        for block in spec.blocks:
            rows.append([_Span(_lbl(report, f"{t}:title:{block.key}"), colspan=width)])
            cols = [_lbl(report, f"{t}:col:{block.key}:{c.key}") for c in block.columns]
            rows.append([_Span(_lbl(report, f"{t}:header:0")), *_spread(cols, width - 1)])
            for key in block.rows:
                rows.append([_Span(_lbl(report, f"{t}:row:{key}")), *_spread(_values(report, t, key, spec), width - 1)])
        return rows
    block = spec.blocks[0]
    col = {c.key: _lbl(report, f"{t}:col:{block.key}:{c.key}") for c in block.columns}
    if table_id == "applications":
        chains = {row.key: _chain(spec, row) for row in spec.leaf_rows}
        label_cols = 1 + max(len(c) for c in chains.values())
        leaves: dict[str, list[str]] = {}
        for key, chain in chains.items():
            for g in chain:
                leaves.setdefault(g, []).append(key)
        grouped = [c for c in block.columns if c.group]
        ungrouped = [c for c in block.columns if not c.group]
        corner, applicant, legal = (_lbl(report, f"{t}:header:{i}") for i in range(3))
        rows = [
            [_Span(corner, rowspan=3, colspan=label_cols), _Span(applicant, colspan=len(block.columns))],
            [
                _Span(col[ungrouped[0].key], rowspan=2),
                _Span(legal, colspan=len(grouped)),
                *(_Span(col[c.key], rowspan=2) for c in ungrouped[1:]),
            ],
            [_Span(col[c.key]) for c in grouped],
        ]
        for row in spec.leaf_rows:
            chain = chains[row.key]
            lead = [
                _Span(_lbl(report, f"{t}:row:{g}"), rowspan=len(leaves[g])) for g in chain if leaves[g][0] == row.key
            ]
            own = _Span(_lbl(report, f"{t}:row:{row.key}"), colspan=label_cols - len(chain))
            rows.append([*lead, own, *(_Span(v) for v in _values(report, t, row.key, spec))])
        return rows
    header = [_lbl(report, f"{t}:header:{i}") for i in range(len(spec.header))]
    groups: dict[str, list[str]] = {}
    for c in block.columns:
        groups.setdefault(c.group or "", []).append(c.key)
    first, *others = list(groups)
    (row,) = spec.leaf_rows
    return [
        [_Span(header[0], colspan=len(groups[first])), _Span(header[1], colspan=sum(len(groups[g]) for g in others))],
        [
            *(_Span(col[k], rowspan=2) for k in groups[first]),
            *(_Span(h, colspan=len(groups[g])) for h, g in zip(header[2:], others, strict=True)),
        ],
        [_Span(col[k]) for g in others for k in groups[g]],
        [_Span(v) for v in _values(report, t, row.key, spec)],
    ]


def _cell_text(cell: _Cell, rng: random.Random, blank: tuple[str, ...]) -> tuple[str, ...]:
    if cell.kind == "label":
        assert cell.label is not None
        return cell.label.parts
    if cell.blank:
        return (rng.choice(blank),)
    assert cell.value is not None
    return (_num(cell.value, rng),)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_table(report: Report, table_id: str, rng: random.Random) -> list[str]:
    out = ['<table border="1" cellspacing="0" style="width:100%">', "<tbody>"]
    for row in span_rows(report, table_id):
        cells = []
        for span in row:
            attrs_ = (f' rowspan="{span.rowspan}"' if span.rowspan > 1 else "") + (
                f' colspan="{span.colspan}"' if span.colspan > 1 else ""
            )
            parts = _cell_text(span.cell, rng, ("", "&nbsp;", "\u3000", " "))
            text = "<br/>".join(p if p in ("&nbsp;",) else _esc(p) for p in parts)
            cells.append(f"<td{attrs_}><p>{text}</p></td>" if rng.random() < 0.3 else f"<td{attrs_}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def render_html(report: Report) -> str:
    """A whole government web page holding the report: navigation, breadcrumb, the article
    (title, 发布时间 line, sections, tables in the national layout with rowspan/colspan),
    and the site footer."""
    rng = random.Random(report.cosmetic)
    published = f"{report.year + 1}-01-20"
    title = (
        f"{_esc(report.organ)}<br/>{report.year}年政府信息公开工作年度报告"
        if report.title_split
        else _esc(report.title)
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_esc(report.title)}_政府网</title>",
        f'<meta name="PubDate" content="{published} 09:30">',
        "<script>var tracker = '<p>一、总体情况</p>';</script>",
        "</head>",
        "<body>",
        '<div class="nav"><ul><li><a href="#">首页</a></li><li><a href="#">政务公开</a></li>'
        '<li><a href="#">办事服务</a></li><li><a href="#">互动交流</a></li></ul></div>',
        '<div class="crumb">当前位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> &gt; 年度报告</div>',
        '<div class="article">',
        f"<h1>{title}</h1>",
        f'<div class="info">发布时间：{published}　来源：{_esc(report.organ)}　'
        '<span class="tools">【字体：大 中 小】【打印】【关闭】</span></div>',
        '<div class="content" id="zoom">',
    ]
    for section in report.template.sections:
        out.append(f"<p><strong>{section.numeral}、{section.title}</strong></p>")
        out.append(f"<p>{_PROSE[section.numeral]}</p>")
        table_id = _TABLE_UNDER.get(section.numeral)
        if table_id is not None:
            out += _html_table(report, table_id, rng)
    out += [
        f'<p style="text-align:right">{_esc(report.organ)}</p>',
        f'<p style="text-align:right">{report.year + 1}年1月20日</p>',
        "</div>",
        '<div class="share">分享到：微信 微博</div>',
        "</div>",
        '<div class="footer"><p>主办单位：人民政府办公室　版权所有</p><p>网站标识码：1234567890　ICP备12345678号</p></div>',
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


_NUM_ID = "907"


def _number_headings(document: object) -> None:
    """Add a list definition that numbers level 0 as 一、二、…, as Word's 中文编号 does."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_NUM_ID}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
    )
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{_NUM_ID}"><w:abstractNumId w:val="{_NUM_ID}"/></w:num>')
    numbering.insert(0, abstract)
    numbering.append(num)


def _numbered(paragraph: object) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    p_pr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{_NUM_ID}"/></w:numPr>'))


def _docx_table(rows: list[list[_Span]], rng: random.Random) -> object:
    """A ``w:tbl`` as Word writes merged cells: ``gridSpan`` across, ``vMerge`` down (the first
    cell ``restart``, the cells below it empty ``continue`` cells)."""
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    starts: dict[tuple[int, int], _Span] = {}
    below: dict[tuple[int, int], _Span] = {}  # (row, column) covered by a cell from a row above
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            while (r, c) in below or (r, c) in starts:
                c += below[r, c].colspan if (r, c) in below else 1
            starts[r, c] = span
            for dr in range(1, span.rowspan):
                below[r + dr, c] = span
            c += span.colspan
            width = max(width, c)
    out = [f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblBorders/></w:tblPr><w:tblGrid>"]
    out += ["<w:gridCol/>"] * width
    out.append("</w:tblGrid>")
    for r in range(len(rows)):
        out.append("<w:tr>")
        c = 0
        while c < width:
            span = starts.get((r, c)) or below.get((r, c))
            if span is None:
                c += 1
                continue
            props = f'<w:gridSpan w:val="{span.colspan}"/>' if span.colspan > 1 else ""
            if (r, c) in below:
                out.append(f"<w:tc><w:tcPr>{props}<w:vMerge/></w:tcPr><w:p/></w:tc>")
            else:
                props += '<w:vMerge w:val="restart"/>' if span.rowspan > 1 else ""
                paragraphs = "".join(
                    f'<w:p><w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r></w:p>'
                    for part in _cell_text(span.cell, rng, ("", NBSP, IDSP))
                )
                out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>")
            c += span.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return parse_xml("".join(out))


def render_docx(report: Report, numbered_headings: bool = False) -> bytes:
    """A Word document of the report: tables with merged cells (gridSpan, vMerge); section
    headings typed, or numbered by Word's list numbering when ``numbered_headings``."""
    import io

    import docx

    rng = random.Random(report.cosmetic)
    document = docx.Document()
    if numbered_headings:
        _number_headings(document)
    if report.title_split:
        document.add_paragraph(report.organ)
        document.add_paragraph(f"{report.year}年政府信息公开工作年度报告")
    else:
        document.add_paragraph(report.title)
    for section in report.template.sections:
        if numbered_headings:
            _numbered(document.add_paragraph(section.title))
        else:
            document.add_paragraph(f"{section.numeral}、{section.title}")
        document.add_paragraph(_PROSE[section.numeral])
        table_id = _TABLE_UNDER.get(section.numeral)
        if table_id is None:
            continue
        anchor = document.add_paragraph()._p  # the table goes where the next paragraph would
        anchor.addnext(_docx_table(span_rows(report, table_id), rng))
        anchor.getparent().remove(anchor)
    document.add_paragraph(report.organ)
    document.add_paragraph(f"{report.year + 1}年1月20日")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- crawler and converter families -------------------------------------------------------------
#
# Renderings the seeds do not have, each built from the same Report (see tests/test_families.py
# and ../shared/corpus/README.md for the real reports they imitate):
#
# ``spans``               crawler text of an HTML page: one text span per line, no empty line;
#                         blank cells dropped; enumerators, half-width brackets and numbers in
#                         sentences cut off onto lines of their own; a crawler metadata header.
# ``dedup``               one cell per line, blank cells dropped, runs of equal consecutive
#                         lines collapsed to one (a crawler that drops repeated lines).
# ``oneline``             the whole article on one line, table cells run together with no
#                         separator (``…申请数量1000001二、上年结转…``); blank cells printed as 0.
# ``oneline_spaced``      the same with one space between cells.
# ``markdown``            a converter's markdown: ``#`` title, ``##`` sections, each table one
#                         pipe table (the national grid, merged cells empty or repeated).
# ``markdown_rowtables``  表二 one pipe table per block, 表三 one small table per row (or per
#                         group) under a placeholder header ``| 类别 | 数据1 … 数据6 | 总计 |``,
#                         表四 three small tables, one per group.
# ``markdown_flat4``      as markdown_rowtables, but 表四 one row of 15 values under a short
#                         header.
#
# Every family can print its section headings in variant wording (``headings="variant"``, see
# HEADING_VARIANTS); the renderers in FAMILIES choose per heading (``"random"``).
#
# What a family can prove is said per row by ``row_proofs``: "exact" (the row must be read
# back exactly), "lost" (the rendering lost cells of the row: the reader must not guess; it
# leaves the row unread with a TableProblem, or reads it back exactly where the identities
# prove the one reading) and "either" (every cell is printed, but the printed text has more
# than one reading that fits the row's own identities: read exactly, or unread with a
# TableProblem). ``expected_cells`` gives the values of every row (("missing", None) for
# "lost" rows).

Family = Literal["spans", "dedup", "oneline", "oneline_spaced", "markdown", "markdown_rowtables", "markdown_flat4"]
Proof = Literal["exact", "lost", "either"]
HeadingStyle = Literal["canonical", "variant", "random"]

FAMILY_NAMES: tuple[Family, ...] = (
    "spans",
    "dedup",
    "oneline",
    "oneline_spaced",
    "markdown",
    "markdown_rowtables",
    "markdown_flat4",
)

# Section headings as reports word them, beside the format's own wording (real reports:
# fujian_putian_stats_bureau_2022, jiangsu_shuyang_county_gov_2025).
HEADING_VARIANTS: Mapping[str, tuple[str, ...]] = {
    "一": ("政府信息公开总体情况",),
    "四": ("因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
    "五": ("存在的主要问题及整改措施", "政府信息公开工作存在的主要问题及改进情况"),
}

_Tag = tuple[str, str, str]  # (table, row, col) of a printed value


def _rng(report: Report, *key: object) -> random.Random:
    """A generator for one decision of one report, independent of the order of other decisions
    (so that ``expected_cells`` can replay it without rendering)."""
    return random.Random(":".join(str(k) for k in (report.cosmetic, *key)))


def section_titles(report: Report, headings: HeadingStyle = "canonical") -> dict[str, str]:
    """numeral -> the heading's words as this rendering prints them."""
    out = {}
    for section in report.template.sections:
        variants = HEADING_VARIANTS.get(section.numeral, ())
        title = section.title
        coin = _rng(report, "heading", section.numeral).random() < 0.5
        if variants and (headings == "variant" or (headings == "random" and coin)):
            title = _rng(report, "variant", section.numeral).choice(variants)
        out[section.numeral] = title
    return out


def _published(report: Report) -> tuple[str, str]:
    """The page's 发布时间 (after the year ends, before the 31 January deadline) and the much
    later 采集时间 of the crawler, as ``YYYY-MM-DD HH:MM``."""
    rng = _rng(report, "published")
    published = f"{report.year + 1}-01-{rng.randint(2, 28):02d} {rng.randint(8, 19):02d}:{rng.randint(0, 59):02d}"
    later = report.year + rng.randint(2, 3)
    fetched = f"{later}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 0{rng.randint(0, 9)}:12"
    return published, fetched


def _signed(report: Report) -> str:
    day = int(_published(report)[0][8:10])
    return f"{report.year + 1}年1月{day}日"


def _crawler_header(report: Report, colon: str) -> list[str]:
    """The metadata a crawler writes above the article it saved."""
    rng = _rng(report, "header")
    published, fetched = _published(report)
    month = f"{report.year + 1}01"
    path = f"zwgk/zfxxgknb/{month}/t{month}{rng.randint(10, 28)}_{rng.randint(10000, 999999)}.htm"
    lines = [f"标题{colon}{report.title}", f"发布时间{colon}{published}"]
    if rng.random() < 0.5:
        lines += [f"文号{colon}", f"发布机构{colon}{report.organ}", f"栏目{colon}政府信息公开年报"]
    lines.append(f"{rng.choice(['原始链接', '原文链接'])}{colon}https://www.example.gov.cn/{path}")
    lines.append(f"采集时间{colon}{fetched}")
    lines.append(rng.choice([f"正文{colon.strip()}", "==================== 正文 ====================", f"正文{colon}"]))
    return [line.rstrip() for line in lines]


def _intro(report: Report) -> str:
    return f"根据《中华人民共和国政府信息公开条例》要求，现公布{report.organ}{report.year}年政府信息公开工作年度报告。"


def _figures(report: Report) -> str:
    """A sentence stating table figures (as prose-table-mismatch reads them), true to the tables."""
    t3, t4 = report.values["applications"], report.values["review_litigation"]
    litigation = t4["cases", "direct_suit.total"] + t4["cases", "suit_after_review.total"]
    return (
        f"本年度共收到政府信息公开申请{t3['new_received', 'total']}件，办结{t3['results_total', 'total']}件；"
        f"发生行政复议{t4['cases', 'review.total']}件、行政诉讼{litigation}件。"
    )


def _prose(report: Report, numeral: str) -> list[str]:
    """The paragraphs of one section."""
    return [_PROSE[numeral], _figures(report)] if numeral == "一" else [_PROSE[numeral]]


def _data_rows(report: Report, table_id: str) -> list[tuple[_Row, str | None]]:
    """The printed rows of one table, each data row with its template row key."""
    spec = report.template.tables[table_id]
    if table_id == "active_disclosure":
        keys = [k for b in spec.blocks for k in b.rows]
    else:
        keys = [r.key for r in spec.leaf_rows]
    rows = _table_rows(report, table_id)
    data = iter(keys)
    out = [(row, next(data) if row.kind == "data" else None) for row in rows]
    assert next(data, None) is None
    return out


def _value_cells(report: Report, table_id: str, row_key: str) -> list[tuple[str, Number, bool]]:
    """(column key, value, printed blank) of one row, in printed order."""
    spec = report.template.tables[table_id]
    return [
        (c.key, report.values[table_id][row_key, c.key], (table_id, row_key, c.key) in report.blank)
        for c in spec.columns_of(row_key)
    ]


def _printed(value: Number) -> str:
    return str(value)


# -- spans and dedup: one text span per line ------------------------------------------------------


@attrs.frozen
class _Line:
    text: str
    value: _Tag | None = None  # the table cell printed on this line
    label: tuple[str, str | None] | None = None  # (table, row key or None for headers) of a label line


def _is_ascii(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def _ascii_runs(text: str) -> list[str]:
    """Cut where the text changes between ASCII and other characters (a crawler keeps the spans
    a page sets in a Latin font: ``(`` ``一`` ``)`` ``予以公开``, ``3.`` ``其他``). Spaces stay with
    the run before them."""
    out: list[str] = []
    for ch in text:
        if out and (ch.isspace() or _is_ascii(ch) == _is_ascii(out[-1].rstrip()[-1:] or ch)):
            out[-1] += ch
        else:
            out.append(ch)
    return out


_FULL_ENUMERATOR = re.compile(r"^\s*（\s*[一二三四五六七八九十]+\s*）")


def _span_pieces(text: str, rng: random.Random) -> list[str]:
    """One printed label part as a crawler may cut it into spans."""
    pieces = [text]
    if (m := _FULL_ENUMERATOR.match(text)) and rng.random() < 0.3:
        pieces = [text[: m.end()], text[m.end() :]]
    if any(_is_ascii(ch) for ch in text) and rng.random() < 0.5:
        pieces = [run for piece in pieces for run in _ascii_runs(piece)]
    out: list[str] = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if out and re.fullmatch(r"\d+", out[-1]):  # a bare digit would read as a value: keep it joined
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _prose_spans(text: str, split: bool) -> list[str]:
    """A paragraph; with ``split`` every number on a line of its own ('发生行政复议' / '6' / '件、')."""
    if not split:
        return [text]
    return [p for p in (s.strip() for s in re.split(r"(\d+(?:\.\d+)?)", text)) if p]


def _crawler_table(report: Report, table_id: str, rng: random.Random, split: bool) -> list[_Line]:
    out: list[_Line] = []
    for row, row_key in _data_rows(report, table_id):
        values = iter(_value_cells(report, table_id, row_key) if row_key else ())
        for cell in row.cells:
            if cell.kind == "placeholder":
                continue
            if cell.kind == "label":
                assert cell.label is not None
                parts = [p.strip() for p in cell.label.parts if p.strip()]
                if split:
                    parts = [piece for part in cell.label.parts for piece in _span_pieces(part, rng)]
                out += [_Line(p, label=(table_id, row_key)) for p in parts]
                continue
            col, value, blank = next(values)
            if not blank:  # a crawler drops an empty span
                out.append(_Line(_printed(value), value=(table_id, row_key or "", col)))
    return out


def _crawler_lines(report: Report, headings: HeadingStyle, split: bool) -> list[_Line]:
    """The article as a crawler saves a page: metadata header, then one span per line."""
    rng = random.Random(report.cosmetic)
    out = [_Line(line) for line in _crawler_header(report, "：" if split else ": ")]
    if rng.random() < 0.5:
        out.append(_Line(report.title))
    out += [_Line(p) for p in _prose_spans(_intro(report), split)]
    titles = section_titles(report, headings)
    for section in report.template.sections:
        if split and rng.random() < 0.4:
            out += [_Line(f"{section.numeral}、"), _Line(titles[section.numeral])]
        else:
            out.append(_Line(f"{section.numeral}、{titles[section.numeral]}"))
        out += [_Line(p) for text in _prose(report, section.numeral) for p in _prose_spans(text, split)]
        table_id = _TABLE_UNDER.get(section.numeral)
        if table_id is not None:
            out += _crawler_table(report, table_id, rng, split)
    out.append(_Line(report.organ))
    out += [_Line(p) for p in _prose_spans(_signed(report), split and rng.random() < 0.5)]
    return out


def render_spans(report: Report, headings: HeadingStyle = "random") -> str:
    """Crawler text of an HTML page: one text span per line and no empty line (real report:
    fujian_sanming_city_gov_2022.txt).

    Every table cell on a line of its own; blank cells dropped, as a crawler drops an empty span;
    label parts on lines of their own, half-width enumerators and brackets cut off ('3.' /
    '其他', '(' / '一' / ')' / '予以公开'); section numbers now and then alone on a line
    ('一、' / '总体情况'); numbers in sentences on lines of their own; the crawler's metadata
    header (标题：, 发布时间：, 原始链接：, 采集时间：) above.
    """
    return "\n".join(line.text for line in _crawler_lines(report, headings, split=True)) + "\n"


def _collapse(lines: list[_Line]) -> tuple[list[_Line], set[tuple[str, str]], set[str]]:
    """Runs of equal consecutive lines as one line; the (table, row) whose values were in a
    collapsed run, and the tables that lost a label line."""
    out: list[_Line] = []
    rows: set[tuple[str, str]] = set()
    tables: set[str] = set()
    run: list[_Line] = []
    for line in [*lines, None]:
        if line is not None and run and line.text == run[0].text:
            run.append(line)
            continue
        if len(run) > 1:
            rows |= {(c.value[0], c.value[1]) for c in run if c.value}
            tables |= {c.label[0] for c in run if c.label}
        if run:
            out.append(run[0])
        run = [line] if line is not None else []
    return out, rows, tables


def render_dedup(report: Report, headings: HeadingStyle = "random") -> str:
    """One cell per line (blank cells dropped), runs of equal consecutive lines collapsed to one,
    as a crawler that drops repeated lines (real report: fujian_putian_stats_bureau_2022_dedup.txt:
    ``4 0 0 0 0 0 4`` printed as ``4 0 4``, the fifteen zeros of 表四 as one ``0``)."""
    lines, _, _ = _collapse(_crawler_lines(report, headings, split=False))
    return "\n".join(line.text for line in lines) + "\n"


# -- oneline: the whole article on one line -------------------------------------------------------

_NAVIGATION = (
    "首页 > 政务公开 > 政府信息公开年报 ",
    "您当前的位置：首页>信息公开>年度报告 ",
    "网站首页 政府信息公开 法定主动公开内容 ",
)


def _oneline_table(report: Report, table_id: str) -> list[str]:
    out: list[str] = []
    for row, row_key in _data_rows(report, table_id):
        values = iter(_value_cells(report, table_id, row_key) if row_key else ())
        for cell in row.cells:
            if cell.kind == "label":
                assert cell.label is not None
                out.append(cell.label.text.strip())
            elif cell.kind == "value":
                _, value, blank = next(values)
                out.append("0" if blank else _printed(value))  # a crawler cannot show a blank
    return [t for t in out if t]


def _render_oneline(report: Report, headings: HeadingStyle, sep: str) -> str:
    rng = random.Random(report.cosmetic)
    pieces: list[str] = []
    if rng.random() < 0.5:
        pieces.append(rng.choice(_NAVIGATION).strip() + " ")
    if rng.random() < 0.6:
        pieces.append(report.title)
    pieces.append(_intro(report))
    titles = section_titles(report, headings)
    for section in report.template.sections:
        pieces.append(f"{section.numeral}、{titles[section.numeral]}")
        pieces += _prose(report, section.numeral)
        table_id = _TABLE_UNDER.get(section.numeral)
        if table_id is not None:
            pieces += _oneline_table(report, table_id)
    if rng.random() < 0.5:
        pieces += [report.organ, _signed(report)]
    article = sep.join(pieces)
    return "\n".join([*_crawler_header(report, ": "), article]) + "\n"


def render_oneline(report: Report, headings: HeadingStyle = "random") -> str:
    """The whole article on one line (real report: fujian_pingtan_police_bureau_2022.txt):
    navigation words, title, headings, prose and the three tables run together, table cells
    with no separator ('一、本年新收政府信息公开申请数量1000001二、上年结转…'); blank cells printed
    as 0 (a crawler cannot show them); the crawler's metadata header on the lines above."""
    return _render_oneline(report, headings, "")


def render_oneline_spaced(report: Report, headings: HeadingStyle = "random") -> str:
    """As ``render_oneline``, one space between cells (and between all other pieces)."""
    return _render_oneline(report, headings, " ")


# -- markdown: a converter's output ---------------------------------------------------------------


def _md_blank(report: Report, table_id: str, row: str, col: str) -> str:
    """How a converter prints one blank cell: an empty pipe cell or '-'."""
    return _rng(report, "md-blank", table_id, row, col).choice(["", "-"])


def _md_value(report: Report, table_id: str, row: str, col: str) -> str:
    if (table_id, row, col) in report.blank:
        return _md_blank(report, table_id, row, col)
    return _printed(report.values[table_id][row, col])


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_md_row(header), "|" + "---|" * len(header), *(_md_row(r) for r in rows)]


def _md_grid(report: Report, table_id: str, rng: random.Random) -> list[str]:
    """The national layout as one pipe table: the first printed row is the markdown header,
    cells covered by a column span are empty, cells covered by a row span are empty or repeat
    the label (converters do both)."""
    spans = span_rows(report, table_id)
    repeat = rng.random() < 0.5
    keys = iter(r.key for r in report.template.tables[table_id].leaf_rows)
    if table_id == "active_disclosure":
        keys = iter(k for b in report.template.tables[table_id].blocks for k in b.rows)
    starts: dict[tuple[int, int], tuple[_Span, str | None]] = {}
    below: dict[tuple[int, int], tuple[_Span, bool]] = {}  # covered cell -> (span, in its first column)
    width = 0
    for r, row in enumerate(spans):
        row_key = next(keys) if any(s.cell.kind == "value" for s in row) else None
        values = iter(c.key for c in report.template.tables[table_id].columns_of(row_key)) if row_key else iter(())
        c = 0
        for span in row:
            while (r, c) in below:
                c += below[r, c][0].colspan
            text = None
            if span.cell.kind == "value":
                assert row_key is not None
                text = _md_value(report, table_id, row_key, next(values))
            starts[r, c] = (span, text)
            for dr in range(1, span.rowspan):
                for dc in range(span.colspan):
                    below[r + dr, c + dc] = (span, dc == 0)
            c += span.colspan
            width = max(width, c)
    grid: list[list[str]] = []
    for r in range(len(spans)):
        cells = []
        for c in range(width):
            if (r, c) in starts:
                span, text = starts[r, c]
                if text is None:
                    assert span.cell.label is not None
                    text = span.cell.label.text.strip()
                cells.append(text)
            elif (r, c) in below and repeat and below[r, c][1] and (label := below[r, c][0].cell.label):
                cells.append(label.text.strip())
            else:
                cells.append("")
        grid.append(cells)
    return ["", *_md_table(grid[0], grid[1:]), ""]


_ENUMERATOR = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(]\s*[一二三四五六七八九十]+\s*[）)]|\d+\s*[.．、])\s*")


def _block_name(text: str, rng: random.Random) -> str:
    return f"**{text}**" if rng.random() < 0.3 else f"### {text}"


def _md_table2(report: Report, rng: random.Random) -> list[str]:
    """表二 as one small table per 第二十条 block."""
    spec = report.template.tables["active_disclosure"]
    t = "active_disclosure"
    out: list[str] = []
    for block in spec.blocks:
        cols = [report.labels[f"{t}:col:{block.key}:{c.key}"].text.strip() for c in block.columns]
        header = [report.labels[f"{t}:header:0"].text.strip(), *cols]
        rows = [
            [report.labels[f"{t}:row:{key}"].text, *(_md_value(report, t, key, c.key) for c in block.columns)]
            for key in block.rows
        ]
        out += ["", _block_name(report.labels[f"{t}:title:{block.key}"].text, rng), *_md_table(header, rows)]
    return [*out, ""]


def _md_table3(report: Report, rng: random.Random) -> list[str]:
    """表三 as small tables under a placeholder header, one per row (or one per group of rows),
    each headed by its row label; the label repeated in the first cell, sometimes without its
    enumerator. Now and then the converter's empty header tables come first."""
    t = "applications"
    spec = report.template.tables[t]
    columns = spec.columns_of(spec.leaf_rows[0].key)
    header = ["类别", *(f"数据{i}" for i in range(1, len(columns))), columns[-1].label]
    out: list[str] = [""]
    if rng.random() < 0.5:
        out += ["### 申请人情况 (自然人)", *_md_table(["(数据项目)", "数量"], [["-", "-"]]), ""]
    headed: set[str] = set()

    def first_cell(key: str) -> str:
        text = report.labels[f"{t}:row:{key}"].text.strip()
        return _ENUMERATOR.sub("", text) if rng.random() < 0.3 else text

    def values(key: str) -> list[str]:
        return [_md_value(report, t, key, c.key) for c in spec.columns_of(key)]

    # A group whose rows are all leaves may stand as one table (the real report prints 不予公开 so).
    parents = sorted({r.parent for r in spec.leaf_rows if r.parent})
    grouped = {g: all(r.parent == g for r in spec.descendants(g)) and rng.random() < 0.4 for g in parents}
    for row in spec.leaf_rows:
        for g in _chain(spec, row):
            if g not in headed:
                headed.add(g)
                out += [_block_name(report.labels[f"{t}:row:{g}"].text.strip(), rng)]
                if grouped.get(g) and spec.row(row.key).parent == g:
                    children = [r.key for r in spec.leaf_rows if r.parent == g]
                    out += [*_md_table(header, [[first_cell(k), *values(k)] for k in children]), ""]
        if row.parent and grouped.get(row.parent):
            continue
        out += [_block_name(report.labels[f"{t}:row:{row.key}"].text.strip(), rng)]
        out += [*_md_table(header, [[first_cell(row.key), *values(row.key)]]), ""]
    return out


def _md_table4(report: Report, rng: random.Random, flat: bool) -> list[str]:
    """表四 as three small tables, one per group; or, ``flat``, one row of 15 values under a
    header shorter than the row."""
    t = "review_litigation"
    spec = report.template.tables[t]
    (row,) = spec.leaf_rows
    header = [report.labels[f"{t}:header:{i}"].text.strip() for i in range(len(spec.header))]
    block = spec.blocks[0]
    groups: dict[str, list[str]] = {}
    for c in block.columns:
        groups.setdefault(c.group or "", []).append(c.key)
    values = {c: _md_value(report, t, row.key, c) for g in groups.values() for c in g}
    if flat:
        short = rng.choice([header[:2], [header[0], *header[2:]]])
        return ["", *_md_table(short, []), _md_row(list(values.values())), ""]
    titles = [header[0], *(f"{header[1]}（{h}）" for h in header[2:])]
    out: list[str] = [""]
    for title, keys in zip(titles, groups.values(), strict=True):
        cols = [report.labels[f"{t}:col:{block.key}:{k}"].text.strip() for k in keys]
        out += [_block_name(title, rng), *_md_table(cols, [[values[k] for k in keys]]), ""]
    return out


def _render_markdown(report: Report, headings: HeadingStyle, variant: str) -> str:
    rng = random.Random(report.cosmetic)
    style = rng.choice(["plain", "year-first", "spaced"])
    title = {
        "plain": report.title,
        "year-first": f"{report.year}年{report.organ}政府信息公开工作年度报告",
        "spaced": f"{report.organ} {report.year} 年 政府信息公开工作年度报告",
    }[style]
    out = [f"# {title}", ""]
    if rng.random() < 0.5:
        out += [report.organ, f"({_signed(report)})", ""]
    out += [_intro(report), ""]
    titles = section_titles(report, headings)
    for section in report.template.sections:
        hashes = "" if section.numeral == "六" and rng.random() < 0.3 else "## "
        out += [f"{hashes}{section.numeral}、{titles[section.numeral]}", ""]
        for paragraph in _prose(report, section.numeral):
            out += [paragraph, ""]
        table_id = _TABLE_UNDER.get(section.numeral)
        if table_id is None:
            continue
        if variant == "markdown":
            out += _md_grid(report, table_id, rng)
        elif table_id == "active_disclosure":
            out += _md_table2(report, rng)
        elif table_id == "applications":
            out += _md_table3(report, rng)
        else:
            out += _md_table4(report, rng, flat=variant == "markdown_flat4")
    out += ["", report.organ, _signed(report)]
    return "\n".join(out) + "\n"


def render_markdown(report: Report, headings: HeadingStyle = "random") -> str:
    """A converter's markdown: '# ' title (sometimes year first), '## ' sections, each table one
    pipe table with a '|---|' row; blank cells an empty pipe cell or '-'."""
    return _render_markdown(report, headings, "markdown")


def render_markdown_rowtables(report: Report, headings: HeadingStyle = "random") -> str:
    """A converter's markdown with the tables cut up (real report:
    jiangsu_shuyang_county_gov_2025_converted.md): 表二 one table per block, 表三 one small
    table per row under '| 类别 | 数据1 | … | 数据6 | 总计 |', 表四 three small tables."""
    return _render_markdown(report, headings, "markdown_rowtables")


def render_markdown_flat4(report: Report, headings: HeadingStyle = "random") -> str:
    """As ``render_markdown_rowtables``, with 表四 one row of 15 values under a short header."""
    return _render_markdown(report, headings, "markdown_flat4")


FAMILIES: dict[Family, Callable[..., str]] = {
    "spans": render_spans,
    "dedup": render_dedup,
    "oneline": render_oneline,
    "oneline_spaced": render_oneline_spaced,
    "markdown": render_markdown,
    "markdown_rowtables": render_markdown_rowtables,
    "markdown_flat4": render_markdown_flat4,
}


# -- what each family can prove -------------------------------------------------------------------

_COUNT = re.compile(r"0|[1-9]\d*")
_SIGNED = re.compile(r"-?(?:0|[1-9]\d*)")
_MONEY = re.compile(r"(?:0|[1-9]\d*)(?:\.\d*[1-9])?")


def count_readings(
    text: str, patterns: list[re.Pattern[str]], checks: list[tuple[list[int], list[int]]], limit: int = 2
) -> int:
    """How many ways (up to ``limit``) there are to cut run-together ``text`` into one number per
    pattern (numbers printed without leading zeros or trailing decimal zeros) so that every
    check (indexes of the numbers on its left, on its right) adds up."""
    last = [max(lhs + rhs) for lhs, rhs in checks]
    sign = [{i: 1 for i in lhs} | {i: -1 for i in rhs} for lhs, rhs in checks]

    @functools.cache
    def count(pos: int, idx: int, diffs: tuple[Decimal, ...]) -> int:
        if idx == len(patterns):
            return int(pos == len(text))
        found = 0
        for end in range(pos + 1, min(len(text), pos + 12) + 1):
            piece = text[pos:end]
            if not patterns[idx].fullmatch(piece):
                continue
            value = Decimal(piece)
            new = tuple(d + s.get(idx, 0) * value for d, s in zip(diffs, sign, strict=True))
            if any(n != 0 for n, at in zip(new, last, strict=True) if at == idx):
                continue
            found += count(end, idx + 1, new)
            if found >= limit:
                break
        return min(found, limit)

    return count(0, 0, tuple(Decimal(0) for _ in checks))


def _glued_proof(report: Report, table_id: str, row_key: str) -> Proof:
    """'exact' when the row's run-together digits have one reading that fits the identities
    inside the row (T3_ROW_SUM, T4_GROUP_SUM), else 'either'."""
    spec = report.template.tables[table_id]
    cols = spec.columns_of(row_key)
    patterns = [_MONEY if c.kind == "money" else _SIGNED if c.signed else _COUNT for c in cols]
    text = "".join("0" if blank else _printed(v) for _, v, blank in _value_cells(report, table_id, row_key))
    index = {(row_key, c.key): i for i, c in enumerate(cols)}
    constraints = report.template.row_constraints(table_id, row_key)
    checks = [([index[k] for k in ch.lhs], [index[k] for k in ch.rhs]) for ch in constraints]
    fits = count_readings(text, patterns, checks)
    assert fits >= 1, (table_id, row_key, text)  # the true reading always fits
    # One reading is a proof only where something rules out a cell dropped with its
    # separators: an identity of the row, or digits that cannot be fewer numbers ("000").
    from govlint.parse.split import min_parts  # here, so that older checkouts' govlint can import this module

    proven = bool(checks) or min_parts(text) >= len(cols)
    return "exact" if fits == 1 and proven else "either"


def _leaf_keys(report: Report, table_id: str) -> list[str]:
    return [r.key for r in report.template.tables[table_id].leaf_rows]


def row_proofs(report: Report, table_id: str, family: str, headings: HeadingStyle = "random") -> dict[str, Proof]:
    """row key -> what ``family`` can prove about the row (see the section comment above).

    spans        a row with a blank cell is 'lost' (the dropped span leaves no trace of which
                 cell it was); every other row is 'exact' (labels delimit the rows).
    dedup        as spans, and a row whose value lines were collapsed with an equal neighbour
                 is 'lost' (the run's length is gone).
    oneline      'exact' where the run-together digits have one reading fitting the row's own
                 identities and something proves it (an identity, or digits that cannot be
                 fewer numbers), else 'either'; blank cells are printed 0, so nothing is lost.
    oneline_spaced, markdown*   every row 'exact' (every cell is delimited).
    """
    keys = _leaf_keys(report, table_id)
    if family in ("spans", "dedup"):
        lost = {r for t, r, _ in report.blank if t == table_id}
        if family == "dedup":
            _, collapsed, damaged = _collapse(_crawler_lines(report, headings, split=False))
            if table_id in damaged:
                return dict.fromkeys(keys, "lost")
            lost |= {r for t, r in collapsed if t == table_id}
        return {k: "lost" if k in lost else "exact" for k in keys}
    if family == "oneline":
        return {k: _glued_proof(report, table_id, k) for k in keys}
    return dict.fromkeys(keys, "exact")


def family_expected_cells(
    report: Report, table_id: str, family: str, headings: HeadingStyle = "random"
) -> dict[CellKey, tuple[str, Number | None]]:
    """{(row, col): (state, value)} the reader must give for ``family``: ("missing", None) in
    'lost' rows; blank cells are ("number", 0) in the oneline families (printed 0), ("blank",
    None) or ("dash", None) in markdown (an empty pipe cell or '-')."""
    proofs = row_proofs(report, table_id, family, headings)
    out: dict[CellKey, tuple[str, Number | None]] = {}
    for (row, col), value in report.values[table_id].items():
        if proofs[row] == "lost":
            out[row, col] = ("missing", None)
        elif (table_id, row, col) not in report.blank:
            out[row, col] = ("number", value)
        elif family.startswith("oneline"):
            out[row, col] = ("number", 0)
        elif family.startswith("markdown"):
            out[row, col] = ("dash", None) if _md_blank(report, table_id, row, col) == "-" else ("blank", None)
        else:
            out[row, col] = ("blank", None)
    return out


def truth_cells(report: Report, table_id: str, family: str) -> dict[CellKey, tuple[str, Number | None]]:
    """What the page holds, cell by cell, as ``family`` would read it if nothing were lost."""
    out: dict[CellKey, tuple[str, Number | None]] = {}
    for (row, col), value in report.values[table_id].items():
        if (table_id, row, col) not in report.blank:
            out[row, col] = ("number", value)
        else:
            out[row, col] = ("number", 0) if family.startswith("oneline") else ("blank", None)
    return out


def plausible(report: Report) -> Report:
    """``report`` with no blank cell and 表二 within the plausibility checks of its format (so a
    faithful reading of it lints clean)."""
    values = {t: dict(v) for t, v in report.values.items()}
    t2 = values["active_disclosure"]
    for (row, col), value in list(t2.items()):
        if col == "in_force":
            t2[row, col] = max(value, t2[row, "made"] - t2[row, "repealed"])
        elif col == "published_total":
            t2[row, col] = max(value, t2[row, "published"])
        elif col == "items_change" and t2[row, "items_last_year"] + value < 0:
            t2[row, col] = -value
    return attrs.evolve(report, values=values, blank=frozenset())
