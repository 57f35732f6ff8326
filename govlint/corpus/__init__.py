"""Auditing a corpus of reports: the tables of many reports, the corpus rules, a dataset on disk.

SKELETON (to be completed).
"""

from govlint.corpus.batch import lint_batch
from govlint.corpus.regions import NO_REGIONS, OrganInfo, Regions, organ_key
from govlint.corpus.tables import BatchTables, CorpusTables

__all__ = ["NO_REGIONS", "BatchTables", "CorpusTables", "OrganInfo", "Regions", "lint_batch", "organ_key"]
