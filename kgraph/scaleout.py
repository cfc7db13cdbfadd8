"""Extraction on a Dask cluster: ``kgraph build --dask local`` or ``--scheduler tcp://HOST:PORT``.

Tasks call :func:`kgraph.workers.extract_batch`, which Dask pickles by reference (the
module must be importable on the workers: install kgraph there), so a task carries only
its documents. Each worker process loads the spaCy pipeline once. The client keeps at
most two batches per worker thread in flight, and the results are cached and merged on
this machine exactly as in a local build.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kgraph.errors import KgraphError
from kgraph.records import Document, Extraction
from kgraph.workers import extract_batch

LOCAL = "local"
CONNECT_TIMEOUT = "10s"  # to reach a remote scheduler


class SchedulerError(KgraphError):
    """The Dask scheduler cannot be reached or Dask is not installed."""


class DaskRunner:
    def __init__(self, model: str, scheduler: str, jobs: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:  # pragma: no cover - distributed is a dependency
            raise SchedulerError(
                "Dask is not installed; install it with: pip install 'dask[distributed]'"
            ) from err
        self.model = model
        self.cluster: Any = None
        try:
            if scheduler == LOCAL:
                self.cluster = LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as err:
            self.close()
            raise SchedulerError(f"{scheduler}: cannot connect to the Dask scheduler: {err}") from err
        self.slots = max(1, sum(self.client.nthreads().values()))

    def run(self, batches: Iterable[list[Document]]) -> Iterator[list[Extraction]]:
        from distributed import as_completed

        queue = as_completed()
        in_flight = 0
        for batch in batches:
            queue.add(self.client.submit(extract_batch, batch, self.model, pure=False))
            in_flight += 1
            if in_flight >= 2 * self.slots:
                yield next(queue).result()
                in_flight -= 1
        for future in queue:
            yield future.result()

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
