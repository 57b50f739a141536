"""Real news pages: mechanisms for the classes of language real pages show (sentences
written for these tests, in the shapes the real-news development set exposed)."""

from __future__ import annotations

import pytest

from caspianie.pipeline.furniture import Furniture, furniture_lines
from conftest import checked_records as run
from conftest import of_type



PAGE = (
    "Home | World | Business | Sport | Contacts\n"
    "Official website of the President of Azerbaijan\n"
    "News /\n"
    "Newswire » Energy » Baku and Astana agree on oil transit\n"
    "By Dana Oralbekova\n"
    "3 May 2023 11:45 (GMT+4)\n"
    "The leaders attend the summit in Astana, Kazakhstan, July 4, 2024. (Newswire/Aigerim Sadykova)\n"
    "In this photo released by the press office, from left: the five presidents.\n"
    "The four leaders during the cable signing ceremony. Photo by Newswire/Ion Popescu\n"
    "(Newswire) -- Energy Weekly: Sign up for our energy newsletter, delivered every Monday.\n"
    "The meeting of the energy ministers, 3 May 2023, Baku (Photo: Ministry of Energy)\n"
    "\n"
    "Kazakhstan and Azerbaijan signed an agreement on oil transit in Baku on 3 May 2023.\n"
    "\n"
    "Photo: Azertac\n"
    "Read also\n"
    "Putin and Erdogan discuss gas hub\n"
    "Tokayev receives Chinese delegation\n"
    "\n"
    "Iran and Turkmenistan held talks on gas swaps in Tehran, the ministry said on 2 May.\n"
)


@pytest.mark.parametrize("line, rule", [
    ("Home | World | Business | Sport | Contacts", "nav-bar"),
    ("Newswire » Energy » Baku and Astana agree on oil transit", "breadcrumb"),
    ("By Dana Oralbekova", "byline"),
    ("3 May 2023 11:45 (GMT+4)", "clock-stamp"),
    ("Photo: Azertac", "credit-line"),
    ("Read also", "related-heading"),
    ("Putin and Erdogan discuss gas hub", "related-heading"),
    ("The leaders attend the summit in Astana, Kazakhstan, July 4, 2024. (Newswire/Aigerim Sadykova)", "caption-credit"),
    ("In this photo released by the press office, from left: the five presidents.", "caption-lead"),
    ("The four leaders during the cable signing ceremony. Photo by Newswire/Ion Popescu", "caption-photo-by"),
    ("News /", "section-path"),
    ("Official website of the President of Azerbaijan", "site-title"),
    ("(Newswire) -- Energy Weekly: Sign up for our energy newsletter, delivered every Monday.", "newsletter-promo"),
    ("The meeting of the energy ministers, 3 May 2023, Baku (Photo: Ministry of Energy)", "caption-photo-paren"),
])
def test_furniture_lines_are_found_by_their_rule(line, rule) -> None:
    found = {PAGE[s:e]: r for s, e, r in furniture_lines(PAGE)}
    assert found[line] == rule


@pytest.mark.parametrize("line", ["Register for: Caspian Oil and Gas Week conference",
                                  "Register now for the Baku Energy Forum"])
def test_an_outlets_promotion_of_its_own_event_is_furniture(line) -> None:
    assert [r for _, _, r in furniture_lines(f"A headline\n{line}\nThe ministers met in Baku.")] == ["event-promo"]


@pytest.mark.parametrize("line", ["Share article:", "Post a Comment", "<< Home", "Now Reading:"])
def test_sharing_and_comment_links_are_site_chrome(line) -> None:
    assert [r for _, _, r in furniture_lines(f"A headline\n{line}\nThe ministers met in Baku.")] == ["site-chrome"]


def test_a_more_related_articles_list_is_furniture_to_the_next_prose() -> None:
    page = ("The ministers met in Moscow on Tuesday and discussed transit.\n\nMore related articles\n"
            "The ministers of Iran and Russia had a telephone conversation\nLeaders meet in Budapest\n")
    rules = [(page[s:e], r) for s, e, r in furniture_lines(page)]
    assert [r for _t, r in rules] == ["related-heading"] * 3 and rules[0][0] == "More related articles"


@pytest.mark.parametrize("line", [
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
])
def test_a_comment_form_is_furniture(line) -> None:
    assert [r for _s, _e, r in furniture_lines(f"The ministers met in Moscow.\n\n{line}\n")] == ["comment-form"]


@pytest.mark.parametrize("line", [
    "Kazakhstan and Azerbaijan signed an agreement on oil transit in Baku on 3 May 2023.",
    "Iran and Turkmenistan held talks on gas swaps in Tehran, the ministry said on 2 May.",
    "11:10 Putin and Berdimuhamedov hold talks in the Oguzkhan Palace in Ashgabat",
])
def test_story_lines_and_live_blog_entries_are_no_furniture(line) -> None:
    assert furniture_lines(line) == []


