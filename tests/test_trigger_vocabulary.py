"""Ways real pages word an event that the trigger patterns must read (sentences written for
these tests): projects coming on stream, stone-laying ceremonies, press briefings, tours,
bodies formed and embassies reopened."""

from __future__ import annotations

import pytest

from conftest import checked_records as run


@pytest.mark.parametrize("text, event_type, trigger", [
    ("The Shah Deniz field came on stream in Azerbaijan on 30 June 2018.", "opening", "came on stream"),
    ("The Kazakhstan-Turkmenistan-Iran railway became operational on 3 December 2014.", "opening", "became operational"),
    ("The Baku-Tbilisi-Ceyhan pipeline began pumping oil on 28 May 2006.", "opening", "began pumping"),
    ("The Shah Deniz field began producing gas on 15 December 2006.", "opening", "began producing"),
    ("A stone-laying ceremony for the Alat port was held in Baku on 4 April 2022.", "opening", "stone-laying ceremony"),
    ("Kassym-Jomart Tokayev gave a media briefing in Tashkent on 14 May 2022.", "meeting", "media briefing"),
    ("Kadri Simson completed her tour of the Caspian region in Ashgabat on 3 May 2022.", "visit", "tour of"),
    ("The Organization of Turkic States was formed in 2009.", "establishment", "was formed"),
    ("Azerbaijan reopened its embassy in Ashgabat in April 2008.", "establishment", "reopened its embassy"),
    ("Shinzo Abe and Gurbanguly Berdimuhamedov held a signing ceremony in Ashgabat on 23 October 2015.", "signing",
     "signing ceremony"),
    ("Shinzo Abe made a joint press announcement in Ashgabat on 23 October 2015.", "meeting", "press announcement"),
    ("Shinzo Abe attended a business forum in Ashgabat on 23 October 2015.", "meeting", "business forum"),
    ("Shinzo Abe attended the conferment of an honorary doctorate in Ashgabat on 23 October 2015.", "award",
     "conferment of"),
    ("Narendra Modi began a six-nation tour with a stop in Astana on 7 July 2015.", "visit", "six-nation tour"),
    # named, numbered and described conferences and congresses
    ("The Trans-Caspian Transit Conference opened in Aktau on 12 June 2019.", "meeting", "Transit Conference"),
    ("Delegates of nine states met at the 5th Congress of railway operators in Baku on 3 May 2016.", "meeting",
     "5th Congress"),
    ("Georgia hosted a regional conference on transit tariffs in Batumi on 3 May 2016.", "meeting",
     "regional conference"),
    # sittings of a body and talks with someone
    ("The 12th sitting of the Kazakh-Uzbek Intergovernmental Commission was held in Tashkent on 3 May 2016.",
     "meeting", "12th sitting"),
    ("The plenary sitting of the Turkic parliamentary assembly TURKPA was held in Baku on 3 May 2016.",
     "meeting", "plenary sitting"),
    ("Serik Zhumangarin talked with Parviz Shahbazov in Astana on 3 May 2016.", "meeting", "talked with"),
    # construction started, as a verb
    ("Kazakhstan started construction of the Dostyk-Moyinty railway on 3 May 2020.", "opening",
     "started construction"),
    ("Construction begins on the Kuryk port on 3 May 2020.", "opening", "Construction begins"),
    # a heads of state council's meeting and a meeting of member leaders are summits
    ("The leaders held a meeting of the Council of Heads of Member States in Astana on 4 July 2023.", "summit",
     "meeting of the Council of Heads of Member States"),
    ("An informal meeting of the leaders of the CIS member countries took place in Minsk on 26 December 2023.",
     "summit", "meeting of the leaders of the CIS member countries"),
])
def test_event_wordings_found_on_real_pages(nlp, text, event_type, trigger) -> None:
    found = [(e.event_type, e.trigger) for e in run(nlp, text) if e.type == "event"]
    assert found == [(event_type, trigger)]


