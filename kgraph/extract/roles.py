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
    named_just_before,
    pobjs,
    role_nouns_near,
    subject_noun,
    subject_of,
)
from kgraph.extract.mentions import ActorSpan
from kgraph.records import ASSERTED, Relation

NAME = "roles"
PREDICATE = {LEADER: "leaderOf", MEMBER: "memberOf"}
LED_TYPES = GROUP_TYPES | {"State"}


def relations(ctx: Context) -> Iterator[Relation]:
    seen: set[tuple[str, str, str, int]] = set()
    for span in ctx.mentions.spans:
        if span.type != "Person":
            continue
        yield from _head_of_state(ctx, span)
        yield from _government_of(ctx, span)
        yield from _faction_of(ctx, span)
        reading = ctx.person_role(span)
        if reading is None or reading.role == SELF:
            continue
        trigger = _role_token(ctx, span) or span.span.root
        rel = ctx.relation(  # a title beside a name is the writer's own statement
            span,
            PREDICATE[reading.role],
            reading.span,
            trigger,
            extractor=NAME,
            confidence=0.9,
            modality=ASSERTED,
        )
        if rel is not None and (rel.triple + (rel.evidence.start,)) not in seen:
            seen.add(rel.triple + (rel.evidence.start,))
            yield rel
    for span in ctx.mentions.spans:
        if span.type in LED_TYPES - {"State"}:
            yield from _owned_by_person(ctx, span)
    for token in ctx.doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in ctx.lex.leader_verbs:
            yield from _verb(ctx, token)
        elif token.pos_ in ("VERB", "AUX") and pobjs(token, "as"):  # "served as / As commander of X, P …"
            yield from _serves_as(ctx, token)
        if token.lower_ == "charge" and token.dep_ == "pobj" and token.head.lower_ == "in":
            yield from _in_charge(ctx, token)
        if token.lemma_.lower() == "become" and token.dep_ == "advcl":
            yield from _becoming(ctx, token)


def _faction_of(ctx: Context, person: ActorSpan) -> Iterator[Relation]:
    """ "the Sudan Liberation Army faction of Minni Minawi": a faction named after a person
    is led by them."""
    root = person.span.root
    faction = root.head.head
    if root.dep_ != "pobj" or root.head.lower_ != "of" or faction.lemma_.lower() not in ("faction", "wing"):
        return
    groups = [g for c in children(faction, "compound") if (g := ctx.mentions.at(c)) is not None]
    yield from ctx.relate(
        [person],
        "leaderOf",
        [g for g in groups if g.type == "ArmedGroup"],
        faction,
        extractor=NAME,
        confidence=0.75,
    )


def _becoming(ctx: Context, verb: Token) -> Iterator[Relation]:
    """ "OFAC designated A and B as traffickers, becoming the latest Sinaloa Cartel
    operatives added to the list": the people the sentence is about become members (its
    subject, or, when that is a state or a body, the people named after it)."""
    root = verb.sent.root
    subj = subject_of(root)
    named = ctx.mentions.at(subj) if subj is not None else None
    if named is None:
        return
    people = (
        [named]
        if named.type == "Person"
        else [m for m in ctx.mentions.spans if m.type == "Person" and root.i < m.span.start < verb.i]
    )
    people = list({m.key: m for m in people}.values())
    for noun in children(verb, "attr"):
        role = ctx.role_of(noun)
        group = ctx.group_of(noun) if role is not None else None
        if role is not None and group is not None and group.type == "ArmedGroup":
            yield from ctx.relate(people, PREDICATE[role], [group], noun, extractor=NAME, confidence=0.6)


def _in_charge(ctx: Context, charge: Token) -> Iterator[Relation]:
    """ "Orellana was believed to be in charge of their operations in Zacapa": a member of
    the group whose operations a person runs."""
    groups = [
        g
        for ops in pobjs(charge, "of")
        if ops.lemma_.lower() in ctx.lex.operation_nouns
        for c in children(ops, "poss")
        for g in (
            [ctx.anaphor(c)] if c.lower_ in ("its", "their") else [r.span for r in ctx.read(c, GROUP_TYPES)]
        )
        if g is not None and g.type in GROUP_TYPES
    ]
    verb = charge.head.head
    while verb.dep_ in ("xcomp", "ccomp", "conj") and not children(verb, "nsubj", "nsubjpass"):
        verb = verb.head
    subjects = children(verb, "nsubj", "nsubjpass")
    person = ctx.mentions.at(subjects[0]) if subjects else None
    if person is None or person.type != "Person":
        return
    yield from ctx.relate([person], "memberOf", groups, charge, extractor=NAME, confidence=0.75)


