"""Instruments, organizations, persons and projects as real pages write them: who an instrument
binds, which body speaks for a state, names with initials, particles, legal forms and
misspellings (sentences written for these tests)."""

from __future__ import annotations

import pytest

from conftest import checked_records as run
from conftest import events
from conftest import of_type



SIGNED_FIRST = ("The main event of the meeting was the signing of the Convention on the Legal Status of the Caspian Sea.\n\n"
                "Aktau hosted the summit of President of Azerbaijan Ilham Aliyev, President of Iran Hassan Rouhani "
                "and President of Russia Vladimir Putin on 12 August 2018.")


def test_a_signing_told_before_the_only_summit_binds_its_sides(nlp) -> None:
    records = run(nlp, SIGNED_FIRST, "2018-08-12")
    [convention] = of_type(records, "agreement")
    assert (convention.parties, convention.status) == (["azerbaijan", "iran", "russia"], "signed")
    signing = next(e for e in of_type(records, "event") if e.event_type == "signing")
    assert signing.participants == ["azerbaijan", "iran", "russia"]


def test_with_two_later_meetings_the_signing_borrows_no_sides(nlp) -> None:
    text = SIGNED_FIRST + ("\n\nOn 10 August 2018 President of Kazakhstan Nursultan Nazarbayev held talks with "
                           "President of Turkmenistan Gurbanguly Berdimuhamedov in Astana.")
    [convention] = of_type(run(nlp, text, "2018-08-12"), "agreement")
    assert convention.parties == []


def test_an_instruction_to_sign_is_no_signing(nlp) -> None:
    text = ("The presidents of Kazakhstan and Russia instructed the preparation and "
            "signing of the Agreement on the Caspian Gas Pipeline on 12 May 2007.")
    records = run(nlp, text, "2007-05-12")
    assert [e.event_type for e in of_type(records, "event") if e.event_type == "signing"] == []
    [agreement] = of_type(records, "agreement")
    assert agreement.status == "draft"


def actor_keys(records):
    return [r.key for r in of_type(records, "actor")]


def test_a_ministry_quoted_as_the_source_is_no_actor(nlp) -> None:
    text = ("Kazakhstan and Azerbaijan signed a memorandum on oil transit on 3 May 2023, the Ministry of Energy "
            "of Kazakhstan said. According to the Foreign Ministry, talks will continue.")
    keys = actor_keys(run(nlp, text, "2023-05-03"))
    assert keys == ["kazakhstan", "azerbaijan"]


@pytest.mark.parametrize("text", [
    "Turkey and Georgia will open a new border crossing in 2026, the Turkish Foreign Ministry stressed.",
    "Turkey and Georgia will open a new border crossing in 2026, the Turkish Foreign Ministry told reporters.",
    "Turkey and Georgia will open a new border crossing, the official page of the Turkish Foreign Ministry reported.",
])
def test_a_ministry_voicing_the_report_is_no_actor(nlp, text) -> None:
    assert actor_keys(run(nlp, text, "2025-05-03")) == ["turkey", "georgia"]


def test_a_ministry_that_signs_stays_an_actor(nlp) -> None:
    text = "The Ministry of Energy of Kazakhstan signed a memorandum with SOCAR on 3 May 2023."
    keys = actor_keys(run(nlp, text, "2023-05-03"))
    assert "socar" in keys and any("ministry" in k for k in keys)


def test_a_states_body_named_without_its_state_takes_its_state(nlp) -> None:
    text = "Masdar signed an agreement with Kazakhstan's Ministry of Energy on 3 May 2023."
    records = run(nlp, text, "2023-05-03")
    body = next(r for r in of_type(records, "actor") if r.kind == "organization" and r.key != "masdar")
    assert (body.name, body.country) == ("Ministry of Energy of Kazakhstan", "kazakhstan")
    assert "Ministry of Energy" in [m.text for m in body.mentions]


