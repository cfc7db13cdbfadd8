"""Repairs to the model's reading of names, applied to a document's mentions after NER:
places it missed or mistyped, aliases and nicknames, acronyms defined in the text, short
forms of a name, numbered units, and names the gazetteer matched inside a longer one."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kgraph.extract.mentions import ActorSpan
from kgraph.gazetteer import normalise
from kgraph.lexicon import Lexicon
from kgraph.namespace import slug
from kgraph.records import Actor

#: How surely a nickname in quotes after "alias" names the person before it.
ALIAS_CERTAINTY = 0.85

if TYPE_CHECKING:
    from kgraph.extract.mentions import MentionIndex


#: Words that make a country's name part of a place's name.
PLACE_SUFFIXES = frozenset({"City"})
PLACE_PREFIXES = frozenset({"Lake", "Central", "South", "North", "Latin"})
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


def repair(index: MentionIndex, lex: Lexicon) -> None:
    """Every repair, in the order they depend on one another."""
    compound_places(index)
    add_places(index, lex)
    unmarked_possessives(index)
    join_aliases(index)
    retype_groups(index, lex)
    family_names(index)
    shared_surnames(index)
    acronyms(index)
    long_names(index)
    leader_factions(index)
    named_nouns(index, lex)
    named_next(index, lex)
    listed_groups(index)
    retype_places(index, lex)
    retype_people(index)
    unify_people(index)
    surnames(index)
    numbered_units(index, lex)
    named_groups(index)
    leading_names(index, lex)


#: Head words of a criminal or militia name the model may leave untagged: "the Cali Cartel".
NAMED_GROUP_HEADS = frozenset({"Cartel", "Cartels", "Clan", "Brigade", "Brigades", "Militia", "Gang"})


def named_groups(index: MentionIndex) -> None:
    """Capitalised names ending in "Cartel", "Clan", "Brigades"… that the model did not
    tag are armed groups: "a former member of the Cali Cartel"."""
    doc = index.doc
    for head in doc:
        if head.text not in NAMED_GROUP_HEADS or head.i in index.by_token:
            continue
        start = head.i
        while (
            start > 0
            and doc[start - 1].text[:1].isupper()
            and doc[start - 1].is_alpha
            and not doc[start - 1].is_sent_start
            and doc[start - 1].i not in index.by_token
            and doc[start - 1].lower_ != "the"
        ):
            start -= 1
        if start == head.i:
            continue
        name = doc[start : head.i + 1]
        index.replace([], new_span(name, "ArmedGroup", 0.8))


def numbered_units(index: MentionIndex, lex: Lexicon) -> None:
    """Numbered units are armed groups: "the 33rd Front", "the FARC's 1st Front" (named
    with their owner when the article gives one), "the Seventh Brigade"."""
    doc = index.doc
    for tok in doc[:-1]:
        unit = doc[tok.i + 1]
        if not (ORDINAL.fullmatch(tok.lower_) or tok.lower_ in ORDINAL_WORDS):
            continue
        if unit.lower_ not in lex.unit_names or not unit.text[:1].isupper():
            continue
        current = [index.by_token[t.i] for t in (tok, unit) if t.i in index.by_token]
        if any(c.certainty >= 1.0 for c in current):
            continue
        owner = next(
            (
                m
                for c in [*tok.children, *unit.children]
                if c.dep_ in ("poss", "compound")
                and (m := index.at(c)) is not None
                and m.type == "ArmedGroup"
            ),
            None,
        )
        name = f"{tok.text} {unit.text}"
        label = f"{owner.actor.label} {name}" if owner is not None else name
        actor = Actor(key=slug(label), label=label, type="ArmedGroup", aliases=(name,) if owner else ())
        index.replace(
            list({id(c): c for c in current}.values()), ActorSpan(doc[tok.i : unit.i + 1], actor, 0.85)
        )


def retype_people(index: MentionIndex) -> None:
    """A name the model took for an organisation or place is a person when the sentence
    speaks of it with "who" ("Iyad Ag Ghaly, the Tuareg veteran who had founded…")."""
    for span in list(index.spans):
        if span.certainty >= 1.0 or span.type not in ("Organization", "Place"):
            continue
        root = span.span.root
        nouns = [root, *(c for c in root.children if c.dep_ == "appos" and index.at(c) is None)]
        who = any(
            clause.dep_ == "relcl" and any(w.lower_ in ("who", "whom") for w in clause.children)
            for noun in nouns
            for clause in noun.children
        )
        if who:
            index.replace([span], _retyped(span, "Person"))


def unify_people(index: MentionIndex) -> None:
    """A name the model read once as a person is that person wherever else the article
    writes it ("Shekau's hideout", tagged an organisation there)."""
    places = {s.key for s in index.spans if s.type == "Place"}
    people = {s.key: s.actor for s in index.spans if s.type == "Person" and s.key not in places}
    # "Shekau's hideout", tagged an organisation, after "Abubakar Shekau"; "Jolani" after "al-Jolani"
    last_names: dict[str, set[str]] = {}
    for actor in people.values():
        last = actor.label.split()[-1]
        for name in {last, re.sub(r"(?i)^(al|el|ad|as|ash|ar|az)-", "", last)}:
            last_names.setdefault(slug(name), set()).add(actor.key)
    for key, owners in last_names.items():
        if len(owners) == 1 and key not in people and key not in places:
            people[key] = next(a for a in people.values() if a.key in owners)
    for span in list(index.spans):
        person = people.get(span.key)
        if person is not None and span.type == "Organization" and span.certainty < 1.0:
            index.replace([span], ActorSpan(span.span, person, span.certainty))


def short_names(index: MentionIndex) -> None:
    """ "the Authority" after "the Palestinian Authority", "the Brigades" after "the
    Qassam Brigades": the last word of an organisation's name, capitalised after "the",
    names the last such name written before it."""
    named: dict[str, list[ActorSpan]] = {}
    for span in index.spans:
        if span.type in ("Organization", "ArmedGroup", "StateForce") and len(span.span) > 1:
            named.setdefault(span.span[-1].text, []).append(span)
    for tok in index.doc:
        before = [s for s in named.get(tok.text, ()) if s.span.end <= tok.i]
        if not before or tok.i == 0:
            continue
        current = index.by_token.get(tok.i)
        if current is not None and (
            current.certainty >= 1.0 or current.span[-1].i != tok.i or len(current.span) > 2
        ):
            continue  # part of another name (an unknown "The Authority" is replaced)
        if index.doc[tok.i - 1].lower_ != "the" or not tok.text[:1].isupper():
            continue
        if tok.i + 1 < len(index.doc) and index.doc[tok.i + 1].pos_ == "PROPN":
            continue  # "the Authority Council" is another name
        full = before[-1]
        old = [current] if current is not None else []
        index.replace(old, ActorSpan(index.doc[tok.i : tok.i + 1], full.actor, full.certainty * 0.9))


def leading_names(index: MentionIndex, lex: Lexicon) -> None:
    """ "the Gulf boss", "a Gulf lieutenant" after "the Gulf Cartel": the first word of an
    armed group's name, before a leader or member noun, names it when only one name starts so."""
    starts: dict[str, set[str]] = {}
    first: dict[str, ActorSpan] = {}
    for span in index.spans:
        words = [t for t in span.span if t.lower_ != "the"]
        if span.type == "ArmedGroup" and len(words) > 1 and words[0].text[:1].isupper():
            starts.setdefault(words[0].text, set()).add(span.key)
            first.setdefault(words[0].text, span)
    roles = lex.leader_nouns | lex.member_nouns
    for tok in index.doc:
        keys = starts.get(tok.text)
        if not keys or len(keys) > 1 or tok.i < first[tok.text].span.start:
            continue
        if index.gaz.state_for_adjective(tok.text):
            continue  # "an Afghan militant" after "the Afghan Taliban": a nationality
        current = index.by_token.get(tok.i)  # the model may have tagged "Gulf" alone as a place
        if current is not None and (current.certainty >= 1.0 or len(current.span) > 1):
            continue
        if tok.dep_ in ("compound", "amod", "nmod") and tok.head.lemma_.lower() in roles:
            full = first[tok.text]
            old = [current] if current is not None else []
            index.replace(old, ActorSpan(index.doc[tok.i : tok.i + 1], full.actor, full.certainty * 0.9))


