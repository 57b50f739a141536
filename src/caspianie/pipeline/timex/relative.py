"""Calendar arithmetic for relative date expressions.

Every function takes an anchor (the document's reference date, or the
narrative's last date) as ``Parts`` and returns the resolved ``Parts``, or
``None`` when the anchor is too coarse: "the next day" after "in 2008" has no
answer, while "the same year" after "12 March 2024" is ``2024``.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional, Union

from caspianie.pipeline.timex.datenorm import Parts, build

UNITS = ("year", "month", "week", "day")
_RANK = {"year": 0, "month": 1, "day": 2}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}
MAX_COUNT = 300
YearShift = Union[int, str]


def unit_granularity(unit: str) -> str:
    """The granularity a unit's result has (a week resolves to its month)."""
    return "month" if unit == "week" else unit


def unit_of(word: str) -> Optional[str]:
    """``years`` -> ``year``; ``None`` for a word that is not a calendar unit."""
    singular = word.lower()
    singular = singular[:-1] if singular.endswith("s") else singular
    return singular if singular in UNITS else None


def count_of(word: str) -> Optional[int]:
    """``eight`` -> 8, ``3`` -> 3, ``a`` -> 1; ``None`` if not a small count."""
    lower = word.lower()
    number = int(lower) if lower.isdigit() and len(lower) <= 3 else _NUMBER_WORDS.get(lower)
    return number if number is not None and 0 < number <= MAX_COUNT else None


def _finer_or_equal(anchor: Parts, granularity: str) -> bool:
    return _RANK[anchor.granularity] >= _RANK[granularity]


def add_months(anchor: Parts, months: int) -> Parts:
    """Shift a month-precision (or finer) anchor by whole months, to month precision."""
    assert anchor.month is not None
    index = anchor.year * 12 + anchor.month - 1 + months
    return Parts(index // 12, index % 12 + 1)


def _week(anchor: Parts, weeks: int) -> Optional[Parts]:
    """The month holding the whole week ``weeks`` from the anchor's, if one month holds it."""
    if anchor.day is None:
        return None
    day = anchor.as_date() + dt.timedelta(weeks=weeks)
    monday = day - dt.timedelta(days=day.weekday())
    last = day if weeks == 0 else monday + dt.timedelta(days=6)
    if (monday.year, monday.month) != (last.year, last.month):
        return None
    return Parts(monday.year, monday.month)


def shift(anchor: Optional[Parts], unit: str, n: int) -> Optional[Parts]:
    """The anchor moved by ``n`` units, at the unit's precision.

    With ``n == 0`` ("the same day", "today") a coarser anchor is returned as
    it is; a non-zero shift needs an anchor at least as fine as the unit.
    """
    if anchor is None:
        return None
    if unit == "week":
        return _week(anchor, n)
    if not _finer_or_equal(anchor, unit):
        return anchor if n == 0 else None
    if unit == "year":
        return build(anchor.year + n, None, None)
    if unit == "month":
        moved = add_months(anchor, n)
        return build(moved.year, moved.month, None)
    moved_day = anchor.as_date() + dt.timedelta(days=n)
    return build(moved_day.year, moved_day.month, moved_day.day)


def month_year(anchor: Parts, month: int, year_shift: YearShift) -> int:
    """The year of a named month relative to an anchor.

    ``near``: the anchor's year, or the previous one when the month would fall
    more than two months after the anchor ("In December" in a January
    article). ``past``: the latest such month strictly before the anchor's
    month ("last October"). An integer: the anchor's year plus it.
    """
    if isinstance(year_shift, int):
        return anchor.year + year_shift
    if anchor.month is None:
        return anchor.year - 1 if year_shift == "past" else anchor.year
    if year_shift == "past":
        return anchor.year if month < anchor.month else anchor.year - 1
    return anchor.year - 1 if month - anchor.month > 2 else anchor.year


def in_year(
    anchor: Optional[Parts], month: int, days: tuple[int, ...], year_shift: YearShift
) -> Optional[tuple[Parts, Optional[Parts]]]:
    """A month (with optional day or day range) placed in the year the anchor implies."""
    if anchor is None:
        return None
    year = month_year(anchor, month, year_shift)
    start = build(year, month, days[0] if days else None)
    end = build(year, month, days[-1]) if len(days) > 1 else None
    if start is None or (len(days) > 1 and (end is None or end.as_date() <= start.as_date())):
        return None
    return start, end


def weekday_before(anchor: Optional[Parts], weekday: int, strict: bool = False) -> Optional[Parts]:
    """The day with that weekday (0 = Monday) on or before the anchor day.

    ``strict`` ("last Friday") skips the anchor day itself.
    """
    if anchor is None or anchor.day is None:
        return None
    day = anchor.as_date()
    back = (day.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    found = day - dt.timedelta(days=back)
    return Parts(found.year, found.month, found.day)
