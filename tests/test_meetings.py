"""Meetings as real pages word them (sentences written for these tests)."""

from __future__ import annotations

import pytest

from conftest import checked_records as run
from conftest import events



@pytest.mark.parametrize("text, trigger", [
    ("Sergey Lavrov and Jeyhun Bayramov gave a joint news conference in Baku on 28 February 2023.", "news conference"),
    ("Ilham Aliyev and Vladimir Putin discussed the transit corridor over the phone on 3 March 2024.", "over the phone"),
    ("Serdar Berdimuhamedov and Shavkat Mirziyoyev exchanged views by telephone on 4 March 2024.", "by telephone"),
])
def test_conferences_and_calls_are_meetings(nlp, text, trigger) -> None:
    [event] = events(run(nlp, text))
    assert (event.event_type, event.trigger) == ("meeting", trigger)
    assert len(event.participants) == 2


def test_a_phone_number_is_no_call(nlp) -> None:
    text = "The embassy in Baku can be reached by phone on weekdays."
    assert events(run(nlp, text)) == []


def test_meetings_held_with_several_guests_are_one_meeting_each(nlp) -> None:
    text = ("In Astana, Vladimir Putin held meetings with Senate Chairman Maulen Ashimbayev and Prime Minister "
            "Olzhas Bektenov on 6 May 2025.")
    found = events(run(nlp, text, "2025-05-07"))
    assert [e.participants for e in found] == [["vladimir-putin", "maulen-ashimbayev"], ["vladimir-putin", "olzhas-bektenov"]]
    assert {e.location for e in found} == {"Astana"}


def _dated(records):
    return [(e.event_type, e.date.value if e.date else None, e.trigger) for e in events(records)]


def test_a_next_day_report_dates_the_lead_by_the_body(nlp) -> None:
    """The lead's event has only the dateline's day; the body's "on Wednesday" is its day."""
    text = ("Ilham Aliyev and Kassym-Jomart Tokayev held talks in Baku.\n\n"
            "Aliyev and Tokayev met in Baku on Wednesday to discuss transit.")
    assert _dated(run(nlp, text, "2025-10-16")) == [("meeting", "2025-10-15", "talks")]


def test_an_earlier_meeting_in_the_body_stays_its_own(nlp) -> None:
    text = ("Ilham Aliyev and Kassym-Jomart Tokayev held talks in Baku.\n\n"
            "Aliyev and Tokayev had met in Astana on 3 September to discuss transit.")
    assert _dated(run(nlp, text, "2025-10-16")) == [("meeting", "2025-10-16", "talks"), ("meeting", "2025-09-03", "met")]


def test_a_gathering_sentence_dates_the_event_it_tells_of(nlp) -> None:
    """"came together ... on Wednesday" names who attended and when, in a sentence of its own."""
    text = ("Baku, 16 October. Ilham Aliyev and Kassym-Jomart Tokayev held talks in Baku.\n\n"
            "The two presidents came together at the Gulustan Palace on Wednesday and reviewed transit cooperation.")
    [event] = events(run(nlp, text, "2025-10-16"))
    assert (event.date.text, event.date.value) == ("on Wednesday", "2025-10-15")


def test_the_press_conference_after_talks_is_a_meeting_of_its_own(nlp) -> None:
    text = ("Ilham Aliyev and Kassym-Jomart Tokayev held talks in Baku on 3 May 2023. At a joint press "
            "conference after the talks, Aliyev and Tokayev spoke about the transit corridor.")
    assert [(e.trigger, e.participants) for e in events(run(nlp, text))] == [
        ("talks", ["ilham-aliyev", "kassym-jomart-tokayev"]),
        ("press conference", ["ilham-aliyev", "kassym-jomart-tokayev"]),
    ]


def test_one_press_conference_told_twice_is_one(nlp) -> None:
    text = ("Ilham Aliyev and Kassym-Jomart Tokayev gave a press conference in Baku on 3 May 2023. "
            "At the press conference, Aliyev and Tokayev spoke about the transit corridor.")
    assert [e.trigger for e in events(run(nlp, text))] == ["press conference"]


def test_a_lead_dated_on_the_reference_day_by_its_own_words_stays_apart(nlp) -> None:
    """Only a date borrowed from the dateline yields to a body's day; the lead's own date does not."""
    text = ("Ilham Aliyev met Kassym-Jomart Tokayev in Baku on 12 March 2024. "
            "On 10 March 2024 Aliyev met Tokayev in Astana.")
    assert [d for _t, d, _r in _dated(run(nlp, text, "2024-03-12"))] == ["2024-03-12", "2024-03-10"]


