"""A finding's fingerprint, made with the finding: the hash of its key as ``json.dumps`` writes
it, for any evidence, and made again for a finding changed with ``attrs.evolve``."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from govlint.model import Finding, Location, Severity
from govlint.model.finding import _plain

_TEXT = st.text(max_size=8)
_EVIDENCE = st.recursive(
    st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.decimals(allow_nan=False), _TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner),
    max_leaves=6,
)


def _expected(finding: Finding) -> str:
    loc = finding.location
    key = [finding.rule, loc.section, loc.table, loc.row, loc.col, list(finding.cells)]
    key.append([_plain(finding.expected), _plain(finding.actual)])
    text = json.dumps(key, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@given(
    _EVIDENCE,
    _EVIDENCE,
    st.lists(st.tuples(_TEXT, _TEXT), max_size=3),
    st.one_of(st.none(), _TEXT),
    _EVIDENCE,
)
def test_the_fingerprint_is_the_hash_of_the_key(
    expected: Any, actual: Any, cells: list[Any], row: Any, other: Any
) -> None:
    finding = Finding(
        code="GL204",
        rule="missing-cell",
        severity=Severity.ERROR,
        message="m",
        message_en="m",
        location=Location(path="a.txt", table="applications", row=row, col="total"),
        expected=expected,
        actual=actual,
        cells=tuple(cells),
    )
    assert finding.base_fingerprint == _expected(finding)
    changed = attrs.evolve(finding, actual=other)
    assert changed.base_fingerprint == _expected(changed)
    assert attrs.evolve(finding, occurrence=2).fingerprint == f"{finding.base_fingerprint}:2"
