"""The prose readers and the GL0/GL4/GL5 rules through the Python API: what the rule cases
(tests/cases/*.toml) cannot express — options, the document's body span, verdict readings."""

from __future__ import annotations

import pytest

import govlint
from govlint.errors import ConfigError
from govlint.parse import parse_text
from govlint.prose import passages
from govlint.prose.verdicts import verdicts

from .conftest import REPORTS
from .test_rule_cases import load_case_text

BASE = load_case_text({"base": "2021"})  # a department's 2022 report signed 2023年1月20日


def test_the_body_is_between_the_site_header_and_footer() -> None:
    # Read off the seeds: 000 has its title on line 4 and its last paragraph on line 602,
    # the footer (转载声明 …) from line 604; 004 has its title on line 3 and its date on 602.
    seed0 = govlint.parse(REPORTS / "000_18b1a800694c3a55.txt")
    assert seed0.body == (4, 602)
    assert [c.line for c in seed0.chrome] == [1, 3, 5, 6, 7, 604, 606, 608, 610, 612, 614, 616, 618]
    assert {c.kind for c in seed0.chrome} == {"site-name", "breadcrumb", "page-metadata", "page-tools", "footer"}
    assert not any(p.line in {c.line for c in seed0.chrome} for p in seed0.paragraphs)
    seed4 = govlint.parse(REPORTS / "004_5f5cda31151d78ea.txt")
    assert seed4.body == (3, 602)
    assert seed4.published is not None and seed4.published.isoformat() == "2022-01-26"  # from chrome line 5
    assert govlint.parse(REPORTS / "003_32c7538ebe09f062.txt").chrome == ()


def test_the_signature_is_found_above_the_site_footer() -> None:
    text = BASE + "\n转载声明：转载请注明出处\n主办：某市人民政府办公室\n网站标识码：1234567890\n"
    document = parse_text(text)
    assert document.signed is not None and document.signed.isoformat() == "2023-01-20"
    assert document.body is not None and document.body[1] == 71


def test_body_and_chrome_are_in_the_parse_json() -> None:
    data = govlint.parse(REPORTS / "000_18b1a800694c3a55.txt").to_dict()
    assert data["body"] == {"start": 4, "end": 602}
    assert data["chrome"][0] == {"line": 1, "kind": "site-name", "text": "鄂尔多斯市人民政府官方微信"}


def test_received_reports_which_reading_matched() -> None:
    text = (
        BASE.replace("依法主动公开政府信息。", "依法主动公开政府信息。本年度收到申请3件。")
        .replace("一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0", "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2")
        .replace("二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0", "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1")
    )
    (verdict,) = verdicts(parse_text(text))
    assert [(r.name, r.value) for r in verdict.readings] == [("一", 2), ("一+二", 3)]
    assert verdict.matched is not None and verdict.matched.name == "一+二"
    assert not verdict.mismatch


def test_passages_join_lines_broken_mid_sentence_but_not_items() -> None:
    text = BASE.replace(
        "依法主动公开政府信息。", "依法主动公开政府\n信息，共10条\n- 2 -\n其中网站8条。\n（二）依申请公开。"
    )
    joined = {p.line: p.text for p in passages(parse_text(text))}
    assert "依法主动公开政府信息，共10条其中网站8条。" in joined[4]
    assert joined[8] == "（二）依申请公开。"


def _late(text: str, **options: object) -> list[tuple[object, object]]:
    result = govlint.lint_text(text, select=["late-publication"], options={"late-publication": options})
    return [(f.expected, f.actual) for f in result.findings]


def test_a_local_deadline_is_an_option() -> None:
    signed_25 = BASE.replace("2023年1月20日", "2023年1月25日")
    assert _late(signed_25) == []
    assert _late(signed_25, **{"department-deadline": "01-21"}) == [("2023-01-21", "2023-01-25")]


def test_organ_type_and_township_deadline_are_options() -> None:
    township = BASE.replace("某市工业和信息化局2022年", "某镇人民政府2022年").replace(
        "某市工业和信息化局\n2023年1月20日", "某镇人民政府\n2023年3月1日"
    )
    assert _late(township) == []
    assert _late(township, **{"township-deadline": "02-15"}) == [("2023-02-15", "2023-03-01")]
    assert _late(township, **{"organ-type": "department"}) == [("2023-01-31", "2023-03-01")]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"department-deadline": "1/31"}, "MM-DD"),
        ({"government-deadline": "02-30"}, "day"),
        ({"organ-type": "city"}, "organ-type"),
    ],
)
def test_bad_deadline_options_are_configuration_errors(options: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        govlint.lint_text(BASE, select=["late-publication"], options={"late-publication": options})


def test_counts_in_digits_and_chinese_numerals() -> None:
    from govlint.prose.numbers import to_int

    assert to_int("1,538") == 1538 and to_int("二十三") == 23 and to_int("两") == 2 and to_int("十万八千") == 108000
    assert to_int("零点五") is None  # not a whole count
