"""Second looks at agreement clusters: reports that date blocks keep from their instrument.

Agreements are first clustered one year at a time, so two kinds of report never
meet their instrument's other reports:

* **undated reports** ("the Tehran Convention" with no date written): each joins
  the dated cluster whose names it matches strongly, when the kind is the same,
  the parties and places do not contradict, and no other cluster fits about as
  well (two same-named instruments of different years: it stays out);
* **a lone report with a conflicting date** (an article that dates the Caspian
  Convention to 2010, or dates a treaty by its entry into force): it joins a
  cluster that two or more other documents report, when the names
  match strongly, the kind is the same, nothing contradicts, and something else
  agrees: the place, or the status (a later stage of the instrument's life, dated
  later). Shared parties are not enough: two states sign many instruments over the
  years, often with like names. The conflict is recorded in the link and the cluster.

Targets are looked up through their topic words (``MAX_BUCKET`` caps a word
that too many clusters share), judged against the clusters as they were before
the pass (so joins never chain), and reports are taken in a canonical order, so
the result does not depend on input order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from caspianie.consolidation.agreements import (NAME_WEIGHT, PARTIES_WEIGHT, SAME_KIND, SAME_PLACE, STATUS_ORDER,
                                                Instrument, Weights, cluster_instruments, order)
from caspianie.consolidation.dates import Span, overlaps
from caspianie.consolidation.matching import MAX_BUCKET, Cluster, Verdict, containment, join
from caspianie.consolidation.names import years_clash
from caspianie.consolidation.places import locations_agree

# Two fitting clusters whose name similarities differ by less than this: ambiguous, no join.
AMBIGUITY_MARGIN = 0.1


@dataclass(frozen=True)
class Profile:
    """What a target cluster looked like before the pass."""

    members: tuple[Instrument, ...]
    kinds: frozenset[str]
    parties: frozenset[str]
    places: frozenset[str]
    years: frozenset[str]
    span: Optional[Span]
    ranks: frozenset[int]

    @classmethod
    def of(cls, cluster: Cluster[Instrument]) -> "Profile":
        members = tuple(cluster.members)
        return cls(members, frozenset(m.kind for m in members), frozenset(p for m in members for p in m.parties),
                   frozenset(m.place for m in members if m.place), frozenset(y for m in members for y in m.years),
                   cluster.span, frozenset(STATUS_ORDER[m.status] for m in members
                                           if m.span is not None and m.status in STATUS_ORDER))


def later_stage(item: Instrument, target: Profile) -> bool:
    """The report gives another stage of the instrument's life, in date order with the cluster's
    (signed in 2003, in force from 2006): its date differs for a reason."""
    rank = STATUS_ORDER.get(item.status or "")
    if rank is None or item.span is None or target.span is None or not target.ranks:
        return False
    return ((rank > max(target.ranks) and item.span[0] > target.span[1])
            or (rank < min(target.ranks) and item.span[1] < target.span[0]))


def fit(item: Instrument, target: Profile, weights: Weights, conflicting: bool) -> Optional[Verdict]:
    """How a report fits a target cluster on this pass, or None. ``tiebreak`` is the name similarity."""
    if item.kind not in target.kinds or years_clash(item.years, target.years):
        return None
    if not any(weights.strong_name(item.topic, m.topic) for m in target.members):
        return None
    similar = max(weights.similarity(item.words, m.words) for m in target.members)
    places = [locations_agree(item.place, place) for place in target.places]
    if places and not any(agree is not False for agree in places):
        return None
    share = containment(item.parties, target.parties)
    if item.parties and target.parties and share < 0.5:
        return None
    agreed = ["name", "kind"] + (["place"] if True in places else [])
    agreed += ["parties"] if share > 0 else []
    if conflicting:
        stage = later_stage(item, target)
        if not (True in places or stage):
            return None
        agreed += (["status_stage"] if stage else []) + ["date_conflict"]
    else:
        agreed.append("undated")
    score = NAME_WEIGHT * similar + SAME_KIND + SAME_PLACE * (True in places) + PARTIES_WEIGHT * share
    return Verdict(score, tuple(agreed), similar, conflicting)


def _attach(clusters: list[Cluster[Instrument]], movers: list[Instrument], weights: Weights,
            conflicting: bool) -> list[Instrument]:
    """Join each mover (in canonical order) to its one clearly best cluster; returns the movers left."""
    profiles = [Profile.of(cluster) for cluster in clusters]
    index: dict[str, list[int]] = {}
    for n, profile in enumerate(profiles):
        for word in sorted({w for m in profile.members for w in m.topic}):
            index.setdefault(word, []).append(n)
    left = []
    for item in sorted(movers, key=order):
        buckets = [index[w] for w in item.topic if w in index and len(index[w]) <= MAX_BUCKET]
        candidates = sorted({n for bucket in buckets for n in bucket})
        fits = []
        for n in candidates:
            if item.doc_id in clusters[n].docs:
                continue
            if conflicting and overlaps(item.span, profiles[n].span):
                continue
            verdict = fit(item, profiles[n], weights, conflicting)
            if verdict is not None:
                fits.append((verdict.tiebreak, verdict.score, -n, verdict))
        fits.sort(reverse=True)
        if not fits or (len(fits) > 1 and fits[0][0] - fits[1][0] < AMBIGUITY_MARGIN):
            left.append(item)
            continue
        join(clusters[-fits[0][2]], item, fits[0][3], item.doc_id, item.span)
    return left


def settle(dated: list[Cluster[Instrument]], undated: Iterable[Instrument], weights: Weights
           ) -> list[Cluster[Instrument]]:
    """The final clusters: lone reports with conflicting dates joined to well-reported instruments,
    undated reports joined to dated clusters, the undated rest clustered among themselves."""
    lone = [c.members[0] for c in dated if len(c.members) == 1]
    kept = [c for c in dated if len(c.members) > 1]
    left = _attach(kept, lone, weights, conflicting=True)
    clusters = kept + [_single(item) for item in left]
    rest = _attach(clusters, list(undated), weights, conflicting=False)
    return clusters + cluster_instruments(rest, weights)


def _single(item: Instrument) -> Cluster[Instrument]:
    cluster: Cluster[Instrument] = Cluster(docs=set())
    join(cluster, item, Verdict(0.0, ()), item.doc_id, item.span)
    return cluster
