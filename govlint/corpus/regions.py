"""Who published a report: the region table, a pattern on the path, and the organ's key.

:class:`Regions` is what a corpus audit knows about organs beyond the reports themselves:

- a **region table** (CSV; UTF-8 with or without BOM, or GB18030): one row per organ with the
  columns ``organ, region, parent, level`` and optionally ``summary`` (``true/false``,
  ``1/0``, ``是/否``, ``yes/no``; empty is false). ``parent`` names the organ above it (by name,
  any spelling the alias table knows); ``summary`` marks an organ whose report is the sum of
  the reports of the organs whose parent it is;
- an **alias file** extending the built-in alias table (:mod:`govlint.corpus.names`);
- a **pattern**: a regular expression searched in the path (``/`` separators) with named groups
  ``organ``, ``region`` and/or ``year``.

:meth:`Regions.lookup` matches a report to a table row by its key — the name read from the
report first, then the pattern's ``organ`` — and a bare name (``市工信局``) within the region the
pattern gives (or in the whole table when the pattern gives none and only one organ fits).
Without a match the report's own name is the key, a bare one qualified by the pattern's region
(``乌海市`` + ``市工信局`` → ``乌海市工业和信息化局``), so different cities' 工信局 stay apart.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pandas as pd

from govlint.corpus.names import (
    Aliases,
    builtin_aliases,
    clean,
    csv_rows,
    is_bare,
    organ_key,
    qualified,
)
from govlint.errors import ConfigError

__all__ = ["NO_REGIONS", "OrganInfo", "Regions", "organ_key"]

COLUMNS = ("organ", "region", "parent", "level")  # required; "summary" is optional
ORGAN_COLUMNS = ("organ", "organ_key", "region", "parent", "level", "summary")
ORGAN_DTYPES = {**{c: "string" for c in ORGAN_COLUMNS}, "summary": "boolean"}
_TRUE, _FALSE = {"true", "1", "是", "yes", "y", "t"}, {"false", "0", "否", "no", "n", "f", ""}
_GROUPS = ("organ", "region", "year")


@attrs.frozen
class OrganInfo:
    """One report's publisher, as the corpus rules key it."""

    organ: str | None  # the name: the region table's when matched, else as read from the report
    organ_key: str | None  # normalised: equal for every spelling of one organ
    region: str | None = None  # region code (行政区划代码) or name, when known
    parent: str | None = None  # the organ_key of the organ above it in the region table
    level: str | None = None  # as the region table says (e.g. city, department, district)
    summary: bool = False  # the region table marks its report as a summary (汇总) of its children
    year: int | None = None  # the year the path pattern gives (None: no pattern or no year group)


@attrs.frozen
class _Organ:
    """A row of the region table, resolved."""

    organ: str
    key: str
    region: str | None
    parent: str | None  # key
    level: str | None
    summary: bool
    line: int


@attrs.frozen(eq=False)
class Regions:
    """The region table, the alias table and the path pattern of a corpus audit (all optional).

    Build one with :meth:`load`; :data:`NO_REGIONS` knows nothing (the report's name is the key).
    """

    rows: tuple[_Organ, ...] = ()
    aliases: Aliases = attrs.field(factory=builtin_aliases)
    pattern: re.Pattern[str] | None = None
    source: str | None = None  # the region table's path, for messages
    _by_key: Mapping[str, _Organ] = attrs.field(factory=dict, repr=False)
    _by_tail: Mapping[str, tuple[_Organ, ...]] = attrs.field(factory=dict, repr=False)  # bare key → rows

    @classmethod
    def load(
        cls, table: str | Path | None = None, aliases: str | Path | None = None, pattern: str | None = None
    ) -> Regions:
        """The regions of a region table (CSV), an alias file and a path pattern, each optional.

        Raises :class:`govlint.errors.ConfigError` naming the file and line for a missing
        column, an empty or duplicate organ, a parent not in the table, a cycle of parents, a
        bad summary value, a bad pattern or an unreadable file."""
        names = builtin_aliases()
        if aliases is not None:
            names = names.extended(Aliases.load(aliases))
        compiled = compile_pattern(pattern) if pattern is not None else None
        rows = _read_table(Path(table), names) if table is not None else ()
        by_key = {row.key: row for row in rows}
        tails: dict[str, list[_Organ]] = {}
        for row in rows:
            for start, char in enumerate(row.key):
                if start and is_bare(char):
                    tails.setdefault(row.key[start:], []).append(row)
        return cls(
            rows,
            names,
            compiled,
            str(table) if table is not None else None,
            by_key,
            {tail: tuple(found) for tail, found in tails.items()},
        )

    def key(self, name: str | None) -> str | None:
        """:func:`organ_key` with these aliases."""
        return organ_key(name, self.aliases)

    def lookup(self, path: str, organ: str | None) -> OrganInfo:
        """The publisher of the report at ``path`` whose text names ``organ`` (see the module)."""
        groups = self._groups(path)
        region = groups.get("region")
        for name in (organ, groups.get("organ")):
            row = self._match(self.key(name), region)
            if row is not None:
                return OrganInfo(
                    row.organ, row.key, row.region or region, row.parent, row.level, row.summary, _year(groups)
                )
        name = organ or groups.get("organ")
        key = self.key(name)
        if key is not None and region and is_bare(key):
            key = qualified(key, region)
        return OrganInfo(name, key, region, year=_year(groups))

    @property
    def organs(self) -> pd.DataFrame:
        """The region table for the rules: organ, organ_key, region, parent (its organ_key),
        level, summary — one row per organ, in the table's order."""
        records = [(r.organ, r.key, r.region, r.parent, r.level, r.summary) for r in self.rows]
        frame = pd.DataFrame.from_records(records, columns=list(ORGAN_COLUMNS))
        return frame.astype(ORGAN_DTYPES)

    @property
    def fingerprint(self) -> str:
        """A stable hash of what decides a lookup: the rows, the alias table and the pattern."""
        content = {
            "rows": [[r.organ, r.key, r.region, r.parent, r.level, r.summary] for r in self.rows],
            "aliases": sorted(self.aliases.table.items()),
            "pattern": self.pattern.pattern if self.pattern is not None else None,
        }
        text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def _groups(self, path: str) -> dict[str, str]:
        if self.pattern is None:
            return {}
        match = self.pattern.search(Path(path).as_posix())
        if match is None:
            return {}
        return {k: v for k, v in match.groupdict().items() if k in _GROUPS and v}

    def _match(self, key: str | None, region: str | None) -> _Organ | None:
        if key is None:
            return None
        if key in self._by_key:
            return self._by_key[key]
        if not is_bare(key):
            return None
        found = self._by_tail.get(key, ())
        if region is not None:  # within the path's region only
            found = tuple(r for r in found if r.region is not None and clean(r.region) == clean(region))
        return found[0] if len(found) == 1 else None


