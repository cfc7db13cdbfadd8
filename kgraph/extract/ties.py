"""Ties between groups and states: alliedWith, hostileTo, splinterOf, affiliateOf, partOf.

Three ways news writes them:

* relational nouns: "Hamas and its ally PIJ", "Zetas' rivals the Sinaloa Cartel",
  "X, a splinter faction of Y", "X, al-Qaeda's affiliate in Somalia", "X is part of Y",
  "X, Y and Z, all members of the W alliance";
* nouns of a conflict or a pact between two sides: "fighting between X and Y",
  "Israel's war against Hamas", "a coalition against the Houthis", "an alliance with Y";
* verbs: "X fought Y", "X clashed with Y", "X fought alongside Y", "X broke away from Y",
  "X pledged allegiance to Y".
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import combinations
from typing import Any

from spacy.tokens import Token

from kgraph.extract.base import (
    LEADER,
    MEMBER,
    SELF,
    Context,
    actor_or_members,
    children,
    colon_list,
    companions,
    conjuncts,
    fronted_name,
    listed_actors,
    named_just_before,
    owner_in_name,
    passive_patients,
    pobjs,
    selves,
    subject_noun,
    subject_of,
    which_group,
)
from kgraph.extract.mentions import ActorSpan
from kgraph.extract.places import located
from kgraph.lexicon import Lexicon
from kgraph.records import Relation

NAME = "ties"
FIGHT_PLACES = "fight-location"
SIDE_TYPES = frozenset({"State", "StateForce", "ArmedGroup", "Organization", "Person"})
GROUP_TYPES = frozenset({"StateForce", "ArmedGroup", "Organization"})
OWNER_PREPS = ("of", "from", "to", "with", "within", "inside")
AGAINST_PREPS = ("against", "on", "with")
ALONGSIDE_PREPS = ("alongside",)
#: Words of an alliance's own name: its members are allies of one another.
ALLIANCE_NAMES = frozenset({"alliance", "coalition", "front", "axis", "bloc"})
#: Verbs of fighting or operating: "X fought alongside Y" makes them allies.
COMBAT_VERBS = frozenset(
    {
        "fight",
        "battle",
        "operate",
        "attack",
        "capture",
        "seize",
        "take",
        "launch",
        "deploy",
        "serve",
        "advance",
        "clash",
        "storm",
        "push",
        "retake",
        "defend",
        "patrol",
        "join",
        "wage",
        "conduct",
    }
)


def relations(ctx: Context) -> Iterator[Relation]:
    for span in ctx.mentions.spans:
        if span.type in GROUP_TYPES:
            yield from unit_of(ctx, span)
        if span.type == "ArmedGroup" and any(
            c.dep_ == "amod" and c.lower_ == "rival" for c in span.span.root.children
        ):
            yield from _rival_of_named(ctx, span)
    for token in ctx.doc:
        lemma = token.lemma_.lower()
        words = {lemma, token.lower_}
        # a noun the tagger took for a verb: "cocaine linked to Zetas' rivals the Sinaloa Cartel"
        noun_slot = token.pos_ == "VERB" and token.dep_ in ("pobj", "appos", "attr")
        if token.pos_ in ("NOUN", "PROPN", "ADJ") or noun_slot:
            predicate = _noun_predicate(ctx, words)
            if predicate is not None and ctx.mentions.at(token) is None:
                yield from _relational_noun(ctx, token, predicate)
            joint = any(c.lower_ == "joint" for c in token.children) and token.pos_ == "NOUN"
            if joint:
                yield from _between(ctx, token, "alliedWith", ("with", "alongside"))
            if words & ctx.lex.conflict_nouns and (token.pos_ == "NOUN" or token.is_sent_start):
                yield from _between(ctx, token, "hostileTo")
            elif words & ctx.lex.alliance_nouns and token.pos_ == "NOUN":
                yield from _between(ctx, token, "alliedWith")
                yield from _between(ctx, token, "hostileTo", ("against",))  # "a coalition against Y"
        if token.pos_ == "VERB" and _is_tie_verb(ctx, lemma):
            yield from _verb(ctx, token, lemma)
        if token.pos_ == "NOUN" and token.dep_ in ("attr", "appos") and token.lemma_.lower() in MADE_OF:
            yield from _former_members(ctx, token)
        if token.pos_ == "ADJ" and lemma in ("hostile", "opposed", "allied", "loyal", "affiliated"):
            yield from _adjective(ctx, token, lemma)


#: Verbs read outside the lexicon's lists: "leads/forms the backbone of", "belongs to",
#: "pledged allegiance to", "exchanged fire with".
OTHER_TIE_VERBS = frozenset(
    {
        "lead",
        "dominate",
        "spearhead",
        "anchor",
        "form",
        "constitute",
        "make",
        "belong",
        "pledge",
        "swear",
        "declare",
        "give",
        "renew",
        "announce",
        "exchange",
    }
)


def _is_tie_verb(ctx: Context, lemma: str) -> bool:
    """Whether ``_verb`` has anything to read for this verb (most verbs it has not)."""
    return lemma in _tie_verbs(ctx.lex)


@lru_cache(maxsize=4)
def _tie_verbs(lex: Lexicon) -> frozenset[str]:
    return (
        COMBAT_VERBS
        | lex.rival_verbs
        | lex.ally_verbs
        | lex.splinter_verbs
        | lex.including_verbs
        | OTHER_TIE_VERBS
    )


def _noun_predicate(ctx: Context, words: set[str]) -> str | None:
    lex = ctx.lex
    for vocabulary, predicate in (
        (lex.ally_nouns, "alliedWith"),
        (lex.rival_nouns, "hostileTo"),
        (lex.splinter_nouns, "splinterOf"),
        (lex.affiliate_nouns, "affiliateOf"),
        (lex.part_nouns, "partOf"),
    ):
        if words & vocabulary:
            return predicate
    return None


# ---------------------------------------------------------------- relational nouns


def owners(ctx: Context, noun: Token, types: frozenset[str]) -> list[ActorSpan]:
    """Whose ally/rival/branch/part a noun names: "its ally", "al-Qaeda's affiliate",
    "a splinter of Y", "PMF faction"."""
    found: list[ActorSpan] = []
    for child in children(noun, "poss", "compound", "nmod"):
        if child.lower_ in ("its", "their") and noun.dep_ == "conj":  # "the army and its allies"
            found += [r.span for r in ctx.read(noun.head, types) if r.role == SELF]
        elif child.lower_ in ("its", "their", "his"):
            found += possessor(ctx, child, types)
        else:
            found += selves(ctx, child, types)
    if not found and noun.dep_ == "dobj" and noun.head.lemma_.lower() in ("face", "have", "confront"):
        subj = subject_noun(noun.head)  # "the group also faces a smaller rival: X"
        found = np_actors(ctx, subj, types) if subj is not None else []
    if not found:
        for pobj in pobjs(noun, *OWNER_PREPS):
            inner = selves(ctx, pobj, types)
            if not inner and pobj.lemma_.lower() in ctx.lex.alliance_nouns | ctx.lex.part_nouns:
                inner = [a for c in children(pobj, "compound", "poss") for a in selves(ctx, c, types)]
            found += inner
    return found


def possessor(ctx: Context, pronoun: Token, types: frozenset[str]) -> list[ActorSpan]:
    """ "its ally", "their rivals": the subject of the clause the pronoun is in, else the
    group it points back to."""
    verb = pronoun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    agents = (
        [a for p in pobjs(verb, "by") for a in selves(ctx, p, types)] if children(verb, "auxpass") else []
    )
    if agents:  # "recognised by Islamic State as its official branch": its = the agent
        return agents
    subj = subject_noun(verb)
    found = np_actors(ctx, subj, types) if subj is not None and subj.i != pronoun.i else []
    if not found and pronoun.lower_ == "its":
        ante = ctx.anaphor(pronoun)
        found = [ante] if ante is not None and ante.type in types else []
    return found


def np_actors(ctx: Context, token: Token, types: frozenset[str], depth: int = 3) -> list[ActorSpan]:
    """The actors a noun phrase names, or those of the phrase it describes: "the SDF,
    the Kurdish-led alliance that…", "the Islamic Resistance in Iraq, an umbrella of
    armed factions that includes…"."""
    found = selves(ctx, token, types)
    if found or depth == 0:
        return found
    if token.dep_ in ("appos", "conj"):  # "Hurras al-Din, or Guardians of the Religion, which…"
        return np_actors(ctx, token.head, types, depth - 1)
    named = [a for c in children(token, "appos") for a in selves(ctx, c, types)]
    if named:  # "PIJ's armed wing, the Al-Quds Brigades, has fought alongside…"
        return named
    if token.dep_ == "pobj" and token.head.lower_ == "of" and ctx.mentions.at(token.head.head) is None:
        return np_actors(ctx, token.head.head, types, depth - 1)
    if token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ in ("VERB", "AUX"):
        subj = subject_noun(token.head.head)  # "the group originated as a movement opposed to…"
        return np_actors(ctx, subj, types, depth - 1) if subj is not None else []
    if (
        token.like_num or {token.lower_, token.lemma_.lower()} & ctx.lex.quantity_nouns
    ):  # "thousands of troops from ATMIS"
        forces = [p for p in pobjs(token, "of") if {p.lower_, p.lemma_.lower()} & ctx.lex.force_nouns]
        return [a for f in forces for p in pobjs(f, "from") for a in selves(ctx, p, types)]
    return []