def surnames(index: MentionIndex) -> None:
    """A person's surname alone after their full name ("Sinwar was killed…" after
    "Yahya Sinwar") names them, where the model missed it."""
    short_names(index)
    people: dict[str, ActorSpan] = {}
    for span in index.spans:
        if span.type == "Person" and len(span.span) > 1:
            last = span.span[-1]
            if len(last.text) > 3 and last.text[:1].isupper():
                people.setdefault(last.text, span)
    if not people:
        return
    for tok in index.doc:
        full = people.get(tok.text)
        if full is None or tok.i in index.by_token or tok.i < full.span.start or tok.pos_ != "PROPN":
            continue
        if len({s.actor.key for s in people.values() if s.span[-1].text == tok.text}) > 1:
            continue
        index.replace([], ActorSpan(index.doc[tok.i : tok.i + 1], full.actor, full.certainty))


def retype_places(index: MentionIndex, lex: Lexicon) -> None:
    """A name the model took for a person or organisation is a place where the
    sentence uses it as one: "across the Sahel", "control of Goma", "Damascus, Aleppo,
    Hama and Homs", "the capital Sanaa"."""
    for span in list(index.spans):
        if span.certainty >= 1.0 or span.type not in ("Person", "Organization"):
            continue
        root = span.span.root
        head = root.head
        locative = root.dep_ == "pobj" and (
            head.lower_ in PLACE_PREPS
            or (
                head.lower_ == "of"
                and head.head.lemma_.lower() in lex.place_nouns | {"control", "capital", "siege", "outskirts"}
            )
        )
        named = any(  # "the capital Sanaa", "Goma, the largest city in eastern Congo"
            c.dep_ in ("compound", "appos") and c.lemma_.lower() in lex.place_nouns and index.at(c) is None
            for c in root.children
        ) or (root.dep_ == "appos" and head.lemma_.lower() in lex.place_nouns and index.at(head) is None)
        listed = any(  # "Damascus, Aleppo and Homs", "areas including Sanaa and the port city of X"
            (m := index.at(t)) is not None
            and m.type in ("Place", "State")
            or (m is None and t.lemma_.lower() in lex.place_nouns)
            for t in root.conjuncts
        )
        if locative or listed or named:
            index.replace([span], _retyped(span, "Place"))


