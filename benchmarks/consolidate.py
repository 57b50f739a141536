"""Consolidation at scale: 100k and 1M synthetic event records, timed in one run.

Synthetic articles are generated from the bundled gold events: each real event
copies a gold event's type, participants, place and instruments, gets a random
day between 1990 and 2025, and is reported by 1-8 articles; each report keeps
the date at day (70%), month (20%) or year (7%) precision or drops it (3%),
drops some participants and sometimes the place. Articles hold ten reports.
Each size is consolidated in a fresh child process (so peak RSS is its own);
the script prints wall time, peak RSS and time(1M) / time(100k).

    python benchmarks/consolidate.py            # 100k and 1M
    python benchmarks/consolidate.py --small    # 10k and 100k, a quick check
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_DOC, DOCS_PER_FILE = 10, 500
FIRST, LAST = date(1990, 1, 1).toordinal(), date(2025, 12, 31).toordinal()


def templates() -> tuple[list[dict], dict[str, dict], dict[tuple[str, str], dict]]:
    """Gold events, actor and project records by key, and agreement records by (doc_id, key)."""
    events, actors, agreements = [], {}, {}
    for file in sorted((ROOT / "corpus" / "gold").glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["type"] == "event":
                events.append(record)
            elif record["type"] in ("actor", "project"):
                actors.setdefault(record["key"], record)
            elif record["type"] == "agreement":
                agreements[(record["doc_id"], record["key"])] = record
    return events, actors, agreements


def _date(day: int, rng: random.Random) -> dict | None:
    d = date.fromordinal(day)
    roll = rng.random()
    if roll < 0.70:
        return {"text": d.isoformat(), "value": d.isoformat(), "granularity": "day"}
    if roll < 0.90:
        return {"text": d.strftime("%B %Y"), "value": d.strftime("%Y-%m"), "granularity": "month"}
    if roll < 0.97:
        return {"text": str(d.year), "value": str(d.year), "granularity": "year"}
    return None


def reports(n_records: int, seed: int = 16):
    """(real event number, report) pairs until ``n_records`` reports exist."""
    events, actors, agreements = templates()
    rng = random.Random(seed)
    made, real = 0, 0
    while made < n_records:
        template = rng.choice(events)
        day = rng.randint(FIRST, LAST)
        instrument = None
        if template["agreements"]:
            base = agreements[(template["doc_id"], template["agreements"][0])]
            instrument = {**base, "name": f"{base['name']} {real}"}
        for _ in range(min(rng.randint(1, 8), n_records - made)):
            people = [p for p in template["participants"] if rng.random() > 0.3] or template["participants"][:1]
            yield real, {"event_type": template["event_type"], "date": _date(day, rng), "participants": people,
                         "location": template["location"] if rng.random() > 0.3 else None,
                         "projects": template["projects"], "instrument": instrument}, actors
            made += 1
        real += 1


def scattered(n_records: int, window: int = 20_000):
    """The reports in windows shuffled, so one event's reports land in different articles."""
    rng, buffer = random.Random(61), []
    for item in reports(n_records):
        buffer.append(item)
        if len(buffer) == window:
            rng.shuffle(buffer)
            yield from buffer
            buffer = []
    rng.shuffle(buffer)
    yield from buffer


def generate(n_records: int, folder: Path) -> int:
    """Write ``n_records`` synthetic event records (in articles of ten) under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    pending, lines, doc, files = [], [], 0, 0
    for _real, report, actors in scattered(n_records):
        pending.append(report)
        if len(pending) == PER_DOC:
            lines += article(f"syn-{doc:07d}", pending, actors)
            pending, doc = [], doc + 1
            if doc % DOCS_PER_FILE == 0:
                (folder / f"part-{files:05d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
                lines, files = [], files + 1
    if pending:
        lines += article(f"syn-{doc:07d}", pending, actors)
    if lines:
        (folder / f"part-{files:05d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return doc + 1


def article(doc_id: str, items: list[dict], actors: dict[str, dict]) -> list[str]:
    """The record lines of one synthetic article."""
    keys = sorted({k for item in items for k in item["participants"]})
    projects = sorted({k for item in items for k in item["projects"]})
    out = [json.dumps({**actors[k], "doc_id": doc_id, "mentions": []}) for k in keys + projects]
    for number, item in enumerate(items, start=1):
        agreement_keys = []
        if item["instrument"]:
            key = f"a{number}"
            parties = [p for p in item["instrument"]["parties"] if p in keys]
            out.append(json.dumps({**item["instrument"], "doc_id": doc_id, "key": key, "parties": parties,
                                   "date": item["date"], "mentions": []}))
            agreement_keys = [key]
        out.append(json.dumps({"type": "event", "doc_id": doc_id, "id": f"e{number}", "event_type": item["event_type"],
                               "date": item["date"], "location": item["location"], "participants": item["participants"],
                               "agreements": agreement_keys, "projects": item["projects"], "trigger": "reported",
                               "evidence": {"text": (text := f"Report {number} of {doc_id}."), "start": 0,
                                            "end": len(text)}}))
    return out


def child(folder: str, db: str) -> None:
    """Consolidate one folder and print seconds and peak RSS (MiB) as JSON."""
    sys.path.insert(0, str(ROOT / "src"))
    from caspianie.consolidation.build import consolidate

    start = time.perf_counter()
    summary = consolidate([folder], db)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "summary": summary.describe()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="10k and 100k instead of 100k and 1M")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sizes = (10_000, 100_000) if args.small else (100_000, 1_000_000)
    results = {}
    with tempfile.TemporaryDirectory(prefix="caspianie-bench-") as tmp:
        for size in sizes:
            folder = Path(tmp) / f"records-{size}"
            started = time.perf_counter()
            docs = generate(size, folder)
            print(f"generated {size:,} event records in {docs:,} articles ({time.perf_counter() - started:.0f} s)",
                  flush=True)
            out = subprocess.run([sys.executable, __file__, "--child", str(folder), str(Path(tmp) / f"{size}.db")],
                                 check=True, capture_output=True, text=True)
            results[size] = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{size:>9,} records: {results[size]['seconds']:8.1f} s wall, peak RSS "
                  f"{results[size]['peak_mib']:7.0f} MiB  ({results[size]['summary']})", flush=True)
    small, large = sizes
    ratio = results[large]["seconds"] / results[small]["seconds"]
    print(f"time({large // 1000}k) / time({small // 1000}k) = {ratio:.2f} (records x{large // small}); "
          f"peak RSS at {large:,}: {results[large]['peak_mib'] / 1024:.2f} GiB")


if __name__ == "__main__":
    main()
