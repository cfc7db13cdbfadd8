"""The actor gazetteer (``ontology/actors.yaml``): canonical actors, their names, and the
entity-ruler patterns that let the spaCy pipeline recognise them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kgraph.data import data_path, read_yaml
from kgraph.errors import DataError
from kgraph.records import Actor

GAZETTEER_TYPES = ("State", "StateForce", "ArmedGroup", "Organization")
NON_ACTOR = "NON_ACTOR"  # entity label of names that are never actors (agencies, outlets)
STATE_FORCE_LABEL = "State"  # "U.S. forces" is tagged as the state itself


def normalise(name: str) -> str:
    """Comparison form of a name: case, accents, apostrophes, dots, hyphens, a leading 'the'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[’'`ʼ‘.]", "", text)
    text = re.sub(r"[-_/,;:()\"]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return re.sub(r"(’s|'s|s’|s')$", "", text).strip() if text.endswith(("'s", "’s")) else text


def variants(name: str) -> set[str]:
    """Spelling variants the press uses interchangeably: apostrophes, hyphens, 'al-'."""
    out = {name}
    if "'" in name or "’" in name:
        out |= {name.replace("’", "'"), name.replace("'", "’"), name.replace("'", "").replace("’", "")}
    for v in list(out):
        if "-" in v:
            out.add(v.replace("-", " "))
    for v in list(out):
        if v.lower().startswith(("al-", "al ")):
            out.add("Al" + v[2:])
    return out


@dataclass(frozen=True, slots=True)
class Gazetteer:
    actors: dict[str, Actor]
    adjectives: dict[str, str]  # demonym as written -> state key
    index: dict[str, str]  # normalised name -> actor key
    non_actors: frozenset[str]  # normalised names that are never actors
    non_actor_names: frozenset[str]  # the same, as written in the data file

    def lookup(self, name: str) -> Actor | None:
        key = self.index.get(normalise(name))
        return self.actors.get(key) if key else None

    def state_for_adjective(self, word: str) -> str | None:
        return self.adjectives.get(word) or self.adjectives.get(word.title())

    def is_non_actor(self, name: str) -> bool:
        return normalise(name) in self.non_actors

    def patterns(
        self, make_doc: Any, force_nouns: Iterable[str], force_modifiers: Iterable[str]
    ) -> list[dict]:
        """EntityRuler token patterns: every name and variant of every actor, the
        "<demonym> [modifier] <force noun>" phrases of states, and the non-actor names."""
        out: list[dict] = []
        for actor in self.actors.values():
            for name in sorted(names_of(actor)):
                out.append({"label": actor.type, "pattern": token_pattern(make_doc(name)), "id": actor.key})
        nouns = sorted(force_nouns)
        mods = sorted(force_modifiers)
        by_state: dict[str, list[str]] = {}
        for adj, key in self.adjectives.items():
            by_state.setdefault(key, []).append(adj)
        for key, adjs in sorted(by_state.items()):
            for adj in sorted(adjs):
                adj_tokens = token_pattern(make_doc(adj), exact=True)
                out.append(
                    {
                        "label": STATE_FORCE_LABEL,
                        "id": key,
                        "pattern": [
                            *adj_tokens,
                            {"LOWER": {"IN": mods}, "OP": "*"},
                            {"LOWER": {"IN": nouns}},
                        ],
                    }
                )
        for name in sorted(self.non_actor_names):
            out.append({"label": NON_ACTOR, "pattern": token_pattern(make_doc(name))})
        return out


def names_of(actor: Actor) -> set[str]:
    out: set[str] = set()
    for name in (actor.label, *actor.aliases):
        out |= variants(name)
    return out


def token_pattern(tokens: Iterable[Any], exact: bool = False) -> list[dict]:
    """Match acronyms and short names case-sensitively, longer words in any case."""
    pattern: list[dict] = []
    for tok in tokens:
        text = tok.text
        if exact or len(text) <= 3 or (text.isupper() and len(text) <= 6) or not text.isalpha():
            pattern.append({"ORTH": text})
        else:
            pattern.append({"LOWER": text.lower()})
    return pattern


def _entry(raw: Any, path: Path, number: int) -> tuple[Actor, list[str]]:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("label") or not raw.get("type"):
        raise DataError(f"{path}: actor #{number} needs id, label and type")
    key, kind = str(raw["id"]), str(raw["type"])
    if kind not in GAZETTEER_TYPES:
        raise DataError(
            f"{path}: actor {key!r} has unknown type {kind!r}; known: {', '.join(GAZETTEER_TYPES)}"
        )
    if not re.fullmatch(r"[a-z0-9_]+", key):
        raise DataError(f"{path}: actor id {key!r} must be lower-case ASCII snake_case")
    aliases = tuple(str(a) for a in raw.get("aliases") or ())
    adjectives = [str(a) for a in raw.get("adjectives") or ()]
    actor = Actor(
        key=key,
        label=str(raw["label"]),
        type=kind,
        aliases=aliases,
        wikidata=str(raw.get("wikidata") or ""),
        ucdp=str(raw.get("ucdp") or ""),
    )
    return actor, adjectives


@lru_cache(maxsize=4)
def load_gazetteer(path: Path | None = None, non_actors_path: Path | None = None) -> Gazetteer:
    path = path or data_path("actors.yaml")
    non_actors_path = non_actors_path or data_path("non_actors.yaml")
    data = read_yaml(path)
    actors: dict[str, Actor] = {}
    adjectives: dict[str, str] = {}
    index: dict[str, str] = {}
    for number, raw in enumerate(data.get("actors") or [], start=1):
        actor, adjs = _entry(raw, path, number)
        if actor.key in actors:
            raise DataError(f"{path}: duplicate actor id {actor.key!r}")
        actors[actor.key] = actor
        for adj in adjs:
            adjectives.setdefault(adj, actor.key)
        for name in names_of(actor):
            index.setdefault(normalise(name), actor.key)
    if not actors:
        raise DataError(f"{path}: no actors")
    stop = read_yaml(non_actors_path)
    stop_names = frozenset(str(n) for n in stop.get("names") or ())
    gaz = Gazetteer(
        actors=actors,
        adjectives=adjectives,
        index=index,
        non_actors=frozenset(normalise(n) for n in stop_names),
        non_actor_names=stop_names,
    )
    return gaz
