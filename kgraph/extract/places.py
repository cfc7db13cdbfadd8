"""operatesIn: "X, which operates in eastern Congo", "X has a strong presence in
Baghdad", "X controls much of Idlib", "the Gaza-based group X", "X's stronghold of P"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kgraph.extract.base import (
    LEADER,
    PLACE_TYPES,
    SELF,
    Context,
    actor_or_members,
    children,
    companions,
    owner_in_name,
    pobjs,
    role_nouns_near,
    subject_noun,
    subject_of,
    which_group,
)
from kgraph.extract.mentions import ActorSpan
from kgraph.records import ASSERTED, Relation

NAME = "places"
GROUP_TYPES = frozenset({"ArmedGroup", "StateForce"})
PLACE_PREPS = ("in", "across", "throughout", "inside", "along", "around", "near", "over")


def relations(ctx: Context) -> Iterator[Relation]:
    yield from _group_clauses(ctx)
    yield from _where_clauses(ctx)
    yield from _sentence_places(ctx)
    for span in ctx.mentions.spans:
        if span.type == "ArmedGroup":  # "Iran's Quds Force" says whose force, not where
            yield from _group_modifiers(ctx, span)
    for token in ctx.doc:
        lemma = token.lemma_.lower()
        hyphened = token.i >= 2 and ctx.doc[token.i - 1].text == "-"
        if hyphened and token.lower_ in HELD:
            yield from _held_epithet(ctx, token)
        elif lemma in ctx.lex.presence_verbs and token.pos_ in ("VERB", "ADJ", "AUX"):
            yield from _presence_verb(ctx, token)
        elif lemma in ctx.lex.presence_nouns and token.pos_ == "NOUN":
            yield from _presence_noun(ctx, token)
        elif hyphened and token.lower_ == "based":
            yield from _based_epithet(ctx, token)


TAKEOVER_VERBS = frozenset({"take", "inherit", "absorb", "assume"})


def _new_holders(ctx: Context, noun: Token) -> list[ActorSpan]:
    """Who took over a presence: "much of Wagner's business in Mali has been taken over by
    the Africa Corps", "the CJNG inherited its networks in Jalisco"."""
    node = noun
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.dep_ in ("nsubjpass", "dobj"):
        node = node.head.head  # "much of", "most of"
    verb = node.head
    if node.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in TAKEOVER_VERBS:
        return []
    if verb.lemma_.lower() == "take" and not any(
        c.dep_ == "prt" and c.lower_ == "over" for c in verb.children
    ):
        return []
    holders = (
        pobjs(verb, "by") if node.dep_ == "nsubjpass" else [s for s in [subject_of(verb)] if s is not None]
    )
    return [r.span for h in holders for r in ctx.read(h, GROUP_TYPES) if r.role == SELF]


def places_under(ctx: Context, token: Token, preps: tuple[str, ...] = PLACE_PREPS) -> list[ActorSpan]:
    out = []
    for pobj in pobjs(token, *preps):
        listed = [pobj, *pobj.conjuncts]
        # "in Libya, the Central African Republic and Mali", parsed as an apposition
        listed += [
            n for a in children(pobj, "appos") if ctx.mentions.at(a) is not None for n in [a, *a.conjuncts]
        ]
        for node in listed:
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
    relative = subj is not None and subj.lower_ in ("that", "which", "who")
    if subj is not None and not relative:
        return [r.span for r in ctx.read(subj, GROUP_TYPES) if r.role == SELF]
    if verb.dep_ in ("acl", "relcl", "amod"):
        head = verb.head
        if ctx.mentions.at(head) is None and head.dep_ == "appos":
            head = head.head  # "the Africa Corps, a force … that now also operates in Niger"
        return [r.span for r in ctx.read(head, GROUP_TYPES) if r.role == SELF]
    return []


def _meets(verb: Token) -> bool:
    return any(o.lemma_.lower() in MEETING_NOUNS for o in children(verb, "dobj"))


def _presence_verb(ctx: Context, verb: Token) -> Iterator[Relation]:
    if _meets(verb):
        return
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


#: Nouns of a group's coming into a place: "Okaida's arrival into Pernambuco", "the
#: arrival of the Urabenos to the Pacific coast".
ARRIVAL_NOUNS = frozenset({"arrival", "expansion", "entry", "entrance", "return", "advance", "spread"})


