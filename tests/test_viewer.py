"""The viewer: what it selects and embeds (fast, no browser), the CLI's view options, and
the page in a real headless Chromium with every network request recorded and blocked."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.graphdata import EvidenceRow, GraphData, evidence_for, load, support
from kgraph.pipeline import build
from kgraph.store import open_store
from kgraph.viewer import LAYOUT_THRESHOLD, ViewOptions, json_block, node_id, render, select

from .conftest import ARTIFACTS, DEV

XSS_ARTICLE = (
    "Militia news\n\nThe Iran-backed militia Kataib Hezbollah <img src=x onerror=\"window.__xss='img'\"> "
    "<script>window.__xss='script'</script> attacked U.S. forces in Syria.\n"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KH = "https://w3id.org/kgraph/id/kataib_hezbollah"
IRAN = "https://w3id.org/kgraph/id/iran"


def page_data(html: str) -> dict:
    """The JSON the page's script reads."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match, "no kg-data block"
    return json.loads(match.group(1))


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ---------------------------------------------------------------- graphs


@pytest.fixture(scope="module")
def built_dev(tmp_path_factory):
    """The dev-set articles built with the real model, once for this module."""
    if not DEV.is_dir():
        pytest.skip(f"dev set not found at {DEV} (set KGRAPH_SHARED)")
    out = tmp_path_factory.mktemp("dev")
    build([DEV / "articles"], out)
    return out


@pytest.fixture(scope="module")
def viewer_graph(request, built_examples):
    """The dev-set graph where there is one, else the examples."""
    if DEV.is_dir():
        return request.getfixturevalue("built_dev")
    return built_examples


def synthetic(n: int) -> GraphData:
    """A hand-built graph: a chain of armed groups, each backed by a state, with dated evidence."""
    data = GraphData()
    for i in range(n):
        iri = f"https://w3id.org/kgraph/id/g{i}"
        data.labels[iri] = f"Group {i}"
        data.types[iri] = "State" if i % 10 == 0 else "ArmedGroup"
    for i in range(1, n):
        hub = (i // 10) * 10 if i % 10 else i - 10
        s, o = f"https://w3id.org/kgraph/id/g{i}", f"https://w3id.org/kgraph/id/g{hub}"
        rel = "backedBy" if i % 10 else "hostileTo"
        data.facts.append((s, rel, o))
        data.evidence[(s, rel, o)].append(
            EvidenceRow(f"Group {i} is {rel} group {hub}.", "asserted", 0.5 + (i % 5) / 10,
                        f"Report {i % 3}", f"2024-0{1 + i % 9}-01", "https://example.org/r", f"doc{i % 3}")
        )  # fmt: skip
    return data


# ---------------------------------------------------------------- page data (no browser)


def test_json_block_cannot_be_closed_by_article_text():
    block = json_block({"s": "</script><script>alert(1)</script> & <!-- \u2028"}, "kg-data")
    inner = block.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner)["s"].startswith("</script><script>")


def test_page_carries_actors_facts_and_evidence(built_examples):
    data = load(open_store(built_examples))
    html = render(data, select(data))
    page = page_data(html)
    assert {n["iri"] for n in page["nodes"]} == {x for s, _, o in data.facts for x in (s, o)}
    assert all(n["id"] == node_id(n["iri"]) for n in page["nodes"])
    assert len(page["edges"]) == len(data.facts)
    kh = next(e for e in page["edges"] if e["from"] == "kataib_hezbollah" and e["rel"] == "backedBy")
    sentence, modality, confidence, doc = kh["ev"][0]
    assert "Iran" in sentence and modality == "asserted" and 0 < confidence <= 1
    assert page["docs"][doc]["date"] == "2024-03-03" and page["docs"][doc]["title"]
    assert page["physics"] is True
    assert "cdn." not in html and "<link" not in html and "https://cdn" not in html


def test_no_tooltip_is_parsed_as_html():
    data = synthetic(5)
    data.labels["https://w3id.org/kgraph/id/g1"] = '<a href="x" onmouseover="window.__xss=1">Group 1</a>'
    html = render(data, select(data))
    assert "popup.innerHTML" not in html  # PyVis's HTML popup stays off
    assert '<a href="x"' not in html  # in the data only as escaped JSON


