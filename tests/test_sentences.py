"""Rule-based sentence segmentation and the tokenizer behaviour other components rely on."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from caspianie.errors import RecordFileError
from caspianie.pipeline.extensions import doc_text, remember_text, sentence_bounds
from caspianie.pipeline.sentences import breaks_line, customize_tokenizer, iter_sentences

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("caspianie_metadata")
    pipeline.add_pipe("caspianie_sentences")
    return pipeline


def sentences(nlp: Language, text: str) -> list[str]:
    return [s.text for s in iter_sentences(nlp(text))]


def corpus_lines(doc_id: str, first: int, last: int) -> str:
    lines = (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[first - 1 : last])


def test_initials_and_quoted_sentences_from_the_seed_article(nlp: Language) -> None:
    text = corpus_lines("azerbaijan-kazakhstan-caspian-cooperation-2018", 70, 70)
    assert sentences(nlp, text) == [
        "Looking ahead, Kazakhstan will enhance its foreign policy in the east, especially in relation to China.",
        "Cooperation with the Russian Federation is lower down the priority list.",
        "This is confirmed by Kazakhstan academics and analysts, by characterizing the situation in the "
        "region as confrontational for the Russian Federation.",
        'So, in his book "Apart: Russia and the countries of Central Asia" A.K. Bisenbaev notes: '
        "\"Russia's integration efforts in the CIS space are ritualistic.",
        "In practice, the state, the ideology of which has the character of confrontation with the whole "
        "world, is engaged in pushing away its allies and searching for new enemies.",
        "All world and regional events are evaluated from the standpoint of stand-off and confrontation\" [15].",
    ]


def test_citation_after_a_period_stays_with_its_sentence(nlp: Language) -> None:
    text = corpus_lines("azerbaijan-kazakhstan-caspian-cooperation-2018", 40, 40)
    assert sentences(nlp, text)[-2:] == [
        "One of the specific features of the Europe-Asia route is that the delivery of goods from the sender "
        "to the recipient is carried out by rail and by ships that run on the Black and Caspian Seas. [8].",
        "About thirty states are participants in the TRACECA project, whose headquarters are located in Baku.",
    ]
    assert sentences(nlp, "It was signed in 1996 [1]. Then [2, 3] it lapsed.") == [
        "It was signed in 1996 [1].",
        "Then [2, 3] it lapsed.",
    ]


def test_dateline_is_its_own_sentence(nlp: Language) -> None:
    text = corpus_lines("kz-az-state-visit-baku-2024", 1, 3)
    assert sentences(nlp, text) == [
        "BAKU, 12 March 2024 \u2014",
        "Kazakh President Kassym-Jomart Tokayev and his Azerbaijani counterpart Ilham Aliyev signed a "
        "declaration on allied relations in Baku on Tuesday and oversaw the signing of a package of transport, "
        "energy and digital documents, on the main day of Tokayev's state visit to Azerbaijan on 11-12 March.",
        "Tokayev landed at Heydar Aliyev International Airport late on Monday.",
        "On Monday evening, Deputy Prime Minister and Foreign Minister of Kazakhstan Murat Nurtleu held "
        "consultations in Baku with Azerbaijani Foreign Minister Jeyhun Bayramov on the agenda of the visit.",
    ]


def test_numbered_list_of_signed_documents(nlp: Language) -> None:
    text = corpus_lines("kz-az-state-visit-baku-2024", 9, 16)
    found = sentences(nlp, text)
    assert [s[:40] for s in found] == [
        "Documents signed",
        "At the end of the talks, Tokayev and Ali",
        "In the presence of the two heads of stat",
        "1. Agreement between the Government of t",
        "2. Agreement between Kazakhtelecom and A",
        "3. Memorandum of Understanding between K",
        "4. Roadmap between Kazakhstan Temir Zhol",
    ]
    assert found[2] == "In the presence of the two heads of state, the following documents were then signed:"
    assert found[4] == (
        "2. Agreement between Kazakhtelecom and AzerTelecom on building a fibre-optic communication line "
        "along the bed of the Caspian Sea;"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Smith met Mr. Jones in St. Petersburg on Nov. 5. They talked.",
         ["Dr. Smith met Mr. Jones in St. Petersburg on Nov. 5.", "They talked."]),
        ("It was written by N. Nazarbayev and M. B. Assanbayev. The book sold.",
         ["It was written by N. Nazarbayev and M. B. Assanbayev.", "The book sold."]),
        ("Oil, gas, etc. are exported. Ports, rail etc. The end.",
         ["Oil, gas, etc. are exported.", "Ports, rail etc.", "The end."]),
        ("The U.S. and e.g. Iran disagree. Output rose 1.4 million tonnes, i.e. Tengiz grew.",
         ["The U.S. and e.g. Iran disagree.", "Output rose 1.4 million tonnes, i.e. Tengiz grew."]),
        ("KazMunayGas Int. Co. signed. Was it late? Yes! \u201cIt was.\u201d Then (they said.) Fine.",
         ["KazMunayGas Int. Co. signed.", "Was it late?", "Yes!", "\u201cIt was.\u201d", "Then (they said.)", "Fine."]),
        ("Russia vs. Iran, No. 5 and approx. 20 P. 23 are cited.",
         ["Russia vs. Iran, No. 5 and approx. 20 P. 23 are cited."]),
    ],
)
def test_abbreviations_initials_and_numbers(nlp: Language, text: str, expected: list[str]) -> None:
    assert sentences(nlp, text) == expected


def test_line_structure(nlp: Language) -> None:
    text = (
        "Background\nKazakhstan and Azerbaijan established relations in 1992 and signed a treaty that\n"
        "remains the basis of their ties.\n\nWhat next\n"
        "Year: 2018\nCity: Almaty"
    )
    assert sentences(nlp, text) == [
        "Background",
        "Kazakhstan and Azerbaijan established relations in 1992 and signed a treaty that\n"
        "remains the basis of their ties.",
        "What next",
        "Year: 2018",
        "City: Almaty",
    ]


def test_breaks_line() -> None:
    long_line = "The presidents discussed the transport corridor and the pipeline and the ports of"
    assert breaks_line(long_line, "Aktau and Baku in detail.") is False
    assert breaks_line("Export routes", "Most of the crude goes west.") is True
    assert breaks_line("the following were signed", "1. Agreement") is True
    assert breaks_line("Tokayev, Aliyev,", "Mirziyoyev and Japarov met.") is False
    assert breaks_line("signed by Karabayev; then", "the roadmap.") is False


def test_references_are_one_sentence_per_line(nlp: Language) -> None:
    text = (CORPUS / "turkmenistan-azerbaijan-tcgp-analysis.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    refs = [s.text for s in iter_sentences(doc) if s.start_char >= doc._.body_end]
    assert len(refs) == 14  # heading, 11 citations, Year:, City:
    assert refs[5] == (
        "5. Karimov E. The Trans-Caspian Gas Pipeline Revisited // Caspian Studies Review. 2012. "
        "Vol. 4, No. 1. P. 23\u201341."
    )


def test_sentence_counts_and_offsets_on_the_corpus(nlp: Language) -> None:
    counts = {}
    for path in sorted(CORPUS.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        sents = list(iter_sentences(doc))
        assert all(s.text == doc.text[s.start_char : s.end_char] and s.text == s.text.strip() for s in sents)
        counts[path.stem] = len(sents)
    assert counts["kz-az-state-visit-baku-2024"] == 29
    assert counts["turkmenistan-azerbaijan-tcgp-analysis"] == 51


def test_custom_abbreviation_file(tmp_path: Path) -> None:
    custom = tmp_path / "abbr.jsonl"
    custom.write_text('{"text": "Kaz.", "ends_sentence": "never"}\n', encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("caspianie_sentences", config={"abbreviations": str(custom)})
    assert [s.text for s in iter_sentences(nlp("The Kaz. Railways. Nov. Five."))] == [
        "The Kaz. Railways.", "Nov.", "Five."
    ]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Kaz", "ends_sentence": "never"}\n', encoding="utf-8")
    with pytest.raises(RecordFileError, match=r"bad\.jsonl:1: pattern file entry is invalid: 'Kaz' needs"):
        spacy.blank("en").add_pipe("caspianie_sentences", config={"abbreviations": str(bad)})


@pytest.mark.parametrize(
    "text, default, customized",
    [
        ("Baku\u2013Tbilisi\u2013Kars", ["Baku", "\u2013", "Tbilisi", "\u2013", "Kars"],
         ["Baku", "\u2013", "Tbilisi", "\u2013", "Kars"]),
        ("Kazakhstan\u2013Azerbaijan", ["Kazakhstan", "\u2013", "Azerbaijan"], ["Kazakhstan", "\u2013", "Azerbaijan"]),
        ("Baku- Tbilisi-Ceyhan", ["Baku-", "Tbilisi", "-", "Ceyhan"], ["Baku", "-", "Tbilisi", "-", "Ceyhan"]),
        ("in 1996 [12].", ["in", "1996", "[", "12", "]", "."], ["in", "1996", "[", "12", "]", "."]),
        ("Kassym-Jomart", ["Kassym", "-", "Jomart"], ["Kassym", "-", "Jomart"]),
        ("A.K. Bisenbaev", ["A.K.", "Bisenbaev"], ["A.K.", "Bisenbaev"]),
        ("2024-2026", ["2024", "-", "2026"], ["2024", "-", "2026"]),
    ],
)
def test_tokenizer_behaviour(text: str, default: list[str], customized: list[str]) -> None:
    nlp = spacy.blank("en")
    assert [t.text for t in nlp(text)] == default
    customize_tokenizer(nlp)
    assert [t.text for t in nlp(text)] == customized


def test_tokenizer_callback_from_config() -> None:
    nlp = spacy.blank("en", config={"nlp": {"after_creation": {"@callbacks": "caspianie.tokenizer.v1"}}})
    assert [t.text for t in nlp("Armenian- Azerbaijani")] == ["Armenian", "-", "Azerbaijani"]


def test_sentence_table_matches_doc_sents_on_the_corpus(nlp: Language) -> None:
    """The array-read sentence bounds are exactly spaCy's ``doc.sents``, with unset starts too."""
    for path in sorted(CORPUS.glob("*.txt"))[:6]:
        doc = nlp(path.read_text(encoding="utf-8"))
        assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents]
    partial = spacy.blank("en")("One two. Three four. Five.")
    partial[3].is_sent_start = True  # the others stay unset
    assert sentence_bounds(partial) == [(s.start, s.end) for s in partial.sents] == [(0, 3), (3, 8)]
    empty = nlp.make_doc("")
    assert sentence_bounds(empty) == []


def test_remembered_text_must_be_the_docs_own(nlp: Language) -> None:
    doc = nlp.make_doc("Aliyev met Tokayev.")
    with pytest.raises(ValueError, match="not the one"):
        remember_text(doc, "Aliyev met Tokayev. And more.")
    remember_text(doc, "Aliyev met Tokayev.")
    assert doc_text(doc) == "Aliyev met Tokayev."