def _presence_noun(ctx: Context, noun: Token) -> Iterator[Relation]:
    places = places_under(ctx, noun) + places_under(ctx, noun, ("of",))
    arrival = noun.lemma_.lower() in ARRIVAL_NOUNS
    if arrival:
        places += places_under(ctx, noun, ("into", "to", "toward", "towards"))
    if (
        noun.dep_ == "attr" and noun.head.lemma_ == "be"
    ):  # "the Cauca region has long been a Rastrojos stronghold"
        subj = subject_of(noun.head)
        span = ctx.mentions.at(subj) if subj is not None else None
        if span is None and subj is not None:
            span = next(
                (s for c in children(subj, "compound") if (s := ctx.mentions.at(c)) is not None), None
            )
        if span is not None and span.type in PLACE_TYPES:
            places.append(span)
    if not places:
        return
    groups: list[ActorSpan] = []
    for child in children(noun, "poss", "compound"):
        groups += [r.span for r in ctx.read(child, GROUP_TYPES) if r.role == SELF]
        if child.lower_ == "its" and (group := ctx.anaphor(child)) is not None:
            groups.append(group)  # "its operations in Zacapa"
    groups += [r.span for p in pobjs(noun, "for") for r in ctx.read(p, GROUP_TYPES) if r.role == SELF]
    groups += _new_holders(ctx, noun)
    if arrival:  # "the arrival of the Urabenos to the Pacific coast"
        groups += [
            r.span for p in pobjs(noun, "of", "by") for r in ctx.read(p, GROUP_TYPES) if r.role == SELF
        ]
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


HELD = frozenset({"held", "controlled", "occupied", "run", "dominated"})


def _held_epithet(ctx: Context, held: Token) -> Iterator[Relation]:
    """ "Houthi-held Hodeidah", "Houthi-held areas including Sanaa", "RSF-controlled
    parts of Darfur"."""
    group = ctx.mentions.at(ctx.doc[held.i - 2])
    if group is None or group.type not in GROUP_TYPES:
        return
    noun = held.head
    place = ctx.mentions.at(noun)
    if place is not None:
        places = [place] if place.type in PLACE_TYPES else []
    else:
        places = places_under(ctx, noun, ("including", "like", "of", "in", "around", "across"))
        places += places_under(ctx, noun, ("as",))  # "such as"
    for place in places:
        rel = ctx.relation(group, "operatesIn", place, held, extractor=NAME, confidence=0.85)
        if rel is not None:
            yield rel


# ---------------------------------------------------------------- where groups act

#: Dependencies followed from a verb down to the places where its action happens; a
#: clause of its own (relcl, ccomp, advcl, a new subject) is not entered.
WALK_DEPS = frozenset(
    {
        "prep",
        "pobj",
        "dobj",
        "conj",
        "appos",
        "npadvmod",
        "nmod",
        "compound",
        "poss",
        "dative",
        "pcomp",
        "xcomp",
    }
)
#: Prepositions after which a place is where something happens (not where it comes from).
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "across",
        "throughout",
        "inside",
        "within",
        "along",
        "around",
        "near",
        "into",
        "onto",
        "over",
        "of",
        "to",
        "through",
        "outside",
        "beyond",
    }
)
#: What a group holds or has that says nothing of where it operates.
MEETING_NOUNS = frozenset(
    {"talk", "talks", "meeting", "court", "negotiation", "negotiations", "conference", "summit", "election"}
)
#: Prepositions whose phrase is walked through, though a place right under them is not
#: where the action happens: "strikes on its camps in North Kivu", "began as a prison gang inside P".
THROUGH_PREPS = frozenset({"on", "against", "at", "for", "as"})
#: Verbs whose subject does not act where the sentence places it.
NOT_ACTING = frozenset(
    {
        "say",
        "tell",
        "report",
        "claim",
        "deny",
        "accuse",
        "blame",
        "meet",
        "announce",
        "state",
        "add",
        "flee",
        "withdraw",
        "escape",
        "leave",
        "expel",
        "oust",
        "accord",
        "describe",
        "call",
        "name",
        "know",
        "designate",
        "sanction",
        "list",
        "believe",
        "think",
        "hope",
        "urge",
        "welcome",
        "condemn",
        "send",
    }
)
MEMBER_ROLES = frozenset({SELF, "member", "leader"})


