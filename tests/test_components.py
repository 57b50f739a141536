"""Each linking component alone, on a hand-made ``Doc`` whose input layers the test sets.

Rows are (text, the layers the component reads, what it writes); a row with nothing
written is a negative. No other component runs, so a failure points at one component.
"""

from __future__ import annotations

import pytest

from caspianie.contract.records import Date
from caspianie.pipeline.layers import (ACTORS, AGREEMENT_NAMES, AGREEMENTS, DATES, ENTITIES, PROJECTS, TITLES, ActorInfo,
                                       AgreementInfo, DateInfo)
from handmade import handmade, run

CONVENTION = "Convention on the Legal Status of the Caspian Sea"
CONVENTION_KEY = "convention-on-the-legal-status-of-the-caspian"


def _person(key: str, name: str, country: str) -> ActorInfo:
    return ActorInfo(key, "person", "gazetteer", name, country)


@pytest.mark.parametrize("text, layers, expected", [
    ("Kazakhstan and Azerbaijan signed.",
     {ENTITIES: [("Kazakhstan", "COUNTRY", "kazakhstan"), ("Azerbaijan", "COUNTRY", "azerbaijan")]},
     [("Kazakhstan", "kazakhstan", "country", "gazetteer", None, None),
      ("Azerbaijan", "azerbaijan", "country", "gazetteer", None, None)]),
    ("Foreign Minister Jeyhun Bayramov arrived.",
     {ENTITIES: [("Jeyhun Bayramov", "PERSON", "jeyhun-bayramov")],
      TITLES: [("Foreign Minister Jeyhun Bayramov", "TITLE", "title-head")]},
     [("Jeyhun Bayramov", "jeyhun-bayramov", "person", "gazetteer", "Foreign Minister", "azerbaijan")]),
    ("Kassym-Jomart Tokayev arrived. Later Tokayev spoke.",
     {ENTITIES: [("Kassym-Jomart Tokayev", "PERSON", "kassym-jomart-tokayev")]},
     [("Kassym-Jomart Tokayev", "kassym-jomart-tokayev", "person", "gazetteer", None, "kazakhstan"),
      ("Tokayev", "kassym-jomart-tokayev", "person", "surname+surname", None, "kazakhstan")]),
    ("It costs 5 US dollars.", {ENTITIES: [("US", "COUNTRY", "united-states")]}, []),  # a currency
    ("the minister arrived.", {}, []),  # no name, no layer: nothing
])
def test_actors_alone(nlp, text, layers, expected) -> None:
    doc = run(nlp, "caspianie_actors", handmade(nlp, text, layers))
    assert [(s.text, s._.key, s._.kind, s._.rule, s._.role, s._.info.country) for s in ACTORS.spans(doc)] == expected


@pytest.mark.parametrize("text, layers, expected", [
    ("The Baku–Tbilisi–Ceyhan (BTC) pipeline runs west. BTC carries oil.",
     {ENTITIES: [("Baku–Tbilisi–Ceyhan (BTC) pipeline", "PROJECT", "project-pipeline")]},
     [("Baku–Tbilisi–Ceyhan (BTC) pipeline", "baku-tbilisi-ceyhan-pipeline", "pipeline", "project-pipeline", ("BTC",)),
      ("BTC", "baku-tbilisi-ceyhan-pipeline", "pipeline", "abbreviation", ())]),
    ("Cargo reached the port of Kuryk.", {ENTITIES: [("port of Kuryk", "PROJECT", "project-port-of")]},
     [("port of Kuryk", "port-of-kuryk", "port", "project-port-of", ())]),
    ("the Tengiz and Kashagan oil fields",
     {ENTITIES: [("Tengiz and Kashagan oil fields", "PROJECT", "project-fields-coordinated")]},
     [("Tengiz", "tengiz-field", "oil_field", "project-fields-coordinated", ()),
      ("Kashagan", "kashagan-field", "oil_field", "project-fields-coordinated", ())]),
    ("Cargo reached the ports of Iran and India.",  # a country's ports in general
     {ENTITIES: [("ports of Iran and India", "PROJECT", "project-port-of-coordinated")]}, []),
    ("The pipeline runs west.", {ENTITIES: [("pipeline", "ORG", "org-generic")]}, []),  # not a PROJECT span
])
def test_projects_alone(nlp, text, layers, expected) -> None:
    doc = run(nlp, "caspianie_projects", handmade(nlp, text, layers))
    assert [(s.text, s._.key, s._.kind, s._.rule, s._.info.aliases) for s in PROJECTS.spans(doc)] == expected


