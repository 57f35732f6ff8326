"""format_signals() leaves unnormalised the cells that hold an ideograph no signal holds.

NFKC keeps every CJK unified ideograph, so such a cell's normal form is no signal and no part
of one; the signals found must be those of normalising every cell.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from govlint.model import Evidence
from govlint.parse.layout import line_cells
from govlint.parse.version import format_signals
from govlint.templates import Template, all_templates, normalize

from .unicodefacts import canonical_pairs

_IDEOGRAPHS = [chr(c) for c in range(0x4E00, 0xA000)]


def test_every_ideograph_survives_normalisation() -> None:
    firsts = canonical_pairs()[0]
    for char in _IDEOGRAPHS:
        assert unicodedata.decomposition(char) == "" and unicodedata.combining(char) == 0
        assert char not in firsts  # nothing composes with it
        assert char in normalize(f"e\u0301{char}\u0301\u3000")


def _plain(lines: list[str], templates: tuple[Template, ...]) -> list[Evidence]:
    """format_signals as it reads without the shortcut: every cell normalised."""
    found: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    previous = ""
    every = frozenset().union(*(t.normalized_signals for t in templates))
    for index, line in enumerate(lines):
        cells = tuple(c for c in map(normalize, line_cells(line)) if c)
        joined = previous + cells[0] if previous and cells else ""
        if cells:
            previous = cells[-1]
        if not every.isdisjoint(cells) or joined in every:
            for template in templates:
                for cell in (*cells, joined):
                    if cell in template.normalized_signals and (template.version, cell) not in seen:
                        seen.add((template.version, cell))
                        found.append(Evidence(template.version, index + 1, f"signal:{cell}"))
    return found


def _pieces() -> list[str]:
    signals = [s for t in all_templates() for s in t.signals]
    halves = [p for s in signals for p in (s[: len(s) // 2], s[len(s) // 2 :])]
    return [*signals, *halves, "鄂", "局", "年", " ", "\t", "|", "\u3000", "0", "。", "\u0301"]


@given(st.lists(st.lists(st.sampled_from(_pieces()), max_size=5).map("".join), max_size=8))
def test_signals_are_those_of_every_cell_normalised(lines: list[str]) -> None:
    templates = all_templates()
    short = [line for line in lines if len(line) < 60]  # long lines are also searched run together
    assert format_signals(short, templates) == _plain(short, templates)