def described(ctx: Context, noun: Token, types: frozenset[str]) -> list[ActorSpan]:
    """The actors a relational noun describes: "X, a splinter of Y", "its ally X",
    "X is part of Y", "the main rival is X", "X began as a splinter of Y"."""
    head = noun.head
    if noun.dep_ == "appos":
        every = any(c.lower_ in ("all", "both") for c in noun.children)
        adjacent = None if every else named_just_before(ctx, noun)  # "units of the PDF, the armed wing of Y"
        found = [adjacent] if adjacent is not None and adjacent.type in types else selves(ctx, head, types)
        if every:  # "X, Y and Z, all members of W"
            for other in children(head, "appos"):
                if other.i != noun.i:
                    found += [a for a in selves(ctx, other, types) if a.key not in {f.key for f in found}]
        return found
    found = [a for c in children(noun, "appos") for a in selves(ctx, c, types)]
    found = found or colon_list(ctx, noun, frozenset({"ArmedGroup"}))  # "the two factions of X: A and B"
    found = found or [  # "deadly rivals like the PCC and CV"
        a for p in pobjs(noun, "like", "including") for a in listed_actors(ctx, p, types)
    ]
    found = found or [  # "the army and its allies in the Joint Forces"
        a for p in pobjs(noun, "in") for a in selves(ctx, p, types) if a.type in ("ArmedGroup", "StateForce")
    ]
    if found:
        return found
    nxt = noun.i + 1  # "its ally Hamas", "Zetas' rivals the Sinaloa Cartel", parsed flat
    after_comma = nxt < len(ctx.doc) and ctx.doc[nxt].text == "," and noun.dep_ == "conj"
    if after_comma:  # "Okaida and their rivals, Estados Unidos, …": the apposition hung on Okaida
        nxt += 1
    if nxt < len(ctx.doc) and ctx.doc[nxt].lower_ == "the":
        nxt += 1
    if nxt < len(ctx.doc):
        span = ctx.mentions.at(ctx.doc[nxt])
        if after_comma and (span is None or span.span.root.dep_ != "appos"):
            span = None
        if span is not None and span.span.start == nxt and span.type in types:
            return [span] + [a for c in conjuncts(ctx.doc[nxt]) for a in selves(ctx, c, types)]
    among = _among_them(ctx, noun, types)  # "the RSF and its allies, among them the faction of the SPLM-N"
    if among:
        return among
    fronted = fronted_name(ctx, noun)  # "Another Iran-backed PMF faction, Asaib Ahl al-Haq, is led…"
    if fronted is not None and fronted.type in types:
        return [fronted]
    if noun.dep_ == "dobj" and head.lemma_.lower() in ("form", "become", "constitute", "remain"):
        subj = subject_noun(head)  # "they form part of the axis"
        return selves(ctx, subj, types) if subj is not None else []
    if noun.dep_ == "attr" or (noun.dep_ == "pobj" and head.lower_ == "as"):
        verb = head if noun.dep_ == "attr" else head.head
        subj = subject_noun(verb) or next(iter(children(verb, "nsubjpass")), None)
        return np_actors(ctx, subj, types) if subj is not None else []
    if noun.dep_ == "nsubj" and any(c.lower_ in ("all", "both") for c in noun.children):
        # "X, Y and Z, all members of W, launched…" parsed with two subjects
        found = []
        for other in children(head, "nsubj"):
            if other.i != noun.i:
                found += selves(ctx, other, types)
                found += [a for c in children(other, "appos") for a in selves(ctx, c, types)]
        return list({a.key: a for a in found}.values())
    if noun.dep_ == "nsubj":  # "JNIM's main rival is the Islamic State Sahel Province"
        return [a for c in children(head, "attr") for a in selves(ctx, c, types)]
    if noun.dep_ == "npadvmod" and any(c.lower_ == "all" for c in noun.children):
        return selves(ctx, head, types)  # "X, Y and Z, all members of W"
    return []


