"""Pictures of an :class:`~govlint.Audit` for analysts: findings per rule, per report year, and
where in a statutory table the defects concentrate.

>>> audit = govlint.lint_many(["reports/"])                       # doctest: +SKIP
>>> findings_by_rule(audit.findings)                               # doctest: +SKIP
>>> cell_heatmap(audit.cells, table="applications", measure="blank")  # doctest: +SKIP

matplotlib is the optional extra ``govlint[plot]`` and is imported on first use, never by
``import govlint``. Each function draws on ``ax`` (or a new figure) and returns the axes; the
numbers behind every picture come from a plain function (:func:`rule_counts`,
:func:`year_counts`, :func:`heatmap_data`) that analysts and tests can read directly.

Chinese labels need a font with Chinese glyphs. :func:`find_cjk_font` looks for one; it is
set on the texts of the chart being drawn only, never in the session's rcParams. Without one
the labels fall back to ASCII (template keys, English titles) with a :class:`FontWarning`,
rather than boxes. Without a backend chosen (a script, a server) charts are drawn with Agg;
Jupyter's inline backend, or any backend the user chose, is kept.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from govlint.engine.registry import FAMILY_OF_PREFIX
from govlint.errors import ConfigError
from govlint.templates import VERSIONS, get_template
from govlint.templates.spec import TableSpec

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis

    Masked = np.ma.MaskedArray[Any, Any]

Lang = Literal["zh", "en"]
SEVERITIES = ("error", "warning", "info")
SEVERITY_COLOURS = {"error": "#d62728", "warning": "#f5a623", "info": "#1f77b4"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
FAMILY_COLOURS = {
    "GL0": "#7f7f7f", "GL1": "#9467bd", "GL2": "#8c564b", "GL3": "#d62728", "GL4": "#2ca02c", "GL5": "#17becf",
    "GL6": "#bcbd22",
}  # fmt: skip
FAMILY_LABELS = {
    "input": "输入", "structure": "结构", "template": "表格格式", "arithmetic": "勾稽关系",
    "prose": "正文与表格", "dates": "日期", "corpus": "跨年",
}  # fmt: skip
UNKNOWN_YEAR = "?"
MEASURES = ("findings", "reports-with-findings", "blank", "missing", "dash", "text")
MEASURE_LABELS = {
    "findings": ("发现数", "findings"),
    "reports-with-findings": ("有发现的报告数", "reports with findings"),
    "blank": ("留空的报告数", "reports leaving the cell blank"),
    "missing": ("缺少该单元格的报告数", "reports missing the cell"),
    "dash": ("填“-”的报告数", "reports with a dash"),
    "text": ("填文字的报告数", "reports with text"),
}
# Preferred fonts with simplified Chinese glyphs, most common installs first (Linux, macOS, Windows).
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Sarasa Gothic SC", "PingFang SC", "Heiti SC", "STHeiti",
    "Hiragino Sans GB", "Microsoft YaHei", "SimHei", "Noto Sans CJK JP", "Noto Sans CJK TC",
)  # fmt: skip
ANNOTATE_LIMIT = 400  # squares; above this the numbers would be unreadable
_LABEL_WIDTH = 18  # characters of a Chinese row label before it is cut with "…"


class FontWarning(UserWarning):
    """Chinese labels were asked for but no font with Chinese glyphs is installed."""


# -- the numbers ------------------------------------------------------------------------


def rule_counts(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings per rule (index ``"GL302 results-total"``, most frequent first) and severity (columns)."""
    if findings.empty:
        return pd.DataFrame(columns=list(SEVERITIES), index=pd.Index([], name="rule"), dtype="int64")
    labels = (findings["code"].astype(str) + " " + findings["rule"].astype(str)).rename("rule")
    table = pd.crosstab(labels, findings["severity"].astype(str).rename("severity"))
    table = table.reindex(columns=_ordered(table.columns, SEVERITIES), fill_value=0)
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index  # ties: by code
    return table.loc[order]


