"""The compact representations that keep a long document's memory bounded (issue 13): each
gives what the plain form it replaces gave. Memory and speed figures live in
benchmarks/long_documents.py."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from spacy.attrs import IDX, LENGTH, LOWER, NORM, ORTH, SPACY
from spacy.matcher import Matcher
from spacy.tokens import Span
from spacy.util import filter_spans

import caspianie.pipeline.fastmatch as fastmatch
import caspianie.pipeline.tokenize as tokenizing
from caspianie.contract.article import Article
from caspianie.pipeline.actorrules import Mention, PersonIndex, merge_partial_names
from caspianie.pipeline.docindex import DocIndex, covered
from caspianie.pipeline.docprep import make_doc
from caspianie.pipeline.extensions import TokenSet, body_end, token_starts
from caspianie.pipeline.fastmatch import AnchoredMatcher, Packing
from caspianie.pipeline.layers import DATES, ENTITIES, info_of
from caspianie.pipeline.names import surname
from caspianie.normalize import normalize_name
from caspianie.pipeline.timex.datepatterns import extend_prefix, split_optional_prefix
from caspianie.pipeline.timex.resolve import LOOKBACK, Resolved, update_history
from caspianie.pipeline.timex.datenorm import Parts

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TRICKY = ("He said  don't go.\n\n  Mr. Aliyev  met :) the U.S. envoy \t at 10 a.m. e.g. here's O'Neil's "
          "dog   can't  won't\xa0 gonna 10km 5 am 2024 on 12 March 2024 in Baku. ")
DENSE_DATES = "Talks were held on 12 March 2024 and on 3 April; a forum met in May 2023, then on 7-8 June 2024. "


def run(nlp, text: str, reference: str = "2024-03-20"):
    return nlp(make_doc(nlp, Article(doc_id="t", text=text, source="t", date=None), reference))


def test_a_text_tokenized_in_pieces_has_the_tokens_of_the_whole_text(nlp, monkeypatch) -> None:
    monkeypatch.setattr(tokenizing, "PIECE_CHARS", 200)
    text = TRICKY * 40
    assert len(tokenizing.pieces(text, tokenizing.rule_words(nlp.tokenizer), 200)) > 10
    whole, pieces = nlp.make_doc(text), tokenizing.tokenize(nlp, text)
    attrs = [ORTH, NORM, SPACY, IDX, LOWER, LENGTH]
    assert len(pieces) == len(whole) and (pieces.to_array(attrs) == whole.to_array(attrs)).all()
    assert pieces.text == text and [t.norm_ for t in pieces] == [t.norm_ for t in whole]


def test_pieces_end_after_a_single_space_between_words_no_rule_holds(nlp) -> None:
    words = tokenizing.rule_words(nlp.tokenizer)
    assert words is not None and "am" in words and "March" not in words
    text = "x " * 150 + "ran a.m. 5 am then went home " * 20
    for start, end in tokenizing.pieces(text, words, 100)[:-1]:
        before, after = text[:end].split()[-1], text[end:].split()[0]
        assert text[end - 1] == " " and text[end - 2] != " " and text[end] != " "
        assert before.isalpha() or before.isdigit()
        assert (after.isalpha() or after.isdigit()) and before not in words and after not in words
    assert tokenizing.pieces("short text", words, 100) == [(0, 10)]


def test_a_rule_with_a_space_inside_leaves_the_text_whole(nlp) -> None:
    class Rules:
        rules = {"a b": [], "\n": []}

    assert tokenizing.rule_words(Rules()) is None
    Rules.rules = {"\n": [], " ": [], "a.m.": []}
    assert tokenizing.rule_words(Rules()) == frozenset({"a", "m"})


def test_matches_taken_in_small_anchor_batches_equal_spacys(nlp, monkeypatch) -> None:
    monkeypatch.setattr(fastmatch, "ANCHOR_BATCH", 2)
    doc = run(nlp, DENSE_DATES * 30)
    plain, anchored = Matcher(nlp.vocab), AnchoredMatcher(nlp.vocab)
    for rule, entry in nlp.get_pipe("caspianie_dates").entries.items():
        pattern = split_optional_prefix(entry.pattern)[0]
        plain.add(rule, [pattern])
        anchored.add(rule, [pattern])
    expected = sorted(set(plain(doc)), key=lambda m: (m[1], m[2], m[0]))
    assert len(expected) > 200 and anchored(doc) == expected
    table = anchored.match_table(doc)
    assert len(table) == len(expected) and table.tuples() == expected


def test_packing_orders_rows_as_tuples_and_refuses_what_does_not_fit() -> None:
    import numpy

    rows = [(5, 9, 2), (5, 9, 0), (0, 12, 3), (5, 7, 1)]
    packing = Packing(12, 4)
    packed = numpy.sort(packing.pack(*(numpy.array(c) for c in zip(*rows))))
    assert [tuple(r) for r in zip(*(a.tolist() for a in packing.unpack(packed)))] == sorted(rows)
    with pytest.raises(ValueError, match="too long"):
        Packing(1 << 31, 8)


def old_candidates(recognizer, doc) -> list[tuple[int, int, str]]:
    """The candidate choice as it was made with one ``Span`` per match (before issue 13's arrays)."""
    found, vetoes = [], []
    for match_id, start, end in recognizer.matcher(doc):
        rule = doc.vocab.strings[match_id]
        entry = recognizer.entries[rule]
        start = extend_prefix(doc, split_optional_prefix(entry.pattern)[1], start)
        if entry.kind == "reject":
            vetoes.append((start, end))
        elif not entry.after or (start > 0 and doc[start - 1].lower_ in entry.after):
            found.append(Span(doc, start, end, label=rule))
    limit = body_end(doc)
    kept = [s for s in found if s.start_char < limit and not any(v < s.end and s.start < w for v, w in vetoes)]
    order = {key: i for i, key in enumerate(recognizer.entries)}
    kept.sort(key=lambda s: order[s.label_])
    return [(s.start, s.end, s.label_) for s in sorted(filter_spans(kept), key=lambda s: s.start)]


def test_candidates_chosen_on_arrays_equal_the_span_by_span_choice(nlp) -> None:
    recognizer = nlp.get_pipe("caspianie_dates")
    texts = [DENSE_DATES * 5, "Kazakhstan - 2050 strategy; in 2022-2027, by 2030, since February, the next day, "
             "last October, in the third quarter of 2023, on Tuesday, the late 1970s.\n\nReferences\n1. 12 May 2020."]
    texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    for text in texts:
        doc = run(nlp, text)
        chosen = list(recognizer.rules.select(doc, recognizer.matcher.match_table(doc)))
        assert chosen and chosen == old_candidates(recognizer, doc)


def test_equal_dates_share_one_value_and_an_event_knows_whose_date_it_took(nlp) -> None:
    doc = run(nlp, "The ministers arrived in Baku on 12 March 2024. President Ilham Aliyev met President "
                   "Kassym-Jomart Tokayev; the memorandum, which was drafted on 12 March 2024, was discussed. "
                   "They left on 13 March 2024.")
    first, second, third = DATES.spans(doc)
    assert info_of(first) is info_of(second) and info_of(third) is not info_of(first)
    [meeting] = [e for e in doc._.events if e.event_type == "meeting"]
    # dated by the first sentence (its own date is in a side clause): not its own date,
    # although that date's value is the very object its sentence's date holds
    assert meeting.date is info_of(first).date and meeting.own_date is False


def test_the_narrative_history_keeps_only_what_is_read() -> None:
    history = []
    for day in range(1, 10):
        update_history(history, Resolved(Parts(2024, 3, day), None, "day", "explicit"))
    assert [a.start.day for a in history] == list(range(10 - LOOKBACK, 10))


def test_covered_tokens_as_bytes_answer_like_a_set(nlp) -> None:
    doc = run(nlp, "President Ilham Aliyev met Kassym-Jomart Tokayev in Astana on 12 March 2024.")
    spans = list(ENTITIES.spans(doc)) + list(DATES.spans(doc))
    expected = {i for s in spans for i in range(s.start, s.end)}
    tokens = covered(doc, ENTITIES, DATES)
    assert expected and all((i in tokens) == (i in expected) for i in range(-2, len(doc) + 2))
    assert "1" not in tokens and TokenSet.union(3, [b"\x01\x00\x00", b"\x00\x00\x01"])._mask == b"\x01\x00\x01"


def test_token_offsets_are_an_array_of_the_token_starts(nlp) -> None:
    doc = run(nlp, TRICKY)
    assert list(token_starts(doc)) == [t.idx for t in doc]


def old_merge(mentions: list[Mention]) -> list[Mention]:
    """``merge_partial_names`` as it compared every pair of names."""
    generic = [m for m in mentions if m.kind == "organization" and m.rule != "gazetteer"]
    for short in generic:
        words = normalize_name(short.name).split()
        for long in generic:
            long_words = normalize_name(long.name).split()
            if len(long_words) > len(words) >= 2 and long_words[-len(words):] == words:
                short.key, short.name, short.country = long.key, long.name, long.country
                break
    return mentions


def test_partial_names_merge_as_by_comparing_every_pair() -> None:
    words = ["Supreme", "Interstate", "Council", "Caspian", "Forum", "Joint"]
    # the first takes the second's key, the second then the fourth's; the third ends the first's new name,
    # which comes first in the list, so it takes the key the first took (not the second's new one)
    chained = ["Interstate Council", "Caspian Supreme Interstate Council", "Supreme Interstate Council",
               "Joint Caspian Supreme Interstate Council"]
    for seed in range(300):
        rng = random.Random(seed)
        names = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 12))]
        names = chained if seed == 0 else names
        rules = [rng.choice(["org-generic", "org-generic", "gazetteer"]) for _ in names]
        rules = ["org-generic"] * 4 if seed == 0 else rules

        def mentions():
            return [Mention(i, i + 1, f"k{i}", "organization", rule, name, f"c{i}")
                    for i, (name, rule) in enumerate(zip(names, rules))]
        merged = [(m.key, m.name, m.country) for m in merge_partial_names(mentions())]
        assert merged == [(m.key, m.name, m.country) for m in old_merge(mentions())], names
        if seed == 0:
            assert [key for key, _, _ in merged] == ["k1", "k3", "k1", "k3"]


