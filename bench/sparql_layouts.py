"""Why the embedded store is not 20 times faster than rdflib at 1M triples: the three
queries of ``bench/sparql.py`` on the same synthetic graph, stored and evaluated in
the ways that were considered, side by side with rdflib in one run.

* ``disk``: kgraph's store (the merged graph in the default graph, one named graph per
  document), opened read-only, queried over the union of all graphs (``kgraph query OUTDIR``);
* ``disk, merged graph named``: the same quads, but the merged graph in a named graph
  and the default graph empty (a ``GRAPH ?g`` query would then see the merged graph too);
* ``disk, one graph``: every quad in the default graph, queried without the union
  (the document graphs are lost: not a layout kgraph could use);
* ``memory``: Oxigraph's in-memory store, loaded in the querying process
  (``kgraph query FILE``); the load is paid by each process;
* ``resident``: the in-memory store kept in a long-running process, each query sent to
  it over a Unix socket and the rows sent back;
* ``rdflib``: rdflib's in-memory Dataset with the union default graph.

    .venv/bin/python bench/sparql_layouts.py              # 1M triples (about 2 minutes)
    .venv/bin/python bench/sparql_layouts.py --size 100000
    .venv/bin/python bench/sparql_layouts.py --lookups  # a lookup in memory, by the size of its subject

A time is that of running the query and getting every row (for ``resident``, the rows
as text, received from the other process). Each figure is the best of 10, in a fresh process for each layout. Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).parent))
import sparql as base  # noqa: E402  (bench/sparql.py: the graph and the queries)

LAYOUTS = (
    "disk",
    "disk, merged graph named",
    "disk, one graph",
    "memory",
    "resident",
    "rdflib",
)
MERGED = ox.NamedNode("urn:kgraph:merged")

Run = Callable[[str], list[tuple[Any, ...]]]  # the rows, each term as the engine's Python object


def text(term: Any) -> str:
    """A term as text, to compare the answers (as bench/sparql.py does)."""
    if term is None or term == "":
        return ""
    return base._text(str(term) if isinstance(term, str) else term.value)  # rdflib's terms are str


def quads(data: Path, layout: str) -> Iterator[ox.Quad]:
    for q in ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS):
        merged = isinstance(q.graph_name, ox.DefaultGraph)
        if layout == "disk, merged graph named" and merged:
            yield ox.Quad(q.subject, q.predicate, q.object, MERGED)
        elif layout == "disk, one graph":
            yield ox.Quad(q.subject, q.predicate, q.object)
        else:
            yield q


def load(layout: str, data: Path, workdir: Path) -> None:
    from kgraph.store import bulk_extend

    store = ox.Store(str(workdir / "store"))
    bulk_extend(store, quads(data, layout))  # as kgraph loads its store
    store.flush()


def engine(layout: str, data: Path, workdir: Path) -> tuple[Run, Callable[[], None]]:
    """A function that runs a query and gives its rows, and one that stops the engine."""
    union = layout != "disk, one graph"
    if layout.startswith("disk"):
        store = ox.Store.read_only(str(workdir / "store"))
    elif layout == "memory":
        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)  # as kgraph.store.open_store
    elif layout.startswith("memory"):
        store = ox.Store()
        store.bulk_extend(quads(data, layout))
    elif layout == "resident":
        from multiprocessing.connection import Client

        server = subprocess.Popen([sys.executable, __file__, "--serve", str(data), str(workdir)])
        address = str(workdir / "socket")
        while not Path(address).exists():
            time.sleep(0.05)
        conn = Client(address, "AF_UNIX")

        def ask(query: str) -> list[tuple[Any, ...]]:
            conn.send(query)
            return list(conn.recv())

        def stop() -> None:
            conn.send(None)
            conn.close()
            server.wait()

        return ask, stop
    else:
        import rdflib

        ds = rdflib.Dataset(default_union=True)
        ds.parse(str(data), format="nquads")

        def query_rdflib(query: str) -> list[tuple[Any, ...]]:
            return [tuple(row) for row in ds.query(base.PREFIXES + query)]  # type: ignore[arg-type]

        return query_rdflib, lambda: None

    def query_oxigraph(query: str) -> list[tuple[Any, ...]]:
        result = store.query(base.PREFIXES + query, use_default_graph_as_union=union)
        return [tuple(row) for row in result]  # type: ignore[union-attr]

    return query_oxigraph, lambda: None


def serve(data: Path, workdir: Path) -> None:
    """The resident process: an in-memory store answering queries on a Unix socket."""
    from multiprocessing.connection import Listener

    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    with Listener(str(workdir / "socket"), "AF_UNIX") as listener, listener.accept() as conn:
        while (query := conn.recv()) is not None:
            result = store.query(base.PREFIXES + query, use_default_graph_as_union=True)
            conn.send([tuple("" if t is None else t.value for t in row) for row in result])  # type: ignore[union-attr]


def measure(layout: str, data: Path, workdir: Path) -> dict[str, float]:
    started = time.perf_counter()
    run, stop = engine(layout, data, workdir)
    figures = {"load": time.perf_counter() - started}
    for name, query in base.QUERIES.items():
        times = []
        for _ in range(base.REPEAT):
            started = time.perf_counter()
            terms = run(query)
            times.append(time.perf_counter() - started)
        figures[name] = min(times)
        rows = [tuple(text(t) for t in row) for row in terms]
        figures[f"answer {name}"] = int(hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()[:12], 16)
    figures["rss"] = base.rss_mb()  # for "resident", the client only (the server holds the store)
    stop()
    return figures


def lookups() -> None:
    """What a lookup costs in the in-memory store, by the number of quads of its subject:
    ``counts`` on 10,000 facts, each with its type, its predicate and N other quads."""
    query = base.QUERIES["counts"]
    for extra in (0, 10, 30):
        store = ox.Store()
        kind, fact, pred = (
            ox.NamedNode(base.RDF + "type"),
            ox.NamedNode(base.KG + "Fact"),
            ox.NamedNode(base.RDF + "predicate"),
        )
        for i in range(10_000):
            f = ox.NamedNode(f"{base.ID}fact/f{i}")
            store.add(ox.Quad(f, kind, fact))
            store.add(ox.Quad(f, pred, ox.NamedNode(base.KG + base.RELATIONS[i % len(base.RELATIONS)])))
            for k in range(extra):
                store.add(ox.Quad(f, ox.NamedNode(base.KG + "other"), ox.Literal(str(k))))
        times = []
        for _ in range(base.REPEAT):
            started = time.perf_counter()
            list(store.query(base.PREFIXES + query, use_default_graph_as_union=True))  # type: ignore[arg-type]
            times.append(time.perf_counter() - started)
        print(
            f"counts over 10,000 facts of {2 + extra:>2} quads each: {1000 * min(times):6.2f} ms", flush=True
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--lookups", action="store_true", help="only the cost of a lookup in memory")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--load", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), Path(args.serve[1]))
        return
    if args.load:
        load(args.load[0], Path(args.load[1]), Path(args.load[2]))
        return
    if args.lookups:
        lookups()
        return
    if args.child:
        print(json.dumps(measure(args.child[0], Path(args.child[1]), Path(args.child[2]))))
        return
    tmp = Path(tempfile.mkdtemp(prefix="kgraph-layouts-"))
    try:
        data = tmp / "graph.nq"
        count = base.write_graph(data, args.size)
        print(f"{count:,} quads")
        print(f"{'layout':<26} {'load s':>7} {'MB':>6}" + "".join(f" {q + ' ms':>12}" for q in base.QUERIES))
        results: dict[str, dict[str, float]] = {}
        for layout in LAYOUTS:
            workdir = tmp / str(LAYOUTS.index(layout))
            workdir.mkdir()
            if layout.startswith("disk"):
                subprocess.run(
                    [sys.executable, __file__, "--load", layout, str(data), str(workdir)], check=True
                )
            child = [sys.executable, __file__, "--child", layout, str(data), str(workdir)]
            out = subprocess.run(child, check=True, capture_output=True, text=True).stdout
            results[layout] = r = json.loads(out)
            print(
                f"{layout:<26} {r['load']:>7.2f} {r['rss']:>6.0f}"
                + "".join(f" {1000 * r[q]:>12.2f}" for q in base.QUERIES),
                flush=True,
            )
            shutil.rmtree(workdir)
        rl = results["rdflib"]
        print("\nrdflib / layout (same: the same rows as rdflib)")
        for layout, r in results.items():
            if layout != "rdflib":
                cells = "".join(
                    f" {rl[q] / r[q]:>5.1f}x {'same' if r[f'answer {q}'] == rl[f'answer {q}'] else 'DIFF'}"
                    for q in base.QUERIES
                )
                print(f"{layout:<26}{cells}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
