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


TRIGGER = '{"label": "meeting", "pattern": [{"LOWER": "hosted"}], "id": "meeting-hosted", "requires": "person"}'


@pytest.mark.parametrize("name, good, bad, reason", [
    ("triggers.jsonl", TRIGGER, TRIGGER.replace('"person"', '"persn"'), "requires: Input should be 'agreement', "),
    ("triggers.jsonl", TRIGGER, TRIGGER.replace('"requires"', '"requirs"'), "requirs: Extra inputs are not permitted"),
    ("titles.jsonl", '{"label": "TITLE", "pattern": "President", "id": "t"}',
     '{"label": "TITLE", "pattern": "Premier", "id": "t2", "requires": "person"}', "requires: Extra inputs are not permitted"),
    ("places.jsonl", '{"key": "aktau", "name": "Aktau"}', '{"key": "baku", "name": "Baku", "alias": ["Baki"]}',
     "alias: Extra inputs are not permitted"),
    ("sections.jsonl", '{"heading": "References", "kind": "references"}', '{"heading": "Notes", "kind": "notes"}',
     "kind: Input should be 'references'"),
    ("lexicons.jsonl", '{"id": "a", "words": ["x"]}', '{"id": "b", "word": ["y"]}', "words: Field required"),
])
def test_a_misspelled_field_or_value_fails_loading_with_file_and_line(tmp_path: Path, name, good, bad, reason) -> None:
    from caspianie.knowledge.patternfiles import Lexicon, Place, SectionHeading, SpanPattern, TriggerPattern, read_models

    model = {"triggers.jsonl": TriggerPattern, "titles.jsonl": SpanPattern, "places.jsonl": Place,
             "sections.jsonl": SectionHeading, "lexicons.jsonl": Lexicon}[name]
    path = tmp_path / name
    path.write_text(f"{good}\n\n{bad}\n", encoding="utf-8")
    with pytest.raises(RecordFileError) as err:
        read_models(path, model)
    assert str(err.value).startswith(f"{path}:3: pattern file entry is invalid: ")
    assert reason in str(err.value)
    assert err.value.line == 3
    path.write_text(f"{good}\n", encoding="utf-8")
    assert len(read_models(path, model)) == 1


def test_a_misspelled_trigger_requirement_stops_the_pipeline_being_built(tmp_path: Path) -> None:
    """Before, "persn" loaded silently and licensed every match ("the company hosted a reception")."""
    import spacy

    path = tmp_path / "triggers.jsonl"
    path.write_text(TRIGGER.replace('"person"', '"persn"') + "\n", encoding="utf-8")
    with pytest.raises(RecordFileError, match=r"triggers\.jsonl:1: .*requires: Input should be"):
        spacy.blank("en").add_pipe("caspianie_events", config={"triggers": str(path)})


def test_every_packaged_gazetteer_and_pattern_file_goes_through_the_one_loader(monkeypatch) -> None:
    import caspianie.knowledge.patternfiles as patternfiles
    from caspianie.knowledge.gazetteer import load_gazetteer_files, packaged_files
    from caspianie.pipeline.sentences import Abbreviations
    from caspianie.pipeline.timex.recognizer import load_date_patterns

    seen: list[str] = []
    original = patternfiles.records_json_lines
    monkeypatch.setattr(patternfiles, "records_json_lines", lambda path, bad: seen.append(Path(path).name) or original(path, bad))
    load_gazetteer_files(packaged_files())
    Abbreviations.load()
    load_date_patterns(None, __import__("spacy").blank("en").vocab)
    assert seen == ["countries.jsonl", "organizations.jsonl", "persons.jsonl", "projects.jsonl",
                    "abbreviations.jsonl", "dates.jsonl"]


def test_rule_vocabulary_in_lexicons_names_real_rules_and_kinds() -> None:
    from caspianie.knowledge.patternfiles import lexicons, read_models, SpanPattern
    from caspianie.pipeline.agreements import KINDS

    project_rules = {p.id for p in read_models("projects.jsonl", SpanPattern)}
    rule_kinds = dict(lexicons()["project_rule_kinds"])
    assert set(rule_kinds) <= project_rules
    assert set(rule_kinds.values()) <= {"pipeline", "railway", "transport_corridor", "port", "oil_field", "other"}
    assert KINDS["treaty"] == "treaty" and KINDS["communiqué"] == "declaration"
