"""Event records on single sentences: types, dates, locations, participants, links, non-events."""

from conftest import checked_records as run
from conftest import events
from conftest import checked_records as checked

def one(records):
    found = events(records)
    assert len(found) == 1
    return found[0]

def summary(e):
    return (e.event_type, e.date.value if e.date else None, e.location, e.participants, e.agreements, e.projects)

def test_corpus_btk_inauguration_with_five_leaders(nlp):
    e = one(run(nlp, "30 October 2017 — The Baku–Tbilisi–Kars (BTK) railway is inaugurated at a ceremony in Alat, "
                     "south of Baku, by President of Azerbaijan Ilham Aliyev, President of Turkey Recep Tayyip "
                     "Erdogan, Prime Minister of Georgia Giorgi Kvirikashvili, Prime Minister of Kazakhstan "
                     "Bakytzhan Sagintayev and Prime Minister of Uzbekistan Abdulla Aripov."))
    assert summary(e) == ("opening", "2017-10-30", "Alat",
                          ["ilham-aliyev", "recep-tayyip-erdogan", "giorgi-kvirikashvili",
                           "bakytzhan-sagintayev", "abdulla-aripov"],
                          [], ["baku-tbilisi-kars-railway"])
    assert (e.trigger, e.model_extra["rule"], e.model_extra["cameo"], e.model_extra["plover"]) == (
        "inaugurated", "opening-inaugurate", "061", "COOPERATE")

def test_corpus_coordination_committee_set_up(nlp):
    e = one(run(nlp, "November 2013 — The national railway companies Kazakhstan Temir Zholy (KTZ), Azerbaijan "
                     "Railways (ADY) and Georgian Railway set up the Coordination Committee for the Development of "
                     "the Trans-Caspian International Transport Route in Astana."))
    assert summary(e) == ("establishment", "2013-11", "Astana",
                          ["kazakhstan-temir-zholy", "azerbaijan-railways", "georgian-railway",
                           "titr-coordination-committee"], [], [])
    assert e.date.granularity == "month"

def test_corpus_phone_call_is_a_meeting_without_location(nlp):
    text = ("On 3 April, President of the Republic of Azerbaijan Ilham Aliyev had a phone conversation "
            "with President of the Republic of Kazakhstan Kassym-Jomart Tokayev.")
    # the article's dateline is 4 April 2024: "3 April" is the day before
    e = one(run(nlp, text, reference="2024-04-04"))
    assert summary(e) == ("meeting", "2024-04-03", None, ["ilham-aliyev", "kassym-jomart-tokayev"], [], [])
    assert (e.trigger, e.model_extra["rule"]) == ("phone conversation", "meeting-call")

def test_new_talks_in_capital(nlp):
    e = one(run(nlp, "Uzbek President Shavkat Mirziyoyev held talks with Turkmen Foreign Minister Rashid Meredov "
                     "in Tashkent on 5 May 2023."))
    assert summary(e) == ("meeting", "2023-05-05", "Tashkent", ["shavkat-mirziyoyev", "rashid-meredov"], [], [])
    assert (e.trigger, e.model_extra["cameo"], e.model_extra["plover"]) == ("talks", "040", "CONSULT")

def test_new_received_is_a_meeting(nlp):
    e = one(run(nlp, "President of Turkmenistan Serdar Berdimuhamedov received the Chairman of the Board of LUKOIL "
                     "Vagit Alekperov in Ashgabat on 14 February 2023."))
    assert summary(e) == ("meeting", "2023-02-14", "Ashgabat",
                          ["serdar-berdimuhamedov", "vagit-alekperov"], [], [])

def test_new_state_visit_to_country(nlp):
    e = one(run(nlp, "Turkmen President Serdar Berdimuhamedov paid a state visit to Azerbaijan on 17 November 2022."))
    assert summary(e) == ("visit", "2022-11-17", "Azerbaijan", ["serdar-berdimuhamedov", "azerbaijan"], [], [])
    assert (e.model_extra["cameo"], e.model_extra["plover"]) == ("042", "CONSULT")

