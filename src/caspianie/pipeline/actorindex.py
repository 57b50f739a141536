"""Look-ups from names to gazetteer keys for the actor linker, built once per component:
normalized names, person spellings and surnames, one-letter-off organization names, and
abbreviations defined in the text ("Name (ABBR)")."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from spacy.tokens import Doc

from caspianie.knowledge.gazetteer import Gazetteer
from caspianie.normalize import normalize_name
from caspianie.pipeline.actorrules import Mention
from caspianie.pipeline.extensions import token_texts
from caspianie.pipeline.names import spelling_key, surname, without_patronymic
from caspianie.pipeline.typos import TypoIndex


@dataclass
class ActorIndex:
    """Lookups from normalized names to gazetteer keys, built once per component."""

    by_name: dict[str, str] = field(default_factory=dict)
    by_surname: dict[str, list[str]] = field(default_factory=dict)
    by_spelling: dict[str, str] = field(default_factory=dict)
    typos: TypoIndex = field(default_factory=lambda: TypoIndex(()))
    family_names: dict[str, str] = field(default_factory=dict)  # person key -> family name, where given

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> "ActorIndex":
        index = cls()
        for table in (gazetteer.countries, gazetteer.organizations, gazetteer.persons):
            for key, entry in table.items():
                for form in (entry.name, *entry.aliases):
                    index.by_name.setdefault(normalize_name(form), key)
        spellings: dict[str, set[str]] = {}
        for key, entry in gazetteer.persons.items():
            for form in (entry.name, *entry.aliases):
                spellings.setdefault(spelling_key(form), set()).add(key)
        index.by_spelling = {k: next(iter(keys)) for k, keys in spellings.items() if len(keys) == 1}
        index.family_names = {key: entry.family_name for key, entry in gazetteer.persons.items() if entry.family_name}
        for key, entry in gazetteer.persons.items():
            for name in {surname(form) for form in (entry.name, *entry.aliases)} | {entry.family_name} - {None}:
                keys = index.by_surname.setdefault(name, [])
                if key not in keys:
                    keys.append(key)
        index.typos = TypoIndex(((form, key) for key, entry in gazetteer.organizations.items()
                                 for form in (entry.name, *entry.aliases)),
                                taken=(form for table in (gazetteer.countries, gazetteer.persons)
                                       for entry in table.values() for form in (entry.name, *entry.aliases)))
        return index

    def person_key(self, name: str) -> Optional[str]:
        """The gazetteer key of a person's full name: as written, by its spelling, or
        without a patronymic ("Shavkat Miromonovich Mirziyoyev")."""
        for form in (name, without_patronymic(name)):
            key = form and (self.by_name.get(normalize_name(form)) or self.by_spelling.get(spelling_key(form)))
            if key:
                return key
        return None


def misspelled_organizations(doc: Doc, claimed: set[int], typos: TypoIndex, gazetteer: Gazetteer) -> list[Mention]:
    """Organizations named with one letter off ("KazMunaiGaz"), in words nothing claimed."""
    out = []
    for i, text in enumerate(token_texts(doc)):
        key = typos.key_of(text) if i not in claimed and text[:1].isupper() else None
        entry = gazetteer.get(key) if key else None
        if entry is not None:
            out.append(Mention(i, i + 1, key, "organization", "misspelled", entry.name, getattr(entry, "country", None)))
    return out


def spelled_out_known(doc: Doc, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """"State Oil Company of the Azerbaijani Republic (SOCAR)": a name the gazetteer does not
    know, spelled out before the abbreviation of an organization it does know, is that
    organization; the spelled-out name takes the known key, name and country."""
    by_start = {m.start: m for m in mentions}
    out = []
    for m in mentions:
        inner = by_start.get(m.end + 1)
        if (m.kind != "organization" or m.rule == "gazetteer" or inner is None or inner.end + 1 > len(doc)
                or doc[m.end].text != "(" or doc[inner.end].text != ")" or inner.key == m.key):
            out.append(m)
            continue
        entry = gazetteer.organizations.get(inner.key)
        out.append(m if entry is None else replace(m, key=inner.key, name=entry.name, country=entry.country,
                                                   rule="spelled-out"))
    return out


def abbreviation_links(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Name (ABBR)" makes ABBR an alias; later bare ABBR tokens link to the name."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    abbrevs: dict[str, Mention] = {}
    for m in mentions:
        if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")" and doc[m.end + 1].is_upper:
            abbrevs[doc[m.end + 1].text] = m
    out = []
    for i, text in enumerate(token_texts(doc) if abbrevs else ()):
        ref = abbrevs.get(text)
        if ref is not None and i not in taken:
            out.append(Mention(i, i + 1, ref.key, ref.kind, "abbreviation", ref.name, ref.country))
    return out
