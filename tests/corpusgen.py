"""A synthetic corpus of many organs over many years, with cross-report defects (no tests here).

:func:`make_corpus` writes, for each city, a region tree of organs and one text report per organ
and year, plus ``regions.csv`` (the region table of :class:`govlint.corpus.Regions`):

- the city's summary report (汇总: organ ``乌海市``, marked ``summary`` in the table: every cell
  is the sum of the reports of the organs listed under it);
- under the summary: the city government (``乌海市人民政府``), five city departments and two
  district governments;
- under each district government: one or two district departments.

Years 2019–2023 by default: the 2019 format for 2019–2020, the 2021 format from 2021. Each organ's
tables are one consistent series: 上年结转 is last year's 结转下年度继续办理 column by column,
表二's 现行有效件数 is last year's plus this year's 制发 less 废止 (from the first 2021-format
year; the 2019 format's 对外公开总数量 and 上一年项目数量 carry over the same way), and every
within-report identity and plausibility holds. Sections 一 and 五 are drawn from a seeded
vocabulary, distinct for every organ and year.

With ``defects=True`` each city gets one defect of every kind (:class:`Defect`, one entry per
wrong cell) and the cases a corpus rule cannot assess (:class:`NotAssessable`) are listed:

========================  ======================================================================
carry-over-mismatch       a district department's 上年结转 in one applicant column moved away
                          from last year's 结转下年度继续办理 (the 本年新收 of that column moves
                          the other way so the report's own balance holds): two wrong cells, the
                          column and 总计
copied-report             a district department's sections 一 and 五 copied from another
                          district department's report of the same year; a city department's
                          copied from its own report of last year (figures its own)
in-force-continuity       a district department's last-year 现行有效件数 of 行政规范性文件 raised
summary-mismatch          the summary's 行政许可 本年处理决定数量 one year (表二, no identity)
missing-report            one city department (under the summary) publishes nothing one year
========================  ======================================================================

Not assessable (checks are the rule names): ``carry-over-mismatch`` for every organ's first
year and for the year after its missing report; ``in-force-continuity`` for every organ's first
2021-format year (the 2019 format has no 现行有效件数) and after its missing report;
``summary-mismatch`` in the year a child of the summary has no report.

Defects are placed in the district departments so that they do not spill into the summary,
which sums the city-level organs only. The generator is deterministic for a seed and streams:
each city's reports are written as soon as they are made.
"""

from __future__ import annotations

import csv
import functools
import random
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from govlint.templates import Template, get_template

from .reportgen import (
    NBSP,
    TABLE_IDS,
    CellKey,
    Label,
    Number,
    Report,
    _lines_table,
    _pipes_table,
    _slots,
    _tabs_table,
    holds,
)

Values = dict[str, dict[CellKey, Number]]  # table id -> (row, col) -> value

DEPARTMENTS = ("工业和信息化局", "教育局", "财政局", "卫生健康委员会", "市场监督管理局")
# district (stem) -> its departments; the first city is 乌海市 with its real district names
_DISTRICT_DEPARTMENTS = (("教育局", "财政局"), ("民政局",))
_FIRST_CITY = ("乌海", "150300", ("海勃湾区", "乌达区"))
_STEMS_A = "安宁长平东西南北江河山海金银云龙凤华兴永泰"
_STEMS_B = "阳川州源城原林峰宁丰昌德和远定安"
_ABBREVIATED = {"工业和信息化局": "工信局"}  # printed abbreviated in one year's title

