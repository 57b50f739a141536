"""Newswire date expressions (issue 17): TimeML granularities, tense, period nouns.

Sentences are written for these tests; the reference date is Thursday 14 November 2024
unless a test says otherwise.
"""

from __future__ import annotations

from typing import Optional

import pytest
import spacy

from caspianie.contract.datevalues import granularity_of, point_days
from caspianie.contract.records import Date
from caspianie.pipeline.timex.datenorm import Parts
from caspianie.pipeline.timex.relative import shift, shift_keeping, spelled_year, weekday_near

REF = "2024-11-14"
GRANULARITY = {4: "year", 7: "month", 10: "day"}


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("caspianie_dates")
    return pipeline


def found(nlp, text: str, ref: Optional[str] = REF) -> list[tuple[str, Optional[str], str]]:
    doc = nlp.make_doc(text)
    doc._.doc_id = "t"
    if ref is not None:
        doc._.reference_date = Date(text=ref, value=ref, granularity=GRANULARITY[len(ref)])
    doc = nlp.get_pipe("caspianie_dates")(doc)
    return [(s.text, s._.date.value, s._.date.granularity) for s in doc.spans["caspianie_dates"]]


@pytest.mark.parametrize("text,expected", [
    # quarters and halves
    ("Third-quarter earnings rose.", [("Third-quarter", "2024-Q3", "quarter")]),
    ("Sales fell in the fourth quarter of 2019.", [("the fourth quarter of 2019", "2019-Q4", "quarter")]),
    ("It booked a loss in the 2021 second quarter.", [("2021 second quarter", "2021-Q2", "quarter")]),
    ("Profit rose in the quarter.", [("the quarter", "2024-Q3", "quarter")]),
    ("Costs eased in the year-earlier quarter.", [("the year-earlier quarter", "2023-Q3", "quarter")]),
    ("The line opens in the first half of 2026.", [("the first half of 2026", "2026-H1", "half")]),
    ("Output dropped in the second half of the year.", [("the second half of the year", "2024-H2", "half")]),
    ("Orders grew in next year's first quarter.", [("next year's first quarter", "2025-Q1", "quarter")]),
    # seasons
    ("The port froze last winter.", [("last winter", "2023-WI", "season")]),
    ("The talks resumed last summer.", [("last summer", "2024-SU", "season")]),
    ("Work will restart next spring.", [("next spring", "2025-SP", "season")]),
    ("The ferry started in the summer of 2021.", [("in the summer of 2021", "2021-SU", "season")]),
    # decades and centuries
    ("The pipeline was planned in the late 1970s.", [("late 1970s", "197", "decade")]),
    ("Prices were low in the nineties.", [("the nineties", "199", "decade")]),
    ("Trade grew in the '80s.", [("the '80s", "198", "decade")]),
    ("The fort dates from the 11th century.", [("the 11th century", "10", "century")]),
    # spelled-out years
    ("In nineteen ninety-six the field opened.", [("In nineteen ninety-six", "1996", "year")]),
    ("By the year two thousand the port was full.", [("year two thousand", "2000", "year")]),
    ("It happened in January nineteen ninety-seven.", [("in January nineteen ninety-seven", "1997-01", "month")]),
    # period nouns and phases
    ("For the year, revenue rose 5%.", [("the year", "2024", "year")]),
    ("Year-earlier profit was higher.", [("Year-earlier", "2023", "year")]),
    ("The deal should close by year-end.", [("year-end", "2024", "year")]),
    ("Troops arrive by the end of the month.", [("the end of the month", "2024-11", "month")]),
    ("The week's busiest day followed the weekend.", [("the weekend", "2024-W45", "week")]),
    # fiscal years and weeks
    ("Sales in the current fiscal year will grow.", [("current fiscal year", "2024", "year")]),
    ("The index fell last week.", [("last week", "2024-W45", "week")]),
    ("Talks continue next week.", [("next week", "2024-W47", "week")]),
    # a month without "in" or "by"
    ("Loans will run through January.", [("January", "2025-01", "month")]),
    ("Prices rose from the middle of October.", [("October", "2024-10", "month")]),
])
def test_newswire_classes(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text,expected", [
    # a weekday without "on": the clause's tense picks the week
    ("The ministry said Friday that talks had ended.", [("Friday", "2024-11-08", "day")]),
    ("Shares closed lower Tuesday in Almaty.", [("Tuesday", "2024-11-12", "day")]),
    ("The two sides will meet Monday in Aktau.", [("Monday", "2024-11-18", "day")]),
    ("The sale is scheduled to close Friday.", [("Friday", "2024-11-15", "day")]),
    ("The convoy left Thursday, the ministry said.", [("Thursday", "2024-11-14", "day")]),
    ("The summit opens this coming Sunday.", [("this coming Sunday", "2024-11-17", "day")]),
    ("Guests arrived Saturday, November 9, for the forum.", [("Saturday, November 9", "2024-11-09", "day")]),
    # a yearless month in a future clause is the next such month; in a past one, the latest
    ("The dividend is payable Jan. 2.", [("Jan. 2", "2025-01-02", "day")]),
    ("The board will vote in February.", [("in February", "2025-02", "month")]),
    ("The board voted in February.", [("in February", "2024-02", "month")]),
    ("The dividend will be paid Dec. 14.", [("Dec. 14", "2024-12-14", "day")]),
    # the day belongs to a deadline
    ("The merger is due to be completed by Dec. 10.", [("by Dec. 10", "2024-12-10", "day")]),
    ("Inspections stopped since Jan. 13.", [("since Jan. 13", "2024-01-13", "day")]),
    # a year ago is a day; counted weeks keep the day
    ("Profit was $5 million a year ago.", [("a year ago", "2023-11-14", "day")]),
    ("The tanker sank two weeks ago.", [("two weeks ago", "2024-10-31", "day")]),
])
def test_tense_and_precision(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text", [
    'The minister spoke on ABC\'s "This Week" programme.',
    "He was interviewed on VOA Today about the ports.",
    "Such checks are needed in today's world.",
    "They trade with the partners of tomorrow.",
    "The office is open Monday to Friday.",
    "The Good Friday agreement was cited.",
    "That was the year its exports peaked.",
    "The fall of the old regime came fast.",
    "Growth picks up in the second half of the decade.",
    "The French quarter of the city was shelled.",
    "He was born in the 21st Century Hospital.",
])
def test_titles_and_generic_uses_are_no_dates(nlp, text):
    assert found(nlp, text) == []


