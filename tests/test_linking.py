"""Linking rules found by reviewing wrong outputs: each test is one class of expression."""

from __future__ import annotations

from caspianie.batch.extract import extract_text
from conftest import checked_records as run
from conftest import of_type



def test_government_of_a_state_is_that_state_and_a_party(nlp) -> None:
    records = run(nlp, "The Government of Kazakhstan and the State Oil Company of Azerbaijan Republic (SOCAR) "
                       "signed an agreement on oil transit in Baku on 3 May 2023.")
    assert {(a.key, a.kind) for a in of_type(records, "actor")} == {("kazakhstan", "country"), ("socar", "organization")}
    (agreement,) = of_type(records, "agreement")
    assert (agreement.name, agreement.parties, agreement.status) == ("agreement on oil transit", ["kazakhstan", "socar"], "signed")


def test_coordinated_state_bodies_are_two_states_not_one_organization(nlp) -> None:
    records = run(nlp, "The Government of the Republic of Azerbaijan and the Government of Turkmenistan "
                       "signed a memorandum on gas cooperation on 21 January 2021.")
    assert sorted(a.key for a in of_type(records, "actor")) == ["azerbaijan", "turkmenistan"]


def test_a_descriptive_prefix_does_not_hide_a_known_company(nlp) -> None:
    records = run(nlp, "Uzbekistan's national oil company Uzbekneftegaz and the national oil company KazMunayGas met in Tashkent.")
    assert "kazmunaygas" in {a.key for a in of_type(records, "actor")}


def test_ratification_date_is_not_the_signing_date(nlp) -> None:
    records = run(nlp, "The Tehran Convention was ratified by Iran in 2006.", reference="2024")
    (agreement,) = of_type(records, "agreement")
    (event,) = of_type(records, "event")
    assert (agreement.date, agreement.status) == (None, "signed")
    assert (event.event_type, event.date.value, event.participants) == ("signing", "2006", ["iran"])


def test_an_instrument_that_will_only_be_signed_is_a_draft(nlp) -> None:
    records = run(nlp, "Azerbaijan and Turkmenistan will sign an agreement on the Trans-Caspian Gas Pipeline next year.")
    (agreement,) = of_type(records, "agreement")
    assert (agreement.status, of_type(records, "event")) == ("draft", [])


def test_a_dry_port_is_a_port_project(nlp) -> None:
    records = run(nlp, "Kazakhstan and China opened the Khorgos dry port in 2015.", reference="2024")
    (project,) = of_type(records, "project")
    assert (project.key, project.kind) == ("port-of-khorgos", "port")
    (event,) = of_type(records, "event")
    assert (event.event_type, event.date.value, event.participants, event.projects) == (
        "opening", "2015", ["kazakhstan", "china"], ["port-of-khorgos"])


def test_two_signings_in_one_sentence_keep_their_own_dates_and_instruments(nlp) -> None:
    records = run(nlp, "On November 29, 2001 the Agreement between the Republic of Azerbaijan and the Republic of "
                       "Kazakhstan was signed, and on February 27, 2003 the Additional Protocol was signed.", reference="2018")
    events = [(e.date.value, e.agreements) for e in of_type(records, "event")]
    keys = [a.key for a in of_type(records, "agreement")]
    assert events == [("2001-11-29", [keys[0]]), ("2003-02-27", [keys[1]])]


def test_a_reception_inside_a_summit_paragraph_joins_the_summit(nlp) -> None:
    records = run(nlp, "At the fourth summit, in Astrakhan on 29 September 2014, Putin was the host. "
                       "He received Aliyev, Nazarbayev and Hassan Rouhani.", reference="2022")
    (summit,) = of_type(records, "event")
    assert summit.event_type == "summit" and summit.location == "Astrakhan"
    assert {"vladimir-putin", "ilham-aliyev", "nursultan-nazarbayev", "hassan-rouhani"} <= set(summit.participants)


def test_a_title_alone_names_the_office_holder_already_in_the_document(nlp) -> None:
    records = run(nlp, "President of Turkmenistan Serdar Berdimuhamedov met Shavkat Mirziyoyev in Ashgabat. "
                       "In December 2022, the Turkmen leader awarded Mirziyoyev an order.", reference="2023-02-03")
    (award,) = [e for e in of_type(records, "event") if e.event_type == "award"]
    assert (award.date.value, award.participants) == ("2022-12", ["serdar-berdimuhamedov", "shavkat-mirziyoyev"])
    serdar = next(a for a in of_type(records, "actor") if a.key == "serdar-berdimuhamedov")
    assert "Turkmen leader" not in serdar.aliases and "Turkmen leader" in [m.text for m in serdar.mentions]


def test_a_second_title_in_a_list_is_not_read_as_a_name(nlp) -> None:
    records = run(nlp, "Russian Transport Minister Vitaly Savelyev and Iranian Roads Minister Mehrdad Bazrpash "
                       "signed the deal in Tehran on 17 May 2023.")
    people = {a.key: (a.country, a.roles) for a in of_type(records, "actor") if a.kind == "person"}
    assert people == {"vitaly-savelyev": ("russia", ["Russian Transport Minister"]),
                      "mehrdad-bazrpash": ("iran", ["Iranian Roads Minister"])}


def test_a_back_reference_lends_its_date_to_its_sentence(nlp) -> None:
    records = run(nlp, "On 2 February, President Serdar Berdimuhamedov held talks with Bakhtiyor Saidov in Ashgabat.\n\n"
                       "Following the talks, the ministers signed a memorandum on transit.", reference="2023-02-03")
    signing = next(e for e in of_type(records, "event") if e.event_type == "signing")
    assert (signing.date.value, signing.location) == ("2023-02-02", "Ashgabat")


