"""Loading and validating the JSONL pattern files under ``patterns/``.

Every line is validated when the file is read (presidio-analyzer style), so a
typo in a pattern fails at start-up with ``file:line: reason`` instead of
silently matching nothing.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from caspianie.errors import Errors, RecordFileError
from caspianie.knowledge.lexflags import pattern_errors
from caspianie.contract.records import json_lines as records_json_lines


class SpanPattern(BaseModel):
    """One ``SpanRuler`` pattern: a phrase (str) or token pattern (list of dicts)."""

    model_config = ConfigDict(extra="allow")
    label: str = Field(min_length=1)
    pattern: str | list[dict[str, Any]]
    id: str = Field(min_length=1, description="the rule id reported as provenance")

    @field_validator("pattern")
    @classmethod
    def _valid_token_pattern(cls, pattern: str | list[dict[str, Any]]) -> str | list[dict[str, Any]]:
        """Check token patterns against spaCy's schema here, where the file and line are known."""
        if isinstance(pattern, list):
            errors = pattern_errors(pattern)
            if errors:
                raise ValueError(f"the Matcher rejects the pattern: {'; '.join(errors)}")
        return pattern


class Lexicon(BaseModel):
    """A named word list used by the components' logic (titles, name stopwords...)."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    words: list[str | list[str]]


class Place(BaseModel):
    """A city or settlement: a possible event location, never an actor."""

    model_config = ConfigDict(extra="allow")
    key: str
    name: str
    country: Optional[str] = None
    aliases: list[str] = Field(default_factory=list)


def packaged(name: str) -> Path:
    """Path of a packaged pattern file (``patterns/<name>``)."""
    return Path(str(files("caspianie") / "patterns" / name))


def json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Decoded JSON objects of a pattern file with their line numbers."""
    return records_json_lines(path, Errors.E004.format(path="{path}", line="{line}", reason="invalid JSON ({reason})"))


def read_models(path: Path, model: type[BaseModel]) -> list[Any]:
    """Read a JSONL file as a list of validated ``model`` instances."""
    out = []
    for lineno, data in json_lines(path):
        try:
            out.append(model.model_validate(data))
        except ValidationError as err:
            reason = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()
            )
            raise RecordFileError(
                Errors.E004.format(path=path, line=lineno, reason=reason), str(path), lineno
            ) from None
    return out


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


def read_span_patterns(path: Path) -> list[dict[str, Any]]:
    """A SpanRuler/Matcher pattern file as plain dicts, every line validated."""
    return [p.model_dump(include={"label", "pattern", "id"}) for p in read_models(path, SpanPattern)]


@lru_cache(maxsize=None)
def lexicons(path: Optional[str] = None) -> dict[str, frozenset]:
    """The named word lists of ``lexicons.jsonl`` (multiword entries as tuples)."""
    source = Path(path) if path else packaged("lexicons.jsonl")
    result: dict[str, frozenset] = {}
    for entry in read_models(source, Lexicon):
        result[entry.id] = frozenset(tuple(w) if isinstance(w, list) else w for w in entry.words)
    return result


@lru_cache(maxsize=None)
def places(path: Optional[str] = None) -> tuple[Place, ...]:
    """The places gazetteer (cities and settlements)."""
    return tuple(read_models(Path(path) if path else packaged("places.jsonl"), Place))
