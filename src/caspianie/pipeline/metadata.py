"""Document metadata: reference date, title and where the mined body ends.

``read_metadata`` is a pure function of the text; the ``caspianie_metadata``
component writes its result on ``doc._.reference_date``, ``doc._.title`` and
``doc._.body_end``. See docs/reading.md for the rules and their reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from caspianie.pipeline.timex.datelines import dateline_place, find_dateline, page_chrome, parse_explicit_date, place_dateline
from caspianie.pipeline.extensions import doc_text, register_extensions
from caspianie.pipeline.furniture import Furniture, furniture_lines, line_stamp
from caspianie.knowledge.patternfiles import SectionHeading, read_models
from caspianie.contract.records import Date

# Metadata lines: "Year: 2018", "City: Almaty", "Date: 2024-03-12" anywhere; on the first
# line also "date 2024-03-12" without a colon.
_YEAR_LINE = re.compile(r"^[ \t]*year[ \t]*:[ \t]*(?P<value>\d{4})[ \t]*\r?$", re.IGNORECASE)
_CITY_LINE = re.compile(r"^[ \t]*city[ \t]*:[ \t]*(?P<value>\S[^\n]{0,60}?)[ \t]*\r?$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^[ \t]*date[ \t]*:[ \t]*(?P<value>\S[^\n]{0,40}?)[ \t]*\r?$", re.IGNORECASE)
_ISO_IN_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIRST_DATE_LINE = re.compile(r"^[ \t]*date[ \t]*:?[ \t]+(?P<value>\S[^\n]{0,40}?)[ \t]*\r?$", re.IGNORECASE)
# A numbered list item or citation: "1. ...", "  12) ...", "[3] ...".
_ITEM = re.compile(r"^[ \t]*(?:(?P<num>\d{1,3})[.)]|\[(?P<bracket>\d{1,3})\])[ \t]+\S")
# Cues that a numbered line is a bibliographic citation rather than prose.
_CITATION_CUES = {
    "journal": re.compile(r"//"),
    "page": re.compile(r"(?:\b[PСSpсs]|\bpp)\.[ \t]?\d"),
    "url": re.compile(r"https?://|www\.|\.(?:com|org|ru|kz|az)/"),
    "issue": re.compile(r"№|\bVol\.|\bNo\.[ \t]?\d"),
    "spaced_dash": re.compile(r"\s[–—]\s"),
    "initials": re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]+[ \t][A-ZА-ЯЁ]\.(?:[ \t]?[A-ZА-ЯЁ]\.)?"),
}
_YEAR_CUE = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]?[ \t]+")
_TITLE_MAX_WORDS = 20
_TITLE_MAX_CHARS = 200
_MIN_CITATION_SHARE = 0.6


@dataclass(frozen=True)
class DocumentMetadata:
    """What the text says about itself.

    ``dateline`` is the (start, end) character span of an opening dateline,
    including its dash, or None; ``dateline_place`` the place it names, as written.
    """

    reference_date: Optional[Date]
    title: Optional[str]
    city: Optional[str]
    body_end: Optional[int]
    dateline: Optional[tuple[int, int]] = None
    dateline_place: Optional[str] = None


@dataclass(frozen=True)
class Line:
    """One line of the text: its start offset and its content without the newline."""

    start: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    """The text's lines with their start offsets (a ``\\r`` before ``\\n`` stays in ``text``)."""
    lines, start = [], 0
    while start <= len(text):
        end = text.find("\n", start)
        if end == -1:
            lines.append(Line(start, text[start:]))
            break
        lines.append(Line(start, text[start:end]))
        start = end + 1
    return lines


@lru_cache(maxsize=1)
def _reference_headings() -> frozenset[str]:
    """Casefolded headings that open a references section (patterns/sections.jsonl)."""
    entries = read_models("sections.jsonl", SectionHeading)
    return frozenset(e.heading.casefold() for e in entries if e.kind == "references")


def is_metadata_line(line: str) -> bool:
    """Whether the line is a ``Year:``, ``City:`` or ``Date:`` metadata line."""
    return bool(_YEAR_LINE.match(line) or _CITY_LINE.match(line) or _DATE_LINE.match(line))


def _is_first_date_line(line: str) -> bool:
    """Whether the line is a ``date 2024-03-12`` line (colon optional) holding a parsable date."""
    match = _FIRST_DATE_LINE.match(line)
    return bool(match and parse_explicit_date(match.group("value")))


def _metadata_date(lines: list[Line]) -> Optional[Date]:
    """The reference date given by a first ``date`` line, a ``Date:`` line, else a ``Year:`` line."""
    nonblank = [line for line in lines if not line.blank]
    if nonblank:
        match = _FIRST_DATE_LINE.match(nonblank[0].text)
        if match and (date := parse_explicit_date(match.group("value"))):
            return date
        stamp = line_stamp(nonblank[0].text)  # "date 2024-03-12 The ministers met ..."
        iso = _ISO_IN_STAMP.search(stamp.group()) if stamp else None
        if iso and (date := parse_explicit_date(iso.group())):
            return date
    for regex in (_DATE_LINE, _YEAR_LINE):
        for line in nonblank:
            match = regex.match(line.text)
            if match and (date := parse_explicit_date(match.group("value"))):
                return date
    return None


def _city(lines: list[Line]) -> Optional[str]:
    """The value of the first ``City:`` line."""
    for line in lines:
        match = _CITY_LINE.match(line.text)
        if match:
            return match.group("value")
    return None


