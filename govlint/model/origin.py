"""Where a line of a Document's text stands in the file it was read from."""

from __future__ import annotations

from typing import Any, Literal

import attrs

OriginKind = Literal["text", "html", "docx", "pdf"]


@attrs.frozen
class Origin:
    """A place a person can find in the original file.

    ``text`` and ``html``: ``line`` and ``column`` in the file (1-based).
    ``docx``: ``paragraph`` (1-based, counting the body's paragraphs) or ``table``, ``row``
    and ``cell`` (1-based, counting the body's tables, their rows and each row's cells).
    ``pdf``: ``page`` and ``line`` on the page (1-based, counting the page's printed lines,
    a table row as one line, from the top).

    ``text_line`` is the line of ``Document.lines`` this place was read into, which orders
    places of every kind in reading order.
    """

    kind: OriginKind
    line: int | None = None
    column: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    text_line: int | None = None

    @property
    def has_lines(self) -> bool:
        """The file itself has lines (text, HTML): ``line`` and ``column`` are the file's."""
        return self.kind in ("text", "html")

    def describe(self, lang: Literal["zh", "en"] = "en") -> str:
        """``"page 3, line 14"`` / ``"第3页第14行"``, ``"table 2, row 5, cell 3"`` …"""
        parts: list[tuple[str, str, int]] = []
        if self.page is not None:
            parts.append(("page", "页", self.page))
        if self.paragraph is not None:
            parts.append(("paragraph", "段", self.paragraph))
        if self.table is not None:
            parts += [("table", "表格", self.table)]
            parts += [(n, zh, v) for n, zh, v in (("row", "行", self.row), ("cell", "格", self.cell)) if v is not None]
        if self.line is not None:
            parts.append(("line", "行", self.line))
            if self.column is not None and self.has_lines:
                parts.append(("column", "列", self.column))
        if lang == "zh":
            return "".join(f"第{v}个{zh}" if name == "table" else f"第{v}{zh}" for name, zh, v in parts)
        return ", ".join(f"{name} {v}" for name, _, v in parts)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}

    def at(self, text_line: int) -> Origin:
        """This place, read into line ``text_line`` (made for every line read: not ``evolve``)."""
        return Origin(
            self.kind, self.line, self.column, self.page, self.paragraph, self.table, self.row, self.cell, text_line
        )
