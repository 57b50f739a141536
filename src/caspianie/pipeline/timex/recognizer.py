"""The ``caspianie_dates`` component: date expressions found by token patterns, normalized.

Candidate spans come from the spaCy ``Matcher`` patterns in
``patterns/dates.jsonl`` (never from free-text date search). Each pattern
line names its ``kind``, which says how the span gets its value:

``explicit``       the span states the date (``12 March 2024``, ``7-8 September 1998``)
``month-in-year``  a month (and day) whose year comes from an anchor (``On 3 April``,
                   ``last October``, ``in April last year``, ``in October of the same year``)
``relative``       an anchor moved by a calendar unit (``last month``, ``the next day``,
                   ``two years later``)
``weekday``        the weekday on or before the reference date (``on Tuesday``)
``reject``         never a date: vetoes every candidate it overlaps (``Kazakhstan - 2050``)

Anchors are the document's reference date (``doc._.reference_date``) or the
narrative's last resolved date, kept while the spans are walked in order.
The result is written to ``doc.spans[spans_key]`` with ``span._.date`` (a
``records.Date`` with an extra ``basis`` field) and ``span._.rule``.
"""

from __future__ import annotations

import calendar
import json
from bisect import bisect_left
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, NamedTuple, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from caspianie.pipeline import extensions
from caspianie.pipeline.timex.datenorm import Parts, fields_to_parts, parse_text, parts_from_iso, range_fields, range_value, token_fields
from caspianie.errors import Errors, RecordFileError
from caspianie.pipeline.fastmatch import AnchoredMatcher
from caspianie.knowledge.lexflags import pattern_errors
from caspianie.pipeline.timex.narrative import moves_narrative, reported_from
from caspianie.contract.records import Date
from caspianie.pipeline.timex.relative import count_of, in_year, shift, unit_granularity, unit_of, weekday_before

Basis = Literal["explicit", "relative_to_reference", "relative_to_narrative"]
_WEEKDAYS = {name: index for index, name in enumerate(calendar.day_name)}
MAX_YEAR_RANGE = 100
LOOKBACK = 3
_RANK = {"year": 0, "month": 1, "day": 2}


