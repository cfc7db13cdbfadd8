"""Comparison forms of actor names, used to decide whether two names are the same actor.

Three forms, from strict to loose:

``normalise``  case, accents, apostrophes, dots, hyphens and a leading "the" ignored
               (the gazetteer's form: "Kata'ib Hezbollah" == "kataib hezbollah")
``bare``       also without Arabic articles (al-, el-, ad-…) and a trailing generic word
               ("group", "militia", "movement"): "the al-Nujaba Movement" -> "nujaba"
``skeleton``   the consonants of the bare form, transliteration variants folded
               (q/k, ou/u, ee/i, doubled letters, vowels dropped): "Hizballah",
               "Hezbollah" and "Hizbullah" all give "hzblh" (per word: ``word_skeleton``)
"""

from __future__ import annotations

import re

from kgraph.gazetteer import normalise

ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "ar", "az", "at", "an", "ul", "il"})
GENERIC_TAIL = frozenset({"group", "militia", "militias", "movement", "organisation", "organization"})
INITIAL_SKIP = frozenset({"of", "the", "and", "in", "for", "de", "del", "la", "wa", "wal", *ARTICLES})
FOLDS = (("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("q", "k"), ("dh", "d"), ("y", "i"), ("w", "u"))
VOWELS = "aeiou"


def bare(name: str) -> str:
    words = [w for w in normalise(name).split() if w not in ARTICLES]
    if len(words) > 1 and words[-1] in GENERIC_TAIL:
        words = words[:-1]
    return " ".join(words)


def word_skeleton(word: str) -> str:
    """Consonant skeleton of one word of a bare form."""
    for old, new in FOLDS:
        word = word.replace(old, new)
    head, tail = word[:1], word[1:]
    tail = "".join(c for c in tail if c not in VOWELS)
    word = head + tail
    word = re.sub(r"(.)\1+", r"\1", word)
    return word


def skeleton(name: str) -> str:
    """Consonant skeleton of the bare form, without spaces (a blocking key)."""
    return "".join(word_skeleton(w) for w in bare(name).split())


def initials(name: str) -> str:
    """Upper-case initials of the significant words: 'Estado Mayor Central' -> 'EMC'."""
    words = [w for w in normalise(name).split() if w not in INITIAL_SKIP]
    return "".join(w[0] for w in words).upper()


def is_acronym(name: str) -> bool:
    """'KH', 'I.S.', 'MONUSCO': one word in capitals (never matched by similarity)."""
    text = name.replace(".", "").replace("-", "")
    return 2 <= len(text) <= 10 and text.isalpha() and text.isupper()