def test_person_index_answers_like_a_scan_of_the_persons_so_far() -> None:
    rng = random.Random(7)
    found: list[Mention] = []
    index = PersonIndex()
    for i in range(300):
        name = rng.choice(["Ilham Aliyev", "Aliyev", "Heydar Aliyev", "Serdar Berdimuhamedov", "Sadyr Japarov"])
        start = rng.randint(0, 400)
        mention = Mention(start, start + 2, f"k{i}", rng.choice(["person", "person", "country"]), "r", name,
                          rng.choice([None, "azerbaijan", "kyrgyzstan"]))
        found.append(mention)
        index.add(mention)
        for surname_ in ("Aliyev", "Japarov"):
            expected = sorted((m for m in found if m.kind == "person" and m.name.endswith(surname_)
                               and len(m.name.split()) > 1 and surname(m.name) == surname_), key=lambda m: m.start)
            assert index.full_names_of(surname_) == expected
        lo, hi = sorted(rng.sample(range(400), 2))
        earlier = [m for m in found if m.kind == "person" and lo <= m.start < hi and m.country]
        assert index.last_with_country(lo, hi) is (earlier[-1] if earlier else None)


def test_leaders_before_a_token_as_by_scanning_every_mention() -> None:
    rng = random.Random(3)
    heads = sorted((rng.randint(0, 200), rng.choice(["aliyev", "tokayev", "", "putin"])) for _ in range(60))
    index = DocIndex(TokenSet(b""), TokenSet(b""), [], [], {}, heads, TokenSet(b""))
    for start in range(0, 210, 7):
        expected = list(dict.fromkeys(key for token, key in reversed(heads) if token < start and key))
        assert index.leaders_before(start) == expected
