"""Laws of the rules that read the words (GL0 damage, GL4), over generated reports and prose.

A generated report (tests/reportgen.py) gets sentences in section 一 that state its own table
figures in the wordings reports use — 收到/受理/新收, 件/条/件次, Arabic or Chinese numerals,
未收到/未发生 for zero, 一 or 一+二 for applications received. Such a report has no GL4
finding; changing one stated figure gives one prose-table-mismatch naming the cell it
contradicts.
"""

from __future__ import annotations

import datetime as dt

import attrs
import cn2an
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import govlint
from govlint.prose.damage import _DAMAGE, _scan, find_damage  # the patterns, without the gate
from govlint.prose.numbers import find_counts, to_int

from .reportgen import _PROSE, Report, render_tabs, report

PROPERTY = settings(max_examples=60, deadline=None)
T3, T4, T2 = "applications", "review_litigation", "active_disclosure"


@attrs.frozen
class Statement:
    """One sentence stating ``value``, and the cells it is about (summed)."""

    template: str  # "{n}" stands for the number
    value: int
    cells: tuple[tuple[str, str, str], ...]
    others: tuple[int, ...] = ()  # other values the sentence may legitimately mean (一+二)
    zero: str | None = None  # a wording of zero, used when value is 0

    def text(self, numeral: str) -> str:
        if self.value == 0 and self.zero is not None and numeral == "zero":
            return self.zero
        return self.template.replace("{n}", _numeral(self.value, numeral))


def _numeral(value: int, style: str) -> str:
    return cn2an.an2cn(value) if style == "chinese" and value < 10**8 else str(value)


def _v(r: Report, table: str, row: str, col: str) -> int:
    return int(r.values[table][(row, col)])


@st.composite
def statements(draw: st.DrawFn, r: Report) -> list[Statement]:
    verb = draw(st.sampled_from(["收到", "受理", "新收", "接收"]))
    noun = draw(st.sampled_from(["政府信息公开申请", "依申请公开申请", "申请"]))
    unit = draw(st.sampled_from(["件", "条", "件次"]))
    new = _v(r, T3, "new_received", "total")
    carried = _v(r, T3, "carried_over", "total")
    one_plus_two = draw(st.booleans()) and carried > 0
    out = [
        Statement(
            f"本年度{verb}{noun}{{n}}{unit}",
            new + carried if one_plus_two else new,
            ((T3, "new_received", "total"),),
            others=(new + carried,),
            zero=f"本年度未{verb}{noun}",
        ),
        Statement(
            "全年办结政府信息公开申请{n}件", _v(r, T3, "results_total", "total"), ((T3, "results_total", "total"),)
        ),
        Statement("上年结转政府信息公开申请{n}件", carried, ((T3, "carried_over", "total"),)),
        Statement(
            "结转下年度继续办理的申请{n}件", _v(r, T3, "carried_forward", "total"), ((T3, "carried_forward", "total"),)
        ),
    ]
    review = _v(r, T4, "cases", "review.total")
    suits = _v(r, T4, "cases", "direct_suit.total") + _v(r, T4, "cases", "suit_after_review.total")
    case_unit = draw(st.sampled_from(["件", "起", "件次"]))
    out.append(
        Statement(f"发生行政复议{{n}}{case_unit}", review, ((T4, "cases", "review.total"),), zero="未发生行政复议案件")
    )
    out.append(
        Statement(
            f"被提起行政诉讼{{n}}{case_unit}",
            suits,
            ((T4, "cases", "direct_suit.total"), (T4, "cases", "suit_after_review.total")),
            zero="未发生行政诉讼案件",
        )
    )
    made = _v(r, T2, "normative_documents", "made")
    name = "行政规范性文件" if r.version == "2021" else "规范性文件"
    out.append(Statement(f"本年制发{name}{{n}}件", made, ((T2, "normative_documents", "made"),)))
    if r.version == "2021":
        out.append(
            Statement(
                f"现行有效{name}{{n}}件",
                _v(r, T2, "normative_documents", "in_force"),
                ((T2, "normative_documents", "in_force"),),
            )
        )
    chosen = draw(st.lists(st.sampled_from(range(len(out))), min_size=1, max_size=len(out), unique=True))
    return [out[i] for i in sorted(chosen)]


def _render(r: Report, sentences: list[str]) -> str:
    text = render_tabs(r)
    return text.replace(_PROSE["一"], _PROSE["一"] + "。".join(sentences) + "。", 1)


