"""The news of a report: the days in the week up to its reference date.

A report's own news happened on its dateline's day or in the days just before it; a
day-precise date in that week is the report's news, an older or coarser one is background.
"""

from __future__ import annotations

from typing import Optional

from caspianie.contract.datevalues import point_days
from caspianie.contract.records import Date

CURRENT_NEWS_DAYS = 7  # how far before the reference date a report's own news lies


def days_before(date: Optional[Date], reference: Date) -> bool:
    """A day-precise date in the week up to the reference day."""
    if date is None or date.value is None or date.granularity != "day" or reference.value is None:
        return False
    try:
        lag = (point_days(reference.value)[0] - point_days(date.value.split("/")[0])[0]).days
    except ValueError:
        return False
    return 0 <= lag <= CURRENT_NEWS_DAYS