def test_a_parliament_approving_an_instrument_ratifies_it_and_keeps_its_signing(nlp) -> None:
    text = ("Russia and Kazakhstan signed the Agreement on the Delineation of the Caspian Seabed on 6 July 1998. "
            "The Mazhilis of Kazakhstan approved the Agreement on the Delineation of the Caspian Seabed in December 2018.")
    records = run(nlp, text, "2019-01-31")
    signing, approval = [e for e in of_type(records, "event") if e.event_type == "signing"]
    assert (signing.date.value, approval.date.value) == ("1998-07-06", "2018-12")
    assert approval.trigger == "approved" and approval.participants == ["mazhilis"]
    [agreement] = of_type(records, "agreement")
    assert (agreement.parties, agreement.date.value) == (["russia", "kazakhstan"], "1998-07-06")


def test_a_counted_set_of_agreements_is_one_instrument_record(nlp) -> None:
    text = "During the state visit on 3 May 2016, Kazakhstan and Iran signed 66 bilateral agreements worth two billion dollars."
    [agreement] = of_type(run(nlp, text, "2016-05-03"), "agreement")
    assert (agreement.name, agreement.parties, agreement.status) == ("66 bilateral agreements", ["kazakhstan", "iran"], "signed")


def test_a_counted_set_followed_by_its_instruments_is_their_summary(nlp) -> None:
    text = ("Azerbaijan and Kazakhstan signed 3 intergovernmental agreements on 25 May 2005. "
            "They are the agreement on tourism, the agreement on free trade and the agreement on transit.")
    names = [a.name for a in of_type(run(nlp, text, "2005-05-25"), "agreement")]
    assert names == ["agreement on tourism", "agreement on free trade", "agreement on transit"]


def test_an_organization_name_runs_over_and_unless_it_joins_two_known_names(nlp) -> None:
    one = actor_keys(run(nlp, "The National Oil Engineering and Construction Company built the line in 1997.", "1997-12-29"))
    assert one == ["national-oil-engineering-and-construction-company"]
    two = actor_keys(run(nlp, "Kazakhstan and Azerbaijan Railways signed a memorandum in 2024.", "2024-03-12"))
    assert two == ["kazakhstan", "azerbaijan-railways"]


@pytest.mark.parametrize("written, key", [("KazMunaiGaz", "kazmunaygas"), ("Turkmengas", "turkmengaz")])
def test_a_known_company_written_one_letter_off_keeps_its_key(nlp, written, key) -> None:
    text = f"The field will be operated by {written}, which will hold a 50 per cent share, from 2004."
    assert actor_keys(run(nlp, text, "2004-10-13")) == [key]


def test_one_letter_apart_is_one_edit_or_one_swap() -> None:
    from caspianie.pipeline.typos import TypoIndex, one_letter_apart

    assert one_letter_apart("kazmunaigaz", "kazmunaigas") and one_letter_apart("gazporm", "gazprom")
    assert not one_letter_apart("gazprom", "gazprom") and not one_letter_apart("rosneft", "rosnedra")
    index = TypoIndex([("Turkmengaz", "turkmengaz"), ("Turkmengas", "turkmengas")])
    assert index.key_of("Turkmengaq") is None  # one letter from two names: no guess


@pytest.mark.parametrize("text, name", [
    ("Masdar CEO Mohamed Jameel Al Ramahi signed the roadmap in 2023.", "Mohamed Jameel Al Ramahi"),
    ("Minister of Economy and Finance Ali Madanizadeh arrived in Baku in 2025.", "Ali Madanizadeh"),
    ("Minister of State for Petroleum Affairs Abdul Rahman Al Saud arrived in Baku in 2025.", "Abdul Rahman Al Saud"),
])
def test_a_name_with_a_particle_after_a_title_is_read_whole(nlp, text, name) -> None:
    persons = [r.name for r in of_type(run(nlp, text, "2025-01-01"), "actor") if r.kind == "person"]
    assert persons == [name]


