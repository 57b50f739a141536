"""Title-only mentions: "the Kazakh President", "Iran's Foreign Minister", "his Iranian counterpart".

A title without a name refers to whoever held that office on the date the narrative has
reached ("President Aliyev" is Heydar in 1997, Ilham in 2024). The dated offices are
knowledge in ``patterns/gazetteer/persons.jsonl``, each with its source. A title becomes a
mention of its holder only when the document also names that person, so a title alone
never brings in a new actor: an unresolvable title stays out of the records.
"""

from __future__ import annotations

from typing import Callable, Optional

from spacy.tokens import Doc, Span

from caspianie.knowledge.gazetteer import Gazetteer
from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.actorrules import Mention, narrative_date
from caspianie.pipeline.extensions import sentence_of, token_texts

COUNTERPART = "counterpart"
POSSESSIVES = {"his", "her", "their", "its", "'s", "’s"}
ENTITY_LABELS_IN_TITLES = {"COUNTRY"}
CONJOINING = {"and", ",", "the"}
PLURAL_ROLES = dict(lexicons()["plural_roles"])
OF_STATES = lexicons()["plural_title_prepositions"]  # "the foreign ministers of / from A, B and C"


def title_only_mentions(
    doc: Doc,
    mentions: list[Mention],
    titles: list[Span],
    gazetteer: Gazetteer,
    country_in: Callable[[Doc, Span], Optional[str]],
    entities_within: Callable[[int, int], list[tuple[str, str]]],
) -> list[Mention]:
    """Mentions of named persons by their title alone, resolved through the dated offices."""
    taken = {i for m in mentions if m.kind == "person" for i in range(m.start, m.end)}  # "Kazakhstan's leader" names a state
    persons = {m.key: m for m in mentions if m.kind == "person"}
    named_states = sorted({m.country for m in persons.values() if m.country})  # for a title with no country
    out = []
    for title in (part for whole in titles for part in conjoined_titles(doc, whole)):
        title = _after_named(doc, title, taken)  # "President Boris Yeltsin and Kazakhstan's leader"
        if title is None or any(i in taken for i in range(title.start, title.end + 1)) or _names_a_body(title, entities_within):
            continue
        on = narrative_date(doc, title.start_char)
        role = role_words(doc, title, gazetteer)
        if role == COUNTERPART:
            role = _counterpart_role(doc, title, mentions, gazetteer, on)
        country = country_in(doc, title)
        if not role or country is None and on is None:
            continue
        states = [country] if country is not None else named_states
        holders = list(dict.fromkeys(p.key for c in states for p in gazetteer.holders(c, role, on) if p.key in persons))
        if len(holders) == 1:  # "the Head of State" with no country: the one named holder of that office then
            ref = persons[holders[0]]
            out.append(Mention(title.start, _trimmed_end(title), ref.key, "person", "title-only", ref.name, ref.country))
    return out


