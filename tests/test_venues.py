"""Where events happen when their sentence names no place: datelines of every form, talks
held during a visit, and places as the text writes them (sentences written for these tests)."""

from __future__ import annotations

import pytest

from caspianie.pipeline.metadata import read_metadata
from caspianie.pipeline.timex.datelines import find_dateline
from conftest import checked_records as run
from conftest import events



@pytest.mark.parametrize("text, place", [
    ("NUR-SULTAN – The regional court ruled on the case.", "NUR-SULTAN"),
    ("date 2022-07-11 NUR-SULTAN – The regional court ruled on the case.", "NUR-SULTAN"),
    ("BAKU (Newswire): The prime minister arrived.", "BAKU"),
    ("Gas talks resume\nTEHRAN (Newswire) – A deputy minister met his guest.", "TEHRAN"),
    ("Abu Dhabi: The president received a telephone call.", "Abu Dhabi"),
    ("Leaders chair the council\n\nANKARA\n\nThe two leaders met.", "ANKARA"),
    ("date 2022-08-23 Port signs memorandum (PHOTO)\nBAKU, Azerbaijan, August 23. The minister visited.", "BAKU"),
    ("Ports sign memorandum\n\nAktau, April 4, NEWSWIRE\n\nA ceremony was held.", "Aktau"),
    ("Leaders adopt a statement\n\nMarch 9, 2011, The Presidential Palace, Ashgabat\n\nThe two presidents met.",
     "Ashgabat"),
    ("Home\nView settings\nOfficial website of the Ministry\nNews /\nLeaders adopt a statement\n"
     "12 March 2024, Astana\nThe two presidents met.", "Astana"),
])
def test_datelines_give_their_place_in_every_form(text, place) -> None:
    assert read_metadata(text).dateline_place == place


@pytest.mark.parametrize("text", [
    "Russia – Iran talks held in spring\nThe two ministers met.",
    "Kazakhstan and Azerbaijan signed an agreement on transit.",
    "Georgia, Azerbaijan discuss neighbourly relations\n\nThe ministers met on 5 May 2014.",
])
def test_headlines_and_story_lines_are_no_datelines(text) -> None:
    assert read_metadata(text).dateline_place is None


def test_a_date_line_naming_its_venue_and_city_dates_and_places_the_story(nlp) -> None:
    text = ("Home\nView settings\nFont size:\nOfficial website of the President\nNews /\n"
            "Leaders adopt a statement on the Caspian\n\nMarch 9, 2011, The Presidential Palace, Ashgabat\n\n"
            "President Dmitry Medvedev and President Gurbanguly Berdimuhamedov adopted a joint statement.")
    meta = read_metadata(text)
    assert (meta.reference_date.value, meta.title) == ("2011-03-09", "Leaders adopt a statement on the Caspian")
    [event] = events(run(nlp, text, None))
    assert (event.event_type, event.date.value, event.location) == ("signing", "2011-03-09", "Ashgabat")


def test_a_page_stamp_before_a_dated_dateline_is_skipped() -> None:
    text = "date 2020-01-08 Istanbul, 8 January 2020 (Newswire) – The presidents opened the pipeline."
    (start, _end), date = find_dateline(text)
    assert text[start:].startswith("Istanbul") and date.value == "2020-01-08"
    assert read_metadata(text).dateline_place == "Istanbul"


def test_a_place_only_dateline_places_the_days_events(nlp) -> None:
    text = "TEHRAN (Newswire) – The foreign ministers of Iran and Armenia held talks today."
    [event] = events(run(nlp, text, "2024-03-12"))
    assert (event.event_type, event.date.value, event.location) == ("meeting", "2024-03-12", "Tehran")


def test_a_dateline_does_not_place_an_event_of_another_day(nlp) -> None:
    text = "TEHRAN (Newswire) – The foreign ministers of Iran and Armenia held talks on 2 February 2024."
    [event] = events(run(nlp, text, "2024-03-12"))
    assert event.location is None


