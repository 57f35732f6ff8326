"""Building a :class:`~govlint.templates.spec.Template` from its TOML data, with validation."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from govlint.templates.spec import (
    BlockSpec,
    ColumnSpec,
    CrossYear,
    Identity,
    Plausibility,
    RowSpec,
    SectionSpec,
    TableLayout,
    TableSpec,
    Template,
    TemplateDataError,
    Term,
)


def _take(data: Mapping[str, Any], allowed: set[str], where: str) -> dict[str, Any]:
    unknown = set(data) - allowed
    if unknown:
        raise TemplateDataError(f"{where}: unknown keys {sorted(unknown)}")
    return dict(data)


def _column(data: Mapping[str, Any], where: str) -> ColumnSpec:
    d = _take(data, {"key", "label", "group", "kind", "unit", "signed", "aliases", "summable"}, where)
    d["aliases"] = tuple(d.get("aliases", ()))
    return ColumnSpec(**d)


def _rows(items: Sequence[Mapping[str, Any]], block: str | None, where: str) -> list[RowSpec]:
    rows: list[RowSpec] = []
    levels: dict[str, int] = {}
    for item in items:
        d = _take(item, {"key", "label", "kind", "parent", "labelled", "aliases", "variants"}, where)
        parent = d.get("parent")
        if parent is not None and parent not in levels:
            raise TemplateDataError(f"{where}: row {d['key']!r} names unknown parent {parent!r}")
        level = 0 if parent is None else levels[parent] + 1
        levels[d["key"]] = level
        d.update(level=level, block=block, aliases=tuple(d.get("aliases", ())), variants=tuple(d.get("variants", ())))
        rows.append(RowSpec(**d))
    return rows


def _table(table_id: str, data: Mapping[str, Any]) -> TableSpec:
    where = f"tables.{table_id}"
    allowed = {"numeral", "title", "header", "blocks", "columns", "rows", "qualify_columns", "layout", "summable"}
    d = _take(data, allowed, where)
    single = {"key": "main", "title": None, "columns": d.get("columns", []), "rows": d.get("rows", [])}
    raw_blocks = d.get("blocks") or [single]
    blocks, rows = [], []
    for raw in raw_blocks:
        b = _take(raw, {"key", "title", "columns", "rows"}, f"{where}.blocks")
        block_rows = _rows(b["rows"], b["key"], f"{where}.{b['key']}")
        columns = tuple(_column(c, f"{where}.{b['key']}") for c in b["columns"])
        blocks.append(BlockSpec(b["key"], b.get("title"), columns, tuple(r.key for r in block_rows)))
        rows += block_rows
    keys = [r.key for r in rows]
    if len(set(keys)) != len(keys):
        raise TemplateDataError(f"{where}: duplicate row keys")
    return TableSpec(
        id=table_id,
        numeral=d["numeral"],
        title=d["title"],
        header=tuple(d.get("header", ())),
        blocks=tuple(blocks),
        rows=tuple(rows),
        qualify_columns=bool(d.get("qualify_columns", False)),
        layout=_layout(d.get("layout", {}), f"{where}.layout"),
        summable=bool(d.get("summable", False)),
    )


def _layout(data: Mapping[str, Any], where: str) -> TableLayout:
    d = _take(data, {"corner", "band", "group_parents"}, where)
    return TableLayout(d.get("corner"), d.get("band"), dict(d.get("group_parents", {})))


def _identities(items: Sequence[Mapping[str, Any]], tables: Mapping[str, TableSpec]) -> list[Identity]:
    out = []
    for item in items:
        d = _take(item, {"id", "rule", "table", "over", "lhs", "rhs", "for_each", "totals"}, "identities")
        if d["table"] not in tables or d["over"] not in ("rows", "columns"):
            raise TemplateDataError(f"identity {d['id']}: bad table or 'over'")
        for_each: Mapping[str, Sequence[str]] = d.pop("for_each", {})
        names = list(for_each)
        for values in itertools.product(*(for_each[n] for n in names)) if names else [()]:
            subst = dict(zip(names, values, strict=True))
            out.append(
                Identity(
                    id=d["id"],
                    rule=d["rule"],
                    table=d["table"],
                    over=d["over"],
                    lhs=tuple(s.format(**subst) for s in d["lhs"]),
                    rhs=tuple(s.format(**subst) for s in d["rhs"]),
                    totals=tuple(d.get("totals", ())),
                )
            )
    return out


def build_template(data: Mapping[str, Any]) -> Template:
    """Validate and build a :class:`Template` from parsed TOML."""
    keys = {"version", "name", "basis", "first_year", "signals", "sections", "tables", "identities", "plausibility"}
    keys.add("cross_year")
    d = _take(data, keys, "template")
    tables = {tid: _table(tid, t) for tid, t in d["tables"].items()}
    sections = tuple(SectionSpec(s["numeral"], s["title"], tuple(s.get("aliases", ()))) for s in d["sections"])
    template = Template(
        version=str(d["version"]),
        name=d["name"],
        basis=d["basis"],
        first_year=int(d["first_year"]),
        signals=tuple(d["signals"]),
        sections=sections,
        tables=tables,
        identities=tuple(_identities(d.get("identities", []), tables)),
        plausibility=tuple(_plausibility(d.get("plausibility", []), tables)),
        cross_year=tuple(_cross_year(d.get("cross_year", []), tables)),
    )
    _validate_identities(template)
    return template


def _plausibility(items: Sequence[Mapping[str, Any]], tables: Mapping[str, TableSpec]) -> list[Plausibility]:
    out = []
    for item in items:
        d = _take(item, {"id", "table", "rows", "lhs", "op", "rhs", "why"}, "plausibility")
        check = Plausibility(d["id"], d["table"], tuple(d["rows"]), tuple(d["lhs"]), d["op"], tuple(d["rhs"]), d["why"])
        table = tables.get(check.table)
        if table is None or check.op not in (">=", "<="):
            raise TemplateDataError(f"plausibility {check.id}: bad table or op")
        for row in check.rows:
            cols = {c.key for c in table.columns_of(row)} if row in {r.key for r in table.leaf_rows} else set()
            if not check.columns() <= cols:
                raise TemplateDataError(f"plausibility {check.id}: row {row!r} lacks {sorted(check.columns() - cols)}")
        out.append(check)
    return out


def _cross_year(items: Sequence[Mapping[str, Any]], tables: Mapping[str, TableSpec]) -> list[CrossYear]:
    out = []
    for item in items:
        d = _take(item, {"id", "rule", "table", "lhs", "rhs", "for_each", "comparable_from"}, "cross_year")
        table = tables.get(d["table"])
        if table is None:
            raise TemplateDataError(f"cross_year {d['id']}: unknown table {d['table']!r}")
        for_each: Mapping[str, Sequence[str]] = d.get("for_each", {})
        names = list(for_each)
        for values in itertools.product(*(for_each[n] for n in names)) if names else [()]:
            subst = dict(zip(names, values, strict=True))
            where = f"cross_year {d['id']} {subst}"
            lhs = _term(d["lhs"].format(**subst), where)
            rhs = tuple(_term(t.format(**subst), where) for t in d["rhs"])
            for term in (lhs, *rhs):
                if term.year == 0 and table.cell_spec(term.row, term.col) is None:
                    raise TemplateDataError(f"{where}: no cell ({term.row}, {term.col}) in {table.id}")
            if lhs.year != 0 or lhs.sign != 1:
                raise TemplateDataError(f"{where}: lhs must be a cell of this year's report, added")
            comparable = tuple(str(v) for v in d["comparable_from"])
            out.append(CrossYear(d["id"], d["rule"], table.id, lhs, rhs, comparable))
    return out


def _term(text: str, where: str) -> Term:
    """``"Y:row:col"``, ``"Y-1:row:col"``, either with a leading ``-`` to subtract."""
    sign: Literal[1, -1] = -1 if text.startswith("-") else 1
    parts = text.lstrip("-").split(":")
    if len(parts) != 3 or parts[0] not in ("Y", "Y-1"):
        raise TemplateDataError(f"{where}: bad term {text!r} (want Y:row:col or Y-1:row:col)")
    year: Literal[0, -1] = 0 if parts[0] == "Y" else -1
    return Term(year, sign, parts[1], parts[2])


def _validate_identities(template: Template) -> None:
    for identity in template.identities:
        table = template.tables[identity.table]
        if identity.over == "rows":
            known = {c.key for c in table.columns}
        else:
            known = {r.key for r in table.rows} | {f"under:{r.key}" for r in table.rows if r.kind == "group"}
        unknown = sorted(set(identity.lhs + identity.rhs) - known)
        if unknown:
            raise TemplateDataError(f"identity {identity.id}: {identity.table} has no {identity.over[:-1]} {unknown}")
    for check in template.identity_checks:
        table = template.tables[check.table]
        for row, col in check.lhs + check.rhs:
            if row not in {r.key for r in table.leaf_rows} or col not in {c.key for c in table.columns_of(row)}:
                raise TemplateDataError(f"identity {check.identity}: no cell ({row}, {col}) in {check.table}")
