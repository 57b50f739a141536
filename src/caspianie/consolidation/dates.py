"""Date values as day spans: compatibility, precision and the most precise consistent date.

A contract date value is ISO 8601 at the precision the text gives (``2024``,
``2024-03``, ``2024-03-12``, or a v1.1 period such as ``2011-W29``) or a range
``start/end``. Each becomes the span of
days it covers, so a month-level report is compatible with a day-level one inside
it, and two different days are not.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional

from caspianie.contract.datevalues import value_days

Span = tuple[int, int]  # first and last day, as proleptic ordinals


def span(value: Optional[str]) -> Optional[Span]:
    """The days a date value covers, or None for no value (every v1.1 shape: a week
    ``2011-W29`` or a decade ``197`` too)."""
    if not value:
        return None
    first, last = value_days(value)
    return first.toordinal(), last.toordinal()


def width(value: Optional[str]) -> int:
    """How many days a value covers (a huge number for no value): smaller is more precise."""
    covered = span(value)
    return 10**9 if covered is None else covered[1] - covered[0] + 1


def overlaps(a: Optional[Span], b: Optional[Span]) -> bool:
    """Whether two spans share a day (an unknown span is compatible with anything)."""
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def intersect(a: Optional[Span], b: Optional[Span]) -> Optional[Span]:
    """The days both spans cover; ``a`` when ``b`` is unknown and vice versa. Call only when they overlap."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a[0], b[0]), min(a[1], b[1])


def gap_days(a: Optional[Span], b: Optional[Span]) -> int:
    """Days between two spans that do not overlap (0 when they overlap or one is unknown)."""
    if a is None or b is None or overlaps(a, b):
        return 0
    return max(b[0] - a[1], a[0] - b[1])


def year_of(value: Optional[str]) -> Optional[int]:
    """The year a value starts in."""
    return int(value[:4]) if value else None


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def most_precise(values: Iterable[Optional[str]]) -> tuple[Optional[str], list[dict]]:
    """The most precise date consistent with the reports, and the conflicts among them.

    Only the most precise values compete (a value with another report inside it,
    like a month around a day, does not); each is supported by every report that
    overlaps it, so a month-level report backs the day inside it. The value with
    most support wins (ties: the narrower, then the earlier). Reports that do not
    overlap the winner (a different day) are conflicts, listed with their number
    of reports; they are kept, never averaged away.
    """
    counts = Counter(v for v in values if v)
    if not counts:
        return None, []
    spans = {v: span(v) for v in counts}
    minimal = [v for v in counts if not any(_inside(spans[w], spans[v]) for w in counts)]

    def support(v: str) -> int:
        return sum(n for w, n in counts.items() if overlaps(spans[v], spans[w]))

    winner = min(minimal, key=lambda v: (-support(v), width(v), v))
    conflicts = [{"value": v, "reports": counts[v]} for v in sorted(counts)
                 if not overlaps(spans[v], spans[winner])]
    return winner, conflicts
