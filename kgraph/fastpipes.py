"""Faster stand-ins for two Python components of the spaCy model, with the same output.

spaCy's ``attribute_ruler`` runs a token Matcher over every token and then sets each
match's attributes through a Span; its rule ``lemmatizer`` builds a Token object for
every token. Both cost more than the model's parser. Here:

* :class:`FastAttributeRuler` decides which patterns match a token from the token's
  own attributes (TAG, LOWER, DEP, IS_SPACE ...), cached per distinct combination, and
  writes the resulting attributes with one ``Doc.from_array``. Matches are applied in
  the same order as spaCy's (by pattern number, later patterns win). Patterns it cannot
  evaluate exactly (operators, other predicates) make it hand every document to the
  original component instead.
* :class:`FastLemmatizer` caches the rule lemmatizer's answer by (ORTH, POS, MORPH),
  the key spaCy's own cache uses (its answer depends on nothing else), and writes the
  lemmas with one ``Doc.from_array``; it asks the original component for a lemma it
  has not seen.

:func:`speed_up` swaps them in for the model's components, keeping their names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# Token attributes a pattern may test, and how a test reads them from to_array values.
STRING_ATTRS = ("ORTH", "LOWER", "TAG", "DEP", "POS", "NORM")
FLAG_ATTRS = ("IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_STOP")

Test = Callable[[Any], bool]


def _regex_test(rx: re.Pattern[str]) -> Test:
    return lambda v: isinstance(v, str) and rx.search(v) is not None


def _set_test(members: frozenset[str], inside: bool) -> Test:
    return lambda v: (v in members) is inside


def _array(doc: Doc, attrs: Sequence[int]) -> Any:
    """``doc.to_array(attrs)`` as a (tokens x attrs) array of uint64."""
    ids: list[int | str] = [*attrs]
    return doc.to_array(ids).reshape(len(doc), len(ids))


def _value_test(value: Any) -> Test | None:
    """A test of one attribute's value (a string or a flag), or None if it is not supported."""
    if isinstance(value, bool):
        return lambda v: bool(v) is value
    if isinstance(value, str):
        return lambda v: v == value
    if isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN", "REGEX"}:
        tests: list[Test] = []
        for op, arg in value.items():
            if op == "REGEX" and isinstance(arg, str):
                tests.append(_regex_test(re.compile(arg)))
            elif op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
                tests.append(_set_test(frozenset(arg), op == "IN"))
            else:
                return None
        return lambda v: all(t(v) for t in tests)
    return None


class TokenTest:
    """One token of a Matcher pattern as a test of a token's attribute values."""

    def __init__(self, spec: dict[str, Any], columns: list[str]) -> None:
        self.tests: list[tuple[int, Test]] = []
        self.keys: list[tuple[int, str]] | None = None  # the test passes only on one of these values
        self.ok = bool(spec)
        for attr, value in spec.items():
            test = _value_test(value) if attr in STRING_ATTRS + FLAG_ATTRS else None
            if test is None or (attr in FLAG_ATTRS and not isinstance(value, bool)):
                self.ok = False
                return
            if attr not in columns:
                columns.append(attr)
            col = columns.index(attr)
            self.tests.append((col, test))
            if isinstance(value, str):
                self.keys = [(col, value)]
            elif self.keys is None and isinstance(value, dict) and set(value) == {"IN"}:
                self.keys = [(col, v) for v in value["IN"]]

    def __call__(self, values: Sequence[Any]) -> bool:
        return all(test(values[col]) for col, test in self.tests)


