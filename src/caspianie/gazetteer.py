"""Gazetteers: real-world countries, organizations, persons and projects as data.

The four packaged files live in ``patterns/gazetteer/`` (one JSON object per
line, one line per entity; the format is in ``patterns/README.md``). Every line
is validated when loaded, and cross-file rules are checked once all files are
read: keys are unique, every ``country`` is a key of countries.jsonl, every
office names a known country or organization, and a surface form, adjective or
capital points to exactly one entry. A bad line raises
:class:`caspianie.errors.RecordFileError` with ``file:line``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Iterable, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import Errors, RecordFileError
from .normalize import strip_accents
from .records import KEY_PATTERN, ProjectKind, json_values

Key = Annotated[str, Field(pattern=KEY_PATTERN)]
Text = Annotated[str, Field(min_length=1, pattern=r"^\S(.*\S)?$")]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Source = Union[Path, Traversable]

FILE_KINDS: tuple[str, ...] = ("countries", "organizations", "persons", "projects")
LABELS: dict[str, str] = {
    "countries": "COUNTRY", "organizations": "ORG", "persons": "PERSON", "projects": "PROJECT",
}
#: Per-joint spellings of a hyphenated compound ("Baku–Tbilisi", "Baku- Tbilisi", ...).
DASH_JOINTS: tuple[str, ...] = ("–", "-", "—", " ", "- ", "– ", " - ", " – ")
_JOINT = re.compile(r"(?<=\w)\s?[-–—]\s?(?=\w)")
_MAX_JOINT_COMBINATIONS = 64


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Key
    name: Text
    aliases: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_repeated_forms(self) -> "_Entry":
        forms = [self.name, *self.aliases]
        repeated = sorted({f for f in forms if forms.count(f) > 1})
        if repeated:
            raise ValueError(f"name/aliases repeat {repeated}; list each surface form once")
        return self

    def surface_forms(self) -> list[str]:
        """The name and aliases, as written in the file."""
        return [self.name, *self.aliases]


class CountryEntry(_Entry):
    """A state: ``un_member`` marks the 193 UN members, ``ambiguous`` a name that is also a word."""

    adjectives: list[Text] = Field(default_factory=list)
    capitals: list[Text] = Field(default_factory=list)
    un_member: bool = False
    historical: bool = False
    ambiguous: bool = False


class OrganizationEntry(_Entry):
    """A company, state body or international organization."""

    country: Optional[Key]
    category: Literal["company", "state_body", "international", "other"]

    @model_validator(mode="after")
    def _international_has_no_country(self) -> "OrganizationEntry":
        if self.category == "international" and self.country is not None:
            raise ValueError("an 'international' organization must have country null")
        return self


def _date_bounds(value: str) -> tuple[str, str]:
    """Earliest and latest ISO day an ISO date of any precision can mean."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value, value


class Office(BaseModel):
    """A post held: ``title`` as written; ``role``/``of`` are derived from it when omitted."""

    model_config = ConfigDict(extra="forbid")

    title: Text
    start: IsoDate
    end: Optional[IsoDate] = None
    role: Optional[Text] = None
    of: Optional[Key] = None

    @model_validator(mode="after")
    def _ordered(self) -> "Office":
        if self.end is not None and _date_bounds(self.end)[1] < _date_bounds(self.start)[0]:
            raise ValueError(f"office '{self.title}' ends ({self.end}) before its start ({self.start})")
        return self

    def covers(self, on: str) -> bool:
        """True when the term overlaps the ISO date ``on`` (any precision)."""
        on_lo, on_hi = _date_bounds(on)
        if _date_bounds(self.start)[0] > on_hi:
            return False
        return self.end is None or _date_bounds(self.end)[1] >= on_lo


