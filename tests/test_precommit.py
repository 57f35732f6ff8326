"""The pre-commit hook, end to end, with the real pre-commit package.

A temporary git repository holds report files and a ``.pre-commit-config.yaml`` that installs
the ``govlint`` hook from this repository (its current commit). Committing a defective report
is refused with govlint's findings; committing a clean one succeeds.

pre-commit builds the hook's environment by installing govlint from this repository, which
needs the package index; the environment is cached in ``.cache/pre-commit`` (git-ignored) so
later runs are quick.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPORTS, ROOT
from .reportgen import all_zero_report, render_tabs

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def head() -> str:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    inside = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if inside.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    return inside.stdout.strip()


def _readme_snippet(repo: str, rev: str) -> str:
    """The README's ``.pre-commit-config.yaml``, as printed, with its ``repo`` and ``rev``
    values (the reader's own) set to this checkout and its commit."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "id: govlint" in snippet and "rev:" in snippet
    snippet = re.sub(r"(repo: )\S+", lambda m: m[1] + repo, snippet, count=1)
    return re.sub(r"(rev: )\S+", lambda m: m[1] + rev, snippet, count=1)


def test_hook_refuses_a_defective_report_and_accepts_a_clean_one(tmp_path: Path, head: str) -> None:
    repo = tmp_path / "reports-repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "office@example.org")
    _git(repo, "config", "user.name", "Disclosure Office")
    _git(repo, "config", "commit.gpgsign", "false")
    (repo / ".pre-commit-config.yaml").write_text(_readme_snippet(ROOT.as_posix(), head), "utf-8")
    (repo / "requirements.txt").write_text("pandas\n", "utf-8")  # not a report, and not linted
    env = {**os.environ, "PRE_COMMIT_HOME": str(ROOT / ".cache" / "pre-commit"), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    install = subprocess.run([*PRE_COMMIT, "install"], cwd=repo, capture_output=True, text=True, env=env)
    assert install.returncode == 0, install.stdout + install.stderr
    _git(repo, "add", ".pre-commit-config.yaml", "requirements.txt")
    setup = subprocess.run(["git", "commit", "-q", "-m", "setup"], cwd=repo, capture_output=True, text=True, env=env)
    assert setup.returncode == 0, setup.stdout + setup.stderr

    (repo / "reports").mkdir()
    defective = next(REPORTS.glob("000_*.txt"))
    shutil.copy(defective, repo / "reports" / "2021.txt")
    _git(repo, "add", "reports/2021.txt")
    refused = subprocess.run(["git", "commit", "-m", "defective"], cwd=repo, capture_output=True, text=True, env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "reports/2021.txt" in output and "GL103 duplicate-heading" in output, output
    assert _git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"  # nothing committed

    _git(repo, "rm", "-q", "--cached", "reports/2021.txt")
    (repo / "reports" / "2021.txt").unlink()
    (repo / "reports" / "2022.txt").write_text(render_tabs(all_zero_report("2021", 2022)), "utf-8")
    (repo / "reports" / "README.md").write_text("# Our annual reports\n", "utf-8")  # passed over
    _git(repo, "add", "reports/2022.txt", "reports/README.md")
    accepted = subprocess.run(["git", "commit", "-m", "clean"], cwd=repo, capture_output=True, text=True, env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "govlint" in accepted.stdout + accepted.stderr  # the hook ran, and passed
    assert _git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"
