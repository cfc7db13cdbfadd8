"""RDF from extractions: one named graph per document carrying its evidence (PROV-O), and
the merged graph of the resolved actors and the facts: one direct triple per (subject,
relation, object), and beside it a kg:Fact node summing up the evidence accumulated over
all documents (and kg:Rejection nodes for relations the analyst rejected).

The link between a fact and its evidence is kept with the evidence: a statement that
asserts or claims a relation is ``kg:evidenceFor`` its fact, in the document's own graph. So
the merged graph grows with the number of actors and facts, not with the number of
articles, and a document graph holds everything that one document contributes.

Everything is an IRI minted from content (no blank nodes), and quads are emitted sorted,
so the same input gives byte-identical files.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kgraph.facts import Fact, Rejection, oriented, relation_evidence_iri, resolved_triple, supports_fact
from kgraph.ingest import content_hash
from kgraph.namespace import (
    CURATION_IRI,
    KG,
    ONTOLOGY_IRI,
    WD,
    actor_iri,
    document_iri,
    extractor_iri,
    fact_iri,
    rejection_iri,
)
from kgraph.records import Actor, Extraction, Relation
from kgraph.resolve import Resolution

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_SUBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
RDF_PREDICATE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate")
RDF_OBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
OWL_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
PROV = "http://www.w3.org/ns/prov#"
PROV_ENTITY = ox.NamedNode(PROV + "Entity")
PROV_AGENT = ox.NamedNode(PROV + "Agent")
PROV_DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
PROV_ATTRIBUTED = ox.NamedNode(PROV + "wasAttributedTo")
DCT = "http://purl.org/dc/terms/"
DCT_TITLE = ox.NamedNode(DCT + "title")
DCT_ISSUED = ox.NamedNode(DCT + "issued")
DCT_SOURCE = ox.NamedNode(DCT + "source")
DCT_IDENTIFIER = ox.NamedNode(DCT + "identifier")
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_DATE = ox.NamedNode(XSD + "date")
XSD_DECIMAL = ox.NamedNode(XSD + "decimal")
XSD_INTEGER = ox.NamedNode(XSD + "integer")

PREFIXES = {
    "kg": ONTOLOGY_IRI + "#",
    "id": "https://w3id.org/kgraph/id/",
    "doc": "https://w3id.org/kgraph/id/doc/",
    "ev": "https://w3id.org/kgraph/id/evidence/",
    "fact": "https://w3id.org/kgraph/id/fact/",
    "extractor": "https://w3id.org/kgraph/id/extractor/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": PROV,
    "dcterms": DCT,
    "xsd": XSD,
    "wd": str(WD),
}

MERGED = ox.DefaultGraph()
GRAPH_FORMAT = 3  # part of every document graph's key: bump it when document_quads changes


def node(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


@functools.lru_cache(maxsize=1024)
def kg(term: str) -> ox.NamedNode:
    return ox.NamedNode(str(KG[term]))


@functools.lru_cache(maxsize=1 << 16)
def actor_node(key: str) -> ox.NamedNode:
    return ox.NamedNode(str(actor_iri(key)))


@functools.lru_cache(maxsize=1 << 16)
def document_node(doc_id: str) -> ox.NamedNode:
    return ox.NamedNode(str(document_iri(doc_id)))


def canonical_triple(rel: Relation) -> tuple[str, str, str]:
    """Symmetric relations are stored once, with the smaller key first."""
    return oriented(*rel.triple)


def decimal(value: float, places: int = 2) -> ox.Literal:
    return ox.Literal(f"{value:.{places}f}", datatype=XSD_DECIMAL)


def actor_quads(actor: Actor, graph: ox.NamedNode | ox.DefaultGraph = MERGED) -> Iterator[ox.Quad]:
    subject = actor_node(actor.key)
    yield ox.Quad(subject, RDF_TYPE, kg(actor.type), graph)
    yield ox.Quad(subject, RDFS_LABEL, ox.Literal(actor.label), graph)
    yield ox.Quad(subject, SKOS_PREF, ox.Literal(actor.label), graph)
    for alias in actor.aliases:
        if alias != actor.label:
            yield ox.Quad(subject, SKOS_ALT, ox.Literal(alias), graph)
    if actor.wikidata:
        yield ox.Quad(subject, kg("wikidata"), ox.Literal(actor.wikidata), graph)
        yield ox.Quad(subject, OWL_SAME_AS, node(WD[actor.wikidata]), graph)
    if actor.ucdp:
        yield ox.Quad(subject, kg("ucdpId"), ox.Literal(actor.ucdp), graph)


def relation_quads(triple: tuple[str, str, str], graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    s, p, o = triple
    yield ox.Quad(actor_node(s), kg(p), actor_node(o), graph)
    if p == "struck":  # struck is a sub-property of attacked: materialised for plain queries
        yield ox.Quad(actor_node(s), kg("attacked"), actor_node(o), graph)


def document_quads(ex: Extraction, res: Resolution) -> Iterator[ox.Quad]:
    """The named graph of one document: the document and its evidence.

    The facts themselves live only in the merged (default) graph, so a query over the
    union of all graphs sees each triple once."""
    doc = ex.document
    graph = document_node(doc.id)
    subject = graph  # the named graph is named by the document it holds
    yield ox.Quad(subject, RDF_TYPE, kg("Document"), graph)
    yield ox.Quad(subject, RDF_TYPE, PROV_ENTITY, graph)
    yield ox.Quad(subject, DCT_IDENTIFIER, ox.Literal(doc.id), graph)
    yield ox.Quad(subject, kg("contentHash"), ox.Literal(content_hash(doc.text)), graph)
    if doc.title:
        yield ox.Quad(subject, DCT_TITLE, ox.Literal(doc.title), graph)
    if doc.published:
        yield ox.Quad(subject, DCT_ISSUED, ox.Literal(doc.published, datatype=XSD_DATE), graph)
    if doc.url and doc.url.startswith(("http://", "https://")):
        yield ox.Quad(subject, DCT_SOURCE, node(doc.url), graph)
    if doc.source:
        yield ox.Quad(subject, kg("sourcePath"), ox.Literal(doc.source), graph)
    for rel in ex.relations:
        triple = resolved_triple(rel, res)
        s, p, o = triple
        ev = rel.evidence
        e = node(relation_evidence_iri(doc.id, triple, rel))
        yield ox.Quad(e, RDF_TYPE, kg("Evidence"), graph)
        yield ox.Quad(e, RDF_SUBJECT, actor_node(s), graph)
        yield ox.Quad(e, RDF_PREDICATE, kg(p), graph)
        yield ox.Quad(e, RDF_OBJECT, actor_node(o), graph)
        yield ox.Quad(e, kg("sentence"), ox.Literal(ev.sentence), graph)
        yield ox.Quad(e, kg("charStart"), ox.Literal(str(ev.start), datatype=XSD_INTEGER), graph)
        yield ox.Quad(e, kg("charEnd"), ox.Literal(str(ev.end), datatype=XSD_INTEGER), graph)
        yield ox.Quad(e, kg("confidence"), decimal(ev.confidence), graph)
        yield ox.Quad(e, kg("modality"), kg(ev.modality), graph)
        if ev.trigger:
            yield ox.Quad(e, kg("trigger"), ox.Literal(ev.trigger), graph)
        if ev.subject_text:
            yield ox.Quad(e, kg("subjectText"), ox.Literal(ev.subject_text), graph)
        if ev.object_text:
            yield ox.Quad(e, kg("objectText"), ox.Literal(ev.object_text), graph)
        yield ox.Quad(e, PROV_DERIVED, subject, graph)
        yield ox.Quad(e, PROV_ATTRIBUTED, node(extractor_iri(ev.extractor, ev.version)), graph)
        if supports_fact(rel, triple):  # the fact's IRI (it stays if the analyst rejects the fact)
            yield ox.Quad(e, kg("evidenceFor"), node(fact_iri(*triple)), graph)


def document_key(ex: Extraction, res: Resolution) -> str:
    """A key of the content of the document's named graph (:func:`document_quads`): the
    same key, the same quads. Incremental builds and ``build --endpoint`` skip the graphs
    whose key did not change."""
    doc = ex.document
    triples = [resolved_triple(rel, res) for rel in ex.relations]
    data = repr((GRAPH_FORMAT, doc.id, doc.title, doc.url, doc.published, doc.source, triples, ex.relations))
    return hashlib.blake2b(data.encode("utf-8"), digest_size=16).hexdigest()


def fact_quads(fact: Fact) -> Iterator[ox.Quad]:
    """The direct triple, and a kg:Fact node summing up the evidence accumulated for it
    (the evidence itself points to the fact: :func:`document_quads`)."""
    yield from relation_quads(fact.triple, MERGED)
    f = node(fact_iri(*fact.triple))
    yield ox.Quad(f, RDF_TYPE, kg("Fact"), MERGED)
    yield ox.Quad(f, RDF_SUBJECT, actor_node(fact.subject), MERGED)
    yield ox.Quad(f, RDF_PREDICATE, kg(fact.predicate), MERGED)
    yield ox.Quad(f, RDF_OBJECT, actor_node(fact.object), MERGED)
    yield ox.Quad(f, kg("sourceCount"), ox.Literal(str(len(fact.documents)), datatype=XSD_INTEGER), MERGED)
    yield ox.Quad(f, kg("evidenceCount"), ox.Literal(str(fact.statements), datatype=XSD_INTEGER), MERGED)
    yield ox.Quad(f, kg("confidence"), decimal(fact.confidence, 3), MERGED)
    if fact.first_seen:
        yield ox.Quad(f, kg("firstSeen"), ox.Literal(fact.first_seen, datatype=XSD_DATE), MERGED)
        yield ox.Quad(f, kg("lastSeen"), ox.Literal(fact.last_seen, datatype=XSD_DATE), MERGED)
    if fact.curated:
        yield ox.Quad(f, PROV_ATTRIBUTED, node(CURATION_IRI), MERGED)
        yield ox.Quad(f, kg("note"), ox.Literal(fact.note), MERGED)


def rejection_quads(rejection: Rejection) -> Iterator[ox.Quad]:
    """A relation the analyst rejected: no direct triple, a kg:Rejection node instead."""
    r = node(rejection_iri(*rejection.triple))
    yield ox.Quad(r, RDF_TYPE, kg("Rejection"), MERGED)
    yield ox.Quad(r, RDF_SUBJECT, actor_node(rejection.subject), MERGED)
    yield ox.Quad(r, RDF_PREDICATE, kg(rejection.predicate), MERGED)
    yield ox.Quad(r, RDF_OBJECT, actor_node(rejection.object), MERGED)
    yield ox.Quad(r, PROV_ATTRIBUTED, node(CURATION_IRI), MERGED)
    if rejection.note:
        yield ox.Quad(r, kg("note"), ox.Literal(rejection.note), MERGED)


def curation_agent_quads() -> Iterator[ox.Quad]:
    agent = node(CURATION_IRI)
    yield ox.Quad(agent, RDF_TYPE, PROV_AGENT, MERGED)
    yield ox.Quad(agent, RDF_TYPE, kg("Curation"), MERGED)
    yield ox.Quad(agent, RDFS_COMMENT, ox.Literal("the analyst's curation file of this build"), MERGED)


def merged_quads(
    extractions: Iterable[Extraction],
    res: Resolution,
    facts: Iterable[Fact],
    rejections: Iterable[Rejection] = (),
) -> Iterator[ox.Quad]:
    """The merged graph: every actor, the facts (direct triples and kg:Fact nodes),
    rejected relations, the extractors."""
    facts, rejections = sorted(facts), sorted(rejections)
    used: set[str] = {k for f in facts for k in (f.subject, f.object)}
    used |= {k for r in rejections for k in (r.subject, r.object)}
    extractors: set[tuple[str, str]] = set()
    for ex in extractions:
        for rel in ex.relations:
            used.update((res.key(rel.subject), res.key(rel.object)))
            extractors.add((rel.evidence.extractor, rel.evidence.version))
    for key in sorted(used):
        yield from actor_quads(res.actors[key])
    for fact in facts:
        yield from fact_quads(fact)
    for rejection in rejections:
        yield from rejection_quads(rejection)
    if rejections or any(f.curated for f in facts):
        yield from curation_agent_quads()
    for name, version in sorted(extractors):
        e = node(extractor_iri(name, version))
        yield ox.Quad(e, RDF_TYPE, kg("Extractor"), MERGED)
        yield ox.Quad(e, RDFS_LABEL, ox.Literal(f"kgraph {name} extractor"), MERGED)
        yield ox.Quad(e, kg("version"), ox.Literal(version), MERGED)


def sort_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (
        str(q.graph_name) if not isinstance(q.graph_name, ox.DefaultGraph) else "",
        str(q.subject),
        str(q.predicate),
        str(q.object),
    )


def dataset(
    extractions: list[Extraction],
    res: Resolution,
    facts: Iterable[Fact],
    rejections: Iterable[Rejection] = (),
) -> list[ox.Quad]:
    """All quads, sorted: the merged (default) graph, then one named graph per document."""
    quads = set(merged_quads(extractions, res, facts, rejections))
    for ex in extractions:
        quads.update(document_quads(ex, res))
    return sorted(quads, key=sort_key)
