"""``govlint check --fix`` and ``--diff``: safe fixes, written atomically.

Property: on generated reports with injected defects (blank cells proven 0, label aliases,
converter leftovers, a page number inside a table, website header and footer lines, a repeated
empty heading), after ``--fix`` the fixed findings are gone, no new finding appears, every
line the fixes did not name is byte for byte the same, and fixing again changes nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint
from govlint.cli import main
from govlint.fix import fix_bytes, fix_file
from govlint.model import Edit, Finding

from .reportgen import Report, all_zero_report, render_html, render_lines, render_tabs, report

_SEGMENT = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
HEADER = ["XX市人民政府门户网站", "", "首页>政务公开>年度报告", "", "【打印本页】【关闭窗口】", ""]
FOOTER = ["", "主办：XX市人民政府办公室", "", "网站标识码：1234567890　ICP备12345678号", ""]


@st.composite
def defective_text(draw: st.DrawFn) -> tuple[str, str]:
    """(text, newline) of a generated report with defects injected."""
    generated: Report = draw(report())
    layout = draw(st.sampled_from(["lines", "tabs"]))
    text = (render_lines if layout == "lines" else render_tabs)(generated)
    lines = text.split("\n")
    if draw(st.booleans()):
        lines = HEADER + lines + FOOTER
    if draw(st.booleans()):  # Word's bookmark left in a paragraph
        at = next(i for i, line in enumerate(lines) if line.startswith("本机关依法办理"))
        lines[at] = lines[at] + "[bookmark: _GoBack]"
    if draw(st.booleans()):  # a repeated, empty heading right after the first
        at = next(i for i, line in enumerate(lines) if line.strip().startswith("五、"))
        lines[at:at] = [lines[at], ""]
    if layout == "lines" and draw(st.booleans()):  # a page number between two cells of table 三
        heading = next(i for i, line in enumerate(lines) if line.strip().startswith("三、"))
        cells = [i for i in range(heading + 4, len(lines)) if lines[i].strip(" ") and lines[i + 1] == ""]
        blank = cells[12] + 1  # the blank line after a cell of the table's first rows
        lines[blank + 1 : blank + 1] = ["- 3 -", ""]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines), newline


def _segments(text: str) -> list[str]:
    return _SEGMENT.findall(text)


def _expected(segments: list[str], edits: dict[int, list[Edit]]) -> list[str]:
    """The oracle: each named line changed as its edits say, every other line as it was."""
    out = []
    for number, segment in enumerate(segments, 1):
        mine = edits.get(number, [])
        if any(e.whole_line for e in mine):
            continue
        body = segment.rstrip("\r\n")
        ending = segment[len(body) :]
        for e in sorted(mine, key=lambda e: -(e.column or 0)):
            start = e.column - 1 if e.column else body.find(e.old)
            assert body[start : start + len(e.old)] == e.old
            body = body[:start] + e.new + body[start + len(e.old) :]
        out.append(body + ending)
    return out


def _lint_document(document: govlint.Document) -> list[Finding]:
    return list(govlint.lint(document).findings)


def _where(finding: Finding) -> tuple[object, ...]:
    loc = finding.location
    return (finding.rule, loc.section, loc.table, loc.row)


@given(defective_text(), st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]))
@settings(max_examples=30, deadline=None)
def test_fix_is_safe_complete_and_idempotent(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[str, str], encoding: str
) -> None:
    text, newline = case
    path = tmp_path_factory.mktemp("fix") / "report.txt"
    original = text.encode(encoding)
    path.write_bytes(original)
    before = _lint_document(govlint.parse(path))

    # Pass by pass, as --fix runs: each pass changes exactly what its edits name.
    data, fixed = original, []
    for _ in range(10):
        document = govlint.parse_bytes(data, str(path))
        new, done, _ = fix_bytes(data, document, _lint_document(document))
        edits: dict[int, list[Edit]] = {}
        for finding in done:
            assert finding.fix is not None
            for edit in finding.fix.changes:
                edits.setdefault(edit.line, []).append(edit)
        old_segments = _segments(data.decode(encoding))
        assert _segments(new.decode(encoding)) == _expected(old_segments, edits)
        fixed += done
        if new == data:
            break
        data = new
    assert new.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    assert all(s.endswith(newline) for s in _segments(new.decode(encoding))[:-1])

    outcome = fix_file(path, _lint_document, write=True)
    assert path.read_bytes() == new and outcome.written == (new != original)
    after = _lint_document(govlint.parse(path))
    gone = {f.fingerprint for f in fixed}
    assert not [f for f in after if f.fingerprint in gone], "a fixed finding is still there"
    earlier = {_where(f): set(f.cells) for f in before}
    for finding in after:  # nothing new; a finding may only have lost cells
        assert _where(finding) in earlier, ("new", finding.rule, finding.location)
        assert set(finding.cells) <= earlier[_where(finding)]

    again = fix_file(path, _lint_document, write=True)
    assert not again.written and path.read_bytes() == new, "a second --fix changed the file"


def test_fix_and_diff_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = next(Path(__file__).parent.parent.glob("examples/reports/000_*.txt"))
    path = tmp_path / "report.txt"
    path.write_bytes(source.read_bytes())
    assert main(["check", "--diff", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("---") and "+行政规范性文件" in out and "would fix" in err
    assert path.read_bytes() == source.read_bytes()  # --diff writes nothing

    before = {f.fingerprint for f in govlint.lint(path).findings}
    main(["check", "--fix", "--format", "json", str(path)])
    out, err = capsys.readouterr()
    remaining = json.loads(out)
    assert {f["fingerprint"] for f in remaining} < before and "fixed" in err
    assert not [f for f in remaining if f["fix"] and f["rule"] != "page-chrome"]
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]  # no temporary file left
    assert main(["check", "--diff", str(path)]) in (0, 1)
    assert capsys.readouterr()[0] == ""  # nothing left to fix


def test_page_metadata_is_never_deleted(tmp_path: Path) -> None:
    """The 发布时间 line is late-publication's evidence: its chrome block gets no fix."""
    text = render_tabs(all_zero_report())
    path = tmp_path / "report.txt"
    path.write_text("首页>政务公开>年度报告\n发布时间：2022-03-01\n" + text, "utf-8")
    result = govlint.lint(path)
    (chrome,) = [f for f in result.findings if f.rule == "page-chrome"]
    assert chrome.fix is None
    assert "late-publication" in {f.rule for f in result.findings}


