"""Laws of the arithmetic rules over generated consistent reports (tests/reportgen.py)."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint

from .reportgen import Report, render_tabs, report

PROPERTY = settings(max_examples=40, deadline=None)


# The rules of the identities (GL301–GL304); GL305 judges plausibility, not arithmetic.
IDENTITY_RULES = {c.rule for v in ("2019", "2021") for c in govlint.get_template(v).identity_checks}


def _gl3(result: govlint.LintResult) -> list[govlint.Finding]:
    return [f for f in result.findings if f.rule in IDENTITY_RULES]


def _labels(r: Report, table: str, row: str, col: str) -> tuple[str, str]:
    spec = r.template.tables[table]
    column = next(c for c in spec.columns if c.key == col)
    return spec.row(row).label, spec.column_label(column)


@given(report())
@PROPERTY
def test_a_consistent_report_has_no_arithmetic_finding(r: Report) -> None:
    assert _gl3(govlint.lint_text(render_tabs(r))) == []


@given(report(), st.data())
@PROPERTY
def test_changing_one_cell_is_caught_at_that_cell(r: Report, data: st.DataObject) -> None:
    table = data.draw(st.sampled_from(["applications", "review_litigation"]))
    key = data.draw(st.sampled_from(sorted(r.values[table])))
    old = int(r.values[table][key])
    delta = data.draw(st.integers(-old, 25).filter(lambda k: k != 0))
    values = {t: dict(v) for t, v in r.values.items()}
    values[table][key] = old + delta
    changed = attrs.evolve(r, values=values, blank=frozenset())  # every total printed
    findings = _gl3(govlint.lint_text(render_tabs(changed)))
    assert findings, "no arithmetic finding"
    assert any(_labels(r, table, *key) in f.cells for f in findings), [(f.rule, f.cells) for f in findings]


@given(report(), st.data())
@PROPERTY
def test_blanking_a_zero_cell_is_blank_cell_not_arithmetic(r: Report, data: st.DataObject) -> None:
    zeros = sorted((t, *k) for t in ("applications", "review_litigation") for k, v in r.values[t].items() if v == 0)
    if not zeros:
        return
    table, row, col = data.draw(st.sampled_from(zeros))
    blanked = attrs.evolve(r, blank=frozenset({(table, row, col)}))
    result = govlint.lint_text(render_tabs(blanked))
    assert _gl3(result) == []
    blank = [f for f in result.findings if f.rule == "blank-cell"]
    assert [f.cells for f in blank] == [(_labels(r, table, row, col),)]
    assert [f.location.table for f in blank] == [table]