def test_a_headline_printed_twice_under_page_chrome_tells_its_event_once(nlp) -> None:
    text = ("Now Reading:\n\nCaspian states stand together at summit\n\nworld news\n\n"
            "Caspian states stand together at summit\n\n\nDelegates of the five states came to Tehran today.")
    assert [e.event_type for e in of_type(run(nlp, text, "2007-10-16"), "event")] == ["summit"]


def test_a_repeated_headline_is_furniture_and_dates_nothing(nlp) -> None:
    """A page prints its headline again above the story; a year in it ("in 2024") is the
    headline's, not the date of the meeting the story tells."""
    headline = "Caspian ferry traffic grew in 2024"
    text = (f"{headline}\n\n4 March 2025 - 10:00\n{headline}\n"
            "The port authorities of Kazakhstan and Azerbaijan held a meeting to review ferry schedules.")
    assert [text[s:e] for s, e, r in furniture_lines(text, headline) if r == "repeated-headline"] == [headline]
    [meeting] = of_type(run(nlp, text, "2025-03-04"), "event")
    assert meeting.date is None or meeting.date.value != "2024"


def test_related_list_ends_at_the_first_prose_line() -> None:
    furniture = Furniture(furniture_lines(PAGE))
    assert furniture.covers(PAGE.index("Tokayev receives"))
    assert not furniture.covers(PAGE.index("Iran and Turkmenistan"))


def test_furniture_yields_no_actors_or_events(nlp) -> None:
    records = run(nlp, PAGE, reference="2023-05-03")
    assert sorted(a.key for a in of_type(records, "actor")) == ["azerbaijan", "iran", "kazakhstan", "turkmenistan"]
    assert sorted(e.event_type for e in of_type(records, "event")) == ["meeting", "signing"]


def test_the_two_presidents_signing_binds_their_states(nlp) -> None:
    records = run(nlp, "President of Uzbekistan Shavkat Mirziyoyev and President of Kazakhstan Kassym-Jomart "
                       "Tokayev signed the Treaty on Allied Relations in Tashkent on 22 December 2021.",
                  reference="2021-12-22")
    (agreement,) = of_type(records, "agreement")
    assert sorted(agreement.parties) == ["kazakhstan", "uzbekistan"]


def test_a_company_head_signs_for_the_company(nlp) -> None:
    records = run(nlp, "Turkmenistan and SOCAR President Rovshan Najaf signed a memorandum "
                       "on oil supplies in Baku on 10 June 2023.", reference="2023-06-10")
    (agreement,) = of_type(records, "agreement")
    assert sorted(agreement.parties) == ["socar", "turkmenistan"]


def test_a_meeting_of_the_council_of_heads_of_state_is_the_organizations_summit(nlp) -> None:
    records = run(nlp, "The Commonwealth of Independent States (CIS) held its session in Dushanbe on 5 October 2023. "
                       "President Emomali Rahmon chaired a meeting of the CIS Council of Heads of State in Dushanbe "
                       "on 5 October 2023.", reference="2023-10-05")
    assert "cis-council-of-heads-of-state" not in {a.key for a in of_type(records, "actor")}
    (summit,) = [e for e in of_type(records, "event") if e.event_type == "summit"]
    assert "commonwealth-of-independent-states" in summit.participants and summit.location == "Dushanbe"


def test_the_meeting_and_the_talks_refer_back_to_one_event(nlp) -> None:
    records = run(nlp, "President Ilham Aliyev met with President Serdar Berdimuhamedov in Baku on 8 August 2023. "
                       "The meeting was held in a one-on-one format. "
                       "During the talks, the sides discussed energy cooperation.", reference="2023-08-08")
    (meeting,) = of_type(records, "event")
    assert (meeting.event_type, meeting.date.value, meeting.location) == ("meeting", "2023-08-08", "Baku")


def test_a_definite_meeting_with_another_guest_is_another_meeting(nlp) -> None:
    records = run(nlp, "President Ilham Aliyev met with President Serdar Berdimuhamedov in Baku on 8 August 2023. "
                       "Later, the meeting of Ilham Aliyev with Recep Tayyip Erdogan took place.", reference="2023-08-08")
    assert len(of_type(records, "event")) == 2


def test_talks_of_four_leaders_are_a_summit(nlp) -> None:
    records = run(nlp, "Kassym-Jomart Tokayev, Shavkat Mirziyoyev, Sadyr Japarov and Emomali Rahmon held talks "
                       "in Astana on 14 September 2023.", reference="2023-09-14")
    assert [e.event_type for e in of_type(records, "event")] == ["summit"]


