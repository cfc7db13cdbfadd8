"""Read the merged graph back out of a store as plain records: actors, facts and their
evidence. Shared by the viewer, stats and analysis code."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kgraph.namespace import KG, RELATIONS
from kgraph.rdf import PREFIXES
from kgraph.records import FACTUAL_MODALITIES

ACTOR_QUERY = """
SELECT ?a ?label ?type ?wikidata ?ucdp WHERE {
  ?a rdfs:label ?label ; a ?type .
  FILTER(STRSTARTS(STR(?type), STR(kg:)))
  OPTIONAL { ?a kg:wikidata ?wikidata }
  OPTIONAL { ?a kg:ucdpId ?ucdp }
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


Fact = tuple[str, str, str]  # (subject IRI, relation local name, object IRI)


@dataclass(frozen=True, slots=True)
class Support:
    """How well a fact is supported by a set of evidence rows."""

    sources: int  # distinct documents asserting or claiming it
    first: str  # earliest publication date ('' if none is dated)
    last: str
    confidence: float  # the highest confidence


@dataclass
class GraphData:
    labels: dict[str, str] = field(default_factory=dict)  # IRI -> label
    types: dict[str, str] = field(default_factory=dict)  # IRI -> kgraph type local name
    wikidata: dict[str, str] = field(default_factory=dict)
    ucdp: dict[str, str] = field(default_factory=dict)
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
        if row["ucdp"] is not None:
            data.ucdp[iri] = _value(row["ucdp"])
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
                date=_value(row["date"])[:10],
                url=_value(row["url"]),
                doc=_value(row["doc"]),
            )
        )
    for rows in data.evidence.values():
        rows.sort(key=lambda r: (r.date, r.doc, r.sentence))
    return data


def evidence_for(data: GraphData, fact: Fact) -> list[EvidenceRow]:
    """The statements behind a fact; a `struck` fact also stands for its `attacked` evidence."""
    s, rel, o = fact
    rows = list(data.evidence.get(fact, []))
    if rel == "struck":
        seen = {(r.doc, r.sentence) for r in rows}
        rows += [r for r in data.evidence.get((s, "attacked", o), []) if (r.doc, r.sentence) not in seen]
    return rows


def support(rows: list[EvidenceRow]) -> Support:
    """Sources, first and last publication date, and best confidence of evidence rows."""
    dates = sorted(r.date for r in rows if r.date)
    return Support(
        sources=len({r.doc for r in rows if r.modality in FACTUAL_MODALITIES}),
        first=dates[0] if dates else "",
        last=dates[-1] if dates else "",
        confidence=max((r.confidence for r in rows), default=0.0),
    )


def in_period(row: EvidenceRow, since: str | None = None, until: str | None = None) -> bool:
    """Whether the row's document was published within [since, until] (ISO dates, inclusive).

    Undated evidence is outside every bounded period."""
    if not since and not until:
        return True
    if not row.date:
        return False
    return (not since or row.date >= since) and (not until or row.date <= until)