def test_title_words_and_nationalities_are_no_persons(nlp) -> None:
    text = ("The line was opened by Minister of Energy and Natural Resources Berat Albayrak on 12 June 2018. "
            "Deputy Minister for Parliamentary and Iranian Expatriates Affairs Hassan Qashqavi attended.")
    persons = [r.name for r in of_type(run(nlp, text, "2018-06-12"), "actor") if r.kind == "person"]
    assert persons == ["Berat Albayrak", "Hassan Qashqavi"]


def test_a_name_alone_on_its_line_signs_the_report(nlp) -> None:
    text = "12 June 2018 22:43\nRustam Abdulov\nViews: 475\n\nBerat Albayrak opened the pipeline on 12 June 2018."
    persons = [r.name for r in of_type(run(nlp, text, "2018-06-12"), "actor") if r.kind == "person"]
    assert persons == ["Berat Albayrak"]


def test_a_company_is_known_with_and_without_its_legal_form(nlp) -> None:
    text = "Pakistan State Oil Company Limited and Uzbekistan Temir Yullari JSC signed a memorandum in 2025."
    records = run(nlp, text, "2025-01-01")
    names = {r.name: r.aliases for r in of_type(records, "actor") if r.kind == "organization"}
    assert "Pakistan State Oil Company Limited" in names["Pakistan State Oil Company"]


def test_a_stage_or_expansion_of_a_known_project_is_a_project_of_its_own(nlp) -> None:
    text = ("BP and SOCAR took the final investment decision on Shah Deniz Stage 2 and the South Caucasus "
            "Pipeline expansion on 17 December 2013. Shah Deniz has produced gas since 2006.")
    projects = [(p.key, p.kind) for p in of_type(run(nlp, text, "2013-12-17"), "project")]
    assert ("shah-deniz-stage-2", "gas_field") in projects and ("shah-deniz-field", "gas_field") in projects
    assert ("south-caucasus-pipeline-expansion", "pipeline") in projects


def test_an_initial_before_a_surname_after_a_title_makes_a_name(nlp) -> None:
    text = "Chairman of the Board of Uzbekistan Railways A. Kamildjanov signed the protocol on 15 April 2024."
    persons = [r.name for r in of_type(run(nlp, text, "2024-04-17"), "actor") if r.kind == "person"]
    assert persons == ["A. Kamildjanov"]


def test_a_name_spelled_out_before_a_known_abbreviation_is_that_organization(nlp) -> None:
    text = ("The State Oil Company of the Azerbaijani Republic (SOCAR) and BP signed a contract in Baku "
            "on 12 March 2024.")
    records = run(nlp, text, "2024-03-12")
    socar = [r for r in records if r.type == "actor" and r.key == "socar"]
    assert [m.text for m in socar[0].mentions] == ["State Oil Company of the Azerbaijani Republic", "SOCAR"]
    assert [r.key for r in records if r.type == "actor" and r.kind == "organization"] == ["socar", "bp"]


def test_an_organization_named_as_the_venue_takes_no_part(nlp) -> None:
    text = ("SOCAR and BP signed the contract on 12 March 2024 at the Heydar Aliyev Centre in Baku. "
            "The Heydar Aliyev Centre and BP signed a memorandum in Sheki on 10 March 2024.")
    first, second = events(run(nlp, text, "2024-03-12"))
    assert (first.participants, first.location) == (["socar", "bp"], "Baku")
    assert second.participants == ["heydar-aliyev-centre", "bp"]  # named as one who signs, it takes part


def test_a_person_named_family_name_first_is_found_by_the_family_name(nlp) -> None:
    text = ("Shavkat Mirziyoyev met Moon Jae-in in Seoul on 23 November 2017. "
            "Mirziyoyev took office in December 2016, and Moon took office in May 2017.")
    records = run(nlp, text, "2017-11-23")
    moon = next(r for r in records if r.type == "actor" and r.key == "moon-jae-in")
    assert [m.text for m in moon.mentions] == ["Moon Jae-in", "Moon"]
    elections = [(e.date.value, e.participants) for e in events(records) if e.event_type == "election"]
    assert elections == [("2016-12", ["shavkat-mirziyoyev"]), ("2017-05", ["moon-jae-in"])]


