"""A SPARQL 1.1 server as the store: ``--endpoint URL`` on build, query, view and stats.

The server holds the same dataset as ``graph.trig``: the merged graph in the default
graph and one named graph per document (named by the document's IRI). ``build`` writes
it with the Graph Store Protocol: ``PUT`` of the merged graph and of each document graph
that changed since the last push to this URL (``OUTDIR/endpoint.json`` keeps a hash per
graph), ``DELETE`` of the document graphs no longer in the build. ``query`` runs on the
server; ``view`` and ``stats`` read the dataset back into memory.

URL forms: a server root (``http://host:7878``, Oxigraph's layout: ``/query`` and
``/store``), Oxigraph's ``.../query``, or a dataset URL that answers both SPARQL queries
and the Graph Store Protocol (Apache Jena Fuseki's ``http://host:3030/DATASET``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from kgraph.errors import QueryError, StoreError
from kgraph.rdf import PREFIXES

if TYPE_CHECKING:
    from kgraph.query import QueryResult
    from kgraph.store import Graphs

RECORD = "endpoint.json"
TIMEOUT = 300  # seconds for one request
NTRIPLES = "application/n-triples"
JSON_RESULTS = "application/sparql-results+json"
DOCUMENT_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a kg:Document } }"
ALL_NAMED = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


class Endpoint:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"{url}: not an http(s) URL of a SPARQL endpoint")
        self.url = url
        path = parts.path.rstrip("/")
        if path == "":  # a server root: Oxigraph's layout
            self.query_url = urlunsplit((parts.scheme, parts.netloc, "/query", "", ""))
            self.store_url = urlunsplit((parts.scheme, parts.netloc, "/store", "", ""))
        elif path.endswith("/query"):
            self.query_url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
            self.store_url = urlunsplit((parts.scheme, parts.netloc, path[: -len("query")] + "store", "", ""))
        else:  # a dataset URL that answers queries and the Graph Store Protocol
            self.query_url = self.store_url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        self._session: Any = None

    # ------------------------------------------------------------------ HTTP

    def _request(self, method: str, url: str, **kwargs: Any) -> Any:
        import requests

        if self._session is None:
            self._session = requests.Session()
        try:
            response = self._session.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as err:
            raise StoreError(f"{self.url}: cannot reach the SPARQL endpoint ({type(err).__name__})") from err
        if response.status_code >= 400:
            message = " ".join(response.text.split())[:200]
            error = QueryError if url == self.query_url and response.status_code == 400 else StoreError
            raise error(f"{self.url}: the server answered {response.status_code} to {method}: {message}")
        return response

    def _select(self, sparql: str) -> ox.QuerySolutions:
        response = self._request(
            "POST", self.query_url, data={"query": sparql}, headers={"Accept": JSON_RESULTS}
        )
        result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        assert isinstance(result, ox.QuerySolutions)
        return result

    def _put(self, graph: str | None, triples: bytes) -> None:
        params = {"graph": graph} if graph else {"default": ""}
        headers = {"Content-Type": NTRIPLES}
        self._request("PUT", self.store_url, params=params, data=triples, headers=headers)

    # ----------------------------------------------------------------- write

    def check(self) -> None:
        """Fail now, with one line naming the URL, if the server does not answer queries."""
        self._request("POST", self.query_url, data={"query": "ASK {}"}, headers={"Accept": JSON_RESULTS})

    def document_graphs(self) -> set[str]:
        """The names of the document graphs on the server."""
        return {row["g"].value for row in self._select(_prologue() + DOCUMENT_GRAPHS)}

    def push(self, graphs: Graphs, outdir: Path) -> int:
        """Write the dataset ``graphs`` to the server; returns how many graphs were
        written. Unchanged document graphs are skipped."""
        record_path = outdir / RECORD
        record = _read_record(record_path, self.url)
        on_server = self.document_graphs()
        written: dict[str, str] = {}
        self._put(None, _ntriples(graphs.merged))
        count = 1
        for graph in graphs.graphs:
            name = graph.name
            digest = f"key:{graph.key}"  # the key of the graph's content: nothing to serialise
            written[name] = digest
            if name in on_server and record.get(name) == digest:
                continue
            self._put(name, _ntriples(graph.quads()))
            count += 1
        for stale in sorted(on_server - set(written)):
            self._request("DELETE", self.store_url, params={"graph": stale})
        from kgraph.store import atomic_write_bytes

        data = {"url": self.url, "graphs": written}
        atomic_write_bytes(record_path, (json.dumps(data, indent=0, sort_keys=True) + "\n").encode("utf-8"))
        return count

    # ------------------------------------------------------------------ read

    def fetch(self) -> ox.Store:
        """The server's dataset in an in-memory store: the default graph and every named graph."""
        from kgraph.store import bulk_extend

        store = ox.Store()
        response = self._request("GET", self.store_url, params={"default": ""}, headers={"Accept": NTRIPLES})
        try:
            bulk_extend(
                store,
                (
                    ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                    for t in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
                ),
            )
        except SyntaxError as err:
            raise StoreError(f"{self.url}: the default graph is not valid N-Triples: {err}") from err
        rows = self._select(ALL_NAMED)
        bulk_extend(store, (ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows))
        return store

    def query(self, sparql: str, bindings: Mapping[str, str] | None = None) -> QueryResult:
        """Run a read-only query on the server.

        Bound values travel as RDF terms in a VALUES block, never pasted into the query."""
        from kgraph.query import QueryResult, check_read_only

        check_read_only(sparql)
        text = _prologue() + sparql
        if bindings:
            names = [name.lstrip("?$") for name in bindings]
            terms = [self.resolve_binding(value) for value in bindings.values()]
            text += (
                "\nVALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(map(str, terms)) + ") }"
            )
        accept = f"{JSON_RESULTS}, {NTRIPLES};q=0.9"
        response = self._request("POST", self.query_url, data={"query": text}, headers={"Accept": accept})
        kind = response.headers.get("Content-Type", "").split(";")[0].strip()
        if kind == NTRIPLES or kind.startswith("text/turtle"):
            fmt = ox.RdfFormat.N_TRIPLES if kind == NTRIPLES else ox.RdfFormat.TURTLE
            return QueryResult("graph", triples=tuple(ox.parse(response.content, format=fmt)))
        result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        variables = tuple(v.value for v in result.variables)
        return QueryResult(
            "select", variables=variables, rows=tuple(tuple(s[v] for v in variables) for s in result)
        )

    def resolve_binding(self, value: str) -> ox.NamedNode | ox.Literal:
        """As :func:`kgraph.query.resolve_binding`, with the labels read from the server."""
        from kgraph.gazetteer import normalise
        from kgraph.query import LABELS, parse_term

        term = parse_term(value)
        if isinstance(term, ox.Literal) and not value.strip().startswith('"'):
            wanted = normalise(value)
            rows = self._select(_prologue() + LABELS)
            found = {row["a"].value for row in rows if normalise(row["n"].value) == wanted}
            if len(found) == 1:
                return ox.NamedNode(found.pop())
        return term


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def _ntriples(quads: list[ox.Quad]) -> bytes:
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""


def _read_record(path: Path, url: str) -> dict[str, str]:
    """The hash of each graph last pushed to ``url`` from this output directory."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("url") != url:
        return {}
    graphs = data.get("graphs")
    return graphs if isinstance(graphs, dict) else {}
