"""What every extractor shares: the parsed document with its actor mentions, how a noun
phrase is read as an actor (itself, or a member or leader of a group), modality, and the
making of relations with evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from kgraph.extract.mentions import ActorSpan, MentionIndex, is_subject
from kgraph.extract.modality import modality_of
from kgraph.gazetteer import Gazetteer
from kgraph.lexicon import Lexicon
from kgraph.records import Document, Evidence, Relation

VERSION = "1.3.0"

#: Dependency labels by which a modifier names who a noun belongs to or comes from.
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "nummod"})
FORCE_TYPES = frozenset({"State", "StateForce", "ArmedGroup"})
GROUP_TYPES = frozenset({"StateForce", "ArmedGroup", "Organization"})
#: Head words of a state's own armed forces: "Mali's army", "the Malian military".
ARMY_HEADS = frozenset({"army", "military"})
#: Who a role noun can belong to: "KH commander", "Paraguay's prosecutor", "the head of intelligence in Venezuela".
ROLE_OWNER_TYPES = GROUP_TYPES | {"State"}
ACTOR_TYPES = frozenset({"State", "StateForce", "ArmedGroup", "Organization", "Person"})
PLACE_TYPES = frozenset({"Place", "State"})  # a country is named by its state's IRI
ANAPHOR_CERTAINTY = 0.85  # "the group" resolved to the one group named just before

SELF, LEADER, MEMBER = "self", "leader", "member"


@dataclass(frozen=True, slots=True)
class Reading:
    """How a noun phrase names an actor: the actor itself, or a leader/member of it."""

    span: ActorSpan
    role: str  # SELF, LEADER or MEMBER
    person: ActorSpan | None = None  # the named person when role is LEADER/MEMBER


class Context:
    """A parsed document ready for the extractors."""

    def __init__(self, document: Document, doc: Doc, gaz: Gazetteer, lex: Lexicon) -> None:
        self.document = document
        self.doc = doc
        self.gaz = gaz
        self.lex = lex
        self.mentions = MentionIndex(doc, gaz, lex)
        self.used: dict[tuple[int, int], ActorSpan] = {}  # every span a relation was made with

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
        for head in [token, *conjuncts(token), *self._split_modifiers(token)]:
            reading = self._read_one(head, types)
            if reading is not None:
                out.append(reading)
        return out

    def _split_modifiers(self, token: Token) -> list[Token]:
        """ "U.S. and British forces": the "U.S." before a conjoined modifier of the head."""
        span = self.mentions.at(token)
        if span is None:
            return []
        inside = range(span.span.start, span.span.end)
        return [
            c
            for c in token.children
            if c.dep_ in ("nmod", "compound")
            and c.i not in inside
            and any(k.i in inside for k in c.conjuncts)
        ]

    def _read_one(self, token: Token, types: frozenset[str]) -> Reading | None:
        span = self.mentions.at(token)
        if span is not None:
            if span.type in types:
                return Reading(span, SELF)
            return self.person_role(span) if span.type == "Person" else None
        role = self.role_of(token)
        if role is not None:
            group = self.group_of(token)
            if group is None or group.type not in types:
                return None
            return Reading(group, self.state_role(role, token, group), self.named_person(token))
        if token.lower_ == "its":
            return None  # a bare "its" is too often the army, the country, the city
        if token.lower_ in self.lex.force_nouns or token.lemma_.lower() in self.lex.force_nouns:
            if not any(
                c.dep_ in ("amod", "compound") and c.lower_ not in self.lex.force_modifiers
                for c in token.children
            ):
                for child in token.children:  # "Congo's army", "Burkina Faso's military government"
                    state = self.state_of_owner(child) if child.dep_ == "poss" else None
                    if state is not None:
                        return Reading(state, SELF) if "State" in types else None
            for pobj in pobjs(token, "of"):  # "the security forces of the Palestinian Authority"
                owner = self.mentions.at(pobj)
                if owner is not None and owner.type in ("State", "Organization", "StateForce"):
                    return Reading(owner, SELF) if owner.type in types else None
            if token.lemma_.lower() in CIVIL_AUTHORITIES:  # "the federal police of Ponta Pora in Brazil"
                for pobj in [p for q in pobjs(token, "of") for p in pobjs(q, "in")] + pobjs(token, "in"):
                    owner = self.mentions.at(pobj)
                    if owner is not None and owner.type == "State":
                        return Reading(owner, SELF) if "State" in types else None
        home = self._home_force(token)
        if home is not None:
            return Reading(home, SELF) if home.type in types else None
        speaker = self._speaker(token)
        if speaker is not None:
            return speaker if speaker.span.type in types and speaker.role == SELF else None
        subject = self._pronoun_subject(token) or self._pronoun_object(token)
        if subject is not None:
            return Reading(subject, SELF) if subject.type in types else None
        ante = self._anaphor(token)
        return Reading(ante, SELF) if ante is not None and ante.type in types else None

    def state_of_owner(self, owner: Token) -> ActorSpan | None:
        """The state whose forces or government an owner names: "Congo's army", "Assad's
        government" (the state Assad leads), "his forces" (the leader named just before)."""
        span = self.mentions.at(owner)
        if span is None and owner.lower_ in ("his", "her"):
            sent = owner.sent
            people = [
                m for m in self.mentions.spans if sent.start <= m.span.start < owner.i and m.type == "Person"
            ]
            span = people[-1] if people else None
        if span is None and owner.lower_ == "its":  # "The Israeli military said its jets had…"
            said = self._speech_subject(owner)
            reading = self._read_one(said, frozenset({"State"})) if said is not None else None
            span = reading.span if reading is not None and reading.role == SELF else None
        if span is not None and span.type == "Person":
            span = self.led_by(span)
        return span if span is not None and span.type == "State" else None

    def _pronoun_subject(self, token: Token) -> ActorSpan | None:
        """ "ISIS-K was founded in 2015 … and it pledged allegiance…", "ISIS-K … From
        strongholds in Nangarhar, it has waged…": a subject "it" is the armed group that
        was the subject just before (earlier in the sentence, or of the sentence before)
        when no other group is named in between; otherwise nothing."""
        if token.lower_ not in ("it", "they") or token.dep_ not in ("nsubj", "nsubjpass"):
            return None
        groups = frozenset({"ArmedGroup"})
        sent = token.sent
        before = [m for m in self.mentions.spans if sent.start <= m.span.start < token.i and m.type in groups]
        subjects = [m for m in before if is_subject(m.span)]
        if before:  # "ISIS-K was founded by militants who broke away from the TTP, and it pledged…"
            if len({m.key for m in subjects}) == 1:
                return replace(
                    subjects[-1], span=self.doc[token.i : token.i + 1], certainty=ANAPHOR_CERTAINTY
                )
            others = [
                m for m in self.mentions.spans if sent.start <= m.span.start < token.i and m.type != "Person"
            ]
            if not subjects and len({m.key for m in others}) == 1:
                # "Petro suspended talks with the ELN … after it launched an offensive"
                return replace(before[-1], span=self.doc[token.i : token.i + 1], certainty=ANAPHOR_CERTAINTY)
            return None
        previous = self.mentions.previous_subjects(token, groups)
        if not previous:  # "The group originated in Uganda … It is led by P": what that subject referred to
            previous = self._referred_subject_before(token)
        if len({m.key for m in previous}) == 1:
            return replace(previous[-1], span=self.doc[token.i : token.i + 1], certainty=ANAPHOR_CERTAINTY)
        return None

    def _referred_subject_before(self, token: Token) -> list[ActorSpan]:
        """The armed group the previous sentence's "it" / "the group" subject refers to, or
        whose members it names when "they" follows."""
        start = token.sent.start
        if start == 0:
            return []
        root = self.doc[start - 1].sent.root
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if len(subjects) != 1 or self.mentions.at(subjects[0]) is not None:
            return []
        subj = subjects[0]
        lemma = (subj.lemma_ or subj.lower_).lower()
        if token.lower_ == "they" and subj.tag_ == "NNS" and lemma in self.lex.member_nouns:
            # "ADF militants have also struck inside Uganda. In June 2023, they killed 42 people"
            found = self._read_one(subj, frozenset({"ArmedGroup"}))
            return [found.span] if found is not None and found.role == MEMBER else []
        if subj.lower_ not in ("it", "they") and lemma not in self.lex.group_anaphors:
            return []
        found = self._read_one(subj, frozenset({"ArmedGroup"}))
        return [found.span] if found is not None and found.role == SELF else []

    def _pronoun_object(self, token: Token) -> ActorSpan | None:
        """ "The U.S. designated Wagner …, and Britain proscribed it", "X, which split from
        the TTP and rejoined it": an object "it" is the one armed group named before it in
        the sentence, other than the clause's own subject."""
        if token.lower_ != "it" or token.dep_ not in ("dobj", "pobj"):
            return None
        verb = token.head if token.dep_ == "dobj" else token.head.head
        subj = subject_of(verb)
        if subj is not None and subj.lower_ in ("which", "that", "who"):
            clause = subj.head
            subj = clause.head if clause.dep_ == "relcl" else None
        own = self.mentions.at(subj) if subj is not None else None
        sent = token.sent
        before = {
            m.key: m
            for m in self.mentions.spans
            if sent.start <= m.span.start < token.i
            and m.type == "ArmedGroup"
            and (own is None or m.key != own.key)
        }
        if (
            not before
        ):  # "… are fighting the group, while U.S. Africa Command has carried out strikes against it"
            for tok in self.doc[sent.start : token.i]:
                if (tok.lemma_ or tok.lower_).lower() in self.lex.group_anaphors and tok.dep_ != "poss":
                    ante = self._anaphor(tok)
                    if ante is not None and (own is None or ante.key != own.key):
                        before[ante.key] = ante
        if len(before) != 1:
            return None
        return replace(
            next(iter(before.values())), span=self.doc[token.i : token.i + 1], certainty=ANAPHOR_CERTAINTY
        )

    def _speaker(self, token: Token) -> Reading | None:
        """ "Israel says it killed X", "the group said it carried out": the pronoun
        subject of what an actor says is that actor."""
        if token.lower_ not in ("it", "they") or token.dep_ not in ("nsubj", "nsubjpass"):
            return None
        said = self._speech_subject(token)
        if said is None or said.i == token.i or said.lower_ in ("it", "they"):
            return None
        readings = self.read(said, ACTOR_TYPES)
        return readings[0] if len(readings) == 1 else None

    def _speech_subject(self, token: Token) -> Token | None:
        """Who says the clause ``token`` is in: the subject of the speech verb it hangs from."""
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in self.lex.speech_verbs:
            return None
        return subject_of(verb.head)

    def _home_force(self, token: Token) -> ActorSpan | None:
        """ "the army", "the military", "the junta": the forces of the one state the article
        is about (named far more often than any other), as the annotation guide reads them,
        or of the one state whose army it names when it names none of the first's forces."""
        lemma = token.lemma_.lower()
        if lemma not in self.lex.home_force_nouns or self.mentions.at(token) is not None:
            return None
        kids = list(token.children)
        if not any(k.dep_ == "det" and k.lower_ == "the" for k in kids):
            return None
        if any(k.dep_ in ("amod", "compound", "poss", "nmod") for k in kids):
            return None
        home, army = self.home_state, self.army_state
        if army is not None and (home is None or not self._fields_forces(home)):
            home = army  # the article's state has no forces in it; the one named army does
        if home is None:
            return None
        return ActorSpan(self.doc[token.i : token.i + 1], self.gaz.actors[home], ANAPHOR_CERTAINTY)

    def _fields_forces(self, state: str) -> bool:
        """Whether the article names the state's forces ("Israeli jets", "U.S. troops")."""
        return any(
            s.key == state and any(t.lemma_.lower() in self.lex.force_nouns for t in s.span)
            for s in self.mentions.spans
        )

    @cached_property
    def army_state(self) -> str | None:
        """The one state whose own armed forces the article names ("the Sudanese Armed
        Forces", "Sudan's army", "the Malian military"), which "the army" then means, even
        in an article that names another state more often but none of its forces."""
        found = {
            s.key
            for s in self.mentions.spans
            if s.type == "State" and len(s.span) > 1 and _names_army(s.span)
        }
        for tok in self.doc:
            if tok.lemma_.lower() not in ARMY_HEADS or self.mentions.at(tok) is not None:
                continue
            for owner in children(tok, "poss", "amod", "compound", "nmod"):
                named = self.mentions.at(owner) or self.demonym(owner)
                if named is not None and named.type == "State":
                    found.add(named.key)
        return next(iter(found)) if len(found) == 1 else None

    @cached_property
    def home_state(self) -> str | None:
        """The state an article is about: named three times or more, twice as often as any
        other (a name in the headline counts three times)."""
        counts = Counter(s.key for s in self.mentions.spans if s.type == "State")
        headline = next(iter(self.doc.sents), None)
        if headline is not None:
            counts.update(
                {s.key: 2 for s in self.mentions.spans if s.type == "State" and s.span.end <= headline.end}
            )
        ranked = counts.most_common(2)
        if not ranked:
            return None
        (top, most), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0)
        return top if most >= 3 and most >= 2 * second else None

    def anaphor(self, token: Token) -> ActorSpan | None:
        """The armed group "the group" / "its" at ``token`` refers to, if it can be told."""
        return self._anaphor(token)

    def _poss_speaker(self, its: Token) -> ActorSpan | None:
        """The armed group that says what "its" appears in: "Hamas said its leader…"."""
        said = self._speech_subject(its)
        span = self.mentions.at(said) if said is not None else None
        return span if span is not None and span.type == "ArmedGroup" else None

    def role_of(self, noun: Token) -> str | None:
        """LEADER for "commander", "chief"…, MEMBER for "fighter", "spokesman", "deputy leader"…"""
        words = {noun.lower_, (noun.lemma_ or noun.lower_).lower()}
        if words & self.lex.leader_nouns:
            return MEMBER if any(c.lower_ == "deputy" for c in noun.children) else LEADER
        return MEMBER if words & self.lex.member_nouns else None

    def person_role(self, person: ActorSpan) -> Reading | None:
        """A named person read as a member/leader of a group named beside them."""
        for role_tok in role_nouns_near(person.span, self.lex):
            role = self.role_of(role_tok)
            group = self.group_of(role_tok)
            if role is not None and group is not None:
                return Reading(group, self.state_role(role, role_tok, group), person)
        return None

    def _group_of_person_before(self, token: Token) -> ActorSpan | None:
        """The group of the person named last before ``token`` in its sentence, or of the
        person the sentence before is about ("Shekau took over Boko Haram … His fighters
        kidnapped …")."""
        sent = token.sent
        people = [
            m for m in self.mentions.spans if m.type == "Person" and sent.start <= m.span.start < token.i
        ]
        if not people and sent.start > 0:
            before = self.doc[sent.start - 1].sent
            people = [  # the main clause's subject
                m
                for m in self.mentions.spans
                if m.type == "Person"
                and before.start <= m.span.start < before.end
                and m.span.root.dep_ == "nsubj"
                and m.span.root.head.i == before.root.i
            ]
        if not people:
            return None
        reading = self.person_role(people[-1]) or self.known_role(people[-1])
        if reading is None or reading.span.type != "ArmedGroup":
            return None
        return replace(reading.span, span=self.doc[token.i : token.i + 1], certainty=ANAPHOR_CERTAINTY)

    def led_by(self, person: ActorSpan) -> ActorSpan | None:
        """The state or group a person heads, as this article presents them: "Somali
        President X", "ISWAP leader X"."""
        state = self._heads_state_here(person)
        if state is not None:
            return state
        reading = self.person_role(person) or self.known_role(person)
        if reading is not None and reading.role == LEADER:
            return reading.span
        return self._state_heads.get(person.key)  # "Assad's government" after "President Bashar al-Assad"

    def _heads_state_here(self, person: ActorSpan) -> ActorSpan | None:
        titles, _before, state = self.titles_and_state(
            person, self.lex.person_titles | self.lex.state_head_titles
        )
        return state if state is not None and self.heads_state({t.lower_ for t in titles}) else None

    @cached_property
    def _state_heads(self) -> dict[str, ActorSpan]:
        """The state each person heads where the article gives them the title."""
        found: dict[str, ActorSpan] = {}
        for span in self.mentions.spans:
            if span.type == "Person" and span.key not in found:
                state = self._heads_state_here(span)
                if state is not None:
                    found[span.key] = state
        return found

    def titles_and_state(
        self, person: ActorSpan, office: frozenset[str]
    ) -> tuple[list[Token], int, ActorSpan | None]:
        """The office words written around a person's name ("Iraqi Prime Minister X",
        "President X"), the index of the word before them, and the state that word
        names ("Iraqi", "Iran's"), if any."""
        doc = self.doc
        titles: list[Token] = []
        i = person.span.start
        while i < person.span.end and doc[i].lower_ in office:
            titles.append(doc[i])  # titles inside the entity ("President Joe Biden")
            i += 1
        j = person.span.start - 1
        while j >= 0 and len(titles) < 6:
            if doc[j].lower_ in office:
                titles.append(doc[j])
                j -= 1
                continue
            of = _department_of(self, j)  # "Secretary of State X", "Minister of the Interior X"
            if of is None or of < 1 or doc[of - 1].lower_ not in office:
                break
            j = of - 1
        if not titles:
            return titles, j, None
        if j > 0 and doc[j].lower_ in ("'s", "’s"):
            j -= 1
        state = self.mentions.at(doc[j]) if j >= 0 else None
        if state is None or state.type != "State":
            state = self.demonym(doc[j]) if j >= 0 else None
        return titles, j, state

    def heads_state(self, words: set[str]) -> bool:
        """Whether title words name a head of state or government ("President", "Supreme
        Leader", "Prime Minister"), not another office ("Defence Minister")."""
        return bool((words & self.lex.state_head_titles) - {"prime"}) or {"prime", "minister"} <= words

    def known_role(self, person: ActorSpan) -> Reading | None:
        """The group the article has made this person a member or leader of elsewhere
        ("Boko Haram leader Shekau … Shekau's hideout"), when it names only one."""
        found = self._person_roles.get(person.key, {})
        return next(iter(found.values())) if len(found) == 1 else None

    @cached_property
    def _person_roles(self) -> dict[str, dict[str, Reading]]:
        """Every role the article gives each person, by person key and group key."""
        roles: dict[str, dict[str, Reading]] = {}
        for span in self.mentions.spans:
            reading = self.person_role(span) if span.type == "Person" else None
            if reading is not None and reading.role != SELF:
                roles.setdefault(span.key, {})[reading.span.key] = reading
        return roles

    def state_role(self, role: str, noun: Token, owner: ActorSpan) -> str:
        """Only a head of state or government leads a state: "Venezuela's head of
        intelligence" is one of its officials."""
        if owner.type != "State":
            return role
        words = {noun.lower_, *(c.lower_ for c in noun.children if c.dep_ in ("compound", "amod"))}
        return LEADER if self.heads_state(words) else MEMBER

    def group_of(self, noun: Token) -> ActorSpan | None:
        """The group a role noun belongs to: "KH commander", "Hezbollah's leader",
        "commander of KH", "the group's leader". Organisations the gazetteer does not
        know ("Supreme Leader", "Central Bank chief") are not groups here."""
        found = self._group_of(noun)
        if found is None or (found.type == "Organization" and found.certainty < 1.0):
            return None
        return found

    def _group_of(self, noun: Token) -> ActorSpan | None:
        for child in noun.children:
            if child.dep_ in MODIFIER_DEPS:
                found = self._group_in_subtree(child)
                if found is not None:
                    return found
        for pobj in pobjs(noun, "of", "in", "for", "with", "from"):
            found = self.actor(pobj, ROLE_OWNER_TYPES) or self._anaphor(pobj)
            if (
                found is None and pobj.lemma_.lower() in CIVIL_AUTHORITIES
            ):  # "a spokesperson for the police in Brazil"
                reading = self._read_one(pobj, frozenset({"State"}))
                found = reading.span if reading is not None else None
            if found is None and pobj.lemma_.lower() in self.lex.part_nouns | self.lex.operation_nouns:
                for inner in children(pobj, "poss", "compound"):  # "head of Hamas's political bureau"
                    found = self._group_in_subtree(inner)
                    if found is not None:
                        break
            if found is not None:
                return found
        if noun.lower_ in self.lex.office_words:  # "the Congolese military governor"
            for child in children(noun, "amod"):
                state = self.demonym(child)
                if state is not None:
                    return state
        # "Kataib Hezbollah commander" parsed flat: the entity right before the noun
        if noun.i > 0:
            prev = self.mentions.at(self.doc[noun.i - 1])
            if prev is not None and prev.type in ROLE_OWNER_TYPES and prev.span.end == noun.i:
                return prev
        first = noun.head
        if noun.dep_ == "conj" and self.mentions.at(first) is not None and not pobjs(noun, "of"):
            # "Burkinabe soldiers and members of a militia": the "of" hung on the named first item
            for pobj in pobjs(first, "of"):
                found = self.actor(pobj, frozenset({"ArmedGroup"}))
                if found is not None and pobj.i > noun.i:
                    return found
        return None

    def demonym(self, token: Token) -> ActorSpan | None:
        """The state a demonym names ("Iranian" in "Iranian-backed", "Israeli" in "Israeli strikes")."""
        key = self.gaz.state_for_adjective(token.text)
        if key is None:
            return None
        return ActorSpan(self.doc[token.i : token.i + 1], self.gaz.actors[key], 1.0)

    def _group_in_subtree(self, token: Token) -> ActorSpan | None:
        span = self.mentions.at(token)
        if span is not None:
            return span if span.type in ROLE_OWNER_TYPES else None
        if token.lower_ in ("latter", "former") and token.dep_ == "poss":  # "the latter's supreme leader"
            sent = token.sent
            named = [
                m
                for m in self.mentions.spans
                if sent.start <= m.span.start < token.i and m.type in GROUP_TYPES
            ]
            return (
                (named[-1] if token.lower_ == "latter" else named[0])
                if len({m.key for m in named}) >= 2
                else None
            )
        if token.lower_ == "whose":  # "the Gulf Cartel, whose leader X was arrested"
            clause = token.head
            while clause.dep_ != "relcl" and clause.head.i != clause.i:
                clause = clause.head
            owner = self.mentions.at(clause.head) if clause.dep_ == "relcl" else None
            return owner if owner is not None and owner.type in ROLE_OWNER_TYPES else None
        if token.dep_ == "compound" and token.lower_ in self.lex.group_anaphors and token.head.tag_ == "NNS":
            # "the remaining cartel bosses": the one group the passage is about
            ante = self.mentions.antecedent(token, frozenset({"ArmedGroup"}))
            return replace(ante, span=self.doc[token.i : token.i + 1]) if ante is not None else None
        return self._anaphor(token) if token.dep_ == "poss" else None

    def _anaphor(self, token: Token) -> ActorSpan | None:
        """ "the group", "the militia", "its": the one armed group named just before,
        as a span over the words written here, with a lower certainty."""
        lemma = (token.lemma_ or token.lower_).lower()
        if lemma in self.lex.group_anaphors and any(c.lower_ in ("his", "her") for c in token.children):
            return self._group_of_person_before(token)  # "fighters of his group"
        if (
            token.lower_ == "his"
            and token.dep_ == "poss"
            and token.head.lemma_.lower() in self.lex.member_nouns
        ):
            return self._group_of_person_before(token)  # "His fighters kidnapped …"
        if lemma in self.lex.group_anaphors:  # "Jolani's movement": the group he leads
            for owner in children(token, "poss"):
                person = self.mentions.at(owner)
                if person is not None and person.type == "Person":
                    led = self.led_by(person)
                    if led is None or led.type != "ArmedGroup":
                        return None
                    return replace(led, span=self.doc[token.i : token.i + 1], certainty=ANAPHOR_CERTAINTY)
        if (
            token.tag_ in ("NNS", "NNPS")
            and token.lower_ != lemma
            and lemma not in ("rebel", "insurgent", "militant")
        ):
            return None  # "the two groups" means several, not the one named last
        definite = any(c.lower_ in ("the", "this", "that") for c in token.children)
        # "the Iraqi group", "the Hamas faction" name another group; "the paramilitary group" does not
        qualified = any(c.dep_ in ("amod", "compound") and c.text[:1].isupper() for c in token.children)
        # "the faction of the SPLM-N" is a part of the group it names, not the group named last
        qualified = qualified or any(
            (m := self.mentions.at(p)) is not None and m.type == "ArmedGroup" for p in pobjs(token, "of")
        )
        if not (
            (lemma in self.lex.group_anaphors and definite and not qualified)
            or (token.dep_ == "poss" and token.lower_ in ("its", "their"))
        ):
            return None
        ante = None
        if token.lower_ == "their" and token.dep_ == "poss":  # "the Zetas …, in charge of their operations"
            return self._their(token)
        if token.lower_ == "its":  # "Hamas said its leader…", "after its founder died"
            ante = self._poss_speaker(token) or self.mentions.in_sentence(token, frozenset({"ArmedGroup"}))
        ante = ante or self.mentions.antecedent(token, frozenset({"ArmedGroup"}))
        if ante is None:
            return None
        words = (
            self.doc[token.left_edge.i : token.i + 1]
            if token.dep_ != "poss"
            else self.doc[token.i : token.i + 1]
        )
        return replace(ante, span=words, certainty=ante.certainty * ANAPHOR_CERTAINTY)

    def _their(self, token: Token) -> ActorSpan | None:
        """A possessive "their" is the one armed group named before it in its sentence
        (too often people or fighters otherwise to look further back)."""
        ante = self.mentions.in_sentence(token, frozenset({"ArmedGroup"}))
        if ante is None:
            return None
        return replace(
            ante, span=self.doc[token.i : token.i + 1], certainty=ante.certainty * ANAPHOR_CERTAINTY
        )

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
        for side in (subject, obj):
            self.used.setdefault((side.span.start, side.span.end), side)
        sent = trigger.sent
        head = trigger if isinstance(trigger, Token) else trigger.root
        modality = modality or modality_of(head, self.lex)
        conf = round(max(0.05, min(1.0, confidence * min(subject.certainty, obj.certainty))), 2)
        start = sent.start_char
        text = sent.text.strip()
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

    def relate(
        self,
        subjects: Iterable[ActorSpan],
        predicate: str,
        objects: Iterable[ActorSpan],
        trigger: Token | Span,
        *,
        extractor: str,
        confidence: float,
    ) -> Iterator[Relation]:
        """Every subject's relation to every object, as ``relation`` makes them."""
        objects = list(objects)
        for subject in subjects:
            for obj in objects:
                rel = self.relation(
                    subject, predicate, obj, trigger, extractor=extractor, confidence=confidence
                )
                if rel is not None:
                    yield rel


