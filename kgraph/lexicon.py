"""Trigger words and modality cues, read from ``ontology/lexicon.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from kgraph.data import data_path, read_yaml
from kgraph.errors import DataError


@dataclass(frozen=True, slots=True)
class Lexicon:
    force_nouns: frozenset[str]
    force_modifiers: frozenset[str]
    backing_epithets: frozenset[str]
    designation_epithets: frozenset[str]
    affiliation_epithets: frozenset[str]
    alliance_epithets: frozenset[str]
    designation_verbs: frozenset[str]
    designation_cues: frozenset[str]
    sanction_nouns: frozenset[str]
    ally_nouns: frozenset[str]
    rival_nouns: frozenset[str]
    splinter_nouns: frozenset[str]
    affiliate_nouns: frozenset[str]
    part_nouns: frozenset[str]
    conflict_nouns: frozenset[str]
    alliance_nouns: frozenset[str]
    including_verbs: frozenset[str]
    unit_names: frozenset[str]
    core_nouns: frozenset[str]
    rival_verbs: frozenset[str]
    mutual_verbs: frozenset[str]
    ally_verbs: frozenset[str]
    splinter_verbs: frozenset[str]
    allegiance_nouns: frozenset[str]
    backing_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    receiving_objects: frozenset[str]
    attack_nouns: frozenset[str]
    attack_verbs: frozenset[str]
    strike_words: frozenset[str]
    kill_verbs: frozenset[str]
    firing_verbs: frozenset[str]
    capture_verbs: frozenset[str]
    target_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    leader_nouns: frozenset[str]
    member_nouns: frozenset[str]
    leader_verbs: frozenset[str]
    operation_nouns: frozenset[str]
    state_head_titles: frozenset[str]
    office_words: frozenset[str]
    state_office_titles: frozenset[str]
    presence_verbs: frozenset[str]
    presence_nouns: frozenset[str]
    place_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    denial_cues: frozenset[str]
    hypothetical_cues: frozenset[str]
    accusation_cues: frozenset[str]
    armed_heads: frozenset[str]
    armed_group_nouns: frozenset[str]
    group_anaphors: frozenset[str]
    home_force_nouns: frozenset[str]
    person_titles: frozenset[str]


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    path = path or data_path("lexicon.yaml")
    data = read_yaml(path)
    values = {}
    for f in fields(Lexicon):
        words = data.get(f.name)
        if not isinstance(words, list):
            raise DataError(f"{path}: missing word list {f.name!r}")
        values[f.name] = frozenset(str(w).lower() for w in words)
    return Lexicon(**values)
