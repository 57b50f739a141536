"""An event told as the thing an anniversary marks happened; the anniversary's own date and
venue are not its (sentences written for these tests)."""

from __future__ import annotations

from conftest import checked_records as run


def events(records):
    return [(e.event_type, e.date.value if e.date else None, e.location, e.participants)
            for e in records if e.type == "event"]


def test_the_commemorated_event_happened_on_no_date_the_clause_gives(nlp) -> None:
    text = ("In Baku on 3 May 2022 Azerbaijan and Kazakhstan marked the 30th anniversary of the establishment "
            "of diplomatic relations between Azerbaijan and Kazakhstan.")
    assert events(run(nlp, text, "2022-05-04")) == [("establishment", None, None, ["azerbaijan", "kazakhstan"])]


def test_a_date_after_the_commemorated_event_is_its_own(nlp) -> None:
    text = ("The visit marks the first anniversary of the signing of the Declaration on Allied Interaction "
            "between Russia and Azerbaijan on 22 February 2022.")
    found = [e for e in events(run(nlp, text, "2023-02-28")) if e[0] == "signing"]
    assert [(t, d) for t, d, _l, _p in found] == [("signing", "2022-02-22")]


def test_an_anniversary_summit_keeps_its_own_date_and_place(nlp) -> None:
    text = "The jubilee summit of the CIS was held in Moscow on 8 May 2023."
    assert events(run(nlp, text, "2023-05-09"))[0][:3] == ("summit", "2023-05-08", "Moscow")


def test_those_marking_an_anniversary_took_no_part_in_what_it_marks(nlp) -> None:
    text = ("In Baku on 3 May 2022 Ilham Aliyev and Kassym-Jomart Tokayev marked the 30th anniversary of the "
            "establishment of diplomatic relations between Azerbaijan and Kazakhstan.")
    found = [e for e in events(run(nlp, text, "2022-05-04")) if e[0] == "establishment"]
    assert found == [("establishment", None, None, ["azerbaijan", "kazakhstan"])]


def test_a_relative_date_after_the_anniversary_is_the_anniversarys(nlp) -> None:
    text = ("President Recep Tayyip Erdogan met Kassym-Jomart Tokayev in Ankara. The leaders gathered at the "
            "presidential complex on July 29, as the two nations celebrate the 33rd anniversary of the "
            "establishment of diplomatic relations this year. Diplomatic relations between Turkey and "
            "Kazakhstan were formally established in 1992.")
    found = events(run(nlp, text, "2025-07-30"))
    # the gathering sentence still dates the meeting; the leaders took no part in relations of 1992;
    # the anniversary and the later sentence tell one establishment
    assert found == [("meeting", "2025-07-29", "Ankara", ["recep-tayyip-erdogan", "kassym-jomart-tokayev"]),
                     ("establishment", "1992", None, ["turkey", "kazakhstan"])]


def test_a_date_told_for_the_anniversarys_event_is_not_the_visits(nlp):
    recs = run(nlp, "Sergey Lavrov's visit to Baku coincides with the anniversary of the signing of the Declaration "
                    "on Allied Interaction on February 22, 2022.", reference="2023-02-28")
    dates = {e.event_type: e.date.value for e in recs if e.type == "event"}
    assert dates == {"visit": "2023-02-28", "signing": "2022-02-22"}
