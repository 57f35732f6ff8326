"""The example notebooks in examples/: each runs as a script, executes as a notebook, and its
.ipynb is what jupytext makes of its .py (the .py is the source of truth)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
NOTEBOOKS = ("quick_tour", "audit_folder", "custom_rule")
# What each run must print: the findings, pictures and exports the notebook is about.
EXPECTED = {
    "quick_tour": [
        "南平市工业和信息化局",
        "label-mismatch",
        "before: ['label-mismatch'",
        "after:  ['late-publication'",
    ],
    "audit_folder": [
        "blank-cell",
        "missing-row",
        "pictures: active_disclosure.png, applications.png, rules.png, years.png",
        "findings.parquet:",
    ],
    "custom_rule": ["GLX10 restrictive-outcomes info", "1件/1件", "ConfigError", "'share' must be <= 1"],
}
SYNC_HINT = (
    "examples/{name}.ipynb is stale: run `jupytext --update --to ipynb examples/{name}.py` "
    "(or `jupytext --sync examples/*.py`)"
)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_example_runs_as_a_script_from_anywhere(name: str, tmp_path: Path) -> None:
    cwd, temporary = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MPLBACKEND", None)
    run = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py")],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for text in EXPECTED[name]:
        assert text in run.stdout
    assert list(cwd.iterdir()) == []  # nothing written where it was run
    assert list(temporary.iterdir()) == []  # its temporary files removed


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_notebook_executes(name: str) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(EXAMPLES / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}
    )
    client.execute()  # raises CellExecutionError naming the cell that failed
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(_text(o) for o in outputs)
    for expected in EXPECTED[name]:
        assert expected in text
    if name == "audit_folder":  # the figures show inline
        assert sum("image/png" in o.get("data", {}) for o in outputs) >= 4


def test_notebooks_run_in_this_python() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.prefix)")])
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    assert notebook.cells[0].outputs[0].text.strip() == sys.prefix


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_notebook_is_its_script(name: str) -> None:
    jupytext = pytest.importorskip("jupytext")
    nbformat = pytest.importorskip("nbformat")
    script = jupytext.reads((EXAMPLES / f"{name}.py").read_text(encoding="utf-8"), fmt="py:percent")
    stored = nbformat.read(EXAMPLES / f"{name}.ipynb", as_version=4)
    assert [(c.cell_type, c.source) for c in stored.cells] == [(c.cell_type, c.source) for c in script.cells], (
        SYNC_HINT.format(name=name)
    )
    assert stored.metadata.get("kernelspec", {}).get("name") == "python3"
    code = [c for c in stored.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code), (
        f"examples/{name}.ipynb stores outputs: clear them (`jupytext --to ipynb examples/{name}.py`)"
    )


def _text(output: dict[str, object]) -> str:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    return str(data.get("text/plain", "")) + str(data.get("text/html", "")) if isinstance(data, dict) else ""
