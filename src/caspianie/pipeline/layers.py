"""The span layers the components hand to each other, each defined once.

A layer is a span group (``doc.spans[name]``). Its *role* (``actors``, ``dates``...) is
fixed here; its *name* comes from the ``[layers]`` section of ``pipeline.cfg``, which
every component receives, so renaming a layer there renames it everywhere. A component
that runs stamps the document with the names it was configured with (``wire``); the
readers further down (helpers, the record builder) look names up on the document.

The spans of the derived layers carry one frozen, typed value (``span._.info``):
``DateInfo``, ``ActorInfo``, ``ProjectInfo`` or ``AgreementInfo``. ``span._.key``,
``_.kind``, ``_.rule``, ``_.role`` and ``_.date`` read fields of that value. The ruler
layers (entities, titles, agreement names) carry only the pattern's label and id.

Each layer is also a read-only ``Doc`` attribute (``doc._.actors``...): that is the
name components give in their ``requires``/``assigns``, so ``nlp.analyze_pipes()``
shows who writes and who reads each layer (see ``check.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

from spacy.tokens import Doc, Span

from caspianie.contract.records import Date
from caspianie.errors import CaspianieError


@dataclass(frozen=True)
class DateInfo:
    """A date span's value (``records.Date``, with its ``basis``) and the pattern that found it."""

    date: Date
    rule: str


@dataclass(frozen=True)
class KeyedInfo:
    """What every actor, project and instrument mention carries: canonical key, kind,
    the rule (pattern or linking step) that produced it, and the display name."""

    key: str
    kind: str
    rule: str
    name: str


@dataclass(frozen=True)
class ActorInfo(KeyedInfo):
    """An actor mention, with its country (a key) and the title the text gives it."""

    country: Optional[str] = None
    role: Optional[str] = None


@dataclass(frozen=True)
class ProjectInfo(KeyedInfo):
    """A project mention; ``known_countries`` are the gazetteer's, for a known project."""

    aliases: tuple[str, ...] = ()
    known_countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgreementInfo(KeyedInfo):
    """An instrument mention. ``draft``: the text right after a name says it is a draft or
    was not signed (the record's status is decided by the record builder, from events)."""

    parties: tuple[str, ...] = ()
    draft: bool = False
    one_side: bool = False  # the parties named are one side ("an agreement with Azerenerji"): its signers are the other


@dataclass(frozen=True)
class Layer:
    """One span layer: its role, the type of value its spans carry, and what writes it."""

    role: str
    value: Optional[type]
    writer: str

    @property
    def attr(self) -> str:
        """The ``Doc`` attribute that stands for this layer in ``requires``/``assigns``."""
        return f"doc._.{self.role}"

    def name(self, doc: Doc) -> str:
        """The span-group name of this layer in ``doc`` (from the pipeline's config)."""
        return names_of(doc)[self.role]

    def spans(self, doc: Doc) -> Any:
        """The layer's spans (an empty list when the layer was not written)."""
        return doc.spans.get(names_of(doc)[self.role], [])

    def span(self, doc: Doc, start: int, end: int, label: str, value: Any) -> Span:
        """A new span of this layer over tokens [start, end) carrying ``value``."""
        span = Span(doc, start, end, label=label, span_id=self.name(doc))
        annotate(span, value)
        return span

    def write(self, doc: Doc, spans: Iterable[Span]) -> None:
        """Set the layer's spans (a component writes each of its layers once)."""
        doc.spans[self.name(doc)] = list(spans)


