"""Articles as ``Doc`` objects ready for the pipeline: tokenized, with id, source and reference date."""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from caspianie.errors import CaspianieError, Errors
from caspianie.pipeline.extensions import remember_source, remember_text
from caspianie.pipeline.linewrap import unwrap
from caspianie.pipeline.timex.datelines import parse_explicit_date
from caspianie.pipeline.tokenize import tokenize
from caspianie.contract.article import Article


def reference_date(value: Optional[str]):
    """A user- or metadata-given ISO reference date as a ``Date`` (None stays None)."""
    if value is None:
        return None
    parsed = parse_explicit_date(value)
    if parsed is None or parsed.value is None:
        raise CaspianieError(Errors.E009.format(value=value))
    return parsed


def make_doc(nlp: Language, article: Article, override: Optional[str]) -> Doc:
    """A tokenized ``Doc`` carrying the article's id, source and reference date."""
    if len(article.text) > nlp.max_length:
        raise CaspianieError(Errors.E191.format(doc_id=article.doc_id, length=len(article.text), limit=nlp.max_length))
    text = unwrap(article.text)  # same length: a hard-wrapped page is read as prose, quoted as it is
    doc = tokenize(nlp, text)
    remember_text(doc, text)
    if text != article.text:
        remember_source(doc, article.text)
    doc._.doc_id = article.doc_id
    doc._.source = article.source
    doc._.reference_date = reference_date(override or article.date)
    return doc