def test_a_gathering_long_before_the_dateline_does_not_date_the_lead(nlp) -> None:
    text = ("Ilham Aliyev and Kassym-Jomart Tokayev held talks in Baku.\n\n"
            "The two presidents had gathered in Astana on 3 September 2023 to review transit.")
    assert _dated(run(nlp, text, "2024-03-12"))[0][1] == "2024-03-12"


def test_a_press_conference_that_followed_the_talks_has_their_people(nlp) -> None:
    text = ("Ilham Aliyev and Kassym-Jomart Tokayev held talks in Baku on 3 May 2023. "
            "This was followed by a joint press conference.")
    [talks, press] = events(run(nlp, text, "2023-05-04"))
    assert (press.trigger, press.participants, press.date.value, press.location) == (
        "press conference", ["ilham-aliyev", "kassym-jomart-tokayev"], "2023-05-03", "Baku")


def test_an_instrument_that_followed_an_instrument_lends_nothing(nlp) -> None:
    text = ("Kazakhstan and Iran signed the Aktau Protocol on 12 August 2018. "
            "It was followed by the Moscow Protocol, concluded in December 2012.")
    assert all(e.participants != ["kazakhstan", "iran"] or e.date.value == "2018-08-12" for e in events(run(nlp, text, "2019-01-01")))


TALKS = "Ilham Aliyev met with Kassym-Jomart Tokayev in Baku on 12 May 2024."


@pytest.mark.parametrize("topic", [
    "The sides discussed the Baku-Tbilisi-Ceyhan pipeline.",
    "The talks focused on the Baku-Tbilisi-Ceyhan pipeline.",
    "Particular attention was paid to the Baku-Tbilisi-Ceyhan pipeline.",
])
def test_a_project_discussed_in_the_next_sentence_is_the_meetings(nlp, topic) -> None:
    [meeting] = events(run(nlp, f"{TALKS} {topic}", reference="2024-05-13"))
    assert meeting.projects == ["baku-tbilisi-ceyhan-pipeline"]


def test_the_project_discussed_goes_to_the_talks_not_the_trip(nlp) -> None:
    text = ("Kassym-Jomart Tokayev paid a state visit to Azerbaijan on 12 May 2024. In Baku he held talks with "
            "Ilham Aliyev. The presidents discussed the Baku-Tbilisi-Ceyhan pipeline.")
    projects = {e.event_type: e.projects for e in events(run(nlp, text, reference="2024-05-13"))}
    assert projects == {"visit": [], "meeting": ["baku-tbilisi-ceyhan-pipeline"]}


@pytest.mark.parametrize("later", [
    "The Baku-Tbilisi-Ceyhan pipeline carried more oil last year.",  # no topic cue
    "The sides will discuss the Baku-Tbilisi-Ceyhan pipeline next year.",  # not yet
    "\nA new paragraph.\n\nThe sides discussed the Baku-Tbilisi-Ceyhan pipeline.",  # two paragraphs on
])
def test_a_project_named_later_without_a_discussion_of_it_is_not_the_meetings(nlp, later) -> None:
    [meeting] = events(run(nlp, f"{TALKS}\n{later}", reference="2024-05-13"))
    assert meeting.projects == []


def test_meeting_a_challenge_is_no_meeting(nlp) -> None:
    text = "Under President Ilham Aliyev, Azerbaijan made progress in meeting the challenges of independence."
    assert events(run(nlp, text)) == []


@pytest.mark.parametrize("after", [
    "After the talks, the two leaders held a joint press conference.",
    "At a joint press conference, Ilham Aliyev said the two countries would build a gas line.",
    "Following the talks, a media briefing was held.",
])
def test_a_press_conference_after_talks_is_a_meeting_of_the_talks_people(nlp, after) -> None:
    text = f"Ilham Aliyev and Shehbaz Sharif held talks in Baku on 3 May 2025. {after}"
    talks, press = events(run(nlp, text, reference="2025-05-04"))
    assert press.participants == talks.participants == ["ilham-aliyev", "shehbaz-sharif"]
    assert (press.date.value, press.location) == ("2025-05-03", "Baku")


def test_meetings_held_respectively_with_two_guests_are_two_meetings(nlp) -> None:
    text = "In Astana on 18 April 2017, Xi Jinping met respectively with Nursultan Nazarbayev and Bakytzhan Sagintayev."
    assert [e.participants for e in events(run(nlp, text, reference="2017-04-19"))] == [
        ["xi-jinping", "nursultan-nazarbayev"], ["xi-jinping", "bakytzhan-sagintayev"]]
