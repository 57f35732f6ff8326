"""Bytes → :class:`~govlint.model.Document`. One module per input kind; all give the same model.

Nothing here raises on content: an empty file, a binary file or a page that is not a report
yields a Document whose ``notes`` say what could not be found.
"""

from __future__ import annotations

import os
from pathlib import Path

from govlint.model import Document, Note
from govlint.parse.decode import decode, split_lines
from govlint.parse.text import parse_lines

_UNSUPPORTED = {
    "pdf": ("PDF", "PDF"),
    "docx": ("Word (DOCX)", "Word (DOCX)"),
    "zip": ("ZIP 压缩包", "a ZIP archive"),
    "html": ("HTML 网页", "HTML"),
}


def parse_text(text: str, source: str = "<text>") -> Document:
    """Parse a report given as text."""
    return parse_lines(split_lines(text.removeprefix("\ufeff")), source, encoding=None)


def parse_bytes(data: bytes, source: str = "<bytes>") -> Document:
    """Parse a report given as bytes; the input kind and encoding are detected from content."""
    decoded = decode(data)
    if decoded.kind in _UNSUPPORTED:
        zh, en = _UNSUPPORTED[decoded.kind]
        return _unreadable(
            source,
            decoded.kind,
            f"暂不支持读取{zh}格式；请先转换为纯文本。",
            f"Reading {en} is not supported yet; convert the report to plain text first.",
        )
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


def _unreadable(source: str, kind: str, message: str, message_en: str) -> Document:
    return Document(source=source, lines=(), kind=kind, notes=(Note("unreadable", message, message_en),))


__all__ = ["parse", "parse_bytes", "parse_text"]
