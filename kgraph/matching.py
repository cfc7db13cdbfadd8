"""Whether two names are one actor: the matching rules of resolution.

Candidates are the keys the extractions use (and gazetteer actors), with their names.
Names are compared only within blocks (same bare form, same consonant skeleton, or the
same first three letters of it), with rapidfuzz ratios; see :mod:`kgraph.resolve` for
the rules in words.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from kgraph.names import bare, initials, is_acronym, skeleton, word_skeleton
from kgraph.records import Actor

SKELETON_MIN = 4  # shorter skeletons ("IS", "Hamas") match only on equal names
SKELETON_RATIO = 70.0  # whole names with the same skeleton
WORD_RATIO = 60.0  # each differing word of such names ("Zambia" / "Zimbabwe" is 57)
TYPO_WORD_RATIO = 80.0  # the one differing word of a typo ("Hezbolla" / "Hezbollah" is 94)
TYPO_MIN_LENGTH = 6  # ... and its length ("Iraq" / "Iran", "Mali" / "Malawi" never)
PERSON_RATIO = 85.0
GROUP_TYPES = frozenset({"ArmedGroup", "Organization"})
MAX_NAME = 80  # longer "names" are parsing accidents, never aliases

Pair = tuple[float, str, str]  # (score, key, key)


@dataclass
class Candidate:
    """One key as the extractions use it: its names, type and documents."""

    key: str
    type: str
    gazetteer: bool
    labels: Counter[str] = field(default_factory=Counter)  # label -> number of documents
    types: Counter[str] = field(default_factory=Counter)
    surfaces: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    first_seen: tuple[str, str] = ("~", "")  # (publication date or "~" if undated, document id)

    def names(self) -> set[str]:
        return {n for n in (set(self.labels) | self.surfaces) if 0 < len(n) < MAX_NAME}


def gazetteer_candidate(actor: Actor) -> Candidate:
    return Candidate(actor.key, actor.type, True, Counter({actor.label: 0}), surfaces=set(actor.aliases))


@dataclass(frozen=True, slots=True)
class Form:
    key: str
    name: str
    bare: str
    skeleton: str
    words: int
    acronym: bool


@lru_cache(maxsize=1 << 18)
def make_form(key: str, name: str) -> Form:
    """A name's comparison forms, worked out once per (actor, name) in a process: both
    the name pairs and the shortened-name pairs need them."""
    b = bare(name)
    return Form(key, name, b, skeleton(name), len(b.split()), is_acronym(name))


def compatible(a: Candidate, b: Candidate) -> bool:
    if a.gazetteer and b.gazetteer:
        return False
    if a.type == b.type:
        return True
    # a generic Organization the statistical model found may be an armed group
    org = a if a.type == "Organization" else b
    return {a.type, b.type} == GROUP_TYPES and not org.gazetteer


def name_score(a: Form, b: Form, person: bool) -> float:
    """How surely two names are the same actor (0 = not the same), by the rules of
    :mod:`kgraph.resolve`: equal bare forms; the same words up to transliteration; or,
    except for persons, one long word with a typo. Acronyms only match when equal."""
    from rapidfuzz import fuzz

    if not a.bare or not b.bare or a.words != b.words:
        return 0.0
    if person and a.words < 2:
        return 0.0  # across documents a person joins only on a full name
    if a.bare == b.bare:
        return 100.0
    if a.acronym or b.acronym:
        return 0.0
    ratio = fuzz.ratio(a.bare, b.bare)
    differ = [(x, y) for x, y in zip(a.bare.split(), b.bare.split(), strict=True) if x != y]
    transliterated = all(
        word_skeleton(x) == word_skeleton(y) and fuzz.ratio(x, y) >= WORD_RATIO for x, y in differ
    )
    threshold = PERSON_RATIO if person else SKELETON_RATIO
    if transliterated and len(a.skeleton) >= SKELETON_MIN and ratio >= threshold:
        return ratio
    if not person and len(differ) == 1:
        x, y = differ[0]
        if min(len(x), len(y)) >= TYPO_MIN_LENGTH and fuzz.ratio(x, y) >= TYPO_WORD_RATIO:
            return ratio
    return 0.0


def blocks(forms: Iterable[Form]) -> dict[str, list[Form]]:
    """Blocking: only names that share a block are compared."""
    out: dict[str, list[Form]] = defaultdict(list)
    for form in forms:
        if form.bare:
            out["b:" + form.bare].append(form)
            out["s:" + form.skeleton].append(form)
            out["p:" + form.skeleton[:3]].append(form)
    return out


def name_pairs(cands: dict[str, Candidate], pool: dict[str, Candidate]) -> list[Pair]:
    """(score, key, key) of every pair of keys whose names match, best first: each name
    of ``cands`` that is not a gazetteer actor against every name of ``pool``."""
    forms = [make_form(c.key, n) for c in pool.values() for n in sorted(c.names())]
    best: dict[tuple[str, str], float] = {}
    for block in blocks(forms).values():
        for a in (f for f in block if f.key in cands and not cands[f.key].gazetteer):
            for b in block:
                pair = (min(a.key, b.key), max(a.key, b.key))
                if a.key == b.key or not compatible(pool[a.key], pool[b.key]):
                    continue
                score = name_score(a, b, person=pool[a.key].type == "Person")
                if score > best.get(pair, 0.0):
                    best[pair] = score
    return [(s, a, b) for (a, b), s in best.items()]


def unambiguous(pairs: Iterable[Pair], pool: dict[str, Candidate]) -> list[Pair]:
    """The pairs, best first, without those of a name that matches two gazetteer actors
    by any rule ("Ansar el Islam" is both Ansar al-Islam and Ansar ul-Islam)."""
    pairs = list(pairs)
    known: dict[str, set[str]] = defaultdict(set)
    for _, a, b in pairs:
        if pool[a].gazetteer != pool[b].gazetteer:
            unknown, gazetteer = (b, a) if pool[a].gazetteer else (a, b)
            known[unknown].add(gazetteer)
    ambiguous = {k for k, found in known.items() if len(found) > 1}
    kept = [(s, a, b) for s, a, b in pairs if not {a, b} & ambiguous]
    return sorted(kept, key=lambda t: (-t[0], t[1], t[2]))


def subset_pairs(cands: dict[str, Candidate], pool: dict[str, Candidate]) -> list[Pair]:
    """(score, key, key): a name of two words or more that is a shortened form of exactly
    one other actor's name ("Hezbollah al-Nujaba" of "Harakat Hezbollah al-Nujaba")."""
    index: dict[str, set[Form]] = defaultdict(set)
    for c in pool.values():
        for name in c.names():
            form = make_form(c.key, name)
            for word in form.bare.split():
                index[word].add(form)
    out = []
    for cand in sorted(cands.values(), key=lambda c: c.key):
        if cand.gazetteer or cand.type == "Person":
            continue
        found: set[str] = set()
        for name in sorted(cand.names()):
            words = bare(name).split()
            if len(words) < 2:
                continue
            shared = set.intersection(*(index.get(w, set()) for w in words))
            for form in shared:
                longer = form.bare.split()
                if (
                    form.key != cand.key
                    and len(longer) > len(words)
                    and _subsequence(words, longer)
                    and compatible(cand, pool[form.key])
                ):
                    found.add(form.key)
        if len(found) == 1:
            out.append((55.0, cand.key, found.pop()))
    return out


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


def acronym_pairs(
    cands: dict[str, Candidate], pool: dict[str, Candidate], texts: dict[str, str]
) -> list[Pair]:
    """(score, acronym key, expansion key): an acronym joins the one actor it abbreviates
    whose full name is written in an article that uses the acronym."""
    out = []
    for cand in sorted(cands.values(), key=lambda c: c.key):
        acronyms = {n for n in cand.labels if is_acronym(n)}
        if cand.gazetteer or not acronyms or cand.type == "Person":
            continue
        text = " ".join(texts.get(d, "") for d in sorted(cand.docs)).casefold()
        found = set()
        for other in pool.values():
            if other.key == cand.key or not compatible(cand, other):
                continue
            for name in other.names():
                if initials(name) in acronyms and len(name.split()) > 1 and name.casefold() in text:
                    found.add(other.key)
                    break
        if len(found) == 1:
            out.append((60.0, cand.key, found.pop()))
    return out
