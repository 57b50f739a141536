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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from caspianie.errors import Errors, RecordFileError
from caspianie.normalize import strip_accents
from caspianie.knowledge.gazetteer_models import (  # noqa: F401  (re-exported: the entry models are part of this API)
    MODELS,
    CountryEntry,
    Entry,
    Office,
    OrganizationEntry,
    PersonEntry,
    ProjectEntry,
    dash_variants,
    surface_variants,
    without_the,
)
from caspianie.knowledge.patternfiles import lexicons, packaged, read_located

FILE_KINDS: tuple[str, ...] = ("countries", "organizations", "persons", "projects")
LABELS: dict[str, str] = {
    "countries": "COUNTRY", "organizations": "ORG", "persons": "PERSON", "projects": "PROJECT",
}


def _canonical_role(text: str) -> str:
    """``Foreign Minister`` -> ``minister of foreign affairs``; ``President`` -> ``president``."""
    role = " ".join(text.lower().split())
    area, _, head = role.rpartition(" ")
    areas = dict(lexicons()["minister_areas"])  # "foreign" -> "foreign affairs"
    if head == "minister" and area in areas:
        role = f"minister of {areas[area]}"
    return dict(lexicons()["role_synonyms"]).get(role, role)


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
        compounds, straight/curly apostrophes and accents, and for the capitalized spelling of
        a long acronym of a company or project ("Botas" for BOTAS, "Tanap" for TANAP).
        """
        patterns: list[dict] = []
        for kind, table in self._tables().items():
            for key in sorted(table):
                seen: set[str] = set()
                entry = table[key]
                for form in entry.matched_forms() if isinstance(entry, ProjectEntry) else entry.surface_forms():
                    for variant in surface_variants(form) + _capitalized(form, kind):
                        if variant not in seen:
                            seen.add(variant)
                            patterns.append({"label": LABELS[kind], "pattern": variant, "id": key})
        return patterns


CAPITALIZED_MIN = 5  # letters of an all-capitals name written capitalized too: "Botas", not "Tap"


def _capitalized(form: str, kind: str) -> list[str]:
    """The capitalized spelling of an organization's or project's one-word acronym
    ("BOTAS" -> "Botas"); shorter acronyms are words when capitalized ("TAP", "Tap"), and so
    are the acronyms ``acronyms_not_capitalized`` in ``patterns/lexicons.jsonl`` lists."""
    plain = strip_accents(form)
    if kind not in ("organizations", "projects") or not (plain.isalpha() and plain.isupper() and len(plain) >= CAPITALIZED_MIN):
        return []
    if plain in lexicons()["acronyms_not_capitalized"]:  # "STRING": capitalized, a word
        return []
    return [plain.capitalize()]


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


Located = dict[str, tuple[str, int]]


def _load(sources: Iterable[Path]) -> Gazetteer:
    """Read and validate the given files, then check the rules that span files."""
    tables: dict[str, dict] = {kind: {} for kind in FILE_KINDS}
    where: Located = {}
    for source in sources:
        kind = file_kind(source.name)
        if kind is None:
            raise RecordFileError(Errors.E122.format(path=source), str(source))
        for number, entry in read_located(source, MODELS[kind], bad_json=Errors.E001):
            if entry.key in where:
                other = "{}:{}".format(*where[entry.key])
                message = Errors.E120.format(path=source, line=number, key=entry.key, other=other)
                raise RecordFileError(message, str(source), number)
            where[entry.key] = (str(source), number)
            tables[kind][entry.key] = entry
            operator = getattr(entry, "operator", None)
            if operator is not None and operator.key in where:  # an operator's key is an actor key like any other
                other = "{}:{}".format(*where[operator.key])
                raise RecordFileError(Errors.E120.format(path=source, line=number, key=operator.key, other=other),
                                      str(source), number)
            if operator is not None:
                where[operator.key] = (str(source), number)
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
            if isinstance(entry, ProjectEntry) and entry.operator is not None:
                refs = [*refs, entry.operator.country]
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


def packaged_files() -> list[Path]:
    """The four gazetteer files shipped in the package."""
    return [packaged(f"gazetteer/{kind}.jsonl") for kind in FILE_KINDS]


def load_gazetteer_files(paths: Iterable[Path]) -> Gazetteer:
    """Load gazetteer files named by kind (``countries.jsonl``, ``persons-extra.jsonl``...).

    Country references must resolve among the files given; to add to the packaged data,
    pass ``[*packaged_files(), Path("my-persons.jsonl")]``.
    """
    return _load(Path(p) for p in paths)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteers, loaded and validated once per process."""
    return _load(packaged_files())