def test_two_titles_joined_by_and_the_are_two_persons(nlp) -> None:
    text = ("Sheikh Tamim bin Hamad Al Thani received Iranian President Ebrahim Raisi in Doha on 21 February 2022. "
            "The Emir of Qatar and the President of Iran then held a joint press conference.")
    records = run(nlp, text, "2022-02-21")
    mentions = {r.key: [m.text for m in r.mentions] for r in records if r.type == "actor" and r.kind == "person"}
    assert mentions == {"tamim-bin-hamad-al-thani": ["Sheikh Tamim bin Hamad Al Thani", "The Emir of Qatar"],
                        "ebrahim-raisi": ["Ebrahim Raisi", "President of Iran"]}
    press = next(e for e in events(records) if e.trigger == "press conference")
    assert press.participants == ["tamim-bin-hamad-al-thani", "ebrahim-raisi"]


def test_a_name_after_a_title_runs_over_its_particles(nlp) -> None:
    text = ("Qatari Foreign Minister Mohammed bin Abdul Rahman Al Thani and Sheikh Mohamed bin Abdulrahman "
            "met in Doha on 21 February 2022.")
    records = run(nlp, text, "2022-02-21")
    persons = [(r.key, [m.text for m in r.mentions]) for r in records if r.type == "actor" and r.kind == "person"]
    # the title's name is read whole and found under another spelling; "Sheikh" is no first name
    assert persons == [("mohammed-bin-abdulrahman-al-thani", ["Mohammed bin Abdul Rahman Al Thani", "Abdulrahman"])]


def test_they_after_a_sentence_naming_two_persons_are_those_persons(nlp) -> None:
    text = ("Rashid Meredov met Sergey Lavrov in Moscow on 3 March 2021. "
            "They had also discussed cooperation by phone on the eve of today's talks, on 17 February 2021.")
    call = next(e for e in events(run(nlp, text, "2021-03-03")) if e.trigger == "by phone")
    assert (call.participants, call.date.value) == (["rashid-meredov", "sergey-lavrov"], "2021-02-17")


@pytest.mark.parametrize("text, key", [
    ("Uzbek Minister of Investment, Industry and Trade Laziz Kudratov visited Baku.", "laziz-kudratov"),
    ("OSCE Secretary General Helga Maria Schmid visited Baku.", "helga-maria-schmid"),
    ("Deputy Minister of Foreign Affairs Khan Mohammad Takal visited Ashgabat.", "khan-mohammad-takal"),
    ("Shavkat Miromonovich Mirziyoyev visited Baku.", "shavkat-mirziyoyev"),
])
def test_a_persons_name_leaves_out_title_words_keeps_three_words_after_a_title_and_drops_patronymics(
        nlp, text, key) -> None:
    assert [r.key for r in run(nlp, text) if r.type == "actor" and r.kind == "person"] == [key]


@pytest.mark.parametrize("text, name", [
    ("The Joint Intergovernmental Commission of the Republic of Armenia and the Islamic Republic of Iran met in "
     "Yerevan on 11 May 2022.",
     "Joint Intergovernmental Commission of the Republic of Armenia and the Islamic Republic of Iran"),
    ("The Intergovernmental Commission on Economic Cooperation between the Russian Federation and the Republic of "
     "Azerbaijan met in Baku on 12 January 2024.",
     "Intergovernmental Commission on Economic Cooperation between the Russian Federation and the Republic of Azerbaijan"),
    ("The 18th meeting of the intergovernmental commission for trade and economic cooperation was held in Kazan on "
     "29 April 2021.", "intergovernmental commission for trade and economic cooperation"),
    ("Erdogan and Tokayev co-chaired the high-level strategic cooperation council in Ankara on 29 July 2023.",
     "high-level strategic cooperation council"),
])
def test_a_joint_body_of_two_states_is_named_with_both_and_belongs_to_neither(nlp, text, name) -> None:
    [body] = [r for r in run(nlp, text) if r.type == "actor" and r.kind == "organization"]
    assert (body.name, body.country) == (name, None)


