"""govlint: lint China's government information disclosure annual reports.

>>> import govlint
>>> document = govlint.parse("examples/reports/003_32c7538ebe09f062.txt")  # doctest: +SKIP
>>> document.tables["applications"].frame  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from govlint import display, reporters  # noqa: F401 - reporters installs str(LintResult)
from govlint.corpus.runner import audit
from govlint.engine.config import Config
from govlint.engine.registry import Rule, RuleMeta, register
from govlint.engine.runner import lint, lint_text
from govlint.errors import ConfigError, GovlintError
from govlint.frames import Audit, lint_many
from govlint.model import Cell, CellState, Document, Finding, Location, Section, Severity, Table
from govlint.model.result import LintResult
from govlint.parse import parse, parse_bytes, parse_text
from govlint.templates import get_template

try:
    __version__ = version("govlint")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Audit",
    "Cell",
    "CellState",
    "Config",
    "ConfigError",
    "Document",
    "Finding",
    "GovlintError",
    "LintResult",
    "Location",
    "Rule",
    "RuleMeta",
    "Section",
    "Severity",
    "Table",
    "__version__",
    "audit",
    "display",
    "get_template",
    "lint",
    "lint_many",
    "lint_text",
    "parse",
    "parse_bytes",
    "parse_text",
    "register",
]