#: Nouns for a body of people: "the largest network of former fighters of the FARC".
MADE_OF = frozenset({"network", "group", "organisation", "organization", "movement", "coalition", "band"})


def _former_members(ctx: Context, noun: Token) -> Iterator[Relation]:
    """ "X is the largest network of former fighters of the FARC": a group made of another
    group's former members split from it."""
    for people in pobjs(noun, "of"):
        if ctx.role_of(people) is None or people.tag_ != "NNS":
            continue
        if not any(c.lower_ in ("former", "ex", "demobilised", "demobilized") for c in people.children):
            continue
        parent = ctx.group_of(people)
        if parent is None or parent.type != "ArmedGroup":
            continue
        for group in described(ctx, noun, GROUP_TYPES):
            rel = _tie(ctx, group, "splinterOf", parent, noun, extractor=NAME, confidence=0.7)
            if rel is not None:
                yield rel


def _among_them(ctx: Context, noun: Token, types: frozenset[str]) -> list[ActorSpan]:
    """The examples named after ", among them" ("its allies, among them the faction of the
    SPLM-N led by P"), wherever the parser hung them."""
    doc = ctx.doc
    i = noun.i + 1
    if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ != "among" or doc[i + 2].lower_ != "them":
        return []
    example = doc[i + 3] if i + 3 < len(doc) and doc[i + 3].lower_ != "the" else doc[min(i + 4, len(doc) - 1)]
    named = ctx.mentions.at(example)
    if named is not None:
        example = named.span.root
    # "the faction of the SPLM-N": the group a part names
    return listed_actors(ctx, example, types) or actor_or_members(ctx, example, types)