def _printed(r: Report) -> Report:
    return attrs.evolve(r, blank=frozenset())  # every cell printed: every statement is decidable


@given(report(), st.data())
@PROPERTY
def test_prose_that_agrees_with_the_tables_has_no_gl4_finding(r: Report, data: st.DataObject) -> None:
    r = _printed(r)
    said = data.draw(statements(r))
    styles = [data.draw(st.sampled_from(["arabic", "chinese", "zero"])) for _ in said]
    text = _render(r, [s.text(style) for s, style in zip(said, styles, strict=True)])
    result = govlint.lint_text(text, select=["GL4"])
    assert [f for f in result.findings if f.rule != "fee-statement"] == []


@given(report(), st.data())
@PROPERTY
def test_changing_one_stated_figure_names_the_cell_it_contradicts(r: Report, data: st.DataObject) -> None:
    r = _printed(r)
    said = data.draw(statements(r))
    wrong = data.draw(st.sampled_from(range(len(said))))
    delta = data.draw(st.integers(1, 50))
    target = said[wrong]
    changed = target.value + delta
    assume(changed not in target.others)
    texts = [s.text("arabic") for s in said]
    texts[wrong] = attrs.evolve(target, value=changed).text(data.draw(st.sampled_from(["arabic", "chinese"])))
    findings = govlint.lint_text(_render(r, texts), select=["prose-table-mismatch"]).findings
    assert len(findings) == 1, [(f.location.row, f.location.col, f.expected, f.actual) for f in findings]
    (finding,) = findings
    assert finding.actual == changed
    spec = r.template.tables[target.cells[0][0]]
    named = [
        (spec.row(row).label, spec.column_label(next(c for c in spec.columns if c.key == col)))
        for _, row, col in target.cells
    ]
    assert finding.location.table == target.cells[0][0]
    if len(named) == 1:
        assert (finding.location.row, finding.location.col) == named[0]
    else:
        assert [tuple(c) for c in finding.cells] == named


@given(st.integers(0, 10**8))
@settings(max_examples=200, deadline=None)
def test_chinese_numerals_read_back(n: int) -> None:
    assert to_int(cn2an.an2cn(n)) == n
    assert [c.value for c in find_counts(f"收到申请{cn2an.an2cn(n)}件")] == [n]


@given(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)), st.integers(1, 999), st.booleans())
@settings(max_examples=200, deadline=None)
def test_whole_dates_and_document_numbers_are_not_damage(date: dt.date, number: int, padded: bool) -> None:
    month = f"{date.month:02d}" if padded else str(date.month)
    day = f"{date.day:02d}" if padded else str(date.day)
    text = f"于{date.year}年{month}月{day}日印发（国办发〔{date.year}〕{number}号），自{date.year}年{month}月{day}日起至12月31日止。"
    assert list(find_damage(text, 1)) == []


@given(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
@settings(max_examples=200, deadline=None)
def test_a_date_that_lost_year_and_month_is_damage(date: dt.date) -> None:
    text = f"落款{date.year}{date.month}{date.day}日"
    assert [s.kind for s in find_damage(text, 1)] == ["date"]


# Text that holds a match of one of the damage patterns (anywhere in it), or any text.
_DAMAGED = st.one_of(*(st.from_regex(pattern) for _, pattern in _DAMAGE), st.text())


@given(_DAMAGED)
@settings(max_examples=500, deadline=None)
def test_the_damage_gate_never_hides_damage(text: str) -> None:
    """The cheap test a line passes before the patterns run lets through every line they match."""
    assert list(find_damage(text, 1)) == list(_scan(text, 1, _DAMAGE))


@given(st.lists(st.integers(0, 5000), min_size=1, max_size=6), st.integers(-20, 20))
@settings(max_examples=100, deadline=None)
def test_a_breakdown_is_reported_exactly_when_its_parts_exceed_the_total(parts: list[int], slack: int) -> None:
    total = max(0, sum(parts) + slack)
    channels = ("门户网站", "微信公众号", "政务微博", "客户端", "报刊", "其他渠道")
    listed = "、".join(f"{channel}{p}条" for channel, p in zip(channels, parts, strict=False))
    text = f"本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n共发布信息{total}条，其中{listed}。"
    findings = govlint.lint_text(
        f"某局2022年政府信息公开工作年度报告\n一、总体情况\n{text}\n", select=["GL402"]
    ).findings
    if sum(parts) > total:
        assert [(f.expected, f.actual) for f in findings] == [(total, sum(parts))]
    else:
        assert findings == ()
