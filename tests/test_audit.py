"""Auditing many reports: govlint.lint_many, its two DataFrames, and `govlint export`."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint
import govlint.cli
import govlint.engine.workers
import govlint.frames
from govlint.cli import main
from govlint.errors import ExportError
from govlint.frames import CELL_COLUMNS, FINDINGS_COLUMNS, export

from .conftest import DATA, REPORTS
from .reportgen import render_tabs, report

CORPUS = DATA / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def seeds() -> govlint.Audit:
    return govlint.lint_many([REPORTS])


def test_findings_frame_is_every_result_with_its_report(seeds: govlint.Audit) -> None:
    frame = seeds.findings
    assert tuple(frame.columns) == FINDINGS_COLUMNS
    assert len(seeds) == 5 and not seeds.errors
    for result in seeds:
        mine = frame[frame["path"] == result.path]
        assert list(mine["fingerprint"]) == [f.fingerprint for f in result.findings]
        assert set(mine["organ"]) <= {result.organ} and set(mine["year"].dropna()) <= {result.year}
    assert frame["rule"].value_counts().to_dict() == seeds.summary().sum(axis=1).droplevel("code").to_dict()


def test_cells_frame_has_every_template_cell_once(seeds: govlint.Audit) -> None:
    cells = seeds.cells
    assert tuple(cells.columns) == CELL_COLUMNS
    for result in seeds:
        document = govlint.parse(result.path)
        mine = cells[cells["path"] == result.path]
        for table_id, table in document.tables.items():
            spec = govlint.get_template(table.template).tables[table_id]
            rows = mine[mine["table"] == table_id]
            assert list(zip(rows["row_key"], rows["col_key"], strict=True)) == [
                (r.key, c.key) for r, c in spec.template_cells()
            ]
            for record in rows.itertuples():
                cell = table.cell(record.row_key, record.col_key)
                if cell is None:
                    assert record.state == "missing" and pd.isna(record.value)
                else:
                    assert (record.state, record.raw) == (cell.state.value, cell.raw)
                    assert (pd.isna(record.value) and cell.value is None) or record.value == float(cell.value)


def test_cells_count_the_findings_that_name_them(seeds: govlint.Audit) -> None:
    counted = seeds.cells.set_index(["path", "table", "row", "col"])["findings"]
    expected: dict[tuple[str, str, str, str], int] = {}
    for result in seeds:
        for f in result.findings:
            for row, col in f.named_cells:
                key = (result.path, f.location.table or "", row, col)
                expected[key] = expected.get(key, 0) + 1
    assert {k: int(v) for k, v in counted.items() if v} == expected
    # Seed 000 (read by hand): 表四 prints six blanks where the totals are 0; 表二's fee cell is blank.
    seed = seeds.cells[seeds.cells["path"].str.endswith("000_18b1a800694c3a55.txt")]
    four = seed[(seed["table"] == "review_litigation") & (seed["findings"] > 0)]
    assert len(four) == 6 and set(four["rules"]) == {"blank-cell"} and set(four["state"]) == {"blank"}


@pytest.mark.parametrize("name", ["hongze_district_2023", "hongze_district_2024", "huaian_city_2024"])
def test_cells_of_the_real_pdfs_equal_the_values_read_off_the_pages(name: str) -> None:
    audit = govlint.lint_many([CORPUS / f"{name}.pdf"])
    truth = EXPECTED[name]
    cells = audit.cells.set_index(["table", "row_key", "col_key"])["value"]
    spec = govlint.get_template(str(audit.results[0].template)).tables
    assert audit.results[0].organ == truth["organ"] and audit.results[0].year == truth["year"]
    for row, values in truth["applications"].items():
        columns = [c.key for c in spec["applications"].columns_of(row)]
        assert [cells[("applications", row, c)] for c in columns] == values, row
    for group, values in truth["review_litigation"].items():
        columns = [c.key for c in spec["review_litigation"].columns if c.key.startswith(group + ".")]
        assert [cells[("review_litigation", "cases", c)] for c in columns] == values, group


def test_parallel_audit_equals_serial(seeds: govlint.Audit) -> None:
    parallel = govlint.lint_many([REPORTS], jobs=2)
    pd.testing.assert_frame_equal(parallel.findings, seeds.findings)
    pd.testing.assert_frame_equal(parallel.cells, seeds.cells)


def test_unopenable_and_unreadable_files(tmp_path: Path) -> None:
    # a report by its name, damaged; a file found beside it that is no report is passed over
    (tmp_path / "2022年报.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    audit = govlint.lint_many([tmp_path / "missing.txt", tmp_path])
    assert [p for p, _ in audit.errors] == [str(tmp_path / "missing.txt")]
    assert list(audit.findings["rule"]) == ["unreadable-input"]
    assert audit.cells.empty and tuple(audit.cells.columns) == CELL_COLUMNS
    assert not audit.ok
    empty = govlint.lint_many([])
    assert empty.findings.empty and empty.cells.empty and empty.ok


# -- laws ---------------------------------------------------------------------------------------


@given(st.lists(report(), min_size=1, max_size=3))
@settings(max_examples=15, deadline=None)
def test_cell_values_round_trip_through_the_audit(reports: list) -> None:  # type: ignore[type-arg]
    """Every value a generated report prints comes back in the cells frame, at its row and column."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for i, r in enumerate(reports):
            (Path(folder) / f"{i}.txt").write_text(render_tabs(r), encoding="utf-8")
        audit = govlint.lint_many([folder])
        for i, r in enumerate(reports):
            mine = audit.cells[audit.cells["path"] == str(Path(folder) / f"{i}.txt")]
            got = {
                (t, rk, ck): v
                for t, rk, ck, v in zip(mine["table"], mine["row_key"], mine["col_key"], mine["value"], strict=True)
            }
            for table_id, values in r.values.items():
                for (row, col), value in values.items():
                    if (table_id, row, col) in r.blank:
                        assert pd.isna(got[(table_id, row, col)])
                    else:
                        assert Decimal(str(got[(table_id, row, col)])) == Decimal(value)