def test_new_signing_links_agreement_and_project(nlp):
    recs = run(nlp, "Azerbaijan and Turkmenistan signed a memorandum of understanding on the joint exploration "
                    "of the Dostluk field in Ashgabat on 21 January 2021.")
    e = one(recs)
    assert summary(e) == ("signing", "2021-01-21", "Ashgabat", ["azerbaijan", "turkmenistan"],
                          ["memorandum-of-understanding-on-the-joint-exploration-of"], ["dostluk-field"])
    assert e.model_extra["cameo"] == "057"

def test_new_establishment_of_diplomatic_relations(nlp):
    e = one(run(nlp, "Diplomatic relations between Kazakhstan and Azerbaijan were established on 30 August 1992."))
    assert summary(e) == ("establishment", "1992-08-30", None, ["kazakhstan", "azerbaijan"], [], [])

def test_new_election_to_security_council(nlp):
    e = one(run(nlp, "Kazakhstan was elected a non-permanent member of the UN Security Council on 28 June 2016."))
    assert summary(e) == ("election", "2016-06-28", None,
                          ["kazakhstan", "united-nations-security-council"], [], [])

def test_new_summit_and_culture_days(nlp):
    recs = run(nlp, "The sixth Caspian Summit was held in Ashgabat on 29 June 2022.\n\n"
                    "Days of Uzbek culture were held in Baku in May 2023.")
    assert [summary(e) for e in events(recs)] == [
        ("summit", "2022-06-29", "Ashgabat", [], [], []),
        ("cultural_event", "2023-05", "Baku", [], [], []),
    ]

def test_new_termination_links_agreement(nlp):
    e = one(run(nlp, "In 2011 the agreement on the Trans-Caspian oil transport system was terminated."))
    assert summary(e) == ("termination", "2011", None, [],
                          ["agreement-on-the-trans-caspian-oil-transport-system"], [])

def test_non_events_planned_negated_agreed_to_create_and_future(nlp):
    for text in (
        "The two sides will sign a treaty on strategic partnership next year.",
        "Turkmenistan did not sign the declaration.",
        "Kazakhstan, Azerbaijan and Georgia agreed to create a joint logistics company.",
        "President Mirziyoyev will visit Baku in 2023.",
        "The Turkmen delegation did not attend the meeting in Baku on 5 May 2023.",
        "The Organization of Turkic States held an informal summit in Shusha on 6 July 2024.",
    ):
        assert events(run(nlp, text)) == [], text

def test_a_forum_that_would_become_something_is_no_event(nlp):
    assert events(run(nlp, "The leaders said the Caspian Economic Forum would become a permanent platform.")) == []

def test_an_initiative_to_hold_a_forum_is_no_event_but_a_turn_to_host_a_summit_is(nlp):
    assert events(run(nlp, "The initiative to hold the Caspian Economic Forum belongs to Turkmenistan.")) == []
    e = one(run(nlp, "On 29 June 2022 it was the turn of Turkmenistan to host the Caspian summit in Ashgabat."))
    assert summary(e)[:3] == ("summit", "2022-06-29", "Ashgabat")

def test_adopting_a_final_document_is_a_signing(nlp):
    e = one(run(nlp, "On 6 October 2022 the heads of delegations of Azerbaijan, Iran, Kazakhstan, Russia and "
                     "Turkmenistan adopted the Final Document of the Caspian Economic Forum in Moscow."))
    assert summary(e) == ("signing", "2022-10-06", "Moscow",
                          ["azerbaijan", "iran", "kazakhstan", "russia", "turkmenistan"],
                          ["final-document-of-the-caspian-economic-forum"], [])

def test_years_of_negotiations_are_no_meeting(nlp):
    e = one(run(nlp, "On 12 August 2018 the presidents signed the Convention on the Legal Status of the Caspian Sea "
                     "in Aktau after more than twenty years of negotiations."))
    assert summary(e)[:3] == ("signing", "2018-08-12", "Aktau")

def test_a_turkmen_parliament_is_an_organization_not_a_person(nlp):
    recs = run(nlp, "The Chairman of the Halk Maslahaty of the Milli Gengesh of Turkmenistan spoke in Ashgabat.")
    assert {r.key: (r.kind, r.country) for r in recs if r.type == "actor"} == {
        "halk-maslahaty": ("organization", "turkmenistan"), "milli-gengesh": ("organization", "turkmenistan")}