@pytest.mark.parametrize("text, participants", [
    ("Representatives of Qatar and Iran, in the presence of the Emir of Qatar, Sheikh Tamim bin Hamad Al Thani and "
     "Iranian President Ebrahim Raisi, signed several agreements in Doha on Monday.", ["qatar", "iran"]),
    ("In the presence of the two presidents, Parviz Shahbazov and ministers from Bulgaria and Romania signed a "
     "memorandum in Sofia on Monday.", ["parviz-shahbazov", "bulgaria", "romania"]),
    ("The agreement was signed in London on Monday, in the presence of Prime Minister Theresa May, by Rovnag "
     "Abdullayev, President of SOCAR, and BP group chief executive Bob Dudley.", ["rovnag-abdullayev", "bp", "bob-dudley"]),
    ("Xi Jinping and Nursultan Nazarbayev witnessed the signing of 22 agreements in Astana on Monday.",
     ["china", "kazakhstan"]),
])
def test_those_who_watch_a_signing_are_no_signers(nlp, text, participants) -> None:
    [signing] = [e for e in events(run(nlp, text, "2022-02-22")) if e.event_type == "signing"]
    assert signing.participants == participants


def test_the_presidents_of_two_states_are_the_named_holders_when_all_are_named(nlp) -> None:
    text = ("The presidents of Turkey and Russia inaugurated the TurkStream pipeline on Wednesday in Istanbul. "
            "Recep Tayyip Erdogan and Vladimir Putin spoke at the ceremony.")
    [opening] = events(run(nlp, text, "2020-01-08"))
    assert opening.participants == ["recep-tayyip-erdogan", "vladimir-putin"]
    text = "The foreign ministers of Turkey and Russia met in Tehran on Monday. Sergey Lavrov spoke."
    [meeting] = events(run(nlp, text, "2020-01-08"))
    assert meeting.participants == ["turkey", "russia"]  # Turkey's minister is never named: the states stay



def test_it_after_a_sentence_naming_a_project_is_that_project(nlp) -> None:
    text = ("The Baku-Tbilisi-Kars railway was officially opened today in a ceremony in Baku. It was opened by "
            "Prime Minister of Georgia Giorgi Kvirikashvili and President of Turkey Recep Tayyip Erdogan.")
    [opening] = events(run(nlp, text, "2017-10-30"))
    assert (opening.participants, opening.projects, opening.location) == (
        ["giorgi-kvirikashvili", "recep-tayyip-erdogan"], ["baku-tbilisi-kars-railway"], "Baku")


@pytest.mark.parametrize("text, participants", [
    # ministers "from" listed states are their named office holders, as "of" does
    ("Foreign ministers from Turkey and Russia met in Tehran on 3 May 2023. Mevlut Cavusoglu and Sergey Lavrov "
     "spoke to reporters.", ["mevlut-cavusoglu", "sergey-lavrov"]),
    # unnamed ministers listed by adjective stand for their states
    ("Kazakh, Uzbek and Turkish energy ministers signed a joint statement in Tashkent on 3 May 2023.",
     ["kazakhstan", "uzbekistan", "turkey"]),
    # states named as the topic of talks take no part in them ...
    ("Kassym-Jomart Tokayev received Wang Yi in Astana on 3 May 2023. The meeting focused on the cooperation "
     "between Kazakhstan and China in transit and energy.", ["kassym-jomart-tokayev", "wang-yi"]),
    # ... but an instrument between states binds them
    ("On 3 May 2023 Kazakhstan and China signed an agreement on cooperation between Kazakhstan and China.",
     ["kazakhstan", "china"]),
])
def test_who_takes_part_as_real_pages_name_them(nlp, text, participants) -> None:
    [event] = events(run(nlp, text, "2023-05-04"))
    assert event.participants == participants
