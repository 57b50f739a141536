"""Organizations known by the company they keep: "BP, Amoco, McDermott, Unocal, Lukoil and
Statoil". In a coordinated list of names where at least two items are known organizations
and every other item is a short capitalized name nobody else has claimed, those other items
are organizations too (rule ``org-list-member``). A trailing bracket ("SOCAR (11.6%)") belongs
to its item; an item may end a longer phrase ("the companies BP").
"""

from __future__ import annotations

from spacy.tokens import Doc

from caspianie.knowledge.patternfiles import lexicons
from caspianie.normalize import slugify
from caspianie.pipeline.actorrules import Mention
from caspianie.pipeline.extensions import sentence_bounds, token_texts

SEPARATORS = {",", ";", "and", "&"}
MAX_NAME_TOKENS = 3
MIN_KNOWN = 2


def listed_organizations(doc: Doc, mentions: list[Mention], blocked: set[int]) -> list[Mention]:
    """New organization mentions for the unknown names listed beside known organizations."""
    texts = token_texts(doc)
    ends = {m.end: m for m in mentions if m.kind == "organization"}
    stopwords = set(lexicons()["name_stopwords"])
    out: list[Mention] = []
    for start, end in sentence_bounds(doc):
        items = _items(texts, start, end)
        run: list[tuple[str, int, int]] = []  # (kind of item, start, end) of consecutive name items
        for item_start, item_end in items + [(end, end)]:
            kind = _item_kind(texts, item_start, item_end, ends, blocked, stopwords)
            if kind is not None:
                run.append((kind, item_start, item_end))
                continue
            out += _read_run(doc, run)
            run = []
    return out


def _items(texts: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """The sentence's stretches between list separators outside brackets, a trailing bracket cut off."""
    items, depth, item_start = [], 0, start
    for i in range(start, end):
        depth += texts[i] == "("
        depth -= texts[i] == ")" and depth > 0
        if depth == 0 and texts[i] in SEPARATORS:
            items.append((item_start, i))
            item_start = i + 1
    items.append((item_start, end))
    out = []
    for s, e in items:
        while s < e and texts[s] in SEPARATORS:
            s += 1
        while e > s and texts[e - 1] in {".", "!", "?", ":", '"', "”"}:
            e -= 1
        if e > s and texts[e - 1] == ")" and "(" in texts[s:e]:
            e = s + texts[s:e].index("(")  # "SOCAR (11.6%)"
        if e > s:
            out.append((s, e))
    return out


def _item_kind(texts: list[str], start: int, end: int, ends: dict[int, Mention], blocked: set[int],
               stopwords: set[str]) -> str | None:
    """``known`` for an item that ends with a known organization, ``new`` for a short
    capitalized name nobody claimed, else None (the run of list items ends)."""
    if start >= end:
        return None
    known = ends.get(end)
    if known is not None and known.start >= start:
        return "known"
    words = texts[start:end]
    if len(words) > MAX_NAME_TOKENS or words[0] in stopwords or any(i in blocked for i in range(start, end)):
        return None
    if all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return "new"
    return None


def _read_run(doc: Doc, run: list[tuple[str, int, int]]) -> list[Mention]:
    if sum(kind == "known" for kind, _, _ in run) < MIN_KNOWN or all(kind == "known" for kind, _, _ in run):
        return []
    return [Mention(s, e, slugify(doc[s:e].text), "organization", "org-list-member", doc[s:e].text)
            for kind, s, e in run if kind == "new"]