@pytest.mark.parametrize("text", [
    "The new director began shipping the timetables to Astana on 3 May 2022.",
    "Officials came into the hall in Baku on 3 May 2022.",
    "The company started construction of new offices on 3 May 2020.",
    # look-alikes of the other wordings: "sitting" as a verb, talking to the press, planned work
    "Ilham Aliyev was sitting beside the guests in Baku on 3 May 2016.",
    "Ilham Aliyev spoke with journalists in Baku on 3 May 2016.",
    "Kazakhstan plans to start construction of the Dostyk-Moyinty railway in 2026.",
])
def test_the_same_words_without_a_project_or_as_look_alikes_are_no_events(nlp, text) -> None:
    assert [e for e in run(nlp, text) if e.type == "event"] == []


@pytest.mark.parametrize("text, participants", [
    ("Kazakhstan Temir Zholy, created by a decree in 1997, runs the national railway network.", ["kazakhstan-temir-zholy"]),
    ("The working group on the Caspian Sea level was created by Russia and Azerbaijan in 2022.", ["russia", "azerbaijan"]),
    ("A joint venture of KazMunayGas and SOCAR was set up in 2019.", ["kazmunaygas", "socar"]),
])
def test_bodies_founded_by_a_reduced_relative_or_named_by_a_common_noun(nlp, text, participants) -> None:
    [event] = [e for e in run(nlp, text) if e.type == "event"]
    assert (event.event_type, event.participants) == ("establishment", participants)


@pytest.mark.parametrize("text", [
    "The 1997 treaty formed the basis of relations between Azerbaijan and Kazakhstan.",
    "Aliyev and Tokayev formed a group for the photograph in Baku in 2023.",
])
def test_formed_in_the_active_voice_founds_nothing(nlp, text) -> None:
    assert [e for e in run(nlp, text) if e.type == "event" and e.event_type == "establishment"] == []


@pytest.mark.parametrize("text, trigger", [
    ("Xi Jinping congratulated Serdar Berdimuhamedov on winning the presidential elections in March 2022.",
     "winning the presidential elections"),
    ("Tokayev congratulated Ilham Aliyev on his election victory in February 2024.", "election victory"),
])
def test_the_one_congratulated_on_an_election_is_elected_not_the_one_who_congratulates(nlp, text, trigger) -> None:
    [event] = [e for e in run(nlp, text, "2024-06-01") if e.type == "event"]
    assert (event.event_type, event.trigger, len(event.participants)) == ("election", trigger, 1)
    assert event.participants[0] in ("serdar-berdimuhamedov", "ilham-aliyev")


@pytest.mark.parametrize("text, trigger, person", [
    ("President Kassym-Jomart Tokayev appoints Olzhas Bektenov as Prime Minister.", "appoints", "olzhas-bektenov"),
    ("Ebrahim Raisi took the helm in Iran in August 2021.", "took the helm", "ebrahim-raisi"),
    ("The appointment of Olzhas Bektenov as Prime Minister was announced in Astana.", "appointment of",
     "olzhas-bektenov"),
    ("Vladimir Putin thanked Nursultan Nazarbayev for his victory in the presidential election.",
     "victory in the presidential election", "nursultan-nazarbayev"),
])
def test_appointments_and_victories_worded_as_nouns_are_elections(nlp, text, trigger, person) -> None:
    elections = [e for e in run(nlp, text, "2024-06-01") if e.type == "event" and e.event_type == "election"]
    assert [(e.trigger, person in e.participants) for e in elections] == [(trigger, True)]


def test_an_election_one_is_congratulated_on_keeps_no_date_of_the_report(nlp) -> None:
    text = "Nursultan Nazarbayev congratulated Vladimir Putin on his victory in the presidential election."
    [election] = [e for e in run(nlp, text, "2024-06-01") if e.type == "event"]
    assert (election.participants, election.date) == (["vladimir-putin"], None)


@pytest.mark.parametrize("text, date", [
    ("Construction of the Baku-Tbilisi-Kars railway started in 2008.", "2008"),
    ("Construction of the Baku-Tbilisi-Kars railway was only launched in 2009.", "2009"),
    ("The start of construction of the Baku-Tbilisi-Kars railway was marked on 21 November 2007.", "2007-11-21"),
])
def test_the_start_of_construction_opens_the_project(nlp, text, date) -> None:
    [event] = [e for e in run(nlp, text, "2024-06-01") if e.type == "event"]
    assert (event.event_type, event.date.value, event.projects) == ("opening", date, ["baku-tbilisi-kars-railway"])


