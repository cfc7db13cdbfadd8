"""Read the merged graph back out of a store as plain records: actors, facts and their
evidence. Shared by the viewer, stats and analysis code."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kgraph.namespace import KG, RELATIONS
from kgraph.rdf import PREFIXES

ACTOR_QUERY = """
SELECT ?a ?label ?type ?wikidata WHERE {
  ?a rdfs:label ?label ; a ?type .
  FILTER(STRSTARTS(STR(?type), STR(kg:)))
  OPTIONAL { ?a kg:wikidata ?wikidata }
}"""
ALIAS_QUERY = "SELECT ?a ?alt WHERE { ?a skos:altLabel ?alt }"
EVIDENCE_QUERY = """
SELECT ?s ?p ?o ?sentence ?modality ?confidence ?title ?date ?url ?doc WHERE {
  ?e a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     kg:sentence ?sentence ; kg:modality ?modality ; kg:confidence ?confidence ;
     prov:wasDerivedFrom ?doc .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:issued ?date }
  OPTIONAL { ?doc dcterms:source ?url }
}"""


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    sentence: str
    modality: str
    confidence: float
    title: str
    date: str
    url: str
    doc: str


@dataclass
class GraphData:
    labels: dict[str, str] = field(default_factory=dict)  # IRI -> label
    types: dict[str, str] = field(default_factory=dict)  # IRI -> kgraph type local name
    wikidata: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (s, relation local name, o)
    evidence: dict[tuple[str, str, str], list[EvidenceRow]] = field(default_factory=lambda: defaultdict(list))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _value(term: object) -> str:
    return term.value if term is not None else ""  # type: ignore[attr-defined]


def select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """Run a SELECT over the union of all graphs with kgraph's prefixes."""
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return result


def load(store: ox.Store) -> GraphData:
    data = GraphData()
    for row in select(store, ACTOR_QUERY):
        iri = _value(row["a"])
        kind = _local(_value(row["type"]))
        if kind in ("Extractor", "Document", "Evidence", "Modality"):
            continue
        data.labels.setdefault(iri, _value(row["label"]))
        data.types[iri] = kind
        if row["wikidata"] is not None:
            data.wikidata[iri] = _value(row["wikidata"])
    for row in select(store, ALIAS_QUERY):
        data.aliases[_value(row["a"])].append(_value(row["alt"]))
    relation_iris = {str(KG[r]): r for r in RELATIONS}
    facts = set()
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        rel = relation_iris.get(quad.predicate.value)
        if rel is None:
            continue
        facts.add((quad.subject.value, rel, quad.object.value))  # type: ignore[union-attr]
    # struck implies attacked: show the more specific one only
    data.facts = sorted(f for f in facts if not (f[1] == "attacked" and (f[0], "struck", f[2]) in facts))
    for row in select(store, EVIDENCE_QUERY):
        key = (_value(row["s"]), _local(_value(row["p"])), _value(row["o"]))
        data.evidence[key].append(
            EvidenceRow(
                sentence=_value(row["sentence"]),
                modality=_local(_value(row["modality"])),
                confidence=float(_value(row["confidence"]) or 0),
                title=_value(row["title"]),
                date=_value(row["date"]),
                url=_value(row["url"]),
                doc=_value(row["doc"]),
            )
        )
    for rows in data.evidence.values():
        rows.sort(key=lambda r: (r.date, r.doc, r.sentence))
    return data
