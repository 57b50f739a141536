"""Document-level checks of records: what a single line's validation cannot see.

A record line can be valid on its own and still be wrong in its document: an
event participant that is no actor of the document, an agreement key an event
names that no agreement record has, two actors with one key, a mention whose
offsets lie outside the text. ``document_problems`` finds these for the records
of one document (the rules of corpus/ANNOTATION.md, "Checking the gold");
``load_documents`` runs it and reports the first problem as
``file:line: reason``, so ``evaluate``, ``inspect``, ``show`` and ``report``
refuse such files with exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

from caspianie.contract.records import Mention, Record, iter_located_records
from caspianie.errors import Errors, RecordFileError


# (record type, field, type of the records its keys must name): the keys scoring follows.
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("agreement", "parties", "actor"),
    ("event", "participants", "actor"),
    ("event", "agreements", "agreement"),
    ("event", "projects", "project"),
)
# Checked only when strict: the gold annotation makes every country key an actor
# (corpus/ANNOTATION.md), but a hand-made or third-party file may give a person's
# country without an actor record for it, which does not disturb scoring.
COUNTRY_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("actor", "country", "actor"),
    ("project", "countries", "actor"),
)
Problem = tuple[int, str]  # (index of the record in the document's list, reason)


def describe(record: "Record") -> str:
    """``actor 'socar'``, ``event 'e1'`` or ``document record``: how messages name a record."""
    if record.type == "document":
        return "the document record"
    if record.type == "event":
        return f"event '{record.id}'"
    return f"{record.type} '{record.key}'"


def identity(record: "Record") -> Optional[str]:
    """The key (or event id) that must be unique within a document; None for the document record."""
    if record.type == "document":
        return None
    return record.id if record.type == "event" else record.key


def references(record: "Record", strict: bool = False) -> Iterator[tuple[str, str, str]]:
    """(field, key, target record type) for every key ``record`` refers to (country keys if strict)."""
    for record_type, field, target in REFERENCES + (COUNTRY_REFERENCES if strict else ()):
        if record.type != record_type:
            continue
        value = getattr(record, field, None)
        for key in [value] if isinstance(value, str) else list(value or []):
            yield field, key, target


def spans(record: "Record") -> list["Mention"]:
    """The mentions and the evidence span of a record."""
    found = list(getattr(record, "mentions", None) or [])
    evidence = getattr(record, "evidence", None)
    return found + ([evidence] if evidence is not None else [])


def _keys_and_duplicates(records: Sequence["Record"], doc_id: str) -> tuple[dict[str, set[str]], list[Problem]]:
    """The keys of each record type, and a problem for every repeated key or event id."""
    keys: dict[str, set[str]] = {}
    first: dict[tuple[str, str], int] = {}
    problems: list[Problem] = []
    for index, record in enumerate(records):
        key = identity(record)
        if key is None:
            continue
        if (record.type, key) in first:
            what = "event id" if record.type == "event" else f"{record.type} key"
            reason = Errors.E183.format(what=what, key=key, doc_id=doc_id, first=first[(record.type, key)] + 1)
            problems.append((index, reason))
            continue
        first[(record.type, key)] = index
        keys.setdefault(record.type, set()).add(key)
    return keys, problems


def _span_problem(record: "Record", mention: "Mention", n_chars: Optional[int], text: Optional[str]) -> Optional[str]:
    """Why one mention cannot be a span of the document, or None."""
    owner, doc_id = describe(record), record.doc_id
    if n_chars is not None and mention.end > n_chars:
        return Errors.E181.format(owner=owner, doc_id=doc_id, start=mention.start, end=mention.end, n_chars=n_chars)
    if text is not None and text[mention.start:mention.end] != mention.text:
        found = f"the text there is {text[mention.start:mention.end]!r}"
    elif mention.end - mention.start != len(mention.text):
        found = f"that span has {mention.end - mention.start} characters and the mention {len(mention.text)}"
    else:
        return None
    return Errors.E182.format(owner=owner, doc_id=doc_id, text=mention.text[:60], start=mention.start,
                              end=mention.end, found=found)


def _document_record_problems(records: Sequence["Record"], doc_id: str, text: Optional[str]) -> list[Problem]:
    """More than one document record, or one whose length disagrees with the text."""
    indices = [i for i, record in enumerate(records) if record.type == "document"]
    if len(indices) > 1:
        return [(indices[1], Errors.E184.format(doc_id=doc_id, count=len(indices)))]
    if indices and text is not None and records[indices[0]].n_chars != len(text):
        reason = Errors.E185.format(doc_id=doc_id, n_chars=records[indices[0]].n_chars, actual=len(text))
        return [(indices[0], reason)]
    return []


def document_problems(records: Sequence["Record"], text: Optional[str] = None, strict: bool = False) -> list[Problem]:
    """Every document-level problem of one document's records, in record order.

    Checks: one document record (whose ``n_chars`` matches ``text`` when given);
    unique keys and event ids; every participant and party key is an actor of
    the document (with ``strict`` also every actor ``country`` and project
    ``countries`` key, as in the gold), every event
    ``agreements``/``projects`` key a record of that type; every mention and
    evidence span lies within the text (``n_chars`` of the document record, or
    ``text``), is as long as its text, and equals ``text[start:end]`` when the
    text is given. Returns ``(index, reason)`` pairs; empty means the document is sound.
    """
    if not records:
        return []
    doc_id = records[0].doc_id
    problems = _document_record_problems(records, doc_id, text)
    keys, duplicates = _keys_and_duplicates(records, doc_id)
    problems += duplicates
    document = next((r for r in records if r.type == "document"), None)
    n_chars = len(text) if text is not None else getattr(document, "n_chars", None)
    for index, record in enumerate(records):
        for field, key, target in references(record, strict):
            if key not in keys.get(target, set()):
                reason = Errors.E180.format(owner=describe(record), doc_id=doc_id, what=field, key=key, target=target)
                problems.append((index, reason))
        for mention in spans(record):
            reason = _span_problem(record, mention, n_chars, text)
            if reason is not None:
                problems.append((index, reason))
    return sorted(problems, key=lambda problem: problem[0])


def check_documents(
    docs: dict[str, list[Any]], texts: Optional[dict[str, str]] = None, strict: bool = False
) -> list[str]:
    """``doc_id: reason`` for every problem of records already grouped by document."""
    found: list[str] = []
    for doc_id, records in docs.items():
        text = (texts or {}).get(doc_id)
        found.extend(f"{doc_id}: {reason}" for _index, reason in document_problems(records, text, strict))
    return found


def load_documents(
    path: str | Path,
    check: bool = True,
    text_of: Optional[Callable[[str], Optional[str]]] = None,
    strict: bool = False,
) -> dict[str, list[Record]]:
    """Read and validate all records under ``path``, grouped by document.

    With ``check`` (the default) every document also passes
    ``refcheck.document_problems`` (dangling references, duplicate keys, offsets
    outside the text; ``strict`` adds the country keys); ``text_of`` may give a
    document's text by id (None when unknown) to check mention texts too. The
    first problem raises ``RecordFileError`` as ``file:line: reason``, naming the
    line of the record at fault.
    """
    located: dict[str, list[tuple[Path, int, Record]]] = {}
    for file, lineno, record in iter_located_records(path):
        located.setdefault(record.doc_id, []).append((file, lineno, record))
    if not located:
        raise RecordFileError(Errors.E011.format(path=path), str(path))
    if check:
        for doc_id, items in located.items():
            text = text_of(doc_id) if text_of is not None else None
            problems = document_problems([record for _f, _l, record in items], text, strict)
            if problems:
                index, reason = problems[0]
                file, lineno, _record = items[index]
                raise RecordFileError(Errors.E002.format(path=file, line=lineno, reason=reason), str(file), lineno)
    return {doc_id: [record for _f, _l, record in items] for doc_id, items in located.items()}
