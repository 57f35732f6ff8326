"""Auditing many reports at once: one DataFrame of findings and one tidy DataFrame of cells.

>>> audit = govlint.lint_many(["reports/"])          # doctest: +SKIP
>>> audit.findings.groupby("rule").size()            # doctest: +SKIP
>>> audit.cells.query("table == 'applications'")     # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import io
import json
import os
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

import attrs
import pandas as pd

from govlint import collector
from govlint.discovery import given_paths, report_files
from govlint.engine.config import Config, Settings, checked_settings, load_config
from govlint.engine.workers import Job, Rows, lint_files, stack
from govlint.errors import ExportError
from govlint.files import atomic_write
from govlint.model import STATE_TEXT, Document, Finding, Severity, printable
from govlint.model.display import HTML, Displayable
from govlint.model.result import FINDING_COLUMNS, FINDING_DTYPES, LintResult, finding_records, records_frame
from govlint.reporters import where_in_file
from govlint.templates import get_template

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# The report a row comes from, on every row of both frames.
DOCUMENT_COLUMNS = ("path", "organ", "year", "template")
FINDINGS_COLUMNS = (*DOCUMENT_COLUMNS, *(c for c in FINDING_COLUMNS if c != "path"))
CELL_COLUMNS = (
    *DOCUMENT_COLUMNS,
    "table", "row", "col", "raw", "state", "value", "line", "where", "findings", "rules", "row_key", "col_key",
)  # fmt: skip
CELL_STATES = ("number", "blank", "dash", "text", "missing")
# Each column's dtype, the same for an empty audit: text is pandas' "string" (missing is <NA>).
DOCUMENT_DTYPES = {"path": "string", "organ": "string", "year": "Int64", "template": "string"}
FINDINGS_DTYPES = {**FINDING_DTYPES, **DOCUMENT_DTYPES}
CELL_DTYPES: dict[str, Any] = {
    **{column: "string" for column in CELL_COLUMNS},
    **DOCUMENT_DTYPES,
    "state": pd.CategoricalDtype(list(CELL_STATES)),
    "value": "Float64",
    "line": "Int64",
    "findings": "Int64",
}


def cell_records(document: Document, findings: Iterable[Finding] = ()) -> list[dict[str, Any]]:
    """Every template cell of every table found, in template order, with the findings naming it.

    A cell the report does not print (a missing row or cell) has state ``missing``. ``findings``
    counts the findings that name the cell; ``rules`` lists their rule names.
    """
    columns = cell_columns(document, findings)
    return [dict(zip(CELL_COLUMNS, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def cell_columns(document: Document, findings: Iterable[Finding] = ()) -> dict[str, list[Any]]:
    """What :func:`cell_records` gives, as one list per column of :data:`CELL_COLUMNS` (the
    form :func:`cell_frame` builds a frame from without a dictionary per cell)."""
    named: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for finding in findings:
        for row_label, col_label in finding.named_cells:
            named[(finding.location.table or "", row_label, col_label)].append(finding.rule)
    columns: dict[str, list[Any]] = {column: [] for column in CELL_COLUMNS}
    tables, rows, cols, raws, states = (columns[c] for c in ("table", "row", "col", "raw", "state"))
    values, lines, wheres, counts, rules = (columns[c] for c in ("value", "line", "where", "findings", "rules"))
    row_keys, col_keys = columns["row_key"], columns["col_key"]
    where: dict[int | None, str] = {}  # a row's cells share their line
    for table_id, table in document.tables.items():
        spec = get_template(table.template).tables[table_id]
        for row in spec.leaf_rows:
            row_label = table.rows_axis.label(row.key)
            for col in spec.columns_of(row.key):
                col_label = spec.column_label(col)
                cell = table.cell(row.key, col.key)
                found = named.get((table_id, row_label, col_label))
                tables.append(table_id)
                rows.append(row_label)
                cols.append(col_label)
                row_keys.append(row.key)
                col_keys.append(col.key)
                counts.append(len(found) if found else 0)
                rules.append(",".join(sorted(set(found))) if found else "")
                if cell is None:
                    raws.append(None)
                    states.append("missing")
                    values.append(None)
                    lines.append(None)
                    wheres.append(None)
                    continue
                raws.append(cell.raw)
                states.append(STATE_TEXT[cell.state])
                values.append(None if cell.value is None else float(cell.value))
                lines.append(cell.line)
                if cell.line not in where:
                    where[cell.line] = where_in_file(document, cell.line)
                wheres.append(where[cell.line])
    count = len(tables)
    head = (printable(document.source), document.organ, document.year, document.template)
    for column, value in zip(DOCUMENT_COLUMNS, head, strict=True):
        columns[column] = [value] * count
    return columns


def cell_frame(records: Iterable[Mapping[str, Any]] | Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """The tidy cells DataFrame (columns :data:`CELL_COLUMNS`) of :func:`cell_records` output,
    or of the columns of :func:`cell_columns` (of one report or several, joined)."""
    if isinstance(records, Mapping):
        columns = records
    else:
        rows = list(records)
        columns = {column: [r.get(column) for r in rows] for column in CELL_COLUMNS}
    return pd.DataFrame({column: pd.array(columns[column], dtype=CELL_DTYPES[column]) for column in CELL_COLUMNS})


def findings_frame(results: Sequence[LintResult]) -> pd.DataFrame:
    """One row per finding of every result (columns :data:`FINDINGS_COLUMNS`)."""
    # One frame for the whole run: a frame per result, then concatenated, costs more than the findings.
    records = [
        {**record, "organ": r.organ, "year": r.year, "template": r.template}
        for r in results
        for record in finding_records(r.findings)
    ]
    return records_frame(records, FINDINGS_COLUMNS, FINDINGS_DTYPES)


@attrs.frozen(slots=False, eq=False)
class Audit(Displayable):
    """What :func:`lint_many` found in a set of reports.

    ``findings``: one row per finding (:data:`FINDINGS_COLUMNS`). ``cells``: one row per
    template cell of every table found (:data:`CELL_COLUMNS`). ``results``: each file's
    :class:`LintResult`. ``errors``: ``(path, message)`` for files that could not be opened.
    """

    results: tuple[LintResult, ...]
    findings: pd.DataFrame
    cells: pd.DataFrame
    errors: tuple[tuple[str, str], ...] = ()
    documents: pd.DataFrame = attrs.field(factory=lambda: _no_documents())
    folder: str | None = None  # the audit folder it was read from (govlint.audit, Audit.open)
    run_info: dict[str, Any] = attrs.field(factory=dict)  # that folder's run.json

    @classmethod
    def open(cls, folder: str | os.PathLike[str]) -> Audit:
        """The audit folder ``folder`` (written by ``govlint audit``): :func:`govlint.corpus.open_audit`."""
        from govlint.corpus.runner import open_audit  # the corpus builds on this module

        return open_audit(folder)

    def __len__(self) -> int:
        return len(self.results) if self.folder is None else len(self.documents)

    def __repr__(self) -> str:
        """One line: ``Audit(5 reports, 58 findings, 0 errors)``."""
        return f"Audit({len(self)} reports, {len(self.findings)} findings, {len(self.errors)} errors)"

    def __iter__(self) -> Iterator[LintResult]:
        return iter(self.results)

    @property
    def ok(self) -> bool:
        """Every file was read, and none has a finding at or above its failing severity."""
        if self.folder is None:
            return not self.errors and all(r.ok for r in self.results)
        fail_on = Severity(self.run_info.get("fail-on", Severity.WARNING.value))
        ranks = {s.value: s.rank for s in Severity}
        return not self.errors and not any(ranks.get(str(s), 0) >= fail_on.rank for s in self.findings["severity"])

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        if self.folder is None:
            return super()._repr_mimebundle_(include, exclude)
        from govlint.corpus.view import audit_bundle

        return audit_bundle(self)

    def _repr_html_(self) -> str | None:
        return self._repr_mimebundle_().get("text/html")

    def view(self, lang: str | None = None) -> HTML:
        """The notebook view of an audit folder: findings by rule × region × year, the worst
        reports, and the corpus findings with both sides (:mod:`govlint.corpus.view`)."""
        from govlint.corpus.view import audit_view

        return audit_view(self, lang)

    def report(self, path: str) -> Any:
        """One report of the audit: its :class:`LintResult` (linted again, with its document,
        when the file is still there and unchanged), else its rows of the findings and cells."""
        from govlint.corpus.view import report_of

        return report_of(self, path)

    def summary(self) -> pd.DataFrame:
        """Findings per rule and severity: rows are rules (code, name), columns severities."""
        frame = self.findings
        if frame.empty:
            return pd.DataFrame(
                columns=["error", "warning", "info"],
                index=pd.MultiIndex.from_tuples([], names=["code", "rule"]),
                dtype="int64",
            )
        table = frame.pivot_table(
            index=["code", "rule"], columns="severity", values="path", aggfunc="count", fill_value=0
        )
        return table.reindex(columns=["error", "warning", "info"], fill_value=0).rename_axis(columns=None)

    def plot_rules(self, **kw: Any) -> Axes:
        """Findings per rule, stacked by severity: :func:`govlint.plot.findings_by_rule`."""
        from govlint.plot import findings_by_rule

        return findings_by_rule(self.findings, **kw)

    def plot_years(self, **kw: Any) -> Axes:
        """Findings per report year: :func:`govlint.plot.findings_by_year`."""
        from govlint.plot import findings_by_year

        return findings_by_year(self.findings, **kw)

    def heatmap(self, **kw: Any) -> Axes:
        """Where in a table the defects are: :func:`govlint.plot.cell_heatmap`."""
        from govlint.plot import cell_heatmap

        return cell_heatmap(self.cells, **kw)


def _no_documents() -> pd.DataFrame:
    from govlint.corpus import tables

    return tables.empty(tables.DOCUMENT_COLUMNS, tables.DOCUMENT_DTYPES)


def lint_many(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    keep_documents: bool = False,
    **overrides: Unpack[Settings],
) -> Audit:
    """Lint every report in ``paths`` (a file or folder, or several; folders are searched for
    report files as ``govlint check`` searches them — exclusions, ``.gitignore``, files that
    are not reports passed over: see :mod:`govlint.discovery` — and a path named twice is
    linted once).

    Settings are found per file as :func:`govlint.lint` finds them (or ``config``), with
    ``overrides`` on top. Files are linted in ``jobs`` worker processes (default: one per
    core), each under the time and memory budget of the settings (``time_budget``,
    ``memory_budget``): a file over its budget, or whose worker dies, has an
    ``unreadable-input`` finding naming the cause, and the others are not affected. On Linux
    the workers are forked, so rules registered in the running session run too; elsewhere only
    importable rules do. ``keep_documents`` keeps each parsed :class:`Document` on its result
    (for displays), at the cost of memory and time. A file that cannot be opened, a folder that
    cannot be listed, or a file that met a bug in govlint is in ``Audit.errors``; a file that
    can be opened but not read as a report has an ``unreadable-input`` finding.
    """
    checked_settings("lint_many", overrides)
    _warn_missing(paths)
    unlisted: list[tuple[Path, OSError]] = []
    settings = (config or load_config(Path.cwd())).merged(**overrides)
    files = report_files(paths, unlisted, settings.discovery())
    job = Job(config, dict(overrides), cells=True, findings=True, documents=keep_documents, budget=settings.budget())
    results: list[LintResult] = []
    cells: list[Rows] = []
    findings: list[Rows] = []
    errors = [(str(folder), error.strerror or str(error)) for folder, error in unlisted]
    with collector.spared():  # the collections of the run skip what existed before it
        for outcome in lint_files([str(path) for path in files], job, jobs):
            if outcome.result is not None:
                results.append(outcome.result)
                cells.extend([outcome.cells] if outcome.cells is not None else [])
                if outcome.findings is not None:  # its rows of the chunk's frame (none: a report without findings)
                    findings.append(outcome.findings)
                else:  # its worker died: the result the pool made for it has no rows sent back
                    findings.append(_rows(findings_frame([outcome.result])))
            elif outcome.error is not None:
                errors.append((outcome.path, outcome.error))
            else:
                errors.append((outcome.path, crash_summary(outcome.crash)))
    return Audit(
        results=tuple(results),
        findings=stack(findings, findings_frame([])),
        cells=stack(cells, cell_frame([])),
        errors=tuple(errors),
    )


def _rows(frame: pd.DataFrame) -> Rows:
    return Rows(frame, 0, len(frame))


def _warn_missing(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> None:
    """A path that does not exist is a warning where the call is made (as a typo deserves), and
    an entry of ``Audit.errors``."""
    for path in given_paths(paths):
        if not os.path.lexists(path):
            warnings.warn(f"{os.fspath(path)}: no such file or folder", MissingPathWarning, stacklevel=3)


class MissingPathWarning(UserWarning):
    """:func:`lint_many` was given a path that does not exist."""


EXPORT_SUFFIXES = (".parquet", ".csv")


def export(frame: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``frame`` to ``path`` as Parquet (needs pyarrow) or CSV (UTF-8), by its suffix.

    The file is written whole or not at all. Evidence columns (``expected``, ``actual``) are
    written as JSON text, so lists and numbers keep their shape in both formats.
    """
    target = Path(path)
    suffix = export_format(target)
    frame = json_evidence(frame)
    if suffix == ".csv":
        data = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    else:
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        data = buffer.getvalue()
    atomic_write(target, data)


