# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Auditing a folder of reports
#
# `govlint.lint_many` lints every report under the paths it is given and returns an `Audit`
# with two DataFrames: `findings` (one row per finding, with the report's organ, year and
# template) and `cells` (one row per template cell of every table found, with its state and
# the findings that name it). This notebook groups them, draws them, and exports them.
#
# It reads the sample reports in `examples/reports/` and, in a source checkout with the PDF
# extra installed (`pip install 'govlint[pdf]'`), the real PDF reports in `tests/data/corpus/`.
# Files are written only to a temporary folder.

# %%
import importlib.util
import sys
import tempfile
from pathlib import Path

import pandas as pd

import govlint
from govlint.frames import export
from govlint.plot import heatmap_data

HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
IN_JUPYTER = "ipykernel" in sys.modules
pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)

folders = [HERE / "reports"]
corpus = HERE.parent / "tests" / "data" / "corpus"
if corpus.is_dir() and importlib.util.find_spec("pypdfium2") is not None:
    folders.append(corpus)


def show(obj: object) -> None:
    """Rich output in Jupyter (HTML tables); text in a script."""
    if IN_JUPYTER:
        from IPython.display import display

        display(obj)
    else:
        print(obj)


# %% [markdown]
# ## Lint them all

# %%
audit = govlint.lint_many(folders)
print(f"{len(audit)} reports, {len(audit.findings)} findings, {len(audit.errors)} files not opened")
show(audit.summary())

# %% [markdown]
# ## The findings DataFrame
#
# Plain pandas from here on: findings per rule and severity, and per issuing organ.

# %%
findings = audit.findings
show(findings.groupby(["rule", "severity"]).size().sort_values(ascending=False).rename("findings").to_frame())

# %%
per_organ = pd.crosstab([findings["organ"], findings["year"]], findings["severity"])
show(per_organ.reindex(columns=["error", "warning", "info"], fill_value=0))

# %% [markdown]
# ## The cells DataFrame: blank is not zero
#
# A blank cell and a printed 0 mean different things (the blank may hide a number). Count them
# per table, with the cells missing altogether:

# %%
cells = audit.cells
kinds = cells.assign(
    zero=(cells["state"] == "number") & (cells["value"] == 0),
    blank=cells["state"] == "blank",
    missing=cells["state"] == "missing",
)
show(kinds.groupby("table")[["zero", "blank", "missing"]].sum())

# %% [markdown]
# The cells that findings name, and which rules name them most:

# %%
named = cells[cells["findings"] > 0]
show(named.groupby(["table", "rules"]).size().sort_values(ascending=False).head(8).rename("cells").to_frame())

# %% [markdown]
# ## Pictures
#
# `audit.plot_rules()`, `audit.plot_years()` and `audit.heatmap()` need matplotlib
# (`pip install 'govlint[plot]'`). Labels are Chinese when a Chinese font is installed, else
# English with a warning naming the font package to install; `lang="en"` asks for English.
# Each call returns the matplotlib axes; here each figure is also saved as PNG.

# %%
out = tempfile.TemporaryDirectory(prefix="govlint-audit-")
OUT = Path(out.name)

ax = audit.plot_rules()
ax.figure.savefig(OUT / "rules.png", dpi=120)

# %%
ax = audit.plot_years(by="family")
ax.figure.savefig(OUT / "years.png", dpi=120)

# %% [markdown]
# Where in 表三 the findings fall, summed over the reports (in the format most of them use), and
# where 表二 is left blank:

# %%
ax = audit.heatmap(table="applications", measure="findings")
ax.figure.savefig(OUT / "applications.png", dpi=120)

# %%
ax = audit.heatmap(table="active_disclosure", measure="blank")
ax.figure.savefig(OUT / "active_disclosure.png", dpi=120)
print("pictures:", ", ".join(sorted(p.name for p in OUT.glob("*.png"))))

# %% [markdown]
# The numbers behind a heat map are a DataFrame too (template row keys × column keys):

# %%
show(heatmap_data(cells, "review_litigation", measure="findings"))

# %% [markdown]
# ## Export
#
# `govlint.frames.export` writes Parquet (needs pyarrow) or CSV by the file's suffix, whole or
# not at all; the evidence columns become JSON text. The command line does the same with
# `govlint export reports/ --to findings.parquet --to cells.csv`.

# %%
export(findings, OUT / "findings.parquet")
export(cells, OUT / "cells.csv")
back = pd.read_parquet(OUT / "findings.parquet")
print("findings.parquet:", back.shape, "cells.csv:", pd.read_csv(OUT / "cells.csv").shape)
assert len(back) == len(findings)

# %% [markdown]
# Remove the temporary folder (skip this cell to keep the files and open them).

# %%
if not IN_JUPYTER:
    import matplotlib.pyplot as plt

    plt.close("all")
out.cleanup()
