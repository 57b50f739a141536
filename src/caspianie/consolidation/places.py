"""What consolidation knows about places and codes, read from the packaged data files.

Only JSON data is read here (``patterns/places.jsonl``,
``patterns/gazetteer/countries.jsonl``, ``patterns/plover.jsonl``) through the
contract's JSONL reader, so the wing needs no spaCy.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Optional

from caspianie.contract.records import json_lines
from caspianie.normalize import normalize_name


def data_file(name: str) -> Path:
    """A packaged data file under ``patterns/``."""
    return Path(str(files("caspianie") / "patterns" / name))


@lru_cache(maxsize=None)
def place_countries() -> dict[str, str]:
    """Normalized place name or alias -> the key of its country; a country's own names map to itself."""
    found: dict[str, str] = {}
    for _line, row in json_lines(data_file("gazetteer/countries.jsonl")):
        for name in [row["name"], *row.get("aliases", [])]:
            found.setdefault(normalize_name(name), row["key"])
    for _line, row in json_lines(data_file("places.jsonl")):
        if row.get("country"):
            for name in [row["name"], *row.get("aliases", [])]:
                found.setdefault(normalize_name(name), row["country"])
    return found


@lru_cache(maxsize=None)
def country_names() -> frozenset[str]:
    """Normalized names of countries (a location that is a whole country)."""
    names = set()
    for _line, row in json_lines(data_file("gazetteer/countries.jsonl")):
        names.update(normalize_name(n) for n in [row["name"], *row.get("aliases", [])])
    return frozenset(names)


def locations_agree(a: Optional[str], b: Optional[str]) -> Optional[bool]:
    """True for the same place, None when one is unknown or contains the other (a country
    and a city in it), False for two different places."""
    if not a or not b:
        return None
    if a == b:
        return True
    countries, states = place_countries(), country_names()
    if (a in states or b in states) and countries.get(a) and countries.get(a) == countries.get(b):
        return None
    return False


@lru_cache(maxsize=None)
def plover_codes() -> dict[str, dict[str, Any]]:
    """``patterns/plover.jsonl``: per event type its PLOVER category, modes and quad code,
    and per country key its ISO 3166 alpha-3 code (rows ``{"country": key, "iso3": ...}``)."""
    codes: dict[str, dict[str, Any]] = {"event": {}, "country": {}}
    for _line, row in json_lines(data_file("plover.jsonl")):
        if "event_type" in row:
            codes["event"][row["event_type"]] = row
        else:
            codes["country"][row["country"]] = row["iso3"]
    return codes
