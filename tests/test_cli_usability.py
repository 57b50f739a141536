"""What a new user meets: every path argument of every command given a file where a folder is
expected (and the reverse) is an ``error:`` line with exit 2, never a traceback; empty inputs are
errors; unknown keys suggest the nearest ones; warnings for documents without a reference date."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from caspianie.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOC = "kz-az-state-visit-baku-2024"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def places(tmp_path: Path) -> dict[str, str]:
    """A plain file, an empty folder, a folder of articles and a folder of records."""
    (tmp_path / "afile.dat").write_text("not a folder\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "articles").mkdir()
    shutil.copy(ROOT / "corpus" / f"{DOC}.txt", tmp_path / "articles" / f"{DOC}.txt")
    (tmp_path / "records").mkdir()
    shutil.copy(ROOT / "outputs" / f"{DOC}.jsonl", tmp_path / "records" / f"{DOC}.jsonl")
    return {"file": str(tmp_path / "afile.dat"), "dir": str(tmp_path / "empty"),
            "articles": str(tmp_path / "articles"), "records": str(tmp_path / "records"),
            "new": str(tmp_path / "new-output")}


SWEEP = [
    ("extract", "{file}", "-o", "{new}"), ("extract", "{dir}", "-o", "{new}"),
    ("extract", "{records}", "-o", "{new}"), ("extract", "{articles}", "-o", "{file}"),
    ("dates", "{file}"), ("dates", "{dir}"), ("dates", "{records}"),
    ("inspect", "{file}"), ("inspect", "{dir}"), ("inspect", "{articles}"),
    ("show", DOC, "--records", "{file}"), ("show", DOC, "--records", "{dir}"),
    ("show", DOC, "--records", "{records}", "--corpus", "{file}"),
    ("show", DOC, "--records", "{records}", "--corpus", "{dir}"),
    ("show", DOC, "--records", "{records}", "--corpus", "{articles}", "--gold", "{file}"),
    ("show", DOC, "--records", "{records}", "--corpus", "{articles}", "-o", "{dir}"),
    ("report", "{file}", "-o", "{new}"), ("report", "{dir}", "-o", "{new}"),
    ("report", "{records}", "-o", "{file}"), ("report", "{records}", "-o", "{new}", "--gold", "{dir}"),
    ("report", "{records}", "-o", "{new}", "--corpus", "{file}"),
    ("evaluate", "--gold", "{file}", "--pred", "{records}"), ("evaluate", "--gold", "{records}", "--pred", "{dir}"),
    ("evaluate", "--gold", "{records}", "--pred", "{records}", "--json", "{dir}"),
]


@pytest.mark.parametrize("args", SWEEP, ids=[" ".join(a) for a in SWEEP])
def test_a_path_of_the_wrong_kind_is_an_error_line_and_exit_2(places: dict[str, str], args: tuple[str, ...]) -> None:
    result = run(*(a.format(**places) for a in args))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # not an exception escaping the command
    assert "Traceback" not in result.output
    assert result.output.lower().lstrip().startswith(("error:", "usage:")), result.output
    assert not Path(places["new"]).exists()  # nothing created by a run that failed before writing


def test_documents_without_a_reference_date_are_warned_about(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "undated.txt").write_text("Ilham Aliyev received Kassym-Jomart Tokayev in Baku last Friday.\n")
    (articles / "dated.txt").write_text("Date: 2024-03-12\n\nIlham Aliyev met Kassym-Jomart Tokayev in Baku.\n")
    result = run("extract", str(articles), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "warning: undated: no reference date; relative dates in it have no value" in result.output
    assert "warning: dated" not in result.output
    assert "1 document with no reference date" in result.output
    undated = json.loads((tmp_path / "out" / "undated.jsonl").read_text().splitlines()[0])
    dated = json.loads((tmp_path / "out" / "dated.jsonl").read_text().splitlines()[0])
    assert undated["warnings"] == ["no reference date"] and "warnings" not in dated
    with_reference = run("extract", str(articles), "-o", str(tmp_path / "out2"), "--reference-date", "2024-03-12")
    assert "warning" not in with_reference.output


def test_unknown_doc_and_actor_suggest_the_nearest_keys() -> None:
    result = run("inspect", str(ROOT / "outputs"), "--actor", "putin")
    assert result.exit_code == 2 and "--actor putin: no record has this key; did you mean vladimir-putin" in result.output
    result = run("inspect", str(ROOT / "outputs"), "--doc", "kz-az-state-visit")
    assert result.exit_code == 2 and f"did you mean {DOC}" in result.output


def test_show_without_the_article_text_fails_and_finds_it_from_anywhere(places: dict[str, str],
                                                                        tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the document record's source (corpus/...) is relative to the project
    page = tmp_path / "page.html"
    found = run("show", DOC, "--records", str(ROOT / "outputs"), "-o", str(page))
    assert found.exit_code == 0, found.output and "<mark" in page.read_text()
    missing = run("show", DOC, "--records", places["records"], "-o", str(tmp_path / "other.html"))
    assert missing.exit_code == 2 and "article text not found" in missing.output and "--corpus" in missing.output
    assert not (tmp_path / "other.html").exists()


def test_counts_agree_with_their_nouns() -> None:
    result = run("inspect", str(ROOT / "outputs"), "--doc", DOC, "--type", "document")
    assert result.output.splitlines()[-1] == "1 record"
