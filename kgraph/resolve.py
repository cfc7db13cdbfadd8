"""Resolution across documents: one canonical actor, whatever article named it and however.

Each document's extraction names actors by key: a gazetteer id, or for a name the
gazetteer does not know, the name's slug. This module joins keys that are the same actor
and picks the canonical actor of each group:

1. The analyst's curation ``merge`` entries are applied first and always win.
2. Two names are the same actor when, after ignoring case, accents, apostrophes,
   hyphens, Arabic articles (al-, el-…) and a trailing generic word ("group",
   "militia"), they are equal; or every word that differs has the same consonant
   skeleton and the names are similar (rapidfuzz ratio >= 70: "Kataib Hizbollah" =
   "Kataib Hezbollah"); or one word of six letters or more has a typo; or one, of two
   words or more, is a shortened form of exactly one other actor's name ("Hezbollah
   al-Nujaba" of "Harakat Hezbollah al-Nujaba"). Candidates are compared only within
   blocks that share a bare form, a skeleton or its first three letters
   (:mod:`kgraph.matching`). A name that would join two gazetteer actors joins neither.
3. Names in capitals join only when equal, or as the acronym (SNA, EMC) of the one
   actor whose initials they are and whose full name is written in an article that uses
   the acronym.
4. Never across types (except that a name the statistical model typed as a generic
   Organization may join an ArmedGroup); never two gazetteer actors; never two actors of
   a homonym group (``ontology/homonyms.yaml``) or of a curation ``split`` entry.
5. Persons: within a document the extractor already joins short forms; across documents
   only full names (two words or more) that are equal after normalisation and
   transliteration.

The canonical actor of a group is the curation merge target, else the gazetteer actor,
else the name as first seen (in the earliest published article; a full name before an
acronym), so later articles never rename a node. Its label is the spelling most articles
use for that name. Curation ``rename`` and ``type`` entries then apply.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kgraph.curation import Curation
from kgraph.data import data_path, read_yaml
from kgraph.errors import DataError
from kgraph.gazetteer import Gazetteer, load_gazetteer, normalise
from kgraph.matching import (
    Candidate,
    acronym_pairs,
    gazetteer_candidate,
    name_pairs,
    subset_pairs,
    unambiguous,
)
from kgraph.names import is_acronym
from kgraph.namespace import slug
from kgraph.records import Actor, Extraction


@dataclass
class Resolution:
    """Which canonical actor each extracted key is, and the canonical actors."""

    canonical: dict[str, str]  # extracted key -> canonical key
    actors: dict[str, Actor]  # canonical key -> actor
    warnings: list[str] = field(default_factory=list)

    def key(self, key: str) -> str:
        return self.canonical.get(key, key)

    def find(self, name: str) -> list[str]:
        """Canonical keys named ``name``: by key, else by label, else by alias."""
        if name in self.actors:
            return [name]
        norm = normalise(name)
        by_label = sorted(k for k, a in self.actors.items() if normalise(a.label) == norm)
        if by_label:
            return by_label
        return sorted(k for k, a in self.actors.items() if any(normalise(x) == norm for x in a.aliases))


# ---------------------------------------------------------------- homonyms


@lru_cache(maxsize=2)
def load_homonyms(path: str | None = None) -> tuple[tuple[str, ...], ...]:
    """Groups of actor keys that must never merge (``ontology/homonyms.yaml``)."""
    file = data_path("homonyms.yaml") if path is None else data_path(path)
    data = read_yaml(file)
    groups = []
    for i, raw in enumerate(data.get("groups") or [], start=1):
        keys = raw.get("keys") if isinstance(raw, dict) else None
        if not isinstance(keys, list) or len(keys) < 2:
            raise DataError(f"{file}: group #{i} needs 'keys', a list of at least two actor keys")
        groups.append(tuple(str(k) for k in keys))
    return tuple(groups)


# ---------------------------------------------------------------- one key, one type

FAMILIES = {"Person": "person", "Place": "place"}  # every other type is an organised actor


def family(kind: str) -> str:
    return FAMILIES.get(kind, "group")


def separate_types(extractions: Iterable[Extraction]) -> list[Extraction]:
    """A name the extractor gave a person in one article and a group in another gets one
    key per kind: the kind most documents use keeps the key, the others get a suffix
    (``jaish_al_mukhtar_person``). Persons, places and groups never share a node."""
    extractions = sorted(extractions, key=lambda e: e.document.id)
    docs: dict[str, Counter[str]] = defaultdict(Counter)
    for ex in extractions:
        for actor in ex.actors:
            docs[actor.key][family(actor.type)] += 1
    keeps = {
        key: sorted(fams.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for key, fams in docs.items()
        if len(fams) > 1
    }
    if not keeps:
        return extractions
    return [_rekey(ex, keeps) for ex in extractions]


def _rekey(ex: Extraction, keeps: dict[str, str]) -> Extraction:
    renamed = {
        a.key: f"{a.key}_{family(a.type)}"
        for a in ex.actors
        if a.key in keeps and family(a.type) != keeps[a.key]
    }
    if not renamed:
        return ex
    return replace(
        ex,
        actors=tuple(sorted(replace(a, key=renamed.get(a.key, a.key)) for a in ex.actors)),
        relations=tuple(
            sorted(
                replace(r, subject=renamed.get(r.subject, r.subject), object=renamed.get(r.object, r.object))
                for r in ex.relations
            )
        ),
        mentions=tuple(sorted(replace(m, actor=renamed.get(m.actor, m.actor)) for m in ex.mentions)),
    )


# ---------------------------------------------------------------- candidates


def collect(extractions: Iterable[Extraction], gaz: Gazetteer) -> dict[str, Candidate]:
    """Every key the extractions use, with its names, types and documents."""
    out: dict[str, Candidate] = {}
    for ex in extractions:
        for actor in ex.actors:
            cand = out.get(actor.key)
            if cand is None:
                known = gaz.actors.get(actor.key)
                cand = Candidate(actor.key, (known or actor).type, known is not None)
                out[actor.key] = cand
            cand.labels[actor.label] += 1
            cand.types[actor.type] += 1
            cand.docs.add(ex.document.id)
            cand.first_seen = min(cand.first_seen, (ex.document.published or "~", ex.document.id))
        for mention in ex.mentions:
            if mention.actor in out:
                out[mention.actor].surfaces.add(" ".join(mention.text.split()))
    for cand in out.values():
        if not cand.gazetteer:
            cand.type = _unknown_type(cand.types)
    return out


def _unknown_type(types: Counter[str]) -> str:
    if "ArmedGroup" in types:
        return "ArmedGroup"  # the armed head noun ("militia", "brigades") is the stronger sign
    return sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


# ---------------------------------------------------------------- clusters


class Clusters:
    """Union-find over keys that refuses unions the constraints forbid."""

    def __init__(self, gazetteer_keys: set[str]) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.gazetteer_keys = gazetteer_keys
        self.sides: dict[str, set[tuple[int, int]]] = defaultdict(set)  # key -> (group, side)
        self._groups = 0

    def add(self, key: str) -> None:
        if key not in self.parent:
            self.parent[key] = key
            self.members[key] = {key}

    def find(self, key: str) -> str:
        self.add(key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        self.parent[key] = root
        return root

    def keep_apart(self, *sides: Iterable[str]) -> None:
        """No cluster may hold keys of two different ``sides``."""
        group = self._groups
        self._groups += 1
        for i, keys in enumerate(sides):
            for key in keys:
                self.sides[key].add((group, i))

    def allowed(self, a: str, b: str) -> bool:
        ma, mb = self.members[a], self.members[b]
        if any(k in self.gazetteer_keys for k in ma) and any(k in self.gazetteer_keys for k in mb):
            return False
        sides_a = {s for k in ma for s in self.sides.get(k, ())}
        sides_b = {s for k in mb for s in self.sides.get(k, ())}
        groups_a = {g: i for g, i in sides_a}
        return not any(g in groups_a and groups_a[g] != i for g, i in sides_b)

    def union(self, a: str, b: str, forced: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not forced and not self.allowed(ra, rb):
            return False
        root, child = min(ra, rb), max(ra, rb)
        self.parent[child] = root
        self.members[root] |= self.members.pop(child)
        return True

    def groups(self) -> list[set[str]]:
        return [self.members[r] for r in sorted(self.members) if self.parent[r] == r]


# ---------------------------------------------------------------- curation lookups


def lookup(name: str, cands: dict[str, Candidate], gaz: Gazetteer) -> set[str]:
    """Keys an analyst's name stands for: by key, gazetteer name, label, then any name."""
    if name in cands or name in gaz.actors:
        return {name}
    known = gaz.lookup(name)
    if known is not None:
        return {known.key}
    norm = normalise(name)
    by_label = {c.key for c in cands.values() if any(normalise(n) == norm for n in c.labels)}
    return by_label or {c.key for c in cands.values() if any(normalise(n) == norm for n in c.surfaces)}