ENTITIES = Layer("entities", None, "caspianie_entity_ruler")
TITLES = Layer("titles", None, "caspianie_title_ruler")
AGREEMENT_NAMES = Layer("agreement_names", None, "caspianie_agreement_ruler")
DATES = Layer("dates", DateInfo, "caspianie_dates")
ACTORS = Layer("actors", ActorInfo, "caspianie_actors")
PROJECTS = Layer("projects", ProjectInfo, "caspianie_projects")
AGREEMENTS = Layer("agreements", AgreementInfo, "caspianie_agreements")
LAYERS: tuple[Layer, ...] = (ENTITIES, TITLES, AGREEMENT_NAMES, DATES, ACTORS, PROJECTS, AGREEMENTS)
ROLES: tuple[str, ...] = tuple(layer.role for layer in LAYERS)
DEFAULT_NAMES: dict[str, str] = {role: f"caspianie_{role}" for role in ROLES}

_WIRING = "caspianie_layers"  # doc.user_data key of the names a pipeline used (plain strings)


def layer_names(config: Optional[Mapping[str, str]] = None) -> dict[str, str]:
    """Every role's span-group name: the defaults, overridden by a component's ``layers``
    config. An unknown role or an empty name is a configuration error."""
    names = dict(DEFAULT_NAMES)
    for role, name in (config or {}).items():
        if role not in names:
            raise CaspianieError(f"pipeline config: [layers] has no layer '{role}' (known: {', '.join(ROLES)})")
        if not isinstance(name, str) or not name:
            raise CaspianieError(f"pipeline config: [layers] {role} must be a non-empty name")
        names[role] = name
    return names


def wire(doc: Doc, names: Mapping[str, str]) -> None:
    """Record on ``doc`` the layer names the running pipeline uses."""
    doc.user_data[_WIRING] = dict(names)


def names_of(doc: Doc) -> Mapping[str, str]:
    """The layer names ``doc`` was annotated with (the defaults for a hand-made ``Doc``)."""
    return doc.user_data.get(_WIRING, DEFAULT_NAMES)


def annotate(span: Span, value: Any) -> None:
    """Give a span of a derived layer its typed value."""
    if not isinstance(value, (DateInfo, ActorInfo, ProjectInfo, AgreementInfo)):
        raise TypeError(f"a layer value must be a DateInfo, ActorInfo, ProjectInfo or AgreementInfo, not {type(value).__name__}")
    span._.info = value


VALUE_KEY = "caspianie"
"""First element of the ``doc.user_data`` key of a span's extension values (``span_values``)."""
_NO_VALUES: dict[int, Any] = {}


def span_values(doc: Doc, name: str, span_id: int, create: bool = False) -> dict[int, Any]:
    """The values of extension ``name`` of the spans with id ``span_id`` (a span group's name),
    keyed by ``offsets_key``: one dict per group in ``doc.user_data``.

    spaCy keys span extension values by character offsets only, so an actor and a project
    over the same text ("TITR") would share them; the span's ``id`` (set to its group's name
    by the components) keeps the groups apart. One integer per span (not a tuple of five)
    keeps a layer of 200,000 dates to about 60 bytes a value.
    """
    key = (VALUE_KEY, name, span_id)
    values = doc.user_data.get(key)
    if values is None:
        if not create:
            return _NO_VALUES
        values = doc.user_data[key] = {}
    return values


def offsets_key(span: Span) -> int:
    """A span's character offsets as one integer, its key in ``span_values``."""
    return span.start_char << 32 | span.end_char


def info_of(span: Span) -> Any:
    """``span._.info``, read straight from ``doc.user_data`` without spaCy's per-access
    ``Underscore`` object: record building and the value fields read it for every mention."""
    return span_values(span.doc, "info", span.id).get(span.start_char << 32 | span.end_char)


def _field(name: str):
    def get(span: Span) -> Any:
        return getattr(info_of(span), name, None)

    return get


VALUE_FIELDS = ("key", "kind", "rule", "role", "date")
"""Span attributes read from the span's value (``span._.key`` is ``span._.info.key``)."""


def register_layers() -> None:
    """Register ``doc._.<role>`` for every layer and the value fields on spans (idempotent)."""
    for layer in LAYERS:
        if not Doc.has_extension(layer.role):
            Doc.set_extension(layer.role, getter=layer.spans)
    for name in VALUE_FIELDS:
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_field(name))
