"""Clustering the blocks: one pure function per block, run here or as Dask partitions.

``cluster_block`` takes plain rows and dictionaries and returns plain data, so a
block can be shipped to a Dask worker and back; the results are written in block
order, so output is identical with and without Dask.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable, Iterator, Optional

from caspianie.consolidation.dates import intersect, overlaps
from caspianie.consolidation.events import THRESHOLD, Report, anchors, cluster_reports, judge, order, report_of
from caspianie.consolidation.matching import Cluster, Clusterer

Block = tuple[str, list[dict[str, Any]], dict[str, str], dict[tuple[str, str], str]]


def cluster_id(prefix: str, member_keys: Iterable[str]) -> str:
    """A stable id for a cluster: it changes only when its first member (in key order) changes."""
    return f"{prefix}-{hashlib.sha1(min(member_keys).encode('utf-8')).hexdigest()[:12]}"


def describe(cluster: Cluster[Any], key_of: Any) -> dict[str, Any]:
    """A cluster as plain data: member keys, the fields each joining member agreed on, the links."""
    keys = [key_of(m) for m in cluster.members]
    return {"members": keys, "agreed": [list(a) for a in cluster.agreed],
            "links": [{"source": keys[i], "agreed": list(fields), "score": round(score, 3)}
                      for i, fields, score in cluster.links],
            "conflict": cluster.conflict}


def cluster_block(partition: str, rows: list[dict[str, Any]], country_of: dict[str, str],
                  agreement_ids: dict[tuple[str, str], str]) -> tuple[str, list[dict[str, Any]]]:
    """Cluster the event rows of one dated block."""
    reports = [report_of(row, country_of, agreement_ids) for row in rows]
    return partition, [describe(c, lambda r: r.key) for c in cluster_reports(reports)]


def attach_undated(seeds: list[list[Report]], undated: list[Report]) -> list[dict[str, Any]]:
    """Attach undated reports of one type to the dated clusters ``seeds`` (lists of member reports)
    when they share an agreement or a project and score above the threshold; the rest cluster
    among themselves. Returns the clusters that gained members and the new ones."""
    def strict(report: Report, cluster: Cluster[Report]) -> Any:
        verdict = judge(report, cluster)
        if verdict is None or not {"agreements", "projects"} & set(verdict.agreed):
            return None
        return verdict

    clusterer: Clusterer[Report] = Clusterer(strict, anchors, lambda r: r.doc_id, lambda r: None, THRESHOLD)
    for members in seeds:
        cluster: Cluster[Report] = Cluster(members=list(members), agreed=[() for _ in members],
                                           docs={m.doc_id for m in members})
        for m in members:
            cluster.span = intersect(cluster.span, m.span) if overlaps(cluster.span, m.span) else cluster.span
        number = len(clusterer.clusters)
        clusterer.clusters.append(cluster)
        for m in members:
            for anchor in anchors(m):
                clusterer.index.setdefault((anchor, ("none",)), []).append(number)
    seeded = len(seeds)
    for report in sorted(undated, key=order):
        clusterer.add(report)
    out = []
    for number, cluster in enumerate(clusterer.clusters):
        if number >= seeded or len(cluster.members) > len(seeds[number]):
            data = describe(cluster, lambda r: r.key)
            data["seed"] = number if number < seeded else None
            data["new_members"] = data["members"][len(seeds[number]):] if number < seeded else data["members"]
            out.append(data)
    return out


def run_blocks(blocks: Iterable[Block], dask: Optional[str] = None
               ) -> Iterator[tuple[str, list[dict[str, Any]], Optional[list[dict[str, Any]]]]]:
    """Cluster every block, locally or as Dask partitions (``dask``: ``local[:N]`` or an address).
    Yields (block, clusters, its rows when still at hand) in block order."""
    if dask is None:
        for block in blocks:
            yield (*cluster_block(*block), block[1])
        return
    from caspianie.batch.distributed import dask_client

    with dask_client(dask) as client:
        futures = [client.submit(cluster_block, *block, pure=False) for block in blocks]
        for future in futures:
            yield (*future.result(), None)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
