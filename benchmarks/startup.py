"""Start-up cost of a one-article run: CPU seconds for the imports, for building the pipeline and
for the first article's records, each measured in this process with ``time.process_time``.

    python benchmarks/startup.py [ARTICLE]

The figure the target compares is "after imports": pipeline build plus the first record set.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.0


def main() -> None:
    article = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "kz-az-state-visit-baku-2024.txt"
    text = article.read_text(encoding="utf-8")
    t0 = time.process_time()
    from caspianie.batch.extract import extract_text
    from caspianie.pipeline.assemble import create_pipeline
    t1 = time.process_time()
    nlp = create_pipeline()
    t2 = time.process_time()
    records = extract_text(nlp, text, doc_id=article.stem)
    t3 = time.process_time()
    print(f"article: {article.name} ({len(text):,} characters, {len(records)} records)")
    print(f"imports:                     {t1 - t0:.2f} s CPU")
    print(f"pipeline build:              {t2 - t1:.2f} s CPU")
    print(f"first article's records:     {t3 - t2:.2f} s CPU")
    print(f"after imports (build+first): {t3 - t1:.2f} s CPU (target <= {TARGET:.1f} s)")


if __name__ == "__main__":
    main()
