"""Check a pipeline's wiring once, when it is assembled, instead of losing data silently.

Two checks, both raising ``CaspianieError`` with the component and layer to fix:

- order: every attribute a caspianie component ``requires`` (``doc._.titles``...) is
  ``assigned`` by a component before it (spaCy's ``nlp.analyze_pipes``);
- names: the span group a layer's writer fills is the one its readers look in (all
  take their names from ``[layers]`` in ``pipeline.cfg``, unless a config overrides one).
"""

from __future__ import annotations

from spacy.language import Language

from caspianie.errors import CaspianieError
from caspianie.pipeline.layers import LAYERS

PREFIX = "caspianie_"
_LAYER_OF_ATTR = {layer.attr: layer for layer in LAYERS}
_LAYER_OF_WRITER = {layer.writer: layer for layer in LAYERS}


def check_pipeline(nlp: Language) -> None:
    """Raise ``CaspianieError`` when a caspianie component would run without its inputs."""
    _check_order(nlp)
    _check_names(nlp)


def _check_order(nlp: Language) -> None:
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    for name in nlp.pipe_names:
        for attr in problems.get(name, []) if name.startswith(PREFIX) else []:
            later = [other for other in nlp.pipe_names[nlp.pipe_names.index(name) + 1:]
                     if attr in nlp.get_pipe_meta(other).assigns]
            layer = _LAYER_OF_ATTR.get(attr)
            what = f"{attr} (the {layer.role} layer)" if layer else attr
            if later:
                fix = f"{later[0]} writes it but runs after it; move {later[0]} before {name}"
            else:
                writer = layer.writer if layer else "a component that assigns it"
                fix = f"add {writer} before {name}"
            raise CaspianieError(f"pipeline: {name} reads {what}, which no component before it writes: {fix}")


def _check_names(nlp: Language) -> None:
    written: dict[str, tuple[str, str]] = {}  # role -> (span-group name, writer)
    for name, pipe in nlp.pipeline:
        layer = _LAYER_OF_WRITER.get(nlp.get_pipe_meta(name).factory)
        if layer is not None and hasattr(pipe, "spans_key"):
            written[layer.role] = (pipe.spans_key, name)
    for name, pipe in nlp.pipeline:
        configured = getattr(pipe, "layers", None) if name.startswith(PREFIX) else None
        for role, (group, writer) in written.items() if isinstance(configured, dict) else ():
            if configured[role] != group:
                raise CaspianieError(
                    f"pipeline: {name} looks for the {role} layer in '{configured[role]}' but {writer} writes it "
                    f"to '{group}'; name each layer once, in the [layers] section of the config"
                )
