"""Running the corpus rules (GL6) over the tables of many reports.

:func:`run_corpus` runs every selected corpus rule (:class:`~govlint.engine.registry.CorpusRule`)
over the documents and cells tables of a corpus — written by ``govlint audit`` or by any tool
that writes :data:`~govlint.corpus.tables.RULE_INPUT_COLUMNS` — with the same selection,
severities, options and per-file ignores as the per-report rules, and returns their findings.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import attrs
import pandas as pd

from govlint.budget import DEFAULT, clip
from govlint.corpus.regions import NO_REGIONS, Regions, organ_key
from govlint.corpus.tables import RULE_INPUT_COLUMNS, CorpusTables
from govlint.engine.config import Config
from govlint.engine.registry import CorpusRule, Registry
from govlint.engine.runner import builtin_registry, crashed, more
from govlint.errors import GovlintError
from govlint.model import Finding, Location, Related, Severity
from govlint.model.finding import with_occurrences

T = TypeVar("T")

CORPUS_PATH = "<corpus>"  # where a finding about the whole corpus points (a crashed rule)
ORGAN_COLUMNS = ("organ", "organ_key", "region", "parent", "level", "summary")


class TablesError(GovlintError):
    """Corpus tables that the corpus rules cannot read (written by another tool, or a version
    of govlint that wrote other columns)."""


@attrs.frozen
class NotAssessable:
    """A comparison a corpus rule could not make: the report, the rule, a reason code and
    what is missing (in Chinese and English), for ``not-assessable`` (GL600) to report."""

    path: str
    rule: str
    reason: str
    detail: str
    detail_en: str


@attrs.define
class CorpusContext:
    """What a corpus rule sees while it runs, and the way it makes a finding."""

    code: str
    name: str
    severity: Severity
    organs: pd.DataFrame  # the region table: ORGAN_COLUMNS, empty when none was given
    shared: dict[str, Any] = attrs.Factory(dict)  # one run's memo, shared by every corpus rule
    not_assessable: list[NotAssessable] = attrs.Factory(list)  # shared by every corpus rule
    limit: int = DEFAULT.findings_per_rule  # findings of one rule in one report that are kept

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Compute once per run what several rules need (the documents by organ and year …)."""
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]  # type: ignore[no-any-return]

    def cannot_assess(self, path: str, reason: str, detail: str, detail_en: str) -> None:
        """Record that a comparison of the running rule on ``path`` could not be made."""
        self.not_assessable.append(NotAssessable(path, self.name, reason, detail, detail_en))

    def finding(
        self,
        path: str,
        message: str,
        message_en: str,
        *,
        section: str | None = None,
        table: str | None = None,
        row: str | None = None,
        col: str | None = None,
        expected: Any = None,
        actual: Any = None,
        cells: Sequence[tuple[str, str]] = (),
        related: Sequence[Related] = (),
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of the running rule on the report ``path``; ``row``, ``col`` and ``cells``
        take canonical labels (the cells table's ``row`` and ``col``)."""
        return Finding(
            code=self.code,
            rule=self.name,
            severity=severity or self.severity,
            message=clip(message, DEFAULT.message_chars),
            message_en=clip(message_en, DEFAULT.message_chars),
            location=Location(path=path, section=section, table=table, row=row, col=col),
            expected=expected,
            actual=actual,
            cells=tuple(cells),
            related=tuple(related),
        )


def check_tables(tables: CorpusTables) -> None:
    """Raise :class:`TablesError` naming the columns the corpus rules read that a table lacks."""
    for name, columns in RULE_INPUT_COLUMNS.items():
        frame = getattr(tables, name)
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise TablesError(
                f"the {name} table lacks the column(s) {', '.join(missing)} that the corpus rules read; "
                f"a {name} table needs {', '.join(columns)} (govlint.corpus.tables.RULE_INPUT_COLUMNS)"
            )


def region_organs(regions: Regions) -> pd.DataFrame:
    """The region table's organs (:data:`ORGAN_COLUMNS`, keys as :class:`Regions` made them),
    one row per organ key, text as Python strings or None; empty when ``regions`` has none."""
    organs = getattr(regions, "organs", None)
    if not isinstance(organs, pd.DataFrame) or organs.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ORGAN_COLUMNS})
    frame = organs.reindex(columns=list(ORGAN_COLUMNS)).astype(object)
    frame = frame.where(pd.notna(frame), None)
    keys = [k or organ_key(n) for k, n in zip(frame["organ_key"], frame["organ"], strict=True)]
    frame["organ_key"] = keys
    frame["summary"] = [bool(s) for s in frame["summary"]]
    return frame[frame["organ_key"].notna()].drop_duplicates("organ_key").reset_index(drop=True)