def year_counts(findings: pd.DataFrame, by: Literal["severity", "family"] = "severity") -> pd.DataFrame:
    """Findings per report year (index: ``"2021"`` …, then ``"?"`` for no year) and severity or
    rule family (columns ``GL0`` … ``GL6``). Years between the first and the last are all there."""
    if by not in ("severity", "family"):
        raise ConfigError(f"unknown by={by!r}: use 'severity' or 'family'")
    known = list(SEVERITIES) if by == "severity" else list(FAMILY_OF_PREFIX)
    if findings.empty:
        return pd.DataFrame(columns=known, index=pd.Index([], name="year"), dtype="int64")
    groups = findings["severity"].astype(str) if by == "severity" else findings["code"].astype(str).str[:3]
    years = findings["year"].astype("Int64")
    labels = years.astype(str).where(years.notna(), UNKNOWN_YEAR).rename("year")
    table = pd.crosstab(labels, groups.rename(by))
    seen = sorted(int(y) for y in years.dropna().unique())
    span = [str(y) for y in (range(seen[0], seen[-1] + 1) if seen and seen[-1] - seen[0] <= 30 else seen)]
    index = span + ([UNKNOWN_YEAR] if years.isna().any() else [])
    return table.reindex(index=index, columns=_ordered(table.columns, known), fill_value=0)


def default_template(cells: pd.DataFrame, table: str) -> str:
    """The format most of the reports with ``table`` use (the newer one on a tie, or when none has it)."""
    rows = cells[cells["table"] == table]
    reports = rows.groupby(_templates(rows))["path"].nunique()
    ranked = sorted(((n, str(v)) for v, n in reports.items() if str(v) in VERSIONS), reverse=True)
    return ranked[0][1] if ranked else VERSIONS[-1]


def _templates(cells: pd.DataFrame) -> pd.Series[Any]:
    """The template column as text: a frame read back from CSV has the years as numbers
    (floats when one is missing: 2021.0 is "2021")."""
    column = cells["template"]
    if pd.api.types.is_numeric_dtype(column):
        column = column.astype("Int64")
    return column.astype("string")


def _of(cells: pd.DataFrame, table: str, version: str) -> pd.DataFrame:
    """The cells of ``table`` in the reports of format ``version``."""
    return cells[(cells["table"] == table) & (_templates(cells) == version).fillna(False)]


def heatmap_data(
    cells: pd.DataFrame, table: str = "applications", template: str | None = None, measure: str = "findings"
) -> pd.DataFrame:
    """The grid :func:`cell_heatmap` draws: template rows × template columns (keys, template order).

    ``measure``: ``findings`` sums the findings naming each cell over the reports;
    ``reports-with-findings`` counts reports with at least one; ``blank``, ``missing``, ``dash`` and
    ``text`` count reports whose cell is in that state. Only reports in ``template`` (default
    :func:`default_template`) count. A square the template does not have is ``<NA>``.
    """
    if measure not in MEASURES:
        raise ConfigError(f"unknown measure {measure!r}; use one of: {', '.join(MEASURES)}")
    version = template or default_template(cells, table)
    spec = _spec(version, table)
    rows = _of(cells, table, version)
    keys = ["row_key", "col_key"]
    if measure == "findings":
        values = rows.groupby(keys)["findings"].sum()
    elif measure == "reports-with-findings":
        values = rows[rows["findings"] > 0].groupby(keys)["path"].nunique()
    else:
        values = rows[rows["state"] == measure].groupby(keys)["path"].nunique()
    grid = pd.DataFrame(0, index=[r.key for r in spec.leaf_rows], columns=[c.key for c in spec.columns])
    if len(values):
        grid = values.unstack(fill_value=0).reindex(index=grid.index, columns=grid.columns, fill_value=0)
    grid = grid.astype("Int64")
    for row in spec.leaf_rows:
        has = {c.key for c in spec.columns_of(row.key)}
        absent = [c.key for c in spec.columns if c.key not in has]
        grid.loc[row.key, absent] = pd.NA
    return grid.rename_axis(index="row_key", columns="col_key")


