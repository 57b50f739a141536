"""Agreement consolidation, one test per matching rule, on hand-made records: which reports of
instruments end up as one consolidated agreement and which stay apart, and why."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

from caspianie.consolidation.build import consolidate
from caspianie.consolidation.names import name_parts, years_clash

COUNTRIES = ("azerbaijan", "kazakhstan", "russia", "iran", "turkmenistan")


def instrument(doc: str, name: str, value: str | None, *, key: str = "a1", kind: str = "agreement",
               parties: tuple[str, ...] = ("azerbaijan", "kazakhstan"), place: str | None = None,
               status: str = "signed") -> dict:
    date = None
    if value:
        date = {"text": value, "value": value, "granularity": {10: "day", 7: "month", 4: "year"}[len(value)]}
    return {"type": "agreement", "doc_id": doc, "key": key, "name": name, "kind": kind, "parties": list(parties),
            "date": date, "place": place, "status": status}


# Instruments of another article, so that the rarity of name words is that of a real collection.
BACKGROUND = [("Agreement on Cooperation in Customs Matters", "agreement"),
              ("Memorandum on Cooperation in Higher Education", "memorandum"),
              ("Treaty on the Delimitation of the Seabed", "treaty"),
              ("Protocol on Cooperation in Combating Terrorism", "protocol"),
              ("Agreement on Trade and Economic Cooperation", "agreement"),
              ("Declaration on Strategic Partnership", "declaration"),
              ("Agreement on Air Services", "agreement"),
              ("Memorandum on Cooperation in Agriculture", "memorandum"),
              ("Convention on the Avoidance of Double Taxation", "convention"),
              ("Agreement on the Construction of a Railway Bridge", "agreement"),
              ("Agreement on International Road Transport", "agreement"),
              ("Memorandum on Cooperation in Transport Logistics", "memorandum"),
              ("Agreement on Transport Corridors", "agreement")]


def build(tmp_path: Path, records: list[dict], shuffle: int | None = None) -> Path:
    """Write the records as articles (with actor records for their parties, and the ``BACKGROUND``
    article), consolidate, return the database."""
    records = records + [instrument("z", name, "1999-01-01", key=f"z{n}", kind=kind)
                         for n, (name, kind) in enumerate(BACKGROUND)]
    parties = sorted({(r["doc_id"], p) for r in records for p in r["parties"]})
    lines = [json.dumps({"type": "actor", "doc_id": d, "key": p, "name": p.replace("-", " ").title(),
                         "kind": "country" if p in COUNTRIES else "organization", "country": None, "aliases": [],
                         "roles": [], "mentions": []}) for d, p in parties] + [json.dumps(r) for r in records]
    if shuffle is not None:
        random.Random(shuffle).shuffle(lines)
    folder = tmp_path / f"in-{shuffle}"
    folder.mkdir()
    (folder / "all.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / f"db-{shuffle}.sqlite"
    consolidate([folder], db)
    return db


def groups(db: Path) -> list[tuple[str, ...]]:
    """The consolidated agreements (but the background's) as sorted tuples of ``doc#key``."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT consolidated_id, doc_id || '#' || key FROM consolidated_agreement_sources "
                            "WHERE doc_id != 'z'")
        found: dict[str, list[str]] = {}
        for cid, ref in rows:
            found.setdefault(cid, []).append(ref)
    return sorted(tuple(sorted(refs)) for refs in found.values())


def agreed_of(db: Path, ref: str) -> list[str]:
    doc, key = ref.split("#")
    with sqlite3.connect(db) as conn:
        (agreed,) = conn.execute("SELECT agreed FROM consolidated_agreement_sources WHERE doc_id = ? AND key = ?",
                                 [doc, key]).fetchone()
    return json.loads(agreed)


# names ---------------------------------------------------------------------------------------

def test_names_drop_kind_filler_years_and_order_and_read_adjectives_as_countries():
    one = name_parts("the Memorandum of Understanding between the Government of the Republic of Iran and "
                     "the Russian Federation on the safety of pipelines")
    other = name_parts("Russian-Iranian memorandum on pipeline safety")
    assert one.words == other.words == frozenset({"iran", "russia", "pipeline", "safety"})
    assert one.topic == frozenset({"pipeline", "safety"})
    dated = name_parts("the 2019 Convention on Fishing Quotas")
    assert dated.words == name_parts("Convention on fishing quotas").words == frozenset({"fishing", "quota"})
    assert dated.years == frozenset({"2019"})


def test_a_short_name_from_the_alias_lexicon_is_the_full_name():
    assert name_parts("the Aktau Convention").words == name_parts(
        "Convention on the Legal Status of the Caspian Sea").words


