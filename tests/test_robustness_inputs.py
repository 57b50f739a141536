"""Dirty article inputs: each gets a clear error or is processed correctly, and nothing is lost (issue 6, item 1)."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from caspianie.batch.extract import ERRORS_FILE, extract_paths, extract_text
from caspianie.batch.reading import Article, ArticleError, iter_articles
from caspianie.pipeline.sentences import MAX_SENTENCE_TOKENS

SHORT = "BAKU, 12 March 2024 — Kazakh President Kassym-Jomart Tokayev met Ilham Aliyev in Baku on Tuesday."


def read_all(path: Path, **options: str) -> list[Article | ArticleError]:
    return list(iter_articles([path], **options))


def run(nlp, tmp_path: Path, files: dict[str, bytes]) -> tuple[dict[str, list[dict]], list[dict]]:
    """Extract ``files`` (name -> bytes) into tmp_path/out; (records by output file, errors.jsonl rows)."""
    src = tmp_path / "in"
    src.mkdir()
    for name, data in files.items():
        (src / name).write_bytes(data)
    out = tmp_path / "out"
    extract_paths(nlp, [src], out)
    outputs = {p.name: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
               for p in sorted(out.glob("*.jsonl")) if p.name != ERRORS_FILE}
    errors_path = out / ERRORS_FILE
    errors = [json.loads(line) for line in errors_path.read_text(encoding="utf-8").splitlines()] if errors_path.exists() else []
    return outputs, errors


def assert_spans_index(text: str, records) -> None:
    """Every mention and evidence span of ``records`` indexes ``text`` as read."""
    for record in records:
        for mention in list(getattr(record, "mentions", []) or []) + [getattr(record, "evidence", None)]:
            if mention is not None:
                assert text[mention.start:mention.end] == mention.text


# --- empty, binary, encodings ------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n"])
def test_empty_or_whitespace_file_gives_only_a_document_record(nlp, tmp_path: Path, content: bytes) -> None:
    outputs, errors = run(nlp, tmp_path, {"blank.txt": content, "good.txt": SHORT.encode()})
    assert errors == []
    [document] = outputs["blank.jsonl"]
    assert (document["type"], document["n_chars"], document["title"]) == ("document", len(content.decode()), None)
    assert len(outputs["good.jsonl"]) > 1


def test_binary_file_is_skipped_with_an_error_and_the_run_goes_on(nlp, tmp_path: Path) -> None:
    outputs, errors = run(nlp, tmp_path, {"image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "good.txt": SHORT.encode()})
    assert sorted(outputs) == ["good.jsonl"]
    [error] = errors
    assert error["doc_id"] == "image" and error["stage"] == "read"
    assert "looks like a binary file (NUL byte at byte offset 8)" in error["message"]


def test_utf16_without_bom_says_which_encoding_to_pass(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(SHORT.encode("utf-16-le"))
    [error] = read_all(path)
    assert error.message.startswith(f"{path}: looks like UTF-16 text without a byte-order mark")
    assert "Pass --encoding utf-16-le" in error.message
    [article] = read_all(path, encoding="utf-16-le")
    assert article.text == SHORT


def test_invalid_utf8_names_file_and_offset_and_the_run_goes_on(nlp, tmp_path: Path) -> None:
    outputs, errors = run(nlp, tmp_path, {"bad.txt": b"Baku \xff\xfe Astana", "good.txt": SHORT.encode()})
    assert sorted(outputs) == ["good.jsonl"]
    [error] = errors
    assert error["stage"] == "decode"
    assert error["message"].startswith(str(tmp_path / "in" / "bad.txt") + ": not UTF-8 text")
    assert "byte offset 5" in error["message"] and "--errors replace" in error["message"]
    [article] = read_all(tmp_path / "in" / "bad.txt", errors="replace")
    assert article.text == "Baku \ufffd\ufffd Astana"


@pytest.mark.parametrize("encoding, bom", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                           ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_bom_files_are_decoded_and_offsets_index_the_text_without_the_bom(nlp, tmp_path: Path, encoding: str,
                                                                          bom: bytes) -> None:
    outputs, errors = run(nlp, tmp_path, {"bom.txt": bom + SHORT.encode(encoding)})
    assert errors == []
    records = outputs["bom.jsonl"]
    assert records[0]["n_chars"] == len(SHORT)
    assert {r["key"] for r in records if r["type"] == "actor"} >= {"kassym-jomart-tokayev", "ilham-aliyev"}
    for record in records:
        for mention in record.get("mentions", []):
            assert SHORT[mention["start"]:mention["end"]] == mention["text"]


# --- line endings ------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_keep_offsets_and_records(nlp, newline: str) -> None:
    lines = ["BAKU, 12 March 2024 —", "Kazakh President Kassym-Jomart Tokayev paid a state visit to Baku on 11 March 2024.",
             "He met Ilham Aliyev."]
    text = newline.join(lines)
    records = extract_text(nlp, text, reference=None)
    assert_spans_index(text, records)
    assert [r.event_type for r in records if r.type == "event"] == ["visit", "meeting"]
    assert records[0].n_sentences == 3


def test_jsonl_with_old_mac_line_ends_is_read_line_by_line(tmp_path: Path) -> None:
    rows = [json.dumps({"id": f"a{i}", "text": f"Text {i}.\r\nSecond line."}) for i in range(3)]
    path = tmp_path / "mac.jsonl"
    path.write_bytes("\r".join(rows).encode() + b"\r" + b"{broken\r")
    items = read_all(path)
    assert [(type(i).__name__, i.line) for i in items] == [("Article", 1), ("Article", 2), ("Article", 3),
                                                          ("ArticleError", 4)]
    assert items[0].text == "Text 0.\r\nSecond line."


# --- size ---------------------------------------------------------------------------------


def test_one_megabyte_single_line_is_read_whole(tmp_path: Path) -> None:
    text = ("Tokayev met Aliyev in Baku and they discussed the Middle Corridor " * 16_000)[:1_048_576]
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    [article] = read_all(path)
    assert article.text == text and "\n" not in article.text


def test_run_on_text_is_cut_into_bounded_sentences(nlp) -> None:
    """A 1 MB line without punctuation still gets sentences of at most MAX_SENTENCE_TOKENS tokens,
    so per-sentence work stays linear in the length of the document."""
    text = ("Tokayev met Aliyev in Baku, and they discussed the Middle Corridor and " * 15_000)[:1_048_576]
    doc = nlp.tokenizer(text)
    for name in ("caspianie_metadata", "caspianie_sentences"):
        doc = nlp.get_pipe(name)(doc)
    lengths = [len(sent) for sent in doc.sents]
    assert max(lengths) <= MAX_SENTENCE_TOKENS and sum(lengths) == len(doc)
    cuts = [sent.start for sent in doc.sents][1:]
    assert all(doc[i - 1].text == "," for i in cuts)  # cut after a comma when the run has one


def test_long_single_line_extracts_with_valid_offsets(nlp) -> None:
    text = ("Kazakh President Kassym-Jomart Tokayev met Ilham Aliyev in Baku on 12 March 2024 and they "
            "signed a memorandum on the Middle Corridor, " * 800)
    records = extract_text(nlp, text)
    assert_spans_index(text, records)
    assert {r.key for r in records if r.type == "actor"} >= {"kassym-jomart-tokayev", "ilham-aliyev"}


# --- other scripts ------------------------------------------------------------------------


def actor_keys(nlp, text: str) -> set[str]:
    records = extract_text(nlp, text)
    assert_spans_index(text, records)
    return {r.key for r in records if r.type == "actor"}


def test_cyrillic_text_gives_no_garbage_actors(nlp) -> None:
    text = ("БАКУ, 12 марта 2024 — Президент Азербайджана Ильхам Алиев и Президент Казахстана Касым-Жомарт "
            "Токаев подписали Декларацию о стратегическом партнерстве. Министерство иностранных дел.")
    assert actor_keys(nlp, text) == set()


def test_azerbaijani_latin_text_gives_only_real_actors(nlp) -> None:
    text = ("Prezident İlham Əliyev Bakıda Qazaxıstan Prezidenti Kasım-Jomart Tokayev ilə görüşüb. "
            "Tərəflər Şərq-Qərb Orta Dəhlizi üzrə Anlaşma Memorandumu imzalayıblar. Xəzər dənizi. Nazirlər Kabineti.")
    assert actor_keys(nlp, text) == {"ilham-aliyev", "kassym-jomart-tokayev"}


def test_mixed_scripts_do_not_break_offsets(nlp) -> None:
    text = "Ο Πρόεδρος Αλίγιεφ. 中国 国家主席 习近平 访问 阿斯塔纳。 الرئيس الإيراني. Ilham Aliyev visited Astana. 🇦🇿🇰🇿"
    assert actor_keys(nlp, text) == {"ilham-aliyev"}


# --- JSONL article files ------------------------------------------------------------------


def test_jsonl_bad_lines_are_file_line_errors_and_good_lines_are_processed(nlp, tmp_path: Path) -> None:
    lines = [json.dumps({"id": "first", "text": SHORT}), "{not json", json.dumps({"id": "notext"}),
             json.dumps({"id": "first", "text": "Again."}), "[1, 2]", json.dumps({"id": "last", "text": SHORT})]
    outputs, errors = run(nlp, tmp_path, {"articles.jsonl": "\n".join(lines).encode() + b"\n"})
    assert sorted(outputs) == ["first.jsonl", "last.jsonl"]
    assert [e["line"] for e in errors] == [2, 3, 4, 5]
    source = str(tmp_path / "in" / "articles.jsonl")
    assert [e["message"].split(": ", 1)[0] for e in errors] == [f"{source}:{n}" for n in (2, 3, 4, 5)]
    assert "duplicate article id 'first', first seen at " + f"{source}:1" in errors[2]["message"]
    assert "'text' of 'notext' is missing" in errors[1]["message"]
