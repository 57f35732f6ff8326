"""Real reports in the crawler and converter families against values checked by reading them.

The reports are ../shared/corpus/real/* and the expected values ../shared/spec/real-cells.json
(see ../shared/corpus/README.md): for each report listed there,

- ``meta``: the parsed organ, year and format (``doc.template``);
- ``cells``: ``"table/row/col"`` -> the value the cell must hold;
- ``lost_cells``: cells the rendering lost (a crawler collapsed repeated lines): the value
  read, if any, must be the page's true value given here, else the cell has no value;
- ``must_find``: each entry lists alternative rule names (and maybe a table): at least one
  finding of one of those rules (in that table);
- ``must_not_find``: no finding of any of these rules.

One test per report and check, so a failure names both. Skipped when ../shared is not beside
this checkout.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

import govlint

from .conftest import ROOT

SHARED = ROOT.parent / "shared"
REAL_CELLS = SHARED / "spec" / "real-cells.json"


def _checks() -> list[Any]:
    if not REAL_CELLS.exists():
        return [pytest.param("", "", None, marks=pytest.mark.skip(reason="../shared is not beside this checkout"))]
    out = []
    for name, truth in json.loads(REAL_CELLS.read_text(encoding="utf-8")).items():
        short = name.rsplit("/", 1)[-1].split(".")[0]
        cases: list[tuple[str, Any]] = [(f"meta:{k}", v) for k, v in truth.get("meta", {}).items()]
        cases += [(f"cell:{k}", v) for k, v in truth.get("cells", {}).items()]
        cases += [(f"lost:{k}", v) for k, v in truth.get("lost_cells", {}).items()]
        cases += [(f"must_find:{'|'.join(e['rules'])}", e) for e in truth.get("must_find", [])]
        cases += [(f"must_not_find:{rule}", rule) for rule in truth.get("must_not_find", [])]
        out += [pytest.param(name, check, want, id=f"{short}-{check}") for check, want in cases]
    return out


@cache
def _document(name: str) -> govlint.Document:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not there")
    return govlint.parse(path)


@cache
def _findings(name: str) -> tuple[govlint.Finding, ...]:
    return govlint.lint(_document(name)).findings


def _value(doc: govlint.Document, ref: str) -> int | Decimal | None:
    table_id, row, col = ref.split("/")
    table = doc.tables.get(table_id)
    cell = None if table is None else table.cell(row, col)
    return None if cell is None else cell.value


def _shown(findings: tuple[govlint.Finding, ...]) -> list[tuple[str, str | None, str | None, str]]:
    return [(f.rule, f.location.table, f.location.row, f.message) for f in findings]


@pytest.mark.parametrize(("name", "check", "want"), _checks())
def test_real_report(name: str, check: str, want: Any) -> None:
    kind, _, what = check.partition(":")
    doc = _document(name)
    if kind == "meta":
        assert getattr(doc, what) == want
    elif kind == "cell":
        assert _value(doc, what) == want
    elif kind == "lost":
        assert _value(doc, what) in (None, want), "a lost cell is read right or not at all"
    elif kind == "must_find":
        findings = _findings(name)
        hits = [
            f
            for f in findings
            if f.rule in want["rules"] and (want.get("table") is None or f.location.table == want["table"])
        ]
        assert hits, (want.get("note"), _shown(findings))
    else:
        findings = _findings(name)
        assert [f for f in _shown(findings) if f[0] == want] == []
