"""Laws of the stacked columns the cell schema checks (``govlint.schemas``): the fast forms
give what the plain per-cell forms give."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from govlint.schemas import _float64, _objects

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
