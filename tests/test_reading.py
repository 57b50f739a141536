"""Article input: .txt, JSONL and directories; bad articles become errors, bad paths raise."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from caspianie.errors import CaspianieError
from caspianie.batch.reading import Article, ArticleError, iter_articles

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def test_txt_keeps_crlf_and_drops_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "baku-note.txt"
    path.write_bytes(codecs.BOM_UTF8 + "BAKU, 4 April 2024\r\n\r\nText.\r\n".encode("utf-8"))
    (article,) = list(iter_articles([path]))
    assert article == Article(
        doc_id="baku-note", text="BAKU, 4 April 2024\r\n\r\nText.\r\n", source=str(path), date=None
    )


def test_utf16_with_bom_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes("Баку\r\nТекст".encode("utf-16"))  # Python writes a BOM
    (article,) = list(iter_articles([path]))
    assert article.text == "Баку\r\nТекст"


def test_invalid_utf8_names_file_and_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Baku \xff Astana")
    (error,) = list(iter_articles([path]))
    assert error == ArticleError(
        doc_id="bad",
        source=str(path),
        line=None,
        stage="decode",
        message=(
            f"{path}: not UTF-8 text (invalid byte 0xff at byte offset 5; or pass --errors replace "
            "to keep going). Re-encode the file as UTF-8 or pass --encoding."
        ),
    )


def test_errors_replace_and_other_encodings(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Baku \xff Astana")
    cyr = tmp_path / "cyr.txt"
    cyr.write_bytes("Актау".encode("cp1251"))
    assert [a.text for a in iter_articles([bad], errors="replace")] == ["Baku \ufffd Astana"]
    assert [a.text for a in iter_articles([cyr], encoding="cp1251")] == ["Актау"]
    (error,) = list(iter_articles([bad], encoding="ascii"))
    assert error.message == (
        f"{bad}: cannot decode as ascii (invalid byte 0xff at byte offset 5). Pass --encoding "
        "with the file's encoding, or --errors replace to substitute U+FFFD."
    )


def test_nul_bytes_make_a_binary_file_error(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00")
    (error,) = list(iter_articles([path]))
    assert error.stage == "read"
    assert error.message == f"{path}: looks like a binary file (NUL byte at byte offset 4). Pass plain-text articles only."


def test_jsonl_articles_and_bad_lines_do_not_stop_the_run(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "articles.jsonl",
        [
            json.dumps({"id": "a1", "text": "Line one.\r\nLine two.", "date": "2024-03"}),
            "",
            "{not json",
            json.dumps({"text": "no id"}),
            json.dumps({"id": " ", "text": "empty id"}),
            json.dumps({"id": "a2", "text": 5}),
            json.dumps({"id": "a3", "text": "t", "date": "March 2024"}),
            json.dumps({"id": 7, "text": "numeric id"}),
        ],
    )
    items = list(iter_articles([path]))
    assert items[0] == Article("a1", "Line one.\r\nLine two.", str(path), "2024-03", line=1)
    assert [(i.line, i.doc_id, i.message) for i in items[1:6]] == [
        (3, None, f"{path}:3: invalid JSON (Expecting property name enclosed in double quotes). "
                  "Each line must be one JSON object."),
        (4, None, f"{path}:4: article line needs a non-empty string 'text' and an 'id'; 'id' is missing."),
        (5, None, f"{path}:5: article line needs a non-empty string 'text' and an 'id'; "
                  "'id' must be a non-empty string, got ' '."),
        (6, "a2", f"{path}:6: article line needs a non-empty string 'text' and an 'id'; 'text' of 'a2' is int 5."),
        (7, "a3", f"{path}:7: article line needs a non-empty string 'text' and an 'id'; "
                  "'date' 'March 2024' of 'a3' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or null."),
    ]
    assert all(isinstance(i, ArticleError) and i.stage == "parse" for i in items[1:6])
    assert items[6] == Article("7", "numeric id", str(path), None, line=8)


def test_undecodable_jsonl_line_reports_line_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    first = json.dumps({"id": "x", "text": "ok"}).encode() + b"\n"
    path.write_bytes(first + b'{"id": "y", "text": "\xff"}\n' + json.dumps({"id": "z", "text": "ok"}).encode())
    items = list(iter_articles([path]))
    assert [type(i).__name__ for i in items] == ["Article", "ArticleError", "Article"]
    assert items[1].message == (
        f"{path}:2: not UTF-8 text (invalid byte 0xff at byte offset {len(first) + 21}; or pass "
        "--errors replace to keep going). Re-encode the file as UTF-8 or pass --encoding."
    )


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [json.dumps({"id": "dup", "text": f"t{i}"}) for i in range(2)])
    txt = tmp_path / "sub" / "dup.txt"
    txt.parent.mkdir()
    txt.write_text("text", encoding="utf-8")
    items = list(iter_articles([path, txt]))
    assert isinstance(items[0], Article)
    assert items[1].message == (
        f"{path}:2: duplicate article id 'dup', first seen at {path}:1. "
        "Give every article a unique id (the file name of a .txt, 'id' in JSONL)."
    )
    assert items[2].message.startswith(f"{txt}: duplicate article id 'dup', first seen at {path}:1.")


def test_directory_is_recursive_sorted_and_skips_record_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    write_jsonl(tmp_path / "b" / "m.jsonl", [json.dumps({"id": "m", "text": "m"})])
    write_jsonl(tmp_path / "gold.jsonl", [json.dumps({"type": "actor", "doc_id": "a", "key": "x"})])
    assert [a.doc_id for a in iter_articles([tmp_path])] == ["a", "m", "z"]


def test_corpus_directory_yields_its_articles_sorted_and_skips_gold() -> None:
    items = list(iter_articles([CORPUS]))
    assert [a.doc_id for a in items] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert all(isinstance(a, Article) for a in items)  # corpus/gold/*.jsonl are record files, not articles
    by_id = {a.doc_id: a for a in items}
    assert by_id["kz-az-state-visit-baku-2024"].text.startswith("BAKU, 12 March 2024 \u2014 Kazakh President")


def test_usage_errors_raise_before_anything_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("x", encoding="utf-8")
    with pytest.raises(CaspianieError) as missing:
        list(iter_articles([good, tmp_path / "nope.txt"]))
    assert str(missing.value) == (
        f"{tmp_path / 'nope.txt'}: no such file or directory. "
        "Pass .txt articles, .jsonl article files or directories holding them."
    )
    other = tmp_path / "article.docx"
    other.write_bytes(b"x")
    with pytest.raises(CaspianieError, match=r"article\.docx: input must be a \.txt article"):
        next(iter_articles([other]))
    with pytest.raises(CaspianieError, match="unknown encoding 'klingon'"):
        next(iter_articles([good], encoding="klingon"))
    with pytest.raises(CaspianieError, match="unknown decoding error handler 'skip'"):
        next(iter_articles([good], errors="skip"))


def test_files_are_read_only_when_their_turn_comes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("a", encoding="utf-8")
    second.write_text("b", encoding="utf-8")
    stream = iter_articles([tmp_path])
    assert next(stream).doc_id == "a"
    second.unlink()  # not read yet: its loss is reported as that article's error
    (error,) = list(stream)
    assert (error.doc_id, error.stage) == ("b", "read")
    assert error.message == f"{second}: cannot read (No such file or directory). Check that the file exists and is readable."
