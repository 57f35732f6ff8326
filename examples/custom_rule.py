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
# # Writing a rule of your own
#
# The built-in rules check what the national formats require. A supervising office often adds
# local policies. This notebook writes one as a govlint rule, registers it for this session,
# runs it on a bundled report and a folder, and removes it again. The API is the one in
# `docs/writing-rules.md`; `examples/govlint-plugin-example/` shows how to ship rules as a
# package (entry point `govlint.rules`) so that `govlint check` runs them too.
#
# **The policy**: when partial disclosures (部分公开) and refusals (不予公开) make up more than
# half of 表三's outcomes, the report should explain why in section 五. Tiny numbers say
# little, so it applies only from a minimum number of outcomes. Both limits are options.

# %%
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pandas as pd

import govlint
from govlint.engine.context import Context
from govlint.engine.registry import REGISTRY

HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
REPORT = HERE / "reports" / "003_32c7538ebe09f062.txt"
IN_JUPYTER = "ipykernel" in sys.modules
pd.set_option("display.width", 160)


def show(obj: object) -> None:
    """Rich output in Jupyter (HTML tables); text in a script."""
    if IN_JUPYTER:
        from IPython.display import display

        display(obj)
    else:
        print(obj)


# %% [markdown]
# ## The rule
#
# One `RuleMeta` (code, name, default severity, the tables it reads), typed `Options` with
# validators, a docstring that is its documentation, and a pure `check` that yields findings
# made by `ctx.finding`. Rows and columns are named by **template keys**; `ctx.finding` turns
# them into the canonical labels and finds the line. The rows under 不予公开 come from the
# template data (`descendants("denied")`), so the rule works for the 2019 and 2021 formats.


# %%
@attrs.frozen
class Options:
    share: float = attrs.field(
        default=0.5,
        validator=[attrs.validators.instance_of((int, float)), attrs.validators.ge(0), attrs.validators.le(1)],
    )
    minimum: int = attrs.field(default=10, validator=[attrs.validators.instance_of(int), attrs.validators.ge(1)])


class RestrictiveOutcomes(govlint.Rule):
    """Most of table 三's outcomes are partial disclosures or refusals.

    Counts 部分公开 and every 不予公开 row in the 总计 column against （七）总计. Above ``share``
    (and from ``minimum`` outcomes on) the report should explain in section 五 why so many
    requests were not fully granted. A local policy, not a national requirement.
    """

    meta = govlint.RuleMeta("GLX10", "restrictive-outcomes", govlint.Severity.INFO, tables=("applications",))
    Options = Options

    def check(self, document: govlint.Document, ctx: Context) -> Iterator[govlint.Finding]:
        table = document.tables.get("applications")
        total = table.cell("results_total", "total") if table is not None else None
        if table is None or ctx.template is None or total is None or total.value is None:
            return
        if total.value < self.options.minimum:
            return
        spec = ctx.template.tables["applications"]
        rows = ["partial", *(row.key for row in spec.descendants("denied"))]
        cells = [table.cell(key, "total") for key in rows]
        restricted = sum((c.value for c in cells if c is not None and c.value is not None), Decimal(0))
        share = float(restricted / Decimal(total.value))
        if share > self.options.share:
            yield ctx.finding(
                f"表三部分公开和不予公开的申请占办理结果的{share:.0%}（{restricted}件/{total.value}件），"
                f"超过{self.options.share:.0%}，请在第五部分说明原因。",
                f"Table 三: {share:.0%} of the outcomes ({restricted} of {total.value}) are partial "
                f"disclosures or refusals, above {self.options.share:.0%}; section 五 should say why.",
                table="applications",
                row="results_total",
                col="total",
                cells=[(key, "total") for key in (*rows, "results_total")],
                expected=self.options.share,
                actual=round(share, 3),
            )


# %% [markdown]
# ## Register it
#
# `govlint.register` adds the rule to the registry that `govlint.lint` uses, for this Python
# session. Registering a second class under the same code or name is an error, so re-running
# this cell first removes the rule registered by an earlier run. (The registry has no public
# way to unregister; `REGISTRY.rules` is keyed by rule name.)

# %%
REGISTRY.rules.pop(RestrictiveOutcomes.meta.name, None)
govlint.register(RestrictiveOutcomes)
print(REGISTRY.get("GLX10").summary())

# %% [markdown]
# ## Run it
#
# `select` runs only the rules named (by name, code or code prefix). The sample report received
# a single application, partially disclosed: 100 %, but below the default minimum of 10.

# %%
result = govlint.lint(REPORT, select=["restrictive-outcomes"])
print(result.rules_run, len(result.findings), "findings")

# %% [markdown]
# Options are keyword arguments, or `[tool.govlint.options.restrictive-outcomes]` in a
# `govlint.toml`. With `minimum = 1` the single partial disclosure counts:

# %%
result = govlint.lint(REPORT, select=["restrictive-outcomes"], options={"restrictive-outcomes": {"minimum": 1}})
for finding in result.findings:
    print(finding.code, finding.rule, finding.severity, finding.location.where(), finding.location.row)
    print("  ", finding.message)
    print("  ", finding.message_en)
    print("   cells:", finding.cells)
show(result.to_dataframe()[["code", "rule", "line", "table", "row", "col", "expected", "actual"]])

# %% [markdown]
# Bad options are refused with a message naming the value, before anything runs:

# %%
try:
    govlint.lint(REPORT, select=["GLX10"], options={"restrictive-outcomes": {"share": 2}})
except govlint.GovlintError as error:
    print(type(error).__name__, error)

# %% [markdown]
# Together with the built-in rules over the whole folder (keep `jobs=1`: rules registered in
# a session are not seen by worker processes):

# %%
audit = govlint.lint_many([HERE / "reports"], options={"restrictive-outcomes": {"minimum": 1}})
show(audit.findings[audit.findings["code"] == "GLX10"][["path", "organ", "year", "message"]])
show(audit.summary().tail(3))

# %% [markdown]
# ## Clean up
#
# Remove the rule so that later runs in this session see only the built-ins.

# %%
REGISTRY.rules.pop(RestrictiveOutcomes.meta.name, None)
assert REGISTRY.get("restrictive-outcomes") is None
print("registered rules:", len(REGISTRY.rules))
