"""Typed, frozen records passed between the stages of the flow.

They are hashable, so duplicates fall out of sets, and they sort, so output built from
them is deterministic.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

#: Modalities of a statement. Only ASSERTED and CLAIMED become facts in the merged graph.
ASSERTED = "asserted"
CLAIMED = "claimed"
DENIED = "denied"
HYPOTHETICAL = "hypothetical"
ALLEGED = "alleged"  # a third party's accusation or reported speech the writer does not endorse
MODALITIES = (ASSERTED, CLAIMED, DENIED, HYPOTHETICAL, ALLEGED)
FACTUAL_MODALITIES = frozenset({ASSERTED, CLAIMED})


@dataclass(frozen=True, slots=True, order=True)
class Document:
    """One cleaned article. ``id`` is a hash of the cleaned text (see ``ingest.doc_id``)."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) when known
    source: str = ""  # path or locator it was read from


@dataclass(frozen=True, slots=True, order=True)
class Actor:
    """A canonical actor: a gazetteer entry or a name first seen in an article."""

    key: str  # canonical key; the IRI is minted from it
    label: str
    type: str  # State, StateForce, ArmedGroup, Organization, Person, Place
    aliases: tuple[str, ...] = ()
    wikidata: str = ""
    ucdp: str = ""


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """A span of a document that names an actor."""

    doc_id: str
    start: int  # character offsets in Document.text
    end: int
    text: str
    actor: str  # Actor.key


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """Where and how a relation was stated."""

    doc_id: str
    sentence: str
    start: int  # character offsets of the sentence in Document.text
    end: int
    confidence: float
    modality: str
    extractor: str
    version: str
    trigger: str = ""  # the words that carried the relation, e.g. "Iran-backed"
    subject_text: str = ""  # the surface forms, e.g. "American warplanes"
    object_text: str = ""


@dataclass(frozen=True, slots=True, order=True)
class Relation:
    """subject --predicate--> object, with the evidence for it."""

    subject: str  # Actor.key
    predicate: str  # local name in the kg: namespace, e.g. "backedBy"
    object: str  # Actor.key
    evidence: Evidence

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)

    @property
    def is_fact(self) -> bool:
        return self.evidence.modality in FACTUAL_MODALITIES


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document: the unit cached per document."""

    document: Document
    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    mentions: tuple[Mention, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "document": asdict(self.document),
            "actors": [asdict(a) for a in self.actors],
            "relations": [
                {
                    "subject": r.subject,
                    "predicate": r.predicate,
                    "object": r.object,
                    "evidence": asdict(r.evidence),
                }
                for r in self.relations
            ],
            "mentions": [asdict(m) for m in self.mentions],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extraction:
        """The extraction :meth:`to_json` wrote. A build holds every document's extraction
        at once, so each repeated string is kept once: identifiers (document id, actor
        keys, relation and modality names, extractor) are interned, and the words a
        document repeats (a sentence carrying several relations, a name mentioned
        again) are shared within it. That halves the memory of a large build."""
        known: dict[str, str] = {}

        def same(text: str) -> str:
            return known.setdefault(text, text)

        key = sys.intern
        return cls(
            document=Document(**{**data["document"], "id": key(data["document"]["id"])}),
            actors=tuple(
                Actor(
                    **{
                        **a,
                        "key": key(a["key"]),
                        "label": same(a["label"]),
                        "type": key(a["type"]),
                        "aliases": tuple(same(alias) for alias in a["aliases"]),
                    }
                )
                for a in data["actors"]
            ),
            relations=tuple(
                Relation(
                    key(r["subject"]),
                    key(r["predicate"]),
                    key(r["object"]),
                    _evidence(r["evidence"], same),
                )
                for r in data["relations"]
            ),
            mentions=tuple(
                Mention(
                    **{**m, "doc_id": key(m["doc_id"]), "text": same(m["text"]), "actor": key(m["actor"])}
                )
                for m in data.get("mentions", [])
            ),
        )


def _evidence(data: dict[str, Any], same: Callable[[str], str]) -> Evidence:
    key = sys.intern
    return Evidence(
        **{
            **data,
            "doc_id": key(data["doc_id"]),
            "sentence": same(data["sentence"]),
            "modality": key(data["modality"]),
            "extractor": key(data["extractor"]),
            "version": key(data["version"]),
            "trigger": same(data.get("trigger", "")),
            "subject_text": same(data.get("subject_text", "")),
            "object_text": same(data.get("object_text", "")),
        }
    )