def test_numbers_are_never_rewritten(tmp_path: Path) -> None:
    """A label printed on the same line as numbers (one row a line) is not rewritten."""
    text = render_tabs(all_zero_report()).replace("\t行政规范性文件", "\t规范性文件")
    rows = "规范性文件 0 0 0\n"
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")
    assert [f.fix is not None for f in govlint.lint(path).findings if f.rule == "label-mismatch"] == [True]
    lines = text.split("\n")
    at = lines.index("\t规范性文件")
    path.write_text("\n".join([*lines[:at], rows.strip(), *lines[at + 5 :]]), "utf-8")
    outcome = fix_file(path, _lint_document, write=True)
    assert [why for f, why in outcome.skipped if f.rule == "label-mismatch"] == [
        "it would change a line that holds a number"
    ]


def test_html_labels_are_fixed_in_the_page(tmp_path: Path) -> None:
    generated = all_zero_report()
    labels = dict(generated.labels)
    key = "active_disclosure:row:normative_documents"
    labels[key] = attrs.evolve(labels[key], parts=("规范性文件",))
    page = render_html(attrs.evolve(generated, labels=labels))
    path = tmp_path / "report.html"
    path.write_text(page, "utf-8")
    outcome = fix_file(path, _lint_document, write=True)
    assert [f.rule for f in outcome.fixed] == ["label-mismatch"]
    fixed = path.read_text("utf-8")
    assert fixed == page.replace(">规范性文件<", ">行政规范性文件<", 1)
    assert "label-mismatch" not in {f.rule for f in govlint.lint(path).findings}


def test_docx_and_pdf_are_not_rewritten(tmp_path: Path) -> None:
    pdf = Path(__file__).parent / "data" / "corpus" / "hongze_district_2023.pdf"
    copy = tmp_path / "report.pdf"
    copy.write_bytes(pdf.read_bytes())
    document = govlint.parse(copy)
    assert any(f.fix is not None for f in govlint.lint(document).findings)  # label-mismatch
    outcome = fix_file(copy, _lint_document, write=True)
    assert not outcome.fixed and not outcome.written and outcome.skipped
    assert all("not rewritten" in why for _, why in outcome.skipped)
    assert copy.read_bytes() == pdf.read_bytes()


def test_no_fix_merges_mixed_line_endings(tmp_path: Path) -> None:
    """Deleting a line between a CR-ended line and an LF would make one CRLF of two breaks."""
    lines = render_lines(all_zero_report()).split("\n")
    at = next(n for n, line in enumerate(lines) if line.strip() == "（一）予以公开")
    lines[at + 1 : at + 1] = ["- 3 -"]
    data = "".join(line + ("\r" if n == at else "\n") for n, line in enumerate(lines)).encode()
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    outcome = fix_file(path, _lint_document, write=True)
    assert path.read_bytes() == data and not outcome.written
    assert any("merge the line endings" in why for _, why in outcome.skipped)


