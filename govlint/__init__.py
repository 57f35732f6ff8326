"""govlint: lint China's government information disclosure annual reports.

>>> import govlint
>>> document = govlint.parse("examples/reports/003_32c7538ebe09f062.txt")  # doctest: +SKIP
>>> document.tables["applications"].frame  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from govlint.model import Cell, CellState, Document, Section, Table
from govlint.parse import parse, parse_bytes, parse_text
from govlint.templates import get_template

try:
    __version__ = version("govlint")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Cell",
    "CellState",
    "Document",
    "Section",
    "Table",
    "__version__",
    "get_template",
    "parse",
    "parse_bytes",
    "parse_text",
]