class DatePattern(BaseModel):
    """One line of ``dates.jsonl``: a Matcher pattern and how its spans are resolved."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    kind: Literal["explicit", "month-in-year", "relative", "weekday", "reject"]
    pattern: list[dict[str, Any]] = Field(min_length=1)
    range: bool = False
    parse: Literal["parts", "text"] = "parts"
    anchor: Optional[Literal["reference", "narrative"]] = None
    year_shift: Union[int, Literal["near", "past"]] = 0
    unit: Optional[Literal["day", "week", "month", "year"]] = None
    shift: Union[int, Literal["count"]] = 0
    sign: Literal[-1, 1] = 1
    strict: bool = False
    coarse_reference: Optional[Literal["narrative"]] = None

    @model_validator(mode="after")
    def _anchor_fits_kind(self) -> "DatePattern":
        needs_anchor = self.kind in ("month-in-year", "relative", "weekday")
        if needs_anchor and self.anchor is None:
            raise ValueError(f"kind '{self.kind}' needs 'anchor' (reference or narrative)")
        if not needs_anchor and self.anchor is not None:
            raise ValueError(f"kind '{self.kind}' takes no 'anchor'")
        if self.kind == "weekday" and self.anchor != "reference":
            raise ValueError("kind 'weekday' resolves against the reference date only")
        return self


def default_patterns_path() -> Path:
    """The packaged ``patterns/dates.jsonl``."""
    return Path(str(files("caspianie") / "patterns" / "dates.jsonl"))


def _entry_error(path: Path, line: int, reason: str) -> RecordFileError:
    return RecordFileError(Errors.E140.format(path=path, line=line, reason=reason), str(path), line)


def load_date_patterns(path: Union[str, Path, None], vocab: Vocab) -> tuple[AnchoredMatcher, dict[str, DatePattern]]:
    """Read and validate a date pattern file into an ``AnchoredMatcher`` and its entries by id.

    Raises ``RecordFileError`` (E140, ``file:line: reason``) for a line that is
    not JSON, misses a field, repeats an id, or that the Matcher rejects.
    """
    file = default_patterns_path() if path is None else Path(path)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise RecordFileError(Errors.E005.format(path=file, reason=err.strerror), str(file)) from None
    matcher = AnchoredMatcher(vocab)
    entries: dict[str, DatePattern] = {}
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = DatePattern.model_validate(json.loads(line))
        except json.JSONDecodeError as err:
            raise _entry_error(file, lineno, f"invalid JSON ({err.msg})") from None
        except ValidationError as err:
            reason = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in err.errors())
            raise _entry_error(file, lineno, reason) from None
        if entry.id in entries:
            raise _entry_error(file, lineno, f"duplicate id '{entry.id}'")
        core, _ = split_optional_prefix(entry.pattern)
        errors = pattern_errors(core)
        if errors:
            raise _entry_error(file, lineno, f"the Matcher rejects the pattern: {'; '.join(errors)}")
        matcher.add(entry.id, [core])
        entries[entry.id] = entry
    return matcher, entries


def split_optional_prefix(pattern: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], frozenset[str]]:
    """Take an optional leading word test ("on"/"in") off a pattern.

    An optional first token makes the Matcher try every pattern at every token; the
    same span comes from matching the rest and extending it left over one of these
    words (``extend_prefix``).
    """
    first = pattern[0] if pattern else {}
    if len(pattern) > 1 and set(first) == {"LOWER", "OP"} and first["OP"] == "?":
        value = first["LOWER"]
        words = [value] if isinstance(value, str) else value.get("IN", []) if set(value) == {"IN"} else []
        if words:
            return pattern[1:], frozenset(w.lower() for w in words)
    return pattern, frozenset()


def extend_prefix(doc: Doc, prefix: frozenset[str], start: int) -> int:
    """The match start, moved left over an optional leading word the pattern allows."""
    if prefix and start > 0 and doc[start - 1].lower_ in prefix:
        return start - 1
    return start


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


History = list[Anchor]  # the narrative's dates so far, most recent last


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
        chosen = next((a for a in recent if _RANK[a.start.granularity] >= _RANK[needs]), recent[0])
        return (chosen.end if forward else chosen.start), "relative_to_narrative"
    return reference, "relative_to_reference"


def _resolve_explicit(span: Span, entry: DatePattern) -> Optional[Resolved]:
    """The date an explicit span states, or ``None`` if it is not a valid date."""
    tokens = list(span)
    if entry.parse == "text":
        first = next((t for t in tokens if any(c.isdigit() for c in t.text)), None)
        start = parse_text(extensions.doc_text(span.doc)[first.idx:span.end_char]) if first is not None else None
        end = None
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
    span: Span, entry: DatePattern, reference: Optional[Parts], history: History
) -> Optional[Resolved]:
    fields = token_fields(t.text for t in span)
    if fields.month is None:
        return None
    granularity = "day" if fields.days else "month"
    anchor, basis = _anchor_for(entry, reference, history, forward=False)
    placed = in_year(anchor, fields.month, fields.days, entry.year_shift)
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
    granularity = unit_granularity(unit)
    needs = "day" if unit == "week" else (granularity if n is not None else "year")
    anchor, basis = _anchor_for(entry, reference, history, forward=(n or 0) > 0, needs=needs)
    start = shift(anchor, unit, n) if n is not None else None
    # a flashback ("the previous day", "eight months earlier") does not move the narrative on
    moves = not (basis == "relative_to_narrative" and (n or 0) < 0)
    return Resolved(start, None, start.granularity if start else granularity, basis, moves)


def _resolve_weekday(span: Span, entry: DatePattern, reference: Optional[Parts]) -> Optional[Resolved]:
    weekday = next((_WEEKDAYS[t.text] for t in span if t.text in _WEEKDAYS), None)
    if weekday is None:
        return None
    found = weekday_before(reference, weekday, strict=entry.strict)
    return Resolved(found, None, "day", "relative_to_reference")


def resolve_span(
    span: Span, entry: DatePattern, reference: Optional[Parts], history: History
) -> Optional[Resolved]:
    """Resolve one candidate span; ``None`` means it is not a date after all."""
    if entry.kind == "explicit":
        return _resolve_explicit(span, entry)
    if entry.kind == "month-in-year":
        return _resolve_month_in_year(span, entry, reference, history)
    if entry.kind == "relative":
        return _resolve_relative(span, entry, reference, history)
    if entry.kind == "weekday":
        return _resolve_weekday(span, entry, reference)
    return None


def reference_parts(doc: Doc) -> Optional[Parts]:
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

    Unresolved dates and flashbacks are not recorded; neither is a date that
    only coarsens the latest one (``in 2022-2027`` or ``the end of the year``
    after ``25 November 2022``), so that "the next day" still means 26 November.
    """
    if resolved.start is None or not resolved.moves_anchor:
        return
    if history:
        latest = history[-1].start
        coarser = resolved.start.granularity
        if _RANK[coarser] < _RANK[latest.granularity] and latest.truncate(coarser) == resolved.start:
            return
    history.append(Anchor(resolved.start, resolved.end or resolved.start, resolved.basis == "explicit"))


