"""Reading the running text of a report: counts, claims about the tables, stated sums, damage.

Text copied from a PDF breaks sentences over lines (``受理政府`` / ``信息公开申请 17 件``), so the
readers work on :func:`passages` — runs of lines joined back into paragraphs — and map what
they find back to a line and column.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from typing import Final

import attrs

from govlint.model import Document
from govlint.prose.damage import is_page_number

# A line ends its paragraph when it ends a sentence, or the next line starts a new item.
# (Tried on the line, not on the paragraph joined so far: that would be quadratic in a
# paragraph of many lines.)
_ENDS_RE: Final = re.compile(r"[。！？!?；;：:]\s*$|[。！？!?][”’」』)）]\s*$")
_STARTS_RE: Final = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]|注[:：]|附件)"
)


# Characters NFKC keeps one by one: ASCII, and the CJK unified ideographs U+4E00–U+9FFF.
_KEPT_RE: Final = re.compile(r"[\x00-\x7f\u4e00-\u9fff]+")
# Up to this many distinct characters to fold, one replace each; more, one translation.
_REPLACED: Final = 8


@attrs.frozen
class Passage:
    """Lines joined into one paragraph; ``starts`` holds (offset in ``text``, 1-based line)."""

    text: str
    starts: tuple[tuple[int, int], ...]
    section: str | None
    _offsets: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)
    # :func:`fold` of ``text``, once: three rules read each passage folded.
    folded: str = attrs.field(init=False, repr=False, eq=False)

    @_offsets.default
    def _offsets_of_starts(self) -> tuple[int, ...]:
        return tuple(s for s, _ in self.starts)

    @folded.default
    def _folded_text(self) -> str:
        return fold(self.text)

    @property
    def line(self) -> int:
        return self.starts[0][1]

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, 1-based column) of a character offset in ``text``."""
        index = bisect.bisect_right(self._offsets, offset) - 1
        start, line = self.starts[max(index, 0)]
        return line, offset - start + 1


def passages(document: Document) -> list[Passage]:
    """The report's running text as paragraphs, page-number lines skipped."""
    out: list[Passage] = []
    pieces: list[str] = []
    length = 0
    last = ""  # the last line that is not only white space: whether it ends a sentence
    starts: list[tuple[int, int]] = []
    section: str | None = None
    previous = -1
    title = set(document.title_lines)
    for paragraph in document.paragraphs:
        if paragraph.line in title:
            continue
        if is_page_number(paragraph.text):
            previous = paragraph.line  # a page break does not end the paragraph it cuts
            continue
        joins = (
            starts
            and paragraph.line == previous + 1
            and paragraph.section == section
            and not _ENDS_RE.search(last)
            and not _STARTS_RE.match(paragraph.text)
        )
        if not joins:
            if starts:
                out.append(Passage("".join(pieces), tuple(starts), section))
            pieces, length, last, starts, section = [], 0, "", [], paragraph.section
        if paragraph.text.strip():  # with the character before it: 。 then a line ）
            last = (pieces[-1][-1:] if pieces else "") + paragraph.text
        starts.append((length, paragraph.line))
        pieces.append(paragraph.text)
        length += len(paragraph.text)
        previous = paragraph.line
    if starts:
        out.append(Passage("".join(pieces), tuple(starts), section))
    return out


def fold(text: str) -> str:
    """NFKC character by character, keeping every offset: a character whose NFKC form is not
    one character (…, ㈠) stays as it is."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    # Each distinct character once, but ASCII and the common ideographs, which NFKC keeps: a
    # report repeats few characters many times, and changes fewer (，（）： …).
    changed = {ch: f for ch in set(_KEPT_RE.sub("", text)) if (f := _folded(ch)) != ch}
    if len(changed) > _REPLACED:  # a pass per character would not be linear in the text
        return text.translate({ord(ch): f for ch, f in changed.items()})
    for ch, f in changed.items():  # f is NFKC's own form: no later pass changes it again
        text = text.replace(ch, f)
    return text


@lru_cache(maxsize=4096)
def _folded(ch: str) -> str:
    f = unicodedata.normalize("NFKC", ch)
    return f if len(f) == 1 else ch
