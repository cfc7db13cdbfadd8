"""Adding one article to a built collection, against building the collection.

It builds N articles (distinct copies of the dev articles) into an output directory,
then builds the same folder plus one new article into it, then the same again with
nothing new, and prints the times and the ratios. Adding an article extracts only that
article; the rest of the time is reading the folder, loading the cached extractions,
resolving, and writing the graph, store and viewer again.

    .venv/bin/python bench/incremental.py                  # 2,000 articles (a few minutes)
    .venv/bin/python bench/incremental.py --articles 300   # quicker
    .venv/bin/python bench/incremental.py --endpoint http://127.0.0.1:7878   # and a SPARQL server

Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from corpus import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles in the full build")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument(
        "--endpoint", default=None, metavar="URL", help="also time writing to this SPARQL server"
    )
    args = parser.parse_args()

    from kgraph import nlp
    from kgraph.pipeline import build

    tmp = Path(tempfile.mkdtemp(prefix="kgraph-incremental-"))
    try:
        corpus, extra, out = tmp / "corpus", tmp / "new", tmp / "out"
        write_corpus(corpus, count=args.articles)
        write_corpus(extra, count=1, offset=99_999)
        nlp.load()
        started = time.perf_counter()
        full = build([corpus], out, jobs=args.jobs)
        t_full = time.perf_counter() - started
        print(f"full build    {t_full:8.1f} s   {full.summary()}")
        if args.endpoint:
            started = time.perf_counter()
            build([corpus], out, jobs=args.jobs, endpoint=args.endpoint)
            print(f"+ endpoint    {time.perf_counter() - started:8.1f} s   nothing new, every graph sent")
        started = time.perf_counter()
        added = build([corpus, extra], out, jobs=args.jobs)
        t_add = time.perf_counter() - started
        print(f"add 1 article {t_add:8.1f} s   {added.summary()}")
        if args.endpoint:
            started = time.perf_counter()
            build([corpus, extra], out, jobs=args.jobs, endpoint=args.endpoint)
            print(f"+ endpoint    {time.perf_counter() - started:8.1f} s   nothing new, changed graphs sent")
        started = time.perf_counter()
        again = build([corpus, extra], out, jobs=args.jobs)
        t_none = time.perf_counter() - started
        print(f"nothing new   {t_none:8.1f} s   {again.summary()}")
        print(f"\nadd 1 / full build  {t_add / t_full:.1%}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