@given(st.sampled_from(["cells", "findings"]), st.sampled_from([".parquet", ".csv"]))
@settings(max_examples=8, deadline=None)
def test_export_round_trips(what: str, suffix: str) -> None:
    import tempfile

    audit = govlint.lint_many([REPORTS / "000_18b1a800694c3a55.txt", REPORTS / "001_af7ba795f29cd9b9.txt"])
    frame = audit.cells if what == "cells" else audit.findings
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{what}{suffix}"
        export(frame, target)
        back = (
            pd.read_parquet(target)
            if suffix == ".parquet"
            else pd.read_csv(target, keep_default_na=False, na_values=[""])
        )
    assert list(back.columns) == list(frame.columns) and len(back) == len(frame)
    assert list(back["path"]) == list(frame["path"])
    if what == "cells":
        pd.testing.assert_series_equal(back["value"].astype("Float64"), frame["value"].reset_index(drop=True))
    else:
        evidence = [None if pd.isna(v) else json.loads(v) for v in back["actual"]]
        assert evidence == [None if v is None else json.loads(json.dumps(v, default=str)) for v in frame["actual"]]


# -- the command --------------------------------------------------------------------------------


def test_export_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells, findings = tmp_path / "cells.parquet", tmp_path / "out" / "findings.csv"
    findings.parent.mkdir()
    assert main(["export", str(REPORTS), "--to", str(cells), "--to", str(findings)]) == 0
    assert len(pd.read_parquet(cells)) == len(govlint.lint_many([REPORTS]).cells)
    assert set(pd.read_csv(findings)["rule"]) >= {"duplicate-heading", "blank-cell"}
    other = tmp_path / "data.csv"
    assert main(["export", str(REPORTS), "--to", str(other), "--what", "findings", "--select", "GL103"]) == 0
    assert list(pd.read_csv(other)["rule"]) == ["duplicate-heading"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--to", "{tmp}/x.csv"], "--what"),
        (["--to", "{tmp}/cells.txt"], ".parquet or .csv"),
        (["--to", "{tmp}/no/such/folder/cells.csv"], "no/such/folder"),
        (["--to", "{tmp}/findings.csv", "--what", "cells"], "--what"),
        (["--to", "{tmp}/folder.csv", "--what", "cells"], "folder.csv"),  # a folder of that name
    ],
)
def test_export_misuse_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    (tmp_path / "folder.csv").mkdir()
    argv = ["export", str(REPORTS / "000_18b1a800694c3a55.txt"), *[a.format(tmp=tmp_path) for a in args]]
    assert main(argv) == 2
    assert fragment in capsys.readouterr().err
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_missing_pyarrow_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ExportError, match=r"govlint\[parquet\]"):
        export(pd.DataFrame({"a": [1]}), tmp_path / "cells.parquet")
    assert not (tmp_path / "cells.parquet").exists()