@pytest.mark.parametrize("written, key", [
    ("the North-South International Transport Corridor", "international-north-south-transport-corridor"),
    ("the Astara-Rasht railway", "rasht-astara-railway"),
    ("the Baku-Tbilisi-Kars railroad project", "baku-tbilisi-kars-railway"),
    ("the TANAP gas pipeline", "tanap"),
    ("the Southern Corridor", "southern-gas-corridor"),
    ("the Transcaspian natural gas pipeline", "trans-caspian-gas-pipeline"),
    ("the north-south transport corridor", "international-north-south-transport-corridor"),
])
def test_a_variant_of_a_known_project_name_gets_its_key(nlp, written, key) -> None:
    records = run(nlp, f"Officials discussed {written} in Baku on 4 April 2024.", reference="2024-04-04")
    assert [p.key for p in of_type(records, "project")] == [key]


@pytest.mark.parametrize("sentence, title, key", [
    ("President Ilham Aliyev met Masoud Pezeshkian in Baku on 5 June 2025. The Iranian President thanked his host.",
     "The Iranian President", "masoud-pezeshkian"),
    ("Ilham Aliyev received Abbas Araghchi in Baku on 5 June 2025. The Iranian Foreign Minister conveyed greetings.",
     "The Iranian Foreign Minister", "abbas-araghchi"),
    ("Masoud Pezeshkian arrived in Baku on 5 June 2025. Ilham Aliyev met his Iranian counterpart at the airport.",
     "Iranian counterpart", "masoud-pezeshkian"),
    ("Kassym-Jomart Tokayev held talks with Charles Michel on 10 January 2022. The Head of State spoke of the crisis.",
     "The Head of State", "kassym-jomart-tokayev"),
])
def test_a_title_alone_is_its_holder_on_that_date_when_the_article_names_them(nlp, sentence, title, key) -> None:
    records = run(nlp, sentence, reference="2025-06-05")
    (person,) = [a for a in of_type(records, "actor") if a.key == key]
    assert title in [m.text for m in person.mentions]


def test_a_title_with_no_country_stays_unresolved_when_two_named_persons_hold_it(nlp) -> None:
    records = run(nlp, "Kassym-Jomart Tokayev met Vladimir Putin on 10 January 2022. The President spoke of the crisis.",
                  reference="2022-01-11")
    assert all("The President" not in [m.text for m in a.mentions] for a in of_type(records, "actor"))


def test_a_title_whose_holder_the_article_never_names_stays_out(nlp) -> None:
    records = run(nlp, "The President of Turkmenistan received Ilham Aliyev in Ashgabat on 5 June 2025.", reference="2025-06-05")
    assert "serdar-berdimuhamedov" not in {a.key for a in of_type(records, "actor")}


def test_a_company_presidents_title_is_not_the_head_of_state(nlp) -> None:
    records = run(nlp, "Ilham Aliyev opened the terminal in Baku on 5 June 2025. The SOCAR President thanked the guests.",
                  reference="2025-06-05")
    (aliyev,) = [a for a in of_type(records, "actor") if a.key == "ilham-aliyev"]
    assert all("SOCAR" not in m.text for m in aliyev.mentions)


def test_attendees_named_in_the_next_sentence_take_part_in_the_event(nlp) -> None:
    records = run(nlp, "The Aktau-Baku ferry line was launched at the port of Aktau on 3 May 2024.\n"
                       "Kazakh Prime Minister Olzhas Bektenov and Azerbaijani Prime Minister Ali Asadov attended the ceremony.",
                  reference="2024-05-03")
    (opening,) = of_type(records, "event")
    assert {"olzhas-bektenov", "ali-asadov"} <= set(opening.participants)


def test_attendance_that_is_only_planned_adds_no_one(nlp) -> None:
    records = run(nlp, "The Aktau-Baku ferry line was launched at the port of Aktau on 3 May 2024.\n"
                       "Prime Minister Ali Asadov will attend the next ceremony.", reference="2024-05-03")
    (opening,) = of_type(records, "event")
    assert "ali-asadov" not in opening.participants


def test_the_days_news_carries_its_date_into_the_next_paragraph(nlp) -> None:
    records = run(nlp, "The delegation met with the Minister of Culture Adil Karimli in Baku on 13 October 2025.\n\n"
                       "The opening ceremony of the Days of Culture was held at the Heydar Aliyev Center.",
                  reference="2025-10-14")
    opening = next(e for e in of_type(records, "event") if e.event_type == "opening")
    assert opening.date.value == "2025-10-13"


