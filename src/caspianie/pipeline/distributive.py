"""A counted set of instruments spread over a list of fields: "four MoUs were signed in the
field of Culture and Art, Disaster Management, Youth matters and Financial intelligence" is
four memoranda, one per field, when the list has as many items as the count says.

The count words, the phrases that open the list and the singular names of the kinds are
data (``number_words``, ``field_list_openers``, ``instrument_singulars`` in
``patterns/lexicons.jsonl``). Items are split at commas; an item with "and" inside
("Culture and Art") stays whole unless splitting it is what makes the count.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span

from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.extensions import sentence_of

OPENER_REACH = 8  # tokens between the counted set and "in the field of"
NUMBERS = {word: int(value) for word, value in lexicons()["number_words"]}
SINGULARS = dict(lexicons()["instrument_singulars"])
OPENERS = sorted((tuple(o) for o in lexicons()["field_list_openers"]), key=len, reverse=True)  # longest first


def distributed(raw: Span, stops: set[int]) -> list[tuple[Span, str]]:
    """(item span, name) of each instrument of a counted set spread over a list of fields,
    or [] when the set is not spread that way. The list ends at a date or place phrase
    (``stops``: "... and energy in Tashkent on 3 May")."""
    doc = raw.doc
    count = NUMBERS.get(raw[0].lower_) or (int(raw[0].text) if raw[0].text.isdigit() else 0)
    kind = next((t for t in raw if t.lower_ in SINGULARS), None)
    if count < 2 or kind is None:
        return []
    sentence = sentence_of(doc, raw.start)
    found = _list_start(doc, kind.i + 1, sentence.end)
    if found is None:
        return []
    start, opener = found
    end = next((i for i in range(start, sentence.end) if i in stops), sentence.end)
    items = _items(doc, start, end, count)
    words = " ".join(w[:-1] if w.endswith("s") else w for w in opener)  # "in the fields of": one field each
    return [(doc[a:b], f"{SINGULARS[kind.lower_]} {words} {doc[a:b].text}") for a, b in items] if len(items) == count else []


def _list_start(doc, after: int, end: int) -> Optional[tuple[int, tuple[str, ...]]]:
    """The token after "in the field(s) of" (or "on") that starts within ``OPENER_REACH``
    tokens after the set's kind word (``after``), and the opener, if any."""
    for i in range(after, min(end, after + OPENER_REACH)):
        for opener in OPENERS:
            if tuple(t.lower_ for t in doc[i:i + len(opener)]) == opener:
                return i + len(opener), opener
    return None


def _items(doc, start: int, end: int, count: int) -> list[tuple[int, int]]:
    """The list's items as (start, end) token ranges, as many as ``count`` if the list has them."""
    segments, a = [], start
    for i in range(start, end + 1):
        if i == end or doc[i].text in (",", ".", ";"):
            if i > a:
                segments.append((a, i))
            if i == end or doc[i].text in (".", ";"):
                break
            a = i + 1
    items: list[tuple[int, int]] = []
    for a, b in segments:
        if len(items) == count:
            break
        ands = [i for i in range(a, b) if doc[i].lower_ == "and"]
        if a < b and doc[a].lower_ == "and":  # ", and Youth matters": the serial comma
            a += 1
            ands = [i for i in ands if i > a]
        if ands and len(items) + 2 == count:
            items += [(a, ands[-1]), (ands[-1] + 1, b)]
        else:
            items.append((a, b))
    return items
