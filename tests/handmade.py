"""Hand-made ``Doc``s for testing one component alone: the test sets the layers it requires."""

from __future__ import annotations

from typing import Any, Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from caspianie.contract.records import Date
from caspianie.pipeline.extensions import remember_text
from caspianie.pipeline.layers import Layer


def handmade(nlp: Language, text: str, layers: dict[Layer, Iterable[tuple[str, str, Any]]],
             reference: Optional[str] = "2024-03-12") -> Doc:
    """A tokenized ``Doc`` of ``text``: one sentence per line, and each layer's spans given as
    (surface text, label, id or typed value); a surface found more than once takes the first
    occurrence after the previous span of its layer."""
    doc = nlp.make_doc(text)
    remember_text(doc, text)
    doc._.doc_id = "handmade"
    doc._.reference_date = Date(text=reference, value=reference, granularity="day") if reference else None
    line_starts = {0} | {i + 1 for i, ch in enumerate(text) if ch == "\n"}
    for token in doc:
        token.is_sent_start = token.idx in line_starts or token.i == 0
    for layer, items in layers.items():
        spans, after = [], 0
        for surface, label, value in items:
            start = text.index(surface, after)
            after = start + len(surface)
            chars = doc.char_span(start, after)
            assert chars is not None, f"{surface!r} is not a run of whole tokens"
            if layer.value is None:
                spans.append(Span(doc, chars.start, chars.end, label=label, span_id=value))
            else:
                spans.append(layer.span(doc, chars.start, chars.end, label, value))
        layer.write(doc, spans)
    return doc


def run(nlp: Language, component: str, doc: Doc) -> Doc:
    """Run one component of ``nlp`` on ``doc`` (no other component runs)."""
    return nlp.get_pipe(component)(doc)