def _relational_noun(ctx: Context, noun: Token, predicate: str) -> Iterator[Relation]:
    types = GROUP_TYPES if predicate in ("splinterOf", "affiliateOf", "partOf") else SIDE_TYPES
    subjects = described(ctx, noun, types)
    objects = owners(ctx, noun, types)
    confidence = 0.85
    owned = any(c.dep_ == "poss" for c in noun.children) or (
        noun.dep_ == "dobj" and noun.head.lemma_.lower() in ("have", "face")
    )  # "the group has three rivals: A and B" are its rivals, not each other's
    if not objects and predicate == "hostileTo" and len(subjects) > 1 and not owned:
        yield from _pairs(ctx, subjects, predicate, noun, 0.8)  # "rival factions X and Y"
        return
    for s in subjects:
        for o in objects:
            rel = _tie(ctx, s, predicate, o, noun, extractor=NAME, confidence=confidence)
            if rel is not None:
                yield rel
    if predicate == "partOf" and len(subjects) > 1 and any(_is_alliance(o) for o in objects):
        yield from _pairs(ctx, subjects, "alliedWith", noun, 0.8)


def unit_of(ctx: Context, group: ActorSpan) -> Iterator[Relation]:
    """ "the FARC's 1st Front", "Iran's Quds Force": a named unit of a group or state."""
    root = group.span.root
    words = set(group.text.lower().replace("'s", " ").replace("’s", " ").split())
    if not words & (ctx.lex.unit_names | ctx.lex.part_nouns):
        return
    owner = owner_in_name(ctx, group, SIDE_TYPES)  # "Hamas's armed wing" is a name of the Qassam Brigades
    if owner is not None and owner.key != group.key:
        rel = _tie(ctx, group, "partOf", owner, root, extractor=NAME, confidence=0.8)
        if rel is not None:
            yield rel
    for child in children(root, "poss"):
        for owner in selves(ctx, child, SIDE_TYPES):
            if owner.key != group.key:
                rel = _tie(ctx, group, "partOf", owner, child, extractor=NAME, confidence=0.8)
                if rel is not None:
                    yield rel


def _is_alliance(actor: ActorSpan) -> bool:
    return bool(set(actor.actor.label.lower().split()) & ALLIANCE_NAMES)


def _tie(
    ctx: Context, subject: ActorSpan, predicate: str, obj: ActorSpan, trigger: Token, **how: Any
) -> Relation | None:
    """A tie between two actors; a head of state stands for the state ("Somali President
    P, who declared war on al-Shabaab"), a person otherwise for themself ("Varon is
    fighting the Rastrojos")."""
    sides = []
    for side in (subject, obj):
        if side.type == "Person":
            if predicate not in ("alliedWith", "hostileTo"):
                return None
            led = ctx.led_by(side)
            side = led if led is not None and led.type == "State" else side
        sides.append(side)
    return ctx.relation(sides[0], predicate, sides[1], trigger, **how)


def _pairs(
    ctx: Context, sides: list[ActorSpan], predicate: str, trigger: Token, confidence: float
) -> Iterator[Relation]:
    unique = {s.key: s for s in sides}
    for a, b in combinations(sorted(unique.values(), key=lambda s: s.key), 2):
        rel = _tie(ctx, a, predicate, b, trigger, extractor=NAME, confidence=confidence)
        if rel is not None:
            yield rel


# ---------------------------------------------------------------- conflicts and pacts


