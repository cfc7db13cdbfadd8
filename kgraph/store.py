"""The embedded on-disk store (Oxigraph) and the files of an output directory.

An output directory holds::

    graph.ttl      the merged graph (actors, facts)          -- Turtle
    graph.trig     the merged graph + one named graph per document with its evidence
    graph.html     the viewer
    store/         the Oxigraph store the query/view/stats commands read
    cache/         per-document extraction results (JSON), keyed by document id
    manifest.json  the documents in the build and the kgraph version that built it
    curation.yaml  the analyst's corrections (kgraph.curation), applied by every build

Files are written to a temporary name and moved into place, and the store is rebuilt
beside the old one and swapped in, so an interrupted build never leaves a broken output.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import mmap
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kgraph.errors import StoreError
from kgraph.rdf import PREFIXES

DOC_NS = PREFIXES["doc"]

STORE_DIR = "store"
CACHE_DIR = "cache"
MANIFEST = "manifest.json"
RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@dataclass
class DocumentGraph:
    """The named graph of one document: its id, a key of its content (two graphs with the
    same key have the same quads), and a factory of its quads, sorted."""

    id: str
    key: str
    quads: Callable[[], list[ox.Quad]]

    @property
    def name(self) -> str:
        return f"{DOC_NS}{self.id}"


@dataclass
class Graphs:
    """The dataset of a build, streamed: the merged graph (the default graph, sorted) and
    the document graphs in graph-name order. Iterating :meth:`quads` gives the sorted
    dataset without holding every document's quads."""

    merged: list[ox.Quad]
    graphs: list[DocumentGraph]

    def documents(self) -> Iterator[list[ox.Quad]]:
        for graph in self.graphs:
            yield graph.quads()

    def quads(self) -> Iterator[ox.Quad]:
        yield from self.merged
        for graph in self.documents():
            yield from graph


def write_rdf(quads: Iterable[ox.Quad], path: Path, fmt: ox.RdfFormat) -> None:
    """Serialise ``quads`` (already sorted) to ``path``; triple formats get the default graph."""
    prefixes = PREFIXES if fmt != ox.RdfFormat.N_QUADS else None
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        ox.serialize(quads, tmp, format=fmt, prefixes=prefixes)
    else:
        triples = (q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph))
        ox.serialize(triples, tmp, format=fmt, prefixes=prefixes)
    os.replace(tmp, path)


