"""pandera schemas for the statutory tables: the *shape* of their cells.

The schema validates the tidy cell frame of a table (``Table.cells`` plus column metadata):
states are one of the four, values are numbers, counts are whole and not negative (except
the signed 2019 本年增/减), and money written in 元 does not stand in a 万元 column. Meaning —
the identities — is plain pandas in ``govlint.rules.identities``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa

from govlint.model import CellState, Table
from govlint.templates import TableSpec

STATES = [s.value for s in CellState]


def cell_frame(table: Table, spec: TableSpec) -> pd.DataFrame:
    """``table.cells`` with each cell's column kind, sign rule, unit and the unit printed in it."""
    columns = {c.key: c for c in spec.columns}
    units = [c.unit for c in table]
    frame = table.cells.copy()
    frame["kind"] = [columns[k].kind for k in frame["col_key"]]
    frame["signed"] = [columns[k].signed for k in frame["col_key"]]
    frame["unit"] = [columns[k].unit for k in frame["col_key"]]
    frame["printed_unit"] = pd.array(units, dtype="string")
    return frame


@cache
def cell_schema(table_id: str) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "row_key": pa.Column(str),
            "col_key": pa.Column(str),
            "state": pa.Column("string", pa.Check.isin(STATES)),
            "value": pa.Column("Float64", nullable=True),
            "kind": pa.Column(str, pa.Check.isin(["count", "money"])),
            "signed": pa.Column(bool),
        },
        checks=[
            pa.Check(lambda f: f["state"] != "text", name="not_text", error="a number is required"),
            pa.Check(
                lambda f: f["value"].isna() | (f["value"] >= 0) | f["signed"],
                name="non_negative",
                error="counts and amounts are not negative",
            ),
            pa.Check(
                lambda f: f["value"].isna() | (f["kind"] == "money") | ((f["value"] % 1) == 0),
                name="whole_number",
                error="counts are whole numbers",
            ),
            pa.Check(
                lambda f: ~((f["printed_unit"] == "元") & (f["unit"] == "万元")).fillna(False),
                name="unit",
                error="元 written in a 万元 column",
            ),
        ],
        name=table_id,
        strict=False,
        coerce=False,
    )


def failures(table: Table, spec: TableSpec) -> pd.DataFrame:
    """(row index, check name) of every cell that breaks the schema, as pandera reports them."""
    frame = cell_frame(table, spec)
    try:
        cell_schema(table.id).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        # A dataframe-wide check reports its failure once per column: one per (row, check) is enough.
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()].drop_duplicates(subset=["index", "check"])
        bad: pd.DataFrame = frame.loc[cases["index"].astype(int)].assign(check=cases["check"].to_numpy())
        return bad
    return frame.iloc[0:0].assign(check=pd.Series(dtype="string"))