def _named(
    names: Iterable[str], cands: dict[str, Candidate], gaz: Gazetteer, warn: list[str], where: str
) -> list[set[str]] | None:
    """The keys each name of a curation entry finds, or None (with a warning) if one finds none."""
    names = list(names)
    found = [lookup(n, cands, gaz) for n in names]
    missing = [n for n, keys in zip(names, found, strict=True) if not keys]
    if missing:
        warn.append(f"{where}: no actor named {missing[0]!r}; skipped")
        return None
    return found


def apply_merges(
    curation: Curation, clusters: Clusters, cands: dict[str, Candidate], gaz: Gazetteer, warn: list[str]
) -> set[str]:
    """Union the keys of every merge entry; returns the merge targets (the last names)."""
    targets: set[str] = set()
    for number, entry in enumerate(curation.merge, start=1):
        found = _named(entry.names, cands, gaz, warn, f"{curation.source}: merge #{number}")
        if found is None:
            continue
        keys = sorted(set().union(*found))
        for key in keys[1:]:
            clusters.union(keys[0], key, forced=True)
        targets |= found[-1]
    return targets


def apply_splits(
    curation: Curation, clusters: Clusters, cands: dict[str, Candidate], gaz: Gazetteer, warn: list[str]
) -> None:
    for number, entry in enumerate(curation.split, start=1):
        found = _named(entry.names, cands, gaz, warn, f"{curation.source}: split #{number}")
        if found is None:
            continue
        if len(set().union(*found)) < sum(len(f) for f in found):
            warn.append(
                f"{curation.source}: split #{number}: {entry.names[0]!r} and {entry.names[1]!r} are "
                "one name in the extraction (the gazetteer joins them); add a gazetteer entry instead"
            )
        clusters.keep_apart(*found)


