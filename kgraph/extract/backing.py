"""backedBy: "Iran-backed militia X", "X, which is armed and funded by Iran",
"Iran arms X", "X receives weapons and money from Iran"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kgraph.extract.base import FORCE_TYPES, SELF, Context, Reading, children, pobjs, subject_of
from kgraph.extract.mentions import ActorSpan
from kgraph.records import Relation

NAME = "backing"
BACKED_TYPES = frozenset({"ArmedGroup", "StateForce", "Organization"})
BACKER_TYPES = frozenset({"State", "StateForce", "ArmedGroup"})
HEAD_DEPS = frozenset({"amod", "compound", "npadvmod", "advmod", "dep", "nmod", "punct"})


def relations(ctx: Context) -> Iterator[Relation]:
    for token in ctx.doc:
        lower = token.lower_
        if lower in ctx.lex.backing_epithets and token.i >= 2 and ctx.doc[token.i - 1].text in ("-", "–"):
            yield from _epithet(ctx, token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in ctx.lex.backing_verbs:
            yield from _verb(ctx, token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in ctx.lex.receiving_verbs:
            yield from _receiving(ctx, token)


def backer_before_hyphen(ctx: Context, hyphen: Token) -> ActorSpan | None:
    """The actor written before "-backed": an entity ("Iran", "U.S.") or a demonym ("Iranian")."""
    prev = ctx.doc[hyphen.i - 1]
    span = ctx.mentions.at(prev)
    if span is not None and span.type in BACKER_TYPES:
        return span
    return ctx.demonym(prev)


def _epithet(ctx: Context, epithet: Token) -> Iterator[Relation]:
    backer = backer_before_hyphen(ctx, ctx.doc[epithet.i - 1])
    if backer is None:
        return
    for backed in epithet_targets(ctx, epithet, backer):
        rel = ctx.relation(
            backed,
            "backedBy",
            backer,
            ctx.doc[backer.span.start : epithet.i + 1],
            extractor=NAME,
            confidence=0.95,
        )
        if rel is not None:
            yield rel


def epithet_targets(ctx: Context, epithet: Token, backer: ActorSpan) -> list[ActorSpan]:
    """The group an "X-backed" epithet describes."""
    # the noun the epithet modifies
    noun = epithet
    for _ in range(4):
        if noun.dep_ in HEAD_DEPS and noun.head is not noun:
            noun = noun.head
            if noun.pos_ in ("NOUN", "PROPN") and noun.i > epithet.i:
                break
        else:
            break
    found: list[ActorSpan] = []
    own = ctx.mentions.at(noun)
    if own is not None and own is not backer and own.type in BACKED_TYPES:
        return [own]
    # "the Iran-backed militia Kataib Hezbollah" / "militia, Kataib Hezbollah"
    for child in children(noun, "appos", "compound", "nmod"):
        span = ctx.mentions.at(child)
        if span is not None and span is not backer and span.type in BACKED_TYPES:
            found.append(span)
    if found:
        return found
    # "Kataib Hezbollah, the Iran-backed militia"
    if noun.dep_ == "appos":
        span = ctx.mentions.at(noun.head)
        if span is not None and span.type in BACKED_TYPES:
            return [span]
    # flat parse: the entity right after the noun phrase
    nxt = noun.i + 1
    if nxt < len(ctx.doc):
        span = ctx.mentions.at(ctx.doc[nxt])
        if span is not None and span.type in BACKED_TYPES and span.span.start == nxt:
            return [span]
    # "X is an Iran-backed group"
    if noun.dep_ == "attr":
        subj = subject_of(noun.head)
        if subj is not None:
            return [r.span for r in ctx.read(subj, BACKED_TYPES) if r.role == SELF]
    return []


RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})


def _backed_side(ctx: Context, verb: Token) -> list[Reading]:
    """Who is backed by a passive verb: its subject, or the noun its clause modifies."""
    node = verb
    while True:
        subj = children(node, "nsubjpass")
        if subj and subj[0].lower_ not in RELATIVE_PRONOUNS:
            return ctx.read(subj[0], BACKED_TYPES)
        if node.dep_ != "conj":
            break
        node = node.head
    if node.dep_ in ("acl", "relcl", "amod"):
        return ctx.read(node.head, BACKED_TYPES)
    return []


def _verb(ctx: Context, verb: Token) -> Iterator[Relation]:
    agents = pobjs(verb, "by")
    if agents:  # passive: "X is armed and funded by Iran"
        backers = [r for a in agents for r in ctx.read(a, BACKER_TYPES) if r.role == SELF]
        for backed in (r for r in _backed_side(ctx, verb) if r.role == SELF):
            for backer in backers:
                rel = ctx.relation(backed.span, "backedBy", backer.span, verb, extractor=NAME, confidence=0.9)
                if rel is not None:
                    yield rel
        return
    if verb.lemma_.lower() == "support" or verb.tag_ == "VBN":
        return  # "support" is too vague actively; a bare participle has no agent
    subj = subject_of(verb)
    objs = children(verb, "dobj")
    if subj is None or not objs:
        return
    backers = [r for r in ctx.read(subj, BACKER_TYPES) if r.role == SELF]
    backed_list = [r for o in objs for r in ctx.read(o, frozenset({"ArmedGroup"})) if r.role == SELF]
    for backer in backers:
        for backed in backed_list:
            rel = ctx.relation(backed.span, "backedBy", backer.span, verb, extractor=NAME, confidence=0.8)
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