def _retyped(span: ActorSpan, kind: str) -> ActorSpan:
    """The same words read as an actor of another type (a new actor of the same label)."""
    return new_span(span.span, kind, span.certainty, span.actor.label)


def new_span(words: Span, kind: str, certainty: float, label: str | None = None) -> ActorSpan:
    """Words read as a new actor of ``kind``, labelled with the words themselves."""
    label = label if label is not None else words.text
    return ActorSpan(words, Actor(key=slug(label), label=label, type=kind), certainty)


def compound_places(index: MentionIndex) -> None:
    """A country's name inside a longer place name is not the country: "Mexico City",
    "Lake Chad", "Central America", "Kuwait City"."""
    doc = index.doc
    for span in list(index.spans):
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
        olds = [span, *(m for t in name if (m := index.by_token.get(t.i)) is not None and m is not span)]
        index.replace(olds, new_span(name, "Place", 0.9))


def shared_surnames(index: MentionIndex) -> None:
    """ "Luis Enrique and Javier Antonio Calle Serna", "Ivan Archivaldo and Jesus Alfredo
    Guzman": two given names before "and" share the surname of the longer name after it."""
    doc = index.doc
    renamed: dict[str, Actor] = {}
    for first in index.spans:
        end = first.span.end
        if first.type != "Person" or len(first.span) != 2 or end + 1 >= len(doc) or doc[end].lower_ != "and":
            continue
        second = index.by_token.get(end + 1)
        if second is None or second.type != "Person" or second.span.start != end + 1 or len(second.span) < 3:
            continue
        if first.certainty >= 1.0:
            continue  # a name the gazetteer knows is whole
        label = f"{first.span.text} {second.span[2:].text}"
        renamed[first.key] = Actor(key=slug(label), label=label, type="Person", aliases=(first.span.text,))
    for span in list(index.spans):
        actor = renamed.get(span.key)
        if actor is not None:
            index.replace([span], ActorSpan(span.span, actor, span.certainty))


