"""Batch linting (issue #16): the rules' shared work computed for a whole batch of documents at
once gives each document exactly the findings it gets alone."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.engine.config import Config
from govlint.engine.runner import run, run_many
from govlint.model import Document
from govlint.parse import parse, parse_text
from govlint.rules.batch import batch_memos

from .conftest import REPORTS
from .reportgen import render_lines, render_pipes, render_rows, render_tabs, report

RENDERERS = (render_lines, render_tabs, render_pipes, render_rows)
SEEDS = [parse(p) for p in sorted(REPORTS.glob("*.txt"))]


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A generated report in a random rendering, sometimes with one digit changed or removed
    (sums that no longer add up, cells left blank, numbers run together)."""
    text = draw(st.sampled_from(RENDERERS))(draw(report()))
    digits = [m.start() for m in re.finditer(r"\d", text)]
    if digits and draw(st.booleans()):
        at = draw(st.sampled_from(digits))
        text = text[:at] + draw(st.sampled_from(["", "7", "0", "-"])) + text[at + 1 :]
    return parse_text(text, source=f"generated-{draw(st.integers(0, 3))}.txt")  # names repeat


def _alone(batch: list[Document]) -> list[tuple[object, ...]]:
    return [run(d, Config()).findings for d in batch]


@settings(max_examples=25, deadline=None)
@given(st.lists(documents(), min_size=2, max_size=6), st.lists(st.sampled_from(SEEDS), max_size=2))
def test_a_batch_gives_each_document_its_findings_alone(generated: list[Document], seeds: list[Document]) -> None:
    batch = [*generated, *seeds]
    together = [r.findings for r in run_many(batch, [Config()] * len(batch))]
    assert together == _alone(batch)


def test_the_seeds_batched_give_their_findings_alone() -> None:
    batch = SEEDS * 2
    together = [r.findings for r in run_many(batch, [Config()] * len(batch))]
    assert together == _alone(batch)
    assert any(together)  # the seeds have findings: the comparison is not between empty lists
    shared = batch_memos(batch)  # and the batch did share its work: nothing fell back
    assert all({"identities", "schema-failures", "inferred-blanks"} <= set(memo) for memo in shared)
