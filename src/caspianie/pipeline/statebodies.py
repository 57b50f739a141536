"""A state's body named without its state: "Kazakhstan's Ministry of Energy", "the Kazakh
Foreign Ministry". The record names the body with its state ("Ministry of Energy of
Kazakhstan", the form gold and gazetteer use, so one key serves every article) and keeps
the written form among its mentions. Which names are such bodies is data: a name with a
word of ``state_body_words`` (``patterns/lexicons.jsonl``) and no state in it.
"""

from __future__ import annotations

from typing import Callable, Optional

from spacy.tokens import Doc, Span

from caspianie.knowledge.gazetteer import Gazetteer
from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.extensions import token_texts

POSSESSIVES = ("'s", "’s")


def owner_country(doc: Doc, span: Span, gazetteer: Gazetteer, country_ending: Callable[[int], Optional[str]]) -> Optional[str]:
    """The state that owns a body named right before it: a possessive ("Kazakhstan's
    Ministry of Energy") or an adjective ("the Kazakh Ministry of Energy").
    ``country_ending(i)`` is the key of a country whose name ends at token ``i``, or None."""
    texts = token_texts(doc)
    i = span.start - 1
    if i >= 1 and texts[i] in POSSESSIVES:
        return country_ending(i)
    if i >= 0 and texts[i][:1].isupper():
        return gazetteer.country_for_adjective(texts[i])
    return None


def is_state_body(name: str) -> bool:
    """Whether a name is that of a state's body ("Ministry of Energy", "Foreign Ministry")."""
    return bool(set(name.lower().split()) & lexicons()["state_body_words"])


def qualified(name: str, country_name: str) -> str:
    """The body's name with its state: "Ministry of Energy" -> "Ministry of Energy of Kazakhstan"."""
    return f"{name} of {country_name}"
