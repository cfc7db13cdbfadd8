"""Merged facts: one per (subject, relation, object) after resolution, with the evidence
accumulated over all documents, and the analyst's curation applied.

For each fact:

* ``documents``: the documents that assert or claim it (denied, hypothetical and alleged
  statements are evidence but never support a fact);
* ``first_seen`` / ``last_seen``: the earliest and latest publication date among them;
* ``confidence``: noisy-or over documents, ``1 - prod(1 - c_d)``, where ``c_d`` is the
  highest confidence of the statement in document ``d``. Independent reports add up; one
  report counts as much as its best sentence. A fact the analyst added counts 1.0.

Curation ``reject`` removes a fact (its evidence stays, and a :class:`Rejection` records
why); ``add`` asserts one, marked as curated.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kgraph.curation import Curation, Statement
from kgraph.gazetteer import Gazetteer, load_gazetteer
from kgraph.namespace import SYMMETRIC, evidence_iri
from kgraph.records import Extraction, Relation
from kgraph.resolve import Resolution, add_actor

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Triple = tuple[str, str, str]


@dataclass(frozen=True, slots=True, order=True)
class Fact:
    subject: str
    predicate: str
    object: str
    documents: tuple[str, ...] = ()  # supporting document ids, sorted
    statements: int = 0  # supporting evidence nodes (sentences)
    first_seen: str = ""
    last_seen: str = ""
    confidence: float = 0.0
    curated: bool = False
    note: str = ""

    @property
    def triple(self) -> Triple:
        return (self.subject, self.predicate, self.object)


@dataclass(frozen=True, slots=True, order=True)
class Rejection:
    subject: str
    predicate: str
    object: str
    note: str = ""

    @property
    def triple(self) -> Triple:
        return (self.subject, self.predicate, self.object)


def oriented(s: str, p: str, o: str) -> Triple:
    """Symmetric relations are stored once, with the smaller key first."""
    return (o, p, s) if p in SYMMETRIC and s > o else (s, p, o)


def resolved_triple(rel: Relation, res: Resolution) -> Triple:
    return oriented(res.key(rel.subject), rel.predicate, res.key(rel.object))


def supports_fact(rel: Relation, triple: Triple) -> bool:
    """Whether the statement ``rel`` (resolved to ``triple``) supports the fact of that
    triple: it asserts or claims it, and does not relate an actor to itself."""
    return rel.is_fact and triple[0] != triple[2]


def relation_evidence_iri(doc_id: str, triple: Triple, rel: Relation) -> str:
    s, p, o = triple
    return str(evidence_iri(doc_id, s, p, o, rel.evidence.start, rel.evidence.extractor))


def noisy_or(values: Iterable[float]) -> float:
    missing = 1.0
    for value in values:
        missing *= 1.0 - min(max(value, 0.0), 1.0)
    return 1.0 - missing


def accumulate(extractions: Iterable[Extraction], res: Resolution) -> list[Fact]:
    """The facts of the extractions, one per resolved triple (self-loops dropped)."""
    best: dict[Triple, dict[str, float]] = defaultdict(dict)  # triple -> doc -> confidence
    evidence: dict[Triple, set[str]] = defaultdict(set)
    dates: dict[str, str] = {}
    for ex in extractions:
        doc = ex.document
        if ISO_DATE.fullmatch(doc.published):
            dates[doc.id] = doc.published
        for rel in ex.relations:
            triple = resolved_triple(rel, res)
            if not supports_fact(rel, triple):
                continue
            docs = best[triple]
            docs[doc.id] = max(docs.get(doc.id, 0.0), rel.evidence.confidence)
            evidence[triple].add(relation_evidence_iri(doc.id, triple, rel))
    facts = []
    for triple, docs in sorted(best.items()):
        seen = sorted(dates[d] for d in docs if d in dates)
        facts.append(
            Fact(
                *triple,
                documents=tuple(sorted(docs)),
                statements=len(evidence[triple]),
                first_seen=seen[0] if seen else "",
                last_seen=seen[-1] if seen else "",
                confidence=noisy_or(docs.values()),
            )
        )
    return facts


def curate(
    facts: list[Fact], res: Resolution, curation: Curation, gaz: Gazetteer | None = None
) -> tuple[list[Fact], list[Rejection]]:
    """Apply the curation's ``add`` and ``reject`` entries to ``facts``."""
    gaz = gaz or load_gazetteer()
    by_triple = {f.triple: f for f in facts}
    for number, entry in enumerate(curation.add, start=1):
        s, o = add_actor(res, entry.subject, gaz), add_actor(res, entry.object, gaz)
        triple = oriented(s, entry.relation, o)
        old = by_triple.get(triple) or Fact(*triple)
        by_triple[triple] = Fact(
            *triple,
            documents=old.documents,
            statements=old.statements,
            first_seen=old.first_seen,
            last_seen=old.last_seen,
            confidence=1.0,
            curated=True,
            note=entry.note or f"added by the analyst ({curation.source} add #{number})",
        )
    rejections = []
    for number, entry in enumerate(curation.reject, start=1):
        rejected = _statement_triple(entry, res, f"{curation.source}: reject #{number}")
        if rejected is None:
            continue
        gone = by_triple.pop(rejected, None)
        if gone is None:
            res.warnings.append(
                f"{curation.source}: reject #{number}: the graph has no {entry.subject} "
                f"{entry.relation} {entry.object}; nothing to reject"
            )
        rejections.append(Rejection(*rejected, note=entry.note))
    return sorted(by_triple.values()), sorted(set(rejections))


def _statement_triple(entry: Statement, res: Resolution, where: str) -> Triple | None:
    ends = []
    for name in (entry.subject, entry.object):
        keys = res.find(name)
        if len(keys) != 1:
            problem = "no actor named" if not keys else "several actors are named"
            res.warnings.append(f"{where}: {problem} {name!r}; skipped")
            return None
        ends.append(keys[0])
    return oriented(ends[0], entry.relation, ends[1])