def test_large_graphs_are_laid_out_in_python_without_physics():
    data = synthetic(LAYOUT_THRESHOLD + 50)
    html = render(data, select(data))
    assert page_data(html)["physics"] is False
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", html, re.S).group(1))
    assert all("x" in n and "y" in n for n in nodes)
    assert '"physics": {"enabled": false}' in html
    sizes = {n["id"]: n["size"] for n in nodes}
    assert sizes["g0"] > sizes["g1"]  # by degree
    assert html == render(data, select(data))  # deterministic


def test_layout_of_thousands_is_fast_spread_and_deterministic():
    from kgraph import layout

    nodes = [f"n{i}" for i in range(2000)]
    edges = [(nodes[i], nodes[i // 7]) for i in range(1, 2000)] + [
        (nodes[i], nodes[(i * 31) % 2000]) for i in range(2000)
    ]
    start = time.perf_counter()
    first = layout.positions(nodes, edges)
    assert time.perf_counter() - start < 20
    assert first == layout.positions(nodes, edges)
    assert len(set(first.values())) > 1990  # nodes do not pile up on each other
    xs = [x for x, _ in first.values()]
    assert max(xs) - min(xs) > 1000  # spread over the canvas, in vis.js units


def test_edges_show_relation_direction_and_support():
    data = synthetic(30)
    html = render(data, select(data))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", html, re.S).group(1))
    backed = next(e for e in edges if e["relation"] == "backedBy")
    hostile = next(e for e in edges if e["relation"] == "hostileTo")
    assert backed["arrows"] == "to" and hostile["arrows"] == ""
    assert backed["color"] != hostile["color"]
    assert backed["width"] == 2  # one supporting document


def test_selection_options_on_a_hand_built_graph():
    data = synthetic(60)
    assert all(f[1] == "hostileTo" for f in select(data, ViewOptions(relations=("hostileTo",))).facts)
    states = select(data, ViewOptions(types=("State",)))
    assert states.facts and all(data.types[x] == "State" for f in states.facts for x in (f[0], f[2]))
    spring = select(data, ViewOptions(since="2024-03-01", until="2024-04-30"))
    assert spring.facts and all(
        all("2024-03-01" <= r.date <= "2024-04-30" for r in spring.evidence[f]) for f in spring.facts
    )
    assert select(data, ViewOptions(min_sources=2)).facts == []
    top = select(data, ViewOptions(max_nodes=5))
    assert len(top.nodes) == 5 and len(top.omitted) == 55
    assert set(top.nodes) == {f"https://w3id.org/kgraph/id/g{i}" for i in range(0, 50, 10)}  # the hubs


def test_support_counts_documents_that_assert():
    rows = [
        EvidenceRow("a", "asserted", 0.9, "t", "2024-01-02", "", "d1"),
        EvidenceRow("b", "asserted", 0.7, "t", "2024-01-01", "", "d1"),
        EvidenceRow("c", "denied", 0.8, "t", "2024-02-01", "", "d2"),
    ]
    got = support(rows)
    assert (got.sources, got.first, got.last, got.confidence) == (1, "2024-01-01", "2024-02-01", 0.9)


# ---------------------------------------------------------------- CLI options


def test_view_max_nodes_says_what_was_left_out(built_examples, tmp_path):
    out = tmp_path / "top.html"
    result = invoke("view", str(built_examples), "-o", str(out), "--max-nodes", "3")
    assert result.exit_code == 0 and "less connected actors (--max-nodes 3)" in result.output
    html = out.read_text()
    page = page_data(html)
    assert len(page["nodes"]) == 3 and page["omitted"]["actors"] > 0
    note = re.search(r'<div id="kg-note">(.*?)</div>', html, re.S).group(1)
    assert "Showing the 3 most connected actors" in note and page["omitted"]["names"][0] in note


def test_view_type_since_until_min_sources(built_examples, tmp_path):
    out = tmp_path / "v.html"
    assert (
        invoke(
            "view", str(built_examples), "-o", str(out), "--type", "ArmedGroup", "--type", "State"
        ).exit_code
        == 0
    )
    assert {n["type"] for n in page_data(out.read_text())["nodes"]} <= {"ArmedGroup", "State"}
    args = ["view", str(built_examples), "-o", str(out), "--since", "2024-03-05", "--until", "2024-03-31"]
    assert invoke(*args).exit_code == 0
    page = page_data(out.read_text())
    assert page["edges"] and {page["docs"][r[3]]["date"] for e in page["edges"] for r in e["ev"]} == {
        "2024-03-09"
    }
    assert invoke("view", str(built_examples), "-o", str(out), "--min-sources", "2").exit_code == 0
    assert all(e["sources"] >= 2 for e in page_data(out.read_text())["edges"])
    assert invoke("view", str(built_examples), "-o", str(out)).exit_code == 0
    every = page_data(out.read_text())["edges"]
    assert invoke("view", str(built_examples), "-o", str(out), "--min-confidence", "0.9").exit_code == 0
    sure = page_data(out.read_text())["edges"]
    assert 0 < len(sure) < len(every)
    assert all(max(r[2] for r in e["ev"]) >= 0.9 for e in sure), sure[0]["ev"]
    bad = CliRunner().invoke(main, ["view", str(built_examples), "-o", str(out), "--type", "Militia"])
    assert bad.exit_code == 1 and "unknown actor type 'Militia'; known: State, StateForce" in bad.output
    bad = CliRunner().invoke(main, ["view", str(built_examples), "-o", str(out), "--since", "March"])
    assert bad.exit_code == 2 and "'March' does not match the format '%Y-%m-%d'" in bad.output


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def browser(chromium):
    sync_api = pytest.importorskip("playwright.sync_api")
    playwright = sync_api.sync_playwright().start()
    launched = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
    yield launched
    launched.close()
    playwright.stop()


class Viewer:
    """One viewer page, with every request outside the file recorded and blocked."""

    def __init__(self, browser, path: Path) -> None:
        self.external: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgReady === true", timeout=30000)

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def js(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def click_canvas(self, point: dict) -> None:
        """A real mouse click at a point in canvas coordinates."""
        dom = self.js(
            """p => { const d = network.canvasToDOM(p);
                      const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
                      return {x: box.left + d.x, y: box.top + d.y}; }""",
            point,
        )
        self.page.mouse.move(dom["x"] - 4, dom["y"] - 4)
        self.page.mouse.click(dom["x"], dom["y"])

    def click_node(self, node: str) -> None:
        """Click an actor where no other actor drawn over it is hit; where others cover all
        of it, first drag it clear of them, as a user would."""
        point = self._free_point(node)
        if point is None:
            self.js(
                """id => { const xs = Object.values(network.getPositions()).map(p => p.x);
                           network.moveNode(id, Math.max(...xs) + 400, network.getPositions([id])[id].y);
                           network.focus(id, {scale: 1.5, animation: false}); }""",
                node,
            )
            self.page.wait_for_timeout(200)
            point = self._free_point(node)
        assert point is not None, f"actor {node} is covered by other actors"
        self.click_canvas(point)

    def _free_point(self, node: str) -> dict | None:
        return self.js(
            """id => { const c = network.getPositions([id])[id];
                       const box = network.getBoundingBox(id);
                       const r = Math.min(box.right - box.left, box.bottom - box.top) / 2;
                       for (const f of [0, 0.3, 0.6, 0.85]) {
                         for (const a of [0, 1, 2, 3, 4, 5, 6, 7]) {
                           const p = {x: c.x + f * r * Math.cos(a * Math.PI / 4),
                                      y: c.y + f * r * Math.sin(a * Math.PI / 4)};
                           if (network.getNodeAt(network.canvasToDOM(p)) === id) return p;
                         }
                       }
                       return null; }""",
            node,
        )

    def click_edge(self, edge_id: str) -> None:
        """Zoom to the edge's two actors, then click the drawn line where no actor covers it;
        where actors cover all of it, first drag one actor away, as a user would."""
        point = None
        for attempt in range(4):
            if attempt:  # drag the edge's second actor further from the first
                self.js(
                    """([id, step]) => { const e = network.body.data.edges.get(id);
                               const a = network.getPosition(e.from), b = network.getPosition(e.to);
                               const dx = b.x - a.x || 1, dy = b.y - a.y, n = Math.hypot(dx, dy);
                               network.moveNode(e.to, b.x + dx / n * step, b.y + dy / n * step); }""",
                    [edge_id, 150 * attempt],
                )
            self.js(
                """id => { const e = network.body.data.edges.get(id);
                           network.fit({nodes: [e.from, e.to], animation: false, maxZoomLevel: 3}); }""",
                edge_id,
            )
            self.page.wait_for_timeout(200)
            point = self.js(
                """id => { for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65]) {
                             const p = network.body.edges[id].edgeType.getPoint(t);
                             const d = network.canvasToDOM(p);
                             if (network.getNodeAt(d) === undefined && network.getEdgeAt(d) === id) return p;
                           }
                           return null; }""",
                edge_id,
            )
            if point is not None:
                break
        assert point is not None, f"edge {edge_id} is covered by actors everywhere along its line"
        self.click_canvas(point)

    def details(self) -> str:
        return self.page.inner_text("#kg-details")

    def visible_edges(self, relation: str | None = None) -> int:
        return self.js(
            "rel => kg.visibleEdges(rel).length",
            relation,
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def viewer(browser):
    opened: list[Viewer] = []

    def open_viewer(path: Path) -> Viewer:
        opened.append(Viewer(browser, path))
        return opened[-1]

    yield open_viewer
    for v in opened:
        v.close()


def expected_edge(outdir: Path) -> tuple[tuple[str, str, str], EvidenceRow]:
    """Kataib Hezbollah backedBy Iran where the graph has it, and one of its sentences."""
    data = load(open_store(outdir))
    fact = (KH, "backedBy", IRAN) if (KH, "backedBy", IRAN) in data.facts else data.facts[0]
    return fact, evidence_for(data, fact)[0]


@pytest.mark.browser
@pytest.mark.model
def test_viewer_draws_offline(viewer, viewer_graph):
    v = viewer(viewer_graph / "graph.html")
    page = page_data((viewer_graph / "graph.html").read_text())
    state = v.js(
        """() => { const c = document.querySelector('#mynetwork canvas');
                   const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let ink = 0;
                   for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) ink++; }
                   return {nodes: network.body.data.nodes.length, edges: network.body.data.edges.length,
                           ink: ink, legend: document.getElementById('kg-legend').innerText}; }"""
    )
    assert state["nodes"] == len(page["nodes"]) > 3 and state["edges"] == len(page["edges"]) > 3
    assert state["ink"] > 1000, "the canvas is blank"
    assert "ArmedGroup" in state["legend"] and "backedBy" in state["legend"]
    assert v.external == [] and v.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / "viewer.png"))


@pytest.mark.browser
@pytest.mark.model
def test_clicking_an_edge_opens_its_evidence(viewer, viewer_graph):
    (s, rel, o), row = expected_edge(viewer_graph)
    v = viewer(viewer_graph / "graph.html")
    edge_id = v.js(
        "([s, r, o]) => network.body.data.edges.get({filter: e => e.from === s && e.to === o && e.relation === r})[0].id",
        [node_id(s), rel, node_id(o)],
    )
    v.click_edge(edge_id)
    v.page.wait_for_selector("#kg-details .kg-evidence")
    text = v.details()
    assert row.sentence.strip() in text
    assert row.modality in text and f"confidence {row.confidence:.2f}" in text
    if row.title:
        assert row.title in text
    assert v.js("() => network.getSelectedEdges()") == [edge_id]
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / "viewer-evidence.png"))