def conjuncts(token: Token) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ == "conj":
            yield child
            yield from conjuncts(child)


def role_nouns_near(person: Span, lex: Lexicon) -> Iterator[Token]:
    """Role nouns attached to a person's name: "KH commander <P>", "<P>, the leader of X";
    a name listed after another shares its role ("cartel leaders A and B", "A and B, the
    leaders of X")."""
    yield from _role_nouns_at(person, lex)
    root = person.root
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.i != root.i:
        doc = person.doc
        yield from _role_nouns_at(doc[first.left_edge.i : first.i + 1], lex)


def _role_after_alias(person: Span, roles: frozenset[str]) -> Iterator[Token]:
    """The role in apposition after a person's nicknames, wherever the parser hung it:
    "P, alias "Jhon 40" or "John 40," the former head of the 43rd Front"."""
    doc, end = person.doc, person.end
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("alias", "aka"):
        return
    for tok in doc[end + 2 : min(end + 20, len(doc))]:
        if tok.dep_ == "appos" and tok.lower_ in roles:
            yield tok
            return
        if not (
            tok.is_punct
            or tok.is_quote
            or tok.like_num
            or tok.lower_ in ("or", "the", "a", "an")
            or tok.text[:1].isupper()
            or tok.dep_ == "amod"
        ):
            return


