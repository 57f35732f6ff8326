"""Organ names and the region table of a corpus audit (govlint/corpus/names.py, regions.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govlint
from govlint.corpus import NO_REGIONS, OrganInfo, Regions, organ_key
from govlint.corpus.names import Aliases, builtin_aliases, is_bare
from govlint.engine.config import Config, checked_settings, load_config_file
from govlint.errors import ConfigError

TABLE = """organ,region,parent,level,summary
乌海市,150300,,city,是
乌海市人民政府,150300,乌海市,government,否
乌海市工业和信息化局,150300,乌海市,department,0
乌海市教育局,150300,乌海市,department,
海勃湾区人民政府,150302,乌海市,district,false
海勃湾区教育局,150302,海勃湾区人民政府,department,FALSE
包头市工业和信息化局,150200,,department,no
"""
PATTERN = r"/(?P<region>\d{6})/(?P<year>\d{4})/(?P<organ>[^/]+)\.txt$"


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "regions.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# -- organ_key -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["市工信局", "市工业和信息化局", " 市 工信局 "], "市工业和信息化局"),
        (["乌海市工信局", "乌海市工业和信息化局", "乌海市工业和信息化局（本级）"], "乌海市工业和信息化局"),
        (["乌海市政府办", "乌海市政府办公室", "乌海市人民政府办公室"], "乌海市人民政府办公室"),
        (["乌海市政府", "乌海市人民政府", "乌海市人民政府(机关本级)", "【乌海市人民政府】"], "乌海市人民政府"),
        (["乌海市发改委", "乌海市发展改革委", "乌海市发展和改革委员会"], "乌海市发展和改革委员会"),
        (["乌海市市监局", "乌海市市场监管局", "乌海市市场监督管理局"], "乌海市市场监督管理局"),
        (["乌海市卫健委", "乌海市卫生健康委员会", "乌海市\u3000卫生健康委员会\u00a0"], "乌海市卫生健康委员会"),
        (["乌海市人民政府（汇总）", "乌海市人民政府汇总", "乌海市人民政府 [汇总]"], "乌海市人民政府汇总"),
        (["ＡＢＣ县财政局", "ABC县财政局"], "ABC县财政局"),
    ],
)
def test_every_spelling_of_an_organ_has_one_key(spellings: list[str], key: str) -> None:
    assert {organ_key(s) for s in spellings} == {key}


def test_no_name_has_no_key() -> None:
    assert organ_key(None) is None and organ_key("") is None and organ_key(" \u3000（）") is None


def test_different_organs_keep_different_keys() -> None:
    keys = ["乌海市工信局", "包头市工信局", "乌海市人民政府", "乌海市人民政府（汇总）", "乌海市", "乌海市自然资源局",
            "乌海市自然资源和规划局", "乌海市教育局", "乌海市教育体育局"]  # fmt: skip
    assert len({organ_key(k) for k in keys}) == len(keys)


def test_the_builtin_aliases_are_stable() -> None:
    aliases = builtin_aliases()
    assert len(aliases.table) >= 30
    for alias, canonical in aliases.table.items():
        assert organ_key(canonical) == canonical, alias  # expanding a canonical spelling changes nothing
        assert organ_key("乌海市" + alias) == organ_key("乌海市" + canonical) == "乌海市" + canonical
        assert organ_key(organ_key("乌海市" + alias)) == "乌海市" + canonical


_NOISE = st.sampled_from([" ", "\u3000", "\u00a0", "\u200b", "\t"])


@given(st.sampled_from(sorted(builtin_aliases().table)), st.lists(st.tuples(st.integers(0, 20), _NOISE), max_size=3))
def test_white_space_and_width_do_not_change_a_key(alias: str, noise: list[tuple[int, str]]) -> None:
    name = list("包头市" + alias)
    for at, char in noise:
        name.insert(at % (len(name) + 1), char)
    wide = "".join(name).replace("市", "市").translate(str.maketrans("()", "（）"))
    assert organ_key(wide) == organ_key("包头市" + alias)


def test_bare_names_start_with_a_level() -> None:
    assert is_bare("市工业和信息化局") and is_bare("区教育局")
    assert not is_bare("乌海市工业和信息化局") and not is_bare("镇江市工业和信息化局")


# -- the region table ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_the_table_reads_in_every_encoding_a_spreadsheet_saves(tmp_path: Path, encoding: str) -> None:
    regions = Regions.load(_write(tmp_path, TABLE, encoding))
    organs = regions.organs
    assert list(organs.columns) == ["organ", "organ_key", "region", "parent", "level", "summary"]
    assert list(organs["organ"]) == [line.split(",")[0] for line in TABLE.splitlines()[1:]]
    assert list(organs["summary"]) == [True, False, False, False, False, False, False]
    assert organs.loc[5, "parent"] == "海勃湾区人民政府" and organs.loc[0, "parent"] is pd_na()
    assert str(organs["summary"].dtype) == "boolean" and str(organs["region"].dtype) == "string"


def pd_na() -> object:
    import pandas as pd

    return pd.NA


def test_a_tab_separated_table_without_summary_column(tmp_path: Path) -> None:
    text = "Organ\tRegion\tParent\tLevel\n乌海市\t150300\t\tcity\n乌海市教育局\t150300\t乌海市\tdepartment\n"
    regions = Regions.load(_write(tmp_path, text))
    assert list(regions.organs["summary"]) == [False, False]
    assert list(regions.organs["parent"].fillna("")) == ["", "乌海市"]


def test_a_parent_is_named_in_any_spelling(tmp_path: Path) -> None:
    text = "organ,region,parent,level\n乌海市工业和信息化局,150300,,department\n乌海市工信局信息中心,150300,乌海市工信局,unit\n"
    organs = Regions.load(_write(tmp_path, text)).organs
    assert organs.loc[1, "parent"] == "乌海市工业和信息化局"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("organ,region,level\n乌海市,150300,city\n", 1),  # no parent column
        ("organ,region,parent,level\n乌海市,150300,,city\n乌海市,150300,,city\n", 3),  # duplicate
        ("organ,region,parent,level\n乌海市工信局,1,,d\n乌海市工业和信息化局,1,,d\n", 3),  # same once normalised
        ("organ,region,parent,level\n乌海市,150300,包头市,city\n", 2),  # parent not in the table
        ("organ,region,parent,level\n甲局,1,乙局,d\n乙局,1,丙局,d\n丙局,1,甲局,d\n", 2),  # a cycle
        ("organ,region,parent,level\n甲局,1,甲局,d\n", 2),  # its own parent
        ("organ,region,parent,level,summary\n乌海市,150300,,city,maybe\n", 2),  # summary not a boolean
        ("organ,region,parent,level\n,150300,,city\n", 2),  # no organ name
        ('organ,region,parent,level\n"乌海市,150300,,city\n', 2),  # an unclosed quote
    ],
)
def test_a_bad_table_names_its_file_and_line(tmp_path: Path, text: str, line: int) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        Regions.load(path)
    assert f"{path}:{line}:" in str(caught.value)


@pytest.mark.parametrize(
    "content", [None, b"", b"\xff\xff\xff\x81\x30", b"organ,region,parent,level\n\xff\xfe\x00\x81"]
)
def test_an_unreadable_table_is_a_config_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "regions.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        Regions.load(path)
    assert str(path) in str(caught.value)


def test_a_folder_is_not_a_table(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        Regions.load(tmp_path)


# -- aliases ----------------------------------------------------------------------------------------


def test_an_alias_file_extends_the_builtin_table(tmp_path: Path) -> None:
    toml = _write(tmp_path, '[aliases]\n"大数据局" = "大数据中心"\n"工信局" = "工业和信息化委员会"\n', name="a.toml")
    csv = _write(tmp_path, "alias,organ\n乌海市环境保护局,乌海市生态环境局\n", name="a.csv")
    table = _write(tmp_path, "organ,region,parent,level\n乌海市大数据中心,150300,,unit\n")
    regions = Regions.load(table, aliases=toml)
    assert regions.lookup("x.txt", "乌海市大数据局").organ == "乌海市大数据中心"
    assert regions.key("乌海市工信局") == "乌海市工业和信息化委员会"  # the user's wins
    assert regions.key("乌海市发改委") == "乌海市发展和改革委员会"  # the built-in ones stay
    assert organ_key("乌海市大数据局") == "乌海市大数据局"  # the built-in table is unchanged
    assert Regions.load(aliases=csv).key("乌海市环境保护局") == "乌海市生态环境局"
    assert Aliases.load(csv).table == {"乌海市环境保护局": "乌海市生态环境局"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.toml", '"工信局" = "工业和信息化局"\n'),  # no [aliases] table
        ("a.toml", "[aliases]\n工信局 = \n"),  # not TOML
        ("a.toml", '[aliases]\n"工信局" = 3\n'),
        ("a.toml", '[aliases]\n"（）" = "局"\n'),  # empty once cleaned
        ("a.csv", "short,long\n工信局,工业和信息化局\n"),
        ("a.csv", "alias,organ\n工信局,\n"),
    ],
)
def test_a_bad_alias_file_is_a_config_error(tmp_path: Path, name: str, text: str) -> None:
    path = _write(tmp_path, text, name=name)
    with pytest.raises(ConfigError) as caught:
        Regions.load(aliases=path)
    assert str(path) in str(caught.value)


# -- lookup ------------------------------------------------------------------------------------------


@pytest.fixture
def regions(tmp_path: Path) -> Regions:
    return Regions.load(_write(tmp_path, TABLE), pattern=PATTERN)


def test_a_report_matches_its_row_by_any_spelling(regions: Regions) -> None:
    info = regions.lookup("/c/150300/2021/a.txt", "乌海市工信局")
    assert info == OrganInfo(
        "乌海市工业和信息化局", "乌海市工业和信息化局", "150300", "乌海市", "department", False, 2021
    )
    summary = regions.lookup("/c/150300/2022/a.txt", "乌海市")
    assert summary.summary and summary.parent is None and summary.level == "city"


def test_the_pattern_names_the_organ_when_the_report_does_not(regions: Regions) -> None:
    info = regions.lookup("/c/150302/2020/海勃湾区教育局.txt", None)
    assert (info.organ, info.region, info.parent, info.year) == ("海勃湾区教育局", "150302", "海勃湾区人民政府", 2020)
    assert regions.lookup("/c/150302/2020/海勃湾区教育局.txt", "看不懂的名字").organ == "海勃湾区教育局"


def test_a_bare_name_is_matched_within_the_paths_region(regions: Regions) -> None:
    assert regions.lookup("/c/150300/2021/x.txt", "市工信局").organ == "乌海市工业和信息化局"
    assert regions.lookup("/c/150200/2021/x.txt", "市工信局").organ == "包头市工业和信息化局"
    assert regions.lookup("/c/150302/2021/x.txt", "区教育局").organ == "海勃湾区教育局"


def test_a_bare_name_without_region_matches_only_when_one_organ_fits(tmp_path: Path) -> None:
    regions = Regions.load(_write(tmp_path, TABLE))
    assert regions.lookup("x.txt", "区教育局").organ == "海勃湾区教育局"
    ambiguous = regions.lookup("x.txt", "市工信局")  # 乌海 or 包头
    assert (ambiguous.organ, ambiguous.organ_key, ambiguous.parent) == ("市工信局", "市工业和信息化局", None)


def test_unmatched_bare_names_of_different_regions_do_not_collide() -> None:
    regions = Regions.load(pattern=PATTERN)
    wuhai = regions.lookup("/c/150300/2021/x.txt", "市工信局")
    baotou = regions.lookup("/c/150200/2021/x.txt", "市工信局")
    assert wuhai.organ_key != baotou.organ_key and wuhai.region == "150300"
    named = Regions.load(pattern=r"/(?P<region>[^/]+市)/")
    assert named.lookup("/c/乌海市/x.txt", "市工信局").organ_key == organ_key("乌海市工信局")
    assert named.lookup("/c/乌海市/x.txt", "乌海市工信局").organ_key == organ_key("乌海市工业和信息化局")


def test_an_organ_not_in_the_table_keeps_its_own_name(regions: Regions) -> None:
    info = regions.lookup("/c/150300/2021/x.txt", "乌海市统计局")
    assert info == OrganInfo("乌海市统计局", "乌海市统计局", "150300", None, None, False, 2021)


def test_without_regions_the_reports_name_is_the_key() -> None:
    assert NO_REGIONS.lookup("any/path.txt", "乌海市工信局") == OrganInfo("乌海市工信局", "乌海市工业和信息化局")
    assert NO_REGIONS.lookup("any/path.txt", None) == OrganInfo(None, None)
    assert NO_REGIONS.organs.empty and list(NO_REGIONS.organs.columns)[:2] == ["organ", "organ_key"]


def test_a_path_the_pattern_does_not_match_gives_nothing_from_it(regions: Regions) -> None:
    info = regions.lookup("elsewhere/a.txt", "乌海市教育局")
    assert (info.organ, info.region, info.year) == ("乌海市教育局", "150300", None)
    assert regions.lookup("/c/150300/20x1/a.txt", None) == OrganInfo(None, None)


@pytest.mark.parametrize("pattern", ["(?P<organ>[", r"/(\d{6})/", "(?P<city>.+)"])
def test_a_bad_pattern_is_a_config_error(pattern: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Regions.load(pattern=pattern)
    assert pattern in str(caught.value)


def test_the_fingerprint_follows_the_content_not_the_file(tmp_path: Path) -> None:
    one = Regions.load(_write(tmp_path, TABLE), pattern=PATTERN)
    (tmp_path / "b").mkdir()
    two = Regions.load(_write(tmp_path / "b", TABLE, "gb18030"), pattern=PATTERN)
    assert one.fingerprint == two.fingerprint
    three = Regions.load(_write(tmp_path, TABLE.replace("150302", "150303")), pattern=PATTERN)
    assert len({one.fingerprint, three.fingerprint, Regions.load(_write(tmp_path, TABLE)).fingerprint}) == 3
    assert NO_REGIONS.fingerprint == Regions.load().fingerprint


# -- settings -----------------------------------------------------------------------------------------


def test_settings_name_the_files_relative_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    _write(tmp_path / "data", TABLE)
    _write(tmp_path / "data", '[aliases]\n"大数据局" = "大数据中心"\n', name="aliases.toml")
    config_file = tmp_path / "govlint.toml"
    config_file.write_text(
        'regions = "data/regions.csv"\naliases = "data/aliases.toml"\norgan-pattern = "/(?P<region>\\\\d{6})/"\n',
        encoding="utf-8",
    )
    config = load_config_file(config_file)
    assert config.regions == str(tmp_path / "data" / "regions.csv")
    regions = config.load_regions()
    assert regions is config.load_regions()  # read once
    assert len(regions.rows) == 7 and regions.key("乌海市大数据局") == "乌海市大数据中心"
    assert regions.lookup("/c/150300/a.txt", "市工信局").organ == "乌海市工业和信息化局"
    _write(tmp_path / "data", TABLE + "乌海市统计局,150300,乌海市,department,\n")
    os.utime(tmp_path / "data" / "regions.csv", ns=(1, 1))
    assert len(config.load_regions().rows) == 8  # a changed file is read again


def test_settings_without_regions_give_no_regions() -> None:
    regions = Config().load_regions()
    assert regions.rows == () and regions.pattern is None


@pytest.mark.parametrize(
    ("key", "value"),
    [("regions", 3), ("aliases", ["a.toml"]), ("organ-pattern", ""), ("organ-pattern", "(?P<organ>[")],
)
def test_bad_region_settings_are_config_errors(tmp_path: Path, key: str, value: object) -> None:
    config_file = tmp_path / "govlint.toml"
    config_file.write_text(f"{key} = {value!r}\n".replace("'", '"'), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config_file(config_file).load_regions()
    assert str(config_file) in str(caught.value)


def test_region_settings_are_keyword_settings(tmp_path: Path) -> None:
    assert checked_settings("lint", {"regions": "r.csv", "aliases": "a.toml", "organ_pattern": "(?P<year>.)"})
    config = Config().merged(regions=tmp_path / "r.csv", organ_pattern="(?P<year>\\d{4})")
    assert config.regions == str(tmp_path / "r.csv")
    with pytest.raises(ConfigError):
        config.load_regions()  # no such file
    with pytest.raises(TypeError):
        govlint.lint_text("", region="r.csv")  # type: ignore[call-arg]


def test_the_paths_year_stands_for_a_report_that_names_none(tmp_path: Path) -> None:
    from govlint.corpus import lint_batch

    folder = tmp_path / "2022"
    folder.mkdir()
    dated = folder / "notice.txt"
    dated.write_text("本机关今年没有需要说明的事项。\n", encoding="utf-8")
    regions = Regions.load(pattern=r"/(?P<year>\d{4})/")
    tables = lint_batch([str(dated)], regions=regions, jobs=0)
    assert tables.documents["year"].tolist() == [2022]
    assert set(tables.findings["year"]) == {2022}
    assert lint_batch([str(dated)], jobs=0).documents["year"].isna().all()
