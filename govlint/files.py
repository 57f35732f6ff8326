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


def report_files(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    errors: list[tuple[Path, OSError]] | None = None,
) -> list[Path]:
    """Files as given, and the report files under each folder (by suffix, in sorted order).

    ``paths`` is one path or several. A path named twice (``a.txt``, ``./a.txt``) is listed
    once, the first time; a link and the file it names are two paths. A folder that cannot be
    listed, or a path that cannot be looked at (under a folder that may not be entered), is
    added to ``errors`` as ``(path, error)`` when a list is given, and raised otherwise: it is
    never skipped in silence.
    """
    given = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    out: list[Path] = []
    seen: set[str] = set()

    def failed(exc: OSError, path: Path | None = None) -> None:
        if errors is None:
            raise exc
        errors.append((path or Path(exc.filename or "."), exc))

    for raw in given:
        path = Path(raw)
        try:
            folder = path.is_dir()
        except OSError as exc:
            failed(exc, path)
            continue
        if folder:
            found = []
            for top, _, names in os.walk(path, onerror=failed):
                found += [Path(top, n) for n in names if Path(n).suffix.lower() in REPORT_SUFFIXES]
            candidates = []
            for candidate in sorted(found):
                try:
                    if candidate.is_file():
                        candidates.append(candidate)
                except OSError as exc:  # listed, but the folder may not be entered
                    failed(exc, candidate)
        else:
            candidates = [path]
        for candidate in candidates:
            key = os.path.abspath(candidate)
            if key not in seen:
                seen.add(key)
                out.append(candidate)
    return out


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    A symbolic link is written through, to the file it names. An existing file keeps its
    permissions, and one the user may not write is refused (renaming over it would bypass its
    protection); a new file gets the permissions the user's umask gives (as ``open`` would).
    """
    path = Path(os.path.realpath(path))
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
        else:
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp made it 0600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask: read from /proc where Linux shows it; elsewhere reading it means
    setting it, and it is set straight back (a moment another thread could see)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