def test_a_ratification_without_its_instrument_takes_the_one_just_named(nlp):
    recs = run(nlp, "On 12 August 2018 the five presidents signed the Convention on the Legal Status of the "
                    "Caspian Sea in Aktau. On 26 December 2018 the Mazhilis approved the ratification bill.")
    assert [summary(e)[:5] for e in events(recs)] == [
        ("signing", "2018-08-12", "Aktau", [], ["convention-on-the-legal-status-of-the-caspian"]),
        ("signing", "2018-12-26", None, ["mazhilis"], ["convention-on-the-legal-status-of-the-caspian"])]

def test_followed_repeats_the_previous_signing_with_its_own_actor_and_date(nlp):
    recs = run(nlp, "On 19 September 2019 the State Duma ratified the Convention on the Legal Status of the "
                    "Caspian Sea. The Federation Council followed on 25 September 2019.")
    assert [summary(e)[:5] for e in events(recs)] == [
        ("signing", "2019-09-19", None, ["state-duma"], ["convention-on-the-legal-status-of-the-caspian"]),
        ("signing", "2019-09-25", None, ["federation-council"], ["convention-on-the-legal-status-of-the-caspian"])]
    assert events(recs)[1].model_extra["rule"] == "follow-elliptical"

def test_followed_with_an_object_is_no_event(nlp):
    recs = run(nlp, "On 21 January 2021 Azerbaijan and Turkmenistan signed a memorandum on the Dostluk field. "
                    "Ilham Aliyev and Gurbanguly Berdimuhamedov followed the ceremony by video link.")
    assert [e.event_type for e in events(recs)] == ["signing"]

def test_a_relative_clause_takes_its_project_from_the_noun_it_describes(nlp):
    recs = run(nlp, "The sides stressed the full use of the Baku–Tbilisi–Kars railway, which was put into "
                    "operation on 30 October 2017.")
    assert [summary(e)[:2] + (e.projects,) for e in events(recs)] == [
        ("opening", "2017-10-30", ["baku-tbilisi-kars-railway"])]

def test_talks_on_the_sidelines_are_their_own_meeting(nlp):
    recs = run(nlp, "On 5 December 2023 the foreign ministers of Azerbaijan, Iran, Kazakhstan, Russia and Turkmenistan "
                    "met in Moscow. On the sidelines of the ministerial, Hossein Amir-Abdollahian and Sergey Lavrov "
                    "held talks.")
    assert [(e.event_type, e.participants) for e in events(recs)] == [
        ("meeting", ["azerbaijan", "iran", "kazakhstan", "russia", "turkmenistan"]),
        ("meeting", ["hossein-amir-abdollahian", "sergey-lavrov"])]

def test_a_separately_told_signing_is_another_signing(nlp):
    recs = run(nlp, "Georgia, Romania and Hungary signed a memorandum on a power cable in Baku on 13 November 2024. "
                    "Separately, Georgia and Hungary signed documents on gas storage.", reference="2024-11-14")
    assert [e.participants for e in events(recs) if e.event_type == "signing"] == [
        ["georgia", "romania", "hungary"], ["georgia", "hungary"]]

def test_a_signing_on_the_sidelines_of_a_summit_is_the_signing_told_before(nlp):
    recs = run(nlp, "Georgia, Romania and Hungary signed a memorandum on a power cable in Baku on 13 November 2024. "
                    "Georgia and Romania signed it on the sidelines of the climate summit.", reference="2024-11-14")
    assert [e.participants for e in events(recs) if e.event_type == "signing"] == [["georgia", "romania", "hungary"]]

def test_an_instrument_about_something_still_to_be_built_was_signed(nlp):
    recs = run(nlp, "Georgia and Romania signed an agreement on a power line across the Black Sea to be laid by 2029.",
               reference="2024-11-14")
    assert [(e.event_type, e.participants) for e in events(recs)] == [("signing", ["georgia", "romania"])]

def test_an_event_still_to_be_held_is_no_event(nlp):
    recs = run(nlp, "The summit of Georgia and Romania in Tbilisi is to be held in 2025.", reference="2024-11-14")
    assert events(recs) == []

