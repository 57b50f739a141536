"""The shapes a date value may take (contract v1.1) and the days each covers.

Besides ISO ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD``, a value may be written as
TimeML writes coarser periods: a week ``2013-W12`` (ISO week), a quarter
``1998-Q3``, a half ``1998-H2``, a season ``2012-SU`` (SP, SU, FA, WI), a decade
``197`` (the 1970s) or a century ``19`` (1900-1999). A range is ``start/end``.
"""

from __future__ import annotations

import datetime as dt
import re

GRANULARITIES = ("day", "month", "year", "week", "quarter", "half", "season", "decade", "century")
SHAPES = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "year": r"\d{4}",
    "week": r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])",
    "quarter": r"\d{4}-Q[1-4]",
    "half": r"\d{4}-H[12]",
    "season": r"\d{4}-(SP|SU|FA|WI)",
    "decade": r"\d{3}",
    "century": r"\d{2}",
}
_POINT = "|".join(f"(?:{shape})" for shape in SHAPES.values())
VALUE_PATTERN = rf"^({_POINT})(/({_POINT}))?$"
_FULL = {name: re.compile(rf"^{shape}$") for name, shape in SHAPES.items()}
# First and last month of a quarter, half or season (a winter runs into the next year's February).
_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12),
           "SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def granularity_of(point: str) -> str:
    """The granularity a single value (no range) is written at; ``ValueError`` if none."""
    for name, pattern in _FULL.items():
        if pattern.match(point):
            return name
    raise ValueError(f"'{point}' is not a date value")


def _month_end(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def point_days(point: str) -> tuple[dt.date, dt.date]:
    """The first and last day a single value covers; ``ValueError`` for no valid date."""
    granularity = granularity_of(point)
    if granularity == "decade":
        return dt.date(int(point) * 10, 1, 1), dt.date(int(point) * 10 + 9, 12, 31)
    if granularity == "century":
        return dt.date(int(point) * 100 or 1, 1, 1), dt.date(int(point) * 100 + 99, 12, 31)
    year = int(point[:4])
    if granularity == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if granularity == "month":
        month = int(point[5:7])
        return dt.date(year, month, 1), _month_end(year, month)
    if granularity == "day":
        day = dt.date.fromisoformat(point)
        return day, day
    if granularity == "week":
        monday = dt.date.fromisocalendar(year, int(point[6:]), 1)
        return monday, monday + dt.timedelta(days=6)
    first, last = _MONTHS[point[5:]]
    return dt.date(year, first, 1), _month_end(year, last)


def value_days(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a value or a range ``start/end`` covers; ``ValueError`` for no
    valid date."""
    first, _, last = value.partition("/")
    return point_days(first)[0], point_days(last or first)[1]
