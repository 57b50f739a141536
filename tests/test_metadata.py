"""Document metadata: reference date, title, city and the end of the mined body."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from caspianie.pipeline.metadata import DocumentMetadata, parse_explicit_date, read_metadata
from caspianie.contract.records import Date

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def corpus_text(doc_id: str) -> str:
    return (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")


def date(text: str, value: str | None, granularity: str) -> Date:
    return Date(text=text, value=value, granularity=granularity, basis="explicit")


def test_seed_article_year_city_title_and_bibliography() -> None:
    text = corpus_text("azerbaijan-kazakhstan-caspian-cooperation-2018")
    meta = read_metadata(text)
    assert meta.reference_date == date("2018", "2018", "year")
    assert meta.reference_date.model_dump()["basis"] == "explicit"
    assert meta.city == "Almaty"
    assert meta.title == "Azerbaijan -\u00a0kazakhstan: caspian cooperation and prospects"
    # no heading: the trailing numbered citations start the references
    assert meta.body_end == text.index("  1. The Caspian Sea Chessboard")
    assert text[meta.body_end - 1] == "\n"
    assert meta.dateline is None


def test_tcgp_article_references_heading() -> None:
    text = corpus_text("turkmenistan-azerbaijan-tcgp-analysis")
    meta = read_metadata(text)
    assert meta.body_end == text.index("References\n\n1. ")
    assert (meta.reference_date, meta.city) == (date("2023", "2023", "year"), "Baku")
    assert meta.title == (
        "Turkmenistan and Azerbaijan in the Caspian Gas Equation: "
        "From the Kapaz Dispute to the Trans-Caspian Gas Pipeline"
    )


@pytest.mark.parametrize(
    "doc_id, reference_date, title, dateline",
    [
        ("kz-az-state-visit-baku-2024", date("12 March 2024", "2024-03-12", "day"), None, "BAKU, 12 March 2024 \u2014"),
        (
            "az-president-phone-call-and-reception-2024",
            date("4 April 2024", "2024-04-04", "day"),
            "Ilham Aliyev had a phone conversation with Kassym-Jomart Tokayev",
            "BAKU, 4 April 2024",
        ),
        ("caspian-oil-companies-business-2025", date("24 January 2025", "2025-01-24", "day"), None,
         "ASTANA, 24 January 2025 \u2014"),
        ("middle-corridor-chronology", date("10 June 2024", "2024-06-10", "day"), None, "ASTANA, 10 June 2024 \u2014"),
    ],
)
def test_news_datelines(doc_id: str, reference_date: Date, title: str | None, dateline: str) -> None:
    text = corpus_text(doc_id)
    meta = read_metadata(text)
    assert (meta.reference_date, meta.title, meta.body_end, meta.city) == (reference_date, title, None, None)
    assert meta.dateline is not None and text[meta.dateline[0] : meta.dateline[1]] == dateline


@pytest.mark.parametrize(
    "text, expected, dateline",
    [
        ("Moscow, Nov. 5 (Reuters) - Russia said", date("Nov. 5", None, "day"), "Moscow, Nov. 5 (Reuters) -"),
        ("BAKU, 12.03.2024 \u2014 Text.", date("12.03.2024", "2024-03-12", "day"), "BAKU, 12.03.2024 \u2014"),
        ("ASTANA, Kazakhstan, March 2023 \u2013 Text.", date("March 2023", "2023-03", "month"),
         "ASTANA, Kazakhstan, March 2023 \u2013"),
        ("\n\n  BAKU, 4 April 2024\n\nTitle here\n", date("4 April 2024", "2024-04-04", "day"), "BAKU, 4 April 2024"),
        ("Title\n\n26 September 2024 10:40 (UTC+04:00)\n\nText.", date("26 September 2024", "2024-09-26", "day"),
         "26 September 2024 10:40 (UTC+04:00)"),
        ("Monday, 23 October 2023 6:05 PM  [ Last Update: Monday, 23 October 2023 6:40 PM ]\n\nHeadline here\n\nText.",
         date("Monday, 23 October 2023", "2023-10-23", "day"),
         "Monday, 23 October 2023 6:05 PM  [ Last Update: Monday, 23 October 2023 6:40 PM ]"),
        ("Title\nBaku | 12 March 2024, 09:15 GMT | Energy\nText.", date("12 March 2024", "2024-03-12", "day"),
         "Baku | 12 March 2024, 09:15 GMT"),
        ("Headline\n\nA standfirst of one sentence.\n\nDec 6, 2022\n\nText.", date("Dec 6, 2022", "2022-12-06", "day"),
         "Dec 6, 2022"),
    ],
)
def test_dateline_forms(text: str, expected: Date, dateline: str) -> None:
    meta = read_metadata(text)
    assert meta.reference_date == expected
    assert text[meta.dateline[0] : meta.dateline[1]] == dateline


@pytest.mark.parametrize(
    "text, expected",
    [
        (" date 2024-03-12\nSummit in Aktau\n\nBody.", date("2024-03-12", "2024-03-12", "day")),
        ("Date: 12 March 2024\n\nBody.", date("12 March 2024", "2024-03-12", "day")),
        ("Body text.\n\nDate: March 2024\nYear: 2023\n", date("March 2024", "2024-03", "month")),
        ("So, in his book the author notes this.", None),
        ("The year 2018 was important.\n", None),
    ],
)
def test_metadata_line_dates(text: str, expected: Date | None) -> None:
    assert read_metadata(text).reference_date == expected


def test_title_rules() -> None:
    assert read_metadata(" date 2024-03-12\nSummit in Aktau\n\nBody.").title == "Summit in Aktau"
    assert read_metadata("This first line is a sentence.\n\nBody.").title is None
    assert read_metadata("Short line that wraps\ninto the next one.\n").title is None
    assert read_metadata(" ".join(["word"] * 21) + "\n\nBody.").title is None
    assert read_metadata("1. Introduction\n\nBody.").title is None


def test_trailing_numbered_citations_without_heading() -> None:
    body = "Kazakhstan and Azerbaijan signed the treaty.\n\n"
    refs = "1. Ivanov I.I. Caspian studies // Journal. 2003. P. 5.\n2. Smith J. Pipelines. London, 2004.\n"
    text = body + refs + "\nYear: 2005\nCity: Baku\n"
    assert read_metadata(text).body_end == len(body)


def test_trailing_list_of_documents_is_body() -> None:
    text = (
        "The following documents were signed:\n\n"
        "1. Agreement on air services;\n2. Memorandum on culture;\n3. Programme of cooperation.\n"
    )
    assert read_metadata(text).body_end is None


def test_trailing_metadata_lines_are_outside_the_body() -> None:
    text = "Body text.\n\nYear: 2019\nCity: Aktau\n"
    meta = read_metadata(text)
    assert (meta.body_end, meta.city) == (len("Body text.\n\n"), "Aktau")
    assert meta.reference_date == date("2019", "2019", "year")


@pytest.mark.parametrize("heading", ["Список литературы", "Bibliography:", "7. Literature", "Ədəbiyyat"])
def test_reference_headings_from_the_pattern_file(heading: str) -> None:
    body = "Aliyev visited Astana.\n\n"
    assert read_metadata(body + heading + "\n1. Source.\n").body_end == len(body)


def test_parse_explicit_date() -> None:
    assert parse_explicit_date("2024-03") == date("2024-03", "2024-03", "month")
    assert parse_explicit_date("Sept. 30, 2023") == date("Sept. 30, 2023", "2023-09-30", "day")
    assert parse_explicit_date("Monday") is None
    assert parse_explicit_date("") is None


def test_component_keeps_a_user_reference_date() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("caspianie_metadata")
    text = corpus_text("turkmenistan-azerbaijan-tcgp-analysis")
    doc = nlp.make_doc(text)
    given = Date(text="2024-01-01", value="2024-01-01", granularity="day")
    doc._.reference_date = given
    doc = nlp(doc)
    assert doc._.reference_date is given
    assert doc._.body_end == text.index("References\n")
    assert doc._.title.startswith("Turkmenistan and Azerbaijan in the Caspian Gas Equation")
    fresh = nlp("BAKU, 4 April 2024\n\nHeadline\n\nBody.")
    assert (fresh._.reference_date, fresh._.title, fresh._.body_end) == (
        date("4 April 2024", "2024-04-04", "day"), "Headline", None
    )


def test_metadata_is_a_plain_value() -> None:
    assert read_metadata("") == DocumentMetadata(None, None, None, None, None)


def test_wire_dateline_without_year_takes_the_year_its_weekday_fits() -> None:
    text = ("Ankara and Baku sign gas deal\n\nANKARA, March 4. /Anadolu/. Turkey and Azerbaijan on Tuesday "
            "signed a gas supply contract. Their first such contract dates from 2001; talks resumed in 2025.")
    meta = read_metadata(text)
    assert meta.reference_date.model_dump() == {"text": "March 4", "value": "2025-03-04", "granularity": "day",
                                                "basis": "inferred_year"}
    assert meta.dateline_place == "ANKARA" and meta.title == "Ankara and Baku sign gas deal"
    # no written year has 4 March on a Tuesday: the latest one up to a year after the last written year
    assert read_metadata(text.replace("in 2025", "in 2024")).reference_date.value == "2025-03-04"
    # ... but not more than five years back from it
    assert read_metadata(text.replace("2001", "1989").replace("in 2025", "in 1990")).reference_date.value is None


def test_yearless_dateline_without_weekdays_takes_the_year_written_most() -> None:
    text = "ASTANA, Nov 3 (Reuters) - Output rose in 2023, after 2022 and 2023 targets were missed; by 2030 it doubles."
    assert read_metadata(text).reference_date.value == "2023-11-03"
    assert read_metadata("ASTANA, Nov 3 (Reuters) - Output rose.").reference_date.value is None


def test_a_date_alone_under_the_headline_is_the_reference_date() -> None:
    meta = read_metadata("DELEGATION TAKES PART IN THE FORUM\n\n06.10.2022\n\nToday the plenary session took place.")
    assert meta.reference_date == date("06.10.2022", "2022-10-06", "day")
    assert meta.title == "DELEGATION TAKES PART IN THE FORUM"
    assert read_metadata("Forum opens\n\nNo date here at all.\n\nToday it opened.").reference_date is None


def test_a_byline_of_fields_gives_place_and_date() -> None:
    meta = read_metadata("Tengiz expansion clears first hurdle\n\nAlmaty | 2 May 2024 | Energy & Commodities\n\n"
                         "TCO last Thursday started up the plant.")
    assert (meta.reference_date.value, meta.dateline_place, meta.title) == (
        "2024-05-02", "Almaty", "Tengiz expansion clears first hurdle")
    assert read_metadata("News | Energy\n\nText of 2024.").reference_date is None


def test_an_agency_dateline_with_full_stops() -> None:
    meta = read_metadata("Ports grow\n\nASTANA. November 14. KAZINFORM – Traffic grew by 78% in January–October 2023 "
                         "compared with 2022, the ministry said on Tuesday.")
    assert (meta.reference_date.value, meta.dateline_place) == ("2023-11-14", "ASTANA")


def test_an_agency_dateline_with_full_stops_and_the_agency_in_brackets() -> None:
    text = "Summit: live updates\n\nASHGABAT. June 29, 2022 (Interfax) - The presidents met."
    meta = read_metadata(text)
    assert meta.reference_date == date("June 29, 2022", "2022-06-29", "day")
    assert text[meta.dateline[0] : meta.dateline[1]] == "ASHGABAT. June 29, 2022 (Interfax) -"


def test_a_heading_that_ends_with_its_place_and_day_dates_the_document() -> None:
    text = ("Sergey Lavrov's remarks at a news conference, Moscow, December 5, 2023\n\nLadies and gentlemen,\n")
    meta = read_metadata(text)
    assert meta.reference_date == date("December 5, 2023", "2023-12-05", "day")
    assert meta.title == "Sergey Lavrov's remarks at a news conference, Moscow, December 5, 2023"