def _names(*items: tuple[str, str]) -> list[tuple[str, str, str]]:
    return [(surface, "AGREEMENT_REF" if rule == "agreement-anaphor" else "AGREEMENT", rule) for surface, rule in items]


@pytest.mark.parametrize("text, layers, expected", [
    (f"The presidents signed the {CONVENTION} in Aktau. The convention entered into force.",
     {AGREEMENT_NAMES: _names((f"{CONVENTION} in Aktau", "agreement-titled"), ("The convention", "agreement-anaphor")),
      ENTITIES: [("Aktau", "PLACE", "aktau")]},
     [(CONVENTION, CONVENTION_KEY, "convention", "agreement-titled", (), False),
      ("The convention", CONVENTION_KEY, "convention", "agreement-anaphor", (), False)]),
    ("The agreement between Kazakhstan and Azerbaijan on transit, which was not signed, remains a draft.",
     {AGREEMENT_NAMES: _names(("agreement between Kazakhstan and Azerbaijan on transit", "agreement-described")),
      ACTORS: [("Kazakhstan", "country", ActorInfo("kazakhstan", "country", "gazetteer", "Kazakhstan")),
               ("Azerbaijan", "country", ActorInfo("azerbaijan", "country", "gazetteer", "Azerbaijan"))]},
     [("agreement between Kazakhstan and Azerbaijan on transit", "agreement-between-kazakhstan-and-azerbaijan-on-transit",
       "agreement", "agreement-described", ("kazakhstan", "azerbaijan"), True)]),
    ("The talks ended without an agreement on trade.",  # negated: no instrument
     {AGREEMENT_NAMES: _names(("agreement on trade", "agreement-described"))}, []),
    ("The convention entered into force.",  # an anaphor with nothing before it
     {AGREEMENT_NAMES: _names(("The convention", "agreement-anaphor"))}, []),
])
def test_agreements_alone(nlp, text, layers, expected) -> None:
    doc = run(nlp, "caspianie_agreements", handmade(nlp, text, layers))
    got = [(s.text, s._.key, s._.kind, s._.rule, s._.info.parties, s._.info.draft) for s in AGREEMENTS.spans(doc)]
    assert got == expected


SIGNED = f"On 12 August 2018 the five presidents signed the {CONVENTION} in Aktau."
SIGNING_LAYERS = {
    DATES: [("On 12 August 2018", "day-month-year",
             DateInfo(Date(text="On 12 August 2018", value="2018-08-12", granularity="day"), "day-month-year"))],
    ENTITIES: [("Aktau", "PLACE", "aktau")],
    AGREEMENTS: [(CONVENTION, "convention", AgreementInfo(CONVENTION_KEY, "convention", "agreement-titled", CONVENTION))],
}
TALKS = "President Tokayev met President Aliyev in Baku on Monday."
TALKS_LAYERS = {
    ENTITIES: [("Baku", "PLACE", "baku")],
    ACTORS: [("Tokayev", "person", _person("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "kazakhstan")),
             ("Aliyev", "person", _person("ilham-aliyev", "Ilham Aliyev", "azerbaijan"))],
}


@pytest.mark.parametrize("text, layers, expected, nonfactual", [
    (SIGNED, SIGNING_LAYERS, [("signing", "signing-verb", "2018-08-12", "Aktau", [], [CONVENTION_KEY])], []),
    (TALKS, TALKS_LAYERS,
     [("meeting", "meeting-met", "2024-03-12", "Baku", ["kassym-jomart-tokayev", "ilham-aliyev"], [])], []),
    (SIGNED.replace("signed", "will sign"), SIGNING_LAYERS, [], [SIGNED.replace("signed", "will sign")]),
    (TALKS.replace("met", "may meet"), TALKS_LAYERS, [], []),  # a modal: not factual
    ("Yesterday the company hosted a reception in Baku.", {ENTITIES: [("Baku", "PLACE", "baku")]}, [], []),  # no person
])
def test_events_alone(nlp, text, layers, expected, nonfactual) -> None:
    doc = run(nlp, "caspianie_events", handmade(nlp, text, layers))
    got = [(e.event_type, e.rule, e.date and e.date.value, e.location, e.participants, e.agreements) for e in doc._.events]
    assert got == expected
    assert [s.text for s in doc._.nonfactual_signings] == nonfactual
