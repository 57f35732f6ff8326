"""Recovering cell boundaries from numbers printed with no separator (``"1200012"``).

A row of numbers that lost its separators can be cut back into cells when exactly one cut
gives the row its template width, uses no number with a leading zero, and satisfies the
row's identities (总计 = sum of parts). Anything else is ambiguous and left unread.

The cuts are searched from the right, where the totals stand (表三's 总计, each group's 总计
in 表四): once a total is cut, the parts to its left may not add up to more than it, which
prunes almost every wrong cut early. The search is bounded by a step budget.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs

from govlint.parse.cells import compact

# A report's counts stay far below a billion; a longer run of digits is several cells.
_MAX_DIGITS = 9
_MAX_STEPS = 20_000  # steps of the search for one row
_SIGNED_DIGITS = re.compile(r"(?P<sign>[+\-−]?)(?P<digits>\d+)")

Constraint = tuple[tuple[int, ...], tuple[int, ...]]  # (lhs cell indexes, rhs cell indexes)
_Number = tuple[str, str, list[int]]  # a piece's sign, its digits and the value of each


def _glued(piece: str) -> bool:
    m = _SIGNED_DIGITS.fullmatch(piece)
    return m is not None and len(m["digits"]) > 1 and m["digits"][0] == "0"


def recover(
    texts: Sequence[str],
    width: int,
    constraints: Sequence[Constraint],
    limit: int = 2,
    budget: list[int] | None = None,
    glued: bool = False,
) -> list[list[str]]:
    """Every way (at most ``limit``) to cut ``texts`` into ``width`` cells that meets the constraints.

    Cutting is tried only when separators were certainly lost: the numbers form a single run,
    or some text cannot be one number (a run of digits with a leading zero, such as ``00``).
    Otherwise a short row may as well have lost a blank cell, and nothing is guessed. When
    cutting, any text may be cut, and the cut must be the only one that fits.
    An empty list means no cut fits (or none was tried); more than one, that several fit;
    ``[[], []]`` that there were too many ways to cut to try them all. ``budget`` (one number
    in a list) is shared by the rows of a table and lowered by the steps this search takes, so
    a table of long runs stays bounded as a whole. ``glued`` says that separators were lost
    between some of ``texts`` (digits of two widths run together: ``１１５137``).
    """
    pieces = [compact(t) for t in texts]
    if len(pieces) > 1 and not glued and not any(_glued(p) for p in pieces):
        return []
    steps = _MAX_STEPS if budget is None else min(_MAX_STEPS, budget[0])
    solutions, left = _cuts(tuple(pieces), width, tuple(constraints), limit, steps)
    if budget is not None:  # what this row used comes off what the whole table may use
        budget[0] -= steps - max(left, 0)
    if left <= 0:
        return [[], []]  # gave up: too many ways to cut, so certainly not one
    return [list(cut) for cut in solutions]


# The same runs recur in report after report ("0000000" for a row of zeros): each is searched
# once. The steps it may take are part of the key, so a search cut short is never reused for
# one that could go further.
@functools.lru_cache(maxsize=4096)
def _cuts(
    pieces: tuple[str, ...], width: int, constraints: tuple[Constraint, ...], limit: int, steps: int
) -> tuple[tuple[tuple[str, ...], ...], int]:
    """The cuts :func:`recover` finds (shorter first cells first), and the steps left of ``steps``."""
    signed = any(p[:1] in "+-−" for p in pieces if p)
    search = _Search(list(pieces), width, constraints, limit, bounded=not signed, budget=steps)
    search.run()
    ordered = sorted(search.solutions, key=lambda cut: [len(c) for c in cut])
    return tuple(tuple(cut) for cut in ordered), search.budget


@attrs.define
class _Search:
    pieces: list[str]
    width: int
    constraints: Sequence[Constraint]
    limit: int
    bounded: bool = True  # no signs: parts are not negative, so a total bounds them
    budget: int = _MAX_STEPS
    solutions: list[list[str]] = attrs.Factory(list)
    cells: list[str] = attrs.Factory(list)  # filled right to left
    values: list[int | None] = attrs.Factory(list)
    touching: tuple[tuple[_Touch, ...], ...] = ()  # the constraints on each cell
    digits_before: list[int] = attrs.Factory(list)  # digits in the pieces before each piece
    sum_before: list[int] = attrs.Factory(list)  # and the sum of those digits
    sides: tuple[tuple[_Side, ...], ...] = ()  # by placed cell: the sides whose total is placed
    numbers: list[_Number | None] = attrs.Factory(list)  # each piece's sign, digits and their values

    def run(self) -> None:
        self.cells = [""] * self.width
        self.values = [None] * self.width
        self.touching, self.sides = _layout(self.width, tuple(self.constraints))
        self.numbers = [_number(piece) for piece in self.pieces]
        self.digits_before, self.sum_before = [0], [0]
        for number in self.numbers[:-1]:
            self.digits_before.append(self.digits_before[-1] + (len(number[1]) if number else 0))
            # a piece that is not digits makes the digit sum unusable (-10**9 marks it)
            self.sum_before.append(self.sum_before[-1] + (sum(number[2]) if number else -(10**9)))
        self._piece(len(self.pieces) - 1, self.width - 1)

    def _piece(self, index: int, cell: int) -> None:
        """Cut piece ``index`` (and those before it) into cells ``cell`` down to 0."""
        if len(self.solutions) >= self.limit or self.budget <= 0:
            return
        if index < 0:
            if cell < 0:
                self.solutions.append(list(self.cells))
            return
        if cell + 1 < index + 1:
            return  # fewer cells left than pieces
        number = self.numbers[index]
        if number is None or len(number[1]) == 1:
            piece = self.pieces[index]
            if self._put(cell, piece, _value(piece)) == _FITS:
                self._piece(index - 1, cell - 1)
            return
        self._digits(index, number, len(number[1]), cell, sum(number[2]))

    def _digits(self, index: int, number: _Number, size: int, cell: int, digit_sum: int) -> None:
        """The last number of the first ``size`` digits of piece ``index`` (``number``; they add
        up to ``digit_sum``) goes into ``cell``; the rest into the cells before it."""
        self.budget -= 1
        if self.budget <= 0 or len(self.solutions) >= self.limit or cell < 0:
            return
        sign, digits, digit_values = number
        before, sum_before = self.digits_before[index], self.sum_before[index]
        put, room = self._put, self._room
        rest_sum = digit_sum  # the sum of the digits before the number, lowered as it grows
        value = 0  # the number digits[size - length : size], grown a digit at a time
        scale = 1
        for length in range(1, min(size, _MAX_DIGITS) + 1):
            left = size - length  # digits left for the cells before
            digit = digit_values[left]
            rest_sum -= digit
            value += digit * scale
            scale *= 10
            if length > 1 and digits[left] == "0":
                continue
            if left:
                text, signed = digits[left:size], value
            else:  # a sign belongs to the first number
                text, signed = sign + digits[:size], -value if sign in ("-", "−") else value
            verdict = put(cell, text, signed)
            if verdict == _FAILS_LARGER:
                break  # the numbers only grow from here (with more digits)
            if verdict == _FAILS or not room(cell, left + before, rest_sum + sum_before):
                continue
            if left:  # (never at cell 0: no room is left of it for the digits)
                self._digits(index, number, left, cell - 1, rest_sum)
            else:
                self._piece(index - 1, cell - 1)

    def _room(self, placed: int, digits: int, digit_sum: int) -> bool:
        """Whether ``digits`` digits (adding up to ``digit_sum``) can still fill the cells left
        of ``placed``. A part of a placed total is at most what the total leaves, so it has at
        most that many digits; and when the parts are all that is left, they add up to what the
        total leaves, which is congruent to their digit sum modulo 9 however they are cut (a
        number is congruent to the sum of its digits). This keeps a long run quick (21 digits
        for a row of seven)."""
        sides = self.sides[placed]
        if not self.bounded or not sides:
            return digits <= _MAX_DIGITS * placed
        caps = [_MAX_DIGITS] * placed
        values = self.values
        for total, placed_parts, open_parts, only_parts in sides:
            left = 0
            for i in total:
                if (value := values[i]) is None:
                    break
                left += value
            else:
                for i in placed_parts:
                    if (value := values[i]) is None:
                        break
                    left -= value
                else:
                    width = len(str(left)) if left >= 0 else 0
                    for i in open_parts:
                        if caps[i] > width:
                            caps[i] = width
                    if only_parts:
                        if left < _least_sum(digits, placed):
                            return False  # the digits left make numbers too large for the total
                        if digit_sum >= 0 and (left - digit_sum) % 9:
                            return False
        return digits <= sum(caps)

    def _put(self, cell: int, text: str, value: int | None) -> int:
        """Place ``text`` in ``cell`` and check what the cells placed so far can check: cells
        at ``cell`` and to its right are placed. A constraint whose cells are all placed must
        hold; one whose total side is placed bounds the other side, whose parts are not
        negative, from above. :data:`_FITS`, :data:`_FAILS`, or :data:`_FAILS_LARGER` when the
        side holding ``cell`` is already the larger, so that no larger value fits either (the
        parts are not negative: a larger value only widens the gap)."""
        self.cells[cell] = text
        values = self.values
        values[cell] = value
        for lhs, left_complete, rhs, right_complete, side in self.touching[cell]:
            left_sum = right_sum = 0
            for i in lhs:
                if (placed := values[i]) is None:
                    break
                left_sum += placed
            else:
                for i in rhs:
                    if (placed := values[i]) is None:
                        break
                    right_sum += placed
            if placed is None:  # (a constraint on ``cell`` has at least ``cell`` placed)
                continue  # a text cell: the identity cannot be checked
            if left_complete and right_complete:
                if left_sum != right_sum:
                    return _FAILS_LARGER if self.bounded and side * (left_sum - right_sum) > 0 else _FAILS
            elif self.bounded and (
                (left_complete and right_sum > left_sum) or (right_complete and left_sum > right_sum)
            ):  # the parts placed already exceed the total
                return _FAILS_LARGER if side * (left_sum - right_sum) > 0 else _FAILS
        return _FITS


_FITS, _FAILS, _FAILS_LARGER = 0, 1, 2  # what placing a value in a cell found

# (cells of the total, its parts placed, its parts not placed, whether those are all that is left)
_Side = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bool]
# (placed cells of one side, whether it is all placed, placed cells of the other side, whether it
# is, how many times more the cell stands on the first side than on the second)
_Touch = tuple[tuple[int, ...], bool, tuple[int, ...], bool, int]


@functools.lru_cache(maxsize=256)
def _layout(
    width: int, constraints: tuple[Constraint, ...]
) -> tuple[tuple[tuple[_Touch, ...], ...], tuple[tuple[_Side, ...], ...]]:
    """What a search over ``width`` cells under ``constraints`` looks up at each step (the same
    for every row of a table). Cells are placed from the right: when ``cell`` is placed, the
    cells at and right of it are. For each cell, the constraints on it as the cells of each
    side placed so far and whether that side is complete; for each placed cell, both readings
    of each constraint whose total is placed, as (total side, parts placed, parts still open,
    whether the open parts are all the cells left of it)."""
    touching = tuple(
        tuple(
            (
                tuple(i for i in lhs if i >= cell),
                all(i >= cell for i in lhs),
                tuple(i for i in rhs if i >= cell),
                all(i >= cell for i in rhs),
                lhs.count(cell) - rhs.count(cell),
            )
            for lhs, rhs in constraints
            if cell in lhs or cell in rhs
        )
        for cell in range(width)
    )
    sides = [(total, parts) for lhs, rhs in constraints for total, parts in ((lhs, rhs), (rhs, lhs)) if total and parts]
    by_placed = tuple(
        tuple(
            (
                total,
                tuple(i for i in parts if i >= placed),
                tuple(i for i in parts if i < placed),
                set(range(placed)) <= set(parts),
            )
            for total, parts in sides
            if min(total) >= placed
        )
        for placed in range(width + 1)
    )
    return touching, by_placed


def _number(piece: str) -> _Number | None:
    """A piece's sign, digits and the value of each digit (any script's), if it is a number."""
    m = _SIGNED_DIGITS.fullmatch(piece)
    return None if m is None else (m["sign"], m["digits"], [int(d) for d in m["digits"]])


@functools.lru_cache(maxsize=1024)  # asked at nearly every step of a search, of a few small numbers
def _least_sum(digits: int, cells: int) -> int:
    """The least sum of ``cells`` numbers written with ``digits`` digits in all: spread evenly,
    since a number of d > 1 digits is at least 10^(d-1) and one digit may be 0."""
    if cells <= 0:
        return 0 if digits == 0 else 10**18
    short, extra = divmod(digits, cells)

    def least(d: int) -> int:
        return 0 if d <= 1 else 10 ** (d - 1)

    return extra * least(short + 1) + (cells - extra) * least(short)


_UNKNOWN = -(10**18)  # a cell not placed yet (no printed count comes near)


def _value(text: str) -> int | None:
    if text == "":
        return 0
    if _SIGNED_DIGITS.fullmatch(text):
        return int(text.replace("−", "-"))
    return None


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