def test_construction_that_will_start_opens_nothing(nlp) -> None:
    text = "Construction of the Baku-Tbilisi-Kars railway will start in 2030."
    assert [e for e in run(nlp, text, "2024-06-01") if e.type == "event"] == []


@pytest.mark.parametrize("text, kind", [
    ("Gurbanguly Berdimuhamedov arrived in Moscow on 23 April 2007 for a two-day visit.", "visit"),
    ("China and Kazakhstan established diplomatic ties on 3 January 1992.", "establishment"),
    ("Azerbaijan opened its resident Mission in New Delhi in October 2004.", "establishment"),
    ("President Ilham Aliyev laid the foundation of the Baku-Tbilisi-Kars railway on 21 November 2007.", "opening"),
])
def test_visits_by_length_diplomatic_ties_and_foundations_laid_are_events(nlp, text, kind) -> None:
    assert [e.event_type for e in run(nlp, text, "2024-06-01") if e.type == "event"] == [kind]


def test_laying_the_foundation_for_cooperation_opens_nothing(nlp) -> None:
    text = "The Brussels conference of 1993 laid the foundation for the TRACECA programme."
    assert [e for e in run(nlp, text, "2024-06-01") if e.type == "event"] == []


@pytest.mark.parametrize("sign", ["in the latest sign of", "as a clear sign of", "in another sign of"])
def test_a_sign_of_something_is_no_signing(nlp, sign) -> None:
    text = f"Ilham Aliyev and Vladimir Putin met in Baku on 3 May 2024 {sign} closer ties."
    assert [e.event_type for e in run(nlp, text, "2024-06-01") if e.type == "event"] == ["meeting"]


@pytest.mark.parametrize("text", [
    "On 3 May 2024 Helga Maria Schmid mentioned the establishment of a regional monitoring centre in Baku.",
    "On 3 May 2024 Azerbaijan and Uzbekistan signed an agreement on the establishment of a joint investment fund.",
])
def test_an_establishment_talked_about_founds_nothing(nlp, text) -> None:
    kinds = [e.event_type for e in run(nlp, text, "2024-06-01") if e.type == "event"]
    assert "establishment" not in kinds


@pytest.mark.parametrize("text, kind", [
    ("Nikol Pashinyan and Irakli Garibashvili had a private conversation in Tbilisi on 3 May 2024.", "meeting"),
    ("Yoon Suk Yeol and Serdar Berdimuhamedov held high-level discussions in Ashgabat on 3 May 2024.", "meeting"),
    ("Nawaz Sharif and Ashraf Ghani attended the ground breaking of the TAPI pipeline on 13 December 2015.",
     "opening"),
    ("Ilham Aliyev and Kassym-Jomart Tokayev made a joint statement in Astana on 3 May 2024.", "signing"),
])
def test_conversations_ground_breakings_and_joint_statements_made_are_events(nlp, text, kind) -> None:
    assert [e.event_type for e in run(nlp, text, "2024-06-01") if e.type == "event"] == [kind]


def test_a_press_conference_is_not_read_as_a_named_conference(nlp) -> None:
    text = "Ilham Aliyev gave a Press Conference in Baku on 3 May 2016."
    assert [e.model_extra["rule"] for e in run(nlp, text) if e.type == "event"] == ["meeting-press"]


@pytest.mark.parametrize("text, participants", [
    ("Kazakhstan assumed the SCO chairmanship on 4 July 2023.", ["kazakhstan", "sco"]),
    ("Azerbaijan took over the presidency of the OTS on 3 May 2023.", ["azerbaijan", "organization-of-turkic-states"]),
])
def test_a_state_taking_an_organizations_chair_is_an_election(nlp, text, participants) -> None:
    assert [(e.event_type, e.participants) for e in run(nlp, text) if e.type == "event"] == [("election", participants)]