def _between(
    ctx: Context, noun: Token, predicate: str, preps: tuple[str, ...] = AGAINST_PREPS
) -> Iterator[Relation]:
    """ "fighting between X and Y", "X's war against Y", "an alliance with Y" (its
    verb's subject X), "a campaign by X against Y"."""
    between_at = pobjs(noun, "between", "among")
    if not between_at and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ == "VERB":
        between_at = pobjs(noun.head, "between", "among")  # "the war broke out … between X and Y"
    between = [a for p in between_at for a in listed_actors(ctx, p, SIDE_TYPES)]
    if not between:  # "a war between the two main factions of the Sinaloa Cartel: A …, and B"
        between = [a for p in between_at for a in colon_list(ctx, p, frozenset({"ArmedGroup"}))]
    if not between and any(_the_two(p) for p in between_at):  # "weeks of fighting between the two"
        between = _two_named_before(ctx, noun)
    if len(between) > 1 and preps is AGAINST_PREPS:
        yield from _pairs(ctx, between, predicate, noun, 0.8)
        if predicate == "hostileTo":
            yield from _fought_in(ctx, noun, between, _scene_of(noun))
        return
    if predicate == "alliedWith" and preps is AGAINST_PREPS:
        preps = ("with",)
    joint = any(c.lower_ == "joint" for c in noun.children)
    if joint and predicate == "hostileTo":  # "joint operations with Y against X": Y is a partner
        preps = tuple(p for p in preps if p != "with")
    against = pobjs(noun, *preps)
    if not against and noun.dep_ == "nsubjpass" and noun.head.pos_ == "VERB":
        against = pobjs(noun.head, *preps)  # "Israel's war … has been waged against X"
    if not against and predicate == "hostileTo":  # "operations with Congolese forces against the ADF"
        against = [p for inner in pobjs(noun, "with") for p in pobjs(inner, *preps)]
    others = [a for p in against for a in selves(ctx, p, SIDE_TYPES) or _named_in_apposition(ctx, p)]
    if not others:
        return
    sides = [
        a
        for c in children(noun, "poss", "compound")
        for a in (
            possessor(ctx, c, SIDE_TYPES) if c.lower_ in ("its", "their") else selves(ctx, c, SIDE_TYPES)
        )
    ]
    sides += [a for p in pobjs(noun, "by") for a in selves(ctx, p, SIDE_TYPES)]
    if not sides:
        sides += [s for c in children(noun, "amod") if (s := ctx.demonym(c)) is not None]
    if not sides:
        verb = noun.head if noun.dep_ in ("dobj", "attr", "nsubjpass") else None
        if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX"):
            verb = noun.head.head  # "entered into an alliance with Y"
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            subj = subject_noun(verb)
            sides = selves(ctx, subj, SIDE_TYPES) if subj is not None else []
            person = ctx.mentions.at(subj) if subj is not None and not sides else None
            if person is not None and person.type == "Person":  # "the president, who declared war on X"
                led = ctx.led_by(person)
                sides = [led] if led is not None and led.type in SIDE_TYPES else []
    if sides and joint:  # "joint operations with Y against X"
        sides += [a for p in pobjs(noun, "with") for a in selves(ctx, p, SIDE_TYPES)]
    if not sides and predicate == "hostileTo":  # "The PKK has used bases … to wage an insurgency against X"
        main = subject_of(noun.sent.root)
        sides = (
            [a for a in selves(ctx, main, SIDE_TYPES) if a.type == "ArmedGroup"] if main is not None else []
        )
    for s in sides:
        for o in others:
            rel = _tie(ctx, s, predicate, o, noun, extractor=NAME, confidence=0.8)
            if rel is not None:
                yield rel
    if predicate == "hostileTo" and sides:
        waged = [noun.head] if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" else []
        yield from _fought_in(ctx, noun, sides + others, waged)  # "In Michoacan it has waged a war against X"


#: Nouns that make a place the scene of a fight: "P has been the front line of a war between…".
SCENE_NOUNS = frozenset(
    {"line", "scene", "battleground", "battlefield", "theatre", "theater", "epicentre", "epicenter"}
)


def _scene_of(fight: Token) -> list[Token]:
    """The subject of "… has been the front line / the scene of <fight>": where it is fought."""
    scene = fight.head.head if fight.dep_ == "pobj" and fight.head.lower_ == "of" else None
    if scene is None or scene.lemma_.lower() not in SCENE_NOUNS or scene.dep_ != "attr":
        return []
    return [s for s in scene.head.children if s.dep_ == "nsubj"] if scene.head.lemma_ == "be" else []