def test_the_year_needs_a_period_context(nlp):
    assert found(nlp, "It was the year of the treaty.") == []
    assert found(nlp, "Exports dropped during the year.") == [("the year", "2024", "year")]
    assert found(nlp, "Output rose in the first nine months of the year.") == [("of the year", "2024", "year")]


def test_a_season_after_a_date_takes_its_year(nlp):
    assert found(nlp, "The roadmap came in January 2021 and the contract in the summer.") == [
        ("in January 2021", "2021-01", "month"), ("the summer", "2021-SU", "season")]


def test_periods_do_not_move_the_narrative(nlp):
    text = "The plant opened on 3 May 2022. Sales rose in the third quarter. The next day, it closed."
    assert found(nlp, text)[-1] == ("The next day", "2022-05-04", "day")


def test_calendar_arithmetic_for_periods():
    assert shift(Parts(2024, 11, 14), "week", 0) == Parts(2024, period="W46")
    assert shift(Parts(2024, 11, 14), "quarter", -1) == Parts(2024, period="Q3")
    assert shift(Parts(2024, 2, 10), "quarter", -1) == Parts(2023, period="Q4")
    assert shift(Parts(2024, 8), "half", 0) == Parts(2024, period="H2")
    assert shift(Parts(2024, 3), "week", 0) is None
    assert shift_keeping(Parts(2024, 2, 29), "year", -1) == Parts(2023, 2, 28)
    assert shift_keeping(Parts(2024, 3), "year", -1) == Parts(2023, 3)
    assert weekday_near(Parts(2024, 11, 14), 0, forward=True) == Parts(2024, 11, 18)
    assert weekday_near(Parts(2024, 11, 14), 3, forward=True, strict=True) == Parts(2024, 11, 21)
    assert spelled_year("nineteen ninety - six".split()) == 1996
    assert spelled_year("two thousand and one".split()) == 2001
    assert spelled_year(["nineteen"]) is None


@pytest.mark.parametrize("value,granularity,first,last", [
    ("2013-W12", "week", "2013-03-18", "2013-03-24"),
    ("1998-Q3", "quarter", "1998-07-01", "1998-09-30"),
    ("1998-H2", "half", "1998-07-01", "1998-12-31"),
    ("2012-SU", "season", "2012-06-01", "2012-08-31"),
    ("2012-WI", "season", "2012-12-01", "2013-02-28"),
    ("197", "decade", "1970-01-01", "1979-12-31"),
    ("19", "century", "1900-01-01", "1999-12-31"),
    ("2024-02", "month", "2024-02-01", "2024-02-29"),
])
def test_period_values_cover_their_days(value, granularity, first, last):
    assert granularity_of(value) == granularity
    assert tuple(d.isoformat() for d in point_days(value)) == (first, last)
    assert Date(text="x", value=value, granularity=granularity).value == value


@pytest.mark.parametrize("value,granularity", [("1998-Q3", "year"), ("1998-Q5", "quarter"), ("2013-W54", "week"),
                                               ("1998-XX", "month")])
def test_period_values_are_validated(value, granularity):
    with pytest.raises(ValueError):
        Date(text="x", value=value, granularity=granularity)


@pytest.mark.parametrize("text,expected", [
    ("The line opened today, Wednesday 13 November 2024, in Aktau.", [("Wednesday 13 November 2024", "2024-11-13", "day")]),
    ("The talks ended yesterday, 12 November 2024.", [("12 November 2024", "2024-11-12", "day")]),
])
def test_a_date_restated_in_apposition_wins_over_the_deictic_word(nlp, text, expected) -> None:
    """A page that writes "today, <date>" states the day itself; "today" read against a
    later publication date would be off by the days between."""
    assert found(nlp, text) == expected


def test_a_deictic_date_without_apposition_stays(nlp) -> None:
    assert found(nlp, "The ministers met today in Baku.") == [("today", REF, "day")]

