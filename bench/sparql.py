"""Typical analyst queries on kgraph's embedded store (Oxigraph on disk) against
rdflib's in-memory store, at 10k, 100k and 1M triples.

The graphs are synthetic but shaped like kgraph's: actors with labels, facts (a direct
triple and a kg:Fact node summing up its support), and one named graph per document with
its evidence nodes, each asserted or claimed one pointing to its fact (``kg:evidenceFor``);
about one fact in ten attacks one hub actor. For each size and engine, in a fresh
process, it prints the load time, the peak memory (RSS) of the process, and the
best-of-10 time of three queries, over the union of all graphs as ``kgraph query`` runs
them, and whether both engines gave the same answers (the rows, compared as sorted
values). A time is that of running the query and getting every row, each term as the
engine's Python object; turning them into text to compare the answers is not timed.
The embedded store is loaded in one process (``load MB``: the peak while bulk
loading) and queried in another that opens it read-only, as ``kgraph query OUTDIR`` does
(``query MB``). ``oxigraph-memory`` is the same engine with its in-memory store, loaded
from the N-Quads file in the process that queries it, as ``kgraph query FILE`` does (its
load time is paid by every such process). rdflib loads and queries in one process. The
three queries:

* ``2-hop``: who backs the groups that attacked the hub;
* ``counts``: facts counted by relation;
* ``evidence``: every sentence, with its modality, confidence and source, that supports
  a relation of one actor (the README's evidence query).

    .venv/bin/python bench/sparql.py                       # 10k 100k 1M (a few minutes)
    .venv/bin/python bench/sparql.py --sizes 10000 100000  # quicker

Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kgraph.records import FACTUAL_MODALITIES

KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ("ArmedGroup", "ArmedGroup", "State", "StateForce", "Organization", "Person")
RELATIONS = ("attacked", "backedBy", "alliedWith", "hostileTo", "leaderOf", "memberOf", "operatesIn")
REPEAT = 10  # each query is timed this many times and the best kept (both engines alike)
MODALITIES = ("asserted", "asserted", "asserted", "claimed", "denied", "hypothetical")

PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX id: <{ID}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX prov: <{PROV}>
PREFIX dcterms: <{DCT}>
"""
QUERIES = {
    "2-hop": """SELECT DISTINCT ?backer WHERE {
  ?g kg:attacked id:a0 ; kg:backedBy ?b . ?b rdfs:label ?backer }""",
    "counts": """SELECT ?p (COUNT(?f) AS ?n) WHERE { ?f a kg:Fact ; rdf:predicate ?p } GROUP BY ?p""",
    "evidence": """SELECT ?sentence ?modality ?confidence ?title ?date WHERE {
  ?e rdf:subject id:a1 ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ;
     kg:modality ?modality ; kg:confidence ?confidence ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:issued ?date } }""",
}


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: str, datatype: str | None = None) -> str:
    return f'"{value}"' + (f"^^<{datatype}>" if datatype else "")


