"""Scoring cross-document consolidation against cluster gold (``corpus/clusters/``).

A cluster file is one JSON object ``{"clusters": [...]}`` with one cluster per
line, ``{"cluster": id, "members": [{"doc_id": ..., "id": ...}, ...]}``, for
events (``events.json``) and the same with ``key`` for agreements
(``agreements.json``); ``.json``, so that ``caspianie extract corpus`` does not
take them for article files. Records the files do not
list are clusters of their own. The prediction is a consolidation database;
when it was built from extracted rather than gold records, ``gold`` records map
each predicted record to its gold counterpart (the evaluator's per-document
matching), and only matched records are scored.

Reported: pairwise precision/recall/F1 (over pairs of records put in one
cluster) and B-cubed precision/recall/F1 (per record, averaged).
"""

from __future__ import annotations

import json
import sqlite3
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable, Optional

from caspianie.errors import CaspianieError, RecordFileError
from caspianie.evaluation.matching import (EventMaps, key_map, match_actors, match_agreements, match_events,
                                           match_projects)

KINDS = {"events": ("id", "consolidated_event_sources", "event_id"),
         "agreements": ("key", "consolidated_agreement_sources", "key")}
Clusters = list[set[str]]


def read_clusters(path: str | Path) -> dict[str, Clusters]:
    """The gold clusters of a directory (``events.json``, ``agreements.json``), as sets of ``doc_id#id``."""
    folder = Path(path)
    out: dict[str, Clusters] = {}
    for kind, (field, _table, _column) in KINDS.items():
        file = folder / f"{kind}.json"
        if not file.is_file():
            raise CaspianieError(f"{folder}: no {kind}.json cluster file")
        text = file.read_text(encoding="utf-8")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise RecordFileError(f"{file}:{err.lineno}: invalid JSON ({err.msg})", str(file), err.lineno) from None
        clusters = data.get("clusters") if isinstance(data, dict) else None
        if not isinstance(clusters, list):
            raise RecordFileError(f"{file}:1: expected an object with a 'clusters' list", str(file), 1)
        seen: dict[str, int] = {}
        out[kind] = []
        for number, cluster_data in enumerate(clusters, start=1):
            lineno = _line_of(text, cluster_data, number)
            members = cluster_data.get("members") if isinstance(cluster_data, dict) else None
            if not isinstance(members, list) or not all(isinstance(m, dict) and "doc_id" in m and field in m
                                                        for m in members):
                raise RecordFileError(f"{file}:{lineno}: a cluster needs 'members', a list of objects with "
                                      f"'doc_id' and '{field}'", str(file), lineno)
            cluster = set()
            for member in members:
                ref = f"{member['doc_id']}#{member[field]}"
                if ref in seen:
                    raise RecordFileError(f"{file}:{lineno}: {ref} is already in the cluster of line {seen[ref]}",
                                          str(file), lineno)
                seen[ref] = lineno
                cluster.add(ref)
            out[kind].append(cluster)
    return out


def _line_of(text: str, cluster: Any, number: int) -> int:
    """The line a cluster starts on: the line naming its id, else its position (one cluster per line)."""
    name = cluster.get("cluster") if isinstance(cluster, dict) else None
    if isinstance(name, str):
        at = text.find(json.dumps(name))
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return number + 1


def db_clusters(db_path: str | Path) -> dict[str, Clusters]:
    """The consolidated clusters of a database, as sets of ``doc_id#id``."""
    if not Path(db_path).is_file():
        raise CaspianieError(f"{db_path}: no such database (run caspianie consolidate first)")
    out: dict[str, Clusters] = {}
    with sqlite3.connect(db_path) as conn:
        for kind, (_field, table, column) in KINDS.items():
            groups: dict[str, set[str]] = {}
            try:
                rows = conn.execute(f"SELECT consolidated_id, doc_id, {column} FROM {table}").fetchall()
            except sqlite3.DatabaseError as err:
                raise CaspianieError(f"{db_path}: not a consolidation database ({err})") from None
            for cid, doc_id, ident in rows:
                groups.setdefault(cid, set()).add(f"{doc_id}#{ident}")
            out[kind] = [groups[c] for c in sorted(groups)]
    return out


