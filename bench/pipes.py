"""Which spaCy components kgraph needs: each one's share of the parsing time, and what
the extraction loses on the dev set without it.

For every component of kgraph's pipeline it parses the dev articles with that component
disabled and counts the relations that change (found without it but not with it, or the
reverse). A component whose removal changes nothing, and that costs time, could be
disabled; at the time of writing every component changes the output. The time shares
are taken on a second pass over the dev articles, when the components' caches (of
spaCy's lemmatizer and of kgraph's stand-ins, ``kgraph/fastpipes.py``) are warm, as
they are through most of a build of many articles.

    .venv/bin/python bench/pipes.py

Not a test: the figures depend on the machine and the extractors.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import warnings
from collections import Counter

from corpus import DEV


def relations(disabled: str | None) -> set[tuple[str, str]]:
    """(document id, relation) pairs extracted from the dev set without ``disabled``."""
    from kgraph import nlp
    from kgraph.extract import extract
    from kgraph.ingest import read_documents

    docs = sorted(read_documents([DEV]))
    pipeline = nlp.load()
    with pipeline.select_pipes(disable=[disabled] if disabled else []):
        parsed = pipeline.pipe([d.text for d in docs])
        return {(d.id, repr(r)) for d, p in zip(docs, parsed, strict=True) for r in extract(d, p).relations}


def time_shares() -> dict[str, float]:
    from kgraph import nlp
    from kgraph.ingest import read_documents

    pipeline = nlp.load()
    texts = [d.text for d in sorted(read_documents([DEV]))]
    list(pipeline.pipe(texts))  # the second pass is timed: caches warm, as in a build of many articles
    spent: Counter[str] = Counter()
    for text in texts:
        parsed = pipeline.make_doc(text)
        for name, component in pipeline.pipeline:
            started = time.perf_counter()
            parsed = component(parsed)
            spent[name] += time.perf_counter() - started
    total = sum(spent.values())
    return {name: spent[name] / total for name in pipeline.pipe_names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--without", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.without:
        warnings.simplefilter("ignore")
        print(json.dumps(sorted(relations(args.without))))
        return
    shares = time_shares()
    full = relations(None)
    print(f"{len(full)} relations from the dev articles with every component\n")
    print(f"{'component':<18} {'time share':>10}  without it")
    for name, share in shares.items():
        run = subprocess.run([sys.executable, __file__, "--without", name], capture_output=True, text=True)
        if run.returncode != 0:
            effect = f"the extraction fails (exit code {run.returncode})"
        else:
            without = {tuple(x) for x in json.loads(run.stdout)}
            effect = f"{len(full - without)} relations lost, {len(without - full)} gained"
        print(f"{name:<18} {share:>10.0%}  {effect}")


if __name__ == "__main__":
    main()
