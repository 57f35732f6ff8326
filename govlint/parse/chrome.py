"""Page chrome: what a website printed around the report (domain.md §10.9).

Reports copied off a web page carry the site's header (site name, breadcrumb, 发布时间/来源
line, 打印/分享 buttons) above the title and its footer (主办/承办, ICP and 公网安备 numbers,
browser advice) below the signature. Chrome is recognised only where a site puts it — before
the first section heading, and in an unbroken run at the very end — so that a sentence in the
report that happens to mention 邮箱 or 打印 is never taken for chrome.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from govlint.model import ChromeLine
from govlint.parse.layout import is_separator

# Short lines only: a sentence of the report is never chrome, whatever words it uses.
_SHORT: Final = 40

_BREADCRUMB_RE: Final = re.compile(
    r"^(?:当前位置|您的位置|你的位置|所在位置|您现在的位置)|^(?:网站)?首页\s*[>＞»/|｜]|[>＞»]\s*\S+\s*[>＞»]"
)
_METADATA_RE: Final = re.compile(
    r"(?:发布时间|发布日期|发文日期|更新时间|来源|信息来源|文章来源|作者|浏览次数|阅读次数|点击数|访问量|浏览量|"
    r"字号|索引号|发布机构|主题分类|体裁分类|公开方式|公开范围|文号|"
    # a crawler's header: where and when it collected the page (the title line is kept as the title)
    r"标题|栏目|原始链接|原文链接|本地目录|采集时间|抓取时间|爬取时间|下载时间)\s*[:：]"
)
# The line a crawler prints between its header and the page's text (正文：, ==== 正文 ====).
# A crawler's link or folder line: chrome whatever its length (a URL is not a sentence).
_LINK_RE: Final = re.compile(r"^(?:原始链接|原文链接|本地目录|url)\s*[:：]\s*\S*$", re.IGNORECASE)
_BODY_MARK_RE: Final = re.compile(r"^[=＝\-—*#\s]*正文[=＝\-—*#\s:：]*$|^页面链接与图片详见")
_TOOLS_RE: Final = re.compile(
    r"^[【\[(（\s]*(?:保存|打印|打印本页|关闭|关闭窗口|收藏|分享到?|返回顶部|扫一扫|"
    r"大|中|小|默认|纠错|我要纠错|下载|附件下载)[】\]）)\s:：]*$"
)
_TOOL_WORDS_RE: Final = re.compile(
    r"分享到|打印本页|关闭窗口|【\s*打印\s*】|【\s*关闭\s*】|【\s*大\s*中\s*小\s*】|扫一扫"
)
_SITE_RE: Final = re.compile(r"(?:官方微信|官方微博|官方网站|门户网站|政府网|人民政府网|信息公开网|政务公开网)$")
_FOOTER_RE: Final = re.compile(
    r"转载|版权所有|copyright|©|主办单位|主办\s*[:：]|承办\s*[:：]|协办\s*[:：]|技术支持|运行维护|运维\s*[:：]|"
    r"网站标识码|icp|备案号|公网安备|不良信息举报|联系我们|网站地图|建议使用|分辨率|浏览器|"
    r"上一篇|下一篇|相关链接|相关文章|"
    r"分享到|打印本页|关闭窗口|扫一扫|返回顶部|网站支持ipv6|无障碍|适老化",
    re.IGNORECASE,
)
# A site's contact line; chrome only below other footer lines, since a report may end with one.
_CONTACT_RE: Final = re.compile(r"(?:邮箱|电子邮件|e-?mail|电话|传真|地址|邮编)\s*[:：]", re.IGNORECASE)


def _clean(line: str) -> str:
    return unicodedata.normalize("NFKC", line).strip(" \t\u00a0\u3000")


def head_kind(line: str) -> str | None:
    """The kind of header chrome ``line`` is, or None when it may belong to the report."""
    text = _clean(line)
    if _LINK_RE.match(text):
        return "page-metadata"
    if not text or len(text) > _SHORT * 2:
        return None
    if _BREADCRUMB_RE.search(text):
        return "breadcrumb"
    if (_METADATA_RE.search(text) and "。" not in text) or _BODY_MARK_RE.search(text):
        return "page-metadata"
    if len(text) <= _SHORT and (_TOOLS_RE.match(text) or _TOOL_WORDS_RE.search(text)):
        return "page-tools"
    if len(text) <= 24 and _SITE_RE.search(text):
        return "site-name"
    return None


def tail_kind(line: str, below: bool = False) -> str | None:
    """The kind of footer chrome ``line`` is, or None; ``below``: footer lines follow it."""
    text = _clean(line)
    if not text or len(text) > _SHORT * 2 or "。" in text:
        return None
    if _FOOTER_RE.search(text):
        return "footer"
    if len(text) <= _SHORT and _TOOLS_RE.match(text):
        return "page-tools"
    if below and _CONTACT_RE.search(text):
        return "footer"
    return None


def find_chrome(
    lines: Sequence[str], first_heading: int | None, keep: frozenset[int] = frozenset()
) -> tuple[tuple[ChromeLine, ...], tuple[int, int] | None]:
    """Chrome lines and the 1-based inclusive span of the report body between them.

    ``first_heading`` is the 0-based line of the first section heading (None when there is
    none); ``keep`` holds 1-based lines that are certainly the report's (its title).
    """
    chrome: list[ChromeLine] = []
    head_end = first_heading if first_heading is not None else 0
    for index in range(head_end):
        if index + 1 in keep:
            continue
        kind = head_kind(lines[index])
        if kind is not None:
            chrome.append(ChromeLine(index + 1, kind, _clean(lines[index])))
    tail: list[ChromeLine] = []
    for index in range(len(lines) - 1, head_end, -1):
        if is_separator(lines[index]):
            continue
        kind = tail_kind(lines[index], below=bool(tail))
        if kind is None or index + 1 in keep:
            break
        tail.append(ChromeLine(index + 1, kind, _clean(lines[index])))
    chrome += reversed(tail)
    taken = {c.line for c in chrome}
    # The first and the last line of content: looked for from each end, not every line listed.
    first = next((n for n, line in enumerate(lines, 1) if n not in taken and not is_separator(line)), None)
    if first is None:
        return tuple(chrome), None
    last = next(n for n in range(len(lines), first - 1, -1) if n not in taken and not is_separator(lines[n - 1]))
    return tuple(chrome), (first, last)
