"""Deterministic, order-independent clustering of reports within a block.

Reports are taken in a canonical order that depends only on their content
(most precise date first, then date, document and id), never on the order the
input came in. Each report joins the best-scoring compatible cluster that has
no report of the same document yet, or starts a new one. Candidate clusters are
found through an inverted index of the report's anchor keys (participants'
countries, agreements, projects, place), so a report is compared with a few
clusters, not with every report of the block. Every join records the fields
that agreed.
"""

from __future__ import annotations

from collections import Counter
from heapq import nsmallest
from itertools import chain
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Hashable, Iterable, Optional, Sequence, TypeVar

from datetime import date

from caspianie.consolidation.dates import Span, intersect, overlaps, span

R = TypeVar("R")
# A lookup skips an anchor filed under more clusters than this (a common key at a coarse date,
# such as a country over a whole year): the usual cap of blocking, which keeps the cost linear.
MAX_BUCKET = 64
# When the anchors' clusters together are more than this, only those sharing most anchors are judged.
MAX_CANDIDATES = 16


@dataclass
class Verdict:
    """How well a report fits a cluster: a score, the fields that agreed, and a tie-breaker."""

    score: float
    agreed: tuple[str, ...]
    tiebreak: float = 0.0
    date_conflict: bool = False


@dataclass
class Cluster(Generic[R]):
    """Reports judged to be one real-world event or instrument."""

    members: list[R] = field(default_factory=list)
    agreed: list[tuple[str, ...]] = field(default_factory=list)
    links: list[tuple[int, tuple[str, ...], float]] = field(default_factory=list)  # (joined member, fields, score)
    docs: set[str] = field(default_factory=set)
    span: Optional[Span] = None
    conflict: bool = False


class Clusterer(Generic[R]):
    """Online clustering with a canonical order; ``judge`` scores a report against a cluster."""

    def __init__(self, judge: Callable[[R, Cluster[R]], Optional[Verdict]], anchors: Callable[[R], Iterable[Hashable]],
                 doc_of: Callable[[R], str], value_of: Callable[[R], Optional[str]], threshold: float,
                 wide_anchors: Optional[Callable[[R], Iterable[Hashable]]] = None) -> None:
        self.judge, self.anchors, self.doc_of, self.value_of = judge, anchors, doc_of, value_of
        self.wide_anchors = wide_anchors
        self.threshold = threshold
        self.clusters: list[Cluster[R]] = []
        self.index: dict[Hashable, list[int]] = {}

    def span_of(self, report: R) -> Optional[Span]:
        return span(self.value_of(report))

    def candidates(self, report: R, wide: bool = False) -> list[int]:
        """Clusters sharing an anchor with the report at the report's own date precision, in creation order;
        ``wide``: clusters sharing a ``wide_anchors`` key in the months around the report's date."""
        times = time_keys(self.value_of(report))[0] if not wide else nearby_months(self.value_of(report))
        buckets = [bucket for anchor in (self.anchors(report) if not wide else self.wide_anchors(report))
                   for when in times for bucket in [self.index.get((anchor, when), ())]
                   if bucket and len(bucket) <= MAX_BUCKET]
        found = set().union(*buckets) if buckets else set()
        if len(found) > MAX_CANDIDATES:  # more the denser the block: counted and picked in C
            shared = Counter(chain.from_iterable(map(set, buckets)))
            return sorted(nsmallest(MAX_CANDIDATES, found, key=lambda n: (-shared[n], n)))
        return sorted(found)

    def best(self, report: R) -> Optional[tuple[int, Verdict]]:
        """The best compatible cluster for a report, or None. When none is found and the report has
        wide anchors, clusters in the neighbouring months are tried (a conflicting date)."""
        found = self._best(report, self.candidates(report))
        if found is None and self.wide_anchors is not None and self.value_of(report):
            found = self._best(report, self.candidates(report, wide=True))
        return found

    def _best(self, report: R, candidates: list[int]) -> Optional[tuple[int, Verdict]]:
        doc = self.doc_of(report)
        best: Optional[tuple[tuple[float, float, int], int, Verdict]] = None
        for number in candidates:
            cluster = self.clusters[number]
            if doc in cluster.docs:
                continue
            verdict = self.judge(report, cluster)
            if verdict is None or verdict.score < self.threshold:
                continue
            rank = (verdict.score, verdict.tiebreak, -number)
            if best is None or rank > best[0]:
                best = (rank, number, verdict)
        return None if best is None else (best[1], best[2])

    def add(self, report: R) -> int:
        """Place one report; returns its cluster's number."""
        found = self.best(report)
        if found is None:
            number = len(self.clusters)
            self.clusters.append(Cluster(docs=set()))
            verdict = Verdict(0.0, ())
        else:
            number, verdict = found
        join(self.clusters[number], report, verdict, self.doc_of(report), self.span_of(report))
        times = time_keys(self.value_of(report))[1]
        for anchor in self.anchors(report):
            for when in times:
                bucket = self.index.setdefault((anchor, when), [])
                if not bucket or bucket[-1] != number:
                    bucket.append(number)
        return number

    def run(self, reports: Sequence[R], order: Callable[[R], tuple]) -> list[Cluster[R]]:
        """Cluster all reports in canonical order."""
        for report in sorted(reports, key=order):
            self.add(report)
        return self.clusters


