"""Writing the user's files: never half-written, never through a protection the file has."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

# Finding the files a run lints lives in govlint.discovery; these names stay importable here.
from govlint.discovery import REPORT_SUFFIXES, report_files

__all__ = ["REPORT_SUFFIXES", "atomic_write", "report_files"]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    A symbolic link is written through, to the file it names. An existing file keeps its
    permissions, and one the user may not write is refused (renaming over it would bypass its
    protection); a new file gets the permissions the user's umask gives (as ``open`` would).
    """
    path = Path(os.path.realpath(path))
    exists = path.exists()
    if exists and not path.is_file():  # a device or a FIFO is never replaced with a file
        raise IsADirectoryError(errno.EINVAL, "not a regular file", str(path))
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
