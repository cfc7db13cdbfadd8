"""Shared fixtures. The real spaCy model is loaded once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("KGRAPH_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "eval" / "dev"
SEED = DEV / "articles" / "seed_npr_kataib_hezbollah.txt"
SCORER = SHARED / "eval" / "score.py"
ARTIFACTS = ROOT / "test-artifacts"

needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"dev set not found at {DEV} (set KGRAPH_SHARED)")


@pytest.fixture(scope="session")
def nlp():
    from kgraph import nlp as kgraph_nlp

    return kgraph_nlp.load()


@pytest.fixture(scope="session")
def parse(nlp):
    """Parse a text and extract from it: returns the Extraction."""
    from kgraph.extract import extract
    from kgraph.ingest import make_document

    def run(text: str):
        document = make_document(text, source="<test>")
        return extract(document, nlp(document.text))

    return run


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory):
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    from kgraph.pipeline import build

    out = tmp_path_factory.mktemp("seed")
    build([SEED], out)
    return out


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory):
    from kgraph.pipeline import build

    out = tmp_path_factory.mktemp("examples")
    build([EXAMPLES], out)
    return out


@pytest.fixture(scope="session")
def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


def triples(outdir: Path) -> set[tuple[str, str, str]]:
    """(subject label, relation, object label) of the merged graph in OUTDIR/graph.ttl."""
    import rdflib
    from rdflib.namespace import RDFS

    from kgraph.namespace import KG, RELATIONS

    g = rdflib.Graph().parse(outdir / "graph.ttl", format="turtle")
    out = set()
    for rel in RELATIONS:
        for s, o in g.subject_objects(KG[rel]):
            out.add((str(g.value(s, RDFS.label)), rel, str(g.value(o, RDFS.label))))
    return out


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    """Write ``{file name: text}`` into ``folder`` (a test's article collection)."""
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
