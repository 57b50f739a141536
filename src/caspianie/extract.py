"""Batch extraction: articles in, one validated JSONL record file per document out.

Data flows one way: ``reading`` yields articles, the pipeline annotates a
``Doc`` per article (through ``nlp.pipe``), ``build`` turns each ``Doc`` into
records, and each document's records are written to ``<out>/<doc_id>.jsonl``
through a temporary file and an atomic rename, so an interrupted run never
leaves a truncated file. Articles that cannot be read or processed are
reported in ``<out>/errors.jsonl`` and the run goes on.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from .build import build_records
from .errors import CaspianieError, Errors
from .metadata import parse_explicit_date
from .reading import Article, ArticleError, iter_articles
from .records import Record, dump_record

ERRORS_FILE = "errors.jsonl"


@dataclass
class Summary:
    """What a run did: documents written, records by type, failures, seconds."""

    documents: int = 0
    failed: int = 0
    records: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def describe(self) -> str:
        by_type = ", ".join(f"{n} {t}" for t, n in sorted(self.records.items()))
        return (f"{self.documents} documents, {sum(self.records.values())} records ({by_type}), "
                f"{self.failed} failed, {self.seconds:.1f}s")


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
    doc = nlp.make_doc(article.text)
    doc._.doc_id = article.doc_id
    doc._.source = article.source
    doc._.reference_date = reference_date(override or article.date)
    return doc


def extract_docs(nlp: Language, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[tuple[Doc, list[Record]]]:
    """Run the pipeline over prepared docs and build each one's records."""
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield doc, build_records(doc)


def extract_text(nlp: Language, text: str, doc_id: str = "text", reference: Optional[str] = None) -> list[Record]:
    """The records of one text, for use from Python."""
    doc = make_doc(nlp, Article(doc_id=doc_id, text=text, source="<text>", date=None), reference)
    return next(extract_docs(nlp, [doc]))[1]


def write_atomic(path: Path, lines: Iterable[str]) -> None:
    """Write lines to ``path`` via a temporary file in the same directory and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line + "\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def extract_paths(
    nlp: Language,
    paths: Iterable[Union[str, Path]],
    out_dir: Union[str, Path],
    reference: Optional[str] = None,
    batch_size: int = 16,
    on_document: Optional[Callable[[str], None]] = None,
) -> Summary:
    """Extract every article under ``paths`` into ``out_dir``; return the run's summary."""
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    problems: list[str] = []

    def docs() -> Iterator[Doc]:
        for item in iter_articles(paths):
            if isinstance(item, ArticleError):
                summary.failed += 1
                problems.append(json.dumps(item.__dict__, ensure_ascii=False))
                continue
            yield make_doc(nlp, item, reference)

    for doc, records in extract_docs(nlp, docs(), batch_size):
        write_atomic(out / f"{doc._.doc_id}.jsonl", (dump_record(r) for r in records))
        summary.documents += 1
        summary.records.update(r.type for r in records)
        if on_document is not None:
            on_document(doc._.doc_id)
    errors_path = out / ERRORS_FILE
    if problems:
        write_atomic(errors_path, problems)
    elif errors_path.exists():
        errors_path.unlink()
    summary.seconds = time.perf_counter() - started
    return summary
