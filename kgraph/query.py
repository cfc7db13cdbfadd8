"""Read-only SPARQL over a kgraph store or RDF file, with bound (never pasted) parameters."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kgraph.errors import QueryError
from kgraph.rdf import PREFIXES

FORMATS = ("table", "csv", "tsv", "json")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_PROLOGUE = re.compile(r"^\s*((PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n]*")


@dataclass(frozen=True)
class QueryResult:
    kind: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[ox.NamedNode | ox.Literal | ox.BlankNode | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()


def check_read_only(sparql: str) -> None:
    body = _PROLOGUE.sub("", _COMMENT.sub("", sparql), count=1).lstrip()
    word = body.split(None, 1)[0].upper() if body else ""
    if word in UPDATE_KEYWORDS:
        raise QueryError(
            f"refused: this is a SPARQL UPDATE ({word}); kgraph query only reads. "
            "Rebuild with 'kgraph build' to change the graph."
        )


def parse_term(value: str) -> ox.NamedNode | ox.Literal:
    """A command-line value as an RDF term: <IRI>, prefix:name, http(s) IRI, number, or text."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    if re.match(r"^https?://\S+$", text):
        return ox.NamedNode(text)
    match = re.match(r"^([A-Za-z][\w-]*):([^\s/]*)$", text)
    if match and match.group(1) in PREFIXES:
        return ox.NamedNode(PREFIXES[match.group(1)] + match.group(2))
    if re.fullmatch(r"-?\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return ox.Literal(text)


LABELS = "SELECT ?a ?n WHERE { { ?a rdfs:label ?n } UNION { ?a skos:altLabel ?n } }"


def resolve_binding(store: ox.Store, value: str) -> ox.NamedNode | ox.Literal:
    """Like ``parse_term``, but a plain name that labels exactly one actor becomes its IRI."""
    from kgraph.gazetteer import normalise
    from kgraph.graphdata import select

    term = parse_term(value)
    if isinstance(term, ox.Literal) and not value.strip().startswith('"'):
        wanted = normalise(value)
        found = {row["a"].value for row in select(store, LABELS) if normalise(row["n"].value) == wanted}
        if len(found) == 1:
            return ox.NamedNode(found.pop())
    return term


def run(target: str | Path | ox.Store, sparql: str, bindings: Mapping[str, str] | None = None) -> QueryResult:
    from kgraph.store import open_store

    check_read_only(sparql)
    store = target if isinstance(target, ox.Store) else open_store(target)
    subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name.lstrip("?$")): resolve_binding(store, value)
        for name, value in (bindings or {}).items()
    }
    try:
        result = store.query(
            sparql, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs or None
        )
    except SyntaxError as err:
        raise QueryError(f"invalid SPARQL: {err}") from err
    except RuntimeError as err:
        if "projection" in str(err) and subs:
            names = ", ".join(f"?{v.value}" for v in subs)
            raise QueryError(
                f"--bind: the bound variables ({names}) must appear in the SELECT clause"
            ) from err
        raise QueryError(f"query failed: {err}") from err
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(sol[v] for v in variables) for sol in result)
        return QueryResult("select", variables=variables, rows=rows)
    return QueryResult("graph", triples=tuple(result))


#: Longest namespace first, so "doc:" wins over "id:" for document IRIs.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in _BY_LENGTH:
            if term.value.startswith(ns) and re.fullmatch(r"[\w.-]*", term.value[len(ns) :]):
                return f"{prefix}:{term.value[len(ns) :]}"
        return f"<{term.value}>"
    return term.value  # type: ignore[attr-defined]


def plain(term: object) -> str:
    return "" if term is None else term.value  # type: ignore[attr-defined]


def format_result(result: QueryResult, fmt: str = "table") -> str:
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if result.kind == "ask":
        return json.dumps({"boolean": result.boolean}) if fmt == "json" else str(result.boolean).lower()
    if result.kind == "graph":
        data = ox.serialize(list(result.triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
        return data.decode("utf-8")
    if fmt == "json":
        rows = [
            {v: plain(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        return json.dumps({"variables": list(result.variables), "rows": rows}, indent=1, ensure_ascii=False)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([plain(t) for t in row] for row in result.rows)
        return buf.getvalue().rstrip("\n")
    table = [list(result.variables)] + [[compact(t) for t in row] for row in result.rows]
    widths = [min(60, max(len(r[i]) for r in table)) for i in range(len(result.variables))]
    lines = []
    for n, row in enumerate(table):
        cells = [(c if len(c) <= 60 else c[:57] + "...").ljust(w) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines)
