"""``build``: articles -> extraction (cached per document) -> merged graph -> files and store.

Re-running on the same output directory adds the new articles to those already built.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kgraph import __version__
from kgraph.errors import InputError, StoreError
from kgraph.records import Document, Extraction

ProgressFactory = Callable[[int], "Progress"]
BATCH = 64  # documents parsed per batch; results are cached as each batch ends


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
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.documents} documents ({self.new_documents} extracted), {self.actors} actors, "
            f"{self.relations} relations, {self.evidence} evidence, {self.seconds:.1f} s"
            + (f", {len(self.errors)} files skipped" if self.errors else "")
        )


def extractor_version() -> str:
    from kgraph.extract import VERSION

    return f"{__version__}+{VERSION}"


def extract_documents(
    documents: Iterable[Document], model: str, batch_size: int = 32
) -> Iterator[Extraction]:
    """Parse and extract documents in batches (the model is loaded once per process)."""
    from kgraph import nlp
    from kgraph.extract import extract

    pipeline = nlp.load(model)
    docs = list(documents)
    for document, parsed in zip(
        docs, pipeline.pipe((d.text for d in docs), batch_size=batch_size), strict=True
    ):
        yield extract(document, parsed)


def build(
    paths: Iterable[str | Path],
    outdir: str | Path,
    *,
    model: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    progress: ProgressFactory | None = None,
    write_viewer: bool = True,
) -> BuildResult:
    """Build (or extend) the graph in ``outdir`` from the articles under ``paths``."""
    from kgraph import nlp, rdf, resolve, store
    from kgraph.cache import ExtractionCache
    from kgraph.ingest import read_documents

    started = time.perf_counter()
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise StoreError(f"{out}: exists and is not a directory")
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

    seen: dict[str, Document] = {}
    for doc in read_documents(paths, on_error=report):
        seen.setdefault(doc.id, doc)
    done: dict[str, Extraction] = {}
    todo: list[Document] = []
    for doc_id in sorted(set(manifest.get("documents") or []) | set(seen)):
        cached = cache.get(doc_id)
        if cached is not None:
            done[doc_id] = cached
            continue
        document = seen.get(doc_id) or cache.document(doc_id)  # cached text of an older version
        if document is None:
            report(
                InputError(f"{out}: document {doc_id} of an earlier build is missing from the cache; dropped")
            )
            continue
        todo.append(document)
    if todo:
        nlp.load(model)  # fails here, before any output, if the model is missing
    bar = progress(len(todo)) if progress is not None and todo else None
    try:
        for i in range(0, len(todo), BATCH):
            for ex in extract_documents(todo[i : i + BATCH], model):
                cache.put(ex)
                done[ex.document.id] = ex
                result.new_documents += 1
                if bar is not None:
                    bar.advance()
    finally:
        if bar is not None:
            bar.close()

    doc_ids = sorted(done)
    extractions = [done[d] for d in doc_ids]

    actors = resolve.merge_actors(extractions)
    quads = rdf.dataset(extractions, actors)
    store.write_exports(quads, out)
    store.replace_store(out, quads)
    store.write_manifest(
        out, {"kgraph": __version__, "extractor": version, "model": model, "documents": doc_ids}
    )
    if write_viewer:
        from kgraph import viewer

        viewer.write_viewer(out, out / "graph.html")

    result.documents = len(doc_ids)
    facts = {rdf.canonical_triple(r) for ex in extractions for r in ex.relations if r.is_fact}
    result.relations = len(facts)
    result.actors = len({k for t in facts for k in (t[0], t[2])})
    result.evidence = sum(len(ex.relations) for ex in extractions)
    result.seconds = time.perf_counter() - started
    return result
