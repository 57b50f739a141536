"""Start-up cost of a one-article run: CPU seconds for the imports, for building the pipeline and
for the first article's records, each measured with ``time.process_time`` in a new process.

    python benchmarks/startup.py [ARTICLE] [--repeat N]

Three cases, each run N times (default 3; the median is shown), every run in a new process:

- cache off: ``CASPIANIE_NO_CACHE=1``, every phrase pattern is tokenized;
- cold cache: an empty cache folder, so the phrases are tokenized and the cache written
  (the first run after installing caspianie or changing a pattern file);
- warm cache: the folder a cold run filled, as on every later run.

The figure the target compares is "after imports" with a warm cache: pipeline build plus
the first record set. The user's own cache is not touched (temporary folders).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.0
ROWS = (("imports", "imports"), ("build", "pipeline build"), ("first", "first article's records"),
        ("after", "after imports (build+first)"))


def measure(article: Path) -> dict:
    """Run in the child: time the imports, the build and the first article's records."""
    text = article.read_text(encoding="utf-8")
    t0 = time.process_time()
    from caspianie.batch.extract import extract_text
    from caspianie.pipeline.assemble import create_pipeline
    t1 = time.process_time()
    nlp = create_pipeline()
    t2 = time.process_time()
    records = extract_text(nlp, text, doc_id=article.stem)
    t3 = time.process_time()
    return {"chars": len(text), "records": len(records), "imports": t1 - t0, "build": t2 - t1,
            "first": t3 - t2, "after": t3 - t1}


def run(article: Path, **env: str) -> dict:
    """One measurement in a new process with the given environment variables."""
    environment = {k: v for k, v in os.environ.items() if k not in ("CASPIANIE_NO_CACHE", "CASPIANIE_CACHE_DIR")}
    environment.update(env)
    out = subprocess.run([sys.executable, __file__, "--child", str(article)], env=environment,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=ROOT / "corpus" / "kz-az-state-visit-baku-2024.txt")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the median is shown (default 3)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.article)))
        return
    with tempfile.TemporaryDirectory(prefix="caspianie-startup-") as scratch:
        warm = str(Path(scratch) / "warm")
        run(args.article, CASPIANIE_CACHE_DIR=warm)  # fills the warm cache (not timed)
        cases: dict[str, list[dict]] = {"cache off": [], "cold cache": [], "warm cache": []}
        for number in range(args.repeat):  # the cases take turns, so that load changes hit all three
            cases["cache off"].append(run(args.article, CASPIANIE_NO_CACHE="1"))
            cases["cold cache"].append(run(args.article, CASPIANIE_CACHE_DIR=str(Path(scratch) / f"cold{number}")))
            cases["warm cache"].append(run(args.article, CASPIANIE_CACHE_DIR=warm))
    first = cases["warm cache"][0]
    print(f"article: {args.article.name} ({first['chars']:,} characters, {first['records']} records)")
    print(f"CPU seconds, median of {args.repeat} run(s) per case, each in a new process:")
    print(f"{'':30}" + "".join(f"{name:>12}" for name in cases))
    for key, label in ROWS:
        values = "".join(f"{statistics.median(r[key] for r in runs):>12.2f}" for runs in cases.values())
        print(f"{label:30}{values}")
    warm_after = statistics.median(r["after"] for r in cases["warm cache"])
    verdict = "met" if warm_after <= TARGET else "NOT met"
    print(f"target: after imports <= {TARGET:.1f} s CPU with a warm cache: {warm_after:.2f} s, {verdict}")


if __name__ == "__main__":
    main()
