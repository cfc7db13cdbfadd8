"""``build``: articles -> extraction (cached per document) -> merged graph -> files and store.

Re-running on the same output directory adds the new articles to those already built;
documents already extracted (same text, same extractor version) are read from the cache.
The merged graph is always derived anew from all the documents of the build and the
analyst's curation, so the result does not depend on the order documents were added in.
``remove`` takes documents out of a build.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph import __version__
from kgraph.errors import InputError, StoreError
from kgraph.records import Document, Extraction

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kgraph import viewdata
    from kgraph.cache import ExtractionCache
    from kgraph.curation import Curation
    from kgraph.endpoint import Endpoint
    from kgraph.incremental import BuildRecord

ProgressFactory = Callable[[int], "Progress"]
BATCH = 16  # documents per extraction task (fixed, so results never depend on the number of workers)
TAIL = 64  # the last documents of a build go in smaller tasks, so no worker idles long at the end
TAIL_BATCH = 4


class Progress:
    """Receives one ``advance`` per document extracted. The CLI passes a progress bar."""

    def advance(self, n: int = 1) -> None:  # pragma: no cover - trivial
        pass

    def close(self) -> None:  # pragma: no cover - trivial
        pass


@dataclass
class BuildResult:
    outdir: Path
    documents: int = 0  # documents in the graph
    new_documents: int = 0  # documents extracted in this run
    actors: int = 0
    relations: int = 0  # facts in the merged graph
    evidence: int = 0  # evidence statements, facts and non-facts
    seconds: float = 0.0
    removed: int = 0  # documents taken out of the build in this run
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # curation entries that did not apply

    def summary(self) -> str:
        return (
            f"{self.documents} documents ({self.new_documents} extracted), {self.actors} actors, "
            f"{self.relations} relations, {self.evidence} evidence, {self.seconds:.1f} s"
            + (f", {self.removed} removed" if self.removed else "")
            + (f", {len(self.errors)} files skipped" if self.errors else "")
        )


def extractor_version() -> str:
    from kgraph.extract import VERSION

    return f"{__version__}+{VERSION}"


def build(
    paths: Iterable[str | Path],
    outdir: str | Path,
    *,
    model: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    progress: ProgressFactory | None = None,
    write_viewer: bool = True,
    curation: str | Path | None = None,
    drop: Iterable[str] = (),
    jobs: int | None = None,
    scheduler: str | None = None,
    endpoint: str | None = None,
) -> BuildResult:
    """Build (or extend) the graph in ``outdir`` from the articles under ``paths``.

    ``curation`` is the analyst's curation file (default ``outdir/curation.yaml``);
    ``drop`` are ids of documents to take out of the build. Extraction runs on ``jobs``
    processes (default: all cores), or on the Dask cluster at ``scheduler`` (``local``
    starts one on this machine). With ``endpoint``, the graph is also written to that
    SPARQL server (see :mod:`kgraph.endpoint`)."""
    from kgraph import incremental, nlp, store
    from kgraph.cache import ExtractionCache
    from kgraph.curation import default_path, load_curation

    started = time.perf_counter()
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise StoreError(f"{out}: exists and is not a directory")
    cur = load_curation(default_path(out) if curation is None else curation)  # a bad file fails first
    target = _endpoint(endpoint)
    out.mkdir(parents=True, exist_ok=True)
    result = BuildResult(outdir=out)
    model = model or nlp.DEFAULT_MODEL
    version = extractor_version()
    cache = ExtractionCache(out, version)
    manifest = store.read_manifest(out)

    def report(err: InputError) -> None:
        result.errors.append(str(err))
        if on_error is not None:
            on_error(err)

    dropped = set(drop)
    record = incremental.load(out, version)
    loaded, todo = _spool(
        paths, set(manifest.get("documents") or []) - dropped, dropped, cache, record, report
    )
    if todo:
        nlp.load(model)  # fails here, before any output, if the model is missing
        result.new_documents = _extract_all(todo, model, cache, progress, jobs, scheduler)
    for doc_id in todo:
        loaded[doc_id] = cache.get(doc_id)
    extractions = [ex for ex in (loaded[d] for d in sorted(loaded)) if ex is not None]
    derive(out, extractions, result, curation=cur, write_viewer=write_viewer, endpoint=target, record=record)
    store.write_manifest(
        out,
        {
            "kgraph": __version__,
            "extractor": version,
            "model": model,
            "documents": sorted(ex.document.id for ex in extractions),
        },
    )
    for doc_id in sorted(dropped):
        cache.discard(doc_id)
    incremental.save(out, record, {ex.document.id for ex in extractions})
    result.removed = len(dropped)
    result.seconds = time.perf_counter() - started
    return result


def _endpoint(url: str | None) -> Endpoint | None:
    """The endpoint to write to, checked before anything is extracted."""
    if not url:
        return None
    from kgraph.endpoint import Endpoint

    target = Endpoint(url)
    target.check()
    return target


def _spool(
    paths: Iterable[str | Path],
    earlier: set[str],
    dropped: set[str],
    cache: ExtractionCache,
    record: BuildRecord,
    report: Callable[[InputError], None],
) -> tuple[dict[str, Extraction | None], list[str]]:
    """Read the articles once: the documents of the build (those already extracted with
    their extraction, read from the cache), and the ids of those to extract.

    A file whose size and modification time are those ``record`` has from the last build
    is not read again: its documents are taken from the cache. A document to extract is
    spooled into the cache (its text, no extraction yet), so only ids are held here.
    Documents of an earlier build extracted by an older version are extracted again
    from their cached text."""
    from kgraph.incremental import now_ns
    from kgraph.ingest import read_file, scan

    loaded: dict[str, Extraction | None] = {}
    todo: list[str] = []

    def take(docs: Iterable[Document]) -> None:
        for doc in docs:
            if doc.id in loaded or doc.id in dropped:
                continue
            loaded[doc.id] = ex = cache.get(doc.id)
            if ex is None:
                cache.put_pending(doc)
                todo.append(doc.id)

    files = scan(paths, record.unchanged, report)
    while True:
        checked = now_ns()  # before the file is looked at: its stamp is trusted from then on
        item = next(files, None)
        if item is None:
            break
        path, stamp, docs = item
        if docs is None:  # unchanged since the last build: its documents are in the cache
            ids = record.documents(path)
            fresh = [d for d in ids if d not in loaded and d not in dropped]
            found = {d: cache.get(d) for d in fresh}
            if all(ex is not None for ex in found.values()):
                loaded.update(found)
                continue
            try:  # an entry is missing or stale: read the file after all
                docs = read_file(path)
            except InputError as err:
                report(err)
                continue
        take(docs)
        record.remember(path, stamp, sorted({d.id for d in docs}), checked)
    for doc_id in sorted(earlier - loaded.keys()):
        ex = cache.get(doc_id)
        if ex is not None:
            loaded[doc_id] = ex
        elif cache.document(doc_id) is not None:
            loaded[doc_id] = None
            todo.append(doc_id)
        else:
            report(
                InputError(
                    f"{cache.dir.parent}: document {doc_id} of an earlier build is missing from the cache; dropped"
                )
            )
    return loaded, sorted(todo)


def batch_sizes(n: int) -> list[int]:
    """The sizes of the batches ``n`` documents are extracted in: BATCH documents, then the
    last TAIL (or fewer) in batches of TAIL_BATCH, so that when one worker takes the last
    batch the others wait for a few documents, not for sixteen. They depend on ``n`` only."""
    head = max(0, n - TAIL) // BATCH * BATCH
    return [BATCH] * (head // BATCH) + [min(TAIL_BATCH, n - i) for i in range(head, n, TAIL_BATCH)]


def _batches(todo: list[str], cache: ExtractionCache) -> Iterator[list[Document]]:
    """``todo`` in batches (:func:`batch_sizes`) of documents read back from the cache, in
    id order, so a document is always parsed with the same neighbours whichever worker
    parses it."""
    start = 0
    for size in batch_sizes(len(todo)):
        docs = [cache.document(d) for d in todo[start : start + size]]
        start += size
        yield [d for d in docs if d is not None]


def _extract_all(
    todo: list[str],
    model: str,
    cache: ExtractionCache,
    progress: ProgressFactory | None,
    jobs: int | None,
    scheduler: str | None,
) -> int:
    """Extract the documents ``todo`` in batches on the runner, caching each result as
    its batch comes back; returns how many were extracted."""
    from kgraph.workers import make_runner

    bar = progress(len(todo)) if progress is not None and todo else None
    if len(todo) == 1 and not scheduler:
        jobs = 1  # one document: starting worker processes takes longer than extracting it here
    runner = make_runner(model, jobs=jobs, scheduler=scheduler)
    count = 0
    try:
        for extractions in runner.run(_batches(todo, cache)):
            for ex in extractions:
                cache.put(ex)
            count += len(extractions)
            if bar is not None:
                bar.advance(len(extractions))
    finally:
        runner.close()
        if bar is not None:
            bar.close()
    return count


def derive(
    out: Path,
    extractions: list[Extraction],
    result: BuildResult,
    *,
    curation: Curation | None = None,
    write_viewer: bool = True,
    endpoint: Endpoint | None = None,
    record: BuildRecord | None = None,
) -> None:
    """Resolve actors, accumulate facts, apply the curation, and write the graph files,
    the store and the viewer of ``out`` (and the graphs of ``endpoint``); fills in the
    counts of ``result``.

    With the ``record`` of the last build, the document graphs that did not change are
    copied from the old graph.trig and left as they are in the store; the record is
    updated to describe the new files."""
    from kgraph import incremental, rdf, store, viewdata
    from kgraph.curation import Curation
    from kgraph.facts import accumulate, curate
    from kgraph.resolve import resolve, separate_types

    cur = curation or Curation()
    extractions = separate_types(extractions)
    res = resolve(extractions, cur)
    facts, rejections = curate(accumulate(extractions, res), res, cur)
    merged = sorted(set(rdf.merged_quads(extractions, res, facts, rejections)), key=rdf.sort_key)

    def factory(ex: Extraction) -> Callable[[], list[ox.Quad]]:
        return lambda: sorted(set(rdf.document_quads(ex, res)), key=rdf.sort_key)

    by_id = {ex.document.id: ex for ex in extractions}
    graphs = store.Graphs(
        merged,
        [store.DocumentGraph(d, rdf.document_key(by_id[d], res), factory(by_id[d])) for d in sorted(by_id)],
    )
    previous = record.graphs if record is not None and record.trig is not None else None
    rows = viewdata.read_rows(out) if previous is not None else {}
    incremental.forget(out)
    viewdata.forget(out)
    written = store.write_exports(graphs, out, previous)
    changed = written.changed
    removed = set(previous or ()) - by_id.keys()
    small = previous is not None and len(changed) + len(removed) <= max(16, len(by_id) // 4)
    if not (small and store.update_store(out, graphs, changed, removed, written)):
        store.replace_store(out, out / "graph.trig")
    if endpoint is not None:
        endpoint.push(graphs, out)
    if write_viewer:
        reusable = {d: r for d, r in rows.items() if d in by_id and d not in changed}
        rows.clear()
        _write_viewer(out, reusable, sorted(by_id))
    if record is not None:
        record.graphs = written.spans
        record.trig = incremental.stamp_of(out / "graph.trig")
    result.documents = len(extractions)
    result.relations = len(facts)
    result.actors = len({k for f in facts for k in (f.subject, f.object)})
    result.evidence = sum(len(ex.relations) for ex in extractions)
    result.warnings.extend(res.warnings)


def _write_viewer(out: Path, reusable: dict[str, list[viewdata.Row]], documents: list[str]) -> None:
    """graph.html, as ``kgraph view`` writes it, reading from the store only the evidence
    of the documents whose rows are not in ``reusable``; keeps the rows for the next build."""
    from kgraph import store, viewdata, viewer

    data = viewdata.graph_data(store.open_store(out), reusable, documents)
    viewdata.write_rows(out, reusable)  # before the page is rendered: the two never share memory
    reusable.clear()  # the page's data holds the same strings
    options = viewer.ViewOptions()
    html = viewer.render(data, viewer.select(data, options), options)
    store.atomic_write_bytes(out / "graph.html", html.encode("utf-8"))


def find_documents(outdir: str | Path, refs: Iterable[str]) -> list[str]:
    """Ids of the documents of a build named by ``refs``: a document id, a unique prefix
    of one (6 characters or more), or the file it was read from."""
    from kgraph import store
    from kgraph.cache import ExtractionCache

    out = Path(outdir)
    if not (out / store.MANIFEST).exists():
        raise StoreError(f"{out}: not a kgraph output directory (no {store.MANIFEST}); nothing to remove")
    ids = sorted(store.read_manifest(out).get("documents") or [])
    cache = ExtractionCache(out, extractor_version())
    sources: dict[str, list[str]] = {}
    for doc_id in ids:
        doc = cache.document(doc_id)
        if doc is not None and doc.source:
            sources.setdefault(str(Path(doc.source).resolve()), []).append(doc_id)
    found: list[str] = []
    for ref in refs:
        matches = sources.get(str(Path(ref).resolve())) or [
            d for d in ids if len(ref) >= 6 and d.startswith(ref)
        ]
        if len(matches) != 1 and not (matches and str(Path(ref).resolve()) in sources):
            problem = "no document" if not matches else f"{len(matches)} documents"
            raise InputError(f"{ref}: {problem} of {out} has this id or source file")
        found.extend(matches)
    return sorted(set(found))


def remove(
    outdir: str | Path, refs: Iterable[str], *, curation: str | Path | None = None, write_viewer: bool = True
) -> BuildResult:
    """Take documents out of the build in ``outdir``: their evidence goes, and so does any
    fact only they supported. Nothing is extracted."""
    ids = find_documents(outdir, refs)
    return build([], outdir, curation=curation, drop=ids, write_viewer=write_viewer)


def rederive(
    outdir: str | Path, *, curation: str | Path | None = None, write_viewer: bool = True
) -> BuildResult:
    """Re-derive the graph of ``outdir`` from its cache (after a curation change)."""
    from kgraph import store

    out = Path(outdir)
    if not (out / store.MANIFEST).exists():
        raise StoreError(
            f"{out}: not a kgraph output directory (no {store.MANIFEST}); run 'kgraph build' first"
        )
    return build([], out, curation=curation, write_viewer=write_viewer)
