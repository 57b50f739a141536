"""Pattern-file helpers: validation errors and the phrase form of LOWER-only patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from caspianie.errors import RecordFileError
from caspianie.knowledge.patternfiles import expand_phrases, read_span_patterns


def test_lower_only_patterns_become_phrases() -> None:
    pattern = [{"LOWER": {"IN": ["state", "official"]}}, {"LOWER": "official", "OP": "?"}, {"LOWER": "visit"}]
    assert expand_phrases(pattern) == ["state official visit", "state visit", "official official visit",
                                       "official visit"]


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "first"}, {"IS_TITLE": True}],              # another attribute
    [{"LOWER": {"IN": ["days"]}}, {"LOWER": "of", "OP": "+"}],  # an unbounded operator
    [{"LOWER": {"NOT_IN": ["the"]}}],                       # a negated set
    "Baku",                                                 # already a phrase
])
def test_other_patterns_stay_token_patterns(pattern) -> None:
    assert expand_phrases(pattern) is None


def test_a_bad_pattern_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"label": "X", "pattern": "ok", "id": "a"}\n{"label": "X", "pattern": "ok"}\n', encoding="utf-8")
    with pytest.raises(RecordFileError, match=r"bad\.jsonl:2: .*id: Field required"):
        read_span_patterns(path)