def places_below(
    ctx: Context, verb: Token, max_depth: int = 8, *, verbs: bool = True
) -> list[tuple[ActorSpan, Token]]:
    """Places named in the phrases of ``verb`` (not in clauses of their own), each with
    the preposition or verb that introduces it; with ``verbs``, also in the phrases of the
    verbs conjoined to it (the same subject's other actions)."""
    found: list[tuple[ActorSpan, Token]] = []
    # "operates on both sides of the border with P"
    locative = (
        LOCATIVE_PREPS | {"on", "with"} if verb.lemma_.lower() in ctx.lex.presence_verbs else LOCATIVE_PREPS
    )
    stack: list[tuple[Token, Token, int]] = [(c, verb, 1) for c in verb.children]
    while stack:
        node, via, depth = stack.pop()
        if node.dep_ not in WALK_DEPS or depth > max_depth:
            continue
        if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX") and (not verbs or _meets(node)):
            continue  # another action: "fought X …, and have since held talks with Riyadh"
        if node.dep_ == "prep" or (node.dep_ == "dative" and node.pos_ == "ADP"):  # "sent fighters to Syria"
            if node.lower_ not in locative and node.lower_ not in THROUGH_PREPS:
                continue
            via = node
        if node.dep_ == "dobj" and node.head.i == verb.i:
            via = verb
        span = ctx.mentions.at(node)
        is_place = span is not None and span.type in PLACE_TYPES
        where = via.lower_ in locative if via.i != verb.i else verb.lemma_.lower() in CONTROL_VERBS
        # "at Kabul airport" is a place; "fired missiles at Israel" names a target
        where = where or (
            via.i != verb.i and via.lower_ == "at" and span is not None and span.type == "Place"
        )
        # "storm Mogadishu beach", "attacked Mogadishu's Lido Beach": a place naming the object
        where = where or (
            via.i == verb.i
            and node.dep_ in ("compound", "poss")
            and node.head.dep_ == "dobj"
            and ctx.mentions.at(node.head) is None
        )
        if is_place and where and not _destination(via):
            found.append((span, via))  # type: ignore[arg-type]
        if span is not None and not is_place and node.dep_ != "pobj":
            continue  # not into another actor's name
        modifiers_too = is_place or node.lemma_.lower() in ctx.lex.place_nouns
        stack += [
            (c, via, depth + 1)
            for c in node.children
            if modifiers_too or c.dep_ not in ("compound", "poss", "nmod", "amod")
        ]
    return found


CONTROL_VERBS = frozenset(
    {
        "control",
        "hold",
        "seize",
        "capture",
        "take",
        "dominate",
        "retake",
        "overrun",
        "besiege",
        "occupy",
        "rule",
        "run",
        "govern",
        "enter",
        "invade",
        "infiltrate",
        "liberate",
        "recapture",
    }
)


def _group_clauses(ctx: Context) -> Iterator[Relation]:
    """An armed group (or its fighters) as the subject of a clause that happens in a place:
    "the ELN controls cocaine routes in Narino", "M23 seized large parts of North Kivu"."""
    for verb in ctx.doc:
        if verb.pos_ not in ("VERB", "AUX") or (
            verb.lemma_.lower() in NOT_ACTING and not _sends_fighters(ctx, verb)
        ):
            continue
        if _meets(verb):
            continue  # "held talks with Riyadh", "holding court in Ecuador": meetings, not presence
        subj_list = children(verb, "nsubjpass")
        subj = subj_list[0] if subj_list else subject_noun(verb)
        groups = []
        if subj is not None:
            roles = MEMBER_ROLES if subj.dep_ != "nsubjpass" and not _former(ctx, subj) else frozenset({SELF})
            groups = [r.span for r in ctx.read(subj, GROUP_TYPES) if r.role in roles]
            if not groups and subj.lemma_.lower() in ctx.lex.part_nouns:  # "One cell of X"
                groups = [g for g in actor_or_members(ctx, subj, GROUP_TYPES) if g.type == "ArmedGroup"]
            groups = groups or which_group(ctx, verb)
            if groups:  # "TNLA fighters, together with units of the PDF, captured…"
                groups += [g for c in companions(subj) for g in actor_or_members(ctx, c, GROUP_TYPES)]
        groups = groups or _led_here(ctx, verb)
        if not groups:
            continue
        if verb.lemma_.lower() in CONTROL_VERBS:  # "seized Manbij from the SDF": the SDF was there
            groups = groups + [
                r.span for p in pobjs(verb, "from") for r in ctx.read(p, GROUP_TYPES) if r.role == SELF
            ]
        for place, via in places_below(ctx, verb):
            for group in groups:
                rel = ctx.relation(group, "operatesIn", place, via, extractor=NAME, confidence=0.7)
                if rel is not None:
                    yield rel


