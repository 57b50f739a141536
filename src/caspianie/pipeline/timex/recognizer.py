"""The ``caspianie_dates`` component: date expressions found by token patterns, normalized.

Candidate spans come from the spaCy ``Matcher`` patterns in
``patterns/dates.jsonl`` (never from free-text date search). Each pattern
line names its ``kind``, which says how the span gets its value:

``explicit``       the span states the date (``12 March 2024``, ``7-8 September 1998``)
``month-in-year``  a month (and day) whose year comes from an anchor (``On 3 April``,
                   ``last October``, ``in April last year``, ``in October of the same year``)
``relative``       an anchor moved by a calendar unit (``last month``, ``the next day``,
                   ``two years later``)
``weekday``        the weekday on or before the reference date (``on Tuesday``), or after it
                   in a clause in the future tense (``will meet Tuesday``)
``period``         a quarter, half, season, decade or century (``the third quarter``,
                   ``last summer``, ``the late 1970s``, ``the 20th century``)
``reject``         never a date: vetoes every candidate it overlaps (``Kazakhstan - 2050``)

Anchors are the document's reference date (``doc._.reference_date``) or the
narrative's last resolved date, kept while the spans are walked in order
(``resolve``); the clause's tense places yearless months and weekdays (``tense``).
The result is written to ``doc.spans[spans_key]`` with ``span._.date`` (a
``records.Date`` with an extra ``basis`` field) and ``span._.rule``.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path
from typing import Any, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from caspianie.contract.records import Date
from caspianie.pipeline import extensions
from caspianie.pipeline.timex.datenorm import range_value
from caspianie.pipeline.timex.datepatterns import (DatePattern, default_patterns_path, extend_prefix,  # noqa: F401
                                                   load_date_patterns, split_optional_prefix)
from caspianie.pipeline.timex.narrative import moves_narrative, reported_from
from caspianie.pipeline.timex.resolve import History, reference_parts, resolve_span, update_history
from caspianie.pipeline.timex.tense import clause_tense
from caspianie.pipeline.layers import DATES, DEFAULT_NAMES, DateInfo, annotate


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

    def __init__(self, vocab: Vocab, patterns: Union[str, Path, None] = None, spans_key: str = DEFAULT_NAMES["dates"]):
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
            entry = self.entries[rule]
            if entry.kind == "reject":
                vetoes.append((start, end))
            elif not entry.after or (start > 0 and doc[start - 1].lower_ in entry.after):
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
            tense = clause_tense(doc, span) if entry.tense else None
            resolved = resolve_span(span, entry, reference, history, tense)
            if resolved is None:
                continue
            value = range_value(resolved.start, resolved.end) if resolved.start else None
            date = Date(text=span.text, value=value, granularity=resolved.granularity, basis=resolved.basis)
            annotate(span, DateInfo(date, entry.id))
            spans.append(span)
            if moves_narrative(doc, span, reported):
                update_history(history, resolved)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "caspianie_dates",
    default_config={"patterns": None, "spans_key": DEFAULT_NAMES["dates"]},
    requires=["doc._.reference_date", "doc._.body_end"],
    assigns=[DATES.attr, "span._.info"],
)
def make_date_recognizer(
    nlp: Language, name: str, patterns: Optional[str], spans_key: str
) -> DateRecognizer:
    """spaCy factory: ``nlp.add_pipe("caspianie_dates")``; ``patterns`` defaults to the packaged file."""
    return DateRecognizer(nlp.vocab, patterns, spans_key)


def date_rows(doc: Doc, spans_key: str = DEFAULT_NAMES["dates"]) -> list[dict[str, Any]]:
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
