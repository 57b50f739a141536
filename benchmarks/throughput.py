"""Throughput benchmark of ``caspianie extract`` (a script, not a test).

Builds a generated corpus in which no article repeats (``varied.py``: the bundled
articles with names, dates and numbers substituted from the gazetteers and paragraphs
shuffled across articles), so that no cache is warm for the second copy of a text as
it would never be for a user's articles. In one run, each figure in a fresh process:

- a blank spaCy English tokenizer pass (the floor under any spaCy pipeline);
- caspianie's matching alone: its tokenizer, page metadata, sentences, dates, the
  three rulers and the event trigger and cue matchers, with no linking and no records;
- caspianie complete, single-process and with ``-j 2``: reading, pipeline, records,
  writing; CPU time as well as wall time, and the ratios to the tokenizer;
- start-up (imports, pipeline build) apart from the throughput figures;
- peak RSS and wall time of single-process runs at 1x and ``--scale``x the corpus;
- ``en_core_web_sm`` NER-only, where that model is installed.

    python benchmarks/throughput.py                            # ~1M words, 10x run at ~10M words
    python benchmarks/throughput.py --words 500000 --scale 10  # 0.5M and 5M words

Words/s counts whitespace-separated words over the processing itself, without start-up.
CPU rates use the process's CPU time (the machine may be shared; wall time then
drifts, CPU time much less); ``-j 2`` is compared by wall time, its point being
two CPUs at once. ``--repeat N`` takes the median of N passes for the single-process
rows. Peak RSS is the largest resident set of the process or any worker.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from varied import make_corpus

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    """Peak resident set of this process or any finished child, in MiB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return max(own, children) / scale


def texts_of(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.open(encoding="utf-8")]


def timed(work) -> dict:
    """CPU and wall seconds of ``work()``."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return {"cpu": time.process_time() - cpu, "seconds": time.perf_counter() - wall}


def child_tokenizer(path: Path) -> dict:
    import spacy

    nlp = spacy.blank("en")
    texts = texts_of(path)
    return timed(lambda: [None for _ in nlp.pipe(texts, batch_size=64)])


def child_matching(path: Path) -> dict:
    """caspianie's matchers and what they stand on, no linking and no records.

    The pipeline up to and including the rulers (tokenizer with its special cases,
    metadata, sentences, dates, entity, title and agreement rulers), then the event
    component's trigger and cue matchers, whose results are dropped.
    """
    from caspianie.pipeline import create_pipeline

    nlp = create_pipeline()
    events = nlp.get_pipe("caspianie_events")
    linking = ["caspianie_actors", "caspianie_projects", "caspianie_agreements", "caspianie_events"]
    texts = texts_of(path)

    def work() -> None:
        with nlp.select_pipes(disable=linking):
            for doc in nlp.pipe(texts, batch_size=16):
                events.ruler.match(doc)
                events.cues(doc)
                events.cue_phrases(doc)

    return timed(work)


def child_ner(path: Path) -> dict:
    import spacy

    nlp = spacy.load("en_core_web_sm", enable=["tok2vec", "ner"])
    texts = texts_of(path)
    return timed(lambda: [None for _ in nlp.pipe(texts, batch_size=64)])


def child_extract(path: Path, jobs: int) -> dict:
    """caspianie complete; start-up (imports, pipeline build) timed apart."""
    cpu = time.process_time()
    from caspianie.batch.extract import extract_paths
    from caspianie.pipeline import create_pipeline

    imported = time.process_time()
    nlp = create_pipeline()
    built = time.process_time()
    summary: list = []
    with tempfile.TemporaryDirectory() as out:
        figures = timed(lambda: summary.append(extract_paths(nlp, [path], out, jobs=jobs)))
    if summary[0].failed:
        raise SystemExit(f"{summary[0].failed} documents failed: the benchmark needs a clean run")
    figures.update(imports=imported - cpu, build=built - imported, documents=summary[0].documents)
    return figures


def measure(kind: str, path: Path, jobs: int = 1, repeat: int = 1) -> dict:
    """Run one measurement in fresh Python processes; the median pass's figures plus wall time and peak RSS."""
    passes = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, __file__, "--child", kind, "--input", str(path), "--jobs", str(jobs)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"{kind} run failed:\n{result.stderr}")
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        figures["wall"] = time.perf_counter() - started
        passes.append(figures)
    median = statistics.median(p["cpu"] for p in passes)
    return next(p for p in passes if p["cpu"] == median)