def family_names(index: MentionIndex) -> None:
    """ "Abdul-Malik al-Houthi" is a person, not the Houthis: a group name written
    as a family name ("al-…") right after a given name."""
    for span in list(index.spans):
        if span.type == "Person" or not re.match(r"(?i)(al|el|ad|ar|as|ash|az)[- ]", span.text):
            continue
        start = span.span.start
        before = index.by_token.get(start - 1)
        if start > 0 and index.doc[start - 1].lower_ in ("'s", "’s"):
            continue  # "Osama Bin Laden's Al Qaeda": the owner and the group
        if before is not None and before.type != "Person":
            whole = index.doc[before.span.start : span.span.end]
            known = index.gaz.lookup(whole.text)  # "Hezbollah al-Nujaba" is one group's name
            if known is not None:
                index.replace([before, span], ActorSpan(whole, known, 1.0))
            continue
        if before is not None and before.type == "Person":
            new_start = before.span.start
            olds = [before, span]
        elif (
            start > 0
            and before is None
            and index.doc[start - 1].pos_ == "PROPN"
            and index.doc[start - 1].text[:1].isupper()
        ):
            new_start = start - 1
            while (
                new_start > 0
                and index.doc[new_start - 1].text in ("-",)
                or (
                    new_start > 0
                    and index.doc[new_start - 1].pos_ == "PROPN"
                    and index.doc[new_start - 1].i not in index.by_token
                )
            ):
                new_start -= 1
            olds = [span]
        else:
            continue
        name = index.doc[new_start : span.span.end]
        text = re.sub(r"\s+", " ", name.text).strip()
        index.replace(olds, new_span(name, "Person", 0.85, text))


def acronyms(index: MentionIndex) -> None:
    """Acronyms the article defines ("the Arakan Army (AA)") name that actor wherever
    they are written alone."""
    defined: dict[str, ActorSpan] = {}
    doc = index.doc
    for span in list(index.spans):
        end = span.span.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            short = doc[end + 1].text
            inside = index.by_token.get(end + 1)
            if short.isupper() and len(short) >= 2 and (inside is None or inside.certainty < 1.0):
                defined.setdefault(short, span)
            elif (
                inside is not None
                and inside.certainty >= 1.0
                and span.certainty < 1.0
                and inside.type == span.type
            ):
                # "the National Liberation Army (ELN)": the known acronym names the long form
                index.replace([span], ActorSpan(span.span, inside.actor, inside.certainty))
        elif end < len(doc) and doc[end].text == "(":
            short_tok = _acronym_after_dash(doc, end)  # "the Red Command (Comando Vermelho - CV)"
            inside = index.by_token.get(short_tok.i) if short_tok is not None else None
            if short_tok is not None and (inside is None or inside.certainty < 1.0):
                defined.setdefault(short_tok.text, span)
    if not defined:
        return
    for tok in doc:
        found = defined.get(tok.text)
        if found is None:
            continue
        current = index.by_token.get(tok.i)
        if current is None:
            index.replace([], ActorSpan(doc[tok.i : tok.i + 1], found.actor, found.certainty))
        elif current.certainty < 1.0 and current.text == tok.text and current.key != found.key:
            index.replace([current], ActorSpan(doc[tok.i : tok.i + 1], found.actor, found.certainty))


#: Lower-case words inside a long proper name: "the Strategic Framework for the Defence of …".
NAME_LINKS = frozenset({"for", "of", "the", "and", "de", "la", "del", "el", "al"})


def long_names(index: MentionIndex) -> None:
    """A long name written before a known acronym in parentheses is that actor, when the
    model cut it up: "the Strategic Framework for the Defence of the People of Azawad
    (CSP-DPA)"."""
    doc = index.doc
    for short in list(index.spans):
        first, end = short.span.start, short.span.end
        if (
            short.certainty < 1.0
            or first < 3
            or doc[first - 1].text != "("
            or end >= len(doc)
            or doc[end].text != ")"
        ):
            continue
        close = first - 1  # the name ends before the parenthesis
        start = None
        i = close - 1
        while i >= 0 and (
            _capitalised(doc[i]) or (doc[i].lower_ in NAME_LINKS and i > 0 and not doc[i].is_sent_start)
        ):
            if _capitalised(doc[i]) and not (doc[i].is_sent_start and doc[i].is_stop):
                start = i
            if doc[i].is_sent_start:
                break
            i -= 1
        if start is None or sum(_capitalised(t) for t in doc[start:close]) < 3:
            continue
        name = doc[start:close]
        inside = {id(m): m for t in name if (m := index.by_token.get(t.i)) is not None}
        if doc[start - 1].lower_ == "the":  # the model's span may hold the article
            start -= 1
            name = doc[start:close]
        if any(m.certainty >= 1.0 or m.span.start < start or m.span.end > close for m in inside.values()):
            continue
        index.replace(list(inside.values()), ActorSpan(name, short.actor, short.certainty))