def _rival_of_named(ctx: Context, rival: ActorSpan) -> Iterator[Relation]:
    """ "Boko Haram leader Shekau is dead, rival ISWAP says": "rival X" is the rival of the
    one other armed group named before it in the sentence."""
    sent = rival.span.sent
    before = {
        m.key: m
        for m in ctx.mentions.spans
        if sent.start <= m.span.start < rival.span.start and m.type == "ArmedGroup" and m.key != rival.key
    }
    if len(before) == 1:
        other = next(iter(before.values()))
        trigger = next(c for c in rival.span.root.children if c.lower_ == "rival")
        rel = _tie(ctx, rival, "hostileTo", other, trigger, extractor=NAME, confidence=0.75)
        if rel is not None:
            yield rel


def _the_two(token: Token) -> bool:
    """ "the two", "both", "the two factions", "both groups"."""
    kids = {c.lower_ for c in token.children}
    if token.lower_ in ("two", "both"):
        return token.lower_ == "both" or "the" in kids
    return token.tag_ in ("NNS", "NNPS") and ("both" in kids or {"the", "two"} <= kids)


def _two_named_before(ctx: Context, noun: Token) -> list[ActorSpan]:
    """The two sides "the two" points back to: the only two named earlier in the sentence,
    or else the two the sentence before names first ("X broke away from Y …, and is
    recognised by Z. The two factions…"). "The two groups" are armed groups; "the two
    sides" may be states."""
    lemma = noun.lemma_.lower()
    sides = ("ArmedGroup",) if lemma in ctx.lex.group_anaphors else ("ArmedGroup", "State", "StateForce")
    sent = noun.sent
    named = [m for m in ctx.mentions.spans if sent.start <= m.span.start < noun.i and m.type in sides]
    if named or sent.start == 0:
        return named if len({m.key for m in named}) == 2 else []
    previous = ctx.doc[sent.start - 1].sent
    named = [m for m in ctx.mentions.spans if previous.start <= m.span.start < sent.start and m.type in sides]
    first = list({m.key: m for m in named}.values())[:2]
    return first if len(first) == 2 else []


def _named_in_apposition(ctx: Context, noun: Token) -> list[ActorSpan]:
    """ "two main opponents: Hamas and its smaller partner, PIJ": the actors listed in
    apposition to a common noun."""
    found: list[ActorSpan] = []
    for item in children(noun, "appos"):
        for node in [item, *conjuncts(item)]:
            found += selves(ctx, node, SIDE_TYPES) or [
                a for c in children(node, "appos") for a in selves(ctx, c, SIDE_TYPES)
            ]
    return found


def _fought_in(
    ctx: Context, trigger: Token, sides: list[ActorSpan], also: list[Token] | None = None
) -> Iterator[Relation]:
    """Both sides of a fight operate where it is fought: "fighting Islamic State across
    northern Iraq", "a turf war over Cordoba", "In Michoacan it has waged a war against X"."""
    yield from located(ctx, trigger, sides, extractor=FIGHT_PLACES, confidence=0.6, also=also)


# ---------------------------------------------------------------- verbs and adjectives


