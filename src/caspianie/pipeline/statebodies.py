"""Bodies of states. A state's body named without its state: "Kazakhstan's Ministry of
Energy", "the Kazakh Foreign Ministry". The record names the body with its state ("Ministry of Energy of
Kazakhstan", the form gold and gazetteer use, so one key serves every article) and keeps
the written form among its mentions. Which names are such bodies is data: a name with a
word of ``state_body_words`` (``patterns/lexicons.jsonl``) and no state in it.

A joint body of two states is named with both ("Joint Intergovernmental Commission of the
Republic of Armenia and the Islamic Republic of Iran", "Intergovernmental Commission on
Economic Cooperation between the Russian Federation and the Republic of Azerbaijan"): the
generic name that stopped at the first state runs on to the second (``joint_body``).
"""

from __future__ import annotations

from typing import Callable, Optional

from spacy.tokens import Doc, Span

from caspianie.knowledge.gazetteer import Gazetteer
from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.extensions import token_texts
from caspianie.pipeline.names import POSSESSIVES

STATE_NAME_WORDS = 5  # "Islamic Republic of Iran"


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


def joint_body(span: Span, is_country: Callable[[str], Optional[str]]) -> Span:
    """A commission, committee or council named with the first of two states ("... of the
    Republic of Armenia" + "and the Islamic Republic of Iran"), or right before them ("...
    Cooperation" + "between Russia and Azerbaijan"): the span over both states; else the span.
    ``is_country(text)``: the key of the country a text names, or None."""
    doc = span.doc
    if not {t.lower_ for t in span} & lexicons()["joint_body_heads"]:
        return span

    def state_at(i: int) -> Optional[int]:
        """The end of a country's name that starts at token ``i`` (after "the"), or None."""
        i += 1 if i < len(doc) and doc[i].lower_ == "the" else 0
        return next((i + n for n in range(STATE_NAME_WORDS, 0, -1)
                     if i + n <= len(doc) and doc[i].text[:1].isupper() and is_country(doc[i:i + n].text)), None)

    i = span.end
    ends_in_state = any(is_country(doc[k:span.end].text) for k in range(max(span.start, span.end - STATE_NAME_WORDS), span.end))
    if ends_in_state and i < len(doc) and doc[i].lower_ == "and" and (end := state_at(i + 1)):
        return doc[span.start:end]
    if i < len(doc) and doc[i].lower_ in ("between", "of") and (first := state_at(i + 1)) and first < len(doc) \
            and doc[first].lower_ == "and" and (end := state_at(first + 1)):
        return doc[span.start:end]
    return span
