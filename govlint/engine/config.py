"""Which rules run, at what severity, with which options.

Settings come from the nearest ``govlint.toml`` or ``pyproject.toml`` with a
``[tool.govlint]`` table (walking up from the linted file; in one folder ``govlint.toml``
wins) and are overridden by keyword arguments or command-line flags. ``per-file-ignores``
globs are matched against the file's path relative to the configuration file's folder.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
import tomllib
import warnings
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import attrs
import pathspec

from govlint.budget import DEFAULT, Budget, MiB
from govlint.discovery import DEFAULT_EXCLUDE, Discovery
from govlint.engine.registry import Registry, Rule
from govlint.errors import ConfigError
from govlint.files import read_regular
from govlint.model import Severity

if TYPE_CHECKING:
    from govlint.corpus.regions import Regions

# Rules that run whatever ``select`` says: a file that could not be read (or went over its
# budget) is never passed as clean because other rules were chosen. Only ``ignore`` (by name,
# code or prefix) turns one off.
ALWAYS_SELECTED = frozenset({"unreadable-input"})

_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "options",
    "fail-on",
    "exclude",
    "extend-exclude",
    "lang",
    "time-budget",
    "memory-budget",
    "regions",
    "aliases",
    "organ-pattern",
}


class Settings(TypedDict, total=False):
    """The keyword settings of :func:`govlint.lint`, :func:`govlint.lint_text` and
    :func:`govlint.lint_many` (the keys of ``[tool.govlint]``, with ``_`` for ``-``)."""

    select: str | Sequence[str]
    extend_select: str | Sequence[str]
    ignore: str | Sequence[str]
    per_file_ignores: Mapping[str, Sequence[str]]
    severity: Mapping[str, str | Severity]
    options: Mapping[str, Mapping[str, Any]]
    fail_on: str | Severity
    exclude: str | Sequence[str]
    extend_exclude: str | Sequence[str]
    time_budget: float
    memory_budget: int
    regions: str | PathLike[str]
    aliases: str | PathLike[str]
    organ_pattern: str


def checked_settings(function: str, settings: Mapping[str, Any]) -> Mapping[str, Any]:
    """``settings`` when every key is a setting; else the ``TypeError`` Python gives for an
    unexpected keyword, with the closest setting suggested."""
    known = list(Settings.__annotations__)
    for key in settings:
        if key not in known:
            hint = suggestion(key, known) or f" (settings: {', '.join(known)})"
            raise TypeError(f"{function}() got an unexpected keyword argument {key!r}{hint}")
    return settings


def _budget_check(integer: bool) -> Any:
    """The validator of a budget field: None, or what ``_positive`` takes (a budget set on a
    ``Config`` made in Python is checked as one from a file or a flag)."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            _positive(value, attribute.name.replace("_", "-"), integer)

    return check


def _strings(values: Any, where: str) -> tuple[str, ...]:
    what = "gitignore patterns" if "exclude" in where else "rule names or codes"
    if isinstance(values, str | PathLike):
        values = [values]
    if isinstance(values, Iterable) and not isinstance(values, Mapping | bytes):
        values = [fspath(v) if isinstance(v, PathLike) else v for v in values]  # a set, a generator, paths
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where} must be a list of {what}, not {values!r}")
    if any(not v.strip() for v in values):  # an empty code would be the prefix of every rule
        raise ConfigError(f"{where}: an empty entry in {list(values)!r}; list {what}")
    return tuple(values)


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table, not {value!r}")
    return value


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a severity (error, warning or info)") from None


def _severities(values: Any) -> dict[str, Severity]:
    table = _table(values, "severity")
    for key in table:  # an empty key would be the prefix of every rule
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(f"severity: {key!r} is not a rule's code, code prefix or name")
    return {k: _severity(v, f"severity of {k}") for k, v in table.items()}


