"""GL1 — document structure: the six sections, their order, numbering and content."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence

from govlint.engine.context import Context
from govlint.engine.registry import Rule, RuleMeta, register
from govlint.model import Document, Finding, Fix, Heading, Paragraph, Section, Severity
from govlint.prose.numbers import to_chinese
from govlint.templates.labels import cjk_ordinal

NUMERALS = "一二三四五六"
# "一是…二是…" enumerations inside a paragraph; the enumerator follows a clause boundary.
_ENUMERATION_RE = re.compile(r"(?:^|(?<=[。；;，,：:\s\u00a0\u3000]))([一二三四五六七八九十]{1,2})是")


@register
class MissingSection(Rule):
    """One of the six required sections is absent.

    The format requires 一 总体情况 … 六 其他需要报告的事项, in that order. A heading numbered
    in a non-standard way (``4、``) still counts as present; heading-numbering reports it.
    """

    meta = RuleMeta("GL101", "missing-section", Severity.ERROR)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        present = {s.numeral for s in document.sections}
        for spec in ctx.template.sections if ctx.template else ():
            if spec.numeral not in present:
                yield ctx.finding(
                    f"缺少第{spec.numeral}部分“{spec.title}”。",
                    f"Section {spec.numeral} ({spec.title}) is missing.",
                    section=spec.numeral,
                    expected=f"{spec.numeral}、{spec.title}",
                )


@register
class SectionOrder(Rule):
    """Sections are out of order, or a section's table stands under another heading.

    For example table 四 printed before heading 四, leaving heading 四 empty (seed 002).
    """

    meta = RuleMeta("GL102", "section-order", Severity.ERROR)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        highest = 0
        for section in _first_of_each(document.sections):
            rank = NUMERALS.index(section.numeral)
            if rank < highest:
                yield ctx.finding(
                    f"第{section.numeral}部分出现在第{NUMERALS[highest]}部分之后，顺序错误。",
                    f"Section {section.numeral} comes after section {NUMERALS[highest]}.",
                    line=section.line,
                    section=section.numeral,
                )
            highest = max(highest, rank)
        for table in document.tables.values():
            own = document.section(table.numeral)
            host = document.section_at(table.start_line or 0)
            if own is None or host is own:
                continue
            where = f"第{host.numeral}部分" if host else "正文开头"
            where_en = f"section {host.numeral}" if host else "the start of the text"
            at, at_en = ctx.place(table.start_line)
            yield ctx.finding(
                f"表{table.numeral}位于{where}（{at}），而不在第{table.numeral}部分标题之下。",
                f"Table {table.numeral} stands in {where_en} ({at_en}), not under heading {table.numeral}.",
                line=own.line,
                section=table.numeral,
                table=table.id,
                expected=table.numeral,
                actual=host.numeral if host else None,
            )


@register
class DuplicateHeading(Rule):
    """The same section heading occurs twice (e.g. ``六、其他需要报告的事项`` repeated).

    Fixable when the two headings are adjacent and the first has nothing under it: the
    repeated line is deleted. Table-row labels that reuse ordinals are never headings.
    """

    meta = RuleMeta("GL103", "duplicate-heading", Severity.ERROR, fixable=True)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        seen: dict[str, Section] = {}
        for section in document.sections:
            first = seen.setdefault(section.numeral, section)
            if first is section:
                continue
            empty_between = _is_empty(document, first.line, section.line)
            fix = Fix(
                "删除重复的标题行 / delete the repeated heading",
                section.line,
                document.lines[section.line - 1],
                "",
                edits=ctx.delete_lines([section.line]),
            )
            (at_first, en_first), (at_second, en_second) = ctx.place(first.line), ctx.place(section.line)
            yield ctx.finding(
                f"第{section.numeral}部分标题重复（{at_first}与{at_second}）。",
                f"Heading {section.numeral} is repeated ({en_first} and {en_second}).",
                line=section.line,
                section=section.numeral,
                expected=first.line,
                actual=section.line,
                fix=fix if empty_between else None,
            )


@register
class HeadingNumbering(Rule):
    """Headings numbered in a non-standard way.

    A section heading numbered ``4、`` instead of ``四、``, or with a numeral that is not its
    section's; sub-headings that mix styles (``（1）（二）（3）``); and, at info level, heading
    wording that differs from the format's.
    """

    meta = RuleMeta("GL104", "heading-numbering", Severity.WARNING)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        for section in document.sections:
            heading = section.heading
            if heading.style != "cjk" or heading.ordinal != NUMERALS.index(section.numeral) + 1:
                yield ctx.finding(
                    f"标题编号“{heading.enumerator}”不规范，应为“{section.numeral}、”。",
                    f"Heading numbered {heading.enumerator!r}; expected {section.numeral + '、'!r}.",
                    line=heading.line,
                    section=section.numeral,
                    expected=f"{section.numeral}、",
                    actual=heading.enumerator,
                )
            elif section.match != "exact":
                yield ctx.finding(
                    f"标题“{section.title}”与格式规定的“{section.canonical_title}”不一致。",
                    f"Heading wording {section.title!r} differs from the format's {section.canonical_title!r}.",
                    line=heading.line,
                    section=section.numeral,
                    expected=section.canonical_title,
                    actual=section.title,
                    severity=Severity.INFO,
                )
            yield from _mixed_styles(ctx, section)


@register
class SubheadingSequence(Rule):
    """Gaps or repeats in ``（一）（二）…`` sub-headings or ``一是…二是…`` enumerations.

    For example ``（三）`` followed by ``（五）`` (the （四） part lost its number), or ``四是…四是``.
    """

    meta = RuleMeta("GL105", "subheading-sequence", Severity.WARNING)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        lines = sorted(p.line for p in document.paragraphs)
        for section in document.sections:
            yield from _gaps(ctx, lines, section)
        for paragraph in document.paragraphs:
            if paragraph.text.count("是") < 2:
                continue  # each item ends in 是: fewer than two items, no sequence to check
            ordinals = [cjk_ordinal(m.group(1)) for m in _ENUMERATION_RE.finditer(paragraph.text)]
            for previous, current in itertools.pairwise(ordinals):
                if previous is not None and current is not None and current != previous + 1 and current != 1:
                    yield ctx.finding(
                        f"“{to_chinese(previous)}是”之后是“{to_chinese(current)}是”，列举序号不连续。",
                        f"Enumeration goes from {previous} to {current}.",
                        line=paragraph.line,
                        section=paragraph.section,
                        expected=f"{to_chinese(previous + 1)}是",
                        actual=f"{to_chinese(current)}是",
                    )


@register
class EmptySection(Rule):
    """A heading with nothing under it, or section 五 that says only ``无``."""

    meta = RuleMeta("GL106", "empty-section", Severity.WARNING)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        sections = document.sections
        paragraphs = sorted(document.paragraphs, key=lambda p: p.line)
        lines = [p.line for p in paragraphs]
        for n, section in enumerate(sections):
            following = sections[n + 1] if n + 1 < len(sections) else None
            if following is not None and following.numeral == section.numeral:
                continue  # an adjacent duplicate: duplicate-heading reports it
            text = _content(paragraphs, lines, section)
            has_table = any(section.line < (t.start_line or 0) <= section.end_line for t in document.tables.values())
            if not text and not has_table:
                yield ctx.finding(
                    f"第{section.numeral}部分标题下没有内容。",
                    f"Section {section.numeral} has nothing under its heading.",
                    line=section.line,
                    section=section.numeral,
                )
            elif section.numeral == "五" and text.strip("。.；; ") in ("无", "暂无", "没有"):
                yield ctx.finding(
                    "第五部分只写了“无”，应说明存在的主要问题及改进情况。",
                    "Section 五 says only 'none'; it should state the main problems and improvements.",
                    line=section.line,
                    section=section.numeral,
                    actual=text,
                )


@register
class MissingTitle(Rule):
    """No title line naming the organ and the report year.

    The organ and year then had to be inferred from the signature or the body, or could not be.
    """

    meta = RuleMeta("GL107", "missing-title", Severity.WARNING)

    def check(self, document: Document, ctx: Context) -> Iterator[Finding]:
        if document.title is not None:
            return
        organ = document.organ_evidence
        at, at_en = ctx.place(organ.line) if organ and organ.line else ("", "")
        inferred = f"（机关名称取自{at}的落款）" if at else ""
        inferred_en = f" (organ taken from the signature, {at_en})" if at else ""
        yield ctx.finding(
            f"缺少写明机关名称和年度的报告标题{inferred}。",
            f"No title line names the organ and the report year{inferred_en}.",
            line=1,
            expected="XX机关XXXX年政府信息公开工作年度报告",
            actual=None,
        )


# -- helpers -----------------------------------------------------------------------------------


def _first_of_each(sections: Sequence[Section]) -> list[Section]:
    seen: set[str] = set()
    out = []
    for s in sections:
        if s.numeral not in seen:
            seen.add(s.numeral)
            out.append(s)
    return out


def _is_empty(document: Document, after: int, before: int) -> bool:
    return all(not document.lines[i].strip(" \t\u00a0\u3000") for i in range(after, before - 1))


def _content(paragraphs: Sequence[Paragraph], lines: Sequence[int], section: Section) -> str:
    """The running text under ``section``; ``paragraphs`` in line order, ``lines`` their lines
    (bisected: a scan of all paragraphs per section is quadratic in a file of many)."""
    first, last = bisect.bisect_right(lines, section.line), bisect.bisect_right(lines, section.end_line)
    return "".join(p.text for p in paragraphs[first:last])


def _mixed_styles(ctx: Context, section: Section) -> Iterator[Finding]:
    subs = section.subheadings
    if not subs:
        return
    styles = [h.style for h in subs]
    # （一） is the format's own style; otherwise the style most sub-headings use.
    major = "cjk-paren" if "cjk-paren" in styles else max(set(styles), key=styles.count)
    odd = [h for h in subs if h.style != major]
    if odd:
        yield ctx.finding(
            f"小标题编号样式混用：{''.join(h.enumerator for h in subs)}。",
            f"Sub-headings mix numbering styles: {' '.join(h.enumerator for h in subs)}.",
            line=odd[0].line,
            section=section.numeral,
            expected=major,
            actual=[h.enumerator for h in odd],
        )


def _gaps(ctx: Context, lines: Sequence[int], section: Section) -> Iterator[Finding]:
    subs: Sequence[Heading] = section.subheadings
    for previous, current in itertools.pairwise(subs):
        if current.ordinal == previous.ordinal + 1 or current.ordinal == 1:
            continue
        gap = current.ordinal > previous.ordinal + 1
        line = _likely_missing_line(lines, previous.line, current.line) if gap else current.line
        expected = _paren(previous.ordinal + 1)
        yield ctx.finding(
            f"小标题“{previous.enumerator}”之后是“{current.enumerator}”，缺少或重复了{expected}。",
            f"Sub-heading {previous.enumerator} is followed by {current.enumerator}; "
            f"{expected} is missing or repeated.",
            line=line,
            section=section.numeral,
            expected=expected,
            actual=current.enumerator,
        )


def _likely_missing_line(lines: Sequence[int], after: int, before: int) -> int:
    """The last paragraph between two sub-headings: where the unnumbered one most likely begins
    (``lines``: the paragraphs' lines, sorted)."""
    index = bisect.bisect_left(lines, before) - 1
    return lines[index] if index >= 0 and lines[index] > after else before


def _paren(n: int) -> str:
    return f"（{to_chinese(n)}）"
