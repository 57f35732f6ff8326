"""Baselines: known findings recorded by fingerprint, hidden on later runs.

A published PDF cannot carry suppression comments, so accepted problems are listed in a
baseline file instead. ``govlint check --write-baseline FILE`` records every finding of a run;
``--baseline FILE`` hides the findings it records. Fingerprints ignore line numbers, so a
finding survives re-typesetting; each entry waives as many findings as it counts. An entry
that matches nothing any more (the problem was fixed, or the report changed) is reported, so
the baseline can be cleaned.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from govlint.errors import ConfigError
from govlint.files import atomic_write, read_regular
from govlint.model import printable
from govlint.model.result import LintResult

FORMAT = "govlint-baseline"
VERSION = 1


@attrs.frozen
class Waiver:
    path: str  # the file, relative to the baseline's folder, with / separators
    fingerprint: str
    rule: str
    code: str
    count: int = 1
    message: str = ""  # for a reader of the file; not used to match


def _key(path: str, root: Path) -> str:
    """The file's path relative to the baseline's folder (``../reports/a.txt`` when outside
    it), so the baseline means the same from whatever folder govlint runs. A non-UTF-8 name
    is keyed with its bytes escaped (:func:`govlint.files.printable`), as it is written."""
    try:
        return printable(Path(os.path.relpath(Path(path).resolve(), root.resolve())).as_posix())
    except (ValueError, OSError):  # another drive (Windows): the absolute path
        return printable(Path(path).resolve().as_posix())


def write(results: Sequence[LintResult], file: Path) -> int:
    """Record every finding of ``results`` in ``file`` (atomically); the number recorded."""
    root = file.parent
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], Any] = {}
    for result in results:
        for f in result.findings:
            key = (_key(f.location.path, root), f.fingerprint)
            counts[key] += 1
            first.setdefault(key, f)
    entries = [
        {
            "path": path,
            "fingerprint": fp,
            "rule": first[path, fp].rule,
            "code": first[path, fp].code,
            "count": counts[path, fp],
            "message": first[path, fp].message_en,
        }
        for path, fp in sorted(counts)
    ]
    text = json.dumps({"format": FORMAT, "version": VERSION, "waivers": entries}, ensure_ascii=False, indent=1) + "\n"
    atomic_write(file, text.encode("utf-8"))
    return sum(counts.values())


_MAX_BASELINE = 256 * 1024 * 1024  # bytes; a baseline of every finding of 100,000 reports is smaller


def read(file: Path) -> list[Waiver]:
    try:
        raw, _ = read_regular(file, _MAX_BASELINE)  # a FIFO is refused unopened: it would block
        if len(raw) > _MAX_BASELINE:
            raise ConfigError(f"baseline {file}: larger than {_MAX_BASELINE // 2**20} MiB")
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ConfigError(f"baseline {file}: cannot read: {why}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("waivers"), list):
        raise ConfigError(f"baseline {file}: not a govlint baseline (write one with --write-baseline)")
    if data.get("version") != VERSION:
        raise ConfigError(f"baseline {file}: version {data.get('version')!r} is not {VERSION}")
    try:
        return [
            Waiver(
                path=str(w["path"]),
                fingerprint=str(w["fingerprint"]),
                rule=str(w.get("rule", "")),
                code=str(w.get("code", "")),
                count=int(w.get("count", 1)),
                message=str(w.get("message", "")),
            )
            for w in data["waivers"]
        ]
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise ConfigError(f"baseline {file}: bad entry: {exc}") from None


def _take(left: Counter[tuple[str, str]], key: tuple[str, str]) -> bool:
    if left[key] > 0:
        left[key] -= 1
        return True
    return False


def apply(
    results: Sequence[LintResult], waivers: Sequence[Waiver], file: Path
) -> tuple[list[LintResult], list[Waiver]]:
    """``results`` without the waived findings, and the waivers (with what is left of their
    count) that matched nothing in the files of ``results``."""
    root = file.parent
    left: Counter[tuple[str, str]] = Counter()
    for w in waivers:  # the same finding listed twice waives as many as both entries count
        left[w.path, w.fingerprint] += w.count
    waivers = list({(w.path, w.fingerprint): w for w in waivers}.values())
    out = []
    for result in results:
        paths = [_key(f.location.path, root) for f in result.findings]
        waived = [_take(left, (p, f.fingerprint)) for p, f in zip(paths, result.findings, strict=True)]
        # A baseline written before identical findings had fingerprints of their own lists them
        # once, counted: what is left of such an entry waives the next ones ("<hash>:1", …).
        waived = [
            w or _take(left, (p, f.base_fingerprint)) for p, f, w in zip(paths, result.findings, waived, strict=True)
        ]
        kept = tuple(f for f, w in zip(result.findings, waived, strict=True) if not w)
        out.append(attrs.evolve(result, findings=kept))
    checked = {_key(r.path, root) for r in results}
    unused = [
        attrs.evolve(w, count=left[w.path, w.fingerprint])
        for w in waivers
        if w.path in checked and left[w.path, w.fingerprint] > 0
    ]
    return out, unused
