"""Recovering cell boundaries from numbers printed with no separator (``"1200012"``).

A row of numbers that lost its separators can be cut back into cells when exactly one cut
gives the row its template width, uses no number with a leading zero, and satisfies the
row's identities (总计 = sum of parts). Anything else is ambiguous and left unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from govlint.parse.cells import compact

# A report's counts stay far below a billion; a longer run of digits is several cells.
_MAX_DIGITS = 9
_MAX_STEPS = 200_000
_SIGNED_DIGITS = re.compile(r"(?P<sign>[+\-−]?)(?P<digits>\d+)")


def _glued(piece: str) -> bool:
    m = _SIGNED_DIGITS.fullmatch(piece)
    return m is not None and len(m["digits"]) > 1 and m["digits"][0] == "0"


Constraint = tuple[tuple[int, ...], tuple[int, ...]]  # (lhs cell indexes, rhs cell indexes)


def recover(texts: Sequence[str], width: int, constraints: Sequence[Constraint], limit: int = 2) -> list[list[str]]:
    """Every way (at most ``limit``) to cut ``texts`` into ``width`` cells that meets the constraints.

    Cutting is tried only when separators were certainly lost: the numbers form a single run,
    or some text cannot be one number (a run of digits with a leading zero, such as ``00``).
    Otherwise a short row may as well have lost a blank cell, and nothing is guessed. When
    cutting, any text may be cut, and the cut must be the only one that fits.
    An empty list means no cut fits (or none was tried); more than one, that several fit.
    """
    pieces = [compact(t) for t in texts]
    if len(pieces) > 1 and not any(_glued(p) for p in pieces):
        return []
    solutions: list[list[str]] = []
    budget = [_MAX_STEPS]
    for cut in _cuts(pieces, 0, width, [], budget):
        if _holds(cut, constraints):
            solutions.append(cut)
            if len(solutions) >= limit:
                break
    if budget[0] <= 0:
        return [[], []]  # gave up: too many ways to cut, so certainly not one
    return solutions


def _cuts(pieces: list[str], index: int, remaining: int, done: list[str], budget: list[int]) -> Iterator[list[str]]:
    if index == len(pieces):
        if remaining == 0:
            yield list(done)
        return
    piece = pieces[index]
    left = len(pieces) - index - 1
    m = _SIGNED_DIGITS.fullmatch(piece)
    if m is None or len(m["digits"]) == 1:
        if remaining - 1 >= left:
            yield from _cuts(pieces, index + 1, remaining - 1, [*done, piece], budget)
        return
    for parts in _splits(m["digits"], remaining - left, budget):
        parts[0] = m["sign"] + parts[0]  # a sign belongs to the first number of the run
        yield from _cuts(pieces, index + 1, remaining - len(parts), [*done, *parts], budget)


def _splits(digits: str, max_parts: int, budget: list[int]) -> Iterator[list[str]]:
    """Ways to write a digit run as at most ``max_parts`` numbers without leading zeros."""
    budget[0] -= 1
    if budget[0] <= 0:
        return
    if not digits:
        yield []
        return
    if max_parts <= 0:
        return
    ends = [1] if digits[0] == "0" else range(1, min(len(digits), _MAX_DIGITS) + 1)
    for end in ends:
        for rest in _splits(digits[end:], max_parts - 1, budget):
            yield [digits[:end], *rest]


def _holds(cells: list[str], constraints: Sequence[Constraint]) -> bool:
    values = [int(c.replace("−", "-")) if _SIGNED_DIGITS.fullmatch(c) else 0 if c == "" else None for c in cells]
    for lhs, rhs in constraints:
        left = [values[i] for i in lhs]
        right = [values[i] for i in rhs]
        if any(v is None for v in left + right):
            continue
        if sum(v for v in left if v is not None) != sum(v for v in right if v is not None):
            return False
    return True


def min_parts(text: str) -> int:
    """The fewest numbers ``text`` can be read as: a run of digits without separators cannot
    hold a number with a leading zero, so ``"000"`` is three numbers and ``"417"`` may be one.

    When the fewest is the template's width, the digits themselves prove the cut.
    """
    m = _SIGNED_DIGITS.fullmatch(compact(text))
    if m is None:
        return 1
    digits = m["digits"]
    best = [0] + [len(digits) + 1] * len(digits)  # best[i]: fewest numbers for digits[:i]
    for i in range(len(digits)):
        ends = [i + 1] if digits[i] == "0" else range(i + 1, min(len(digits), i + _MAX_DIGITS) + 1)
        for end in ends:
            best[end] = min(best[end], best[i] + 1)
    return best[len(digits)]
