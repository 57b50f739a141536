"""Calendar arithmetic for relative date expressions.

Every function takes an anchor (the document's reference date, or the
narrative's last date) as ``Parts`` and returns the resolved ``Parts``, or
``None`` when the anchor is too coarse: "the next day" after "in 2008" has no
answer, while "the same year" after "12 March 2024" is ``2024``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import Optional, Union

from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.timex.datenorm import Parts, build

UNITS = ("year", "half", "quarter", "month", "week", "day")
_RANK = {"year": 0, "month": 1, "day": 2}
_PER_YEAR = {"quarter": 4, "half": 2}
MAX_COUNT = 300
YearShift = Union[int, str]


def unit_granularity(unit: str) -> str:
    """The granularity a unit's result has (the unit itself)."""
    return unit


def unit_of(word: str) -> Optional[str]:
    """``years`` -> ``year``; ``None`` for a word that is not a calendar unit."""
    singular = word.lower()
    singular = singular[:-1] if singular.endswith("s") else singular
    return singular if singular in UNITS else None


def number_of(word: str) -> Optional[int]:
    """``eight`` -> 8, ``a`` -> 1, ``ninety`` -> 90 (``date_number_words`` in lexicons.jsonl)."""
    return _number_words().get(word.lower())


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    return {word: int(number) for word, number in lexicons()["date_number_words"]}


def count_of(word: str) -> Optional[int]:
    """``eight`` -> 8, ``3`` -> 3, ``a`` -> 1; ``None`` if not a small count."""
    lower = word.lower()
    number = int(lower) if lower.isdigit() and len(lower) <= 3 else number_of(lower)
    return number if number is not None and 0 < number <= MAX_COUNT else None


def spelled_year(words: list[str]) -> Optional[int]:
    """A year written in words: ``nineteen ninety - six`` -> 1996, ``two thousand`` -> 2000.

    Words that are no numbers ("-", "and", a month name) are skipped.
    """
    numbers = [n for n in (number_of(w) for w in words) if n is not None]
    if 1000 in numbers:
        at = numbers.index(1000)
        return sum(numbers[:at]) * 1000 + sum(numbers[at + 1:]) if at else None
    if len(numbers) >= 2 and 10 <= numbers[0] <= 20 and sum(numbers[1:]) < 100:
        return numbers[0] * 100 + sum(numbers[1:])
    return None


def _finer_or_equal(anchor: Parts, granularity: str) -> bool:
    return _RANK[anchor.granularity] >= _RANK[granularity]


def add_months(anchor: Parts, months: int) -> Parts:
    """Shift a month-precision (or finer) anchor by whole months, to month precision."""
    assert anchor.month is not None
    index = anchor.year * 12 + anchor.month - 1 + months
    return Parts(index // 12, index % 12 + 1)


def _week(anchor: Parts, weeks: int) -> Optional[Parts]:
    """The ISO week ``weeks`` from the anchor day's (``2013-W12``)."""
    if anchor.day is None:
        return None
    year, week, _ = (anchor.as_date() + dt.timedelta(weeks=weeks)).isocalendar()
    return Parts(year, period=f"W{week:02d}")


def _part_of_year(anchor: Parts, unit: str, n: int) -> Optional[Parts]:
    """The quarter or half ``n`` from the one holding the anchor month (``1998-Q3``)."""
    if anchor.month is None:
        return None
    per_year = _PER_YEAR[unit]
    index = anchor.year * per_year + (anchor.month - 1) * per_year // 12 + n
    return Parts(index // per_year, period=f"{unit[0].upper()}{index % per_year + 1}")


def shift_keeping(anchor: Optional[Parts], unit: str, n: int) -> Optional[Parts]:
    """The anchor moved by ``n`` units at the anchor's own precision ("a year ago" is a day,
    "two weeks later" the day two weeks on)."""
    if anchor is None or anchor.period is not None:
        return None
    if unit in ("day", "week"):
        return shift(anchor, "day", 7 * n if unit == "week" else n)
    if unit not in ("year", "month") or anchor.month is None:
        return shift(anchor, unit, n)
    moved = add_months(anchor, 12 * n if unit == "year" else n)
    day = None if anchor.day is None else min(anchor.day, calendar.monthrange(moved.year, moved.month)[1])
    return build(moved.year, moved.month, day)


def shift(anchor: Optional[Parts], unit: str, n: int) -> Optional[Parts]:
    """The anchor moved by ``n`` units, at the unit's precision.

    With ``n == 0`` ("the same day", "today") a coarser anchor is returned as
    it is; a non-zero shift needs an anchor at least as fine as the unit.
    """
    if anchor is None or anchor.period is not None:
        return None
    if unit == "week":
        return _week(anchor, n)
    if unit in _PER_YEAR:
        return _part_of_year(anchor, unit, n)
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
    month ("last October"). ``before`` / ``after``: the latest such month up to,
    the first from, the anchor's month (a clause in the past or future tense).
    An integer: the anchor's year plus it.
    """
    if isinstance(year_shift, int):
        return anchor.year + year_shift
    if anchor.month is None:
        return anchor.year - 1 if year_shift == "past" else anchor.year
    if year_shift == "past":
        return anchor.year if month < anchor.month else anchor.year - 1
    if year_shift == "before":
        return anchor.year if month <= anchor.month else anchor.year - 1
    if year_shift == "after":
        return anchor.year if month >= anchor.month else anchor.year + 1
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


def weekday_near(anchor: Optional[Parts], weekday: int, strict: bool = False, forward: bool = False) -> Optional[Parts]:
    """The day with that weekday (0 = Monday) on or before the anchor day (on or after it, ``forward``).

    ``strict`` ("last Friday", "this coming Sunday") skips the anchor day itself.
    """
    if anchor is None or anchor.day is None:
        return None
    day = anchor.as_date()
    steps = (weekday - day.weekday()) % 7 if forward else (day.weekday() - weekday) % 7
    if strict and steps == 0:
        steps = 7
    found = day + dt.timedelta(days=steps if forward else -steps)
    return Parts(found.year, found.month, found.day)
