"""The viewer in a real headless Chromium with the network blocked."""

from __future__ import annotations

import pytest

from kgraph.pipeline import build

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.model]

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


def open_page(chromium, html_path, screenshot=None):
    sync_api = pytest.importorskip("playwright.sync_api")
    external: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})

        def block(route):
            if route.request.url.startswith(("file:", "data:", "blob:")):
                route.continue_()
            else:
                external.append(route.request.url)
                route.abort()

        context.route("**/*", block)
        page = context.new_page()
        page.goto(html_path.as_uri())
        page.wait_for_function(
            "typeof network !== 'undefined' && network.body.data.nodes.length > 0", timeout=20000
        )
        page.wait_for_timeout(1500)
        state = page.evaluate(
            """() => ({
                nodes: network.body.data.nodes.length,
                edges: network.body.data.edges.length,
                canvas: !!document.querySelector('#mynetwork canvas'),
                legend: document.getElementById('kg-legend') ? document.getElementById('kg-legend').innerText : '',
                xss: window.__xss || null,
            })"""
        )
        tooltip = hover_first_edge(page)
        state["tooltip"] = tooltip
        state["xss_after_hover"] = page.evaluate("window.__xss || null")
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        browser.close()
    state["external"] = external
    return state


def hover_first_edge(page) -> str:
    """Move the mouse onto the middle of the first edge and return the tooltip's text."""
    point = page.evaluate(
        """() => {
            const e = network.body.data.edges.get()[0];
            const pos = network.getPositions([e.from, e.to]);
            const mid = {x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2};
            const dom = network.canvasToDOM(mid);
            const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }"""
    )
    page.mouse.move(point["x"] - 5, point["y"] - 5)
    page.mouse.move(point["x"], point["y"])
    try:
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=3000)
    except Exception:
        return ""
    return page.inner_text("div.vis-tooltip")


def test_viewer_draws_offline(chromium, built_seed):
    ARTIFACTS.mkdir(exist_ok=True)
    state = open_page(chromium, built_seed / "graph.html", ARTIFACTS / "viewer-seed.png")
    assert state["external"] == []
    assert state["canvas"] and state["nodes"] >= 3 and state["edges"] >= 3
    assert "ArmedGroup" in state["legend"] and "backedBy" in state["legend"]
    html = (built_seed / "graph.html").read_text()
    assert "cdn." not in html and "<link" not in html


def test_article_text_never_runs(chromium, tmp_path):
    article = tmp_path / "xss.txt"
    article.write_text(XSS_ARTICLE)
    out = tmp_path / "out"
    build([article], out)
    state = open_page(chromium, out / "graph.html")
    assert state["edges"] >= 1
    assert state["xss"] is None and state["xss_after_hover"] is None
    assert "<img src=x" in state["tooltip"]  # shown as text