# ---------------------------------------------------------------- canonical actors


def canonical_key(keys: set[str], cands: dict[str, Candidate], targets: set[str]) -> str:
    def rank(key: str) -> tuple[bool, bool, bool, tuple[str, str], str]:
        c = cands[key]
        label = best_label(c)
        return (
            key not in targets,
            not c.gazetteer,
            is_acronym(label),
            c.first_seen,
            key,
        )

    return min(keys, key=rank)


def best_label(cand: Candidate) -> str:
    """The label most documents use; on a tie the one written with hyphens and
    apostrophes ("al-Mukhtar" rather than "al Mukhtar")."""
    return min(cand.labels.items(), key=lambda kv: (-kv[1], -sum(c in "-'’" for c in kv[0]), kv[0]))[0]


def canonical_actor(keys: set[str], head: str, cands: dict[str, Candidate], gaz: Gazetteer) -> Actor:
    others = sorted(keys - {head})
    extra = {n for k in others for n in cands[k].names()}
    if head in gaz.actors:
        base = gaz.actors[head]
        known = {normalise(n) for n in (base.label, *base.aliases)}
        new = sorted({n for n in extra if normalise(n) not in known})
        return replace(base, aliases=base.aliases + tuple(new)) if new else base
    cand = cands[head]
    label = best_label(cand)
    names = cand.names() | extra
    kind = _unknown_type(Counter(t for k in keys for t in cands[k].types.elements()))
    aliases = sorted({n for n in names if normalise(n) != normalise(label)} | (set(cand.labels) - {label}))
    return Actor(key=head, label=label, type=kind, aliases=tuple(aliases))


