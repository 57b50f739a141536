"""Instrument names reduced to what tells one instrument from another.

Articles name one instrument in many ways: "the Memorandum of Understanding
between the Government of Azerbaijan and the Government of Turkmenistan on ...",
"an Azerbaijani-Turkmen memorandum on ...", "the 2018 Caspian Convention". A name
becomes a set of content words: a short name listed in the ``agreement_aliases``
lexicon is replaced by the full name; the kind word ("agreement", "memorandum";
the record's ``kind`` compares those), function words and filler ("government",
"republic", "in the field of") are dropped (lexicon ``instrument_name_fillers``);
a country adjective becomes the country ("Azerbaijani" -> ``azerbaijan``); a
plural ``s`` is dropped; word order does not count. Years written in a name are
kept apart: they are left out of the words (one article writes "the 2018
Convention", another does not) but two names whose years differ ("programme
for 2021-2025" and "programme for 2026-2030") name different instruments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from caspianie.consolidation.places import data_file
from caspianie.contract.records import json_lines
from caspianie.knowledge.patternfiles import lexicons
from caspianie.normalize import normalize_name

YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True)
class NameParts:
    """The content words of an instrument name, those that are not countries (``topic``: a name
    that names only its parties, "agreement between Azerbaijan and Kazakhstan", has none) and
    the years it writes."""

    words: frozenset[str]
    topic: frozenset[str]
    years: frozenset[str]


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Normalized short name -> normalized full name (lexicon ``agreement_aliases``)."""
    return {normalize_name(short): normalize_name(full) for short, full in lexicons()["agreement_aliases"]}


@lru_cache(maxsize=1)
def _country_words() -> dict[str, str]:
    """One-word country names, aliases and adjectives (normalized) -> the country's key."""
    found: dict[str, str] = {}
    for _line, row in json_lines(data_file("gazetteer/countries.jsonl")):
        for form in [row["name"], *row.get("aliases", []), *row.get("adjectives", [])]:
            norm = normalize_name(form)
            if norm and " " not in norm:
                found.setdefault(norm, row["key"])
    return found


def stem(word: str) -> str:
    """A plural ``s`` dropped ("relations", "railways"), not from "status", "gas" or "analysis"."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def name_parts(name: str) -> NameParts:
    """The content words and years of an instrument name."""
    tokens = normalize_name(name).split()
    years = frozenset(t for t in tokens if YEAR.match(t))
    rest = " ".join(t for t in tokens if t not in years)
    tokens = _aliases().get(rest, rest).split()
    fillers, countries = lexicons()["instrument_name_fillers"], _country_words()
    kept = [t for t in tokens if t not in fillers]
    topic = frozenset(stem(t) for t in kept if t not in countries)
    return NameParts(topic | {countries[t] for t in kept if t in countries}, topic, years)


def years_clash(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both names write years and share none: two instruments (two programme periods)."""
    return bool(a) and bool(b) and not a & b