def test_an_event_named_only_at_a_field_is_located_in_the_fields_country(nlp) -> None:
    records = run(nlp, "Tengizchevroil said first oil had flowed from the Tengiz oil field on 24 January 2025.",
                  reference="2025-01-24")
    (event,) = of_type(records, "event")
    assert (event.event_type, event.location) == ("opening", "Kazakhstan")


def test_an_event_on_the_datelines_day_without_a_place_is_in_the_dateline_city(nlp) -> None:
    text = "BAKU, 12 March 2024 — Ilham Aliyev held talks with Kassym-Jomart Tokayev on Tuesday."
    records = extract_text(nlp, text, doc_id="t")
    (event,) = of_type(records, "event")
    assert (event.event_type, event.date.value, event.location) == ("meeting", "2024-03-12", "Baku")


WIRE = ("Uzbekistan and China sign railway protocol\n\n"
        "TASHKENT, Nov 3, 2023 (Reuters) - Uzbekistan and China on Thursday signed a protocol on the "
        "China–Kyrgyzstan–Uzbekistan railway.")


def test_a_dateline_after_a_headline_anchors_weekdays(nlp) -> None:
    records = extract_text(nlp, WIRE, doc_id="wire")
    document, (event,) = records[0], of_type(records, "event")
    assert (document.reference_date.value, document.title) == ("2023-11-03", "Uzbekistan and China sign railway protocol")
    assert (event.event_type, event.date.value, event.location) == ("signing", "2023-11-02", None)


def test_an_en_dash_day_range_is_a_range(nlp) -> None:
    records = run(nlp, "On 21–22 December 2022, President Kassym-Jomart Tokayev paid a state visit to Uzbekistan.",
                  reference="2022-12-23")
    (event,) = of_type(records, "event")
    assert (event.event_type, event.date.value, event.location) == ("visit", "2022-12-21/2022-12-22", "Uzbekistan")


def test_being_met_at_the_airport_and_accepting_an_invitation_are_no_events(nlp) -> None:
    records = run(nlp, "On 21 December, Tokayev arrived in Tashkent, where he was met by Prime Minister Abdulla Aripov. "
                       "President Shavkat Mirziyoyev accepted the invitation to pay a state visit to Kazakhstan.",
                  reference="2022-12-22")
    assert of_type(records, "event") == []


def test_a_place_no_gazetteer_lists_is_still_a_location(nlp) -> None:
    records = run(nlp, "TANAP was inaugurated in Eskisehir on 12 June 2018 by Ilham Aliyev and Recep Tayyip Erdogan.",
                  reference="2021")
    (event,) = of_type(records, "event")
    assert (event.event_type, event.date.value, event.location) == ("opening", "2018-06-12", "Eskisehir")
    assert event.participants == ["ilham-aliyev", "recep-tayyip-erdogan"]


def test_reported_speech_dates_the_report_not_the_signing(nlp) -> None:
    records = run(nlp, "Minister Jurabek Mirzamakhmudov said on Thursday that Uzbekneftegaz had signed a contract "
                       "with Turkmengaz on Wednesday.", reference="2023-11-03")
    (event,) = of_type(records, "event")
    assert (event.event_type, event.date.value) == ("signing", "2023-11-01")


def test_a_person_inside_an_airport_name_is_no_actor(nlp) -> None:
    records = run(nlp, "The Head of State arrived at Islam Karimov Tashkent International Airport on 21 December.",
                  reference="2022-12-22")
    assert "islam-karimov" not in {a.key for a in of_type(records, "actor")}


def test_a_participle_describes_an_instrument_and_a_headline_repeats_none(nlp) -> None:
    text = ("Uzbekistan and China sign route protocol for railway\n\n"
            "TASHKENT, Nov 3, 2023 (Reuters) - Uzbekistan and China on Thursday signed a protocol fixing "
            "the route of the China–Kyrgyzstan–Uzbekistan railway.")
    (agreement,) = of_type(extract_text(nlp, text, doc_id="t"), "agreement")
    assert (agreement.name, agreement.kind, agreement.status) == (
        "protocol fixing the route of the China–Kyrgyzstan–Uzbekistan railway", "protocol", "signed")


def test_two_meetings_of_one_day_with_different_triggers_stay_two(nlp) -> None:
    records = run(nlp, "On Tuesday morning, Kassym-Jomart Tokayev and Ilham Aliyev held talks in Baku. "
                       "Later on Tuesday, Tokayev and Aliyev chaired the first meeting of the Supreme Interstate Council.",
                  reference="2024-03-12")
    assert [(e.event_type, e.trigger) for e in of_type(records, "event")] == [("meeting", "talks"), ("meeting", "meeting")]


def test_a_passive_opening_finds_its_project_as_subject(nlp) -> None:
    records = run(nlp, "December 2016 — The ferry complex of the port of Kuryk, on the Kazakh coast south of Aktau, "
                       "is commissioned.", reference="2024")
    (event,) = of_type(records, "event")
    assert (event.event_type, event.date.value, event.projects) == ("opening", "2016-12", ["port-of-kuryk"])


def test_a_date_in_reported_content_does_not_move_the_story_day(nlp):
    from caspianie.pipeline.timex.recognizer import date_rows

    doc = nlp("On 6 October 2022 the forum opened in Moscow. He stressed that the summit, held on 29 June 2022, "
              "was a success. On the same day, Mishustin received Geldimyradov.")
    assert [(r["text"], r["value"]) for r in date_rows(doc)] == [
        ("On 6 October 2022", "2022-10-06"), ("on 29 June 2022", "2022-06-29"), ("On the same day", "2022-10-06")]
