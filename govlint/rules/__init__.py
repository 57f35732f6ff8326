"""Built-in rules, one module per family.

Importing this package registers nothing; :func:`load_builtin` imports the family modules,
whose ``@register`` decorators add their rules to the registry.
"""

from __future__ import annotations

import importlib

FAMILIES = ("input", "structure", "cells", "arithmetic", "prose", "dates", "corpus", "copies")


_loaded = False


def load_builtin() -> None:
    """Import the family modules (once: the runner asks for every document)."""
    global _loaded
    if _loaded:
        return
    for family in FAMILIES:
        importlib.import_module(f"govlint.rules.{family}")
    _loaded = True
