"""``--model`` with a trained spaCy pipeline: one is built and saved by the test (a tagger and a
parser initialized on two hand-made sentences; nothing is downloaded), then ``extract`` runs on it."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from spacy.training import Example

from caspianie.cli import main
from caspianie.pipeline import create_pipeline

ROOT = Path(__file__).resolve().parents[1]
DOC = "kz-az-state-visit-baku-2024"
SENTENCES = [("Tokayev visited Baku .", ["PROPN", "VERB", "PROPN", "PUNCT"]),
             ("Aliyev met Putin .", ["PROPN", "VERB", "PROPN", "PUNCT"])]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("tagger")
    nlp.add_pipe("parser")
    examples = [Example.from_dict(nlp.make_doc(text), {"tags": tags, "heads": [1, 1, 1, 1],
                                                       "deps": ["nsubj", "ROOT", "dobj", "punct"]})
                for text, tags in SENTENCES]
    nlp.initialize(lambda: examples)
    path = tmp_path_factory.mktemp("model") / "trained"
    nlp.to_disk(path)
    return path


def test_rules_come_after_the_models_components_without_warnings(trained: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nlp = create_pipeline(model=str(trained))
    assert nlp.pipe_names[:3] == ["tagger", "parser", "caspianie_metadata"]
    assert "caspianie_sentences" not in nlp.pipe_names  # the parser sets sentences
    assert [str(w.message)[:5] for w in caught if "W012" in str(w.message)] == []


def test_extract_with_a_trained_model_writes_records(trained: Path, tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    text = (ROOT / "corpus" / f"{DOC}.txt").read_text(encoding="utf-8")
    (articles / f"{DOC}.txt").write_text(text, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, ["extract", str(articles), "-o", str(tmp_path / "out"),
                                           "--model", str(trained)])
    assert result.exit_code == 0, result.output
    assert not [w for w in caught if "W012" in str(w.message)]
    lines = [json.loads(line) for line in (tmp_path / "out" / f"{DOC}.jsonl").read_text().splitlines()]
    assert lines[0]["type"] == "document" and lines[0]["reference_date"]["value"] == "2024-03-12"
    actors = {r["key"] for r in lines if r["type"] == "actor"}
    assert {"kassym-jomart-tokayev", "ilham-aliyev", "azerbaijan", "kazakhstan"} <= actors
    for record in lines:
        for mention in record.get("mentions", []):
            assert text[mention["start"]:mention["end"]] == mention["text"]