def gold_refs(gold: dict[str, list[Any]], pred: dict[str, list[Any]]) -> dict[str, dict[str, str]]:
    """Predicted ``doc_id#id`` -> gold ``doc_id#id`` for events and agreements, per document."""
    out: dict[str, dict[str, str]] = {"events": {}, "agreements": {}}
    for doc_id in sorted(set(gold) & set(pred)):
        g, p = gold[doc_id], pred[doc_id]
        split = lambda records, t: [r for r in records if r.type == t]  # noqa: E731
        actors = key_map(split(g, "actor"), split(p, "actor"), match_actors(split(g, "actor"), split(p, "actor")))
        projects = key_map(split(g, "project"), split(p, "project"),
                           match_projects(split(g, "project"), split(p, "project")))
        g_ag, p_ag = split(g, "agreement"), split(p, "agreement")
        ag_pairs = match_agreements(g_ag, p_ag)
        for gi, pi in ag_pairs:
            out["agreements"][f"{doc_id}#{p_ag[pi].key}"] = f"{doc_id}#{g_ag[gi].key}"
        g_ev, p_ev = split(g, "event"), split(p, "event")
        maps = EventMaps(actors, key_map(g_ag, p_ag, ag_pairs), projects)
        for gi, pi in match_events(g_ev, p_ev, maps):
            out["events"][f"{doc_id}#{p_ev[pi].id}"] = f"{doc_id}#{g_ev[gi].id}"
    return out


def _by_item(clusters: Iterable[set[str]]) -> dict[str, frozenset[str]]:
    out = {}
    for cluster in clusters:
        frozen = frozenset(cluster)
        for item in cluster:
            out[item] = frozen
    return out


def _prf(p: Optional[float], r: Optional[float]) -> dict[str, Optional[float]]:
    f = 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else None
    return {"p": p, "r": r, "f": f}


def score_clusters(gold: Clusters, pred: Clusters, items: set[str]) -> dict[str, Any]:
    """Pairwise and B-cubed scores of ``pred`` against ``gold`` over ``items`` (others ignored)."""
    gold_of = _by_item([c & items for c in gold] + [{i} for i in items - set().union(*gold)] if gold else
                       [{i} for i in items])
    pred_of = _by_item([c & items for c in pred if c & items] + [{i} for i in items - set().union(*pred)]
                       if pred else [{i} for i in items])
    pairs = lambda of: {tuple(sorted(p)) for c in set(of.values()) for p in combinations(c, 2)}  # noqa: E731
    gold_pairs, pred_pairs = pairs(gold_of), pairs(pred_of)
    both = len(gold_pairs & pred_pairs)
    pairwise = _prf(both / len(pred_pairs) if pred_pairs else None, both / len(gold_pairs) if gold_pairs else None)
    precision = sum(len(pred_of[i] & gold_of[i]) / len(pred_of[i]) for i in items)
    recall = sum(len(pred_of[i] & gold_of[i]) / len(gold_of[i]) for i in items)
    bcubed = _prf(precision / len(items) if items else None, recall / len(items) if items else None)
    return {"items": len(items), "gold_pairs": len(gold_pairs), "pred_pairs": len(pred_pairs), "pairwise": pairwise,
            "bcubed": bcubed}


def evaluate_clusters(gold: dict[str, Clusters], pred: dict[str, Clusters],
                      refs: Optional[dict[str, dict[str, str]]] = None) -> dict[str, Any]:
    """Scores per kind; ``refs`` maps predicted records to gold ones (None: the database holds gold records)."""
    out: dict[str, Any] = {}
    for kind in KINDS:
        clusters = pred[kind]
        if refs is not None:
            mapping = refs[kind]
            clusters = [{mapping[i] for i in c if i in mapping} for c in clusters]
            clusters = [c for c in clusters if c]
        items = set().union(*clusters) if clusters else set()
        out[kind] = score_clusters(gold[kind], clusters, items)
        if refs is not None:
            out[kind]["unmatched_predictions"] = sum(len(c) for c in pred[kind]) - len(items)
    return out


def format_cluster_table(result: dict[str, Any]) -> str:
    """A small table of the figures."""
    pct = lambda v: "   -  " if v is None else f"{100 * v:6.1f}"  # noqa: E731
    lines = [f"{'':12} {'items':>6} {'pairs':>6}   pairwise P     R     F1   B-cubed P     R     F1"]
    for kind, s in result.items():
        pw, b3 = s["pairwise"], s["bcubed"]
        lines.append(f"{kind:12} {s['items']:6d} {s['gold_pairs']:6d}   {pct(pw['p'])}{pct(pw['r'])}{pct(pw['f'])}  "
                     f"   {pct(b3['p'])}{pct(b3['r'])}{pct(b3['f'])}")
    return "\n".join(lines)
