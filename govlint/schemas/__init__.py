"""pandera schemas for the statutory tables: the *shape* of their cells.

The schema validates the stacked tidy cells of a report's tables (``Table.cells`` plus column
metadata), in one call per report:
states are one of the four, values are numbers, counts are whole and not negative (except
the signed 2019 本年增/减), and money written in 元 does not stand in a 万元 column. Meaning —
the identities — is plain pandas in ``govlint.rules.identities``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd
import pandera.pandas as pa

from govlint.model import Table
from govlint.templates import Template


def cell_frame(tables: Sequence[Table], template: Template) -> pd.DataFrame:
    """The cells of ``tables`` stacked, with each cell's column kind, sign rule and units."""
    frames = []
    for table in tables:
        columns = {c.key: c for c in template.tables[table.id].columns}
        specs = [columns[c.col] for c in table]
        extra = pd.DataFrame(
            {
                "table": table.id,
                "kind": [c.kind for c in specs],
                "signed": [c.signed for c in specs],
                "unit": [c.unit for c in specs],
                "printed_unit": [c.unit for c in table],
            }
        )
        frames.append(pd.concat([table.cells, extra], axis=1))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_COLUMNS)


_COLUMNS = ["table", "row", "col", "raw", "state", "value", "line", "row_key", "col_key", "kind", "signed", "unit"]


@cache
def cell_schema() -> pa.DataFrameSchema:
    """The shape every statutory table cell must have, whatever its table."""
    return pa.DataFrameSchema(
        {"value": pa.Column("Float64", nullable=True), "signed": pa.Column(bool)},
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
                lambda f: ~((f["printed_unit"] == "元") & (f["unit"] == "万元")),
                name="unit",
                error="元 written in a 万元 column",
            ),
        ],
        name="statutory table cells",
        strict=False,
        coerce=False,
    )


def failures(tables: Sequence[Table], template: Template) -> pd.DataFrame:
    """The cells that break the schema, each with the name of the ``check`` it fails."""
    frame = cell_frame(tables, template)
    try:
        cell_schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        # A dataframe-wide check reports its failure once per column: one per (row, check) is enough.
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()].drop_duplicates(subset=["index", "check"])
        names = {str(c.error): c.name for c in cell_schema().checks}  # pandera reports the error text
        checks = [names.get(str(c), str(c)) for c in cases["check"]]
        bad: pd.DataFrame = frame.loc[cases["index"].astype(int)].assign(check=checks)
        return bad
    return frame.iloc[0:0].assign(check=pd.Series(dtype="string"))
