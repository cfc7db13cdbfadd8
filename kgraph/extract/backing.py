"""backedBy: "X, which is armed and funded by Iran",
"Iran arms X", "X receives weapons and money from Iran"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kgraph.extract.base import (
    FORCE_TYPES,
    MEMBER,
    SELF,
    Context,
    children,
    companions,
    passive_patients,
    pobjs,
    subject_noun,
    subject_of,
)
from kgraph.extract.mentions import ActorSpan
from kgraph.records import Relation

NAME = "backing"
BACKED_TYPES = frozenset({"ArmedGroup", "StateForce", "Organization"})
BACKER_TYPES = frozenset({"State", "StateForce", "ArmedGroup"})


def relations(ctx: Context) -> Iterator[Relation]:
    for token in ctx.doc:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and (lemma in ctx.lex.backing_verbs or _props_up(token)):
            yield from _verb(ctx, token)
        elif token.pos_ == "VERB" and lemma in ctx.lex.receiving_verbs:
            yield from _receiving(ctx, token)
        elif token.pos_ == "VERB" and lemma in ("depend", "rely"):
            yield from _depends(ctx, token)
        elif token.pos_ == "VERB" and lemma == "turn":
            yield from _turned_to(ctx, token)
        elif token.pos_ == "NOUN" and lemma in BACKER_NOUNS:
            yield from _backer_noun(ctx, token)


#: Nouns for who backs whom: "Russia had been the main military backer of Assad's government".
BACKER_NOUNS = frozenset({"backer", "sponsor", "patron", "benefactor"})


def _backer_noun(ctx: Context, noun: Token) -> Iterator[Relation]:
    """ "Y is the main backer of X", "X's main backer, Y", "Y, X's chief sponsor"."""
    clients = [c for p in pobjs(noun, "of") for c in _clients(ctx, p)]
    clients += [c for p in children(noun, "poss") for c in _clients(ctx, p)]
    backers: list[ActorSpan] = []
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        subj = subject_of(noun.head)
        if subj is not None:
            backers = [r.span for r in ctx.read(subj, BACKER_TYPES) if r.role == SELF]
            backers += [r.span for p in companions(subj) for r in ctx.read(p, BACKER_TYPES) if r.role == SELF]
    elif noun.dep_ == "appos":
        backers = [r.span for r in ctx.read(noun.head, BACKER_TYPES) if r.role == SELF]
    backers += [r.span for c in children(noun, "appos") for r in ctx.read(c, BACKER_TYPES) if r.role == SELF]
    for client in clients:
        for backer in backers:
            rel = ctx.relation(client, "backedBy", backer, noun, extractor=NAME, confidence=0.8)
            if rel is not None:
                yield rel


def _props_up(verb: Token) -> bool:
    """ "Russia, which props up Syrian President X", "Iran bolsters the regime"."""
    lemma = verb.lemma_.lower()
    up = any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
    return lemma == "bolster" or (lemma in ("prop", "shore") and up)


def _clients(ctx: Context, token: Token) -> list[ActorSpan]:
    """Who a backing verb's object names: a group or state (also "the army" of the
    article's state), a group through its fighters, or the state or group a named leader
    heads."""
    found = [r.span for r in ctx.read(token, frozenset({"ArmedGroup", "State"})) if r.role == SELF]
    if not found and token.tag_ == "NNS":  # "arms and trains its members", "trains Houthi fighters"
        found = [r.span for r in ctx.read(token, frozenset({"ArmedGroup"})) if r.role == MEMBER]
    person = ctx.mentions.at(token) if not found else None
    if person is not None and person.type == "Person":
        led = ctx.led_by(person)
        found = [led] if led is not None else []
    return found


def _turned_to(ctx: Context, verb: Token) -> Iterator[Relation]:
    """ "Burkina Faso … has turned to Russia for security support"."""
    wants = [p for p in pobjs(verb, "for") if p.lemma_.lower() in ctx.lex.receiving_objects]
    subj = subject_of(verb)
    if not wants or subj is None:
        return
    helpers = [r.span for p in pobjs(verb, "to") for r in ctx.read(p, BACKER_TYPES) if r.role == SELF]
    for client in [r.span for r in ctx.read(subj, BACKED_TYPES | {"State"}) if r.role == SELF]:
        for helper in helpers:
            rel = ctx.relation(client, "backedBy", helper, verb, extractor=NAME, confidence=0.75)
            if rel is not None:
                yield rel


def _depends(ctx: Context, verb: Token) -> Iterator[Relation]:
    """ "X depends on Iran" (an armed group on a state or group)."""
    subj = subject_noun(verb)
    if subj is None:
        return
    for client in (r.span for r in ctx.read(subj, frozenset({"ArmedGroup"})) if r.role == SELF):
        for backer in (
            r.span for p in pobjs(verb, "on", "upon") for r in ctx.read(p, BACKER_TYPES) if r.role == SELF
        ):
            rel = ctx.relation(client, "backedBy", backer, verb, extractor=NAME, confidence=0.75)
            if rel is not None:
                yield rel


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
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)  # "has backed"
    if verb.lemma_.lower() == "support" or (verb.tag_ == "VBN" and not perfect):
        return  # "support" is too vague actively; a bare participle has no agent
    subj = subject_noun(verb)  # "Turkey, which … backs the SNA"
    objs = children(verb, "dobj")
    if subj is None or not objs:
        return
    backers = [r for r in ctx.read(subj, BACKER_TYPES) if r.role == SELF]
    backed_list = [c for o in objs for c in _clients(ctx, o)]
    for backer in backers:
        for client in backed_list:
            rel = ctx.relation(client, "backedBy", backer.span, verb, extractor=NAME, confidence=0.8)
            if rel is not None:
                yield rel


def _receiving(ctx: Context, verb: Token) -> Iterator[Relation]:
    """ "X receives weapons and money from Iran" """
    objs = children(verb, "dobj")
    objs += [
        p for o in objs if o.lemma_.lower() in ctx.lex.quantity_nouns for p in pobjs(o, "of")
    ]  # "most of its funding"
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
