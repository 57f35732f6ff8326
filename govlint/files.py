"""Writing the user's files: never half-written, never through a protection the file has.

A file is replaced by writing the new content to a temporary file beside it and renaming that
over it: the file is the old one or the new one at every moment, even if the process is killed
or the machine stops mid-write (a killed run leaves at most a ``.NAME.*.govlint`` temporary
beside it, never a damaged file). What a rename cannot keep is refused rather than lost:

* a file with several hard links is refused: the rename would give this name a new file and
  leave the other names with the old content. Writing in place instead would keep the links,
  but a run killed mid-write would leave the file half written, and a backup beside it does
  not undo that for the other names; so the user is asked to fix a copy;
* the owner and group are given to the new file, and a file whose owner or group this user may
  not give is refused, as is one whose extended attributes (ACLs among them) cannot be copied;
* a file that changed since it was read (``expect``) is not replaced: the check is made right
  before the rename, on inode, size and modification and change times (compare and swap).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import attrs

# Finding the files a run lints lives in govlint.discovery; these names stay importable here.
from govlint.discovery import REPORT_SUFFIXES, report_files

__all__ = ["REPORT_SUFFIXES", "Stamp", "atomic_write", "not_regular", "read_regular", "report_files"]


@attrs.frozen
class Stamp:
    """What identifies one state of a file: a save, a replacement or a chmod changes it."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> Stamp:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def not_regular(mode: int, path: str | os.PathLike[str]) -> OSError:
    """Why a file of ``mode`` that is not a regular file is not read or written: a folder is
    named as one, anything else (a FIFO, a device, a socket) as not a regular file."""
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, "a folder, not a file", os.fspath(path))
    return IsADirectoryError(errno.EINVAL, "not a regular file (a pipe, a device or a socket)", os.fspath(path))


def read_regular(path: str | os.PathLike[str], limit: int) -> tuple[bytes, Stamp]:
    """The bytes of the regular file at ``path`` (at most ``limit`` + 1 of them) and its stamp
    as read. A FIFO or a device is refused before it is opened, so the read cannot block."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise not_regular(mode, path)
    with open(path, "rb") as stream:
        before = os.fstat(stream.fileno())
        data = stream.read(limit + 1)
        after = os.fstat(stream.fileno())
    if Stamp.of(before) != Stamp.of(after):
        raise OSError(errno.EAGAIN, "the file changed while it was being read; try again", str(path))
    return data, Stamp.of(after)


def atomic_write(path: Path, data: bytes, expect: Stamp | None = None) -> None:
    """Replace the file at ``path`` with ``data`` (or create it), atomically.

    A symbolic link is written through, to the file it names. An existing file keeps its
    permissions, owner, group and extended attributes; one the user may not write is refused
    (renaming over it would bypass its protection), and so is one with several hard links.
    A new file gets the permissions the user's umask gives (as ``open`` would). With ``expect``,
    the file must still be in that state right before it is replaced.
    """
    path = Path(os.path.realpath(path))
    current = _replaceable(path)
    if expect is not None and (current is None or Stamp.of(current) != expect):
        raise _changed(path)
    temporary = _write_temporary(path, data, current)
    try:
        _check_unchanged(path, current if expect is None else expect)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _replaceable(path: Path) -> os.stat_result | None:
    """The file's status, if it exists and may be replaced; else why not, as an OSError."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):  # a folder, a device or a FIFO is never replaced with a file
        raise not_regular(st.st_mode, path)
    if not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    if st.st_nlink > 1:
        raise OSError(
            errno.EMLINK,
            f"the file has {st.st_nlink} hard links; replacing it would leave the other names with the "
            "old content, so it is not written (work on a copy)",
            str(path),
        )
    return st


def _write_temporary(path: Path, data: bytes, current: os.stat_result | None) -> str:
    """A complete, synced temporary file beside ``path`` holding ``data``, with the metadata
    of the file it will replace."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".govlint", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if current is None:
                os.chmod(temporary, 0o666 & ~_umask())  # mkstemp made it 0600
            else:
                _copy_metadata(out.fileno(), temporary, current, path)
            os.fsync(out.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def _copy_metadata(fd: int, temporary: str, current: os.stat_result, path: Path) -> None:
    """Owner and group first (a chown clears set-id bits), then the mode, then extended
    attributes; what cannot be copied refuses the write."""
    mine = os.fstat(fd)
    if hasattr(os, "fchown") and (mine.st_uid, mine.st_gid) != (current.st_uid, current.st_gid):
        try:
            os.fchown(fd, current.st_uid, current.st_gid)
        except PermissionError:
            raise PermissionError(
                errno.EPERM,
                "the file belongs to another user or group, which a new file could not keep; it is not written",
                str(path),
            ) from None
    os.chmod(temporary, stat.S_IMODE(current.st_mode))
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(path)
    except OSError:  # the file system keeps none
        return
    for name in names:
        value = os.getxattr(path, name)
        try:
            os.setxattr(fd, name, value)
        except OSError as exc:
            if _xattr(fd, name) == value:  # a label the system gave the new file already (SELinux)
                continue
            raise OSError(
                exc.errno or errno.EPERM,
                f"its extended attribute {name} could not be kept; it is not written",
                str(path),
            ) from None


def _xattr(fd: int, name: str) -> bytes | None:
    try:
        return os.getxattr(fd, name)
    except OSError:
        return None


def _check_unchanged(path: Path, before: os.stat_result | Stamp | None) -> None:
    """The compare of compare-and-swap, made as late as possible: right before the rename."""
    try:
        now: Stamp | None = Stamp.of(os.stat(path))
    except FileNotFoundError:
        now = None
    expected = Stamp.of(before) if isinstance(before, os.stat_result) else before
    if now != expected:
        raise _changed(path)


def _changed(path: Path) -> OSError:
    return OSError(errno.EAGAIN, "the file changed while govlint was writing it; nothing was written", str(path))


def _sync_folder(folder: Path) -> None:
    """The rename itself is durable only once the folder is synced."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every system (Windows): the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
