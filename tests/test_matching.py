"""The matching rules of the contract's Evaluation section, one small case per rule.

The record builders at the top are reused by test_evaluate.py.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Optional, Sequence

import pytest

from caspianie.evaluation.matching import (
    IDENTITY,
    EventMaps,
    event_pair_score,
    event_slots,
    jaccard,
    match_actors,
    match_agreements,
    match_events,
    match_projects,
)
from caspianie.normalize import normalize_name, strip_accents
from caspianie.contract.records import ActorRecord, AgreementRecord, Date, EventRecord, Mention, ProjectRecord

GRANULARITY = {4: "year", 7: "month", 10: "day"}


def date(value: Optional[str]) -> Optional[Date]:
    """A Date whose granularity follows its value; None stays None."""
    if value is None:
        return None
    return Date(text=value, value=value, granularity=GRANULARITY[len(value.split("/")[0])])


def mentions(texts: Sequence[str]) -> list[Mention]:
    return [Mention(text=text, start=0, end=len(text)) for text in texts]


def actor(key: str, name: str, kind: str = "country", aliases: Sequence[str] = (),
          said: Sequence[str] = (), country: Optional[str] = None, doc: str = "d") -> ActorRecord:
    return ActorRecord(doc_id=doc, key=key, name=name, kind=kind, country=country,
                       aliases=list(aliases), mentions=mentions(said))


def project(key: str, name: str, kind: str = "pipeline", aliases: Sequence[str] = (),
            doc: str = "d") -> ProjectRecord:
    return ProjectRecord(doc_id=doc, key=key, name=name, kind=kind, aliases=list(aliases))


def agreement(key: str, name: str, kind: str = "agreement", when: Optional[str] = None,
              parties: Sequence[str] = (), doc: str = "d") -> AgreementRecord:
    return AgreementRecord(doc_id=doc, key=key, name=name, kind=kind, date=date(when), parties=list(parties))


def event(id: str, event_type: str = "meeting", when: Optional[str] = None, location: Optional[str] = None,
          participants: Sequence[str] = (), agreements: Sequence[str] = (), projects: Sequence[str] = (),
          evidence: Optional[str] = None, doc: str = "d") -> EventRecord:
    return EventRecord(doc_id=doc, id=id, event_type=event_type, date=date(when), location=location,
                       participants=list(participants), agreements=list(agreements),
                       projects=list(projects), trigger=event_type,
                       evidence=mentions([evidence])[0] if evidence else None)


# --- rule 1: normalization -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Türksoy", "turksoy"),
        ("The Republic of Kazakhstan", "kazakhstan"),
        ("Kazakhstan’s Government", "kazakhstan government"),
        ("SOCAR's", "socar"),
        ("Baku–Tbilisi–Ceyhan  (BTC)", "baku tbilisi ceyhan btc"),
        ("Theodore", "theodore"),
        ("Azerbaijan Republic", "azerbaijan republic"),
        # Letters without a decomposition are alphanumerics too: they were turned
        # into spaces before (``heyd r liyev``, and Cyrillic names became empty).
        ("Heydər Əliyev", "heydər əliyev"),
        ("Азербайджан", "азербаиджан"),
    ],
)
def test_normalize_name_follows_rule_1(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Turksoy", "Turksoy"),
        ("Türksoy", "Turksoy"),
        ("Tu\u0308rksoy", "Turksoy"),  # already decomposed
        ("Şəki Ölkə", "Səki Olkə"),  # ə has no decomposition
        ("Азербайджан", "Азербаиджан"),
        ("ﬁnal ²", "final 2"),  # compatibility forms are decomposed too
        ("", ""),
    ],
)
def test_strip_accents_decomposes_and_drops_combining_marks(raw: str, expected: str) -> None:
    assert strip_accents(raw) == expected


def test_jaccard_of_two_empty_sets_is_one() -> None:
    assert jaccard([], []) == 1
    assert jaccard(["a", "b"], ["b", "c"]) == Fraction(1, 3)


# --- rules 2 and 3: actors and projects -------------------------------------------------------


def test_gold_alias_matches_predicted_mention_text() -> None:
    gold = [actor("socar", "State Oil Company of Azerbaijan Republic", "organization", aliases=["SOCAR"])]
    pred = [actor("azeri-oil", "Azerbaijani oil company", "organization", said=["SOCAR’s"])]
    assert match_actors(gold, pred) == [(0, 0)]


def test_gold_mentions_are_not_used_for_matching() -> None:
    # Only the gold name and aliases count on the gold side; "KMG" is a gold mention only.
    gold = [actor("kazmunaygas", "KazMunayGas", "organization", said=["KMG"])]
    pred = [actor("kmg", "KMG", "organization")]
    assert match_actors(gold, pred) == []


def test_actor_kind_mismatch_does_not_match() -> None:
    gold = [actor("georgia", "Georgia", "country")]
    pred = [actor("georgia", "Georgia", "organization")]
    assert match_actors(gold, pred) == []


def test_actor_matching_is_first_fit_in_file_order() -> None:
    # g0 takes p0 (first matching prediction, through the shared alias "Aliyev"),
    # even though p1 would have fit g0 and p0 was g1's only match: g1 stays unmatched.
    gold = [actor("ilham-aliyev", "Ilham Aliyev", "person", aliases=["Aliyev"]),
            actor("heydar-aliyev", "Heydar Aliyev", "person", aliases=["Aliyev"])]
    pred = [actor("heydar", "Heydar Aliyev", "person", aliases=["Aliyev"]),
            actor("ilham", "Ilham Aliyev", "person")]
    assert match_actors(gold, pred) == [(0, 0)]


def test_projects_match_without_kind() -> None:
    gold = [project("btc", "Baku–Tbilisi–Ceyhan pipeline", "pipeline", aliases=["BTC"])]
    pred = [project("btc-route", "BTC", "other")]
    assert match_projects(gold, pred) == [(0, 0)]


# --- rule 4: agreements -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pred_name, expected",
    [
        # gold tokens {convention,on,the,legal,status,of,caspian,sea}: 7/8 shared
        ("Convention on the Legal Status of the Caspian", [(0, 0)]),
        # {legal,status,convention}: 3/8 = 0.375 < 0.5
        ("Legal Status Convention", []),
    ],
)
def test_agreement_jaccard_threshold(pred_name: str, expected: list) -> None:
    gold = [agreement("a", "Convention on the Legal Status of the Caspian Sea", "convention")]
    assert match_agreements(gold, [agreement("b", pred_name, "convention")]) == expected


def test_agreement_jaccard_of_exactly_one_half_is_a_match() -> None:
    # {agreement,on,transit} vs {agreement,on,trade}: 2/4 = 0.5
    assert match_agreements([agreement("a", "agreement on transit")],
                            [agreement("b", "agreement on trade")]) == [(0, 0)]


@pytest.mark.parametrize(
    "pred_kind, pred_date, expected",
    [
        ("memorandum", "2024-08-21", [(0, 0)]),  # same non-null date and kind: fallback applies
        ("agreement", "2024-08-21", []),         # kind differs
        ("memorandum", "2024-08-22", []),        # date differs
    ],
)
def test_agreement_date_and_kind_fallback(pred_kind: str, pred_date: str, expected: list) -> None:
    gold = [agreement("a", "Memorandum on telecom", "memorandum", "2024-08-21")]
    pred = [agreement("b", "MoU with Kazakhtelecom", pred_kind, pred_date)]
    assert match_agreements(gold, pred) == expected


def test_agreement_fallback_needs_a_non_null_date() -> None:
    gold = [agreement("a", "Memorandum on telecom", "memorandum")]
    assert match_agreements(gold, [agreement("b", "MoU with Kazakhtelecom", "memorandum")]) == []


def test_agreement_best_candidate_then_same_date_then_earliest() -> None:
    # g0: p0 scores (1/2, False), p1 (1, False), p2 (1, True) -> p2.
    # g1: p0 (1/2, False), p1 (1, False) -> p1 (p2 taken).
    # g2: only p0 left, and it is a candidate (2/4) -> p0.
    gold = [agreement("g0", "agreement on transit", when="2024"),
            agreement("g1", "agreement on transit"),
            agreement("g2", "agreement on transit")]
    pred = [agreement("p0", "agreement on trade"),
            agreement("p1", "agreement on transit"),
            agreement("p2", "agreement on transit", when="2024")]
    assert match_agreements(gold, pred) == [(0, 2), (1, 1), (2, 0)]


def test_agreement_tie_goes_to_the_earlier_prediction() -> None:
    gold = [agreement("g0", "transit agreement")]
    pred = [agreement("p0", "agreement on transit"), agreement("p1", "agreement on transit")]
    assert match_agreements(gold, pred) == [(0, 0)]


# --- rule 5: events -----------------------------------------------------------------------------

MAPS = EventMaps({"kaz": "kazakhstan", "aze": "azerbaijan"}, {"deal": "x"}, {"route": "tctr"})


@pytest.mark.parametrize(
    "pred, is_candidate",
    [
        (event("p", "visit", participants=["kaz"]), False),                   # type differs
        (event("p", "meeting", "2024-05-07", participants=["kaz"]), False),   # dates differ
        (event("p", "meeting", None, participants=["kaz"]), True),            # pred date null
        (event("p", "meeting", "2024-05-06", participants=["russia"]), False),  # no shared participant
        (event("p", "meeting", "2024-05-06", participants=["kazakhstan"]), True),  # same key unmapped
        (event("p", "meeting", "2024-05-06"), True),                          # pred has no participants
    ],
)
def test_event_candidate_rules(pred: EventRecord, is_candidate: bool) -> None:
    gold = event("g", "meeting", "2024-05-06", participants=["kazakhstan", "azerbaijan"])
    assert (event_pair_score(gold, pred, MAPS) is not None) is is_candidate


def test_a_date_without_value_counts_as_null() -> None:
    gold = event("g", "meeting", "2024-05-06", participants=["kazakhstan"])
    pred = event("p", "meeting", None, participants=["kaz"])
    pred.date = Date(text="last year", value=None, granularity="year")
    other = event("q", "meeting", "2024", participants=["kaz"])
    assert event_pair_score(gold, pred, MAPS) == 2  # 0 date + 1 participants + 0 location + 1 empty links
    assert event_pair_score(gold, other, MAPS) is None  # "2024" != "2024-05-06"


def test_event_pair_score_adds_the_four_terms() -> None:
    # 2 (same date) + J({kz,az},{kz,russia}) = 1/3 + 1 (Baku == "baku") + J({ag:x},{ag:x, pr:tctr}) = 1/2
    gold = event("g", "signing", "2024-05-06", "Baku", ["kazakhstan", "azerbaijan"], agreements=["x"])
    pred = event("p", "signing", "2024-05-06", "the baku", ["kaz", "russia"], agreements=["deal"],
                 projects=["route"])
    assert event_pair_score(gold, pred, MAPS) == Fraction(23, 6)


def test_event_agreement_and_project_keys_do_not_collide() -> None:
    # gold agreement "btc" and predicted project "btc" are different slots: links Jaccard 0.
    gold = event("g", "opening", agreements=["btc"])
    pred = event("p", "opening", projects=["btc"])
    assert event_pair_score(gold, pred, IDENTITY) == 1  # participants J(∅,∅)=1, links 0


def test_events_are_matched_greedily_by_score() -> None:
    # (g0,p1) = 1+1 = 2 and (g1,p0) = 1+1 = 2 beat (g0,p0) = (g1,p1) = 1/2+1.
    gold = [event("g0", participants=["a", "b"]), event("g1", participants=["a"])]
    pred = [event("p0", participants=["a"]), event("p1", participants=["a", "b"])]
    assert match_events(gold, pred, IDENTITY) == [(0, 1), (1, 0)]


def test_event_score_ties_go_to_gold_order_then_prediction_order() -> None:
    same = dict(participants=["a"], location="Baku")
    # every pair scores 0 + 1 + 1 + 1 = 3: g0 takes p0, g1 takes p1.
    gold = [event("g0", **same), event("g1", **same)]
    pred = [event("p0", **same), event("p1", **same), event("p2", **same)]
    assert match_events(gold, pred, IDENTITY) == [(0, 0), (1, 1)]
    # one prediction, two tied gold events: the earlier gold event gets it.
    assert match_events(gold, pred[2:], IDENTITY) == [(0, 0)]


def test_event_slots_count_each_filled_slot_once() -> None:
    pred = event("p", "signing", "2024", "Baku", ["kaz", "kazakhstan"], agreements=["deal"], projects=["route"])
    # "kaz" and "kazakhstan" map to one participant: date, location, 1 participant, 1 agreement, 1 project.
    assert event_slots(pred, MAPS) == {("date", "2024"), ("location", "baku"), ("participant", "kazakhstan"),
                                       ("agreement", "x"), ("project", "tctr")}
    assert event_slots(event("e", location=None)) == set()
