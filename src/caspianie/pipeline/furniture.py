"""Page furniture: the lines of a real news page that are not the story.

Menus, breadcrumbs, bylines, photo and source credits, time stamps, counters,
language switches and "Related news" lists name people, agencies and other
stories; none of them yields an actor or an event. The line patterns are data
(``patterns/furniture.jsonl``): each has a ``scope``, ``line`` for the matching
line alone, ``section`` for a heading and the list under it, which runs to the
first line of prose (a line that ends like a sentence and has a few words), or
``prefix`` for a stamp that opens a line before its content ("date 2024-03-12 The
ministers met ..."): only the stamp is furniture, the rest of the line is read on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from caspianie.knowledge.patternfiles import packaged, read_models

PROSE_END = (".", "!", "?", "…", ".\"", ".”", "\"", "”")
PROSE_MIN_WORDS = 6


class FurnitureRule(BaseModel):
    """One kind of furniture line; ``regex`` is matched against the stripped line."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    scope: Literal["line", "section", "prefix"]
    regex: str
    note: str = ""

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as err:
            raise ValueError(f"regex does not compile: {err}") from None
        return value


@lru_cache(maxsize=None)
def furniture_rules() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(id, scope, compiled regex) of every rule in ``patterns/furniture.jsonl``."""
    return tuple((r.id, r.scope, re.compile(r.regex)) for r in read_models(packaged("furniture.jsonl"), FurnitureRule))


def _is_prose(line: str) -> bool:
    return line.endswith(PROSE_END) and len(line.split()) >= PROSE_MIN_WORDS


REPEATED_HEADLINE = "repeated-headline"


def furniture_lines(text: str, title: Optional[str] = None) -> list[tuple[int, int, str]]:
    """(start, end, rule id) of every furniture line of ``text``, in order. A later line
    that repeats the ``title`` (pages print the headline again above the story, beside a
    photo or in a share box) is furniture too: the story is told in the lines after it."""
    rules = furniture_rules()
    found: list[tuple[int, int, str]] = []
    section: str | None = None
    start = 0
    headline = title.strip() if title else None
    for n, raw in enumerate(text.split("\n")):
        end = start + len(raw)
        if headline and n > 0 and raw.strip() == headline and start > text.find(headline):
            found.append((start, end, REPEATED_HEADLINE))
            start = end + 1
            continue
        prefix = _opening_stamp(raw)
        if prefix is not None:  # a stamp opening the line: furniture; the rest is read on
            found.append((start + prefix[1].start(), start + prefix[1].end(), prefix[0]))
            raw = raw[prefix[1].end():]
        line = raw.strip()
        if section is not None and line and _is_prose(line):
            section = None
        if line:
            rule, scope = (section, "section") if section else next(
                ((rid, scope) for rid, scope, rx in rules if scope != "prefix" and rx.search(line)), (None, None))
            if rule is not None:
                found.append((end - len(raw), end, rule))
                section = rule if scope == "section" else None
        start = end + 1
    return found


def _opening_stamp(line: str) -> Optional[tuple[str, re.Match[str]]]:
    """The rule id and match of the stamp (``prefix`` furniture) that opens ``line``, if any."""
    return next(((rid, m) for rid, scope, rx in furniture_rules() if scope == "prefix" and (m := rx.match(line))), None)


def line_stamp(line: str) -> Optional[re.Match[str]]:
    """The stamp (``prefix`` furniture) that opens ``line``, if any."""
    found = _opening_stamp(line)
    return found[1] if found is not None else None


def stamp_ends(furniture: "Furniture", text: str) -> list[int]:
    """Where the content after each line-opening stamp (``prefix`` furniture) begins, for the
    stamps with content after them on their line."""
    prefixes = {rid for rid, scope, _rx in furniture_rules() if scope == "prefix"}
    out = []
    for _start, end, rule in furniture.lines:
        line_end = text.find("\n", end)
        if rule in prefixes and text[end:len(text) if line_end == -1 else line_end].strip():
            out.append(end)
    return out


class Furniture:
    """The furniture lines of one document, for offset look-ups."""

    def __init__(self, lines: list[tuple[int, int, str]]) -> None:
        self.lines = lines
        self._starts = [s for s, _e, _r in lines]

    def covers(self, char: int) -> bool:
        """Whether character offset ``char`` lies on a furniture line."""
        n = bisect_right(self._starts, char) - 1
        return n >= 0 and self.lines[n][0] <= char < self.lines[n][1]