def test_a_hyphenated_surname_links_to_the_full_name(nlp):
    recs = run(nlp, "Iranian Foreign Minister Hossein Amir-Abdollahian arrived on 4 December 2023. Amir-Abdollahian, "
                    "who travelled to Moscow on Monday, spoke to reporters.")
    actor = next(r for r in recs if r.type == "actor" and r.key == "hossein-amir-abdollahian")
    assert [m.text for m in actor.mentions] == ["Hossein Amir-Abdollahian", "Amir-Abdollahian"]

def test_separate_talks_with_several_guests_are_one_meeting_each(nlp):
    recs = run(nlp, "On 18 May 2023 Xi Jinping held separate talks with Sadyr Japarov, Emomali Rahmon and "
                    "Shavkat Mirziyoyev in Xi'an.")
    assert [e.participants for e in events(recs)] == [
        ["xi-jinping", "sadyr-japarov"], ["xi-jinping", "emomali-rahmon"], ["xi-jinping", "shavkat-mirziyoyev"]]

def test_an_undated_event_in_the_lead_happened_on_the_dateline_day(nlp):
    text = ("Russian–Kazakhstani talks\n\nNovember 28, 2022\n\nVladimir Putin held talks with President of "
            "Kazakhstan Kassym-Jomart Tokayev in Moscow.\n\nThe sides discussed energy. Later they held talks again.")
    recs = checked(nlp, text, reference=None)
    assert [summary(e)[:3] for e in events(recs)][0] == ("meeting", "2022-11-28", "Moscow")

def test_a_bare_family_name_first_links_to_the_person(nlp):
    recs = run(nlp, "Chinese President Xi Jinping arrived in Xi'an on 17 May 2023. On 18 May 2023 Xi held talks "
                    "with Kassym-Jomart Tokayev.")
    meeting = events(recs)[-1]
    assert meeting.participants == ["xi-jinping", "kassym-jomart-tokayev"]

def test_a_re_election_and_a_field_that_started_production_are_events(nlp):
    recs = run(nlp, "Kassym-Jomart Tokayev visited Moscow after his re-election as President on 20 November 2022. "
                    "The Kashagan field started production in September 2013.")
    assert [(e.event_type, e.date.value) for e in events(recs) if e.event_type != "visit"] == [
        ("election", "2022-11-20"), ("opening", "2013-09")]

def test_the_month_may_is_no_modal(nlp):
    e = one(run(nlp, "On 18 May 2023 Xi Jinping held talks with Sadyr Japarov in Xi'an."))
    assert summary(e)[:4] == ("meeting", "2023-05-18", "Xi'an", ["xi-jinping", "sadyr-japarov"])
    assert events(run(nlp, "Xi Jinping may hold talks with Sadyr Japarov in Xi'an.")) == []

def test_new_relative_clause_dates_the_event_it_describes(nlp):
    e = one(run(nlp, "The Days of Azerbaijani Culture, which are being held in Astana from 24 to 26 September, "
                     "continue to acquaint the Kazakh public with Azerbaijani music.", reference="2024-09-26"))
    assert summary(e) == ("cultural_event", "2024-09-24/2024-09-26", "Astana", [], [], [])

def test_new_inauguration_and_declared_winner_are_elections(nlp):
    recs = run(nlp, "Serdar Berdimuhamedov has been sworn in as president. Serdar Berdimuhamedov was declared the "
                    "winner of the March 12 early election.", reference="2022-03-19")
    assert [(e.event_type, e.date.value, e.participants, e.trigger) for e in events(recs)] == [
        ("election", "2022-03-19", ["serdar-berdimuhamedov"], "sworn in"),
        ("election", "2022-03-12", ["serdar-berdimuhamedov"], "winner of")]

def test_new_phone_calls_told_with_verbs_are_meetings(nlp):
    e = one(run(nlp, "Russian President Vladimir Putin spoke by phone with Gurbanguly Berdimuhamedov on March 15.",
                reference="2022-03-19"))
    assert summary(e) == ("meeting", "2022-03-15", None, ["vladimir-putin", "gurbanguly-berdimuhamedov"], [], [])

def test_new_pulling_out_of_a_contract_and_halting_loadings_are_terminations(nlp):
    recs = run(nlp, "In February 2020, Russian Railways pulled out of a contract to electrify the Garmsar-Inche "
                    "Burun railway. On August 23, CPC again halted loadings at two of the Novorossiysk moorings.",
               reference="2022-12-06")
    assert [(e.event_type, e.date.value, e.participants, e.trigger) for e in events(recs)] == [
        ("termination", "2020-02", ["russian-railways"], "pulled out of"),
        ("termination", "2022-08-23", ["cpc"], "halted")]  # the consortium halted them