def test_a_failed_run_writes_nothing_and_keeps_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export holds every report or none: a path that does not exist, or a report that cannot
    be opened during the run, leaves an earlier export byte for byte as it was."""
    out = tmp_path / "cells.csv"
    assert main(["export", str(REPORTS), "--to", str(out)]) == 0
    before = out.read_bytes()
    assert main(["export", str(tmp_path / "gone.txt"), str(REPORTS), "--to", str(out)]) == 2
    assert "gone.txt" in capsys.readouterr().err
    assert out.read_bytes() == before

    real = govlint.engine.workers.parse

    def refuse(path: Path, *args: object, **kw: object) -> object:
        if Path(path).name.startswith("001_"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(govlint.engine.workers, "parse", refuse)
    assert main(["export", str(REPORTS), "--to", str(out), "--to", str(tmp_path / "findings.csv")]) == 2
    assert "001_af7ba795f29cd9b9.txt" in capsys.readouterr().err
    assert out.read_bytes() == before and not (tmp_path / "findings.csv").exists()
    assert [name for name in sorted(p.name for p in tmp_path.iterdir())] == ["cells.csv"]  # no temporary left


def test_every_target_is_checked_before_anything_is_linted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kw: object) -> None:
        raise AssertionError("linted before the targets were checked")

    monkeypatch.setattr(govlint.cli, "lint_many", never)
    good, bad = tmp_path / "cells.csv", tmp_path / "missing" / "findings.csv"
    assert main(["export", str(REPORTS), "--to", str(good), "--to", str(bad)]) == 2
    assert list(tmp_path.iterdir()) == []


def test_exports_get_the_umask_and_write_through_links(seeds: govlint.Audit, tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o027)
    try:
        export(seeds.findings, tmp_path / "findings.csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "findings.csv").stat().st_mode) == 0o640
    real = tmp_path / "store" / "cells.csv"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "cells-latest.csv"
    link.symlink_to(real)
    assert main(["export", str(REPORTS), "--to", str(link)]) == 0
    assert link.is_symlink() and len(pd.read_csv(real)) == len(seeds.cells)


def test_one_path_or_a_path_named_twice(seeds: govlint.Audit) -> None:
    one = REPORTS / "000_18b1a800694c3a55.txt"
    assert [r.path for r in govlint.lint_many(str(REPORTS))] == [r.path for r in seeds]
    assert [r.path for r in govlint.lint_many(REPORTS)] == [r.path for r in seeds]
    twice = govlint.lint_many([one, REPORTS, str(one)])
    assert [r.path for r in twice] == [r.path for r in seeds]
    assert len(twice.cells) == len(seeds.cells)


def _report_beside_a_folder(tmp_path: Path, name: str) -> Path:
    """``tmp_path/open.txt`` and ``tmp_path/<name>/inside.txt``, both seed 000; the folder."""
    folder = tmp_path / name
    folder.mkdir()
    seed = (REPORTS / "000_18b1a800694c3a55.txt").read_text(encoding="utf-8")
    (folder / "inside.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "open.txt").write_text(seed, encoding="utf-8")
    return folder


def test_a_folder_that_cannot_be_listed_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not skipped in silence (as a walk that swallows PermissionError would): in Audit.errors,
    and `govlint check` exits 2 naming it. (Permissions are simulated: CI runs as root.)"""
    import os

    locked = _report_beside_a_folder(tmp_path, "locked")
    real = os.scandir

    def scandir(path: str = ".") -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    audit = govlint.lint_many(tmp_path)
    assert [r.path for r in audit] == [str(tmp_path / "open.txt")]
    assert [p for p, _ in audit.errors] == [str(locked)] and not audit.ok
    assert main(["check", str(tmp_path), "--exit-zero"]) == 2
    assert str(locked) in capsys.readouterr().err


