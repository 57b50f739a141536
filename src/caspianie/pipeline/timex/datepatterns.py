"""The date pattern file (``patterns/dates.jsonl``): one validated ``DatePattern`` per line.

Each line is a spaCy ``Matcher`` pattern and says how its spans are resolved
(see ``recognizer`` and docs/dates.md). A bad line fails at start-up with
``file:line: reason`` (E140).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator
from spacy.tokens import Doc
from spacy.vocab import Vocab

from caspianie.errors import Errors, RecordFileError
from caspianie.knowledge.patternfiles import entry_error, packaged, read_located, resolve
from caspianie.knowledge.lexflags import pattern_errors
from caspianie.pipeline.fastmatch import AnchoredMatcher

Kind = Literal["explicit", "month-in-year", "relative", "weekday", "period", "reject"]
ANCHORED = ("month-in-year", "relative", "weekday")


class DatePattern(BaseModel):
    """One line of ``dates.jsonl``: a Matcher pattern and how its spans are resolved."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    kind: Kind
    pattern: list[dict[str, Any]] = Field(min_length=1)
    range: bool = False
    parse: Literal["parts", "text", "words"] = "parts"
    anchor: Optional[Literal["reference", "narrative"]] = None
    year_shift: Union[int, Literal["near", "past", "before", "after"]] = 0
    tense: bool = False
    unit: Optional[Literal["day", "week", "month", "quarter", "half", "year"]] = None
    shift: Union[int, Literal["count"]] = 0
    sign: Literal[-1, 1] = 1
    precision: Optional[Literal["anchor", "week"]] = None
    strict: bool = False
    forward: bool = False
    weekday: Optional[int] = Field(default=None, ge=0, le=6)
    period: Optional[Literal["quarter", "half", "season", "decade", "century"]] = None
    after: list[str] = Field(default_factory=list)
    narrative: bool = True
    coarse_reference: Optional[Literal["narrative"]] = None

    @model_validator(mode="after")
    def _anchor_fits_kind(self) -> "DatePattern":
        needs_anchor = self.kind in ANCHORED
        if needs_anchor and self.anchor is None:
            raise ValueError(f"kind '{self.kind}' needs 'anchor' (reference or narrative)")
        if not needs_anchor and self.kind != "period" and self.anchor is not None:
            raise ValueError(f"kind '{self.kind}' takes no 'anchor'")
        if self.kind == "weekday" and self.anchor != "reference":
            raise ValueError("kind 'weekday' resolves against the reference date only")
        if (self.kind == "period") != (self.period is not None):
            raise ValueError("'period' is given exactly for kind 'period'")
        return self


def default_patterns_path() -> Path:
    """The packaged ``patterns/dates.jsonl``."""
    return packaged("dates.jsonl")


def _entry_error(path: Path, line: int, reason: str) -> RecordFileError:
    return entry_error(Errors.E140, path, line, reason)


def load_date_patterns(path: Union[str, Path, None], vocab: Vocab) -> tuple[AnchoredMatcher, dict[str, DatePattern]]:
    """Read and validate a date pattern file into an ``AnchoredMatcher`` and its entries by id.

    Raises ``RecordFileError`` (E140, ``file:line: reason``) for a line that is
    not JSON, misses a field, repeats an id, or that the Matcher rejects.
    """
    file = resolve(path or "dates.jsonl")
    matcher = AnchoredMatcher(vocab)
    entries: dict[str, DatePattern] = {}
    for lineno, entry in read_located(file, DatePattern, Errors.E140):
        if entry.id in entries:
            raise _entry_error(file, lineno, f"duplicate id '{entry.id}'")
        core, _ = split_optional_prefix(entry.pattern)
        errors = pattern_errors(core)
        if errors:
            raise _entry_error(file, lineno, f"the Matcher rejects the pattern: {'; '.join(errors)}")
        matcher.add(entry.id, [core])
        entries[entry.id] = entry
    return matcher, entries


def split_optional_prefix(pattern: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], frozenset[str]]:
    """Take an optional leading word test ("on"/"in") off a pattern.

    An optional first token makes the Matcher try every pattern at every token; the
    same span comes from matching the rest and extending it left over one of these
    words (``extend_prefix``).
    """
    first = pattern[0] if pattern else {}
    if len(pattern) > 1 and set(first) == {"LOWER", "OP"} and first["OP"] == "?":
        value = first["LOWER"]
        words = [value] if isinstance(value, str) else value.get("IN", []) if set(value) == {"IN"} else []
        if words:
            return pattern[1:], frozenset(w.lower() for w in words)
    return pattern, frozenset()


def extend_prefix(doc: Doc, prefix: frozenset[str], start: int) -> int:
    """The match start, moved left over an optional leading word the pattern allows."""
    if prefix and start > 0 and doc[start - 1].lower_ in prefix:
        return start - 1
    return start
