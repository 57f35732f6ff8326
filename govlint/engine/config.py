"""Which rules run, at what severity, with which options.

Settings come from ``[tool.govlint]`` in the nearest ``pyproject.toml`` (walking up from the
linted file) and are overridden by keyword arguments or command-line flags.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from govlint.engine.registry import Registry, Rule
from govlint.errors import ConfigError
from govlint.model import Severity

_KEYS = {"select", "ignore", "severity", "options", "fail-on"}


@attrs.frozen
class Config:
    select: tuple[str, ...] = ()  # codes, code prefixes or names; empty selects every rule
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = attrs.field(factory=dict)  # rule name or code → severity
    options: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)  # rule name → options
    fail_on: Severity = Severity.WARNING

    def merged(self, **overrides: Any) -> Config:
        """This configuration with the non-empty ``overrides`` applied on top."""
        changes = {k: v for k, v in overrides.items() if v not in (None, (), [], {})}
        if "select" in changes or "ignore" in changes:
            changes = {k: tuple(v) if k in ("select", "ignore") else v for k, v in changes.items()}
        if "severity" in changes:
            changes["severity"] = {**self.severity, **_severities(changes["severity"])}
        if "options" in changes:
            changes["options"] = {**self.options, **changes["options"]}
        if "fail_on" in changes:
            changes["fail_on"] = _severity(changes["fail_on"], "fail-on")
        return attrs.evolve(self, **changes)

    def rules(self, registry: Registry) -> list[Rule]:
        """Instances of the selected rules, with options and severities resolved."""
        known = list(registry)
        for selector in (*self.select, *self.ignore, *self.severity):
            if not any(_matches(selector, r) for r in known):
                raise ConfigError(f"unknown rule, code or prefix {selector!r}; `govlint rules` lists them")
        for key in self.options:
            if not any(key in (r.meta.name, r.meta.code) for r in known):
                raise ConfigError(f"options for {key!r}: name one rule (by name or code), not a family")
        out = []
        for rule in known:
            chosen = not self.select or any(_matches(s, rule) for s in self.select)
            if chosen and not any(_matches(s, rule) for s in self.ignore):
                values = self.options.get(rule.meta.name, self.options.get(rule.meta.code, {}))
                out.append(rule(_options(rule, values)))
        return out

    def severity_of(self, rule: type[Rule]) -> Severity:
        """The configured severity: by name, else by code, else by the longest code prefix."""
        if rule.meta.name in self.severity:
            return self.severity[rule.meta.name]
        prefixes = [k for k in self.severity if rule.meta.code.startswith(k.upper())]
        return self.severity[max(prefixes, key=len)] if prefixes else rule.meta.severity


def _matches(selector: str, rule: type[Rule]) -> bool:
    return selector == rule.meta.name or rule.meta.code.startswith(selector.upper())


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a severity (error, warning or info)") from None


def _severities(values: Mapping[str, Any]) -> dict[str, Severity]:
    return {k: _severity(v, f"severity of {k}") for k, v in values.items()}


def _options(rule: type[Rule], values: Mapping[str, Any]) -> Any:
    fields = {f.name for f in attrs.fields(rule.Options)}
    unknown = sorted(set(_snake(k) for k in values) - fields)
    if unknown:
        allowed = ", ".join(sorted(fields)) or "none"
        raise ConfigError(f"rule {rule.meta.name} has no option {unknown[0]!r} (options: {allowed})")
    try:
        return rule.Options(**{_snake(k): v for k, v in values.items()})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"rule {rule.meta.name}: bad option value: {exc}") from None


def _snake(key: str) -> str:
    return key.replace("-", "_")


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has a ``[tool.govlint]`` table."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.resolve().parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{path}: cannot read: {exc}") from None
            if "govlint" in data.get("tool", {}):
                return path
    return None


def load_config(start: Path | None) -> Config:
    """The ``[tool.govlint]`` configuration that applies to a file (defaults when none)."""
    path = find_pyproject(start) if start is not None else None
    if path is None:
        return Config()
    table = tomllib.loads(path.read_text(encoding="utf-8"))["tool"]["govlint"]
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} in [tool.govlint] (known: {', '.join(sorted(_KEYS))})")
    return Config().merged(
        select=_strings(table.get("select", ()), "select"),
        ignore=_strings(table.get("ignore", ()), "ignore"),
        severity=table.get("severity", {}),
        options=table.get("options", {}),
        fail_on=table.get("fail-on"),
    )


def _strings(values: Iterable[Any], where: str) -> tuple[str, ...]:
    out = tuple(values) if not isinstance(values, str) else (values,)
    if not all(isinstance(v, str) for v in out):
        raise ConfigError(f"[tool.govlint] {where} must be a list of rule names or codes")
    return out


def split_list(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"GL1,row-total"`` → ``("GL1", "row-total")``."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else [p for v in value for p in v.split(",")]
    return tuple(s.strip() for s in items if s.strip())
