"""Long documents (issue 13): the per-document look-up tables answer what the scans they
replace answered, and a 1 MB one-line article goes through. Speed figures live in
benchmarks/long_documents.py; the limit here only ends a hung run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from caspianie.pipeline.extensions import blank_before, content_start, line_bounds, line_of, paragraph_start
from caspianie.pipeline.sentences import _last_word

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "",
    "one line only. No break at all",
    "Title\n\nBAKU, 12 March 2024 — First.\nSecond line.\r\n\r\n  1. Item one\n\t- Item two\n\n\n\nEnd.\n",
    "\n\n  \n x\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_line_and_paragraph_tables_answer_like_a_scan_of_the_text(text: str) -> None:
    doc = spacy.blank("en")(text)
    for offset in range(len(text) + 1):
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        end = len(text) if end == -1 else end
        assert line_bounds(doc, offset) == (start, end)
        assert line_of(doc, offset) == (start, text[start:end].rstrip("\r"))
        assert blank_before(doc, offset) == (not text[start:offset].strip())
        assert content_start(doc, offset) == start + len(text[start:end]) - len(re.sub(r"^[^\S\n]*", "", text[start:end]))
        assert paragraph_start(doc, offset) == text.rfind("\n\n", 0, offset)


@pytest.mark.parametrize("text", ["a b c.", "x", "   (N.", "word" * 50 + ".", "line\n" + "y" * 300 + "z.", "a\tb\x0bc."])
def test_last_word_reads_back_only_as_far_as_the_word(text: str) -> None:
    line_start = text.rfind("\n") + 1
    expected = text[line_start:].split()
    assert _last_word(text, line_start, len(text)) == (expected[-1] if expected else "")


def test_a_one_megabyte_one_line_article_is_extracted_with_exact_spans(tmp_path: Path) -> None:
    texts = [re.sub(r"\s*\n\s*", " ", p.read_text(encoding="utf-8")).strip() for p in sorted((ROOT / "corpus").glob("*.txt"))]
    text = ""
    while len(text) < 1_000_000:
        text += " ".join(texts) + " "
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    command = [sys.executable, "-c", "from caspianie.cli.main import main; main()",
               "extract", str(tmp_path / "long.txt"), "-o", str(tmp_path / "out")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800)  # a guard against hangs only
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (tmp_path / "out" / "long.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[0]["n_chars"] == len(text)
    assert {r["type"] for r in records} == {"document", "actor", "project", "agreement", "event"}
    for record in records:
        for mention in record.get("mentions", []) + ([record["evidence"]] if record.get("evidence") else []):
            assert text[mention["start"]:mention["end"]] == mention["text"]
