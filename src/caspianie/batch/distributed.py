"""Extraction on a Dask distributed cluster (``caspianie extract --dask TARGET``).

The driver reads the articles, sends chunks of them to the workers as Dask
futures (at most two per worker in flight) and writes the returned record lines
itself, in input order, so the output directory only has to exist where the
command runs and output is identical to a local run. Each worker process loads
the pipeline once (``shared_pipeline``) and reuses it for every chunk.

``TARGET`` is ``local`` or ``local:N`` (a ``LocalCluster`` of N single-threaded
worker processes on 127.0.0.1; N defaults to the number of CPUs) or the address
of a running scheduler (``tcp://10.0.0.5:8786``). Needs ``pip install "caspianie[dask]"``
here and on every worker.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Optional

from caspianie.errors import CaspianieError
from caspianie.batch.parallel import Item, Outcome, ordered_results, process_chunk

LOCAL = "local"


def parse_target(target: str) -> tuple[Optional[int], Optional[str]]:
    """``(workers, None)`` for ``local[:N]``, ``(None, address)`` for a scheduler address."""
    name, _, count = target.partition(":")
    if name != LOCAL:
        return None, target
    if not count:
        return os.cpu_count() or 1, None
    if not count.isdigit() or int(count) < 1:
        raise CaspianieError(f"--dask {target}: write local, local:N with N >= 1, or a scheduler address "
                             "such as tcp://10.0.0.5:8786.")
    return int(count), None


def _dask() -> Any:
    """The ``dask.distributed`` module, or a usage error saying how to install it."""
    try:
        import dask.distributed
    except ImportError:
        raise CaspianieError('--dask needs Dask: pip install "caspianie[dask]" (here and on the workers).') from None
    return dask.distributed


@contextmanager
def dask_client(target: str) -> Iterator[Any]:
    """A connected ``Client``: to a new loopback ``LocalCluster`` or to the scheduler at ``target``."""
    distributed = _dask()
    workers, address = parse_target(target)
    if address is None:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address=None)
        with cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(address, timeout="20s")
    except (OSError, TimeoutError) as err:
        raise CaspianieError(f"--dask {address}: cannot reach the scheduler ({err}). Start one with "
                             "'dask scheduler' and workers with 'dask worker ADDRESS --nthreads 1', "
                             "or use --dask local:N.") from None
    with client:
        yield client


def dask_outcomes(target: str, chunks: Iterable[list[Item]], reference: Optional[str], model: Optional[str],
                  batch_size: int) -> Iterator[list[Outcome]]:
    """The outcomes of each chunk computed on the cluster, in input order."""
    with dask_client(target) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(chunk: list[Item]) -> Any:
            return client.submit(process_chunk, chunk, reference, model, batch_size, pure=False)

        yield from ordered_results(submit, chunks, window=2 * workers)
