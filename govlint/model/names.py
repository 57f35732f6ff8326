"""File names, and text quoted from a report, as any output can hold them."""

from __future__ import annotations

import re

# A file name that is not UTF-8 reaches Python with its bad bytes as lone surrogates
# (``os.fsdecode``: b"\xff" → "\udcff"), which no UTF-8 output can hold.
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def printable(text: str) -> str:
    """``text`` with the bytes of a non-UTF-8 file name written as ``\\xff`` escapes: valid UTF-8
    for JSON, SARIF, JUnit, CSV and baselines, and still telling which bytes the name holds."""
    if not _ESCAPED_BYTES.search(text):
        return text
    return _ESCAPED_BYTES.sub(
        lambda m: m.group().encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace"), text
    )


def escape_bytes(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler (:func:`codecs.register_error`) for text streams: the lone
    surrogates of a name that is not UTF-8 written as :func:`printable` writes them (``\\xff``),
    anything else the stream cannot encode as ``backslashreplace`` writes it."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    if _ESCAPED_BYTES.fullmatch(bad):
        return printable(bad), error.end
    return bad.encode("ascii", "backslashreplace").decode("ascii"), error.end


# What a terminal or a CI log acts on instead of showing: C0 controls but tab (ESC starts a
# colour or a cursor move), DEL and the C1 controls (CSI among them).
_CONTROL_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def visible(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``, ``\\n``): a finding that
    quotes a report's leftovers shows them, one line per finding, instead of acting on them."""
    if not _CONTROL_RE.search(text):
        return text
    return _CONTROL_RE.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)