def _gitignore(pattern: str, where: str) -> pathspec.GitIgnoreSpec:
    """``pattern`` as a gitignore pattern (``pathspec``), or a :class:`ConfigError` naming
    ``where`` it was set. A POSIX class such as git's ``[[:alpha:]]`` is refused too: pathspec
    reads it as another set. (Python's warning about a possible nested set, which such a class
    and a literal ``[`` in a set give, is not the user's to see.)"""
    if "[[:" in pattern:
        raise ConfigError(
            f"{where}: {pattern!r} is not a glob govlint reads: POSIX classes such as [[:alpha:]] are not"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            return pathspec.GitIgnoreSpec.from_lines([pattern])
    except (ValueError, TypeError, re.error) as exc:
        raise ConfigError(f"{where}: {pattern!r} is not a glob: {exc}") from None


@functools.cache  # one per pattern: settings are read for every file of a run
def _exclude_glob(pattern: str, where: str) -> None:
    """Refuse an exclude pattern that is not a gitignore pattern."""
    _gitignore(pattern, where)


@functools.cache
def _glob(pattern: str) -> pathspec.GitIgnoreSpec:
    """A per-file-ignores key as a gitignore pattern (``pathspec``): ``*`` and ``?`` within one
    folder, ``**/`` any number of folders, a pattern without ``/`` matched at any depth."""
    return _gitignore(pattern, "per-file-ignores")


def _per_file(value: Any) -> dict[str, tuple[str, ...]]:
    """``per-file-ignores``: each glob checked where it is set, with the rules it ignores."""
    table = _table(value, "per-file-ignores (globs to lists of rules)")
    globs = {(fspath(g) if isinstance(g, PathLike) else g): rules for g, rules in table.items()}
    for glob in globs:
        if not isinstance(glob, str):
            raise ConfigError(f"per-file-ignores: {glob!r} is not a glob")
        _glob(glob)
    return {glob: _strings(rules, f"per-file-ignores {glob!r}") for glob, rules in globs.items()}


# The converters of the list settings: a string is one code or pattern; each pattern is refused
# where it is set unless it is one.
def _select(value: Any) -> tuple[str, ...]:
    return _strings(value, "select")


def _ignore(value: Any) -> tuple[str, ...]:
    return _strings(value, "ignore")


def _extend_select(value: Any) -> tuple[str, ...]:
    return _strings(value, "extend-select")


def _exclude(value: Any) -> tuple[str, ...]:
    return _checked_patterns(value, "exclude")


def _extend_exclude(value: Any) -> tuple[str, ...]:
    return _checked_patterns(value, "extend-exclude")


def _checked_patterns(value: Any, where: str) -> tuple[str, ...]:
    patterns = _strings(value, where)
    for pattern in patterns:
        _exclude_glob(pattern, where)
    return patterns


def _fail_on(value: Any) -> Severity:
    return _severity(value, "fail-on")


def _options_tables(value: Any) -> dict[str, Mapping[str, Any]]:
    """``options``: a table of tables, rule → option → value, each named by a string."""
    options = _table(value, "options")
    for rule, values in options.items():
        if not isinstance(rule, str):
            raise ConfigError(f"options: {rule!r} is not a rule's code or name")
        for key in _table(values, f"options for {rule}"):
            if not isinstance(key, str):
                raise ConfigError(f"options for {rule}: {key!r} is not the name of an option")
    return dict(options)


@attrs.frozen
class Config:
    """The settings of a run. Each one is checked and normalised as it is set, in Python as from
    a file or a flag: a string is one code or pattern, a severity may be given as text."""

    # codes, code prefixes or names; empty selects every rule
    select: tuple[str, ...] = attrs.field(default=(), converter=_select)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_ignore)
    # rule name or code → severity
    severity: Mapping[str, Severity] = attrs.field(factory=dict, converter=_severities)
    # rule name → options
    options: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, converter=_options_tables)
    fail_on: Severity = attrs.field(default=Severity.WARNING, converter=_fail_on)
    # added to select (to a configured select, from a flag)
    extend_select: tuple[str, ...] = attrs.field(default=(), converter=_extend_select)
    # glob → rules
    per_file_ignores: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_per_file)
    source: str | None = None  # the configuration file these settings came from
    root: str | None = None  # its folder: per-file-ignores globs are relative to it
    # gitignore patterns of files a folder run skips
    exclude: tuple[str, ...] = attrs.field(default=DEFAULT_EXCLUDE, converter=_exclude)
    extend_exclude: tuple[str, ...] = attrs.field(default=(), converter=_extend_exclude)
    lang: str | None = None  # the language of text output: zh or en (None: the locale's)
    # seconds one file may take in a batch (None: the default)
    time_budget: float | None = attrs.field(default=None, validator=_budget_check(integer=False))
    # MiB one file may take in a batch (None: the default)
    memory_budget: int | None = attrs.field(default=None, validator=_budget_check(integer=True))
    regions: str | None = None  # the region table (CSV) of a corpus audit
    aliases: str | None = None  # an alias file extending the built-in organ-name aliases
    organ_pattern: str | None = None  # a regex on the path with groups organ / region / year

    def load_regions(self) -> Regions:
        """The :class:`~govlint.corpus.Regions` of these settings (read once per file version);
        a :class:`ConfigError` names the file and line of what is wrong in them."""
        return _regions(self.regions, self.aliases, self.organ_pattern, _stamp(self.regions), _stamp(self.aliases))

    def budget(self) -> Budget:
        """The budget of each file of a batch run with these settings."""
        changes: dict[str, Any] = {}
        if self.time_budget is not None:
            changes["seconds"] = float(self.time_budget)
        if self.memory_budget is not None:
            changes["memory"] = int(self.memory_budget) * MiB
        return attrs.evolve(DEFAULT, **changes)

    def for_path(self, path: str | Path) -> Config:
        """These settings for one file: the ignores of every matching per-file glob added."""
        matched = self.matching_globs(path)
        if not matched:
            return self
        extra = tuple(rule for glob in matched for rule in self.per_file_ignores[glob])
        return attrs.evolve(self, ignore=(*self.ignore, *extra))

    def matching_globs(self, path: str | Path) -> list[str]:
        if not self.per_file_ignores:
            return []
        candidate = Path(path)
        if self.root is not None:
            with contextlib.suppress(ValueError, OSError):  # a file outside the root: match as given
                candidate = candidate.resolve().relative_to(Path(self.root).resolve())
        text = candidate.as_posix()
        return [g for g in self.per_file_ignores if _glob(g).match_file(text)]

    def discovery(self, force_exclude: bool = False) -> Discovery:
        """How a run with these settings finds the files it lints."""
        root = Path(self.root) if self.root is not None else None
        return Discovery(self.exclude, self.extend_exclude, force_exclude=force_exclude, root=root)

    def merged(self, **overrides: Any) -> Config:
        """This configuration with the non-empty ``overrides`` applied on top."""
        changes = {k: v for k, v in overrides.items() if v not in (None, (), [], {})}
        lists = ("select", "ignore", "extend_select", "exclude", "extend_exclude")
        changes = {k: _strings(v, k.replace("_", "-")) if k in lists else v for k, v in changes.items()}
        if "extend_select" in changes:  # a flag adds to the configured extension
            changes["extend_select"] = (*self.extend_select, *changes["extend_select"])
        elif "select" in changes:  # a new select means exactly these rules
            changes["extend_select"] = ()
        if "extend_exclude" in changes:  # a flag adds to the configured extension
            changes["extend_exclude"] = (*self.extend_exclude, *changes["extend_exclude"])
        if "per_file_ignores" in changes:
            changes["per_file_ignores"] = {**self.per_file_ignores, **_per_file(changes["per_file_ignores"])}
        if "severity" in changes:
            changes["severity"] = {**self.severity, **_severities(changes["severity"])}
        if "options" in changes:
            changes["options"] = {**self.options, **_options_tables(changes["options"])}
        for key in ("regions", "aliases", "organ_pattern"):
            if key in changes:
                changes[key] = _text(changes[key], key.replace("_", "-"), path=key != "organ_pattern")
        for key in ("time_budget", "memory_budget"):
            if key in changes:
                changes[key] = _positive(changes[key], key.replace("_", "-"), integer=key == "memory_budget")
        return attrs.evolve(self, **changes)

    def rules(self, registry: Registry) -> list[Rule]:
        """Instances of the selected rules, with options and severities resolved."""
        known = list(registry)
        ignored = (*self.ignore, *(r for rules in self.per_file_ignores.values() for r in rules))
        for selector in (*self.select, *self.extend_select, *ignored, *self.severity):
            if not any(_matches(selector, r) for r in known):
                names = [n for r in known for n in (r.meta.name, r.meta.code)]
                where = f"{self.source}: " if self.source else ""
                hint = suggestion(selector, names) or "; `govlint rules` lists them"
                raise ConfigError(f"{where}unknown rule, code or prefix {selector!r}{hint}")
        for key in self.options:
            if not any(key in (r.meta.name, r.meta.code) for r in known):
                where = f"{self.source}: " if self.source else ""
                if any(_matches(key, r) for r in known):  # a prefix such as GL3
                    raise ConfigError(f"{where}options for {key!r}: name one rule (by name or code), not a family")
                names = [n for r in known for n in (r.meta.name, r.meta.code)]
                hint = suggestion(key, names) or "; `govlint rules` lists them"
                raise ConfigError(f"{where}options for {key!r}: unknown rule{hint}")
        out = []
        for rule in known:
            chosen = (
                not self.select
                or rule.meta.name in ALWAYS_SELECTED
                or any(_matches(s, rule) for s in (*self.select, *self.extend_select))
            ) and not any(_matches(s, rule) for s in self.ignore)
            values = self.options.get(rule.meta.name, self.options.get(rule.meta.code, {}))
            if not (chosen or values):
                continue
            try:  # a rule's options are checked, selected or not: a typo waits for no run
                options = _options(rule, values)
            except ConfigError as exc:
                raise ConfigError(f"{self.source}: {exc}" if self.source else str(exc)) from None
            if chosen:
                out.append(rule(options))
        return out

    def severity_of(self, rule: type[Rule]) -> Severity:
        """The configured severity: by name, else by code, else by the longest code prefix."""
        if rule.meta.name in self.severity:
            return self.severity[rule.meta.name]
        prefixes = [k for k in self.severity if rule.meta.code.startswith(k.upper())]
        return self.severity[max(prefixes, key=len)] if prefixes else rule.meta.severity

    def describe(self, path: str | Path | None, registry: Registry) -> dict[str, Any]:
        """The effective settings for ``path``, as ``govlint check --show-settings`` prints them."""
        effective = self.for_path(path) if path is not None else self
        rules = effective.rules(registry)
        return {
            "file": str(path) if path is not None else None,
            "config": self.source,
            "select": list(self.select),
            "extend-select": list(self.extend_select),
            "ignore": list(self.ignore),
            "exclude": list(self.exclude),
            "extend-exclude": list(self.extend_exclude),
            "per-file-ignores": {g: list(v) for g, v in self.per_file_ignores.items()},
            "per-file-ignores matching this file": self.matching_globs(path) if path is not None else [],
            "fail-on": self.fail_on.value,
            "time-budget": self.budget().seconds,
            "memory-budget": self.budget().memory // MiB,
            "severity": {k: v.value for k, v in self.severity.items()},
            "rules": {
                r.meta.name: {
                    "code": r.meta.code,
                    "severity": effective.severity_of(type(r)).value,
                    "options": attrs.asdict(r.options) if attrs.has(type(r.options)) else {},
                }
                for r in rules
            },
        }