def apply_relabels(curation: Curation, res: Resolution) -> None:
    """Curation rename and type entries, on the canonical actors."""
    for number, entry in enumerate(curation.rename, start=1):
        key = _one(res, entry.name, f"{curation.source}: rename #{number}")
        if key is not None:
            actor = res.actors[key]
            aliases = tuple(sorted({*actor.aliases, actor.label} - {entry.label}))
            res.actors[key] = replace(actor, label=entry.label, aliases=aliases)
    for number, setting in enumerate(curation.type, start=1):
        key = _one(res, setting.name, f"{curation.source}: type #{number}")
        if key is not None:
            res.actors[key] = replace(res.actors[key], type=setting.type)


def _one(res: Resolution, name: str, where: str) -> str | None:
    keys = res.find(name)
    if len(keys) == 1:
        return keys[0]
    problem = "no actor named" if not keys else f"several actors ({', '.join(keys)}) are named"
    res.warnings.append(f"{where}: {problem} {name!r}; skipped")
    return None


def add_actor(res: Resolution, name: str, gaz: Gazetteer) -> str:
    """The canonical key of ``name``, creating the actor (a gazetteer one, or a new
    Organization) when no actor in the graph has that name."""
    keys = res.find(name)
    if keys:
        return keys[0]
    known = gaz.lookup(name) or gaz.actors.get(name)
    actor = known if known is not None else Actor(key=slug(name), label=name, type="Organization")
    res.actors.setdefault(actor.key, actor)
    return actor.key


# ---------------------------------------------------------------- entry point


def resolve(
    extractions: Iterable[Extraction],
    curation: Curation | None = None,
    gaz: Gazetteer | None = None,
    homonyms: Iterable[Iterable[str]] | None = None,
) -> Resolution:
    """Canonical actors of ``extractions`` (any order gives the same result)."""
    gaz = gaz or load_gazetteer()
    curation = curation or Curation()
    extractions = sorted(extractions, key=lambda e: e.document.id)
    cands = collect(extractions, gaz)
    warn: list[str] = []
    clusters = Clusters(set(gaz.actors))
    for key in cands:
        clusters.add(key)
    for group in homonyms if homonyms is not None else load_homonyms():
        clusters.keep_apart(*({k} for k in group))
    apply_splits(curation, clusters, cands, gaz, warn)
    targets = apply_merges(curation, clusters, cands, gaz, warn)
    for key in list(clusters.parent):
        if key not in cands:  # a gazetteer actor named only in the curation
            cands[key] = gazetteer_candidate(gaz.actors[key])
    texts = {ex.document.id: ex.document.text for ex in extractions}
    pool = {**{k: gazetteer_candidate(a) for k, a in gaz.actors.items() if k not in cands}, **cands}
    matches = name_pairs(cands, pool) + subset_pairs(cands, pool) + acronym_pairs(cands, pool, texts)
    for _score, a, b in unambiguous(matches, pool):
        if clusters.union(a, b):
            for key in (a, b):
                cands.setdefault(key, pool[key])
    canonical: dict[str, str] = {}
    actors: dict[str, Actor] = {}
    for keys in clusters.groups():
        head = canonical_key(keys, cands, targets)
        actors[head] = canonical_actor(keys, head, cands, gaz)
        canonical.update((k, head) for k in keys)
    res = Resolution(canonical=canonical, actors=dict(sorted(actors.items())), warnings=warn)
    apply_relabels(curation, res)
    return res
