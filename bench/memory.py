"""Peak memory of a build as the corpus grows: 10x and 100x the dev set.

Each build runs in a fresh process on distinct copies of the dev articles (430 and
4,300 articles by default) and reports the peak resident memory of the main process
(reading, caching, resolving, writing the graph) and of the largest worker process
(the spaCy pipeline and the extraction), the size of the merged graph (graph.ttl), the
ratio of the largest corpus to the smallest, and how much the main process grows for
each article. Articles are spooled through the cache and extracted in fixed batches, so
the workers stay flat; the main process holds the extracted statements for resolution
and the evidence rows of the viewer, so it grows; the merged graph holds actors and
facts only, so it grows with them, not with the articles that repeat them.

    .venv/bin/python bench/memory.py                 # 10x and 100x the dev set (several minutes)
    .venv/bin/python bench/memory.py --times 1 10    # quicker

Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import dev_texts, write_corpus


def child(corpus: Path, out: Path, jobs: int | None) -> None:
    from kgraph.pipeline import build

    started = time.perf_counter()
    result = build([corpus], out, jobs=jobs)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "summary": result.summary(),
                "merged_kb": (out / "graph.ttl").stat().st_size / 1e3,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, nargs="+", default=[10, 100], help="copies of the dev set")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.jobs)
        return
    per_copy = len(dev_texts())
    tmp = Path(tempfile.mkdtemp(prefix="kgraph-memory-"))
    try:
        print(
            f"{'copies':>6} {'articles':>8} {'MB text':>8} {'seconds':>8} {'main MB':>8} {'worker MB':>9}"
            f" {'graph.ttl KB':>12}"
        )
        rows = []
        for times in args.times:
            corpus = tmp / f"corpus{times}"
            n = write_corpus(corpus, count=times * per_copy)
            mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
            command = [sys.executable, __file__, "--child", str(corpus), str(tmp / f"out{times}")]
            if args.jobs:
                command += ["--jobs", str(args.jobs)]
            r = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            r["articles"] = n
            rows.append(r)
            print(
                f"{times:>6} {n:>8} {mb:>8.1f} {r['seconds']:>8.1f} {r['main_mb']:>8.0f} {r['worker_mb']:>9.0f}"
                f" {r['merged_kb']:>12.0f}"
            )
            print(f"{'':>6} {r['summary']}")
            shutil.rmtree(corpus)
            shutil.rmtree(tmp / f"out{times}")
        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            print(
                f"\n{args.times[-1]}x / {args.times[0]}x: main {last['main_mb'] / first['main_mb']:.2f}, "
                f"worker {last['worker_mb'] / first['worker_mb']:.2f} (corpus {args.times[-1] / args.times[0]:.0f}x)"
            )
            slope = (last["main_mb"] - first["main_mb"]) * 1e3 / max(1, last["articles"] - first["articles"])
            print(
                f"main process: {slope:.0f} KB more for each article; the merged graph (graph.ttl) "
                f"{last['merged_kb'] / first['merged_kb']:.2f}x"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
