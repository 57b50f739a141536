"""One writer per output folder, no deletion by default, provenance refresh, and workers and
signals on real processes (issue 13). Waits carry generous limits only as guards against hangs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner
from spacy.language import Language

from caspianie.batch.extract import extract_paths
from caspianie.batch.outlock import LOCK_FILE, host_name, remove_dead_runs_temporaries
from caspianie.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "corpus").glob("*.txt"))
SHORT = "Kazakh President Kassym-Jomart Tokayev paid a state visit to Baku on 12 March 2024."
CLI = [sys.executable, "-c", "from caspianie.cli.main import main; main()"]
HANG_GUARD = 600  # seconds: only to end a hung test, never a speed target

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def wait_for(condition: Callable[[], bool], what: str, limit: float = HANG_GUARD) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def long_article(path: Path, size: int) -> Path:
    """The bundled articles joined (and repeated) into one article of about ``size`` characters."""
    texts = [p.read_text(encoding="utf-8").strip() for p in ARTICLES]
    parts, total = [], 0
    while total < size:
        parts.append(texts[len(parts) % len(texts)])
        total += len(parts[-1]) + 2
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def lock_holder(out: Path) -> subprocess.Popen:
    """A real process that takes the output folder's lock and keeps it until killed."""
    code = ("import sys, time; from pathlib import Path; from caspianie.batch.outlock import output_lock\n"
            "with output_lock(Path(sys.argv[1]), print):\n    print('locked', flush=True); time.sleep(600)")
    out.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    return process


# --- the lock ---------------------------------------------------------------------------


def test_a_second_run_into_a_locked_folder_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    holder = lock_holder(out)
    try:
        result = subprocess.run([*CLI, "extract", str(tmp_path / "a.txt"), "-o", str(out)],
                                capture_output=True, text=True, timeout=HANG_GUARD)
        assert result.returncode == 2
        assert result.stderr.startswith(f"error: {out}: another caspianie run (PID {holder.pid} on host "
                                        f"{host_name()}"), result.stderr
        assert "Traceback" not in result.stderr
        assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE]  # nothing written, nothing removed
    finally:
        holder.kill()
        holder.wait()


