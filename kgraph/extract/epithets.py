"""Hyphenated epithets: "Iran-backed militia X" (backedBy), "the U.S.-designated group X"
(designatedBy), "al-Qaeda-linked JNIM" (affiliateOf), "Iran-allied Houthis" (alliedWith).
The actor before the hyphen is the object; the noun phrase the epithet describes is the
subject."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kgraph.extract.base import SELF, Context, children, fronted_name, subject_of
from kgraph.extract.mentions import ActorSpan
from kgraph.records import Relation

NAME = "epithets"
BACKED_TYPES = frozenset({"ArmedGroup", "StateForce", "Organization", "Person"})
BACKER_TYPES = frozenset({"State", "StateForce", "ArmedGroup", "Organization"})
HEAD_DEPS = frozenset({"amod", "compound", "npadvmod", "advmod", "dep", "nmod", "punct"})
HYPHENS = ("-", "–")
CONFIDENCE = {"backedBy": 0.95, "designatedBy": 0.9, "affiliateOf": 0.85, "alliedWith": 0.85}


def predicate_of(ctx: Context, word: str) -> str | None:
    if word in ctx.lex.backing_epithets:
        return "backedBy"
    if word in ctx.lex.designation_epithets:
        return "designatedBy"
    if word in ctx.lex.affiliation_epithets:
        return "affiliateOf"
    if word in ctx.lex.alliance_epithets:
        return "alliedWith"
    return None


def relations(ctx: Context) -> Iterator[Relation]:
    for token in ctx.doc:
        if token.i >= 2 and ctx.doc[token.i - 1].text in HYPHENS:
            predicate = predicate_of(ctx, token.lower_)
            if predicate is not None:
                yield from _epithet(ctx, token, predicate)
        elif "-" in token.text[1:-1]:
            yield from _one_token(ctx, token)


def _one_token(ctx: Context, token: Token) -> Iterator[Relation]:
    """ "U.S.-designated", "Iranian-backed" written as one token."""
    prefix, _, word = token.text.rpartition("-")
    predicate = predicate_of(ctx, word.lower())
    if predicate is None:
        return
    actor = ctx.gaz.lookup(prefix)
    if actor is None:
        key = ctx.gaz.state_for_adjective(prefix)
        actor = ctx.gaz.actors[key] if key is not None else None
    if actor is None or actor.type not in BACKER_TYPES:
        return
    backer = ActorSpan(ctx.doc[token.i : token.i + 1], actor, 1.0)
    yield from _emit(ctx, token, backer, predicate, ctx.doc[token.i : token.i + 1])


def backer_before_hyphen(ctx: Context, hyphen: Token) -> ActorSpan | None:
    """The actor written before "-backed": an entity ("Iran", "U.S.") or a demonym ("Iranian")."""
    prev = ctx.doc[hyphen.i - 1]
    span = ctx.mentions.at(prev)
    if span is not None and span.span.end > hyphen.i + 1:
        span = None  # the epithet is inside a longer name: "Turkish-backed Syrian National Army"
    if span is not None and span.type in BACKER_TYPES:
        return span
    return ctx.demonym(prev)


def _epithet(ctx: Context, epithet: Token, predicate: str) -> Iterator[Relation]:
    backer = backer_before_hyphen(ctx, ctx.doc[epithet.i - 1])
    if backer is not None:
        yield from _emit(ctx, epithet, backer, predicate, ctx.doc[backer.span.start : epithet.i + 1])


def _emit(
    ctx: Context, epithet: Token, backer: ActorSpan, predicate: str, trigger: Span
) -> Iterator[Relation]:
    """The relation between the epithet's actor and each group the epithet describes."""
    for backed in epithet_targets(ctx, epithet, backer):
        rel = ctx.relation(
            backed, predicate, backer, trigger, extractor=NAME, confidence=CONFIDENCE[predicate]
        )
        if rel is not None:
            yield rel


def epithet_targets(ctx: Context, epithet: Token, backer: ActorSpan) -> list[ActorSpan]:
    """The group an "X-backed" epithet describes."""
    # the noun the epithet modifies
    noun = epithet
    for _ in range(4):
        if noun.dep_ in HEAD_DEPS and noun.head.i != noun.i:
            noun = noun.head
            if noun.pos_ in ("NOUN", "PROPN") and noun.i > epithet.i:
                break
        else:
            break
    found: list[ActorSpan] = []
    own = ctx.mentions.at(noun) or ctx.anaphor(noun)  # "the Iran-backed group" refers back
    if own is not None and own is not backer and own.type in BACKED_TYPES:
        return [own]
    # "the Iran-backed militia Kataib Hezbollah" / "militia, Kataib Hezbollah"
    # ("Another Iran-backed PMF faction, Asaib Ahl al-Haq": the faction, not the PMF)
    deps = ("appos",) if noun.lemma_.lower() in ctx.lex.part_nouns else ("appos", "compound", "nmod")
    for child in children(noun, *deps):
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
    fronted = fronted_name(ctx, noun)  # "Another Iran-backed PMF faction, Asaib Ahl al-Haq, is…"
    if fronted is not None and fronted.type in BACKED_TYPES:
        return [fronted]
    # "X is an Iran-backed group"
    if noun.dep_ == "attr":
        subj = subject_of(noun.head)
        if subj is not None:
            return [r.span for r in ctx.read(subj, BACKED_TYPES) if r.role == SELF]
    return []
