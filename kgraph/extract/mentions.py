"""Actor mentions in a parsed document: entities resolved to gazetteer actors or to new
actors named in the text, plus in-document references ("the group", "Muhandis")."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kgraph.gazetteer import NON_ACTOR, Gazetteer, normalise
from kgraph.lexicon import Lexicon
from kgraph.namespace import slug
from kgraph.records import Actor

#: spaCy entity labels and the kgraph type they give a name the gazetteer does not know.
LABEL_TYPES = {"PERSON": "Person", "GPE": "Place", "LOC": "Place", "FAC": "Place", "ORG": "Organization"}
ANAPHOR_WINDOW = 3  # sentences back
#: Words that make a country's name part of a place's name.
PLACE_SUFFIXES = frozenset({"City"})
PLACE_PREFIXES = frozenset(
    {"Lake", "Central", "South", "North", "Latin", "Northern", "Southern", "Eastern", "Western"}
)
ORDINAL = re.compile(r"\d+(st|nd|rd|th)")
ORDINAL_WORDS = frozenset(
    [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
    ]
)
#: Prepositions after which a name is a place ("across the Sahel", "near Sake").
PLACE_PREPS = frozenset(
    {
        "in",
        "across",
        "throughout",
        "into",
        "near",
        "around",
        "inside",
        "within",
        "outside",
        "towards",
        "toward",
    }
)


@dataclass(frozen=True, slots=True)
class ActorSpan:
    """An actor named by a span of the parsed document."""

    span: Span
    actor: Actor
    certainty: float  # 1.0 gazetteer, lower for names only the statistical model found

    @property
    def key(self) -> str:
        return self.actor.key

    @property
    def type(self) -> str:
        return self.actor.type

    @property
    def text(self) -> str:
        return self.span.text


def actor_for_entity(ent: Span, gaz: Gazetteer, lex: Lexicon) -> tuple[Actor, float] | None:
    """The actor an entity names, or None (dates, numbers, agencies, outlets…)."""
    if ent.label_ == NON_ACTOR:
        return None
    if ent.ent_id_ and ent.ent_id_ in gaz.actors:
        return gaz.actors[ent.ent_id_], 1.0
    text = clean_name(ent, lex.person_titles)
    if not text or gaz.is_non_actor(text):
        return None
    known = gaz.lookup(text)
    if known is not None:
        return known, 1.0
    kind = LABEL_TYPES.get(ent.label_)
    if kind is None:
        return None
    if kind == "Organization" and any(t.lower_ in lex.armed_heads for t in ent):
        kind = "ArmedGroup"
    if kind == "Person" and not plausible_person(text):
        return None
    if kind == "Place" and not text[:1].isupper():
        return None
    return Actor(key=slug(text), label=text, type=kind), 0.85


def clean_name(ent: Span, titles: frozenset[str]) -> str:
    tokens = list(ent)
    while tokens and (tokens[0].lower_ in ("the", "a", "an") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("'s", "’s", "'")):
        tokens = tokens[:-1]
    if ent.label_ == "PERSON":
        while len(tokens) > 1 and tokens[0].lower_ in titles:
            tokens = tokens[1:]
    if not tokens:
        return ""
    text = ent.doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
    return re.sub(r"\s+", " ", text).strip()


def widen_person(ent: Span, titles: frozenset[str]) -> Span:
    """A person's name the model cut short: "Hector [Rusthenford Guerrero Flores]" takes
    back the capitalised given names before it (not titles, not other entities), and a
    last name word after it that hangs on the name."""
    doc = ent.doc
    start = ent.start
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].text.isalpha()
        and doc[start - 1].lower_ not in titles
        and not doc[start - 1].ent_type_
        and not doc[start - 1].is_sent_start
        and ent.start - start < 2
    ):
        start -= 1
    end = ent.end
    while (  # "Twan Mrat [Naing]": a capitalised name word the model left out after it
        end < len(doc)
        and doc[end].pos_ == "PROPN"
        and doc[end].text[:1].isupper()
        and doc[end].text.isalpha()
        and not doc[end].ent_type_
        and doc[end].head.i in range(start, end + 1)
        and end - ent.end < 1
    ):
        end += 1
    if start == ent.start and end == ent.end:
        return ent
    return Span(doc, start, end, label="PERSON")


def place_names(doc: Doc, place_nouns: frozenset[str]) -> list[Span]:
    """Proper names a place noun introduces ("departments of A, B and C") or carries
    ("the A and B departments", "A province")."""
    names: list[Span] = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in place_nouns:
            continue
        heads = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                heads += [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
        for head in heads:
            for tok in [head, *head.conjuncts]:
                name = proper_chunk(tok)
                if name is not None:
                    names.append(name)
    return names


def proper_chunk(tok: Token) -> Span | None:
    """The run of capitalised proper-noun tokens that ends at ``tok`` ("Valle del Cauca")."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and (
        (doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i in range(start, tok.i + 1))
        or (
            doc[start - 1].lower_ in ("del", "de", "la", "el", "al", "-")
            and start - 2 >= 0
            and doc[start - 2].pos_ == "PROPN"
        )
    ):
        start -= 1
    return doc[start : tok.i + 1]


