"""mkdocs hook: Sphinx roles in govlint's docstrings (:class:`~govlint.model.Document`) as code.

mkdocstrings renders a role as its name followed by a code span; this turns the pair into the
code span alone (``~`` keeps the last dotted part, as Sphinx does) and lets autorefs link it
to the object's entry on the API page when there is one.
"""

from __future__ import annotations

import re
from typing import Any

import govlint

_ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj):<code>(~?)([\w.]+)</code>")


def _reference(match: re.Match[str]) -> str:
    tilde, target = match.groups()
    name = target.rsplit(".", 1)[-1]
    code = f"<code>{name if tilde else target}</code>"
    # The API page documents the public facade, where an object is found as govlint.<name>.
    if name not in govlint.__all__:
        return code
    return f'<autoref identifier="govlint.{name}" optional>{code}</autoref>'


def on_page_content(html: str, **kwargs: Any) -> str:
    return _ROLE.sub(_reference, html)
