"""Dates written in an article's opening: the dateline, and how explicit date texts are read.

A dateline opens the first non-blank line, or the second after a headline:
"BAKU, 12 March 2024 —", "Moscow, Nov. 5 (Reuters) -", "MOSCOW, May 17. /TASS/.",
"ASTANA. November 14. KAZINFORM –",
"ASTANA, Kazakhstan, 24 January 2025 –", or a dateline alone on its line.
Wire copy often leaves the year out ("May 17"); the year is then the one the
article's own years and weekdays agree on (``infer_year``), so that "on
Wednesday" and "last month" can still be resolved. See docs/reading.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Iterator, Optional

from caspianie.pipeline.timex.datenorm import MAX_YEAR, MIN_YEAR, is_calendar_text
from caspianie.contract.records import Date
from caspianie.pipeline.furniture import furniture_rules, line_stamp

# A headline and a standfirst may come before the date line.
DATELINE_LINES = 3
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-ZА-ЯЁƏ][\w'’.-]*(?:[ \t][A-ZА-ЯЁƏ][\w'’.-]*){0,2})"
    r"(?:,[ \t]*[A-ZА-ЯЁƏ][\w'’.-]*(?:[ \t][A-ZА-ЯЁƏ][\w'’.-]*){0,2})?"
    r",[ \t]+(?P<date>[^\n(—–]{3,40}?)[ \t]*"
    r"(?:(?:\((?P<agency>[^)\n]{1,40})\)[ \t]*)?(?P<sep>[—–]|-{1,2}(?=[ \t])|(?=\r?$))"
    r"|\.?[ \t]*/(?P<wire>[A-Za-z][^/\n]{0,39})/\.?)",
    re.MULTILINE,
)
# A dateline read for its place only: "NUR-SULTAN –", "BAKU (APP):", "TEHRAN (Tasnim) –",
# "Abu Dhabi:", "ANKARA" alone on its line (the place in capitals, or an agency or a colon
# after it); and "BAKU, Azerbaijan, March 1. Trend:" or "Baku, April 4, AZERTAC", whose
# yearless date ends in a full stop or an agency rather than a dash.
_DATED_PLACE = re.compile(
    r"[ \t]*(?P<place>[A-ZА-ЯЁƏ][\w'’-]+(?:[ \t][A-ZА-ЯЁƏ][\w'’-]+){0,2})(?:,[ \t]*[A-Z][\w'’-]+)?"
    r",[ \t]+(?P<date>[^,.\n]{3,20})[.,]")
_PLACE_DATELINE = re.compile(
    r"[ \t]*(?:(?P<caps>[A-ZА-ЯЁƏ][A-ZА-ЯЁƏ'’-]+(?:[ \t][A-ZА-ЯЁƏ][A-ZА-ЯЁƏ'’-]+){0,2})"
    r"(?:,[ \t]*[A-Z][\w'’-]+)?[ \t]*(?:\([^)\n]{1,30}\)[ \t]*)?(?:[—–:]|-{1,2}(?=[ \t])|\r?$)"
    r"|(?P<named>[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+){0,2})[ \t]*(?:\([^)\n]{1,30}\)[ \t]*(?:[—–:]|-{1,2}(?=[ \t]))|:(?=[ \t])))"
)
# Agency style with full stops: "ASTANA. November 14. KAZINFORM –", "ASHGABAT. June 29, 2022
# (Interfax) -" (the place in capitals).
_DOTTED_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-ZА-ЯЁƏ][A-ZА-ЯЁƏ'’-]+(?:[ \t][A-ZА-ЯЁƏ][A-ZА-ЯЁƏ'’-]+){0,2})\.[ \t]+"
    r"(?P<date>[^\n.(]{3,30}?)(?:\.[ \t]+(?P<agency>[A-Z][\w-]{1,20}(?:[ \t][A-Z][\w-]{1,20})?)"
    r"|[ \t]*\([A-Z][^)\n]{0,39}\))[ \t]*[—–-]",
    re.MULTILINE,
)
# A clock time after a date: "10:40", ", 14:35 GMT", "at 9:05 a.m.", "10:40 (UTC+04:00)".
_TIME = (r"(?:[ \t]*,?[ \t]*(?:at[ \t]+)?\d{1,2}:\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?"
         r"(?:[ \t]*\(?(?:UTC|GMT|MSK)?[ \t]*[+−-]?\d{1,2}(?::?\d{2})?\)?|[ \t]*\(?(?:UTC|GMT|MSK)\)?)?)?")
# A date alone on an opening line, under or over the headline: "06.10.2022", "12 March 2024",
# perhaps with its time of publication: "26 September 2024 10:40 (UTC+04:00)".
_DATE_LINE_ONLY = re.compile(r"^[ \t]*(?P<date>\S[^\n]{3,38}?)" + _TIME + r"(?:[ \t]*\[[^\]\n]*\])?[ \t]*\r?$",
                             re.MULTILINE)  # ... "[ Last Update: ... ]"
# A heading that ends with its place and day: "Lavrov's remarks ..., Moscow, December 5, 2023".
_TRAILING_DATE = re.compile(
    r",[ \t]+(?P<date>(?:\d{1,2}[ \t]+)?[A-Z][a-z]{2,8}\.?(?:[ \t]+\d{1,2})?,?[ \t]+\d{4})[ \t]*\r?$")
# A date line that names its place after the date: "January 9, 2001, The Presidential Palace,
# Baku", "12 March 2024, Astana": the date with its year, then one or two capitalized places,
# the last of them the city.
_DATE_FIRST = re.compile(
    r"^[ \t]*(?P<date>(?:\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?)[ \t]+\d{4})"
    r"(?:,[ \t]*[A-Z][\w'’.-]*(?:[ \t][\w'’.-]+){0,4})?,[ \t]*"
    r"(?P<place>[A-ZА-ЯЁƏ][\w'’-]+(?:[ \t][A-ZА-ЯЁƏ][\w'’-]+){0,2})[ \t]*\r?$", re.MULTILINE)
_FIELD_WITH_TIME = re.compile(r"(?P<date>[^\n]{3,40}?)" + _TIME + r"[ \t]*$")
# A byline of fields: "Almaty | 2 May 2024 | Energy & Commodities", "BAKU · 12 March 2024".
_FIELD_SEPARATOR = re.compile(r"[ \t]+[|·•][ \t]+")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# A written year: four digits, or the two-digit year of "12.03.24".
_HAS_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2}\b")
_YEAR_IN_TEXT = re.compile(r"(?<![\d.,])(?:1[89]|20)\d{2}(?![\d.,]\d)")
LEAD_CHARS = 300
YEAR_SEARCH = 5
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_IN_TEXT = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    """A shared dateparser parser: English, day-month order for numeric dates."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})