def _verb(ctx: Context, verb: Token, lemma: str) -> Iterator[Relation]:
    lex = ctx.lex
    subj = subject_noun(verb)
    if subj is None or not selves(ctx, subj, SIDE_TYPES):
        subj = _name_before(ctx, verb) or subj  # "X split from Y" parsed without a subject
    if subj is None:
        return
    if lemma in ctx.lex.including_verbs:
        yield from _includes(ctx, verb, subj)
        return
    subjects = (
        which_group(ctx, verb) or np_actors(ctx, subj, SIDE_TYPES, depth=1) or _founded_by(ctx, subj, lemma)
    )
    if not subjects and _the_two(subj):  # "The two factions have since fought each other"
        subjects = _two_named_before(ctx, subj)
    through_members = not subjects
    if through_members:  # "ex-FARC elements working with the ELN": their group, for alliances and fights only
        subjects = [r.span for r in ctx.read(subj, SIDE_TYPES) if r.role == MEMBER]
    if not subjects:
        return
    allies = []
    if lemma in COMBAT_VERBS:
        allies = [a for p in pobjs(verb, *ALONGSIDE_PREPS) for a in listed_actors(ctx, p, SIDE_TYPES)]
        allies += [a for p in companions(subj) for a in actor_or_members(ctx, p, SIDE_TYPES)]
    pairs: list[tuple[str, list[ActorSpan], float]] = [("alliedWith", allies, 0.8)]
    if lemma in lex.rival_verbs:
        objs = [a for o in children(verb, "dobj") for a in selves(ctx, o, SIDE_TYPES)]
        objs += [a for p in pobjs(verb, "against", "with", "to") for a in _side_or_leader(ctx, p)]
        pairs.append(("hostileTo", objs, 0.8))
        if not objs and len({s.key for s in subjects}) > 1 and lemma in ctx.lex.mutual_verbs:
            together = any(c.lower_ in ("together", "jointly", "side") for c in verb.children)
            # "the FARC and Rastrojos have clashed"; "U.S. and Kenyan troops fighting side by side"
            yield from _pairs(ctx, subjects, "alliedWith" if together else "hostileTo", verb, 0.8)
            if not together:
                yield from _fought_in(ctx, verb, subjects)
    elif lemma == "exchange" and any(
        o.lemma_.lower() in ("fire", "blow", "strike") for o in children(verb, "dobj")
    ):
        others = [a for p in pobjs(verb, "with") for a in selves(ctx, p, SIDE_TYPES)]
        if len(subjects) > 1 and not others:  # "Israel and Hezbollah have exchanged fire"
            yield from _pairs(ctx, subjects, "hostileTo", verb, 0.8)
        pairs.append(("hostileTo", others, 0.8))
    elif lemma in lex.ally_verbs:
        if lemma in ("join", "rejoin"):
            objs = [a for o in children(verb, "dobj") for a in selves(ctx, o, GROUP_TYPES)]
            pairs.append(("partOf", objs, 0.7))
            forces = any(o.lower_ == "forces" for o in children(verb, "dobj"))
            withs = [a for p in pobjs(verb, "with") for a in selves(ctx, p, SIDE_TYPES)] if forces else []
        else:
            withs = [a for p in pobjs(verb, "with", "to") for a in selves(ctx, p, SIDE_TYPES)]
            if lemma == "work":  # "working with the ELN": only with another armed group
                withs = [a for a in withs if a.type == "ArmedGroup"]
        pairs.append(("alliedWith", withs, 0.8))
    elif lemma in lex.splinter_verbs and _breaks_away(verb, lemma):
        heads = [
            verb,
            *(c for c in verb.children if c.dep_ in ("prt", "advmod") and c.lower_ in ("away", "off")),
        ]
        objs = [a for h in heads for p in pobjs(h, "from", "with") for a in selves(ctx, p, GROUP_TYPES)]
        pairs.append(("splinterOf", objs, 0.85))
    elif lemma in ("lead", "dominate", "spearhead", "anchor") and all(
        x.type == "ArmedGroup" for x in subjects
    ):
        objs = [a for o in children(verb, "dobj") for a in selves(ctx, o, GROUP_TYPES)]
        pairs.append(("partOf", objs, 0.7))  # "the militia that leads the SDF"
    elif lemma in ("form", "constitute", "make") and all(x.type == "ArmedGroup" for x in subjects):
        cores = [o for o in children(verb, "dobj") if o.lemma_.lower() in ctx.lex.core_nouns]
        objs = [a for o in cores for p in pobjs(o, "of") for a in selves(ctx, p, GROUP_TYPES)]
        pairs.append(("partOf", objs, 0.8))  # "forms the backbone of the SDF"
    elif lemma == "belong":
        objs = [a for p in pobjs(verb, "to") for a in selves(ctx, p, GROUP_TYPES)]
        pairs.append(("partOf", objs, 0.8))
    elif lemma in ("pledge", "swear", "declare", "give", "renew", "announce"):
        pairs.append(("affiliateOf", _allegiance(ctx, verb), 0.85))
    for predicate, objects, confidence in pairs:
        if through_members and predicate not in ("alliedWith", "hostileTo"):
            continue
        if predicate == "hostileTo" and objects:
            yield from _fought_in(ctx, verb, subjects + objects)
        for s in subjects:
            if predicate in ("splinterOf", "affiliateOf", "partOf") and s.type not in GROUP_TYPES:
                continue
            for o in objects:
                rel = _tie(ctx, s, predicate, o, verb, extractor=NAME, confidence=confidence)
                if rel is not None:
                    yield rel


def _includes(ctx: Context, verb: Token, subj: Token) -> Iterator[Relation]:
    """ "X, an umbrella of factions that includes Y", "a coalition that counts Y among its
    members": Y is part of X."""
    wholes = np_actors(ctx, subj, GROUP_TYPES)
    parts = [a for o in children(verb, "dobj") for a in listed_actors(ctx, o, GROUP_TYPES)]
    parts = parts or [  # "a coalition that includes the Sudan Liberation Army faction of P"
        a
        for o in children(verb, "dobj")
        if o.lemma_.lower() in ctx.lex.part_nouns
        for c in children(o, "compound")
        for a in selves(ctx, c, GROUP_TYPES)
    ]
    for whole in wholes:
        for part in parts:
            rel = _tie(ctx, part, "partOf", whole, verb, extractor=NAME, confidence=0.8)
            if rel is not None:
                yield rel


