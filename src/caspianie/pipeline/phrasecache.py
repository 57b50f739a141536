"""Phrase patterns as token hashes, kept in a cache file between runs.

spaCy's ``PhraseMatcher`` holds a phrase as the hashes of its tokens' ORTH (or
LOWER) values and accepts it in that form (a pickled matcher is rebuilt so).
Working the hashes out means tokenizing every phrase, which for the
gazetteers' 11,000 names and spellings was the largest part of start-up, and
filled the vocabulary with their words, so that every lexeme flag the matchers
add later was computed for each of them too.

The hashes depend only on the phrase texts, the tokenizer's rules and spaCy's
version, so they are stored in a file named by a hash of all of these: a file
is used only for exactly the phrases, tokenizer and spaCy it was made with,
whatever changed in the pattern files or the code that expands them. The
pattern files are still read and validated on every start; only their
tokenization is skipped. A file that does not read back whole (truncated,
overwritten, another format) is ignored and rewritten; files are written to a
temporary name and renamed into place, so concurrent runs never read a partial
file.

Location: ``$CASPIANIE_CACHE_DIR``, else ``$XDG_CACHE_HOME/caspianie``, else
``~/.cache/caspianie``. ``CASPIANIE_NO_CACHE=1`` turns the cache off (nothing
is read or written). A cache that cannot be written (read-only home) is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence

import numpy
import spacy
from spacy.language import Language

CACHE_DIR_ENV = "CASPIANIE_CACHE_DIR"
NO_CACHE_ENV = "CASPIANIE_NO_CACHE"
FORMAT = b"caspianie phrase hashes v1\n"
KEEP_FILES = 16
"""Cache files kept (the most recently written); older ones are removed when one is written."""
_DIGEST = 32
_STALE_TEMPORARY = 3600.0
Keywords = list[list[int]]


def cache_dir() -> Optional[Path]:
    """Where cache files go, or None when the cache is turned off (or there is no home)."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return Path(base) / "caspianie" if base else Path.home() / ".cache" / "caspianie"
    except RuntimeError:  # no home directory to expand
        return None


def phrase_keywords(nlp: Language, texts: Sequence[str], attr: str = "ORTH") -> Keywords:
    """The ``attr`` hashes of each text's tokens, as ``PhraseMatcher.add`` takes them.

    Read from the cache when it holds exactly these texts for this tokenizer, else
    worked out with ``nlp.make_doc`` and written there.
    """
    directory = cache_dir()
    if directory is None or not texts:
        return tokenize(nlp, texts, attr)
    # Keyed by the distinct texts in sorted order: callers may list them in any order
    # (the gazetteer's spelling variants come from a set, ordered differently each run).
    distinct = sorted(set(texts))
    key = _key(nlp, distinct, attr)
    if key is None:
        return tokenize(nlp, texts, attr)
    path = directory / f"phrases-{key.hex()}.bin"
    keywords = read_keywords(path, key, len(distinct))
    if keywords is None:
        keywords = tokenize(nlp, distinct, attr)
        write_keywords(path, key, keywords)
    found = dict(zip(distinct, keywords))
    return [found[text] for text in texts]  # repeated texts share a list: PhraseMatcher.add copies it


def tokenize(nlp: Language, texts: Sequence[str], attr: str = "ORTH") -> Keywords:
    """The ``attr`` hashes of each text's tokens, from the tokenizer alone."""
    return [nlp.make_doc(text).to_array([attr]).tolist() for text in texts]


def _key(nlp: Language, texts: Sequence[str], attr: str) -> Optional[bytes]:
    """A digest of everything the hashes depend on; None when the tokenizer cannot say."""
    try:
        rules = nlp.tokenizer.to_bytes(exclude=["vocab"])
    except Exception:  # a custom tokenizer without spaCy's serialization: no cache
        return None
    digest = hashlib.sha256(FORMAT)
    tokenizer = type(nlp.tokenizer)
    header = [spacy.__version__, nlp.lang, f"{tokenizer.__module__}.{tokenizer.__qualname__}", attr]
    for part in (json.dumps(header).encode(), rules, json.dumps(list(texts), ensure_ascii=False).encode()):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


def encode(key: bytes, keywords: Keywords) -> bytes:
    """A cache file: format line, key, checksum of the body, then the body
    (count, offsets and hashes as little-endian uint64)."""
    offsets = numpy.cumsum([0] + [len(k) for k in keywords], dtype="<u8")
    flat = numpy.fromiter((h for k in keywords for h in k), dtype="<u8", count=int(offsets[-1]))
    body = numpy.concatenate((numpy.array([len(keywords)], dtype="<u8"), offsets, flat)).tobytes()
    return FORMAT + key + hashlib.sha256(body).digest() + body


def decode(data: bytes, key: bytes, count: int) -> Optional[Keywords]:
    """The hashes of a cache file, or None unless it is whole and made for ``key`` and ``count`` texts."""
    head = len(FORMAT)
    if data[:head] != FORMAT or data[head:head + _DIGEST] != key:
        return None
    body = data[head + 2 * _DIGEST:]
    if hashlib.sha256(body).digest() != data[head + _DIGEST:head + 2 * _DIGEST] or len(body) % 8:
        return None
    values = numpy.frombuffer(body, dtype="<u8")
    if len(values) < count + 2 or int(values[0]) != count:
        return None
    offsets = values[1:count + 2]
    flat = values[count + 2:].tolist()
    if offsets[0] != 0 or int(offsets[-1]) != len(flat) or numpy.any(numpy.diff(offsets.astype("int64")) < 0):
        return None
    bounds = offsets.tolist()
    return [flat[bounds[i]:bounds[i + 1]] for i in range(count)]


def read_keywords(path: Path, key: bytes, count: int) -> Optional[Keywords]:
    """The cached hashes at ``path``, or None when it is missing, unreadable or not whole."""
    try:
        return decode(path.read_bytes(), key, count)
    except (OSError, ValueError):
        return None


def write_keywords(path: Path, key: bytes, keywords: Keywords) -> None:
    """Write a cache file through a temporary file and an atomic rename; give up quietly on errors."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(encode(key, keywords))
        os.replace(temporary, path)
        temporary = None
        prune(path.parent)
    except OSError:
        pass
    finally:
        if temporary is not None:
            _remove(Path(temporary))


def prune(directory: Path) -> None:
    """Remove all but the ``KEEP_FILES`` newest cache files, and temporaries an hour old
    (left by a run killed while writing)."""
    now = time.time()
    files = []
    for entry in directory.iterdir():
        try:
            modified = entry.stat().st_mtime
        except OSError:
            continue
        if entry.name.startswith("phrases-") and entry.name.endswith(".bin"):
            files.append((modified, entry))
        elif entry.name.startswith(".phrases-") and entry.name.endswith(".tmp") and now - modified > _STALE_TEMPORARY:
            _remove(entry)
    for _, entry in sorted(files, reverse=True)[KEEP_FILES:]:
        _remove(entry)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