# -- the pictures -----------------------------------------------------------------------


def findings_by_rule(findings: pd.DataFrame, *, ax: Axes | None = None, lang: Lang = "zh") -> Axes:
    """Horizontal bars: findings per rule, most frequent on top, stacked by severity."""
    counts = rule_counts(findings)
    with _drawing(lang, ax, (7.5, 1.2 + 0.32 * max(len(counts), 3))) as (ax, zh):
        y = np.arange(len(counts))
        left = np.zeros(len(counts))
        for severity in counts.columns:
            widths = counts[severity].to_numpy(dtype=float)
            colour = _group_colour("severity", severity)
            if widths.any():
                ax.barh(y, widths, left=left, color=colour, label=_group_label("severity", severity, zh))
            left += widths
        for position, total in zip(y, left, strict=True):
            ax.text(float(total), float(position), f" {int(total)}", va="center", fontsize="small")
        ax.set_yticks(y, list(counts.index))
        if len(counts):
            ax.set_ylim(len(counts) - 0.5, -0.5)  # most frequent first, at the top
        _integer_axis(ax.xaxis)
        ax.set_xlabel("发现数" if zh else "findings")
        ax.set_title("各规则的发现数" if zh else "Findings per rule")
        _legend_or_note(ax, bool(len(counts)), zh, "lower right")
    return ax


def findings_by_year(
    findings: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: Lang = "zh",
    by: Literal["severity", "family"] = "severity",
) -> Axes:
    """Bars: findings per report year, stacked by severity or by rule family (GL0 … GL6)."""
    counts = year_counts(findings, by)
    with _drawing(lang, ax, (1.8 + 0.7 * max(len(counts), 4), 4.2)) as (ax, zh):
        x = np.arange(len(counts))
        bottom = np.zeros(len(counts))
        for group in counts.columns:
            heights = counts[group].to_numpy(dtype=float)
            if heights.any():
                ax.bar(x, heights, bottom=bottom, color=_group_colour(by, group), label=_group_label(by, group, zh))
            bottom += heights
        unknown = "年份不详" if zh else "unknown year"
        ax.set_xticks(x, [unknown if y == UNKNOWN_YEAR else y for y in counts.index])
        _integer_axis(ax.yaxis)
        ax.set_xlabel("报告年度" if zh else "report year")
        ax.set_ylabel("发现数" if zh else "findings")
        ax.set_title("各报告年度的发现数" if zh else "Findings per report year")
        _legend_or_note(ax, bool(bottom.any()), zh, "best")
    return ax


def cell_heatmap(
    cells: pd.DataFrame,
    *,
    table: str = "applications",
    template: str | None = None,
    measure: str = "findings",
    ax: Axes | None = None,
    lang: Lang = "zh",
) -> Axes:
    """Heat map of one statutory table's grid: where defects concentrate across the reports.

    Rows and columns are the template's, in its order; ``measure`` is as in :func:`heatmap_data`.
    Table 四's one row is drawn as on the form: 行政复议, 未经复议直接起诉 and 复议后起诉 by
    their five columns. A square with a count shows it when the grid is small enough; squares
    the template does not have are grey.
    """
    version = template or default_template(cells, table)
    grid = heatmap_data(cells, table, version, measure)
    spec = _spec(version, table)
    reports = _of(cells, table, version)["path"].nunique()
    rows, cols = _drawn_grid(spec, grid, zh=False)[0].shape
    with _drawing(lang, ax, (3.5 + 0.7 * cols, 2.2 + 0.34 * rows)) as (ax, zh):
        from matplotlib import colormaps

        values, row_labels, col_labels = _drawn_grid(spec, grid, zh)
        top = max(1.0, float(values.max()) if values.count() else 1.0)
        cmap = colormaps["YlOrRd"].with_extremes(bad="#e8e8e8")  # grey: not a cell of the template
        image = ax.imshow(values, cmap=cmap, vmin=0, vmax=top, aspect="auto")
        ax.set_xticks(range(cols), col_labels, rotation=45, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(rows), row_labels)
        if rows * cols <= ANNOTATE_LIMIT:
            _annotate(ax, values, top)
        zh_measure, en_measure = MEASURE_LABELS[measure]
        bar = ax.figure.colorbar(image, ax=ax, label=zh_measure if zh else en_measure)
        _integer_axis(bar.ax.yaxis)
        if zh:
            ax.set_title(f"表{spec.numeral} {spec.title}\n各单元格{zh_measure}（{reports}份报告，{version}年格式）")
        else:
            number = "一二三四五六".index(spec.numeral) + 1 if spec.numeral in "一二三四五六" else spec.numeral
            counted = f"{reports} report" + ("" if reports == 1 else "s")
            ax.set_title(f"Table {number} ({table}): {en_measure} per cell\n{counted}, {version} format")
    return ax