def test_names_writing_different_years_are_different_instruments(tmp_path):
    assert years_clash(frozenset({"2021", "2025"}), frozenset({"2026", "2030"}))
    assert not years_clash(frozenset({"2021"}), frozenset())
    db = build(tmp_path, [
        instrument("a", "Programme of Cultural Exchange for 2021-2025", "2021-05-05", kind="other"),
        instrument("b", "Programme of Cultural Exchange for 2026-2030", "2021-05-05", kind="other"),
        instrument("c", "Programme of cultural exchange", "2021-05-05", kind="other")])
    assert groups(db) == [("a#a1", "c#a1"), ("b#a1",)]


# names agree, or the date tells ------------------------------------------------------------------

def test_one_shared_word_is_no_name_match(tmp_path):
    db = build(tmp_path, [instrument("a", "joint statement", "2023-12-05", kind="declaration", parties=()),
                          instrument("b", "joint communique", "2023", kind="declaration", parties=())])
    assert groups(db) == [("a#a1",), ("b#a1",)]


def test_names_that_disagree_join_on_a_shared_day_and_parties(tmp_path):
    db = build(tmp_path, [instrument("a", "Declaration on Eternal Friendship", "2024-03-12", kind="declaration"),
                          instrument("b", "declaration signed by the two presidents", "2024-03", kind="declaration")])
    assert groups(db) == [("a#a1", "b#a1")]
    assert "name" not in agreed_of(db, "b#a1") and "date_period" in agreed_of(db, "b#a1")


def test_a_year_does_not_tell_which_instrument(tmp_path):
    db = build(tmp_path, [instrument("a", "Protocol on Oil Spill Response", "2018-08-12", kind="protocol"),
                          instrument("b", "Protocol on Seal Protection", "2018", kind="protocol")])
    assert groups(db) == [("a#a1",), ("b#a1",)]


def test_a_batch_signed_on_one_day_needs_names(tmp_path):
    batch = [instrument("a", "Memorandum on Fisheries", "2022-12-14", key="m1", kind="memorandum"),
             instrument("a", "Memorandum on Tourism", "2022-12-14", key="m2", kind="memorandum")]
    db = build(tmp_path, batch + [instrument("b", "memorandum on youth sport", "2022-12-14", kind="memorandum")])
    assert groups(db) == [("a#m1",), ("a#m2",), ("b#a1",)]


def test_different_kinds_with_different_names_stay_apart_on_one_day(tmp_path):
    db = build(tmp_path, [instrument("a", "Memorandum on Gas Field Exploration", "2021-01-21", kind="memorandum"),
                          instrument("b", "roadmap for the rail corridor", "2021-01-21", kind="other")])
    assert groups(db) == [("a#a1",), ("b#a1",)]


def test_a_name_of_only_countries_is_no_name_match(tmp_path):
    db = build(tmp_path, [
        instrument("a", "Agreement between the Republic of Azerbaijan and the Republic of Kazakhstan", "2001-11-29",
                   parties=()),
        instrument("b", "Agreement between the Government of Kazakhstan and the Government of Azerbaijan "
                        "on transit", None, parties=())])
    assert groups(db) == [("a#a1",), ("b#a1",)]


def test_party_names_in_a_name_are_left_to_the_parties(tmp_path):
    parties = ("european-union", "european-commission", "azerbaijan")
    db = build(tmp_path, [
        instrument("a", "memorandum on a strategic partnership in energy between the European Commission, the "
                        "European Union and Azerbaijan", "2022", kind="memorandum", parties=parties),
        instrument("b", "Memorandum on a Strategic Partnership in Energy", "2022-07-18", kind="memorandum",
                   parties=parties)])
    assert groups(db) == [("a#a1", "b#a1")]


# second looks: undated reports ----------------------------------------------------------------

def test_an_undated_report_joins_the_dated_instrument_its_name_matches(tmp_path):
    db = build(tmp_path, [instrument("a", "Convention on Sturgeon Conservation", "2014-09-29", kind="convention"),
                          instrument("b", "Convention on Sturgeon Conservation", "2014-09", kind="convention"),
                          instrument("c", "the convention on the conservation of sturgeon", None, kind="convention")])
    assert groups(db) == [("a#a1", "b#a1", "c#a1")]
    assert agreed_of(db, "c#a1") == ["name", "kind", "parties", "undated"]


