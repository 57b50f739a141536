"""Which event reports are one real event: features, the score of a report against a cluster,
and the consolidated row built from a cluster's reports.

A report is a row of the ``events`` table. Participants are compared through
their countries too (a report naming the five presidents and one naming the
five states agree), agreements through their consolidated instrument ids,
locations through the places file (``Baku`` is inside ``Azerbaijan``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Hashable, Iterable, Mapping, Optional

from caspianie.consolidation.dates import Span, gap_days, most_precise, overlaps, span
from caspianie.contract.datevalues import granularity_of
from caspianie.consolidation.matching import Cluster, Clusterer, Verdict, containment, jaccard, members_unions
from caspianie.consolidation.places import locations_agree
from caspianie.normalize import normalize_name

THRESHOLD = 3.0
# score parts (see ``judge``)
SAME_DAY, SAME_PERIOD = 2.0, 1.5
SAME_PLACE, OTHER_PLACE = 1.5, -0.5
SHARED_AGREEMENT, OTHER_AGREEMENTS = 3.0, -3.0
SHARED_PROJECT, OTHER_PROJECTS = 1.5, -0.5
NO_SHARED_PARTICIPANT, DIFFERENT_PAIRS = -3.0, -1.5
CONFLICT_WINDOW_DAYS = 31


@dataclass(frozen=True)
class Report:
    """The features of one event record that matching uses."""

    doc_id: str
    id: str
    event_type: str
    value: Optional[str]
    span: Optional[Span]
    place: Optional[str]
    actors: frozenset[str]
    countries: frozenset[str]
    people: frozenset[str]
    agreements: frozenset[str]
    projects: frozenset[str]

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.id}"


def report_of(row: Mapping[str, Any], country_of: Mapping[str, str], agreement_ids: Mapping[tuple[str, str], str]
              ) -> Report:
    """The features of an ``events`` row; ``country_of`` maps person/organization keys to countries,
    ``agreement_ids`` (doc_id, agreement key) to consolidated agreement ids."""
    actors = frozenset(row["participants"])
    return Report(
        doc_id=row["doc_id"], id=row["id"], event_type=row["event_type"], value=row["date_value"],
        span=span(row["date_value"]), place=normalize_name(row["location"]) if row["location"] else None,
        actors=actors, countries=frozenset(country_of.get(k, k) for k in actors),
        people=frozenset(k for k in actors if k in country_of),
        agreements=frozenset(agreement_ids.get((row["doc_id"], k), f"{row['doc_id']}#{k}") for k in row["agreements"]),
        projects=frozenset(row["projects"]))


def anchors(report: Report) -> Iterable[Hashable]:
    """Keys under which a report finds candidate clusters: its type with each country, agreement,
    project and its place, or the type alone when it names none of these."""
    keys = [("c", k) for k in report.countries] + [("a", k) for k in report.agreements]
    keys += [("p", k) for k in report.projects] + ([("l", report.place)] if report.place else [])
    return [(report.event_type, *k) for k in keys] or [(report.event_type, "-")]


def agreement_anchors(report: Report) -> Iterable[Hashable]:
    """The anchors that may carry a report across a date conflict: its agreements."""
    return [(report.event_type, "a", k) for k in report.agreements]


# The cluster unions ``judge`` reads, in one cache entry (``members_unions``).
UNIONS = ("value", "countries", "people", "actors", "agreements", "projects", "place")


def _participants(report: Report, theirs: set, people: set, actors: set) -> tuple[float, list[str], float]:
    """Score part, agreed field names and the Jaccard tie-breaker for the participants.

    Countries are compared by containment (one report may name a subset); two
    different pairs (Jaccard under 1/2) and persons or bodies of which none is
    shared (three different appointments in one country) count against. ``theirs``, ``people``
    and ``actors``: the cluster's countries, persons or bodies, and participants.
    """
    if not report.countries or not theirs:
        return 0.0, [], 0.0
    share, overlap = containment(report.countries, theirs), jaccard(report.countries, theirs)
    if share == 0:
        return NO_SHARED_PARTICIPANT, [], 0.0
    part = 3 * share - 1.5
    if overlap < 0.5 and min(len(report.countries), len(theirs)) >= 2:
        part += DIFFERENT_PAIRS
    if report.people and people and not report.people & people:
        part += DIFFERENT_PAIRS
    agreed = ["participants"] if report.actors & actors else ["participant_countries"]
    return part, agreed, overlap


def _keyed(mine: frozenset, theirs: set, shared: float, other: float, name: str) -> tuple[float, list[str]]:
    if not mine or not theirs:
        return 0.0, []
    return (shared, [name]) if mine & theirs else (other, [])


def judge(report: Report, cluster: Cluster[Report]) -> Optional[Verdict]:
    """Score a report against a cluster; None when they cannot be one event.

    Dates must overlap the cluster's common span, except that a date at most a
    month away is tolerated (and recorded as a conflict) when the evidence is
    overwhelming: a shared agreement and the same participants.
    """
    score, agreed = 0.0, []
    values, countries, people, actors, agreements, projects, places_ = members_unions(cluster, UNIONS)
    conflict = not overlaps(report.span, cluster.span)
    if report.span is not None and cluster.span is not None and not conflict:
        exact = report.value in values and len(report.value or "") >= 10
        score += SAME_DAY if exact else SAME_PERIOD
        agreed.append("date" if exact else "date_period")
    part, names, tiebreak = _participants(report, countries, people, actors)
    score, agreed = score + part, agreed + names
    for mine, theirs, shared, other, name in ((report.agreements, agreements, SHARED_AGREEMENT, OTHER_AGREEMENTS,
                                               "agreements"),
                                              (report.projects, projects, SHARED_PROJECT, OTHER_PROJECTS, "projects")):
        part, names = _keyed(mine, theirs, shared, other, name)
        score, agreed = score + part, agreed + names
    places = [locations_agree(report.place, place) for place in places_]
    if True in places:
        score, agreed = score + SAME_PLACE, agreed + ["location"]
    elif places and False in places and None not in places:
        score += OTHER_PLACE
    if conflict:
        if gap_days(report.span, cluster.span) > CONFLICT_WINDOW_DAYS or "agreements" not in agreed or tiebreak < 0.5:
            return None
        agreed.append("date_conflict")
    start = cluster.span[0] if cluster.span else 0
    return Verdict(score, tuple(agreed), round(tiebreak, 3) * 1000 + min(len(cluster.members), 999) - start * 1e-9,
                   conflict)


def order(report: Report) -> tuple:
    """Canonical order: precise dates first, then by date, document and id."""
    covered = report.span
    return (covered is None, (covered[1] - covered[0]) if covered else 0, covered or (0, 0), report.doc_id, report.id)


def cluster_reports(reports: list[Report]) -> list[Cluster[Report]]:
    """Cluster one block's reports (any input order gives the same clusters)."""
    clusterer: Clusterer[Report] = Clusterer(judge, anchors, lambda r: r.doc_id, lambda r: r.value, THRESHOLD,
                                             agreement_anchors)
    return clusterer.run(reports, order)


def summary(members: list[dict[str, Any]]) -> dict[str, Any]:
    """The consolidated fields of a cluster from its source rows (events rows joined with their source info)."""
    date_value, conflicts = most_precise(m["date_value"] for m in members)
    for conflict in conflicts:
        conflict["sources"] = sorted(f"{m['doc_id']}#{m['id']}" for m in members if m["date_value"] == conflict["value"])
    granularity = granularity_of(date_value.split("/")[0]) if date_value else None
    places = Counter(m["location"] for m in members if m["location"])
    counted = {field: Counter(k for m in members for k in set(m[field])) for field in ("participants", "projects")}
    return {
        "date_value": date_value, "date_granularity": granularity, "date_conflicts": conflicts,
        "location": min(places, key=lambda p: (-places[p], p)) if places else None,
        "locations": dict(sorted(places.items())),
        "participants": [{"key": k, "reports": n} for k, n in sorted(counted["participants"].items(),
                                                                     key=lambda kv: (-kv[1], kv[0]))],
        "projects": [{"key": k, "reports": n} for k, n in sorted(counted["projects"].items(), key=lambda kv: (-kv[1], kv[0]))],
        "n_sources": len(members), "n_documents": len({m["doc_id"] for m in members}),
    }
