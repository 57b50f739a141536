"""The record contract (v1) as pydantic models, and validated record I/O.

These models are the executable form of ``spec/records.md``: every field the
contract names keeps its name, type and meaning. Extra fields (provenance,
CAMEO/PLOVER codes, date ``basis``) are allowed so that the extractor can say
more than the contract asks without breaking readers.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any, Iterable, Iterator, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from caspianie.contract.datevalues import VALUE_PATTERN, granularity_of, point_days
from caspianie.errors import Errors, RecordFileError

KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_VALUE_PATTERN = VALUE_PATTERN

Key = Annotated[str, Field(pattern=KEY_PATTERN)]
Granularity = Literal["day", "month", "year", "week", "quarter", "half", "season", "decade", "century"]
ActorKind = Literal["person", "country", "organization"]
ProjectKind = Literal[
    "pipeline", "railway", "transport_corridor", "port", "oil_field", "gas_field", "programme", "other"
]
AgreementKind = Literal[
    "agreement", "convention", "protocol", "memorandum", "treaty", "declaration", "contract", "charter", "other"
]
AgreementStatus = Literal["signed", "adopted", "in_force", "terminated", "draft"]
EventType = Literal[
    "establishment", "visit", "meeting", "summit", "signing", "opening",
    "election", "award", "termination", "cultural_event",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
ACTOR_KINDS: tuple[str, ...] = ActorKind.__args__  # type: ignore[attr-defined]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Date(_Model):
    """A date expression and its value at the precision the text gives (``contract.datevalues``)."""

    text: str
    value: Optional[Annotated[str, Field(pattern=DATE_VALUE_PATTERN)]] = None
    granularity: Granularity

    @model_validator(mode="after")
    def _granularity_matches_value(self) -> "Date":
        if self.value is not None:
            expected = granularity_of(self.value.split("/")[0])
            if expected != self.granularity:
                raise ValueError(
                    f"granularity '{self.granularity}' does not match value '{self.value}' "
                    f"(expected '{expected}')"
                )
        return self


class Mention(_Model):
    """A span of the document: ``document[start:end] == text``."""

    text: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> "Mention":
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class PipelineInfo(_Model):
    name: str
    version: str


class DocumentRecord(_Model):
    type: Literal["document"] = "document"
    doc_id: str
    source: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    reference_date: Optional[Date] = None
    title: Optional[str] = None
    n_chars: Annotated[int, Field(ge=0)]
    n_sentences: Annotated[int, Field(ge=0)]
    pipeline: PipelineInfo


class ActorRecord(_Model):
    type: Literal["actor"] = "actor"
    doc_id: str
    key: Key
    name: str
    kind: ActorKind
    country: Optional[Key] = None
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class ProjectRecord(_Model):
    type: Literal["project"] = "project"
    doc_id: str
    key: Key
    name: str
    kind: ProjectKind
    aliases: list[str] = Field(default_factory=list)
    countries: list[Key] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class AgreementRecord(_Model):
    type: Literal["agreement"] = "agreement"
    doc_id: str
    key: Key
    name: str
    kind: AgreementKind
    parties: list[Key] = Field(default_factory=list)
    date: Optional[Date] = None
    place: Optional[str] = None
    status: Optional[AgreementStatus] = None
    mentions: list[Mention] = Field(default_factory=list)


class EventRecord(_Model):
    type: Literal["event"] = "event"
    doc_id: str
    id: Annotated[str, Field(min_length=1)]
    event_type: EventType
    date: Optional[Date] = None
    location: Optional[str] = None
    participants: list[Key] = Field(default_factory=list)
    agreements: list[Key] = Field(default_factory=list)
    projects: list[Key] = Field(default_factory=list)
    trigger: str
    evidence: Optional[Mention] = None


Record = Annotated[
    Union[DocumentRecord, ActorRecord, ProjectRecord, AgreementRecord, EventRecord],
    Field(discriminator="type"),
]
RECORD_ADAPTER: TypeAdapter[Record] = TypeAdapter(Record)
RECORD_ORDER = {"document": 0, "actor": 1, "project": 2, "agreement": 3, "event": 4}


def records_json_schema() -> dict[str, Any]:
    """The JSON Schema of one record line (a union discriminated on ``type``)."""
    schema = RECORD_ADAPTER.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "caspianie record (contract v1.1)"
    return schema


def _describe(error: ValidationError) -> str:
    """One line naming each failing field, e.g. ``event.date.value: ...``."""
    parts = []
    for item in error.errors():
        loc = ".".join(str(p) for p in item["loc"])
        parts.append(f"{loc}: {item['msg']}" if loc else item["msg"])
    return "; ".join(parts)


def parse_record(data: Any) -> Record:
    """Validate one decoded JSON value as a record; raise ``ValueError`` naming the field."""
    if not isinstance(data, dict):
        raise ValueError(f"a record must be a JSON object, got {type(data).__name__}")
    if "type" not in data:
        raise ValueError("missing field 'type' (one of document, actor, project, agreement, event)")
    try:
        record = RECORD_ADAPTER.validate_python(data)
    except ValidationError as err:
        raise ValueError(_describe(err)) from None
    for name in ("reference_date", "date"):
        date = getattr(record, name, None)
        problem = calendar_problem(date.value) if date is not None and date.value is not None else None
        if problem is not None:
            raise ValueError(f"{record.type}.{name}.value: {problem}")
    return record


def calendar_problem(value: str) -> Optional[str]:
    """Why a date value that has the contract's shape is no calendar date or range, or None:
    ``2024-13-45`` and ``2024-02-30`` name no day, ``2021-W54`` no week; ``2024-05/2024-03``
    ends before it starts. Every v1.1 granularity (``2011-W29``, ``1998-Q3``, ``197``) counts."""
    periods = []
    for part in value.split("/"):
        try:
            periods.append(point_days(part))
        except ValueError:
            return f"'{part}' is not a calendar date"
    if len(periods) == 2 and periods[1][1] < periods[0][0]:
        return f"the range '{value}' ends before it starts"
    return None


def record_files(path: str | Path) -> list[Path]:
    """The ``.jsonl`` files a path stands for: the file itself, or a directory's, sorted."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*.jsonl") if f.is_file())
    if p.is_file():
        return [p]
    raise RecordFileError(Errors.E003.format(path=p), str(p))


