"""Article input: ``.txt`` files, JSONL article files and directories of them.

``iter_articles`` streams one ``Article`` at a time. A bad article does not stop
the run: it is yielded as an ``ArticleError`` so the caller can report it and go
on. Only usage errors (a missing path, a file of another kind, an unknown
encoding) raise ``CaspianieError``, before any article is read.

Text is kept exactly as read (line endings included) so that character
offsets index it; only a byte-order mark is dropped.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Optional, Union

from caspianie.contract.article import Article
from caspianie.errors import CaspianieError, Errors

ARTICLE_SUFFIXES = (".txt", ".jsonl")
# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class ArticleError:
    """An article that could not be read; ``message`` says where and what to do.

    ``stage`` is ``"read"`` (the file), ``"decode"`` (its bytes) or ``"parse"``
    (a JSONL line's content, including a duplicate id).
    """

    doc_id: Optional[str]
    source: str
    line: Optional[int]
    stage: str
    message: str


ArticleOrError = Union[Article, ArticleError]


def article_files(paths: Iterable[Union[str, Path]]) -> list[Path]:
    """Expand input paths into article files; raise ``CaspianieError`` on a bad path.

    A directory stands for its ``*.txt`` and ``*.jsonl`` files, recursively, sorted by path;
    JSONL files of other data in it (gold, predictions, manifests: see ``is_record_file``) are skipped.
    """
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file())
            files.extend(p for p in sorted(found) if not is_record_file(p))
        elif not path.exists():
            raise CaspianieError(Errors.E160.format(path=path))
        elif path.suffix not in ARTICLE_SUFFIXES:
            raise CaspianieError(Errors.E010.format(path=path))
        else:
            files.append(path)
    return files


def require_articles(paths: Iterable[Union[str, Path]]) -> list[Path]:
    """``article_files``, raising ``CaspianieError`` when the paths hold no article at all."""
    paths = list(paths)
    files = article_files(paths)
    if not files:
        raise CaspianieError(Errors.E192.format(paths=", ".join(str(p) for p in paths)))
    return files


def is_record_file(path: Path) -> bool:
    """Whether a ``.jsonl`` file holds data other than articles: records (gold or predictions),
    a manifest, clusters. Its first object has no ``text``, which every article line needs."""
    if path.suffix != ".jsonl":
        return False
    try:
        with path.open("rb") as handle:
            first = next((line for line in handle if line.strip()), b"")
        data = json.loads(first.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and "text" not in data


def sniff_bom(data: bytes) -> tuple[Optional[str], int]:
    """The encoding a byte-order mark announces and the mark's length, or (None, 0)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


def _decode_error(path: Path, err: UnicodeDecodeError, encoding: str, offset: int, line: Optional[int]) -> str:
    """A message naming the file (and line), the bad byte offset and the two ways out."""
    where = f"{path}:{line}" if line is not None else str(path)
    byte = f"byte 0x{err.object[err.start]:02x}" if err.start < len(err.object) else "truncated sequence"
    if codecs.lookup(encoding).name == "utf-8":
        reason = f"invalid {byte} at byte offset {offset}; or pass --errors replace to keep going"
        return Errors.E007.format(path=where, reason=reason)
    return Errors.E163.format(path=where, encoding=encoding, reason=f"invalid {byte}", offset=offset)


def read_text_file(path: Path, encoding: str = "utf-8", errors: str = "strict") -> Union[str, ArticleError]:
    """The text of a ``.txt`` article, or an ``ArticleError`` saying why it cannot be read."""
    doc_id = path.stem
    try:
        data = path.read_bytes()
    except OSError as err:
        return ArticleError(doc_id, str(path), None, "read", Errors.E005.format(path=path, reason=err.strerror))
    bom_encoding, skip = sniff_bom(data)
    if bom_encoding is None and not _is_wide(encoding) and b"\x00" in data:
        offset = data.index(b"\x00")
        wide = _utf16_without_bom(data)
        message = (Errors.E186.format(path=path, offset=offset, encoding=wide) if wide
                   else Errors.E162.format(path=path, offset=offset))
        return ArticleError(doc_id, str(path), None, "read", message)
    used = bom_encoding or encoding
    try:
        return data[skip:].decode(used, errors)
    except UnicodeDecodeError as err:
        message = _decode_error(path, err, used, skip + err.start, None)
        return ArticleError(doc_id, str(path), None, "decode", message)


def _is_wide(encoding: str) -> bool:
    """Whether ``encoding`` is UTF-16 or UTF-32, whose text holds NUL bytes."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def _utf16_without_bom(data: bytes) -> Optional[str]:
    """``utf-16-le``/``utf-16-be`` when most odd (even) bytes of the start are NUL and the others not.

    ASCII and Latin text in UTF-16 has a NUL high byte for most characters; a
    binary file's NULs follow no such pattern.
    """
    head = data[:1024]
    if len(head) < 8:
        return None
    for encoding, high, low in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if high.count(0) >= 0.7 * len(high) and low.count(0) <= 0.05 * len(low):
            return encoding
    return None


def _parse_article_line(raw: str, path: Path, lineno: int) -> Union[Article, ArticleError]:
    """Validate one decoded JSONL line as ``{"id": ..., "text": ..., "date": ...}``."""

    def fail(message: str, doc_id: Optional[str] = None) -> ArticleError:
        return ArticleError(doc_id, str(path), lineno, "parse", message)

    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        return fail(Errors.E001.format(path=path, line=lineno, reason=err.msg))
    if not isinstance(data, dict):
        return fail(Errors.E008.format(path=path, line=lineno, reason=f"got a JSON {type(data).__name__}"))
    raw_id = data.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if not isinstance(raw_id, str) or not raw_id.strip():
        reason = "'id' is missing" if raw_id is None else f"'id' must be a non-empty string, got {raw_id!r}"
        return fail(Errors.E008.format(path=path, line=lineno, reason=reason))
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        got = "missing" if text is None else f"{type(text).__name__} {text!r}"[:60]
        reason = f"'text' of '{raw_id}' is {got}"
        return fail(Errors.E008.format(path=path, line=lineno, reason=reason), raw_id)
    date = data.get("date")
    if date is not None and (not isinstance(date, str) or not _ISO_DATE.match(date)):
        reason = f"'date' {date!r} of '{raw_id}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or null"
        return fail(Errors.E008.format(path=path, line=lineno, reason=reason), raw_id)
    return Article(doc_id=raw_id, text=text, source=str(path), date=date, line=lineno)


_LONE_CR = re.compile(rb"\r(?!\n)")


def _split_lone_cr(raw: bytes) -> list[bytes]:
    """A ``\\n``-terminated line split after each lone ``\\r`` (old Mac line ends)."""
    if b"\r" not in raw:
        return [raw]
    pieces, start = [], 0
    for match in _LONE_CR.finditer(raw):
        pieces.append(raw[start : match.end()])
        start = match.end()
    if start < len(raw):
        pieces.append(raw[start:])
    return pieces


def _iter_byte_lines(handle: BinaryIO) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, raw bytes) of each line of a byte stream.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``: JSON strings cannot hold a raw
    line break, so a JSONL file with old Mac line ends is read line by line too.
    """
    offset, lineno = 0, 0
    for chunk in handle:
        for raw in _split_lone_cr(chunk):
            lineno += 1
            yield lineno, offset, raw
            offset += len(raw)


def iter_jsonl_articles(path: Path, encoding: str = "utf-8", errors: str = "strict") -> Iterator[ArticleOrError]:
    """Stream the articles of a JSONL file, one line at a time; bad lines become errors."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield ArticleError(None, str(path), None, "read", Errors.E005.format(path=path, reason=err.strerror))
        return
    with handle:
        bom_encoding, skip = sniff_bom(handle.read(4))
        handle.seek(skip)
        if bom_encoding is not None and not bom_encoding.startswith("utf-8"):
            yield from _iter_wide_jsonl(handle, path, bom_encoding, errors)
            return
        used = bom_encoding or encoding
        for lineno, offset, raw in _iter_byte_lines(handle):
            try:
                line = raw.decode(used, errors)
            except UnicodeDecodeError as err:
                message = _decode_error(path, err, used, skip + offset + err.start, lineno)
                yield ArticleError(None, str(path), lineno, "decode", message)
                continue
            if line.strip():
                yield _parse_article_line(line, path, lineno)


def _iter_wide_jsonl(handle: BinaryIO, path: Path, encoding: str, errors: str) -> Iterator[ArticleOrError]:
    """JSONL in UTF-16/32 (announced by a BOM): decoded as a stream; a bad byte ends the file."""
    stream = io.TextIOWrapper(handle, encoding=encoding, errors=errors, newline="")
    lineno = 0
    try:
        for lineno, line in enumerate(stream, start=1):
            if line.strip():
                yield _parse_article_line(line, path, lineno)
    except UnicodeDecodeError as err:
        message = _decode_error(path, err, encoding, err.start, lineno + 1)
        yield ArticleError(None, str(path), lineno + 1, "decode", message)


def _iter_file(path: Path, encoding: str, errors: str) -> Iterator[ArticleOrError]:
    """The articles (or errors) one input file holds."""
    if path.suffix == ".jsonl":
        yield from iter_jsonl_articles(path, encoding, errors)
        return
    text = read_text_file(path, encoding, errors)
    if isinstance(text, ArticleError):
        yield text
    else:
        yield Article(doc_id=path.stem, text=text, source=str(path), date=None)


def iter_articles(
    paths: Iterable[Union[str, Path]], encoding: str = "utf-8", errors: str = "strict"
) -> Iterator[ArticleOrError]:
    """Stream the articles under ``paths``: ``.txt`` files, JSONL article files, directories.

    Yields an ``Article`` per readable article and an ``ArticleError`` per bad one
    (unreadable, undecodable or binary file, bad JSONL line, duplicate id).
    Raises ``CaspianieError`` for a missing path, another file kind or an
    unknown encoding, before anything is yielded.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CaspianieError(Errors.E164.format(encoding=encoding)) from None
    try:
        codecs.lookup_error(errors)
    except LookupError:
        raise CaspianieError(Errors.E165.format(errors=errors)) from None
    files = article_files(paths)
    seen: dict[str, str] = {}
    for path in files:
        for item in _iter_file(path, encoding, errors):
            if isinstance(item, Article):
                where = f"{item.source}:{item.line}" if item.line is not None else item.source
                if item.doc_id in seen:
                    message = Errors.E161.format(path=where, doc_id=item.doc_id, first=seen[item.doc_id])
                    yield ArticleError(item.doc_id, item.source, item.line, "parse", message)
                    continue
                seen[item.doc_id] = where
            yield item
