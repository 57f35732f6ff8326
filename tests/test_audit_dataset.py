"""The audit folder of a corpus (issue #17): lint_batch, `govlint audit`, resume, open_audit."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint
import govlint.corpus.dataset
import govlint.corpus.runner
import govlint.corpus.view
import govlint.engine.workers
import govlint.frames
from govlint.cli import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, main
from govlint.corpus import lint_batch, open_audit
from govlint.corpus.dataset import AuditFolderError
from govlint.corpus.tables import DOCUMENT_COLUMNS, DOCUMENT_DTYPES, ERROR_COLUMNS, empty
from govlint.model.result import LintResult

from .conftest import REPORTS, ROOT

SEEDS = sorted(str(p) for p in REPORTS.iterdir() if p.is_file())
OVER_BUDGET = ROOT / "tests" / "hostile" / "pdf_many_pages.pdf"  # over budget:pdf_pages


def rows(frame: pd.DataFrame) -> list[str]:
    """The rows of ``frame`` as a sorted list (a multiset), for comparing tables in any order."""
    return sorted(repr(tuple(row)) for row in frame.astype(object).itertuples(index=False))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seed reports and the over-budget PDF, copied where a test may change them."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder)
    shutil.copy(OVER_BUDGET, folder / "2022年报.pdf")
    return folder


@pytest.fixture(scope="module")
def seeds_many() -> govlint.Audit:
    return govlint.lint_many(SEEDS)


def parsed_log(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Record each file the workers parse in ``log`` (the workers are forked: they see it)."""
    real = govlint.engine.workers.parse

    def parse(path: Any) -> Any:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{path}\n")
        return real(path)

    monkeypatch.setattr(govlint.engine.workers, "parse", parse)


def parsed(log: Path) -> list[str]:
    return log.read_text("utf-8").splitlines() if log.exists() else []


# -- the per-batch function -------------------------------------------------------------------


