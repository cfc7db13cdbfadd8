"""The stand-ins for the model's attribute ruler and lemmatizer (kgraph.fastpipes) give
the same tokens as spaCy's own components."""

from __future__ import annotations

import pytest

from tests.conftest import DEV, EXAMPLES

pytestmark = pytest.mark.model

# Every token attribute that the compared components could set or that later ones read.
ATTRS = ["ORTH", "LOWER", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE"]


def _texts() -> list[str]:
    from kgraph.ingest import read_documents

    dev = sorted(read_documents([DEV / "articles"]))[:15] if DEV.is_dir() else []
    return [
        *(d.text for d in [*read_documents([EXAMPLES]), *dev]),
        # the rarer patterns of the attribute ruler: two-token ones, DEP and IS_SPACE tests
        "I'd say we're gonna win, y'all. Let's go! There are some who ain't got nothin'.\n\n  "
        "It was him, and he'll do it. Gotta go; c'mon.  Nobody doesn't know that.",
    ]


def _tokens(doc):  # noqa: ANN001, ANN202
    return (
        doc.to_array(ATTRS).tolist(),
        [(t.lemma_, str(t.morph), t.pos_, t.tag_, t.dep_) for t in doc],
    )


def test_the_stand_ins_give_the_tokens_of_spacys_components():
    import spacy

    from kgraph import fastpipes, nlp

    reference = spacy.load(nlp.DEFAULT_MODEL)
    fast = spacy.load(nlp.DEFAULT_MODEL)
    fastpipes.speed_up(fast)
    assert isinstance(fast.get_pipe("attribute_ruler"), fastpipes.FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), fastpipes.FastLemmatizer)
    assert fast.get_pipe("attribute_ruler").supported
    texts = _texts()
    for _ in range(2):  # the second time from the stand-ins' caches
        for expected, got in zip(reference.pipe(texts), fast.pipe(texts), strict=True):
            assert _tokens(got) == _tokens(expected)


def test_an_attribute_ruler_pattern_it_cannot_evaluate_leaves_the_work_to_spacy():
    import spacy

    from kgraph import fastpipes

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "big"}, {"LOWER": "red", "OP": "+"}]], {"TAG": "JJ"}, index=-1)
    ruler.add([[{"LENGTH": 3}]], {"TAG": "X3"})
    fast = fastpipes.FastAttributeRuler(ruler)
    assert not fast.supported
    text = "a big red red car"
    assert [t.tag_ for t in fast(nlp.make_doc(text))] == [t.tag_ for t in ruler(nlp.make_doc(text))]
    assert [t.tag_ for t in fast(nlp.make_doc(text))] == ["", "X3", "X3", "X3", "X3"]


def test_line_breaks_are_found_where_a_token_or_its_whitespace_holds_one(nlp):
    from kgraph.nlp import line_breaks

    texts = [
        *_texts(),
        "\nHeadline\n\nFirst line.\r\nSecond line \n third\n",
        "no break at all",
        "a\n",
        "\n\n",
        "",
    ]
    for text in texts:
        doc = nlp.make_doc(text)
        expected = [i for i, tok in enumerate(doc[:-1]) if "\n" in tok.text or "\n" in tok.whitespace_]
        assert line_breaks(doc) == expected
