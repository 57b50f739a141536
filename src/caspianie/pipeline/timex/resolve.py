"""How a candidate date span gets its value: one resolver per pattern ``kind``.

Anchors are the document's reference date or the narrative's dates so far
(``History``); ``tense`` is the tense of the span's clause (``tense.py``), used
by entries with ``tense: true`` to place a yearless month, a quarter or a
weekday before or after the reference date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple, Optional

from spacy.tokens import Span

from caspianie.errors import Errors
from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline import extensions
from caspianie.pipeline.timex.datenorm import (Parts, fields_to_parts, parse_text, parts_from_iso, range_fields,
                                               token_fields, year_number)
from caspianie.pipeline.timex.datepatterns import DatePattern
from caspianie.pipeline.timex.relative import (count_of, in_year, month_year, shift, shift_keeping, spelled_year,
                                               unit_of, weekday_near)
from caspianie.pipeline.timex.tense import Tense

Basis = Literal["explicit", "relative_to_reference", "relative_to_narrative"]
_WEEKDAYS = {name: index for index, name in enumerate(calendar.day_name)}
MAX_YEAR_RANGE = 100
LOOKBACK = 3
_RANK = {"year": 0, "month": 1, "day": 2}
# The first month of each quarter, half and season code.
_FIRST_MONTH = {"Q": {1: 1, 2: 4, 3: 7, 4: 10}, "H": {1: 1, 2: 7}, "SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass
class Resolved:
    """A span's resolution: ``start`` is ``None`` when it cannot be resolved."""

    start: Optional[Parts]
    end: Optional[Parts]
    granularity: str
    basis: Basis
    moves_anchor: bool = True


class Anchor(NamedTuple):
    """One narrative date: its start and end (equal unless a range), and whether the text stated it."""

    start: Parts
    end: Parts
    explicit: bool


History = list[Anchor]  # the narrative's latest ``LOOKBACK`` dates, most recent last


def _anchor_for(
    entry: DatePattern, reference: Optional[Parts], history: History, forward: bool, needs: str = "year"
) -> tuple[Optional[Parts], Basis]:
    """The anchor ``Parts`` and basis a relative entry uses.

    A narrative entry takes the latest of the last ``LOOKBACK`` narrative dates
    that is at least as precise as it ``needs`` ("eight months earlier" skips
    an intervening "in 1943"), else the latest; with no narrative date yet, the
    reference date. With ``coarse_reference: narrative``, a year-only reference
    (an article's ``Year: 2018``) gives way to a narrative date the text states: "In April 2017 ...
    This year, ..." is 2017.
    """
    coarse = (
        entry.coarse_reference == "narrative" and reference is not None and reference.month is None
        and bool(history) and history[-1].explicit
    )
    if (entry.anchor == "narrative" or coarse) and history:
        recent = history[-LOOKBACK:][::-1]
        chosen = next((a for a in recent if _RANK[a.start.granularity] >= _RANK.get(needs, 0)), recent[0])
        return (chosen.end if forward else chosen.start), "relative_to_narrative"
    return reference, "relative_to_reference"


def _direction(entry: DatePattern, tense: Tense) -> object:
    """The ``year_shift`` to use: ``near`` becomes ``after`` in a clause in the future tense."""
    if entry.tense and entry.year_shift == "near" and tense == "future":
        return "after"
    return entry.year_shift