def test_a_dated_background_paragraph_does_not_date_the_next_one(nlp) -> None:
    records = run(nlp, "The two countries signed a memorandum on energy in Bucharest in December 2022.\n\n"
                       "The opening ceremony of the new wind farm was held in Khizi.",
                  reference="2024-03-01")
    opening = next(e for e in of_type(records, "event") if e.event_type == "opening")
    assert opening.date is None or opening.date.value != "2022-12"


def test_a_meeting_of_the_heads_of_three_states_is_a_summit(nlp) -> None:
    records = run(nlp, "The declaration was adopted at the Ashgabat meeting of the heads of Iran, Russia and "
                       "Turkmenistan on 29 June 2022.", reference="2022-06-29")
    assert "summit" in [e.event_type for e in of_type(records, "event")]


def test_talks_with_nobody_named_are_no_event(nlp) -> None:
    records = run(nlp, "Negotiations on the tariff continue, the ministry said on 3 May 2024.", reference="2024-05-03")
    assert of_type(records, "event") == []


@pytest.mark.parametrize("sentence", [
    "The operator declared the start of production at the Kashagan field on 11 September 2013.",
    "Chevron started its first production at the Tengiz field on 25 April 2024.",
    "The Turkish President attended the opening of the Georgian section of the Baku-Tbilisi-Ceyhan pipeline on 12 October 2005.",
])
def test_starts_of_production_and_openings_of_a_project_are_openings(nlp, sentence) -> None:
    records = run(nlp, sentence, reference="2024-05-03")
    assert [e.event_type for e in of_type(records, "event")] == ["opening"]


def test_a_headline_counts_only_when_the_body_does_not_tell_its_event(nlp) -> None:
    only_headline = run(nlp, "Azerbaijan and Georgia sign transit agreement in Tbilisi\n\n"
                             "The document covers rail freight and customs procedures for the next decade.",
                        reference="2024-05-03")
    assert [e.event_type for e in of_type(only_headline, "event")] == ["signing"]
    restated = run(nlp, "Azerbaijan and Georgia sign transit agreement in Tbilisi\n\n"
                        "Azerbaijan and Georgia signed a transit agreement in Tbilisi on 3 May 2024.",
                   reference="2024-05-03")
    assert [e.event_type for e in of_type(restated, "event")] == ["signing"]


def test_instruments_listed_after_a_collective_signing_share_its_parties(nlp) -> None:
    records = run(nlp, "Kazakhstan and Uzbekistan signed four intergovernmental agreements in Tashkent on 3 May 2024.\n\n"
                       "They cover an agreement on tourism and an agreement on water management.",
                  reference="2024-05-03")
    agreements = {a.name: a for a in of_type(records, "agreement")}
    assert sorted(agreements["agreement on tourism"].parties) == ["kazakhstan", "uzbekistan"]
    assert agreements["agreement on water management"].status == "signed"


def test_shorter_descriptions_of_one_instrument_are_one_agreement(nlp) -> None:
    records = run(nlp, "The government and the consortium signed an agreement on the principles for settling the "
                       "tariff dispute in Astana on 1 October 2018. Under the agreement on principles, the consortium "
                       "pays compensation.", reference="2018-10-01")
    assert len(of_type(records, "agreement")) == 1


def test_arriving_to_attend_a_summit_is_the_visit(nlp) -> None:
    records = run(nlp, "Kassym-Jomart Tokayev arrived in Baku to attend the summit of Turkic states on 3 May 2024.",
                  reference="2024-05-03")
    assert [e.event_type for e in of_type(records, "event")] == ["visit"]


def test_a_serial_comma_does_not_cut_a_signing_from_its_date(nlp) -> None:
    records = run(nlp, "Iran and Russia signed a railway memorandum in Moscow on 17 May 2023. A transit agreement was "
                       "signed by Russia, Iran, and India in St. Petersburg on 12 September 2000.", reference="2023-06-01")
    assert sorted(e.date.value for e in of_type(records, "event")) == ["2000-09-12", "2023-05-17"]


@pytest.mark.parametrize("sentence", [
    "Kazakhstan and Azerbaijan signed a memorandum on ports in Baku on 3 May 2024, Kazinform News Agency reports.",
    "Kazakhstan and Azerbaijan signed a memorandum on ports in Baku on 3 May 2024, according to Islamic Republic News Agency.",
])
def test_an_outlet_credited_for_the_report_is_no_actor(nlp, sentence) -> None:
    records = run(nlp, sentence, reference="2024-05-03")
    assert sorted(a.key for a in of_type(records, "actor")) == ["azerbaijan", "kazakhstan"]


