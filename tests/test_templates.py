"""The two national formats as data: shape, identities and label matching."""

from __future__ import annotations

import ast
import tomllib
from importlib import resources

import pytest

import govlint
from govlint.templates import TemplateDataError, all_templates, build_template, get_template, normalize

from .conftest import REPORTS, ROOT

# (leaf rows, numeric cells) per table, from domain.md §4–§7.
SHAPES = {
    "2019": {"active_disclosure": (8, 22), "applications": (23, 161), "review_litigation": (1, 15)},
    "2021": {"active_disclosure": (6, 10), "applications": (25, 175), "review_litigation": (1, 15)},
}


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_table_shapes(version: str) -> None:
    template = get_template(version)
    got = {tid: (len(spec.leaf_rows), sum(1 for _ in spec.template_cells())) for tid, spec in template.tables.items()}
    assert got == SHAPES[version]
    assert [s.numeral for s in template.sections] == list("一二三四五六")


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_identity_expansion(version: str) -> None:
    template = get_template(version)
    by_id: dict[str, list] = {}
    for check in template.identity_checks:
        by_id.setdefault(check.identity, []).append(check)
    leaves = len(template.tables["applications"].leaf_rows)
    assert len(by_id["T3_ROW_SUM"]) == leaves
    assert len(by_id["T3_RESULTS_SUM"]) == 7 and len(by_id["T3_BALANCE"]) == 7
    assert len(by_id["T4_GROUP_SUM"]) == 3
    # （七）总计 sums every outcome leaf row: 19 in 2019 (（六） is one row), 21 in 2021.
    results = by_id["T3_RESULTS_SUM"][0]
    assert results.lhs == (("results_total", "natural_person"),)
    assert len(results.rhs) == (19 if version == "2019" else 21)
    assert ("results_total", "natural_person") not in results.rhs
    balance = by_id["T3_BALANCE"][-1]
    assert balance.lhs == (("new_received", "total"), ("carried_over", "total"))
    assert balance.rhs == (("results_total", "total"), ("carried_forward", "total"))


def _lenient(table: govlint.Table, refs: tuple[tuple[str, str], ...]) -> int:
    return sum(int(c.value) if (c := table.cell(r, k)) is not None and c.value is not None else 0 for r, k in refs)


@pytest.mark.parametrize("name", sorted(p.name for p in REPORTS.glob("*.txt")))
def test_identities_hold_on_the_balanced_seeds(name: str) -> None:
    """Every seed balances (domain.md §11.1), so every identity must hold on its cells."""
    doc = govlint.parse(REPORTS / name)
    template = get_template(doc.template)
    for check in template.identity_checks:
        table = doc.tables[check.table]
        assert _lenient(table, check.lhs) == _lenient(table, check.rhs), check


def test_identities_catch_a_changed_cell() -> None:
    """The identity data is not vacuous: change a nonzero cell of seed 003 and checks fail."""
    from govlint.rules.identities import document_cells, evaluate

    text = (REPORTS / "003_32c7538ebe09f062.txt").read_text(encoding="utf-8")
    changed = text.replace(
        "| (二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 |",
        "| (二)部分公开(区分处理的,只计这一情形,不计其他情形) | 2 |",
    )
    assert changed != text
    checks, _ = evaluate(document_cells(govlint.parse_text(changed)), "2021")
    failed = checks[checks["status"] == "mismatch"]
    assert set(zip(failed["identity"], failed["along"], strict=True)) == {
        ("T3_ROW_SUM", "partial"),
        ("T3_RESULTS_SUM", "natural_person"),
    }


@pytest.mark.parametrize(
    ("text", "key", "kind"),
    [
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial", "exact"),
        ("(二)部分公开", "partial", "variant"),
        ("3.危及三安全一稳定", "denied.security_stability", "exact"),
        ("3、危及“三安全一稳定”", "denied.security_stability", "exact"),
        ("1．属于 国家秘密", "denied.state_secret", "exact"),
        ("1.申请人无正当理由预期不补正、行政机关不再处理其政府信息公开申请", "other.no_correction", "alias"),
        ("1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请", "other.no_correction", "exact"),
        ("4.保护第三方合法权利", "denied.third_party", "fuzzy"),
        ("合计", "results_total", "alias"),
        ("四、结转下一年度继续办理", "carried_forward", "alias"),
        ("三、\n本年度办理结果", "results", "exact"),
    ],
)
def test_row_label_matching(text: str, key: str, kind: str) -> None:
    match = get_template("2021").tables["applications"].match_row(text)
    assert match is not None and (match.key, match.kind) == (key, kind)


@pytest.mark.parametrize(
    ("version", "text", "key", "kind"),
    [
        ("2021", "规范性文件", "normative_documents", "alias"),
        ("2019", "规范性文件", "normative_documents", "exact"),
        ("2021", "规章(地方政府规章)", "rules", "alias"),
        ("2021", "规章（另注）", "rules", "annotated"),
    ],
)
def test_table_two_label_matching(version: str, text: str, key: str, kind: str) -> None:
    match = get_template(version).tables["active_disclosure"].match_row(text)
    assert match is not None and (match.key, match.kind) == (key, kind)


def test_short_labels_are_not_fuzzy_matched() -> None:
    assert get_template("2021").tables["active_disclosure"].match_row("行政处") is None


def test_unknown_keys_in_template_data_are_rejected() -> None:
    data = tomllib.loads(resources.files("govlint.templates").joinpath("v2021.toml").read_text(encoding="utf-8"))
    data["tables"]["applications"]["rows"][0]["lable"] = "typo"
    with pytest.raises(TemplateDataError, match="lable"):
        build_template(data)


def test_identity_naming_a_missing_cell_is_rejected() -> None:
    data = tomllib.loads(resources.files("govlint.templates").joinpath("v2021.toml").read_text(encoding="utf-8"))
    data["identities"][0]["rhs"].append("no_such_column")
    with pytest.raises(TemplateDataError, match="no_such_column"):
        build_template(data)


def _code_strings(source: str) -> list[str]:
    """String literals of a module, docstrings excluded."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


def test_no_row_label_is_spelled_out_in_python() -> None:
    """Templates are data: no table row label may be hard-coded in govlint's code."""
    labels = {
        normalize(label)
        for template in all_templates()
        for spec in template.tables.values()
        for row in spec.rows
        for label in (row.label, *row.aliases, *row.variants)
        if len(normalize(label)) >= 4
    }
    offenders = []
    for path in sorted((ROOT / "govlint").rglob("*.py")):
        for literal in _code_strings(path.read_text(encoding="utf-8")):
            norm = normalize(literal)
            offenders += [(path.name, label) for label in labels if label in norm]
    assert offenders == []
