"""Shortcuts on the way a finding is made and written give what the general forms give: plain
evidence, clipped evidence, the JSON lines, and the gate of the enumeration scan."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govlint import lint
from govlint.budget import DEFAULT, clip
from govlint.engine.context import _clipped
from govlint.model.finding import _plain
from govlint.model.table import plain_number
from govlint.reporters import ci
from govlint.rules.structure import _ENUMERATION_RE

from .conftest import ROOT

_TEXT = st.text(max_size=8) | st.text(min_size=DEFAULT.evidence_chars - 2, max_size=DEFAULT.evidence_chars + 3)
_LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(allow_nan=False), _TEXT, st.builds(object)
)
_EVIDENCE = st.recursive(_LEAF, lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner), max_leaves=8)


def _general_plain(value: Any) -> Any:
    if value is None or type(value) is str or type(value) is int:
        return value
    if isinstance(value, list | tuple):
        return [_general_plain(v) for v in value]
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return plain_number(value)
    return value


def _general_clipped(evidence: Any) -> Any:
    if isinstance(evidence, str):
        return clip(evidence)
    if isinstance(evidence, list | tuple):
        return type(evidence)(_general_clipped(e) for e in evidence)
    return evidence


def _exactly(value: Any) -> Any:
    """``value`` with the type of every item beside it (1, 1.0 and True are equal, not the same)."""
    if isinstance(value, list | tuple):
        return (type(value), [_exactly(v) for v in value])
    if isinstance(value, float) and value != value:
        return (float, "nan")
    return (type(value), value)


@given(_EVIDENCE)
def test_plain_evidence_is_the_general_plain(evidence: Any) -> None:
    assert _exactly(_plain(evidence)) == _exactly(_general_plain(evidence))


@given(_EVIDENCE)
def test_clipped_evidence_is_the_general_clipped(evidence: Any) -> None:
    assert _exactly(_clipped(evidence)) == _exactly(_general_clipped(evidence))


@given(st.text(alphabet="一二三四五六七八九十是，。；： \u3000\u00a0ab1", max_size=40))
def test_an_enumeration_needs_a_shi_per_item(text: str) -> None:
    assert len(list(_ENUMERATION_RE.finditer(text))) <= text.count("是")


def test_json_lines_are_what_json_dumps_writes() -> None:
    for path in sorted((ROOT / "examples" / "reports").glob("*.txt")):
        result = lint(path)
        findings = sorted(result.findings, key=lambda f: (f.location.sort_key, f.code))
        expected = "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings)
        assert expected == ci.jsonl([result])
