"""Batch extraction: parallel output identical to serial, manifest-driven resume, fault isolation."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from caspianie.cli.main import main
from caspianie.batch.extract import ERRORS_FILE, extract_paths
from caspianie.batch.manifest import MANIFEST_FILE
from caspianie.batch.outlock import host_name
from caspianie.pipeline import create_pipeline

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "corpus").glob("*.txt"))
SHORT = "Kazakh President Kassym-Jomart Tokayev paid a state visit to Baku on 12 March 2024."


def write_articles(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def corpus_rows(copies: int = 1) -> list[dict]:
    """The bundled articles as JSONL rows, repeated under distinct ids."""
    return [{"id": f"{p.stem}-{i}", "text": p.read_text(encoding="utf-8"), "date": "2024-06-01"}
            for i in range(copies) for p in ARTICLES]


def snapshot(out: Path) -> dict[str, str]:
    """Every visible file of an output directory by name (the manifest excluded)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def manifest_ids(out: Path) -> list[str]:
    return [json.loads(line)["doc_id"] for line in (out / MANIFEST_FILE).read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Articles, a bad JSONL line and a duplicate id in one file, plus a .txt article."""
    root = tmp_path_factory.mktemp("input")
    rows = corpus_rows()[:4]
    lines = [json.dumps(r) for r in rows[:2]] + ["{not json"] + [json.dumps(r) for r in rows[2:]]
    lines.append(json.dumps({"id": rows[0]["id"], "text": SHORT}))
    (root / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "short.txt").write_text(SHORT, encoding="utf-8")
    return root


def test_parallel_output_is_identical_to_serial(nlp: Language, mixed_input: Path, tmp_path: Path) -> None:
    serial = extract_paths(nlp, [mixed_input], tmp_path / "j1", batch_size=2)
    parallel = extract_paths(nlp, [mixed_input], tmp_path / "j2", batch_size=2, jobs=2)
    assert (serial.documents, serial.failed) == (parallel.documents, parallel.failed) == (5, 2)
    assert serial.records == parallel.records
    assert snapshot(tmp_path / "j1") == snapshot(tmp_path / "j2")
    assert manifest_ids(tmp_path / "j1") == manifest_ids(tmp_path / "j2")


def test_errors_name_document_source_and_stage(nlp: Language, mixed_input: Path, tmp_path: Path) -> None:
    extract_paths(nlp, [mixed_input], tmp_path)
    errors = [json.loads(line) for line in (tmp_path / ERRORS_FILE).read_text(encoding="utf-8").splitlines()]
    assert [(e["line"], e["stage"]) for e in errors] == [(3, "parse"), (6, "parse")]
    assert errors[1]["doc_id"] == corpus_rows()[0]["id"] and "duplicate article id" in errors[1]["message"]
    assert all(e["source"].endswith("articles.jsonl") for e in errors)
    # the duplicate's failure must not remove the records of the id's first article
    assert (tmp_path / f"{corpus_rows()[0]['id']}.jsonl").is_file()


def test_rerun_skips_unchanged_reextracts_changed_and_prunes_deleted(nlp: Language, tmp_path: Path) -> None:
    source, out = tmp_path / "articles.jsonl", tmp_path / "out"
    rows = corpus_rows()[:3]
    write_articles(source, rows)
    assert extract_paths(nlp, [source], out).documents == 3
    first = snapshot(out)

    again = extract_paths(nlp, [source], out)
    assert (again.documents, again.skipped, again.removed) == (0, 3, 0)
    assert snapshot(out) == first

    rows[1] = {**rows[1], "text": SHORT}
    write_articles(source, rows[:2])
    changed = extract_paths(nlp, [source], out, prune=True)
    assert (changed.documents, changed.skipped, changed.removed) == (1, 1, 1)
    assert sorted(snapshot(out)) == sorted(f"{r['id']}.jsonl" for r in rows[:2])
    assert json.loads(snapshot(out)[f"{rows[1]['id']}.jsonl"].splitlines()[0])["n_chars"] == len(SHORT)

    forced = extract_paths(nlp, [source], out, force=True)
    assert (forced.documents, forced.skipped) == (2, 0)
    assert sorted(manifest_ids(out)) == sorted(r["id"] for r in rows[:2])


def test_reference_date_change_reextracts(nlp: Language, tmp_path: Path) -> None:
    source = write_articles(tmp_path / "a.jsonl", [{"id": "a", "text": SHORT}])
    extract_paths(nlp, [source], tmp_path / "out")
    rerun = extract_paths(nlp, [source], tmp_path / "out", reference="2020-01-01")
    assert (rerun.documents, rerun.skipped) == (1, 0)


@Language.component("caspianie_test_explode")
def explode(doc):
    """Fails on the document with id 'boom', as a buggy rule would."""
    if doc._.doc_id == "boom":
        raise ValueError("rule crashed")
    return doc


def test_a_failing_document_does_not_stop_the_run(tmp_path: Path) -> None:
    nlp = create_pipeline()
    nlp.add_pipe("caspianie_test_explode", after="caspianie_dates")
    source = write_articles(tmp_path / "a.jsonl", [{"id": i, "text": SHORT} for i in ("before", "boom", "after")])
    summary = extract_paths(nlp, [source], tmp_path / "out", jobs=2, batch_size=1)
    assert (summary.documents, summary.failed) == (2, 1)
    [error] = [json.loads(line) for line in (tmp_path / "out" / ERRORS_FILE).read_text().splitlines()]
    assert (error["doc_id"], error["stage"], error["line"]) == ("boom", "caspianie_test_explode", 2)
    assert "ValueError: rule crashed" in error["message"]
    assert sorted(snapshot(tmp_path / "out")) == ["after.jsonl", "before.jsonl", ERRORS_FILE]


def test_an_id_that_is_no_file_name_fails_at_write(nlp: Language, tmp_path: Path) -> None:
    source = write_articles(tmp_path / "a.jsonl", [{"id": "../escape", "text": SHORT}, {"id": "ok", "text": SHORT}])
    summary = extract_paths(nlp, [source], tmp_path / "out")
    [error] = [json.loads(line) for line in (tmp_path / "out" / ERRORS_FILE).read_text().splitlines()]
    assert (summary.documents, error["stage"]) == (1, "write")
    assert not (tmp_path / "escape.jsonl").exists()


def test_interrupted_run_keeps_complete_files_and_resumes(nlp: Language, tmp_path: Path) -> None:
    source = write_articles(tmp_path / "a.jsonl", corpus_rows()[:5])
    out = tmp_path / "out"
    done: list[str] = []

    def stop_after_two(doc_id: str) -> None:
        done.append(doc_id)
        if len(done) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        extract_paths(nlp, [source], out, on_document=stop_after_two, batch_size=1)
    assert sorted(snapshot(out)) == sorted(f"{d}.jsonl" for d in done)
    assert manifest_ids(out) == done
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / f".x.jsonl.{dead.pid}@{host_name()}.k2j4x8qz.tmp").write_text("{torn")  # as left by a killed run
    with (out / MANIFEST_FILE).open("a") as manifest:
        manifest.write('{"doc_id": "torn')

    resumed = extract_paths(nlp, [source], out)
    assert (resumed.skipped, resumed.documents) == (2, 3)
    assert not list(out.glob(".*.tmp"))
    assert snapshot(out) == snapshot_of_clean_run(nlp, source, tmp_path / "clean")


def snapshot_of_clean_run(nlp: Language, source: Path, out: Path) -> dict[str, str]:
    extract_paths(nlp, [source], out)
    return snapshot(out)


def test_sigterm_stops_cleanly_and_the_next_run_resumes(tmp_path: Path) -> None:
    source = write_articles(tmp_path / "a.jsonl", corpus_rows(copies=4))
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from caspianie.cli.main import main; main()", "extract", str(source), "-o", str(out), "--batch-size", "1"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    while process.poll() is None and len(list(out.glob("*.jsonl"))) < 2:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "run the same command again" in stderr
    written = sorted(out.glob("*.jsonl"))
    assert 2 <= len(written) < len(corpus_rows(copies=4))
    for path in written:  # every file is complete JSONL, its document record first
        assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["type"] == "document"
    assert not list(out.glob(".*.tmp"))

    # The manifest names the files it completed: a file renamed into place in the instant
    # before the signal, but not yet journalled, is extracted again (never trusted unlisted).
    journalled = {json.loads(line)["doc_id"] for line in (out / ".caspianie-manifest").read_text(encoding="utf-8").splitlines()
                  if line.strip()}
    assert journalled <= {path.stem for path in written} and len(journalled) >= len(written) - 1

    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"{len(journalled)} unchanged" in result.stderr
    assert len(list(out.glob("*.jsonl"))) == len(corpus_rows(copies=4))


def test_cli_exit_code_is_1_when_a_document_failed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 in Baku")
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "-o", str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 1, result.output
    assert "1 failed" in result.output and "errors.jsonl" in result.output
    [error] = [json.loads(line) for line in (tmp_path / "out" / ERRORS_FILE).read_text().splitlines()]
    assert (error["doc_id"], error["stage"]) == ("bad", "decode")


def test_cli_rejects_a_bad_dask_target(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"),
                                       "--dask", "local:zero"])
    assert result.exit_code == 2
    assert "local:N" in result.output


def test_an_interrupt_removes_this_runs_temporary_files_only(nlp: Language, tmp_path: Path) -> None:
    """A record file whose write the interrupt cut short (its temporary file created, not yet
    renamed) is not left behind; a live run's temporary file of another process stays."""
    source = write_articles(tmp_path / "a.jsonl", corpus_rows(copies=2))
    out = tmp_path / "out"
    out.mkdir()
    other = out / f".x.jsonl.{os.getppid()}@{host_name()}.abc.tmp"
    other.write_text("", encoding="utf-8")

    def interrupt(_doc_id: str) -> None:
        (out / f".y.jsonl.{os.getpid()}@{host_name()}.abc.tmp").write_text("", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        extract_paths(nlp, [source], out, on_document=interrupt)
    assert sorted(p.name for p in out.glob(".*.tmp")) == [other.name]