@functools.cache
def _trig_header() -> bytes:
    """The prefix lines Oxigraph writes at the top of a TriG (or Turtle) file."""
    probe = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))
    text = ox.serialize([probe], format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
    return b"".join(line + b"\n" for line in text.split(b"\n") if line.startswith(b"@prefix"))


def trig_body(quads: list[ox.Quad]) -> bytes:
    """``quads`` (sorted, of one graph) as TriG without the prefix lines: the TriG of a
    dataset is the prefix lines followed by the bodies of its graphs in order."""
    if not quads:
        return b""
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
    header = _trig_header()
    if not data.startswith(header):  # pragma: no cover - a change in Oxigraph's writer
        raise StoreError("unexpected TriG output from Oxigraph: the prefix lines differ")
    return data[len(header) :]


@dataclass(frozen=True)
class Span:
    """A document graph in graph.trig: the key of its content, its offset and length."""

    key: str
    offset: int
    length: int


@dataclass
class Written:
    """What :func:`write_exports` wrote."""

    spans: dict[str, Span]  # where each document graph is in graph.trig
    changed: set[str]  # the ids of the document graphs serialised anew (new or changed)
    old_merged: bytes | None  # the merged graph of the previous graph.trig (TriG), if known
    merged_changed: bool = True


def write_exports(graphs: Graphs, outdir: Path, previous: Mapping[str, Span] | None = None) -> Written:
    """graph.trig (all graphs) and graph.ttl (the merged graph) in ``outdir``.

    ``previous`` are the document graphs of the graph.trig now in ``outdir``: a graph
    whose key is unchanged is copied from that file instead of being serialised again."""
    trig = outdir / "graph.trig"
    merged = trig_body(graphs.merged)
    header = _trig_header() if merged or graphs.graphs else b""
    spans: dict[str, Span] = {}
    changed: set[str] = set()
    old_merged = None
    tmp = trig.with_name(f".{trig.name}.tmp")
    with _old_bytes(trig if previous else None) as old, tmp.open("wb") as out:
        if previous is not None and (not len(old) or old[: len(_trig_header())] == _trig_header()):
            end = min((span.offset for span in previous.values()), default=len(old))
            old_merged = bytes(old[:end])  # the prefix lines and the merged graph
        out.write(header + merged)
        offset = len(header) + len(merged)
        for graph in graphs.graphs:
            data = _copy(old, (previous or {}).get(graph.id), graph)
            if data is None:
                data = trig_body(graph.quads())
                changed.add(graph.id)
            out.write(data)
            spans[graph.id] = Span(graph.key, offset, len(data))
            offset += len(data)
    os.replace(tmp, trig)
    atomic_write_bytes(outdir / "graph.ttl", header + merged if merged else b"")
    unchanged = old_merged is not None and old_merged == (header + merged if merged else b"")
    return Written(spans, changed, old_merged, not unchanged)


@contextlib.contextmanager
def _old_bytes(path: Path | None) -> Iterator[bytes | mmap.mmap]:
    """The bytes of the file at ``path`` (mapped, not read), or none."""
    try:
        handle = path.open("rb") if path is not None else None
    except OSError:
        handle = None
    if handle is None:
        yield b""
        return
    with handle:
        try:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # an empty file cannot be mapped
            yield b""
            return
        with mapped:
            yield mapped


def _copy(old: bytes | mmap.mmap, span: Span | None, graph: DocumentGraph) -> bytes | None:
    """The graph's TriG from the old file, if it is there with the same key."""
    if span is None or span.key != graph.key or span.offset + span.length > len(old):
        return None
    data = old[span.offset : span.offset + span.length]
    return data if data.startswith(f"doc:{graph.id} {{".encode()) and data.endswith(b"}\n") else None


LOAD_CHUNK = 100_000  # quads per bulk load: Oxigraph's bulk loader holds a whole call in memory
DIRECT_LOAD_BYTES = 30_000_000  # a TriG file up to this size (about 200k quads) is loaded in one call


def bulk_extend(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """Bulk-load ``quads`` in chunks, so memory stays flat however many there are
    (1 M quads in one call peak at about 1.1 GB, in chunks at about 0.2 GB), then
    compact the store (queries on 1 M quads are 3 times faster after it)."""
    it = iter(quads)
    chunks = 0
    while chunk := list(itertools.islice(it, LOAD_CHUNK)):
        store.bulk_extend(chunk)
        chunks += 1
    if chunks > 1:
        store.optimize()


def replace_store(outdir: Path, quads: Iterable[ox.Quad] | Path) -> None:
    """Load ``quads`` (or a TriG file) into a fresh store beside the current one, then
    swap it in."""
    new = outdir / f".{STORE_DIR}.new"
    old = outdir / f".{STORE_DIR}.old"
    for stale in (new, old):
        if stale.exists():
            shutil.rmtree(stale)
    store = ox.Store(str(new))
    if isinstance(quads, Path) and quads.stat().st_size <= DIRECT_LOAD_BYTES:
        store.bulk_load(path=str(quads), format=ox.RdfFormat.TRIG)  # parsed in Rust: quickest
    else:
        bulk_extend(
            store, ox.parse(path=str(quads), format=ox.RdfFormat.TRIG) if isinstance(quads, Path) else quads
        )
    store.flush()
    del store
    _swap(outdir, new, old)


def update_store(
    outdir: Path, graphs: Graphs, changed: set[str], removed: Iterable[str], written: Written | None = None
) -> bool:
    """Bring the store up to date with ``graphs`` by changing only what changed: the
    document graphs ``changed`` (new or different) and ``removed`` (ids), and the merged
    graph (``written`` tells whether it changed and what it was; without it, the old
    merged graph is read from the store). The change is made on
    a checkpoint of the current store (hard links, so it is cheap) beside it, which is
    then swapped in. Returns False, having changed nothing, if the current store cannot
    be opened for writing."""
    current = outdir / STORE_DIR
    new = outdir / f".{STORE_DIR}.new"
    old = outdir / f".{STORE_DIR}.old"
    for stale in (new, old):
        if stale.exists():
            shutil.rmtree(stale)
    try:
        source = ox.Store(str(current))
        source.backup(str(new))
        del source
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        return False
    store = ox.Store(str(new))
    for doc_id in sorted({*removed, *changed}):
        name = ox.NamedNode(f"{DOC_NS}{doc_id}")
        if store.contains_named_graph(name):
            store.remove_graph(name)
    for graph in graphs.graphs:
        if graph.id in changed:
            store.extend(graph.quads())
    if written is None or written.merged_changed:
        if written is None or written.old_merged is None:
            before = set(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        else:
            before = set(ox.parse(written.old_merged, format=ox.RdfFormat.TRIG))
        after = set(graphs.merged)
        for quad in before - after:
            store.remove(quad)
        store.extend(sorted(after - before, key=str))
    store.flush()
    del store
    _swap(outdir, new, old)
    return True


def _swap(outdir: Path, new: Path, old: Path) -> None:
    current = outdir / STORE_DIR
    if current.exists():
        os.replace(current, old)
    os.replace(new, current)
    if old.exists():
        shutil.rmtree(old)


def is_outdir(path: Path) -> bool:
    return path.is_dir() and (path / STORE_DIR).is_dir()


def open_store(target: str | Path) -> ox.Store:
    """A read-only store for an output directory, or an in-memory store for an RDF file
    or for the dataset of a SPARQL endpoint (an ``http(s)://`` URL)."""
    if isinstance(target, str) and target.startswith(("http://", "https://")):
        from kgraph.endpoint import Endpoint

        return Endpoint(target).fetch()
    path = Path(target)
    if path.is_dir():
        if not is_outdir(path):
            raise StoreError(
                f"{path}: not a kgraph output directory (no {STORE_DIR}/); run 'kgraph build ... -o {path}'"
            )
        try:
            return ox.Store.read_only(str(path / STORE_DIR))
        except OSError as err:
            raise StoreError(f"{path / STORE_DIR}: cannot open the store: {err}") from err
    if not path.exists():
        raise StoreError(f"{path}: no such file or directory")
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF format {path.suffix!r}; use one of {', '.join(RDF_FORMATS)}")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as err:
        raise StoreError(f"{path}: cannot parse as {path.suffix[1:]}: {err}") from err
    return store


def open_rdflib(target: str | Path) -> Any:
    """The same graph as an ``rdflib.Dataset`` backed by Oxigraph (through oxrdflib)."""
    import rdflib

    path = Path(target)
    if is_outdir(path):
        path = path / "graph.trig"
    formats = {".ttl": "ox-turtle", ".trig": "ox-trig", ".nt": "ox-ntriples", ".nq": "ox-nquads"}
    ds = rdflib.Dataset(store="Oxigraph", default_union=True)
    ds.parse(str(path), format=formats.get(path.suffix.lower()))
    return ds


def read_manifest(outdir: Path) -> dict:
    path = outdir / MANIFEST
    if not path.exists():
        return {"documents": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise StoreError(
            f"{path}: corrupt manifest ({err.msg}); delete the output directory and rebuild"
        ) from err
    return data if isinstance(data, dict) else {"documents": []}


def write_manifest(outdir: Path, data: dict) -> None:
    atomic_write_bytes(outdir / MANIFEST, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))