def test_a_link_beside_the_file_it_names_leaves_the_file_listed(tmp_path: Path) -> None:
    """Paths are told apart by their names, not by the file behind them: a link that sorts first
    never hides the real file."""
    from govlint.files import report_files

    (tmp_path / "a.txt").write_text("2022年政府信息公开工作年度报告", encoding="utf-8")  # looks like a report
    (tmp_path / "0link.txt").symlink_to(tmp_path / "a.txt")
    assert report_files(tmp_path) == [tmp_path / "0link.txt", tmp_path / "a.txt"]
    assert report_files([tmp_path / "a.txt", tmp_path, f"{tmp_path}/./a.txt"]) == [
        tmp_path / "a.txt",
        tmp_path / "0link.txt",
    ]


def test_paths_that_cannot_be_looked_at_are_errors_not_tracebacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder listed but not enterable (its entries cannot be stat'ed), a path under it given
    directly, and an export target under it: each a message and exit 2. (Simulated: CI is root.)"""
    import os

    shut = _report_beside_a_folder(tmp_path, "shut")
    real_stat = os.stat

    def stat(path: object, *args: object, **kw: object) -> os.stat_result:
        if str(path).startswith(str(shut) + os.sep):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    audit = govlint.lint_many(tmp_path)
    assert [r.path for r in audit] == [str(tmp_path / "open.txt")]
    assert [p for p, _ in audit.errors] == [str(shut / "inside.txt")]
    assert main(["check", str(shut / "inside.txt"), "--exit-zero"]) == 2
    assert main(["check", str(tmp_path), "--exit-zero", "--show-settings"]) == 2
    assert main(["export", str(tmp_path / "open.txt"), "--to", str(shut / "deeper" / "cells.csv")]) == 2
    assert main(["export", str(shut / "inside.txt"), "--to", str(tmp_path / "cells.csv")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count(str(shut)) >= 4
    assert not (tmp_path / "cells.csv").exists()


def test_frames_keep_their_dtypes_without_findings(seeds: govlint.Audit, tmp_path: Path) -> None:
    """An empty audit, a clean one and a full one have the same columns of the same dtypes, also
    in Parquet: exports of several runs read back as one dataset."""
    pq = pytest.importorskip("pyarrow.parquet")
    clean = govlint.lint_many([Path(__file__).parent / "cases" / "base-2021.txt"])
    assert clean.findings.empty and not clean.cells.empty
    for audit in (govlint.lint_many([]), clean):
        assert dict(audit.findings.dtypes) == dict(seeds.findings.dtypes)
        assert dict(audit.cells.dtypes) == dict(seeds.cells.dtypes)
        assert list(audit.summary().dtypes) == list(seeds.summary().dtypes)
    assert dict(pd.concat([clean.findings, seeds.findings]).dtypes) == dict(seeds.findings.dtypes)
    for what in ("findings", "cells"):
        export(getattr(clean, what), tmp_path / f"{what}-0.parquet")
        export(getattr(seeds, what), tmp_path / f"{what}-1.parquet")
        assert pq.read_schema(tmp_path / f"{what}-0.parquet") == pq.read_schema(tmp_path / f"{what}-1.parquet")
        both = pd.read_parquet([tmp_path / f"{what}-0.parquet", tmp_path / f"{what}-1.parquet"])
        assert len(both) == len(getattr(clean, what)) + len(getattr(seeds, what))
