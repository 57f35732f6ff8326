"""Writing the user's files: never half-written, never through a protection the file has."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

# Suffixes of the files a folder is searched for (the content decides how a file is read).
REPORT_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf")


def report_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, and the report files under each folder (by suffix, in sorted order)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
        else:
            out.append(path)
    return out


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    An existing file keeps its permissions, and one the user may not write is refused
    (renaming over it would bypass its protection).
    """
    exists = path.exists()
    if exists and not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".govlint", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if exists:
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
