"""Bytes to text: input kind sniffed from the content, encoding detected, never assumed."""

from __future__ import annotations

import codecs
import html
import io
import re
import zipfile
from collections.abc import Callable
from typing import Literal

import attrs
import charset_normalizer

InputKind = Literal["text", "html", "pdf", "docx", "zip", "doc", "rtf", "xlsx", "pptx", "binary", "empty"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What a web page opens with, once the BOM, white space, comments ("saved from url", TRS
# markers, conditional comments) and an XML declaration are skipped.
# A BOM saved twice or a zero-width space before the markup is skipped too.
_PROLOG_RE = re.compile(
    rb"^(?:\s+|\xef\xbb\xbf|\xe2\x80\x8b|<!--.*?-->|<\?xml[^>]*\?>|<!\[if[^>]*\]>|<!\[endif\]>)*", re.S
)
# A page whose server printed a line or two before it (a PHP warning): its doctype or <html>
# begins one of the first lines.
_LATE_HTML_RE = re.compile(rb"^[ \t]*<(?:!doctype\s+html|html)[\s>]", re.I | re.M)
_LATE_LINES = 3


def _first_lines(head: bytes) -> bytes:
    return b"\n".join(head.split(b"\n", _LATE_LINES)[:_LATE_LINES])


_HTML_RE = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|base|link|script|noscript|style|title|div|table|p|h[1-6]|span|"
    rb"strong|b|font|center|section|article|header|nav|main|br|form|ul|ol|img|a|iframe)[\s/>]",
    re.I,
)
_CHARSET_RE = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I
)
# Pages that declare the older national charsets often use characters only GB18030 has.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Word/Excel format
# C0 controls other than tab, LF, VT (Word's soft line break), FF and CR: text full of these
# is not text.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_CJK_RE = re.compile("[\u3400-\u9fff]")
# Damaged text — a flipped byte, a file cut inside a character — is still read: each byte that
# does not decode becomes U+FFFD, which extraction-damage (GL003) reports at its line and
# column. It is "text with some damage", not binary, when (1) at most one character in
# _DAMAGE_SHARE is a damaged spot, so a line or two is lost, never the report; (2) the
# rest passes the control-character test that any text passes; and (3) the encoding is
# evidenced by the bytes that did decode: for UTF-8, _UTF8_EVIDENCE well-formed multi-byte
# characters per damaged spot (other encodings read as UTF-8 give about one or fewer, random
# bytes far fewer); for GB18030 the share of Chinese characters that a report has. Images,
# archives and random bytes fail (1) and (2) by orders of magnitude.
_DAMAGE_SHARE = 100
_UTF8_EVIDENCE = 10
_DAMAGE_RE = re.compile("\ufffd+")


@attrs.frozen
class Decoded:
    kind: InputKind
    text: str | None
    encoding: str | None


def sniff(data: bytes) -> InputKind:
    """What the bytes are, judged by their content, not by a file name."""
    if not data.strip():
        return "empty"
    if b"%PDF-" in data[:1024]:  # the header may follow junk (PDF 1.7, 7.5.2)
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _package_kind(data)
    if data.startswith(_OLE2):
        return "doc"
    if data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    head = data[:4096]
    for bom, encoding in _BOMS:
        if data.startswith(bom):  # UTF-16/32 markup is looked at as UTF-8
            head = data[len(bom) : 8192].decode(encoding.removesuffix("-sig"), "ignore").encode("utf-8")
            break
    prolog = _PROLOG_RE.match(head)
    if _HTML_RE.match(head, prolog.end() if prolog else 0) or _LATE_HTML_RE.search(_first_lines(head)):
        return "html"
    return "text"