def _capitalised(tok: Token) -> bool:
    return tok.is_alpha and tok.text[:1].isupper()


def leader_factions(index: MentionIndex) -> None:
    """ "the Sudan Liberation Army faction of Minni Minawi", "the SPLM-N faction led by
    Abdelaziz al-Hilu": a known group's faction named by its leader is the faction the
    gazetteer knows by both names ("Sudan Liberation Army-Minni Minawi"), and the leader a
    person."""
    doc = index.doc
    for group in list(index.spans):
        end = group.span.end
        if group.type != "ArmedGroup" or end + 2 >= len(doc) or doc[end].lemma_.lower() != "faction":
            continue
        by = doc[end + 1].lower_
        first = end + 2 if by == "of" else end + 3 if by == "led" and doc[end + 2].lower_ == "by" else None
        leader = index.by_token.get(first) if first is not None and first < len(doc) else None
        if leader is None or leader.span.start != first or leader.type not in ("Person", "Organization"):
            continue
        names = [group.actor.label, *group.actor.aliases, group.span.text]
        wholes = [leader.span.text, leader.span[-1].text]
        faction = next(
            (a for n in names for w in wholes if (a := index.gaz.lookup(f"{n}-{w}")) is not None), None
        )
        if faction is None or faction.key == group.key:
            continue
        index.replace([group], ActorSpan(group.span, faction, group.certainty))
        if leader.type != "Person":
            index.replace([leader], _retyped(leader, "Person"))


def unmarked_possessives(index: MentionIndex) -> None:
    """A headline's possessive without its apostrophe, read by the model as one person:
    "Sinaloa Cartels King Midas" is the Sinaloa Cartel's "King Midas"."""
    doc = index.doc
    for span in list(index.spans):
        if span.type != "Person" or span.certainty >= 1.0 or len(span.span) < 3:
            continue
        for cut in range(1, len(span.span) - 1):
            last = span.span[cut]
            if not last.text.endswith("s") or len(last.text) < 3:
                continue
            owner = index.gaz.lookup(doc[span.span.start : last.i].text + " " + last.text[:-1])
            if owner is None or owner.type != "ArmedGroup":
                continue
            rest = doc[last.i + 1 : span.span.end]
            person = Actor(key=slug(rest.text), label=rest.text, type="Person")
            for same in [s for s in index.spans if s.key == span.key]:  # "King Midas" later on
                start = rest.start if same is span else same.span.start
                index.replace([same], ActorSpan(doc[start : same.span.end], person, same.certainty))
            index.replace([], ActorSpan(doc[span.span.start : last.i + 1], owner, 1.0))
            break


def listed_groups(index: MentionIndex) -> None:
    """A name listed with an armed group that the model did not tag is one too: "rival
    factions the Rojos and the Metros"."""
    for group in list(index.spans):
        if group.type != "ArmedGroup":
            continue
        for tok in group.span.root.conjuncts:
            if tok.i in index.by_token or tok.is_sent_start or not _proper(tok) or tok.pos_ != "PROPN":
                continue
            if any(
                t.lower_ == "or" for t in index.doc[min(tok.i, group.span.end) : max(tok.i, group.span.start)]
            ):
                continue  # "Hurras al-Din, or Guardians of the Religion": another name for it
            chunk = proper_chunk(tok)
            if (
                chunk is None
                or any(t.i in index.by_token for t in chunk)
                or index.gaz.is_non_actor(chunk.text)
            ):
                continue
            index.replace([], new_span(chunk, "ArmedGroup", 0.8))


