"""Files of a batch run in worker processes, each under its time and memory budget (issue #18).

A file that hangs (in Python or in C), exhausts its memory or kills its worker becomes an
``unreadable-input`` finding naming the cause; the files around it, even in the same chunk,
are linted as if alone, and the outcomes come back in input order. The workers are forked,
so a test replaces ``parse`` in this process and the workers see the replacement.
"""

from __future__ import annotations

import io
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import govlint
import govlint.engine.workers as workers
from govlint.budget import Budget
from govlint.cli import main
from govlint.engine.workers import Job, lint_files

from .conftest import REPORTS

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forked workers and address-space limits: Linux")

SEEDS = sorted(REPORTS.glob("*.txt"))


def _hostile(path: object) -> object:
    """What ``parse`` becomes: a file's name says how it misbehaves."""
    name = Path(str(path)).name
    if name.startswith("hang-python"):
        while True:
            pass
    if name.startswith("hang-c"):  # deaf to the worker's own timer: only the pool can stop it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            pass
    if name.startswith("segfault"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("hog"):
        hoard = [bytearray(64 * 2**20) for _ in range(64)]  # 4 GiB, past a 256 MiB budget
        return hoard
    return REAL_PARSE(path)  # type: ignore[arg-type]


REAL_PARSE = workers.parse


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Four seeds with a misbehaving file between them."""
    monkeypatch.setattr(workers, "parse", _hostile)
    monkeypatch.setattr(workers, "GRACE", 1.0)  # how long the pool waits past the budget
    files = []
    for seed in SEEDS[:4]:
        files.append(tmp_path / seed.name)
        shutil.copy(seed, files[-1])
    return files


def _unreadable(outcome: workers.Outcome) -> list[str]:
    assert outcome.result is not None
    return [str(f.actual) for f in outcome.result.findings if f.rule == "unreadable-input"]


def _alone(path: Path) -> list[tuple[str, str, int | None, str | None, str | None]]:
    result = govlint.lint(path)
    return [(f.rule, f.code, f.location.line, f.location.table, f.location.row) for f in result.findings]


def _seen(outcome: workers.Outcome) -> list[tuple[str, str, int | None, str | None, str | None]]:
    assert outcome.result is not None
    return [(f.rule, f.code, f.location.line, f.location.table, f.location.row) for f in outcome.result.findings]


@pytest.mark.parametrize(
    ("name", "actual"),
    [
        ("hang-python.txt", "over-budget:seconds"),
        ("hang-c.txt", "over-budget:seconds"),
        ("segfault.txt", "crashed"),
        ("hog.txt", "over-budget:memory"),
    ],
)
def test_a_misbehaving_file_is_a_finding_and_its_neighbours_are_linted(
    batch: list[Path], name: str, actual: str
) -> None:
    bad = batch[0].parent / name
    shutil.copy(batch[0], bad)
    paths = [*batch[:2], bad, *batch[2:]]
    job = Job(budget=Budget(seconds=3.0, memory=256 * 2**20))
    outcomes = list(lint_files([str(p) for p in paths], job, jobs=2))
    assert [o.path for o in outcomes] == [str(p) for p in paths]  # input order, every file
    assert _unreadable(outcomes[2]) == [actual]
    for path, outcome in zip(paths, outcomes, strict=True):
        if path != bad:
            assert outcome.error is None and outcome.crash is None
            assert _seen(outcome) == _alone(path)


def test_a_misbehaving_file_in_a_chunk_does_not_take_the_chunk_down(
    batch: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sixteen files to a chunk: the chunk dies, each of its files runs again alone."""
    monkeypatch.setattr(workers, "_chunk_size", lambda files, jobs: 16)
    bad = batch[0].parent / "segfault.txt"
    shutil.copy(batch[0], bad)
    paths = [*batch, bad, *batch]
    outcomes = list(lint_files([str(p) for p in paths], Job(), jobs=1))
    assert [o.path for o in outcomes] == [str(p) for p in paths]
    assert [_unreadable(o) for o in outcomes] == [[]] * 4 + [["crashed"]] + [[]] * 4
    assert [_seen(o) for o in outcomes[5:]] == [_alone(p) for p in batch]


def test_batch_equals_one_by_one() -> None:
    """Every example and seed, linted by two workers, gives what ``lint`` gives for each alone."""
    paths = sorted(REPORTS.glob("*")) * 3
    outcomes = list(lint_files([str(p) for p in paths], Job(), jobs=2))
    assert [o.path for o in outcomes] == [str(p) for p in paths]
    assert [_seen(o) for o in outcomes] == [_alone(p) for p in paths]


def test_each_file_of_a_chunk_has_its_own_folders_settings(tmp_path: Path) -> None:
    """Files of one chunk in folders with different configuration files (and none): each file
    is linted with the settings nearest to it, as when linted alone."""
    seed = REPORTS / "000_18b1a800694c3a55.txt"  # blank-cell, page-chrome and label-mismatch findings
    quiet, loud, plain = tmp_path / "quiet", tmp_path / "loud", tmp_path / "plain"
    for folder in (quiet, loud, plain):
        folder.mkdir()
    (quiet / "govlint.toml").write_text('ignore = ["blank-cell", "page-chrome"]\n', encoding="utf-8")
    (loud / "govlint.toml").write_text('per-file-ignores = { "b*.txt" = ["label-mismatch"] }\n', encoding="utf-8")
    paths = [quiet / "a.txt", loud / "a.txt", loud / "b.txt", plain / "a.txt", quiet / "b.txt"]
    for path in paths:
        shutil.copy(seed, path)
    outcomes = workers.lint_chunk([str(p) for p in paths], Job())
    seen = [_seen(o) for o in outcomes]
    assert seen == [_alone(p) for p in paths]
    rules = [{rule for rule, *_ in found} for found in seen]
    assert [{"blank-cell", "page-chrome", "label-mismatch"} & r for r in rules] == [
        {"label-mismatch"},
        {"blank-cell", "page-chrome", "label-mismatch"},
        {"blank-cell", "page-chrome"},
        {"blank-cell", "page-chrome", "label-mismatch"},
        {"label-mismatch"},
    ]


def test_lint_many_takes_the_rows_of_reports_without_findings_from_their_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A report without findings sends back no rows; the calling process builds no findings
    table for it (only the empty one the stack starts from), and the stack is still typed."""
    import govlint.frames as frames

    built: list[int] = []
    real = frames.findings_frame

    def counted(results: list[govlint.LintResult]) -> object:
        built.append(len(results))
        return real(results)

    monkeypatch.setattr(frames, "findings_frame", counted)  # in this process; the workers keep theirs
    clean = [p for p in SEEDS if p.name != "003_32c7538ebe09f062.txt"]  # the one without a title
    audit = govlint.lint_many(clean, jobs=1, select=["missing-title"])
    assert len(audit.results) == len(clean) and not any(r.findings for r in audit.results)
    assert built == [0] and len(audit.findings) == 0
    assert list(audit.findings.dtypes) == list(real([]).dtypes)


def test_lint_many_reports_the_budget_it_was_given(batch: list[Path]) -> None:
    shutil.copy(batch[0], batch[0].parent / "hang-python.txt")  # a report: folder runs pass over the rest
    audit = govlint.lint_many(batch[0].parent, time_budget=3, jobs=2)
    over = audit.findings[audit.findings["rule"] == "unreadable-input"]
    assert [(Path(p).name, a) for p, a in zip(over["path"], over["actual"], strict=True)] == [
        ("hang-python.txt", "over-budget:seconds")
    ]
    assert len(audit) == 5 and not audit.errors


def test_check_reports_a_hung_file_and_goes_on(batch: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(batch[0], batch[0].parent / "hang-python.txt")  # a report: folder runs pass over the rest
    status = main(["check", str(batch[0].parent), "--format", "json", "--time-budget", "3", "--jobs", "2"])
    findings = json.loads(capsys.readouterr().out)
    assert status == 1
    over = [(Path(f["path"]).name, f["actual"]) for f in findings if f["rule"] == "unreadable-input"]
    assert over == [("hang-python.txt", "over-budget:seconds")]
    assert {Path(f["path"]).name for f in findings} >= {p.name for p in batch if _alone(p)}


def test_budgets_come_from_the_settings(tmp_path: Path) -> None:
    (tmp_path / "govlint.toml").write_text("time-budget = 2.5\nmemory-budget = 300\n", encoding="utf-8")
    budget = govlint.engine.config.load_config(tmp_path).budget()
    assert (budget.seconds, budget.memory) == (2.5, 300 * 2**20)
    (tmp_path / "govlint.toml").write_text('time-budget = "soon"\n', encoding="utf-8")
    with pytest.raises(govlint.ConfigError, match="time-budget"):
        govlint.engine.config.load_config(tmp_path)


def _interrupted_after_the_first_file(tmp_path: Path, fmt: str) -> tuple[bytes, bytes]:
    """``govlint check --format fmt --jobs 1`` on three reports, the second and third of which
    take a minute: its standard output and error after Ctrl-C, sent once the first file's
    output is out (the test fails if nothing comes out in 40 s: the output does not stream)."""
    for i, seed in enumerate(SEEDS[:3]):
        shutil.copy(seed, tmp_path / f"{i}-{seed.name}")
    script = textwrap.dedent(
        f"""
        import sys, time
        import govlint.engine.workers as workers
        from govlint.cli import main
        real = workers.parse
        def slow(path):
            if not str(path).split("/")[-1].startswith("0-"):
                time.sleep(60)
            return real(path)
        workers.parse = slow
        sys.exit(main(["check", {str(tmp_path)!r}, "--format", {fmt!r}, "--jobs", "1"]))
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    ready, _, _ = select.select([proc.stdout], [], [], 40)
    if not ready:  # nothing written while the second file runs: not streamed
        proc.kill()
        proc.wait()
        pytest.fail("no output before the run ended")
    first = proc.stdout.readline()  # the first file's first line: it was written as it finished
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out = first + proc.stdout.read()  # from the same buffer readline read ahead into
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 130
    assert b"Traceback" not in err and b"interrupted" in err
    return out, err


def test_ctrl_c_stops_with_what_finished_and_exit_130(tmp_path: Path) -> None:
    """A run interrupted after its first file: that file's findings are out, no traceback, 130."""
    out, _ = _interrupted_after_the_first_file(tmp_path, "jsonl")
    lines = out.split(b"\n")[:-1]  # JSON lines: split on newlines only
    assert lines and [Path(json.loads(line)["path"]).name for line in lines] == [f"0-{SEEDS[0].name}"] * len(lines)


def test_json_streams_and_ctrl_c_leaves_a_valid_array_of_what_finished(tmp_path: Path) -> None:
    """``--format json`` writes each file's findings as it finishes, inside the array: the first
    file's are out while the second still runs, and an interrupt then closes the array."""
    out, _ = _interrupted_after_the_first_file(tmp_path, "json")
    findings = json.loads(out)
    assert findings and {Path(f["path"]).name for f in findings} == {f"0-{SEEDS[0].name}"}
    alone = govlint.lint(tmp_path / f"0-{SEEDS[0].name}").findings
    assert [(f["rule"], f["line"]) for f in findings] == [(f.rule, f.location.line) for f in alone]


def test_parse_runs_in_a_worker_under_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(workers, "parse", _hostile)
    monkeypatch.setattr(workers, "GRACE", 1.0)
    bad = tmp_path / "hang-python.txt"
    shutil.copy(SEEDS[0], bad)
    assert main(["parse", str(bad), "--format", "json", "--time-budget", "1"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert [(n["code"], n["budget"]) for n in notes] == [("unreadable", "seconds")]


def test_standard_input_runs_in_a_worker_under_the_budget(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def hang(data: bytes, name: str) -> object:
        while True:
            pass

    monkeypatch.setattr(workers, "parse_bytes", hang)
    monkeypatch.setattr(workers, "GRACE", 1.0)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEEDS[0].read_bytes())))
    assert main(["check", "-", "--format", "json", "--time-budget", "1"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["actual"]) for f in findings] == [("unreadable-input", "over-budget:seconds")]


def test_a_worker_reads_numbers_in_words_though_the_warm_up_left_them_out(tmp_path: Path) -> None:
    """The warm-up does not load cn2an (numbers written in words, 0.1 s to load): a worker loads
    it when the first report that needs it comes, and reads the count as in one process."""
    from .reportgen import all_zero_report, render_lines

    text = render_lines(all_zero_report())
    at = text.index("二、")
    report = tmp_path / "in-words.txt"
    report.write_text(text[:at] + "本年度共收到政府信息公开申请十二件。\n" + text[at:], encoding="utf-8")
    script = textwrap.dedent(
        """
        import json, sys
        from govlint.engine.workers import Job, lint_files, warm_up
        warm_up()
        loaded = "cn2an" in sys.modules
        (outcome,) = lint_files([sys.argv[1]], Job(), jobs=1)
        said = [
            [f.location.table, f.location.row, f.location.col, f.expected, f.actual]
            for f in outcome.result.findings
            if f.rule == "prose-table-mismatch"
        ]
        print(json.dumps({"loaded": loaded, "said": said}))
        """
    )
    done = subprocess.run([sys.executable, "-c", script, str(report)], capture_output=True, text=True, check=True)
    seen = json.loads(done.stdout)
    assert seen["loaded"] is False
    assert seen["said"] == [["applications", "一、本年新收政府信息公开申请数量", "总计", 0, 12]]
