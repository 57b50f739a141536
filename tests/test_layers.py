"""Layer wiring: names from the config, declared requires/assigns, checked order."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
import spacy
from thinc.api import Config

from caspianie.batch.extract import extract_docs, make_doc
from caspianie.batch.reading import Article, iter_articles
from caspianie.errors import CaspianieError
from caspianie.pipeline import default_config
from caspianie.pipeline.check import check_pipeline
from caspianie.pipeline.layers import LAYERS, ROLES

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _raw_config() -> Config:
    """The packaged config before ``${layers...}`` references are filled in."""
    return Config().from_str((files("caspianie.pipeline") / "pipeline.cfg").read_text(encoding="utf-8"), interpolate=False)


def _pipeline(config):
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    check_pipeline(nlp)
    return nlp


def _records(nlp, articles):
    docs = [make_doc(nlp, article, None) for article in articles]
    return [[r.model_dump(mode="json") for r in records] for _, records in extract_docs(nlp, docs)]


def test_renaming_every_layer_in_the_config_keeps_every_record(nlp) -> None:
    articles = [a for a in iter_articles([CORPUS]) if isinstance(a, Article)]
    assert len(articles) > 30
    config = _raw_config()
    for role in ROLES:
        config["layers"][role] = f"renamed_{role}"
    renamed = _pipeline(config.interpolate())
    doc = next(renamed.pipe([make_doc(renamed, articles[0], None)]))
    assert {f"renamed_{r}" for r in ROLES} <= set(doc.spans) and not any(k.startswith("caspianie_") for k in doc.spans)
    assert _records(renamed, articles) == _records(nlp, articles)


def test_analyze_pipes_lists_requires_and_assigns_of_every_component(nlp) -> None:
    analysis = nlp.analyze_pipes(pretty=False)
    summary = analysis["summary"]
    assert all(summary[name]["assigns"] for name in nlp.pipe_names)
    assert all(summary[name]["requires"] for name in nlp.pipe_names if name != "caspianie_metadata")
    assert not any(analysis["problems"].values())
    written = {attr for name in nlp.pipe_names for attr in summary[name]["assigns"]}
    assert {layer.attr for layer in LAYERS} <= written
    assert summary["caspianie_actors"]["requires"][:3] == ["doc._.entities", "doc._.titles", "doc._.dates"]


@pytest.mark.parametrize("change, message", [
    (lambda names: names.remove("caspianie_title_ruler"),
     "caspianie_actors reads doc._.titles (the titles layer), which no component before it writes: "
     "add caspianie_title_ruler before caspianie_actors"),
    (lambda names: names.append(names.pop(names.index("caspianie_dates"))),
     "caspianie_actors reads doc._.dates (the dates layer), which no component before it writes: "
     "caspianie_dates writes it but runs after it; move caspianie_dates before caspianie_actors"),
    (lambda names: names.remove("caspianie_agreements"),
     "caspianie_events reads doc._.agreements (the agreements layer), which no component before it writes: "
     "add caspianie_agreements before caspianie_events"),
])
def test_a_missing_or_misordered_component_is_a_clear_error(change, message) -> None:
    config = default_config()
    names = list(config["nlp"]["pipeline"])
    change(names)
    config["nlp"]["pipeline"] = names
    with pytest.raises(CaspianieError) as err:
        _pipeline(config)
    assert str(err.value) == f"pipeline: {message}"


def test_a_layer_renamed_in_one_slot_only_is_a_clear_error() -> None:
    config = default_config().interpolate()
    config["components"]["caspianie_dates"]["spans_key"] = "my_dates"
    with pytest.raises(CaspianieError, match="caspianie_actors looks for the dates layer in 'caspianie_dates' "
                                             "but caspianie_dates writes it to 'my_dates'"):
        _pipeline(config)


def test_an_unknown_layer_in_the_config_is_a_clear_error() -> None:
    config = _raw_config()
    config["layers"]["actor"] = "x"
    with pytest.raises(CaspianieError, match=r"\[layers\] has no layer 'actor'"):
        _pipeline(config.interpolate())


def test_info_of_reads_the_value_span_underscore_info_reads_and_keeps_layers_apart(nlp) -> None:
    from caspianie.pipeline.layers import ACTORS, PROJECTS, ActorInfo, ProjectInfo, info_of

    doc = nlp.make_doc("TITR was signed.")
    actor = ACTORS.span(doc, 0, 1, "ORG", ActorInfo("titr-org", "organization", "test", "TITR"))
    project = PROJECTS.span(doc, 0, 1, "PROJECT", ProjectInfo("titr", "corridor", "test", "TITR"))
    assert info_of(actor) is actor._.info and info_of(actor).key == "titr-org"
    assert info_of(project) is project._.info and project._.key == "titr"
    assert info_of(doc[1:2]) is None and doc[1:2]._.key is None