def test_new_due_to_host_is_a_plan_and_an_airport_welcome_is_no_meeting(nlp):
    assert events(run(nlp, "Ashgabat is due to host the sixth Caspian summit later this year.",
                      reference="2022-03-19")) == []
    assert events(run(nlp, "The President of Turkmenistan arrived in Astana on 24 November and was met at the "
                           "airport by Kassym-Jomart Tokayev.", reference="2025-11-25")) == []

def test_new_opening_of_a_monument(nlp):
    e = one(run(nlp, "He attended the opening of the monument to Abai Kunanbayuly in Ashgabat in October 2024.",
                reference="2025-11-25"))
    assert (e.event_type, e.date.value, e.location, e.trigger) == (
        "opening", "2024-10", "Ashgabat", "opening of the monument")

def test_new_signing_of_a_listed_set_of_documents(nlp):
    text = ("In the presence of the two leaders, the following documents were signed:\n"
            "- Agreement between the Government of the Republic of Kazakhstan and the Government of Turkmenistan "
            "on cooperation in the field of labour migration;\n"
            "- Memorandum of understanding between Kazakhstan Temir Zholy JSC and the Turkmen Railways Agency "
            "on increasing freight traffic.\n\nThe Presidents then held a joint briefing.")
    e = [e for e in events(run(nlp, text, reference="2025-11-25")) if e.event_type == "signing"]
    assert len(e) == 1 and len(e[0].agreements) == 2
    assert e[0].participants == ["kazakhstan", "turkmenistan", "kazakhstan-temir-zholy", "turkmen-railways-agency"]

def test_new_the_same_day_skips_a_programme_period(nlp):
    text = ("On 25 November, the presidents held talks. They signed a Programme of cooperation for 2026-2028. "
            "The same day, the President presented Serdar Berdimuhamedov with the Order of Altyn Kyran.")
    award = [e for e in events(run(nlp, text, reference="2025-11-25")) if e.event_type == "award"]
    assert [(e.date.value, e.participants) for e in award] == [("2025-11-25", ["serdar-berdimuhamedov"])]

def test_new_a_presidential_residence_places_the_event_in_its_city(nlp):
    e = one(run(nlp, "Vladimir Putin met Kassym-Jomart Tokayev at the Kremlin on 3 May.", reference="2025-11-25"))
    assert summary(e) == ("meeting", "2025-05-03", "Moscow", ["vladimir-putin", "kassym-jomart-tokayev"], [], [])

def test_new_live_blog_entries_take_the_datelines_day(nlp):
    text = ("Sixth Caspian Summit in Ashgabat: live updates\n\n"
            "ASHGABAT. June 29, 2022 (Interfax) - The presidents of the five Caspian states are in the city.\n\n"
            "11:10 Putin and President of Turkmenistan Serdar Berdimuhamedov hold talks.\n")
    found = events(run(nlp, text, reference=None))
    (e,) = [ev for ev in found if ev.event_type == "meeting"]
    assert summary(e) == ("meeting", "2022-06-29", "Ashgabat", ["vladimir-putin", "serdar-berdimuhamedov"], [], [])
    # the headline names the summit the blog follows, and the body tells no summit of its own
    assert [ev.event_type for ev in found if ev is not e] == ["summit"]

def test_new_one_host_meeting_two_guests_the_same_day_is_two_meetings(nlp):
    text = ("ASHGABAT, June 29, 2022 - The presidents arrived.\n\n"
            "10:25 Putin meets Gurbanguly Berdimuhamedov, chairman of the Halk Maslahaty.\n\n"
            "11:10 Putin and President of Turkmenistan Serdar Berdimuhamedov hold talks.\n")
    found = [(e.event_type, e.date.value, e.participants) for e in events(run(nlp, text, reference=None))]
    assert found == [("meeting", "2022-06-29", ["vladimir-putin", "gurbanguly-berdimuhamedov"]),
                     ("meeting", "2022-06-29", ["vladimir-putin", "serdar-berdimuhamedov"])]

