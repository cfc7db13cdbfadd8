"""Extraction: relations between actors, each with its evidence, from a parsed document.

Each module holds one kind of pattern and exposes ``relations(ctx) -> Iterator[Relation]``
over a :class:`~kgraph.extract.base.Context` (the parsed document with its actor
mentions). :func:`extract` runs them all and returns the document's ``Extraction``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from kgraph.extract import attacks, backing, designation, epithets, places, roles, ties
from kgraph.extract.base import VERSION, Context
from kgraph.records import Actor, Extraction, Mention, Relation

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kgraph.records import Document

__all__ = ["EXTRACTORS", "VERSION", "extract"]

Extractor = Callable[[Context], Iterator[Relation]]
EXTRACTORS: tuple[tuple[str, Extractor], ...] = (
    (epithets.NAME, epithets.relations),
    (backing.NAME, backing.relations),
    (designation.NAME, designation.relations),
    (ties.NAME, ties.relations),
    (attacks.NAME, attacks.relations),
    (roles.NAME, roles.relations),
    (places.NAME, places.relations),
)


def extract(document: Document, doc: Doc) -> Extraction:
    """Mentions, actors and relations of one parsed document (deterministic order)."""
    from kgraph.gazetteer import load_gazetteer
    from kgraph.lexicon import load_lexicon

    ctx = Context(document, doc, load_gazetteer(), load_lexicon())
    relations: set[Relation] = set()
    for _name, run in EXTRACTORS:
        relations.update(run(ctx))
    keys = {k for r in relations for k in (r.subject, r.object)}
    actors: dict[str, Actor] = {}
    mentions: list[Mention] = []
    # demonyms ("Iranian") name gazetteer states outside the mention index; anaphors
    # ("the group") are not names, so they are not kept as mentions of new actors
    used = [s for s in ctx.used.values() if s.key in ctx.gaz.actors]
    for span in [*ctx.mentions.spans, *used]:
        if span.key in keys:
            actors.setdefault(span.key, span.actor)
            mentions.append(
                Mention(document.id, span.span.start_char, span.span.end_char, span.span.text, span.key)
            )
    return Extraction(
        document=document,
        actors=tuple(sorted(actors.values())),
        relations=tuple(sorted(relations)),
        mentions=tuple(sorted(set(mentions))),
    )
