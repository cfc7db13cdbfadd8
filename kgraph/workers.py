"""Extraction on worker processes: the code a process pool or a Dask cluster runs.

Worker code lives in this importable module, so a task ships only a reference to
:func:`extract_batch` and the documents, never the spaCy pipeline; each worker process
loads the pipeline once (``kgraph.nlp.load`` keeps it per process) and reuses it.

A batch is parsed the same way whichever process runs it (the same documents, in the
same order, with the same ``nlp.pipe`` batch size), so results never depend on the worker.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Protocol

from kgraph.records import Document, Extraction

PIPE_BATCH = 32  # documents per nlp.pipe batch inside a task


def extract_batch(documents: list[Document], model: str) -> list[Extraction]:
    """Parse and extract ``documents`` with the process's pipeline for ``model``."""
    from kgraph import nlp
    from kgraph.extract import extract

    pipeline = nlp.load(model)
    texts = (d.text for d in documents)
    return [
        extract(document, parsed)
        for document, parsed in zip(documents, pipeline.pipe(texts, batch_size=PIPE_BATCH), strict=True)
    ]


def load_model(model: str) -> None:
    """Process initialiser: load the pipeline before the first task arrives."""
    from kgraph import nlp

    nlp.load(model)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Runner(Protocol):
    """Runs :func:`extract_batch` over batches; results come back as batches finish."""

    def run(self, batches: Iterable[list[Document]]) -> Iterator[list[Extraction]]: ...

    def close(self) -> None: ...


class InProcess:
    """Extraction in this process (``--jobs 1``)."""

    def __init__(self, model: str) -> None:
        self.model = model

    def run(self, batches: Iterable[list[Document]]) -> Iterator[list[Extraction]]:
        for batch in batches:
            yield extract_batch(batch, self.model)

    def close(self) -> None:
        pass


class ProcessPool:
    """Extraction on ``jobs`` worker processes of this machine.

    At most two batches per worker are in flight, so memory stays bounded however many
    documents there are. On Linux the workers are forked from a process that has
    already loaded the pipeline, so they start at once and share its memory."""

    def __init__(self, model: str, jobs: int) -> None:
        self.model = model
        self.jobs = jobs
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=load_model,
            initargs=(model,),
        )

    def run(self, batches: Iterable[list[Document]]) -> Iterator[list[Extraction]]:
        pending: set[Future[list[Extraction]]] = set()
        for batch in batches:
            pending.add(self.pool.submit(extract_batch, batch, self.model))
            if len(pending) >= 2 * self.jobs:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        for future in pending:
            yield future.result()

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def make_runner(model: str, jobs: int | None = None, scheduler: str | None = None) -> Runner:
    """The runner for ``jobs`` local processes, or for a Dask ``scheduler`` address
    (``local`` starts a LocalCluster of ``jobs`` worker processes)."""
    if scheduler:
        from kgraph.scaleout import DaskRunner

        return DaskRunner(model, scheduler, jobs or default_jobs())
    jobs = jobs or default_jobs()
    return InProcess(model) if jobs <= 1 else ProcessPool(model, jobs)