def test_talks_during_a_visit_happen_where_the_visit_goes(nlp) -> None:
    text = ("President Kassym-Jomart Tokayev paid a state visit to Azerbaijan on 12 March 2024. "
            "Tokayev and Ilham Aliyev held talks on transit. "
            "Separately, Vladimir Putin and Xi Jinping held talks by phone.")
    visit, talks, call = events(run(nlp, text))
    assert (visit.event_type, visit.location) == ("visit", "Azerbaijan")
    assert (talks.participants, talks.location) == (["kassym-jomart-tokayev", "ilham-aliyev"], "Azerbaijan")
    assert call.location is None  # neither the visitor nor the host takes part


def test_talks_of_another_time_keep_no_place_of_the_visit(nlp) -> None:
    text = ("President Kassym-Jomart Tokayev paid a state visit to Azerbaijan on 12 March 2024. "
            "Tokayev and Ilham Aliyev had held talks on 3 May 2023.")
    _visit, talks = events(run(nlp, text))
    assert talks.location is None


def test_a_place_keeps_the_name_the_text_writes_and_a_venue_stands_for_its_city(nlp) -> None:
    text = ("The foreign ministers of Iran and Turkmenistan met in Teheran on 3 May 2023. "
            "The presidents of Kazakhstan and Russia held talks at the Akorda on 4 May 2023.")
    teheran, akorda = events(run(nlp, text))
    assert (teheran.location, akorda.location) == ("Teheran", "Astana")


STAMPED = (" date 2022-12-15 The leaders of Turkey, Azerbaijan and Turkmenistan held a summit in Avaza.\n\n"
           "The foreign ministers of Turkey and Azerbaijan met on Tuesday.")


def test_a_stamp_opening_a_line_is_furniture_and_the_story_starts_after_it() -> None:
    from caspianie.pipeline.furniture import furniture_lines

    [(start, end, rule)] = furniture_lines(STAMPED)
    assert (STAMPED[start:end], rule) == (" date 2022-12-15", "page-stamp")
    meta = read_metadata(STAMPED)
    assert meta.reference_date.value == "2022-12-15" and meta.title is None


def test_a_stamp_dates_no_event_of_its_line(nlp) -> None:
    summit, meeting = events(run(nlp, STAMPED, "2022-12-16"))
    assert summit.date is None or summit.date.text != "2022-12-15"
    assert not summit.evidence.text.startswith(" date") and summit.evidence.text.startswith("The leaders")
    assert meeting.date.value == "2022-12-13"


def test_a_headline_after_a_stamp_is_the_title() -> None:
    text = "date 2024-07-05 Leaders open a new transport link\n\nThe presidents opened the line on Thursday."
    assert read_metadata(text).title == "Leaders open a new transport link"


def test_a_place_that_hosts_the_event_is_its_location(nlp) -> None:
    text = "Aktau hosted the summit of President Ilham Aliyev and President Vladimir Putin on 12 August 2018."
    [summit] = events(run(nlp, text, "2018-08-12"))
    assert (summit.event_type, summit.location) == ("summit", "Aktau")


def test_a_leaders_trip_inside_their_own_country_is_no_visit(nlp) -> None:
    text = "President Ilham Aliyev visited Fuzuli on 3 May 2021. President Ilham Aliyev visited Moscow on 4 May 2021."
    [visit] = events(run(nlp, text, "2021-05-05"))
    assert (visit.location, visit.date.value) == ("Moscow", "2021-05-04")


def test_a_guest_the_gazetteer_does_not_know_still_visits_the_host(nlp) -> None:
    text = "Mayor Sergei Sobolenko paid a visit to Astana on 29 May 2007, where President Nursultan Nazarbayev received him."
    assert [e.event_type for e in events(run(nlp, text, "2007-05-29"))].count("visit") == 1


@pytest.mark.parametrize("second, place", [
    ("A memorandum of understanding on critical minerals was also signed.", "Astana"),
    ("A memorandum of understanding on critical minerals was also signed in Almaty.", "Almaty"),
])
def test_an_event_dated_by_the_sentence_before_happened_where_that_sentence_says(nlp, second, place) -> None:
    text = f"Kassym-Jomart Tokayev and Yoon Suk Yeol held talks in Astana on 12 June 2024. {second}"
    signing = next(e for e in events(run(nlp, text, reference="2024-06-13")) if e.event_type == "signing")
    assert (signing.date.value, signing.location) == ("2024-06-12", place)


