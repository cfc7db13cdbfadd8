"""A drop-in for the token Matcher of the actor EntityRuler, indexed by first token.

spaCy's Matcher tries every pattern at every token, so thousands of gazetteer names
cost more than the statistical model. Here every pattern whose first token is one exact
``LOWER`` or ``ORTH`` value is looked up through a dict keyed by that value, and only at
the tokens that have it (found with one ``numpy.isin`` per document). Plain word
sequences are then compared token by token; "anchored" patterns (the later tokens a
string or an ``IN`` list, with an optional ``*``, ``+`` or ``?``: the "<demonym>
[modifier]* <force noun>" phrases) are followed from there as a small automaton that
yields every end of a match, as the Matcher does. Any other pattern stays with a real
Matcher. The matches are the same (key, start, end) triples, listed in the order the
Matcher lists them (by end, then start, then the order patterns were added; the plain
ones first), so the ruler picks the same entities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

PLAIN_ATTRS = ("LOWER", "ORTH")
OPERATORS = ("", "*", "+", "?")

# A pattern token after the first: (column, the values it accepts, operator)
Step = tuple[int, frozenset[int], str]


def plain(pattern: list[dict[str, Any]]) -> bool:
    """A sequence of tokens, each given by one exact LOWER or ORTH string."""
    return bool(pattern) and all(
        len(tok) == 1 and next(iter(tok)) in PLAIN_ATTRS and isinstance(next(iter(tok.values())), str)
        for tok in pattern
    )


def _step(tok: dict[str, Any]) -> tuple[str, list[str], str] | None:
    """(attribute, accepted strings, operator) of a token given by one LOWER or ORTH
    string or IN list, with an optional operator; None for anything else."""
    op = tok.get("OP", "")
    rest = [k for k in tok if k != "OP"]
    if op not in OPERATORS or len(rest) != 1 or rest[0] not in PLAIN_ATTRS:
        return None
    value = tok[rest[0]]
    if isinstance(value, str):
        return rest[0], [value], op
    if isinstance(value, dict) and list(value) == ["IN"] and all(isinstance(v, str) for v in value["IN"]):
        return rest[0], list(value["IN"]), op
    return None


def anchored(pattern: list[dict[str, Any]]) -> bool:
    """A first token given by one exact string, then tokens given by a string or an IN
    list, each with an optional ``*``, ``+`` or ``?``: matched here, not by a Matcher."""
    return bool(pattern) and plain(pattern[:1]) and all(_step(tok) is not None for tok in pattern[1:])


def _ends(steps: tuple[Step, ...], columns: list[list[int]], start: int) -> list[int]:
    """Every end of a match of ``steps`` from token ``start`` (its first token matched)."""

    def closure(states: set[int]) -> set[int]:
        todo = list(states)
        while todo:
            k = todo.pop()
            if k < len(steps) and steps[k][2] in ("*", "?") and k + 1 not in states:
                states.add(k + 1)
                todo.append(k + 1)
        return states

    ends: list[int] = []
    states = closure({0})
    i = start + 1
    while states:
        if len(steps) in states:
            ends.append(i)
        if i >= len(columns):
            break
        row = columns[i]
        following: set[int] = set()
        for k in states:
            if k < len(steps):
                col, values, op = steps[k]
                if row[col] in values:
                    following.add(k + 1)
                    if op in ("*", "+"):
                        following.add(k)
                        if op == "+":
                            following.add(k + 1)
        states = closure(following)
        i += 1
    return ends


class Node:
    """A trie node of plain patterns: the patterns that end here, and the next tokens."""

    __slots__ = ("ends", "next")

    def __init__(self) -> None:
        self.ends: list[tuple[int, int]] = []  # (order, key)
        self.next: dict[tuple[int, int], Node] = {}


def _walk(node: Node, columns: list[list[int]], start: int) -> Iterator[tuple[int, int, int, int]]:
    """(end, start, order, key) of the plain patterns under ``node``, whose first token
    is ``columns[start]``."""
    active = [node]
    end = start + 1
    while active:
        for here in active:
            for order, key in here.ends:
                yield end, start, order, key
        if end >= len(columns):
            return
        row = columns[end]
        active = [
            child
            for here in active
            if here.next
            for child in (here.next.get((0, row[0])), here.next.get((1, row[1])))
            if child is not None
        ]
        end += 1


class IndexedMatcher:
    """Exposes what the EntityRuler uses of a Matcher: add, _normalize_key, remove, len, call."""

    def __init__(self, vocab: Vocab) -> None:
        from spacy.matcher import Matcher

        self.vocab = vocab
        self.fallback = Matcher(vocab)
        # a trie of the plain patterns: (column, value hash) of each token in turn -> Node
        self.index: dict[tuple[int, int], Node] = {}
        # (column, value hash) of the first token -> [(order, key, steps)] of anchored patterns
        self.anchors: dict[tuple[int, int], list[tuple[int, int, tuple[Step, ...]]]] = defaultdict(list)
        self.firsts: tuple[Any, Any] | None = None  # first-token hashes per column, as arrays
        self.count = 0

    def _normalize_key(self, key: Any) -> int:
        return self.fallback._normalize_key(key)

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        match_id = self.vocab.strings.add(key)
        strings = self.vocab.strings
        self.firsts = None
        for pattern in patterns:
            self.count += 1
            if plain(pattern):
                steps = tuple(
                    (PLAIN_ATTRS.index(attr), strings.add(value))
                    for tok in pattern
                    for attr, value in tok.items()
                )
                node = self.index.setdefault(steps[0], Node())
                for step in steps[1:]:
                    node = node.next.setdefault(step, Node())
                node.ends.append((self.count, match_id))
            elif anchored(pattern):
                ((attr, value),) = pattern[0].items()
                rest: list[Step] = []
                for tok in pattern[1:]:
                    name, accepted, op = _step(tok) or ("", [], "")
                    rest.append((PLAIN_ATTRS.index(name), frozenset(strings.add(v) for v in accepted), op))
                self.anchors[(PLAIN_ATTRS.index(attr), strings.add(value))].append(
                    (self.count, match_id, tuple(rest))
                )
            else:
                self.fallback.add(key, [pattern])

    def remove(self, key: str) -> None:  # pragma: no cover - kgraph never removes patterns
        raise NotImplementedError("IndexedMatcher patterns cannot be removed")

    def __len__(self) -> int:
        return self.count

    def _candidates(self, array: Any) -> list[int]:
        """The tokens that may start a match: their LOWER or ORTH begins some pattern."""
        import numpy

        if self.firsts is None:
            keys = [*self.index, *self.anchors]
            self.firsts = (
                numpy.array(sorted({v for c, v in keys if c == 0}), dtype="uint64"),
                numpy.array(sorted({v for c, v in keys if c == 1}), dtype="uint64"),
            )
        lower, orth = self.firsts
        hits = numpy.isin(array[:, 0], lower) | numpy.isin(array[:, 1], orth)
        return hits.nonzero()[0].tolist()

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        from spacy.attrs import LOWER, ORTH

        array: Any = doc.to_array([LOWER, ORTH]).reshape(len(doc), 2)
        starts = self._candidates(array)
        columns: list[list[int]] = array.tolist()
        found: list[tuple[int, int, int, int]] = []  # (end, start, order, key)
        spans: list[tuple[int, int, int, int]] = []  # the same, of anchored patterns
        for start in starts:
            row = columns[start]
            for col in (0, 1):
                first = (col, row[col])
                node = self.index.get(first)
                if node is not None:
                    found.extend(_walk(node, columns, start))
                for order, key, steps in self.anchors.get(first, ()):
                    spans.extend((end, start, order, key) for end in _ends(steps, columns, start))
        found.sort()
        spans.sort()
        seen: set[tuple[int, int, int]] = set()
        out: list[tuple[int, int, int]] = []
        for group in (found, spans):
            for end, start, _order, key in group:
                if (key, start, end) not in seen:
                    seen.add((key, start, end))
                    out.append((key, start, end))
        if len(self.fallback):
            out.extend(m for m in self.fallback(doc) if m not in seen)
        return out
