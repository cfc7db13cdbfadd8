"""The viewer's data for ``build``, read from the store without reading every document's
evidence again.

:func:`kgraph.graphdata.load` reads the whole dataset back: most of its time is the
evidence of every document (a hundred microseconds a row from the on-disk store). A
document graph whose content did not change (same key, :mod:`kgraph.incremental`) has
the same evidence rows, so ``build`` keeps each document's rows in ``cache/build/viewer.json``
and reads from the store only those of the documents that changed. Actors, aliases and
facts are read by :func:`~kgraph.graphdata.load` itself from the merged graph. The
result is the same :class:`~kgraph.graphdata.GraphData` as ``load`` gives, so the page
is byte for byte the one ``kgraph view`` writes (a test checks it).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox

from kgraph.graphdata import EVIDENCE_QUERY, EvidenceRow, GraphData, load
from kgraph.rdf import PREFIXES
from kgraph.store import CACHE_DIR, DOC_NS, atomic_write_bytes

RECORD = "viewer.json"
Row = list[Any]  # [s, p, o, sentence, modality, confidence, title, date, url, doc]
FIELDS = ("s", "p", "o", "sentence", "modality", "confidence", "title", "date", "url", "doc")
# the evidence query on the named graph ?g alone (each document's evidence and metadata
# are in its own graph)
_BODY = EVIDENCE_QUERY[EVIDENCE_QUERY.index("{") + 1 : EVIDENCE_QUERY.rindex("}")]
PER_GRAPH = f"SELECT ?g {' '.join('?' + f for f in FIELDS)} WHERE {{ GRAPH ?g {{ {_BODY} }} }}"


class _MergedOnly:
    """A store seen through its default graph (the merged graph) only: ``load`` then
    reads the actors, aliases and facts, and finds no evidence."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, query: str, **options: Any) -> Any:
        options.pop("use_default_graph_as_union", None)
        return self.store.query(query, **options)

    def quads_for_pattern(self, *pattern: Any) -> Any:
        return self.store.quads_for_pattern(*pattern)


def _path(outdir: Path) -> Path:
    return outdir / CACHE_DIR / "build" / RECORD


def read_rows(outdir: Path) -> dict[str, list[Row]]:
    try:
        data = json.loads(_path(outdir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {doc: _compact(rows) for doc, rows in data.items() if isinstance(rows, list)}


SHARED = (3, 6, 8)  # sentence, title, url: the same in many rows of one document


def _compact(rows: list[Row]) -> list[Row]:
    """``rows`` (of one document) holding each repeated string once: the identifiers
    (IRIs, modality, confidence, date) are interned, and the words a document repeats
    (a sentence carrying several relations, its title, its URL) are shared among its
    rows. A build keeps every document's rows, so this halves their memory."""
    known: dict[str, str] = {}
    key = sys.intern
    out = []
    for row in rows:
        out.append(
            [
                (known.setdefault(v, v) if i in SHARED else key(v)) if isinstance(v, str) else v
                for i, v in enumerate(row)
            ]
        )
    return out


def write_rows(outdir: Path, rows: dict[str, list[Row]]) -> None:
    _path(outdir).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(_path(outdir), json.dumps(rows, separators=(",", ":"), sort_keys=True).encode("utf-8"))


def forget(outdir: Path) -> None:
    _path(outdir).unlink(missing_ok=True)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _rows(store: ox.Store, docs: Iterable[str], every: bool) -> dict[str, list[Row]]:
    """The evidence rows of the document graphs ``docs`` (of every graph if ``every``)."""
    wanted = set(docs)
    out: dict[str, list[Row]] = {d: [] for d in wanted}
    names = [None] if every else [ox.NamedNode(DOC_NS + d) for d in sorted(wanted)]
    for name in names:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = (
            {ox.Variable("g"): name} if name is not None else None
        )
        for sol in store.query(PER_GRAPH, prefixes=PREFIXES, substitutions=subs):  # type: ignore[union-attr]
            doc = sol["g"].value[len(DOC_NS) :]
            if doc in out:
                out[doc].append([sol[f].value if sol[f] is not None else "" for f in FIELDS])
    return {doc: _compact(rows) for doc, rows in out.items()}


def graph_data(store: ox.Store, reusable: dict[str, list[Row]], documents: Iterable[str]) -> GraphData:
    """What :func:`kgraph.graphdata.load` reads from ``store``, taking the evidence rows of
    the documents in ``reusable`` from there and reading the others from the store.
    ``reusable`` is updated to hold the rows of every document of ``documents``."""
    docs = sorted(documents)
    missing = [d for d in docs if d not in reusable]
    reusable.update(_rows(store, missing, every=len(missing) > len(docs) // 4))
    for stale in set(reusable) - set(docs):
        del reusable[stale]
    data = load(cast(ox.Store, _MergedOnly(store)))
    for doc in docs:
        for s, p, o, sentence, modality, confidence, title, date, url, source in reusable[doc]:
            row = EvidenceRow(
                sentence=sentence,
                modality=sys.intern(_local(modality)),
                confidence=float(confidence or 0),
                title=title,
                date=sys.intern(date[:10]),
                url=url,
                doc=source,
            )
            data.evidence[(s, _local(p), o)].append(row)
    for rows in data.evidence.values():
        rows.sort(key=lambda r: (r.date, r.doc, r.sentence))
    return data
