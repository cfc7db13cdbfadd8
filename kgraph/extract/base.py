"""What every extractor shares: the parsed document with its actor mentions, how a noun
phrase is read as an actor (itself, or a member or leader of a group), modality, and the
making of relations with evidence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kgraph.extract.mentions import GROUP_ANAPHORS, ActorSpan, MentionIndex
from kgraph.extract.modality import modality_of
from kgraph.gazetteer import Gazetteer
from kgraph.lexicon import Lexicon
from kgraph.records import Document, Evidence, Relation

VERSION = "1.0.0"

#: Dependency labels by which a modifier names who a noun belongs to or comes from.
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "nummod"})
#: Dependency labels of apposition-like attachments.
APPOS_DEPS = frozenset({"appos"})
FORCE_TYPES = frozenset({"State", "StateForce", "ArmedGroup"})
GROUP_TYPES = frozenset({"StateForce", "ArmedGroup", "Organization"})
ACTOR_TYPES = frozenset({"State", "StateForce", "ArmedGroup", "Organization", "Person"})

SELF, LEADER, MEMBER = "self", "leader", "member"


@dataclass(frozen=True, slots=True)
class Reading:
    """How a noun phrase names an actor: the actor itself, or a leader/member of it."""

    span: ActorSpan
    role: str  # SELF, LEADER or MEMBER
    certainty: float
    person: ActorSpan | None = None  # the named person when role is LEADER/MEMBER


class Context:
    """A parsed document ready for the extractors."""

    def __init__(self, document: Document, doc: Doc, gaz: Gazetteer, lex: Lexicon) -> None:
        self.document = document
        self.doc = doc
        self.gaz = gaz
        self.lex = lex
        self.mentions = MentionIndex(doc, gaz)

    # ------------------------------------------------------------ reading noun phrases

    def actor(self, token: Token, types: frozenset[str] = ACTOR_TYPES) -> ActorSpan | None:
        span = self.mentions.at(token)
        return span if span is not None and span.type in types else None

    def read(self, token: Token, types: frozenset[str] = ACTOR_TYPES) -> list[Reading]:
        """The actors a noun phrase headed by ``token`` names, with their role.

        "Kataib Hezbollah" -> KH itself; "a Kataib Hezbollah commander" / "a senior
        commander of KH" / "Hezbollah's leader" -> a leader of the group; "U.S. forces"
        -> the state; "the group" -> its antecedent; lists ("X and Y") give each.
        """
        out: list[Reading] = []
        for head in [token, *conjuncts(token)]:
            reading = self._read_one(head, types)
            if reading is not None:
                out.append(reading)
        return out

    def _read_one(self, token: Token, types: frozenset[str]) -> Reading | None:
        span = self.mentions.at(token)
        if span is not None:
            if span.type in types:
                return Reading(span, SELF, span.certainty)
            if span.type == "Person":
                return self._person_role(token, span, types)
            return None
        lemma = token.lemma_.lower() if token.lemma_ else token.lower_
        role = LEADER if lemma in self.lex.leader_nouns or token.lower_ in self.lex.leader_nouns else None
        if role is None and (lemma in self.lex.member_nouns or token.lower_ in self.lex.member_nouns):
            role = MEMBER
        if role is not None:
            if any(c.lower_ == "deputy" for c in token.children):
                role = MEMBER
            group = self.group_of(token)
            if group is not None and group.type in GROUP_TYPES | {"State"}:
                person = self.named_person(token)
                return Reading(group, role, group.certainty, person)
            return None
        if lemma in GROUP_ANAPHORS and any(c.lower_ in ("the", "this", "that") for c in token.children):
            if any(c.dep_ in ("amod", "compound") for c in token.children if c.lower_ not in ("the",)):
                return None  # "the Iraqi group" may be a different one
            ante = self.mentions.antecedent(token, frozenset({"ArmedGroup"}))
            if ante is not None and ante.type in types:
                return Reading(ante, SELF, ante.certainty * 0.85)
        return None

    def _person_role(self, token: Token, person: ActorSpan, types: frozenset[str]) -> Reading | None:
        """A named person read as a member/leader of a group named beside them."""
        for role_tok in role_nouns_near(person.span, self.lex):
            group = self.group_of(role_tok)
            if group is None or group.type not in GROUP_TYPES:
                continue
            if group.type == "Organization" and group.certainty < 1.0:
                continue  # "Supreme Leader", "Central Bank chief": not an armed actor we know
            role = (
                LEADER
                if role_tok.lower_ in self.lex.leader_nouns or role_tok.lemma_ in self.lex.leader_nouns
                else MEMBER
            )
            if any(c.lower_ == "deputy" for c in role_tok.children):
                role = MEMBER
            return Reading(group, role, group.certainty * 0.95, person)
        return None

    def group_of(self, noun: Token) -> ActorSpan | None:
        """The group a role noun belongs to: "KH commander", "Hezbollah's leader",
        "commander of KH", "the group's leader"."""
        for child in noun.children:
            if child.dep_ in MODIFIER_DEPS:
                found = self._group_in_subtree(child)
                if found is not None:
                    return found
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "for", "with"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        found = self.actor(pobj, GROUP_TYPES) or self._anaphor(pobj)
                        if found is not None:
                            return found
        # "Kataib Hezbollah commander" parsed flat: the entity right before the noun
        if noun.i > 0:
            prev = self.mentions.at(self.doc[noun.i - 1])
            if prev is not None and prev.type in GROUP_TYPES and prev.span.end == noun.i:
                return prev
        return None

    def _group_in_subtree(self, token: Token) -> ActorSpan | None:
        span = self.mentions.at(token)
        if span is not None:
            return span if span.type in GROUP_TYPES else None
        if token.dep_ == "poss":
            return self._anaphor(token)
        return None

    def _anaphor(self, token: Token) -> ActorSpan | None:
        lemma = token.lemma_.lower()
        definite = any(c.lower_ in ("the", "this", "that") for c in token.children)
        if (lemma in GROUP_ANAPHORS and definite) or (token.dep_ == "poss" and token.lower_ == "its"):
            return self.mentions.antecedent(token, frozenset({"ArmedGroup"}))
        return None

    def named_person(self, role_noun: Token) -> ActorSpan | None:
        """The person a role noun names: "commander Abu X", "X, the commander", "the commander, X"."""
        candidates: list[Token] = []
        candidates += [c for c in role_noun.children if c.dep_ in ("appos", "compound", "flat")]
        if role_noun.dep_ in ("appos", "compound"):
            candidates.append(role_noun.head)
        if role_noun.i + 1 < len(self.doc):
            candidates.append(self.doc[role_noun.i + 1])
        for cand in candidates:
            span = self.mentions.at(cand)
            if span is not None and span.type == "Person":
                return span
        return None

    # ------------------------------------------------------------ relations

    def relation(
        self,
        subject: ActorSpan,
        predicate: str,
        obj: ActorSpan,
        trigger: Token | Span,
        *,
        extractor: str,
        confidence: float,
        modality: str | None = None,
    ) -> Relation | None:
        if subject.key == obj.key:
            return None
        sent = trigger.sent if isinstance(trigger, Token) else trigger.sent
        head = trigger if isinstance(trigger, Token) else trigger.root
        modality = modality or modality_of(head, self.lex)
        conf = round(max(0.05, min(1.0, confidence * min(subject.certainty, obj.certainty))), 2)
        start, end = sent.start_char, sent.end_char
        text = self.doc.text[start:end].strip()
        evidence = Evidence(
            doc_id=self.document.id,
            sentence=text,
            start=start,
            end=start + len(text),
            confidence=conf,
            modality=modality,
            extractor=extractor,
            version=VERSION,
            trigger=trigger.text,
            subject_text=subject.text,
            object_text=obj.text,
        )
        return Relation(subject.key, predicate, obj.key, evidence)


def conjuncts(token: Token) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ == "conj":
            yield child
            yield from conjuncts(child)


def role_nouns_near(person: Span, lex: Lexicon) -> Iterator[Token]:
    """Role nouns attached to a person's name: "KH commander <P>", "<P>, the leader of X"."""
    root = person.root
    roles = lex.leader_nouns | lex.member_nouns
    doc = person.doc
    if person.start > 0 and doc[person.start - 1].lower_ in roles:
        yield doc[person.start - 1]
    for child in root.children:
        if child.dep_ in ("appos", "compound") and child.lower_ in roles | {c + "s" for c in roles}:
            yield child
    if root.dep_ in ("appos", "compound") and root.head.lower_ in roles:
        yield root.head


def subject_of(verb: Token) -> Token | None:
    """The active subject of a verb, inherited along a chain of conjoined verbs."""
    node: Token | None = verb
    while node is not None:
        for child in node.children:
            if child.dep_ in ("nsubj",):
                return child
        if (
            node.dep_ == "conj"
            and node.head.pos_ in ("VERB", "AUX")
            or node.dep_ in ("xcomp", "advcl")
            and node.head.pos_ in ("VERB", "AUX")
        ):
            node = node.head
        else:
            node = None
    return None


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def pobjs(token: Token, *preps: str) -> list[Token]:
    out: list[Token] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent") and (not preps or prep.lower_ in preps):
            out += [c for c in prep.children if c.dep_ == "pobj"]
    return out
