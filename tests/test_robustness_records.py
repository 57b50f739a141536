"""Record files read by evaluate/inspect/show/report: every bad file is ``file:line: reason``, exit 2 (issue 6, item 3)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from caspianie.cli.main import main
from caspianie.errors import RecordFileError
from caspianie.contract.refcheck import load_documents
from caspianie.contract.refcheck import check_documents, document_problems

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Ilham Aliyev visited Astana. Kazakhstan and Azerbaijan signed a memorandum on the Middle Corridor."


def span(text: str) -> dict[str, Any]:
    start = TEXT.index(text)
    return {"text": text, "start": start, "end": start + len(text)}


def records() -> list[dict[str, Any]]:
    """A sound document: every reference resolves, every span indexes TEXT."""
    return [
        {"type": "document", "doc_id": "d", "source": "d.txt", "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
         "n_chars": len(TEXT), "n_sentences": 2, "pipeline": {"name": "caspianie", "version": "0"}},
        {"type": "actor", "doc_id": "d", "key": "ilham-aliyev", "name": "Ilham Aliyev", "kind": "person",
         "country": "azerbaijan", "mentions": [span("Ilham Aliyev")]},
        {"type": "actor", "doc_id": "d", "key": "kazakhstan", "name": "Kazakhstan", "kind": "country",
         "mentions": [span("Kazakhstan")]},
        {"type": "actor", "doc_id": "d", "key": "azerbaijan", "name": "Azerbaijan", "kind": "country",
         "mentions": [span("Azerbaijan")]},
        {"type": "project", "doc_id": "d", "key": "middle-corridor", "name": "Middle Corridor",
         "kind": "transport_corridor", "countries": ["kazakhstan"], "mentions": [span("Middle Corridor")]},
        {"type": "agreement", "doc_id": "d", "key": "memorandum-middle-corridor", "name": "memorandum",
         "kind": "memorandum", "parties": ["kazakhstan", "azerbaijan"], "mentions": [span("memorandum")]},
        {"type": "event", "doc_id": "d", "id": "e1", "event_type": "signing", "trigger": "signed",
         "participants": ["kazakhstan", "azerbaijan"], "agreements": ["memorandum-middle-corridor"],
         "projects": ["middle-corridor"], "evidence": span("Kazakhstan and Azerbaijan signed")},
    ]


def write(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def edited(index: int, **changes: Any) -> list[dict[str, Any]]:
    rows = records()
    rows[index] = {**rows[index], **changes}
    return rows


# (records, line at fault, words the reason must hold)
BAD_FILES = {
    "malformed_json": ([json.dumps(records()[0]), '{"type": "actor", "doc_id": '], 2, "invalid JSON"),
    "not_an_object": ([json.dumps(records()[0]), "[1, 2]"], 2, "must be a JSON object"),
    "unknown_type": (edited(1, type="person"), 2, "type"),
    "missing_type": ([{k: v for k, v in records()[1].items() if k != "type"}], 1, "missing field 'type'"),
    "invalid_key": (edited(1, key="Ilham Aliyev"), 2, "actor.key"),
    "dangling_participant": (edited(6, participants=["kazakhstan", "georgia"]), 7, "'georgia' in 'participants'"),
    "dangling_party": (edited(5, parties=["turkmenistan"]), 6, "'turkmenistan' in 'parties'"),
    "dangling_agreement": (edited(6, agreements=["shusha-declaration"]), 7, "no agreement record"),
    "dangling_project": (edited(6, projects=["btc-pipeline"]), 7, "no project record"),
    "duplicate_key": (records() + [records()[2]], 8, "duplicate actor key 'kazakhstan'"),
    "offset_outside_text": (edited(2, mentions=[{"text": "Kazakhstan", "start": 500, "end": 510}]), 3,
                            "outside the document's"),
    "span_length_mismatch": (edited(2, mentions=[{"text": "Kazakhstan", "start": 29, "end": 35}]), 3,
                             "that span has 6 characters"),
    "two_document_records": (records() + [records()[0]], 8, "2 document records"),
    # issue 13: values that have the ISO shape but name no day, ranges that run backwards,
    # and a member named twice (JSON readers keep the last one silently)
    "month_13_day_45": (edited(6, date={"text": "x", "value": "2024-13-45", "granularity": "day"}), 7,
                        "event.date.value: '2024-13-45' is not a calendar date"),
    "february_30": (edited(5, date={"text": "x", "value": "2024-02-30", "granularity": "day"}), 6,
                    "agreement.date.value: '2024-02-30' is not a calendar date"),
    "inverted_range": (edited(6, date={"text": "x", "value": "2024-05-10/2024-03-01", "granularity": "day"}), 7,
                       "the range '2024-05-10/2024-03-01' ends before it starts"),
    "bad_reference_date": (edited(0, reference_date={"text": "x", "value": "2023-02-29", "granularity": "day"}), 1,
                           "document.reference_date.value: '2023-02-29' is not a calendar date"),
    "duplicate_member": ([json.dumps(records()[0]), json.dumps(records()[1])[:-1] + ', "key": "kazakhstan"}'], 2,
                         "member 'key' appears twice in one object"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_record_file_is_file_line_reason(case: str, tmp_path: Path) -> None:
    rows, line, words = BAD_FILES[case]
    path = write(tmp_path / "bad.jsonl", rows)
    with pytest.raises(RecordFileError) as info:
        load_documents(path)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert words in str(info.value)
    assert (info.value.path, info.value.line) == (str(path), line)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["evaluate", "inspect"])
def test_bad_record_file_exits_2_without_traceback(case: str, command: str, tmp_path: Path) -> None:
    rows, line, _words = BAD_FILES[case]
    bad = write(tmp_path / "bad.jsonl", rows)
    good = write(tmp_path / "good.jsonl", records())
    args = ["evaluate", "--gold", str(good), "--pred", str(bad)] if command == "evaluate" else ["inspect", str(bad)]
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}:{line}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_non_utf8_record_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(records()[1]).replace("Ilham", "\u00cflham").encode("latin-1") + b"\n")
    result = run("inspect", str(path))
    assert result.exit_code == 2
    assert f"error: {path}: not UTF-8 text" in result.stderr


def test_record_file_with_utf8_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\n" for r in records()).encode("utf-8"))
    assert [r.type for r in load_documents(path)["d"]][:2] == ["document", "actor"]


def test_sound_document_has_no_problem() -> None:
    from caspianie.contract.records import parse_record

    parsed = [parse_record(r) for r in records()]
    assert document_problems(parsed, TEXT, strict=True) == []


def test_strict_requires_country_keys_to_be_actors() -> None:
    from caspianie.contract.records import parse_record

    parsed = [parse_record(r) for r in edited(1, country="turkey")]
    assert document_problems(parsed) == []
    [(index, reason)] = document_problems(parsed, strict=True)
    assert index == 1 and "'turkey' in 'country'" in reason


def test_mention_text_is_checked_against_the_text_when_given(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", edited(2, mentions=[{"text": "Kazakhstan", "start": 0, "end": 10}]))
    assert load_documents(path)  # lengths agree: only the text can tell
    with pytest.raises(RecordFileError, match=r"d\.jsonl:3: .*the text there is 'Ilham Aliy'"):
        load_documents(path, text_of={"d": TEXT}.get)
    with pytest.raises(RecordFileError, match=r"d\.jsonl:1: .*n_chars 98, but its text has 4 characters"):
        load_documents(path, text_of={"d": "abcd"}.get)


def test_check_documents_reports_every_problem_of_grouped_records() -> None:
    from caspianie.contract.records import parse_record

    parsed = [parse_record(r) for r in edited(6, participants=["georgia"], projects=["btc"])]
    problems = check_documents({"d": parsed})
    assert len(problems) == 2 and all(p.startswith("d: event 'e1'") for p in problems)


# Gold follows the stricter annotation convention (an actor's country is an actor of the
# document); the extractor gives a person's or company's country from real-world knowledge
# ("BP" -> united-kingdom) even when the article never names it, which the contract allows.
@pytest.mark.parametrize(("path", "strict"), [("corpus/gold", True), ("outputs", False)])
def test_bundled_records_pass_the_document_checks(path: str, strict: bool) -> None:
    def text_of(doc_id: str) -> str | None:
        article = ROOT / "corpus" / f"{doc_id}.txt"
        return article.read_text(encoding="utf-8") if article.exists() else None

    documents = load_documents(ROOT / path, text_of=text_of, strict=strict)
    assert len(documents) == len(list((ROOT / "corpus").glob("*.txt")))
