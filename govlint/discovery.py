"""Which files a run lints: the ones named, and the reports found in the folders named.

As in ruff: a file given by name is always linted (with ``force_exclude``, the exclusions
and the report test below apply to it too, which is what a pre-commit hook wants); a file
found in a folder is linted only when

- no exclusion matches it or a folder above it: the default exclusions (``.git``, ``.venv``,
  ``node_modules``, ``build``, ``dist``, ``site``, ``.cache``, ``__pycache__`` …), the
  ``exclude`` / ``extend-exclude`` patterns of the settings and the command line, and the
  ``.gitignore`` files of the repository — all gitignore patterns, matched by ``pathspec``;
- its suffix is one a report is published in (text, Markdown, HTML, DOCX, PDF); and
- it looks like a report: its name is not a project file's (README, CHANGELOG, LICENSE …),
  and its name says so (年报, 年度报告, 信息公开 …), or it is DOCX or PDF, or its first bytes
  mention 政府信息公开 or a 年度报告. A damaged report with such a name is still linted, and
  reported unreadable.

Files passed over are listed (with why) when the caller asks, for ``--verbose``.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import attrs
import pathspec

from govlint.errors import ConfigError

# Suffixes of the files a folder is searched for (the content decides how a file is read).
WEB_PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
REPORT_SUFFIXES = (".txt", ".md", ".text", *WEB_PAGE_SUFFIXES, ".docx", ".pdf")
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "build",
    "dist",
    "site",
    ".cache",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
    "*.egg-info",
)
# Files every project has, that are never a report, whatever their suffix.
_PROJECT_FILES = re.compile(
    r"^(?:readme|changelog|changes|history|news|license|licence|copying|notice|authors|contributors?"
    r"|contributing|code_of_conduct|security|support|todo|requirements[\w.-]*|robots)(?:\.[\w.-]+)?$",
    re.IGNORECASE,
)
_MARKERS = ("政府信息公开", "信息公开", "年度报告", "工作年报")
_NAMES = ("年报", "年度报告", "信息公开", "gkndbg", "zfxxgk")  # words in reports' file names
_SNIFF_BYTES = 256 * 1024
_SNIFFED = (".docx", ".pdf")  # compressed: judged by name and suffix only


@attrs.frozen
class Skipped:
    """A file found in a folder and not linted, and why."""

    path: Path
    why: str


@attrs.frozen
class Discovery:
    """How files are found: the exclusions, and whether named files are tested too."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    force_exclude: bool = False
    root: Path | None = None  # exclude patterns are relative to it (the settings' folder)

    @property
    def patterns(self) -> pathspec.GitIgnoreSpec:
        return _spec((*self.exclude, *self.extend_exclude))


def given_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str | os.PathLike[str]]:
    """``paths`` (one path or several) as a list; anything else is a ``TypeError`` that says
    what was given (a parsed :class:`~govlint.Document` is linted with :func:`govlint.lint`)."""
    if isinstance(paths, str | os.PathLike):
        return [paths]
    given = list(paths) if isinstance(paths, Iterable) and not isinstance(paths, bytes) else [paths]
    for item in given:
        if not isinstance(item, str | os.PathLike):
            kind = type(item).__name__
            hint = " (a parsed Document is linted with govlint.lint(document))" if kind == "Document" else ""
            raise TypeError(f"expected paths of files or folders, got {kind}{hint}")
    return given


def report_files(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    errors: list[tuple[Path, OSError]] | None = None,
    discovery: Discovery | None = None,
    skipped: list[Skipped] | None = None,
) -> list[Path]:
    """Files as given, and the report files under each folder (in sorted order).

    ``paths`` is one path or several. A path named twice (``a.txt``, ``./a.txt``) is listed
    once, the first time; a link and the file it names are two paths. A folder that cannot be
    listed, or a path that cannot be looked at (under a folder that may not be entered), is
    added to ``errors`` as ``(path, error)`` when a list is given, and raised otherwise: it is
    never skipped in silence. Files passed over are added to ``skipped`` when it is given.
    """
    rules = discovery or Discovery()
    given = given_paths(paths)
    out: list[Path] = []
    seen: set[str] = set()

    def failed(exc: OSError, path: Path | None = None) -> None:
        if errors is None:
            raise exc
        errors.append((path or Path(exc.filename or "."), exc))

    scope = _Scope.of(rules)
    for raw in given:
        if not os.fspath(raw):  # Path("") is the working folder: a variable left empty, not a wish
            failed(FileNotFoundError(errno.ENOENT, "an empty path ('') names no file", ""), Path(""))
            continue
        path = Path(raw)
        try:
            folder = path.is_dir()
        except OSError as exc:
            failed(exc, path)
            continue
        if folder:
            candidates = _walk(path, scope, failed, skipped)
        elif rules.force_exclude and (why := _passed_over(path, scope)) is not None:
            if skipped is not None:
                skipped.append(Skipped(path, why))
            continue
        else:
            candidates = [path]
        for candidate in candidates:
            key = os.path.abspath(candidate)
            if key not in seen:
                seen.add(key)
                out.append(candidate)
    return out


@attrs.frozen
class _Scope:
    """What one listing tests paths against: the rules, and the folder their patterns are
    relative to, resolved once for the listing rather than once for each file."""

    rules: Discovery
    base: Path | None  # None: it cannot be resolved, so a path is matched by its name

    @classmethod
    def of(cls, rules: Discovery) -> _Scope:
        try:
            return cls(rules, (rules.root or Path.cwd()).resolve())
        except OSError:  # the working folder was removed, or may not be looked at
            return cls(rules, None)


