"""Person-name heuristics over tokens: which capitalized runs are names.

A blank English pipeline has no tagger, so a "name unit" is judged from its
shape and from the lexicons: title case, not a function word or a known
common capitalized word, optionally joined to the next unit by a hyphen
("Kassym-Jomart"). Runs of two or three units are person names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from spacy.tokens import Doc, Span, Token

from caspianie.pipeline.extensions import token_texts
from caspianie.knowledge.patternfiles import lexicons
from caspianie.normalize import normalize_name

HYPHENS = {"-", "–"}
POSSESSIVES = {"'s", "’s"}  # "Kazakhstan's", "today’s"

if TYPE_CHECKING:
    from caspianie.knowledge.gazetteer import Gazetteer


@dataclass(frozen=True)
class NameRun:
    """Token indices [start, end) of a run of name units, and how many units."""

    start: int
    end: int
    units: int


@lru_cache(maxsize=1 << 16)
def is_name_text(text: str) -> bool:
    """A word that can be part of a person's name: title case, alphabetic, no function or title word.

    It depends on the word alone, so it is computed once per word.
    """
    lex = lexicons()
    lower = text.lower()
    return (
        text.isalpha()
        and text[0].isupper()
        and not text.isupper()
        and len(text) > 1
        and text not in lex["name_stopwords"]
        and lower not in lex["title_heads"]
        and lower not in lex["title_modifiers"]
    )


def is_name_token(token: Token, blocked: set[int]) -> bool:
    """A token that can be part of a person's name."""
    return token.i not in blocked and is_name_text(token.text)


def name_units(doc: Doc, start: int, end: int, blocked: set[int]) -> list[tuple[int, int]]:
    """Split tokens [start, end) into name units; a non-name token ends the list.

    Hyphen-joined parts ("Kassym - Jomart") form one unit.
    """
    texts = token_texts(doc)
    units: list[tuple[int, int]] = []
    i = start
    while i < end and i not in blocked and (is_name_text(texts[i]) or _initial_before_name(texts, i, end)):
        j = i + 1
        while (j + 1 < end and texts[j] in HYPHENS and j + 1 not in blocked and is_name_text(texts[j + 1])
               and doc[j].whitespace_ == ""):
            j += 2
        units.append((i, j))
        i = j
    return units


def particle_run_end(doc: Doc, end: int, blocked: set[int]) -> int:
    """Where a name that ends at token ``end`` really ends when it goes on over a lowercase
    particle ("Mohammed" + "bin Abdul Rahman Al Thani", ``name_particles`` in
    ``patterns/lexicons.jsonl``): after the name units that follow each particle."""
    particles = lexicons()["name_particles"]
    texts = token_texts(doc)
    while (end + 1 < len(doc) and texts[end] in particles and end not in blocked
           and is_name_text(texts[end - 1]) and is_name_text(texts[end + 1])):
        units = name_units(doc, end + 1, len(doc), blocked)
        if not units:
            break
        end = units[-1][1]
    return end


def trailing_name(doc: Doc, start: int, end: int, blocked: set[int]) -> Optional[NameRun]:
    """The person name that ends a title span [start, end): its last 1-3 units.

    Three units only when the first is a known first name ("Recep Tayyip Erdogan").
    """
    units: list[tuple[int, int]] = []
    i = end
    while i > start:
        found = _unit_ending_at(doc, start, i, blocked)
        if found is None:
            break
        units.insert(0, found)
        i = found[0]
    if not units:
        return None
    if units[0][0] - 1 >= start and _is_initial(doc[units[0][0] - 1].text):
        units.insert(0, (units[0][0] - 1, units[0][0]))  # "A. Kamildjanov": an initial opens the name
    particles = lexicons()["name_particles"]
    joined = any(doc[u[0]].lower_ in particles for u in units[-4:-1])  # "Mohamed Jameel Al Ramahi"
    units = units[-(4 if joined else 3):]
    while len(units) >= 3 and not (joined and not is_title_word(doc[units[0][0]].text)
                                   or doc[units[0][0]].text in lexicons()["first_names"]
                                   or _right_after_title(doc, units[0][0]) and len(units) == 3):
        units = units[1:]
    return NameRun(units[0][0], units[-1][1], len(units))