def _role_nouns_at(person: Span, lex: Lexicon) -> Iterator[Token]:
    root = person.root
    roles = lex.leader_nouns | lex.member_nouns
    doc = person.doc
    if person.start > 0 and doc[person.start - 1].lower_ in roles:
        yield doc[person.start - 1]
    plural = roles | {c + "s" for c in roles}
    for child in root.children:
        if child.dep_ in ("appos", "compound") and child.lower_ in plural:
            yield child
        if child.dep_ == "appos":  # "X, a Jordanian veteran and senior member of Y"
            yield from (c for c in child.conjuncts if c.lower_ in plural)
    if root.dep_ in ("appos", "compound") and root.head.lower_ in roles:
        yield root.head
    yield from _role_after_alias(person, roles)
    named = root.head  # "a Gulf lieutenant named P"
    if root.dep_ in ("oprd", "dobj", "attr") and named.lemma_ in ("name", "call") and named.dep_ == "acl":
        yield from (h for h in [named.head] if h.lower_ in roles)
    for clause in root.children:  # "Muhandis, who also served as the de facto commander of the PMF"
        if clause.dep_ == "relcl" and clause.lemma_ in ("serve", "act", "work"):
            yield from (p for p in pobjs(clause, "as") if p.lower_ in roles)
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "P is the alleged leader of X"
        yield from (c for c in root.head.children if c.dep_ == "attr" and c.lower_ in roles)
        # "A and B are among the remaining cartel bosses"
        yield from (p for p in pobjs(root.head, "among") if p.lemma_.lower() in roles)
    for clause in root.children:  # "P, whom it described as the Kataib Hezbollah commander"
        if clause.dep_ == "relcl" and any(
            c.dep_ == "dobj" and c.lower_ in ("whom", "who") for c in clause.children
        ):
            yield from (p for p in pobjs(clause, "as") if p.lower_ in roles)
    of = root.head.head if root.dep_ == "appos" and root.head.dep_ == "pobj" else None
    if of is not None and of.lower_ == "of" and of.head.lower_ in roles:
        yield of.head  # "the commander of the 27th Front, P," (the name hung on the group)
    if root.dep_ == "appos":  # "His son, P, once a senior figure in the CJNG"
        yield from (
            c for c in root.head.children if c.dep_ == "appos" and c.i != root.i and c.lower_ in roles
        )


