"""``--fix`` and the files govlint writes hold every promise (issue #18, class 6).

Fixing twice changes nothing more than fixing once (also in a page minified to one line, with
more fixes than any fixed number of passes); every applied fix is a reported finding with a
fingerprint of its own; no fix touches a line holding a statutory table's cells; a replaced
file keeps its hard links (or is refused), owner, group and mode; a save made while govlint
writes wins; only regular files are replaced.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint
from govlint import files
from govlint.budget import Budget, OverBudget
from govlint.cli import EXIT_USAGE, main
from govlint.engine import baseline
from govlint.fix import fix_bytes, fix_file
from govlint.model import CellState, Document, Edit, Finding, Fix, Location, Severity

from .reportgen import Report, all_zero_report, render_html, render_lines, render_tabs, report
from .test_fix import defective_text

BOOKMARK = "[bookmark: _GoBack]"
PROSE = "存在的主要问题是公开内容的及时性有待提高，下一步将加强培训，改进工作。"


def _lint(document: Document) -> list[Finding]:
    return list(govlint.lint(document).findings)


def _bookmarked_html(generated: Report, count: int, minified: bool) -> str:
    """A page whose section 五 prose is repeated ``count`` times, each copy with a bookmark."""
    page = render_html(generated)
    extra = "".join(f"<p>{PROSE[: 10 + n % 20]}{BOOKMARK}</p>" for n in range(count))
    page = page.replace(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>{extra}", 1)
    return page.replace("\n", "") if minified else page


@st.composite
def fixable_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of a text or HTML report with many fixable artifacts."""
    count = draw(st.integers(0, 24))
    if draw(st.booleans()):
        page = _bookmarked_html(draw(report()), count, minified=draw(st.booleans()))
        return ".html", page.encode("utf-8")
    text, newline = draw(defective_text())
    lines = text.split(newline)
    at = next(n for n, line in enumerate(lines) if line.strip().startswith("五、")) + 1
    lines[at:at] = [f"{PROSE[: 10 + n % 20]}{BOOKMARK}" for n in range(count)]
    return ".txt", newline.join(lines).encode("utf-8")


@given(fixable_files())
@settings(max_examples=25, deadline=None)
def test_fixing_twice_is_fixing_once(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, bytes]) -> None:
    suffix, data = case
    path = tmp_path_factory.mktemp("twice") / f"report{suffix}"
    path.write_bytes(data)
    bookmarks = data.count(BOOKMARK.encode())
    first = fix_file(path, _lint, write=True)
    once = path.read_bytes()
    second = fix_file(path, _lint, write=True)
    assert path.read_bytes() == once and not second.written and not second.fixed
    assert first.written == (once != data) == bool(first.fixed)
    removed = bookmarks - once.count(BOOKMARK.encode())
    assert removed == len([f for f in first.fixed if f.actual == BOOKMARK])  # one reported finding an edit


def test_a_minified_page_with_many_fixes_is_fixed_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(_bookmarked_html(all_zero_report(), 40, minified=True), "utf-8")
    outcome = fix_file(path, _lint, write=True)
    assert len(outcome.fixed) == 40 and BOOKMARK not in path.read_text("utf-8")
    assert not fix_file(path, _lint, write=True).written


def test_identical_findings_have_fingerprints_of_their_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = render_tabs(all_zero_report()).split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("五、")) + 1
    lines[at:at] = [f"{PROSE}{BOOKMARK}"] * 3
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), "utf-8")
    found = [f for f in govlint.lint(path).findings if f.actual == BOOKMARK]
    assert len(found) == 3 and len({f.fingerprint for f in found}) == 3
    assert len({f.base_fingerprint for f in found}) == 1 and [f.occurrence for f in found] == [0, 1, 2]
    assert found[0].fingerprint == found[0].base_fingerprint  # a finding alone keeps its fingerprint

    document = govlint.parse(path)
    _, done, _ = fix_bytes(path.read_bytes(), document, _lint(document))
    assert len({f.fingerprint for f in done}) == len(done) == 3

    assert main(["check", "--fix", str(path)]) in (0, 1)
    said = re.search(r"fixed (\d+) finding", capsys.readouterr().err)
    assert said is not None and int(said.group(1)) == 3
    assert BOOKMARK not in path.read_text("utf-8")


def test_an_older_baseline_with_a_counted_entry_still_waives_every_copy(tmp_path: Path) -> None:
    lines = render_tabs(all_zero_report()).split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("五、")) + 1
    lines[at:at] = [f"{PROSE}{BOOKMARK}"] * 3
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), "utf-8")
    result = govlint.lint(path)
    (first, *_) = [f for f in result.findings if f.actual == BOOKMARK]
    old = baseline.Waiver("report.txt", first.base_fingerprint, first.rule, first.code, count=3)
    others = [
        baseline.Waiver("report.txt", f.fingerprint, f.rule, f.code) for f in result.findings if f.actual != BOOKMARK
    ]
    kept, unused = baseline.apply([result], [old, *others], tmp_path / "baseline.json")
    assert kept[0].findings == () and unused == []

    written = tmp_path / "new.json"
    assert baseline.write([result], written) == len(result.findings)
    entries = json.loads(written.read_text("utf-8"))["waivers"]
    assert all(e["count"] == 1 for e in entries)
    kept, unused = baseline.apply([result], baseline.read(written), written)
    assert kept[0].findings == () and unused == []