def _head_of_state(ctx: Context, person: ActorSpan) -> Iterator[Relation]:
    """ "Iraqi Prime Minister Mohammed Shia al-Sudani", "Iran's Supreme Leader Ayatollah Ali
    Khamenei" lead their state; "Israeli Defence Minister Israel Katz", "Pentagon spokesman
    Pat Ryder" are officials of theirs (memberOf)."""
    doc = ctx.doc
    lex = ctx.lex
    office = (
        lex.person_titles | lex.state_head_titles | lex.office_words | lex.leader_nouns | lex.member_nouns
    )
    titles, j, state = ctx.titles_and_state(person, office)
    if not titles:
        return
    confidence = 0.85
    words = {t.lower_ for t in titles}
    junta = words & lex.home_force_nouns  # "Junta spokesman Major General Zaw Min Tun"
    if state is None and (words & lex.state_office_titles or junta) and _plain_office(ctx, person, words, j):
        # "Senator X", "Foreign Minister X" in an article about one state, or speaking for one
        home = _speaks_for(ctx, person) or ctx.home_state
        if home is None:
            return
        state = ActorSpan(doc[titles[0].i : titles[0].i + 1], ctx.gaz.actors[home], 0.85)
        confidence = 0.6
    if state is None:
        return
    trigger = min(titles, key=lambda t: t.i)
    predicate = "leaderOf" if ctx.heads_state(words) else "memberOf"
    rel = ctx.relation(person, predicate, state, trigger, extractor=NAME, confidence=confidence)
    if rel is not None:
        yield rel


GOVERNMENT_NOUNS = frozenset({"government", "junta", "regime", "administration"})


def _government_of(ctx: Context, person: ActorSpan) -> Iterator[Relation]:
    """ "the junta of Colonel Assimi Goita", "the Maduro administration": the person
    leads the state whose government it is (named with it, or the article's state)."""
    root = person.span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in GOVERNMENT_NOUNS:
        government = root.head.head
    elif root.dep_ in ("compound", "poss") and root.head.lemma_.lower() in GOVERNMENT_NOUNS:
        government = root.head
    else:
        return
    if any(c.lower_ in ("former", "previous", "then") for c in government.children):
        return
    state = _state_of_government(ctx, government)
    if state is not None:
        rel = ctx.relation(person, "leaderOf", state, government, extractor=NAME, confidence=0.75)
        if rel is not None:
            yield rel


def _state_of_government(ctx: Context, government: Token) -> ActorSpan | None:
    """The state a government noun belongs to: "Burkina Faso's military government", "the
    Venezuelan regime", or the article's state for a bare "the junta"."""
    for child in government.children:
        if child.dep_ == "poss" and (state := ctx.state_of_owner(child)) is not None:
            return state  # "Burkina Faso's military government", "Assad's government"
        span = ctx.mentions.at(child) if child.dep_ == "compound" else None
        if span is not None and span.type == "State":
            return span
        if child.dep_ == "amod" and (state := ctx.demonym(child)) is not None:
            return state
    home = ctx.home_state
    if home is None:
        return None
    return ActorSpan(ctx.doc[government.i : government.i + 1], ctx.gaz.actors[home], 0.85)


def _speaks_for(ctx: Context, person: ActorSpan) -> str | None:
    """The state an official speaks for: "Foreign Minister X said Ankara was seeking…"."""
    root = person.span.root
    if root.dep_ != "nsubj" or root.head.lemma_.lower() not in ctx.lex.speech_verbs:
        return None
    for clause in children(root.head, "ccomp"):
        subj = subject_noun(clause)
        state = ctx.mentions.at(subj) if subj is not None else None
        if state is not None and state.type == "State":
            return state.key
    return None


def _plain_office(ctx: Context, person: ActorSpan, words: set[str], before: int) -> bool:
    """Whether a title alone may stand for the article's state: not a former office, not
    an institution's ("Central Bank President"), not the leader of a body named beside it
    ("the Authority, led by President X")."""
    doc = ctx.doc
    if words & {"former", "ex", "vice", "then", "acting"}:
        return False
    if before >= 0 and doc[before].pos_ == "PROPN":
        named = ctx.mentions.at(doc[before])
        if named is None or named.type != "State":
            return False
    root = person.span.root
    return not (root.dep_ == "pobj" and root.head.lower_ == "by")


def _serves_as(ctx: Context, verb: Token) -> Iterator[Relation]:
    """ "Muhandis, who also served as the de facto commander of the PMF", "As commander of
    the 7th Front, Gentil Duarte controls…"."""
    subj = subject_noun(verb)
    person = ctx.mentions.at(subj) if subj is not None else None
    if person is None or person.type != "Person":
        return
    for noun in pobjs(verb, "as"):
        role = ctx.role_of(noun)
        group = ctx.group_of(noun) if role is not None else None
        if role is None or group is None:
            continue
        rel = ctx.relation(person, PREDICATE[role], group, noun, extractor=NAME, confidence=0.85)
        if rel is not None:
            yield rel


