"""Auditing a corpus of reports: the tables of many reports, the corpus rules, a dataset on disk.

:func:`audit` lints a corpus into an audit folder (Parquet, resumable; docs/audit.md),
:func:`open_audit` reads one back, and :func:`lint_batch` is the per-batch function every
engine (govlint's pool, Dask, Spark, Ray) calls.
"""

from govlint.corpus.batch import lint_batch
from govlint.corpus.regions import NO_REGIONS, OrganInfo, Regions, organ_key
from govlint.corpus.runner import audit, open_audit
from govlint.corpus.tables import RULE_INPUT_COLUMNS, BatchTables, CorpusTables

__all__ = [
    "NO_REGIONS",
    "RULE_INPUT_COLUMNS",
    "BatchTables",
    "CorpusTables",
    "OrganInfo",
    "Regions",
    "audit",
    "lint_batch",
    "open_audit",
    "organ_key",
]