# -- fonts, backend, helpers ------------------------------------------------------------


def find_cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs that matplotlib knows, or None.

    Fonts in :data:`CJK_FONTS` are preferred in that order, then any family named ``… CJK …``.
    matplotlib caches its font list: a font installed later appears once the cache in
    ``matplotlib.get_cachedir()`` is deleted.
    """
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    preferred = next((name for name in CJK_FONTS if name in installed), None)
    return preferred or next((name for name in sorted(installed) if "CJK" in name), None)


@contextmanager
def _drawing(lang: str, ax: Axes | None, size: tuple[float, float]) -> Iterator[tuple[Axes, bool]]:
    """The axes to draw on (``ax``, else a new figure of ``size``) and whether the labels are
    Chinese. The Chinese font is set on the text drawn inside, not in global settings."""
    if lang not in ("zh", "en"):
        raise ConfigError(f"unknown lang {lang!r}: use 'zh' or 'en'")
    _load_matplotlib()
    import matplotlib

    font = find_cjk_font() if lang == "zh" else None
    if lang == "zh" and font is None:
        warnings.warn(
            "no font with Chinese glyphs found, so the labels are drawn in English; install one "
            "(e.g. `apt install fonts-noto-cjk` or `fonts-wqy-microhei`, `dnf install "
            "google-noto-sans-cjk-fonts`) and delete matplotlib's font cache "
            f"({matplotlib.get_cachedir()}), or pass lang='en'",
            FontWarning,
            stacklevel=_caller_level(),
        )
    ax = _axes(ax, size)
    before = set(ax.figure.axes)
    yield ax, font is not None
    if font is not None:
        added = [a for a in ax.figure.axes if a not in before]  # a colour bar
        _set_font([ax, *added], [font, *matplotlib.rcParams["font.family"]])


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the first caller outside govlint (whether it
    called a plot function or an :class:`~govlint.Audit` method)."""
    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    inside = (package, os.path.abspath(contextlib.__file__))  # _drawing is entered through contextlib
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(inside):
        frame, level = frame.f_back, level + 1  # type: ignore[assignment]
    return level


def _set_font(axes: Sequence[Axes], family: list[str]) -> None:
    """Set ``family`` on every text of ``axes``: titles, labels, tick labels, legends, annotations.

    Per text rather than by rcParams, because a figure's texts keep the font they were made
    with, and changing rcParams for the session would be a side effect. Ticks added when the
    figure is drawn copy the font of the first tick.
    """
    from matplotlib.text import Text

    for ax in axes:
        for text in ax.findobj(Text):
            if isinstance(text, Text):
                text.set_fontfamily(family)