def _role_token(ctx: Context, person: ActorSpan) -> Token | None:
    return next(iter(role_nouns_near(person.span, ctx.lex)), None)


def _verb(ctx: Context, verb: Token) -> Iterator[Relation]:
    agents = pobjs(verb, "by")
    if agents:  # "X is led by P", "X, headed by P", "Founded by P, X is ..."
        persons = [named_agent(ctx, a) for a in agents for a in [a, *a.conjuncts]]
        groups = []
        for s in children(verb, "nsubjpass"):
            groups += described_group(ctx, s)
            if not groups and s.lemma_.lower() in ctx.lex.operation_nouns:
                groups += [g for c in children(s, "poss") for g in described_group(ctx, c)]
        if not groups:
            node = verb  # "The ELN, founded in 1964 and led by P"
            while node.dep_ == "conj" and node.head.i != node.i:
                node = node.head
            if node.dep_ in ("acl", "relcl"):
                groups = described_group(ctx, node.head)
            elif node.dep_ == "advcl":
                subj = subject_of(node.head)
                if subj is not None:
                    groups = [r.span for r in ctx.read(subj, LED_TYPES) if r.role == SELF]
        leaders = [p for p in persons if p is not None and p.type == "Person"]
        yield from ctx.relate(leaders, "leaderOf", groups, verb, extractor=NAME, confidence=0.85)
        return
    subj = subject_noun(verb)
    if subj is not None and subj.dep_ == "appos" and ctx.mentions.at(subj) is None:
        subj = subj.head  # "Iyad Ag Ghaly, the Tuareg veteran who had founded Ansar Dine"
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


def _owned_by_person(ctx: Context, group: ActorSpan) -> Iterator[Relation]:
    """ "Moqtada al-Sadr's Mahdi Army", "Haftar's Libyan National Army": the person whose
    group it is leads it."""
    root = group.span.root
    owners = children(root, "poss")
    if root.dep_ in ("compound", "nmod") and root.head.lemma_.lower() in ctx.lex.armed_group_nouns:
        owners += children(root.head, "poss")  # "Osama Bin Laden's Al Qaeda terrorist group"
    for child in owners:
        person = ctx.mentions.at(child)
        if person is not None and person.type == "Person":
            rel = ctx.relation(
                person, "leaderOf", group, child, extractor=NAME, confidence=0.75, modality=ASSERTED
            )
            if rel is not None:
                yield rel


def named_agent(ctx: Context, token: Token) -> ActorSpan | None:
    """The person a "by" phrase names: "by P", "by the cleric P"."""
    span = ctx.mentions.at(token)
    if span is not None:
        return span
    for child in children(token, "appos"):
        span = ctx.mentions.at(child)
        if span is not None and span.type == "Person":
            return span
    return None


def described_group(ctx: Context, noun: Token) -> list[ActorSpan]:
    """The group a noun phrase stands for: itself, "X, a faction led by P" (the noun it
    describes), "the faction of the SPLM-N led by P" (its "of" group)."""
    own = ctx.mentions.at(noun)  # only the noun itself: "X, led by P, and Y" is not led by P
    if own is not None:
        return [own] if own.type in LED_TYPES else []
    found = []
    if noun.lemma_.lower() in GOVERNMENT_NOUNS:  # "Burkina Faso's military government, led by P"
        state = _state_of_government(ctx, noun)
        return [state] if state is not None and any(c.dep_ == "poss" for c in noun.children) else []
    if noun.lemma_.lower() in ctx.lex.part_nouns:  # before "the faction" is read as the group named last
        found = [r.span for p in pobjs(noun, "of") for r in ctx.read(p, LED_TYPES) if r.role == SELF]
    found = found or [r.span for r in ctx.read(noun, LED_TYPES) if r.role == SELF]
    if found:
        return found
    if noun.dep_ in ("appos", "attr", "conj"):  # "X is part of Y, a coalition led by P"
        adjacent = named_just_before(ctx, noun)
        if adjacent is not None:
            return [adjacent] if adjacent.type in LED_TYPES else []
        if noun.dep_ == "appos":
            found = [r.span for r in ctx.read(noun.head, LED_TYPES) if r.role == SELF]
    if not found:  # "A separate dissident group, the Segunda Marquetalia, was founded by P"
        found = [
            m
            for c in children(noun, "appos")
            if (m := ctx.mentions.at(c)) is not None and m.type in LED_TYPES
        ]
    return found
