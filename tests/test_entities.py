"""Text taken from a web page by stripping its tags keeps HTML's character references
(``&nbsp;``, ``&ldquo;``, ``&#12288;``): the report is read as if they were the characters
they stand for, and conversion-artifact still reports them in the file's own lines."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

import govlint
from govlint.parse.decode import decode_entities

from .reportgen import FAMILIES, RENDERERS, Report, report

_REFERENCES = {"&": "&amp;", "“": "&ldquo;", "”": "&rdquo;", "\u00a0": "&nbsp;", "\u3000": "&#12288;", "—": "&#x2014;"}
_RENDERINGS: dict[str, Callable[[Report], str]] = {
    "lines": RENDERERS["lines"],
    "pipes": RENDERERS["pipes"],
    "spans": lambda r: FAMILIES["spans"](r, headings="random"),
    "dedup": lambda r: FAMILIES["dedup"](r, headings="random"),
    "markdown": lambda r: FAMILIES["markdown"](r, headings="random"),
}


def _as_a_page_source_writes_it(text: str) -> str:
    return "".join(_REFERENCES.get(c, c) for c in text)


def _cells(document: govlint.Document) -> dict[tuple[str, str, str], tuple[object, ...]]:
    return {
        (table_id, c.row, c.col): (c.state, c.value, c.line)
        for table_id, table in document.tables.items()
        for c in table
    }


@settings(max_examples=25, deadline=None)
@given(r=report(), rendering=st.sampled_from(sorted(_RENDERINGS)))
def test_character_references_read_as_their_characters(r: Report, rendering: str) -> None:
    text = _RENDERINGS[rendering](r)
    written = _as_a_page_source_writes_it(text)
    assert written != text  # 3.危及“三安全一稳定” at least
    plain, coded = govlint.parse_text(text), govlint.parse_text(written)
    assert _cells(coded) == _cells(plain)
    assert [(s.numeral, s.line) for s in coded.sections] == [(s.numeral, s.line) for s in plain.sections]
    assert (coded.organ, coded.year, coded.template) == (plain.organ, plain.year, plain.template)
    assert coded.lines == tuple(written.split("\n"))  # the file's lines, references and all
    artifacts = {f.location.line for f in govlint.lint(coded).findings if f.rule == "conversion-artifact"}
    assert artifacts >= {n for n, line in enumerate(written.split("\n"), 1) if "&ldquo;" in line}


def test_only_whole_references_are_decoded() -> None:
    lines = ("&ldquo;三安全一稳定&rdquo;", "?a=1&para=2", "&#8220;&#x3000;&bogus;", "a & b", "&amp;nbsp;")
    assert decode_entities(lines) == ("“三安全一稳定”", "?a=1&para=2", "“\u3000&bogus;", "a & b", "&nbsp;")
    unchanged = ("规章\t0\t0\t0",)
    assert decode_entities(unchanged) is unchanged