@pytest.mark.browser
@pytest.mark.model
def test_clicking_an_actor_shows_its_names_ids_and_relations(viewer, viewer_graph):
    data = load(open_store(viewer_graph))
    drawn = {x for s, _, o in data.facts for x in (s, o)}
    iri = next((i for i in sorted(drawn) if i in data.ucdp), KH if KH in drawn else sorted(drawn)[0])
    v = viewer(viewer_graph / "graph.html")
    v.js("id => network.focus(id, {scale: 1.5, animation: false})", node_id(iri))
    v.page.wait_for_timeout(200)
    v.click_node(node_id(iri))
    v.page.wait_for_selector("#kg-details .kg-node-title")
    text = v.details()
    assert data.labels[iri] in text and data.types[iri] in text
    if iri in data.ucdp:
        assert f"UCDP actor id\n{data.ucdp[iri]}" in text
    relations = [f for f in data.facts if iri in (f[0], f[2])]
    assert f"relations ({len(relations)})" in text.lower()


@pytest.mark.browser
@pytest.mark.model
def test_relation_filter_hides_those_edges(viewer, viewer_graph):
    v = viewer(viewer_graph / "graph.html")
    total, backed = v.visible_edges(), v.visible_edges("backedBy")
    assert backed > 0
    v.page.uncheck("#kg-rel-backedBy")
    assert v.visible_edges("backedBy") == 0 and v.visible_edges() == total - backed
    assert "of " + str(total) + " relations" in v.page.inner_text("#kg-count")
    v.page.check("#kg-rel-backedBy")
    assert v.visible_edges() == total


