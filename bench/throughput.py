"""End-to-end build throughput against the spaCy model alone, on 1 and 2 processes.

On the same texts (the dev articles copied to about 1 MB, each copy a distinct
document), it measures words per second of:

* ``model``: ``spacy.load(MODEL).pipe`` -- the statistical model alone;
* ``kgraph pipe``: ``kgraph.nlp.load(MODEL).pipe`` -- the model with kgraph's components
  (the gazetteer's EntityRuler, paragraph breaks);
* ``extract``: kgraph's extractors alone, on the documents parsed by ``kgraph pipe``;
* ``build -j1`` and ``build -j2``: ``kgraph build`` end to end (read, clean, parse,
  extract, cache, resolve, RDF, TriG/Turtle, store, viewer) on 1 and 2 processes,

and prints the ratios. Models are loaded before timing; a build's workers are forked
from the loaded process.

    .venv/bin/python bench/throughput.py              # about 1 MB of text
    .venv/bin/python bench/throughput.py --mb 0.3     # quicker

Not a test: the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from corpus import write_corpus


def rate(words: int, seconds: float) -> str:
    return f"{words / seconds:>9,.0f} words/s  ({seconds:6.1f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="megabytes of text (default 1)")
    parser.add_argument("--model", default=None, help="spaCy model (default: kgraph's)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="process counts to build with")
    args = parser.parse_args()

    import spacy

    from kgraph import nlp
    from kgraph.extract import extract
    from kgraph.ingest import read_documents
    from kgraph.pipeline import build

    model = args.model or nlp.DEFAULT_MODEL
    tmp = Path(tempfile.mkdtemp(prefix="kgraph-throughput-"))
    try:
        n = write_corpus(tmp / "corpus", megabytes=args.mb)
        documents = sorted(read_documents([tmp / "corpus"]))
        texts = [d.text for d in documents]
        words = sum(len(t.split()) for t in texts)
        print(f"{n} articles, {sum(len(t) for t in texts) / 1e6:.2f} MB, {words:,} words; model {model}")
        raw = spacy.load(model)
        ours = nlp.load(model)
        figures: dict[str, float] = {}
        for name, pipeline in (("model", raw), ("kgraph pipe", ours)):
            list(pipeline.pipe(texts[:4]))  # warm up
            started = time.perf_counter()
            parsed = list(pipeline.pipe(texts, batch_size=32))
            figures[name] = time.perf_counter() - started
            print(f"{name:<12} {rate(words, figures[name])}")
        started = time.perf_counter()
        for document, doc in zip(documents, parsed, strict=True):
            extract(document, doc)
        figures["extract"] = time.perf_counter() - started
        print(f"{'extract':<12} {rate(words, figures['extract'])}  (the extractors alone, on parsed docs)")
        del parsed
        for jobs in args.jobs:
            out = tmp / f"out{jobs}"
            started = time.perf_counter()
            build([tmp / "corpus"], out, model=model, jobs=jobs)
            figures[f"build -j{jobs}"] = time.perf_counter() - started
            print(f"{'build -j' + str(jobs):<12} {rate(words, figures[f'build -j{jobs}'])}")
        print()
        for jobs in args.jobs:
            key = f"build -j{jobs}"
            print(
                f"{key} / model       {figures['model'] / figures[key]:.2f}   "
                f"{key} / kgraph pipe {figures['kgraph pipe'] / figures[key]:.2f}"
            )
        if 1 in args.jobs:
            for jobs in args.jobs:
                if jobs != 1:
                    print(
                        f"build -j{jobs} / build -j1  {figures['build -j1'] / figures[f'build -j{jobs}']:.2f}"
                    )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
