"""The one loader of the JSONL pattern and gazetteer files under ``patterns/``.

Every file is found by ``resolve`` (a packaged name or a path), read by
``read_located``/``read_models`` and every line validated against a pydantic
model that forbids unknown fields, so a typo in a pattern ("requires": "persn",
"requirs": ...) fails at start-up with ``file:line: reason`` (one formatter,
``validation_reason``) instead of silently matching nothing or everything.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterator, Literal, Optional, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from caspianie.errors import Errors, RecordFileError
from caspianie.contract.records import json_lines as records_json_lines


Source = Union[str, Path]
M = TypeVar("M", bound=BaseModel)


class SpanPattern(BaseModel):
    """One ``SpanRuler`` pattern: a phrase (str) or token pattern (list of dicts)."""

    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1)
    pattern: str | list[dict[str, Any]]
    id: str = Field(min_length=1, description="the rule id reported as provenance")

    @field_validator("pattern")
    @classmethod
    def _valid_token_pattern(cls, pattern: str | list[dict[str, Any]]) -> str | list[dict[str, Any]]:
        """Check token patterns against spaCy's schema here, where the file and line are known."""
        if isinstance(pattern, list):
            from caspianie.knowledge.lexflags import pattern_errors  # spaCy: only for token patterns

            errors = pattern_errors(pattern)
            if errors:
                raise ValueError(f"the Matcher rejects the pattern: {'; '.join(errors)}")
        return pattern


REQUIREMENTS = ("agreement", "person", "actor", "project", "project_near", "agreement_or_project",
                "agreement_or_actor", "institution_near")
"""What a trigger's sentence may have to name for the trigger to count (``events._licensed``)."""


class TriggerPattern(SpanPattern):
    """A line of ``triggers.jsonl``: a span pattern and what its sentence must also name."""

    requires: Optional[Literal[REQUIREMENTS]] = None
    min_participants: int = Field(default=0, ge=0, description=(
        "keep the event only when it ends with at least this many participants: "
        "'the talks' with nobody named is talk about talks"))
    not_followed_by: list[str] = Field(default_factory=list, description=(
        "no event when one of these words follows within `scope` tokens ('hosted the summit' "
        "is no reception)"))
    scope: int = Field(default=4, ge=1, le=12)
    leaders_make_summit: bool = Field(default=False, description=(
        "a summit when four or more heads of state or government take part, or a summit body"))
    own_event: bool = Field(default=False, description=(
        "a mention of this rule is an event of its own, one only with other mentions of the same "
        "rule: the press conference after the talks is not the talks"))


class SectionHeading(BaseModel):
    """A line of ``sections.jsonl``: a heading that opens a section of the given kind."""

    model_config = ConfigDict(extra="forbid")
    heading: str = Field(min_length=1)
    kind: Literal["references"]
    lang: Optional[str] = None


class Abbreviation(BaseModel):
    """A line of ``abbreviations.jsonl``: whether the abbreviation's period may end a sentence."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1)
    ends_sentence: str
    kind: Optional[str] = None


class EventCode(BaseModel):
    """A line of ``event_codes.jsonl``: the CAMEO and PLOVER codes of an event type."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    cameo: Optional[str]
    cameo_label: str
    plover: Optional[str]
    plover_mode: Optional[str]


