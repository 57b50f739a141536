"""Figures of ``evaluate_documents`` on hand-made documents, gold against itself,
and a randomized cross-check against a brute-force reference."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path
from typing import Any, Optional

import pytest
from test_matching import actor, agreement, event, project

from caspianie.evaluation.evaluate import PRFScore, evaluate, evaluate_documents
from caspianie.evaluation.matching import EventMaps, key_map, match_actors, match_agreements, match_events
from caspianie.contract.records import Record

GOLD_DIR = Path(__file__).resolve().parent.parent / "corpus" / "gold"


def figures(result: dict[str, Any], name: str) -> tuple:
    """(p, r, f, tp, fp, fn) of a flat figure, rounded so fractions compare by value."""
    values = [result[f"{name}_{field}"] for field in ("p", "r", "f", "tp", "fp", "fn")]
    return tuple(round(v, 4) if isinstance(v, float) else v for v in values)


def test_prf_score_has_none_without_denominator() -> None:
    score = PRFScore(tp=0, fp=0, fn=3)
    assert (score.precision, score.recall, score.fscore) == (None, 0.0, 0.0)
    assert PRFScore().to_dict() == {"p": None, "r": None, "f": None, "tp": 0, "fp": 0, "fn": 0}


def test_actor_figures_per_kind_and_country_accuracy() -> None:
    gold = [actor("kazakhstan", "Kazakhstan", aliases=["Republic of Kazakhstan"]),
            actor("nursultan-nazarbayev", "Nursultan Nazarbayev", "person", ["Nazarbayev"], country="kazakhstan"),
            actor("socar", "State Oil Company of Azerbaijan Republic", "organization", ["SOCAR"],
                  country="azerbaijan"),
            actor("georgia", "Georgia")]
    pred = [actor("kz", "Republic of Kazakhstan"),
            actor("n-nazarbayev", "N. Nazarbayev", "person", said=["Nazarbayev"], country="kz"),
            actor("socar-company", "SOCAR", "organization", country="turkey"),
            actor("georgia", "Georgia", "organization"),
            actor("turkey", "Turkey")]
    result = evaluate_documents({"d": gold}, {"d": pred})
    # matched: kazakhstan, nazarbayev (through the mention), socar; georgia differs in kind.
    # tp 3, fp 2 (georgia as organization, turkey), fn 1 (georgia): P 3/5, R 3/4, F 6/9.
    assert figures(result, "actors") == (0.6, 0.75, 0.6667, 3, 2, 1)
    assert result["actors_per_kind"]["country"] == {"p": 0.5, "r": 0.5, "f": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert result["actors_per_kind"]["person"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 1, "fp": 0, "fn": 0}
    organization = result["actors_per_kind"]["organization"]
    assert (organization["p"], organization["r"], organization["tp"], organization["fp"]) == (0.5, 1.0, 1, 1)
    # nazarbayev: "kz" maps to "kazakhstan", right; socar: "turkey" is unmatched, stays, wrong -> 1/2.
    assert (result["actors_country_acc"], result["actors_country_total"]) == (0.5, 2)


def test_agreement_figures_dates_and_parties() -> None:
    gold = [actor("kazakhstan", "Kazakhstan"), actor("azerbaijan", "Azerbaijan"),
            actor("kazakhtelecom", "Kazakhtelecom", "organization"),
            agreement("a1", "Convention on the Legal Status of the Caspian Sea", "convention", "2018-08-12",
                      ["kazakhstan", "azerbaijan"]),
            agreement("a2", "Memorandum on telecom", "memorandum", "2024-08-21", ["kazakhtelecom"])]
    pred = [actor("kz", "Kazakhstan"), actor("kaztel", "Kazakhtelecom", "organization"),
            agreement("b1", "Memorandum of understanding with Kazakhtelecom", "memorandum", "2024-08-21", ["kaztel"]),
            agreement("b2", "Caspian convention on legal status", "convention", "2018", ["kz", "russia"])]
    result = evaluate_documents({"d": gold}, {"d": pred})
    # a1-b2 by Jaccard 5/8; a2-b1 by the same date and kind (Jaccard 1/7).
    assert figures(result, "agreements") == (1.0, 1.0, 1.0, 2, 0, 0)
    # dates: 2018-08-12 vs 2018 wrong, 2024-08-21 right -> 1/2.
    assert (result["agreements_date_acc"], result["agreements_date_total"]) == (0.5, 2)
    # parties: a1 {kazakhstan, azerbaijan} vs {kazakhstan, russia}: tp 1 fp 1 fn 1; a2: tp 1 -> 2/3 each.
    assert figures(result, "agreements_parties") == (0.6667, 0.6667, 0.6667, 2, 1, 1)


def test_event_and_argument_figures_count_unmatched_events() -> None:
    gold = [actor("a", "Azerbaijan"), actor("b", "Kazakhstan"), agreement("x", "Transit agreement"),
            event("e1", "visit", "2024-05-06", "Baku", ["a", "b"]),
            event("e2", "signing", "2024-05-06", None, ["a"], agreements=["x"])]
    pred = [actor("aze", "Azerbaijan"), actor("kaz", "Kazakhstan"),
            event("p1", "visit", None, "baku", ["kaz"], evidence="Tokayev visited Baku."),
            event("p2", "meeting", "2024-05-07", None, ["aze"])]
    result = evaluate_documents({"d": gold}, {"d": pred})
    # e1-p1 (date null, "kaz" -> b shared); p2 has no gold of its type.
    assert figures(result, "events") == (0.5, 0.5, 0.5, 1, 1, 1)
    assert result["events_per_type"]["visit"]["tp"] == 1
    assert (result["events_per_type"]["signing"]["fn"], result["events_per_type"]["meeting"]["fp"]) == (1, 1)
    assert result["events_per_type"]["award"] == {"p": None, "r": None, "f": None, "tp": 0, "fp": 0, "fn": 0}
    # gold slots: e1 date, location, a, b (4) + e2 date, a, x (3) = 7.
    # pred slots: p1 location, b (2) + p2 date, a (2) = 4.  e1-p1 shares location and b: tp 2.
    # P 2/4, R 2/7, F 4/11.
    assert figures(result, "args") == (0.5, 0.2857, 0.3636, 2, 2, 5)
    # the one matched event has a gold date and a null predicted one.
    assert (result["events_date_acc"], result["events_date_total"]) == (0.0, 1)
    # no predicted agreements: precision undefined, recall 0.
    assert figures(result, "agreements") == (None, 0.0, 0.0, 0, 0, 1)
    assert (result["agreements_date_acc"], result["agreements_parties_p"]) == (None, None)
    fp_events = [e for e in result["errors"] if e["type"] == "event" and e["error"] == "fp"]
    assert [(e["id"], e["evidence"]) for e in fp_events] == [("p2", None)]
    fn_events = [e for e in result["errors"] if e["type"] == "event" and e["error"] == "fn"]
    assert [(e["id"], e["date"], e["participants"]) for e in fn_events] == [("e2", "2024-05-06", ["a"])]


def test_documents_missing_on_either_side_are_all_errors() -> None:
    gold = {"d1": [actor("georgia", "Georgia", doc="d1")],
            "d2": [actor("a", "Azerbaijan", doc="d2"), actor("b", "Kazakhstan", doc="d2"),
                   event("e", "visit", "2024", None, ["a", "b"], doc="d2")]}
    pred = {"d1": [actor("georgia", "Georgia", doc="d1")],
            "d3": [actor("t", "Turkey", doc="d3"), project("btc", "BTC", doc="d3")]}
    result = evaluate_documents(gold, pred)
    assert (result["n_docs"], result["missing_in_pred"], result["missing_in_gold"]) == (3, ["d2"], ["d3"])
    # actors: d1 georgia tp; d2 two fn; d3 turkey fp -> P 1/2, R 1/3, F 2/5.
    assert figures(result, "actors") == (0.5, 0.3333, 0.4, 1, 1, 2)
    assert figures(result, "projects") == (0.0, None, 0.0, 0, 1, 0)
    assert figures(result, "events") == (None, 0.0, 0.0, 0, 0, 1)
    assert figures(result, "args") == (None, 0.0, 0.0, 0, 0, 3)  # date + two participants
    assert figures(result["per_doc"]["d2"], "actors") == (None, 0.0, 0.0, 0, 0, 2)
    assert figures(result["per_doc"]["d1"], "actors") == (1.0, 1.0, 1.0, 1, 0, 0)
    assert sorted((e["doc_id"], e["error"], e.get("key", e.get("id"))) for e in result["errors"]) == [
        ("d2", "fn", "a"), ("d2", "fn", "b"), ("d2", "fn", "e"), ("d3", "fp", "btc"), ("d3", "fp", "t")]


def _all_figures(result: dict[str, Any]) -> dict[str, Optional[float]]:
    """Every ratio in a result (flat ones and those inside per-label groups)."""
    found = {k: v for k, v in result.items() if k.endswith(("_p", "_r", "_f", "_acc"))}
    for group in ("actors_per_kind", "events_per_type"):
        for label, values in result[group].items():
            found.update({f"{group}.{label}.{k}": values[k] for k in ("p", "r", "f")})
    return found


def test_gold_scored_against_itself_is_perfect() -> None:
    result = evaluate(GOLD_DIR, GOLD_DIR)
    defined = {name: value for name, value in _all_figures(result).items() if value is not None}
    assert result["n_docs"] == len(list(GOLD_DIR.glob("*.jsonl")))
    assert result["events_tp"] > 0 and result["args_tp"] > 0 and result["agreements_parties_tp"] > 0
    assert defined == {name: 1.0 for name in defined}
    assert "actors_country_acc" in defined and "events_date_acc" in defined
    assert result["errors"] == []


# --- randomized cross-check of agreement and event matching ----------------------------------

WORDS = ["agreement", "on", "trade", "transit", "caspian", "energy"]
ACTORS = ["a", "b", "c"]


def _random_doc(rng: random.Random, prefix: str) -> list[Record]:
    """Three actors (keys prefixed, names shared), 0-3 agreements and 0-4 events."""
    records: list[Record] = [actor(prefix + k, f"Country {k}") for k in ACTORS]
    keys = []
    for i in range(rng.randint(0, 3)):
        keys.append(f"{prefix}x{i}")
        records.append(agreement(keys[-1], " ".join(rng.sample(WORDS, rng.randint(1, 3))),
                                 rng.choice(["agreement", "memorandum"]), rng.choice([None, "2024", "2025"]),
                                 [prefix + k for k in rng.sample(ACTORS, rng.randint(0, 2))]))
    for i in range(rng.randint(0, 4)):
        records.append(event(f"e{i}", rng.choice(["visit", "meeting"]), rng.choice([None, "2024", "2025"]),
                             rng.choice([None, "Baku", "Aktau"]),
                             [prefix + k for k in rng.sample(ACTORS, rng.randint(0, 2))],
                             rng.sample(keys, rng.randint(0, len(keys)))))
    return records


def _brute_agreements(gold: list, pred: list) -> list[tuple[int, int]]:
    """Rule 4 with plain loops: best (Jaccard, same date) per gold, ties to the earlier prediction."""
    pairs, taken = [], set()
    for g, ga in enumerate(gold):
        best, best_p = None, None
        for p, pa in enumerate(pred):
            gw, pw = set(ga.name.split()), set(pa.name.split())
            jac = Fraction(len(gw & pw), len(gw | pw))
            dated = ga.date is not None and pa.date is not None and ga.date.value == pa.date.value
            if p not in taken and (jac >= Fraction(1, 2) or (dated and ga.kind == pa.kind)):
                if best is None or (jac, dated) > best:
                    best, best_p = (jac, dated), p
        if best_p is not None:
            taken.add(best_p)
            pairs.append((g, best_p))
    return pairs


def _jac(a: set, b: set) -> Fraction:
    return Fraction(1) if not a | b else Fraction(len(a & b), len(a | b))


def _brute_events(gold: list, pred: list, amap: dict) -> list[tuple[int, int]]:
    """Rule 5 with plain loops: repeatedly take the best remaining pair, scanning in (gold, pred) order."""
    def score(ge: Any, pe: Any) -> Optional[Fraction]:
        gd = ge.date.value if ge.date else None
        pd = pe.date.value if pe.date else None
        gp, pp = set(ge.participants), {k[1:] for k in pe.participants}  # strip the "p" prefix
        if ge.event_type != pe.event_type or (gd and pd and gd != pd) or (gp and pp and not gp & pp):
            return None
        same_place = ge.location is not None and ge.location == pe.location
        return (2 * (gd is not None and gd == pd) + _jac(gp, pp) + same_place
                + _jac(set(ge.agreements), {amap.get(k, k) for k in pe.agreements}))
    pairs: list[tuple[int, int]] = []
    while True:
        best = None
        for g in range(len(gold)):
            for p in range(len(pred)):
                if all(g != x and p != y for x, y in pairs):
                    s = score(gold[g], pred[p])
                    if s is not None and (best is None or s > best[0]):
                        best = (s, g, p)
        if best is None:
            return sorted(pairs)
        pairs.append(best[1:])


@pytest.mark.parametrize("seed", range(150))
def test_matching_agrees_with_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    gold, pred = _random_doc(rng, ""), _random_doc(rng, "p")
    result = evaluate_documents({"d": gold}, {"d": pred})
    gold_ag = [r for r in gold if r.type == "agreement"]
    pred_ag = [r for r in pred if r.type == "agreement"]
    ag_pairs = _brute_agreements(gold_ag, pred_ag)
    amap = {pred_ag[p].key: gold_ag[g].key for g, p in ag_pairs}
    gold_ev = [r for r in gold if r.type == "event"]
    pred_ev = [r for r in pred if r.type == "event"]
    ev_pairs = _brute_events(gold_ev, pred_ev, amap)
    actors = key_map(gold[:3], pred[:3], match_actors(gold[:3], pred[:3]))
    assert match_agreements(gold_ag, pred_ag) == ag_pairs
    assert match_events(gold_ev, pred_ev, EventMaps(actors, amap, {})) == ev_pairs
    assert result["agreements_tp"] == len(ag_pairs)
    assert result["events_tp"] == len(ev_pairs)
    parties_tp = sum(len(set(gold_ag[g].parties) & {k[1:] for k in pred_ag[p].parties}) for g, p in ag_pairs)
    assert result["agreements_parties_tp"] == parties_tp
    dated = [(g, p) for g, p in ev_pairs if gold_ev[g].date is not None]
    right = sum(gold_ev[g].date.value == (pred_ev[p].date.value if pred_ev[p].date else None) for g, p in dated)
    assert (result["events_date_correct"], result["events_date_total"]) == (right, len(dated))