def parse_explicit_date(text: str) -> Optional[Date]:
    """Parse a written date at the precision it is written, or return None.

    ``"12 March 2024"`` -> value ``2024-03-12`` (day); ``"2018"`` -> ``2018`` (year).
    A date written without a year (``"Nov. 5"``) keeps its text and gets value None.
    An ISO text that is no calendar day (``2024-13-45``) and anything that is not
    plainly a calendar date (``100M``, ``12:30``, ``in 2 days``, see
    ``datenorm.is_calendar_text``) is None.
    """
    text = text.strip()
    if _ISO_DATE.match(text):
        if not _is_calendar_iso(text):
            return None
        granularity = {4: "year", 7: "month", 10: "day"}[len(text)]
        return Date(text=text, value=text, granularity=granularity, basis="explicit")
    if not any(ch.isdigit() for ch in text) or not is_calendar_text(text):
        return None
    reading = _read_date(text)
    if reading is None:
        return None
    value, granularity = reading
    return Date(text=text, value=value, granularity=granularity, basis="explicit")


@lru_cache(maxsize=4096)
def _read_date(text: str) -> Optional[tuple[Optional[str], str]]:
    """dateparser's reading of a date text as (value, granularity); cached, since it takes
    milliseconds and the datelines of one day's articles repeat."""
    data = _date_parser().get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    granularity = data.period if data.period in ("year", "month") else "day"
    value = None
    if _HAS_YEAR.search(text):
        fmt = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}[granularity]
        value = data.date_obj.strftime(fmt)
    return value, granularity