def join(cluster: Cluster[R], report: R, verdict: Verdict, doc: str, covered: Optional[Span]) -> None:
    """Add a report to a cluster: its link (why it joined), its document, the cluster's date span
    (narrowed to the days all reports allow, or marked as a conflict)."""
    if cluster.members:
        cluster.links.append((len(cluster.members), verdict.agreed, verdict.score))
        if overlaps(cluster.span, covered):
            cluster.span = intersect(cluster.span, covered)
        else:
            cluster.conflict = True
    else:
        cluster.span = covered
    cluster.members.append(report)
    cluster.agreed.append(verdict.agreed)
    cluster.docs.add(doc)


def time_keys(value: Optional[str]) -> tuple[list[tuple], list[tuple]]:
    """(keys a report looks up, keys its cluster is filed under) for a date value.

    A day (or a range of up to 31 days) looks up its days; a month its month; a
    year (or a longer range) its years; an undated report the key ``("none",)``.
    A cluster is filed under every day, month and year its report covers, so a
    coarse report finds the precise clusters inside it.
    """
    covered = span(value)
    if covered is None:
        return [("none",)], [("none",)]
    first, last = covered
    years = [("y", y) for y in range(date.fromordinal(first).year, date.fromordinal(last).year + 1)]
    months = sorted({("m", d.year, d.month) for d in (date.fromordinal(first), date.fromordinal(last))}
                    | ({("m", date.fromordinal(o).year, date.fromordinal(o).month) for o in range(first, last + 1, 28)}
                       if last - first < 800 else set()))
    days = [("d", o) for o in range(first, last + 1)] if last - first <= 31 else []
    start = value.split("/")[0]
    if len(start) == 10 and days:
        lookup = days
    elif len(start) >= 7 and last - first <= 62:
        lookup = months
    else:
        lookup = years
    return lookup, days + months + years


def members_union(cluster: Cluster[Any], attr: str) -> set:
    """The union of a set attribute (or the set of a plain attribute's non-null values) over a
    cluster's members, kept up to date as members join, so judging does not re-read every member."""
    return members_unions(cluster, (attr,))[0]


def members_unions(cluster: Cluster[Any], attrs: tuple[str, ...]) -> tuple[set, ...]:
    """``members_union`` of several attributes in one look-up: a judge reads them all from one
    cache entry (judging is what grows as a block gets denser, up to the candidate cap)."""
    cache = cluster.__dict__.get("_unions")
    if cache is None:
        cache = cluster.__dict__["_unions"] = {}
    entry = cache.get(attrs)
    count = len(cluster.members)
    if entry is not None and entry[0] == count:
        return entry[1]
    seen, accs = entry if entry is not None else (0, tuple(set() for _ in attrs))
    for member in cluster.members[seen:]:
        for attr, acc in zip(attrs, accs):
            value = getattr(member, attr)
            if isinstance(value, (set, frozenset)):
                acc |= value
            elif value is not None:
                acc.add(value)
    cache[attrs] = (count, accs)
    return accs


def nearby_months(value: Optional[str]) -> list[tuple]:
    """The month keys from a month before to a month after a date's span."""
    covered = span(value)
    if covered is None:
        return []
    first, last = covered
    return sorted({("m", date.fromordinal(o).year, date.fromordinal(o).month)
                   for o in list(range(first - 31, last + 32, 14)) + [first - 31, last + 31]})


def containment(a: set, b: set) -> float:
    """|a ∩ b| / min(|a|, |b|): 1 when one side names a subset of the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