def test_an_undated_report_between_two_same_named_instruments_stays_alone(tmp_path):
    db = build(tmp_path, [instrument("a", "Agreement on Visa-Free Travel", "2005-04-01"),
                          instrument("b", "Agreement on Visa-Free Travel", "2020-06-15"),
                          instrument("c", "agreement on visa-free travel", None)])
    assert groups(db) == [("a#a1",), ("b#a1",), ("c#a1",)]


def test_a_short_generic_name_inside_a_long_specific_one_is_not_enough(tmp_path):
    db = build(tmp_path, [
        instrument("a", "Agreement on Transit and Transport Cooperation along the Amber Route", "2017-11-15"),
        instrument("b", "agreement on cooperation in the field of transport", None)])
    assert groups(db) == [("a#a1",), ("b#a1",)]


def test_a_short_name_inside_a_long_one_that_says_as_much_again_is_not_enough(tmp_path):
    db = build(tmp_path, [
        instrument("a", "Protocol on Sturgeon Protection Zones, Hatcheries and Fishing Quotas", "2019-03-01",
                   kind="protocol"),
        instrument("b", "protocol on sturgeon protection", None, kind="protocol")])
    assert groups(db) == [("a#a1",), ("b#a1",)]


def test_two_common_words_are_no_strong_name(tmp_path):
    db = build(tmp_path, [instrument("a", "Transport Cooperation Agreement", "2017-11-15"),
                          instrument("b", "agreement on cooperation in the field of transport", None),
                          instrument("c", "Agreement on Cooperation in Transport", None)])
    assert groups(db) == [("a#a1",), ("b#a1",), ("c#a1",)]


# second looks: a lone report with a conflicting date -----------------------------------------

def well_reported(place: str | None = "Aktau") -> list[dict]:
    return [instrument(d, "Convention on the Legal Status of the Caspian Sea", "2018-08-12", kind="convention",
                       parties=COUNTRIES, place=place) for d in ("a", "b")]


def test_a_lone_report_with_another_date_joins_when_the_place_agrees_and_the_conflict_is_kept(tmp_path):
    lone = instrument("c", "Convention on the determination of the legal status of the Caspian Sea", "2010-11-18",
                      kind="convention", parties=(), place="Aktau")
    db = build(tmp_path, well_reported() + [lone])
    assert groups(db) == [("a#a1", "b#a1", "c#a1")]
    assert agreed_of(db, "c#a1") == ["name", "kind", "place", "date_conflict"]
    with sqlite3.connect(db) as conn:
        (value, conflicts), = conn.execute("SELECT date_value, date_conflicts FROM consolidated_agreements WHERE id = "
                                           "(SELECT consolidated_id FROM consolidated_agreement_sources "
                                           "WHERE doc_id = 'c')")
    assert value == "2018-08-12"
    assert json.loads(conflicts) == [{"value": "2010-11-18", "reports": 1}]


def test_a_lone_report_with_another_date_and_nothing_else_agreeing_stays_apart(tmp_path):
    lone = instrument("c", "Convention on the Legal Status of the Caspian Sea", "2010-11-18", kind="convention",
                      parties=COUNTRIES)
    db = build(tmp_path, well_reported() + [lone])
    assert groups(db) == [("a#a1", "b#a1"), ("c#a1",)]


def test_a_later_stage_dated_later_joins(tmp_path):
    lone = instrument("c", "Convention on the Legal Status of the Caspian Sea", "2024-08", kind="convention",
                      parties=("kazakhstan",), status="in_force")
    db = build(tmp_path, well_reported(place=None) + [lone])
    assert groups(db) == [("a#a1", "b#a1", "c#a1")]
    assert "status_stage" in agreed_of(db, "c#a1")


def test_a_lone_report_needs_an_instrument_that_two_documents_report(tmp_path):
    db = build(tmp_path, [well_reported()[0], instrument("c", "Convention on the Legal Status of the Caspian Sea",
                                                         "2010-11-18", kind="convention", place="Aktau")])
    assert groups(db) == [("a#a1",), ("c#a1",)]


def test_second_looks_do_not_depend_on_input_order(tmp_path):
    records = well_reported() + [
        instrument("c", "Convention on the determination of the legal status of the Caspian Sea", "2010-11-18",
                   kind="convention", place="Aktau"),
        instrument("d", "Convention on the Legal Status of the Caspian Sea", None, kind="convention"),
        instrument("e", "Convention on the Legal Status of the Caspian Sea", None, key="x", kind="convention"),
        instrument("e", "Convention on the legal status of the Caspian", None, key="y", kind="convention")]
    first, second = groups(build(tmp_path, records, shuffle=1)), groups(build(tmp_path, records, shuffle=2))
    assert first == second
    assert first[0] == ("a#a1", "b#a1", "c#a1", "d#a1", "e#x")