def export_format(path: Path) -> str:
    """The suffix that decides the format; raises :class:`ExportError` when the file cannot be
    written: another suffix, Parquet without pyarrow, a folder that does not exist or may not
    be written, a folder in the file's place, a file that may not be written."""
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ExportError(f"cannot export to {path.name!r}: the name must end in .parquet or .csv")
    real = Path(os.path.realpath(path))
    folder = real.parent
    try:
        if real.is_dir():
            raise ExportError(f"cannot export to {path}: it is a folder")
        if not folder.is_dir():
            raise ExportError(f"cannot export to {path}: the folder {folder} does not exist")
        writable = os.access(folder, os.W_OK | os.X_OK) and (not real.exists() or os.access(real, os.W_OK))
    except OSError as exc:  # a folder above it may not be entered
        raise ExportError(f"cannot export to {path}: {exc.strerror or exc}") from None
    if not writable:
        raise ExportError(f"cannot export to {path}: permission denied")
    if suffix == ".parquet":
        try:
            importlib.import_module("pyarrow")  # optional: only Parquet needs it
        except ImportError:
            raise ExportError("writing Parquet needs pyarrow: pip install 'govlint[parquet]'") from None
    return suffix


def json_evidence(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its evidence columns (``expected``, ``actual``) as JSON text, so that lists
    and numbers keep their shape in any table format."""
    frame = frame.copy()
    for column in ("expected", "actual"):
        if column in frame:
            frame[column] = pd.array([json_text(v) for v in frame[column]], dtype="string")
    return frame


def json_text(value: Any) -> str | None:
    """``value`` as JSON text (None stays None)."""
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


_CRASH = "internal error (a bug in govlint)"


def crash_summary(crash: str | None) -> str:
    """What an error row says of a file that met a bug in govlint: the traceback's last line."""
    last = (crash or "").strip().splitlines()[-1:] or ["?"]
    return f"{_CRASH}: {last[0]}"


def is_crash(message: str) -> bool:
    """Whether an error row's message is :func:`crash_summary`'s: a bug, not an unreadable file."""
    return message.startswith(_CRASH)