@pytest.mark.parametrize("leftover", ["&nbsp;", "\x0b"])
def test_leftovers_in_table_cells_are_reported_not_fixed(tmp_path: Path, leftover: str) -> None:
    """Removing a leftover that is a cell's only content would remove the cell or change it."""
    text = render_tabs(all_zero_report())
    lines = text.split("\n")
    at = next(n for n, line in enumerate(lines) if line.strip() == "（一）予以公开")
    lines[at + 1] = "\t" + leftover
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), "utf-8")
    result = govlint.lint(path)
    (artifact,) = [f for f in result.findings if f.rule == "conversion-artifact"]
    assert artifact.fix is None
    fix_file(path, _lint_document, write=True)
    fixed = path.read_text("utf-8").split("\n")
    assert len(fixed) == len(lines) and fixed[at + 1] in ("\t" + leftover, "\t0")  # the cell stays a cell
    assert "missing-cell" not in {f.rule for f in govlint.lint(path).findings}


def test_diff_marks_a_last_line_without_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(render_tabs(all_zero_report()).rstrip("\n") + "\n\n主办：XX市人民政府办公室", "utf-8")
    outcome = fix_file(path, _lint_document, write=False)
    assert "\\ No newline at end of file\n" in outcome.diff
    assert all(line.startswith(("---", "+++", "@@", " ", "-", "+", "\\")) for line in outcome.diff.splitlines())


def test_fix_through_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text(render_tabs(all_zero_report()).replace("\t行政规范性文件", "\t规范性文件"), "utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    outcome = fix_file(link, _lint_document, write=True)
    assert outcome.written and link.is_symlink()
    assert "\t行政规范性文件" in target.read_text("utf-8")


def test_html_entities_are_never_guessed_at(tmp_path: Path) -> None:
    """A leftover the page shows as "&nbsp;" is "&amp;nbsp;" in the source: no fix may delete
    the real entities of the same element instead."""
    page = (
        render_html(all_zero_report())
        .replace("本年度未收取信息处理费", "本年度&amp;nbsp;未收取信息处理费")
        .replace("无其他需要报告的事项。</p>", "无其他需要报告的事项。&nbsp;&nbsp;</p>")
    )
    path = tmp_path / "report.html"
    path.write_text(page, "utf-8")
    outcome = fix_file(path, _lint_document, write=True)
    assert path.read_text("utf-8") == page and not outcome.fixed


def test_no_leftover_line_is_deleted_inside_a_table(tmp_path: Path) -> None:
    """In one-cell-a-line tables a line of its own separates cells: deleting it merges them."""
    lines = render_lines(all_zero_report()).split("\n")
    at = next(n for n, line in enumerate(lines) if line.strip() == "（一）予以公开")
    lines[at + 1] = "&nbsp;"  # the blank line after the label
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), "utf-8")
    before = {(f.rule, f.location.row) for f in govlint.lint(path).findings}
    fix_file(path, _lint_document, write=True)
    assert {(f.rule, f.location.row) for f in govlint.lint(path).findings} <= before


def test_page_chrome_at_the_end_of_a_file_is_fixed(tmp_path: Path) -> None:
    """The chrome block's deletion named the empty line after the file's last line break, which
    the file does not have: the fix was refused as if the file had changed."""
    text = render_lines(all_zero_report("2021", 2022))
    path = tmp_path / "report.txt"
    path.write_text(text + "\n版权所有：某市人民政府办公室\n打印本页 关闭窗口\n", encoding="utf-8")
    outcome = fix_file(path, lambda d: govlint.lint(d, select=["page-chrome"]).findings, write=True)
    assert [f.rule for f in outcome.fixed] == ["page-chrome"] and outcome.skipped == ()
    assert path.read_text(encoding="utf-8") == text + "\n"


@pytest.mark.parametrize(
    ("origin", "path", "marked"),
    [
        (None, "report.txt", True),
        (govlint.model.Origin("html", line=3, column=1), "report.html", True),
        (govlint.model.Origin("pdf", page=2, line=5), "report.pdf", False),
        (govlint.model.Origin("docx", table=2, row=3, cell=1), "report.docx", False),
        (None, "report.pdf", False),  # a finding on the whole file
        (None, "report.html", False),  # a web page read as text: --fix leaves it alone
    ],
)
def test_only_fixes_fix_can_apply_are_marked_fixable(origin: object, path: str, marked: bool) -> None:
    """A PDF's or a DOCX's fix is never applied (--fix reports them): no [*], not counted."""
    from govlint.reporters import text

    result = govlint.lint_text(render_lines(all_zero_report("2021", 2022)) + "\n版权所有：某市人民政府\n")
    (chrome,) = [f for f in result.findings if f.rule == "page-chrome" and f.fix is not None]
    location = attrs.evolve(chrome.location, path=path, origin=origin)
    shown = text([attrs.evolve(result, path=path, findings=(attrs.evolve(chrome, location=location),))], lang="en")
    assert ("[*]" in shown, "1 fixable with --fix" in shown) == (marked, marked)
