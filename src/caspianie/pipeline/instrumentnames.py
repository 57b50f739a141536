"""Where an instrument's name ends.

The agreement ruler matches greedily ("an agreement on cooperation signed on 15 January in
Baku ..."); ``trim`` cuts the match where its noun phrase ends: at a date or a place
phrase, at a word that cannot go on a name (``agreement_name_stops``), or before a second
instrument ("... and a protocol"). Two lists run on past a comma: the parties of "an
agreement between Russia, Azerbaijan, Kazakhstan and Iran", and the fields of "a roadmap
on expanding trade, economic, and investment cooperation".
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span

from caspianie.knowledge.patternfiles import lexicons

KINDS = dict(lexicons()["agreement_kinds"])
STOP_WORDS = lexicons()["agreement_name_stops"]
TRAILING_WORDS = lexicons()["agreement_name_trailing_words"]  # a name never ends on these ("... for")
CARRY_ON = lexicons()["agreement_name_carry_on"]  # word pairs whose second word is no stop ("aimed at")
PRONOUNS = lexicons()["agreement_party_pronouns"]
MAX_WORDS = 40
MAX_LISTED = 6
HYPHENS = {"-", "‐", "‑"}  # words of a listed field ("cultural-humanitarian")


def trim(span: Span, stops: set[int]) -> Optional[Span]:
    """Cut a greedy agreement match where its noun phrase ends."""
    doc = span.doc
    end = min(span.end, span.start + MAX_WORDS)
    for i in range(span.start + 1, end):
        token = doc[i]
        carried = (doc[i - 1].lower_, token.lower_) in CARRY_ON  # "agreements aimed at reinforcing ties"
        if i in stops or (i > span.start + 1 and token.lower_ in STOP_WORDS and not carried):  # "an agreement on 15 January"
            end = i
            break
        if (token.lower_ == "and" and i + 2 < len(doc) and _starts_instrument(doc, i + 1)
                and any(t.lower_ in KINDS for t in doc[span.start:i])):  # "Partnership and Cooperation Agreement" is one
            end = i
            break
    while end > span.start + 1 and (doc[end - 1].is_punct and doc[end - 1].text != ")" or doc[end - 1].is_space
                                    or doc[end - 1].lower_ in TRAILING_WORDS):
        end -= 1
    if end - span.start < 2 and span.label_ != "AGREEMENT":
        return None
    end = _through_party_list(doc, span.start, end)
    end = _through_field_list(doc, span.start, end, stops)
    words = [t.lower_ for t in doc[span.start:end]]
    if "between" in words and words.index("between") + 1 < len(words) and words[words.index("between") + 1] in PRONOUNS:
        return None
    return doc[span.start:end] if end > span.start else None


def _through_party_list(doc: Doc, start: int, end: int) -> int:
    """"an agreement between Russia, Azerbaijan, Kazakhstan and Iran": a name that stops at the
    first comma of its parties' list runs on to the list's last name."""
    if end - start < 2 or doc[end - 2].lower_ not in {"between", "among"} or end >= len(doc) or doc[end].text != ",":
        return end
    i = end
    while i + 1 < len(doc) and i - end < MAX_WORDS and (doc[i].text == "," or doc[i].lower_ == "and"):
        if doc[i].text == "," and doc[i + 1].lower_ == "and":  # "SOCAR, TotalEnergies, and ADNOC": the serial comma
            i += 1
        if i + 1 >= len(doc) or not doc[i + 1].text[:1].isupper():
            return end
        i += 2
        if doc[i - 2].lower_ == "and":
            return i
    return end


def _starts_instrument(doc: Doc, i: int) -> bool:
    """"and the Comprehensive Programme", "and a protocol": a second instrument starts."""
    j = i + 1 if doc[i].lower_ in {"the", "a", "an"} else i
    while j < len(doc) and doc[j].text[:1].isupper() and doc[j].lower_ not in KINDS:
        j += 1
    return j < len(doc) and doc[j].lower_ in KINDS


def _through_field_list(doc: Doc, start: int, end: int, stops: set[int]) -> int:
    """"a roadmap on expanding trade, economic, and investment cooperation for 2024-2025": a
    name cut at the comma of a list of lowercase fields runs on over the list, its "and" and
    the words after it, to where a name ends."""
    if end >= len(doc) or doc[end].text != "," or not doc[end - 1].is_lower or not doc[end - 1].is_alpha:
        return end
    if doc[end - 1].lower_ in KINDS:  # "power purchase agreements, land lease agreements": instruments, not fields
        return end
    i, seen_and, listed = end, False, 0
    while i < len(doc) and i - start < MAX_WORDS and not seen_and:
        if doc[i].text == ",":
            i += 1
        if i < len(doc) and doc[i].lower_ == "and":
            if not listed:  # "... interaction, and discussed": a clause, not a list
                return end
            seen_and, i = True, i + 1
        listed += 1
        words = 0
        while i < len(doc) and words < MAX_LISTED and _field_word(doc, i):
            if i in stops or doc[i].lower_ in STOP_WORDS:
                break
            i, words = i + 1, words + 1
        if not words or i >= len(doc) or (not seen_and and doc[i].text != ","):
            return end
    if not seen_and:
        return end
    while (i < len(doc) and i - start < MAX_WORDS and i not in stops and doc[i].lower_ not in STOP_WORDS
           and _field_word(doc, i)):
        i += 1
    while i > end and (doc[i - 1].lower_ in TRAILING_WORDS or doc[i - 1].is_punct):
        i -= 1
    return i


def _field_word(doc: Doc, i: int) -> bool:
    """A lowercase word of a listed field, or the hyphen of "cultural-humanitarian" written
    without spaces."""
    if doc[i].is_lower and doc[i].is_alpha:
        return True
    return doc[i].text in HYPHENS and i > 0 and not doc[i - 1].whitespace_ and not doc[i].whitespace_
