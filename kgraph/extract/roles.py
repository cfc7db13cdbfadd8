"""leaderOf / memberOf: "Kataib Hezbollah commander Abu Baqir al-Saadi", "Hezbollah's
leader Hassan Nasrallah", "Qais al-Khazali, the head of AAH", "AAH is led by Qais
al-Khazali", "Akram al-Kaabi heads al-Nujaba", "founded by Abu Mahdi al-Muhandis"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kgraph.extract.base import (
    GROUP_TYPES,
    LEADER,
    MEMBER,
    SELF,
    Context,
    children,
    pobjs,
    role_nouns_near,
    subject_of,
)
from kgraph.extract.mentions import ActorSpan
from kgraph.records import Relation

NAME = "roles"
PREDICATE = {LEADER: "leaderOf", MEMBER: "memberOf"}
LED_TYPES = GROUP_TYPES


def relations(ctx: Context) -> Iterator[Relation]:
    seen: set[tuple[str, str, str, int]] = set()
    for span in ctx.mentions.spans:
        if span.type != "Person":
            continue
        reading = ctx.person_role(span)
        if reading is None or reading.role == SELF:
            continue
        trigger = _role_token(ctx, span) or span.span.root
        rel = ctx.relation(
            span, PREDICATE[reading.role], reading.span, trigger, extractor=NAME, confidence=0.9
        )
        if rel is not None and (rel.triple + (rel.evidence.start,)) not in seen:
            seen.add(rel.triple + (rel.evidence.start,))
            yield rel
    for token in ctx.doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in ctx.lex.leader_verbs:
            yield from _verb(ctx, token)


def _role_token(ctx: Context, person: ActorSpan) -> Token | None:
    return next(iter(role_nouns_near(person.span, ctx.lex)), None)


def _verb(ctx: Context, verb: Token) -> Iterator[Relation]:
    agents = pobjs(verb, "by")
    if agents:  # "X is led by P", "X, headed by P", "Founded by P, X is ..."
        persons = [ctx.mentions.at(a) for a in agents]
        groups = [
            r.span for s in children(verb, "nsubjpass") for r in ctx.read(s, LED_TYPES) if r.role == SELF
        ]
        if not groups and verb.dep_ in ("acl", "relcl"):
            groups = [r.span for r in ctx.read(verb.head, LED_TYPES) if r.role == SELF]
        if not groups and verb.dep_ == "advcl":
            subj = subject_of(verb.head)
            if subj is not None:
                groups = [r.span for r in ctx.read(subj, LED_TYPES) if r.role == SELF]
        for person in persons:
            if person is None or person.type != "Person":
                continue
            for group in groups:
                rel = ctx.relation(person, "leaderOf", group, verb, extractor=NAME, confidence=0.85)
                if rel is not None:
                    yield rel
        return
    subj = subject_of(verb)
    if subj is None:
        return
    person = ctx.mentions.at(subj)
    if person is None or person.type != "Person":
        return
    for obj in children(verb, "dobj"):
        for reading in ctx.read(obj, LED_TYPES):
            if reading.role == SELF:
                rel = ctx.relation(person, "leaderOf", reading.span, verb, extractor=NAME, confidence=0.8)
                if rel is not None:
                    yield rel
