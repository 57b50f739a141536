"""``caspianie_ruler``: a SpanRuler fed from packaged pattern files and gazetteers.

The pipeline runs several of these, one per layer whose spans may overlap the
others' (entities, titles, agreement names); each of those three has its own
factory, so that ``requires``/``assigns`` name the layer it writes. Inside a layer the first longest
match wins, so "Baku–Tbilisi–Ceyhan pipeline" beats the place "Baku" and
"Serdar Berdimuhamedov" beats the field alias "Serdar".
"""

from __future__ import annotations

import warnings
from itertools import chain
from typing import Any, Iterable

from spacy.errors import Errors as SpacyErrors
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from caspianie.pipeline.extensions import body_end, on_furniture, register_extensions, token_starts
from caspianie.pipeline.fastmatch import AnchoredMatcher, first_free
from caspianie.pipeline.layers import AGREEMENT_NAMES, DEFAULT_NAMES, ENTITIES, TITLES, Layer, layer_names
from caspianie.pipeline.phrasecache import phrase_keywords
from caspianie.knowledge.patternfiles import places, read_span_patterns

PLACE = "PLACE"


def place_patterns() -> list[dict[str, Any]]:
    """Phrase patterns for every place name, alias and venue (label ``PLACE``, id = place key)."""
    out = []
    for place in places():
        for surface in (place.name, *place.aliases, *place.venues):
            out.append({"label": PLACE, "pattern": surface, "id": place.key})
    return out


def gazetteer_patterns() -> list[dict[str, Any]]:
    """Phrase patterns of every gazetteer entry (countries, organizations, persons, projects)."""
    from caspianie.knowledge.gazetteer import load_gazetteer

    return load_gazetteer().span_patterns()


def add_patterns(nlp: Language, ruler: SpanRuler, patterns: list[dict[str, Any]]) -> None:
    """``ruler.add_patterns(patterns)``, with phrases given to the phrase matcher as token
    hashes (``phrasecache``: tokenized once, then read from the cache).

    SpanRuler runs its phrases through the pipeline built so far (with a trained model,
    its tagger and parser: a warning per phrase); matching looks at token text only
    (ORTH, or LOWER for ``phrase_matcher_attr="LOWER"``), so the tokenizer is all they need.
    The rulers' state (patterns, label map, matchers) is what ``SpanRuler.add_patterns`` makes.
    """
    phrases: list[tuple[str, str]] = []
    labels: dict[tuple[str, str], str] = {}  # the 11,000 gazetteer phrases share 1,400 (label, id) pairs
    for entry in patterns:
        pair = (entry["label"], entry.get("id", ""))
        label = labels.get(pair)
        if label is None:
            label = labels[pair] = repr(pair)
            ruler._match_label_id_map[nlp.vocab.strings.as_int(label)] = {"label": pair[0], "id": pair[1]}
        if isinstance(entry["pattern"], str):
            phrases.append((label, entry["pattern"]))
        elif isinstance(entry["pattern"], list):
            ruler.matcher.add(label, [entry["pattern"]])
        else:
            raise ValueError(SpacyErrors.E097.format(pattern=entry["pattern"]))
    ruler._patterns.extend(patterns)
    attr = ruler.phrase_matcher_attr or "ORTH"
    add_phrases(ruler.phrase_matcher, [label for label, _ in phrases],
                phrase_keywords(nlp, [text for _, text in phrases], attr))


def add_phrases(matcher: PhraseMatcher, keys: list[str], keywords: list[list[int]]) -> None:
    """``matcher.add(key, [keyword])`` for each pair in order, one call per run of equal keys."""
    start = 0
    for end in range(1, len(keys) + 1):
        if end == len(keys) or keys[end] != keys[start]:
            matcher.add(keys[start], keywords[start:end])
            start = end


Match = tuple[int, int, int, int]
"""A ruler match before it becomes a ``Span``: (start, end, label, span id), strings as hashes."""


def ruler_matches(ruler: SpanRuler, doc: Doc) -> list[Match]:
    """``SpanRuler.match`` as tuples: the same matches, deduplicated and in the same order
    (``Span`` order is start, end, label, id), without building a ``Span`` per match.

    Most matches are dropped by the overlap filter, so ``Span`` objects are made only
    for the ones kept (``spans_of``).
    """
    ruler._require_patterns()
    labels = _label_ids(ruler, doc)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="\\[W036")
        found = {(start, end, *labels[m_id]) for m_id, start, end in chain(ruler.matcher(doc), ruler.phrase_matcher(doc))
                 if start != end}
    return sorted(found)


def _label_ids(ruler: SpanRuler, doc: Doc) -> dict[int, tuple[int, int]]:
    """Match id -> (label hash, span id hash), as ``Span(label=..., span_id=...)`` stores them."""
    table = getattr(ruler, "_caspianie_label_ids", None)
    if table is None or len(table) != len(ruler._match_label_id_map):
        strings = doc.vocab.strings
        table = {m_id: (strings.add(entry["label"]), strings.add(entry["id"]) if entry["id"] else 0)
                 for m_id, entry in ruler._match_label_id_map.items()}
        ruler._caspianie_label_ids = table
    return table


