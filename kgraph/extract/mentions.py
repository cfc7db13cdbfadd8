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
    while tokens and (
        tokens[-1].is_punct
        or tokens[-1].lower_ in ("'s", "’s", "'")
        or (tokens[-1].pos_ == "ADV" and tokens[-1].text.islower())  # "Paraiba alone"
    ):
        tokens = tokens[:-1]
    if ent.label_ == "PERSON":
        while len(tokens) > 1 and tokens[0].lower_ in titles:
            tokens = tokens[1:]
    if not tokens:
        return ""
    text = ent.doc[tokens[0].i : tokens[-1].i + 1].text  # not doc.text: that rebuilds the whole text
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
        and (doc[end].head.i in range(start, end + 1) or any(t.head.i == end for t in doc[start:end]))
        and end - ent.end < 1
    ):
        end += 1
    if start == ent.start and end == ent.end:
        return ent
    return Span(doc, start, end, label="PERSON")


def before_parenthesis(ent: Span) -> Span:
    """A name ends where a parenthesis opens: "the Patriotic Forces for National
    Liberation (Fuerzas Patrioticas …" is the English name, the rest another one."""
    opening = next((t.i for t in ent if t.text == "(" and t.i > ent.start), None)
    return ent if opening is None else Span(ent.doc, ent.start, opening, label=ent.label_)


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
        self.speech_verbs = lex.speech_verbs
        self._sent_starts = [s.start for s in doc.sents]
        self.spans: list[ActorSpan] = []
        self.by_token: dict[int, ActorSpan] = {}
        titles = lex.person_titles | lex.state_head_titles
        entities = []
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                ent = widen_person(ent, titles)
            ent = before_parenthesis(ent)
            found = actor_for_entity(ent, gaz, lex)
            if found is not None:
                entities.append((ent, *found))
        # in-document short forms of person names, also before the full name ("Assad in Moscow"
        # in a headline, "Bashar al-Assad" below it)
        persons: dict[str, Actor] = {
            normalise(a.label): a for _e, a, _c in entities if a.type == "Person" and " " in a.label
        }
        for ent, actor, certainty in entities:
            if actor.type == "Person":
                actor = self._same_person(actor, persons)
            span = ActorSpan(ent, actor, certainty)
            self.spans.append(span)
            for tok in ent:
                self.by_token[tok.i] = span
        from kgraph.extract.repairs import repair

        repair(self, lex)

    def replace(self, old: list[ActorSpan], new: ActorSpan) -> None:
        for o in old:
            if o in self.spans:
                self.spans.remove(o)
            for t in o.span:
                self.by_token.pop(t.i, None)
        self.spans.append(new)
        self.spans.sort(key=lambda s: s.span.start)
        for t in new.span:
            self.by_token[t.i] = new

    @staticmethod
    def _same_person(actor: Actor, persons: dict[str, Actor]) -> Actor:
        """'Muhandis' or 'al-Muhandis' after 'Abu Mahdi al-Muhandis', 'Flores' after 'Jorge
        Flores Concha', is the same person."""
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
            if " " not in norm and len(parts) >= 3 and len(norm) > 3 and norm in parts[1:-1]:
                return full  # "Flores" after "Jorge Flores Concha": the first of two surnames
        persons[norm] = actor
        return actor

    def at(self, token: Token) -> ActorSpan | None:
        return self.by_token.get(token.i)

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

    def _dominant(self, token: Token, types: frozenset[str]) -> ActorSpan | None:
        """With no group named in the sentences just before: the one group the article has
        named so far, or the one it has named at least twice and twice as often as any other."""
        counts = Counter(s.key for s in self.spans if s.span.start < token.i and s.type in types)
        if not counts:
            return None
        ranked = counts.most_common(2)
        (top, most), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0)
        if second and (most < 2 or most < 2 * second):
            return None
        return [s for s in self.spans if s.key == top and s.span.start < token.i][-1]

    def _topic(self, token: Token, candidates: list[ActorSpan]) -> ActorSpan | None:
        """The group the sentences before ``token`` are about: the subject of the previous
        sentence, looking further back past sentences whose subject is only "it"/"the group"."""
        current = bisect_right(self._sent_starts, token.i) - 1
        for back in range(current - 1, max(-1, current - 1 - ANAPHOR_WINDOW), -1):
            start = self._sent_starts[back]
            subjects = [c for c in candidates if c.span.sent.start == start and is_subject(c.span)]
            main = [c for c in subjects if _of_main_clause(c.span.root)]
            subjects = main or subjects  # "PIJ … depends on Iran more than Hamas does": PIJ
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
            return self._dominant(token, types)
        keys = {c.key for c in candidates}
        if len(keys) == 1:
            return self._main_group(token, types, candidates[-1])
        # the group the passage makes its subject (in the previous sentence), else the
        # group the article names most, else the latest subject in reach
        counts = Counter(s.key for s in self.spans if s.span.start < token.i and s.type in types)
        top = max(counts[k] for k in keys)
        leaders = [c for c in candidates if counts[c.key] == top]
        topic = self._topic(token, candidates)
        if (
            topic is not None
            and self._opens_paragraph(token)
            and topic.span.sent.root.lemma_.lower() in self.speech_verbs
            and len({c.key for c in leaders}) == 1
            and top >= 3
        ):
            # "The Taliban said their forces had killed …  ¶ The group is led by …": a new
            # paragraph after a group's statement goes back to the group the article is about
            return leaders[-1]
        if topic is not None:
            return topic
        if len({c.key for c in leaders}) == 1 and top >= 3:
            return leaders[-1]
        subjects = [c for c in candidates if is_subject(c.span)]
        if subjects:  # the group a passage is about is the one it makes its subject
            return subjects[-1]
        # several: only when the latest sentence with any names one of them alone
        last_sent = max(c.span.sent.start for c in candidates)
        latest = {c.key for c in candidates if c.span.sent.start == last_sent}
        return candidates[-1] if len(latest) == 1 and token.sent.start != last_sent else None

    def _opens_paragraph(self, token: Token) -> bool:
        """Whether ``token`` is in the first sentence of a paragraph (after a blank line)."""
        start = token.sent.start
        return start > 0 and self.doc[start - 1].is_space and self.doc[start - 1].text.count("\n") >= 2


def _of_main_clause(subject: Token) -> bool:
    """Whether a subject belongs to its sentence's main verb (or a verb conjoined to it)."""
    verb = subject.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"
