"""Which dates move a story's narrative on, for "the same day" and "the next month".

A date inside reported speech ("He recalled that relations were established on
5 October 1992") dates what is reported, and a date a plan runs for or until
("a programme for 2026-2028", "by 2030") is no point the story has reached:
neither becomes the anchor of the relative dates after it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from caspianie.pipeline import extensions
from caspianie.knowledge.patternfiles import lexicons

PERIOD_WORDS = frozenset({"for", "until", "till", "through", "by"})


def is_period(doc: Doc, span: Span) -> bool:
    """A span a plan runs for or until ("a programme for 2026-2028", "by 2030") is no point
    the story has reached: "the same day" after it still means the story's day."""
    return span.start > 0 and extensions.token_texts(doc)[span.start - 1].lower() in PERIOD_WORDS


def reported_from(doc: Doc) -> dict[int, int]:
    """Per sentence number, where reported content starts ("He stressed that ..."): a date
    after it dates what is reported, and "the same day" afterwards still means the story's day."""
    if not doc.has_annotation("SENT_START"):
        return {}
    texts, verbs = extensions.token_texts(doc), lexicons()["reporting_verbs"]
    out: dict[int, int] = {}
    for i in range(len(texts) - 1):
        if texts[i + 1].lower() == "that" and texts[i].lower() in verbs:
            out.setdefault(extensions.sentence_number(doc, i), i + 1)
    return out


def moves_narrative(doc: Doc, span: Span, reported: dict[int, int]) -> bool:
    """Whether a resolved date span becomes the narrative's latest date (``reported`` is
    ``reported_from(doc)``)."""
    in_report = reported.get(extensions.sentence_number(doc, span.start), len(doc)) < span.start
    return not in_report and not is_period(doc, span)
