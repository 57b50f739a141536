"""Batch extraction: articles in, one validated JSONL record file per document out.

Data flows one way and one article at a time: ``reading`` streams articles,
unchanged ones (same text, same pipeline, per the output directory's manifest)
are skipped, the rest go in chunks through ``nlp.pipe`` (here, in a process
pool with ``jobs > 1``, or on a Dask cluster), ``build`` turns each ``Doc`` into
records and each document's records are written to ``<out>/<doc_id>.jsonl``
through a temporary file and an atomic rename. Nothing but the ids of the
documents seen is kept across chunks, so memory stays flat.

A document that cannot be read, prepared, annotated, built or written goes to
``<out>/errors.jsonl`` (``doc_id``, ``source``, ``line``, ``stage``, ``message``)
and the run goes on. Records of documents that are not among the run's inputs
stay unless ``prune`` is set. One run at a time writes to a folder
(``outlock``). SIGINT and SIGTERM stop the run (with ``jobs > 1`` the workers
are stopped mid-document); the next run resumes. See docs/batch.md.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from caspianie.pipeline.build import build_records
from caspianie.pipeline.docprep import make_doc, reference_date
from caspianie.errors import CaspianieError, Errors
from caspianie.normalize import counted
from caspianie.batch.manifest import Manifest, pipeline_id
from caspianie.batch.outlock import output_lock, remove_dead_runs_temporaries, remove_own_temporaries, temporary_prefix
from caspianie.batch.parallel import (Extracted, Failed, Item, Outcome, chunked, extract_items, ordered_results, process_chunk,
                       process_pool)
from caspianie.batch.reading import Article, iter_articles, require_articles
from caspianie.contract.records import Record, text_sha256

__all__ = ["ERRORS_FILE", "Summary", "extract_docs", "extract_paths", "extract_text", "make_doc",
           "reference_date", "write_atomic"]

ERRORS_FILE = "errors.jsonl"
_FORBIDDEN_IN_NAMES = ("/", "\\", "\0")


@dataclass
class Summary:
    """What a run did: documents written, skipped as unchanged (``refreshed``: of which the
    ``source`` was rewritten), removed, kept though not among the inputs, failed; records by
    type; seconds."""

    documents: int = 0
    skipped: int = 0
    refreshed: int = 0
    removed: int = 0
    kept: int = 0
    failed: int = 0
    records: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    warnings: dict[str, list[str]] = field(default_factory=dict)
    """Warning -> ids of the documents written with it (see ``build.document_warnings``)."""

    def describe(self) -> str:
        by_type = ", ".join(f"{n} {t}" for t, n in sorted(self.records.items()))
        warned = "".join(f", {counted(len(ids), 'document')} with {warning}"
                         for warning, ids in sorted(self.warnings.items()))
        refreshed = f" ({self.refreshed} with a new source)" if self.refreshed else ""
        kept = f", {self.kept} not in this input kept (--prune removes them)" if self.kept else ""
        return (f"{counted(self.documents, 'document')}, {counted(sum(self.records.values()), 'record')} "
                f"({by_type}), {self.skipped} unchanged{refreshed}, {self.removed} removed{kept}, "
                f"{self.failed} failed{warned}, "
                f"{self.seconds:.1f}s")


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
    fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path.name), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line + "\n")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; record files are for everyone to read
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def output_name(doc_id: str) -> str:
    """The record file name of a document; ``ValueError`` saying how to fix an id that cannot be one."""
    if any(c in doc_id for c in _FORBIDDEN_IN_NAMES) or doc_id.startswith(".") or doc_id == "errors":
        raise ValueError(f"article id '{doc_id}' cannot be a file name (no '/', '\\', leading '.' or "
                         "'errors'); give the article another id")
    return f"{doc_id}.jsonl"


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Within the block SIGTERM raises ``KeyboardInterrupt`` like Ctrl-C (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt("terminated")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _ErrorLog:
    """``errors.jsonl`` written line by line to a temporary file, renamed into place when the run stops."""

    def __init__(self, out: Path) -> None:
        self.path = out / ERRORS_FILE
        self.count = 0
        self._handle: Optional[IO[str]] = None

    def __enter__(self) -> "_ErrorLog":
        self._handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent,
                                                   prefix=temporary_prefix(ERRORS_FILE), suffix=".tmp",
                                                   delete=False)
        return self

    def write(self, failed: Failed) -> None:
        assert self._handle is not None
        self._handle.write(failed.to_json() + "\n")
        self._handle.flush()
        self.count += 1

    def __exit__(self, *exc: object) -> None:
        assert self._handle is not None
        self._handle.close()
        if self.count:
            os.replace(self._handle.name, self.path)
        else:
            os.unlink(self._handle.name)
            self.path.unlink(missing_ok=True)


class _Run:
    """The state of one run over an output directory: manifest, error log, ids seen, summary."""

    def __init__(self, out: Path, manifest: Manifest, errors: _ErrorLog,
                 on_document: Optional[Callable[[str], None]], notify: Callable[[str], None]) -> None:
        self.out, self.manifest, self.errors = out, manifest, errors
        self.on_document, self.notify = on_document, notify
        self.summary = Summary()
        self.seen: set[str] = set()
        self.done: set[str] = set()

    def pending(self, items: Iterable[Item], force: bool) -> Iterator[Item]:
        """The items that need extraction; unchanged documents are counted and skipped."""
        for item in items:
            if item.doc_id is not None:
                self.seen.add(item.doc_id)
            if (isinstance(item, Article) and not force
                    and self.manifest.is_fresh(item.doc_id, text_sha256(item.text), self.out)):
                self.summary.skipped += 1
                self.done.add(item.doc_id)
                self._refresh_source(item)
                self._progress(item.doc_id)
                continue
            yield item

    def _refresh_source(self, item: Article) -> None:
        """Rewrite the ``source`` of an unchanged document read from another path (its records
        stay as they are: same text, same pipeline)."""
        entry = self.manifest.entries[item.doc_id]
        if entry.source == item.source:
            return
        path = self.out / entry.file
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            document = json.loads(lines[0]) if lines else {}
        except (OSError, ValueError):
            return  # not a file this run can read: left as it is
        if isinstance(document, dict) and document.get("type") == "document" and document.get("source") != item.source:
            document["source"] = item.source
            self._write_file(path, [json.dumps(document, ensure_ascii=False), *lines[1:]])
            self.summary.refreshed += 1
        self.manifest.add(item.doc_id, entry.sha256, entry.file, item.source)

    def store(self, outcome: Outcome) -> None:
        """Write an extracted document (file, then manifest line) or log a failed one."""
        if isinstance(outcome, Extracted):
            try:
                name = output_name(outcome.doc_id)
            except ValueError as err:
                outcome = Failed(outcome.doc_id, outcome.source, None, "write", str(err))
            else:
                self._write(outcome, name)
                return
        self.errors.write(outcome)
        self.summary.failed += 1
        if outcome.doc_id is not None and outcome.doc_id not in self.done:
            self._remove(outcome.doc_id)  # its old records no longer match its text
        self._progress(outcome.doc_id)

    @staticmethod
    def _write_file(path: Path, lines: list[str]) -> None:
        try:
            write_atomic(path, lines)
        except OSError as err:
            raise CaspianieError(f"{path}: cannot write ({err.strerror}). Free space or fix permissions and "
                                 "run again: documents already written are kept.") from None

    def _write(self, extracted: Extracted, name: str) -> None:
        self._write_file(self.out / name, extracted.lines)
        self.manifest.add(extracted.doc_id, extracted.sha256, name, extracted.source)
        self.done.add(extracted.doc_id)
        self.summary.documents += 1
        self.summary.records.update(extracted.counts)
        for warning in extracted.warnings:
            self.summary.warnings.setdefault(warning, []).append(extracted.doc_id)
        self._progress(extracted.doc_id)

    def _remove(self, doc_id: str) -> None:
        entry = self.manifest.forget(doc_id)
        if entry is not None:
            (self.out / entry.file).unlink(missing_ok=True)
            self.summary.removed += 1

    def absent(self, prune: bool) -> None:
        """Count the documents the manifest has but this run's input does not; with ``prune``
        name each one, then remove its records."""
        missing = [d for d in self.manifest.entries if d not in self.seen]
        if not prune:
            self.summary.kept = len(missing)
            return
        for doc_id in missing:
            self.notify(f"removing {self.out / self.manifest.entries[doc_id].file} "
                        f"(document '{doc_id}' is not among this run's inputs)")
        for doc_id in missing:
            self._remove(doc_id)

    def _progress(self, doc_id: Optional[str]) -> None:
        if self.on_document is not None:
            self.on_document(doc_id or "")


def _outcomes(nlp: Language, chunks: Iterable[list[Item]], jobs: int, dask: Optional[str],
              reference: Optional[str], model: Optional[str], batch_size: int) -> Iterator[list[Outcome]]:
    """Outcomes of each chunk, in order: here, in a pool of ``jobs`` processes or on Dask."""
    if dask is not None:
        from caspianie.batch.distributed import dask_outcomes

        yield from dask_outcomes(dask, chunks, reference, model, batch_size)
    elif jobs > 1:
        with process_pool(nlp, jobs) as pool:
            submit = lambda chunk: pool.submit(process_chunk, chunk, reference, model, batch_size)  # noqa: E731
            yield from ordered_results(submit, chunks, window=2 * jobs)
    else:
        for chunk in chunks:
            yield extract_items(nlp, chunk, reference, batch_size)


def extract_paths(
    nlp: Language,
    paths: Iterable[Union[str, Path]],
    out_dir: Union[str, Path],
    reference: Optional[str] = None,
    batch_size: int = 16,
    on_document: Optional[Callable[[str], None]] = None,
    jobs: int = 1,
    force: bool = False,
    dask: Optional[str] = None,
    model: Optional[str] = None,
    encoding: str = "utf-8",
    errors: str = "strict",
    prune: bool = False,
    notify: Optional[Callable[[str], None]] = None,
) -> Summary:
    """Extract every article under ``paths`` into ``out_dir``; return the run's summary.

    ``jobs`` > 1 runs ``jobs`` worker processes; ``dask`` (``local[:N]`` or a scheduler
    address) runs on a Dask cluster whose workers load ``create_pipeline(model)``.
    ``force`` re-extracts documents the manifest says are unchanged. ``encoding`` and
    ``errors`` say how article bytes are decoded (see ``reading.iter_articles``).
    ``prune`` removes the records of documents that are not among the inputs (kept and
    counted otherwise). ``notify`` hears what the run says besides its summary (the
    files it prunes, a stale lock it takes over); default: standard error.
    """
    notify = notify or _to_stderr
    started = time.perf_counter()
    if jobs < 1 or batch_size < 1:
        raise CaspianieError(f"--jobs ({jobs}) and --batch-size ({batch_size}) must be at least 1.")
    reference_date(reference)  # a bad --reference-date is a usage error, before any work
    if dask is not None:
        from caspianie.batch.distributed import parse_target

        parse_target(dask)
    paths = list(paths)
    require_articles(paths)  # a bad path or no article is a usage error, before any work or output folder
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CaspianieError(Errors.E190.format(path=out, reason=err.strerror or err)) from None
    pipeline = pipeline_id(model, reference, extra=",".join(nlp.pipe_names))
    items = iter_articles(paths, encoding, errors)
    with _sigterm_interrupts(), output_lock(out, notify):
        remove_dead_runs_temporaries(out)
        try:
            with Manifest(out, pipeline) as manifest, _ErrorLog(out) as errors:
                run = _Run(out, manifest, errors, on_document, notify)
                chunks = chunked(run.pending(items, force), batch_size)
                for outcomes in _outcomes(nlp, chunks, jobs, dask, reference, model, batch_size):
                    for outcome in outcomes:
                        run.store(outcome)
                run.absent(prune)
                manifest.compact()
        except KeyboardInterrupt:
            remove_own_temporaries(out)  # a write the interrupt cut short leaves no stray file
            raise
    run.summary.seconds = time.perf_counter() - started
    return run.summary