def _led_here(ctx: Context, verb: Token) -> list[ActorSpan]:
    """The group a person acts for as its leader in this very clause: "As commander of
    the 7th Front, Duarte controls … in Meta", "who commands the 1st Front and controls
    the economies in Guaviare" (not what a leader does elsewhere)."""
    found = [
        g
        for p in pobjs(verb, "as")
        if ctx.role_of(p) == LEADER and (g := ctx.group_of(p)) is not None and g.type == "ArmedGroup"
    ]
    for other in verb.conjuncts:  # the verbs coordinated with this one share its subject
        if other.pos_ == "VERB" and other.lemma_.lower() in ctx.lex.leader_verbs:
            found += [
                m
                for o in children(other, "dobj")
                if (m := ctx.mentions.at(o)) is not None and m.type == "ArmedGroup"
            ]
    return found


def _sends_fighters(ctx: Context, verb: Token) -> bool:
    """ "sent fighters to Syria" (not "sent a delegation to Doha")."""
    return verb.lemma_.lower() in ("send", "deploy", "dispatch") and any(
        ctx.role_of(o) is not None or o.lemma_.lower() in ctx.lex.force_nouns for o in children(verb, "dobj")
    )


def _former(ctx: Context, subj: Token) -> bool:
    """Whether a person subject's role is a past one ("P, a former member of X, …"): what
    they do now says nothing of where X operates."""
    person = ctx.mentions.at(subj)
    if person is None or person.type != "Person":
        return False
    return any(
        c.lower_ in ("former", "ex", "one-time", "onetime")
        for r in role_nouns_near(person.span, ctx.lex)
        for c in r.children
    )


def _group_modifiers(ctx: Context, group: ActorSpan) -> Iterator[Relation]:
    """Places that qualify a group's name: "Nigeria's Boko Haram", "Colombian gangs, the
    Rastrojos and the Urabenos", "the Venezuelan gang Tren de Aragua", "militias in Iraq"."""
    root = group.span.root
    nouns = [root]
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # "groups including X and Y": Y is read like X
    if first.dep_ in ("appos", "compound", "pobj"):
        head = first.head
        if head.dep_ == "prep" and head.lower_ in ("including", "like", "as"):
            head = head.head.head if head.lower_ == "as" else head.head
        if ctx.mentions.at(head) is None and head.pos_ == "NOUN":
            nouns.append(head)
    nouns += describing_nouns(ctx, root)
    nouns += [  # "the Venezuelan gang Tren de Aragua", parsed with "gang" inside the name
        c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN" and ctx.mentions.at(c) is None
    ]
    state = owner_in_name(
        ctx, group, frozenset({"State"})
    )  # "Lebanon's Hezbollah" is one name in the gazetteer
    if state is not None:
        rel = ctx.relation(
            group, "operatesIn", state, root, extractor=NAME, confidence=0.75, modality=ASSERTED
        )
        if rel is not None:
            yield rel
    for noun in nouns:
        # "a Venezuelan guerrilla organization": the demonym may hang on the compound
        kids = [*noun.children, *(k for c in children(noun, "compound") for k in children(c, "amod"))]
        for child in kids:
            place: ActorSpan | None = None
            if child.dep_ == "poss" or (child.dep_ == "compound" and noun.i != root.i):
                span = ctx.mentions.at(child)
                place = span if span is not None and span.type in PLACE_TYPES else None
            elif child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
                place = ctx.demonym(child)
            if place is not None and not _within(place, group):
                rel = ctx.relation(
                    group, "operatesIn", place, child, extractor=NAME, confidence=0.75, modality=ASSERTED
                )
                if rel is not None:
                    yield rel
        for place in places_under(ctx, noun, ("in", "across", "throughout", "inside", "within", "on")):
            rel = ctx.relation(
                group, "operatesIn", place, noun, extractor=NAME, confidence=0.75, modality=ASSERTED
            )
            if rel is not None:
                yield rel