class _Overlaps:
    """Whether a token range overlaps any of a set of ranges, by bisection (one scan of every
    veto per candidate is quadratic in a long document)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        ranges = sorted(ranges)
        self._starts = [start for start, _ in ranges]
        self._furthest: list[int] = []  # the furthest end among the first k ranges
        for _, end in ranges:
            self._furthest.append(max(end, self._furthest[-1]) if self._furthest else end)

    def any(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, end)  # the ranges that start before ``end``
        return bool(k) and self._furthest[k - 1] > start


class DateRecognizer:
    """Find date spans with token patterns and resolve each to a ``records.Date``."""

    def __init__(self, vocab: Vocab, patterns: Union[str, Path, None] = None, spans_key: str = extensions.DATES):
        self.matcher, self.entries = load_date_patterns(patterns, vocab)
        self.order = {key: i for i, key in enumerate(self.entries)}
        self.prefixes = {key: split_optional_prefix(e.pattern)[1] for key, e in self.entries.items()}
        self.spans_key = spans_key

    def candidates(self, doc: Doc) -> list[Span]:
        """Non-overlapping candidate spans (longest first), minus vetoed and references ones."""
        found: list[Span] = []
        vetoes: list[tuple[int, int]] = []
        for match_id, start, end in self.matcher(doc):
            rule = doc.vocab.strings[match_id]
            start = extend_prefix(doc, self.prefixes[rule], start)
            if self.entries[rule].kind == "reject":
                vetoes.append((start, end))
            else:
                found.append(Span(doc, start, end, label=rule, span_id=self.spans_key))
        limit = extensions.body_end(doc)
        vetoed = _Overlaps(vetoes)
        kept = [s for s in found if s.start_char < limit and not vetoed.any(s.start, s.end)]
        kept.sort(key=lambda s: self.order[s.label_])
        return sorted(filter_spans(kept), key=lambda s: s.start)

    def __call__(self, doc: Doc) -> Doc:
        reference = reference_parts(doc)
        history: History = []
        spans: list[Span] = []
        reported = reported_from(doc)
        for span in self.candidates(doc):
            entry = self.entries[span.label_]
            resolved = resolve_span(span, entry, reference, history)
            if resolved is None:
                continue
            value = range_value(resolved.start, resolved.end) if resolved.start else None
            span._.date = Date(text=span.text, value=value, granularity=resolved.granularity, basis=resolved.basis)
            span._.rule = entry.id
            spans.append(span)
            if moves_narrative(doc, span, reported):
                update_history(history, resolved)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "caspianie_dates",
    default_config={"patterns": None, "spans_key": extensions.DATES},
)
def make_date_recognizer(
    nlp: Language, name: str, patterns: Optional[str], spans_key: str
) -> DateRecognizer:
    """spaCy factory: ``nlp.add_pipe("caspianie_dates")``; ``patterns`` defaults to the packaged file."""
    return DateRecognizer(nlp.vocab, patterns, spans_key)


def date_rows(doc: Doc, spans_key: str = extensions.DATES) -> list[dict[str, Any]]:
    """One dict per date span, for ``caspianie dates``: doc_id, text, offsets, value, granularity, basis, rule."""
    rows = []
    for span in doc.spans.get(spans_key, []):
        date: Date = span._.date
        rows.append({
            "doc_id": doc._.doc_id,
            "text": span.text,
            "start": span.start_char,
            "end": span.end_char,
            "value": date.value,
            "granularity": date.granularity,
            "basis": getattr(date, "basis", None),
            "rule": span._.rule,
        })
    return rows
