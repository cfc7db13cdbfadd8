"""Parallel, streamed extraction: the same bytes on 1 or N processes, batches spooled
through the cache."""

from __future__ import annotations

import json
import random

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.model


def test_one_process_and_two_give_the_same_bytes(tmp_path, built_examples):
    from kgraph.pipeline import build

    result = build([EXAMPLES], tmp_path / "one", jobs=1, write_viewer=False)
    assert result.new_documents == 4
    two = tmp_path / "two"
    build([EXAMPLES], two, jobs=2, write_viewer=False)
    for name in ("graph.ttl", "graph.trig"):
        one_bytes = (tmp_path / "one" / name).read_bytes()
        assert one_bytes == (two / name).read_bytes()
        assert one_bytes == (built_examples / name).read_bytes()  # built with the default (all cores)


def test_no_document_is_left_pending_and_a_pending_one_is_extracted(tmp_path):
    from kgraph.cache import PENDING, ExtractionCache
    from kgraph.ingest import read_documents
    from kgraph.pipeline import build, extractor_version

    out = tmp_path / "out"
    docs = list(read_documents([EXAMPLES]))
    cache = ExtractionCache(out, extractor_version())
    cache.put_pending(docs[0])  # as an interrupted build leaves it
    assert cache.document(docs[0].id) == docs[0] and cache.get(docs[0].id) is None
    result = build([EXAMPLES], out, jobs=2, write_viewer=False)
    assert result.new_documents == 4
    versions = {json.loads(p.read_text())["version"] for p in (out / "cache").glob("*.json")}
    assert versions == {extractor_version()} and PENDING not in versions
    again = build([EXAMPLES], out, jobs=2, write_viewer=False)
    assert again.new_documents == 0


def test_batches_are_fixed_by_document_id(tmp_path):
    from kgraph import pipeline
    from kgraph.cache import ExtractionCache
    from kgraph.ingest import make_document

    cache = ExtractionCache(tmp_path, "v")
    docs = [make_document(f"Article number {i}.", source=f"{i}.txt") for i in range(40)]
    for doc in docs:
        cache.put_pending(doc)
    ids = sorted(d.id for d in docs)
    batches = list(pipeline._batches(ids, cache))
    assert [len(b) for b in batches] == [4] * 10
    assert [d.id for b in batches for d in b] == ids


def test_the_last_batches_are_small():
    from kgraph.pipeline import batch_sizes

    assert batch_sizes(0) == [] and batch_sizes(3) == [3] and batch_sizes(6) == [4, 2]
    assert batch_sizes(100) == [16, 16] + [4] * 17
    assert batch_sizes(368) == [16] * 19 + [4] * 16
    for n in range(300):
        assert sum(batch_sizes(n)) == n and all(0 < s <= 16 for s in batch_sizes(n))


def test_jobs_must_be_positive(tmp_path):
    from click.testing import CliRunner

    from kgraph.cli import main

    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "-o", str(tmp_path / "o"), "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs" in result.output


def test_the_indexed_ruler_finds_what_the_spacy_matcher_finds(nlp):
    """The actor ruler's matches, with kgraph's indexed matcher and with spaCy's Matcher."""
    from spacy.matcher import Matcher

    from kgraph.gazetteer import load_gazetteer
    from kgraph.ingest import read_documents
    from kgraph.lexicon import load_lexicon
    from tests.conftest import DEV

    ruler = nlp.get_pipe("kgraph_actors")
    lex = load_lexicon()
    reference = Matcher(nlp.vocab)
    for entry in load_gazetteer().patterns(nlp.make_doc, lex.force_nouns, lex.force_modifiers):
        label = ruler._create_label(entry["label"], entry["id"]) if "id" in entry else entry["label"]
        reference.add(label, [entry["pattern"]])
    indexed = ruler.matcher
    dev = sorted(read_documents([DEV / "articles"]))[:12] if DEV.is_dir() else []
    texts = [d.text for d in [*read_documents([EXAMPLES]), *dev]]
    texts.append("The U.S.-backed SDF and Iran-backed militias such as Kata'ib Hezbollah (KH) clashed.")
    # dense runs of the "<demonym> [modifier]* <force noun>" patterns' words
    rnd = random.Random(6)
    words = [*sorted(lex.force_modifiers), *sorted(lex.force_nouns), "Afghan", "North", "Korean", "US", "the"]
    texts.extend(" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 12))) for _ in range(400))
    for text in texts:
        doc = nlp.make_doc(text)
        assert set(indexed(doc)) == set(reference(doc))
        try:
            ruler.matcher = reference
            expected = ruler.match(doc)
        finally:
            ruler.matcher = indexed
        assert ruler.match(doc) == expected
