"""Score the date layer on TimeBank (TimeML DATE timexes), as the README's date section reports it.

TimeBank is not part of the project: it is read from a folder holding
``timebank-dates.jsonl`` and its scorer ``score_dates.py`` (by default
``../shared/dates`` next to the repository). The script turns each document
into an article (``id``, ``text``, ``date`` = the document creation day),
runs the same components as ``caspianie dates``, writes the date rows to a
JSONL file and prints the scorer's figures:

    python scripts/timebank.py [DATES_DIR] [--pred PRED.jsonl] [--errors]

``--errors`` also lists the gold DATEs missed, the predictions that match
nothing, and the wrong values (for development).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from caspianie.contract.article import Article
from caspianie.pipeline.assemble import create_pipeline
from caspianie.pipeline.docprep import make_doc
from caspianie.pipeline.timex.recognizer import date_rows

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "dates"
GOLD_NAME = "timebank-dates.jsonl"
SCORER_NAME = "score_dates.py"
KEEP = ["caspianie_metadata", "caspianie_sentences", "caspianie_dates"]


def predict(gold_path: Path, pred_path: Path) -> list[dict]:
    """Run the date layer on every gold document and write its date rows to ``pred_path``."""
    nlp = create_pipeline(None, None)
    documents = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    rows: list[dict] = []
    with nlp.select_pipes(enable=[name for name in KEEP if name in nlp.pipe_names]):
        for d in documents:
            article = Article(doc_id=d["doc_id"], text=d["text"], date=d["dct"][:10], source=GOLD_NAME)
            rows.extend(date_rows(nlp(make_doc(nlp, article, None))))
    with pred_path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return documents


def is_date(timex: dict) -> bool:
    """A gold DATE the scorer counts (not "now", "the past")."""
    return timex["type"] == "DATE" and not str(timex.get("value") or "").endswith("_REF")


def print_errors(documents: list[dict], pred_path: Path) -> None:
    """Misses, unmatched predictions and wrong values, matched as the scorer matches them."""
    by_doc: dict[str, list[dict]] = {}
    for line in pred_path.open(encoding="utf-8"):
        row = json.loads(line)
        by_doc.setdefault(row["doc_id"], []).append(row)
    for d in documents:
        gold = [t for t in d["timexes"] if is_date(t)]
        other = [t for t in d["timexes"] if not is_date(t)]
        preds = [p for p in by_doc.get(d["doc_id"], [])
                 if not any(p["start"] < o["end"] and o["start"] < p["end"] for o in other)]
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(preds)
                        if i not in used and p["start"] < g["end"] and g["start"] < p["end"]), None)
            context = d["text"][max(0, g["start"] - 40):g["end"] + 25].replace("\n", " ")
            if hit is None:
                print(f"MISS  {d['dct'][:10]} {g['text']!r} gold={g['value']} | {context}")
                continue
            used.add(hit)
            p = preds[hit]
            if p["value"] != g["value"]:
                print(f"VALUE {d['dct'][:10]} {g['text']!r} gold={g['value']} pred={p['value']} "
                      f"({p['rule']}: {p['text']!r}) | {context}")
        for i, p in enumerate(preds):
            if i not in used:
                context = d["text"][max(0, p["start"] - 40):p["end"] + 25].replace("\n", " ")
                print(f"SPUR  {d['dct'][:10]} {p['text']!r} pred={p['value']} ({p['rule']}) | {context}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dates_dir", nargs="?", default=str(DEFAULT_DIR),
                        help=f"folder with {GOLD_NAME} and {SCORER_NAME} (default: ../shared/dates)")
    parser.add_argument("--pred", help="where to write the predicted date rows (default: a temporary file)")
    parser.add_argument("--errors", action="store_true", help="list misses, spurious dates and wrong values")
    args = parser.parse_args()
    folder = Path(args.dates_dir)
    gold, scorer = folder / GOLD_NAME, folder / SCORER_NAME
    for needed in (gold, scorer):
        if not needed.is_file():
            print(f"error: {needed}: not found (give the folder holding {GOLD_NAME} and {SCORER_NAME})",
                  file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(args.pred) if args.pred else Path(tmp) / "pred.jsonl"
        documents = predict(gold, pred)
        if args.errors:
            print_errors(documents, pred)
        return subprocess.run([sys.executable, str(scorer), str(gold), str(pred)], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