class PersonEntry(_Entry):
    """A person; aliases are full-name variants, never a bare surname."""

    country: Optional[Key]
    offices: list[Office] = Field(default_factory=list)

    @field_validator("aliases")
    @classmethod
    def _no_bare_names(cls, aliases: list[str]) -> list[str]:
        bare = [a for a in aliases if len(a.split()) < 2]
        if bare:
            raise ValueError(f"person aliases must be full names, not bare names {bare}")
        return aliases


class ProjectEntry(_Entry):
    """Infrastructure or a programme."""

    kind: ProjectKind
    countries: list[Key] = Field(default_factory=list)


Entry = Union[CountryEntry, OrganizationEntry, PersonEntry, ProjectEntry]
_MODELS: dict[str, type[_Entry]] = {
    "countries": CountryEntry, "organizations": OrganizationEntry,
    "persons": PersonEntry, "projects": ProjectEntry,
}


def without_the(form: str) -> str:
    """``the Russian Federation`` -> ``Russian Federation`` (other forms unchanged)."""
    return form[4:] if form[:4] in ("the ", "The ") else form


def dash_variants(form: str) -> list[str]:
    """Spellings of a hyphenated compound with each joint as en dash, hyphen, em dash or space."""
    parts = _JOINT.split(form)
    joints = len(parts) - 1
    if joints == 0:
        return [form]
    if len(DASH_JOINTS) ** joints <= _MAX_JOINT_COMBINATIONS:
        combos: Iterable[tuple[str, ...]] = itertools.product(DASH_JOINTS, repeat=joints)
    else:
        combos = ((j,) * joints for j in DASH_JOINTS)
    variants = []
    for combo in combos:
        pieces = [parts[0]]
        for joint, part in zip(combo, parts[1:]):
            pieces += [joint, part]
        variants.append("".join(pieces))
    return variants


def surface_variants(form: str) -> list[str]:
    """Every spelling a pattern for ``form`` matches: article, dashes, apostrophe, accents."""
    bare = without_the(form)
    bases = [bare, f"the {bare}", f"The {bare}"] if bare != form else [form]
    out: list[str] = []
    for base in bases:
        for variant in dash_variants(base):
            for spelling in {variant, variant.replace("'", "’"), variant.replace("’", "'")}:
                for candidate in (spelling, strip_accents(spelling)):
                    if candidate not in out:
                        out.append(candidate)
    return out


def _canonical_role(text: str) -> str:
    """``Foreign Minister`` -> ``minister of foreign affairs``; ``President`` -> ``president``."""
    role = " ".join(text.lower().split())
    areas = "foreign|energy|transport|economy|finance|defence|defense"
    match = re.fullmatch(rf"({areas}) minister", role)
    if match:
        area = {"foreign": "foreign affairs", "defense": "defence"}.get(match[1], match[1])
        role = f"minister of {area}"
    return {"premier": "prime minister", "head of state": "president"}.get(role, role)


