"""Resolution across documents: one canonical actor per key, whatever article named it.

Gazetteer actors keep their gazetteer record; a name first seen in an article keeps the
label it was first given (in document order) and gathers the other surface forms it was
written with as aliases.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kgraph.gazetteer import Gazetteer, load_gazetteer, normalise
from kgraph.records import Actor, Extraction


def merge_actors(extractions: Iterable[Extraction], gaz: Gazetteer | None = None) -> dict[str, Actor]:
    """The canonical actor of every key used in ``extractions``, sorted by key."""
    gaz = gaz or load_gazetteer()
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, set[str]] = defaultdict(set)
    for ex in sorted(extractions, key=lambda e: e.document.id):
        for actor in ex.actors:
            labels[actor.key][actor.label] += 1
            types[actor.key][actor.type] += 1
        for mention in ex.mentions:
            surfaces[mention.actor].add(mention.text.strip())
    merged: dict[str, Actor] = {}
    for key in sorted(labels):
        if key in gaz.actors:
            merged[key] = gaz.actors[key]
            continue
        label = sorted(labels[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        kind = sorted(types[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        aliases = sorted(
            {s for s in surfaces[key] if normalise(s) != normalise(label) and len(s) < 80}
            | {lab for lab in labels[key] if lab != label}
        )
        merged[key] = Actor(key=key, label=label, type=kind, aliases=tuple(aliases))
    return merged