def _right_after_title(doc: Doc, first: int) -> bool:
    """"Secretary General Helga Maria Schmid": a three-word name that follows a title word
    directly, its first word no title word ("Minister of Economy Mikail Jabbarov")."""
    return first > 0 and is_title_word(doc[first - 1].text) and not is_title_word(doc[first].text)


def after_title_words(doc: Doc, start: int, end: int) -> int:
    """Where a name of three or more words starts once the title words it ran over are left
    out ("Trade Laziz Kudratov" after "Minister of Investment, Industry and Trade")."""
    while end - start > 2 and is_title_word(doc[start].text):
        start += 1
    return start


def without_patronymic(name: str) -> Optional[str]:
    """"Shavkat Miromonovich Mirziyoyev" -> "Shavkat Mirziyoyev": a middle word with a
    patronymic ending (``patronymic_endings``) left out, for looking a person up; else None."""
    words = name.split()
    endings = tuple(lexicons()["patronymic_endings"])
    kept = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and w.lower().endswith(endings))]
    return " ".join(kept) if len(kept) < len(words) else None


def _initial_before_name(texts: list[str], i: int, end: int) -> bool:
    """"A." right before a name word ("A. Kamildjanov")."""
    return len(texts[i]) == 2 and _is_initial(texts[i]) and i + 1 < end and is_name_text(texts[i + 1])


def _is_initial(text: str) -> bool:
    """"A." or "A.B.": initials written before a surname."""
    parts = text.split(".")
    return len(parts) >= 2 and parts[-1] == "" and all(len(p) == 1 and p.isupper() for p in parts[:-1])


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    lex = lexicons()
    return frozenset(lex["title_heads"] | lex["title_modifiers"] | lex["title_area_words"])


def is_title_word(word: str) -> bool:
    """A word titles use ("Minister", "Deputy", "Petroleum"), not a name ("Mohamed")."""
    return word.lower() in _title_words()


def could_be_name(span: Span, gazetteer: "Gazetteer") -> bool:
    """Not a title's own words ("Natural Resources" of "Minister of Energy and Natural
    Resources", "Advanced Technology": a name does not end in a title's area word) nor a
    nationality ("Iranian Expatriates")."""
    words = [t.text for t in span if t.is_alpha]
    return not (all(is_title_word(w) for w in words) or words and is_title_word(words[-1])
                or gazetteer.country_for_adjective(span[0].text))


def _unit_ending_at(doc: Doc, lower: int, end: int, blocked: set[int]) -> Optional[tuple[int, int]]:
    """The name unit whose last token is ``end - 1``, or None."""
    last = end - 1
    if last < lower or not is_name_token(doc[last], blocked):
        return None
    first = last
    while (
        first - 2 >= lower
        and doc[first - 1].text in HYPHENS
        and doc[first - 2].whitespace_ == ""
        and is_name_token(doc[first - 2], blocked)
    ):
        first -= 2
    return (first, end)


def looks_like_person(doc: Doc, run: NameRun) -> bool:
    """Shape evidence for an untitled run: a known first name or a surname suffix."""
    lex = lexicons()
    first = doc[run.start].text
    last = doc[run.end - 1].lower_
    return first in lex["first_names"] or any(last.endswith(s) for s in lex["surname_suffixes"])


def surname(span: Span | str) -> str:
    """The last word of a name: ``Kassym-Jomart Tokayev`` -> ``Tokayev``."""
    text = span if isinstance(span, str) else span.text
    return text.split()[-1] if text.split() else text


def spelling_key(name: str) -> str:
    """A name with its transliteration choices folded ("Berdymuhammedow", "Berdimuhamedov",
    "Berdymukhamedov" -> one key): the folds are data (``transliteration_folds`` in
    ``patterns/lexicons.jsonl``), applied in order, then doubled letters collapse."""
    text = "".join(c for c in normalize_name(name) if c.isalpha())
    for old, new in _folds():
        text = text.replace(old, new)
    return "".join(c for i, c in enumerate(text) if i == 0 or c != text[i - 1])


@lru_cache(maxsize=1)
def _folds() -> tuple[tuple[str, str], ...]:
    return tuple(tuple(pair) for pair in sorted(lexicons()["transliteration_folds"], key=lambda p: -len(p[0])))
