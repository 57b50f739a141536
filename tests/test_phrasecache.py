"""The phrase cache: a warm start makes the records of a cold one, bad files are rebuilt,
CASPIANIE_NO_CACHE turns it off, and the rulers hold what spaCy's own ``add_patterns`` makes."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
import spacy
from spacy.matcher import PhraseMatcher
from spacy.pipeline import SpanRuler

from caspianie.batch.extract import extract_text
from caspianie.contract.records import dump_record
from caspianie.pipeline import create_pipeline, phrasecache
from caspianie.knowledge.patternfiles import SpanPattern, expand_phrases, read_models
from caspianie.pipeline.fastmatch import AnchoredMatcher
from caspianie.pipeline.phrasecache import (
    CACHE_DIR_ENV,
    KEEP_FILES,
    NO_CACHE_ENV,
    cache_dir,
    decode,
    encode,
    phrase_keywords,
    prune,
    read_keywords,
    tokenize,
    write_keywords,
)
from caspianie.pipeline.sentences import customize_tokenizer

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ARTICLES = sorted(CORPUS.glob("*.txt"))
KEY = bytes(range(32))
# One file per phrase set: the entity ruler's names (ORTH), the event triggers and the
# factuality cues (LOWER); the title and agreement rulers have no phrase patterns.
PHRASE_SETS = 3


def records_of(nlp, paths=ARTICLES) -> list[str]:
    return [dump_record(r) for p in paths for r in extract_text(nlp, p.read_text(encoding="utf-8"), doc_id=p.stem)]


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("phrases-*.bin"))


def no_tokenizing(nlp, texts, attr="ORTH"):
    assert not texts, "a warm start must not tokenize phrases"
    return []


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(directory))
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    return directory


def test_a_warm_start_gives_the_records_of_a_cold_build_and_of_no_cache(cache, monkeypatch) -> None:
    cold = create_pipeline()
    assert len(cache_files(cache)) == PHRASE_SETS
    with monkeypatch.context() as patched:
        patched.setattr(phrasecache, "tokenize", no_tokenizing)
        warm = create_pipeline()
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    off = create_pipeline()
    expected = records_of(cold)
    assert len(expected) > 1000
    assert records_of(warm) == expected
    assert records_of(off) == expected


def test_a_corrupt_or_foreign_cache_file_is_ignored_and_rewritten(cache) -> None:
    nlp = create_pipeline()
    expected = records_of(nlp, ARTICLES[:6])
    files = cache_files(cache)
    whole = {path: path.read_bytes() for path in files}
    damaged = [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-9] + bytes([data[-9] ^ 0xFF]) + data[-8:],  # a flipped byte
        lambda data: b"not a cache file\n",  # something else
    ]
    for path, damage in zip(files, damaged):
        path.write_bytes(damage(whole[path]))
    rebuilt = create_pipeline()
    assert records_of(rebuilt, ARTICLES[:6]) == expected
    assert {path: path.read_bytes() for path in cache_files(cache)} == whole


def test_no_cache_env_reads_and_writes_nothing(cache, monkeypatch) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert cache_dir() is None
    nlp = create_pipeline()
    assert not cache.exists()
    text = "BAKU, 12 March 2024 — Ilham Aliyev and Kassym-Jomart Tokayev signed a treaty in Baku."
    names = [r.name for r in extract_text(nlp, text) if r.type == "actor"]
    assert names == ["Ilham Aliyev", "Kassym-Jomart Tokayev"]


@pytest.mark.parametrize("value, on", [("1", False), ("yes", False), ("0", True), ("", True)])
def test_no_cache_values(cache, monkeypatch, value, on) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, value)
    assert cache_dir() == (cache if on else None)


def test_the_default_location_follows_xdg_then_home(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "caspianie"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "caspianie"


@pytest.fixture(scope="module")
def warm_nlp(tmp_path_factory):
    """A pipeline built from a filled cache (so its phrase hashes come from the files)."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setenv(CACHE_DIR_ENV, str(tmp_path_factory.mktemp("cache")))
        patched.delenv(NO_CACHE_ENV, raising=False)
        create_pipeline()
        patched.setattr(phrasecache, "tokenize", no_tokenizing)
        return create_pipeline()


@pytest.fixture(scope="module")
def docs(warm_nlp):
    keep = {"caspianie_metadata", "caspianie_sentences"}
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES]
    return list(warm_nlp.pipe(texts, disable=[n for n in warm_nlp.pipe_names if n not in keep]))