def test_an_event_placed_in_a_country_takes_the_city_its_paragraph_names(nlp) -> None:
    records = run(nlp, "Gurbanguly Berdimuhamedov paid an official visit to Azerbaijan on 8 August 2017. "
                       "He was welcomed at the airport in Baku.", reference="2017-08-08")
    (visit,) = [e for e in of_type(records, "event") if e.event_type == "visit"]
    assert visit.location == "Baku"


@pytest.mark.parametrize("written", ["Gurbanguly Berdymuhammedow", "Gurbanguly Berdymukhamedov", "Kassym-Zhomart Tokayev"])
def test_another_transliteration_of_a_known_person_gets_the_canonical_key(nlp, written) -> None:
    records = run(nlp, f"President {written} opened the new terminal in Turkmenbashi on 2 May 2018.", reference="2018-05-02")
    keys = {a.key for a in of_type(records, "actor") if a.kind == "person"}
    assert keys & {"gurbanguly-berdimuhamedov", "kassym-jomart-tokayev"}


@pytest.mark.parametrize("name, kind", [
    ("Decision of the Council of Foreign Ministers on the Secretariat", "other"),
    ("Resolution on the Caspian Environment Programme", "other"),
    ("MoU on green energy corridors", "memorandum"),
])
def test_decisions_resolutions_and_mous_are_instruments(nlp, name, kind) -> None:
    records = run(nlp, f"Azerbaijan and Kazakhstan signed the {name} in Baku on 3 May 2024.", reference="2024-05-03")
    (agreement,) = of_type(records, "agreement")
    assert agreement.kind == kind and agreement.status == "signed"



def test_during_his_visit_dates_the_meeting_by_the_arrival(nlp) -> None:
    records = run(nlp, "It should be noted that Nursultan Nazarbayev arrived in Baku on October 14, to participate in "
                       "the summit. During his visit, Nazarbayev met with Ilham Aliyev.", reference="2019-10-15")
    events = {e.event_type: e for e in of_type(records, "event")}
    assert events["visit"].date.value == "2019-10-14"
    assert events["meeting"].date.value == "2019-10-14"


@pytest.mark.parametrize("sentence, expected", [
    ("The new railway revives the memory of the ancient Great Silk Road, officials said on 3 May 2024.", []),
    ("Azerbaijan takes part in the Great Silk Road project, officials said on 3 May 2024.", ["great-silk-road"]),
])
def test_a_historic_route_is_a_project_only_where_the_text_makes_it_one(nlp, sentence, expected) -> None:
    records = run(nlp, sentence, reference="2024-05-03")
    assert [p.key for p in of_type(records, "project")] == expected


def test_his_first_official_visit_is_the_visit_already_told(nlp) -> None:
    records = run(nlp, "Prime Minister Irakli Kobakhidze visited Azerbaijan on 15 March 2024. "
                       "This was his first official visit abroad as prime minister.", reference="2024-03-16")
    assert [e.event_type for e in of_type(records, "event")] == ["visit"]


@pytest.mark.parametrize("sentence, reference, expected", [
    ("Ashgabat hosted the Sixth Caspian Summit chaired by Serdar Berdimuhamedov on 29 June 2022.", "2022-06-30", ["summit"]),
    ("The first summit of the Central Asia and Japan dialogue will be held in Astana, Tokayev said on 5 August 2024.",
     "2024-08-05", []),
    ("On 28 June 2022 the ministers discussed documents for the Caspian summit, which opens on 29 June.", "2022-06-28", []),
])
def test_hosting_a_summit_and_summits_still_to_come(nlp, sentence, reference, expected) -> None:
    records = run(nlp, sentence, reference=reference)
    assert [e.event_type for e in of_type(records, "event") if e.event_type in ("summit", "meeting")] == expected


@pytest.mark.parametrize("sentence, absent", [
    ("The opening of talks on the Trans-Caspian Gas Pipeline was welcomed in Ashgabat on 3 May 2024.", "opening"),
    ("Trucks featuring the sign of the Trans-Caspian route arrived at Aktau on 3 May 2024.", "signing"),
    ("The airport, decorated with the state flags of the two countries, welcomed the guests on 3 May 2024.", "award"),
    ("The Minister of Energy of Azerbaijan Parviz Shahbazov joined the signing via video conference on 3 May 2024.", "meeting"),
    ("The container train travelled to Kazakhstan from China on 3 May 2024.", "visit"),
    ("Kassym-Jomart Tokayev arrived in Baku on 3 May 2024 to attend the summit of Turkic states.", "summit"),
    ("Kassym-Jomart Tokayev accepted the invitation to pay a state visit to Azerbaijan on 3 May 2024.", "visit"),
])
def test_look_alikes_are_no_events_of_that_type(nlp, sentence, absent) -> None:
    records = run(nlp, sentence, reference="2024-05-03")
    assert absent not in [e.event_type for e in of_type(records, "event")]