def _matches(selector: str, rule: type[Rule]) -> bool:
    return selector == rule.meta.name or rule.meta.code.startswith(selector.upper())


def _options(rule: type[Rule], values: Mapping[str, Any]) -> Any:
    fields = {f.name for f in attrs.fields(rule.Options)}
    unknown = sorted(k for k in values if _snake(k) not in fields)  # as written
    if unknown:
        written = sorted(f.replace("_", "-") for f in fields)
        hint = suggestion(unknown[0], written) or f" (options: {', '.join(written) or 'none'})"
        raise ConfigError(f"rule {rule.meta.name} has no option {unknown[0]!r}{hint}")
    try:
        return rule.Options(**{_snake(k): v for k, v in values.items()})
    except (TypeError, ValueError) as exc:
        alone = [k for k in values if not _valid_alone(rule, k, values[k])]  # which one, where one alone fails
        named = f" {alone[0]} = {values[alone[0]]!r}" if alone else ""
        raise ConfigError(f"rule {rule.meta.name}: bad option value{named}: {exc}") from None


def _valid_alone(rule: type[Rule], key: str, value: Any) -> bool:
    try:
        rule.Options(**{_snake(key): value})
    except (TypeError, ValueError):
        return False
    return True


def _positive(value: Any, where: str, integer: bool) -> float:
    kind = "a whole number of MiB" if integer else "a number of seconds"
    if isinstance(value, bool) or not isinstance(value, int | float) or (integer and not isinstance(value, int)):
        raise ConfigError(f"{where}: {value!r} is not {kind}")
    if not 0 < value < 10**7:
        raise ConfigError(f"{where}: {value!r} must be more than 0 (and sane): {kind}")
    return value