# Section prose: a phrase is a verb and an object; a sentence a few phrases (1,800 phrases).
_VERBS = (
    "深化", "推进", "加强", "完善", "健全", "落实", "规范", "优化", "拓展", "提升", "强化", "创新",
    "夯实", "压实", "统筹", "细化", "畅通", "丰富", "聚焦", "围绕", "严格", "扎实", "持续", "全面",
    "着力", "积极", "稳步", "深入", "切实", "不断",
)  # fmt: skip
_OBJECTS = (
    "政务公开标准化建设", "基层政务公开", "政策解读", "政府网站集约化", "依申请公开办理", "公开目录编制",
    "重点领域信息公开", "政务新媒体管理", "政民互动渠道", "公开平台建设", "决策过程公开", "执行结果公开",
    "财政预决算公开", "行政权力运行公开", "公共资源配置信息", "惠企政策发布", "民生实事公开", "政策咨询服务",
    "保密审查机制", "信息发布审核", "工作人员培训", "考核评议制度", "社会评议机制", "公开工作台账",
    "政府公报发行", "文件清理工作", "规范性文件备案", "建议提案办理公开", "突发事件信息发布", "舆情回应关切",
    "政务服务事项公开", "双随机一公开", "营商环境信息", "乡村振兴信息", "生态环境信息", "教育信息公开",
    "医疗卫生信息", "安全生产信息", "市场监管信息", "统计数据发布", "政府开放日活动", "新闻发布会制度",
    "网上留言办理", "热线电话答复", "公开指南更新", "档案信息管理", "数据开放共享", "无障碍浏览服务",
    "移动端服务", "一网通办", "公开监督检查", "问题整改落实", "责任追究机制", "年度报告编制",
    "信息公开专栏", "主动公开目录", "政策文件库", "法规规章汇编", "政务公开专区", "意见征集反馈",
)  # fmt: skip
_OPENINGS = ("本年度，", "一年来，", "本年，", "报告期内，", "今年以来，")
_PROBLEMS = ("存在的主要问题：", "工作中还存在一些不足：", "存在的问题和改进情况：")
_PLANS = ("下一步，", "今后，", "下一年度，", "针对上述问题，")


@attrs.frozen
class Organ:
    """One row of the region table."""

    name: str
    region: str
    parent: str | None
    level: str
    summary: bool = False


@attrs.frozen
class Defect:
    """One wrong cell (or, for ``copied-report``, one copied report) that a corpus rule must find.

    ``kind`` is the rule name. ``actual`` is the value this report prints, ``expected`` the value
    the other side implies (last year's cell, last year's plus this year's flow, the sum of the
    children). For ``copied-report``: ``source``/``source_year`` name the report copied from."""

    kind: str
    organ: str
    year: int
    table: str | None = None
    row: str | None = None
    col: str | None = None
    actual: Number | None = None
    expected: Number | None = None
    source: str | None = None
    source_year: int | None = None


@attrs.frozen
class NotAssessable:
    """A comparison the rule named ``check`` cannot make for ``organ`` in ``year``, and why:
    ``first-year``, ``previous-missing``, ``format-switch`` or ``child-missing``."""

    check: str
    organ: str
    year: int
    reason: str


@attrs.frozen
class CorpusManifest:
    """What :func:`make_corpus` wrote and injected."""

    reports: list[Path]
    regions_csv: Path
    organs: list[Organ]
    defects: list[Defect]
    not_assessable: list[NotAssessable]
    titles: dict[Path, str]  # path -> the organ name printed in its title
    organ_of: dict[Path, str]  # path -> the region table's organ name
    year_of: dict[Path, int]

    def report(self, organ: str, year: int) -> Path | None:
        """The path of ``organ``'s report for ``year``, if it was written."""
        for path, name in self.organ_of.items():
            if name == organ and self.year_of[path] == year:
                return path
        return None


def version_of(year: int) -> str:
    return "2019" if year < 2021 else "2021"


# -- the region tree ----------------------------------------------------------------------------


