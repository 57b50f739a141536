"""The document record built for every article."""

from __future__ import annotations

import hashlib

from caspianie import __version__
from caspianie.batch.extract import extract_text

TEXT = "BAKU, 12 March 2024 — Ilham Aliyev received Murat Nurtleu. They discussed the Middle Corridor."


def test_document_record_describes_the_text(nlp) -> None:
    document = extract_text(nlp, TEXT, doc_id="d")[0]
    assert (document.type, document.doc_id, document.n_chars) == ("document", "d", len(TEXT))
    assert document.sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert document.reference_date.value == "2024-03-12"
    assert document.n_sentences == 3  # the dateline is a sentence of its own
    assert (document.pipeline.name, document.pipeline.version) == ("caspianie", __version__)


def test_whitespace_only_text_has_no_sentences_and_no_other_records(nlp) -> None:
    records = extract_text(nlp, "  \n\n \t ", doc_id="blank")
    assert [r.type for r in records] == ["document"]
    assert records[0].n_sentences == 0


def test_an_actor_and_a_project_over_the_same_text_keep_their_own_data(nlp) -> None:
    # Found by the hypothesis property test: spaCy keys span extension values by offsets,
    # so the abbreviation "TITR" as both an actor mention and a project mention collided.
    records = extract_text(nlp, "PRESIDENT Aa Aa( TITR).", doc_id="t")  # a full stop: no title-case headline
    assert [(r.type, getattr(r, "key", None)) for r in records] == [
        ("document", None), ("actor", "aa-aa"), ("project", "trans-caspian-international-transport-route")]
