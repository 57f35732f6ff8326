"""The corpus audit on Dask (issue #17): the same tables as the run without Dask, each file
parsed once, and every input accounted for, a file that crashes its parse included."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import govlint.corpus.dask
import govlint.engine.corpus
import govlint.engine.workers
from govlint.cli import main
from govlint.corpus import CorpusTables, OrganInfo, Regions, lint_batch
from govlint.corpus.dask import _account, audit_dask, local_cluster, manifest, read_table, require_dask
from govlint.corpus.dataset import TABLES, write_parts
from govlint.corpus.tables import RULE_INPUT_COLUMNS
from govlint.engine.config import Config
from govlint.engine.corpus import run_corpus
from govlint.engine.workers import Job
from govlint.errors import GovlintError
from govlint.model import Finding, Location, Severity, printable

from .conftest import DATA, REPORTS
from .reportgen import render_docx, render_html, render_lines, render_tabs, report

HOSTILE = Path(__file__).resolve().parent / "hostile"
CRASH_EXCEPTION = "crash-exception"  # a file named so raises in its parse (a bug on this file)
CRASH_PROCESS = "crash-process"  # a file named so kills the process that parses it


@attrs.frozen
class CityOf(Regions):
    """The corpus PDFs are Huai'an's (region code 320800); the other inputs have no region."""

    def lookup(self, path: str, organ: str | None) -> OrganInfo:
        info = super().lookup(path, organ)
        return attrs.evolve(info, region="320800") if path.endswith(".pdf") and "corpus" in path else info


def _crashing(original: Callable[..., Any], log: str | None) -> Callable[..., Any]:
    def parse(source: Any, *args: Any, **kwargs: Any) -> Any:
        name = os.path.basename(str(source))
        if log is not None:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{source}\n")
        if name.startswith(CRASH_EXCEPTION):
            raise RuntimeError("a bug met on this file")
        if name.startswith(CRASH_PROCESS):
            os.kill(os.getpid(), signal.SIGSEGV)
        return original(source, *args, **kwargs)

    parse.original = original  # type: ignore[attr-defined]
    return parse


def install_parse(log: str | None = None) -> None:
    """In this process (a Dask worker, via ``client.run``): the parse of the crash files fails,
    and each parse is logged to ``log``; forked worker pools inherit it."""
    remove_parse()
    govlint.engine.workers.parse = _crashing(govlint.engine.workers.parse, log)  # type: ignore[assignment]


def remove_parse() -> None:
    govlint.engine.workers.parse = getattr(govlint.engine.workers.parse, "original", govlint.engine.workers.parse)


def _generated(count: int) -> list[Any]:
    from hypothesis import HealthCheck, Phase, given, settings

    reports: list[Any] = []

    @given(report())
    @settings(derandomize=True, max_examples=count, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), deadline=None)  # fmt: skip
    def collect(r: Any) -> None:
        if len(reports) < count:
            reports.append(r)

    collect()
    return reports


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with local_cluster(2) as started:
        yield started


@pytest.fixture(scope="module")
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The seeds, the corpus PDFs, generated reports in four renderings, hostile files, two
    files that crash their parse, a name that is not UTF-8, and a path that does not exist."""
    folder = tmp_path_factory.mktemp("inputs")
    for i, (made, render) in enumerate(
        zip(_generated(4), (render_tabs, render_lines, render_html, render_docx), strict=True)
    ):
        text = render(made)
        suffix = {render_html: ".html", render_docx: ".docx"}.get(render, ".txt")
        target = folder / f"generated-{i}{suffix}"
        target.write_bytes(text) if isinstance(text, bytes) else target.write_text(text, encoding="utf-8")
    for name in ("html_nested_300.html", "pdf_encrypted.pdf", "utf8_bad_byte.txt"):
        shutil.copy(HOSTILE / name, folder / name)
    seed = sorted(REPORTS.glob("*.txt"))[0]
    shutil.copy(seed, folder / f"{CRASH_EXCEPTION}.txt")
    shutil.copy(seed, folder / f"{CRASH_PROCESS}.txt")
    shutil.copy(seed, folder / os.fsdecode(b"not-utf8-\xff.txt"))
    paths = [*sorted(REPORTS.glob("*.txt")), *sorted((DATA / "corpus").glob("*.pdf")), *sorted(folder.iterdir())]
    return [*map(str, paths), str(folder / "missing.txt")]


