"""Gazetteer entry models: one pydantic model per kind of real-world entity.

Each line of ``patterns/gazetteer/*.jsonl`` is validated against these when the
gazetteer loads (see ``gazetteer.py`` for the cross-file checks).
"""

from __future__ import annotations

import itertools
import re
from typing import Annotated, Iterable, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from caspianie.normalize import strip_accents
from caspianie.contract.datevalues import point_days
from caspianie.contract.records import KEY_PATTERN, ProjectKind

Key = Annotated[str, Field(pattern=KEY_PATTERN)]
Text = Annotated[str, Field(min_length=1, pattern=r"^\S(.*\S)?$")]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
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
    """Earliest and latest ISO day a date value of any precision (``2024``, ``1998-Q3``) can mean."""
    first, last = point_days(value)
    return first.isoformat(), last.isoformat()


class Office(BaseModel):
    """A post held: ``title`` as written; ``role``/``of`` are derived from it when omitted."""

    model_config = ConfigDict(extra="forbid")

    title: Text
    start: IsoDate
    end: Optional[IsoDate] = None
    role: Optional[Text] = None
    of: Optional[Key] = None
    source: Optional[Text] = Field(
        default=None, description="where the term's dates come from (a public reference, named)")

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
    family_name: Optional[Text] = Field(
        default=None, description="the name a bare mention uses when it is not the last word (Xi Jinping -> Xi)")

    @field_validator("aliases")
    @classmethod
    def _no_bare_names(cls, aliases: list[str]) -> list[str]:
        bare = [a for a in aliases if len(a.split()) < 2]
        if bare:
            raise ValueError(f"person aliases must be full names, not bare names {bare}")
        return aliases


class Operator(BaseModel):
    """The company named like the project it runs ("Caspian Pipeline Consortium")."""

    model_config = ConfigDict(extra="forbid")
    key: Key
    name: Text
    forms: list[Text] = Field(min_length=1, description=(
        "the project's surface forms that name the company too ('CPC'); 'CPC pipeline' does not"))
    country: Optional[Key] = None


class ProjectEntry(_Entry):
    """Infrastructure or a programme."""

    kind: ProjectKind
    countries: list[Key] = Field(default_factory=list)
    operator: Optional[Operator] = Field(default=None, description=(
        "a mention by one of the operator's forms names the company as well as the project"))
    historic: bool = Field(default=False, description=(
        "a route of history (the Great Silk Road): a project only where the text calls it one "
        "('the Great Silk Road project'), not where it recalls the past"))
    name_alone: bool = Field(default=True, description=(
        "false when the bare name is also a place (Absheron, a peninsula): only the aliases with "
        "a kind word ('the Absheron gas field') name the project"))

    def matched_forms(self) -> list[str]:
        """The forms a text names the project by."""
        return self.surface_forms() if self.name_alone else list(self.aliases)

    @model_validator(mode="after")
    def _operator_forms_are_forms(self) -> "ProjectEntry":
        unknown = [f for f in (self.operator.forms if self.operator else []) if f not in self.surface_forms()]
        if unknown:
            raise ValueError(f"operator forms {unknown} are not names or aliases of the project")
        return self


Entry = Union[CountryEntry, OrganizationEntry, PersonEntry, ProjectEntry]
MODELS: dict[str, type[_Entry]] = {
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