def fronted_name(ctx: Context, noun: Token) -> ActorSpan | None:
    """The name a fronted description stands before: "Another Iran-backed PMF faction,
    Asaib Ahl al-Haq, is led by…" (both parsed as subjects of the verb)."""
    if (
        noun.dep_ not in ("nsubj", "nsubjpass")
        or noun.i + 2 >= len(ctx.doc)
        or ctx.doc[noun.i + 1].text != ","
    ):
        return None
    span = ctx.mentions.at(ctx.doc[noun.i + 2])
    if span is None or span.span.start != noun.i + 2:
        return None
    root = span.span.root
    return span if root.dep_ == noun.dep_ and root.head.i == noun.head.i else None


NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}


def colon_list(ctx: Context, noun: Token, types: frozenset[str]) -> list[ActorSpan]:
    """The actors a colon lists after a noun phrase: "the two main factions of the Sinaloa
    Cartel: Los Chapitos, led by …, and La Mayiza"; as many as the phrase counts, if it does."""
    colon = noun.right_edge.i + 1
    sent = noun.sent
    if colon >= sent.end or ctx.doc[colon].text != ":":
        return []
    after = list(
        {m.key: m for m in ctx.mentions.spans if colon < m.span.start < sent.end and m.type in types}.values()
    )
    counts = [
        int(c.text) if c.text.isdigit() else NUMBER_WORDS.get(c.lower_)
        for c in noun.children
        if c.dep_ == "nummod"
    ]
    if counts and counts[0] != len(after):
        return []
    return after if len(after) >= 2 else []


