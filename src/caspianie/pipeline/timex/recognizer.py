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

from pathlib import Path
from typing import Any, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.vocab import Vocab

from caspianie.contract.records import Date
from caspianie.pipeline import extensions
from caspianie.pipeline.timex.datenorm import range_value
from caspianie.pipeline.timex.candidates import CandidateRules
from caspianie.pipeline.timex.datepatterns import (DatePattern, default_patterns_path, extend_prefix,  # noqa: F401
                                                   load_date_patterns, split_optional_prefix)
from caspianie.pipeline.timex.narrative import moves_narrative, reported_from
from caspianie.pipeline.timex.resolve import History, reference_parts, resolve_span, update_history
from caspianie.pipeline.timex.tense import clause_tense
from caspianie.pipeline.layers import DATES, DEFAULT_NAMES, DateInfo, annotate


DEICTIC = ("relative", "weekday")  # kinds read against an anchor that a restated explicit date replaces


class DateRecognizer:
    """Find date spans with token patterns and resolve each to a ``records.Date``."""

    def __init__(self, vocab: Vocab, patterns: Union[str, Path, None] = None, spans_key: str = DEFAULT_NAMES["dates"]):
        self.matcher, self.entries = load_date_patterns(patterns, vocab)
        self.rules = CandidateRules(vocab, self.entries)
        self.spans_key = spans_key

    def candidates(self, doc: Doc) -> Iterator[Span]:
        """Non-overlapping candidate spans (longest first), minus vetoed and references ones,
        in text order (``candidates.CandidateRules``); made one at a time. A deictic date
        restated by an explicit one in apposition ("today, Wednesday December 3, 2014")
        gives way to it: the page's own statement of the day wins over its reading of "today"."""
        starts = extensions.token_starts(doc)
        held: Optional[tuple[int, int, str]] = None
        for start, end, rule in self.rules.select(doc, self.matcher.match_table(doc)):
            if extensions.on_furniture(doc, starts[start]):  # a page's stamps date no event
                continue
            if held is not None and not self._restated(doc, held, start, rule):
                yield Span(doc, held[0], held[1], label=held[2], span_id=self.spans_key)
            held = (start, end, rule)
        if held is not None:
            yield Span(doc, held[0], held[1], label=held[2], span_id=self.spans_key)

    def _restated(self, doc: Doc, held: tuple[int, int, str], start: int, rule: str) -> bool:
        """Whether the held deictic span is followed, after one comma, by an explicit date."""
        return (self.entries[held[2]].kind in DEICTIC and self.entries[rule].kind == "explicit"
                and start == held[1] + 1 and doc[held[1]].text == ",")

    def __call__(self, doc: Doc) -> Doc:
        reference = reference_parts(doc)
        history: History = []
        spans = SpanGroup(doc, name=self.spans_key)  # spans kept in spaCy's arrays, not as objects
        reported = reported_from(doc)
        # One value per distinct date in a document: a long document repeats its dates,
        # and each ``Date`` with its ``DateInfo`` costs about a kilobyte.
        values: dict[tuple, DateInfo] = {}
        for span in self.candidates(doc):
            entry = self.entries[span.label_]
            tense = clause_tense(doc, span) if entry.tense else None
            resolved = resolve_span(span, entry, reference, history, tense)
            if resolved is None:
                continue
            value = range_value(resolved.start, resolved.end) if resolved.start else None
            text = extensions.span_text(span)
            key = (text, value, resolved.granularity, resolved.basis, entry.id)
            info = values.get(key)
            if info is None:
                date = Date(text=text, value=value, granularity=resolved.granularity, basis=resolved.basis)
                info = values[key] = DateInfo(date, entry.id)
            annotate(span, info)
            spans.append(span)
            if moves_narrative(doc, span, reported):
                update_history(history, resolved)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "caspianie_dates",
    default_config={"patterns": None, "spans_key": DEFAULT_NAMES["dates"]},
    requires=["doc._.reference_date", "doc._.body_end", "doc._.furniture"],
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
