"""Score predicted records against gold records (contract v1, section "Evaluation").

The public entry points are ``evaluate(gold_path, pred_path)`` for files and
``evaluate_documents(gold, pred)`` for records already grouped by document.
Both return one flat dict in the style of spaCy's ``Scorer``: ``<figure>_p``,
``_r``, ``_f`` and the raw ``_tp``/``_fp``/``_fn`` counts, ``<figure>_acc`` with
``_correct``/``_total``, and ``None`` wherever a figure has no denominator.
``docs/evaluation.md`` states every rule and the readings of the contract's
unclear spots.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, TypeVar

from caspianie.evaluation.matching import (
    EventMaps,
    Pair,
    date_value,
    event_slots,
    key_map,
    match_actors,
    match_agreements,
    match_events,
    match_projects,
)
from caspianie.contract.records import (
    ACTOR_KINDS,
    EVENT_TYPES,
    ActorRecord,
    AgreementRecord,
    EventRecord,
    ProjectRecord,
    Record,
)
from caspianie.contract.refcheck import load_documents

R = TypeVar("R")
PRF_FIGURES = ("actors", "projects", "agreements", "agreements_parties", "events", "args")
ACC_FIGURES = ("actors_country", "agreements_date", "events_date")
GROUPED_FIGURES = {"actors_per_kind": ACTOR_KINDS, "events_per_type": EVENT_TYPES}
COUNTRY_KINDS = ("person", "organization")


def _ratio(numerator: int, denominator: int) -> Optional[float]:
    """numerator / denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


@dataclass
class PRFScore:
    """A precision/recall/F accumulator over true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "PRFScore") -> "PRFScore":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def score_sets(self, pred: set[Any], gold: set[Any]) -> None:
        """Count one predicted set against one gold set."""
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def precision(self) -> Optional[float]:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> Optional[float]:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def fscore(self) -> Optional[float]:
        """F1 as 2tp / (2tp + fp + fn): the harmonic mean of P and R when both
        exist, 0.0 when only one side has items, None when neither has."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"p": self.precision, "r": self.recall, "f": self.fscore,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    """The share of checked items that were right."""

    correct: int = 0
    total: int = 0

    def __iadd__(self, other: "Accuracy") -> "Accuracy":
        self.correct += other.correct
        self.total += other.total
        return self

    def add(self, ok: bool) -> None:
        self.correct += int(ok)
        self.total += 1

    @property
    def value(self) -> Optional[float]:
        return _ratio(self.correct, self.total)


class Scores:
    """All accumulators of one evaluation; documents' scores add up to the total."""

    def __init__(self) -> None:
        self.prf = {name: PRFScore() for name in PRF_FIGURES}
        self.acc = {name: Accuracy() for name in ACC_FIGURES}
        self.groups = {name: {label: PRFScore() for label in labels}
                       for name, labels in GROUPED_FIGURES.items()}

    def __iadd__(self, other: "Scores") -> "Scores":
        for name, score in other.prf.items():
            self.prf[name] += score
        for name, accuracy in other.acc.items():
            self.acc[name] += accuracy
        for name, group in other.groups.items():
            for label, score in group.items():
                self.groups[name][label] += score
        return self

    def to_dict(self) -> dict[str, Any]:
        """The flat figures: ``actors_p``, ..., ``events_date_acc``, ``actors_per_kind``, ..."""
        flat: dict[str, Any] = {}
        for name, score in self.prf.items():
            flat.update({f"{name}_{field}": value for field, value in score.to_dict().items()})
        for name, accuracy in self.acc.items():
            flat[f"{name}_acc"] = accuracy.value
            flat[f"{name}_correct"] = accuracy.correct
            flat[f"{name}_total"] = accuracy.total
        for name, group in self.groups.items():
            flat[name] = {label: score.to_dict() for label, score in group.items()}
        return flat


def _of_type(records: Iterable[Record], cls: type[R]) -> list[R]:
    """The records of one type, in file order."""
    return [record for record in records if isinstance(record, cls)]


def _count_pairs(score: PRFScore, n_gold: int, n_pred: int, pairs: Sequence[Pair]) -> None:
    """Record-level counts: matched pairs are true positives, the rest errors."""
    score.tp += len(pairs)
    score.fp += n_pred - len(pairs)
    score.fn += n_gold - len(pairs)


def _count_by_label(group: dict[str, PRFScore], gold_labels: Sequence[str],
                    pred_labels: Sequence[str], pairs: Sequence[Pair]) -> None:
    """Per-label counts: a pair counts for the gold label, unmatched records for their own."""
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    for g, label in enumerate(gold_labels):
        if g in matched_gold:
            group[label].tp += 1
        else:
            group[label].fn += 1
    for p, label in enumerate(pred_labels):
        if p not in matched_pred:
            group[label].fp += 1


def _first_mention(record: ActorRecord | ProjectRecord | AgreementRecord) -> Optional[str]:
    """The text of a record's first mention, shown as its evidence."""
    return record.mentions[0].text if record.mentions else None


def describe_record(record: Record) -> dict[str, Any]:
    """The fields a person needs to recognise a record in an error listing."""
    if isinstance(record, EventRecord):
        return {"id": record.id, "event_type": record.event_type, "date": date_value(record.date),
                "location": record.location, "participants": list(record.participants),
                "agreements": list(record.agreements), "projects": list(record.projects),
                "trigger": record.trigger,
                "evidence": record.evidence.text if record.evidence is not None else None}
    described: dict[str, Any] = {"key": record.key, "name": record.name, "kind": record.kind}
    if isinstance(record, AgreementRecord):
        described["date"] = date_value(record.date)
    described["evidence"] = _first_mention(record)  # type: ignore[arg-type]
    return described