def _finding(
    line: int, old: str, new: str, *, whole: bool = False, column: int | None = 1, table: str | None = None
) -> Finding:
    edit = Edit(line, old, new, column=None if whole else column, whole_line=whole)
    return Finding(
        "GL999",
        "test-fix",
        Severity.INFO,
        "测试",
        "test",
        Location("x", line=line, table=table),
        fix=Fix("test", line, old, new, (edit,)),
    )


def _table_lines(document: Document) -> dict[CellState | str, int]:
    """One line of each kind: a line with a number cell, with a non-number cell, a row label."""
    lines: dict[CellState | str, int] = {}
    table = document.tables["applications"]
    shared = {c.line for c in table}
    for cell in table:
        if cell.line is not None and cell.state == CellState.NUMBER:
            lines.setdefault(CellState.NUMBER, cell.line)
    labels = [r.line for r in table.rows if r.line is not None and r.line not in shared]
    lines["label"] = labels[0]
    return lines


@pytest.mark.parametrize("render", [render_lines, render_tabs])
def test_no_fix_touches_a_table_line(tmp_path: Path, render: object) -> None:
    """Whatever a rule asks, fix.py refuses edits of a cell's line and deletions of a row label."""
    assert callable(render)
    text = render(all_zero_report())
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")
    document = govlint.parse(path)
    where = _table_lines(document)
    number, label = where[CellState.NUMBER], where["label"]
    number_text, label_text = document.lines[number - 1], document.lines[label - 1]
    asks = [
        _finding(number, number_text, number_text.replace("0", "1")),
        _finding(number, number_text, "", whole=True),
        _finding(label, label_text, "", whole=True),
    ]
    new, done, skipped = fix_bytes(path.read_bytes(), document, asks)
    assert new == path.read_bytes() and done == [] and len(skipped) == 3


def test_a_blank_cell_is_written_only_by_a_fix_about_it(tmp_path: Path) -> None:
    lines = render_tabs(all_zero_report()).split("\n")
    at = next(n for n, line in enumerate(lines) if line.strip() == "（一）予以公开")
    lines[at + 1] = "\t"
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), "utf-8")
    document = govlint.parse(path)
    (cell,) = [c for c in document.tables["applications"] if c.line == at + 2]
    assert cell.state == CellState.BLANK
    other = _finding(at + 2, "\t", "\t[x]")
    about = attrs.evolve(_finding(at + 2, "\t", "\t0", table="applications"), cells=((cell.row, cell.col),))
    _, done, skipped = fix_bytes(path.read_bytes(), document, [other])
    assert done == [] and [why for _, why in skipped] == ["it would change a line that holds a table cell"]
    new, done, _ = fix_bytes(path.read_bytes(), document, [about])
    assert done == [about] and new.decode("utf-8").split("\n")[at + 1] == "\t0"


def _oscillating(document: Document) -> list[Finding]:
    """A buggy rule: it turns 甲 into 乙 and 乙 back into 甲."""
    out = []
    for number, line in enumerate(document.lines, 1):
        for old, new in (("甲甲", "乙乙"), ("乙乙", "甲甲")):
            if old in line:
                out.append(_finding(number, old, new))
                out[-1] = _shift(out[-1], line.index(old) + 1)
    return out


def _shift(finding: Finding, column: int) -> Finding:
    assert finding.fix is not None
    (edit,) = finding.fix.changes
    return attrs.evolve(finding, fix=attrs.evolve(finding.fix, edits=(attrs.evolve(edit, column=column),)))


def _one_at_a_time(document: Document) -> list[Finding]:
    """Fixes that share a line and are placed by first occurrence: one per pass."""
    return [
        _finding(number, "X", "", column=None)
        for number, line in enumerate(document.lines, 1)
        for _ in range(line.count("X"))
    ]


