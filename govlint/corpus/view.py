"""The notebook view of an audit folder: where the findings are (rule × region × year), the
reports with the most errors and warnings, the corpus findings with both sides, and one report's
display (:meth:`govlint.Audit.report`)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from govlint.corpus.batch import file_digest
from govlint.display import CSS, get_language
from govlint.model.display import HTML

if TYPE_CHECKING:
    from govlint.frames import Audit

WORST = 10  # reports listed as the worst
CORPUS_FAMILY = "GL6"
_WORDS = {
    "zh": {
        "reports": "份报告",
        "findings": "个问题",
        "errors": "个文件未能读取",
        "where": "问题分布（规则 × 地区 × 年度）",
        "worst": "问题最多的报告",
        "corpus": "跨报告问题（本年与对照）",
        "unread": "未能读取的文件",
        "none": "没有问题。",
    },
    "en": {
        "reports": "reports",
        "findings": "findings",
        "errors": "files not read",
        "where": "Findings by rule × region × year",
        "worst": "Reports with the most errors and warnings",
        "corpus": "Cross-report findings (this year and the other side)",
        "unread": "Files not read",
        "none": "No findings.",
    },
}


def audit_bundle(audit: Audit, lang: str | None = None) -> dict[str, str]:
    """The MIME bundle of an audit read from a folder."""
    return {"text/html": audit_html(audit, lang), "text/plain": repr(audit)}


def audit_view(audit: Audit, lang: str | None = None) -> HTML:
    """An object Jupyter shows as the view of ``audit``."""
    return HTML(audit_html(audit, lang))


def audit_html(audit: Audit, lang: str | None = None) -> str:
    words = _WORDS.get(lang or get_language(), _WORDS["en"])
    findings = with_region(audit.findings, audit.documents)
    head = (
        f"<h3>{len(audit)} {words['reports']} · {len(findings)} {words['findings']} · "
        f"{len(audit.errors)} {words['errors']}</h3>"
    )
    if audit.folder:
        head += f'<p class="gl-muted"><code>{html.escape(audit.folder)}</code></p>'
    parts = [head]
    if findings.empty:
        parts.append(f'<p class="gl-muted">{words["none"]}</p>')
    else:
        parts += [f"<h4>{words['where']}</h4>", _frame_html(by_rule_region_year(findings))]
        parts += [f"<h4>{words['worst']}</h4>", _frame_html(worst_reports(findings))]
        corpus = corpus_sides(findings)
        if len(corpus):
            parts += [f"<h4>{words['corpus']}</h4>", _frame_html(corpus, index=False)]
    if audit.errors:
        items = "".join(f"<li>{html.escape(p)}: {html.escape(m)}</li>" for p, m in audit.errors)
        parts.append(f"<h4>{words['unread']}</h4><ul>{items}</ul>")
    return f'<div class="govlint"><style>{CSS}</style>{"".join(parts)}</div>'


def with_region(findings: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``findings`` with each report's region (from the documents table)."""
    regions = documents.drop_duplicates("path").set_index("path")["region"]
    return findings.assign(region=findings["path"].map(regions).astype("string"))


def by_rule_region_year(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings counted by rule (rows) and region and year (columns); unknown is "—"."""
    frame = findings.assign(
        region=findings["region"].astype("object").fillna("—"), year=findings["year"].astype("object").fillna("—")
    )
    return frame.pivot_table(
        index=["code", "rule"], columns=["region", "year"], values="path", aggfunc="count", fill_value=0
    )


def worst_reports(findings: pd.DataFrame, count: int = WORST) -> pd.DataFrame:
    """The reports with the most errors, then warnings: one row each, severities as columns."""
    table = findings.pivot_table(index="path", columns="severity", values="code", aggfunc="count", fill_value=0)
    table = table.reindex(columns=["error", "warning", "info"], fill_value=0).rename_axis(columns=None)
    return table.sort_values(["error", "warning"], ascending=False).head(count)


def corpus_sides(findings: pd.DataFrame) -> pd.DataFrame:
    """The corpus findings with both sides as the rule gives them: ``actual`` (this report's
    cell or text) and ``expected`` (the other side: last year's cell, the sum of the children)."""
    corpus = findings[findings["code"].str.startswith(CORPUS_FAMILY).fillna(False)]
    corpus = corpus[corpus["rule"].ne("not-assessable").fillna(True)]  # no other side to show
    columns = ["path", "year", "region", "code", "rule", "table", "row", "col", "actual", "expected", "message"]
    return corpus[columns].rename(columns={"actual": "this side", "expected": "other side"})


def _frame_html(frame: pd.DataFrame, index: bool = True) -> str:
    return str(frame.to_html(index=index, classes="gl-findings", border=0, na_rep="—"))


@attrs.frozen(eq=False)
class ReportRows:
    """One report of an audit folder whose file is gone or changed: its rows of the tables."""

    path: str
    document: pd.DataFrame
    findings: pd.DataFrame
    cells: pd.DataFrame

    def _repr_html_(self) -> str:
        return (
            f'<div class="govlint"><style>{CSS}</style><h3><code>{html.escape(self.path)}</code></h3>'
            + _frame_html(self.document.T, index=True)
            + _frame_html(self.findings, index=False)
            + "</div>"
        )

    def __repr__(self) -> str:
        return f"ReportRows({self.path!r}, {len(self.findings)} findings, {len(self.cells)} cells)"


def report_of(audit: Audit, path: str) -> Any:
    """The :class:`LintResult` of ``path`` linted again with the audit's rules when the file is
    still there and unchanged, else its :class:`ReportRows`."""
    documents = audit.documents[audit.documents["path"] == path]
    if documents.empty:
        raise KeyError(f"{path!r} is not a report of this audit")
    sha = documents["sha256"].iloc[0]
    if Path(path).is_file() and file_digest(path)[0] == sha:
        from govlint.engine.runner import lint

        return lint(path, **_settings(audit.run_info))
    return ReportRows(
        path,
        documents.reset_index(drop=True),
        audit.findings[audit.findings["path"] == path].reset_index(drop=True),
        audit.cells[audit.cells["path"] == path].reset_index(drop=True),
    )


def _settings(run_info: dict[str, Any]) -> dict[str, Any]:
    """The settings of the audit's run, as keyword arguments of :func:`govlint.lint`."""
    rules = run_info.get("rules") or {}
    if not rules:
        return {}
    return {
        "select": [r["code"] for r in rules.values()],
        "severity": {name: r["severity"] for name, r in rules.items()},
        "options": {name: r["options"] for name, r in rules.items() if r.get("options")},
    }
