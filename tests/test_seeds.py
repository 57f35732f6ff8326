"""The five seed reports against their ground truth (tests/data/seeds.json).

The ground truth was written by reading the reports; it is a copy of
../shared/spec/seeds.json, checked for drift below when that file is present.
"""

from __future__ import annotations

import json

import pytest

import govlint
from govlint.templates import normalize

from .conftest import DATA, REPORTS, ROOT

TRUTH = json.loads((DATA / "seeds.json").read_text(encoding="utf-8"))["seeds"]
SHARED_TRUTH = ROOT.parent / "shared" / "spec" / "seeds.json"


def _values(table: govlint.Table, row_label: str) -> list[object] | None:
    wanted = normalize(row_label)
    cells = [c for c in table if normalize(table.rows_axis.label(c.row)) == wanted]
    return _floats([c.value for c in cells]) if cells else None


def _rows_in_order(table: govlint.Table) -> list[list[object]]:
    rows: dict[str, list[object]] = {}
    for cell in table:
        rows.setdefault(cell.row, []).append(cell.value)
    return [_floats(v) for v in rows.values()]


def _floats(values: list[object]) -> list[object]:
    return [None if v is None else float(v) for v in values]  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=sorted(TRUTH), ids=lambda name: name[:3])
def seed(request: pytest.FixtureRequest) -> tuple[dict, govlint.Document]:
    name = request.param
    return TRUTH[name], govlint.parse(REPORTS / name)


def test_metadata(seed: tuple[dict, govlint.Document]) -> None:
    truth, doc = seed
    got = doc.to_dict()
    assert {k: got[k] for k in ("organ", "year", "template", "published")} == {
        k: truth[k] for k in ("organ", "year", "template", "published")
    }


def test_table_two(seed: tuple[dict, govlint.Document]) -> None:
    truth, doc = seed
    table = doc.tables["active_disclosure"]
    for label, want in truth["table2"].items():
        got = _values(table, label)
        if want == "absent":
            assert got is None, label
        else:
            assert got == _floats(want), label


def test_table_three(seed: tuple[dict, govlint.Document]) -> None:
    truth, doc = seed
    assert _rows_in_order(doc.tables["applications"]) == [_floats(r) for r in truth["table3"]]


def test_table_four(seed: tuple[dict, govlint.Document]) -> None:
    truth, doc = seed
    assert _rows_in_order(doc.tables["review_litigation"]) == [_floats(truth["table4"])]


def test_json_matches_truth_like_the_checker(seed: tuple[dict, govlint.Document]) -> None:
    """The JSON contract carries the same values (null = blank, absent rows have no cells)."""
    truth, doc = seed
    tables = doc.to_dict()["tables"]
    assert [c["value"] for c in tables["review_litigation"]] == truth["table4"]
    rows = [r for r in truth["table3"]]
    assert [c["value"] for c in tables["applications"]] == [v for r in rows for v in r]


def test_bundled_copies_match_shared() -> None:
    if not SHARED_TRUTH.exists():
        pytest.skip("../shared is not beside this checkout")
    assert json.loads(SHARED_TRUTH.read_text(encoding="utf-8")) == json.loads(
        (DATA / "seeds.json").read_text(encoding="utf-8")
    )
    for name in TRUTH:
        shared = SHARED_TRUTH.parent.parent / "seeds" / name
        assert (REPORTS / name).read_bytes() == shared.read_bytes(), name


def test_every_cell_keeps_its_source_line(seed: tuple[dict, govlint.Document]) -> None:
    _, doc = seed
    for table in doc.tables.values():
        for cell in table:
            assert cell.line is not None
            assert table.start_line <= cell.line <= table.end_line
            # The raw text stands on that line (or starts there, for a cell broken over lines).
            assert cell.raw.split("\n")[0] in doc.lines[cell.line - 1]