def actor_or_members(ctx: Context, token: Token, types: frozenset[str]) -> list[ActorSpan]:
    """An actor, or the group whose fighters or units a noun names ("units of the PDF")."""
    found = [r.span for r in ctx.read(token, types) if r.role in (SELF, MEMBER)]
    if not found and token.lemma_.lower() in ctx.lex.operation_nouns | ctx.lex.part_nouns:
        found = [r.span for p in pobjs(token, "of") for r in ctx.read(p, types) if r.role == SELF]
    return found


def companions(subj: Token) -> list[Token]:
    """The companions a subject acts with: "TNLA fighters, together with units of the
    PDF, captured…", "Russia, together with Iran, had been the main backer of…", "X,
    alongside Y, …"."""
    found = []
    for prep in children(subj, "prep"):
        joined = prep.lower_ == "alongside" or (
            prep.lower_ == "with" and any(c.lower_ in ("together", "along") for c in prep.children)
        )
        if joined:
            found += children(prep, "pobj")
    return found


#: A state's civil bodies, named by where they serve ("the police in Brazil"), unlike its
#: armed forces ("forces in Syria" may be anyone's).
CIVIL_AUTHORITIES = frozenset(
    {"police", "authority", "authorities", "prosecutor", "prosecutors", "court", "courts"}
)