def city_tree(index: int) -> list[Organ]:
    """The organs of city number ``index`` (0 is 乌海市), the summary first."""
    if index == 0:
        stem, code, districts = _FIRST_CITY
    else:
        number = index - 1
        stem = _STEMS_A[number % len(_STEMS_A)] + _STEMS_B[number // len(_STEMS_A) % len(_STEMS_B)]
        if number >= len(_STEMS_A) * len(_STEMS_B):
            stem += "新坪下洼"[number // (len(_STEMS_A) * len(_STEMS_B)) % 4]
        code = f"{900 - number // 99:03d}{number % 99 + 1:02d}0"  # six digits, unique
        districts = (f"{stem}东区", f"{stem}西区")
    city = f"{stem}市"
    organs = [
        Organ(city, code, None, "city", summary=True),
        Organ(f"{city}人民政府", code, city, "government"),
        *(Organ(f"{city}{d}", code, city, "department") for d in DEPARTMENTS),
    ]
    for i, district in enumerate(districts):
        region = f"{code[:4]}{i + 2:02d}"
        government = f"{district}人民政府"
        organs.append(Organ(government, region, city, "district"))
        organs += [Organ(f"{district}{d}", region, government, "department") for d in _DISTRICT_DEPARTMENTS[i]]
    return organs


def write_regions_csv(path: Path, organs: Sequence[Organ]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["organ", "region", "parent", "level", "summary"])
        for o in organs:
            writer.writerow([o.name, o.region, o.parent or "", o.level, "true" if o.summary else "false"])


# -- one organ's tables, year by year -----------------------------------------------------------


def _sparse(rng: random.Random, high: int = 30) -> int:
    return rng.randint(1, high) if rng.random() < 0.4 else 0


def _money(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(1, 5000)) / rng.choice([1, 10, 100]) if rng.random() < 0.3 else Decimal(0)


def _check(template: Template, identity: str) -> tuple[Sequence[CellKey], Sequence[CellKey]]:
    check = next(c for c in template.identity_checks if c.identity == identity)
    return check.lhs, check.rhs


def _table3(rng: random.Random, template: Template, carried_over: dict[str, int] | None) -> dict[CellKey, Number]:
    """表三 with this year's 上年结转 given (None: the first year, any)."""
    (total_cell,), parts_cells = _check(template, "T3_ROW_SUM")
    total_col, parts = total_cell[1], [c for _, c in parts_cells]
    (results_cell,), outcome_cells = _check(template, "T3_RESULTS_SUM")
    results_total, outcomes = results_cell[0], [r for r, _ in outcome_cells]
    balance_lhs, balance_rhs = _check(template, "T3_BALANCE")
    (received, over), (_, forward) = [r for r, _ in balance_lhs], [r for r, _ in balance_rhs]
    out: dict[CellKey, int] = {}
    for col in parts:
        for key in outcomes:
            out[key, col] = _sparse(rng)
        out[forward, col] = _sparse(rng, 8)
        out[over, col] = _sparse(rng, 8) if carried_over is None else carried_over[col]
        shortfall = out[over, col] - sum(out[k, col] for k in outcomes) - out[forward, col]
        if shortfall > 0:  # what was carried over must be dealt with somewhere
            out[outcomes[0], col] += shortfall
        out[results_total, col] = sum(out[k, col] for k in outcomes)
        out[received, col] = out[results_total, col] + out[forward, col] - out[over, col]
    for row in template.tables["applications"].leaf_rows:
        out[row.key, total_col] = sum(out[row.key, c] for c in parts)
    return dict(out)


def _table4(rng: random.Random, template: Template) -> dict[CellKey, Number]:
    out: dict[CellKey, Number] = {}
    for check in template.identity_checks:
        if check.identity == "T4_GROUP_SUM":
            for cell in check.rhs:
                out[cell] = _sparse(rng, 12)
            out[check.lhs[0]] = sum(out[c] for c in check.rhs)
    return out


def _table2_2019(rng: random.Random, last: dict[CellKey, Number] | None) -> dict[CellKey, Number]:
    out: dict[CellKey, Number] = {}
    for row in ("rules", "normative_documents"):
        out[row, "made"] = _sparse(rng)
        out[row, "published"] = min(int(out[row, "made"]), _sparse(rng)) if out[row, "made"] else 0
        before = rng.randint(0, 200) if last is None else last[row, "published_total"]
        out[row, "published_total"] = before + out[row, "published"]
    for row in ("licensing", "other_services", "penalty", "enforcement", "admin_fees"):
        items = rng.randint(0, 60) if last is None else last[row, "items_last_year"] + last[row, "items_change"]
        out[row, "items_last_year"] = items
        out[row, "items_change"] = rng.randint(-int(items), 10) if rng.random() < 0.5 else 0
        if row != "admin_fees":
            out[row, "decisions"] = _sparse(rng, 500)
    out["central_procurement", "procurements"] = _sparse(rng)
    out["central_procurement", "procurement_amount"] = _money(rng)
    return out


def _table2_2021(rng: random.Random, last: dict[CellKey, Number] | None) -> dict[CellKey, Number]:
    out: dict[CellKey, Number] = {}
    for row in ("rules", "normative_documents"):
        before = rng.randint(0, 80) if last is None else last[row, "in_force"]
        made = _sparse(rng)
        repealed = rng.randint(0, min(int(before) + made, 6)) if rng.random() < 0.5 else 0
        out[row, "made"], out[row, "repealed"], out[row, "in_force"] = made, repealed, before + made - repealed
    for row in ("licensing", "penalty", "enforcement"):
        out[row, "decisions"] = _sparse(rng, 500)
    out["admin_fees", "fees"] = _money(rng)
    return out


def organ_series(rng: random.Random, years: Sequence[int]) -> dict[int, Values]:
    """One organ's tables for each of ``years``, consistent from year to year."""
    series: dict[int, Values] = {}
    last: Values | None = None
    for year in years:
        template = get_template(version_of(year))
        same_format = last is not None and version_of(year - 1) == version_of(year) and year - 1 in series
        t2 = _table2_2019 if version_of(year) == "2019" else _table2_2021
        over = None
        if last is not None:
            forward = _check(template, "T3_BALANCE")[1][1][0]
            over = {c: int(v) for (r, c), v in last["applications"].items() if r == forward}
        values: Values = {
            "active_disclosure": t2(rng, last["active_disclosure"] if same_format and last else None),
            "applications": _table3(rng, template, over),
            "review_litigation": _table4(rng, template),
        }
        series[year] = values  # checked when written (make_corpus), after the defects
        last = values
    return series


def _assert_complete(template: Template, values: Values) -> None:
    for table_id in TABLE_IDS:
        cells = {(r.key, c.key) for r, c in template.tables[table_id].template_cells()}
        assert set(values[table_id]) == cells, (table_id, set(values[table_id]) ^ cells)
    assert not holds(template, values), holds(template, values)


def summed(children: Sequence[Values]) -> Values:
    """Cell by cell, the sum of ``children``'s tables (a summary report)."""
    first = children[0]
    return {t: {k: sum((c[t][k] for c in children), start=type(v)(0)) for k, v in first[t].items()} for t in first}


# -- prose ----------------------------------------------------------------------------------------


def _sentence(rng: random.Random, lead: str) -> str:
    phrases = [rng.choice(_VERBS) + rng.choice(_OBJECTS) for _ in range(rng.randint(4, 7))]
    return lead + "，".join(phrases) + "。"


def section_prose(rng: random.Random) -> dict[str, list[str]]:
    """Sections 一 and 五 (without the figures sentence), distinct for every draw."""
    one = [_sentence(rng, rng.choice(_OPENINGS)) for _ in range(3)]
    five = [_sentence(rng, rng.choice(_PROBLEMS)), _sentence(rng, rng.choice(_PLANS))]
    return {"一": one, "五": five}


def _figures(values: Values) -> str:
    """The figures sentence of section 一, true to the tables (as prose-table-mismatch reads it)."""
    t3, t4 = values["applications"], values["review_litigation"]
    litigation = t4["cases", "direct_suit.total"] + t4["cases", "suit_after_review.total"]
    return (
        f"本年度共收到政府信息公开申请{t3['new_received', 'total']}件，办结{t3['results_total', 'total']}件；"
        f"发生行政复议{t4['cases', 'review.total']}件、行政诉讼{litigation}件。"
    )


_OTHER_PROSE = {
    "二": "本机关通过门户网站等渠道主动公开政府信息，具体情况见下表。",
    "三": "本机关依法办理政府信息公开申请，具体情况见下表。",
    "四": "本机关政府信息公开行政复议、行政诉讼情况见下表。",
    "六": "本年度未收取信息处理费，无其他需要报告的事项。",
}
_TABLE_UNDER = {"二": "active_disclosure", "三": "applications", "四": "review_litigation"}
_RENDERERS = {"tabs": _tabs_table, "lines": _lines_table, "pipes": _pipes_table}


@functools.cache
def _labels(version: str) -> dict[str, Label]:
    return {s.key: Label((s.text,)) for s in _slots(get_template(version))}


def render(title_organ: str, year: int, values: Values, prose: dict[str, list[str]], cosmetic: int) -> str:
    """The text of a report in one of the text layouts (chosen by ``cosmetic``)."""
    version = version_of(year)
    template = get_template(version)
    report = Report(version, year, title_organ, values, frozenset(), _labels(version), cosmetic=cosmetic)
    rng = random.Random(cosmetic)
    layout = rng.choice(sorted(_RENDERERS))
    tables = _RENDERERS[layout]
    body = [report.title, ""]
    for section in template.sections:
        paragraphs = prose.get(section.numeral) or [_OTHER_PROSE[section.numeral]]
        if section.numeral == "一":
            paragraphs = [*paragraphs, _figures(values)]
        heading = f"{section.numeral}、{section.title}"
        if layout == "lines":  # every paragraph, like every cell, followed by an empty line
            body += [heading, ""] + [line for p in paragraphs for line in (p, "")]
        else:
            body += [heading, *paragraphs]
        table_id = _TABLE_UNDER.get(section.numeral)
        if table_id is not None:
            body += tables(report, table_id, rng)
    body += ["", title_organ, f"{year + 1}年1月{rng.randint(5, 28)}日"]
    return "\n".join(body).replace(NBSP + NBSP, NBSP) + "\n"


# -- the corpus -----------------------------------------------------------------------------------


@attrs.define
class _City:
    organs: list[Organ]
    series: dict[str, dict[int, Values]]
    prose: dict[tuple[str, int], dict[str, list[str]]]
    missing: set[tuple[str, int]] = attrs.Factory(set)
    defects: list[Defect] = attrs.Factory(list)
    not_assessable: list[NotAssessable] = attrs.Factory(list)


def _build_city(index: int, years: Sequence[int], defects: bool, seed: int) -> _City:
    rng = random.Random(f"{seed}:{index}")
    organs = city_tree(index)
    summary = organs[0]
    series = {o.name: organ_series(rng, years) for o in organs if not o.summary}
    children = [o.name for o in organs if o.parent == summary.name]
    series[summary.name] = {y: summed([series[c][y] for c in children]) for y in years}
    prose = {(o.name, y): section_prose(rng) for o in organs for y in years}
    city = _City(organs, series, prose)
    if defects:
        _inject(city, years)
    _not_assessable(city, years)
    return city


def _inject(city: _City, years: Sequence[int]) -> None:
    assert len(years) >= 4 and years[-1] >= 2022, "defects need four years, the last two in the 2021 format"
    organs = city.organs
    summary, departments = organs[0], [o for o in organs if o.level == "department"]
    district_departments = [o for o in departments if o.parent != summary.name]
    city_departments = [o for o in departments if o.parent == summary.name]
    late, last = years[-2], years[-1]

    # carry-over: 上年结转 one more in one column; one more 予以公开 keeps the report's balance
    victim = district_departments[0].name
    t3 = city.series[victim][late]["applications"]
    for c in ("natural_person", "total"):
        before = t3["carried_over", c]
        t3["carried_over", c] = before + 1
        t3["granted", c] += 1
        t3["results_total", c] += 1
        city.defects.append(
            Defect("carry-over-mismatch", victim, late, "applications", "carried_over", c, before + 1, before)
        )

    # 表二 continuity: last year's 行政规范性文件 现行有效件数 raised
    victim_b = district_departments[-1].name
    t2 = city.series[victim_b][last]["active_disclosure"]
    before = t2["normative_documents", "in_force"]
    t2["normative_documents", "in_force"] = before + 7
    city.defects.append(
        Defect(
            "in-force-continuity",
            victim_b,
            last,
            "active_disclosure",
            "normative_documents",
            "in_force",
            before + 7,
            before,
        )
    )

    # summary: one 表二 cell off the sum
    t2s = city.series[summary.name][late]["active_disclosure"]
    before = t2s["licensing", "decisions"]
    t2s["licensing", "decisions"] = before + 3
    city.defects.append(
        Defect(
            "summary-mismatch", summary.name, late, "active_disclosure", "licensing", "decisions", before + 3, before
        )
    )

    # copied: from another organ's report of the same year, and from one's own of last year
    copier, source = district_departments[1].name, district_departments[0].name
    city.prose[copier, late] = city.prose[source, late]
    city.defects.append(Defect("copied-report", copier, late, source=source, source_year=late))
    self_copier = city_departments[2].name
    city.prose[self_copier, last] = city.prose[self_copier, late]
    city.defects.append(Defect("copied-report", self_copier, last, source=self_copier, source_year=late))

    # missing: a city department (a child of the summary) publishes nothing the year before
    absent, gap = city_departments[1].name, years[-3]
    city.missing.add((absent, gap))
    city.defects.append(Defect("missing-report", absent, gap))


def _not_assessable(city: _City, years: Sequence[int]) -> None:
    first_2021 = next((y for y in years if version_of(y) == "2021"), None)
    summary = city.organs[0]
    for organ in city.organs:
        for year in years:
            if (organ.name, year) in city.missing:
                continue
            previous_missing = (organ.name, year - 1) in city.missing
            if year == years[0] or previous_missing:
                reason = "first-year" if year == years[0] else "previous-missing"
                city.not_assessable.append(NotAssessable("carry-over-mismatch", organ.name, year, reason))
            if year == first_2021:
                reason = "first-year" if year == years[0] else "format-switch"
                city.not_assessable.append(NotAssessable("in-force-continuity", organ.name, year, reason))
            elif version_of(year) == "2021" and previous_missing:
                city.not_assessable.append(NotAssessable("in-force-continuity", organ.name, year, "previous-missing"))
    for name, year in sorted(city.missing):
        parent = next(o.parent for o in city.organs if o.name == name)
        if parent == summary.name:
            city.not_assessable.append(NotAssessable("summary-mismatch", summary.name, year, "child-missing"))


def _title_organ(organ: Organ, year: int, years: Sequence[int]) -> str:
    """As the report's title prints the organ: now and then abbreviated (工信局)."""
    for full, short in _ABBREVIATED.items():
        if organ.name.endswith(full) and year == years[1 % len(years)]:
            return organ.name[: -len(full)] + short
    return organ.name


def iter_cities(cities: int, years: Sequence[int], defects: bool, seed: int) -> Iterator[_City]:
    for index in range(cities):
        yield _build_city(index, years, defects, seed)


def make_corpus(
    folder: Path | str,
    *,
    cities: int = 1,
    years: Sequence[int] = range(2019, 2024),
    defects: bool = True,
    seed: int = 0,
) -> CorpusManifest:
    """Write the corpus under ``folder`` (``<region>/<year>/<organ>.txt`` and ``regions.csv``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    years = list(years)
    manifest = CorpusManifest([], folder / "regions.csv", [], [], [], {}, {}, {})
    for index, city in enumerate(iter_cities(cities, years, defects, seed)):
        manifest.organs.extend(city.organs)
        manifest.defects.extend(city.defects)
        manifest.not_assessable.extend(city.not_assessable)
        for n, organ in enumerate(city.organs):
            for year in years:
                if (organ.name, year) in city.missing:
                    continue
                title = _title_organ(organ, year, years)
                values = city.series[organ.name][year]
                _assert_complete(get_template(version_of(year)), values)
                text = render(title, year, values, city.prose[organ.name, year], hash((seed, index, n, year)))
                path = folder / organ.region / str(year) / f"{organ.name}.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                manifest.reports.append(path)
                manifest.titles[path], manifest.organ_of[path], manifest.year_of[path] = title, organ.name, year
    write_regions_csv(manifest.regions_csv, manifest.organs)
    return manifest


def values_of(
    organ: str,
    year: int,
    *,
    cities: int = 1,
    years: Sequence[int] = range(2019, 2024),
    defects: bool = True,
    seed: int = 0,
) -> Values:
    """The tables ``make_corpus`` printed for ``organ`` in ``year`` (the same arguments)."""
    for city in iter_cities(cities, list(years), defects, seed):
        if organ in city.series:
            return city.series[organ][year]
    raise KeyError(organ)