def named_next(index: MentionIndex, lex: Lexicon) -> None:
    """A lead's "An ethnic armed group in Shan state said it had captured …" is the group
    the next sentence names as its subject ("The MNDAA said its fighters had …"), when
    the lead names no group itself and both report what the group says (not "A group
    attacked X. Hamas condemned it.")."""
    doc = index.doc
    sents = list(doc.sents)
    for here, after in zip(sents, sents[1:], strict=False):
        subj = next((c for c in here.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.i in index.by_token or subj.lemma_.lower() not in lex.group_anaphors:
            continue
        of = any(c.dep_ == "prep" and c.lower_ == "of" for c in subj.children)
        if of or not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subj.children):
            continue  # "a group of gunmen" is not a named group
        if any(s.type == "ArmedGroup" for s in index.spans if here.start <= s.span.start < here.end):
            continue
        speech = lex.speech_verbs
        if here.root.lemma_.lower() not in speech or after.root.lemma_.lower() not in speech:
            continue  # both say what the group did ("… said it had captured", "X said its fighters")
        named = next((c for c in after.root.children if c.dep_ == "nsubj"), None)
        group = index.by_token.get(named.i) if named is not None else None
        if group is None or group.type != "ArmedGroup":
            continue
        index.replace([], ActorSpan(doc[subj.i : subj.i + 1], group.actor, group.certainty * 0.7))


NAMING_VERBS = frozenset({"know", "call", "name", "dub"})


def named_nouns(index: MentionIndex, lex: Lexicon) -> None:
    """ "The militia, known as the VDP, …": the noun is the group it is named as, and so is
    "a pro-government militia" a few sentences before it, which it names."""
    doc = index.doc
    for noun in doc:
        if noun.lemma_.lower() not in lex.group_anaphors or noun.i in index.by_token:
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            continue
        names = [
            p
            for acl in noun.children
            if acl.dep_ == "acl" and acl.lemma_.lower() in NAMING_VERBS
            for prep in acl.children
            if prep.dep_ == "prep" and prep.lower_ == "as"
            for p in prep.children
            if p.dep_ == "pobj"
        ]
        if not names:
            continue
        group = index.by_token.get(names[0].i)
        if group is None:  # "The militia, known as the Naparama": a group the model did not tag
            chunk = proper_chunk(names[0])
            if chunk is None or any(t.i in index.by_token for t in chunk):
                continue
            group = new_span(chunk, "ArmedGroup", 0.8)
            index.replace([], group)
        if group.type != "ArmedGroup" and group.certainty < 1.0:  # the model's guess: a place, a person
            retyped = _retyped(group, "ArmedGroup")
            index.replace([group], retyped)
            group = retyped
        if group.type != "ArmedGroup":
            continue
        index.replace([], ActorSpan(doc[noun.i : noun.i + 1], group.actor, group.certainty * 0.9))
        first = noun.sent.start
        for _ in range(4):  # up to four sentences back
            if first > 0:
                first = doc[first - 1].sent.start
        earlier = [
            t
            for t in doc[first : noun.sent.start]
            if t.lemma_.lower() == noun.lemma_.lower()
            and t.i not in index.by_token
            and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children)
        ]
        if len(earlier) == 1:  # "members of a pro-government militia" a few sentences before
            t = earlier[0]
            index.replace([], ActorSpan(doc[t.i : t.i + 1], group.actor, group.certainty * 0.8))


def _acronym_after_dash(doc: Doc, opening: int) -> Token | None:
    """The acronym closing a parenthesis after a dash: "(Comando Vermelho - CV)"."""
    for i in range(opening + 1, min(opening + 14, len(doc))):
        if doc[i].text == ")":
            short = doc[i - 1]
            dash = doc[i - 2].text if i - 2 > opening else ""
            ok = dash in ("-", "--", "–", "—") and short.text.isupper() and len(short.text) >= 2
            return short if ok else None
    return None


#: Offices a place has, unlike an armed group: "the attorney general of Jalisco".
PLACE_OFFICES = frozenset(
    {"president", "general", "head", "director", "chief", "chairman", "official", "spokesman", "spokesperson"}
)


