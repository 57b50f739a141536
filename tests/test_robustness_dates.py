"""Pathological date strings: bounded in time, never spurious dates (issue 6, item 2)."""

from __future__ import annotations

import pytest

from caspianie.pipeline.timex.datenorm import MAX_DATE_CHARS, is_calendar_text, month_number, parse_text
from caspianie.pipeline.timex.recognizer import date_rows
from caspianie.batch.extract import make_doc
from caspianie.pipeline.metadata import parse_explicit_date, read_metadata
from caspianie.batch.reading import Article

# Strings dateparser reads relative to today's clock, or chews on for long.
NOT_DATES = ["100M", "may", "to", "Friday", "now", "tomorrow", "12:30", "in 2 days", "5 minutes ago",
             "1" * 40, "1" * 5000, "1 2 3 4 5 6 7 8 9 " * 100, "9" * 2000, "1e10", "2024-13-45", "2024-02-30"]


def rows(nlp, text: str, reference: str | None) -> list[tuple[str, str | None]]:
    """(text, value) of every date span the pipeline finds."""
    doc = nlp(make_doc(nlp, Article("t", text, "<t>", None), reference))
    return [(row["text"], row["value"]) for row in date_rows(doc)]


@pytest.mark.parametrize("text", NOT_DATES)
def test_pathological_strings_are_no_explicit_date(text: str) -> None:
    assert parse_explicit_date(text) is None
    assert parse_text(text) is None


def test_calendar_text_is_short_and_made_of_calendar_words() -> None:
    assert is_calendar_text("Nov. 5") and is_calendar_text("12.03.2024") and is_calendar_text("Sept. 30, 2023")
    assert not is_calendar_text("12 March 2024" + " " * MAX_DATE_CHARS)
    assert not is_calendar_text("Friday") and not is_calendar_text("100M") and not is_calendar_text("")


def test_parse_text_keeps_real_dates_and_only_years_the_text_writes() -> None:
    assert parse_text("12.03.2024").iso() == "2024-03-12"
    assert parse_text("2024-03-12").iso() == "2024-03-12"
    assert parse_text("12.03.1700") is None


def test_month_number_reads_month_names_only() -> None:
    assert month_number("March") == 3 and month_number("Sept") == 9
    assert month_number("Friday") is None and month_number("M" * 5000) is None


@pytest.mark.parametrize("line", ["Date: 100M", "Date: 12:30", "Date: in 2 days", "Date: 2024-13-45",
                                  "Date: " + "9" * 2000, "Year: 99999999", "BAKU, 100M —", "Moscow, Friday —"])
def test_metadata_lines_give_no_spurious_reference_date(line: str) -> None:
    assert read_metadata(line + "\nAliyev met Tokayev.").reference_date is None


@pytest.mark.parametrize("text", ["100M", "may", "to", "The deal was worth 100M dollars.",
                                  "It may to go.", "12 to 14", "Sunday to Friday", "5 to 10 million",
                                  "1" * 5000, "12345678901234567890 to 98765432109876543210"])
@pytest.mark.parametrize("reference", ["2024-03-12", None])
def test_pipeline_finds_no_date_in_pathological_text(nlp, text: str, reference: str | None) -> None:
    assert rows(nlp, text, reference) == []


def test_weekday_needs_the_reference_date(nlp) -> None:
    assert rows(nlp, "They met on Friday.", "2024-03-12") == [("on Friday", "2024-03-08")]
    assert rows(nlp, "They met on Friday.", None) == [("on Friday", None)]
    assert rows(nlp, "Friday", "2024-03-12") == [("Friday", "2024-03-08")]
    assert rows(nlp, "Friday", None) == [("Friday", None)]


def test_a_bad_calendar_reference_date_is_rejected(nlp) -> None:
    from caspianie.errors import CaspianieError

    with pytest.raises(CaspianieError, match="2024-13-45"):
        make_doc(nlp, Article("t", "Text.", "<t>", None), "2024-13-45")