def _is_title_line(line: str, following: Optional[str]) -> bool:
    """A short line without final punctuation, not a list item, not continued on the next line."""
    stripped = line.strip()
    if not stripped or len(stripped) > _TITLE_MAX_CHARS or len(stripped.split()) > _TITLE_MAX_WORDS:
        return False
    if stripped[-1] in ".,;:" or _ITEM.match(line) or is_metadata_line(line):
        return False
    return not (following and following.strip() and following.strip()[0].islower())


def _title(lines: list[Line], dateline: Optional[tuple[int, int]]) -> Optional[str]:
    """The first non-empty line if it is a title; after a dateline-only line, the next one."""
    index = 0
    while index < len(lines) and (
        lines[index].blank or is_metadata_line(lines[index].text) or _is_first_date_line(lines[index].text)
        or page_chrome(lines[index].text)
    ):
        index += 1
    if index < len(lines) and dateline is not None and dateline[0] >= lines[index].start + len(lines[index].text):
        dateline = None  # a headline comes before the dateline: it is the title
    if index < len(lines) and dateline is not None:
        line = lines[index]
        if line.text[: max(0, dateline[0] - line.start)].strip() and not line.text[dateline[1] - line.start :].strip():
            return line.text.strip()  # a heading that ends with its place and date
        if line.text[dateline[1] - line.start :].strip():
            return None  # the dateline opens the first paragraph: no title line
        index += 1
        while index < len(lines) and lines[index].blank:
            index += 1
    if index >= len(lines):
        return None
    following = lines[index + 1].text if index + 1 < len(lines) else None
    stamp = line_stamp(lines[index].text)  # "date 2024-03-12 Headline": the stamp is no part of it
    line = lines[index].text[stamp.end():] if stamp else lines[index].text
    return line.strip() if _is_title_line(line, following) else None


def _is_reference_heading(line: str) -> bool:
    """``References``, ``7. Bibliography:``, ``Список литературы`` ... (patterns/sections.jsonl)."""
    stripped = _SECTION_NUMBER.sub("", line.strip()).rstrip(":. ").casefold()
    return stripped in _reference_headings()


def citation_score(line: str) -> float:
    """1.0 when a numbered line carries a bibliographic cue, 0.5 for only a year, else 0."""
    letters = [ch for ch in line if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    if letters and cyrillic / len(letters) >= 0.5:
        return 1.0
    if any(regex.search(line) for regex in _CITATION_CUES.values()):
        return 1.0
    return 0.5 if _YEAR_CUE.search(line) else 0.0


def _trailing_metadata_start(lines: list[Line]) -> int:
    """Index of the first line of the trailing block of blank and metadata lines."""
    index = len(lines)
    while index > 0 and (lines[index - 1].blank or is_metadata_line(lines[index - 1].text)):
        index -= 1
    return index


def _trailing_citations_start(lines: list[Line], end: int) -> Optional[int]:
    """Index of the first line of a trailing run of numbered citations ending at ``end``."""
    index, items = end, []
    while index > 0:
        text = lines[index - 1].text
        if lines[index - 1].blank or (text[:1].isspace() and not _ITEM.match(text) and items):
            index -= 1
            continue
        if not _ITEM.match(text):
            break
        items.append(text)
        index -= 1
    while index < end and lines[index].blank:
        index += 1
    if len(items) < 2:
        return None
    first = _ITEM.match(lines[index].text)
    if first is None or (first.group("num") or first.group("bracket")) != "1":
        return None
    share = sum(citation_score(item) for item in items) / len(items)
    return index if share >= _MIN_CITATION_SHARE else None


def _body_end(lines: list[Line]) -> Optional[int]:
    """Offset where references (a heading or a trailing citation run) or trailing metadata begin."""
    for line in reversed(lines):
        if _is_reference_heading(line.text):
            return line.start
    meta = _trailing_metadata_start(lines)
    citations = _trailing_citations_start(lines, meta)
    if citations is not None:
        return lines[citations].start
    if any(is_metadata_line(line.text) for line in lines[meta:]):
        first_meta = next(i for i in range(meta, len(lines)) if is_metadata_line(lines[i].text))
        return lines[first_meta].start
    return None


def read_metadata(text: str) -> DocumentMetadata:
    """Read the reference date, title, city and body end of an article's text."""
    lines = split_lines(text)
    found = find_dateline(text)
    dateline, reference_date = (found[0], found[1]) if found else (None, None)
    if reference_date is None:
        reference_date = _metadata_date(lines)
    return DocumentMetadata(
        reference_date=reference_date,
        title=_title(lines, dateline),
        city=_city(lines),
        body_end=_body_end(lines),
        dateline=dateline,
        dateline_place=dateline_place(text, dateline) or place_dateline(text),
    )


class MetadataComponent:
    """Writes ``reference_date`` (unless already set), ``title``, ``body_end`` and the page's
    ``furniture`` lines on the Doc."""

    def __call__(self, doc: Doc) -> Doc:
        meta = read_metadata(doc_text(doc))
        if doc._.reference_date is None:
            doc._.reference_date = meta.reference_date
        doc._.title = meta.title
        doc._.body_end = meta.body_end
        doc._.dateline_place = meta.dateline_place
        doc._.furniture = Furniture(furniture_lines(doc_text(doc), meta.title))
        return doc


@Language.factory("caspianie_metadata", default_config={},
                  assigns=["doc._.reference_date", "doc._.title", "doc._.body_end", "doc._.dateline_place",
                           "doc._.furniture"])
def make_metadata(nlp: Language, name: str) -> MetadataComponent:
    """The ``caspianie_metadata`` pipeline component."""
    register_extensions()
    return MetadataComponent()
