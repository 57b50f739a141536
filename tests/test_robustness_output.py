"""Output safety, document size limits and exit codes of ``caspianie extract`` (issue 6, items 1, 4 and 6)."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

from click.testing import CliRunner, Result

from caspianie.cli.main import main
from caspianie.batch.extract import ERRORS_FILE, extract_paths

SHORT = "BAKU, 12 March 2024 — Kazakh President Kassym-Jomart Tokayev met Ilham Aliyev in Baku on Tuesday."


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def visible(out: Path) -> dict[str, str]:
    """Every file of an output directory by name, hidden ones (manifest, temporaries) included."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if p.is_file()}


def test_exit_0_on_success_and_2_on_a_missing_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    assert run("extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out")).exit_code == 0
    result = run("extract", str(tmp_path / "absent.txt"), "-o", str(tmp_path / "out2"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'absent.txt'}: no such file or directory")
    assert "Traceback" not in result.output



def test_full_disk_keeps_the_old_output_and_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.jsonl").write_text('{"old": true}\n', encoding="utf-8")
    real_fdopen = os.fdopen

    class FullDisk:
        """A file whose first write fails as on a full disk."""

        def __init__(self, handle) -> None:
            self.handle = handle

        def write(self, _text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __enter__(self) -> "FullDisk":
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: FullDisk(real_fdopen(fd, *a, **k)))
    result = run("extract", str(tmp_path / "a.txt"), "-o", str(out))
    monkeypatch.undo()
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "No space left on device" in result.stderr and "Traceback" not in result.output
    assert (out / "a.jsonl").read_text(encoding="utf-8") == '{"old": true}\n'
    assert not [name for name in visible(out) if name.endswith(".tmp")]


def test_a_document_over_max_length_is_an_error_naming_the_limit_and_the_run_goes_on(nlp, tmp_path: Path,
                                                                                   monkeypatch) -> None:
    monkeypatch.setattr(nlp, "max_length", 2_000)
    src = tmp_path / "in"
    src.mkdir()
    (src / "huge.txt").write_text(SHORT + " " + "Aliyev met Tokayev. " * 200, encoding="utf-8")
    (src / "small.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    summary = extract_paths(nlp, [src], out)
    assert (out / "small.jsonl").exists()
    if (out / "huge.jsonl").exists():  # processed in pieces: offsets must still index the whole text
        text = (src / "huge.txt").read_text(encoding="utf-8")
        for line in (out / "huge.jsonl").read_text(encoding="utf-8").splitlines():
            for mention in json.loads(line).get("mentions", []):
                assert text[mention["start"]:mention["end"]] == mention["text"]
    else:
        [error] = [json.loads(line) for line in (out / ERRORS_FILE).read_text(encoding="utf-8").splitlines()]
        assert error["doc_id"] == "huge" and summary.failed == 1
        assert "2000" in error["message"] and "max_length" in error["message"]


def test_unwritable_output_directory_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    result = run("extract", str(tmp_path / "a.txt"), "-o", str(blocker / "out"))
    assert result.exit_code == 2
    assert str(blocker / "out") in result.stderr and "-o directory you can write to" in result.stderr
    assert "Traceback" not in result.output


def test_cli_errors_replace_goes_on_past_invalid_utf8(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(SHORT.encode() + b" \xff")
    result = run("extract", str(tmp_path / "bad.txt"), "-o", str(tmp_path / "out"), "--errors", "replace")
    assert result.exit_code == 0, result.output
    first = json.loads((tmp_path / "out" / "bad.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["n_chars"] == len(SHORT) + 2


def test_cli_encoding_reads_a_cp1251_article(tmp_path: Path) -> None:
    (tmp_path / "ru.txt").write_bytes("Президент Токаев посетил Баку.".encode("cp1251"))
    result = run("extract", str(tmp_path / "ru.txt"), "-o", str(tmp_path / "out"), "--encoding", "cp1251")
    assert result.exit_code == 0, result.output
    first = json.loads((tmp_path / "out" / "ru.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["n_chars"] == len("Президент Токаев посетил Баку.")


def test_an_article_over_max_length_fails_alone_and_names_the_option(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("Aliyev met Tokayev. " * 300, encoding="utf-8")
    (tmp_path / "small.txt").write_text(SHORT, encoding="utf-8")
    result = run("extract", str(tmp_path), "-o", str(tmp_path / "out"), "--max-length", "5000")
    assert result.exit_code == 1
    (error,) = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert error["doc_id"] == "big" and "over the limit of 5000" in error["message"]
    assert "--max-length 6000" in error["message"]
    assert (tmp_path / "out" / "small.jsonl").exists()
    again = run("extract", str(tmp_path / "big.txt"), "-o", str(tmp_path / "out2"), "--max-length", "6000")
    assert again.exit_code == 0, again.output