@dataclass
class Gazetteer:
    """The loaded gazetteers, keyed by canonical key, with lookups for the pipeline."""

    countries: dict[str, CountryEntry] = field(default_factory=dict)
    organizations: dict[str, OrganizationEntry] = field(default_factory=dict)
    persons: dict[str, PersonEntry] = field(default_factory=dict)
    projects: dict[str, ProjectEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._adjectives = _lookup_index(self.countries, "adjectives")
        self._capitals = _lookup_index(self.countries, "capitals")

    def _tables(self) -> dict[str, dict[str, Entry]]:
        return {kind: getattr(self, kind) for kind in FILE_KINDS}

    def get(self, key: str) -> Optional[Entry]:
        """The entry with this key, in whichever file it is, or None."""
        for table in self._tables().values():
            if key in table:
                return table[key]
        return None

    def kind_of(self, key: str) -> Optional[str]:
        """``countries``, ``organizations``, ``persons`` or ``projects`` for a key, or None."""
        return next((kind for kind, table in self._tables().items() if key in table), None)

    def country_for_adjective(self, word: str) -> Optional[str]:
        """``Kazakh`` -> ``kazakhstan``; exact spelling first, then case-insensitively."""
        return _lookup(self._adjectives, word)

    def country_for_capital(self, word: str) -> Optional[str]:
        """``Astana`` -> ``kazakhstan`` (former capitals included)."""
        return _lookup(self._capitals, word)

    def holders(
        self, title_country_key: str, office_word: str, on: Optional[str] = None
    ) -> list[PersonEntry]:
        """Persons who held ``office_word`` (e.g. "President") of ``title_country_key``.

        ``on`` is an ISO date (YYYY, YYYY-MM or YYYY-MM-DD); when given, only terms that
        overlap it count. The result is ordered by the start of the matching term.
        """
        wanted = _canonical_role(office_word)
        found: list[tuple[str, PersonEntry]] = []
        for person in self.persons.values():
            for office in person.offices:
                if office.of != title_country_key or (on is not None and not office.covers(on)):
                    continue
                if wanted in [_canonical_role(r) for r in re.split(r"\s+[–—-]\s+", office.role or "")]:
                    found.append((office.start, person))
                    break
        return [person for _, person in sorted(found, key=lambda item: item[0])]

    def span_patterns(self) -> list[dict]:
        """SpanRuler phrase patterns for every name and alias (case-sensitive, ORTH).

        Countries contribute names and aliases (not adjectives or capitals); persons their
        full names and full-name aliases. Variants are added for a leading "the", dashes in
        compounds, straight/curly apostrophes and accents.
        """
        patterns: list[dict] = []
        for kind, table in self._tables().items():
            for key in sorted(table):
                seen: set[str] = set()
                for form in table[key].surface_forms():
                    for variant in surface_variants(form):
                        if variant not in seen:
                            seen.add(variant)
                            patterns.append({"label": LABELS[kind], "pattern": variant, "id": key})
        return patterns


def _lookup_index(countries: dict[str, CountryEntry], attr: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, entry in countries.items():
        for word in getattr(entry, attr):
            index.setdefault(word, key)
            index.setdefault(word.casefold(), key)
    return index


def _lookup(index: dict[str, str], word: str) -> Optional[str]:
    word = word.strip()
    for candidate in (word, word.casefold(), strip_accents(word).casefold()):
        if candidate in index:
            return index[candidate]
    return None


def file_kind(name: str) -> Optional[str]:
    """Which gazetteer a file name holds: ``persons-extra.jsonl`` -> ``persons``."""
    stem = name.split(".")[0]
    head = re.split(r"[-_]", stem)[0]
    return head if head in FILE_KINDS else None


def _read_lines(source: Source) -> list[tuple[int, dict]]:
    """The non-blank lines of a gazetteer file as (line number, JSON object)."""
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RecordFileError(Errors.E005.format(path=source, reason=err), str(source)) from err
    rows = []
    for number, data in json_values(text.splitlines(), source):
        if not isinstance(data, dict):
            message = Errors.E001.format(path=source, line=number, reason="not an object")
            raise RecordFileError(message, str(source), number)
        rows.append((number, data))
    return rows


def _validation_reason(err: ValidationError) -> str:
    parts = []
    for problem in err.errors():
        where = ".".join(str(p) for p in problem["loc"]) or "entry"
        parts.append(f"{where}: {problem['msg']}")
    return "; ".join(parts)


Located = dict[str, tuple[str, int]]


def _load(sources: Iterable[Source]) -> Gazetteer:
    """Read and validate the given files, then check the rules that span files."""
    tables: dict[str, dict] = {kind: {} for kind in FILE_KINDS}
    where: Located = {}
    for source in sources:
        kind = file_kind(source.name)
        if kind is None:
            raise RecordFileError(Errors.E122.format(path=source), str(source))
        for number, data in _read_lines(source):
            try:
                entry = _MODELS[kind].model_validate(data)
            except ValidationError as err:
                reason = _validation_reason(err)
                raise RecordFileError(Errors.E004.format(path=source, line=number, reason=reason),
                                      str(source), number) from err
            if entry.key in where:
                other = "{}:{}".format(*where[entry.key])
                message = Errors.E120.format(path=source, line=number, key=entry.key, other=other)
                raise RecordFileError(message, str(source), number)
            where[entry.key] = (str(source), number)
            tables[kind][entry.key] = entry
    gazetteer = Gazetteer(**tables)
    _check(gazetteer, where)
    return gazetteer


def _fail(template: str, key: str, where: Located, **fields: str) -> RecordFileError:
    path, line = where[key]
    return RecordFileError(template.format(path=path, line=line, key=key, **fields), path, line)


def _check(gazetteer: Gazetteer, where: Located) -> None:
    """Cross-file rules: country references, office holders, unique forms and lookups."""
    for table in (gazetteer.organizations, gazetteer.persons, gazetteer.projects):
        for key, entry in table.items():
            refs = entry.countries if isinstance(entry, ProjectEntry) else [entry.country]
            for ref in refs:
                if ref is not None and ref not in gazetteer.countries:
                    raise _fail(Errors.E121, key, where, country=ref)
    _resolve_offices(gazetteer, where)
    _check_unique_forms(gazetteer, where)
    for attr, what in (("adjectives", "adjective"), ("capitals", "capital")):
        owner: dict[str, str] = {}
        for key, country in gazetteer.countries.items():
            for value in getattr(country, attr):
                if owner.setdefault(value, key) != key:
                    raise _fail(Errors.E125, key, where, what=what, value=value,
                                other_key=owner[value])


def _resolve_offices(gazetteer: Gazetteer, where: Located) -> None:
    """Fill ``role`` and ``of`` of each office from its title ('<role> of <name>')."""
    names: dict[str, str] = {}
    for table in (gazetteer.countries, gazetteer.organizations):
        for key, entry in table.items():
            for form in entry.surface_forms():
                names.setdefault(without_the(form), key)
    for key, person in gazetteer.persons.items():
        for office in person.offices:
            if office.of is not None:
                if gazetteer.kind_of(office.of) not in ("countries", "organizations"):
                    raise _fail(Errors.E124, key, where, title=office.title)
                office.role = office.role or office.title.split(" of ")[0]
                continue
            for match in re.finditer(r" of ", office.title):
                target = names.get(without_the(office.title[match.end():]))
                if target is not None:
                    office.of = target
                    office.role = office.role or office.title[: match.start()]
                    break
            else:
                raise _fail(Errors.E124, key, where, title=office.title)


def _check_unique_forms(gazetteer: Gazetteer, where: Located) -> None:
    """A name or alias (ignoring a leading "the") must belong to one entry only."""
    owner: dict[str, str] = {}
    for table in gazetteer._tables().values():
        for key, entry in table.items():
            for form in {without_the(f) for f in entry.surface_forms()}:
                other_key = owner.setdefault(form, key)
                if other_key != key:
                    other = "{}:{}".format(*where[other_key])
                    raise _fail(Errors.E123, key, where, form=form, other_key=other_key,
                                other=other)


def packaged_files() -> list[Traversable]:
    """The four gazetteer files shipped in the package."""
    folder = files("caspianie") / "patterns" / "gazetteer"
    return [folder / f"{kind}.jsonl" for kind in FILE_KINDS]


def load_gazetteer_files(paths: Iterable[Path]) -> Gazetteer:
    """Load gazetteer files named by kind (``countries.jsonl``, ``persons-extra.jsonl``...).

    Country references must resolve among the files given; to add to the packaged data,
    pass ``[*packaged_files(), Path("my-persons.jsonl")]``.
    """
    return _load(Path(p) if isinstance(p, str) else p for p in paths)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteers, loaded and validated once per process."""
    return _load(packaged_files())
