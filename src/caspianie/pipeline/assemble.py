"""Assemble the caspianie pipeline from its packaged spaCy config.

``create_pipeline()`` builds the default pipeline (blank English, nothing to
download). ``create_pipeline(model="en_core_web_sm")`` stacks the same rule
components on an installed trained pipeline, after its own components; its
sentence boundaries are kept when it has a parser or senter (the rules read no
tags, dependencies or entities, so sentences are what a model changes).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Optional

import spacy
from spacy.language import Language
from thinc.api import Config

from caspianie.pipeline import actors, agreements, events, metadata, projects, ruler, sentences  # noqa: F401  (factories)
from caspianie.pipeline.timex import recognizer  # noqa: F401  (the date factory)
from caspianie.errors import CaspianieError
from caspianie.pipeline.check import check_pipeline
from caspianie.pipeline.sentences import customize_tokenizer

SENTENCE_COMPONENTS = ("parser", "senter", "sentencizer")
# spaCy's default (1,000,000 characters) guards neural components' memory; this pipeline is
# rules over tokens with sentences capped in length, so longer articles are safe to process.
DEFAULT_MAX_LENGTH = 5_000_000


def default_config() -> Config:
    """The packaged pipeline config (``caspianie/pipeline.cfg``)."""
    return Config().from_str((files("caspianie.pipeline") / "pipeline.cfg").read_text(encoding="utf-8"))


def create_pipeline(model: Optional[str] = None, max_length: Optional[int] = None) -> Language:
    """The extraction pipeline; with ``model``, the rules are added to that trained pipeline.

    ``max_length`` is the longest text (in characters) it accepts; longer articles fail
    alone with a message naming the limit (default ``DEFAULT_MAX_LENGTH``).
    """
    nlp = _assemble(model)
    check_pipeline(nlp)
    nlp.max_length = max_length or max(nlp.max_length, DEFAULT_MAX_LENGTH)
    return nlp


def _assemble(model: Optional[str]) -> Language:
    config = default_config()
    if model is None:
        return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise CaspianieError(
            f"cannot load spaCy model '{model}' ({err}). Install it (python -m spacy download {model}) "
            "or leave out --model to use the blank English pipeline."
        ) from None
    customize_tokenizer(nlp)
    has_sentences = any(name in nlp.pipe_names for name in SENTENCE_COMPONENTS)
    for name in config["nlp"]["pipeline"]:
        if name == "caspianie_sentences" and has_sentences:
            continue
        settings = dict(config["components"][name])
        factory = settings.pop("factory")
        nlp.add_pipe(factory, name=name, config=settings, last=True)
    return nlp


@lru_cache(maxsize=4)
def shared_pipeline(model: Optional[str] = None) -> Language:
    """One pipeline per model per process (loading the gazetteers takes a moment)."""
    return create_pipeline(model)
