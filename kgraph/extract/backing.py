"""backedBy: "X, which is armed and funded by Iran",
"Iran arms X", "X receives weapons and money from Iran"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kgraph.extract.base import (
    FORCE_TYPES,
    SELF,
    Context,
    children,
    passive_patients,
    pobjs,
    subject_noun,
    subject_of,
)
from kgraph.records import Relation

NAME = "backing"
BACKED_TYPES = frozenset({"ArmedGroup", "StateForce", "Organization"})
BACKER_TYPES = frozenset({"State", "StateForce", "ArmedGroup"})


def relations(ctx: Context) -> Iterator[Relation]:
    for token in ctx.doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in ctx.lex.backing_verbs:
            yield from _verb(ctx, token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in ctx.lex.receiving_verbs:
            yield from _receiving(ctx, token)


def _verb(ctx: Context, verb: Token) -> Iterator[Relation]:
    agents = pobjs(verb, "by")
    if agents:  # passive: "X is armed and funded by Iran"
        backers = [r for a in agents for r in ctx.read(a, BACKER_TYPES) if r.role == SELF]
        for backed in passive_patients(ctx, verb, BACKED_TYPES):
            for backer in backers:
                rel = ctx.relation(backed, "backedBy", backer.span, verb, extractor=NAME, confidence=0.9)
                if rel is not None:
                    yield rel
        return
    if verb.lemma_.lower() == "support" or verb.tag_ == "VBN":
        return  # "support" is too vague actively; a bare participle has no agent
    subj = subject_noun(verb)  # "Turkey, which … backs the SNA"
    objs = children(verb, "dobj")
    if subj is None or not objs:
        return
    backers = [r for r in ctx.read(subj, BACKER_TYPES) if r.role == SELF]
    backed_list = [r for o in objs for r in ctx.read(o, frozenset({"ArmedGroup"})) if r.role == SELF]
    for backer in backers:
        for client in backed_list:
            rel = ctx.relation(client.span, "backedBy", backer.span, verb, extractor=NAME, confidence=0.8)
            if rel is not None:
                yield rel


def _receiving(ctx: Context, verb: Token) -> Iterator[Relation]:
    """ "X receives weapons and money from Iran" """
    objs = children(verb, "dobj")
    things = [o for obj in objs for o in [obj, *obj.conjuncts]]
    if not any(t.lemma_.lower() in ctx.lex.receiving_objects for t in things):
        return
    sources = pobjs(verb, "from") + [p for o in objs for p in pobjs(o, "from")]
    subj = subject_of(verb)
    if subj is None or not sources:
        return
    for backed in ctx.read(subj, frozenset({"ArmedGroup"})):
        if backed.role != SELF:
            continue
        for src in sources:
            for backer in ctx.read(src, FORCE_TYPES):
                if backer.role == SELF:
                    rel = ctx.relation(
                        backed.span, "backedBy", backer.span, verb, extractor=NAME, confidence=0.85
                    )
                    if rel is not None:
                        yield rel