def _errors(doc_id: str, gold: Sequence[Record], pred: Sequence[Record],
            pairs: Sequence[Pair]) -> list[dict[str, Any]]:
    """False negatives (unmatched gold) then false positives (unmatched predictions)."""
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    listed = [("fn", record) for g, record in enumerate(gold) if g not in matched_gold]
    listed += [("fp", record) for p, record in enumerate(pred) if p not in matched_pred]
    return [{"doc_id": doc_id, "type": record.type, "error": error, **describe_record(record)}
            for error, record in listed]


class _DocumentScorer:
    """Scores one document: matches each record type in the contract's order
    (actors, projects, agreements, events) so later types can map keys through
    earlier matchings."""

    def __init__(self, doc_id: str, gold: Sequence[Record], pred: Sequence[Record]) -> None:
        self.doc_id = doc_id
        self.gold = gold
        self.pred = pred
        self.scores = Scores()
        self.errors: list[dict[str, Any]] = []

    def run(self) -> "_DocumentScorer":
        actors = self._actors()
        projects = self._projects()
        agreements = self._agreements(actors)
        self._events(EventMaps(actors, agreements, projects))
        return self

    def _split(self, cls: type[R]) -> tuple[list[R], list[R]]:
        return _of_type(self.gold, cls), _of_type(self.pred, cls)

    def _record_pairs(self, name: str, gold: Sequence[Record], pred: Sequence[Record],
                      pairs: Sequence[Pair]) -> None:
        _count_pairs(self.scores.prf[name], len(gold), len(pred), pairs)
        self.errors += _errors(self.doc_id, gold, pred, pairs)

    def _actors(self) -> dict[str, str]:
        gold, pred = self._split(ActorRecord)
        pairs = match_actors(gold, pred)
        self._record_pairs("actors", gold, pred, pairs)
        _count_by_label(self.scores.groups["actors_per_kind"], [a.kind for a in gold],
                        [a.kind for a in pred], pairs)
        mapping = key_map(gold, pred, pairs)
        for g, p in pairs:
            if gold[g].kind in COUNTRY_KINDS:
                country = pred[p].country
                mapped = mapping.get(country, country) if country is not None else None
                self.scores.acc["actors_country"].add(mapped == gold[g].country)
        return mapping

    def _projects(self) -> dict[str, str]:
        gold, pred = self._split(ProjectRecord)
        pairs = match_projects(gold, pred)
        self._record_pairs("projects", gold, pred, pairs)
        return key_map(gold, pred, pairs)

    def _agreements(self, actors: dict[str, str]) -> dict[str, str]:
        gold, pred = self._split(AgreementRecord)
        pairs = match_agreements(gold, pred)
        self._record_pairs("agreements", gold, pred, pairs)
        for g, p in pairs:
            self.scores.acc["agreements_date"].add(date_value(gold[g].date) == date_value(pred[p].date))
            mapped = {actors.get(key, key) for key in pred[p].parties}
            self.scores.prf["agreements_parties"].score_sets(mapped, set(gold[g].parties))
        return key_map(gold, pred, pairs)

    def _events(self, maps: EventMaps) -> None:
        gold, pred = self._split(EventRecord)
        pairs = match_events(gold, pred, maps)
        self._record_pairs("events", gold, pred, pairs)
        _count_by_label(self.scores.groups["events_per_type"], [e.event_type for e in gold],
                        [e.event_type for e in pred], pairs)
        args = self.scores.prf["args"]
        for g, p in pairs:
            args.score_sets(event_slots(pred[p], maps), event_slots(gold[g]))
            gold_value = date_value(gold[g].date)
            if gold_value is not None:
                self.scores.acc["events_date"].add(gold_value == date_value(pred[p].date))
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}
        args.fn += sum(len(event_slots(e)) for g, e in enumerate(gold) if g not in matched_gold)
        args.fp += sum(len(event_slots(e, maps)) for p, e in enumerate(pred) if p not in matched_pred)


def score_document(doc_id: str, gold: Sequence[Record],
                   pred: Sequence[Record]) -> tuple[Scores, list[dict[str, Any]]]:
    """The scores and the error listing of one document (either side may be empty)."""
    scorer = _DocumentScorer(doc_id, gold, pred).run()
    return scorer.scores, scorer.errors


def evaluate_documents(gold: dict[str, list[Record]], pred: dict[str, list[Record]]) -> dict[str, Any]:
    """Score predictions grouped by document against gold grouped the same way.

    A document present on one side only is scored against an empty other side,
    so all its records are errors. Returns the flat figures plus ``n_docs``,
    ``missing_in_pred``, ``missing_in_gold``, ``per_doc`` and ``errors``.
    """
    doc_ids = sorted(set(gold) | set(pred))
    total = Scores()
    per_doc: dict[str, dict[str, Any]] = {}
    errors: list[dict[str, Any]] = []
    for doc_id in doc_ids:
        scores, doc_errors = score_document(doc_id, gold.get(doc_id, []), pred.get(doc_id, []))
        total += scores
        per_doc[doc_id] = scores.to_dict()
        errors += doc_errors
    result = total.to_dict()
    result["n_docs"] = len(doc_ids)
    result["missing_in_pred"] = [doc_id for doc_id in doc_ids if doc_id not in pred]
    result["missing_in_gold"] = [doc_id for doc_id in doc_ids if doc_id not in gold]
    result["per_doc"] = per_doc
    result["errors"] = errors
    return result


def evaluate(gold_path: str | Path, pred_path: str | Path) -> dict[str, Any]:
    """Read, validate and score gold and predicted records (each a file or a directory).

    Raises ``RecordFileError`` (``file:line: reason``) for malformed input.
    """
    return evaluate_documents(load_documents(gold_path), load_documents(pred_path))
