"""Instruments named by a list: signed on a list of topics, with no count: "agreements were signed on
renewable energy, rail transport and agribusiness" is three agreements, one per topic;
"accords on data protection and on air safety" is two.

The plural kind word and its singular are data (``instrument_singulars``); the pattern that
finds the list is ``agreement-list-topics`` in ``patterns/agreements.jsonl``. How the list is
cut:

- when its items are each introduced by "on" ("on A, on B and on C"), only there, so an item
  may hold commas of its own;
- else at commas, a serial "and" dropped, and the last item split at its last "and" when the
  list has no serial comma ("A, B and C");
- a one-word item inside the list ("trade, economic and cultural cooperation") shows that the
  commas join adjectives of one topic: the list is one instrument.

Names listed before one plural title word ("the Ganja, Kars and Baku Statements", pattern
``agreement-list-shared-head``) are one instrument each.
"""

from __future__ import annotations

from spacy.tokens import Span

from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.instrumentnames import STOP_WORDS

SINGULARS = dict(lexicons()["instrument_singulars"])
TITLE_SINGULARS = dict(lexicons()["instrument_plural_titles"])  # "Statements" -> "Statement"
LIST_ENDS = {".", ";", ":", '"', "“", "”", "(", ")"}  # a quote or a bracket closes the list


def topic_items(raw: Span, stops: set[int]) -> list[tuple[Span, str]]:
    """(item span, name) of each instrument of a plural kind word followed by "on" and a
    list of topics; the list ends at a date or place phrase (``stops``) or a word that cannot
    go on a name."""
    doc = raw.doc
    singular = SINGULARS.get(raw[0].lower_)
    on = next((t.i for t in raw[1:] if t.lower_ == "on"), None)
    if singular is None or on is None:
        return []
    if raw.end > raw.start + 2 and raw[1].lower_ == "of" and raw[2].lower_ == "understanding":
        singular += " of understanding"
    end = next((i for i in range(on, raw.end)  # "signed on 3 May": a date phrase, no list
                if i in stops or doc[i].text in LIST_ENDS or (i > on and doc[i].lower_ in STOP_WORDS)), raw.end)
    return [(doc[a:b], f"{singular} on {doc[a:b].text}") for a, b in _items(doc, on + 1, end)]


def _items(doc, start: int, end: int) -> list[tuple[int, int]]:
    if start >= end:
        return []
    by_on = [i for i in range(start + 1, end) if doc[i].lower_ == "on" and doc[i - 1].lower_ in {",", "and"}]
    if by_on:
        cuts = [start] + [i + 1 for i in by_on]
        bounds = [(a, (by_on[k] if k < len(by_on) else end)) for k, a in enumerate(cuts)]
    else:
        bounds = _comma_items(doc, start, end)
    items = [_strip(doc, a, b) for a, b in bounds]
    return [(a, b) for a, b in items if a < b]


def _comma_items(doc, start: int, end: int) -> list[tuple[int, int]]:
    commas = [i for i in range(start, end) if doc[i].text == ","]
    if not commas:
        return [(start, end)]
    bounds = list(zip([start] + [c + 1 for c in commas], commas + [end]))
    while len(bounds) > 1 and bounds[-1][1] <= bounds[-1][0]:  # "... and agribusiness,” according to": no item
        bounds.pop()
    if any(b - a == 1 for a, b in bounds[1:-1]) or bounds[0][1] - bounds[0][0] == 1:
        return [(start, end)]  # "trade, economic and cultural cooperation": one topic
    a, b = bounds[-1]
    if doc[a].lower_ not in {"and", "or"}:  # no serial comma: "A, B and C"
        ands = [i for i in range(a, b) if doc[i].lower_ == "and"]
        if ands:
            bounds[-1:] = [(a, ands[-1]), (ands[-1] + 1, b)]
    return bounds


def _strip(doc, a: int, b: int) -> tuple[int, int]:
    """An item without the list's joining words and commas around it."""
    while a < b and doc[a].lower_ in {"and", "or", "on", ","}:
        a += 1
    while b > a and doc[b - 1].lower_ in {"and", "or", ","}:
        b -= 1
    return a, b


def shared_head_items(raw: Span) -> list[tuple[Span, str]]:
    """"the Ganja, Kars, Tbilisi, Baku and Istanbul Statements": one instrument per name
    listed before a plural title word, when the list has two names or more."""
    doc, head = raw.doc, raw[-1]
    singular = TITLE_SINGULARS.get(head.text)
    names, start = [], raw.start
    for i in range(raw.start, raw.end):
        if i == raw.end - 1 or doc[i].text in (",", "and"):
            if i > start:
                names.append(doc[start:i])
            start = i + 1
    if singular is None or len(names) < 2:
        return []
    return [(name, f"{name.text} {singular}") for name in names]
