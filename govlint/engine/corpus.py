"""Running the corpus rules (GL6) over the tables of many reports.

SKELETON (to be completed): :func:`run_corpus` runs every selected corpus rule over the
documents and cells tables of a corpus and returns their findings.
"""

from __future__ import annotations

from govlint.corpus.regions import NO_REGIONS, Regions
from govlint.corpus.tables import CorpusTables
from govlint.engine.config import Config
from govlint.engine.registry import Registry
from govlint.model import Finding


def run_corpus(
    tables: CorpusTables, config: Config, regions: Regions = NO_REGIONS, registry: Registry | None = None
) -> list[Finding]:
    """The findings of the corpus rules ``config`` selects (SKELETON: none yet)."""
    return []
