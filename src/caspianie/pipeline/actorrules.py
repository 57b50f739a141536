"""Token-level rules the actor linker applies: titles, generic names, dated narrative.

Pure functions over a ``Doc`` and ``Mention`` records, kept apart from the
component in ``actors.py`` so each rule can be read and tested on its own.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional

from spacy.tokens import Doc, Span

from caspianie.pipeline.layers import DATES
from caspianie.pipeline.extensions import (content_start, doc_text, joined_to_next, line_bounds, sentence_bounds,
                                            sentence_number, token_starts, token_texts)
from caspianie.pipeline.names import HYPHENS, POSSESSIVES, NameRun, name_units, surname, trailing_name
from caspianie.normalize import normalize_name
from caspianie.knowledge.patternfiles import lexicons

NAMED_AFTER_HEADS = set(lexicons()["named_after_heads"])  # "Heydar Aliyev Order", "Khan Airbase"
NAMED_AFTER_WINDOW = 3
GENERIC_EDGE = {"the", "of", "and", "on", "for", "in", "under", "-", "–", "&"}


@dataclass
class KeyedMention:
    """Tokens [start, end) resolved to a canonical key, with the rule that did it."""

    start: int
    end: int
    key: str
    kind: str
    rule: str
    name: str


@dataclass
class Mention(KeyedMention):
    """An actor mention before it becomes a span."""

    country: Optional[str] = None
    role: Optional[str] = None


def names_a_thing(doc: Doc, span: Span) -> bool:
    """"Heydar Aliyev Order", "Order of Heydar Aliyev", "Islam Karimov Tashkent International
    Airport": a person's name inside the name of a thing named after them."""
    after = doc[span.end:min(len(doc), span.end + NAMED_AFTER_WINDOW)]
    for token in after:
        if token.lower_ in NAMED_AFTER_HEADS:
            return True
        if not token.is_title:
            break
    before = doc[span.start - 2:span.start].text.lower() if span.start >= 2 else ""
    return before.startswith(("order of", "medal of", "prize of", "named after"))


# Words a headline in title case capitalizes ("Sworn In As His Father Keeps A Grip On Power").
HEADLINE_CASE_WORDS = frozenset({"In", "As", "On", "A", "An", "And", "Of", "To", "For", "From", "With", "By", "At",
                                 "The", "His", "Her", "Its", "Into", "Over", "After", "Is", "Are", "Amid"})


HEADLINE_MIN_WORDS = 4  # a line of four or more words, all capitalized and with no full stop, is a headline
SENTENCE_ENDS = {".", "!", "?"}


def in_headline_case(doc: Doc, index: int) -> bool:
    """Whether token ``index`` stands in a sentence written in headline title case, where a
    capitalized pair of words ("Father Keeps") is no evidence of a name."""
    start, end = sentence_bounds(doc)[sentence_number(doc, index)]
    texts = token_texts(doc)
    if sum(1 for i in range(start + 1, end) if texts[i] in HEADLINE_CASE_WORDS) >= 2:
        return True
    words = [texts[i] for i in range(start, end) if texts[i].isalpha()]  # "Yeltsin, Nazarbayev Sign Caspian Pact"
    return (len(words) >= HEADLINE_MIN_WORDS and texts[end - 1] not in SENTENCE_ENDS
            and all(w[:1].isupper() for w in words))


def attach_roles(doc: Doc, mentions: list[Mention], titles: Iterable[Span]) -> None:
    """Give a known person the title written just before the name ("President Ilham Aliyev")."""
    persons = sorted((m.start, n, m) for n, m in enumerate(mentions) if m.kind == "person")
    starts = [start for start, _, _ in persons]
    for title in titles:
        for _, _, m in persons[bisect_right(starts, title.start) : bisect_right(starts, title.end)]:
            if m.role is None:
                role = trim_role(doc[_after_previous_name(doc, title.start, m.start):m.start])
                if len(role) and any(t.lower_ in lexicons()["title_heads"] for t in role):
                    m.role = role.text




def _after_previous_name(doc: Doc, start: int, end: int) -> int:
    """Where the role of the person at ``end`` starts in a title span from ``start``: after
    "<Name> and" when the title names someone before ("Russian Transport Minister Vitaly
    Savelyev and Iranian Roads Minister Mehrdad Bazrpash")."""
    words = lexicons()["title_heads"] | lexicons()["title_modifiers"]
    for k in range(end - 1, start, -1):
        if doc[k].lower_ == "and" and doc[k - 1].is_title and doc[k - 1].lower_ not in words:
            return k + 1
    return start


