"""What workers send back (issue #16): a chunk's cells and findings as one frame each, and each
file's output written in the worker. Whatever travels, the caller sees what linting each file
alone gives, in input order."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

import govlint
import govlint.engine.workers as workers
from govlint.cli import main
from govlint.engine.workers import Job, lint_chunk
from govlint.frames import CELL_COLUMNS, CELL_DTYPES, cell_frame, cell_records, findings_frame

from .conftest import DATA, REPORTS

SEEDS = sorted(REPORTS.glob("*.txt"))


def test_lint_many_frames_equal_each_file_alone() -> None:
    paths = [str(p) for p in SEEDS * 3]
    audit = govlint.lint_many(paths, jobs=2)
    results = [govlint.lint(p) for p in SEEDS]
    alone_cells = cell_frame(
        [r for p, res in zip(SEEDS, results, strict=True) for r in cell_records(govlint.parse(p), res.findings)]
    )
    alone_findings = findings_frame(results)
    pd.testing.assert_frame_equal(audit.cells, alone_cells)  # a path named twice is linted once
    pd.testing.assert_frame_equal(audit.findings, alone_findings)


def test_the_cells_frame_holds_the_cells_read_by_hand() -> None:
    """The cells frame that workers build column by column: its dtypes are the documented ones,
    and the seeds' tables 三 and 四 in it are the values of tests/data/seeds.json (written by
    reading the reports), row by row, with blank cells as <NA>."""
    truth = json.loads((DATA / "seeds.json").read_text(encoding="utf-8"))["seeds"]
    cells = govlint.lint_many([str(REPORTS / name) for name in sorted(truth)], jobs=2).cells
    assert list(cells.columns) == list(CELL_COLUMNS)
    assert all(cells[column].dtype == dtype for column, dtype in CELL_DTYPES.items())
    for name, want in truth.items():
        own = cells[cells["path"] == str(REPORTS / name)]
        rows: dict[str, list[object]] = {}
        for row_key, value in own[own["table"] == "applications"][["row_key", "value"]].itertuples(index=False):
            rows.setdefault(row_key, []).append(None if pd.isna(value) else value)
        assert list(rows.values()) == want["table3"], name
        four = own[own["table"] == "review_litigation"]["value"]
        assert [None if pd.isna(v) else v for v in four] == want["table4"], name


def test_a_file_s_rows_are_its_own() -> None:
    outcomes = lint_chunk([str(p) for p in SEEDS], Job(cells=True, findings=True))
    for path, outcome in zip(SEEDS, outcomes, strict=True):
        assert outcome.cells is not None and outcome.findings is not None and outcome.result is not None
        assert set(outcome.cells.view()["path"]) == {str(path)}
        assert len(outcome.findings) == len(outcome.result.findings)
        pd.testing.assert_frame_equal(outcome.findings.view(), findings_frame([outcome.result]))


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "github"])
def test_streamed_output_equals_the_output_written_at_the_end(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamed, each file's output is written by its worker; into a file, by the caller from the
    results at the end: the same text."""
    out = tmp_path / "out.txt"
    args = ["check", str(REPORTS), "--format", fmt, "--jobs", "2", "--lang", "en", "--color", "never", "-q"]
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="utf-8"))
    main(args)
    sys.stdout.flush()
    main([*args, "--output-file", str(out)])
    assert buffer.getvalue().decode("utf-8") == out.read_text(encoding="utf-8")


def test_chunks_hold_every_path_once_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(p) for p in SEEDS] * 40
    chunks = list(workers._chunks(paths, 2))
    assert [p for chunk in chunks for p in chunk] == paths
    assert max(len(c) for c in chunks) <= 32 and len(chunks[-1]) == 1  # smaller towards the end
    monkeypatch.setattr(workers, "_CHUNK_BYTES", 1)
    assert [len(c) for c in workers._chunks(paths, 2)] == [1] * len(paths)  # big files go alone


def test_import_govlint_leaves_the_heavy_parts_for_later() -> None:
    import subprocess

    code = "import sys, govlint; print(sorted(m for m in ('pandera', 'rich', 'govlint.display') if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "[]"
    assert callable(govlint.display.render) and govlint.lint_many is not None and "Audit" in dir(govlint)
