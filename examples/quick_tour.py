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
# # A quick tour of govlint
#
# govlint reads a government information disclosure annual report (政府信息公开工作年度报告) the
# way a careful reader does: its title, organ, year and dates, its six sections, and the three
# statutory tables (表二 主动公开, 表三 依申请公开, 表四 行政复议/行政诉讼), every cell kept as
# printed. Rules then check that model and report **findings**.
#
# This notebook parses one of the bundled sample reports, looks at a table as pandas data,
# lints the report, and fixes one defect in memory to watch its finding disappear.
#
# It is also a plain script: `python examples/quick_tour.py` runs the same cells and prints.

# %%
import sys
from pathlib import Path

import pandas as pd

import govlint

# The folder of this file; in Jupyter (where __file__ is undefined) the kernel starts there.
HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
REPORT = HERE / "reports" / "003_32c7538ebe09f062.txt"
IN_JUPYTER = "ipykernel" in sys.modules
pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)


def show(obj: object) -> None:
    """Rich output in Jupyter (HTML tables, the report with its findings); text in a script."""
    if IN_JUPYTER:
        from IPython.display import display

        display(obj)
    elif isinstance(obj, govlint.LintResult):
        for f in obj.findings:
            print(f"  {f.code} {f.rule} [{f.severity}] {f.location.where()}: {f.message}")
    else:
        print(obj)


# %% [markdown]
# ## Parse: the report as a `Document`
#
# `govlint.parse` never raises on content: what it cannot find is noted on the document.

# %%
doc = govlint.parse(REPORT)
print("organ:    ", doc.organ)
print("year:     ", doc.year)
print("template: ", doc.template, "(the national table format in use)")
print("published:", doc.publication_date)
print("sections: ", " ".join(s.numeral for s in doc.sections))
print("tables:   ", ", ".join(doc.tables))

# %% [markdown]
# ## 表三 as pandas
#
# `Table.frame` is the template's grid (rows × columns, canonical labels, nullable `Int64`):
# a blank cell is `<NA>`, never 0.

# %%
applications = doc.tables["applications"]
show(applications.frame)

# %% [markdown]
# `Table.cells` is the same table tidy, one row per cell: what was printed (`raw`), its
# `state` (number, blank, dash, text), the value, the line it stands on and the template keys.

# %%
cells = applications.cells
show(cells[cells["value"] > 0])
show(cells["state"].value_counts())
print(applications.cell("partial", "total"))

# %% [markdown]
# A row the report does not print is listed rather than invented:

# %%
print(doc.tables["active_disclosure"].missing_rows)

# %% [markdown]
# ## Lint: findings
#
# `govlint.lint` parses and runs every rule. Each finding has a code, a rule name, a severity,
# a Chinese message for the report's authors and an English one, and a place: line, section,
# table, row and column.

# %%
result = govlint.lint(REPORT)
print("ok:", result.ok, "-", len(result.findings), "findings")
show(result.to_dataframe()[["code", "rule", "severity", "line", "table", "row", "message"]])

# %% [markdown]
# In Jupyter the result shows itself: a summary, the findings by section and the tables with
# the cells that have findings highlighted. `result.display("en")` shows it in English and
# `result.to_html()` gives the HTML. A script prints one line per finding.

# %%
show(result)

# %% [markdown]
# ## Fix one defect in memory
#
# 表二 calls a row 规范性文件 where the 2021 format says 行政规范性文件 (`label-mismatch`). The
# finding carries a safe fix: edits to the document's lines. Apply it to the text and lint the
# text again with `govlint.lint_text`.

# %%
label = result.by_rule("label-mismatch")[0]
print(label.message, "/", label.message_en)
lines = list(doc.lines)
for edit in label.fix.changes:
    lines[edit.line - 1] = lines[edit.line - 1].replace(edit.old, edit.new, 1)
    print(f"line {edit.line}: {edit.old!r} -> {edit.new!r}")

before = govlint.lint_text("\n".join(doc.lines))
after = govlint.lint_text("\n".join(lines))
print("before:", sorted(f.rule for f in before.findings))
print("after: ", sorted(f.rule for f in after.findings))
assert "label-mismatch" not in {f.rule for f in after.findings}

# %% [markdown]
# Next: `audit_folder` lints a whole folder into DataFrames and pictures, and `custom_rule`
# writes a rule of your own.