def retype_groups(index: MentionIndex, lex: Lexicon) -> None:
    """A name the model typed as a place, person or organisation is an armed group
    when the article calls it one: "Okaida, a local gang", "the Fuerza Anti-Union
    cartel", "Union de Tepito is a criminal group"."""
    heads = lex.armed_group_nouns
    groups = set()
    for span in index.spans:
        if span.certainty >= 1.0 or span.type == "ArmedGroup":
            continue
        root = span.span.root
        described = [c for c in root.children if c.dep_ == "appos"]
        first = root
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head  # "three gangs, the Rastrojos, the Urabenos and the Paisas"
        if first.dep_ == "appos":
            described.append(first.head)
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be":
            described += [c for c in root.head.children if c.dep_ == "attr"]
        for verb in root.children:  # "Union de Tepito, which is one of the most notorious criminal groups"
            if verb.dep_ == "relcl" and verb.lemma_ == "be":
                described += [c for c in verb.children if c.dep_ == "attr"]
        described += [
            o
            for d in described
            if d.lower_ == "one"
            for p in d.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children
            if o.dep_ == "pobj"
        ]
        if root.dep_ == "compound":
            described.append(root.head)
        if any((d.lower_ in heads or d.lemma_.lower() in heads) and index.at(d) is None for d in described):
            groups.add(span.key)
        of = root.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
        role = of.head.lemma_.lower() if of is not None else ""
        led = role in lex.leader_nouns | lex.member_nouns
        if led and (span.type == "Person" or (span.type == "Place" and role not in PLACE_OFFICES)):
            # "the leader of Fuerza Anti-Union", "a leader of the Paisas" (not "the governor of Jalisco")
            groups.add(span.key)
    if not groups:
        return
    for i, span in enumerate(index.spans):
        if span.key in groups:
            actor = Actor(key=span.key, label=span.actor.label, type="ArmedGroup")
            index.spans[i] = ActorSpan(span.span, actor, span.certainty)
            for t in span.span:
                index.by_token[t.i] = index.spans[i]


def join_aliases(index: MentionIndex) -> None:
    """'Fernando Varon, alias "Martin Bala,"': the alias names the same person."""
    names: dict[str, Actor] = {}
    for tok in index.doc:
        known_as = (
            tok.lower_ == "known" and tok.i + 1 < len(index.doc) and index.doc[tok.i + 1].lower_ == "as"
        )
        # 'Hurras al-Din, or "Guardians of the Religion"': one group under two names
        also = tok.lower_ == "or" and tok.i > 0 and index.doc[tok.i - 1].text == ","
        if tok.lower_ not in ("alias", "aka", "a.k.a.") and not known_as and not also:
            continue
        before = nearest(index, tok.i - 1, -1)
        if before is None and tok.lower_ == "alias":
            before = _name_before_alias(index, tok)  # 'Nestor Gregorio Vera Fernandez, alias "Ivan Mordisco"'
        after = nearest(index, tok.i + (2 if known_as else 1), +1)
        if after is None and before is not None and before.type == "Person" and tok.lower_ == "alias":
            after = _quoted_nickname(index, tok, before)  # 'Ogli Angel Padilla, alias "Fabian,"'
        if before is None or after is None or after is before:
            continue
        if before.type != "Person" and not (also and before.type == "ArmedGroup" and after.certainty < 1.0):
            continue
        if after.certainty >= 1.0 and after.type != "Person":
            continue  # a gazetteer group is not a nickname
        names[normalise(after.text)] = before.actor
    for span in list(index.spans):  # every later use of the nickname: "sanctioned Hemedti"
        actor = names.get(normalise(span.text))
        if actor is not None and span.actor != actor and (span.certainty < 1.0 or span.type == "Person"):
            joined = ActorSpan(span.span, actor, span.certainty)
            index.spans[index.spans.index(span)] = joined
            for t in span.span:
                index.by_token[t.i] = joined


def _name_before_alias(index: MentionIndex, alias: Token) -> ActorSpan | None:
    """The capitalised words before ", alias" that the model did not take for a name: a
    person, added to the index."""
    doc = index.doc
    end = alias.i - 1
    if end < 1 or doc[end].text != ",":
        return None
    start = end
    while start > 0 and end - start < 5 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha:
        if start - 1 in index.by_token or doc[start - 1].is_sent_start:
            break
        start -= 1
    if end - start < 2:
        return None  # a single word may be anything
    name = doc[start:end]
    span = new_span(name, "Person", ALIAS_CERTAINTY)
    index.replace([], span)
    return span