def _walk(folder: Path, scope: _Scope, failed: object, skipped: list[Skipped] | None) -> list[Path]:
    found: list[Path] = []
    for top, dirs, names in os.walk(folder, onerror=failed):  # type: ignore[arg-type]
        here = Path(top)
        real = _resolved(here)
        dirs[:] = sorted(d for d in dirs if _excluded(here / d, scope, True, _real(real, here, d)) is None)
        for name in names:
            path = here / name
            if path.suffix.lower() not in REPORT_SUFFIXES:
                continue
            why = _passed_over(path, scope, _real(real, here, name))
            if why is None:
                found.append(path)
            elif skipped is not None:
                skipped.append(Skipped(path, why))
    out = []
    for candidate in sorted(found):
        try:
            if candidate.is_file():
                out.append(candidate)
            elif skipped is not None:
                skipped.append(Skipped(candidate, "not a regular file (a pipe, a device, or a link to nothing)"))
        except OSError as exc:  # listed, but the folder may not be entered
            failed(exc, candidate)  # type: ignore[operator]
    return out


def _resolved(path: Path) -> Path | None:
    """``path`` resolved, or None when it cannot be."""
    try:
        return path.resolve()
    except OSError:
        return None


def _real(real_folder: Path | None, folder: Path, name: str) -> Path | None:
    """``folder / name`` resolved: the resolved folder and the name, unless the name is a link
    (then it is resolved itself); None when it cannot be. A path's every folder resolved anew
    would cost a system call for each folder in it, for each file."""
    try:
        if real_folder is None or os.path.islink(folder / name):
            return (folder / name).resolve()
    except OSError:
        return None
    return real_folder / name


def _passed_over(path: Path, scope: _Scope, real: Path | None = None) -> str | None:
    """Why the file at ``path`` (``real`` when resolved already) is not linted when found in a
    folder, or None."""
    excluded = _excluded(path, scope, False, real if real is not None else _resolved(path))
    if excluded is not None:
        return excluded
    if _PROJECT_FILES.match(path.name):
        return "a project file by its name, not a report"
    if path.suffix.lower() in _SNIFFED or any(word in path.name for word in _NAMES):
        return None  # a report by its name (a damaged one is reported, not passed over)
    try:
        if not path.is_file():  # a FIFO or a device: opening it could block; the run says why
            return None
        with open(path, "rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError:
        return None  # let the run say why it cannot be read
    if not _mentions_disclosure(head):
        return "no 政府信息公开 or 年度报告 in its first 256 KiB: not a report"
    return None


def _excluded(path: Path, scope: _Scope, is_dir: bool, real: Path | None) -> str | None:
    """Why an exclusion or a ``.gitignore`` covers ``path`` (a folder's contents too), or None;
    ``real``: ``path`` resolved (None when it cannot be)."""
    relative = _relative(real, scope.base) or path.name
    if _matches(scope.rules.patterns, relative, is_dir):
        return "excluded by the exclude settings"
    try:
        ignored = scope.rules.respect_gitignore and real is not None and _gitignored(real, is_dir)
    except OSError:  # cannot be looked at: the run says so when it reads the file
        ignored = False
    return "ignored by .gitignore" if ignored else None


def _matches(spec: pathspec.GitIgnoreSpec, relative: str, is_dir: bool) -> bool:
    return spec.match_file(relative + "/" if is_dir else relative)


def _relative(real: Path | None, base: Path | None) -> str | None:
    if real is None or base is None or not real.is_relative_to(base):
        return None
    return real.relative_to(base).as_posix()


def _gitignored(path: Path, is_dir: bool) -> bool:
    """Whether a ``.gitignore`` between the repository's root and ``path`` ignores it."""
    for folder, spec in _gitignores(path.parent):
        relative = path.relative_to(folder).as_posix()
        if _matches(spec, relative, is_dir):
            return True
    return False


@lru_cache(maxsize=4096)
def _gitignores(folder: Path) -> tuple[tuple[Path, pathspec.GitIgnoreSpec], ...]:
    """The ``.gitignore`` files that apply in ``folder``: its own and those of the folders
    above it, up to the repository's root (a folder holding ``.git``)."""
    chain: list[Path] = []
    for candidate in (folder, *folder.parents):
        chain.append(candidate)
        try:
            if (candidate / ".git").exists():
                break
        except OSError:  # a folder that may not be looked into: no repository found through it
            return ()
    else:
        return ()  # not in a repository: no .gitignore applies
    out = []
    for candidate in reversed(chain):
        ignore = candidate / ".gitignore"
        try:
            lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        try:
            out.append((candidate, pathspec.GitIgnoreSpec.from_lines(lines)))
        except (ValueError, TypeError, re.error):
            continue  # git itself skips a pattern it cannot read
    return tuple(out)


@lru_cache(maxsize=64)
def _spec(patterns: Sequence[str]) -> pathspec.GitIgnoreSpec:
    try:
        return pathspec.GitIgnoreSpec.from_lines(patterns)
    except (ValueError, TypeError, re.error) as exc:
        raise ConfigError(f"exclude: {list(patterns)!r} holds a pattern that is not a glob: {exc}") from None


def _mentions_disclosure(head: bytes) -> bool:
    encodings = ("utf-16",) if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8", "gb18030")
    return any(marker in head.decode(e, errors="ignore") for e in encodings for marker in _MARKERS)
