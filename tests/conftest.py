"""Shared fixtures: one pipeline per test session and a record checker."""

from __future__ import annotations

import pytest

from caspianie.extract import extract_text
from caspianie.pipeline import create_pipeline


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