def trim_generic(span: Span) -> Optional[Span]:
    """Cut a greedy generic name before a second coordinated name ("... and the Cabinet"),
    a title word, an initial ("S."), and drop function words at its end."""
    doc, end = span.doc, span.end
    heads = lexicons()["title_heads"]
    # "... and the Cabinet", "... of Azerbaijan and Spain's Elecnor": a second name starts
    possessive = span.end < len(doc) and doc[span.end].lower_ in POSSESSIVES
    for i in range(span.start + 1, span.end):
        token = doc[i]
        coordinated = token.lower_ == "and" and (possessive or i + 1 < span.end and doc[i + 1].lower_ == "the")
        if coordinated or token.lower_ in heads or (len(token.text) == 2 and token.text.endswith(".")):
            end = i
            break
    while end > span.start and doc[end - 1].lower_ in GENERIC_EDGE:
        end -= 1
    if end - span.start < 2:
        return None  # a lone head word ("Cabinet") names nothing
    return Span(doc, span.start, end, label=span.label_, span_id=span.id_)


def second_conjunct(whole: Span, kept_end: int) -> Optional[Span]:
    """The second name of a greedy generic span cut at "and (the)", when it opens like an
    organization name of its own ("... of Kazakhstan and the Ministry of Agriculture of
    Turkmenistan"): a head word that takes a complement, then "of"/"for"/"on"."""
    doc, i = whole.doc, kept_end
    if i >= whole.end or doc[i].lower_ != "and":
        return None
    i += 2 if i + 1 < whole.end and doc[i + 1].lower_ == "the" else 1
    opens = i + 2 < whole.end and doc[i].is_title and doc[i + 1].lower_ in {"of", "for", "on"}
    if not opens or doc[i].lower_ not in lexicons()["org_heads"] | {"government"}:
        return None
    return Span(doc, i, whole.end, label=whole.label_, span_id=whole.id_)


def cut_before_known(span: Optional[Span], is_known: Callable[[Span], bool]) -> Optional[Span]:
    """End a greedy generic name before "and (the)" when what follows is a known name of its
    own ("the Government of Kazakhstan and Chevron")."""
    if span is None:
        return None
    doc = span.doc
    for i in range(span.start + 1, span.end - 1):
        if doc[i].lower_ == "and":
            j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
            if j < span.end and is_known(doc[j:span.end]):
                return Span(doc, span.start, i, label=span.label_, span_id=span.id_)
    return span


def cut_after_country(span: Span, is_country: Callable[[str], bool]) -> Span:
    """End a generic name at "of <country>" when a person's name runs on after it
    ("... the Cabinet of Ministers of Turkmenistan Mammetkhan Chakyev")."""
    doc, heads = span.doc, lexicons()["org_heads"]
    for i in range(span.start, span.end - 2):
        if doc[i].lower_ != "of":
            continue
        for end in range(min(i + 4, span.end - 2), i + 1, -1):
            rest = doc[end:span.end]
            if is_country(doc[i + 1:end].text) and 2 <= len(rest) <= 3 and all(t.is_title for t in rest) \
                    and rest[-1].lower_ not in heads:
                return Span(doc, span.start, end, label=span.label_, span_id=span.id_)
    return span


def merge_partial_names(mentions: list[Mention]) -> list[Mention]:
    """Give a generic organization whose name ends another's ("Supreme Interstate Council"
    after "Kazakhstan–Azerbaijan Supreme Interstate Council") the longer one's key.

    Each name (in order) takes the first organization in the list whose name, as it stands
    then, is longer and ends with it. A name taken over keeps its old endings, so the first
    holder of each ending of two or more words is kept as names are read and taken over,
    instead of comparing every pair of names.
    """
    generic = [m for m in mentions if m.kind == "organization" and m.rule != "gazetteer"]
    words_of: dict[str, tuple[str, ...]] = {}

    def words(m: Mention) -> tuple[str, ...]:
        found = words_of.get(m.name)
        if found is None:
            found = words_of[m.name] = tuple(normalize_name(m.name).split())
        return found

    first: dict[tuple[str, ...], int] = {}  # an ending -> the first organization whose longer name ends so

    def register(i: int) -> None:
        name = words(generic[i])
        for n in range(2, len(name)):
            first[name[-n:]] = min(first.get(name[-n:], i), i)

    for i in range(len(generic)):
        register(i)
    for i, short in enumerate(generic):
        name = words(short)
        j = first.get(name) if len(name) >= 2 else None
        if j is not None:
            long = generic[j]
            short.key, short.name, short.country = long.key, long.name, long.country
            register(i)
    return mentions


