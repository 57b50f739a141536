"""Throughput benchmark of ``caspianie extract`` (a script, not a test).

Builds one generated corpus (the bundled articles repeated under distinct ids
to about ``--words`` words) and, in one run, measures in fresh processes:

- a blank spaCy English tokenizer pass (the floor under any spaCy pipeline);
- caspianie single-process and with ``-j 2``, and the ratio to the tokenizer;
- spaCy's sentencizer and ``SpanRuler`` over caspianie's patterns with no caspianie
  code, the share of the tokenizer's speed the rules alone leave in spaCy's own
  compiled components;
- peak RSS and wall time of single-process runs at 1x and ``--scale``x the corpus;
- ``en_core_web_sm`` NER-only, where that model is installed.

    python benchmarks/throughput.py                 # ~1M words, 10x run at ~10M words
    python benchmarks/throughput.py --words 200000  # a quicker run

Words/s counts whitespace-separated words over the extraction itself (reading,
pipeline, records, writing); wall time includes starting Python and loading the
pipeline. Peak RSS is the largest resident set of the process or any worker.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def make_corpus(path: Path, words: int) -> int:
    """Write bundled articles, repeated, as JSONL until about ``words`` words; return the word count."""
    articles = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    total, copy = 0, 0
    with path.open("w", encoding="utf-8") as handle:
        while total < words:
            for stem, text in articles:
                handle.write(json.dumps({"id": f"{stem}-{copy}", "text": text}, ensure_ascii=False) + "\n")
                total += len(text.split())
            copy += 1
    return total


def peak_rss_mb() -> float:
    """Peak resident set of this process or any finished child, in MiB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return max(own, children) / scale


def texts_of(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.open(encoding="utf-8")]


def child_tokenizer(path: Path) -> dict:
    import spacy

    nlp = spacy.blank("en")
    texts = texts_of(path)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return {"seconds": time.perf_counter() - started}


def child_rulers(path: Path) -> dict:
    """spaCy's own sentencizer and ``SpanRuler`` over caspianie's three pattern sets, and nothing else.

    No caspianie code runs here: this is what the rules alone cost in the compiled components
    the project is built on, a floor under the full pipeline that tuning caspianie cannot lower.
    """
    import spacy

    from caspianie.pipeline import create_pipeline

    config = create_pipeline().config["components"]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in ("caspianie_entity_ruler", "caspianie_title_ruler", "caspianie_agreement_ruler"):
        ruler = nlp.add_pipe("span_ruler", name=name, config={"spans_key": name, "validate": False})
        ruler.add_patterns(ruler_patterns(config[name]))
    texts = texts_of(path)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return {"seconds": time.perf_counter() - started}


def ruler_patterns(settings: dict) -> list[dict]:
    """The patterns one ``caspianie_ruler`` component loads, from its config settings."""
    from caspianie.pipeline.ruler import (
        gazetteer_patterns,
        place_patterns,
        read_span_patterns,
    )

    patterns = [p for file in settings["pattern_files"] for p in read_span_patterns(file)]
    if settings["gazetteer"]:
        patterns += gazetteer_patterns()
    if settings["places"]:
        patterns += place_patterns()
    return patterns


def child_ner(path: Path) -> dict:
    import spacy

    nlp = spacy.load("en_core_web_sm", enable=["tok2vec", "ner"])
    texts = texts_of(path)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return {"seconds": time.perf_counter() - started}


def child_extract(path: Path, jobs: int) -> dict:
    from caspianie.batch.extract import extract_paths
    from caspianie.pipeline import create_pipeline

    nlp = create_pipeline()
    with tempfile.TemporaryDirectory() as out:
        summary = extract_paths(nlp, [path], out, jobs=jobs)
    if summary.failed:
        raise SystemExit(f"{summary.failed} documents failed: the benchmark needs a clean run")
    return {"seconds": summary.seconds, "documents": summary.documents}


def measure(kind: str, path: Path, jobs: int = 1) -> dict:
    """Run one measurement in a fresh Python process; its figures plus wall time and peak RSS."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, __file__, "--child", kind, "--input", str(path), "--jobs", str(jobs)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    return figures


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


def run(words: int, scale: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "1x.jsonl", Path(tmp) / f"{scale}x.jsonl"
        n_small = make_corpus(small, words)
        n_large = make_corpus(large, words * scale)
        tok = measure("tokenizer", small)
        rulers = measure("rulers", small)
        single = measure("extract", small)
        double = measure("extract", small, jobs=2)
        big = measure("extract", large)
        ner = measure("ner", small) if has_small_model() else None
    rate = lambda figures, n: n / figures["seconds"]
    tok_rate, one, two = rate(tok, n_small), rate(single, n_small), rate(double, n_small)
    print(f"machine: {machine()}")
    print(f"corpus: {n_small:,} words (1x), {n_large:,} words ({scale}x); bundled articles repeated\n")
    print("| figure | value | target |")
    print("|---|---|---|")
    print(row("blank tokenizer", f"{tok_rate:,.0f} words/s"))
    print(row("caspianie -j 1", f"{one:,.0f} words/s"))
    print(row("caspianie -j 2", f"{two:,.0f} words/s"))
    print(row("caspianie / tokenizer", f"{one / tok_rate:.1%}", ">= 40%"))
    print(row("spaCy sentencizer + SpanRuler, caspianie's patterns, no caspianie code / tokenizer",
              f"{rate(rulers, n_small) / tok_rate:.1%}"))
    print(row("-j 2 / -j 1", f"{two / one:.2f}x", ">= 1.6x"))
    if ner is not None:
        print(row("en_core_web_sm NER only", f"{rate(ner, n_small):,.0f} words/s"))
    print(row("wall 1x / peak RSS 1x", f"{single['wall']:.1f} s / {single['rss_mb']:.0f} MiB"))
    print(row(f"wall {scale}x / peak RSS {scale}x", f"{big['wall']:.1f} s / {big['rss_mb']:.0f} MiB"))
    print(row(f"wall {scale}x / 1x", f"{big['wall'] / single['wall']:.2f}x", f"<= {scale * 1.05:.1f}x"))
    print(row(f"RSS {scale}x / 1x", f"{big['rss_mb'] / single['rss_mb']:.2f}x", "<= 1.2x"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="words of the 1x corpus")
    parser.add_argument("--scale", type=int, default=10, help="size of the large corpus, in multiples of 1x")
    parser.add_argument("--child", choices=["tokenizer", "rulers", "extract", "ner"], help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is None:
        run(args.words, args.scale)
        return
    children = {"tokenizer": lambda: child_tokenizer(args.input), "ner": lambda: child_ner(args.input),
                "rulers": lambda: child_rulers(args.input),
                "extract": lambda: child_extract(args.input, args.jobs)}
    figures = children[args.child]()
    figures["rss_mb"] = peak_rss_mb()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
