"""govlint: lint China's government information disclosure annual reports.

>>> import govlint
>>> document = govlint.parse("examples/reports/003_32c7538ebe09f062.txt")  # doctest: +SKIP
>>> document.tables["applications"].frame  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from govlint import collector as _collector

with _collector.paused():  # pandas and the model: tens of thousands of objects, none of them garbage
    from govlint.model import display as _seam
    from govlint.model.result import install_text as _install_text

    # Imported now, not on first use: importing the subpackage govlint.parse (as linting does)
    # would otherwise bind the name `parse` here to the subpackage instead of the function.
    from govlint.parse import parse, parse_bytes, parse_text

if TYPE_CHECKING:
    from govlint import display
    from govlint.corpus.runner import audit
    from govlint.engine.config import Config
    from govlint.engine.registry import Rule, RuleMeta, register
    from govlint.engine.runner import lint, lint_text
    from govlint.errors import ConfigError, GovlintError
    from govlint.frames import Audit, lint_many
    from govlint.model import Cell, CellState, Document, Finding, Location, Section, Severity, Table
    from govlint.model.result import LintResult
    from govlint.templates import get_template

try:
    __version__ = version("govlint")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

# Where each public name lives. They are imported when first used, so that `import govlint` (and
# the command line, which needs only some of them) does not pay for pandera, rich, pyarrow and the
# display before they are needed.
_HOMES = {
    "Audit": "govlint.frames",
    "Cell": "govlint.model",
    "CellState": "govlint.model",
    "Config": "govlint.engine.config",
    "ConfigError": "govlint.errors",
    "Document": "govlint.model",
    "Finding": "govlint.model",
    "GovlintError": "govlint.errors",
    "LintResult": "govlint.model.result",
    "Location": "govlint.model",
    "Rule": "govlint.engine.registry",
    "RuleMeta": "govlint.engine.registry",
    "Section": "govlint.model",
    "Severity": "govlint.model",
    "Table": "govlint.model",
    "audit": "govlint.corpus.runner",
    "get_template": "govlint.templates",
    "lint": "govlint.engine.runner",
    "lint_many": "govlint.frames",
    "lint_text": "govlint.engine.runner",
    "register": "govlint.engine.registry",
}


def __getattr__(name: str) -> Any:
    if name == "display":
        return importlib.import_module("govlint.display")  # the import binds it here too
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'govlint' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _text(result: Any) -> str:
    """``str(result)``: the text report, with the reporters imported on first use."""
    from govlint.reporters import text

    return text([result])


def _render(obj: Any, lang: str | None = None, *, standalone: bool = False) -> dict[str, str]:
    """The Jupyter display, with :mod:`govlint.display` imported on first use (it then installs
    its own renderer in the seam)."""
    from govlint.display import render

    return render(obj, lang=lang, standalone=standalone)


_install_text(_text)
_seam.install(_render)

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