def _quoted_nickname(index: MentionIndex, alias: Token, person: ActorSpan) -> ActorSpan | None:
    """The capitalised words in quotes after "alias" that the model did not take for a
    name: a mention of the person, added to the index."""
    doc = index.doc
    i = alias.i + 1
    if i >= len(doc) or not doc[i].is_quote:
        return None
    end = i + 1
    while end < len(doc) and end - i <= 4 and doc[end].text[:1].isupper() and end not in index.by_token:
        end += 1
    if end == i + 1 or end >= len(doc) or not (doc[end].is_quote or doc[end].is_punct):
        return None
    span = ActorSpan(doc[i + 1 : end], person.actor, ALIAS_CERTAINTY)
    index.replace([], span)
    return span


def nearest(index: MentionIndex, i: int, step: int) -> ActorSpan | None:
    """The mention at ``i``, looking past punctuation, quotes and adverbs ("widely")
    in direction ``step``."""
    while 0 <= i < len(index.doc) and (
        index.doc[i].is_punct or index.doc[i].is_quote or index.doc[i].pos_ in ("ADV", "AUX")
    ):
        i += step
    return index.by_token.get(i) if 0 <= i < len(index.doc) else None


def add_places(index: MentionIndex, lex: Lexicon) -> None:
    """Names a place noun marks as places, whatever the model made of them: "the
    departments of Magdalena, Santander and Guajira", "the Sucre and Choco departments",
    "Ituri province", "the town of Komanda"."""
    changed = False
    for name in place_names(index.doc, lex.place_nouns):
        old = {id(index.by_token[t.i]): index.by_token[t.i] for t in name if t.i in index.by_token}
        if any(o.certainty >= 1.0 or o.type in ("Place", "State") for o in old.values()):
            continue  # a gazetteer actor or a place already
        text = name.text.strip()
        if not text[:1].isupper() or index.gaz.is_non_actor(text):
            continue
        for o in old.values():
            index.spans.remove(o)
            for tok in o.span:
                index.by_token.pop(tok.i, None)
        span = new_span(name, "Place", 0.85, text)
        index.spans.append(span)
        for tok in name:
            index.by_token[tok.i] = span
        changed = True
    if changed:
        index.spans.sort(key=lambda s: s.span.start)


#: Place nouns that, in apposition, say the name before them is a place ("Culiacan, the
#: capital of …", "Mpondwe, a town near …"), unlike "X, part of Y".
SETTLEMENT_NOUNS = frozenset(
    {"capital", "city", "town", "village", "province", "region", "district", "port", "county", "suburb"}
)


def place_names(doc: Doc, place_nouns: frozenset[str]) -> list[Span]:
    """Proper names a place noun introduces ("departments of A, B and C") or carries
    ("the A and B departments", "A province")."""
    names: list[Span] = []
    for noun in doc:
        # the tagger sometimes makes "departments" a verb and "Sucre" a common noun
        nounish = noun.pos_ == "NOUN" or (noun.pos_ == "VERB" and noun.dep_ in ("pobj", "dobj"))
        known = noun.lower_ in place_nouns or noun.lemma_.lower() in place_nouns
        if not nounish or not known or noun.text[:1].isupper():
            continue
        heads = [c for c in noun.children if c.dep_ in ("compound", "nmod") and _proper(c)]
        if noun.dep_ == "appos" and noun.lower_ in SETTLEMENT_NOUNS and _proper(noun.head):
            heads.append(noun.head)  # "Culiacan, the capital of Mexico's Sinaloa state"
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                heads += [c for c in prep.children if c.dep_ == "pobj" and _proper(c)]
        for head in heads:
            for tok in [head, *head.conjuncts]:
                name = proper_chunk(tok)
                if name is not None:
                    names.append(name)
    return names


def _proper(tok: Token) -> bool:
    """A capitalised name word (the tagger may call it a common noun mid-sentence)."""
    return tok.text[:1].isupper() and (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and not tok.is_sent_start))


def proper_chunk(tok: Token) -> Span | None:
    """The run of capitalised proper-noun tokens that ends at ``tok`` ("Valle del Cauca")."""
    if not _proper(tok):
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
