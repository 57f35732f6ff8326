"""The plugin path end to end: install the example package, then find and run its rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPORTS, ROOT

PLUGIN = ROOT / "examples" / "govlint-plugin-example"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("plugin")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(PLUGIN)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return target


def _govlint(plugin_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin_path), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "govlint", *args], capture_output=True, text=True, env=env)


def test_plugin_rule_is_listed_and_documented(plugin_path: Path) -> None:
    listing = _govlint(plugin_path, "rules")
    assert listing.returncode == 0 and "GLX01  few-subheadings" in listing.stdout
    doc = _govlint(plugin_path, "rule", "few-subheadings")
    assert doc.returncode == 0 and "five aspects" in doc.stdout


def test_plugin_rule_runs_with_its_options(plugin_path: Path) -> None:
    seed = str(REPORTS / "002_cf57586f910dba13.txt")  # section 一 has no sub-headings
    out = _govlint(plugin_path, "check", "--format", "json", "--select", "GLX", seed)
    findings = json.loads(out.stdout)
    assert [(f["rule"], f["section"], f["expected"], f["actual"]) for f in findings] == [
        ("few-subheadings", "一", 3, 0)
    ]
    assert out.returncode == 0  # an info finding does not fail at the default threshold