def _name_before(ctx: Context, verb: Token) -> Token | None:
    """The group named right before a verb, when the parser gave the verb no subject."""
    if verb.i == 0:
        return None
    span = ctx.mentions.at(ctx.doc[verb.i - 1])
    if span is None or span.span.end != verb.i or span.type not in GROUP_TYPES:
        return None
    return span.span.root


def _founded_by(ctx: Context, people: Token, lemma: str) -> list[ActorSpan]:
    """ "X, founded in 2015 by commanders who broke away from Y": the group those people
    founded is the splinter."""
    if lemma not in ctx.lex.splinter_verbs | {"pledge", "swear"}:
        return []
    emerged = _emerged_when(ctx, people)
    if emerged:
        return emerged
    if people.dep_ != "pobj" or people.head.lower_ != "by":
        return []
    founding = people.head.head
    if founding.lemma_.lower() not in ("found", "form", "establish", "create", "start"):
        return []
    return passive_patients(ctx, founding, GROUP_TYPES)


EMERGE_VERBS = frozenset({"emerge", "form", "begin", "arise", "appear", "start", "originate"})


def _emerged_when(ctx: Context, people: Token) -> list[ActorSpan]:
    """ "X emerged around 2010, when a group of gunmen broke away from Y": the group that
    emerged is the splinter."""
    verb = people.head
    if people.dep_ != "nsubj" or verb.dep_ != "advcl" or not any(c.lower_ == "when" for c in verb.children):
        return []
    if people.lemma_.lower() not in ctx.lex.group_anaphors | ctx.lex.member_nouns:
        return []
    if verb.head.lemma_.lower() not in EMERGE_VERBS:
        return []
    subj = subject_noun(verb.head)
    return selves(ctx, subj, GROUP_TYPES) if subj is not None else []


def _breaks_away(verb: Token, lemma: str) -> bool:
    if lemma == "break":
        return any(
            c.dep_ in ("prt", "advmod") and c.lower_ in ("away", "off") for c in verb.children
        ) or bool(pobjs(verb, "with"))
    return bool(pobjs(verb, "from", "with")) or any(c.dep_ == "prt" for c in verb.children)


def _allegiance(ctx: Context, verb: Token) -> list[ActorSpan]:
    """ "pledged allegiance to Y", "swore loyalty to Y"."""
    objs = children(verb, "dobj")
    if not any(o.lemma_.lower() in ctx.lex.allegiance_nouns for o in objs):
        return []
    targets = pobjs(verb, "to") + [p for o in objs for p in pobjs(o, "to")]
    found = []
    for t in targets:  # "pledged allegiance to Y", "to the Taliban's supreme leader, P"
        named = selves(ctx, t, GROUP_TYPES)
        if not named:
            people = [ctx.mentions.at(t), *(ctx.mentions.at(c) for c in children(t, "appos"))]
            named = [
                g for p in people if p is not None and p.type == "Person" and (g := ctx.led_by(p)) is not None
            ]
            named += [r.span for r in ctx.read(t, GROUP_TYPES) if r.role == LEADER]
        found += [a for a in named if a.type in GROUP_TYPES]
    return found


def _side_or_leader(ctx: Context, token: Token) -> list[ActorSpan]:
    """A side named outright, or through its leader ("opposed to Ugandan President X")."""
    found = selves(ctx, token, SIDE_TYPES)
    person = ctx.mentions.at(token) if not found else None
    if person is not None and person.type == "Person":
        led = ctx.led_by(person)
        found = [led] if led is not None and led.type in SIDE_TYPES else []
    return found


def _adjective(ctx: Context, adj: Token, lemma: str) -> Iterator[Relation]:
    """ "X, a jihadist alliance that is hostile to Y", "X, loyal to Y"."""
    predicate = "hostileTo" if lemma in ("hostile", "opposed") else "alliedWith"
    if lemma == "affiliated":
        predicate = "affiliateOf"
    objects = [a for p in pobjs(adj, "to", "with") for a in _side_or_leader(ctx, p)]
    if not objects:
        return
    if adj.dep_ in ("acomp", "attr"):
        subj = subject_noun(adj.head)
        subjects = np_actors(ctx, subj, SIDE_TYPES) if subj is not None else []
    else:  # "X, a movement opposed to Y"; "X originated as a rebel movement opposed to Y"
        subjects = selves(ctx, adj.head, SIDE_TYPES) or described(ctx, adj.head, SIDE_TYPES)
    for s in subjects:
        for o in objects:
            rel = _tie(ctx, s, predicate, o, adj, extractor=NAME, confidence=0.8)
            if rel is not None:
                yield rel