def test_fixes_that_need_many_passes_all_land(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("标题\n" + "X" * 30 + "\n结尾\n", "utf-8")
    outcome = fix_file(path, _one_at_a_time, write=True)
    assert path.read_text("utf-8") == "标题\n\n结尾\n" and len(outcome.fixed) == 30


def test_fixes_that_never_settle_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("标题\n正文甲甲\n", "utf-8")
    with pytest.raises(OverBudget) as refused:
        fix_file(path, _oscillating, write=True, budget=Budget(fix_passes=7))
    assert refused.value.name == "fix_passes"
    assert path.read_text("utf-8") == "标题\n正文甲甲\n"


def _labelled(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(render_tabs(all_zero_report()).replace("\t行政规范性文件", "\t规范性文件"), "utf-8")
    return path


def test_a_file_with_hard_links_is_refused_and_both_names_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _labelled(tmp_path)
    other = tmp_path / "other.txt"
    os.link(path, other)
    before = path.read_bytes()
    with pytest.raises(OSError) as refused:
        fix_file(path, _lint, write=True)
    assert refused.value.errno == errno.EMLINK
    assert main(["check", "--fix", str(path)]) == EXIT_USAGE and "cannot fix" in capsys.readouterr().err
    assert path.read_bytes() == other.read_bytes() == before
    assert os.stat(path).st_ino == os.stat(other).st_ino and os.stat(path).st_nlink == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.txt", "report.txt"]


def test_owner_group_and_mode_are_kept(tmp_path: Path) -> None:
    path = _labelled(tmp_path)
    os.chmod(path, 0o640)
    if os.geteuid() == 0:  # as root a real change of owner can be tested
        os.chown(path, 1234, 2345)
    before = os.stat(path)
    outcome = fix_file(path, _lint, write=True)
    after = os.stat(path)
    assert outcome.written and "\t行政规范性文件" in path.read_text("utf-8")
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (
        before.st_uid,
        before.st_gid,
        0o640,
    )


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    path = _labelled(tmp_path)
    try:
        os.setxattr(path, "user.govlint-test", b"kept")
    except (AttributeError, OSError):
        pytest.skip("no user extended attributes on this file system")
    assert fix_file(path, _lint, write=True).written
    assert os.getxattr(path, "user.govlint-test") == b"kept"


def test_an_owner_that_cannot_be_kept_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _labelled(tmp_path)
    before = path.read_bytes()
    real = os.fstat

    def other_owner(fd: int) -> os.stat_result:  # the new file seems to belong to someone else
        st = real(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid + 1, *st[5:]))

    def refuse(*_: object) -> None:
        raise PermissionError(errno.EPERM, "not permitted")

    monkeypatch.setattr(files.os, "fstat", other_owner)
    monkeypatch.setattr(files.os, "fchown", refuse)
    with pytest.raises(PermissionError):
        files.atomic_write(path, b"new")
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_save_during_the_write_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compare and swap: a save landing after the content check, while the new file is being
    written, is seen right before the rename and not overwritten."""
    path = _labelled(tmp_path)
    theirs = path.read_bytes() + "他们的修改\n".encode()
    real = files._write_temporary

    def save_meanwhile(*args: object) -> str:
        temporary = real(*args)  # type: ignore[arg-type]
        path.write_bytes(theirs)
        return temporary

    monkeypatch.setattr(files, "_write_temporary", save_meanwhile)
    with pytest.raises(OSError) as refused:
        fix_file(path, _lint, write=True)
    assert refused.value.errno == errno.EAGAIN
    assert path.read_bytes() == theirs and [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_save_between_reading_and_writing_wins(tmp_path: Path) -> None:
    path = _labelled(tmp_path)
    theirs = "他们的版本\n".encode()

    def lint_then_save(document: Document) -> Sequence[Finding]:
        found = _lint(document)
        path.write_bytes(theirs)
        return found

    with pytest.raises(OSError):
        fix_file(path, lint_then_save, write=True)
    assert path.read_bytes() == theirs


def test_a_kill_during_the_write_leaves_the_file_whole(tmp_path: Path) -> None:
    path = _labelled(tmp_path)
    before = path.read_bytes()
    script = (
        "import os, signal, sys\n"
        "from govlint import files\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "files.atomic_write(files.Path(sys.argv[1]), b'half')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    run = subprocess.run([sys.executable, "-c", script, str(path)], env=env, check=False)
    assert run.returncode == -9
    assert path.read_bytes() == before  # at most a temporary file beside it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_are_never_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    seed = _labelled(tmp_path)
    with pytest.raises(OSError):
        fix_file(fifo, _lint, write=True)  # refused before opening: no blocking read
    assert main(["check", "--fix", str(fifo)]) != 0  # an unreadable input, not a file to fix
    assert main(["check", str(seed), "-o", str(fifo)]) == EXIT_USAGE
    assert main(["check", str(seed), "--write-baseline", str(fifo)]) == EXIT_USAGE
    with pytest.raises(OSError):
        files.atomic_write(fifo, b"x")
    capsys.readouterr()
    assert fifo.is_fifo()
    if Path("/dev/null").exists():
        with pytest.raises(OSError):
            files.atomic_write(Path("/dev/null"), b"x")


def test_output_files_and_baselines_are_still_written(tmp_path: Path) -> None:
    seed = _labelled(tmp_path)
    out, base = tmp_path / "out.json", tmp_path / "baseline.json"
    out.write_text("old", "utf-8")
    os.chmod(out, 0o604)
    main(["check", str(seed), "--format", "json", "-o", str(out)])
    assert json.loads(out.read_text("utf-8")) and stat.S_IMODE(os.stat(out).st_mode) == 0o604
    assert main(["check", str(seed), "--write-baseline", str(base)]) == 0
    assert main(["check", str(seed), "--write-baseline", str(base)]) == 0  # replaced
    assert main(["check", str(seed), "--baseline", str(base)]) == 0