def _text(value: Any, where: str, path: bool) -> str:
    what = "the path of a file" if path else "a regular expression"
    if isinstance(value, PathLike) and path:
        value = fspath(value)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {value!r} is not {what}")
    if not path:
        from govlint.corpus.regions import compile_pattern  # the corpus package imports the engine

        compile_pattern(value)  # a bad pattern is named with the file that sets it
    return value


def _stamp(path: str | None) -> tuple[int, int] | None:
    """What tells one version of a file from the next (modification time and size)."""
    if path is None:
        return None
    try:
        info = Path(path).stat()
    except OSError:
        return None  # Regions.load says why it cannot read it
    return info.st_mtime_ns, info.st_size


@functools.lru_cache(maxsize=8)
def _regions(table: str | None, aliases: str | None, pattern: str | None, *stamps: tuple[int, int] | None) -> Regions:
    from govlint.corpus.regions import Regions  # the corpus package imports the engine

    return Regions.load(table, aliases, pattern)


def _lang(value: Any) -> str | None:
    if value is None or value in ("zh", "en"):
        return value  # type: ignore[no-any-return]
    raise ConfigError(f"lang: {value!r} is not a language of the messages (zh or en)")


def suggestion(word: str, known: Sequence[str]) -> str:
    """``"; did you mean 'blank-cell'?"`` for the closest of ``known``, or ``""``."""
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _snake(key: str) -> str:
    return key.replace("-", "_")


