"""Property-based tests (hypothesis): for any text, extraction never raises, every span indexes
the text, every record validates alone and within its document, and extraction is deterministic
(issue 6, item 5). Examples are bounded so the whole file runs in well under a minute."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caspianie.batch.extract import extract_text
from caspianie.batch.reading import iter_articles
from caspianie.contract.records import dump_record, parse_record
from caspianie.contract.refcheck import document_problems

# Pieces that trigger the rules (names, titles, dates, triggers, agreements, projects),
# mixed with arbitrary text, line breaks and other scripts.
PIECES = [
    "Kazakh President Kassym-Jomart Tokayev", "Ilham Aliyev", "visited", "met", "signed", "a memorandum",
    "on cooperation", "the Middle Corridor", "Baku–Tbilisi–Ceyhan pipeline", "SOCAR", "in Baku", "Astana",
    "on 12 March 2024", "last October", "the following month", "on Friday", "100M", "may", "to", "2024-2026",
    "BAKU, 12 March 2024 —", "Year: 2018", "Date: 2024-13-45", "References", "1. Aliyev I. // P. 23.",
    "Ильхам Алиев", "Əliyev", "Mr.", "Dr.", "e.g.", "(TITR)", "[8].", ".", ",", ";", "—", "\n", "\r\n", "\r",
    "\n\n", "\t", " ", "\u00a0", "\ufeff", "\u200b", "🇦🇿",
]
SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
)
references = st.one_of(st.none(), st.sampled_from(["2024-03-12", "2018", "2024-02"]))


def spans(record):
    found = list(getattr(record, "mentions", []) or [])
    evidence = getattr(record, "evidence", None)
    return found + ([evidence] if evidence is not None else [])


@SETTINGS
@given(text=texts, reference=references)
def test_extraction_is_total_exact_valid_and_deterministic(nlp, text: str, reference: str | None) -> None:
    records = extract_text(nlp, text, doc_id="p", reference=reference)
    assert records[0].type == "document" and records[0].n_chars == len(text)
    for record in records:
        for mention in spans(record):
            assert text[mention.start:mention.end] == mention.text
        assert parse_record(json.loads(dump_record(record))) == record
    assert document_problems(records, text) == []
    again = extract_text(nlp, text, doc_id="p", reference=reference)
    assert [dump_record(r) for r in again] == [dump_record(r) for r in records]


@settings(max_examples=80, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl"]))
def test_reading_any_bytes_yields_articles_or_errors_never_raises(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"input{suffix}"
    path.write_bytes(data)
    items = list(iter_articles([path]))
    for item in items:
        if hasattr(item, "message"):
            assert item.message.startswith(str(path))
        else:
            assert isinstance(item.text, str)
    if suffix == ".txt":
        assert len(items) == 1
