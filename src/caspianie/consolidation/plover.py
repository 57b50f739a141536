"""PLOVER records of consolidated events, as pydantic models.

Field names follow the PLOVER data interchange specification (``id``, ``date``,
``enddate``, ``source``, ``recipient``, ``event``, ``mode``, ``context``,
``quad_code``, ``event_loc``, ``event_text``, ``link``, ``coder``); fields the
specification does not name are caspianie extensions (``cameo``,
``date_precision``, ``n_sources``, ``sources``). The event categories and the
CONSULT modes are PLOVER's vocabularies; which category each caspianie event
type maps to is data (``patterns/plover.jsonl``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

PloverCategory = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE",
                         "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
                         "ASSAULT"]
MODES: dict[str, set[str]] = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "AID": {"economic", "military", "humanitarian", "asylum"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
}
QUADS = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
         "INVESTIGATE": 2, "DEMAND": 3, "DISAPPROVE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3, "PROTEST": 4,
         "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PloverActor(_Strict):
    """An actor object: ``code`` is an ISO 3166 alpha-3 code (or IGO for international
    bodies) when known; ``key`` is the caspianie canonical key."""

    code: Optional[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = None
    name: str
    key: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    kind: Optional[Literal["person", "country", "organization"]] = None
    reports: Annotated[int, Field(ge=1)] = 1


class PloverLocation(_Strict):
    placename: str
    country_code: Optional[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = None


class PloverEvent(_Strict):
    """One consolidated event in PLOVER form."""

    id: str
    date: IsoDate
    enddate: Optional[IsoDate] = None
    date_precision: Literal["day", "month", "year"]
    source: Annotated[list[PloverActor], Field(min_length=1)]
    recipient: list[PloverActor] = Field(default_factory=list)
    event: Annotated[list[PloverCategory], Field(min_length=1)]
    mode: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    quad_code: Literal[1, 2, 3, 4]
    event_loc: Optional[PloverLocation] = None
    event_text: list[str] = Field(default_factory=list)
    cameo: Optional[Annotated[str, Field(pattern=r"^\d{2,4}$")]] = None
    link: Optional[str] = None
    coder: str = "caspianie"
    n_sources: Annotated[int, Field(ge=1)]
    sources: Annotated[list[str], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> "PloverEvent":
        for mode in self.mode:
            if not any(mode in MODES.get(category, set()) for category in self.event):
                raise ValueError(f"mode '{mode}' is not a PLOVER mode of {', '.join(self.event)}")
        if self.quad_code != QUADS[self.event[0]]:
            raise ValueError(f"quad_code {self.quad_code} does not match {self.event[0]} ({QUADS[self.event[0]]})")
        if self.enddate is not None and self.enddate < self.date:
            raise ValueError(f"enddate {self.enddate} is before date {self.date}")
        return self


class DyadicRow(_Strict):
    """One source-target pair of a consolidated event: the shape ACLED/GDELT users load."""

    event_id: str
    date: IsoDate
    enddate: IsoDate
    date_precision: Literal["day", "month", "year"]
    event_type: str
    plover: Optional[PloverCategory] = None
    cameo: Optional[str] = None
    source: str
    source_country: Optional[str] = None
    target: Optional[str] = None
    target_country: Optional[str] = None
    directed: bool
    location: Optional[str] = None
    n_sources: Annotated[int, Field(ge=1)]
    n_documents: Annotated[int, Field(ge=1)]


def as_dict(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
