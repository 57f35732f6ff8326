"""A page's declared charset is believed only when it is a text encoding a page can be written
in (issue #18, in part): ``hex``, ``rot13``, ``idna``, ``punycode`` … made ``parse`` raise, and
UTF-16 declared on a UTF-8 page garbled it."""

from __future__ import annotations

import pytest

import govlint

PAGE = '<html><head><meta charset="{}"></head><body><p>南平市某局2022年政府信息公开工作年度报告</p></body></html>'


@pytest.mark.parametrize(
    "charset", ["hex", "rot13", "base64", "zlib", "idna", "punycode", "unicode-escape", "utf-16", "UTF-32"]
)
def test_a_declared_charset_that_is_no_page_encoding_is_ignored(charset: str) -> None:
    document = govlint.parse_bytes(PAGE.format(charset).encode("utf-8"), "page.html")
    assert (document.kind, document.encoding) == ("html", "utf-8")
    assert document.title == "南平市某局2022年政府信息公开工作年度报告"


def test_a_real_declaration_is_still_believed() -> None:
    document = govlint.parse_bytes(PAGE.format("gbk").encode("gb18030"), "page.html")
    assert document.encoding == "gb18030" and document.title == "南平市某局2022年政府信息公开工作年度报告"
