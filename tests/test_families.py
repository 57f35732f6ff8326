"""Round trip for the crawler and converter families: parse(render(report, family)) gives back
what the family can show, and nothing it cannot.

The families (tests/reportgen.py, FAMILIES) imitate the real reports in ../shared/corpus/real:
``spans`` (one text span per line, no empty line, blank cells dropped), ``dedup`` (one cell
per line, runs of equal lines collapsed), ``oneline`` / ``oneline_spaced`` (the whole article on
one line, cells run together or one space apart, blanks printed 0), ``markdown`` (one pipe table
per table), ``markdown_rowtables`` / ``markdown_flat4`` (表三 one small table per row under a
placeholder header, 表四 three small tables or one row of 15 values). Section headings are
printed in the format's wording, in variant wording (五、存在的主要问题及整改措施 …) or a mix.

For every family and random consistent reports of both formats:

- metadata: organ, year and format (``doc.template``) as generated; the six sections found
  in order 一…六;
- cells, row by row, as ``reportgen.row_proofs`` says the family can prove them: an "exact"
  row is read back cell for cell (value and state) with no problem; a "lost" row (cells the
  rendering dropped or collapsed) or an "either" row (run-together digits with more than one
  reading) is either left unread with a TableProblem ``short-row``/``ambiguous-split`` naming
  it, or read back exactly (a dropped blank may read as the 0 the identities prove) — never
  a wrong value, never part of a row;
- lint of a clean rendering (no blank cell, 表二 plausible) gives no warning or error, except
  missing-cell / extraction-damage on rows the family cannot show.

Examples: ``test_family_roundtrip`` and ``test_family_lints_clean`` run 30 Hypothesis examples
per family (7 families: 420 examples); ``test_all_zero_report`` runs once per family and
format (14 cases); the renderer sanity checks run 30 examples each. Under
``HYPOTHESIS_PROFILE=ci`` the examples are derandomized (tests/conftest.py). Failing examples
are not shrunk unless ``GOVLINT_SHRINK=1`` (a whole report per example makes shrinking slow).
"""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import Phase, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

import govlint
from govlint.model import Table

from .reportgen import (
    FAMILIES,
    FAMILY_NAMES,
    TABLE_IDS,
    Family,
    HeadingStyle,
    Report,
    all_zero_report,
    family_expected_cells,
    plausible,
    report,
    row_proofs,
    section_titles,
    truth_cells,
)
from .test_roundtrip import Observed, observed_cells

# No shrinking unless asked: an example is a whole report, and shrinking one through parse and
# lint takes minutes per failing family. The failing rendering is printed (``note``) either way.
_PHASES = tuple(Phase) if os.environ.get("GOVLINT_SHRINK") else (Phase.explicit, Phase.reuse, Phase.generate)
FAMILY = settings(max_examples=30, deadline=None, phases=_PHASES)
SPLIT_PROBLEMS = {"short-row", "ambiguous-split"}
NUMERALS = ["一", "二", "三", "四", "五", "六"]
# Rules that report a row the reader could not read (TableProblem) or text the rendering damaged.
UNREAD_ROW_RULES = {"missing-cell", "extraction-damage"}
HEADINGS: st.SearchStrategy[HeadingStyle] = st.sampled_from(["canonical", "variant", "random"])


def _note(text: str) -> None:
    if currently_in_test_context():  # the plain tests show the rendering in the assertion instead
        note(text)


def _render(r: Report, family: Family, headings: HeadingStyle) -> govlint.Document:
    text = FAMILIES[family](r, headings=headings)
    _note(text)
    return govlint.parse_text(text, source=f"<{family}>")


def _assert_meta(doc: govlint.Document, r: Report) -> None:
    assert (doc.template, doc.year, doc.organ) == (r.version, r.year, r.organ)


def _assert_sections(doc: govlint.Document, r: Report, headings: HeadingStyle) -> None:
    _note(f"headings printed: {section_titles(r, headings)}")
    assert [s.numeral for s in doc.sections] == NUMERALS


def _same_reading(got: Observed, truth: Observed) -> bool:
    """A row read back exactly; a blank cell may read as the 0 the identities prove."""
    return all(got[k] == truth[k] or (truth[k][0] == "blank" and got[k] == ("number", 0)) for k in truth)