def _is_calendar_iso(text: str) -> bool:
    """Whether an ISO ``YYYY[-MM[-DD]]`` text names a real month and day."""
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0] or 1, parts[1], parts[2])
    except ValueError:
        return False
    return parts[0] > 0


def _opening_lines(text: str) -> Iterator[tuple[int, str]]:
    """(start offset, content) of the first ``DATELINE_LINES`` non-blank lines that are not page
    chrome (menus, section paths, the site's name); a page stamp
    that opens the first line ("date 2024-03-12 BAKU, ...") is left out of its content."""
    start, seen = 0, 0
    while start <= len(text) and seen < DATELINE_LINES:
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if text[start:end].strip() and not page_chrome(text[start:end]):
            stamp = line_stamp(text[start:end]) if seen == 0 else None
            seen += 1
            first = start
            if stamp is not None:  # the content after the stamp, from its first character
                rest = text[start + stamp.end():end]
                first = end - len(rest.lstrip())
            if text[first:end].strip():
                yield first, text[first:end]
        start = end + 1


def page_chrome(line: str) -> bool:
    """A furniture line with no digit ("View settings", "News /"): page chrome above the
    story, which no dateline is and which does not count among the opening lines."""
    stripped = line.strip()
    return not any(ch.isdigit() for ch in stripped) and any(
        scope == "line" and rx.search(stripped) for _rid, scope, rx in furniture_rules())


def _match_dateline(text: str, start: int, end: int) -> Optional[re.Match[str]]:
    """A dateline of either form ("BAKU, 12 March 2024 —", "ASTANA. November 14. KAZINFORM –")
    at ``start``, matched on ``text[start:end]`` (its offsets are relative to ``start``)."""
    part = text[start:end]
    return _DATELINE.match(part) or _DOTTED_DATELINE.match(part)


def find_dateline(text: str) -> Optional[tuple[tuple[int, int], Date]]:
    """The opening dateline's span (through its dash or agency) and its date, or None.

    A line holding nothing but a date with its year, a byline of fields separated
    by "|", "·" or "•" with one such date, or a heading ending in ", <day> <month>
    <year>" counts as a dateline. A dateline without a year gets the year
    ``infer_year`` finds in the text, when it finds one; otherwise its date has value None.
    """
    for start, line in _opening_lines(text):
        lead = start + len(line) - len(line.lstrip())
        match = _match_dateline(text, start, start + len(line))
        date = parse_explicit_date(match.group("date")) if match else None
        if date is not None:
            if date.value is None:
                date = _with_inferred_year(date, text[start + match.end():])
            return (lead, start + match.end()), date
        first = _DATE_FIRST.match(text, start, start + len(line))
        date = parse_explicit_date(first.group("date")) if first else None
        if date is not None and date.value is not None:
            return (lead, first.end()), date
        alone = _DATE_LINE_ONLY.match(text, start, start + len(line))
        date = parse_explicit_date(alone.group("date")) if alone else None
        if date is not None and date.value is not None:
            return (lead, alone.end()), date
        fields = _byline_date(line)
        if fields is not None:
            return (lead, start + fields[0]), fields[1]
        tail = _TRAILING_DATE.search(line)
        date = parse_explicit_date(tail.group("date")) if tail else None
        if date is not None and date.value is not None and date.granularity == "day":
            return (start + tail.start("date"), start + tail.end("date")), date
    return None


def _byline_date(line: str) -> Optional[tuple[int, Date]]:
    """In a byline of fields ("Almaty | 2 May 2024 | Energy"), the end offset of the first
    field that is a date with its year, and that date."""
    if not _FIELD_SEPARATOR.search(line):
        return None
    offset = 0
    for field in _FIELD_SEPARATOR.split(line):
        offset = line.index(field, offset) + len(field)
        dated = _FIELD_WITH_TIME.match(field)
        date = parse_explicit_date(dated.group("date")) if dated and len(field) <= 60 else None
        if date is not None and date.value is not None:
            return offset, date
    return None


