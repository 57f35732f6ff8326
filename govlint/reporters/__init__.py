"""Output writers: one function per format, from LintResults to text."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from govlint.model.result import LintResult


def text(results: Sequence[LintResult]) -> str:
    """``path:line:col: CODE name message`` per finding, then a summary."""
    out = []
    for result in results:
        for f in result.findings:
            loc = f.location
            where = f"{loc.path}:{loc.line or 0}:{loc.column or 0}"
            out.append(f"{where}: {f.code} {f.rule} [{f.severity.value}] {f.message} {f.message_en}")
    counts = Counter(f.severity.value for r in results for f in r.findings)
    total = sum(counts.values())
    files = len(results)
    if total:
        detail = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
        out.append(f"Found {total} finding(s) in {files} file(s) ({detail}).")
    else:
        out.append(f"No findings in {files} file(s).")
    return "\n".join(out) + "\n"


def json_array(results: Sequence[LintResult]) -> str:
    """A JSON array of findings (the fields of ``Finding.to_dict``)."""
    return json.dumps([f.to_dict() for r in results for f in r.findings], ensure_ascii=False, indent=1) + "\n"
