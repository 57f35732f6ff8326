"""A region's tokens stand in text order, which the reader's search for fuzzily printed
labels relies on: a cell joined with the cells after it reaches further, so once a join
overlaps a label, the longer ones do too."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from govlint.parse.align import _JOIN, _Reader, _row_order
from govlint.parse.anchors import Found
from govlint.parse.cells import is_value_like
from govlint.parse.stream import region
from govlint.templates import get_template

_PIECES = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "| a | b |",
        "|---|---|",
        "规章",
        "行政许可",
        "0",
        " 0 ",
        "1.属于国家秘密",
        "\u3000",
        "注：说明。",
        "**",
    ]
)


@given(st.lists(st.lists(_PIECES, max_size=4).map("".join), max_size=12))
def test_tokens_stand_in_text_order(lines: list[str]) -> None:
    stream = region(lines, list(range(1, len(lines) + 1)))
    for a, b in itertools.pairwise(stream.tokens):
        assert a.start <= b.start and a.end <= b.end


def _plain_fuzzy(reader: _Reader, exact: list[Found], order: dict[str, int]) -> list[Found]:
    """_Reader._fuzzy looking at every window of up to _JOIN cells."""
    marks = bytearray(len(reader.region.folded))
    for f in exact:
        if f.key is not None:
            marks[f.start : f.end] = b"\x01" * (f.end - f.start)
    cells = [
        (token.text, start, end)
        for token, (start, end) in zip(reader.region.tokens, reader._folded_bounds, strict=True)
        if not is_value_like(token.text)
    ]
    out = []
    for i, (_, start, _) in enumerate(cells):
        for last in range(i, min(i + _JOIN, len(cells))):
            end = cells[last][2]
            if end - start < 6 or marks.find(1, start, end) >= 0:
                continue
            match = reader.spec.match_row("\n".join(text for text, _, _ in cells[i : last + 1]))
            if match is not None and match.kind == "fuzzy":
                out.append(Found(start, end, match.key, "fuzzy", 0.8 * match.score, order[match.key]))
    return out


_CELLS = st.sampled_from(
    [
        "本年新收政府信息公开申请",
        "数量",
        "本年新收政府信息公开申请数",
        "其他处理",
        "行政许可",
        "信息内容",
        "0",
        "",
        "规 章",
    ]
)


@given(st.lists(_CELLS, max_size=10), st.sampled_from(["\t{}", "{}", "| {} |"]))
def test_fuzzy_labels_are_those_of_every_window(cells: list[str], form: str) -> None:
    template = get_template("2021")
    spec = template.tables["applications"]
    lines = [form.format(c) for c in cells]
    reader = _Reader(template, spec, region(lines, list(range(1, len(lines) + 1))))
    exact = [f for f in reader._found() if f.kind != "fuzzy"]
    assert reader._fuzzy(exact, _row_order(spec)) == _plain_fuzzy(reader, exact, _row_order(spec))
