"""The kgraph vocabulary as a closed namespace, and deterministic IRI minting.

``KG`` must match ``ontology/kgraph.ttl`` term for term (a test checks it). IRIs of
actors are minted from their canonical keys, documents from their content hash, and
evidence from what it states, so the same input always gives the same IRIs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kgraph/ontology"
BASE = "https://w3id.org/kgraph/id/"

ID = Namespace(BASE)
WD = Namespace("http://www.wikidata.org/entity/")


class KG(DefinedNamespace):
    """Terms of the kgraph ontology (``ontology/kgraph.ttl``)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Actor: URIRef
    State: URIRef
    StateForce: URIRef
    ArmedGroup: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Document: URIRef
    Evidence: URIRef
    Extractor: URIRef
    Modality: URIRef
    Fact: URIRef
    Rejection: URIRef
    Curation: URIRef
    Event: URIRef
    Attack: URIRef
    Strike: URIRef
    AirOrDroneStrike: URIRef
    ShellingOrMissileAttack: URIRef
    Bombing: URIRef
    ArmedClash: URIRef
    Abduction: URIRef
    # modalities
    asserted: URIRef
    claimed: URIRef
    denied: URIRef
    hypothetical: URIRef
    alleged: URIRef
    # relations between actors
    backedBy: URIRef
    alliedWith: URIRef
    hostileTo: URIRef
    splinterOf: URIRef
    affiliateOf: URIRef
    partOf: URIRef
    designatedBy: URIRef
    attacked: URIRef
    struck: URIRef
    killed: URIRef
    leaderOf: URIRef
    memberOf: URIRef
    operatesIn: URIRef
    # actor data
    wikidata: URIRef
    ucdpId: URIRef
    # provenance
    sentence: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    modality: URIRef
    trigger: URIRef
    subjectText: URIRef
    objectText: URIRef
    version: URIRef
    contentHash: URIRef
    sourcePath: URIRef
    # accumulated evidence and curation
    sourceCount: URIRef
    evidenceCount: URIRef
    firstSeen: URIRef
    lastSeen: URIRef
    evidenceFor: URIRef
    note: URIRef


#: The relations between actors, in the order of the design brief.
RELATIONS: tuple[str, ...] = (
    "backedBy",
    "alliedWith",
    "hostileTo",
    "splinterOf",
    "affiliateOf",
    "partOf",
    "designatedBy",
    "attacked",
    "struck",
    "killed",
    "leaderOf",
    "memberOf",
    "operatesIn",
)
SYMMETRIC: frozenset[str] = frozenset({"alliedWith", "hostileTo"})
ACTOR_TYPES: tuple[str, ...] = ("State", "StateForce", "ArmedGroup", "Organization", "Person", "Place")


def check_relation(name: str) -> str:
    """Return ``name`` if it is a kgraph relation, else raise a helpful ValueError."""
    if name not in RELATIONS:
        raise ValueError(f"unknown relation {name!r}; known: {', '.join(RELATIONS)}")
    return name


def slug(name: str) -> str:
    """An ASCII snake_case key from a name: 'Kata’ib Hezbollah' -> 'kataib_hezbollah'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[’'`ʼ‘]", "", text).casefold()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return text or "unnamed"


def actor_iri(key: str) -> URIRef:
    return ID[key]


def document_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{doc_id}"]


def extractor_iri(name: str, version: str) -> URIRef:
    return ID[f"extractor/{name}-{version}"]


def short_hash(*parts: object, length: int = 16) -> str:
    data = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:length]


#: The agent of the analyst's curation (prov:wasAttributedTo of curated facts and rejections).
CURATION_IRI = ID["curation"]


def fact_iri(subject: str, predicate: str, obj: str) -> URIRef:
    return ID[f"fact/{short_hash(subject, predicate, obj)}"]


def rejection_iri(subject: str, predicate: str, obj: str) -> URIRef:
    return ID[f"rejection/{short_hash(subject, predicate, obj)}"]


def evidence_iri(doc_id: str, subject: str, predicate: str, obj: str, start: int, extractor: str) -> URIRef:
    return ID[f"evidence/{short_hash(doc_id, subject, predicate, obj, start, extractor)}"]