def _assert_cells(table: Table | None, r: Report, table_id: str, family: Family, headings: HeadingStyle) -> None:
    spec = r.template.tables[table_id]
    proofs = row_proofs(r, table_id, family, headings)
    if table is None:  # a table whose every number the rendering lost: nothing to align
        assert all(p == "lost" for p in proofs.values()), f"{table_id} not found"
        return
    want = family_expected_cells(r, table_id, family, headings)
    truth = truth_cells(r, table_id, family)
    got = observed_cells(table, r, table_id)
    unread = {p.row for p in table.problems if p.code in SPLIT_PROBLEMS}
    for row in spec.leaf_rows:
        keys = [(row.key, c.key) for c in spec.columns_of(row.key)]
        got_row = {k: got[k] for k in keys}
        where = (table_id, row.key, proofs[row.key], table.problems)
        if proofs[row.key] == "exact":
            assert got_row == {k: want[k] for k in keys}, where
            assert row.key not in unread, where
        elif all(v == ("missing", None) for v in got_row.values()):
            assert row.key in unread, where  # left unread: the table says why
        else:
            assert _same_reading(got_row, {k: truth[k] for k in keys}), where  # read: never a wrong value
            assert row.key not in unread, where


def _unshown_rows(r: Report, family: Family, headings: HeadingStyle) -> set[tuple[str, str]]:
    """(table, canonical row label) of the rows the family cannot show (findings name rows by label)."""
    return {
        (t, r.template.tables[t].row(row).label)
        for t in TABLE_IDS
        for row, proof in row_proofs(r, t, family, headings).items()
        if proof != "exact"
    }


def _assert_lints_clean(doc: govlint.Document, r: Report, family: Family, headings: HeadingStyle) -> None:
    unshown = _unshown_rows(r, family, headings)
    serious = [
        (f.rule, f.location.table, f.location.row, f.message)
        for f in govlint.lint(doc).findings
        if f.severity.value in ("warning", "error")
        and not (f.rule in UNREAD_ROW_RULES and (f.location.table, f.location.row) in unshown)
    ]
    assert serious == []


@pytest.mark.parametrize("family", FAMILY_NAMES)
@given(r=report(), headings=HEADINGS)
@FAMILY
def test_family_roundtrip(family: Family, r: Report, headings: HeadingStyle) -> None:
    doc = _render(r, family, headings)
    _assert_meta(doc, r)
    _assert_sections(doc, r, headings)
    for table_id in TABLE_IDS:
        _assert_cells(doc.tables.get(table_id), r, table_id, family, headings)


@pytest.mark.parametrize("family", FAMILY_NAMES)
@given(r=report(), headings=HEADINGS)
@FAMILY
def test_family_lints_clean(family: Family, r: Report, headings: HeadingStyle) -> None:
    r = plausible(r)
    doc = _render(r, family, headings)
    _assert_meta(doc, r)
    _assert_lints_clean(doc, r, family, headings)


@pytest.mark.parametrize("version", ["2019", "2021"])
@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_all_zero_report(family: Family, version: str) -> None:
    r = all_zero_report(version)
    doc = _render(r, family, "canonical")
    _assert_meta(doc, r)
    _assert_sections(doc, r, "canonical")
    for table_id in TABLE_IDS:
        _assert_cells(doc.tables.get(table_id), r, table_id, family, "canonical")
    _assert_lints_clean(doc, r, family, "canonical")


# -- the renderers print what their families are (these do not depend on the reader) -----------


def _article(text: str) -> list[str]:
    lines = text.splitlines()
    return lines[next(i for i, line in enumerate(lines) if "正文" in line) + 1 :]


@given(r=report(), headings=HEADINGS)
@FAMILY
def test_crawler_families_have_no_empty_line(r: Report, headings: HeadingStyle) -> None:
    for family in ("spans", "dedup"):
        text = FAMILIES[family](r, headings=headings)
        assert "" not in text.splitlines(), family
        assert text.startswith("标题"), family
    dedup = FAMILIES["dedup"](r, headings=headings).splitlines()
    assert all(a != b for a, b in itertools.pairwise(dedup))


@given(r=report(), headings=HEADINGS)
@FAMILY
def test_oneline_families_print_the_article_on_one_line(r: Report, headings: HeadingStyle) -> None:
    for family in ("oneline", "oneline_spaced"):
        article = _article(FAMILIES[family](r, headings=headings))
        assert len(article) == 1, family
        assert all(f"{n}、" in article[0] for n in NUMERALS)


@given(r=report(), headings=HEADINGS)
@FAMILY
def test_markdown_families_print_pipe_tables(r: Report, headings: HeadingStyle) -> None:
    for family in ("markdown", "markdown_rowtables", "markdown_flat4"):
        lines = FAMILIES[family](r, headings=headings).splitlines()
        assert lines[0].startswith("# "), family
        assert sum(line.startswith("## ") for line in lines) >= 5, family
        separators = [i for i, line in enumerate(lines) if line.startswith("|---")]
        assert separators and all(lines[i - 1].startswith("| ") for i in separators), family


def test_heading_variants_are_printed() -> None:
    r = all_zero_report("2021")
    titles = section_titles(r, "variant")
    for family in FAMILY_NAMES:
        text = FAMILIES[family](r, headings="variant")
        assert titles["五"] in text and titles["四"] in text, family
        assert titles["五"] != "存在的主要问题及改进情况"
