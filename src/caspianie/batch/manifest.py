"""The output directory's manifest: which documents are extracted, from what text, by which pipeline.

``<out>/.caspianie-manifest`` holds one JSON object per line:
``{"doc_id", "sha256", "pipeline", "file", "source"}`` (``source``: where the text was
read from, so a re-run from another path refreshes it). ``sha256`` is the article text's
(UTF-8) hash and ``pipeline`` names the pipeline version and a fingerprint of
its code, rules and options, so a rule change re-extracts everything.

The file is a journal: a line is appended (and flushed) right after a document's
record file has been renamed into place, so a run killed at any moment leaves a
manifest that names only complete files; a torn last line is ignored. A run that
finishes rewrites it compactly through a temporary file and a rename. The name
has no ``.jsonl`` suffix so that readers of record directories never see it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional

from caspianie import PIPELINE_NAME, __version__
from caspianie.batch.outlock import run_tag

MANIFEST_FILE = ".caspianie-manifest"
_FINGERPRINTED_SUFFIXES = (".py", ".cfg", ".jsonl")


@dataclass(frozen=True)
class Entry:
    """One extracted document: its id, its text's hash, the pipeline that made it, its record
    file and the source its ``document`` record names (None in manifests written before)."""

    doc_id: str
    sha256: str
    pipeline: str
    file: str
    source: Optional[str] = None


def _package_files() -> Iterator[tuple[str, bytes]]:
    """(relative path, content) of the package's code, config and rule files, sorted."""
    root = Path(str(files("caspianie")))
    found = (p for p in root.rglob("*") if p.is_file() and p.suffix in _FINGERPRINTED_SUFFIXES)
    for path in sorted(found):
        yield path.relative_to(root).as_posix(), path.read_bytes()


def pipeline_id(model: Optional[str] = None, reference: Optional[str] = None, extra: str = "") -> str:
    """``caspianie <version> <fingerprint>``: changes when code, rules, model or reference date change."""
    digest = hashlib.sha256(f"{model}\0{reference}\0{extra}".encode("utf-8"))
    for name, content in _package_files():
        digest.update(name.encode("utf-8") + b"\0" + content)
    return f"{PIPELINE_NAME} {__version__} {digest.hexdigest()[:16]}"


def _parse_entries(lines: Iterable[str]) -> dict[str, Entry]:
    """Entries by doc id (later lines win, an empty ``sha256`` deletes); torn or bad lines are skipped."""
    entries: dict[str, Entry] = {}
    for line in lines:
        try:
            entry = Entry(**json.loads(line))
        except (ValueError, TypeError):
            continue
        if entry.sha256:
            entries[entry.doc_id] = entry
        else:
            entries.pop(entry.doc_id, None)
    return entries


class Manifest:
    """The manifest of one output directory, open for a run (a context manager)."""

    def __init__(self, out_dir: Path, pipeline: str) -> None:
        self.path = out_dir / MANIFEST_FILE
        self.pipeline = pipeline
        self.entries: dict[str, Entry] = self._load()
        self._journal: Optional[IO[str]] = None

    def _load(self) -> dict[str, Entry]:
        if not self.path.exists():
            return {}
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            return _parse_entries(handle)

    def __enter__(self) -> "Manifest":
        self._journal = self.path.open("a", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def is_fresh(self, doc_id: str, sha256: str, out_dir: Path) -> bool:
        """Whether ``doc_id`` was extracted from this exact text by this pipeline and its file exists."""
        entry = self.entries.get(doc_id)
        return (entry is not None and entry.sha256 == sha256 and entry.pipeline == self.pipeline
                and (out_dir / entry.file).is_file())

    def add(self, doc_id: str, sha256: str, file: str, source: Optional[str] = None) -> None:
        """Record a document whose file is in place (appended to the journal at once)."""
        entry = Entry(doc_id, sha256, self.pipeline, file, source)
        self.entries[doc_id] = entry
        self._append(entry)

    def forget(self, doc_id: str) -> Optional[Entry]:
        """Drop a document (its file is the caller's to delete); the entry it had, if any."""
        entry = self.entries.pop(doc_id, None)
        if entry is not None:
            self._append(Entry(doc_id, "", "", entry.file))
        return entry

    def _append(self, entry: Entry) -> None:
        if self._journal is None:
            raise RuntimeError("open the manifest with 'with Manifest(...)' before recording documents")
        self._journal.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        self._journal.flush()

    def compact(self) -> None:
        """Rewrite the journal as one line per current document, atomically."""
        tmp = self.path.with_name(f"{self.path.name}.{run_tag()}.tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            for entry in self.entries.values():
                handle.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        os.replace(tmp, self.path)
