"""The Dask backend on a loopback LocalCluster gives the records of a local run."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from caspianie.batch.distributed import parse_target
from caspianie.batch.extract import ERRORS_FILE, extract_paths

ROOT = Path(__file__).resolve().parents[1]


def records_by_file(out: Path) -> dict[str, list[dict]]:
    return {p.name: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
            for p in sorted(out.glob("*.jsonl"))}


def test_local_cluster_records_equal_local_run(nlp: Language, tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    rows = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted((ROOT / "corpus").glob("*.txt"))[:3]]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{broken\n", encoding="utf-8")
    local = extract_paths(nlp, [source], tmp_path / "local", batch_size=1)
    on_dask = extract_paths(nlp, [source], tmp_path / "dask", batch_size=1, dask="local:2")
    assert (on_dask.documents, on_dask.failed) == (local.documents, local.failed) == (3, 1)
    assert records_by_file(tmp_path / "dask") == records_by_file(tmp_path / "local")
    assert (tmp_path / "dask" / ERRORS_FILE).read_text() == (tmp_path / "local" / ERRORS_FILE).read_text()


def test_dask_targets() -> None:
    assert parse_target("local:3") == (3, None)
    assert parse_target("tcp://10.0.0.5:8786") == (None, "tcp://10.0.0.5:8786")
