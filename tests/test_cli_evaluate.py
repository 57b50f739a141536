"""``caspianie evaluate`` and ``caspianie schema`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from caspianie.cli.main import main

GOLD = [
    {"type": "actor", "doc_id": "d", "key": "kazakhstan", "name": "Kazakhstan", "kind": "country"},
    {"type": "actor", "doc_id": "d", "key": "ilham-aliyev", "name": "Ilham Aliyev", "kind": "person",
     "country": "azerbaijan", "aliases": ["Aliyev"]},
    {"type": "event", "doc_id": "d", "id": "e1", "event_type": "visit", "trigger": "visit",
     "date": {"text": "May 2024", "value": "2024-05", "granularity": "month"}, "location": "Astana",
     "participants": ["ilham-aliyev", "kazakhstan"],
     "evidence": {"text": "Aliyev paid a visit to Astana.", "start": 0, "end": 30}},
]
PRED = [
    {"type": "actor", "doc_id": "d", "key": "kz", "name": "Kazakhstan", "kind": "country"},
    {"type": "actor", "doc_id": "d", "key": "georgia", "name": "Georgia", "kind": "country",
     "mentions": [{"text": "Georgia", "start": 40, "end": 47}]},
]


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    _jsonl(gold_dir / "d.jsonl", GOLD)
    return gold_dir, _jsonl(tmp_path / "pred.jsonl", PRED)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _row(output: str, label: str) -> list[str]:
    """The cells of the table row whose first cell is ``label`` (which may contain a space)."""
    line = next(line.strip() for line in output.splitlines() if line.strip().startswith(label + " "))
    return [label, *line[len(label):].split()]


def test_table_shows_figures(files: tuple[Path, Path]) -> None:
    gold, pred = files
    result = run("evaluate", "--gold", str(gold), "--pred", str(pred))
    assert result.exit_code == 0, result.output
    # kazakhstan matched; aliyev missed; georgia extra -> 1/2 each.
    assert _row(result.output, "actors") == ["actors", "50.00", "50.00", "50.00", "1", "1", "1"]
    assert _row(result.output, "person") == ["person", "-", "0.00", "0.00", "0", "0", "1"]
    # the gold visit is missed: 4 slots (date, location, two participants) are false negatives.
    assert _row(result.output, "visit") == ["visit", "-", "0.00", "0.00", "0", "0", "1"]
    assert _row(result.output, "event arguments") == ["event arguments", "-", "0.00", "0.00", "0", "0", "4"]
    assert _row(result.output, "actor country") == ["actor country", "-", "0", "0"]
    assert _row(result.output, "documents:") == ["documents:", "1"]
    assert "FN " not in result.output


def test_json_file_holds_every_figure(files: tuple[Path, Path], tmp_path: Path) -> None:
    gold, pred = files
    out = tmp_path / "scores.json"
    result = run("evaluate", "--gold", str(gold), "--pred", str(pred), "--json", str(out))
    assert result.exit_code == 0, result.output
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert (scores["actors_tp"], scores["actors_fp"], scores["actors_fn"]) == (1, 1, 1)
    assert (scores["args_p"], scores["args_r"], scores["args_fn"]) == (None, 0.0, 4)
    assert scores["per_doc"]["d"]["events_fn"] == 1
    assert [(e["error"], e["type"]) for e in scores["errors"]] == [("fn", "actor"), ("fp", "actor"), ("fn", "event")]


def test_errors_flag_lists_false_positives_and_negatives_with_evidence(files: tuple[Path, Path]) -> None:
    gold, pred = files
    result = run("evaluate", "--gold", str(gold), "--pred", str(pred), "--errors")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("FN actor") and "ilham-aliyev 'Ilham Aliyev' (person)" in line for line in lines)
    assert any(line.startswith("FP actor") and "georgia" in line for line in lines)
    event_line = next(i for i, line in enumerate(lines) if line.startswith("FN event"))
    assert "visit date=2024-05 location=Astana participants=[ilham-aliyev, kazakhstan]" in lines[event_line]
    assert lines[event_line + 1] == "    evidence: 'Aliyev paid a visit to Astana.'"


def test_bad_input_exits_2_with_file_and_line(files: tuple[Path, Path], tmp_path: Path) -> None:
    gold, _ = files
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(PRED[0]) + "\n" + json.dumps({**PRED[1], "kind": "nation"}) + "\n", encoding="utf-8")
    result = run("evaluate", "--gold", str(gold), "--pred", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}:2: actor.kind")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_missing_path_exits_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    gold, _ = files
    result = run("evaluate", "--gold", str(gold), "--pred", str(tmp_path / "absent"))
    assert result.exit_code == 2
    assert "absent: no such file or directory" in result.stderr


def test_schema_is_a_json_schema_of_the_five_records() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["discriminator"]["propertyName"] == "type"
    names = ["DocumentRecord", "ActorRecord", "ProjectRecord", "AgreementRecord", "EventRecord"]
    assert [ref["$ref"] for ref in schema["oneOf"]] == [f"#/$defs/{name}" for name in names]
    assert {schema["$defs"][name]["title"] for name in names} == set(names)
    assert set(schema["discriminator"]["mapping"]) == {"document", "actor", "project", "agreement", "event"}
    event = schema["$defs"]["EventRecord"]
    assert {"doc_id", "id", "event_type", "trigger"} <= set(event["required"])