def test_a_signing_lists_the_states_its_signers_bind_among_its_participants(nlp) -> None:
    records = run(nlp, "President of Uzbekistan Shavkat Mirziyoyev and President of Kazakhstan Kassym-Jomart "
                       "Tokayev signed the Treaty on Allied Relations in Tashkent on 22 December 2021.",
                  reference="2021-12-22")
    (signing,) = of_type(records, "event")
    assert sorted(signing.participants) == ["kassym-jomart-tokayev", "kazakhstan", "shavkat-mirziyoyev", "uzbekistan"]


def test_a_signing_that_names_nobody_binds_the_sides_of_the_talks_it_follows(nlp) -> None:
    records = run(nlp, "President of Turkmenistan Serdar Berdimuhamedov and President of Azerbaijan Ilham Aliyev "
                       "held talks in Baku on 9 March 2024.\n\nFollowing the talks, a joint declaration on energy "
                       "cooperation was signed.", reference="2024-03-09")
    (signing,) = [e for e in of_type(records, "event") if e.event_type == "signing"]
    assert sorted(signing.participants) == ["azerbaijan", "turkmenistan"]
    (agreement,) = of_type(records, "agreement")
    assert sorted(agreement.parties) == ["azerbaijan", "turkmenistan"]


def test_one_visitor_is_no_sides_for_a_signing_that_names_nobody(nlp) -> None:
    records = run(nlp, "President of Turkmenistan Serdar Berdimuhamedov arrived in Baku on 9 March 2024 on an "
                       "official visit.\n\nA joint declaration on energy cooperation was signed.",
                  reference="2024-03-09")
    (signing,) = [e for e in of_type(records, "event") if e.event_type == "signing"]
    assert signing.participants == []


@pytest.mark.parametrize("sentence", [
    "In 2022 alone, the two presidents had seven meetings and 12 telephone conversations.",
    "Since 1992 the presidents of Kazakhstan have made more than 20 official visits to Turkey.",
    "President Tokayev arrived in Baku on 3 May 2023 to sign a transit agreement.",
])
def test_counted_and_prospective_events_are_no_events(nlp, sentence) -> None:
    records = run(nlp, sentence, reference="2023-05-04")
    assert [e.event_type for e in of_type(records, "event") if e.event_type in ("meeting", "signing")] == []


def test_an_undated_signing_takes_the_date_of_the_talks_told_again_just_before_it(nlp) -> None:
    text = ("President of Kazakhstan Kassym-Jomart Tokayev and President of Azerbaijan Ilham Aliyev held talks in "
            "Astana on 3 May 2023.\n\nKazakhstan and Turkmenistan opened the Uzen-Gyzylgaya railway in 2013.\n\n"
            "The talks in Astana lasted three hours. The Joint Declaration on Transit was also signed.")
    records = run(nlp, text, reference="2024-01-10")
    (signing,) = [e for e in of_type(records, "event") if e.event_type == "signing"]
    assert signing.date.value == "2023-05-03"
    assert sorted(signing.participants) == ["azerbaijan", "kazakhstan"]


def test_a_definite_mention_lends_its_day_to_the_events_of_its_sentence(nlp) -> None:
    text = ("President of Kazakhstan Kassym-Jomart Tokayev and President of Azerbaijan Ilham Aliyev held talks in "
            "Astana on 3 May 2023.\n\nKazakhstan and Turkmenistan opened the Uzen-Gyzylgaya railway in 2013.\n\n"
            "The talks in Astana ended with the signing of the Joint Declaration on Transit.")
    records = run(nlp, text, reference="2024-01-10")
    (signing,) = [e for e in of_type(records, "event") if e.event_type == "signing"]
    assert signing.date.value == "2023-05-03"


def test_an_opening_of_an_unnamed_line_is_an_opening_and_its_retelling_is_the_same_one(nlp) -> None:
    text = ("President Kassym-Jomart Tokayev commissioned two new railways in the Mangistau region on "
            "22 August 2024.\n\nA ceremony of commissioning the railways took place by video link with four stations.")
    records = run(nlp, text, reference="2024-08-23")
    (opening,) = [e for e in of_type(records, "event") if e.event_type == "opening"]
    assert (opening.date.value, opening.participants, opening.projects) == ("2024-08-22", ["kassym-jomart-tokayev"], [])


