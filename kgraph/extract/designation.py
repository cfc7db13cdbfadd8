"""designatedBy: "the U.S. designated X a foreign terrorist organization", "X is designated
a terrorist organisation by Y and Z", "Britain proscribed X", "added X to its list",
"imposed sanctions on X", "X is under U.S. sanctions", "the U.S.-designated group X"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kgraph.extract.base import (
    ActorSpan,
    Context,
    agents_by,
    children,
    listed_actors,
    passive_patients,
    pobjs,
    selves,
    subject_noun,
    subject_of,
    subtree_has,
)
from kgraph.records import Relation

NAME = "designation"
DESIGNATOR_TYPES = frozenset({"State", "StateForce", "Organization"})
DESIGNATED_TYPES = frozenset({"ArmedGroup", "Person", "StateForce", "Organization"})
#: Verbs that designate only with a listing word near them ("listed as a terrorist group").
NEEDS_CUE = frozenset({"list", "brand", "label", "classify", "name", "add", "declare", "put", "place"})


def relations(ctx: Context) -> Iterator[Relation]:
    for token in ctx.doc:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in ctx.lex.designation_verbs:
            if lemma in NEEDS_CUE and not _has_cue(ctx, token):
                continue
            yield from _verb(ctx, token)
        elif token.pos_ == "NOUN" and lemma in ctx.lex.sanction_nouns:
            yield from _noun(ctx, token)


def _has_cue(ctx: Context, verb: Token) -> bool:
    return subtree_has(verb, ctx.lex.designation_cues)


def _emit(
    ctx: Context, designated: list[ActorSpan], designators: list[ActorSpan], trigger: Token, confidence: float
) -> Iterator[Relation]:
    for d in designated:
        for by in designators:
            if d.type == "State":
                continue
            rel = ctx.relation(d, "designatedBy", by, trigger, extractor=NAME, confidence=confidence)
            if rel is not None:
                yield rel


def designated_at(ctx: Context, token: Token) -> list[ActorSpan]:
    """Who is designated: an actor, a person named by their role ("the group's commander,
    P"), or a name modifying the listing noun ("designated Wagner a … organisation")."""
    found = listed_actors(ctx, token, DESIGNATED_TYPES)
    found += [r.person for r in ctx.read(token, DESIGNATED_TYPES) if r.person is not None]
    if not found:
        for child in children(token, "nmod", "compound", "amod"):
            if ctx.demonym(child) is None:  # "an alleged Guatemalan drug trafficker" names no one
                found += selves(ctx, child, DESIGNATED_TYPES)
    return found


def designators_at(ctx: Context, token: Token) -> list[ActorSpan]:
    """The designating side: a state or body, or the state of a demonym ("British")."""
    found = selves(ctx, token, DESIGNATOR_TYPES)
    if not found:
        state = ctx.demonym(token)
        found = [state] if state is not None else []
    if not found:  # "by the US Treasury Department": the state of an office it does not know
        found = [
            m
            for c in children(token, "compound", "nmod", "poss")
            if (m := ctx.mentions.at(c)) is not None and m.type == "State"
        ]
    return found


def _verb(ctx: Context, verb: Token) -> Iterator[Relation]:
    agents = agents_by(verb)
    if agents or any(c.dep_ == "auxpass" for c in verb.children):
        designators = [d for a in agents for d in designators_at(ctx, a)]
        if (
            not agents
        ):  # "labelled a … Trafficker under the US Kingpin Act", "sanctioned in the United States"
            designators = [d for law in pobjs(verb, "under") for d in _law_owner(ctx, law)]
            designators += [s for p in pobjs(verb, "in") for s in selves(ctx, p, frozenset({"State"}))]
        if not designators:  # "X is under U.S. sanctions" style handled by nouns
            return
        yield from _emit(ctx, passive_patients(ctx, verb, DESIGNATED_TYPES), designators, verb, 0.9)
        return
    subj = subject_noun(verb)
    if subj is None:
        return
    designators = designators_at(ctx, subj)
    designated = [d for o in children(verb, "dobj", "dative") for d in designated_at(ctx, o)]
    designated += [d for o in pobjs(verb, "on") for d in designated_at(ctx, o)]
    if designated:  # "designated both the group and Khazali himself", "… and added ISWAP to its list":
        # a second name the parser hung on the verb
        designated += [
            d for o in children(verb, "conj") if ctx.mentions.at(o) is not None for d in designated_at(ctx, o)
        ]
    yield from _emit(ctx, designated, designators, verb, 0.85)


def _law_owner(ctx: Context, law: Token) -> list[ActorSpan]:
    """The state whose law or list a designation is made under ("the US Kingpin Act")."""
    return [
        d
        for c in law.subtree
        if c.i != law.i and c.dep_ in ("compound", "amod", "poss", "nmod")
        for d in designators_at(ctx, c)
        if d.type == "State"
    ]


def _noun(ctx: Context, noun: Token) -> Iterator[Relation]:
    """ "sanctions on X" (imposed by the subject), "X is under U.S. sanctions"."""
    designators = [
        d for c in children(noun, "compound", "amod", "poss", "nmod") for d in designators_at(ctx, c)
    ]
    head = noun.head
    targets = [d for o in pobjs(noun, "on", "against") for d in designated_at(ctx, o)]
    if targets:
        if not designators and noun.dep_ == "dobj":
            subj = subject_of(head)
            designators = designators_at(ctx, subj) if subj is not None else []
        yield from _emit(ctx, targets, designators, noun, 0.85)
        return
    if noun.dep_ == "pobj" and head.lower_ == "under" and designators:
        subj = subject_noun(head.head)
        if subj is not None:
            yield from _emit(ctx, selves(ctx, subj, DESIGNATED_TYPES), designators, noun, 0.85)