@pytest.mark.parametrize("component", ["caspianie_entity_ruler", "caspianie_events"])
def test_a_ruler_holds_what_spacys_add_patterns_makes(warm_nlp, docs, component) -> None:
    ruler = warm_nlp.get_pipe(component).ruler
    reference = SpanRuler(warm_nlp, name="reference", spans_key="reference", spans_filter=None, overwrite=True,
                          phrase_matcher_attr=ruler.phrase_matcher_attr, validate=True)
    reference.matcher = AnchoredMatcher(warm_nlp.vocab)
    with warm_nlp.select_pipes(disable=warm_nlp.pipe_names):
        reference.add_patterns(ruler.patterns)
    assert reference._match_label_id_map == ruler._match_label_id_map
    assert len(ruler.patterns) > (10_000 if component == "caspianie_entity_ruler" else 500)
    found = 0
    for doc in docs:
        expected = sorted(reference.phrase_matcher(doc))
        assert sorted(ruler.phrase_matcher(doc)) == expected
        found += len(expected)
    assert found > 500


def test_cue_phrases_match_as_matchers_of_tokenized_phrases(warm_nlp, docs) -> None:
    reference = PhraseMatcher(warm_nlp.vocab, attr="LOWER")
    for entry in read_models("factuality.jsonl", SpanPattern):
        phrases = expand_phrases(entry.pattern)
        if phrases:
            reference.add(entry.id, [warm_nlp.make_doc(p) for p in phrases])
    cues = warm_nlp.get_pipe("caspianie_events").cue_phrases
    found = 0
    for doc in docs:
        expected = sorted(reference(doc))
        assert sorted(cues(doc)) == expected
        found += len(expected)
    assert found > 20


def test_keywords_are_the_token_hashes_the_matcher_computes(cache) -> None:
    nlp = spacy.blank("en")
    texts = ["Baku–Tbilisi–Ceyhan", "the U.S. Department", "Kassym-Jomart Tokayev", "Baku", "Baku"]
    for attr in ("ORTH", "LOWER"):
        matcher = PhraseMatcher(nlp.vocab, attr=attr)
        expected = [matcher._convert_to_array(nlp.make_doc(t)) for t in texts]
        assert phrase_keywords(nlp, texts, attr) == expected  # cold: tokenized and written
        assert phrase_keywords(nlp, texts, attr) == expected  # warm: read back
    assert len(cache_files(cache)) == 2


def test_the_key_ignores_order_but_not_the_tokenizer_or_attribute(cache) -> None:
    nlp = spacy.blank("en")
    texts = ["Baku- Tbilisi", "21–22 December", "Aktau"]
    forward = phrase_keywords(nlp, texts)
    assert phrase_keywords(nlp, texts[::-1]) == forward[::-1]
    assert len(cache_files(cache)) == 1
    phrase_keywords(nlp, texts, "LOWER")
    assert len(cache_files(cache)) == 2
    customize_tokenizer(nlp)
    split = phrase_keywords(nlp, texts)
    assert len(cache_files(cache)) == 3
    assert [len(k) for k in forward] == [2, 2, 1] and [len(k) for k in split] == [3, 4, 1]


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path, monkeypatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocked / "cache"))
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    nlp = spacy.blank("en")
    assert phrase_keywords(nlp, ["Baku port"]) == tokenize(nlp, ["Baku port"])


def test_decode_accepts_only_a_whole_file_for_its_key_and_count() -> None:
    keywords = [[1, 2, 3], [], [2**64 - 1]]
    data = encode(KEY, keywords)
    assert decode(data, KEY, 3) == keywords
    assert decode(data, bytes(32), 3) is None
    assert decode(data, KEY, 2) is None
    assert decode(data[:-1], KEY, 3) is None
    assert decode(data + b"\0" * 8, KEY, 3) is None
    assert decode(data[:-8] + (5).to_bytes(8, "little"), KEY, 3) is None
    assert decode(b"", KEY, 3) is None
    assert decode(encode(KEY, []), KEY, 0) == []


def test_writes_go_through_a_temporary_file_and_old_files_are_pruned(tmp_path) -> None:
    for number in range(KEEP_FILES + 3):
        path = tmp_path / f"phrases-{number:02d}.bin"
        write_keywords(path, KEY, [[number]])
        os.utime(path, (number, number))
    stale = tmp_path / ".phrases-00.bin.abc.tmp"
    stale.write_bytes(b"partial")
    os.utime(stale, (0, 0))
    prune(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"phrases-{n:02d}.bin" for n in range(3, KEEP_FILES + 3)]
    assert read_keywords(tmp_path / "phrases-05.bin", KEY, 1) == [[5]]


def _write_many(path: str, rounds: int) -> None:
    keywords = [[n, n + 1] for n in range(2000)]
    for _ in range(rounds):
        write_keywords(Path(path), KEY, keywords)


def test_concurrent_writers_never_expose_a_partial_file(tmp_path) -> None:
    path = tmp_path / "phrases-shared.bin"
    expected = [[n, n + 1] for n in range(2000)]
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_write_many, args=(str(path), 40)) for _ in range(3)]
    for writer in writers:
        writer.start()
    while any(w.is_alive() for w in writers):
        if path.exists():
            assert read_keywords(path, KEY, 2000) == expected
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert read_keywords(path, KEY, 2000) == expected
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
