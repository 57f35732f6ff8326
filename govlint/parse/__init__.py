"""Bytes → :class:`~govlint.model.Document`. One module per input kind; all give the same model.

Nothing here raises on content: an empty file, a binary file or a page that is not a report
yields a Document whose ``notes`` say what could not be found.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from govlint.model import Document, Note
from govlint.parse.blocks import Block, render
from govlint.parse.decode import decode, split_lines
from govlint.parse.errors import Unreadable
from govlint.parse.text import parse_lines

# Reports are a few pages; a file this big is something else, and is not read into memory twice.
MAX_BYTES = 64 * 1024 * 1024


def parse_text(text: str, source: str = "<text>") -> Document:
    """Parse a report given as text."""
    return parse_lines(split_lines(text.removeprefix("\ufeff")), source, encoding=None)


def parse_bytes(data: bytes, source: str = "<bytes>") -> Document:
    """Parse a report given as bytes; the input kind and encoding are detected from content."""
    if len(data) > MAX_BYTES:
        return _unreadable(
            source,
            "binary",
            f"文件大小{len(data) // 2**20} MiB，超过{MAX_BYTES // 2**20} MiB的上限，不像一份年度报告。",
            f"The file is {len(data) // 2**20} MiB, over the {MAX_BYTES // 2**20} MiB limit: not an annual report.",
        )
    decoded = decode(data)
    if decoded.kind == "zip":
        return _unreadable(
            source,
            "zip",
            "文件是ZIP压缩包而不是Word文档；请解压后分别检查其中的报告。",
            "The file is a ZIP archive, not a Word document; unpack it and check the reports inside.",
        )
    if decoded.kind in ("pdf", "docx") or (decoded.kind == "html" and decoded.text is not None):
        try:
            blocks = _read_structured(decoded.kind, data, decoded.text)
        except Unreadable as error:
            return _unreadable(source, decoded.kind, error.message, error.message_en)
        return _from_blocks(blocks, source, decoded.kind, decoded.encoding)
    if decoded.text is None:
        return _unreadable(
            source,
            decoded.kind,
            "无法识别文件的文字编码，内容可能是二进制数据。",
            "The file is not text in any encoding govlint recognises (binary data?).",
        )
    document = parse_lines(split_lines(decoded.text), source, decoded.encoding)
    return document


def parse(path: str | os.PathLike[str]) -> Document:
    """Parse the report at ``path``.

    Raises ``OSError`` only when the file cannot be opened; its content never raises.
    """
    p = Path(path)
    return parse_bytes(p.read_bytes(), str(path))


def _read_structured(kind: str, data: bytes, text: str | None) -> list[Block]:
    if kind == "pdf":
        from govlint.parse.pdf import read_pdf

        return read_pdf(data)
    if kind == "docx":
        from govlint.parse.docx import read_docx

        return read_docx(data)
    from govlint.parse.html import read_html

    assert text is not None
    return read_html(text)


def _from_blocks(blocks: list[Block], source: str, kind: str, encoding: str | None) -> Document:
    lines, origins = render(blocks)
    document = parse_lines(lines, source, encoding)
    return attrs.evolve(document, kind=kind, origins=origins)


def _unreadable(source: str, kind: str, message: str, message_en: str) -> Document:
    return Document(source=source, lines=(), kind=kind, notes=(Note("unreadable", message, message_en),))


__all__ = ["parse", "parse_bytes", "parse_text"]
