"""What every trigger of a document looks up, computed once per document (``DocIndex``),
and the tokens a layer covers (``covered``)."""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping, Optional

from spacy.tokens import Doc, Span

from caspianie.pipeline.eventargs import _heads_of_state, _usable, clause_ids, document_speaker
from caspianie.pipeline.extensions import TokenSet, sentence_of
from caspianie.pipeline.layers import ACTORS, AGREEMENTS, DATES, ENTITIES, PROJECTS, TITLES, Layer, info_of


@dataclass
class DocIndex:
    """What every trigger of a document looks up, computed once per document."""

    in_titles: TokenSet
    in_agreements: TokenSet
    dates: list[Span]
    places: list[Span]
    by_sentence: dict[Layer, dict[int, list[Span]]]
    heads_of_state: list[tuple[int, str]]
    claimed: TokenSet
    lead: Optional[int] = None
    """Start of the lead: the first sentence of the story that is not a heading."""
    speaker: Optional[str] = None
    """The person whose own words the document gives (``document_speaker``)."""
    in_projects: frozenset[int] = frozenset()
    """Tokens inside projects told by the places they link ("the railway linking Iran and
    Turkmenistan"): those places name no participant."""
    _clauses: dict[int, dict[int, int]] = field(default_factory=dict)
    # Token and character starts of ``dates`` and ``places`` (both in document order), so
    # a sentence's dates and places are found by bisection, not a scan per trigger.
    _date_starts: list[int] = field(default_factory=list)
    _date_chars: list[int] = field(default_factory=list)
    _place_starts: list[int] = field(default_factory=list)
    _place_chars: list[int] = field(default_factory=list)
    _groups: dict[str, tuple[list[int], list[Span]]] = field(default_factory=dict)
    _heads: Optional[dict[str, list[int]]] = None  # per head of state, the tokens naming them
    _by_country: Optional[dict[Optional[str], tuple[list[int], list[Span]]]] = None

    def __post_init__(self) -> None:
        self._date_starts = [d.start for d in self.dates]
        self._date_chars = [d.start_char for d in self.dates]
        self._place_starts = [p.start for p in self.places]
        self._place_chars = [p.start_char for p in self.places]
        for key, groups in self.by_sentence.items():
            spans = sorted((s for start in sorted(groups) for s in groups[start]), key=lambda s: s.start)
            self._groups[key] = ([s.start for s in spans], spans)

    def between(self, key: str, start: int, end: int) -> list[Span]:
        """The spans of group ``key`` (actors, agreements, projects) that start at tokens
        ``start``..``end`` (exclusive), in document order."""
        starts, spans = self._groups[key]
        return spans[bisect_left(starts, start) : bisect_left(starts, end)]

    @classmethod
    def build(cls, doc: Doc, lead: Optional[int] = None) -> "DocIndex":
        in_agreements = covered(doc, AGREEMENTS)
        dates = [d for d in DATES.spans(doc) if d.start not in in_agreements and _usable(d)]
        places = [s for s in ENTITIES.spans(doc) if s.label_ == "PLACE"]
        by_sentence: dict[Layer, dict[int, list[Span]]] = {}
        for layer in (ACTORS, AGREEMENTS, PROJECTS):
            groups: dict[int, list[Span]] = {}
            for span in layer.spans(doc):
                groups.setdefault(sentence_of(doc, span.start).start, []).append(span)
            by_sentence[layer] = groups
        claimed = covered(doc, ENTITIES, ACTORS, PROJECTS, AGREEMENTS, DATES)
        return cls(covered(doc, TITLES), in_agreements, dates, places, by_sentence, _heads_of_state(doc), claimed, lead,
                   document_speaker(doc), _described_projects(doc))

    @cached_property
    def instrument_ends(self) -> frozenset[int]:
        """The token right after each instrument's name."""
        return frozenset(s.end for spans in self.by_sentence[AGREEMENTS].values() for s in spans)

    def dates_in(self, sentence: Span) -> list[Span]:
        """The usable dates that start in ``sentence``, in order."""
        starts = self._date_starts
        return self.dates[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]

    def dates_between(self, first: int, last: int) -> list[Span]:
        """The usable dates that start at characters ``first``..``last`` (exclusive), in order."""
        chars = self._date_chars
        return self.dates[bisect_right(chars, first) : bisect_left(chars, last)]

    def places_in(self, sentence: Span, first: bool = False) -> list[Span]:
        """The places that start in ``sentence`` after its first token (or from it, with
        ``first``), in order."""
        starts = self._place_starts
        lower = (bisect_left if first else bisect_right)(starts, sentence.start)
        return self.places[lower : bisect_left(starts, sentence.end)]

    def leaders_before(self, start: int) -> list[str]:
        """Heads of state named before token ``start``, most recent first (each by its last
        mention before it: one bisection per person, not a scan of every mention)."""
        if self._heads is None:
            self._heads = {}
            for token, key in self.heads_of_state:
                if key:
                    self._heads.setdefault(key, []).append(token)
        last = [(tokens[k - 1], key) for key, tokens in self._heads.items() if (k := bisect_left(tokens, start))]
        return [key for _, key in sorted(last, reverse=True)]

    def places_of(self, country_of: Mapping[str, str], country: str) -> tuple[list[int], list[Span]]:
        """The places whose id ``country_of`` gives ``country``, in order, with their character
        starts (grouped once per document: a city of a country is found by bisection)."""
        if self._by_country is None:
            groups: dict[Optional[str], list[Span]] = {}
            for place in self.places:
                groups.setdefault(country_of.get(place.id_), []).append(place)
            self._by_country = {c: ([p.start_char for p in ps], ps) for c, ps in groups.items()}
        return self._by_country.get(country, ([], []))

    def in_sentence(self, layer: Layer, sentence: Span) -> list[Span]:
        """The spans of ``layer`` that start in ``sentence``."""
        return self.by_sentence[layer].get(sentence.start, [])

    def clauses(self, sentence: Span) -> dict[int, int]:
        """``clause_ids`` of a sentence, computed once."""
        found = self._clauses.get(sentence.start)
        if found is None:
            found = self._clauses[sentence.start] = clause_ids(sentence)
        return found


# Per document and layer role: one byte per token (a set of the covered token numbers
# costs about 70 bytes a token, and a document of dates covers most of its tokens).
_COVERED: "weakref.WeakKeyDictionary[Doc, dict[str, bytes]]" = weakref.WeakKeyDictionary()


DESCRIBED_PROJECT = "project-described"  # the rule of ``ProjectLinker._described`` mentions


def _described_projects(doc: Doc) -> frozenset[int]:
    """Tokens of projects told by the places they link: the countries in them are no participants."""
    return frozenset(i for s in PROJECTS.spans(doc) if info_of(s).rule == DESCRIBED_PROJECT for i in range(s.start, s.end))


def covered(doc: Doc, *layers: Layer) -> TokenSet:
    """Token indices inside any span of the given layers, which must be final (each
    layer's mask is built once per document: iterating a group builds a ``Span`` per member)."""
    cache = _COVERED.setdefault(doc, {})
    for layer in layers:
        if layer.role not in cache:
            mask = bytearray(len(doc))
            for s in layer.spans(doc):
                mask[s.start:s.end] = b"\x01" * (s.end - s.start)
            cache[layer.role] = bytes(mask)
    return TokenSet.union(len(doc), [cache[layer.role] for layer in layers])
