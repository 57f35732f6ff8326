"""Rules, their metadata, and the registry that holds them.

Built-in rules register with :func:`register`; third-party packages expose rule classes (or a
callable returning them) under the entry-point group ``govlint.rules``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import entry_points
from typing import Any, ClassVar, Literal

import attrs

from govlint.errors import PluginError
from govlint.model import Document, Finding, Severity

Family = Literal["input", "structure", "template", "arithmetic", "prose", "dates", "corpus"]
FAMILY_OF_PREFIX: dict[str, Family] = {
    "GL0": "input",
    "GL1": "structure",
    "GL2": "template",
    "GL3": "arithmetic",
    "GL4": "prose",
    "GL5": "dates",
    "GL6": "corpus",
}
ENTRY_POINT_GROUP = "govlint.rules"


@attrs.frozen
class RuleMeta:
    """Everything the engine and the docs need to know about a rule."""

    code: str
    name: str
    severity: Severity
    tables: tuple[str, ...] = ()  # the tables it reads; empty for document-level rules
    templates: tuple[str, ...] = ("2019", "2021")
    added: str = "0.1.0"
    fixable: bool = False

    @property
    def family(self) -> Family:
        return FAMILY_OF_PREFIX.get(self.code[:3], "input")


@attrs.frozen
class NoOptions:
    """A rule without options."""


class Rule:
    """Base class of a rule: one metadata object, typed options and a pure ``check``.

    ``check`` yields findings through ``ctx``; it must not mutate the document, do I/O or raise
    for bad data (the runner turns an exception into a finding naming the rule).
    """

    meta: ClassVar[RuleMeta]
    Options: ClassVar[type] = NoOptions

    def __init__(self, options: Any = None) -> None:
        self.options = options if options is not None else self.Options()

    def check(self, document: Document, ctx: Any) -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        return (inspect.getdoc(cls) or "").split("\n", 1)[0]

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""


class CorpusRule(Rule):
    """Base class of a corpus rule (GL6): it compares reports with each other, so it reads the
    tables of a whole corpus (:class:`govlint.corpus.CorpusTables`) instead of one Document.

    It is registered, selected and configured as any rule, but only
    :func:`govlint.engine.corpus.run_corpus` runs it; ``check`` on one document yields nothing.
    """

    after_others: ClassVar[bool] = False  # runs after the other corpus rules (it reads what they recorded)

    def check(self, document: Document, ctx: Any) -> Iterable[Finding]:
        return ()

    def check_corpus(self, tables: Any, ctx: Any) -> Iterable[Finding]:
        raise NotImplementedError


@attrs.define
class Registry:
    """Rule classes by name, in registration order."""

    rules: dict[str, type[Rule]] = attrs.Factory(dict)
    plugins_loaded: bool = False

    def add(self, rule: type[Rule]) -> type[Rule]:
        meta = getattr(rule, "meta", None)
        if not isinstance(meta, RuleMeta):
            raise PluginError(f"{rule!r} has no RuleMeta 'meta' attribute")
        clash = next((r for r in self.rules.values() if r.meta.code == meta.code and r is not rule), None)
        if clash is not None or (meta.name in self.rules and self.rules[meta.name] is not rule):
            raise PluginError(f"rule {meta.code} {meta.name} is registered twice")
        self.rules[meta.name] = rule
        return rule

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(sorted(self.rules.values(), key=lambda r: r.meta.code))

    def get(self, name_or_code: str) -> type[Rule] | None:
        code = name_or_code.upper()
        return self.rules.get(name_or_code) or next((r for r in self.rules.values() if r.meta.code == code), None)

    def load_plugins(self) -> None:
        """Register the rules of every installed ``govlint.rules`` entry point, once."""
        if self.plugins_loaded:
            return
        self.plugins_loaded = True
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                target = ep.load()
                rules = [target] if isinstance(target, type) else list(_call(target))
                for rule in rules:
                    self.add(rule)
            except PluginError:
                raise
            except Exception as exc:  # a broken plugin must fail loudly, naming itself
                raise PluginError(f"plugin {ep.name!r} ({ep.value}) failed to load: {exc}") from exc


def _call(target: Callable[[], Iterable[type[Rule]]]) -> Iterable[type[Rule]]:
    return target()


REGISTRY = Registry()


def register(rule: type[Rule]) -> type[Rule]:
    """Class decorator: add a built-in rule to the registry."""
    return REGISTRY.add(rule)