def test_signing_several_unnamed_documents_is_a_signing_of_the_sides(nlp) -> None:
    text = ("President of Turkey Recep Tayyip Erdogan and President of Kazakhstan Kassym-Jomart Tokayev held "
            "talks in Ankara on 29 July 2025.\n\nThe visit ended with the signing of several intergovernmental "
            "documents.")
    records = run(nlp, text, reference="2025-07-30")
    (signing,) = [e for e in of_type(records, "event") if e.event_type == "signing"]
    assert sorted(signing.participants) == ["kazakhstan", "turkey"]


def test_ahead_of_an_event_reaches_only_that_event(nlp) -> None:
    text = ("Chinese President Xi Jinping held talks with Kazakh President Kassym-Jomart Tokayev in Astana on "
            "3 July 2024 ahead of the 24th SCO summit.")
    records = run(nlp, text, reference="2024-07-03")
    assert [e.event_type for e in of_type(records, "event")] == ["meeting"]
    text = "Ahead of the summit, Xi Jinping held talks with Kassym-Jomart Tokayev in Xi'an on 17 May 2023."
    assert "meeting" in [e.event_type for e in of_type(run(nlp, text, reference="2023-05-17"), "event")]


def test_a_state_takes_part_through_its_leader_and_a_visit_keeps_its_host_country(nlp) -> None:
    text = ("President of Russia Vladimir Putin arrived in Astana on 9 November 2023 for an official visit to "
            "Kazakhstan, the first visit of the Russian leader this year.")
    (visit,) = of_type(run(nlp, text, reference="2023-11-09"), "event")
    assert visit.participants == ["vladimir-putin", "kazakhstan"]
    text = ("The foreign ministers of Azerbaijan, Kazakhstan and Turkey, including Azerbaijani Foreign Minister "
            "Jeyhun Bayramov, held a meeting in Aktau on 25 November 2022.")
    (meeting,) = of_type(run(nlp, text, reference="2022-11-26"), "event")
    assert meeting.participants == ["kazakhstan", "turkey", "jeyhun-bayramov"]


def test_the_leaders_who_sign_are_the_persons_and_states_of_the_talks(nlp) -> None:
    text = ("President of Turkmenistan Serdar Berdimuhamedov and President of Azerbaijan Ilham Aliyev held talks "
            "in Ashgabat on 9 June 2023.\n\nFollowing the talks, Ilham Aliyev and the other heads of state adopted "
            "the Joint Declaration on the Caspian Sea.")
    records = run(nlp, text, reference="2023-06-09")
    (signing,) = [e for e in of_type(records, "event") if e.event_type == "signing"]
    assert sorted(signing.participants) == ["azerbaijan", "ilham-aliyev", "serdar-berdimuhamedov", "turkmenistan"]


def test_the_date_after_an_agreement_is_its_signing_date_not_part_of_its_name(nlp) -> None:
    records = run(nlp, "Russia and Iran signed an agreement on 17 May 2023 in Tehran.", reference="2023-05-18")
    (agreement,) = of_type(records, "agreement")
    assert (agreement.name, agreement.date.value) == ("agreement", "2023-05-17")


def test_an_agreement_between_a_list_of_states_names_them_all(nlp) -> None:
    records = run(nlp, "An agreement between Russia, Azerbaijan, Kazakhstan, Iran and Turkmenistan on sturgeon "
                       "quotas was signed in Moscow in 1998.", reference="2007-10-16")
    (agreement,) = of_type(records, "agreement")
    assert agreement.name == "agreement between Russia, Azerbaijan, Kazakhstan, Iran and Turkmenistan"
    assert sorted(agreement.parties) == ["azerbaijan", "iran", "kazakhstan", "russia", "turkmenistan"]


def test_a_title_case_headline_names_no_instrument(nlp) -> None:
    text = ("Get the latest updates as we post them\n\nPutin, Tokayev Sign Caspian Pact\n\n"
            "President Vladimir Putin and President Kassym-Jomart Tokayev signed the Agreement on the Caspian "
            "Seabed in Moscow on 6 July 2023.")
    records = run(nlp, text, reference="2023-07-06")
    assert [a.name for a in of_type(records, "agreement")] == ["Agreement on the Caspian Seabed"]


def test_persons_who_attend_a_signing_are_no_signers(nlp) -> None:
    text = ("President of Turkmenistan Serdar Berdimuhamedov and President of Iran Masoud Pezeshkian held talks in "
            "Ashgabat on 1 July 2024.\n\nThe Gas Swap Contract was signed at a ceremony attended by Deputy Prime "
            "Minister Rashid Meredov and Oil Minister Mohsen Paknejad.")
    records = run(nlp, text, reference="2024-07-02")
    (signing,) = [e for e in of_type(records, "event") if e.event_type == "signing"]
    assert signing.participants == ["turkmenistan", "iran"]


