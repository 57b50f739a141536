"""``caspianie inspect`` and ``caspianie show``: filters, sorting, formats, the review
page's marks and escaping, through the library and click's CliRunner."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from caspianie.cli.main import main
from caspianie.review.html import Span, render_spans
from caspianie.review.inspection import Filters, date_span, parse_bound, select
from caspianie.contract.refcheck import load_documents
from caspianie.review.show import build_view, locate_names
from conftest import inject_false_positive

ROOT = Path(__file__).resolve().parents[1]

EVIL_TEXT = (
    "BAKU, 12 March 2024 \u2014 Ilham Aliyev visited Astana on Tuesday.\n\n"
    "<script>window.__pwned = 1</script> and <img src=x onerror=\"window.__pwned = 2\"> were quoted.\n\n"
    "Kazakhstan and Azerbaijan signed a memorandum in 2023.\n"
)


def _span(text: str, needle: str) -> dict[str, Any]:
    start = text.index(needle)
    return {"text": needle, "start": start, "end": start + len(needle)}


def evil_records(doc_id: str = "evil") -> list[dict[str, Any]]:
    """Records of EVIL_TEXT whose values also carry markup that must render as text."""
    text = EVIL_TEXT
    sentence_1 = _span(text, "Ilham Aliyev visited Astana on Tuesday.")
    sentence_3 = _span(text, "Kazakhstan and Azerbaijan signed a memorandum in 2023.")
    return [
        {"type": "document", "doc_id": doc_id, "source": f"{doc_id}.txt",
         "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
         "reference_date": {"text": "12 March 2024", "value": "2024-03-12", "granularity": "day"},
         "title": "<script>window.__pwned = 3</script>", "n_chars": len(text), "n_sentences": 3,
         "pipeline": {"name": "caspianie", "version": "0"}},
        {"type": "actor", "doc_id": doc_id, "key": "ilham-aliyev", "name": "Ilham Aliyev", "kind": "person",
         "country": "azerbaijan", "mentions": [_span(text, "Ilham Aliyev")]},
        {"type": "actor", "doc_id": doc_id, "key": "kazakhstan", "name": "<img src=y onerror=\"window.__pwned = 4\">",
         "kind": "country", "mentions": [_span(text, "Kazakhstan")]},
        {"type": "actor", "doc_id": doc_id, "key": "azerbaijan", "name": "Azerbaijan", "kind": "country",
         "mentions": [_span(text, "Azerbaijan")]},
        {"type": "event", "doc_id": doc_id, "id": "e1", "event_type": "visit", "trigger": "visited",
         "date": {"text": "on Tuesday", "value": "2024-03-12", "granularity": "day"},
         "location": "<script>window.__pwned = 5</script>", "participants": ["ilham-aliyev", "kazakhstan"],
         "evidence": sentence_1},
        {"type": "event", "doc_id": doc_id, "id": "e2", "event_type": "signing", "trigger": "signed",
         "date": {"text": "in 2023", "value": "2023", "granularity": "year"},
         "participants": ["kazakhstan", "azerbaijan"], "evidence": sentence_3},
        {"type": "event", "doc_id": doc_id, "id": "e3", "event_type": "meeting", "trigger": "quoted",
         "participants": ["azerbaijan"]},
    ]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture()
def evil(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus directory with the injected article and a records file for it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(EVIL_TEXT, encoding="utf-8")
    return corpus, write_jsonl(tmp_path / "evil.jsonl", evil_records())


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


# --- dates and filters -------------------------------------------------------------------


def test_partial_dates_cover_their_span() -> None:
    assert date_span("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_span("2024-03-12") == (date(2024, 3, 12), date(2024, 3, 12))
    assert date_span("1998-09-07/1998-09-08") == (date(1998, 9, 7), date(1998, 9, 8))
    assert date_span("2024/2026") == (date(2024, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize("bad", ["2024-13", "24", "2024-3", "March 2024", "2024/2025/2026"])
def test_bad_bounds_name_the_option(bad: str) -> None:
    with pytest.raises(Exception, match=r"^--since: ") as info:
        parse_bound("--since", bad)
    assert type(info.value).__name__ == "InspectError"


def test_since_and_until_compare_spans(evil: tuple[Path, Path]) -> None:
    docs = load_documents(evil[1])
    # 2023 (a year) overlaps --since 2023-06; 2024-03-12 does too.
    ids = [r.id for r in select(docs, Filters(types=["event"], since=parse_bound("--since", "2023-06")))]
    assert ids == ["e2", "e1"]
    ids = [r.id for r in select(docs, Filters(until=parse_bound("--until", "2024-03")))]
    assert ids == ["e2", "e1"]
    assert select(docs, Filters(since=parse_bound("--since", "2024-03-13"))) == []


def test_filters_combine(evil: tuple[Path, Path]) -> None:
    docs = load_documents(evil[1])
    involving = select(docs, Filters(actors=["kazakhstan"]))
    assert [(r.type, getattr(r, "key", None) or r.id) for r in involving] == [
        ("actor", "kazakhstan"), ("event", "e2"), ("event", "e1")]
    assert [r.id for r in select(docs, Filters(actors=["kazakhstan"], event_types=["visit"]))] == ["e1"]
    assert [r.id for r in select(docs, Filters(search="MEMORANDUM"))] == ["e2"]
    assert select(docs, Filters(docs=["other"])) == []


def test_events_sorted_by_date_undated_last(evil: tuple[Path, Path]) -> None:
    docs = load_documents(evil[1])
    assert [r.id for r in select(docs, Filters(types=["event"]))] == ["e2", "e1", "e3"]


# --- inspect through the CLI -------------------------------------------------------------


def test_summary_on_bundled_outputs() -> None:
    result = run("inspect", str(ROOT / "outputs"))
    assert result.exit_code == 0, result.output
    docs = load_documents(ROOT / "outputs")
    assert f"documents: {len(docs)}" in result.output
    n_events = sum(r.type == "event" for records in docs.values() for r in records)
    event_line = next(line for line in result.output.splitlines() if line.startswith("event "))
    assert event_line.split() == ["event", str(n_events)]
    total = next(line for line in result.output.splitlines() if line.startswith("total"))
    assert total.split()[-1] == str(n_events)
    assert "most frequent actors" in result.output and "kazakhstan" in result.output


def test_table_jsonl_and_csv(evil: tuple[Path, Path]) -> None:
    records = str(evil[1])
    table = run("inspect", records, "--type", "event")
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split()[:5] == ["doc_id", "type", "key", "name", "kind"]
    assert [line.split()[2] for line in lines[1:4]] == ["e2", "e1", "e3"]
    assert lines[-1] == "3 records"
    one = run("inspect", records, "--type", "event", "--event-type", "visit")
    assert one.output.splitlines()[-1] == "1 record"

    jsonl = run("inspect", records, "--actor", "azerbaijan", "--jsonl")
    rows = [json.loads(line) for line in jsonl.output.splitlines()]
    assert [(r["type"], r.get("key") or r.get("id")) for r in rows] == [
        ("actor", "azerbaijan"), ("event", "e2"), ("event", "e3")]
    assert rows[1]["evidence"]["text"].startswith("Kazakhstan and Azerbaijan")

    out = run("inspect", records, "--event-type", "visit", "--csv")
    parsed = list(csv.DictReader(io.StringIO(out.output)))
    assert parsed == [{"doc_id": "evil", "type": "event", "key": "e1", "name": "visited", "kind": "visit",
                       "date": "2024-03-12", "place": "<script>window.__pwned = 5</script>",
                       "actors": "ilham-aliyev kazakhstan"}]


def test_inspect_errors_are_one_line_exit_2(tmp_path: Path, evil: tuple[Path, Path]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "actor", "doc_id": "d"}\n', encoding="utf-8")
    result = run("inspect", str(bad))
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {bad}:1: ") and "Traceback" not in result.output
    result = run("inspect", str(evil[1]), "--until", "2024-02-30")
    assert result.exit_code == 2 and result.output.startswith("error: --until: '2024-02-30'")
    assert run("inspect", str(evil[1]), "--csv", "--jsonl").exit_code == 2


# --- the review page -----------------------------------------------------------------------


def test_render_spans_nests_and_splits_crossing_spans() -> None:
    text = "a <b> c d"
    spans = [Span(0, 5, "i", {"class": "x"}, anchor="first"), Span(2, 7, "u", {"title": "<t>"})]
    assert render_spans(text, spans) == (
        '<i id="first" class="x">a <u title="&lt;t&gt;">&lt;b&gt;</u></i><u title="&lt;t&gt;"> c</u> d')


def test_show_escapes_text_and_values(evil: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, records = evil
    out = tmp_path / "page.html"
    result = run("show", "evil", "--records", str(records), "--corpus", str(corpus), "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>window" not in html and "<img src" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;img src=y onerror=&quot;window.__pwned = 4&quot;&gt;" in html
    assert html.count("<script") == 1  # the page's own script only
    assert 'data-key="ilham-aliyev"' in html and 'id="s-' in html and 'href="#s-' in html


def test_show_error_view_marks_statuses(tmp_path: Path) -> None:
    out = tmp_path / "doc.html"
    doc_id = "kz-az-state-visit-baku-2024"
    records = tmp_path / "records.jsonl"
    lines = (ROOT / "outputs" / f"{doc_id}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    # drop an actor no other record names (a false negative; the file stays valid) and add an
    # actor gold lacks (a false positive), so every status shows whatever the extractor gets
    # right today
    kept = [line for line in lines if '"key": "ilkin-aliyev"' not in line]
    assert len(kept) == len(lines) - 1
    records.write_text("".join(kept), encoding="utf-8")
    inject_false_positive(records, (ROOT / "corpus" / f"{doc_id}.txt").read_text(encoding="utf-8"), doc_id)
    result = run("show", doc_id, "--corpus", str(ROOT / "corpus"), "--records", str(records),
                 "--gold", str(ROOT / "corpus" / "gold"), "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert 'id="figures"' in html
    for status in ("tp", "fp", "fn"):
        assert f'data-status="{status}"' in html


def test_view_statuses_follow_the_evaluator() -> None:
    doc_id = "kz-az-state-visit-baku-2024"
    pred = load_documents(ROOT / "outputs")[doc_id]
    gold = load_documents(ROOT / "corpus" / "gold")[doc_id]
    text = (ROOT / "corpus" / f"{doc_id}.txt").read_text(encoding="utf-8")
    view = build_view(doc_id, pred, text, gold)
    figures = view.figures
    for record_type, name in (("actor", "actors"), ("event", "events"), ("agreement", "agreements")):
        rows = [row for row in view.rows if row.record.type == record_type]
        assert sum(r.status == "tp" for r in rows) == figures[f"{name}_tp"]
        assert sum(r.status == "fp" for r in rows) == figures[f"{name}_fp"]
        assert sum(r.status == "fn" for r in rows) == figures[f"{name}_fn"]
    assert view.warnings == []


def test_gold_without_mentions_is_located_by_name() -> None:
    from caspianie.contract.records import ActorRecord

    actor = ActorRecord(doc_id="d", key="socar", name="SOCAR", kind="organization", aliases=["SOCAR's"])
    assert locate_names("SOCAR and SOCARs; SOCAR.", actor) == [(0, 5), (18, 23)]


def test_show_unknown_doc_is_an_error(evil: tuple[Path, Path]) -> None:
    result = run("show", "nope", "--records", str(evil[1]))
    assert result.exit_code == 2
    assert result.output.startswith("error: nope: no records for this doc_id (known: evil)")
