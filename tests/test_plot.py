"""govlint.plot: the numbers behind each picture, the labels it draws, fonts, backends and figures.

Behaviour, not pixels: every count is checked against an independent pandas computation on
the bundled reports, and drawing is checked through the artists on the axes.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

import govlint
from govlint import plot
from govlint.errors import ConfigError

from .conftest import REPORTS, ROOT

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

MEASURES = plot.MEASURES
TABLES = ("active_disclosure", "applications", "review_litigation")


@pytest.fixture(scope="module")
def audit() -> govlint.Audit:
    return govlint.lint_many([REPORTS])


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


# -- heat map data ------------------------------------------------------------------


def expected_grid(cells: pd.DataFrame, table: str, template: str, measure: str) -> pd.DataFrame:
    """The heat map computed independently: one pivot over the cells of ``template``."""
    rows = cells[(cells["table"] == table) & (cells["template"] == template)]
    if measure == "findings":
        hit = rows["findings"].astype("float64")
    elif measure == "reports-with-findings":
        hit = (rows["findings"] > 0).astype("float64")
    else:
        hit = (rows["state"].astype(str) == measure).astype("float64")
    return rows.assign(hit=hit).pivot_table(index="row_key", columns="col_key", values="hit", aggfunc="sum")


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_heatmap_data_is_a_groupby_of_the_cells(audit: govlint.Audit, table: str, template: str, measure: str) -> None:
    data = plot.heatmap_data(audit.cells, table, template, measure)
    expected = expected_grid(audit.cells, table, template, measure).reindex(index=data.index, columns=data.columns)
    # a cell the template does not have is NA in both: no report has a row for it
    assert data.astype("float64").equals(expected.astype("float64"))


@pytest.mark.parametrize("table", TABLES)
def test_heatmap_grid_is_in_template_order(audit: govlint.Audit, table: str) -> None:
    spec = govlint.get_template("2021").tables[table]
    data = plot.heatmap_data(audit.cells, table)
    assert list(data.index) == [r.key for r in spec.leaf_rows]
    assert list(data.columns) == [c.key for c in spec.columns]


def test_heatmap_counts_findings_of_the_bundled_reports(audit: govlint.Audit) -> None:
    data = plot.heatmap_data(audit.cells, "applications", "2021", "findings")
    cells = audit.cells
    named = cells[(cells["table"] == "applications") & (cells["template"] == "2021")]["findings"].sum()
    assert int(data.sum().sum()) == int(named)


def test_the_default_template_is_the_one_most_reports_use(audit: govlint.Audit) -> None:
    per_template = audit.cells.groupby("template")["path"].nunique()
    assert plot.default_template(audit.cells, "applications") == per_template.idxmax() == "2021"
    assert plot.default_template(audit.cells.iloc[0:0], "applications") == "2021"


# -- bars ------------------------------------------------------------------------------


def bar_totals(ax: Axes, axis: str) -> dict[str, float]:
    """Sum of the drawn bar lengths per tick label (y labels for horizontal bars)."""
    labels = [t.get_text() for t in (ax.get_yticklabels() if axis == "y" else ax.get_xticklabels())]
    totals: dict[str, float] = defaultdict(float)
    for patch in ax.patches:
        if axis == "y":
            totals[labels[round(patch.get_y() + patch.get_height() / 2)]] += patch.get_width()
        else:
            totals[labels[round(patch.get_x() + patch.get_width() / 2)]] += patch.get_height()
    return dict(totals)


def test_bars_per_rule_equal_the_findings_per_rule(audit: govlint.Audit) -> None:
    ax = plot.findings_by_rule(audit.findings, lang="en")
    drawn = {label.split(" ", 1)[1]: total for label, total in bar_totals(ax, "y").items()}
    assert drawn == audit.findings.groupby("rule").size().astype(float).to_dict()
    order = [bar_totals(ax, "y")[t.get_text()] for t in ax.get_yticklabels()]
    assert order == sorted(order, reverse=True)  # most frequent first
    assert ax.get_yticklabels()[0].get_text() == "GL205 blank-cell"


def test_bars_are_coloured_by_severity(audit: govlint.Audit) -> None:
    ax = plot.findings_by_rule(audit.findings, lang="en")
    colours = {text.get_text(): to_hex(patch.get_facecolor()) for patch, text in zip(*legend_parts(ax), strict=True)}
    assert colours == {s: plot.SEVERITY_COLOURS[s] for s in colours}
    assert set(colours) == set(audit.findings["severity"])


def legend_parts(ax: Axes) -> tuple[list[object], list[object]]:
    legend = ax.get_legend()
    return legend.get_patches(), legend.get_texts()


@pytest.mark.parametrize("by", ["severity", "family"])
def test_bars_per_year_equal_the_findings_per_year(audit: govlint.Audit, by: str) -> None:
    ax = plot.findings_by_year(audit.findings, lang="en", by=by)
    expected = audit.findings.groupby("year").size()
    assert bar_totals(ax, "x") == {str(year): float(n) for year, n in expected.items()}


def test_findings_without_a_year_get_their_own_bar(audit: govlint.Audit) -> None:
    findings = audit.findings.copy()
    findings.loc[findings.index[:3], "year"] = pd.NA
    counts = plot.year_counts(findings, "family")
    assert list(counts.index)[-1] == plot.UNKNOWN_YEAR
    assert int(counts.loc[plot.UNKNOWN_YEAR].sum()) == 3
    assert set(counts.columns) == {"GL0", "GL1", "GL2", "GL3", "GL4", "GL5", "GL6"}
    ax = plot.findings_by_year(findings, lang="en")
    assert bar_totals(ax, "x")["unknown year"] == 3


def test_years_between_reports_are_shown_empty() -> None:
    findings = pd.DataFrame(
        {"year": pd.array([2019, 2022], dtype="Int64"), "severity": ["error", "info"], "code": ["GL302", "GL005"]}
    )
    assert list(plot.year_counts(findings).index) == ["2019", "2020", "2021", "2022"]


def test_no_findings_draws_an_empty_chart() -> None:
    empty = govlint.lint_many([]).findings
    for draw in (plot.findings_by_rule, plot.findings_by_year):
        ax = draw(empty, lang="en")
        assert [t.get_text() for t in ax.texts] == ["no findings"]


# -- labels and fonts ---------------------------------------------------------------


def test_chinese_labels_are_the_template_labels(audit: govlint.Audit) -> None:
    if plot.find_cjk_font() is None:
        pytest.skip("no font with Chinese glyphs installed")
    spec = govlint.get_template("2021").tables["active_disclosure"]
    ax = plot.cell_heatmap(audit.cells, table="active_disclosure", measure="blank")
    assert [t.get_text() for t in ax.get_yticklabels()] == [r.label for r in spec.leaf_rows]
    assert [t.get_text() for t in ax.get_xticklabels()] == [spec.column_label(c) for c in spec.columns]
    assert ax.get_title().startswith("表二")


def test_table_four_is_drawn_as_on_the_form(audit: govlint.Audit) -> None:
    ax = plot.cell_heatmap(audit.cells, table="review_litigation", lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["review", "direct_suit", "suit_after_review"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["upheld", "corrected", "other", "pending", "total"]
    data = plot.heatmap_data(audit.cells, "review_litigation")
    drawn = ax.images[0].get_array()
    assert drawn[0, 1] == data.loc["cases", "review.corrected"]
    assert drawn[2, 4] == data.loc["cases", "suit_after_review.total"]


def test_without_a_cjk_font_labels_fall_back_to_keys(audit: govlint.Audit, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plot, "find_cjk_font", lambda: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = plot.cell_heatmap(audit.cells, table="applications")
    font_warnings = [w for w in caught if issubclass(w.category, plot.FontWarning)]
    assert len(font_warnings) == 1
    assert "fonts-noto-cjk" in str(font_warnings[0].message)
    spec = govlint.get_template("2021").tables["applications"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [r.key for r in spec.leaf_rows]
    assert ax.get_title().isascii()
    assert_no_missing_glyphs(ax)


def test_the_font_warning_points_at_the_callers_line(audit: govlint.Audit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether the chart is asked of a plot function or of an Audit method."""
    import inspect

    monkeypatch.setattr(plot, "find_cjk_font", lambda: None)
    for draw in (lambda: audit.plot_rules(), lambda: audit.heatmap(), lambda: plot.findings_by_year(audit.findings)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            draw()
        (warning,) = [w for w in caught if issubclass(w.category, plot.FontWarning)]
        assert (warning.filename, warning.lineno) == (__file__, inspect.getsourcelines(draw)[1])


def test_a_heatmap_of_cells_read_back_from_csv_is_the_same(audit: govlint.Audit, tmp_path: os.PathLike[str]) -> None:
    """pandas reads the template column of a CSV as numbers (2021): the grid is still found."""
    from govlint.frames import export

    target = Path(tmp_path) / "cells.csv"
    export(audit.cells, target)
    back = pd.read_csv(target)
    assert back["template"].dtype.kind == "i"
    for table, template in (("applications", "2019"), ("review_litigation", "2021"), ("review_litigation", None)):
        seen = 0
        for measure in ("findings", "blank"):
            expected = plot.heatmap_data(audit.cells, table, template, measure=measure)
            seen += int(expected.sum().sum())
            for frame in (back, back.astype({"template": "float64"})):  # floats: a NaN among the years
                pd.testing.assert_frame_equal(plot.heatmap_data(frame, table, template, measure=measure), expected)
        assert seen > 0, (table, template)  # a grid of zeros would prove nothing


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chart", ["rules", "years", "heatmap"])
def test_every_label_has_its_glyphs(audit: govlint.Audit, lang: str, chart: str) -> None:
    """No boxes: with a CJK font Chinese is drawn with it; without one (or in English) all is ASCII."""
    kw = {"lang": lang}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", plot.FontWarning)
        ax = {"rules": audit.plot_rules, "years": audit.plot_years, "heatmap": audit.heatmap}[chart](**kw)
    if lang == "en":
        assert all(t.get_text().isascii() for t in ax.get_yticklabels() + ax.get_xticklabels())
    assert_no_missing_glyphs(ax)


def assert_no_missing_glyphs(ax: Axes) -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        ax.figure.savefig(io.BytesIO(), format="png")


def test_the_font_is_set_for_the_chart_only(audit: govlint.Audit) -> None:
    font = plot.find_cjk_font()
    if font is None:
        pytest.skip("no font with Chinese glyphs installed")
    before = dict(matplotlib.rcParams)
    figure, (left, right) = plt.subplots(1, 2)
    right.set_title("theirs")
    plot.cell_heatmap(audit.cells, ax=left)
    assert dict(matplotlib.rcParams) == before
    assert left.title.get_fontfamily()[0] == font
    assert all(t.get_fontfamily()[0] == font for t in left.get_yticklabels())
    colour_bar = next(a for a in figure.axes if a not in (left, right))
    assert colour_bar.yaxis.label.get_fontfamily()[0] == font
    assert font not in right.title.get_fontfamily()


# -- figures, files, backends, errors ---------------------------------------------------


def test_each_chart_opens_one_figure_or_draws_on_the_axes_given(audit: govlint.Audit) -> None:
    opened = set(plt.get_fignums())
    plot.cell_heatmap(audit.cells, lang="en")
    assert len(set(plt.get_fignums()) - opened) == 1
    figure, given = plt.subplots()
    opened = set(plt.get_fignums())
    assert plot.findings_by_rule(audit.findings, ax=given, lang="en") is given
    assert set(plt.get_fignums()) == opened
    plt.close(figure)


def test_a_heatmap_saves_as_png(audit: govlint.Audit, tmp_path: os.PathLike[str]) -> None:
    target = os.path.join(tmp_path, "applications.png")
    ax = audit.heatmap(table="applications", measure="findings")
    ax.figure.savefig(target, dpi=80)
    with open(target, "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: plot.heatmap_data(c, "applications", None, "zeros"), "unknown measure 'zeros'"),
        (lambda c: plot.heatmap_data(c, "table3"), "unknown table 'table3'"),
        (lambda c: plot.heatmap_data(c, "applications", "2020"), "unknown template version '2020'"),
        (lambda c: plot.cell_heatmap(c, lang="fr"), "unknown lang 'fr'"),
        (lambda c: plot.year_counts(pd.DataFrame(), by="rule"), "unknown by='rule'"),
    ],
)
def test_misuse_names_the_value(audit: govlint.Audit, call: Callable[[pd.DataFrame], object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        call(audit.cells)


def test_without_matplotlib_the_error_says_what_to_install(
    audit: govlint.Audit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"pip install 'govlint\[plot\]'"):
        plot.findings_by_rule(audit.findings)


SCRIPT = """
import sys, govlint, govlint.plot
assert "matplotlib" not in sys.modules, "import govlint imported matplotlib"
ax = govlint.lint_many([sys.argv[1]]).plot_rules(lang="en")
import matplotlib
print(matplotlib.get_backend().lower())
"""


@pytest.mark.parametrize(("env_backend", "expected"), [(None, "agg"), ("svg", "svg")])
def test_agg_is_chosen_only_when_no_backend_was(env_backend: str | None, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    if env_backend:
        env["MPLBACKEND"] = env_backend
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(REPORTS / "003_32c7538ebe09f062.txt")],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == expected
