"""Bytes → :class:`~govlint.model.Document`. One module per input kind; all give the same model.

Nothing here raises on content: an empty file, a binary file or a page that is not a report
yields a Document whose ``notes`` say what could not be found.
"""

from __future__ import annotations

import errno
import os
import re
import stat

import attrs

from govlint.budget import DEFAULT, OverBudget, over_budget_note
from govlint.model import Document, Note
from govlint.parse.blocks import Block, render
from govlint.parse.decode import decode, decode_entities, split_lines
from govlint.parse.errors import Unreadable
from govlint.parse.text import parse_lines

_OTHER_FORMATS = {
    "zip": (
        "文件是ZIP压缩包而不是Word文档；请解压后分别检查其中的报告。",
        "The file is a ZIP archive, not a Word document; unpack it and check the reports inside.",
    ),
    "doc": (
        "文件是旧版Word（.doc）或Excel（.xls）格式，无法直接读取；请在Word中另存为DOCX或PDF。",
        "The file is in the old binary Word (.doc) or Excel (.xls) format; save it as DOCX or PDF.",
    ),
    "rtf": ("文件是RTF格式，无法直接读取；请另存为DOCX或PDF。", "The file is RTF; save it as DOCX or PDF."),
    "xlsx": (
        "文件是Excel表格（XLSX），不是年度报告全文；请检查报告的Word、PDF或网页版本。",
        "The file is an Excel workbook (XLSX), not a report; check the report's DOCX, PDF or web page.",
    ),
    "pptx": (
        "文件是PowerPoint演示文稿（PPTX），不是年度报告全文。",
        "The file is a PowerPoint presentation (PPTX), not a report.",
    ),
}


# A str made in Python may hold lone surrogates (``errors="surrogateescape"`` makes one of each
# byte that is not text); no file read here can, and no cell or frame may hold one.
_SURROGATES = re.compile("[\ud800-\udfff]")


def parse_text(text: str, source: str = "<text>") -> Document:
    """Parse a report given as text. A lone surrogate is read as U+FFFD, as a byte that is not
    text in a file is (:func:`parse_bytes`), and reported the same way."""
    text = _SURROGATES.sub("\ufffd", text.removeprefix("\ufeff"))
    return _parse_text_lines(split_lines(text), source, None)


def parse_bytes(data: bytes, source: str = "<bytes>") -> Document:
    """Parse a report given as bytes; the input kind and encoding are detected from content."""
    if len(data) > DEFAULT.file_bytes:  # reports are a few pages: this is something else
        note = over_budget_note("file_bytes", DEFAULT.file_bytes, len(data))
        return Document(source=source, lines=(), kind="binary", notes=(note,))
    decoded = decode(data)
    if decoded.kind in _OTHER_FORMATS:
        zh, en = _OTHER_FORMATS[decoded.kind]
        return _unreadable(source, decoded.kind, zh, en)
    if decoded.kind in ("pdf", "docx") or (decoded.kind == "html" and decoded.text is not None):
        try:
            blocks, notes = _read_structured(decoded.kind, data, decoded.text)
        except Unreadable as error:
            return _unreadable(source, decoded.kind, error.message, error.message_en)
        except OverBudget as error:
            return Document(source=source, lines=(), kind=decoded.kind, notes=(error.note(),))
        document = _from_blocks(blocks, source, decoded.kind, decoded.encoding)
        return attrs.evolve(document, notes=(*notes, *document.notes)) if notes else document
    if decoded.text is None:
        return _unreadable(
            source,
            decoded.kind,
            "无法识别文件的文字编码，内容可能是二进制数据。",
            "The file is not text in any encoding govlint recognises (binary data?).",
        )
    return _parse_text_lines(split_lines(decoded.text), source, decoded.encoding)


def _parse_text_lines(lines: tuple[str, ...], source: str, encoding: str | None) -> Document:
    """The Document of a text file's lines, read with HTML's character references decoded
    (:func:`~govlint.parse.decode.decode_entities`); its ``lines`` stay the file's, which
    conversion-artifact reports the references in (and its fix deletes them)."""
    readable = decode_entities(lines)
    document = parse_lines(readable, source, encoding)
    return document if readable is lines else attrs.evolve(document, lines=lines)


def parse(path: str | os.PathLike[str]) -> Document:
    """Parse the report at ``path``.

    Raises ``OSError`` only when the file cannot be opened (``IsADirectoryError`` for a folder:
    :func:`govlint.lint_many` reads folders); its content never raises. Only a regular file is
    read, and only up to the ``file_bytes`` budget (a device such as ``/dev/zero`` or a FIFO would
    be read without end, or block).
    """
    status = os.stat(path)
    if stat.S_ISDIR(status.st_mode):  # as govlint.files.not_regular says it (a layer above parse)
        raise IsADirectoryError(errno.EISDIR, "a folder, not a file", os.fspath(path))
    if not stat.S_ISREG(status.st_mode):  # looked at before opening: a FIFO blocks open()
        zh = "文件不是普通文件（设备、管道或套接字），未读取。"
        return _unreadable(str(path), "binary", zh, "Not a regular file (a device, pipe or socket): not read.")
    if status.st_size > DEFAULT.file_bytes:  # refused unread, its real size named
        note = over_budget_note("file_bytes", DEFAULT.file_bytes, status.st_size)
        return Document(source=str(path), lines=(), kind="binary", notes=(note,))
    with open(path, "rb") as stream:
        data = stream.read(DEFAULT.file_bytes + 1)  # one byte more than allowed tells a file too big
    return parse_bytes(data, str(path))


def _read_structured(kind: str, data: bytes, text: str | None) -> tuple[list[Block], list[Note]]:
    if kind == "pdf":
        from govlint.parse.pdf import read_pdf

        blocks, without_text = read_pdf(data)
        if not without_text:
            return blocks, []
        pages = "、".join(map(str, without_text))
        note = Note(
            "unreadable-pages",
            f"PDF第{pages}页没有文字层（可能是扫描图片），其内容未能检查；govlint不做文字识别（OCR）。",
            f"Page(s) {', '.join(map(str, without_text))} of the PDF have no text layer (scanned images?): "
            "their content is not checked; govlint does no OCR.",
        )
        return blocks, [note]
    if kind == "docx":
        from govlint.parse.docx import read_docx

        return read_docx(data), []
    from govlint.parse.html import read_html

    assert text is not None
    return read_html(text), []


def _from_blocks(blocks: list[Block], source: str, kind: str, encoding: str | None) -> Document:
    lines, origins = render(blocks)
    document = parse_lines(lines, source, encoding, origins)
    return attrs.evolve(document, kind=kind)


def _unreadable(source: str, kind: str, message: str, message_en: str) -> Document:
    return Document(source=source, lines=(), kind=kind, notes=(Note("unreadable", message, message_en),))


__all__ = ["parse", "parse_bytes", "parse_text"]
