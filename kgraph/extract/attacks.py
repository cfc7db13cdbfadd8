"""attacked / struck / killed: "A U.S. drone strike killed a Kataib Hezbollah commander",
"KH has claimed responsibility for attacks on U.S. forces", "Sinwar was killed by Israeli
troops", "Turkish jets hit PKK targets". A strike on a group's member is an attack on the
group; the place of an attack ("in Baghdad") tells where an armed group operates."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kgraph.extract.base import (
    SELF,
    Context,
    Reading,
    children,
    conjuncts,
    pobjs,
    subject_of,
)
from kgraph.extract.epithets import HYPHENS, predicate_of
from kgraph.extract.places import located, places_below
from kgraph.records import Relation

NAME = "attacks"
LOCATION_NAME = "attack-location"
ATTACKER_TYPES = frozenset({"State", "StateForce", "ArmedGroup"})
TARGET_TYPES = frozenset({"State", "StateForce", "ArmedGroup", "Person"})
CARRY_VERBS = frozenset(
    {
        "carry",
        "conduct",
        "launch",
        "stage",
        "mount",
        "claim",
        "order",
        "execute",
        "perform",
        "unleash",
        "step",
        "intensify",
        "escalate",
        "begin",
        "continue",
        "join",
        "lead",
        "spearhead",
    }
)
TARGET_PREPS = ("on", "against", "targeting", "at")
DEFINITE = frozenset({"the", "this", "that", "these", "those", "its"})


class AttackTracker:
    """Remembers who carried out the latest attack of each kind, for "the strike killed X"."""

    def __init__(self) -> None:
        self.last: dict[str, list[Reading]] = {}

    def note(self, noun: Token, agents: list[Reading]) -> None:
        if agents:
            self.last[noun.lemma_.lower()] = agents

    def recall(self, noun: Token) -> list[Reading]:
        if not any(c.lower_ in DEFINITE for c in noun.children):
            return []
        return self.last.get(noun.lemma_.lower(), [])


def relations(ctx: Context) -> Iterator[Relation]:
    tracker = AttackTracker()
    for token in ctx.doc:
        lemma = token.lemma_.lower()
        if is_attack_noun(ctx, token):
            agents = noun_agents(ctx, token)
            if agents:
                tracker.note(token, agents)
            if (
                token.dep_ in ("nsubj",)
                and token.head.lemma_.lower() in ctx.lex.kill_verbs | ctx.lex.attack_verbs
            ):
                continue  # read with its verb: "the strike killed X"
            targets = noun_targets(ctx, token)
            yield from emit(ctx, agents, targets, token, kill=False, confidence=0.85)
        elif token.pos_ == "VERB" and lemma in ("aim", "direct"):
            yield from _aimed(ctx, token, tracker)
        elif (
            token.pos_ == "VERB"
            and lemma in ctx.lex.attack_verbs | ctx.lex.kill_verbs | ctx.lex.capture_verbs
        ):
            if lemma in CARRY_VERBS and lemma not in ("strike",) and _carries_attack_noun(ctx, token):
                continue  # "carried out an attack": the noun carries it
            yield from _verb(ctx, token, tracker)


def _carries_attack_noun(ctx: Context, verb: Token) -> bool:
    """Whether a verb like "launch" or "claim" has an attack noun as object ("launched an
    offensive"); "launched rockets at X" does not, and is read as the attack itself."""
    if verb.lemma_.lower() not in ctx.lex.firing_verbs:
        return True
    return any(is_attack_noun(ctx, o) for o in children(verb, "dobj")) or not pobjs(verb, "at")


def noun_targets(ctx: Context, noun: Token) -> list[Reading]:
    """Whom an attack noun hits: "attacks on U.S. forces", "a strike by X on Y's positions"
    (parsed under the agent), "operations with Y against X"."""
    targets = [t for p in pobjs(noun, *TARGET_PREPS) for t in targets_at(ctx, p)]
    if not targets:
        targets = [t for p in _against_below(noun) for t in targets_at(ctx, p)]
    if not targets and _shares_phrases(noun):  # "air and artillery strikes on its camps"
        targets = noun_targets(ctx, noun.head)
    verb = noun.head
    if not targets and noun.dep_ == "dobj" and verb.lemma_.lower() in CARRY_VERBS:
        # "its fighters joined the assault on Israel", the target hung on the verb
        targets = [t for p in pobjs(verb, "on", "against") for t in targets_at(ctx, p)]
    return targets


def _shares_phrases(noun: Token) -> bool:
    """A conjoined noun with no phrases of its own, whose phrases the parser hung on the
    first noun of the list ("air and artillery strikes on X": "on X" under "air")."""
    return (
        noun.dep_ == "conj" and noun.head.pos_ == "NOUN" and not any(c.dep_ == "prep" for c in noun.children)
    )


def _against_below(noun: Token) -> list[Token]:
    """Objects of "against" inside the noun's own prepositional phrases."""
    found = []
    for pobj in pobjs(noun):
        found += pobjs(pobj, "against", "on")
    return found


def is_strike(ctx: Context, trigger: Token) -> bool:
    words = [trigger, *(c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod"))]
    return any(w.lemma_.lower() in ctx.lex.strike_words or w.lower_ in ctx.lex.strike_words for w in words)


def noun_agents(ctx: Context, noun: Token) -> list[Reading]:
    """Who carried out an attack named by a noun; with a joint attack, also who it was
    carried out with ("joint operations with Congolese forces against the ADF")."""
    agents = _agents_of(ctx, noun)
    if agents and any(c.lower_ == "joint" for c in noun.children):
        agents += [r for p in pobjs(noun, "with") for r in ctx.read(p, ATTACKER_TYPES) if r.role == SELF]
    return agents


def _in_epithet(ctx: Context, token: Token) -> bool:
    """Whether a name is the first half of an epithet: "an Islamic State-linked attack" was
    not carried out by Islamic State itself, nor an "Iran-backed attack" by Iran."""
    span = ctx.mentions.at(token)
    end = span.span.end if span is not None else token.i + 1
    if end + 1 >= len(ctx.doc) or ctx.doc[end].text not in HYPHENS:
        return False
    return predicate_of(ctx, ctx.doc[end + 1].lower_) is not None


def _carried_out_in(ctx: Context, clause: Token) -> list[Reading]:
    """Who a relative clause says carried out the attack it describes: "that X carried
    out", "which X claimed", "that X said it carried out"."""
    verb = clause
    if verb.lemma_.lower() in ctx.lex.speech_verbs:
        verb = next((c for c in children(clause, "ccomp")), clause)
    if verb.lemma_.lower() not in CARRY_VERBS or any(
        c.dep_ == "dobj" and c.lower_ not in ("that", "which") for c in verb.children
    ):
        return []  # "an attack that X carried out", not "an attack after which X fired rockets"
    subj = subject_of(verb)
    return attackers(ctx, subj) if subj is not None else []


def _armed_body(ctx: Context, forces: Token) -> list[Reading]:
    """A known organisation through its armed forces: "a campaign by the security forces of
    the Palestinian Authority" (the organisation alone is not an attacker)."""
    if forces.lemma_.lower() not in ctx.lex.force_nouns:
        return []
    return [
        Reading(m, SELF)
        for p in pobjs(forces, "of")
        if (m := ctx.mentions.at(p)) is not None and m.type == "Organization" and m.certainty >= 1.0
    ]


def _agents_of(ctx: Context, noun: Token) -> list[Reading]:
    span = ctx.mentions.at(noun)
    if span is not None and span.type in ATTACKER_TYPES:  # "Israeli strikes" tagged as the state
        return [Reading(span, SELF)]
    agents: list[Reading] = []
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and not _in_epithet(ctx, child):
            found = ctx.read(child, ATTACKER_TYPES)
            demonym = ctx.demonym(child) if not found and not agents else None
            agents += found + ([Reading(demonym, SELF)] if demonym is not None else [])
    for by in pobjs(noun, "by", "from"):
        agents += ctx.read(by, ATTACKER_TYPES) or _armed_body(ctx, by)
    for clause in children(noun, "relcl"):  # "a bombing that the PKK said it carried out"
        agents += _carried_out_in(ctx, clause)
    if agents:
        return agents
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in ("including", "like") and is_attack_noun(ctx, head.head):
        return _agents_of(ctx, head.head)  # "operations against X, including air strikes on …"
    # "X carried out / launched / claimed (responsibility for) an attack"
    while (
        noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and (noun.head.head.like_num or noun.head.head.lemma_.lower() in ctx.lex.quantity_nouns)
    ):
        noun = noun.head.head  # "carried out hundreds of strikes"
    head = noun.head
    if (
        noun.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.head.lemma_.lower() in ("responsibility", "credit")
    ):
        head = head.head.head
    elif noun.dep_ == "dobj":
        pass
    else:
        return []
    if head.pos_ == "VERB" and head.lemma_.lower() in CARRY_VERBS:
        subj = subject_of(head)
        if subj is not None:
            return attackers(ctx, subj)
    return []


def is_attack_noun(ctx: Context, token: Token) -> bool:
    if token.pos_ != "NOUN" or token.lemma_.lower() not in ctx.lex.attack_nouns:
        return False
    # "a pressure campaign", "a social media campaign against Israel" are not attacks
    return not any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in UNARMED for c in token.children)


#: Words that make a campaign or an operation other than armed.
UNARMED = frozenset(
    {
        "pressure",
        "media",
        "recruitment",
        "advocacy",
        "propaganda",
        "disinformation",
        "election",
        "electoral",
        "political",
        "diplomatic",
        "sanction",
        "sanctions",
        "awareness",
        "fundraising",
        "smear",
        "lobbying",
        "vaccination",
        "rescue",
        "relief",
        "humanitarian",
        "boycott",
        "legal",
        "information",
        "influence",
        "online",
        "hacking",
        "cyber",
    }
)


def _aimed(ctx: Context, verb: Token, tracker: AttackTracker) -> Iterator[Relation]:
    """ "The operation was aimed at fighters of the Jenin Brigade"."""
    for noun in children(verb, "nsubjpass"):
        if not is_attack_noun(ctx, noun):
            continue
        agents = noun_agents(ctx, noun) or tracker.recall(noun) or _reporting_state(ctx, verb)
        targets = [r for p in pobjs(verb, "at", "against") for r in targets_at(ctx, p)]
        yield from emit(ctx, agents, targets, verb, kill=False, confidence=0.7)


def _reporting_state(ctx: Context, verb: Token) -> list[Reading]:
    """ "The Israeli military said the strike … killed X": a state (or its forces) reporting
    what an unattributed strike did is read as its author. Not a group: a group reporting a
    strike is more often its target."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in ctx.lex.speech_verbs:
        return []
    said = subject_of(verb.head)
    if said is None:
        return []
    return [r for r in ctx.read(said, frozenset({"State", "StateForce"})) if r.role == SELF]


def attackers(ctx: Context, token: Token) -> list[Reading]:
    """Who a subject or "by" phrase names as attacker: an actor, a group through its
    member ("Hamas fighters"), or the author of an attack noun ("the U.S. strike")."""
    found = ctx.read(token, ATTACKER_TYPES)
    if found:  # "The MNDAA, the TNLA and the Arakan Army … launched" parsed as an apposition with a list
        found += [
            r
            for a in children(token, "appos")
            if ctx.mentions.at(a) is not None and any(True for _ in conjuncts(a))
            for n in [a, *conjuncts(a)]
            for r in ctx.read(n, ATTACKER_TYPES)
            if r.role == SELF
        ]
    return found or (noun_agents(ctx, token) if is_attack_noun(ctx, token) else [])


def _verb(ctx: Context, verb: Token, tracker: AttackTracker) -> Iterator[Relation]:
    lemma = verb.lemma_.lower()
    kill = lemma in ctx.lex.kill_verbs
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    confidence = 0.85
    if passive:
        subj = children(verb, "nsubjpass")
        if subj and subj[0].lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            subj = [verb.head]  # "al-Sahrawi, who was killed by French forces"
        targets = [r for s in subj for r in targets_at(ctx, s)]
        agents = [r for by in pobjs(verb, "by") for r in attackers(ctx, by)]
        if not agents:  # "was killed in a raid by U.S. special forces"
            agents = [
                r for p in pobjs(verb, "in", "during") if is_attack_noun(ctx, p) for r in noun_agents(ctx, p)
            ]
        if not agents and kill:  # "P was killed alongside Q when a U.S. drone struck their convoy"
            agents = _when_struck(ctx, verb)
            confidence = 0.75
        if agents and kill:
            targets += [r for p in pobjs(verb, "alongside", "along") for r in targets_at(ctx, p)]
    else:
        subj_tok = subject_of(verb)
        agents = attackers(ctx, subj_tok) if subj_tok is not None else []
        if not agents and subj_tok is not None and is_attack_noun(ctx, subj_tok):
            agents = tracker.recall(subj_tok) or _reporting_state(ctx, verb)
            confidence = 0.6  # "the strike killed X": the strike named before, or the state reporting it
        objects = children(verb, "dobj") or [  # "struck what Islamabad described as hideouts of X"
            w for c in children(verb, "ccomp") for w in children(c, "dobj") if w.lower_ == "what"
        ]
        targets = [r for o in objects for r in targets_at(ctx, o)]
        targets += [r for p in pobjs(verb, "on", "against") for r in targets_at(ctx, p)]
        # "have killed others, among them Khalid al-Aruri"
        targets += [
            r for p in pobjs(verb, "among") if p.lower_ not in ("them", "those") for r in targets_at(ctx, p)
        ]
        if subj_tok is not None and is_attack_noun(ctx, subj_tok):  # "a strike by X on Y's positions killed…"
            targets += noun_targets(ctx, subj_tok)
        if lemma in ctx.lex.firing_verbs:  # "fired missiles at Israel"
            targets += [r for p in pobjs(verb, "at") for r in targets_at(ctx, p)]
        if lemma in ctx.lex.capture_verbs:  # "seized the town from the SDF", not "seized Aleppo"
            targets = [r for r in targets if r.span.type not in ("State", "Place")]
            targets += [r for p in pobjs(verb, "from") for r in ctx.read(p, TARGET_TYPES) if r.role == SELF]
    yield from emit(ctx, agents, targets, verb, kill=kill, confidence=confidence)


def _when_struck(ctx: Context, killed: Token) -> list[Reading]:
    """Who carried out the attack a "when" clause under a passive killing names."""
    for node in killed.subtree:
        if (
            node.pos_ == "VERB"
            and node.lemma_.lower() in ctx.lex.attack_verbs | ctx.lex.kill_verbs
            and any(c.lower_ == "when" for c in node.children)
            and not any(c.dep_ == "nsubjpass" for c in node.children)
        ):
            subj = subject_of(node)
            return attackers(ctx, subj) if subj is not None else []
    return []


def targets_at(ctx: Context, token: Token, depth: int = 2) -> list[Reading]:
    """Who an attack's object names: an actor, a group through its members ("Hamas
    fighters"), or through what belongs to it: "Houthi targets", "positions of the SDF",
    "its camps", "dozens of Wagner fighters", "the armoured car of P", "oil facilities and
    positions of the SDF", "what Islamabad described as hideouts of the Pakistani Taliban"."""
    found = ctx.read(token, TARGET_TYPES)
    if found or depth == 0:
        return found
    for child in children(token, "appos"):  # "the governor, Major General P, was killed"
        span = ctx.mentions.at(child)
        if span is not None and span.type == "Person":
            return [Reading(span, SELF)]
    if token.lower_ == "what":  # a clause as object: look for what it calls the target
        for node in token.head.subtree:
            if node.dep_ == "pobj" and node.head.lower_ == "as":
                found += targets_at(ctx, node, depth - 1)
        return found
    for node in [token, *conjuncts(token)]:
        found += _belonging(ctx, node, depth)
    # "targets in northern Iraq and Syria" (parsed as a list) is not Syria; "Malian soldiers" is Mali
    return [r for r in found if not (r.span.type == "State" and r.span.span.root.pos_ == "PROPN")]


def _belonging(ctx: Context, token: Token, depth: int) -> list[Reading]:
    lemma = token.lemma_.lower()
    if lemma not in ctx.lex.target_nouns and not (token.like_num or lemma in ctx.lex.quantity_nouns):
        return []
    found: list[Reading] = []
    for child in token.children:
        if child.dep_ in ("compound", "poss", "nmod", "amod"):
            inner = targets_at(ctx, child, 0)
            if not inner and child.dep_ == "compound":  # "Syrian army weapons depots"
                inner = [r for c in children(child, "compound") for r in targets_at(ctx, c, 0)]
            if not inner and child.lower_ == "its":  # "strikes on its camps": the group named before
                group = ctx.anaphor(child)
                inner = [Reading(group, SELF)] if group is not None else []
            state = ctx.demonym(child) if not inner and child.dep_ == "amod" else None
            found += inner or ([Reading(state, SELF)] if state is not None else [])  # "Israeli positions"
    for pobj in pobjs(token, "of", "belonging"):
        found += targets_at(ctx, pobj, depth - 1)
    return found


def emit(
    ctx: Context,
    agents: list[Reading],
    targets: list[Reading],
    trigger: Token,
    *,
    kill: bool,
    confidence: float,
) -> Iterator[Relation]:
    strike = is_strike(ctx, trigger) or any(is_strike(ctx, c) for c in trigger.children if c.dep_ == "nsubj")
    predicate = "struck" if strike else "attacked"
    sides = list(agents + targets)
    for target in targets:  # "attacked Shekau's hideout in the Sambisa Forest": his group is there
        if target.span.type == "Person" and target.role == SELF:
            role = ctx.person_role(target.span) or ctx.known_role(target.span)
            if role is not None and role.span.type in ATTACKER_TYPES:
                sides.append(Reading(role.span, SELF))
    for agent in agents:
        for target in targets:
            if target.span.type == "Person" and target.role == SELF:
                # "killed P"; "ambushed the armoured car of P" is an attack on P (an arrest is not)
                captured = trigger.lemma_.lower() in ctx.lex.capture_verbs
                rel = None
                if kill or not captured:
                    rel = ctx.relation(
                        agent.span,
                        "killed" if kill else predicate,
                        target.span,
                        trigger,
                        extractor=NAME,
                        confidence=confidence,
                    )
                if rel is not None:
                    yield rel
                # a strike on a group's member hits the group (the role given here or earlier)
                role = ctx.person_role(target.span) or ctx.known_role(target.span)
                if role is not None and role.span.type in ATTACKER_TYPES:
                    rel = ctx.relation(
                        agent.span, predicate, role.span, trigger, extractor=NAME, confidence=confidence
                    )
                    if rel is not None:
                        yield rel
                continue
            if kill and target.person is not None:
                rel = ctx.relation(
                    agent.span, "killed", target.person, trigger, extractor=NAME, confidence=confidence
                )
                if rel is not None:
                    yield rel
            rel = ctx.relation(
                agent.span, predicate, target.span, trigger, extractor=NAME, confidence=confidence
            )
            if rel is not None:
                yield rel
    yield from _locations(ctx, trigger, sides)
    yield from _facility_states(ctx, trigger, agents, targets)


#: A state's installations, which stand in its territory unless a place is named.
FACILITIES = frozenset({"base", "airbase", "airfield", "barracks", "outpost", "garrison", "checkpoint"})


def _facility_states(
    ctx: Context, trigger: Token, agents: list[Reading], targets: list[Reading]
) -> Iterator[Relation]:
    """ "an al-Shabaab raid on a Kenyan military base": the attacker operates in the state
    whose base it hit (not when a place is named: "a U.S. base in Syria")."""
    for target in targets:
        span = target.span
        facility = span.span.root.head
        if span.type != "State" or span.span.root.dep_ not in ("amod", "compound", "poss", "nmod"):
            continue
        if facility.lemma_.lower() not in FACILITIES or places_below(ctx, facility, verbs=False):
            continue
        groups = [a.span for a in agents if a.span.type == "ArmedGroup"]
        yield from ctx.relate(groups, "operatesIn", [span], facility, extractor=LOCATION_NAME, confidence=0.6)


def _locations(ctx: Context, trigger: Token, sides: list[Reading]) -> Iterator[Relation]:
    """An armed group that attacks or is attacked in a place operates there: "the RSF
    assault on army positions in El Fasher", "Israel killed Hezbollah's leader in a Beirut
    strike", "strikes on its camps in North Kivu", "a strike in Baghdad killed X"."""
    extra: list[Token] = []
    if trigger.pos_ == "NOUN" and _shares_phrases(trigger):
        extra.append(trigger.head)
    extra += [s for s in children(trigger, "nsubj") if is_attack_noun(ctx, s)]
    # "the strike, which flattened buildings in the Dahiyeh district, killed X"
    extra += [c for s in extra if s.pos_ == "NOUN" for c in children(s, "relcl")]
    # "was killed by M23 fire while visiting the front line near the town of Sake"
    extra += [c for c in children(trigger, "advcl") if any(m.lower_ == "while" for m in c.children)]
    yield from located(
        ctx, trigger, [s.span for s in sides], extractor=LOCATION_NAME, confidence=0.6, also=extra
    )
