"""GL602 copied-report: sections 一 and 五 nearly identical to another report's.

At corpus scale: each text becomes a set of character shingles (figures masked), hashed with
numpy and summarised by a MinHash (datasketch); a MinHashLSH index gives the candidate pairs,
and each candidate is confirmed by the exact Jaccard similarity of the two shingle sets. The
cost grows with the number of texts plus the number of near-duplicate pairs, never with all
pairs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import numpy as np
import pandas as pd

from govlint.engine.corpus import CorpusContext
from govlint.engine.registry import CorpusRule, RuleMeta, register
from govlint.model import Finding, Location, Related, Severity
from govlint.rules.corpusdata import documents, rows

SECTIONS = (("一", "section_1"), ("五", "section_5"))
_FIGURES_RE = re.compile(r"[0-9０-９]+")  # one class, one run: linear
_SPACE_RE = re.compile(r"\s+")
_SEED = 1  # MinHash permutations: fixed, so every run gives the same candidates
_PRIME = np.uint64(1_000_003)


def _threshold(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"threshold is a Jaccard similarity in (0, 1], not {value!r}")
    return float(value)


def _count(value: object, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"a whole number of at least {minimum}, not {value!r}")
    return value


def _permutations(value: object) -> int:
    return _count(value, 16)  # fewer makes the LSH's estimate too coarse to find candidates


@attrs.frozen
class CopyOptions:
    """How similar two sections must be, and how texts are cut into shingles."""

    threshold: float = attrs.field(default=0.9, converter=_threshold)  # Jaccard of the shingle sets
    shingle: int = attrs.field(default=5, converter=_count)  # characters per shingle
    min_chars: int = attrs.field(default=100, converter=_count)  # shorter texts are not compared
    permutations: int = attrs.field(default=128, converter=_permutations)  # MinHash size: accuracy vs time


@register
class CopiedReport(CorpusRule):
    """Section 一 or 五 is nearly identical to another report's (内容雷同).

    Section 一 (总体情况) and section 五 (存在的主要问题及改进情况) are where an organ describes
    its own year; the same text as last year's report, or as another organ's, means it was not
    written for this report. Compared: the same organ's report of the year before, and any
    report of another organ (any year); not the same organ's other years, nor texts shorter
    than ``min-chars``. Figures are masked and white space removed, so a copy with the numbers
    changed still counts; similarity is the Jaccard index of the sets of ``shingle``-character
    pieces, at least ``threshold``.

    At corpus scale (MinHash and LSH, then the exact Jaccard of each candidate pair's shingle
    sets), so its cost grows with the corpus, not with its square. One finding per section and
    pair, on the later report (the later year; in one year the later path): ``actual`` is the
    similarity, ``expected`` the threshold, ``related`` the other report. A text copied by very
    many reports gives each report at most the findings budget of one rule (200); past it, one
    more finding counts the candidate pairs that were not checked.
    """

    meta = RuleMeta("GL602", "copied-report", Severity.WARNING, added="0.2.0")
    Options = CopyOptions

    def check_corpus(self, tables: Any, ctx: CorpusContext) -> Iterator[Finding]:
        options: CopyOptions = self.options
        docs = documents(tables, ctx)
        texts = tables.documents.reindex(columns=["path", "section_1", "section_5"]).drop_duplicates("path")
        docs = docs.merge(texts, on="path", how="left")
        budget = Budget(ctx.limit - 1)  # one finding of each report's budget is kept for the note
        for numeral, column in SECTIONS:
            prepared = prepare(docs[column], options)
            keep = (prepared.str.len() >= options.min_chars).to_numpy()
            if keep.sum() < 2:
                continue
            reports = [
                Report(r.path, r.organ, r.organ_key, None if pd.isna(r.year) else int(r.year)) for r in rows(docs[keep])
            ]
            yield from _pairs(reports, prepared[keep].tolist(), numeral, options, ctx, budget)
        for path, count in sorted(budget.unexamined.items()):
            yield ctx.finding(
                path,
                f"还有{count}对与本报告相似的候选报告未逐一核对：本报告的内容雷同问题已达单条规则的问题数上限。",
                f"{count} more candidate pair(s) similar to this report were not checked: its copied-report "
                "findings reached the findings budget of one rule.",
                actual=count,
            )


@attrs.define
class Budget:
    """How many copies each report may still get confirmed; past it, candidates are counted only
    (a text copied by a thousand organs would otherwise cost a million comparisons)."""

    limit: int
    found: dict[str, int] = attrs.Factory(dict)
    unexamined: dict[str, int] = attrs.Factory(dict)

    def allows(self, path: str) -> bool:
        if self.found.get(path, 0) < self.limit:
            return True
        self.unexamined[path] = self.unexamined.get(path, 0) + 1
        return False

    def count(self, path: str) -> None:
        self.found[path] = self.found.get(path, 0) + 1


@attrs.frozen
class Report:
    path: str
    organ: str | None
    organ_key: str | None
    year: int | None

    @property
    def order(self) -> tuple[int, str]:
        return (-1 if self.year is None else self.year, self.path)


def prepare(texts: pd.Series, options: CopyOptions) -> pd.Series:
    """The texts as compared: figures masked (``#``), white space removed."""
    strings = texts.astype(object).where(pd.notna(texts), "").astype(str)
    return strings.str.replace(_FIGURES_RE, "#", regex=True).str.replace(_SPACE_RE, "", regex=True)


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """The distinct 64-bit hashes of the ``size``-character shingles of ``text``, sorted
    (vectorised; two shingles of a report's sections share a hash with odds of about 1e-12)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - size + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    hashed = np.zeros(count, dtype=np.uint64)
    for offset in range(size):  # polynomial hash, wrapping in 64 bits
        hashed = hashed * _PRIME + codes[offset : offset + count]
    return np.unique(hashed)


def _folded(hashes: np.ndarray) -> np.ndarray:
    """32-bit values for the MinHash (its permutations work on 32 bits)."""
    folded: np.ndarray = (hashes ^ (hashes >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return folded


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard index of two sets of shingles, given as sorted distinct hashes."""
    if not len(a) and not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def _pairs(
    reports: Sequence[Report],
    texts: Sequence[str],
    numeral: str,
    options: CopyOptions,
    ctx: CorpusContext,
    budget: Budget,
) -> Iterator[Finding]:
    try:
        from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]
    except ImportError:  # the audit extra: a message naming the command, not a traceback
        raise ModuleNotFoundError("copied-report needs datasketch: pip install 'govlint[audit]'") from None

    # The LSH's own threshold a little lower: a pair just above the threshold is not lost to
    # the estimate's noise, and the exact Jaccard decides.
    lsh = MinHashLSH(threshold=max(options.threshold - 0.1, 0.05), num_perm=options.permutations)

    @functools.lru_cache(maxsize=4096)
    def shingle_set(index: int) -> np.ndarray:
        return shingle_hashes(texts[index], options.shingle)

    for index in range(len(texts)):
        sketch = MinHash(num_perm=options.permutations, seed=_SEED, hashfunc=int)
        sketch.update_batch(_folded(shingle_set(index)).tolist())
        lsh.insert(index, sketch, check_duplication=False)
        # a candidate is found when the later of the two is inserted: each pair once
        for other in sorted(lsh.query(sketch)):
            if other == index or not _comparable(reports[other], reports[index]):
                continue
            later = max(reports[other], reports[index], key=lambda r: r.order)
            if not budget.allows(later.path):
                continue
            similarity = jaccard(shingle_set(other), shingle_set(index))
            if similarity >= options.threshold:
                budget.count(later.path)
                yield _finding(reports[other], reports[index], numeral, similarity, options, ctx)


def _comparable(a: Report, b: Report) -> bool:
    """Another organ's report (any year), or the same organ's report of the year before or after."""
    if a.organ_key is None or b.organ_key is None or a.organ_key != b.organ_key:
        return True
    return a.year is not None and b.year is not None and abs(a.year - b.year) == 1


def _finding(
    a: Report, b: Report, numeral: str, similarity: float, options: CopyOptions, ctx: CorpusContext
) -> Finding:
    other, here = sorted((a, b), key=lambda r: r.order)
    same = other.organ_key is not None and other.organ_key == here.organ_key
    whose = "本机关上年报告" if same else f"{other.organ or '另一机关'}的报告"
    whose_en = "this organ's report of last year" if same else f"the report of {other.organ or 'another organ'}"
    percent = f"{similarity:.0%}"
    return ctx.finding(
        here.path,
        f"第{numeral}部分与{whose}（{other.path}）内容雷同：相似度{percent}（数字不计）。",
        f"section {numeral} is nearly identical to {whose_en} ({other.path}): {percent} similar (figures aside).",
        section=numeral,
        expected=options.threshold,
        actual=round(similarity, 3),
        related=[Related(Location(path=other.path, section=numeral), year=other.year)],
    )