def json_values(lines: Iterable[str], path: Any, bad_json: str = Errors.E001) -> Iterator[tuple[int, Any]]:
    """Decoded JSON values of JSONL lines with their line numbers; blank lines skipped.

    ``bad_json`` is the message template (``path``, ``line``, ``reason``) of a line that
    is not JSON. Shared by record, pattern and gazetteer files so all report alike.
    """
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line, object_pairs_hook=_unique_members)
        except json.JSONDecodeError as err:
            raise RecordFileError(bad_json.format(path=path, line=lineno, reason=err.msg), str(path), lineno) from None
        except _DuplicateMember as err:
            raise RecordFileError(Errors.E002.format(path=path, line=lineno, reason=err), str(path), lineno) from None


class _DuplicateMember(ValueError):
    """A JSON object names a member twice (``json`` would keep the last value silently)."""


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            raise _DuplicateMember(f"member '{name}' appears twice in one object; keep one")
        found[name] = value
    return found


def json_lines(path: Path, bad_json: str = Errors.E001) -> Iterator[tuple[int, Any]]:
    """``json_values`` of a file, streamed; unreadable and non-UTF-8 files raise E005 and E007."""
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as err:
        raise RecordFileError(Errors.E005.format(path=path, reason=err.strerror), str(path)) from None
    with handle:
        try:
            yield from json_values(handle, path, bad_json)
        except UnicodeDecodeError as err:
            raise RecordFileError(Errors.E007.format(path=path, reason=err.reason), str(path)) from None


def iter_located_records(path: str | Path) -> Iterator[tuple[Path, int, Record]]:
    """Yield (file, line, record) for every record under ``path``, validating each line.

    Raises ``RecordFileError`` with ``file:line: reason`` for the first bad line.
    """
    for file in record_files(path):
        for lineno, data in json_lines(file):
            try:
                record = parse_record(data)
            except ValueError as err:
                raise RecordFileError(
                    Errors.E002.format(path=file, line=lineno, reason=err), str(file), lineno
                ) from None
            yield file, lineno, record


def iter_records(path: str | Path) -> Iterator[Record]:
    """Yield every record under ``path``, validating each line (see ``iter_located_records``)."""
    for _file, _line, record in iter_located_records(path):
        yield record


def text_sha256(text: str) -> str:
    """The hex SHA-256 of a text encoded as UTF-8: the ``document`` record's ``sha256``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dump_record(record: Record) -> str:
    """One JSONL line (no trailing newline) with a stable key order."""
    return json.dumps(record.model_dump(mode="json", exclude_none=False), ensure_ascii=False)
