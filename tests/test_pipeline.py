"""Pipeline assembly: the packaged config, entry points, and stacking on another pipeline."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy

from caspianie.errors import CaspianieError
from caspianie.batch.extract import extract_text
from caspianie.pipeline import create_pipeline, default_config

SENTENCE = "Kazakh President Kassym-Jomart Tokayev paid a state visit to Baku on 12 March 2024."


def test_default_pipeline_follows_the_packaged_config(nlp) -> None:
    assert nlp.pipe_names == list(default_config()["nlp"]["pipeline"])
    assert nlp.pipe_names[0] == "caspianie_metadata"
    assert nlp.pipe_names[-1] == "caspianie_events"


def test_every_factory_is_registered_as_a_spacy_entry_point(nlp) -> None:
    registered = {ep.name for ep in entry_points(group="spacy_factories")}
    factories = {nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    assert factories <= registered


def test_rules_stack_on_a_saved_pipeline_and_keep_its_sentences(tmp_path: Path, nlp) -> None:
    base = spacy.blank("en")
    base.add_pipe("sentencizer")
    base.to_disk(tmp_path / "base")
    stacked = create_pipeline(model=str(tmp_path / "base"))
    assert stacked.pipe_names[:2] == ["sentencizer", "caspianie_metadata"]
    assert "caspianie_sentences" not in stacked.pipe_names
    visit = [r for r in extract_text(stacked, SENTENCE, reference="2024-03-12") if r.type == "event"]
    expected = [r for r in extract_text(nlp, SENTENCE, reference="2024-03-12") if r.type == "event"]
    assert [(e.event_type, e.date.value, e.location, e.participants) for e in visit] == [
        (e.event_type, e.date.value, e.location, e.participants) for e in expected
    ] == [("visit", "2024-03-12", "Baku", ["kassym-jomart-tokayev"])]


def test_unknown_model_is_a_usage_error_that_says_what_to_do() -> None:
    with pytest.raises(CaspianieError, match="no_such_model.*leave out --model"):
        create_pipeline(model="no_such_model")
