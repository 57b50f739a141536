"""Shared fixtures: one pipeline per test session and a record checker."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from caspianie.batch.extract import extract_text
from caspianie.pipeline import create_pipeline

# The run's phrase cache (pipeline/phrasecache.py) goes to a folder of its own, not the
# user's ~/.cache; commands the tests start inherit it. The first pipeline built fills it.
_PHRASE_CACHE = tempfile.mkdtemp(prefix="caspianie-test-cache-")
os.environ["CASPIANIE_CACHE_DIR"] = _PHRASE_CACHE
atexit.register(shutil.rmtree, _PHRASE_CACHE, True)


@pytest.fixture(scope="session")
def nlp():
    return create_pipeline()


def checked_records(nlp, text, reference="2024-03-12"):
    """Extract ``text`` and check what must hold for every record: offsets and provenance."""
    records = extract_text(nlp, text, doc_id="t", reference=reference)
    assert records[0].type == "document"
    for r in records[1:]:
        for m in getattr(r, "mentions", []):
            assert text[m.start:m.end] == m.text
        if r.type in ("actor", "project", "agreement"):
            assert r.model_extra["rules"]
        if r.type == "event":
            assert r.model_extra["rule"] and {"cameo", "plover"} <= set(r.model_extra)
            assert text[r.evidence.start:r.evidence.end] == r.evidence.text
    return records


def of_type(records, type_):
    """The records of one type, in order."""
    return [r for r in records if r.type == type_]


def events(records):
    """The event records, in order."""
    return of_type(records, "event")


def inject_false_positive(path: Path, text: str, doc_id: str) -> None:
    """Append to a record file an actor that no gold has ("Zagulba residence"), so views
    must show a false positive whatever the extractor does."""
    start = text.index("Zagulba residence")
    record = {"type": "actor", "doc_id": doc_id, "key": "zagulba-residence", "name": "Zagulba residence",
              "kind": "organization", "country": None, "aliases": [], "roles": [],
              "mentions": [{"text": "Zagulba residence", "start": start, "end": start + len("Zagulba residence")}]}
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