def longest_first(matches: list[Match]) -> list[Match]:
    """``spacy.util.filter_spans`` on tuples: the first longest of overlapping matches wins."""
    ranked = sorted(matches, key=lambda m: (m[1] - m[0], -m[0]), reverse=True)
    taken = first_free(((m[0], m[1]) for m in ranked), max((m[1] for m in ranked), default=0))
    return sorted((m for m, take in zip(ranked, taken) if take), key=lambda m: m[0])


def spans_of(doc: Doc, matches: Iterable[Match]) -> list[Span]:
    """The ``Span`` of each match, as ``SpanRuler.match`` would have made it."""
    return [Span(doc, start, end, label=label, span_id=span_id) for start, end, label, span_id in matches]


def filtered_matches(ruler: SpanRuler, doc: Doc) -> list[Span]:
    """``filter_spans(ruler.match(doc))``, with ``Span`` objects made only for the matches kept."""
    return spans_of(doc, longest_first(ruler_matches(ruler, doc)))


class CaspianieRuler:
    """Annotate ``doc.spans[spans_key]`` with the matches of several pattern sources.

    Spans that start in a references section (``doc._.body_end``) or on a page-furniture
    line (``doc._.furniture``: menus, bylines, credits) are dropped.
    Each span's ``label_`` is the pattern label and ``id_`` the entry's id
    (a canonical key for gazetteer entries, a rule id for generic patterns).
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        spans_key: str,
        pattern_files: Iterable[str],
        gazetteer: bool,
        places: bool,
        filter_overlaps: bool = True,
    ) -> None:
        register_extensions()
        self.filter_overlaps = filter_overlaps
        self.name = name
        self.spans_key = spans_key
        self.ruler = SpanRuler(
            nlp,
            name=f"{name}_spans",
            spans_key=spans_key,
            spans_filter=None,
            overwrite=True,
            validate=True,
        )
        # Token patterns were validated when read (file:line errors); flag keys
        # that AnchoredMatcher writes are not in spaCy's schema.
        self.ruler.matcher = AnchoredMatcher(nlp.vocab)
        patterns: list[dict[str, Any]] = []
        for file in pattern_files:
            patterns.extend(read_span_patterns(file))
        if gazetteer:
            patterns.extend(gazetteer_patterns())
        if places:
            patterns.extend(place_patterns())
        add_patterns(nlp, self.ruler, patterns)

    def __call__(self, doc: Doc) -> Doc:
        limit = body_end(doc)
        starts = token_starts(doc)
        matches = [m for m in ruler_matches(self.ruler, doc)
                   if starts[m[0]] < limit and not on_furniture(doc, starts[m[0]])]
        doc.spans[self.spans_key] = spans_of(doc, longest_first(matches) if self.filter_overlaps else matches)
        return doc


_SOURCES = {"pattern_files": [], "gazetteer": False, "places": False, "filter_overlaps": True}


@Language.factory(
    "caspianie_ruler",
    default_config={"spans_key": DEFAULT_NAMES[ENTITIES.role], **_SOURCES},
    requires=["doc._.body_end", "doc._.furniture"],
    assigns=["doc.spans"],
)
def make_ruler(
    nlp: Language,
    name: str,
    spans_key: str,
    pattern_files: list[str],
    gazetteer: bool,
    places: bool,
    filter_overlaps: bool,
) -> CaspianieRuler:
    """Build a ruler layer from packaged pattern files and, optionally, the gazetteers.

    With ``filter_overlaps`` the first longest match wins; without it every match is
    kept for a later component to choose from (agreement names are trimmed first).
    """
    return CaspianieRuler(nlp, name, spans_key, pattern_files, gazetteer, places, filter_overlaps)



def _layer_ruler(layer: Layer):
    """The factory of the ruler that writes ``layer`` (its span-group name from ``layers``)."""

    def make(nlp: Language, name: str, pattern_files: list[str], gazetteer: bool, places: bool,
             filter_overlaps: bool, layers: dict[str, str]) -> CaspianieRuler:
        spans_key = layer_names(layers)[layer.role]
        return CaspianieRuler(nlp, name, spans_key, pattern_files, gazetteer, places, filter_overlaps)

    make.__doc__ = f"A ruler that writes the {layer.role} layer."
    return Language.factory(layer.writer, default_config={**_SOURCES, "layers": {}},
                            requires=["doc._.body_end", "doc._.furniture"], assigns=[layer.attr])(make)


make_entity_ruler = _layer_ruler(ENTITIES)
make_title_ruler = _layer_ruler(TITLES)
make_agreement_ruler = _layer_ruler(AGREEMENT_NAMES)