def _resolve_explicit(span: Span, entry: DatePattern) -> Optional[Resolved]:
    """The date an explicit span states, or ``None`` if it is not a valid date."""
    tokens = list(span)
    if entry.parse == "text":
        first = next((t for t in tokens if any(c.isdigit() for c in t.text)), None)
        start = parse_text(extensions.doc_text(span.doc)[first.idx:span.end_char]) if first is not None else None
        end = None
    elif entry.parse == "words":
        year = spelled_year([t.text for t in tokens])
        fields = token_fields(t.text for t in tokens if t.text[:1].isupper())
        fields.year, fields.days = year, ()
        start, end = fields_to_parts(fields), None
    elif entry.range:
        left, right = range_fields(tokens)
        start, end = fields_to_parts(left), fields_to_parts(right)
        if start is None or end is None or start.granularity != end.granularity or end.iso() <= start.iso():
            return None
        if end.year - start.year > MAX_YEAR_RANGE:
            return None
    else:
        start, end = fields_to_parts(token_fields(t.text for t in tokens)), None
    if start is None:
        return None
    return Resolved(start, end, start.granularity, "explicit")


def _resolve_month_in_year(
    span: Span, entry: DatePattern, reference: Optional[Parts], history: History, tense: Tense
) -> Optional[Resolved]:
    fields = token_fields(t.text for t in span)
    if fields.month is None:
        return None
    granularity = "day" if fields.days else "month"
    anchor, basis = _anchor_for(entry, reference, history, forward=False)
    placed = in_year(anchor, fields.month, fields.days, _direction(entry, tense))  # type: ignore[arg-type]
    if placed is None:
        return Resolved(None, None, granularity, basis)
    return Resolved(placed[0], placed[1], granularity, basis)


def _unit_and_count(span: Span, entry: DatePattern) -> tuple[Optional[str], Optional[int]]:
    """The calendar unit and the signed count of units a relative span moves by."""
    unit, count = entry.unit, None
    for i, token in enumerate(span):
        found = unit_of(token.text)
        if found is not None:
            unit = unit or found
            if entry.shift == "count" and i > 0:
                count = count_of(span[i - 1].text)
            break
    if entry.shift != "count":
        return unit, int(entry.shift)
    return unit, None if count is None else count * entry.sign


def _resolve_relative(
    span: Span, entry: DatePattern, reference: Optional[Parts], history: History
) -> Optional[Resolved]:
    unit, n = _unit_and_count(span, entry)
    if unit is None:
        return None
    keeps = entry.precision == "anchor"
    needs = "day" if unit == "week" or keeps else ("year" if n is None or unit not in _RANK else unit)
    anchor, basis = _anchor_for(entry, reference, history, forward=(n or 0) > 0, needs=needs)
    start = None if n is None else (shift_keeping if keeps else shift)(anchor, unit, n)
    granularity = start.granularity if start else ("day" if keeps else unit)
    # a flashback ("the previous day", "eight months earlier") does not move the narrative on
    moves = entry.narrative and not (basis == "relative_to_narrative" and (n or 0) < 0)
    return Resolved(start, None, granularity, basis, moves)


def _resolve_weekday(span: Span, entry: DatePattern, reference: Optional[Parts], tense: Tense) -> Optional[Resolved]:
    weekday = next((_WEEKDAYS[t.text] for t in span if t.text in _WEEKDAYS), entry.weekday)
    if weekday is None:
        return None
    forward = entry.forward or (entry.tense and tense == "future")
    found = weekday_near(reference, weekday, strict=entry.strict, forward=forward)
    if entry.precision == "week":
        found = shift(found, "week", 0)
    return Resolved(found, None, found.granularity if found else "day", "relative_to_reference", entry.narrative)


@lru_cache(maxsize=1)
def _period_words() -> dict[str, str]:
    return {word: code for word, code in lexicons()["date_period_words"]}


