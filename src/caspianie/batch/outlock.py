"""One writer per output folder, and temporary files that belong to one run.

A run holds ``<out>/.caspianie-lock`` for as long as it writes: an exclusive
``flock`` on the file (the kernel drops it when the process ends, however it
ends) and, in the file, the holder's PID, host and start time for the message
another run prints when it finds the folder taken. A lock file left by a run
that was killed names a process that no longer holds it: the next run takes it
over and says so. Where ``flock`` is not available the PID alone decides (a live
process on this host holds the folder; anything else is stale).

Temporary files carry their run's tag (``<pid>@<host>``) in their name, so a
run removes only its own, and at start those of runs of this host that are no
longer alive (a killed run cannot clean up after itself).
"""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

from caspianie.errors import CaspianieError

LOCK_FILE = ".caspianie-lock"
_TAGGED_TEMPORARY = re.compile(r"\.(?P<pid>\d+)@(?P<host>[A-Za-z0-9-]+)(?:\.[A-Za-z0-9_]+)?\.tmp$")
_NO_FLOCK = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL)


def host_name() -> str:
    """This machine's name, reduced to letters, digits and dashes (it goes into file names)."""
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname().split(".")[0]) or "localhost"


def run_tag() -> str:
    """``<pid>@<host>``: what names this run's temporary files."""
    return f"{os.getpid()}@{host_name()}"


def temporary_prefix(name: str) -> str:
    """The prefix of this run's temporary files for the file ``name``: ``.<name>.<pid>@<host>.``."""
    return f".{name}.{run_tag()}."


def alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def remove_dead_runs_temporaries(out: Path) -> int:
    """Delete the temporary files of this host's runs that are no longer alive; how many.

    Temporary files of live runs, of other hosts and without a run tag are left alone.
    """
    host = host_name()
    return _remove_temporaries(out, lambda pid, on: on == host and not alive(pid))


def remove_own_temporaries(out: Path) -> int:
    """Delete this run's own temporary files; how many. An interrupt that lands while a
    record file is being written (between creating its temporary file and renaming it)
    would otherwise leave that file behind."""
    pid, host = os.getpid(), host_name()
    return _remove_temporaries(out, lambda owner, on: owner == pid and on == host)


def _remove_temporaries(out: Path, whose: Callable[[int, str], bool]) -> int:
    removed = 0
    for path in out.glob(".*.tmp"):
        found = _TAGGED_TEMPORARY.search(path.name)
        if found and whose(int(found["pid"]), found["host"]):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _describe(holder: dict) -> str:
    return f"PID {holder.get('pid', '?')} on host {holder.get('host', '?')}, started {holder.get('started', '?')}"


def _read_holder(fd: int) -> Optional[dict]:
    """The holder a lock file names, or None for an empty or unreadable one."""
    raw = os.pread(fd, 4096, 0)
    try:
        holder = json.loads(raw.decode("utf-8")) if raw.strip() else None
    except (UnicodeDecodeError, ValueError):
        return {"pid": "?", "host": "?", "started": "?"}
    return holder if isinstance(holder, dict) else None


def _taken(out: Path, holder: Optional[dict]) -> CaspianieError:
    who = _describe(holder) if holder else "a process that has not written its PID yet"
    return CaspianieError(f"{out}: another caspianie run ({who}) is writing to this folder. Wait for it "
                          "to finish, or write to another folder with -o.")


def _flock(fd: int) -> Optional[bool]:
    """Try to take the exclusive lock: True taken, False held by another process, None unsupported."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as err:
        if err.errno in _NO_FLOCK:
            return None
        raise
    return True


def _open_locked(out: Path) -> tuple[int, Optional[dict]]:
    """The open, locked lock file and the holder it named before (a run that ended without
    removing it); a ``CaspianieError`` when a live run holds it."""
    path = out / LOCK_FILE
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise CaspianieError(f"{path}: cannot create the output folder's lock ({err.strerror}). "
                                 "Fix the folder's permissions or write elsewhere with -o.") from None
        locked = _flock(fd)
        previous = _read_holder(fd)
        if locked is False or (locked is None and previous and previous.get("host") == host_name()
                               and str(previous.get("pid")).isdigit() and alive(int(previous["pid"]))
                               and int(previous["pid"]) != os.getpid()):
            os.close(fd)
            raise _taken(out, previous)
        try:  # the holder we waited on may have removed the file just before we locked it
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd, previous
        os.close(fd)


@contextmanager
def output_lock(out: Path, notify: Callable[[str], None]) -> Iterator[None]:
    """Hold the output folder's lock within the block; ``notify`` hears of a stale lock taken over."""
    fd, previous = _open_locked(out)
    try:
        if previous:
            notify(f"note: {out}: taking over the lock of a run that is no longer running ({_describe(previous)})")
        holder = {"pid": os.getpid(), "host": host_name(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(holder) + "\n").encode("utf-8"), 0)
        yield
    finally:
        (out / LOCK_FILE).unlink(missing_ok=True)
        os.close(fd)  # releases the flock