def test_new_a_statement_speaks_in_the_first_person_of_the_person_in_its_heading(nlp):
    text = ("Foreign Minister Sergey Lavrov's statement following the meeting of the Caspian foreign ministers, "
            "Moscow, December 5, 2023\n\nLadies and gentlemen,\n\nEarlier today I held talks with Hossein "
            "Amir-Abdollahian.")
    e = one(run(nlp, text, reference=None))
    assert summary(e) == ("meeting", "2023-12-05", "Moscow", ["sergey-lavrov", "hossein-amir-abdollahian"], [], [])

def test_new_we_held_a_meeting_in_a_statement_is_the_speakers_meeting(nlp):
    text = ("Sergey Lavrov's remarks at a news conference, Moscow, December 5, 2023\n\n"
            "Today we held a meeting of the foreign ministers of the Caspian states.")
    e = one(run(nlp, text, reference=None))
    assert summary(e) == ("meeting", "2023-12-05", "Moscow", ["sergey-lavrov"], [], [])

def test_new_the_signing_of_another_instrument_is_no_back_reference(nlp):
    text = ("On 14 December 2022, the Joint Declaration of the First Summit was signed by the three Presidents. "
            "In their presence, the following documents were also signed:\n"
            "- Memorandum of Understanding on trade and economic cooperation;\n"
            "- Memorandum of Understanding on cooperation between the customs services.\n\n"
            "The Presidents welcomed the progress achieved since the signing of the Memorandum of Understanding "
            "between Azerbaijan and Turkmenistan on the Dostlug field on 21 January 2021.")
    found = [(e.date.value, len(e.agreements)) for e in events(run(nlp, text, reference="2022-12-14"))]
    assert found == [("2022-12-14", 1), ("2022-12-14", 2), ("2021-01-21", 1)]

def test_new_groundbreaking_closure_heads_of_state_meeting_and_numbered_forum(nlp):
    text = ("On 6 October 2023, Mehrdad Bazrpash and Shahin Mustafayev laid the foundation stone of the Aghband "
            "road bridge. The Baku-Nakhchivan railway was closed in 1992. On 14 September 2023 Ilham Aliyev "
            "attended the Consultative Meeting of the Heads of State of Central Asia in Dushanbe. The 19th Forum "
            "of Interregional Cooperation was held in Kostanay on 9 November 2023.")
    assert [(e.event_type, e.date.value, e.trigger) for e in events(run(nlp, text, reference="2024-12-11"))] == [
        ("opening", "2023-10-06", "laid the foundation stone"), ("termination", "1992", "was closed"),
        ("summit", "2023-09-14", "Meeting of the Heads of State"), ("meeting", "2023-11-09", "19th Forum")]

def test_new_a_presidents_aide_is_not_one_of_the_leaders(nlp):
    text = ("On 3 April 2024, President Ilham Aliyev received President Kassym-Jomart Tokayev. The meeting was "
            "attended by Assistant to the President of the Republic of Azerbaijan for Foreign Policy Issues Hikmet "
            "Hajiyev.\n\nThe two presidents then signed the Declaration on Allied Relations.")
    signing = [e for e in events(run(nlp, text, reference="2024-04-03")) if e.event_type == "signing"]
    # the aide is not a signer; Azerbaijan, the one state the text names, is the presidents' party
    assert [e.participants for e in signing] == [["kassym-jomart-tokayev", "ilham-aliyev", "azerbaijan"]]


def test_a_year_in_the_event_s_name_yields_to_its_day(nlp):
    """"the 2022 Summit" names the summit; "on Wednesday" dates it."""
    text = "Vladimir Putin, on Wednesday, attended the 2022 Summit of the Caspian States in Ashgabat."
    assert [(e.date.text, e.date.value) for e in events(run(nlp, text, reference="2022-06-30"))] == [
        ("on Wednesday", "2022-06-29")]
    text = "Vladimir Putin attended the 2022 Caspian Summit in Ashgabat."
    assert [e.date.value for e in events(run(nlp, text, reference="2022-06-30"))] == ["2022"]

def test_a_tour_of_a_site_is_no_visit_of_its_own(nlp):
    recs = run(nlp, "On 3 May 2021, President Kassym-Jomart Tokayev visited the Akhal Teke Horse Complex near Ashgabat.",
               reference="2021-05-04")
    assert events(recs) == []