class PersonIndex:
    """Person mentions in the order they were found, for ``ActorLinker._person``'s two
    look-ups: full names by surname, and the last person with a country in a token range
    (a scan of every mention so far, per name, is quadratic in a long document)."""

    def __init__(self, mentions: Iterable[Mention] = ()) -> None:
        self._by_surname: dict[str, list[Mention]] = {}
        self._starts: list[int] = []  # persons' starts, sorted
        self._rows: list[tuple[int, Mention]] = []  # (order found, mention), in the order of _starts
        self._count = 0
        for mention in mentions:
            self.add(mention)

    def add(self, mention: Mention) -> None:
        order, self._count = self._count, self._count + 1
        if mention.kind != "person":
            return
        if len(mention.name.split()) > 1:
            self._by_surname.setdefault(surname(mention.name), []).append(mention)
        k = bisect_right(self._starts, mention.start)
        self._starts.insert(k, mention.start)
        self._rows.insert(k, (order, mention))

    def full_names_of(self, name: str) -> list[Mention]:
        """The persons added so far with a full name ending in ``name`` (by start)."""
        return sorted((m for m in self._by_surname.get(name, []) if m.name.endswith(name)), key=lambda m: m.start)

    def last_with_country(self, start: int, end: int) -> Optional[Mention]:
        """The person found last among those with a country that start at tokens ``start``..``end``."""
        rows = self._rows[bisect_left(self._starts, start):bisect_left(self._starts, end)]
        return max((row for row in rows if row[1].country), default=(0, None), key=lambda row: row[0])[1]


def title_segments(doc: Doc, title: Span, blocked: set[int]) -> list[tuple[Span, NameRun]]:
    """(role, name) pairs of a title span, left to right; the role may not be empty."""
    pairs: list[tuple[Span, NameRun]] = []
    seg_start, i = title.start, title.start
    while i < title.end:
        units = name_units(doc, i, title.end, blocked)
        last = units[-1][1] if units else i
        # "... Head of the Department", "of Natural Resources and Ecology", "Natural Resources of the
        # Republic": still the title
        complement = bool(units) and units[0][0] > 0 and doc[units[0][0] - 1].lower_ == "of" and (
            last < len(doc) and doc[last].lower_ in {"and", "of"})
        prefix_of_title = (last < title.end and doc[last].lower_ in lexicons()["title_heads"] | lexicons()["title_modifiers"]
                           or last < len(doc) and doc[last].lower_ == "of" or complement)
        if not prefix_of_title and (len(units) >= 2 or (len(units) == 1 and last == title.end)):
            run = trailing_name(doc, units[0][0], last, blocked)
            if run is not None and run.start > seg_start:
                role = doc[seg_start:run.start]
                pairs.append((trim_role(role), run))
                seg_start = run.end
            i = last
            continue
        i = last + 1 if not units else last
    return pairs


def trim_role(role: Span) -> Span:
    """Drop connective tokens at the edges of a role: ", and", "the", "(", ")"."""
    start, end = role.start, role.end
    edge = {"and", ",", "the", "(", ")", "-", "–", "'s", "’s"}
    while start < end and role.doc[start].lower_ in edge:
        start += 1
    while end > start and role.doc[end - 1].lower_ in edge:
        end -= 1
    return role.doc[start:end]


def units_before(doc: Doc, end: int, blocked: set[int]) -> list[tuple[int, int]]:
    """Name units immediately before token ``end`` (for "Clay Neff, president of ...")."""
    run = trailing_name(doc, max(0, end - 6), end, blocked)
    if run is None:
        return []
    return name_units(doc, run.start, run.end, blocked)


_TRAILS: "weakref.WeakKeyDictionary[Doc, tuple[list[int], list[str]]]" = weakref.WeakKeyDictionary()


def _date_trail(doc: Doc) -> tuple[list[int], list[str]]:
    """Start offsets and values of the document's resolved dates, in order (built once)."""
    trail = _TRAILS.get(doc)
    if trail is None:
        starts, values = [], []
        for span in DATES.spans(doc):
            if span._.date is not None and span._.date.value:
                starts.append(span.start_char)
                values.append(span._.date.value.split("/")[0])
        trail = _TRAILS[doc] = (starts, values)
    return trail


def narrative_date(doc: Doc, char: int) -> Optional[str]:
    """The value of the last resolved date before ``char``, else the reference date's."""
    starts, values = _date_trail(doc)
    n = bisect_left(starts, char)
    if n:
        return values[n - 1]
    return doc._.reference_date.value if doc._.reference_date is not None else None


