"""Built-in rules, one module per family.

Importing this package registers nothing; :func:`load_builtin` imports the family modules,
whose ``@register`` decorators add their rules to the registry.
"""

from __future__ import annotations

import importlib

FAMILIES = ("input", "structure", "cells", "arithmetic", "prose", "dates", "corpus", "copies")


def load_builtin() -> None:
    for family in FAMILIES:
        importlib.import_module(f"govlint.rules.{family}")
