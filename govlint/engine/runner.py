"""Running the selected rules over a Document."""

from __future__ import annotations

import copy
import os
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Unpack

from govlint.budget import DEFAULT, Budget, clip
from govlint.engine.config import ALWAYS_SELECTED, Config, Settings, checked_settings, load_config
from govlint.engine.context import Context
from govlint.engine.registry import REGISTRY, CorpusRule, Registry, Rule
from govlint.model import Document, Finding, Location, Severity
from govlint.model.finding import with_occurrences
from govlint.model.result import LintResult
from govlint.parse import parse, parse_text
from govlint.rules import load_builtin
from govlint.rules.batch import batch_memos
from govlint.templates import get_template


def builtin_registry() -> Registry:
    """The registry with the built-in rules and installed plugins loaded."""
    load_builtin()
    REGISTRY.load_plugins()
    return REGISTRY


def lint(
    target: str | os.PathLike[str] | Document, *, config: Config | None = None, **overrides: Unpack[Settings]
) -> LintResult:
    """Lint a report file or a parsed :class:`Document`.

    Settings: ``config`` (else the nearest ``govlint.toml`` or ``[tool.govlint]``), then
    ``overrides`` — ``select``, ``extend_select``, ``ignore``, ``per_file_ignores``,
    ``severity``, ``options``, ``fail_on``; per-file ignores that match the file apply. A
    misspelt setting is a ``TypeError``, as for any unexpected keyword.
    """
    checked_settings("lint", overrides)
    document = target if isinstance(target, Document) else parse(target)
    source = Path(document.source)
    if config is None:
        config = load_config(source if _is_file_name(source) else None)
    return run(document, config.merged(**overrides).for_path(source))


def _is_file_name(source: Path) -> bool:
    """Whether a document's source names a file that exists (a label such as ``<text>``, or a
    title too long for a file name, does not)."""
    try:
        return source.exists()
    except OSError:  # too long, or in a folder that may not be looked into
        return False


def lint_text(text: str, *, config: Config | None = None, **overrides: Unpack[Settings]) -> LintResult:
    """Lint a report given as text (the settings as for :func:`lint`)."""
    checked_settings("lint_text", overrides)
    return run(parse_text(text), (config or Config()).merged(**overrides))


def run_many(
    documents: Sequence[Document], configs: Sequence[Config], registry: Registry | None = None
) -> list[LintResult]:
    """:func:`run` for each document, with what several rules compute from the tables computed
    for the whole batch at once (:func:`govlint.rules.batch.batch_memos`). The results are
    those of running each document alone."""
    try:
        memos = batch_memos(documents)
    except Exception:  # the batch could not be prepared: each document computes its own
        memos = [{} for _ in documents]
    return [run(d, c, registry, shared=m) for d, c, m in zip(documents, configs, memos, strict=True)]


def run(
    document: Document, config: Config, registry: Registry | None = None, shared: dict[str, Any] | None = None
) -> LintResult:
    """Run the rules ``config`` selects over ``document``. ``shared``: what a batch computed for
    it ahead (:func:`run_many`)."""
    registry = registry or builtin_registry()
    template = get_template(document.template) if document.template else None
    assessable = document.readable and not any(n.code in ("empty", "not-a-report") for n in document.notes)
    findings: list[Finding] = []
    ran: list[str] = []
    shared = {} if shared is None else shared
    for rule, severity in _selected(config, registry):
        meta = rule.meta
        if not assessable and meta.name not in ALWAYS_SELECTED:  # nothing else can assess it
            continue
        if template is not None and template.version not in meta.templates:
            continue
        ctx = Context(document, template, meta.code, meta.name, severity, document.source, shared)
        ran.append(meta.name)
        findings += _check(rule, document, ctx)
    findings.sort(key=lambda f: f.code)  # stable: each rule's own order (most local first) is kept
    findings = with_occurrences(findings)  # identical findings get fingerprints of their own
    published = document.publication_date
    return LintResult(
        path=document.source,
        findings=tuple(findings),
        rules_run=tuple(ran),
        organ=document.organ,
        year=document.year,
        template=document.template,
        published=published.isoformat() if published else None,
        fail_on=config.fail_on,
        document=document,
    )


# The rules of the last few settings, with their severities: a batch lints every file with
# the same settings, and resolving them (each rule's options built and validated) costs more
# than many a rule's check. Rules are pure (no state between checks), so one instance serves.
_SELECTED: list[tuple[Config, Registry, tuple[type[Rule], ...], list[tuple[Rule, Severity]]]] = []
_SELECTED_KEPT = 4


def _selected(config: Config, registry: Registry) -> list[tuple[Rule, Severity]]:
    """The rules ``config`` selects from ``registry``, but the corpus rules (run_corpus runs
    those), each with its severity."""
    classes = tuple(registry.rules.values())  # a rule added or replaced since: resolved again
    for seen, known, held, rules in _SELECTED:
        if known is registry and held == classes and seen == config:
            return rules
    rules = [(r, config.severity_of(type(r))) for r in config.rules(registry) if not isinstance(r, CorpusRule)]
    # A copy to compare with: settings changed in place (a dict of options) are new settings.
    _SELECTED[:] = [(copy.deepcopy(config), registry, classes, rules), *_SELECTED[: _SELECTED_KEPT - 1]]
    return rules


def _check(rule: Rule, document: Document, ctx: Context, budget: Budget = DEFAULT) -> list[Finding]:
    """The rule's findings: the first ``findings_per_rule`` as it yields them (most local first),
    then one finding of the same rule counting the rest, which are made but not kept."""
    kept: list[Finding] = []
    extra = 0
    try:
        for finding in rule.check(document, ctx):
            if len(kept) < budget.findings_per_rule:
                kept.append(finding)
            else:
                extra += 1
    except Exception as exc:  # a crashing rule is a finding, never a stopped run
        return [crashed(ctx.code, ctx.name, ctx.path, exc)]
    if not extra:
        return kept
    return [*kept, more(ctx.code, ctx.name, ctx.severity, ctx.path, extra, budget.findings_per_rule)]


def crashed(code: str, name: str, path: str, exc: Exception) -> Finding:
    """The finding of a rule that raised ``exc``: where, and what (a rule's crash never stops a run)."""
    where = traceback.extract_tb(exc.__traceback__)[-1]
    detail = f"{type(exc).__name__}: {clip(str(exc))} ({Path(where.filename).name}:{where.lineno})"
    return Finding(
        code=code,
        rule=name,
        severity=Severity.ERROR,
        message=f"规则 {name} 运行出错，未能完成检查：{detail}",
        message_en=f"rule {name} crashed and did not finish: {detail}",
        location=Location(path=path),
        actual=detail,
    )


def more(code: str, name: str, severity: Severity, path: str, count: int, shown: int) -> Finding:
    """The finding that stands for the ``count`` findings of one rule in one file past its budget."""
    return Finding(
        code=code,
        rule=name,
        severity=severity,
        message=f"规则 {name} 在本文件中还有{count}处同类问题未逐一列出（只列出前{shown}处）。",
        message_en=f"{count} more finding(s) of {name} in this file are not listed (only the first {shown} are).",
        location=Location(path=path),
        actual=count,
    )
