"""The caspianie_dates component: span finding, normalization, relative resolution."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import pytest
import spacy

from caspianie.pipeline.timex import recognizer as dates
from caspianie.pipeline.timex.datenorm import Parts
from caspianie.errors import RecordFileError
from caspianie.contract.records import Date
from caspianie.pipeline.timex.relative import in_year, shift, weekday_near

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GRANULARITY = {4: "year", 7: "month", 10: "day"}
E, REF, NAR = "explicit", "relative_to_reference", "relative_to_narrative"


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("caspianie_dates")
    return pipeline


def make_doc(nlp, text: str, ref: Optional[str] = None, body_end: Optional[int] = None):
    doc = nlp.make_doc(text)
    doc._.doc_id = "test-doc"
    if ref is not None:
        doc._.reference_date = Date(text=ref, value=ref, granularity=GRANULARITY[len(ref)])
    doc._.body_end = body_end
    return nlp.get_pipe("caspianie_dates")(doc)


def found(nlp, text: str, ref: Optional[str] = None, body_end: Optional[int] = None):
    doc = make_doc(nlp, text, ref, body_end)
    return [(s.text, s._.date.value, s._.date.granularity, s._.date.basis) for s in doc.spans["caspianie_dates"]]


# ---------------------------------------------------------------- explicit dates

@pytest.mark.parametrize("text,expected", [
    ("It was signed on 12 March 2024 in Baku.", ("on 12 March 2024", "2024-03-12", "day")),
    ("24 May 2005 is the date.", ("24 May 2005", "2005-05-24", "day")),
    ("It was signed March 12, 2024.", ("March 12, 2024", "2024-03-12", "day")),
    ("The visit was on September 16, 1996 [1].", ("on September 16, 1996", "1996-09-16", "day")),
    ("He came in March 2004.", ("in March 2004", "2004-03", "month")),
    ("It ended in June 1997, finally.", ("in June 1997", "1997-06", "month")),
    ("They signed it in 2008.", ("in 2008", "2008", "year")),
    ("Independence came 1992 for most.", ("1992", "1992", "year")),
    ("They met on 12th March 2024.", ("on 12th March 2024", "2024-03-12", "day")),
    ("It was signed on 29.11.2001 in Almaty.", ("on 29.11.2001", "2001-11-29", "day")),
    ("12.03.2024 — the train arrived.", ("12.03.2024", "2024-03-12", "day")),
    ("Published 2024-03-12 online.", ("2024-03-12", "2024-03-12", "day")),
    ("It grew in late 2021.", ("in late 2021", "2021", "year")),
    ("Talks began early 2020.", ("early 2020", "2020", "year")),
    ("Traffic peaked mid-2019.", ("mid-2019", "2019", "year")),
    ("By the end of 2023 it was done.", ("the end of 2023", "2023", "year")),
    ("Work resumed spring 2022.", ("spring 2022", "2022-SP", "season")),
    ("It opened in the summer of 2022.", ("in the summer of 2022", "2022-SU", "season")),
    ("It opened in mid-March 2020.", ("in mid-March 2020", "2020-03", "month")),
])
def test_explicit_dates(nlp, text, expected):
    assert found(nlp, text) == [expected + (E,)]


@pytest.mark.parametrize("text,expected", [
    ("signed on September 7 - 8, 1998 [7].", ("on September 7 - 8, 1998", "1998-09-07/1998-09-08", "day")),
    ("September 7-8, 1998 — In Baku", ("September 7-8, 1998", "1998-09-07/1998-09-08", "day")),
    ("held 7-8 September 1998 in Baku", ("7-8 September 1998", "1998-09-07/1998-09-08", "day")),
    ("held on 23-24 April 2002.", ("on 23-24 April 2002", "2002-04-23/2002-04-24", "day")),
    ("From 10-12 December 2012, ministers met.", ("From 10-12 December 2012", "2012-12-10/2012-12-12", "day")),
    ("From December 10-12, 2012, ministers met.", ("From December 10-12, 2012", "2012-12-10/2012-12-12", "day")),
    ("from 30 September - 2 October 2019", ("from 30 September - 2 October 2019", "2019-09-30/2019-10-02", "day")),
    ("held from 24 to 26 September 2024.", ("from 24 to 26 September 2024", "2024-09-24/2024-09-26", "day")),
    ("talks between March 3 and 5, 2021", ("between March 3 and 5, 2021", "2021-03-03/2021-03-05", "day")),
    ("It was signed on Dec 6, 2022.", ("on Dec 6, 2022", "2022-12-06", "day")),
    ("In Sept. 2021 the line opened.", ("In Sept. 2021", "2021-09", "month")),
    ("a member for 2017-2018.", ("2017-2018", "2017/2018", "year")),
    ("in 2017 – 2018 годах", ("in 2017 – 2018", "2017/2018", "year")),
    ("the Roadmap 2024–2026 was adopted", ("2024–2026", "2024/2026", "year")),
])
def test_explicit_ranges(nlp, text, expected):
    assert found(nlp, text) == [expected + (E,)]


@pytest.mark.parametrize("text", ["2018-2017 plan", "on 31 February 2020", "in 1800-1950"])
def test_impossible_explicit_dates_are_dropped(nlp, text):
    assert found(nlp, text) == []


# ---------------------------------------------------------------- deictic (reference date)

@pytest.mark.parametrize("text,ref,expected", [
    ("On 3 April, the presidents spoke.", "2024-04-04", ("On 3 April", "2024-04-03", "day")),
    ("on 11-12 March", "2024-03-12", ("on 11-12 March", "2024-03-11/2024-03-12", "day")),
    ("In December, KMG agreed.", "2025-01-24", ("In December", "2024-12", "month")),
    ("visited Azerbaijan in March", "2024-04-04", ("in March", "2024-03", "month")),
    ("Last October, they signed.", "2018", ("Last October", "2017-10", "month")),
    ("last October", "2018-11-20", ("last October", "2018-10", "month")),
    ("last October", "2018-10-20", ("last October", "2017-10", "month")),
    ("Last month the ministers met.", "2024-06-10", ("Last month", "2024-05", "month")),
    ("last month", "2024-01-15", ("last month", "2023-12", "month")),
    ("last year", "2025-01-24", ("last year", "2024", "year")),
    ("this year", "2018", ("this year", "2018", "year")),
    ("next year", "2024-03-12", ("next year", "2025", "year")),
    ("signed in April last year", "2024-03-12", ("in April last year", "2023-04", "month")),
    ("in January last year", "2025-01-24", ("in January last year", "2024-01", "month")),
    ("On 14 December last year, they met.", "2023", ("On 14 December last year", "2022-12-14", "day")),
    ("held on 2-5 December last year", "2024-09-26", ("on 2-5 December last year", "2023-12-02/2023-12-05", "day")),
    ("held from 24 to 26 September", "2024-09-26", ("from 24 to 26 September", "2024-09-24/2024-09-26", "day")),
    ("On Aug. 24, they met.", "2022-12-06", ("On Aug. 24", "2022-08-24", "day")),
    ("yesterday", "2024-03-01", ("yesterday", "2024-02-29", "day")),
    ("today", "2024-03-12", ("today", "2024-03-12", "day")),
    ("earlier this month", "2025-01-24", ("earlier this month", "2025-01", "month")),
    ("four years ago", "2018-05-01", ("four years ago", "2014", "year")),
    ("3 months ago", "2018-02-01", ("3 months ago", "2017-11", "month")),
    ("this week", "2024-03-14", ("this week", "2024-W11", "week")),
    ("this week", "2024-03-01", ("this week", "2024-W09", "week")),
])
def test_deictic_dates(nlp, text, ref, expected):
    assert found(nlp, text, ref) == [expected + (REF,)]


@pytest.mark.parametrize("text,ref,value", [
    ("said first oil flowed on Friday", "2025-01-24", "2025-01-24"),
    ("the line was closed on Thursday", "2025-01-24", "2025-01-23"),
    ("On Tuesday, KMG signed", "2025-01-24", "2025-01-21"),
    ("signed a declaration in Baku on Tuesday", "2024-03-12", "2024-03-12"),
    ("Also on Tuesday, they met", "2024-03-12", "2024-03-12"),
    ("Later on Tuesday, they met", "2024-03-12", "2024-03-12"),
    ("On Monday evening, he arrived", "2024-03-12", "2024-03-11"),
    ("on Tuesday morning at the residence", "2024-03-12", "2024-03-12"),
    ("landed late on Monday", "2024-03-12", "2024-03-11"),
    ("in Ashgabat on Wednesday", "2022-06-30", "2022-06-29"),
    ("last Friday", "2025-01-24", "2025-01-17"),
])
def test_weekdays_fall_on_or_before_the_reference_day(nlp, text, ref, value):
    (span,) = found(nlp, text, ref)
    assert span[1:] == (value, "day", REF)


@pytest.mark.parametrize("text,ref,expected", [
    ("It happened on Friday.", None, ("on Friday", None, "day")),
    ("It happened on Friday.", "2025", ("on Friday", None, "day")),
    ("last month", "2018", ("last month", None, "month")),
    ("yesterday", "2018-05", ("yesterday", None, "day")),
    ("On 3 April", None, ("On 3 April", None, "day")),
    ("in April last year", None, ("in April last year", None, "month")),
    ("Today Kazakhstan has chances.", "2018", ("Today", "2018", "year")),
])
def test_deictic_dates_without_a_fine_enough_reference(nlp, text, ref, expected):
    assert found(nlp, text, ref) == [expected + (REF,)]


# ---------------------------------------------------------------- anaphoric (narrative)

@pytest.mark.parametrize("text,expected", [
    ("30 October 2017 — It opened.\nThe following month — A train left.",
     ("The following month", "2017-11", "month")),
    ("25 November 2022 — They met.\nThe next day — They signed.", ("The next day", "2022-11-26", "day")),
    ("In January 2019 Kazakhstan ratified, and Azerbaijan the next month.", ("the next month", "2019-02", "month")),
    ("In January 2019 Kazakhstan ratified; Russia in October of the same year.",
     ("in October of the same year", "2019-10", "month")),
    ("In July 1997 it flared, and in August of the same year it calmed.",
     ("in August of the same year", "1997-08", "month")),
    ("It was held in 1999. The same year they signed.", ("The same year", "1999", "year")),
    ("On 18 November 1999 they signed. On the same day they met.", ("On the same day", "1999-11-18", "day")),
    ("In 2002 the first summit. Two years later the second.", ("Two years later", "2004", "year")),
    ("On 12 August 2018 they met. A year earlier they had talked.", ("A year earlier", "2017", "year")),
    ("On 12 August 2018 they met. The day before, ministers met.", ("The day before", "2018-08-11", "day")),
    ("On 12 August 2018 they met. The previous day, ministers met.", ("The previous day", "2018-08-11", "day")),
    ("On 12 August 2018 they met; that day was hot.", ("that day", "2018-08-12", "day")),
    ("They met in 2008. The next day they signed.", ("The next day", None, "day")),
])
def test_anaphoric_dates_follow_the_narrative(nlp, text, expected):
    assert found(nlp, text)[-1] == expected + (NAR,)


def test_anaphoric_date_without_narrative_falls_back_to_the_reference(nlp):
    assert found(nlp, "The next day they signed.", "2024-03-12") == [
        ("The next day", "2024-03-13", "day", REF)
    ]
    assert found(nlp, "The next day they signed.") == [("The next day", None, "day", REF)]


def test_eight_months_earlier_skips_an_intervening_year(nlp):
    text = ("Five years later, on 16 October 2007, the summit moved to Tehran, the first trip since "
            "Stalin travelled to Tehran in 1943, and Berdimuhamedov had come to power only eight months earlier.")
    assert found(nlp, text)[-2:] == [
        ("in 1943", "1943", "year", E),
        ("eight months earlier", "2007-02", "month", NAR),
    ]


def test_a_flashback_does_not_move_the_narrative(nlp):
    text = ("On 4 April, Aliyev received Nurtleu. He recalled his phone call the previous day. "
            "The commission had met earlier that day.")
    assert found(nlp, text, "2024-04-04") == [
        ("On 4 April", "2024-04-04", "day", REF),
        ("the previous day", "2024-04-03", "day", NAR),
        ("earlier that day", "2024-04-04", "day", NAR),
    ]


def test_a_coarser_date_keeps_the_finer_anchor(nlp):
    text = "25 November 2022 — They sign a roadmap for 2022-2027.\nThe next day — They sign more."
    assert found(nlp, text)[-1] == ("The next day", "2022-11-26", "day", NAR)


def test_this_year_takes_a_stated_narrative_year_when_the_reference_is_only_a_year(nlp):
    text = "In April 2017, the days of culture were held. This year, Aliyev presented the Order."
    assert found(nlp, text, "2018")[-1] == ("This year", "2017", "year", NAR)
    text = "On 14 December last year, they met. A summit, expected this year, did not happen."
    assert found(nlp, text, "2023")[-1] == ("this year", "2023", "year", REF)
    text = "In April 2017, culture days. This year, trade grew."
    assert found(nlp, text, "2018-05-02")[-1] == ("This year", "2018", "year", REF)


# ---------------------------------------------------------------- rejections and robustness

@pytest.mark.parametrize("text", [
    "as noted [12] and [2012].",
    "Milano : EGEA. – P.105",
    "Газета. – С.19-20.",
    "at the 39th meeting of the group",
    "the 9th summit of the states",
    'The strategy "Kazakhstan - 2050" states',
    'modernization - "Kazakhstan - 2020".',
    "exceeded 55 million tons per year",
    "a $48 billion expansion",
    "add about 260,000 barrels per day",
    "holds 20% of TCO",
    "shipped 2.2 million tonnes",
    "shipped 2000 tonnes of grain",
    "the 1814 kilometre pipeline",
    "a 2000 megawatt plant",
    "a $2000 fee",
    "Resolution 1999 of the Council",
    "it may be that we have to go 100M further",
    "12345678901234567890 and 99999 and 0000",
    "over the last year and in the next month",
    "open Sunday to Friday",
])
def test_non_dates_are_rejected(nlp, text):
    assert found(nlp, text, "2018") == []


def test_long_digit_runs_are_bounded_in_time(nlp):
    text = " ".join(["1234567890" * 50, "2024-2025-2026-" * 200, "May to may we 100M " * 500, "1992"])
    start = time.perf_counter()
    spans = found(nlp, text, "2018")
    assert time.perf_counter() - start < 5.0
    assert spans[-1] == ("1992", "1992", "year", E)
    assert all(value is None or value[:4].isdigit() for _, value, _, _ in spans)


def test_references_section_is_skipped(nlp):
    text = "It was signed on 12 March 2024.\n\nReferences\n1. Smith. 2017. P. 5."
    body_end = text.index("References")
    assert found(nlp, text, body_end=body_end) == [("on 12 March 2024", "2024-03-12", "day", E)]
    assert [s[0] for s in found(nlp, text)] == ["on 12 March 2024", "2017"]


def test_spans_are_non_overlapping_and_longest(nlp):
    doc = make_doc(nlp, "On 14 December last year and in October of the same year.", "2023")
    spans = doc.spans["caspianie_dates"]
    assert [s.text for s in spans] == ["On 14 December last year", "in October of the same year"]
    assert [s._.rule for s in spans] == ["month-last-year", "month-same-year"]
    assert spans[0].end <= spans[1].start


def test_date_rows(nlp):
    doc = make_doc(nlp, "BAKU, 12 March 2024 — They met on Tuesday.", "2024-03-12")
    assert dates.date_rows(doc) == [
        {"doc_id": "test-doc", "text": "12 March 2024", "start": 6, "end": 19, "value": "2024-03-12",
         "granularity": "day", "basis": E, "rule": "day-month-year"},
        {"doc_id": "test-doc", "text": "on Tuesday", "start": 31, "end": 41, "value": "2024-03-12",
         "granularity": "day", "basis": REF, "rule": "on-weekday"},
    ]


def test_dates_are_valid_records_with_basis(nlp):
    doc = make_doc(nlp, "Last October, on 3 April and in 2008.", "2018")
    for span in doc.spans["caspianie_dates"]:
        dumped = span._.date.model_dump()
        assert Date.model_validate(dumped) == span._.date
        assert dumped["basis"] in (E, REF, NAR)


# ---------------------------------------------------------------- the corpus against its gold

CORPUS_REFERENCES = {
    "az-president-phone-call-and-reception-2024": "2024-04-04",
    "caspian-oil-companies-business-2025": "2025-01-24",
    "caspian-summits-feature": "2022-06-30",
    "kz-az-state-visit-baku-2024": "2024-03-12",
    "middle-corridor-chronology": "2024-06-10",
    "turkmenistan-azerbaijan-tcgp-analysis": "2023",
}


def corpus_dates(nlp, doc_id: str, ref: str) -> list[tuple[str, Optional[str], str, str]]:
    text = (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
    return found(nlp, text, ref)


@pytest.mark.parametrize("doc_id", sorted(CORPUS_REFERENCES))
def test_every_gold_date_is_found_with_its_value(nlp, doc_id):
    predicted = corpus_dates(nlp, doc_id, CORPUS_REFERENCES[doc_id])
    gold = set()
    for line in (CORPUS / "gold" / f"{doc_id}.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("date"):
            gold.add((record["date"]["text"].lower(), record["date"]["value"], record["date"]["granularity"]))
    assert gold
    missing = [
        g for g in sorted(gold)
        if not any((g[0] in p[0].lower() or p[0].lower() in g[0]) and (p[1], p[2]) == g[1:] for p in predicted)
    ]
    assert missing == []


def test_corpus_examples(nlp):
    kz = corpus_dates(nlp, "kz-az-state-visit-baku-2024", "2024-03-12")
    assert ("on 11-12 March", "2024-03-11/2024-03-12", "day", REF) in kz
    assert ("On Monday evening", "2024-03-11", "day", REF) in kz
    oil = corpus_dates(nlp, "caspian-oil-companies-business-2025", "2025-01-24")
    assert ("on Friday", "2025-01-24", "day", REF) in oil
    assert ("On Tuesday", "2025-01-21", "day", REF) in oil
    assert ("In December", "2024-12", "month", REF) in oil
    chronology = corpus_dates(nlp, "middle-corridor-chronology", "2024-06-10")
    assert ("12.03.2024", "2024-03-12", "day", E) in chronology
    assert ("The following month", "2017-11", "month", NAR) in chronology
    assert ("The next day", "2022-11-26", "day", NAR) in chronology
    assert ("Last month", "2024-05", "month", REF) in chronology


def test_seed_article(nlp):
    text = (CORPUS / "azerbaijan-kazakhstan-caspian-cooperation-2018.txt").read_text(encoding="utf-8")
    body_end = text.index("  1. The Caspian Sea Chessboard")
    spans = found(nlp, text, "2018", body_end)
    assert ("on September 7 - 8, 1998", "1998-09-07/1998-09-08", "day", E) in spans
    assert ("Last October", "2017-10", "month", REF) in spans
    assert ("on September 16, 1996", "1996-09-16", "day", E) in spans
    assert ("This year", "2017", "year", NAR) in spans
    assert not [s for s in spans if s[0] in ("2020", "2050", "2014")]  # strategies, bibliography


# ---------------------------------------------------------------- pattern file and arithmetic

@pytest.mark.parametrize("line,reason", [
    ("{not json", "invalid JSON"),
    ('{"id": "x", "pattern": [{"LOWER": "x"}]}', "kind"),
    ('{"id": "x", "kind": "explicit", "pattern": []}', "pattern"),
    ('{"id": "x", "kind": "relative", "unit": "day", "pattern": [{"LOWER": "x"}]}', "needs 'anchor'"),
    ('{"id": "x", "kind": "explicit", "colour": 1, "pattern": [{"LOWER": "x"}]}', "colour"),
    ('{"id": "x", "kind": "explicit", "pattern": [{"LOWERCASE": "x"}]}', "Matcher rejects"),
])
def test_bad_pattern_lines_name_file_and_line(tmp_path, line, reason):
    path = tmp_path / "dates.jsonl"
    path.write_text('{"id": "ok", "kind": "explicit", "pattern": [{"IS_DIGIT": true}]}\n' + line + "\n")
    with pytest.raises(RecordFileError) as err:
        dates.load_date_patterns(path, spacy.blank("en").vocab)
    assert str(err.value).startswith(f"{path}:2: ")
    assert reason in str(err.value)
    assert err.value.line == 2


def test_duplicate_pattern_id_is_rejected(tmp_path):
    path = tmp_path / "dates.jsonl"
    entry = '{"id": "ok", "kind": "explicit", "pattern": [{"IS_DIGIT": true}]}\n'
    path.write_text(entry + "\n" + entry)
    with pytest.raises(RecordFileError, match=r":3: .*duplicate id 'ok'"):
        dates.load_date_patterns(path, spacy.blank("en").vocab)


def test_custom_pattern_file_and_spans_key(tmp_path):
    path = tmp_path / "dates.jsonl"
    path.write_text('{"id": "bare-year", "kind": "explicit", "pattern": [{"TEXT": {"REGEX": "^20[0-9]{2}$"}}]}\n')
    pipeline = spacy.blank("en")
    pipeline.add_pipe("caspianie_dates", config={"patterns": str(path), "spans_key": "d"})
    doc = pipeline("In 2019 and on 12 March 1999.")
    assert [(s.text, s._.date.value, s._.rule) for s in doc.spans["d"]] == [("2019", "2019", "bare-year")]


def test_calendar_arithmetic():
    assert shift(Parts(2024, 1, 31), "month", 1) == Parts(2024, 2)
    assert shift(Parts(2024, 12, 31), "day", 1) == Parts(2025, 1, 1)
    assert shift(Parts(2024, 3), "day", 1) is None
    assert shift(Parts(2024, 3), "day", 0) == Parts(2024, 3)
    assert shift(Parts(2007, 10, 16), "month", -8) == Parts(2007, 2)
    assert in_year(Parts(2025, 1, 24), 12, (), "near") == (Parts(2024, 12), None)
    assert in_year(Parts(2025, 1, 24), 3, (), "near") == (Parts(2025, 3), None)
    assert in_year(Parts(2024, 3, 12), 3, (11, 12), "near") == (Parts(2024, 3, 11), Parts(2024, 3, 12))
    assert weekday_near(Parts(2025, 1, 24), 4) == Parts(2025, 1, 24)
    assert weekday_near(Parts(2025, 1, 24), 4, strict=True) == Parts(2025, 1, 17)
    assert weekday_near(Parts(2025, 1), 4) is None

