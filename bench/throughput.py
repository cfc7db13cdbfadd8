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
from the loaded process, after a build of two articles has imported what a build
needs. The CPU time (of the process and of a build's workers) is printed beside each
figure: on a busy machine, the CPU-time ratio of ``build -j1`` to ``model`` varies much
less than the wall-clock one. With ``--repeat N`` every figure is the best of N runs, taken
in turns (model, pipe, builds, model, pipe, builds ...), so that other work on the
machine weighs less on the ratios; the load average is printed before and after.

    .venv/bin/python bench/throughput.py              # about 1 MB of text
    .venv/bin/python bench/throughput.py --mb 0.3     # quicker
    .venv/bin/python bench/throughput.py --repeat 3   # best of 3

Not a test: the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from corpus import write_corpus


def rate(words: int, seconds: float, cpu: float | None = None) -> str:
    used = f", cpu {cpu:6.1f} s" if cpu is not None else ""
    return f"{words / seconds:>9,.0f} words/s  ({seconds:6.1f} s{used})"


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (a build's workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="megabytes of text (default 1)")
    parser.add_argument("--model", default=None, help="spaCy model (default: kgraph's)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="process counts to build with")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs of each (default 1)")
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
        for pipeline in (raw, ours):
            list(pipeline.pipe(texts[:4]))  # warm up
        write_corpus(tmp / "warm", count=2, offset=10**6)
        build([tmp / "warm"], tmp / "warm-out", model=model, jobs=1)  # imports, the model's caches
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        figures: dict[str, float] = {}
        cpu: dict[str, float] = {}
        clock: tuple[float, float] = (0.0, 0.0)

        def start() -> None:
            nonlocal clock
            clock = (time.perf_counter(), cpu_seconds())

        def best(name: str, note: str = "") -> None:
            seconds, used = time.perf_counter() - clock[0], cpu_seconds() - clock[1]
            figures[name] = min(seconds, figures.get(name, seconds))
            cpu[name] = min(used, cpu.get(name, used))
            print(f"{name:<12} {rate(words, seconds, used)}{note}", flush=True)

        for run in range(args.repeat):
            for name, pipeline in (("model", raw), ("kgraph pipe", ours)):
                start()
                parsed = list(pipeline.pipe(texts, batch_size=32))
                best(name)
            start()
            for document, doc in zip(documents, parsed, strict=True):
                extract(document, doc)
            best("extract", "  (the extractors alone, on parsed docs)")
            del parsed
            for jobs in args.jobs:
                out = tmp / f"out{jobs}-{run}"
                start()
                build([tmp / "corpus"], out, model=model, jobs=jobs)
                best(f"build -j{jobs}")
                shutil.rmtree(out, ignore_errors=True)
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.repeat > 1:
            print(f"\nbest of {args.repeat}:")
            for name, seconds in figures.items():
                print(f"{name:<12} {rate(words, seconds, cpu[name])}")
        print()
        for jobs in args.jobs:
            key = f"build -j{jobs}"
            print(
                f"{key} / model       {figures['model'] / figures[key]:.2f}   "
                f"{key} / kgraph pipe {figures['kgraph pipe'] / figures[key]:.2f}"
            )
        if 1 in args.jobs:
            print(f"build -j1 / model       {cpu['model'] / cpu['build -j1']:.2f}   (CPU time)")
            for jobs in args.jobs:
                if jobs != 1:
                    print(
                        f"build -j{jobs} / build -j1  {figures['build -j1'] / figures[f'build -j{jobs}']:.2f}"
                    )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
