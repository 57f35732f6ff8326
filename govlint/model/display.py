"""The seam for rich display in Jupyter.

The model's ``_repr_mimebundle_`` methods call the renderer that :mod:`govlint.display`
installs when govlint is imported; the model itself imports nothing above it. Nothing here
imports IPython.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Renderer = Callable[..., dict[str, str]]

_renderer: list[Renderer] = []


def install(renderer: Renderer) -> None:
    """Make ``renderer(obj, lang=None, standalone=False)`` the one that draws model objects."""
    _renderer[:] = [renderer]


def render(obj: Any, lang: str | None = None, *, standalone: bool = False) -> dict[str, str]:
    """A MIME bundle for ``obj``: ``text/html`` (when a renderer is installed) and ``text/plain``."""
    if not _renderer:
        return {"text/plain": repr(obj)}
    return _renderer[0](obj, lang=lang, standalone=standalone)


class Displayable:
    """Mixin: ``_repr_mimebundle_``, ``_repr_html_`` and ``to_html`` through the installed renderer."""

    __slots__ = ()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return render(self)

    def _repr_html_(self) -> str | None:
        return render(self).get("text/html")

    def to_html(self, lang: str | None = None, *, standalone: bool = False) -> str:
        """The display as HTML; ``lang`` ``"zh"`` or ``"en"`` (default: ``govlint.display``'s);
        ``standalone`` gives a whole page (``<!DOCTYPE html>`` …) instead of a fragment."""
        return render(self, lang, standalone=standalone).get("text/html", "")

    def display(self, lang: str | None = None) -> HTML:
        """An object Jupyter shows in ``lang``: ``result.display("en")``."""
        return HTML(self.to_html(lang))


class HTML:
    """Ready HTML that Jupyter displays (like ``IPython.display.HTML``, without IPython)."""

    __slots__ = ("html",)

    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html