def write_graph(path: Path, size: int, seed: int = 7) -> int:
    """About ``size`` quads in kgraph's shape, as N-Quads; returns the count."""
    rng = random.Random(seed)
    n_facts = max(20, size // 100)
    n_actors = max(10, n_facts // 2)
    facts: list[tuple[int, str, int]] = []
    for i in range(n_facts):
        rel = rng.choice(RELATIONS)
        obj = 0 if rel == "attacked" and rng.random() < 0.7 else rng.randrange(n_actors)
        subject = 1 if i < 10 else rng.randrange(1, n_actors)  # a1: the actor of the evidence query
        facts.append((subject, rel, obj))
    facts = sorted(set(facts))
    lines: list[str] = []
    written = 0
    doc = 0
    out = path.open("w", encoding="utf-8")  # written as it goes: this process stays small
    while written + len(lines) + 3 * n_actors + 10 * len(facts) < size:
        if len(lines) > 10_000:
            out.write("".join(lines))
            written += len(lines)
            lines = []
        d = iri(f"{ID}doc/d{doc}")
        g = f" {d} .\n"
        lines += [
            f"{d} {iri(RDF + 'type')} {iri(KG + 'Document')}{g}",
            f"{d} {iri(DCT + 'identifier')} {lit(f'd{doc}')}{g}",
            f"{d} {iri(DCT + 'title')} {lit(f'Report number {doc}')}{g}",
            f"{d} {iri(DCT + 'issued')} {lit(f'2024-{1 + doc % 12:02d}-{1 + doc % 28:02d}', XSD + 'date')}{g}",
            f"{d} {iri(KG + 'contentHash')} {lit(f'{doc:064x}')}{g}",
        ]
        for k in range(10):
            f = rng.randrange(len(facts))
            s, p, o = facts[f]
            e = iri(f"{ID}evidence/d{doc}-{k}")
            modality = rng.choice(MODALITIES)
            lines += [
                f"{e} {iri(RDF + 'type')} {iri(KG + 'Evidence')}{g}",
                f"{e} {iri(RDF + 'subject')} {iri(f'{ID}a{s}')}{g}",
                f"{e} {iri(RDF + 'predicate')} {iri(KG + p)}{g}",
                f"{e} {iri(RDF + 'object')} {iri(f'{ID}a{o}')}{g}",
                f"{e} {iri(KG + 'sentence')} {lit(f'Actor {s} {p} actor {o}, report {doc} said.')}{g}",
                f"{e} {iri(KG + 'charStart')} {lit(str(100 * k), XSD + 'integer')}{g}",
                f"{e} {iri(KG + 'charEnd')} {lit(str(100 * k + 60), XSD + 'integer')}{g}",
                f"{e} {iri(KG + 'confidence')} {lit(f'0.{rng.randrange(50, 99)}', XSD + 'decimal')}{g}",
                f"{e} {iri(KG + 'modality')} {iri(KG + modality)}{g}",
                f"{e} {iri(KG + 'trigger')} {lit(p)}{g}",
                f"{e} {iri(PROV + 'wasDerivedFrom')} {d}{g}",
                f"{e} {iri(PROV + 'wasAttributedTo')} {iri(ID + 'extractor/synthetic')}{g}",
            ]
            if modality in FACTUAL_MODALITIES:  # the fact it supports, as kgraph writes it
                lines.append(f"{e} {iri(KG + 'evidenceFor')} {iri(f'{ID}fact/f{f}')}{g}")
        doc += 1
    for a in range(n_actors):
        label = lit(f"Actor {a}")
        lines += [
            f"{iri(f'{ID}a{a}')} {iri(RDF + 'type')} {iri(KG + TYPES[a % len(TYPES)])} .\n",
            f"{iri(f'{ID}a{a}')} {iri(RDFS + 'label')} {label} .\n",
            f"{iri(f'{ID}a{a}')} {iri(SKOS + 'prefLabel')} {label} .\n",
        ]
    for f, (s, p, o) in enumerate(facts):
        fact = iri(f"{ID}fact/f{f}")
        lines += [
            f"{iri(f'{ID}a{s}')} {iri(KG + p)} {iri(f'{ID}a{o}')} .\n",
            f"{fact} {iri(RDF + 'type')} {iri(KG + 'Fact')} .\n",
            f"{fact} {iri(RDF + 'subject')} {iri(f'{ID}a{s}')} .\n",
            f"{fact} {iri(RDF + 'predicate')} {iri(KG + p)} .\n",
            f"{fact} {iri(RDF + 'object')} {iri(f'{ID}a{o}')} .\n",
            f"{fact} {iri(KG + 'sourceCount')} {lit(str(1 + f % 5), XSD + 'integer')} .\n",
            f"{fact} {iri(KG + 'evidenceCount')} {lit(str(1 + f % 7), XSD + 'integer')} .\n",
            f"{fact} {iri(KG + 'confidence')} {lit('0.9', XSD + 'decimal')} .\n",
            f"{fact} {iri(KG + 'firstSeen')} {lit('2024-01-01', XSD + 'date')} .\n",
            f"{fact} {iri(KG + 'lastSeen')} {lit('2024-12-31', XSD + 'date')} .\n",
        ]
    out.write("".join(lines))
    out.close()
    return written + len(lines)


def _text(value: str) -> str:
    """A value as both engines print it: numbers as numbers ("0.50" and "0.5" alike)."""
    try:
        return repr(float(value))
    except ValueError:
        return value


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(engine: str, data: Path, workdir: Path) -> dict[str, float]:
    """Load ``data`` into ``engine`` and time the queries (run in a fresh process).

    ``oxigraph-load`` only loads the on-disk store; ``oxigraph`` opens it read-only, as
    ``kgraph query`` does, and queries it. ``oxigraph-memory`` and rdflib load and query
    in one process."""
    figures: dict[str, float] = {}
    if engine == "oxigraph-load":
        import pyoxigraph as ox

        from kgraph.store import bulk_extend

        store = ox.Store(str(workdir / "store"))
        started = time.perf_counter()
        bulk_extend(store, ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS))  # as kgraph loads it
        store.flush()
        return {"load": time.perf_counter() - started, "rss": rss_mb()}
    if engine in ("oxigraph", "oxigraph-memory"):
        import pyoxigraph as ox

        if engine == "oxigraph":
            store = ox.Store.read_only(str(workdir / "store"))
        else:
            store = ox.Store()
            started = time.perf_counter()
            store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)  # as kgraph.store.open_store
            figures["load"] = time.perf_counter() - started

        def run(query: str) -> list[tuple[Any, ...]]:
            return [tuple(row) for row in store.query(PREFIXES + query, use_default_graph_as_union=True)]  # type: ignore[union-attr]

        def value(term: Any) -> str:
            return str(term.value)

    else:
        import rdflib

        ds = rdflib.Dataset(default_union=True)
        started = time.perf_counter()
        ds.parse(str(data), format="nquads")
        figures["load"] = time.perf_counter() - started

        def run(query: str) -> list[tuple[Any, ...]]:
            return [tuple(row) for row in ds.query(PREFIXES + query)]  # type: ignore[arg-type]

        def value(term: Any) -> str:
            return str(term)

    for name, query in QUERIES.items():
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            terms = run(query)  # every row, with every term as the engine's Python object
            times.append(time.perf_counter() - started)
            rows = [tuple(_text(value(t)) if t is not None else "" for t in row) for row in terms]
            figures[f"rows {name}"] = len(rows)
            figures[f"answer {name}"] = int(hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()[:12], 16)
            if times[-1] > 10:
                break
        figures[name] = min(times)
    figures["rss"] = rss_mb()
    if engine == "oxigraph":
        figures["disk_mb"] = (
            sum(p.stat().st_size for p in (workdir / "store").rglob("*") if p.is_file()) / 1e6
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    engines = ["oxigraph", "oxigraph-memory", "rdflib"]
    parser.add_argument("--engines", nargs="+", default=engines, choices=engines)
    parser.add_argument("--child", nargs=3, metavar=("PHASE", "DATA", "WORKDIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, data, workdir = args.child
        print(json.dumps(measure(engine, Path(data), Path(workdir))))
        return
    tmp = Path(tempfile.mkdtemp(prefix="kgraph-sparql-"))
    try:
        header = f"{'triples':>9} {'engine':<15} {'load s':>7} {'load MB':>8} {'query MB':>8}" + "".join(
            f" {q + ' s':>10}" for q in QUERIES
        )
        print(header)
        for size in args.sizes:
            data = tmp / f"g{size}.nq"
            count = write_graph(data, size)
            results: dict[str, dict[str, float]] = {}
            for engine in args.engines:
                workdir = tmp / f"{engine}{size}"
                workdir.mkdir()
                r = {}
                for phase in ("oxigraph-load", "oxigraph") if engine == "oxigraph" else (engine,):
                    child = [sys.executable, __file__, "--child", phase, str(data), str(workdir)]
                    out = subprocess.run(child, check=True, capture_output=True, text=True).stdout
                    r[phase] = json.loads(out)
                results[engine] = figures = r[engine]
                load = r.get("oxigraph-load", figures)
                print(
                    f"{count:>9,} {engine:<15} {load['load']:>7.1f} {load['rss']:>8.0f} {figures['rss']:>8.0f}"
                    + "".join(f" {figures[q]:>10.4f}" for q in QUERIES)
                )
                shutil.rmtree(workdir)
            for engine in [e for e in results if e != "rdflib" and "rdflib" in results]:
                ox_r, rl = results[engine], results["rdflib"]
                ratios = "  ".join(f"{q} {rl[q] / max(ox_r[q], 1e-6):.0f}x" for q in QUERIES)
                rows = "/".join(str(int(ox_r[f"rows {q}"])) for q in QUERIES)
                same = all(ox_r[f"answer {q}"] == rl[f"answer {q}"] for q in QUERIES)
                disk = f"; store on disk {ox_r['disk_mb']:.0f} MB" if "disk_mb" in ox_r else ""
                print(
                    f"{'':>9} rdflib / {engine}: {ratios}  (rows {rows}, {'same' if same else 'DIFFERENT'}{disk})"
                )
            data.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
