"""Past events listed under one plural noun (sentences written for these tests)."""

from __future__ import annotations

from conftest import checked_records as run


def listed(records):
    return [(e.event_type, e.date.value, e.location) for e in records if e.type == "event"]


def test_places_with_years_in_brackets_are_one_summit_each(nlp) -> None:
    text = ("Building on the Caspian summits in Ashgabat (2002), Tehran (2007) and Baku (2010), "
            "the ministers prepared the next meeting.")
    assert listed(run(nlp, text, "2018-08-13")) == [
        ("summit", "2002", "Ashgabat"), ("summit", "2007", "Tehran"), ("summit", "2010", "Baku")]


def test_dates_with_places_after_them_are_one_meeting_each(nlp) -> None:
    text = ("The ministers recalled the statements of the trilateral meetings on May 26, 2014, in Baku, "
            "and on January 29, 2015, in Ashgabat.")
    assert listed(run(nlp, text, "2021-02-10")) == [
        ("meeting", "2014-05-26", "Baku"), ("meeting", "2015-01-29", "Ashgabat")]


def test_one_date_after_a_plural_noun_lists_nothing(nlp) -> None:
    text = "Officials said the summits had been useful, and Baku hosted a forum in 2010."
    assert [e for e in listed(run(nlp, text, "2018-08-13")) if e[0] == "summit"] == []
