"""Text processing on user input is linear (issue #18, "time bombs").

Two checks. Every compiled pattern govlint keeps (collected from the modules, so a new one is
covered without being listed) is run over adversarial text at two sizes; and the whole
pipeline (parse and lint) runs over adversarial documents and a large realistic one at n
and 2n. Growth is judged on CPU time, the best of a few runs, with an allowance for noise
that a quadratic cost at these sizes far exceeds: twice the input may cost at most three
times the time.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator

import pytest

import govlint
from govlint.engine.config import Config
from govlint.engine.runner import run

from .conftest import ROOT

# -- the catalogue -----------------------------------------------------------------------------

_SKIPPED_MODULES = {"govlint.__main__"}
# Patterns compiled inside functions, and why they are not module attributes. The ones here
# are reached through the function that builds them (see _built_in_functions).
_BUILT_IN_FUNCTIONS = {
    ("govlint/prose/claims.py", "_document_words"),  # from template labels, cached
    # parse/html.py is maintained apart; a character class and a \d{4} at the start: linear.
    ("govlint/parse/html.py", "_needle"),
    ("govlint/parse/html.py", "_publication"),
    # the user's own organ-pattern (a setting), searched in file paths, never in a report's text
    ("govlint/corpus/regions.py", "compile_pattern"),
}
_RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def _modules() -> Iterator[object]:
    for info in pkgutil.walk_packages(govlint.__path__, "govlint."):
        if info.name not in _SKIPPED_MODULES:
            yield importlib.import_module(info.name)


def _patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[str] | re.Pattern[bytes]]:
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)


def _built_in_functions() -> Iterator[re.Pattern[str]]:
    from govlint.prose.claims import _document_words

    for pattern, _ in _document_words():
        yield pattern


def _catalogue() -> tuple[dict[str, re.Pattern[str] | re.Pattern[bytes]], dict[str, int]]:
    """Each distinct pattern under one name; and how many patterns each module holds."""
    found: dict[str, re.Pattern[str] | re.Pattern[bytes]] = {}
    held: dict[str, int] = {}
    seen: set[int] = set()
    for module in _modules():
        for name, value in vars(module).items():
            for n, pattern in enumerate(_patterns_in(value)):
                held[module.__name__] = held.get(module.__name__, 0) + 1
                if id(pattern) not in seen:  # re.compile returns one object for one pattern
                    seen.add(id(pattern))
                    found[f"{module.__name__}.{name}" + (f"[{n}]" if n else "")] = pattern
    for n, pattern in enumerate(_built_in_functions()):
        found[f"built-in-function[{n}]"] = pattern
    return found, held


CATALOGUE, _HELD = _catalogue()


def _function_of(tree: ast.AST) -> Iterator[tuple[str | None, ast.Call]]:
    """Each call with the name of the function it stands in (None at module level)."""

    def walk(node: ast.AST, function: str | None) -> Iterator[tuple[str | None, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call):
                yield inner, child
            yield from walk(child, inner)

    yield from walk(tree, None)


def _re_calls() -> Iterator[tuple[str, str | None, ast.Call]]:
    for path in sorted((ROOT / "govlint").rglob("*.py")):
        for function, call in _function_of(ast.parse(path.read_text(encoding="utf-8"))):
            f = call.func
            if (
                isinstance(f, ast.Attribute)
                and isinstance(f.value, ast.Name)
                and f.value.id == "re"
                and f.attr in _RE_CALLS
            ):
                yield path.relative_to(ROOT).as_posix(), function, call


def test_patterns_are_compiled_at_module_level() -> None:
    """A pattern compiled inside a function escapes the catalogue: compile it at module level."""
    inside = {(path, function) for path, function, _ in _re_calls() if function is not None}
    assert inside - _BUILT_IN_FUNCTIONS == set()


def test_catalogue_holds_every_module_level_pattern() -> None:
    """Each module's ``re.compile`` calls at module level all reach the catalogue (a pattern
    kept somewhere the collector does not look would escape the growth test)."""
    compiled: dict[str, int] = {}
    for path, function, call in _re_calls():
        if function is None and isinstance(call.func, ast.Attribute) and call.func.attr == "compile":
            module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            compiled[module] = compiled.get(module, 0) + 1
    assert {m: n for m, n in compiled.items() if _HELD.get(m, 0) < n} == {}


# -- adversarial text --------------------------------------------------------------------------

_LABEL = "本年新收政府信息公开申请数量"
# Runs of one thing, each long.
_RUNS = [
    "1", "0", " ", "\u3000", "\u00a0", "\t", "\n", "\r\n", "一二三四五六七八九十", "十", "〇", "两", "a", "*", "＊",
    "-", "—", "#", "|", ",", "，", "、", "。", "：", ":", "_", "=", "\ufffd", _LABEL,
]  # fmt: skip
# Short things repeated: brackets, enumerators, numbers in their forms, label text.
_UNITS = [
    "（一）", "(一)", "(1)", "（1）", "1.", "1．", "1,", ",000", "1,000", "1 ", "1\u3000", "1\t", "一、", "1、",
    "2023年", "2023", "2023-", "〔2023〕", "[2023]", "第1", "共1", "1件", "一件", "其中", "其中1件、", "1件:",
    "《", "〔", "<p ", "&#", "[", "\\*", "| ", "|-", "-1-", "- 1 ", "http://", "申请", "年 ", " -", "一是",
    "1月", "1日", "二〇", "**", "##", "> ", _LABEL + "1 ", _LABEL + " 一", "统计期限", "发布时间：",
]  # fmt: skip
# A single opening followed by a long run: backtracking within one attempt.
_OPENINGS = [
    "〔2023〕", "[2023]", "《", "一、", "（一）", "(一)", "第", "共", "2023年", "2023", "统计期限", "#", "|", "- 1",
    "申请", _LABEL, "http://", "<p", "发布时间", "1", "一", "第1页", "1,000", "-",
]  # fmt: skip
_FILLERS = [" ", "\u3000", "1", "一", "\t", "1 ", "，"]


def _segments() -> list[Callable[[int], str]]:
    def repeated(unit: str) -> Callable[[int], str]:
        return lambda n: (unit * (n // len(unit) + 1))[:n]

    def opened(opening: str, filler: str) -> Callable[[int], str]:
        return lambda n: opening + (filler * (n // len(filler) + 1))[:n] + "§"

    out = [repeated(u) for u in (*_RUNS, *_UNITS)]
    out += [opened(o, f) for o in _OPENINGS for f in _FILLERS]
    out.append(repeated("".join(_UNITS)))  # everything at once
    return out


SEGMENTS = _segments()


def _cpu(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def _scan(pattern: re.Pattern[str] | re.Pattern[bytes], text: str) -> Callable[[], object]:
    subject: str | bytes = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text

    def work() -> None:
        for _ in pattern.finditer(subject):  # type: ignore[arg-type]
            pass
        pattern.match(subject)  # type: ignore[arg-type]

    return work


# Twice the input may cost three times the time, plus this allowance for timer noise (a
# quadratic pattern costs tens of milliseconds at the sizes below).
_RATIO = 3.0
_NOISE = 0.002
_SIZE = 3_000


def _grows_linearly(work: Callable[[int], Callable[[], object]], size: int, noise: float) -> tuple[float, float]:
    """(time at size, time at twice size): measured once, and again at best of three when the
    first measurement looks superlinear, so that one slow moment does not fail the test."""
    small, large = work(size), work(2 * size)
    for repeat in (1, 3):
        t1, t2 = _cpu(small, repeat), _cpu(large, repeat)
        if t2 <= _RATIO * t1 + noise:
            break
    return t1, t2


def test_catalogue_is_large() -> None:
    assert len(CATALOGUE) > 100  # the collector finds the patterns (there are about 130)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_pattern_grows_linearly(name: str) -> None:
    pattern = CATALOGUE[name]
    slow = []
    for n, segment in enumerate(SEGMENTS):
        t1, t2 = _grows_linearly(lambda size, s=segment: _scan(pattern, s(size)), _SIZE, _NOISE)  # type: ignore[misc]
        if t2 > _RATIO * t1 + _NOISE:
            slow.append((n, repr(segment(12)), round(t1, 4), round(t2, 4)))
    assert slow == []


# -- the whole pipeline ------------------------------------------------------------------------

_SEEDS = sorted((ROOT / "examples" / "reports").glob("*.txt"))


def _seed() -> str:
    return _SEEDS[3].read_text(encoding="utf-8") if len(_SEEDS) > 3 else _SEEDS[0].read_text(encoding="utf-8")


def _in_seed(where: str, bomb: Callable[[int], str]) -> Callable[[int], str]:
    """A realistic report with ``bomb`` put after its first line that starts with ``where``."""
    seed = _seed()
    line = next(line for line in seed.splitlines() if line.startswith(where))
    return lambda n: seed.replace(line, line + bomb(n), 1)


_PIPELINE: dict[str, Callable[[int], str]] = {
    "digits after a row label": lambda n: "一、本年新收政府信息公开申请数量 " + "1" * n + "\n",
    "spaces after a heading": lambda n: "一、总体情况" + " " * n + "\n",
    "Chinese numerals in a row": lambda n: "（一）本年新收政府信息公开申请数量" + "一二三四五六七八九十" * (n // 10),
    "（一） repeated": lambda n: "（一）" * (n // 3),
}


def _bombs() -> dict[str, Callable[[int], str | bytes]]:
    bombs: dict[str, Callable[[int], str | bytes]] = dict(_PIPELINE)
    bombs["digits in a table row"] = _in_seed("| 一、本年新收", lambda n: "1" * n)
    bombs["numbers in a table row"] = _in_seed("| 一、本年新收", lambda n: " 1" * (n // 2))
    bombs["Chinese numerals after a heading"] = _in_seed("一、总体情况", lambda n: "一二三四五六七八九十" * (n // 10))
    bombs["（一） in running text"] = _in_seed("2022年", lambda n: "（一）" * (n // 3))
    bombs["spaces in running text"] = _in_seed("2022年", lambda n: "\u3000" * n + "1件")
    bombs["lines without stops"] = _in_seed("2022年", lambda n: "\n受理申请1件" * (n // 7))
    bombs["totals and markers"] = _in_seed("2022年", lambda n: "共1件，其中1件" * (n // 8))
    bombs["totals and colons"] = _in_seed("2022年", lambda n: "共1件：" * (n // 4))
    bombs["parentheses with parts"] = _in_seed("2022年", lambda n: "共2件（其中1件、1件）" * (n // 12))
    bombs["sub-headings"] = _in_seed("2022年", lambda n: "\n（一）工作\n（三）工作" * (n // 12))
    bombs["section headings"] = lambda n: _seed() + "一、总体情况\n二、主动公开政府信息情况\n" * (n // 20)
    bombs["website chrome lines"] = lambda n: "首页>公开>年报\n" * (n // 9) + _seed()
    bombs["HTML runs of spaces"] = lambda n: (
        f"<html><head><title>x{'　' * n}y</title></head><body><p>一、总体情况{' ' * n}</p></body></html>"
    ).encode()
    return bombs


BOMBS = _bombs()


def _pipeline(text: str | bytes) -> Callable[[], object]:
    if isinstance(text, bytes):
        return lambda: run(govlint.parse_bytes(text), Config())
    return lambda: run(govlint.parse_text(text), Config())


@pytest.fixture(scope="module")
def warm() -> None:
    _pipeline(_seed())()  # imports and caches outside the measurements


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_pipeline_grows_linearly_on_bombs(name: str, warm: None) -> None:
    t1, t2 = _grows_linearly(lambda size: _pipeline(BOMBS[name](size)), 40_000, 0.05)
    assert t2 <= _RATIO * t1 + 0.05, (t1, t2)


def test_pipeline_grows_linearly_on_a_large_report(warm: None) -> None:
    """Many reports' worth of realistic text, as one file (near the file budget this must not
    cost minutes): twice the text, at most three times the time."""
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in _SEEDS)
    t1, t2 = _grows_linearly(lambda copies: _pipeline("\n".join([seeds] * copies)), 8, 0.1)
    assert t2 <= _RATIO * t1 + 0.1, (t1, t2)
