"""One-to-one matching of predicted records to gold records (contract, Evaluation 2-5).

Every function here works on the records of ONE document and returns the
matched pairs as ``(gold_index, pred_index)`` tuples, indices into the lists it
was given. Scores are exact ``Fraction`` values, so that ties in the greedy
event matching are real ties and do not depend on float rounding.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Hashable, Iterable, Mapping, Optional, Sequence, Union

from caspianie.normalize import normalize_name
from caspianie.contract.records import ActorRecord, AgreementRecord, Date, EventRecord, ProjectRecord

Pair = tuple[int, int]
KeyMap = Mapping[str, str]
NamedRecord = Union[ActorRecord, ProjectRecord]


def jaccard(a: Iterable[Hashable], b: Iterable[Hashable]) -> Fraction:
    """|A ∩ B| / |A ∪ B| as an exact fraction; two empty sets are identical (1)."""
    set_a, set_b = set(a), set(b)
    union = set_a | set_b
    if not union:
        return Fraction(1)
    return Fraction(len(set_a & set_b), len(union))


def date_value(date: Optional[Date]) -> Optional[str]:
    """The ISO value of a date, or None when the date or its value is missing."""
    return date.value if date is not None else None


def norm_place(place: Optional[str]) -> Optional[str]:
    """A place name normalized like any name, keeping None as None."""
    return normalize_name(place) if place is not None else None


def map_keys(keys: Iterable[str], mapping: KeyMap) -> set[str]:
    """Predicted keys translated to gold keys; keys the mapping lacks stay as they are."""
    return {mapping.get(key, key) for key in keys}


Keyed = Union[ActorRecord, ProjectRecord, AgreementRecord]


def key_map(gold: Sequence[Keyed], pred: Sequence[Keyed], pairs: Iterable[Pair]) -> dict[str, str]:
    """Predicted key -> gold key for every matched pair, used to compare key lists."""
    return {pred[p].key: gold[g].key for g, p in pairs}


# --- actors and projects (rules 2 and 3) -------------------------------------------------


def gold_names(record: NamedRecord) -> set[str]:
    """Normalized name and aliases of a gold record (empty normalizations dropped)."""
    names = {normalize_name(text) for text in [record.name, *record.aliases]}
    names.discard("")
    return names


def pred_names(record: NamedRecord) -> set[str]:
    """Normalized name, aliases and mention texts of a predicted record."""
    texts = [record.name, *record.aliases, *(mention.text for mention in record.mentions)]
    names = {normalize_name(text) for text in texts}
    names.discard("")
    return names


def match_named(gold: Sequence[NamedRecord], pred: Sequence[NamedRecord], require_kind: bool) -> list[Pair]:
    """First-fit one-to-one matching: each gold record in file order takes the
    first still-unmatched prediction in file order whose names match."""
    used: set[int] = set()
    pairs: list[Pair] = []
    pred_name_sets = [pred_names(record) for record in pred]
    for g, gold_record in enumerate(gold):
        wanted = gold_names(gold_record)
        for p, pred_record in enumerate(pred):
            if p in used or (require_kind and gold_record.kind != pred_record.kind):
                continue
            if wanted & pred_name_sets[p]:
                used.add(p)
                pairs.append((g, p))
                break
    return pairs


def match_actors(gold: Sequence[ActorRecord], pred: Sequence[ActorRecord]) -> list[Pair]:
    """Actors match on names and equal kind (rule 2)."""
    return match_named(gold, pred, require_kind=True)


def match_projects(gold: Sequence[ProjectRecord], pred: Sequence[ProjectRecord]) -> list[Pair]:
    """Projects match on names only (rule 3)."""
    return match_named(gold, pred, require_kind=False)


# --- agreements (rule 4) --------------------------------------------------------------------


def name_tokens(name: str) -> set[str]:
    """The token set of a normalized name, for the agreement Jaccard."""
    return set(normalize_name(name).split())


def same_date(gold: AgreementRecord, pred: AgreementRecord) -> bool:
    """Both agreements carry the same non-null date value."""
    value = date_value(gold.date)
    return value is not None and value == date_value(pred.date)


def agreement_rank(gold: AgreementRecord, pred: AgreementRecord) -> Optional[tuple[Fraction, bool]]:
    """(Jaccard, same date) when the pair is a candidate, else None."""
    similarity = jaccard(name_tokens(gold.name), name_tokens(pred.name))
    dated = same_date(gold, pred)
    if similarity >= Fraction(1, 2) or (dated and gold.kind == pred.kind):
        return similarity, dated
    return None


def match_agreements(gold: Sequence[AgreementRecord], pred: Sequence[AgreementRecord]) -> list[Pair]:
    """Each gold agreement in file order takes the unmatched candidate with the
    highest (Jaccard, same date); an earlier prediction wins a tie."""
    used: set[int] = set()
    pairs: list[Pair] = []
    for g, gold_record in enumerate(gold):
        best: Optional[tuple[tuple[Fraction, bool], int]] = None
        for p, pred_record in enumerate(pred):
            rank = None if p in used else agreement_rank(gold_record, pred_record)
            if rank is not None and (best is None or rank > best[0]):
                best = (rank, p)
        if best is not None:
            used.add(best[1])
            pairs.append((g, best[1]))
    return pairs


# --- events (rule 5) ------------------------------------------------------------------------


def linked_keys(event: EventRecord, agreements: KeyMap, projects: KeyMap) -> set[tuple[str, str]]:
    """Agreements ∪ projects of an event, tagged by kind so equal slugs cannot collide."""
    tagged = {("agreement", key) for key in map_keys(event.agreements, agreements)}
    return tagged | {("project", key) for key in map_keys(event.projects, projects)}


class EventMaps:
    """The actor, agreement and project key maps that translate predicted events."""

    def __init__(self, actors: KeyMap, agreements: KeyMap, projects: KeyMap) -> None:
        self.actors = actors
        self.agreements = agreements
        self.projects = projects

    def participants(self, event: EventRecord) -> set[str]:
        """Participant keys of a predicted event in gold terms."""
        return map_keys(event.participants, self.actors)

    def links(self, event: EventRecord) -> set[tuple[str, str]]:
        """Agreement and project keys of a predicted event in gold terms."""
        return linked_keys(event, self.agreements, self.projects)


IDENTITY = EventMaps({}, {}, {})


def event_pair_score(gold: EventRecord, pred: EventRecord, maps: EventMaps) -> Optional[Fraction]:
    """The rule-5 score of a candidate pair, or None when the pair is no candidate."""
    if gold.event_type != pred.event_type:
        return None
    gold_date, pred_date = date_value(gold.date), date_value(pred.date)
    if gold_date is not None and pred_date is not None and gold_date != pred_date:
        return None
    gold_parts, pred_parts = set(gold.participants), maps.participants(pred)
    if gold_parts and pred_parts and not gold_parts & pred_parts:
        return None
    gold_place = norm_place(gold.location)
    score = Fraction(2 if gold_date is not None and gold_date == pred_date else 0)
    score += jaccard(gold_parts, pred_parts)
    score += 1 if gold_place is not None and gold_place == norm_place(pred.location) else 0
    score += jaccard(linked_keys(gold, {}, {}), maps.links(pred))
    return score


def match_events(gold: Sequence[EventRecord], pred: Sequence[EventRecord], maps: EventMaps) -> list[Pair]:
    """Greedy one-to-one matching by descending score; ties go to the earlier
    gold event, then to the earlier predicted event."""
    candidates: list[tuple[Fraction, int, int]] = []
    for g, gold_event in enumerate(gold):
        for p, pred_event in enumerate(pred):
            score = event_pair_score(gold_event, pred_event, maps)
            if score is not None:
                candidates.append((score, g, p))
    candidates.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[Pair] = []
    for _score, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return sorted(pairs)


def event_slots(event: EventRecord, maps: EventMaps = IDENTITY) -> set[tuple[str, str]]:
    """The filled argument slots of an event, each counted once: ``date`` (non-null
    value), ``location`` (normalized, non-null), each participant, agreement and project."""
    slots: set[tuple[str, str]] = {("participant", key) for key in maps.participants(event)}
    slots |= maps.links(event)
    value = date_value(event.date)
    if value is not None:
        slots.add(("date", value))
    place = norm_place(event.location)
    if place is not None:
        slots.add(("location", place))
    return slots