def _department_of(ctx: Context, end: int) -> int | None:
    """The "of" that starts the department named in an office ending at ``end``
    ("of State", "of the Interior"), when its words name no state, group or person."""
    doc = ctx.doc
    i = end
    while i >= 0 and end - i < 3 and doc[i].text[:1].isupper():
        named = ctx.mentions.at(doc[i])  # the tagger may make "State" an organisation
        if named is not None and named.type != "Organization":
            break
        i -= 1
    if i == end:
        return None
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i if i >= 0 and doc[i].lower_ == "of" else None


def _names_army(name: Span) -> bool:
    """ "the Sudanese Armed Forces", "the Israel Defense Forces", "the Nigerian Army" (not
    "U.S. forces", which may be anywhere)."""
    words = [t.lower_ for t in name]
    return words[-1] in ARMY_HEADS or words[-2:] in (
        ["armed", "forces"],
        ["defense", "forces"],
        ["defence", "forces"],
    )


def which_group(ctx: Context, verb: Token) -> list[ActorSpan]:
    """ "X (EMBF), a faction led by P, alias "C", which split from Y": a "which" clause the
    parser hung on a person describes the group the phrase is about."""
    which = [c for c in children(verb, "nsubj") if c.lower_ == "which"]
    if not which or verb.dep_ != "relcl":
        return []
    person = ctx.mentions.at(verb.head)
    if person is None or person.type != "Person":
        return []
    node = verb.head
    for _ in range(5):
        if node.head.i == node.i:
            return []
        node = node.head
        if node.pos_ == "NOUN" and node.lemma_.lower() in ctx.lex.part_nouns | ctx.lex.group_anaphors:
            group = ctx.mentions.at(node) or named_just_before(ctx, node)
            if group is None:  # "the faction of the SPLM-N led by P, which controls…"
                return actor_or_members(ctx, node, GROUP_TYPES)
            return [group] if group.type in GROUP_TYPES else []
    return []


