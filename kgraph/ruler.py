"""A drop-in for the token Matcher of the actor EntityRuler, indexed by first token.

spaCy's Matcher tries every pattern at every token, so thousands of gazetteer names
cost more than the statistical model. Most of them are plain word sequences (each
token one exact ``LOWER`` or ``ORTH`` value): those are looked up here through a dict
keyed by their first token; the few others (with operators or sets) stay with a real
Matcher. The matches are the same (key, start, end) triples, listed in the order the
Matcher lists them (by end, then start, then the order patterns were added), so the
ruler picks the same entities.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

PLAIN_ATTRS = ("LOWER", "ORTH")


def plain(pattern: list[dict[str, Any]]) -> bool:
    """A sequence of tokens, each given by one exact LOWER or ORTH string."""
    return bool(pattern) and all(
        len(tok) == 1 and next(iter(tok)) in PLAIN_ATTRS and isinstance(next(iter(tok.values())), str)
        for tok in pattern
    )


class IndexedMatcher:
    """Exposes what the EntityRuler uses of a Matcher: add, _normalize_key, remove, len, call."""

    def __init__(self, vocab: Vocab) -> None:
        from spacy.matcher import Matcher

        self.vocab = vocab
        self.fallback = Matcher(vocab)
        # (column, value hash) of the first token -> [(order, key, ((column, value hash), ...))]
        self.index: dict[tuple[int, int], list[tuple[int, int, tuple[tuple[int, int], ...]]]] = defaultdict(
            list
        )
        self.count = 0

    def _normalize_key(self, key: Any) -> int:
        return self.fallback._normalize_key(key)

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        match_id = self.vocab.strings.add(key)
        for pattern in patterns:
            self.count += 1
            if not plain(pattern):
                self.fallback.add(key, [pattern])
                continue
            steps = tuple(
                (PLAIN_ATTRS.index(attr), self.vocab.strings.add(value))
                for tok in pattern
                for attr, value in tok.items()
            )
            self.index[steps[0]].append((self.count, match_id, steps[1:]))

    def remove(self, key: str) -> None:  # pragma: no cover - kgraph never removes patterns
        raise NotImplementedError("IndexedMatcher patterns cannot be removed")

    def __len__(self) -> int:
        return self.count

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        from spacy.attrs import LOWER, ORTH

        columns = doc.to_array([LOWER, ORTH]).tolist()
        n = len(columns)
        found: list[tuple[int, int, int, int]] = []  # (end, start, order, key)
        for start, row in enumerate(columns):
            for col in (0, 1):
                for order, key, rest in self.index.get((col, row[col]), ()):
                    end = start + 1 + len(rest)
                    if end <= n and all(columns[start + 1 + k][c] == v for k, (c, v) in enumerate(rest)):
                        found.append((end, start, order, key))
        found.sort()
        seen: set[tuple[int, int, int]] = set()
        out: list[tuple[int, int, int]] = []
        for end, start, _order, key in found:
            if (key, start, end) not in seen:
                seen.add((key, start, end))
                out.append((key, start, end))
        return out + [m for m in self.fallback(doc) if m not in seen]
