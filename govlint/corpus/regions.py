"""Who published a report: organ names normalised to one key, and the region table.

SKELETON (to be completed): :class:`Regions` reads a CSV of organs (``organ, region, parent,
level`` and an optional ``summary`` column) and/or a pattern on the path; without them the organ
name read from the report is the key. Names are normalised through an alias table that the user
can extend (``市工信局`` and ``市工业和信息化局`` are one organ).
"""

from __future__ import annotations

import unicodedata

import attrs

from govlint.errors import ConfigError


@attrs.frozen
class OrganInfo:
    """One report's publisher, as the corpus rules key it."""

    organ: str | None  # the name: the region table's when matched, else as read from the report
    organ_key: str | None  # normalised: equal for every spelling of one organ
    region: str | None = None  # region code (行政区划代码) or name, when known
    parent: str | None = None  # the organ_key of the organ above it in the region table
    level: str | None = None  # as the region table says (e.g. city, department, district)
    summary: bool = False  # the region table marks its report as a summary (汇总) of its children


def organ_key(name: str | None) -> str | None:
    """The normalised key of an organ name (SKELETON: NFKC and no white space)."""
    if not name:
        return None
    return "".join(unicodedata.normalize("NFKC", name).split()) or None


@attrs.frozen
class Regions:
    """The region table (SKELETON: knows no organ yet)."""

    @classmethod
    def load(cls, table: str | None = None, aliases: str | None = None, pattern: str | None = None) -> Regions:
        """The region table of the CSV ``table``, the alias file ``aliases`` and the path
        ``pattern`` (SKELETON: only none of them yet; the regions branch reads them)."""
        if table is None and aliases is None and pattern is None:
            return NO_REGIONS
        raise ConfigError("region tables, aliases and organ patterns are not supported by this build yet")

    def lookup(self, path: str, organ: str | None) -> OrganInfo:
        """The publisher of the report at ``path`` whose text names ``organ``."""
        return OrganInfo(organ=organ, organ_key=organ_key(organ))


NO_REGIONS = Regions()
