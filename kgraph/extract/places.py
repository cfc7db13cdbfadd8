"""operatesIn: "X, which operates in eastern Congo", "X has a strong presence in
Baghdad", "X controls much of Idlib", "the Gaza-based group X", "X's stronghold of P"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kgraph.extract.base import PLACE_TYPES, SELF, Context, children, pobjs, subject_of
from kgraph.extract.mentions import ActorSpan
from kgraph.records import Relation

NAME = "places"
GROUP_TYPES = frozenset({"ArmedGroup"})
PLACE_PREPS = ("in", "across", "throughout", "inside", "along", "around", "near")


def relations(ctx: Context) -> Iterator[Relation]:
    for token in ctx.doc:
        lemma = token.lemma_.lower()
        if lemma in ctx.lex.presence_verbs and token.pos_ in ("VERB", "ADJ", "AUX"):
            yield from _presence_verb(ctx, token)
        elif lemma in ctx.lex.presence_nouns and token.pos_ == "NOUN":
            yield from _presence_noun(ctx, token)
        elif token.lower_ == "based" and token.i >= 2 and ctx.doc[token.i - 1].text == "-":
            yield from _based_epithet(ctx, token)


def places_under(ctx: Context, token: Token, preps: tuple[str, ...] = PLACE_PREPS) -> list[ActorSpan]:
    out = []
    for pobj in pobjs(token, *preps):
        for node in [pobj, *pobj.conjuncts]:
            span = ctx.mentions.at(node)
            if span is not None and span.type in PLACE_TYPES:
                out.append(span)
            else:  # "along Iraq's border", "parts of Idlib"
                for inner in [*children(node, "poss", "compound"), *pobjs(node, "of")]:
                    span = ctx.mentions.at(inner)
                    if span is not None and span.type in PLACE_TYPES:
                        out.append(span)
    return out


def _groups_for(ctx: Context, verb: Token) -> list[ActorSpan]:
    subj = subject_of(verb) or next(iter(children(verb, "nsubjpass")), None)
    if subj is not None:
        return [r.span for r in ctx.read(subj, GROUP_TYPES) if r.role == SELF]
    if verb.dep_ in ("acl", "relcl", "amod"):
        return [r.span for r in ctx.read(verb.head, GROUP_TYPES) if r.role == SELF]
    return []


def _presence_verb(ctx: Context, verb: Token) -> Iterator[Relation]:
    lemma = verb.lemma_.lower()
    places = places_under(ctx, verb)
    if lemma in ("control", "hold", "dominate"):
        for obj in children(verb, "dobj"):
            span = ctx.mentions.at(obj)
            if span is not None and span.type in PLACE_TYPES:
                places.append(span)
            places += places_under(ctx, obj, ("of",))
    if not places:
        return
    for group in _groups_for(ctx, verb):
        for place in places:
            rel = ctx.relation(group, "operatesIn", place, verb, extractor=NAME, confidence=0.85)
            if rel is not None:
                yield rel


def _presence_noun(ctx: Context, noun: Token) -> Iterator[Relation]:
    places = places_under(ctx, noun) + places_under(ctx, noun, ("of",))
    if not places:
        return
    groups: list[ActorSpan] = []
    for child in children(noun, "poss", "compound"):
        groups += [r.span for r in ctx.read(child, GROUP_TYPES) if r.role == SELF]
    if (
        not groups
        and noun.dep_ in ("dobj", "attr")
        and noun.head.lemma_ in ("have", "maintain", "keep", "be", "build", "establish")
    ):
        subj = subject_of(noun.head)
        if subj is not None:
            groups = [r.span for r in ctx.read(subj, GROUP_TYPES) if r.role == SELF]
    for group in groups:
        for place in places:
            rel = ctx.relation(group, "operatesIn", place, noun, extractor=NAME, confidence=0.8)
            if rel is not None:
                yield rel


def _based_epithet(ctx: Context, based: Token) -> Iterator[Relation]:
    place = ctx.mentions.at(ctx.doc[based.i - 2])
    if place is None or place.type not in PLACE_TYPES:
        return
    noun = based.head
    group = ctx.mentions.at(noun)
    candidates = (
        [group] if group is not None else [ctx.mentions.at(c) for c in children(noun, "appos", "compound")]
    )
    for cand in candidates:
        if cand is not None and cand.type in GROUP_TYPES:
            rel = ctx.relation(cand, "operatesIn", place, based, extractor=NAME, confidence=0.85)
            if rel is not None:
                yield rel