@pytest.fixture(scope="module")
def on_dask(client: Client, inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dask") / "audit"
    client.run(install_parse)
    try:
        audit_dask(manifest(inputs), out, regions=CityOf(), scheduler=client.scheduler.address, batch=4)
    finally:
        client.run(remove_parse)
    return out


@pytest.fixture(scope="module")
def in_process(inputs: list[str]) -> Iterator[Any]:
    install_parse()  # the pool's workers are forked from here: they crash on the same files
    try:
        yield lint_batch(inputs, Job(), CityOf(), jobs=2)
    finally:
        remove_parse()


def _rows(frame: pd.DataFrame) -> Counter[tuple[Any, ...]]:
    """The rows of ``frame`` as a multiset, missing values as None, columns in a fixed order."""
    frame = frame[sorted(frame.columns)]
    return Counter(tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False))


@pytest.mark.parametrize("table", ["documents", "cells", "findings"])
def test_dask_gives_the_tables_of_the_run_without_it(on_dask: Path, in_process: Any, table: str) -> None:
    expected = getattr(in_process, table)
    written = read_table(on_dask, table)
    if table == "findings":  # the per-report ones: the corpus rules' are compared below
        written = written[~written["code"].str.startswith("GL6")]
    assert len(expected) > 0
    assert _rows(written) == _rows(expected)


def test_dask_gives_the_corpus_findings_of_the_run_without_it(on_dask: Path, in_process: Any) -> None:
    expected = run_corpus(CorpusTables(in_process.documents, in_process.cells), Config(), CityOf())
    written = read_table(on_dask, "findings")
    written = written[written["code"].str.startswith("GL6")]
    assert len(expected) > 0
    assert _rows(written[["path", "rule", "actual"]]) == Counter(  # _rows: the columns in name order
        (json.dumps(f.to_dict()["actual"], ensure_ascii=False), f.location.path, f.rule) for f in expected
    )


def test_errors_are_the_same_and_every_input_is_accounted_for(
    on_dask: Path, in_process: Any, inputs: list[str]
) -> None:
    errors = read_table(on_dask, "errors")
    assert _rows(errors[["path", "kind"]]) == _rows(in_process.errors[["path", "kind"]])
    documents = read_table(on_dask, "documents")
    assert set(documents["path"]).isdisjoint(set(errors["path"]))
    assert sorted([*documents["path"], *errors["path"]]) == sorted(map(printable, inputs))
    assert any("\\xff" in p for p in documents["path"])  # a name that is not UTF-8, its bytes escaped
    kinds = dict(zip(errors["path"], errors["kind"], strict=True))
    assert {Path(p).stem: k for p, k in kinds.items()} == {"missing": "error", CRASH_EXCEPTION: "crash"}


def test_a_file_that_kills_its_process_is_its_own_finding(on_dask: Path) -> None:
    findings = read_table(on_dask, "findings")
    killed = findings[findings["path"].str.contains(CRASH_PROCESS)]
    assert list(killed["rule"]) == ["unreadable-input"]
    assert killed["actual"].iloc[0] == '"crashed"'
    refused = findings[findings["path"].str.endswith("pdf_encrypted.pdf")]
    assert "unreadable-input" in set(refused["rule"])


def test_the_layout_is_hive_partitions_by_year_and_region(on_dask: Path) -> None:
    assert (on_dask / "run.json").is_file()
    assert list((on_dask / "errors").glob("part-*.parquet"))
    for table in ("documents", "cells", "findings"):
        files = list((on_dask / table).glob("year=*/region=*/part-*.parquet"))
        assert files and len(files) == len(list((on_dask / table).rglob("*.parquet")))
    assert list((on_dask / "documents").glob("year=2024/region=320800/part-*.parquet"))
    assert list((on_dask / "documents").glob("year=__HIVE_DEFAULT_PARTITION__/region=__HIVE_DEFAULT_PARTITION__/*"))
    documents = read_table(on_dask, "documents")
    assert str(documents["region"].dtype) == "string" and set(documents["region"].dropna()) == {"320800"}
    for table, (columns, _) in TABLES.items():
        assert tuple(read_table(on_dask, table).columns) == columns


