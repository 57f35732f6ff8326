"""Bytes to text: input kind sniffed from the content, encoding detected, never assumed."""

from __future__ import annotations

import codecs
import re
from typing import Literal

import attrs
import charset_normalizer

InputKind = Literal["text", "html", "pdf", "docx", "zip", "binary", "empty"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_RE = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<div|<table|<p[\s>])", re.I)
# XHTML: an XML declaration (and comments) before the DOCTYPE or the html element.
_XHTML_RE = re.compile(rb"^\s*<\?xml[^>]*\?>\s*(?:<!--.*?-->\s*)*(<!doctype\s+html|<html)", re.I | re.S)
# C0 controls other than tab, LF, VT (Word's soft line break), FF and CR: text full of these
# is not text.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_CJK_RE = re.compile("[\u3400-\u9fff]")


@attrs.frozen
class Decoded:
    kind: InputKind
    text: str | None
    encoding: str | None


def sniff(data: bytes) -> InputKind:
    """What the bytes are, judged by their content, not by a file name."""
    if not data.strip():
        return "empty"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:4096] or b"[Content_Types].xml" in data[:4096] else "zip"
    head = data[:1024].lstrip(codecs.BOM_UTF8)
    if _HTML_RE.match(head) or _XHTML_RE.match(data[:4096].lstrip(codecs.BOM_UTF8)):
        return "html"
    return "text"


def decode(data: bytes) -> Decoded:
    """Decode report bytes; ``text`` is None when they are not text in any encoding we trust."""
    kind = sniff(data)
    if kind == "empty":
        return Decoded("empty", data.decode("ascii", "replace").strip(), None)
    if kind in ("pdf", "docx", "zip"):
        return Decoded(kind, None, None)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _accept(kind, data, encoding)
    attempt = _accept(kind, data, "utf-8")
    if attempt.text is not None:
        return attempt
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None:
        attempt = _accept(kind, data, guess.encoding)
        if attempt.text is not None and (_cjk_ratio(attempt.text) > 0.05 or guess.encoding.startswith("utf")):
            return attempt
    # charset-normalizer gives up on short Chinese text; GB18030 is the national standard.
    for encoding in ("gb18030", "big5"):
        attempt = _accept(kind, data, encoding)
        if attempt.text is not None and _cjk_ratio(attempt.text) > 0.3:
            return attempt
    return Decoded("binary", None, None)


def _accept(kind: InputKind, data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return Decoded(kind, None, None)
    text = text.removeprefix("\ufeff")
    if len(_CONTROL_RE.findall(text)) > max(2, len(text) // 200):
        return Decoded("binary", None, None)
    return Decoded(kind, text, codecs.lookup(encoding).name)


def _cjk_ratio(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    return len(_CJK_RE.findall(text)) / max(1, len(visible))


def split_lines(text: str) -> tuple[str, ...]:
    """Lines without their terminators; CRLF and CR count as line ends, nothing else does."""
    return tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
