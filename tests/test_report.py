"""``caspianie report``: the files of the site, the timeline's marks, the actor table."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from caspianie.cli.main import main
from caspianie.contract.refcheck import load_documents
from caspianie.review.report import actor_stats, page_name
from caspianie.review.timeline import timeline_svg

ROOT = Path(__file__).resolve().parents[1]


def dated_count(documents: dict) -> int:
    return sum(r.type == "event" and r.date is not None and r.date.value is not None
               for records in documents.values() for r in records)


def test_report_of_bundled_corpus(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # document records' sources are relative to the project
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", "outputs", "-o", str(out), "--gold", "corpus/gold"])
    assert result.exit_code == 0, result.output
    docs = load_documents(ROOT / "outputs")
    assert sorted(p.name for p in (out / "docs").iterdir()) == sorted(f"{d}.html" for d in docs)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="doc-row"') == len(docs)
    assert "Scores against gold" in index
    timeline = (out / "timeline.html").read_text(encoding="utf-8")
    assert timeline.count('class="tl-mark"') == dated_count(docs)
    for page in (out / "docs").iterdir():
        html = page.read_text(encoding="utf-8")
        assert "article text not found" not in html and "<mark" in html
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in html and "<link" not in html


def test_report_without_text_still_lists_records(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["report", str(ROOT / "outputs" / "kz-az-state-visit-baku-2024.jsonl"),
                                       "-o", "site"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / "docs" / "kz-az-state-visit-baku-2024.html").read_text(encoding="utf-8")
    assert "ilham-aliyev" in html and 'class="event' in html


def test_timeline_marks_days_as_dots_and_spans_as_bars() -> None:
    docs = load_documents(ROOT / "outputs")
    events = [r for records in docs.values() for r in records if r.type == "event"]
    svg = timeline_svg(events, lambda e: f"#{e.id}")
    marks = re.findall(r'<(circle|rect) class="tl-mark"[^>]*data-date="([^"]*)"', svg)
    assert len(marks) == dated_count(docs)
    for shape, value in marks:
        assert (shape == "circle") == (len(value) == 10), (shape, value)
    assert svg.count("<title>") == len(marks)


def test_actor_stats_count_mentions_documents_events_and_partners() -> None:
    docs = load_documents(ROOT / "outputs")
    stats = {s.key: s for s in actor_stats(docs)}
    aliyev = stats["ilham-aliyev"]
    expected_events = sum(r.type == "event" and "ilham-aliyev" in r.participants
                          for records in docs.values() for r in records)
    assert aliyev.events == expected_events
    assert aliyev.mentions == sum(len(r.mentions) for records in docs.values() for r in records
                                  if r.type == "actor" and r.key == "ilham-aliyev")
    partner, count = aliyev.partners.most_common(1)[0]
    assert partner != "ilham-aliyev" and count >= 1


def test_page_names_are_safe() -> None:
    assert page_name("../etc/pass wd") == "_etc_pass_wd.html"
    assert page_name("kz-az-2024") == "kz-az-2024.html"
