"""Build and score the real-news development set.

The set's gold records and manifest are committed in ``corpus/realnews/``; the
article texts are third-party text and stay outside the repository (by default
in ``../realnews/texts`` beside the checkout, one ``<doc_id>.txt`` each, saved
from the stored public pages the manifest names). This script turns that folder
plus the manifest into a JSONL article file whose ``date`` is each page's
publication date (as users pass real news), extracts it, and scores it::

    python scripts/realnews.py score                 # every batch
    python scripts/realnews.py score --batch D       # one batch (its first-sight row); --batch A,B for several
    python scripts/realnews.py build -o articles.jsonl

``score`` prints the evaluator's table for the selected documents and, with
``--json FILE``, writes the full result (per document and errors).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Optional

from caspianie.batch.extract import extract_paths
from caspianie.contract.refcheck import load_documents
from caspianie.evaluation.evalreport import format_errors, format_table
from caspianie.evaluation.evaluate import evaluate_documents
from caspianie.pipeline import create_pipeline

HERE = Path(__file__).resolve().parent.parent
SET = HERE / "corpus" / "realnews"


def manifest(batch: Optional[str] = None) -> list[dict]:
    """The manifest's entries (one per article), optionally of some batches only ("D" or "A,B")."""
    rows = [json.loads(line) for line in (SET / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = None if batch is None else set(batch.split(","))
    return [row for row in rows if wanted is None or row["batch"] in wanted]


def build(texts: Path, rows: list[dict], out: Path) -> int:
    """Write ``out`` as a JSONL article file; returns how many texts were found."""
    missing = [row["doc_id"] for row in rows if not (texts / f"{row['doc_id']}.txt").is_file()]
    if missing:
        sys.exit(f"error: {texts}: no text for {', '.join(missing)} (re-read them from the manifest's urls)")
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            text = (texts / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
            handle.write(json.dumps({"id": row["doc_id"], "text": text, "date": row.get("published")}, ensure_ascii=False) + "\n")
    return len(rows)


def score(texts: Path, rows: list[dict], json_file: Optional[Path], show_errors: bool) -> dict:
    """Extract the selected articles and score them against their gold."""
    ids = {row["doc_id"] for row in rows}
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles.jsonl"
        build(texts, rows, articles)
        extract_paths(create_pipeline(), [articles], Path(tmp) / "out")
        pred = {k: v for k, v in load_documents(Path(tmp) / "out").items() if k in ids}
    gold = {k: v for k, v in load_documents(SET / "gold").items() if k in ids}
    result = evaluate_documents(gold, pred)
    print(f"{len(ids)} real-news articles")
    print(format_table(result))
    if show_errors:
        print(format_errors(result["errors"]))
    if json_file is not None:
        json_file.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "score"))
    parser.add_argument("--texts", type=Path, default=HERE.parent / "realnews" / "texts",
                        help="folder of <doc_id>.txt article texts (outside the repository)")
    parser.add_argument("--batch", default=None, help="only these batches of the manifest (D, or A,B,C)")
    parser.add_argument("-o", "--out", type=Path, default=Path("realnews-articles.jsonl"), help="build: the JSONL file")
    parser.add_argument("--json", type=Path, default=None, help="score: write the full result here")
    parser.add_argument("--errors", action="store_true", help="score: list false positives and negatives")
    args = parser.parse_args()
    rows = manifest(args.batch)
    if not rows:
        sys.exit(f"error: {SET / 'manifest.jsonl'}: no article of batch {args.batch!r}")
    if args.command == "build":
        print(f"{build(args.texts, rows, args.out)} articles written to {args.out}")
    else:
        score(args.texts, rows, args.json, args.errors)


if __name__ == "__main__":
    main()