def plural_title_mentions(doc: Doc, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """"The Turkish and Russian presidents": one mention per listed country adjective of the
    person who held that office then, when the document names that person (as for a single
    title). "The presidents of Turkey and Russia" stays a mention of the two countries: their
    names are the countries' own mentions (``plural_of_holders`` gives its events the persons).
    A listed country whose office holder the document does not name is a mention of that state."""
    persons = {m.key: m for m in mentions if m.kind == "person"}
    texts = token_texts(doc)
    out = []
    for i in range(len(texts)):
        role, first = plural_role(texts, i, 0)
        if role is None:
            continue
        listed = _adjectives_before(texts, first - 1, gazetteer)
        on = narrative_date(doc, doc[i].idx)
        for start, end, country in listed if len(listed) >= 2 else ():
            holders = [p.key for p in gazetteer.holders(country, role, on) if p.key in persons]
            if len(holders) == 1:
                ref = persons[holders[0]]
                out.append(Mention(start, end, ref.key, "person", "title-plural", ref.name, ref.country))
            elif (state := gazetteer.get(country)) is not None:  # the minister is not named: the state acts
                out.append(Mention(start, end, country, "country", "title-plural-state", state.name))
    return out


def plural_role(texts: list[str], i: int, lowest: int) -> tuple[Optional[str], int]:
    """The office a plural role word at token ``i`` names ("presidents", "foreign ministers":
    ``plural_roles``) and the token where the role starts; two words only from ``lowest`` on."""
    roles = PLURAL_ROLES
    two = f"{texts[i - 1].lower()} {texts[i].lower()}" if i > lowest else ""
    return (roles[two], i - 1) if two in roles else (roles.get(texts[i].lower()), i)


def conjoined_titles(doc: Doc, title: Span) -> list[Span]:
    """"the Emir of Qatar and the President of Iran": two titles the ruler read as one (its
    complement words run over "and the"), split where "and" ["the"] opens a new title word;
    "Minister of Industry and Trade" stays one."""
    words = lexicons()["title_heads"] | lexicons()["title_modifiers"]
    parts, start = [], title.start
    for i in range(title.start + 1, title.end - 1):
        nxt = i + 2 if doc[i + 1].lower_ == "the" and i + 2 < title.end else i + 1
        if doc[i].lower_ == "and" and doc[nxt].lower_ in words and start < i:
            parts.append(doc[start:i])
            start = nxt
    return parts + [doc[start:title.end]]


def _adjectives_before(texts: list[str], j: int, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """The country adjectives listed before a plural role ("Turkish, Azerbaijani and Turkmen")."""
    listed = []
    while j >= 0 and texts[j][:1].isupper() and (country := gazetteer.country_for_adjective(texts[j])):
        listed.append((j, j + 1, country))
        j -= 1
        while j >= 0 and texts[j].lower() in lexicons()["list_separators"]:
            j -= 1
    return listed[::-1]


def _after_named(doc: Doc, title: Span, taken: set[int]) -> Optional[Span]:
    """The title of a second person that a first one's title ran into ("President Boris
    Yeltsin and Kazakhstan" + "'s leader"): the words after the named person and "and",
    with the possessive, modifiers and head word that follow; the title itself when it
    names nobody."""
    named = [i for i in range(title.start, title.end) if i in taken]
    if not named:
        return title
    start = named[-1] + 1
    while start < title.end and doc[start].lower_ in CONJOINING:
        start += 1
    if start >= title.end or start == named[-1] + 1:
        return None
    words = lexicons()["title_heads"] | lexicons()["title_modifiers"]
    end = title.end
    while end < len(doc) and (doc[end].text in POSSESSIVES or doc[end].lower_ in words):
        end += 1
    return doc[start:end] if any(t.lower_ in lexicons()["title_heads"] for t in doc[start:end]) else None


def role_words(doc: Doc, title: Span, gazetteer: Gazetteer) -> Optional[str]:
    """The office a title names, without its country, determiners and trailing function
    words: "the Iranian Foreign Minister for the" -> "foreign minister"; a leader is a president."""
    skip = lexicons()["event_determiners"] | POSSESSIVES
    function_words = lexicons()["title_complement_words"]
    words = [t.text for t in title if t.lower_ not in skip and not gazetteer.country_for_adjective(t.text)
             and not _country_name(t, gazetteer)]
    while words and words[-1].lower() in function_words:
        words.pop()
    while words and words[0].lower() in function_words:
        words.pop(0)
    role = " ".join(w.lower() for w in words if w.isalpha() or "-" in w)
    return {"leader": "president", "head of state": "president"}.get(role, role) or None


def _trimmed_end(title: Span) -> int:
    """The end of a title span without trailing function words ("... Minister for the")."""
    function_words = lexicons()["title_complement_words"]
    end = title.end
    while end > title.start + 1 and title.doc[end - 1].lower_ in function_words:
        end -= 1
    return end


def _country_name(token, gazetteer: Gazetteer) -> bool:
    return token.text[:1].isupper() and gazetteer.kind_of(token.text.lower()) == "countries"


def _names_a_body(title: Span, entities_within: Callable[[int, int], list[tuple[str, str]]]) -> bool:
    """"the SOCAR President", "Chairman of KazMunayGas": a company's or body's office
    (``entities_within``: the (id, label) of the entity spans inside a token range)."""
    return any(label not in ENTITY_LABELS_IN_TITLES for _id, label in entities_within(title.start, title.end))


def _counterpart_role(doc: Doc, title: Span, mentions: list[Mention], gazetteer: Gazetteer,
                      on: Optional[str]) -> Optional[str]:
    """"Aliyev met his Iranian counterpart": the office of the person named before it in the
    sentence, as the dated offices give it."""
    sentence = sentence_of(doc, title.start)
    before = [m for m in mentions if m.kind == "person" and sentence.start <= m.start < title.start]
    for mention in reversed(before):
        entry = gazetteer.persons.get(mention.key)
        offices = [o for o in (entry.offices if entry else []) if on is None or o.covers(on)]
        if offices and offices[-1].role:
            return offices[-1].role.lower()
    return None


def plural_of_holders(doc: Doc, sentence: Span, actors: list[Span], named: set[str], gazetteer: Gazetteer) -> list[str]:
    """"The presidents of Turkey and Russia inaugurated ...": the persons who held that office
    of each listed state on the narrative's date, when the document names them (``named``:
    the document's person keys; ``actors``: the sentence's actor spans). The states' names
    stay country mentions; these persons join the events the sentence tells, when every
    listed state's office holder is named."""
    texts = token_texts(doc)
    heads = [(i, role) for i in range(sentence.start, sentence.end - 1)
             if texts[i + 1].lower() in OF_STATES and (role := plural_role(texts, i, sentence.start)[0]) is not None]
    if not heads:
        return []
    separators = lexicons()["list_separators"] | {"the"}
    countries = {a.start: a for a in actors if a._.kind == "country"}
    out: list[str] = []
    for i, role in heads:
        j, on, found = i + 2, narrative_date(doc, doc[i].idx), []
        while j < sentence.end and (j in countries or texts[j].lower() in separators):
            if j in countries:
                holders = [p.key for p in gazetteer.holders(countries[j]._.key, role, on) if p.key in named]
                found.append(holders[0] if len(holders) == 1 else None)
                j = countries[j].end
            else:
                j += 1
        out += found if found and None not in found else []  # all of them, or the states stay as they are
    return out