NO_REGIONS = Regions()


def _year(groups: Mapping[str, str]) -> int | None:
    text = groups.get("year", "")
    return int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The path pattern ``pattern`` compiled, or a :class:`ConfigError` saying what is wrong."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"organ-pattern '{pattern}': not a regular expression: {exc}") from None
    if not set(compiled.groupindex) & set(_GROUPS):
        raise ConfigError(
            f"organ-pattern '{pattern}': no named group organ, region or year; "
            r"e.g. '(?P<region>\d{6})/(?P<year>\d{4})/(?P<organ>[^/]+)\.'"
        )
    return compiled


def _summary(path: Path, line: int, value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ConfigError(f"{path}:{line}: summary {value!r} is not true/false (1/0, 是/否)")


def _read_table(path: Path, aliases: Aliases) -> tuple[_Organ, ...]:
    raw: list[tuple[int, dict[str, str]]] = list(csv_rows(path, COLUMNS))
    rows: list[_Organ] = []
    seen: dict[str, _Organ] = {}
    for line, record in raw:
        key = organ_key(record["organ"], aliases)
        if key is None:
            raise ConfigError(f"{path}:{line}: no organ name")
        if key in seen:
            first = seen[key]
            raise ConfigError(
                f"{path}:{line}: organ {record['organ']!r} is already on line {first.line} "
                f"({first.organ!r}: the same organ once its name is normalised; a name two places share "
                f"is written with its place, 济南市市中区人民政府)"
            )
        parent = organ_key(record["parent"], aliases)
        row = _Organ(
            record["organ"],
            key,
            record["region"] or None,
            parent,
            record["level"] or None,
            _summary(path, line, record.get("summary", "")),
            line,
        )
        seen[key] = row
        rows.append(row)
    for row in rows:
        if row.parent is not None and row.parent not in seen:
            raise ConfigError(f"{path}:{row.line}: parent of {row.organ!r} is not an organ of the table")
    _check_cycles(path, seen)
    return tuple(rows)


def _check_cycles(path: Path, rows: Mapping[str, _Organ]) -> None:
    done: set[str] = set()
    for start in rows:
        chain: list[str] = []
        key: str | None = start
        while key is not None and key not in done:
            if key in chain:
                cycle = [rows[k].organ for k in chain[chain.index(key) :]] + [rows[key].organ]
                raise ConfigError(f"{path}:{rows[key].line}: parents form a cycle: {' → '.join(cycle)}")
            chain.append(key)
            key = rows[key].parent
        done.update(chain)


def describe(regions: Regions) -> dict[str, Any]:
    """What ``run.json`` records of the regions: the table's path, the pattern, the fingerprint."""
    return {
        "table": regions.source,
        "organs": len(regions.rows),
        "pattern": regions.pattern.pattern if regions.pattern is not None else None,
        "fingerprint": regions.fingerprint,
    }
