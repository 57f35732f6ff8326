"""Figures the text states about the statutory tables (domain.md §9.3 P_T3_PROSE, P_T4_VS_PROSE).

A *claim* is one figure in one clause: ``收到政府信息公开申请1条`` says table 三 row 一 is 1;
``行政复议0件次`` says table 四's 行政复议 总计 is 0; ``未发生…行政复议、行政诉讼`` says both are 0.

Reading is deliberately narrow. A clause yields a claim only when it names exactly what it
counts (a topic word, and for applications a verb saying which count), carries one count for
it (or a plain negation), and has nothing that makes the figure something else: another year,
a cumulative or comparative word (截至、累计、同比、较上年), a condition (如、若), a share (占、%).
Everything else is no claim: an unread sentence is never a mismatch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Final

import attrs

from govlint.prose import Passage, fold
from govlint.prose.numbers import Count, find_counts
from govlint.templates import all_templates

# Kinds of claim → what they count.
RECEIVED: Final = "received"  # 本年新收 (or, read loosely, 新收 + 上年结转)
CARRIED_OVER: Final = "carried_over"
ANSWERED: Final = "answered"  # 办理结果总计
CARRIED_FORWARD: Final = "carried_forward"
REVIEW: Final = "review"  # 行政复议 总计
LITIGATION: Final = "litigation"  # 行政诉讼: 未经复议直接起诉 + 复议后起诉
MADE: Final = "made"
REPEALED: Final = "repealed"
IN_FORCE: Final = "in_force"

_SPLIT_SENTENCES: Final = re.compile(r"[。！？!?；;\n]")
# A comma between digits groups thousands (1,538件) and splits nothing; text is NFKC-folded first.
_SPLIT_CLAUSES: Final = re.compile(r"[：:()（）]|(?<!\d),|,(?!\d{3}(?!\d))|(?<=[件条起次个宗例份])(?:、|和|及)")
# A clause that opens a list of parts (其中…): the clauses after it in its sentence are parts too.
_PARTS_RE: Final = re.compile(r"^\s*(?:其中|含(?!上一?年度?结转)|包括)")
# An answer of one kind (同意公开答复数9件, 已主动公开答复1件) is a category, not the 总计 answered.
_ANSWER_CATEGORY_RE: Final = re.compile(r"(?:公开|提供|告知|处理|不予\w?)答复")
# Quoted titles and document numbers name other texts; their words are not this report's claims.
# (``\s*(?:\d+\s*)?号``, not ``\s*\d*\s*号``: two adjacent runs of spaces split every way.)
_MASK_RE: Final = re.compile(
    r"《[^《》]*》|〔[^〔〕]{0,8}〕\s*(?:\d+\s*)?号|[\[［]\d{4}[\]］]\s*(?:\d+\s*)?号|https?://\S+"
)
_SKIP_RE: Final = re.compile(
    # other periods and scopes
    r"截至|截止|累计|历年|同比|环比|较上年|比上年|较去年|去年|前年|上一?年(?!度?结转)|上年度(?!结转)|以来|"
    r"近[\d一二三四五六七八九十]+年|期间|上半年|下半年|季度|各部门|各乡镇|各单位|各县|各区|所属|下属|全系统|"
    # conditions, estimates, shares, comparisons
    r"增长|下降|增加|减少|持平|如果|如有|若|一旦|预计|计划|力争|争取|平均|占|%|百分|每月|每年|每季|每周|人次|"
    r"分别|各\d|各[一二三四五六七八九十两]|以上|以下|左右|超过|不足|余件|余条|多件|多条|近\d|约\d|"
    # a part of the count, not the count: channels, kinds, timeliness
    r"网上|网络|在线|信函|当面|现场|邮寄|传真|邮件|延期|按期|按时|逾期|转办|转交|重复|自然人|法人|企业|方式|渠道"
)
# 申请人/申请表 are people and forms, not applications.
_APPLICATION_RE: Final = re.compile(r"申请(?!人|表|书|材料|流程|程序|条件|指南)")
_APPLICATION_NOISE_RE: Final = re.compile(r"投诉|举报|信访|提案|建议|咨询|留言|热线|诉求|复议|诉讼|许可|审批|登记|补正")
# Counts of a result or of carried cases are not the 总计 of table 四.
_CASE_NOISE_RE: Final = re.compile(r"维持|纠正|纠错|败诉|胜诉|撤销|变更|确认违法|驳回|结转|审结|在审|办理工作|应诉工作")
_KIND_VERBS: Final = (
    (CARRIED_OVER, re.compile(r"上一?年度?结转|结转上一?年")),
    (CARRIED_FORWARD, re.compile(r"结转(?:至|到)?下一?年|转入下一?年|顺延(?:至|到)?下一?年|下一?年度?继续办理")),
    (ANSWERED, re.compile(r"办结|答复|办理完毕|处理完毕|予以回复")),
    (RECEIVED, re.compile(r"收到|接到|接收|受理|新收|共收|接受")),
)
_REVIEW_RE: Final = re.compile(r"行政复议")
_LITIGATION_RE: Final = re.compile(r"行政诉讼|提起诉讼|行政应诉")
# Documents of other organs (印发区政府规范性文件), and work on documents rather than making them.
_DOCUMENT_NOISE_RE: Final = re.compile(
    r"解读|制度|清理|梳理|审查|备案|征求|政策|办法|管理|汇编|目录|国务院|省政府|市政府|区政府|县政府|上级|转发"
)
_WHOLE_AREA_RE: Final = re.compile(r"全[省市县区州旗盟]|各")
_DOCUMENT_ROWS: Final = ("normative_documents", "rules")  # table 二 rows whose counts the text states


@lru_cache(maxsize=1)
def _document_names() -> tuple[tuple[str, str], ...]:
    """(a row's name, row key) for the table 二 rows, longest names first, as the templates
    name them."""
    names: dict[str, str] = {}
    for template in all_templates():
        for row in template.tables["active_disclosure"].rows:
            if row.key in _DOCUMENT_ROWS:
                for label in (row.label, *row.aliases):
                    names.setdefault(_NAME_END_RE.split(label)[0], row.key)
    return tuple((name, names[name]) for name in sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _document_words() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern of a row's name, row key), in the order of :func:`_document_names` (规章 not
    followed by 制度, which is a rule book)."""
    return tuple((re.compile(re.escape(name) + r"(?!制度)"), key) for name, key in _document_names())


def _document_row(clause: str) -> str | None:
    # Most clauses name no document: the plain substring test rules a name out before its pattern.
    for (name, _), (pattern, key) in zip(_document_names(), _document_words(), strict=True):
        if name in clause and pattern.search(clause):
            return key
    return None


_DOCUMENT_VERBS: Final = (
    (IN_FORCE, re.compile(r"现行有效")),
    (REPEALED, re.compile(r"废止|宣布失效")),
    (MADE, re.compile(r"制发|印发|出台|制定|新制作")),
)
_NEGATION_RE: Final = re.compile(r"未|没有|无(?!法|关|论|偿|效|误|需|须)|不存在|零(?=件|起|宗|例)")
_CASE_UNITS: Final = frozenset({"件", "件次", "起", "宗", "例", "次"})
_APPLICATION_UNITS: Final = frozenset({"件", "件次", "条", "份", "宗", "次", "项"})
_DOCUMENT_UNITS: Final = frozenset({"件", "个", "份", "部", "项", "篇"})
_YEAR_RE: Final = re.compile(r"((?:19|20)\d{2})\s*年")
# 依申请公开0件: a count of applications without a verb (the text before the count ends so).
_APPLICATIONS_BEFORE_RE: Final = re.compile(r"申请(?:公开)?(?:事项|件)?\s*$")
_NAME_END_RE: Final = re.compile(r"[（(]")


@attrs.frozen
class Claim:
    """One stated figure: ``kinds`` are summed when one count covers several (复议 and 诉讼)."""

    kinds: tuple[str, ...]
    value: int
    line: int
    start: int  # character offsets in the line
    end: int
    text: str  # the clause, as evidence
    negated: bool = False  # read from a negation (未发生…), not a number
    unit: str = "件"  # the classifier printed with the number
    document: str | None = None  # the table 二 row a document claim counts (rules, normative_documents)


def normalise(text: str) -> str:
    """:func:`fold`, with titles and document numbers masked by spaces (offsets are kept)."""
    return _masked(fold(text))


def normalised(passage: Passage) -> str:
    """:func:`normalise` of the passage's text, from its folded text."""
    return _masked(passage.folded)


def _masked(folded: str) -> str:
    return _MASK_RE.sub(lambda m: " " * len(m.group()), folded)


def _spans(text: str, pattern: re.Pattern[str], offset: int = 0) -> Iterator[tuple[int, int]]:
    start = 0
    for m in pattern.finditer(text):
        yield offset + start, offset + m.start()
        start = m.end()
    yield offset + start, offset + len(text)


def _claims_in(masked: str, line: int, year: int | None) -> Iterator[Claim]:
    """The claims of one passage of running text (``masked``: its :func:`normalised` text) in a
    report about ``year``; offsets are in ``masked``."""
    for s_start, s_end in _spans(masked, _SPLIT_SENTENCES):
        sentence = masked[s_start:s_end]
        if not _may_claim(sentence):
            continue  # most sentences: nothing a claim counts is named, so no clause to read
        if _other_year(sentence, year):
            continue  # 2020年收到申请5件 in a 2021 report compares; it does not state
        two_scopes = "本级" in sentence  # 全县共受理120件，其中县政府本级受理12件
        carrying = "结转" in sentence  # 行政复议1件，上年结转1件: which is the 总计 is not said
        topic: str | None = None  # an application topic carries over to the clauses after it
        parts = False
        for c_start, c_end in _spans(sentence, _SPLIT_CLAUSES, s_start):
            clause = masked[c_start:c_end]
            if not clause.strip():
                continue
            parts = parts or _PARTS_RE.match(clause) is not None
            if parts:
                continue  # 其中已主动公开1件，同意公开9件: each is a part of a total stated before
            if _APPLICATION_NOISE_RE.search(clause) or _document_row(clause):
                topic = None
            elif _APPLICATION_RE.search(clause):
                topic = "applications"
            if _SKIP_RE.search(clause) or (two_scopes and _WHOLE_AREA_RE.search(clause)):
                continue
            if carrying and (_REVIEW_RE.search(clause) or _LITIGATION_RE.search(clause)):
                continue
            yield from _clause_claims(clause, c_start, line, topic)


def _may_claim(sentence: str) -> bool:
    """Whether ``sentence`` names what a claim counts: applications (``申请``, which an
    application topic needs), 行政复议 or 行政诉讼 (:data:`_REVIEW_RE`, :data:`_LITIGATION_RE`),
    or a table 二 document (:func:`_document_names`). A sentence naming none has no claim."""
    if "申请" in sentence or "行政" in sentence or "诉讼" in sentence:
        return True
    return any(name in sentence for name, _ in _document_names())


def _other_year(sentence: str, year: int | None) -> bool:
    years = {int(y) for y in _YEAR_RE.findall(sentence)}
    return bool(years) and (year is None or years != {year})


def _clause_claims(clause: str, offset: int, line: int, topic: str | None) -> Iterator[Claim]:
    # the clause's counts are read once it is known to be about something the tables hold
    text = clause.strip()
    cases = [(m.start(), REVIEW) for m in _REVIEW_RE.finditer(clause)]
    cases += [(m.start(), LITIGATION) for m in _LITIGATION_RE.finditer(clause)]
    if cases:
        if not _CASE_NOISE_RE.search(clause):
            yield from _case_claims(clause, offset, line, sorted(cases), list(find_counts(clause)))
        return
    if (row := _document_row(clause)) is not None:
        kind = next((k for k, verb in _DOCUMENT_VERBS if verb.search(clause)), None)
        if _DOCUMENT_NOISE_RE.search(clause):
            return
        counts = list(find_counts(clause))
        good = [c for c in counts if c.unit in _DOCUMENT_UNITS]
        if kind is not None and len(good) == 1 and len(counts) == 1:
            c = good[0]
            yield Claim((kind,), c.value, line, offset + c.start, offset + c.end, text, document=row, unit=c.unit)
        return
    if topic != "applications":
        return
    counts = list(find_counts(clause))
    kinds = [k for k, verb in _KIND_VERBS if verb.search(clause)]
    if ANSWERED in kinds and _ANSWER_CATEGORY_RE.search(clause):
        return  # a kind of answer counts part of what was answered
    if kinds and kinds[0] in (CARRIED_OVER, CARRIED_FORWARD):
        kinds = kinds[:1]  # 收到上年结转申请, 顺延到下年度答复: the carrying says which count
    if not kinds and len(counts) == 1 and _APPLICATIONS_BEFORE_RE.search(clause, 0, counts[0].start):
        kinds = [RECEIVED]  # 依申请公开0件: a count of applications without a verb is the year's intake
    if len(kinds) != 1:
        return  # 收到并办结N件: which count is meant is not said
    good = [c for c in counts if c.unit in _APPLICATION_UNITS]
    if len(counts) == 1 and len(good) == 1:
        c = good[0]
        yield Claim((kinds[0],), c.value, line, offset + c.start, offset + c.end, text, unit=c.unit)
    elif not counts and kinds[0] == RECEIVED and (neg := _negation_before(clause, _KIND_VERBS[-1][1])) is not None:
        yield Claim((RECEIVED,), 0, line, offset + neg, offset + len(clause), text, negated=True)


def _case_claims(
    clause: str, offset: int, line: int, topics: Sequence[tuple[int, str]], counts: Sequence[Count]
) -> Iterator[Claim]:
    """行政复议/行政诉讼 claims: each count owns the topics before it (after the previous count),
    or when none stand there, the topics after it (``共发生0起行政复议和行政诉讼``)."""
    good = [c for c in counts if c.unit in _CASE_UNITS]
    if len(good) != len(counts):
        return
    if not good:
        first = topics[0][0]
        neg = _negation_before(clause, None, before=first)
        if neg is not None:
            for _, kind in _unique(topics):
                yield Claim((kind,), 0, line, offset + neg, offset + len(clause), clause.strip(), negated=True)
        return
    bounds = [0, *(c.end for c in good)]
    for n, count in enumerate(good):
        before = [t for t in topics if bounds[n] <= t[0] < count.start]
        after_end = good[n + 1].start if n + 1 < len(good) else len(clause)
        owned = before or ([t for t in topics if count.end <= t[0] < after_end] if n == 0 else [])
        kinds = tuple(k for _, k in _unique(owned))
        if not kinds:
            continue
        if count.value == 0 and len(kinds) > 1:  # none in all of them: each is 0
            for kind in kinds:
                yield Claim((kind,), 0, line, offset + count.start, offset + count.end, clause.strip(), unit=count.unit)
        else:
            yield Claim(
                kinds, count.value, line, offset + count.start, offset + count.end, clause.strip(), unit=count.unit
            )


def _unique(topics: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """The first mention of each topic, in order."""
    first: dict[str, tuple[int, str]] = {}
    for topic in topics:
        first.setdefault(topic[1], topic)
    return list(first.values())


def _negation_before(clause: str, verb: re.Pattern[str] | None, before: int | None = None) -> int | None:
    """Offset of a negation governing the clause's verb (未收到) or standing before ``before``."""
    if verb is not None:
        m = _NEGATED_VERB_RE[verb].search(clause)
        return m.start() if m else None
    m = _NEGATION_RE.search(clause, 0, len(clause) if before is None else before)
    return m.start() if m else None


# 未收到…申请, 无依申请公开: per verb of _KIND_VERBS, compiled once.
_NEGATED_VERB_RE: Final = {
    verb: re.compile(
        rf"(?:未|没有)(?:{verb.pattern})[^，,]{{0,12}}?申请(?!人)|无(?=[^，,]{{0,6}}(?:依申请公开|公开申请|信息公开申请))"
    )
    for _, verb in _KIND_VERBS
}


def claims(passages: Sequence[Passage], year: int | None) -> list[Claim]:
    """Every claim in the passages, with its line and offsets in that line."""
    out = []
    for passage in passages:
        for claim in _claims_in(normalised(passage), passage.line, year):
            line, column = passage.locate(claim.start)
            out.append(attrs.evolve(claim, line=line, start=column - 1, end=column - 1 + claim.end - claim.start))
    return out