class FastAttributeRuler:
    """The model's attribute ruler, evaluated per distinct token instead of per token."""

    def __init__(self, original: Any) -> None:
        from spacy.attrs import IDS

        self.original = original
        self.vocab: Vocab = original.vocab
        self.columns: list[str] = []
        self.singles: list[tuple[int, TokenTest]] = []  # (pattern number, test)
        self.keyed: dict[tuple[int, str], list[int]] = {}  # (column, value) -> indices in singles
        self.unkeyed: list[int] = []  # indices in singles to test on every token
        self.multis: list[tuple[int, list[TokenTest], int]] = []  # (number, tests, target offset)
        self.supported = self._compile()
        self.col_ids = [IDS[c] for c in self.columns]
        self.out_ids = sorted({attr for attrs in original.attrs for attr in attrs})
        self.out_pos = {attr: k for k, attr in enumerate(self.out_ids)}
        self.by_token: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self.next_ok: dict[tuple[int, int, tuple[int, ...]], bool] = {}
        self.effects: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}

    def _compile(self) -> bool:
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

        settable = {POS, TAG, DEP, LEMMA, MORPH}  # token attributes only (no lexeme attributes)
        for number, entry in enumerate(self.original.patterns):
            attrs = self.original.attrs[number]
            if not set(attrs) <= settable or any(not isinstance(v, int) for v in attrs.values()):
                return False
            for pattern in entry["patterns"]:
                tests = [TokenTest(spec, self.columns) for spec in pattern]
                index = entry["index"]
                if not tests or not all(t.ok for t in tests) or not -len(tests) <= index < len(tests):
                    return False
                if len(tests) == 1:
                    keys = tests[0].keys
                    for key in keys or ():
                        self.keyed.setdefault(key, []).append(len(self.singles))
                    if keys is None:
                        self.unkeyed.append(len(self.singles))
                    self.singles.append((number, tests[0]))
                else:
                    self.multis.append((number, tests, index % len(tests)))
        return True

    def _strings(self, row: tuple[int, ...]) -> list[Any]:
        strings = self.vocab.strings
        return [row[k] if attr in FLAG_ATTRS else strings[row[k]] for k, attr in enumerate(self.columns)]

    def _token(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The single-token patterns matching a token, and the multi-token ones it may start."""
        found = self.by_token.get(row)
        if found is None:
            values = self._strings(row)
            candidates = set(self.unkeyed)
            for col, value in enumerate(values):
                if isinstance(value, str):
                    candidates.update(self.keyed.get((col, value), ()))
            found = (
                tuple(sorted({n for n, test in (self.singles[c] for c in candidates) if test(values)})),
                tuple(k for k, (_, tests, _) in enumerate(self.multis) if tests[0](values)),
            )
            self.by_token[row] = found
        return found

    def _continues(self, k: int, step: int, row: tuple[int, ...]) -> bool:
        key = (k, step, row)
        ok = self.next_ok.get(key)
        if ok is None:
            ok = self.next_ok[key] = self.multis[k][1][step](self._strings(row))
        return ok

    def _effect(self, numbers: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """(output column, value) pairs left by applying these patterns in order."""
        effect = self.effects.get(numbers)
        if effect is None:
            final: dict[int, int] = {}
            for n in numbers:
                for attr, value in self.original.attrs[n].items():
                    final[self.out_pos[attr]] = value
            effect = self.effects[numbers] = tuple(sorted(final.items()))
        return effect

    def __call__(self, doc: Doc) -> Doc:
        if not self.supported or not len(doc):
            return self.original(doc)
        rows = [tuple(r) for r in _array(doc, self.col_ids).tolist()]
        hits = [self._token(row) for row in rows]
        numbers: list[tuple[int, ...]] = [single for single, _ in hits]
        n = len(rows)
        for i, (_, starts) in enumerate(hits):
            for k in starts:
                number, tests, target = self.multis[k]
                if i + len(tests) <= n and all(
                    self._continues(k, s, rows[i + s]) for s in range(1, len(tests))
                ):
                    j = i + target
                    numbers[j] = tuple(sorted({*numbers[j], number}))
        out = _array(doc, self.out_ids)
        changed = False
        for i, nums in enumerate(numbers):
            if nums:
                changed = True
                for col, value in self._effect(nums):
                    out[i, col] = value
        if changed:
            doc.from_array(self.out_ids, out)
        return doc


class FastLemmatizer:
    """The model's rule lemmatizer with its answers cached by (ORTH, POS, MORPH)."""

    def __init__(self, original: Any) -> None:
        self.original = original
        self.supported = getattr(original, "mode", None) == "rule"
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS
        from spacy.errors import Errors

        original = self.original
        if not self.supported or not len(doc):
            return original(doc)
        if not original._validated:
            original._validate_tables(Errors.E1004)
        overwrite = original.overwrite
        strings = doc.vocab.strings
        rows = _array(doc, [ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = [row[3] for row in rows]
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = self.lemmas.get(key)
            if value is None:
                value = self.lemmas[key] = strings.add(original.lemmatize(doc[i])[0])
            lemmas[i] = value
        out = _array(doc, [LEMMA])
        out[:, 0] = lemmas
        doc.from_array([LEMMA], out)
        return doc


def speed_up(nlp: Language) -> None:
    """Replace the model's attribute ruler and rule lemmatizer by the stand-ins, in place."""
    from spacy.pipeline import AttributeRuler, Lemmatizer

    for i, (name, component) in enumerate(nlp._components):
        if isinstance(component, AttributeRuler):
            nlp._components[i] = (name, FastAttributeRuler(component))
        elif isinstance(component, Lemmatizer) and component.mode == "rule":
            nlp._components[i] = (name, FastLemmatizer(component))