class Lexicon(BaseModel):
    """A named word list used by the components' logic (titles, name stopwords...)."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    words: list[str | list[str]]


class Place(BaseModel):
    """A city or settlement: a possible event location, never an actor. ``aliases`` are other
    names of the place (an event's location keeps the name the text writes); ``venues`` are
    palaces and residences in it ("Akorda"): an event there is located in the place."""

    model_config = ConfigDict(extra="forbid")
    key: str
    name: str
    country: Optional[str] = None
    aliases: list[str] = Field(default_factory=list)
    venues: list[str] = Field(default_factory=list)


def packaged(name: str) -> Path:
    """Path of a packaged pattern file (``patterns/<name>``, e.g. ``gazetteer/persons.jsonl``)."""
    return Path(str(files("caspianie") / "patterns" / name))


def resolve(source: Source) -> Path:
    """A pattern file given as a packaged name (``titles.jsonl``) or a filesystem path."""
    path = Path(source)
    return path if path.is_absolute() or path.exists() else packaged(str(source))


def validation_reason(err: ValidationError) -> str:
    """A pydantic error as ``field: message`` parts (``entry`` for the line as a whole)."""
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}" for e in err.errors())


def entry_error(template: str, path: Path, line: int, reason: str) -> RecordFileError:
    """The ``file:line: reason`` error of a bad line (``template``: an ``Errors`` message)."""
    return RecordFileError(template.format(path=path, line=line, reason=reason), str(path), line)


def json_lines(source: Source, template: str = Errors.E004) -> Iterator[tuple[int, Any]]:
    """Decoded JSON values of a pattern file with their line numbers."""
    bad_json = template.format(path="{path}", line="{line}", reason="invalid JSON ({reason})")
    return records_json_lines(resolve(source), bad_json)


def read_located(source: Source, model: type[M], template: str = Errors.E004,
                 bad_json: Optional[str] = None) -> list[tuple[int, M]]:
    """Every line of a JSONL file as (line number, validated ``model``); a bad line raises
    ``RecordFileError`` built from ``template`` (``bad_json``, if given, for unparsable lines)."""
    path = resolve(source)
    out = []
    lines = records_json_lines(path, bad_json) if bad_json else json_lines(path, template)
    for lineno, data in lines:
        try:
            out.append((lineno, model.model_validate(data)))
        except ValidationError as err:
            raise entry_error(template, path, lineno, validation_reason(err)) from None
    return out


def read_models(source: Source, model: type[M], template: str = Errors.E004) -> list[M]:
    """Read a JSONL file as a list of validated ``model`` instances."""
    return [entry for _, entry in read_located(source, model, template)]


MAX_EXPANSIONS = 500


def expand_phrases(pattern: str | list[dict[str, Any]]) -> Optional[list[str]]:
    """The lowercase phrases a token pattern stands for, when it only tests LOWER.

    ``[{"LOWER": {"IN": ["state", "official"]}}, {"LOWER": "visit"}]`` -> ``["state visit",
    "official visit"]``. Such patterns run on a ``PhraseMatcher`` (a hash lookup per
    token) instead of the ``Matcher``, whose cost grows with every pattern; the data
    files keep the readable token form. Returns None for any other pattern.
    """
    if isinstance(pattern, str):
        return None
    phrases = [""]
    for token in pattern:
        if set(token) - {"LOWER", "OP"} or token.get("OP") not in (None, "?"):
            return None
        value = token["LOWER"]
        words = [value] if isinstance(value, str) else value.get("IN") if set(value) == {"IN"} else None
        if not words:
            return None
        choices = list(words) + ([""] if token.get("OP") == "?" else [])
        phrases = [f"{p} {w}".strip() for p in phrases for w in choices]
        if len(phrases) > MAX_EXPANSIONS:
            return None
    return [p for p in phrases if p]


def read_span_patterns(source: Source) -> list[dict[str, Any]]:
    """A SpanRuler/Matcher pattern file (packaged name or path) as plain dicts, every line validated."""
    return [p.model_dump(include={"label", "pattern", "id"}) for p in read_models(source, SpanPattern)]


@lru_cache(maxsize=None)
def lexicons(path: Optional[str] = None) -> dict[str, frozenset]:
    """The named word lists of ``lexicons.jsonl`` (multiword entries as tuples)."""
    result: dict[str, frozenset] = {}
    for entry in read_models(path or "lexicons.jsonl", Lexicon):
        result[entry.id] = frozenset(tuple(w) if isinstance(w, list) else w for w in entry.words)
    return result


@lru_cache(maxsize=None)
def places(path: Optional[str] = None) -> tuple[Place, ...]:
    """The places gazetteer (cities and settlements)."""
    return tuple(read_models(path or "places.jsonl", Place))
