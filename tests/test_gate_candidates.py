"""The damage and artifact gates searched over a document's whole text point at every line the
gates pass on when tried line by line, so the rules that read every line find what they did."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.prose.damage import (
    _ARTIFACT_CANDIDATES,
    _ARTIFACT_GATE,
    _DAMAGE,
    _DAMAGE_CANDIDATES,
    _DAMAGE_GATE,
    _candidates,
    _scan,
    damaged_lines,
    find_artifacts,
    lines_with_artifacts,
)

# What the gates look for, and the white space and line breaks around it.
_NEAR = "".join(
    (
        "0123456789 \t\n\r\x0b\x0c\x1c\x85\u2028\u3000\u00a0",
        "年月日至到自起~～共计项条件个篇〔〕［］[]*＊\ufffd",
        "-—–－―第&<>{}\\HYPERLINKabc\x00\x1f\x7f",
    )
)
_LINE = st.one_of(
    st.text(alphabet=_NEAR, max_size=30),
    st.from_regex(_DAMAGE_GATE),
    st.from_regex(_ARTIFACT_GATE),
    *(st.from_regex(pattern) for _, pattern in _DAMAGE),
    st.text(max_size=30),
)
_LINES = st.lists(_LINE, max_size=12)


def _passing(lines: list[str], gate: re.Pattern[str]) -> set[int]:
    return {number for number, line in enumerate(lines, 1) if gate.search(line)}


@given(_LINES)
@settings(max_examples=1000, deadline=None)
def test_the_whole_text_search_points_at_every_line_a_gate_passes(lines: list[str]) -> None:
    for gate, patterns in ((_DAMAGE_GATE, _DAMAGE_CANDIDATES), (_ARTIFACT_GATE, _ARTIFACT_CANDIDATES)):
        candidates = _candidates(lines, patterns)
        assert candidates == sorted(set(candidates))
        assert _passing(lines, gate) <= set(candidates)


@given(_LINES)
@settings(max_examples=500, deadline=None)
def test_damage_and_artifacts_are_those_found_line_by_line(lines: list[str]) -> None:
    damage = [
        (n, s) for n, line in enumerate(lines, 1) if _DAMAGE_GATE.search(line) and (s := list(_scan(line, n, _DAMAGE)))
    ]
    artifacts = [(n, s) for n, line in enumerate(lines, 1) if (s := list(find_artifacts(line, n)))]
    assert damage == list(damaged_lines(lines))
    assert artifacts == list(lines_with_artifacts(lines))