def has_small_model() -> bool:
    import spacy

    return spacy.util.is_package("en_core_web_sm")


def machine() -> str:
    cpus = subprocess.run(["nproc"], check=False, capture_output=True, text=True).stdout.strip() or "?"
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{model}, {cpus} CPUs, Python {platform.python_version()}, {platform.system()}"


def row(label: str, value: str, target: str = "") -> str:
    return f"| {label} | {value} | {target} |"


def run(words: int, scale: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "1x.jsonl", Path(tmp) / f"{scale}x.jsonl"
        made_small = make_corpus(small, words)
        made_large = make_corpus(large, words * scale) if scale > 1 else None
        tok = measure("tokenizer", small, repeat=repeat)
        matching = measure("matching", small, repeat=repeat)
        single = measure("extract", small, repeat=repeat)
        double = measure("extract", small, jobs=2)
        big = measure("extract", large) if made_large else None
        ner = measure("ner", small) if has_small_model() else None
    n = made_small["words"]
    cpu_rate = lambda figures: n / figures["cpu"]  # noqa: E731
    wall_rate = lambda figures: n / figures["seconds"]  # noqa: E731
    print(f"machine: {machine()}")
    print(f"corpus: {n:,} words (1x), {made_large['words'] if made_large else 0:,} words ({scale}x); "
          f"no article repeats, {made_small['distinct_paragraphs']:.1%} of the 1x paragraphs distinct; "
          f"median of {repeat} for the single-process rows\n")
    print("| figure | value | target |")
    print("|---|---|---|")
    print(row("blank tokenizer", f"{cpu_rate(tok):,.0f} words/s CPU ({wall_rate(tok):,.0f} wall)"))
    print(row("caspianie matching alone (all matchers, no linking)",
              f"{cpu_rate(matching):,.0f} words/s CPU ({wall_rate(matching):,.0f} wall)"))
    print(row("caspianie complete -j 1", f"{cpu_rate(single):,.0f} words/s CPU ({wall_rate(single):,.0f} wall)"))
    print(row("caspianie complete -j 2", f"{wall_rate(double):,.0f} words/s wall"))
    print(row("matching alone / tokenizer (CPU)", f"{cpu_rate(matching) / cpu_rate(tok):.1%}"))
    print(row("caspianie complete / tokenizer (CPU)", f"{cpu_rate(single) / cpu_rate(tok):.1%}", ">= 12%"))
    print(row("-j 2 / -j 1 (wall)", f"{wall_rate(double) / wall_rate(single):.2f}x", ">= 1.8x"))
    if ner is not None:
        print(row("en_core_web_sm NER only", f"{cpu_rate(ner):,.0f} words/s CPU"))
    print(row("start-up: imports / pipeline build (CPU)", f"{single['imports']:.2f} s / {single['build']:.2f} s"))
    print(row("wall 1x / peak RSS 1x", f"{single['wall']:.1f} s / {single['rss_mb']:.0f} MiB"))
    if big is not None:
        print(row(f"wall {scale}x / peak RSS {scale}x", f"{big['wall']:.1f} s / {big['rss_mb']:.0f} MiB"))
        print(row(f"wall {scale}x / 1x", f"{big['wall'] / single['wall']:.2f}x", f"<= {scale * 1.05:.1f}x"))
        print(row(f"RSS {scale}x / 1x", f"{big['rss_mb'] / single['rss_mb']:.2f}x", "<= 1.2x"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="words of the 1x corpus")
    parser.add_argument("--scale", type=int, default=10, help="size of the large corpus, in multiples of 1x (1: none)")
    parser.add_argument("--repeat", type=int, default=1, help="passes of each single-process row; the median counts")
    parser.add_argument("--child", choices=["tokenizer", "matching", "extract", "ner"], help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is None:
        run(args.words, args.scale, args.repeat)
        return
    children = {"tokenizer": lambda: child_tokenizer(args.input), "ner": lambda: child_ner(args.input),
                "matching": lambda: child_matching(args.input),
                "extract": lambda: child_extract(args.input, args.jobs)}
    figures = children[args.child]()
    figures["rss_mb"] = peak_rss_mb()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