def _modifies_other_noun(span: ActorSpan, index: MentionIndex) -> bool:
    """Whether a name only qualifies another noun ("the al-Qaeda affiliate")."""
    root = span.span.root
    return root.dep_ in ("compound", "amod", "nmod") and index.at(root.head) is None


def is_subject(span: Span) -> bool:
    sent = span.sent
    if all(t.is_punct or span.start <= t.i < span.end for t in sent):
        return True  # a heading that is only the name: what follows is about it
    root = span.root
    while root.dep_ in ("appos", "conj") and root.head.i != root.i:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def plausible_person(text: str) -> bool:
    words = text.split()
    return (
        bool(words)
        and all(
            w[:1].isupper()
            or w.lower()
            in ("al", "bin", "ibn", "abu", "de", "del", "la", "van", "von", "al-", "el", "da", "dos")
            or w.lower().startswith(("al-", "el-", "bin-", "ad-", "ar-", "as-", "ash-", "az-"))
            for w in words
        )
        and not any(ch.isdigit() for ch in text)
    )


class MentionIndex:
    """Every actor span in a document, and lookups by token."""

    def __init__(self, doc: Doc, gaz: Gazetteer, lex: Lexicon) -> None:
        self.doc = doc
        self.gaz = gaz
        self._sent_starts = [s.start for s in doc.sents]
        self.spans: list[ActorSpan] = []
        self._by_token: dict[int, ActorSpan] = {}
        persons: dict[str, Actor] = {}  # in-document short forms of person names
        titles = lex.person_titles | lex.state_head_titles
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                ent = widen_person(ent, titles)
            found = actor_for_entity(ent, gaz, lex)
            if found is None:
                continue
            actor, certainty = found
            if actor.type == "Person":
                actor = self._same_person(actor, persons)
            span = ActorSpan(ent, actor, certainty)
            self.spans.append(span)
            for tok in ent:
                self._by_token[tok.i] = span
        self._compound_places()
        self._add_places(lex)
        self._join_aliases()
        self._retype_groups(lex)
        self._family_names()
        self._acronyms()
        self._retype_places(lex)
        self._unify_people()
        self._surnames()
        self._numbered_units(lex)

    def _numbered_units(self, lex: Lexicon) -> None:
        """Numbered units are armed groups: "the 33rd Front", "the FARC's 1st Front" (named
        with their owner when the article gives one), "the Seventh Brigade"."""
        doc = self.doc
        for tok in doc[:-1]:
            unit = doc[tok.i + 1]
            if not (ORDINAL.fullmatch(tok.lower_) or tok.lower_ in ORDINAL_WORDS):
                continue
            if unit.lower_ not in lex.unit_names or not unit.text[:1].isupper():
                continue
            current = [self._by_token[t.i] for t in (tok, unit) if t.i in self._by_token]
            if any(c.certainty >= 1.0 for c in current):
                continue
            owner = next(
                (
                    m
                    for c in [*tok.children, *unit.children]
                    if c.dep_ in ("poss", "compound")
                    and (m := self.at(c)) is not None
                    and m.type == "ArmedGroup"
                ),
                None,
            )
            name = f"{tok.text} {unit.text}"
            label = f"{owner.actor.label} {name}" if owner is not None else name
            actor = Actor(key=slug(label), label=label, type="ArmedGroup", aliases=(name,) if owner else ())
            self._replace(
                list({id(c): c for c in current}.values()), ActorSpan(doc[tok.i : unit.i + 1], actor, 0.85)
            )

    def _unify_people(self) -> None:
        """A name the model read once as a person is that person wherever else the article
        writes it ("Shekau's hideout", tagged an organisation there)."""
        places = {s.key for s in self.spans if s.type == "Place"}
        people = {s.key: s.actor for s in self.spans if s.type == "Person" and s.key not in places}
        for span in list(self.spans):
            person = people.get(span.key)
            if person is not None and span.type == "Organization" and span.certainty < 1.0:
                self._replace([span], ActorSpan(span.span, person, span.certainty))

    def _short_names(self) -> None:
        """ "the Authority" after "the Palestinian Authority": the last word of an
        organisation's name, capitalised after "the", names it when only one name ends so."""
        ends: dict[str, set[str]] = {}
        first: dict[str, ActorSpan] = {}
        for span in self.spans:
            if span.type in ("Organization", "ArmedGroup", "StateForce") and len(span.span) > 1:
                last = span.span[-1].text
                ends.setdefault(last, set()).add(span.key)
                first.setdefault(last, span)
        for tok in self.doc:
            keys = ends.get(tok.text)
            if not keys or len(keys) > 1 or tok.i == 0:
                continue
            current = self._by_token.get(tok.i)
            if current is not None and (
                current.certainty >= 1.0 or current.span[-1].i != tok.i or len(current.span) > 2
            ):
                continue  # part of another name (an unknown "The Authority" is replaced)
            full = first[tok.text]
            if tok.i < full.span.start or self.doc[tok.i - 1].lower_ != "the" or not tok.text[:1].isupper():
                continue
            if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].pos_ == "PROPN":
                continue  # "the Authority Council" is another name
            old = [current] if current is not None else []
            self._replace(old, ActorSpan(self.doc[tok.i : tok.i + 1], full.actor, full.certainty * 0.9))

    def _surnames(self) -> None:
        """A person's surname alone after their full name ("Sinwar was killed…" after
        "Yahya Sinwar") names them, where the model missed it."""
        self._short_names()
        people: dict[str, ActorSpan] = {}
        for span in self.spans:
            if span.type == "Person" and len(span.span) > 1:
                last = span.span[-1]
                if len(last.text) > 3 and last.text[:1].isupper():
                    people.setdefault(last.text, span)
        if not people:
            return
        for tok in self.doc:
            full = people.get(tok.text)
            if full is None or tok.i in self._by_token or tok.i < full.span.start or tok.pos_ != "PROPN":
                continue
            if len({s.actor.key for s in people.values() if s.span[-1].text == tok.text}) > 1:
                continue
            self._replace([], ActorSpan(self.doc[tok.i : tok.i + 1], full.actor, full.certainty))

    def _retype_places(self, lex: Lexicon) -> None:
        """A name the model took for a person or organisation is a place where the
        sentence uses it as one: "across the Sahel", "control of Goma", "Damascus, Aleppo,
        Hama and Homs"."""
        for span in list(self.spans):
            if span.certainty >= 1.0 or span.type not in ("Person", "Organization"):
                continue
            root = span.span.root
            head = root.head
            locative = root.dep_ == "pobj" and (
                head.lower_ in PLACE_PREPS
                or (
                    head.lower_ == "of"
                    and head.head.lemma_.lower()
                    in lex.place_nouns | {"control", "capital", "siege", "outskirts"}
                )
            )
            listed = root.dep_ == "conj" and any(
                (m := self.at(t)) is not None and m.type in ("Place", "State")
                for t in [head, *head.conjuncts]
                if t.i != root.i
            )
            if locative or listed:
                text = span.actor.label
                self._replace(
                    [span],
                    ActorSpan(span.span, Actor(key=slug(text), label=text, type="Place"), span.certainty),
                )

    def _compound_places(self) -> None:
        """A country's name inside a longer place name is not the country: "Mexico City",
        "Lake Chad", "Central America", "Kuwait City"."""
        doc = self.doc
        for span in list(self.spans):
            if span.type != "State":
                continue
            start, end = span.span.start, span.span.end
            if end < len(doc) and doc[end].text in PLACE_SUFFIXES:
                end += 1
            elif start > 0 and doc[start - 1].text in PLACE_PREFIXES:
                start -= 1
            else:
                continue
            name = doc[start:end]
            olds = [span, *(m for t in name if (m := self._by_token.get(t.i)) is not None and m is not span)]
            self._replace(
                olds, ActorSpan(name, Actor(key=slug(name.text), label=name.text, type="Place"), 0.9)
            )

    def _replace(self, old: list[ActorSpan], new: ActorSpan) -> None:
        for o in old:
            if o in self.spans:
                self.spans.remove(o)
            for t in o.span:
                self._by_token.pop(t.i, None)
        self.spans.append(new)
        self.spans.sort(key=lambda s: s.span.start)
        for t in new.span:
            self._by_token[t.i] = new

    def _family_names(self) -> None:
        """ "Abdul-Malik al-Houthi" is a person, not the Houthis: a group name written
        as a family name ("al-…") right after a given name."""
        for span in list(self.spans):
            if span.type == "Person" or not re.match(r"(?i)(al|el|ad|ar|as|ash|az)[- ]", span.text):
                continue
            start = span.span.start
            before = self._by_token.get(start - 1)
            if before is not None and before.type != "Person":
                whole = self.doc[before.span.start : span.span.end]
                known = self.gaz.lookup(whole.text)  # "Hezbollah al-Nujaba" is one group's name
                if known is not None:
                    self._replace([before, span], ActorSpan(whole, known, 1.0))
                continue
            if before is not None and before.type == "Person":
                new_start = before.span.start
                olds = [before, span]
            elif (
                start > 0
                and before is None
                and self.doc[start - 1].pos_ == "PROPN"
                and self.doc[start - 1].text[:1].isupper()
            ):
                new_start = start - 1
                while (
                    new_start > 0
                    and self.doc[new_start - 1].text in ("-",)
                    or (
                        new_start > 0
                        and self.doc[new_start - 1].pos_ == "PROPN"
                        and self.doc[new_start - 1].i not in self._by_token
                    )
                ):
                    new_start -= 1
                olds = [span]
            else:
                continue
            name = self.doc[new_start : span.span.end]
            text = re.sub(r"\s+", " ", name.text).strip()
            self._replace(olds, ActorSpan(name, Actor(key=slug(text), label=text, type="Person"), 0.85))

    def _acronyms(self) -> None:
        """Acronyms the article defines ("the Arakan Army (AA)") name that actor wherever
        they are written alone."""
        defined: dict[str, ActorSpan] = {}
        doc = self.doc
        for span in self.spans:
            end = span.span.end
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                short = doc[end + 1].text
                inside = self._by_token.get(end + 1)
                if short.isupper() and len(short) >= 2 and (inside is None or inside.certainty < 1.0):
                    defined.setdefault(short, span)
        if not defined:
            return
        for tok in doc:
            found = defined.get(tok.text)
            if found is None:
                continue
            current = self._by_token.get(tok.i)
            if current is None:
                self._replace([], ActorSpan(doc[tok.i : tok.i + 1], found.actor, found.certainty))
            elif current.certainty < 1.0 and current.text == tok.text and current.key != found.key:
                self._replace([current], ActorSpan(doc[tok.i : tok.i + 1], found.actor, found.certainty))

    def _retype_groups(self, lex: Lexicon) -> None:
        """A name the model typed as a place, person or organisation is an armed group
        when the article calls it one: "Okaida, a local gang", "the Fuerza Anti-Union
        cartel", "Union de Tepito is a criminal group"."""
        heads = lex.armed_group_nouns
        groups = set()
        for span in self.spans:
            if span.certainty >= 1.0 or span.type == "ArmedGroup":
                continue
            root = span.span.root
            described = [c for c in root.children if c.dep_ == "appos"]
            if root.dep_ == "appos":
                described.append(root.head)
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be":
                described += [c for c in root.head.children if c.dep_ == "attr"]
            if root.dep_ == "compound":
                described.append(root.head)
            if any(d.lower_ in heads and self.at(d) is None for d in described):
                groups.add(span.key)
        if not groups:
            return
        for i, span in enumerate(self.spans):
            if span.key in groups:
                actor = Actor(key=span.key, label=span.actor.label, type="ArmedGroup")
                self.spans[i] = ActorSpan(span.span, actor, span.certainty)
                for t in span.span:
                    self._by_token[t.i] = self.spans[i]

    def _join_aliases(self) -> None:
        """'Fernando Varon, alias "Martin Bala,"': the alias names the same person."""
        names: dict[str, Actor] = {}
        for tok in self.doc:
            known_as = (
                tok.lower_ == "known" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "as"
            )
            # 'Hurras al-Din, or "Guardians of the Religion"': one group under two names
            also = tok.lower_ == "or" and tok.i > 0 and self.doc[tok.i - 1].text == ","
            if tok.lower_ not in ("alias", "aka", "a.k.a.") and not known_as and not also:
                continue
            before = self._nearest(tok.i - 1, -1)
            after = self._nearest(tok.i + (2 if known_as else 1), +1)
            if before is None or after is None or after is before:
                continue
            if before.type != "Person" and not (
                also and before.type == "ArmedGroup" and after.certainty < 1.0
            ):
                continue
            if after.certainty >= 1.0 and after.type != "Person":
                continue  # a gazetteer group is not a nickname
            names[normalise(after.text)] = before.actor
        for span in list(self.spans):  # every later use of the nickname: "sanctioned Hemedti"
            actor = names.get(normalise(span.text))
            if actor is not None and span.actor != actor and (span.certainty < 1.0 or span.type == "Person"):
                joined = ActorSpan(span.span, actor, span.certainty)
                self.spans[self.spans.index(span)] = joined
                for t in span.span:
                    self._by_token[t.i] = joined

    def _nearest(self, i: int, step: int) -> ActorSpan | None:
        """The mention at ``i``, looking past punctuation, quotes and adverbs ("widely")
        in direction ``step``."""
        while 0 <= i < len(self.doc) and (
            self.doc[i].is_punct or self.doc[i].is_quote or self.doc[i].pos_ in ("ADV", "AUX")
        ):
            i += step
        return self._by_token.get(i) if 0 <= i < len(self.doc) else None

    def _add_places(self, lex: Lexicon) -> None:
        """Names a place noun marks as places, whatever the model made of them: "the
        departments of Magdalena, Santander and Guajira", "the Sucre and Choco departments",
        "Ituri province", "the town of Komanda"."""
        changed = False
        for name in place_names(self.doc, lex.place_nouns):
            old = {id(self._by_token[t.i]): self._by_token[t.i] for t in name if t.i in self._by_token}
            if any(o.certainty >= 1.0 or o.type in ("Place", "State") for o in old.values()):
                continue  # a gazetteer actor or a place already
            text = name.text.strip()
            if not text[:1].isupper() or self.gaz.is_non_actor(text):
                continue
            for o in old.values():
                self.spans.remove(o)
                for tok in o.span:
                    self._by_token.pop(tok.i, None)
            span = ActorSpan(name, Actor(key=slug(text), label=text, type="Place"), 0.85)
            self.spans.append(span)
            for tok in name:
                self._by_token[tok.i] = span
            changed = True
        if changed:
            self.spans.sort(key=lambda s: s.span.start)

    @staticmethod
    def _same_person(actor: Actor, persons: dict[str, Actor]) -> Actor:
        """'Muhandis' or 'al-Muhandis' after 'Abu Mahdi al-Muhandis' is the same person."""
        norm = normalise(actor.label)
        short = re.sub(r"^(al|el|ad|as|ash|ar|az) ", "", norm)
        for full_norm, full in persons.items():
            parts = full_norm.split()
            if norm == full_norm:
                return full
            if len(norm.split()) < len(parts) and (
                full_norm.endswith(" " + norm) or full_norm.endswith(" " + short) or norm == parts[-1]
            ):
                return full
        persons[norm] = actor
        return actor

    def at(self, token: Token) -> ActorSpan | None:
        return self._by_token.get(token.i)

    def previous_subjects(self, token: Token, types: frozenset[str]) -> list[ActorSpan]:
        """The actors of ``types`` that are subjects of the sentence before ``token``'s."""
        current = bisect_right(self._sent_starts, token.i) - 1
        if current == 0:
            return []
        start, end = self._sent_starts[current - 1], self._sent_starts[current]
        return [
            s for s in self.spans if start <= s.span.start < end and s.type in types and is_subject(s.span)
        ]

    def _main_group(self, token: Token, types: frozenset[str], near: ActorSpan) -> ActorSpan:
        """The one group named nearby, unless it is a passing mention in an article about
        another group (named at least four times, and twice as often)."""
        counts = Counter(s.key for s in self.spans if s.span.start < token.i and s.type in types)
        (top, most), *_ = counts.most_common(1)
        if top != near.key and most >= 4 and most >= 2 * counts[near.key]:
            last = [s for s in self.spans if s.key == top and s.span.start < token.i]
            return last[-1]
        return near

    def _topic(self, token: Token, candidates: list[ActorSpan]) -> ActorSpan | None:
        """The group the sentences before ``token`` are about: the subject of the previous
        sentence, looking further back past sentences whose subject is only "it"/"the group"."""
        current = bisect_right(self._sent_starts, token.i) - 1
        for back in range(current - 1, max(-1, current - 1 - ANAPHOR_WINDOW), -1):
            start = self._sent_starts[back]
            subjects = [c for c in candidates if c.span.sent.start == start and is_subject(c.span)]
            if len({c.key for c in subjects}) == 1:
                return subjects[-1]
            if subjects:
                return None
            sent = self.doc[start].sent
            pronoun = any(
                t.dep_ in ("nsubj", "nsubjpass")
                and t.head.i == sent.root.i
                and t.lower_ in ("it", "they", "group")
                for t in sent
            )
            if not pronoun:
                return None
        return None

    def in_sentence(self, token: Token, types: frozenset[str]) -> ActorSpan | None:
        """The one actor of ``types`` named earlier in the token's own sentence, if only one is."""
        sent = token.sent
        found = [
            s
            for s in self.spans
            if sent.start <= s.span.start < token.i and s.type in types and not _modifies_other_noun(s, self)
        ]
        return found[-1] if found and len({s.key for s in found}) == 1 else None

    def antecedent(self, token: Token, types: frozenset[str]) -> ActorSpan | None:
        """The named actor that 'the group' / 'the militia' at ``token`` points back to:
        the only actor of ``types`` named in the few sentences before it, else None."""
        current = bisect_right(self._sent_starts, token.i) - 1
        window_start = self._sent_starts[max(0, current - ANAPHOR_WINDOW)]
        candidates = [s for s in self.spans if window_start <= s.span.start < token.i and s.type in types]
        if not candidates:
            return None
        keys = {c.key for c in candidates}
        if len(keys) == 1:
            return self._main_group(token, types, candidates[-1])
        # the group the passage makes its subject (in the previous sentence), else the
        # group the article names most, else the latest subject in reach
        topic = self._topic(token, candidates)
        if topic is not None:
            return topic
        counts = Counter(s.key for s in self.spans if s.span.start < token.i and s.type in types)
        top = max(counts[k] for k in keys)
        leaders = [c for c in candidates if counts[c.key] == top]
        if len({c.key for c in leaders}) == 1 and top >= 3:
            return leaders[-1]
        subjects = [c for c in candidates if is_subject(c.span)]
        if subjects:  # the group a passage is about is the one it makes its subject
            return subjects[-1]
        # several: only when the latest sentence with any names one of them alone
        last_sent = max(c.span.sent.start for c in candidates)
        latest = {c.key for c in candidates if c.span.sent.start == last_sent}
        return candidates[-1] if len(latest) == 1 and token.sent.start != last_sent else None
