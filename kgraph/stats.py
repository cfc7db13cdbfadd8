"""Counts of a graph: documents, actors by type, facts by relation, evidence by modality."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kgraph.graphdata import load, select

EVIDENCE_BY_MODALITY = """
SELECT ?m (COUNT(?e) AS ?n) WHERE { ?e a kg:Evidence ; kg:modality ?m } GROUP BY ?m"""
DOCUMENTS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }"


@dataclass
class Stats:
    documents: int = 0
    actors: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"documents     {self.documents}", f"actors        {sum(self.actors.values())}"]
        out += [f"  {k:<12}{v:>6}" for k, v in sorted(self.actors.items())]
        out.append(f"relations     {sum(self.relations.values())}")
        out += [f"  {k:<12}{v:>6}" for k, v in sorted(self.relations.items())]
        out.append(f"evidence      {sum(self.evidence.values())}")
        out += [f"  {k:<12}{v:>6}" for k, v in sorted(self.evidence.items())]
        return out


def compute(target: str | Path | ox.Store) -> Stats:
    from kgraph.store import open_store

    store = target if isinstance(target, ox.Store) else open_store(target)
    data = load(store)
    stats = Stats()
    in_facts = {x for s, _, o in data.facts for x in (s, o)}
    for iri in in_facts:
        kind = data.types.get(iri, "Actor")
        stats.actors[kind] = stats.actors.get(kind, 0) + 1
    for _, rel, _ in data.facts:
        stats.relations[rel] = stats.relations.get(rel, 0) + 1
    for row in select(store, EVIDENCE_BY_MODALITY):
        stats.evidence[row["m"].value.rsplit("#", 1)[-1]] = int(row["n"].value)
    for row in select(store, DOCUMENTS):
        stats.documents = int(row["n"].value)
    return stats
