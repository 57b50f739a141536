"""``AnchoredMatcher`` finds exactly what spaCy's ``Matcher`` finds, with less work."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher

from caspianie.pipeline.timex.recognizer import split_optional_prefix
from caspianie.errors import RecordFileError
from caspianie.pipeline.fastmatch import AnchoredMatcher
from caspianie.knowledge.lexflags import FREE_FLAG_BITS, LexicalTest, anchor, conditions
from caspianie.knowledge.patternfiles import SpanPattern, packaged, read_models

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TOKEN_PATTERN_FILES = ["dates.jsonl", "actors.jsonl", "projects.jsonl", "titles.jsonl", "agreements.jsonl",
                       "triggers.jsonl", "factuality.jsonl"]
MONTHS = ["January", "March", "May"]


def token_patterns(name: str) -> list[tuple[str, list[dict]]]:
    """The token patterns of a packaged file by id (date patterns without their optional lead word)."""
    out = []
    for line in packaged(name).read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if isinstance(entry.get("pattern"), list):
            out.append((entry["id"], split_optional_prefix(entry["pattern"])[0]))
    return out


@pytest.fixture(scope="module")
def corpus_docs(nlp):
    """The bundled articles as the rulers see them: tokenized and split into sentences."""
    keep = {"caspianie_metadata", "caspianie_sentences"}
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    return list(nlp.pipe(texts, disable=[n for n in nlp.pipe_names if n not in keep]))


@pytest.mark.parametrize("name", TOKEN_PATTERN_FILES)
def test_matches_equal_spacy_matcher_on_every_article(nlp, corpus_docs, name) -> None:
    plain, anchored = Matcher(nlp.vocab), AnchoredMatcher(nlp.vocab)
    for rule, pattern in token_patterns(name):
        plain.add(rule, [pattern])
        anchored.add(rule, [pattern])
    total = 0
    for doc in corpus_docs:
        expected = sorted(set(plain(doc)), key=lambda m: (m[1], m[2], m[0]))
        assert anchored(doc) == expected
        total += len(expected)
    assert total > 0


def test_bounded_patterns_match_near_anchors_and_unbounded_ones_within_a_sentence(nlp) -> None:
    doc = nlp("Talks resumed on 3 March 2024 in Baku. The Caspian Pipeline Consortium met. Then nothing.")
    dates = AnchoredMatcher(nlp.vocab)
    dates.add("dmy", [[{"IS_DIGIT": True}, {"ORTH": {"IN": MONTHS}}, {"TEXT": {"REGEX": "^20[0-9]{2}$"}}]])
    windows = dates.windows(doc)
    assert [doc[s:e].text for s, e in windows] == ["3 March 2024"]
    assert [doc[s:e].text for _, s, e in dates(doc)] == ["3 March 2024"]
    names = AnchoredMatcher(nlp.vocab)
    names.add("org", [[{"IS_TITLE": True, "OP": "+"}, {"LOWER": "consortium"}]])
    assert [doc[s:e].text for s, e in names.windows(doc)] == ["The Caspian Pipeline Consortium met."]
    assert sorted(doc[s:e].text for _, s, e in names(doc))[-1] == "The Caspian Pipeline Consortium"


def test_a_doc_without_anchors_is_not_matched_at_all(nlp) -> None:
    matcher = AnchoredMatcher(nlp.vocab)
    matcher.add("month", [[{"ORTH": {"IN": MONTHS}}]])
    doc = nlp("No month is named here.")
    assert matcher.windows(doc) == [] and matcher(doc) == []


def test_anchors_prefer_content_words_to_function_words(nlp) -> None:
    pattern = [{"LOWER": "on"}, {"IS_DIGIT": True}, {"ORTH": {"IN": MONTHS}}, {"LOWER": "the", "OP": "?"}]
    assert anchor(nlp.vocab, pattern) == (2, conditions(nlp.vocab, pattern[2]))
    assert anchor(nlp.vocab, [{"LOWER": {"IN": ["the", "this"]}}, {"ORTH": ","}]) is not None
    assert anchor(nlp.vocab, [{"LOWER": "visit", "OP": "?"}, {"LOWER": {"NOT_IN": ["a"]}}]) is None


def test_results_hold_when_the_vocab_has_no_free_flag_bits() -> None:
    nlp = spacy.blank("en")
    for bit in FREE_FLAG_BITS:
        nlp.vocab.add_flag(lambda s: False, bit)
    matcher = AnchoredMatcher(nlp.vocab)
    matcher.add("dm", [[{"TEXT": {"REGEX": "^[0-9]{1,2}$"}}, {"ORTH": {"IN": MONTHS}}]])
    doc = nlp("It opened on 12 May and closed on 3 March.")
    assert [doc[s:e].text for _, s, e in matcher(doc)] == ["12 May", "3 March"]


def test_lexical_tests_survive_pickling_for_worker_processes(nlp) -> None:
    test = LexicalTest(nlp.vocab, [(("LOWER", "IN", frozenset({"pipeline"})), ("ORTH", "REGEX", "^P"))])
    copy = pickle.loads(pickle.dumps(test))
    assert copy == test and copy("Pipeline") and not copy("pipeline") and not copy("Port")


def test_an_any_of_test_looks_up_word_keyed_groups_and_still_checks_their_other_conditions(nlp) -> None:
    test = LexicalTest(nlp.vocab, [
        (("LOWER", "==", "bank"), ("IS_TITLE", "==", True)),  # keyed by "bank", title case only
        (("ORTH", "IN", frozenset({"May", "June"})),),  # keyed by the exact word
        (("ORTH", "REGEX", "^[0-9]{4}$"),),  # no key: tried for every word
    ], any_of=True)
    passes = ["Bank", "May", "June", "2024"]
    fails = ["bank", "BANK", "may", "Banks", "202", "20245", "July"]
    assert [w for w in passes + fails if test(w)] == passes


def test_a_span_is_refused(nlp) -> None:
    matcher = AnchoredMatcher(nlp.vocab)
    matcher.add("x", [[{"LOWER": "baku"}]])
    with pytest.raises(TypeError, match="whole Doc"):
        matcher(nlp("in Baku")[0:2])


def test_a_pattern_spacy_rejects_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.jsonl"
    path.write_text('{"label": "ORG", "id": "ok", "pattern": [{"LOWER": "bank"}]}\n'
                    '{"label": "ORG", "id": "bad", "pattern": [{"LOWERCASE": "bank"}]}\n', encoding="utf-8")
    with pytest.raises(RecordFileError, match=r"rules\.jsonl:2: .*Matcher rejects the pattern.*LOWERCASE"):
        read_models(path, SpanPattern)


@pytest.mark.parametrize("component", ["caspianie_entity_ruler", "caspianie_title_ruler",
                                       "caspianie_agreement_ruler", "caspianie_events"])
def test_ruler_matches_as_tuples_are_spacys_spans_in_spacys_order(nlp, corpus_docs, component) -> None:
    from spacy.util import filter_spans

    from caspianie.pipeline.ruler import filtered_matches, ruler_matches, spans_of

    ruler = nlp.get_pipe(component).ruler
    for doc in corpus_docs:
        expected = ruler.match(doc)
        found = spans_of(doc, ruler_matches(ruler, doc))
        assert [(s.start, s.end, s.label_, s.id_) for s in found] == [(s.start, s.end, s.label_, s.id_) for s in expected]
        kept = [(s.start, s.end, s.label_, s.id_) for s in filter_spans(expected)]
        assert [(s.start, s.end, s.label_, s.id_) for s in filtered_matches(ruler, doc)] == kept