_SETTINGS_BYTES = 16 * MiB  # a settings file is a few KiB; past this it is something else


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data, _ = read_regular(path, _SETTINGS_BYTES)  # a FIFO or a device is refused unopened
        if len(data) > _SETTINGS_BYTES:
            raise ValueError(f"larger than {_SETTINGS_BYTES // MiB} MiB: not a settings file")
        return tomllib.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # ValueError: TOML, UTF-8, a 5,000-digit integer
        why = "nested too deep" if isinstance(exc, RecursionError) else exc
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else why
        raise ConfigError(f"{path}: cannot read: {why}") from None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``govlint.toml``, or ``pyproject.toml`` with a ``[tool.govlint]`` table, at
    or above ``start``, and its govlint settings."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.resolve().parents):
        own = candidate / "govlint.toml"
        if own.is_file():
            return own, _read_toml(own)
        path = candidate / "pyproject.toml"
        if path.is_file():
            tool = _read_toml(path).get("tool", {})
            if isinstance(tool, Mapping) and "govlint" in tool:
                return path, dict(_table(tool["govlint"], f"{path}: [tool.govlint]"))
    return None


def load_config(start: Path | None) -> Config:
    """The configuration that applies to a file (defaults when there is none)."""
    found = find_config(start) if start is not None else None
    if found is None:
        return Config()
    return _configured(*found)


def load_config_file(path: Path) -> Config:
    """The settings of one named file (``--config``): a ``govlint.toml``, or a ``pyproject.toml``
    whose ``[tool.govlint]`` table is read (an error when it has none)."""
    data = _read_toml(path)
    if path.name != "pyproject.toml":
        return _configured(path, data)
    tool = data.get("tool", {})
    if not isinstance(tool, Mapping) or "govlint" not in tool:
        raise ConfigError(f"{path}: no [tool.govlint] table")
    return _configured(path, dict(_table(tool["govlint"], f"{path}: [tool.govlint]")))


def _configured(path: Path, table: Mapping[str, Any]) -> Config:
    where = "[tool.govlint]" if path.name == "pyproject.toml" else path.name
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        hint = suggestion(unknown[0], sorted(_KEYS)) or f" (known: {', '.join(sorted(_KEYS))})"
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} in {where}{hint}")
    config = Config(source=str(path), root=str(path.parent.resolve()))
    try:
        return _from_table(config, table)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _from_table(config: Config, table: Mapping[str, Any]) -> Config:
    return config.merged(
        select=_strings(table.get("select", ()), "select"),
        extend_select=_strings(table.get("extend-select", ()), "extend-select"),
        ignore=_strings(table.get("ignore", ()), "ignore"),
        per_file_ignores=table.get("per-file-ignores", {}),
        exclude=_strings(table.get("exclude", ()), "exclude"),
        lang=_lang(table.get("lang")),
        extend_exclude=_strings(table.get("extend-exclude", ()), "extend-exclude"),
        severity=table.get("severity", {}),
        options=table.get("options", {}),
        fail_on=table.get("fail-on"),
        time_budget=table.get("time-budget"),
        memory_budget=table.get("memory-budget"),
        regions=_relative(config, table.get("regions"), "regions"),
        aliases=_relative(config, table.get("aliases"), "aliases"),
        organ_pattern=table.get("organ-pattern"),
    )


def _relative(config: Config, value: Any, where: str) -> Any:
    """A path setting read from a file: relative to the file's folder."""
    if value is None or config.root is None:
        return value
    return str(Path(config.root) / _text(value, where, path=True))


def split_list(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"GL1,row-total"`` → ``("GL1", "row-total")``."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else [p for v in value for p in v.split(",")]
    return tuple(s.strip() for s in items if s.strip())