# A wire's credit line: "(Reporting by A in Baku; Editing by B)", "Writing by C".
_CREDIT_LINE = re.compile(r"^\(?(?:additional )?(?:reporting|writing|editing|compiled|translated) by\b", re.IGNORECASE)
_CREDIT_HEAD = 64  # longer than any credit line's opening words
_LINE_SPACE = re.compile(r"[^\S\n]*")


def byline_author(doc: Doc, mention: Mention) -> bool:
    """A line that is only "By <name>" or only a name, or a wire's credit line, names the
    writers and editors, who are no actors of the story."""
    if mention.kind != "person":
        return False
    text = doc_text(doc)
    start, end = doc[mention.start].idx, doc[mention.end - 1].idx + len(doc[mention.end - 1])
    first, line_end = content_start(doc, start), line_bounds(doc, start)[1]
    # Only the line's head is read: on a one-line document the line is the whole text.
    if _CREDIT_LINE.match(text[first:min(line_end, first + _CREDIT_HEAD)]):
        return True
    if text[first:line_end].strip() == text[start:end]:
        return True  # a name alone on its line signs the report ("Rustam Abdul-Aliyev" under the stamp)
    by_name = f"By {text[start:end]}"
    return (first + len(by_name) <= line_end and text.startswith(by_name, first)
            and _LINE_SPACE.match(text, first + len(by_name)).end() >= line_end)


def credited_source(doc: Doc, mention: Mention) -> bool:
    """A news outlet credited for the report ("..., Kazinform News Agency reports", "told
    Shana", "according to IRNA", "the official Islamic Republic News Agency reported"), or a
    state's office quoted as the source ("the Foreign Ministry said", "according to the
    Ministry of Energy", "the website of the Foreign Ministry"): page furniture or the state's
    voice, not an actor of the story. Outlets are organizations whose name ends in a media
    word, offices those whose name has an office word; the cues around the name are data
    (``patterns/lexicons.jsonl``)."""
    if mention.kind != "organization":
        return False
    words = mention.name.lower().split()
    outlet = words[-1] in lexicons()["media_words"]
    if not outlet and not set(words) & lexicons()["source_office_words"]:
        return False
    texts = token_texts(doc)
    before = [t.lower() for t in texts[max(0, mention.start - 3):mention.start]]
    after = [t.lower() for t in texts[mention.end:mention.end + 2]]
    if before[-1:] == ["the"]:
        before = before[:-1]
    cited = bool(set(after[:1]) & lexicons()["credit_after"] or before[-2:] == ["according", "to"])
    if outlet:
        return cited or bool(set(before[-1:]) & lexicons()["credit_before"])
    voiced = bool(set(after[:1]) & lexicons()["reporting_verbs"])  # "the Foreign Ministry stressed"
    return cited or voiced or " ".join(before[-2:]) in lexicons()["source_office_cues"]


def hyphenated_end(doc: Doc, i: int) -> int:
    """The end of "Word-Word" starting at token ``i`` (hyphen with no spaces), else ``i + 1``."""
    texts, starts = token_texts(doc), token_starts(doc)
    if (i + 2 < len(texts) and texts[i + 1] in HYPHENS and texts[i + 2][:1].isupper()
            and joined_to_next(texts, starts, i) and joined_to_next(texts, starts, i + 1)):
        return i + 3
    return i + 1


def full_names(mentions: list[Mention], family_names: Optional[dict[str, str]] = None) -> dict[str, list[Mention]]:
    """Person mentions with a full name, by surname, in document order; a person whose family
    name the gazetteer gives (written first: "Moon Jae-in") is found by it too."""
    found: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.kind == "person" and len(m.name.split()) > 1:
            found.setdefault(surname(m.name), []).append(m)
            family = (family_names or {}).get(m.key)
            if family and family != surname(m.name):
                found.setdefault(family, []).append(m)
    return found


class EntityTable:
    """A document's entity spans sorted by start, so the entities inside a span are found by
    bisection instead of a scan of every entity of the document per name."""

    def __init__(self, spans: Iterable[Span]) -> None:
        rows = sorted((s.start, s.end, s.id_, s.label_) for s in spans)
        self._starts = [row[0] for row in rows]
        self._rows = rows

    def within(self, start: int, end: int) -> Iterator[tuple[str, str]]:
        """(id, label) of the entities that lie inside tokens ``start``..``end``."""
        for i in range(bisect_left(self._starts, start), bisect_left(self._starts, end)):
            _, ent_end, ent_id, label = self._rows[i]
            if ent_end <= end:
                yield ent_id, label
