"""How long the viewer takes to open in headless Chromium, for synthetic graphs.

For each size it builds a graph of N actors and about 4N relations (a few hubs, many
small actors; each relation with one to three supporting sentences), writes the viewer
page, opens it in Debian's Chromium with every network request blocked and recorded,
and prints:

* render: seconds to build the page in Python (layout included);
* size: the HTML file's size;
* load-to-stable: seconds from navigation to the network drawn and settled (the page
  sets ``window.kgReady`` after its first frame with the final layout);
* filter: seconds for the page to hide one relation type (a checkbox click);
* search: seconds for the search box to find and focus an actor.

    .venv/bin/python bench/viewer_load.py                 # 500, 5000, 20000 actors
    .venv/bin/python bench/viewer_load.py --sizes 1000 --keep out-bench

Not a test: the figures depend on the machine. Needs playwright and chromium.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kgraph.graphdata import EvidenceRow, GraphData
from kgraph.namespace import RELATIONS
from kgraph.viewer import render, select

TYPES = ("ArmedGroup", "ArmedGroup", "Person", "Person", "State", "StateForce", "Organization", "Place")
ID = "https://w3id.org/kgraph/id/"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def synthetic(n: int, seed: int = 1) -> GraphData:
    """N actors, about 4N facts between them, preferential attachment, dated evidence."""
    rnd = random.Random(seed)
    data = GraphData()
    nodes = [f"{ID}actor_{i}" for i in range(n)]
    for i, iri in enumerate(nodes):
        data.labels[iri] = f"Actor {i}"
        data.types[iri] = TYPES[i % len(TYPES)]
        if i % 7 == 0:
            data.aliases[iri].append(f"A{i} alias")
    ends: list[int] = [0]  # each node once per incident edge: picking from it favours hubs
    facts: set[tuple[str, str, str]] = set()
    while len(facts) < 4 * n:
        a = rnd.randrange(n) if len(facts) >= n - 1 else len(facts) + 1
        b = rnd.choice(ends) if rnd.random() < 0.8 else rnd.randrange(n)
        if a == b:
            continue
        fact = (nodes[a], rnd.choice(RELATIONS), nodes[b])
        if fact not in facts:
            facts.add(fact)
            ends += [a, b]
    data.facts = sorted(facts)
    docs = max(1, n // 4)
    for s, rel, o in data.facts:
        for _ in range(rnd.choice((1, 1, 1, 2, 3))):
            d = rnd.randrange(docs)
            row = EvidenceRow(
                sentence=f"{data.labels[s]} {rel} {data.labels[o]}, officials said on Tuesday, citing reports.",
                modality=rnd.choice(("asserted", "asserted", "asserted", "claimed", "alleged")),
                confidence=round(rnd.uniform(0.5, 0.95), 2),
                title=f"Report number {d}",
                date=f"2024-{1 + d % 12:02d}-{1 + d % 28:02d}",
                url=f"https://example.org/report/{d}",
                doc=f"{ID}doc/{d}",
            )
            data.evidence[(s, rel, o)].append(row)
    return data


def measure_page(browser, path: Path) -> dict[str, float]:
    """Open the page with the network blocked; time load-to-stable, a filter and a search."""
    external: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900})

    def block(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.as_uri(), timeout=300_000)
    page.wait_for_function("window.kgReady === true", timeout=300_000, polling=50)
    stable = time.perf_counter() - start
    relation = page.evaluate("() => kg.data.edges[0].rel")
    start = time.perf_counter()
    page.uncheck(f"#kg-rel-{relation}")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    filtered = time.perf_counter() - start
    start = time.perf_counter()
    page.fill("#kg-search", "Actor 3")
    page.press("#kg-search", "Enter")
    page.wait_for_selector("#kg-details .kg-node-title")
    searched = time.perf_counter() - start
    counts = page.evaluate("() => [network.body.data.nodes.length, network.body.data.edges.length]")
    context.close()
    if external:
        raise SystemExit(f"the page asked the network for: {external[:3]}")
    return {"stable": stable, "filter": filtered, "search": searched, "nodes": counts[0], "edges": counts[1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 20000])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--keep", type=Path, help="Write the pages here instead of a temporary folder.")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = args.keep or Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"{'actors':>7} {'relations':>9} {'render s':>9} {'size MB':>8} {'load-to-stable s':>17} {'filter s':>9} {'search s':>9}"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        for n in args.sizes:
            data = synthetic(n)
            start = time.perf_counter()
            page = render(data, select(data))
            rendered = time.perf_counter() - start
            path = folder / f"viewer-{n}.html"
            path.write_text(page, encoding="utf-8")
            got = measure_page(browser, path)
            print(
                f"{got['nodes']:>7} {got['edges']:>9} {rendered:>9.1f} {path.stat().st_size / 1e6:>8.1f} "
                f"{got['stable']:>17.1f} {got['filter']:>9.2f} {got['search']:>9.2f}",
                flush=True,
            )
        browser.close()
    if not args.keep:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
