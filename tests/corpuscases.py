"""Corpus rule cases: several reports (and a region table) in, the findings of one corpus rule out.

A case of a corpus rule (tests/cases/<rule-name>.toml, as for any rule) has no single ``text``
or ``base``: it has ``[[case.report]]`` entries, each a ``path`` and a report given as for a
per-report case (``base`` + ``replace``, or ``text``), and optional ``[[case.organ]]`` rows of
the region table (``organ``, ``region``, ``parent``, ``level``, ``summary``). Its ``expect``
entries also match ``path`` and, with ``related``, the paths of the other side. ``options``
sets the rule's options.

The tables are built in this process from the parsed texts, with the functions
``govlint.corpus.lint_batch`` uses for files (:func:`corpus_tables`).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

import govlint
from govlint.corpus import NO_REGIONS, CorpusTables, Regions
from govlint.corpus.batch import document_record
from govlint.corpus.tables import CELLS_COLUMNS, CELLS_DTYPES, DOCUMENT_COLUMNS, DOCUMENT_DTYPES, typed
from govlint.engine.config import Config
from govlint.engine.corpus import run_corpus
from govlint.frames import cell_frame, cell_records
from govlint.model import Finding
from govlint.parse import parse_text

from .test_rule_cases import load_case_text


def regions_of(rows: Sequence[dict[str, Any]]) -> Regions:
    """The :class:`Regions` of a region table given as rows (written as the CSV a user gives)."""
    if not rows:
        return NO_REGIONS
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "regions.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["organ", "region", "parent", "level", "summary"])
            for r in rows:
                summary = "true" if r.get("summary") else "false"
                writer.writerow([r["organ"], r.get("region", ""), r.get("parent", ""), r.get("level", ""), summary])
        return Regions.load(table=path)


def corpus_tables(reports: Sequence[tuple[str, str]], regions: Regions = NO_REGIONS) -> CorpusTables:
    """The documents and cells tables of ``reports`` ((path, text) pairs)."""
    documents, cells = [], []
    for path, text in reports:
        document = parse_text(text, source=path)
        result = govlint.lint(document, select=["GL0"])  # the year, template and organ as read
        info = regions.lookup(path, result.organ)
        organ = {c: getattr(info, c) for c in ("organ", "organ_key", "region", "parent", "level", "summary")}
        documents.append({**document_record(path, document, result), **organ})
        cells += [{**c, "region": info.region} for c in cell_records(document)]
    cell_table = cell_frame(cells).assign(region=[c["region"] for c in cells])
    return CorpusTables(
        documents=typed(pd.DataFrame.from_records(documents), DOCUMENT_COLUMNS, DOCUMENT_DTYPES),
        cells=typed(cell_table, CELLS_COLUMNS, CELLS_DTYPES),
    )


def is_corpus_case(case: dict[str, Any]) -> bool:
    return "report" in case


def run_corpus_case(rule: str, case: dict[str, Any]) -> list[Finding]:
    """What ``rule`` reports for a corpus case (its findings only)."""
    regions = regions_of(case.get("organ", []))
    reports = [(r["path"], load_case_text(r)) for r in case["report"]]
    # every corpus rule runs: not-assessable reports what the others could not compare
    config = Config().merged(select=["GL6"], options={rule: case.get("options", {})})
    return [f for f in run_corpus(corpus_tables(reports, regions), config, regions) if f.rule == rule]