def test_lint_batch_accounts_for_every_path(corpus: Path, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    paths = [*sorted(str(p) for p in corpus.iterdir()), missing]
    tables = lint_batch(paths, jobs=0)
    assert set(tables.documents["path"]) | set(tables.errors["path"]) == set(paths)
    assert list(tables.errors[["path", "kind"]].itertuples(index=False, name=None)) == [(missing, "error")]
    refused = tables.findings[tables.findings["path"] == str(corpus / "2022年报.pdf")]
    assert list(refused["rule"]) == ["unreadable-input"]
    assert json.loads(refused["actual"].iloc[0]) == "over-budget:pdf_pages"
    document = tables.documents.set_index("path").loc[str(corpus / "2022年报.pdf")]
    assert not document["readable"] and len(document["sha256"]) == 64
    assert dict(tables.documents.dtypes) == {c: pd.api.types.pandas_dtype(DOCUMENT_DTYPES[c]) for c in DOCUMENT_COLUMNS}


def test_lint_batch_in_process_equals_the_pool() -> None:
    alone, pool = lint_batch(SEEDS, jobs=0), lint_batch(SEEDS, jobs=2)
    for table in ("documents", "cells", "findings", "errors"):
        pd.testing.assert_frame_equal(getattr(alone, table), getattr(pool, table))


def test_lint_batch_tables_equal_lint_many(seeds_many: govlint.Audit) -> None:
    tables = lint_batch(SEEDS, jobs=0)
    assert rows(tables.cells.drop(columns="region")) == rows(seeds_many.cells)
    assert len(tables.findings) == len(seeds_many.findings)
    assert (tables.documents["findings"].sum(), len(tables.documents)) == (len(seeds_many.findings), len(SEEDS))
    assert tables.documents["section_1"].notna().all() and tables.documents["section_5"].notna().all()


def test_a_file_that_crashes_is_an_error_row(monkeypatch: pytest.MonkeyPatch) -> None:
    real = govlint.engine.workers.parse

    def parse(path: Any) -> Any:
        if "003_" in str(path):
            raise RuntimeError("a bug met on this file")
        return real(path)

    monkeypatch.setattr(govlint.engine.workers, "parse", parse)
    for jobs in (0, 1):
        tables = lint_batch(SEEDS, jobs=jobs)
        assert [(Path(p).name[:4], k) for p, k, _ in tables.errors.itertuples(index=False)] == [("003_", "crash")]
        assert "RuntimeError" in tables.errors["message"].iloc[0]
        assert len(tables.documents) == len(SEEDS) - 1


@given(st.lists(st.integers(min_value=1, max_value=len(SEEDS)), min_size=1, max_size=len(SEEDS)))
@settings(max_examples=8, deadline=None)
def test_batch_boundaries_do_not_change_the_tables(sizes: list[int]) -> None:
    whole = lint_batch(SEEDS, jobs=0)
    batches, start = [], 0
    for size in [*sizes, len(SEEDS)]:
        if start < len(SEEDS):
            batches.append(lint_batch(SEEDS[start : start + size], jobs=0))
            start += size
    for table in ("documents", "cells", "findings"):
        joined = pd.concat([getattr(b, table) for b in batches], ignore_index=True)
        assert rows(joined) == rows(getattr(whole, table))


# -- the folder -------------------------------------------------------------------------------


def test_layout_and_run_json(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit"
    govlint.audit([corpus], out=out, batch_size=2)
    run = json.loads((out / "run.json").read_text("utf-8"))
    assert run["govlint"] == govlint.__version__ and run["engine"] == "local"
    assert len(run["fingerprint"]) == 64 and "unreadable-input" in run["rules"]
    files = sorted(corpus.iterdir())
    assert [i["path"] for i in run["inputs"]] == [str(p) for p in files]
    assert [i["size"] for i in run["inputs"]] == [p.stat().st_size for p in files]
    parts = {p.relative_to(out).parts[:3] for p in out.rglob("*.parquet") if p.parts[-2] != "errors"}
    assert ("documents", "year=2021", "region=__HIVE_DEFAULT_PARTITION__") in parts
    assert ("findings", "year=__HIVE_DEFAULT_PARTITION__", "region=__HIVE_DEFAULT_PARTITION__") in parts
    assert {p[0] for p in parts} == {"documents", "cells", "findings"}
    assert not list(out.rglob(".*.tmp"))


def test_open_audit_equals_lint_many(corpus: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.warns(govlint.frames.MissingPathWarning):
        many = govlint.lint_many([corpus, missing])
    with pytest.warns(govlint.frames.MissingPathWarning):
        # the corpus rules compare reports with each other, which lint_many does not do
        opened = govlint.audit([corpus, missing], out=tmp_path / "audit", batch_size=3, ignore=["GL6"])
    assert dict(opened.findings.dtypes) == dict(many.findings.dtypes)
    assert dict(opened.cells.dtypes) == dict(many.cells.dtypes)
    assert rows(opened.findings) == rows(many.findings)
    assert rows(opened.cells) == rows(many.cells)
    assert sorted(opened.errors) == sorted(many.errors)
    assert len(opened) == len(many) and opened.ok == many.ok
    again = govlint.Audit.open(tmp_path / "audit")
    assert rows(again.findings) == rows(opened.findings) and rows(again.documents) == rows(opened.documents)


def test_an_empty_folder_opens_with_typed_empty_tables(tmp_path: Path) -> None:
    opened = govlint.audit([], out=tmp_path / "audit")
    assert opened.findings.empty and opened.cells.empty and opened.documents.empty and opened.ok
    assert dict(opened.cells.dtypes) == dict(govlint.lint_many([]).cells.dtypes)
    with pytest.raises(AuditFolderError):
        open_audit(tmp_path)


def test_resume_skips_the_inputs_done(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, log = tmp_path / "audit", tmp_path / "parsed.log"
    parsed_log(monkeypatch, log)
    first = govlint.audit([corpus], out=out, batch_size=2)
    assert len(parsed(log)) == len(first)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("part-*.parquet") if "corpus" not in p.name}
    second = govlint.audit([corpus], out=out, batch_size=2)
    assert len(parsed(log)) == len(first)  # nothing parsed again
    assert {p: p.stat().st_mtime_ns for p in out.rglob("part-*.parquet") if "corpus" not in p.name} == stamps
    assert rows(second.findings) == rows(first.findings) and rows(second.cells) == rows(first.cells)
    # a changed file is done again, with the rest of its batch; a new file is done
    changed = sorted(corpus.glob("00*.txt"))[0]
    changed.write_text(changed.read_text("utf-8") + "\n", "utf-8")
    shutil.copy(SEEDS[0], corpus / "copy.txt")
    third = govlint.audit([corpus], out=out, batch_size=2)
    again = parsed(log)[len(first) :]
    assert str(changed) in again and str(corpus / "copy.txt") in again and len(again) <= 4
    assert len(third) == len(first) + 1 and third.documents["path"].is_unique


def test_orphans_of_an_interrupted_batch_are_removed(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "audit"
    real = govlint.corpus.runner.write_batch
    calls = []

    def crash_before_the_journal(folder: Path, batch: str, tables: Any, inputs: Any) -> None:
        calls.append(batch)
        if len(calls) == 2:  # its parts are written, its journal entry is not
            list(govlint.corpus.dataset.write_parts(folder, batch, tables))
            (folder / "cells" / ".part-x.parquet.1234.tmp").write_bytes(b"half")
            raise KeyboardInterrupt
        real(folder, batch, tables, inputs)

    monkeypatch.setattr(govlint.corpus.runner, "write_batch", crash_before_the_journal)
    with pytest.raises(KeyboardInterrupt):
        govlint.audit([corpus], out=out, batch_size=2)
    kept = open_audit(out)
    assert len(kept) == 2  # the finished batch only: the orphan parts are not read
    assert any(calls[1] in p.name for p in out.rglob("*.parquet"))
    monkeypatch.setattr(govlint.corpus.runner, "write_batch", real)
    done = govlint.audit([corpus], out=out, batch_size=2)
    assert not any(calls[1] in p.name for p in out.rglob("*.parquet")) and not list(out.rglob(".*.tmp"))
    assert rows(done.cells) == rows(govlint.lint_many([corpus]).cells)
    assert done.documents["path"].is_unique and len(done) == len(SEEDS) + 1


def test_another_fingerprint_is_refused_unless_overwrite(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit"
    govlint.audit([corpus], out=out)
    with pytest.raises(AuditFolderError, match="overwrite"):
        govlint.audit([corpus], out=out, select="GL1")
    narrow = govlint.audit([corpus], out=out, select="GL1", overwrite=True)
    # GL001 unreadable-input runs whatever is selected: the corpus holds files it cannot read
    assert set(narrow.findings["code"].str[:3]) == {"GL0", "GL1"}
    assert set(narrow.findings.loc[narrow.findings["code"].str[:3] == "GL0", "rule"]) == {"unreadable-input"}
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", "utf-8")
    with pytest.raises(AuditFolderError, match="no audit"):
        govlint.audit([corpus], out=tmp_path / "mine", overwrite=True)
    assert (tmp_path / "mine" / "notes.txt").read_text("utf-8") == "keep"


def test_missing_pyarrow_is_named(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    with pytest.raises(AuditFolderError, match=r"pip install 'govlint\[audit\]'"):
        govlint.audit([corpus], out=tmp_path / "audit")
    assert main(["audit", str(corpus), "--out", str(tmp_path / "audit")]) == EXIT_USAGE


def test_a_folder_written_without_a_journal_is_read_whole(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit"
    written = govlint.audit([corpus], out=out, batch_size=2)
    shutil.rmtree(out / "_journal")  # as another engine (Dask's to_parquet) writes the layout
    opened = open_audit(out)
    assert rows(opened.findings) == rows(written.findings) and rows(opened.cells) == rows(written.cells)
    assert tuple(opened.documents.columns) == DOCUMENT_COLUMNS
    assert tuple(empty(ERROR_COLUMNS, {c: "string" for c in ERROR_COLUMNS}).columns) == ERROR_COLUMNS


# -- the command ------------------------------------------------------------------------------


def test_audit_command_exit_statuses(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = str(tmp_path / "a")
    assert main(["audit", str(corpus), "--out", out]) == EXIT_FINDINGS
    assert "audit folder" in capsys.readouterr().err
    assert main(["audit", str(corpus), "--out", out, "--exit-zero", "-q"]) == EXIT_OK
    assert capsys.readouterr().err == ""
    assert main(["audit", str(corpus), "--out", out, "--select", "GL1"]) == EXIT_USAGE  # another fingerprint
    assert main(["audit", str(corpus), "--out", str(tmp_path / "b"), "--select", "GL9999"]) == EXIT_USAGE
    quiet = ["--select", "template-version", "--fail-on", "error"]
    assert main(["audit", SEEDS[0], "--out", str(tmp_path / "c"), *quiet]) == EXIT_OK
    missing = str(tmp_path / "missing.txt")
    assert main(["audit", SEEDS[0], missing, "--out", str(tmp_path / "d"), *quiet]) == EXIT_USAGE
    real = govlint.engine.workers.parse

    def parse(path: Any) -> Any:
        if "003_" in str(path):
            raise RuntimeError("a bug met on this file")
        return real(path)

    monkeypatch.setattr(govlint.engine.workers, "parse", parse)
    assert main(["audit", str(corpus), "--out", str(tmp_path / "e"), *quiet]) == EXIT_INTERNAL


def test_ctrl_c_exits_130_and_keeps_finished_batches(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = govlint.corpus.runner.batch_tables
    calls = []

    def interrupted(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(govlint.corpus.runner, "batch_tables", interrupted)
    out = tmp_path / "audit"
    assert main(["audit", str(corpus), "--out", str(out), "--batch-size", "2"]) == EXIT_INTERRUPTED
    assert "run again" in capsys.readouterr().err
    assert len(open_audit(out)) == 2
    monkeypatch.setattr(govlint.corpus.runner, "batch_tables", real)
    assert main(["audit", str(corpus), "--out", str(out), "--batch-size", "2", "--exit-zero"]) == EXIT_OK
    assert len(open_audit(out)) == len(SEEDS) + 1


# -- the view ---------------------------------------------------------------------------------


def test_view_and_report(corpus: Path, tmp_path: Path) -> None:
    opened = govlint.audit([corpus], out=tmp_path / "audit", ignore=["GL6"])  # a report's own findings
    page = opened.view("en").html
    assert "Findings by rule × region × year" in page and "unreadable-input" in page
    assert opened._repr_html_() is not None and "text/plain" in opened._repr_mimebundle_()
    path = str(sorted(corpus.glob("00*.txt"))[0])
    result = opened.report(path)
    assert isinstance(result, LintResult) and result.document is not None
    assert rows(result.to_dataframe()) == rows(
        opened.findings[opened.findings["path"] == path][list(result.to_dataframe().columns)]
    )
    Path(path).unlink()
    gone = opened.report(path)
    assert not isinstance(gone, LintResult) and len(gone.findings) == len(result.findings)
    assert "<table" in gone._repr_html_()
    with pytest.raises(KeyError):
        opened.report("nowhere.txt")


def test_corpus_findings_are_shown_with_both_sides(corpus: Path, tmp_path: Path) -> None:
    opened = govlint.audit([corpus], out=tmp_path / "audit", ignore=["GL6"])  # the one corpus finding: below
    path = str(sorted(corpus.glob("00*.txt"))[0])
    carried = opened.findings.iloc[:1].assign(
        path=path, code="GL601", rule="carry-over-mismatch", expected=[[7]], actual=[[9]], table="applications"
    )
    shown = attrs.evolve(opened, findings=pd.concat([opened.findings, carried], ignore_index=True))
    sides = govlint.corpus.view.corpus_sides(govlint.corpus.view.with_region(shown.findings, shown.documents))
    assert list(sides[["rule", "this side", "other side"]].itertuples(index=False, name=None)) == [
        ("carry-over-mismatch", [9], [7])
    ]
    assert "carry-over-mismatch" in shown.view("en").html


def test_an_unreadable_input_does_not_hold_back_its_batch(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, log, missing = tmp_path / "audit", tmp_path / "parsed.log", tmp_path / "missing.txt"
    parsed_log(monkeypatch, log)
    with pytest.warns(govlint.frames.MissingPathWarning):
        first = govlint.audit([missing, corpus], out=out, batch_size=100)
    assert len(parsed(log)) == len(first) + 1
    with pytest.warns(govlint.frames.MissingPathWarning):
        again = govlint.audit([missing, corpus], out=out, batch_size=100)
    assert parsed(log)[len(first) + 1 :] == [str(missing)]  # only the missing file is tried again
    assert again.errors == first.errors and len(again) == len(first)


@pytest.mark.parametrize("errno_", [errno.ENOSPC, errno.EROFS])
def test_an_audit_folder_that_cannot_be_written_is_a_clear_refusal(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], errno_: int
) -> None:
    """A full or read-only disk: exit 2 and a message, not an internal error (exit 3)."""
    pa = pytest.importorskip("pyarrow.parquet")

    def full(*_: object, **__: object) -> None:
        raise OSError(errno_, os.strerror(errno_))

    monkeypatch.setattr(pa, "write_table", full)
    assert main(["audit", str(corpus), "--out", str(tmp_path / "audit"), "-q"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(tmp_path / "audit") in err