def test_a_counted_package_of_agreements_is_one_signing(nlp) -> None:
    text = ("President of Kazakhstan Nursultan Nazarbayev and President of Iran Hassan Rouhani held talks in Tehran "
            "on 11 April 2016.\n\nThe state visit resulted in the signing of 66 bilateral agreements.")
    records = run(nlp, text, reference="2016-04-20")
    (signing,) = [e for e in of_type(records, "event") if e.event_type == "signing"]
    assert sorted(signing.participants) == ["iran", "kazakhstan"]


def test_a_deal_to_do_something_is_an_instrument(nlp) -> None:
    records = run(nlp, "BP and SOCAR signed a deal to jointly develop the Karabagh field on 3 June 2025.",
                  reference="2025-06-04")
    (agreement,) = of_type(records, "agreement")
    assert (agreement.name, agreement.kind, agreement.date.value) == (
        "deal to jointly develop the Karabagh field", "agreement", "2025-06-03")
    assert run(nlp, "The ministers will deal with the tariff issue in Baku.", reference="2025-06-04")[1:] == []


def test_reaching_or_finalizing_an_agreement_is_a_signing(nlp) -> None:
    records = run(nlp, "BP on 3 June 2025 finalized an agreement with SOCAR to join the Karabagh oil project.",
                  reference="2025-06-04")
    (signing,) = of_type(records, "event")
    assert (signing.event_type, signing.date.value, sorted(signing.participants)) == (
        "signing", "2025-06-03", ["bp", "socar"])


def test_those_also_in_attendance_take_part_and_a_glued_bracket_splits(nlp) -> None:
    text = ("Turkish President Ahmet Necdet Sezer attended the opening of the Georgian section of the "
            "Baku-Tbilisi-Ceyhan(BTC) pipeline on 12 October 2005. Also in attendance were the Georgian and Azeri "
            "presidents Mikheil Saakashvili and Ilham Aliyev.")
    records = run(nlp, text, reference="2005-10-13")
    (opening,) = of_type(records, "event")
    assert opening.participants == ["ahmet-necdet-sezer", "mikheil-saakashvili", "ilham-aliyev"]
    assert opening.projects == ["baku-tbilisi-ceyhan-pipeline"]


def test_those_who_speak_at_the_ceremony_take_part_in_it(nlp) -> None:
    text = ("The opening ceremony of the Kazakhstan-China oil pipeline was held in Atasu on 15 December 2005. "
            "President Nursultan Nazarbayev delivered a speech at the event. The ceremony was then addressed by "
            "Wen Jiabao.")
    (opening,) = of_type(run(nlp, text, reference="2005-12-16"), "event")
    assert opening.participants == ["nursultan-nazarbayev", "wen-jiabao"]


@pytest.mark.parametrize("written, key", [
    ("Baku-Tblisi-Ceyhan pipeline", "baku-tbilisi-ceyhan-pipeline"),
    ("Trans-Anatolain pipeline", "tanap"),
])
def test_a_known_project_misspelled_by_one_letter_keeps_its_key(nlp, written, key) -> None:
    records = run(nlp, f"The {written} was opened on 12 October 2005.", reference="2005-10-13")
    assert [p.key for p in of_type(records, "project")] == [key]


def test_two_known_names_one_letter_apart_are_not_merged_by_spelling() -> None:
    from caspianie.pipeline.projects import _one_typo_apart
    assert _one_typo_apart(("baku", "pipeline", "tblisi"), ("baku", "pipeline", "tbilisi"))
    assert not _one_typo_apart(("baku", "port"), ("batu", "port"))  # too short to call a typo
    assert not _one_typo_apart(("baku", "pipeline", "supsa"), ("baku", "novorossiysk", "pipeline"))


@pytest.mark.parametrize("second", ["Kazakhstan's leader", "the Kazakh president"])
def test_a_title_after_a_named_signer_is_its_holder_on_that_date(nlp, second) -> None:
    text = (f"Nursultan Nazarbayev called the deal important.\n\nPresident Boris Yeltsin and {second} signed an "
            "agreement on the Caspian seabed on 6 July 1998.")
    records = run(nlp, text, reference="1998-07-07")
    (signing,) = of_type(records, "event")
    assert signing.participants[:2] == ["boris-yeltsin", "nursultan-nazarbayev"]


def test_a_visit_with_no_city_named_is_in_its_host_country(nlp) -> None:
    records = run(nlp, "Georgian Prime Minister Irakli Kobakhidze visited Azerbaijan for the first time in his new "
                       "capacity on 16 March 2024.", reference="2024-03-16")
    (visit,) = of_type(records, "event")
    assert (visit.location, visit.participants) == ("Azerbaijan", ["irakli-kobakhidze", "azerbaijan"])