def test_each_file_is_parsed_once(client: Client, tmp_path: Path) -> None:
    inputs = [str(p) for p in sorted(REPORTS.glob("*.txt"))] + [str(p) for p in sorted((DATA / "corpus").glob("*.pdf"))]
    log = tmp_path / "parsed.log"
    client.run(install_parse, str(log))
    try:
        done = audit_dask(manifest(inputs), tmp_path / "audit", scheduler=client.scheduler.address, batch=3)
    finally:
        client.run(remove_parse)
    parsed = Counter(log.read_text("utf-8").splitlines())
    assert parsed == Counter(inputs)
    assert (done.files, done.documents, done.errors) == (len(inputs), len(inputs), 0)


def _daemonic() -> bool:
    import multiprocessing

    return multiprocessing.current_process().daemon


def test_a_daemonic_worker_lints_in_its_thread(tmp_path: Path) -> None:
    inputs = [str(p) for p in sorted(REPORTS.glob("*.txt"))]
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    ) as daemonic:
        with Client(daemonic) as client:
            assert all(client.run(_daemonic).values())  # so no pool can start there
        audit_dask(manifest(inputs), tmp_path / "audit", scheduler=daemonic.scheduler_address, batch=2)
    expected = lint_batch(inputs)
    written = read_table(tmp_path / "audit", "findings")
    assert _rows(written[~written["code"].str.startswith("GL6")]) == _rows(expected.findings)


def test_the_cli_audits_on_dask(cluster: LocalCluster, tmp_path: Path) -> None:
    out = tmp_path / "audit"
    flags = ["--scheduler", cluster.scheduler_address, "--exit-zero"]
    assert main(["audit", str(REPORTS), "--out", str(out), *flags]) == 0
    assert len(read_table(out, "documents")) == len(list(REPORTS.glob("*.txt")))
    parts = sorted(out.rglob("part-*.parquet"))
    assert main(["audit", str(REPORTS), "--out", str(out), *flags]) == 0  # resumed: nothing is done again
    assert [p for p in sorted(out.rglob("part-*.parquet")) if "corpus" not in p.name] == [
        p for p in parts if "corpus" not in p.name
    ]
    local = tmp_path / "local"
    assert main(["audit", str(REPORTS), "--out", str(local), "--exit-zero"]) == 0
    for table in ("documents", "cells", "findings"):
        assert _rows(read_table(local, table)) == _rows(read_table(out, table))


def test_a_missing_extra_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(GovlintError, match=r"pip install 'govlint\[dask\]'"):
        require_dask()


def test_corpus_findings_are_written_as_their_own_part_files(
    cluster: LocalCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = [str(p) for p in sorted((DATA / "corpus").glob("*.pdf"))]
    later = inputs[1]  # Hongze 2024 (a finding as if against its 2023 report)

    def run_corpus(tables: CorpusTables, config: Any, regions: Any) -> list[Finding]:
        assert sorted(tables.documents["path"]) == sorted(inputs)  # read back from the folder
        assert set(RULE_INPUT_COLUMNS["cells"]) <= set(tables.cells.columns) and len(tables.cells)
        where = Location(later, table="applications", row="上年结转政府信息公开申请情况", col="自然人")
        return [
            Finding("GL601", "carry-over-mismatch", Severity.WARNING, "上年结转不符", "carry-over differs", where, 3, 4)
        ]

    monkeypatch.setattr(govlint.engine.corpus, "run_corpus", run_corpus)
    done = audit_dask(manifest(inputs), tmp_path, regions=CityOf(), scheduler=cluster.scheduler_address)
    assert done.corpus_findings == 1
    (part,) = (tmp_path / "findings").glob("year=*/region=*/part-corpus-*.parquet")
    assert part.parent.name == "region=320800" and part.parent.parent.name == "year=2024"
    found = read_table(tmp_path, "findings").query("rule == 'carry-over-mismatch'")
    assert found[["path", "year", "region", "table", "expected", "actual"]].values.tolist() == [
        [later, 2024, "320800", "applications", "3", "4"]
    ]


def test_an_input_no_table_holds_becomes_an_error_row(tmp_path: Path) -> None:
    seeds = [str(p) for p in sorted(REPORTS.glob("*.txt"))[:2]]
    parts = list(write_parts(tmp_path, "run-00000", lint_batch(seeds[:1])))
    written = _account(tmp_path, manifest(seeds), parts, "run")  # the second seed went missing (a bug)
    assert len(written) == 1
    errors = read_table(tmp_path, "errors")
    assert errors[["path", "kind"]].values.tolist() == [[seeds[1], "crash"]]
    assert _account(tmp_path, manifest(seeds), [*parts, *written], "run") == []