def describing_nouns(ctx: Context, root: Token) -> list[Token]:
    """Common nouns that describe a group: "X, Mexico's most powerful organization",
    "X are one of the most powerful of Colombia's drug trafficking organizations",
    "X, the most powerful armed group in Syria's northwest"."""
    found = [c for c in root.children if c.dep_ == "appos" and ctx.mentions.at(c) is None]
    if root.dep_ in ("nsubj", "nsubjpass"):  # "X are one of…", "X, also called Y, are one of…"
        for verb in [root.head, *root.head.conjuncts]:
            if verb.lemma_ == "be":
                found += [c for c in verb.children if c.dep_ == "attr" and ctx.mentions.at(c) is None]
    out: list[Token] = []
    for noun in found:
        out.append(noun)
        if noun.lower_ in ("one", "some", "part", "among") or noun.like_num:
            for p in pobjs(noun, "of"):  # "one of the most powerful of Colombia's organizations"
                out += [p, *(q for q in pobjs(p, "of") if ctx.mentions.at(q) is None)]
    return [n for n in out if n.pos_ in ("NOUN", "NUM", "PRON")]


def _within(place: ActorSpan, group: ActorSpan) -> bool:
    return group.span.start <= place.span.start < group.span.end


def _same_actor_clause(token: Token, root: Token, subj: Token) -> bool:
    """Whether ``token`` belongs to the clauses whose subject is ``subj`` (not to a
    clause with a subject of its own, nor to a name or modifier of another noun)."""
    node = token
    while node.i != root.i:
        if (
            node.dep_ in ("compound", "amod", "nmod")
            and node.head.pos_ in ("NOUN", "PROPN")
            and node.head.lemma_.lower() not in PLACE_NOUN_HEADS
        ):
            return False  # "a Gaza ceasefire", "its West Africa branch"
        head = node.head
        if head.pos_ in ("VERB", "AUX"):
            own = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if own and all(c.i != subj.i for c in own):
                return False
        node = head
    return True


PLACE_NOUN_HEADS = frozenset(
    {"province", "department", "state", "region", "city", "town", "district", "county"}
)


def _sentence_places(ctx: Context) -> Iterator[Relation]:
    """A sentence about an armed group (its subject) that names a place below the country:
    the group is active there ("The Rastrojos ... hold onto the Sucre and Choco departments")."""
    for sent in ctx.doc.sents:
        root = sent.root
        if root.lemma_.lower() in NOT_ACTING or root.lemma_.lower() in ctx.lex.speech_verbs:
            continue
        subj = subject_noun(root) if root.pos_ in ("VERB", "AUX") else None
        if subj is None:
            continue
        groups = [
            r.span
            for r in ctx.read(subj, GROUP_TYPES)
            if r.role in MEMBER_ROLES and r.span.type == "ArmedGroup"
        ]
        if not groups:
            continue
        places = [
            s
            for s in ctx.mentions.spans
            if s.type == "Place"
            and sent.start <= s.span.start < sent.end
            and _same_actor_clause(s.span.root, root, subj)
            and not (s.span.root.dep_ == "pobj" and _destination(s.span.root.head))
        ]
        for group in groups:
            for place in places:
                rel = ctx.relation(
                    group,
                    "operatesIn",
                    place,
                    _verb_above(place.span.root),
                    extractor="places-sentence",
                    confidence=0.5,
                )
                if rel is not None:
                    yield rel


def _destination(prep: Token) -> bool:
    """A place a thing leads to, not where it is: "routes to the Pacific Ocean", "access to
    the sea" (but "sent fighters to Syria", "the arrival of X to the Pacific coast")."""
    return (
        prep.lower_ in ("to", "toward", "towards")
        and prep.head.pos_ == "NOUN"
        and prep.head.lemma_.lower() not in ARRIVAL_NOUNS
    )