def _package_kind(data: bytes) -> InputKind:
    """DOCX, XLSX, PPTX or another ZIP, from the names in the archive's directory."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "docx" if b"word/" in data[:8192] else "zip"
    for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(n.startswith(prefix) for n in names):
            return kind  # type: ignore[return-value]
    return "zip"


def decode(data: bytes) -> Decoded:
    """Decode report bytes; ``text`` is None when they are not text in any encoding we trust."""
    kind = sniff(data)
    if kind == "empty":
        return Decoded("empty", data.decode("ascii", "replace").strip(), None)
    if kind not in ("text", "html"):
        return Decoded(kind, None, None)
    for bom, encoding in _BOMS:
        if data.startswith(bom):  # the BOM is the evidence of the encoding
            attempt = _accept(kind, data, encoding)
            return attempt if attempt.text is not None else _damaged(kind, data, encoding, lambda _: True)
    if kind == "html" and (declared := _declared_charset(data)) is not None:
        attempt = _accept(kind, data, declared)
        if attempt.text is not None:
            return attempt
        if _known(declared):  # a few broken bytes in a page: keep the page, mark them with U+FFFD
            text = data.decode(declared, "replace")
            return Decoded(kind, text, codecs.lookup(declared).name)
    attempt = _accept(kind, data, "utf-8")
    if attempt.text is not None:
        return attempt
    attempt = _damaged(kind, data, "utf-8", _utf8_evidence)
    if attempt.text is not None:
        return attempt
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None:
        attempt = _accept(kind, data, guess.encoding)
        trusted = kind == "html" or _cjk_ratio(attempt.text or "") > 0.05 or guess.encoding.startswith("utf")
        if attempt.text is not None and trusted:  # markup dilutes the share of Chinese in a page
            return attempt
    # charset-normalizer gives up on short Chinese text; GB18030 is the national standard.
    for encoding in ("gb18030", "big5"):
        attempt = _accept(kind, data, encoding)
        if attempt.text is not None and _cjk_ratio(attempt.text) > 0.3:
            return attempt
    return _damaged(kind, data, "gb18030", lambda text: _cjk_ratio(text) > 0.3)


def _damaged(kind: InputKind, data: bytes, encoding: str, evidence: Callable[[str], bool]) -> Decoded:
    """``data`` in ``encoding`` with a few bytes that are not, those marked U+FFFD; binary
    when the damage is more than text survives (see ``_DAMAGE_SHARE``) or ``evidence`` fails."""
    text = data.decode(encoding, "replace").removeprefix("\ufeff")
    spots = len(_DAMAGE_RE.findall(text))
    if spots > max(1, len(text) // _DAMAGE_SHARE) or not evidence(text) or _controls(text):
        return Decoded("binary", None, None)
    return Decoded(kind, text, codecs.lookup(encoding).name)


def _controls(text: str) -> bool:
    """Full of control characters, as no text is."""
    return len(_CONTROL_RE.findall(text)) > max(2, len(text) // 200)


def _utf8_evidence(text: str) -> bool:
    """Enough well-formed multi-byte characters to show the bytes are UTF-8."""
    spots = len(_DAMAGE_RE.findall(text))
    wellformed = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    return wellformed >= _UTF8_EVIDENCE * spots


def _accept(kind: InputKind, data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return Decoded(kind, None, None)
    text = text.removeprefix("\ufeff")
    if _controls(text):
        return Decoded("binary", None, None)
    return Decoded(kind, text, codecs.lookup(encoding).name)


def _declared_charset(data: bytes) -> str | None:
    """The charset a page declares (``<meta charset>``, ``http-equiv``, XML declaration)."""
    m = _CHARSET_RE.search(data[:4096])
    if m is None:
        return None
    name = (m[1] or m[2]).decode("ascii").lower()
    name = _SUPERSETS.get(name, name)
    if name.replace("-", "").replace("_", "").startswith(("utf16", "utf32")) and b"\x00" not in data[:4096]:
        return None  # markup read as ASCII has no NUL bytes: the page is not UTF-16, whatever it says
    return name if _known(name) else None


# Codecs Python knows that no web page is written in: decoding with them raises or garbles.
_NOT_PAGE_CODECS = frozenset({"idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined"})


def _known(encoding: str) -> bool:
    """A text encoding a page may be written in (not ``hex``, ``rot13``, ``idna`` …)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return False
    return bool(getattr(info, "_is_text_encoding", True)) and info.name not in _NOT_PAGE_CODECS


def _cjk_ratio(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    return len(_CJK_RE.findall(text)) / max(1, len(visible))


def split_lines(text: str) -> tuple[str, ...]:
    """Lines without their terminators; CRLF and CR count as line ends, nothing else does."""
    return tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


# A character reference as a web page's source writes it, with its semicolon: named
# (``&nbsp;``, ``&ldquo;``), decimal (``&#8220;``) or hexadecimal (``&#x3000;``).
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def decode_entities(lines: tuple[str, ...]) -> tuple[str, ...]:
    """``lines`` with the character references of HTML decoded (``&nbsp;`` → U+00A0,
    ``&ldquo;`` → “): text taken from a web page by stripping its tags keeps them, and a label
    or a cell written with one is otherwise not read. Only references with their semicolon,
    one by one (``html.unescape`` would also read ``&para`` in ``?a=1&para=2``); a name HTML
    does not know stays as written. The lines stay the file's lines; a column on a line that
    held a reference counts the decoded text."""
    if not any("&" in line for line in lines):
        return lines
    return tuple(_ENTITY_RE.sub(_entity, line) if "&" in line else line for line in lines)


def _entity(match: re.Match[str]) -> str:
    return html.unescape(match.group())
