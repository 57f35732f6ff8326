"""Which files a folder run lints (issue #15): exclusions, .gitignore, and files that are not
reports, in a repository laid out as users keep one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govlint.cli import EXIT_FINDINGS, EXIT_OK, main
from govlint.discovery import Discovery, report_files

from .conftest import REPORTS

SEED = REPORTS / "000_18b1a800694c3a55.txt"
REPORT_TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of reports beside the files every repository has."""
    files = {
        ".git/HEAD": "ref: refs/heads/main\n",
        ".venv/lib/site-packages/pkg/report.txt": REPORT_TEXT,
        "node_modules/x/report.html": REPORT_TEXT,
        "build/2022年报.txt": REPORT_TEXT,
        ".cache/report.md": REPORT_TEXT,
        ".gitignore": "drafts/\n*.bak.txt\n",
        "drafts/2023年报.txt": REPORT_TEXT,
        "reports/2022.txt": REPORT_TEXT,
        "reports/old.bak.txt": REPORT_TEXT,
        "reports/README.md": "# Reports\n\nThe annual reports of our office.\n",
        "CHANGELOG.md": "# Changelog\n",
        "notes.txt": "meeting notes, nothing else\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_folder_run_lints_only_the_reports(repository: Path) -> None:
    skipped: list = []
    found = report_files(".", skipped=skipped)
    assert found == [Path("reports/2022.txt")]
    why = {s.path.as_posix(): s.why for s in skipped}
    assert "gitignore" in why["reports/old.bak.txt"]
    assert "project file" in why["reports/README.md"] and "project file" in why["CHANGELOG.md"]
    assert "not a report" in why["notes.txt"]
    assert not any(p.startswith((".venv", "node_modules", "build", ".cache", "drafts", ".git")) for p in why)


def test_check_on_the_repository_root(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", ".", "--verbose", "--format", "json"]) == EXIT_FINDINGS
    captured = capsys.readouterr()
    assert "reports/2022.txt" in captured.out and "README" not in captured.out
    assert "skipped reports/README.md" in captured.err  # --verbose says what was passed over


def test_exclude_and_extend_exclude(repository: Path) -> None:
    (repository / "reports" / "2021.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (repository / "govlint.toml").write_text('extend-exclude = ["reports/2021*"]\n', encoding="utf-8")
    assert main(["check", ".", "--select", "GL001"]) == EXIT_OK  # 2022.txt only: readable
    assert report_files(".", discovery=Discovery(extend_exclude=("reports/2021*",))) == [Path("reports/2022.txt")]
    everything = Discovery(exclude=(), respect_gitignore=False)
    assert Path("build/2022年报.txt") in report_files(".", discovery=everything)


def test_a_file_given_by_name_is_linted_unless_force_exclude(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "reports/README.md", "--select", "GL001"]) == EXIT_FINDINGS  # not a report
    assert main(["check", "reports/README.md", "--force-exclude", "--select", "GL001"]) == EXIT_OK
    assert main(["check", "reports/old.bak.txt", "--force-exclude", "--select", "GL001"]) == EXIT_OK
    forced = Discovery(force_exclude=True)
    assert report_files(["reports/README.md", "reports/2022.txt"], discovery=forced) == [Path("reports/2022.txt")]


def test_links_are_judged_by_where_they_lead(repository: Path) -> None:
    """A link to a file or a folder is excluded, or not, as the place it names: exclusions and
    .gitignore match resolved paths, also when the folder walked is reached through a link."""
    links = repository / "links"
    links.mkdir()
    (links / "ignored.txt").symlink_to(repository / "drafts" / "2023年报.txt")
    (links / "kept.txt").symlink_to(repository / "reports" / "2022.txt")
    (links / "built").symlink_to(repository / "build", target_is_directory=True)
    (repository / "through").symlink_to(repository / "reports", target_is_directory=True)
    skipped: list = []
    assert report_files(["links", "through"], skipped=skipped) == [Path("links/kept.txt"), Path("through/2022.txt")]
    why = {s.path.as_posix(): s.why for s in skipped}
    assert "gitignore" in why["links/ignored.txt"] and "gitignore" in why["through/old.bak.txt"]
    assert not any(p.startswith("links/built") for p in why)  # the folder is not entered


def test_verbose_names_what_is_not_a_regular_file(repository: Path) -> None:
    """A pipe or a dangling link named like a report is passed over, and --verbose says so."""
    os.mkfifo(repository / "reports" / "pipe年报.txt")
    (repository / "reports" / "gone年报.txt").symlink_to(repository / "nowhere.txt")
    skipped: list = []
    assert report_files("reports", skipped=skipped) == [Path("reports/2022.txt")]
    why = {s.path.as_posix(): s.why for s in skipped}
    assert "regular file" in why["reports/pipe年报.txt"] and "regular file" in why["reports/gone年报.txt"]
