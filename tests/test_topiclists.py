"""Instruments signed on a list of topics with no count (sentences written for these tests)."""

from __future__ import annotations

import pytest

from conftest import checked_records as run


def names(text, nlp):
    return [r.name for r in run(nlp, text) if r.type == "agreement"]


def test_agreements_signed_on_a_list_are_one_per_topic(nlp) -> None:
    text = ("During the visit, agreements were signed, among others, on solar power, grain logistics, "
            "river shipping and tourism.")
    assert names(text, nlp) == ["agreement on solar power", "agreement on grain logistics",
                                "agreement on river shipping", "agreement on tourism"]


def test_a_serial_comma_keeps_an_and_inside_an_item(nlp) -> None:
    text = ("Memoranda were signed on copper mining and processing, flood control, and the repair of old "
            "bridges.")
    assert names(text, nlp) == ["memorandum on copper mining and processing", "memorandum on flood control",
                                "memorandum on the repair of old bridges"]


def test_items_introduced_by_on_are_cut_only_there(nlp) -> None:
    text = "The ministers signed accords on customs, veterinary and phytosanitary control and on air safety."
    assert names(text, nlp) == ["accord on customs, veterinary and phytosanitary control", "accord on air safety"]


@pytest.mark.parametrize("text, expected", [
    ("The sides signed agreements on trade, economic and cultural cooperation.",
     ["agreement on trade, economic and cultural cooperation"]),
    ("Protocols were signed on 3 May 2016 in Baku.", []),
])
def test_adjectives_joined_by_commas_and_dates_are_no_topic_lists(nlp, text, expected) -> None:
    assert [n for n in names(text, nlp) if " on " in n] == expected


def test_the_signing_takes_every_instrument_of_the_list(nlp) -> None:
    text = "On 4 May 2016, Kazakhstan and France signed agreements on wind energy and on rail transport."
    (signing,) = [r for r in run(nlp, text) if r.type == "event"]
    assert signing.agreements == ["agreement-on-wind-energy", "agreement-on-rail-transport"]


def test_names_before_one_plural_title_are_one_instrument_each(nlp) -> None:
    text = "The ministers recalled the Shusha, Aktau and Termez Declarations adopted at their earlier meetings."
    assert names(text, nlp) == ["Shusha Declaration", "Aktau Declaration", "Termez Declaration"]





def test_plural_compound_instruments_listed_are_not_one_field_list(nlp) -> None:
    text = ("On 3 May 2023 the companies signed power purchase agreements, transmission connection agreements, "
            "and land lease agreements.")
    assert names(text, nlp)[:2] == ["power purchase agreements", "transmission connection agreements"]


def test_a_closing_quote_ends_the_list_and_a_trailing_comma_adds_no_item(nlp) -> None:
    text = ('"On 3 May 2023 agreements were signed on solar power, grain logistics and tourism," according to '
            "the statement, without further details.")
    assert names(text, nlp) == ["agreement on solar power", "agreement on grain logistics", "agreement on tourism"]
