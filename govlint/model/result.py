"""Everything one run found."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any

import attrs
import pandas as pd

from govlint.model.display import Displayable
from govlint.model.document import Document
from govlint.model.finding import Finding, Severity
from govlint.model.names import printable

FINDING_COLUMNS = (
    "path", "code", "rule", "severity", "message", "message_en", "line", "column", "section",
    "table", "row", "col", "expected", "actual", "fingerprint",
)  # fmt: skip
# Each column's dtype, whatever the findings (none, or a column all missing): text is pandas'
# "string" (missing is <NA>); the evidence columns hold numbers and lists.
FINDING_DTYPES: dict[str, str] = {
    **{column: "string" for column in FINDING_COLUMNS},
    "line": "Int64", "column": "Int64", "expected": "object", "actual": "object",
}  # fmt: skip


@attrs.frozen(slots=False)
class LintResult(Displayable):
    """The findings of one run over one report, with what they were found in.

    In Jupyter it shows itself (``_repr_mimebundle_``): a summary, the findings by section
    and the statutory tables with the cells that have findings highlighted.
    """

    path: str
    findings: tuple[Finding, ...]
    rules_run: tuple[str, ...]
    organ: str | None = None
    year: int | None = None
    template: str | None = None
    published: str | None = None
    fail_on: Severity = Severity.WARNING
    # The parsed report, for displays that show the findings in place; not compared or serialised.
    document: Document | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def ok(self) -> bool:
        """No finding at or above the failing severity."""
        return not any(f.severity.rank >= self.fail_on.rank for f in self.findings)

    def __repr__(self) -> str:
        """One line: ``LintResult('r.txt', 4 findings: 1 error, 2 warning, 1 info)``."""
        return f"LintResult({self.path!r}, {_counted(self.findings)})"

    def __str__(self) -> str:
        """What ``govlint check`` prints for this file (once ``govlint.reporters`` is imported,
        as ``import govlint`` does: the model imports nothing above it)."""
        return _TEXT[0](self) if _TEXT else repr(self)

    def by_rule(self, rule: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule == rule)

    @cached_property
    def _frame(self) -> pd.DataFrame:
        return records_frame(finding_records(self.findings), FINDING_COLUMNS, FINDING_DTYPES)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per finding, with the stable columns of :data:`FINDING_COLUMNS` and the
        dtypes of :data:`FINDING_DTYPES`, also when there is no finding.

        Text columns are pandas' ``string``: a missing value (a finding about no table) is
        ``<NA>``, and comparisons with it are ``<NA>`` too, so ``frame[frame.table != "x"]``
        leaves those rows out; say ``frame.table.ne("x").fillna(True)`` or test
        ``frame.table.isna()`` to keep them."""
        return self._frame.copy()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "organ": self.organ,
            "year": self.year,
            "template": self.template,
            "published": self.published,
            "ok": self.ok,
            "rules_run": list(self.rules_run),
            "findings": [f.to_dict() for f in self.findings],
        }


def finding_records(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """The fields of :data:`FINDING_COLUMNS` of each finding, as ``to_dataframe`` holds them."""
    records = []
    for finding in findings:
        fields = finding.to_dict()
        record = {k: fields[k] for k in FINDING_COLUMNS}
        record["path"] = printable(record["path"])  # a frame's strings are UTF-8: a non-UTF-8 name is escaped
        records.append(record)
    return records


EVIDENCE_COLUMNS = ("expected", "actual")


def records_frame(records: Sequence[dict[str, Any]], columns: Sequence[str], dtypes: Mapping[str, Any]) -> pd.DataFrame:
    """The frame of finding ``records`` with ``columns`` and ``dtypes``. The evidence columns
    hold each value as the finding gives it (``None``, an int, a list …): pandas would make a
    column of numbers and ``None`` a float column, ``3`` into ``3.0`` and ``None`` into NaN, and
    so differently for each set of findings. ``dtypes`` has the dtype of every column."""
    return pd.DataFrame(
        {
            column: pd.Series([r.get(column) for r in records], dtype="object")
            if column in EVIDENCE_COLUMNS
            else pd.array([r.get(column) for r in records], dtype=dtypes[column])
            for column in columns
        },
        index=pd.RangeIndex(len(records)),
    )


def _counted(findings: tuple[Finding, ...]) -> str:
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    detail = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''}" + (f": {detail}" if detail else "")


_TEXT: list[Callable[[LintResult], str]] = []


def install_text(render: Callable[[LintResult], str]) -> None:
    """Set how ``str(result)`` writes a result (``govlint.reporters`` installs its text format)."""
    _TEXT[:] = [render]
