"""Normalization of explicit date expressions to ISO values at their written precision.

A date is held as ``Parts`` (year, optional month, optional day): the precision
is the finest part present, so ``Parts(2004, 3)`` is ``"2004-03"`` with
granularity ``month`` and never acquires a day it was not given. Month names
and whole numeric dates are read by dateparser (English only, no language
detection); the parts a span's tokens contribute are read here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from dateparser.date import DateDataParser
from spacy.tokens import Token

MIN_YEAR = 1800
MAX_YEAR = 2100
DASHES = frozenset({"-", "–", "—", "‒", "to", "and", "until", "till", "through"})
_PERIODS = {"year": "year", "month": "month", "day": "day"}
_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "TIMEZONE": "UTC",
}
# Longest text handed to dateparser: date expressions are short, and a long run of
# digits or words makes dateparser slow (0.5 s for 5,000 digits) for no possible date.
MAX_DATE_CHARS = 40
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Words a written calendar date may hold besides numbers: month and weekday names and
# their abbreviations, ordinal suffixes and "of"/"the" ("the 5th of May 2024").
_CALENDAR_WORDS = frozenset(
    list(_MONTHS) + [m[:3] for m in _MONTHS] + ["sept"]
    + list(_WEEKDAY_NAMES) + [d[:3] for d in _WEEKDAY_NAMES]
    + ["st", "nd", "rd", "th", "of", "the"]
)
_MONTH_WORDS = frozenset(list(_MONTHS) + [m[:3] for m in _MONTHS] + ["sept"])
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2}(?:\d{2})?\b")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Parts:
    """A calendar date known to year, month or day precision, or a coarser named period.

    ``period`` names a part of ``year`` as TimeML writes it (``W12``, ``Q3``, ``H2``,
    ``SU``), or is ``decade`` / ``century`` for the one holding ``year``.
    """

    year: int
    month: Optional[int] = None
    day: Optional[int] = None
    period: Optional[str] = None

    @property
    def granularity(self) -> str:
        """``day``, ``month`` or ``year`` (the finest part present), or the period's granularity."""
        if self.period is not None:
            return period_granularity(self.period)
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a period as TimeML writes it (``1998-Q3``, ``197``)."""
        if self.period == "decade":
            return f"{self.year // 10:03d}"
        if self.period == "century":
            return f"{self.year // 100:02d}"
        if self.period is not None:
            return f"{self.year:04d}-{self.period}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date:
        """The calendar day (only for day precision)."""
        assert self.month is not None and self.day is not None
        return dt.date(self.year, self.month, self.day)

    def truncate(self, granularity: str) -> "Parts":
        """The same date with the parts finer than ``granularity`` dropped."""
        if granularity == "year":
            return Parts(self.year)
        if granularity == "month":
            return Parts(self.year, self.month)
        return self


PERIOD_GRANULARITY = {"W": "week", "Q": "quarter", "H": "half", "SP": "season", "SU": "season", "FA": "season",
                      "WI": "season", "decade": "decade", "century": "century"}


def period_granularity(period: str) -> str:
    """``Q3`` -> ``quarter``, ``SU`` -> ``season``, ``W12`` -> ``week``, ``decade`` -> ``decade``."""
    return PERIOD_GRANULARITY.get(period) or PERIOD_GRANULARITY[period[:1]]


@dataclass
class Fields:
    """The date parts that a run of tokens states (days in text order)."""

    year: Optional[int] = None
    month: Optional[int] = None
    days: tuple[int, ...] = ()


def written_years(text: str) -> set[int]:
    """The four-digit numbers of ``text`` that are years in MIN_YEAR..MAX_YEAR."""
    return {int(y) for y in _YEAR.findall(text) if MIN_YEAR <= int(y) <= MAX_YEAR}


def is_calendar_text(text: str) -> bool:
    """Whether ``text`` can only be a calendar date, not a relative or time expression.

    It must be at most ``MAX_DATE_CHARS`` long, every word in it must be a month or
    weekday name, an ordinal suffix, "of" or "the", and it must name a month or
    write a year or a numeric date. So ``Nov. 5``, ``12.03.2024``, ``Sept. 30, 2023``
    pass; ``100M``, ``12:30``, ``in 2 days``, ``Friday``, ``now`` do not (dateparser
    would read those relative to today's clock).
    """
    if not text.strip() or len(text) > MAX_DATE_CHARS:
        return False
    words = [w.casefold() for w in _WORD.findall(text)]
    if any(w not in _CALENDAR_WORDS for w in words):
        return False
    names_month = any(w in _MONTH_WORDS for w in words)
    return names_month or bool(written_years(text)) or bool(_NUMERIC_DATE.search(text))


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    return DateDataParser(languages=["en"], settings=_SETTINGS)


@lru_cache(maxsize=4096)
def parse_text(text: str) -> Optional[Parts]:
    """Parse a whole date expression (``12.03.2024``, ``2024-03-12``) at its precision.

    Returns ``None`` when dateparser cannot read it, the year is outside
    1800..2100 or is not one the text writes (dateparser reads ``100M`` or
    ``Friday`` relative to today; those are never dates here).
    """
    years = written_years(text)
    if not years or not is_calendar_text(text):
        return None
    data = _parser().get_date_data(text)
    period = _PERIODS.get(data.period or "")
    if data.date_obj is None or period is None or not MIN_YEAR <= data.date_obj.year <= MAX_YEAR:
        return None
    obj = data.date_obj
    if obj.year not in years:
        return None
    return Parts(obj.year, obj.month, obj.day).truncate(period)


@lru_cache(maxsize=512)
def month_number(word: str) -> Optional[int]:
    """The month a month name (``March``, ``Sept``, ``Aug.``) stands for, read by dateparser."""
    word = word[:-1] if word.endswith(".") and len(word) > 3 else word
    if not word.isalpha() or len(word) > len("September"):
        return None
    data = _parser().get_date_data(f"{word} 2000")
    if data.date_obj is None or data.period != "month":
        return None
    return data.date_obj.month


def year_number(text: str) -> Optional[int]:
    """The year a four-digit token states, if within 1800..2100."""
    if len(text) == 4 and text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    return None


def day_number(text: str) -> Optional[int]:
    """The day of month a token such as ``7``, ``07`` or ``12th`` states."""
    digits = text.rstrip("stndrh") if text[:1].isdigit() else ""
    if digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= 31:
        return int(digits)
    return None


def _core(text: str) -> str:
    """``mid-2019`` -> ``2019``: drop a prefix word joined to a number by a hyphen."""
    head, sep, tail = text.rpartition("-")
    return tail if sep and head.isalpha() and tail[:1].isdigit() else text


def token_fields(texts: Iterable[str]) -> Fields:
    """Read the year, month and day numbers stated by a run of token texts."""
    fields = Fields()
    days: list[int] = []
    for raw in texts:
        text = _core(raw)
        year = year_number(text)
        if year is not None:
            fields.year = year
        elif text[:1].isdigit():
            day = day_number(text)
            if day is not None:
                days.append(day)
        elif text[:1].isupper() and (month := month_number(text)) is not None:
            fields.month = month
    fields.days = tuple(days)
    return fields


def build(year: Optional[int], month: Optional[int], day: Optional[int]) -> Optional[Parts]:
    """A valid ``Parts`` from its numbers, or ``None`` (no year, 31 February, ...)."""
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return None if day is not None else Parts(year)
    if day is None:
        return Parts(year, month)
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return Parts(year, month, day)


def split_range(tokens: list[Token]) -> tuple[list[str], list[str]]:
    """Split the token texts of a range at its dash (``7 - 8 September``).

    A single token such as ``2024–2026`` is split at its own dash.
    """
    for i, token in enumerate(tokens):
        if token.lower_ in DASHES:
            return [t.text for t in tokens[:i]], [t.text for t in tokens[i + 1:]]
    for token in tokens:
        for dash in ("-", "–", "—"):
            left, sep, right = token.text.partition(dash)
            if sep and left.isdigit() and right.isdigit():
                return [left], [right]
    return [t.text for t in tokens], []


def range_fields(tokens: list[Token]) -> tuple[Fields, Fields]:
    """The two ends of a range, each filled with the parts only the other states.

    ``September 7 - 8, 1998`` -> (1998, 9, 7) and (1998, 9, 8).
    """
    left_texts, right_texts = split_range(tokens)
    left, right = token_fields(left_texts), token_fields(right_texts)
    if left.year is None:
        left.year = right.year
    if left.month is None:
        left.month = right.month
    if right.month is None and right.days:
        right.month = left.month
    if right.year is None:
        right.year = left.year
    return left, right


def fields_to_parts(fields: Fields) -> Optional[Parts]:
    """``Parts`` from the fields of one date (its first day, if several)."""
    return build(fields.year, fields.month, fields.days[0] if fields.days else None)


def range_value(start: Parts, end: Optional[Parts]) -> str:
    """``start`` or ``start/end`` in ISO form."""
    return start.iso() if end is None else f"{start.iso()}/{end.iso()}"


def parts_from_iso(value: Optional[str]) -> Optional[Parts]:
    """``Parts`` of an ISO value (the start of a range); ``None`` for ``None``."""
    if not value:
        return None
    numbers = [int(p) for p in value.split("/")[0].split("-")]
    return build(*(numbers + [None] * (3 - len(numbers))))  # type: ignore[arg-type]