def named_just_before(ctx: Context, appos: Token) -> ActorSpan | None:
    """The actor named right before an apposition (with only punctuation between): what it
    describes, wherever the parser hung it ("Y belongs to X (EMBF), a faction led by P")."""
    start = appos.left_edge.i
    i = start - 1
    while i >= 0 and ctx.doc[i].is_punct:
        i -= 1
    if i < 0 or i == start - 1:
        return None
    return ctx.mentions.at(ctx.doc[i])


def subject_of(verb: Token) -> Token | None:
    """The active subject of a verb, inherited along a chain of conjoined verbs."""
    node: Token | None = verb
    purpose = False  # "X was set up to fight alongside Y": the passive subject acts in the purpose
    while node is not None:
        for child in node.children:
            if child.dep_ in ("nsubj",) or (purpose and child.dep_ == "nsubjpass"):
                return child
        # "X was set up to fight…", "X was allowed to continue operating…", "X is said to control…"
        purpose = node.dep_ in ("advcl", "xcomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children
        )
        inherits = node.dep_ in ("conj", "xcomp", "advcl") and node.head.pos_ in ("VERB", "AUX")
        if node.dep_ == "pcomp":  # "In addition to feuding with Y, the group has…"
            up = node.head
            while (
                up.dep_ in ("prep", "pobj", "pcomp") and up.pos_ not in ("VERB", "AUX") and up.head.i != up.i
            ):
                up = up.head
            if up.pos_ in ("VERB", "AUX") and up.i != node.i:
                node = up
                continue
        node = node.head if inherits else None
    return None


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def pobjs(token: Token, *preps: str) -> list[Token]:
    out: list[Token] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent") and (not preps or prep.lower_ in preps):
            out += [c for c in prep.children if c.dep_ == "pobj"]
    return out


RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom", "whose"})
#: Dependency labels by which a noun phrase describes the noun it hangs from.
DESCRIBING_DEPS = frozenset({"appos", "attr", "acl", "relcl", "amod"})


def selves(ctx: Context, token: Token, types: frozenset[str]) -> list[ActorSpan]:
    """The actors a noun phrase names as themselves (not through a member or leader)."""
    return [r.span for r in ctx.read(token, types) if r.role == SELF]


def passive_patients(ctx: Context, verb: Token, types: frozenset[str]) -> list[ActorSpan]:
    """Who undergoes a passive verb: its subject along a chain of conjoined verbs, or the
    noun its clause describes ("X, which is funded by Y", "the group designated by Y")."""
    node = verb
    while True:
        subj = children(node, "nsubjpass")
        if not subj and node.i != verb.i:
            subj = children(node, "nsubj")  # "X is the most secretive … and is armed by Y"
        if not subj and node.tag_ == "VBN" and children(node, "auxpass", "aux"):
            # "HTS remains designated…" parsed with a plain subject, on the verb or its auxiliary
            subj = children(node, "nsubj") + [
                s for a in children(node, "auxpass", "aux") for s in children(a, "nsubj")
            ]
        if subj and subj[0].lower_ not in RELATIVE_PRONOUNS:
            return selves(ctx, subj[0], types)
        if node.dep_ == "conj" or (node.dep_ in ("acomp", "xcomp") and node.i != verb.i):
            node = node.head  # "… and is armed and funded by Iran": up to the shared copula
            continue
        break
    if node.dep_ in ("acl", "relcl", "amod", "advcl"):
        head = node.head
        if node.dep_ == "advcl":  # "Founded by P, X is ..."
            main = subject_of(head)
            return selves(ctx, main, types) if main is not None else []
        found = selves(ctx, head, types)
        if not found and head.dep_ == "appos":  # "X, a faction founded by …"
            found = selves(ctx, head.head, types)
        return found
    return []


def agents_by(token: Token, depth: int = 2) -> list[Token]:
    """The objects of "by" under a word, looking through a short chain of its dependents
    ("designated as terrorist organisations by Y")."""
    found = pobjs(token, "by")
    if found or depth == 0:
        return found
    for child in token.children:
        if child.dep_ in ("dobj", "oprd", "attr", "xcomp", "advmod", "npadvmod") or (
            child.dep_ == "prep" and child.lower_ in ("as",)
        ):
            nxt = [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else [child]
            for n in nxt:
                found += agents_by(n, depth - 1)
    return found


def subtree_has(token: Token, words: frozenset[str]) -> bool:
    return any(t.lower_ in words or t.lemma_.lower() in words for t in token.subtree)


def subject_noun(verb: Token) -> Token | None:
    """The subject of a verb, with a relative pronoun replaced by the noun it stands for
    ("X, which is under sanctions" -> X)."""
    subj = subject_of(verb)
    if subj is not None and subj.lower_ not in RELATIVE_PRONOUNS:
        return subj
    node = verb
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return node.head if node.dep_ in ("relcl", "acl") else None


def listed_actors(ctx: Context, token: Token, types: frozenset[str], depth: int = 3) -> list[ActorSpan]:
    """Every actor a list names: "the Sinaloa Cartel, the CJNG and six other criminal groups,
    including the Tren de Aragua gang" (appositions, conjuncts and "including" examples)."""
    found = selves(ctx, token, types)
    if depth == 0:
        return found
    for node in [token, *conjuncts(token)]:
        for child in node.children:
            if child.dep_ == "appos":
                found += listed_actors(ctx, child, types, depth - 1)
        for example in pobjs(node, "including", "like"):
            found += listed_actors(ctx, example, types, depth - 1)
        for named in children(node, "acl"):  # "pro-government militias known as Wazalendo"
            if named.lemma_.lower() in ("know", "call", "name", "dub"):
                found += [a for p in pobjs(named, "as") for a in listed_actors(ctx, p, types, depth - 1)]
                found += [a for o in children(named, "oprd") for a in listed_actors(ctx, o, types, depth - 1)]
    return list({a.key: a for a in found}.values())


def owner_in_name(ctx: Context, span: ActorSpan, types: frozenset[str]) -> ActorSpan | None:
    """The actor named before "'s" inside a longer name: "Hamas's armed wing",
    "Lebanon's Hezbollah"."""
    for tok in span.span[1:]:
        if tok.lower_ in ("'s", "’s"):
            prefix = ctx.doc[span.span.start : tok.i]
            actor = ctx.gaz.lookup(prefix.text)
            if actor is not None and actor.type in types:
                return ActorSpan(prefix, actor, 1.0)
    return None