def _with_inferred_year(date: Date, body: str) -> Date:
    """A yearless dateline date ("May 17") completed with the year the article implies."""
    reading = _read_date(f"{date.text} 2000")  # a leap year, so "Feb 29" reads too
    if reading is None or reading[1] != date.granularity or reading[0] is None:
        return date
    month, day = int(reading[0][5:7]), int(reading[0][8:10]) if date.granularity == "day" else None
    year = infer_year(body, month, day)
    if year is None:
        return date
    value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return Date(text=date.text, value=value, granularity=date.granularity, basis="inferred_year")


def infer_year(body: str, month: int, day: Optional[int]) -> Optional[int]:
    """The year of a yearless dateline, from the years and weekdays the article writes.

    A weekday in the lead ("on Friday", within ``LEAD_CHARS``; else anywhere)
    names the dateline's day: the year is the latest written year in which the
    day falls on it, else the latest year up to one after the latest written
    year (wire copy often writes only other years: "the 2022 summit", "by
    2025"), at most ``YEAR_SEARCH`` back. Without a weekday, the year written
    most often, the latest on a tie. None when nothing fits.
    """
    years = Counter(int(y) for y in _YEAR_IN_TEXT.findall(body) if MIN_YEAR <= int(y) <= MAX_YEAR)
    if not years:
        return None
    lead = _WEEKDAY_IN_TEXT.findall(body[:LEAD_CHARS]) or _WEEKDAY_IN_TEXT.findall(body)
    weekdays = {_WEEKDAYS.index(w.lower()) for w in lead}
    if day is None or not weekdays:
        return max(years, key=lambda y: (years[y], y))
    fitting = [y for y in years if _weekday(y, month, day) in weekdays]
    if fitting:
        return max(fitting)
    latest = max(years) + 1
    return next((y for y in range(latest, latest - YEAR_SEARCH, -1) if _weekday(y, month, day) in weekdays), None)


def _weekday(year: int, month: int, day: int) -> Optional[int]:
    try:
        return dt.date(year, month, day).weekday()
    except ValueError:
        return None


def place_dateline(text: str) -> Optional[str]:
    """The place of a dateline that gives no date ("NUR-SULTAN – The court ...", "BAKU (APP):
    ...", "Abu Dhabi: ..."), opening one of the first lines, as written; the caller checks
    that it names a known place."""
    for start, line in _opening_lines(text):
        match = _PLACE_DATELINE.match(line)
        if match:
            return match.group("caps") or match.group("named")
        dated = _DATED_PLACE.match(line)
        if dated and parse_explicit_date(dated.group("date")) is not None:
            return dated.group("place")
    return None


def dateline_place(text: str, dateline: Optional[tuple[int, int]]) -> Optional[str]:
    """The place a dateline names ("BAKU" in "BAKU, 12 March 2024 —", "Almaty" in
    "Almaty | 2 May 2024 | Energy"), as written."""
    if dateline is None:
        return None
    match = _match_dateline(text, dateline[0], len(text)) or _DATE_FIRST.match(text, dateline[0])
    if match:
        return match.group("place")
    end = text.find("\n", dateline[0])
    fields = _FIELD_SEPARATOR.split(text[dateline[0] : len(text) if end == -1 else end])
    first = fields[0].strip()
    if len(fields) > 1 and first[:1].isupper() and len(first.split()) <= 3 and parse_explicit_date(first) is None:
        return first
    before = text[text.rfind("\n", 0, dateline[0]) + 1 : dateline[0]].rstrip().rstrip(",").rsplit(",", 1)
    place = before[-1].strip() if len(before) == 2 else ""  # "..., Moscow, December 5, 2023"
    return place if place[:1].isupper() and len(place.split()) <= 3 else None