def _period_code(span: Span, entry: DatePattern, reference: Optional[Parts]) -> Optional[tuple[str, int]]:
    """The period code (``Q3``, ``H2``, ``SU``, ``decade``, ``century``) a span names and the year
    it says, or 0 when the year is left to the anchor."""
    words, texts = _period_words(), [t.text for t in span]
    year = next((y for y in map(year_number, texts) if y is not None), 0)
    if entry.period in ("decade", "century"):
        for text in texts:
            digits = "".join(c for c in text if c.isdigit()) or words.get(text.lower(), "")
            if entry.period == "century" and digits and text[:1].isdigit():
                return "century", (int(digits) - 1) * 100
            if entry.period == "decade" and len(digits) == 4 and int(digits) % 10 == 0:
                return "decade", int(digits)
            if entry.period == "decade" and len(digits) == 2 and reference is not None:
                start = reference.year // 100 * 100 + int(digits)  # the latest such decade begun by then
                return "decade", start if start <= reference.year else start - 100
        return None
    prefix = {"quarter": "Q", "half": "H"}.get(entry.period or "", "")
    codes = [words[t.lower()] for t in texts if t.lower() in words]
    if prefix:
        fitting = [prefix + c for c in codes if c.isdigit() and int(c) in _FIRST_MONTH[prefix]]
    else:
        fitting = [c for c in codes if c in _FIRST_MONTH and not c.isdigit()]
    return (fitting[-1], year) if fitting else None


def _resolve_period(
    span: Span, entry: DatePattern, reference: Optional[Parts], history: History, tense: Tense
) -> Optional[Resolved]:
    """A quarter, half, season, decade or century, in the year the span writes or its anchor implies."""
    found = _period_code(span, entry, reference)
    granularity = entry.period or "year"
    if found is None:
        return None
    code, year = found
    if code in ("decade", "century"):
        return Resolved(Parts(year, period=code), None, code, "explicit", False)
    if year:
        return Resolved(Parts(year, period=code), None, granularity, "explicit", False)
    anchor, basis = _anchor_for(entry, reference, history, forward=False)
    if anchor is None:
        return Resolved(None, None, granularity, basis, False)
    first = _FIRST_MONTH[code[0]][int(code[1])] if code[0] in "QH" else _FIRST_MONTH[code]
    year = month_year(anchor, first, _direction(entry, tense))  # type: ignore[arg-type]
    return Resolved(Parts(year, period=code), None, granularity, basis, False)


def resolve_span(
    span: Span, entry: DatePattern, reference: Optional[Parts], history: History, tense: Tense = None
) -> Optional[Resolved]:
    """Resolve one candidate span; ``None`` means it is not a date after all."""
    if entry.kind == "explicit":
        return _resolve_explicit(span, entry)
    if entry.kind == "month-in-year":
        return _resolve_month_in_year(span, entry, reference, history, tense)
    if entry.kind == "relative":
        return _resolve_relative(span, entry, reference, history)
    if entry.kind == "weekday":
        return _resolve_weekday(span, entry, reference, tense)
    if entry.kind == "period":
        return _resolve_period(span, entry, reference, history, tense)
    return None


def reference_parts(doc) -> Optional[Parts]:  # type: ignore[no-untyped-def]
    """The document's reference date as ``Parts`` (``None`` when unset)."""
    ref = doc._.reference_date
    value = getattr(ref, "value", ref) if not isinstance(ref, dict) else ref.get("value")
    if not value:
        return None
    try:
        return parts_from_iso(str(value))
    except ValueError:
        raise ValueError(Errors.E009.format(value=value)) from None


def update_history(history: History, resolved: Resolved) -> None:
    """Record a resolved date as the narrative's latest, unless it does not move it.

    Unresolved dates, flashbacks and periods (a week, a quarter, ...) are not
    recorded; neither is a date that only coarsens the latest one (``in
    2022-2027`` or ``the end of the year`` after ``25 November 2022``), so that
    "the next day" still means 26 November.
    """
    if resolved.start is None or not resolved.moves_anchor or resolved.start.period is not None:
        return
    if history:
        latest = history[-1].start
        coarser = resolved.start.granularity
        if _RANK[coarser] < _RANK[latest.granularity] and latest.truncate(coarser) == resolved.start:
            return
    history.append(Anchor(resolved.start, resolved.end or resolved.start, resolved.basis == "explicit"))
    del history[:-LOOKBACK]  # only the latest few are ever read: a long document keeps no more