def _verb_above(token: Token) -> Token:
    """The verb a place hangs from: its statement's modality is the place's ("threatened to
    attack ships in the Red Sea" is not a presence)."""
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _where_clauses(ctx: Context) -> Iterator[Relation]:
    """A place described by a clause about armed groups: "Darfur, where the RSF controls
    four of the five state capitals", "Gaza, where Israel has been at war with Hamas",
    "Laukkai, which the MNDAA seized", "took Manbij from the SDF"."""
    for verb in ctx.doc:
        if verb.dep_ != "relcl" or verb.pos_ not in ("VERB", "AUX"):
            continue
        place = _described_place(ctx, verb.head)
        if place is None:
            continue
        where = any(c.lower_ == "where" for c in verb.children)
        seized = verb.lemma_.lower() in CONTROL_VERBS and any(
            c.dep_ == "dobj" and c.lower_ in ("which", "that") for c in verb.children
        )
        if not (where or seized):
            continue
        groups = _groups_in_clause(ctx, verb) if where else _subject_groups(ctx, verb)
        for group in groups:
            rel = ctx.relation(group, "operatesIn", place, verb, extractor=NAME, confidence=0.75)
            if rel is not None:
                yield rel


def _described_place(ctx: Context, noun: Token) -> ActorSpan | None:
    """The place a relative clause hangs on: "Darfur, where…", "Laukkai, the capital of
    Kokang, which…", "Laukkai, the capital of the Kokang region, which…"."""
    node = noun
    if ctx.mentions.at(node) is None and node.dep_ == "pobj" and node.head.lower_ == "of":
        node = node.head.head  # "the capital of the Kokang region"
    if ctx.mentions.at(node) is None and node.dep_ == "appos":
        node = node.head  # "Laukkai, the capital …"
    place = ctx.mentions.at(node)
    if place is None and node.lemma_.lower() in ctx.lex.place_nouns:  # "the Qandil range, where…"
        place = next((m for c in children(node, "compound") if (m := ctx.mentions.at(c)) is not None), None)
    return place if place is not None and place.type in PLACE_TYPES else None


def _subject_groups(ctx: Context, verb: Token) -> list[ActorSpan]:
    subj = subject_of(verb) or next(iter(children(verb, "nsubjpass")), None)
    if subj is None:
        return []
    found = [
        r.span for r in ctx.read(subj, GROUP_TYPES) if r.role in MEMBER_ROLES and r.span.type == "ArmedGroup"
    ]
    if (
        not found and subj.lemma_.lower() in ctx.lex.operation_nouns
    ):  # "where the group's leadership is based"
        found = [r.span for c in children(subj, "poss") for r in ctx.read(c, GROUP_TYPES) if r.role == SELF]
    return found


def _groups_in_clause(ctx: Context, verb: Token) -> list[ActorSpan]:
    """The armed groups a clause names as its subject, object or the other side of a fight
    ("where Israel has been at war with Hamas")."""
    found = _subject_groups(ctx, verb)
    objects = children(verb, "dobj") + pobjs(verb, "with", "against", "alongside")
    for attr in children(verb, "attr", "acomp", "prep"):  # "at war with"
        objects += [
            p
            for c in ([attr] if attr.dep_ != "prep" else children(attr, "pobj"))
            for p in pobjs(c, "with", "against")
        ]
    for obj in objects:
        found += [
            r.span for r in ctx.read(obj, GROUP_TYPES) if r.role == SELF and r.span.type == "ArmedGroup"
        ]
    return found


def located(
    ctx: Context,
    trigger: Token,
    sides: list[ActorSpan],
    *,
    extractor: str,
    confidence: float,
    also: list[Token] | None = None,
) -> Iterator[Relation]:
    """The armed groups on either side of an attack or a fight operate where it happens:
    the places in the trigger's phrases (and in those of ``also``), or before it ("a
    Beirut strike")."""
    places = [p for node in [trigger, *(also or [])] for p, _via in places_below(ctx, node, verbs=False)]
    for child in trigger.children:
        span = ctx.mentions.at(child)
        if child.dep_ in ("compound", "nmod") and span is not None and span.type == "Place":
            places.append(span)
    if not places:
        return
    seen: set[str] = set()
    for side in sides:
        if side.type not in GROUP_TYPES or side.key in seen:
            continue
        seen.add(side.key)
        for place in places:
            rel = ctx.relation(side, "operatesIn", place, trigger, extractor=extractor, confidence=confidence)
            if rel is not None:
                yield rel
