"""Laws of the stacked columns the cell schema checks (``govlint.schemas``): the fast forms
(numpy's own conversions, categories) give what the plain per-cell forms give."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model import STATE_TEXT, Document
from govlint.schemas import _float64, _is, _objects, _Stack
from govlint.templates import get_template

from .test_batch import SEEDS, documents

# What a cell's value can be (``Cell.value``): an int, a Decimal (money, or a count with a
# fraction that invalid-number reports), or None; and, for the failure frames, a float.
_NUMBERS = st.one_of(
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=True, allow_infinity=True).filter(lambda d: not d.is_snan()),
    st.floats(allow_nan=True),
)


@given(st.lists(_NUMBERS, max_size=30))
def test_values_become_what_float_makes_of_them(values: list[int | Decimal | float | None]) -> None:
    """numpy's conversion of each number is ``float(number)``, bit for bit; None and NaN are NA."""
    array = _float64(values)
    expected = [None if v is None else float(v) for v in values]
    assert [bool(m) for m in array.isna()] == [v is None or v != v for v in expected]
    kept = array.to_numpy(dtype="float64", na_value=np.nan)
    assert [x.hex() for x, v in zip(kept, expected, strict=True) if v == v and v is not None] == [
        v.hex() for v in expected if v is not None and v == v
    ]


@given(st.lists(st.one_of(st.none(), st.text(max_size=3), st.booleans()), max_size=30))
def test_objects_are_kept_as_they_are(values: list[object]) -> None:
    """Each object stands in the column itself, in order (no copy, no conversion)."""
    column = _objects(values)
    assert len(column) == len(values)
    assert all(a is b for a, b in zip(column.tolist(), values, strict=True))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(documents(), st.sampled_from(SEEDS)), min_size=1, max_size=5))
def test_the_stack_holds_each_cells_state_and_its_columns_kind_unit_and_sign(batch: list[Document]) -> None:
    """The stack's columns, categories or not, read as each cell's own fields and its column's."""
    reports = [(list(d.tables.values()), get_template(d.template)) for d in batch if d.template]
    checked = _Stack(reports).checked
    cells = [(c, template.tables[t.id]) for tables, template in reports for t in tables for c in t.grid]
    specs = [{s.key: s for s in table.columns}[c.col] for c, table in cells]
    assert list(checked["state"]) == [STATE_TEXT[c.state] for c, _ in cells]
    assert [None if pd.isna(k) else k for k in checked["kind"]] == [s.kind for s in specs]
    assert [None if pd.isna(u) else u for u in checked["unit"]] == [s.unit for s in specs]
    assert list(checked["signed"]) == [s.signed for s in specs]
    assert list(checked["printed_unit"]) == [c.unit for c, _ in cells]


@given(st.lists(st.sampled_from([None, "元", "万元", "件", "text", "money", "count"]), max_size=20), st.booleans())
def test_a_check_compares_categories_as_it_compares_texts(values: list[str | None], categorical: bool) -> None:
    """``_is`` gives what comparing each cell's text gives, on categories and on objects alike."""
    column = pd.Categorical(values) if categorical else _objects(values)
    frame = pd.DataFrame({"unit": column})
    for wanted in ("元", "万元", "text"):
        assert _is(frame, "unit", wanted).tolist() == [v == wanted for v in values]