def test_two_mentions_of_one_trip_are_one_visit_dated_by_its_first_day(nlp) -> None:
    text = ("Georgian Prime Minister Irakli Kobakhidze visited Azerbaijan on 17 March 2024. Foreign Minister Ilia "
            "Darchiashvili and Irakli Kobakhidze arrived in Baku on an official visit on 16 March 2024.")
    [visit] = [e for e in events(run(nlp, text, reference="2024-03-18")) if e.event_type == "visit"]
    assert (visit.date.value, visit.location) == ("2024-03-16", "Baku")
    assert {"irakli-kobakhidze", "ilia-darchiashvili"} <= set(visit.participants)


def test_trips_years_apart_are_two_visits(nlp) -> None:
    text = "David Cameron visited Kazakhstan in 2013. On 24 April 2024 David Cameron visited Astana again."
    assert len([e for e in events(run(nlp, text, reference="2024-05-20")) if e.event_type == "visit"]) == 2


def test_a_visit_to_a_country_takes_the_city_where_its_talks_were_held(nlp) -> None:
    text = ("On Wednesday Xi Jinping held talks with Kassym-Jomart Tokayev at the presidential palace in Astana.\n\n"
            "Tokayev warmly welcomed Xi Jinping on his state visit to Kazakhstan.")
    places = {e.event_type: e.location for e in events(run(nlp, text, reference="2024-07-04"))}
    assert places == {"visit": "Astana", "meeting": "Astana"}


@pytest.mark.parametrize("text, days", [
    ("Shavkat Mirziyoyev arrived in Seoul on 22 November 2017 for a four-day visit.", "2017-11-22/2017-11-25"),
    ("To Lam left Astana on 7 May 2025, concluding a three-day state visit to Kazakhstan.", "2025-05-05/2025-05-07"),
    ("Shavkat Mirziyoyev paid a state visit to Seoul on 22 November 2017.", "2017-11-22"),
])
def test_a_visit_whose_length_is_given_spans_its_days(nlp, text, days) -> None:
    [visit] = [e for e in events(run(nlp, text, reference="2025-06-01")) if e.event_type == "visit"]
    assert visit.date.value == days


@pytest.mark.parametrize("text, location", [
    ("The Aktau summit of the Caspian states was held on 12 August 2018.", "Aktau"),
    ("The Awaza tripartite summit took place on 14 December 2022.", "Awaza"),
    ("Talks with PSA International on the Aktau hub were held on 3 May 2022.", None),  # the place after the noun is no venue
])
def test_a_place_before_the_event_noun_is_where_it_was_held(nlp, text, location):
    (event,) = [r for r in run(nlp, text, reference="2024-01-01") if r.type == "event"]
    assert event.location == location


def test_the_paragraph_after_the_lead_goes_on_with_the_leads_news_day(nlp):
    text = ("Chinese President Xi Jinping said in Astana on Wednesday that ties with Kazakhstan are strong.\n\n"
            "Xi made the remarks in his meeting with Kassym-Jomart Tokayev at the presidential palace.\n\n"
            "In 2019, Xi Jinping met Kassym-Jomart Tokayev in Beijing.\n\n"
            "Tokayev also held talks with Wang Yi.")
    found = [(e.date.value if e.date else None, e.participants) for e in events(run(nlp, text, reference="2024-07-04"))]
    # the lead's Wednesday is 3 July; the third paragraph's 2019 is background and lends no date
    assert found == [("2024-07-03", ["xi-jinping", "kassym-jomart-tokayev"]), ("2019", ["xi-jinping", "kassym-jomart-tokayev"]),
                     (None, ["kassym-jomart-tokayev", "wang-yi"])]


def test_a_date_inside_an_appositive_is_not_the_main_clauses(nlp):
    text = ("The Fifth Summit of the Turkic Council, an organization founded by a treaty signed among Azerbaijan, "
            "Kazakhstan and Turkey in 2009, was held on 11 September 2015 in Astana.")
    summit = [e for e in events(run(nlp, text, reference="2015-09-20")) if e.event_type == "summit"]
    assert [(e.date.value, e.location) for e in summit] == [("2015-09-11", "Astana")]