def run_corpus(
    tables: CorpusTables, config: Config, regions: Regions = NO_REGIONS, registry: Registry | None = None
) -> list[Finding]:
    """The findings of the corpus rules ``config`` selects over ``tables``, sorted by report,
    code and place. ``regions`` gives the region table (the organs, their parents and which
    publish a summary); without it the rules that need it report nothing.

    A table without the columns the rules read raises :class:`TablesError`; a rule that
    crashes is one error finding naming it, and the other rules still run.
    """
    check_tables(tables)
    registry = registry or builtin_registry()
    rules = [r for r in config.rules(registry) if isinstance(r, CorpusRule)]
    rules.sort(key=lambda r: r.after_others)  # the rule reporting what others could not compare: last
    organs = region_organs(regions)
    shared: dict[str, Any] = {}
    pending: list[NotAssessable] = []
    budget = config.budget()
    findings: list[Finding] = []
    for rule in rules:
        meta = rule.meta
        severity = config.severity_of(type(rule))
        ctx = CorpusContext(meta.code, meta.name, severity, organs, shared, pending, budget.findings_per_rule)
        findings += _check(rule, tables, ctx)
    findings = _per_file_ignores(findings, config, registry)
    return _kept(sorted(findings, key=_order), budget.findings_per_rule)


def _check(rule: CorpusRule, tables: CorpusTables, ctx: CorpusContext) -> list[Finding]:
    try:
        return list(rule.check_corpus(tables, ctx))
    except Exception as exc:  # a crashing rule is a finding, never a stopped run
        return [crashed(ctx.code, ctx.name, CORPUS_PATH, exc)]


def _per_file_ignores(findings: list[Finding], config: Config, registry: Registry) -> list[Finding]:
    """``findings`` without those of rules that ``per-file-ignores`` turns off for their report."""
    if not config.per_file_ignores:
        return findings
    running: dict[tuple[str, ...], set[str]] = {}
    kept = []
    for finding in findings:
        globs = tuple(config.matching_globs(finding.location.path))
        if globs and globs not in running:
            running[globs] = {type(r).meta.name for r in config.for_path(finding.location.path).rules(registry)}
        if not globs or finding.rule in running[globs]:
            kept.append(finding)
    return kept


def _order(finding: Finding) -> tuple[Any, ...]:
    """Whatever order the tables' rows came in (one process, many workers): the same order."""
    loc = finding.location
    data = finding.to_dict()
    evidence = json.dumps([data["expected"], data["actual"], data.get("related")], ensure_ascii=False, default=str)
    return (loc.path, finding.code, loc.section or "", loc.table or "", loc.row or "", loc.col or "", evidence)


def _kept(findings: Iterable[Finding], limit: int) -> list[Finding]:
    """The first ``limit`` findings of each rule in each report, then one counting the rest;
    findings numbered among identical ones of their report (see ``with_occurrences``)."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.location.path].append(finding)
    out: list[Finding] = []
    for path, group in by_path.items():
        counts: dict[str, int] = defaultdict(int)
        kept: list[Finding] = []
        first: dict[str, Finding] = {}
        for finding in group:
            counts[finding.rule] += 1
            first.setdefault(finding.rule, finding)
            if counts[finding.rule] <= limit:
                kept.append(finding)
        kept += [
            more(first[r].code, r, first[r].severity, path, n - limit, limit) for r, n in counts.items() if n > limit
        ]
        out += with_occurrences(kept)
    return out


def cells_needed(documents: pd.DataFrame, regions: Regions = NO_REGIONS) -> tuple[frozenset[str], frozenset[str]]:
    """What of the cells table the built-in corpus rules can read, so that a large corpus's
    cells are not all held at once: the ``row_key`` of every cell a cross-year relation of the
    templates names (any report), and the paths of the reports that take part in a summary (a
    summary report, and the reports of the organs under one), of which every cell may be read.

    A superset is harmless; the rules filter again. ``documents`` needs ``path``, ``organ_key``,
    ``parent`` and ``summary``.
    """
    from govlint.templates import all_templates

    rows = frozenset(
        term.row
        for template in all_templates()
        for relation in template.cross_year
        for term in (relation.lhs, *relation.rhs)
    )
    organs = regions.organs
    marked = documents["summary"].astype("boolean").fillna(False).astype(bool)
    summaries = set(documents.loc[marked, "organ_key"].dropna()) | set(
        organs.loc[organs["summary"].astype("boolean").fillna(False).astype(bool), "organ_key"].dropna()
    )
    if not summaries:
        return rows, frozenset()
    children = set(organs.loc[organs["parent"].isin(summaries), "organ_key"].dropna())
    taking_part = documents["organ_key"].isin(summaries | children) | documents["parent"].isin(summaries)
    return rows, frozenset(documents.loc[taking_part.fillna(False).astype(bool), "path"].dropna())