@pytest.mark.browser
@pytest.mark.model
def test_evidence_filters_in_the_page(viewer, viewer_graph):
    page = page_data((viewer_graph / "graph.html").read_text())
    v = viewer(viewer_graph / "graph.html")
    total = v.visible_edges()
    v.page.fill("#kg-min-sources", "2")
    v.page.wait_for_timeout(400)
    assert v.visible_edges() == sum(e["sources"] >= 2 for e in page["edges"]) < total
    v.page.click("#kg-reset")
    dates = sorted({d["date"] for d in page["docs"] if d["date"]})
    v.page.fill("#kg-since", dates[-1])
    v.page.wait_for_timeout(300)
    in_range = [e for e in page["edges"] if any(page["docs"][r[3]]["date"] >= dates[-1] for r in e["ev"])]
    assert 0 < v.visible_edges() <= len(in_range) < total
    v.page.click("#kg-reset")
    v.page.fill("#kg-min-conf", "1")
    v.page.wait_for_timeout(400)
    assert v.visible_edges() == sum(any(r[2] >= 1 for r in e["ev"]) for e in page["edges"])


@pytest.mark.browser
@pytest.mark.model
def test_search_box_focuses_an_actor_by_any_name(viewer, viewer_graph):
    data = load(open_store(viewer_graph))
    drawn = {x for s, _, o in data.facts for x in (s, o)}
    iri = KH if KH in drawn else next(i for i in sorted(drawn) if data.aliases.get(i))
    alias = sorted(data.aliases[iri])[0]
    v = viewer(viewer_graph / "graph.html")
    v.page.fill("#kg-search", alias.upper())
    v.page.press("#kg-search", "Enter")
    assert v.js("() => network.getSelectedNodes()") == [node_id(iri)]
    assert v.page.inner_text("#kg-details .kg-node-title") == data.labels[iri]
    v.page.fill("#kg-search", "No Such Actor Anywhere")
    v.page.press("#kg-search", "Enter")
    assert "No actor matches" in v.page.inner_text("#kg-search-status")


@pytest.mark.browser
@pytest.mark.model
def test_article_text_never_runs(viewer, tmp_path):
    article = tmp_path / "xss.txt"
    article.write_text(XSS_ARTICLE)
    out = tmp_path / "out"
    build([article], out)
    v = viewer(out / "graph.html")
    edge_id = v.js("() => network.body.data.edges.getIds()[0]")
    v.click_edge(edge_id)
    v.page.wait_for_selector("#kg-details .kg-evidence")
    assert "<img src=x" in v.details()  # shown as text
    v.page.mouse.move(10, 10)
    assert v.js("() => window.__xss || null") is None
    assert v.js("() => document.querySelectorAll('#kg-details img, #kg-details script').length") == 0
    assert v.external == [] and v.errors == []
