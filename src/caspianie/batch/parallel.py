"""Extraction of chunks of articles, in this process, in a process pool or on Dask workers.

A chunk is a list of ``Article``/``ArticleError`` items in input order; its
extraction returns one ``Outcome`` per item in the same order: ``Extracted``
(the record lines of a document) or ``Failed`` (why it has none). Only text
crosses process boundaries, never a ``Doc``. ``ordered_results`` keeps a fixed
number of chunks in flight and yields their outcomes in input order, so output
is identical for any number of workers and memory does not grow with the input.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Iterator, Optional, Protocol, Union

from spacy.language import Language
from spacy.tokens import Doc

from caspianie.pipeline.build import build_records
from caspianie.pipeline.docprep import make_doc
from caspianie.pipeline.assemble import shared_pipeline
from caspianie.batch.reading import Article, ArticleError
from caspianie.contract.records import dump_record, text_sha256

Item = Union[Article, ArticleError]


@dataclass(frozen=True)
class Extracted:
    """A document's record lines (``document`` first) and its record counts by type."""

    doc_id: str
    source: str
    sha256: str
    lines: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Failed:
    """A document without records: where it came from, the stage that failed and what to do."""

    doc_id: Optional[str]
    source: str
    line: Optional[int]
    stage: str
    message: str

    def to_json(self) -> str:
        """The ``errors.jsonl`` line of this failure."""
        return json.dumps(asdict(self), ensure_ascii=False)


Outcome = Union[Extracted, Failed]


class Future(Protocol):
    """What ``ordered_results`` needs of a future (``concurrent.futures`` and Dask futures qualify)."""

    def result(self) -> Any: ...

    def cancel(self) -> Any: ...


def failure(item: Article, stage: str, err: BaseException) -> Failed:
    """A ``Failed`` for an article whose ``stage`` raised ``err``, with the way forward."""
    where = f"{item.source}:{item.line}" if item.line is not None else item.source
    message = (f"{where}: document '{item.doc_id}' failed in {stage} ({type(err).__name__}: {err}). "
               "The run went on without it; report it with this article attached if the text looks fine.")
    return Failed(item.doc_id, item.source, item.line, stage, message)


def _from_error(error: ArticleError) -> Failed:
    return Failed(error.doc_id, error.source, error.line, error.stage, error.message)


@contextmanager
def collected_errors(nlp: Language) -> Iterator[dict[str, tuple[str, BaseException]]]:
    """Within the block, a component error drops its document from ``nlp.pipe`` and is collected.

    Yields ``{doc_id: (component name, exception)}``; the pipeline's handlers are restored after.
    """
    failures: dict[str, tuple[str, BaseException]] = {}

    def handler(name: str, _proc: Any, docs: list[Doc], err: Exception) -> None:
        for doc in docs:
            failures.setdefault(doc._.doc_id, (name, err))

    default = nlp.default_error_handler
    nlp.default_error_handler = handler
    saved = []
    for _, proc in nlp.pipeline:
        if hasattr(proc, "set_error_handler"):
            previous = proc.get_error_handler()
            try:
                proc.set_error_handler(handler)
            except AttributeError:  # spaCy's compiled parser offers the method but cannot keep a handler
                continue
            saved.append((proc, previous))
    try:
        yield failures
    finally:
        nlp.default_error_handler = default
        for proc, previous in saved:
            proc.set_error_handler(previous)


def _records(doc: Doc, item: Article) -> Outcome:
    """The ``Extracted`` outcome of an annotated doc, or ``Failed`` at stage ``build``."""
    try:
        records = build_records(doc)
        lines = [dump_record(r) for r in records]
    except Exception as err:  # noqa: BLE001 - one bad document must not stop the run
        return failure(item, "build", err)
    return Extracted(item.doc_id, item.source, text_sha256(item.text), lines, dict(Counter(r.type for r in records)),
                     list((records[0].model_extra or {}).get("warnings", [])))


def extract_items(nlp: Language, items: list[Item], reference: Optional[str], batch_size: int) -> list[Outcome]:
    """One outcome per item, in order: read errors pass through, each article is extracted alone."""
    outcomes: dict[int, Outcome] = {}
    docs: list[Doc] = []
    index: dict[str, int] = {}
    for i, item in enumerate(items):
        if isinstance(item, ArticleError):
            outcomes[i] = _from_error(item)
            continue
        try:
            docs.append(make_doc(nlp, item, reference))
        except Exception as err:  # noqa: BLE001
            outcomes[i] = failure(item, "prepare", err)
            continue
        index[item.doc_id] = i
    with collected_errors(nlp) as failures:
        for doc in nlp.pipe(docs, batch_size=batch_size):
            i = index[doc._.doc_id]
            outcomes[i] = _records(doc, items[i])  # type: ignore[arg-type]
    for doc_id, (component, err) in failures.items():
        outcomes[index[doc_id]] = failure(items[index[doc_id]], component, err)  # type: ignore[arg-type]
    return [outcomes[i] for i in range(len(items))]


# A pool forked from a process that set this inherits its pipeline; other workers load their own.
_FORKED_NLP: Optional[Language] = None
_WORKER_LOCK = threading.Lock()


def process_chunk(items: list[Item], reference: Optional[str], model: Optional[str], batch_size: int) -> list[Outcome]:
    """Worker entry point: the outcomes of a chunk, with this process's pipeline (loaded once)."""
    nlp = _FORKED_NLP if _FORKED_NLP is not None else shared_pipeline(model)
    with _WORKER_LOCK:  # a pipeline is not thread-safe; Dask workers may run several threads
        return extract_items(nlp, items, reference, batch_size)


_PARENT_CHECK_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _start_worker(parent: int) -> None:
    """Pool worker set-up: Ctrl-C is the parent's to handle (it stops the workers with
    SIGTERM, which ends a worker at once and silently), and a worker ends when its parent
    does, however the parent ends (``kill -9`` included).

    On Linux the kernel kills the worker when the parent dies (``PR_SET_PDEATHSIG``);
    elsewhere, and as a second guard, a thread checks every second that the parent is still
    the one that started the worker (an orphan is re-parented)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the parent's handler
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="caspianie-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(_PARENT_CHECK_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


@contextmanager
def process_pool(nlp: Language, jobs: int) -> Iterator[Executor]:
    """A pool of ``jobs`` processes; with ``fork`` they inherit ``nlp`` instead of loading one each."""
    global _FORKED_NLP
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    _FORKED_NLP = nlp if context.get_start_method() == "fork" else None
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))
    finished = False
    try:
        yield pool
        finished = True
    finally:
        if not finished:  # interrupted or failed: stop the workers now, not after their chunks
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        pool.shutdown(wait=finished, cancel_futures=True)
        _FORKED_NLP = None


def ordered_results(submit: Callable[[list[Item]], Future], chunks: Iterable[list[Item]],
                    window: int) -> Iterator[list[Outcome]]:
    """Submit chunks with at most ``window`` in flight; yield their outcomes in submission order."""
    pending: deque[Future] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