def _load_matplotlib() -> None:
    """Import matplotlib, choosing Agg when nobody chose a backend (scripts, servers).

    A backend set by ``matplotlib.use``, ``MPLBACKEND``, a matplotlibrc, an imported pyplot or
    an IPython session (Jupyter's inline backend) is left alone.
    """
    try:
        import matplotlib
    except ModuleNotFoundError:
        raise ImportError("govlint's plots need matplotlib: pip install 'govlint[plot]'") from None
    chosen = getattr(matplotlib.rcParams, "_get_backend_or_none", None)
    unchosen = chosen is not None and chosen() is None
    if unchosen and "matplotlib.pyplot" not in sys.modules and not os.environ.get("MPLBACKEND") and not _in_ipython():
        matplotlib.use("Agg")


def _in_ipython() -> bool:
    ipython = sys.modules.get("IPython")
    return ipython is not None and getattr(ipython, "get_ipython", lambda: None)() is not None


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _spec(version: str, table: str) -> TableSpec:
    tables = get_template(version).tables
    if table not in tables:
        raise ConfigError(f"unknown table {table!r}; use one of: {', '.join(tables)}")
    return tables[table]


def _drawn_grid(spec: TableSpec, grid: pd.DataFrame, zh: bool) -> tuple[Masked, list[str], list[str]]:
    """The squares as drawn, with their row and column labels (Chinese, or template keys)."""
    values = grid.to_numpy(dtype=float, na_value=np.nan)
    if len(grid.index) == 1 and spec.qualify_columns and all(c.group for c in spec.columns):
        return _fold_groups(spec, values[0], zh)
    rows = [_short(spec.row(k).label) for k in grid.index] if zh else [str(k) for k in grid.index]
    cols = [spec.column_label(c) for c in spec.columns] if zh else [str(k) for k in grid.columns]
    return np.ma.masked_invalid(values), rows, cols


def _fold_groups(spec: TableSpec, values: np.ndarray[Any, Any], zh: bool) -> tuple[Masked, list[str], list[str]]:
    """One row of grouped columns (``review.upheld`` …) as groups × columns."""
    groups = list(dict.fromkeys(str(c.group) for c in spec.columns))
    labels = list(dict.fromkeys(c.label for c in spec.columns))
    folded = np.full((len(groups), len(labels)), np.nan)
    group_keys, label_keys = list(groups), list(labels)
    for col, value in zip(spec.columns, values, strict=True):
        i, j = groups.index(str(col.group)), labels.index(col.label)
        folded[i, j] = value
        group_keys[i], _, label_keys[j] = col.key.partition(".")
    return np.ma.masked_invalid(folded), (groups if zh else group_keys), (labels if zh else label_keys)


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_WIDTH else label[: _LABEL_WIDTH - 1] + "…"


def _annotate(ax: Axes, values: Masked, top: float) -> None:
    for (i, j), value in np.ndenumerate(values.filled(np.nan)):
        if not np.isnan(value) and value:
            colour = "white" if value > 0.6 * top else "black"
            ax.text(j, i, f"{int(value)}", ha="center", va="center", color=colour, fontsize="small")


def _integer_axis(axis: Axis) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _legend_or_note(ax: Axes, drawn: bool, zh: bool, loc: Literal["best", "lower right"]) -> None:
    if drawn:
        ax.legend(loc=loc, fontsize="small")
    else:
        ax.text(0.5, 0.5, "没有发现" if zh else "no findings", ha="center", va="center", transform=ax.transAxes)


def _group_colour(by: str, group: str) -> str:
    return SEVERITY_COLOURS.get(group, "#7f7f7f") if by == "severity" else FAMILY_COLOURS.get(group, "#7f7f7f")


def _group_label(by: str, group: str, zh: bool) -> str:
    if by == "severity":
        return SEVERITY_LABELS.get(group, group) if zh else group
    family = FAMILY_OF_PREFIX.get(group)  # None for a plugin's own prefix (GLX …)
    if family is None:
        return group
    return f"{group} {FAMILY_LABELS[family] if zh else family}"


def _ordered(present: Sequence[object] | pd.Index, known: Sequence[str]) -> list[str]:
    """``known`` first, in its order, then anything else present (sorted)."""
    extra = sorted(str(p) for p in present if str(p) not in known)
    return [*known, *extra]
