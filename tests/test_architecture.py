"""The layering of docs/architecture.md, checked on the source: each package imports only the
packages below it, so rules see a Document and never a parser."""

from __future__ import annotations

import ast

import pytest

from .conftest import ROOT

# package → the govlint packages it may import (itself always allowed)
ALLOWED = {
    "model": set(),
    "templates": {"model", "errors"},
    "prose": {"model", "templates"},
    "parse": {"model", "templates", "prose", "budget"},  # parsers refuse over budget (govlint.budget)
    "schemas": {"model", "templates"},
    "rules": {"model", "templates", "prose", "schemas", "engine", "budget"},
    "display": {"model", "templates", "engine", "frames"},
}


def _imports(package: str) -> set[str]:
    found = set()
    for path in (ROOT / "govlint" / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found |= {n.split(".")[1] for n in names if n.startswith("govlint.") and n.count(".") >= 1}
    return found - {package}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_the_layers_below(package: str) -> None:
    assert _imports(package) - ALLOWED[package] == set()