def test_a_stale_lock_of_a_dead_process_is_taken_over_with_a_message(nlp: Language, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    holder = lock_holder(out)
    holder.kill()
    holder.wait()
    assert json.loads((out / LOCK_FILE).read_text())["pid"] == holder.pid  # left behind by the kill
    messages: list[str] = []
    summary = extract_paths(nlp, [tmp_path / "a.txt"], out, notify=messages.append)
    assert summary.documents == 1
    [message] = messages
    assert message.startswith(f"note: {out}: taking over the lock of a run that is no longer running "
                              f"(PID {holder.pid} on host {host_name()}, started ")
    assert not (out / LOCK_FILE).exists()  # released when the run ends


def test_temporaries_are_removed_only_for_runs_that_are_gone(tmp_path: Path) -> None:
    host = host_name()
    gone = tmp_path / f".a.jsonl.{dead_pid()}@{host}.k2j4x8qz.tmp"
    live = tmp_path / f".b.jsonl.{os.getpid()}@{host}.p0c8s7ma.tmp"
    other_host = tmp_path / f".c.jsonl.{dead_pid()}@{host}x.m1n2b3v4.tmp"
    untagged = tmp_path / ".d.jsonl.q9w8e7r6.tmp"
    for path in (gone, live, other_host, untagged):
        path.write_text("{torn")
    assert remove_dead_runs_temporaries(tmp_path) == 1
    assert not gone.exists() and live.exists() and other_host.exists() and untagged.exists()


# --- no deletion by default --------------------------------------------------------------


def test_records_of_other_documents_stay_unless_prune_names_and_removes_them(nlp: Language, tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    extract_paths(nlp, [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"], out)

    kept = extract_paths(nlp, [tmp_path / "a.txt"], out)
    assert (kept.skipped, kept.removed, kept.kept) == (1, 0, 2)
    assert "2 not in this input kept (--prune removes them)" in kept.describe()
    assert sorted(p.name for p in out.glob("*.jsonl")) == ["a.jsonl", "b.jsonl", "c.jsonl"]

    said: list[tuple[str, bool]] = []
    pruned = extract_paths(nlp, [tmp_path / "a.txt"], out, prune=True,
                           notify=lambda m: said.append((m, (out / m.split()[1].rsplit("/", 1)[-1]).exists())))
    assert (pruned.removed, pruned.kept) == (2, 0)
    assert said == [(f"removing {out / n}.jsonl (document '{n}' is not among this run's inputs)", True)
                    for n in ("b", "c")]  # each named while its file was still there
    assert sorted(p.name for p in out.glob("*.jsonl")) == ["a.jsonl"]


def test_cli_prune_flag_and_default_summary(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(SHORT, encoding="utf-8")
    out = str(tmp_path / "out")
    assert CliRunner().invoke(main, ["extract", str(tmp_path), "-o", out]).exit_code == 0
    kept = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "-o", out])
    assert "0 removed, 1 not in this input kept (--prune removes them)" in kept.stderr
    pruned = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "-o", out, "--prune"])
    assert pruned.exit_code == 0
    assert pruned.stderr.splitlines()[0] == f"removing {tmp_path / 'out' / 'b.jsonl'} (document 'b' is not among this run's inputs)"
    assert ", 1 removed, 0 failed" in pruned.stderr


# --- provenance --------------------------------------------------------------------------


def test_a_rerun_from_another_path_refreshes_source_without_reextracting(nlp: Language, tmp_path: Path) -> None:
    first, second = tmp_path / "one" / "a.txt", tmp_path / "two" / "a.txt"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    extract_paths(nlp, [first], out)
    before = (out / "a.jsonl").read_text(encoding="utf-8").splitlines()

    moved = extract_paths(nlp, [second], out)
    assert (moved.documents, moved.skipped, moved.refreshed) == (0, 1, 1)
    after = (out / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(after[0]) == {**json.loads(before[0]), "source": str(second)}
    assert after[1:] == before[1:]
    assert "1 unchanged (1 with a new source)" in moved.describe()

    again = extract_paths(nlp, [second], out)
    assert (again.documents, again.skipped, again.refreshed) == (0, 1, 0)


# --- workers and signals -------------------------------------------------------------------


@linux_only
def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    source = long_article(tmp_path / "long.txt", 400_000)
    process = subprocess.Popen([*CLI, "extract", str(source), "-o", str(tmp_path / "out"), "-j", "2"],
                               stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: len(children(process.pid)) >= 2, "two pool workers")
        workers = children(process.pid)
        process.kill()
        process.wait()
        wait_for(lambda: not any(running(w) for w in workers), "the workers to end", limit=60)
    finally:
        process.kill()
        for worker in children(process.pid):
            os.kill(worker, signal.SIGKILL)


@linux_only
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_parallel_workers_mid_document_and_the_next_run_redoes_it(tmp_path: Path, signum: int) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a1", "a2", "z1", "z2"):
        (inputs / f"{name}.txt").write_text(SHORT, encoding="utf-8")
    long_article(inputs / "m-long.txt", 400_000)  # read after a1, a2 and before z1, z2
    out = tmp_path / "out"
    command = [*CLI, "extract", str(inputs), "-o", str(out), "-j", "2", "--batch-size", "1"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: (out / "a2.jsonl").exists(), "the documents before the long one")
    workers = children(process.pid)
    assert not (out / "m-long.jsonl").exists()  # in a worker now
    signalled = time.monotonic()
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=HANG_GUARD)
    stopped = time.monotonic() - signalled
    assert process.returncode == 130, stderr
    assert "run the same command again" in stderr and "Traceback" not in stderr
    assert stopped < 10, f"took {stopped:.1f}s to stop"  # it waited for the long document before
    wait_for(lambda: not any(running(w) for w in workers), "the workers to end", limit=60)
    assert not (out / "m-long.jsonl").exists() and not (out / LOCK_FILE).exists()
    assert not list(out.glob(".*.tmp"))

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=HANG_GUARD)
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(p.stem for p in out.glob("*.jsonl")) == ["a1", "a2", "m-long", "z1", "z2"]
    assert "3 documents" in resumed.stderr and "2 unchanged" in resumed.stderr
