"""Which agreement records are one legal instrument across articles, and the consolidated row.

Names are compared as sets of content words (``names``: kind words, filler and
years left out; words naming the record's own parties too) weighted by rarity
among all agreement names (``Caspian`` says little, ``Rasht`` much), with kind,
date, parties and place. The rules of ``judge``:

* two names writing different years never match (``names.years_clash``);
* names agree (``name_evidence``) with similar words and two topic words in
  common; when they do not, date and parties link two records only at the day
  or month both write, of one kind, and outside a same-day batch of that kind in
  either document (``dates_tell``);
* without a date on one side, only a strong name match joins (``strong_name``).

``reattach`` takes a second look at undated reports and lone reports with a
conflicting date. Agreement keys are unique only within a document, so ids here
are ``doc_id#key``.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import repeat
from typing import Any, Hashable, Iterable, Mapping, Optional

from caspianie.consolidation.dates import Span, gap_days, most_precise, overlaps, span
from caspianie.consolidation.matching import Cluster, Clusterer, Verdict, containment, jaccard, members_unions
from caspianie.consolidation.names import name_parts, stem, years_clash
from caspianie.normalize import normalize_name

THRESHOLD = 3.0
NAME_WEIGHT = 4.0
SAME_KIND, OTHER_KIND = 1.0, -1.0
SAME_DAY, SAME_PERIOD = 2.0, 1.0
PARTIES_WEIGHT, NO_SHARED_PARTY, DIFFERENT_PARTIES = 1.5, -2.0, -1.5
SAME_PLACE = 0.5
CONFLICT_WINDOW_DAYS = 31
# Names agree from this weighted Jaccard of their words on (and two topic words in common).
NAME_AGREES = 0.5
PRECISE_DAYS = 31  # a date of a day or a month (or a range within a month)
# A strong name match: the lighter name's topic words (weighted) stand in the other one, at
# least two of them ("final communique" alone says too little), and the names agree.
STRONG_CONTAINMENT, MIN_SHARED_WORDS = 0.85, 2
STATUS_ORDER = {"draft": 0, "signed": 1, "adopted": 1, "in_force": 2, "terminated": 3}


@dataclass(frozen=True, slots=True)
class Instrument:
    """The features of one agreement record (slots, shared word sets: the whole corpus's agreements
    are held at once)."""

    doc_id: str
    key: str
    kind: str
    value: Optional[str]
    span: Optional[Span]
    words: frozenset[str]
    parties: frozenset[str]
    place: Optional[str]
    years: frozenset[str] = frozenset()
    status: Optional[str] = None
    topic: frozenset[str] = frozenset()
    crowd: int = 0  # other records of its document of the same kind, date and parties (``with_crowds``)

    @property
    def ref(self) -> str:
        return f"{self.doc_id}#{self.key}"


def words(name: str) -> frozenset[str]:
    """The content words of an instrument name (``names.name_parts``)."""
    return name_parts(name).words


def instrument_of(row: Mapping[str, Any]) -> Instrument:
    """The features of an agreement row."""
    words_, topic, years, parties = _name_features(row["name"], tuple(sorted(row["parties"])))
    return Instrument(row["doc_id"], row["key"], row["kind"], row["date_value"], span(row["date_value"]), words_,
                      parties, normalize_name(row["place"]) if row["place"] else None, years, row.get("status"), topic)


@lru_cache(maxsize=4096)
def _name_features(name: str, parties: tuple[str, ...]) -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """Words, topic words, years and parties of a name given with these parties (cached: reports of
    one instrument share the sets). Name words that name its parties ("between the European Union
    and Azerbaijan") are left to the parties' comparison."""
    parts = name_parts(name)
    named = {stem(word) for key in parties for word in key.split("-")} | set(parties)
    words_, topic = parts.words - named, parts.topic - named
    return words_, (words_ if topic == words_ else topic), parts.years, frozenset(parties)


class Weights:
    """Inverse document frequency of name words over all agreement names (their word sets)."""

    def __init__(self, names: Iterable[frozenset[str]]) -> None:
        counts: Counter = Counter()
        total = 0
        for name in names:
            counts.update(name)
            total += 1
        self.idf = {w: math.log((total + 1) / (n + 0.5)) for w, n in counts.items()}
        self.default = math.log(total + 2)
        self.once = math.log((total + 1) / 1.5)  # the weight of a word that one name has

    def mass(self, words: Iterable[str]) -> float:
        """The words' summed weight, correctly rounded (``math.fsum``): a set's iteration order
        changes with the hash seed, and a plain sum's last bits with it, which flipped near-ties
        between runs."""
        return math.fsum(map(self.idf.get, words, repeat(self.default)))

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Weighted Jaccard of two word sets."""
        either = self.mass(a | b)
        return self.mass(a & b) / either if either else 0.0

    def containment(self, a: frozenset[str], b: frozenset[str]) -> float:
        """How much of the lighter word set (by weight) stands in the other."""
        lighter = min(self.mass(a), self.mass(b))
        return self.mass(a & b) / lighter if lighter else 0.0

    def strong_name(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """One name's topic words (content words other than countries, which the parties compare)
        stand (weighted) in the other's, at least two of them, together saying as much as a word
        that only one name has ("transport cooperation" does not), and the names agree: a short
        generic name inside a long specific one is not enough."""
        shared = a & b
        return (len(shared) >= MIN_SHARED_WORDS and self.mass(shared) >= self.once
                and self.containment(a, b) >= STRONG_CONTAINMENT and self.similarity(a, b) >= NAME_AGREES)


def name_evidence(weights: Weights, item: Instrument, members: Iterable[Instrument]) -> tuple[float, bool]:
    """The best name similarity (weighted Jaccard of the words) of a record to some members, and
    whether its name agrees with one of them: similar words and two or more topic words in common
    ("joint statement" and "joint communique" share one word, which says nothing)."""
    best, agrees = 0.0, False
    for member in members:
        similar = weights.similarity(item.words, member.words)
        best = max(best, similar)
        agrees = agrees or (similar >= NAME_AGREES and len(item.topic & member.topic) >= MIN_SHARED_WORDS)
    return best, agrees


def with_crowds(instruments: Iterable[Instrument]) -> list[Instrument]:
    """The records with their ``crowd``: how many other records of the same document have the
    same kind, an overlapping date and a party in common (or no parties given). Documents of a
    state visit list a dozen memoranda signed one day by the same two states; for such a record
    the date and the parties do not say which instrument it is, only the name does."""
    by_doc: dict[str, list[Instrument]] = {}
    for item in instruments:
        by_doc.setdefault(item.doc_id, []).append(item)
    out = []
    for items in by_doc.values():
        for item in items:
            crowd = sum(1 for other in items if other is not item and other.kind == item.kind
                        and other.span is not None and item.span is not None and overlaps(other.span, item.span)
                        and (not other.parties or not item.parties or other.parties & item.parties))
            out.append(replace(item, crowd=crowd) if crowd else item)
    return out


def dates_tell(item: Instrument, cluster: Cluster[Instrument], kinds: set[str]) -> bool:
    """Whether date and parties may link two records whose names disagree: only at the day or month
    both write (a year holds many instruments), of the same kind, and when neither document lists
    another record of that kind on that date (a batch signed on one visit)."""
    return (item.kind in kinds and item.span is not None and cluster.span is not None
            and item.span[1] - item.span[0] < PRECISE_DAYS and cluster.span[1] - cluster.span[0] < PRECISE_DAYS
            and not item.crowd and not any(m.crowd for m in cluster.members))


# The cluster unions ``judge`` reads, in one cache entry (``members_unions``).
UNIONS = ("years", "kind", "parties", "value", "place")


def make_judge(weights: Weights):
    def judge(item: Instrument, cluster: Cluster[Instrument]) -> Optional[Verdict]:
        """Score an agreement record against a cluster; None when the dates exclude each other."""
        years, kinds, parties, values, places = members_unions(cluster, UNIONS)
        if years_clash(item.years, years):
            return None
        similar, agrees = name_evidence(weights, item, cluster.members)
        if not agrees and not dates_tell(item, cluster, kinds):
            return None
        conflict = item.span is not None and cluster.span is not None and not overlaps(item.span, cluster.span)
        if conflict and (gap_days(item.span, cluster.span) > CONFLICT_WINDOW_DAYS or similar < 0.8
                         or (item.parties and parties and not item.parties <= parties)):
            return None
        score, agreed = NAME_WEIGHT * similar, (["name"] if agrees else [])
        if item.kind in kinds:
            score, agreed = score + SAME_KIND, agreed + ["kind"]
        elif "other" not in kinds | {item.kind}:
            score += OTHER_KIND
        if conflict:
            agreed.append("date_conflict")
        elif item.span is not None and cluster.span is not None:
            exact = len(item.value or "") >= 10 and item.value in values
            score, agreed = score + (SAME_DAY if exact else SAME_PERIOD), agreed + ["date" if exact else "date_period"]
        elif not any(weights.strong_name(item.topic, m.topic) for m in cluster.members):
            return None
        if item.parties and parties:
            share = containment(item.parties, parties)
            if share == 0:
                score += NO_SHARED_PARTY
            else:
                score, agreed = score + PARTIES_WEIGHT * share, agreed + ["parties"]
                if jaccard(item.parties, parties) < 0.5 and min(len(item.parties), len(parties)) >= 2:
                    score += DIFFERENT_PARTIES
        if item.place and item.place in places:
            score, agreed = score + SAME_PLACE, agreed + ["place"]
        return Verdict(score, tuple(agreed), jaccard(item.parties, parties), conflict)
    return judge


def anchors(item: Instrument) -> Iterable[Hashable]:
    """Rare name words and parties: instruments that share neither are never compared."""
    return [("w", w) for w in item.words] + [("p", p) for p in item.parties] or [("-",)]


def order(item: Instrument) -> tuple:
    covered = item.span
    return (covered is None, (covered[1] - covered[0]) if covered else 0, covered or (0, 0), item.doc_id, item.key)


def cluster_instruments(instruments: list[Instrument], weights: Weights) -> list[Cluster[Instrument]]:
    """Cluster a block of agreement records (any input order gives the same clusters)."""
    clusterer: Clusterer[Instrument] = Clusterer(make_judge(weights), anchors, lambda i: i.doc_id,
                                                 lambda i: i.value, THRESHOLD, anchors)
    clusters = clusterer.run(instruments, order)
    for cluster in clusters:
        cluster.__dict__.pop("_unions", None)  # the judge's cache: the clusters are kept for a while
    return clusters


def summary(members: list[dict[str, Any]]) -> dict[str, Any]:
    """The consolidated fields of an instrument from its agreement rows."""
    names = Counter(m["name"] for m in members)
    date_value, conflicts = most_precise(m["date_value"] for m in members)
    kinds = Counter(m["kind"] for m in members)
    places = Counter(m["place"] for m in members if m["place"])
    parties = Counter(k for m in members for k in set(m["parties"]))
    history = sorted(({"status": m["status"], "date": m["date_value"], "source": f"{m['doc_id']}#{m['key']}"}
                      for m in members if m["status"]),
                     key=lambda h: (STATUS_ORDER.get(h["status"], 9), h["date"] or "", h["source"]))
    return {
        "name": min(names, key=lambda n: (-names[n], -len(n), n)),
        "name_variants": sorted(names),
        "kind": min(kinds, key=lambda k: (-kinds[k], k)),
        "date_value": date_value, "date_conflicts": conflicts,
        "place": min(places, key=lambda p: (-places[p], p)) if places else None,
        "parties": [{"key": k, "reports": n} for k, n in sorted(parties.items(), key=lambda kv: (-kv[1], kv[0]))],
        "status": history[-1]["status"] if history else None,
        "status_history": history,
        "n_sources": len(members),
    }
