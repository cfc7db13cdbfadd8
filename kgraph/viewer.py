"""The interactive viewer: one self-contained PyVis HTML file that works offline.

vis.js is embedded inline (PyVis ``cdn_resources="in_line"``), and every remaining
reference to a CDN in PyVis's template (Bootstrap) is removed, so the page loads nothing
from outside itself. Article text reaches the page only as JSON data and is shown by
vis.js as text in tooltips, never parsed as HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.graphdata import EvidenceRow, GraphData, load
from kgraph.namespace import RELATIONS, SYMMETRIC, check_relation

#: Node look by actor type: (color, shape).
NODE_STYLE = {
    "State": ("#4C78A8", "box"),
    "StateForce": ("#72B7B2", "diamond"),
    "ArmedGroup": ("#E45756", "dot"),
    "Organization": ("#B279A2", "triangle"),
    "Person": ("#F58518", "star"),
    "Place": ("#54A24B", "square"),
    "Event": ("#9D755D", "hexagon"),
}
DEFAULT_STYLE = ("#9E9E9E", "dot")
EDGE_COLORS = {
    "backedBy": "#2E7D32",
    "alliedWith": "#1565C0",
    "hostileTo": "#C62828",
    "splinterOf": "#6A1B9A",
    "affiliateOf": "#8E24AA",
    "partOf": "#5D4037",
    "designatedBy": "#455A64",
    "attacked": "#D84315",
    "struck": "#BF360C",
    "killed": "#000000",
    "leaderOf": "#F9A825",
    "memberOf": "#FBC02D",
    "operatesIn": "#7CB342",
}
MAX_TOOLTIP_SENTENCES = 5
EXTERNAL_REF = re.compile(
    r"""<(link|script)\b[^>]*\b(href|src)\s*=\s*["']https?://[^>]*>(\s*</script>)?""", re.I | re.S
)


def select(
    data: GraphData, focus: str | None = None, relations: Iterable[str] | None = None, depth: int = 1
) -> list[tuple[str, str, str]]:
    """The facts to draw: optionally only some relations, and only around one actor."""
    wanted = {check_relation(r) for r in relations} if relations else set(RELATIONS)
    if "attacked" in wanted:
        wanted.add("struck")
    facts = [f for f in data.facts if f[1] in wanted]
    if focus:
        center = find_actor(data, focus)
        keep = {center}
        for _ in range(max(1, depth)):
            keep |= {x for s, _, o in facts if s in keep or o in keep for x in (s, o)}
        facts = [f for f in facts if f[0] in keep and f[2] in keep and (center in (f[0], f[2]) or depth > 1)]
    return facts


def find_actor(data: GraphData, name: str) -> str:
    """The IRI of the actor called ``name`` (label, alias or IRI), or a helpful error."""
    from kgraph.gazetteer import normalise

    target = normalise(name)
    for iri, label in data.labels.items():
        if iri == name or normalise(label) == target:
            return iri
    for iri, alts in data.aliases.items():
        if any(normalise(a) == target for a in alts):
            return iri
    close = sorted(lab for lab in data.labels.values() if target[:4] and target[:4] in normalise(lab))[:5]
    hint = f"; did you mean: {', '.join(close)}" if close else ""
    raise KgraphError(f"no actor named {name!r} in the graph{hint}")


def node_tooltip(data: GraphData, iri: str) -> str:
    lines = [f"{data.labels.get(iri, iri)} ({data.types.get(iri, 'Actor')})"]
    if data.aliases.get(iri):
        lines.append("Also: " + ", ".join(sorted(data.aliases[iri])[:8]))
    if iri in data.wikidata:
        lines.append(f"Wikidata: {data.wikidata[iri]}")
    return "\n".join(lines)


def edge_tooltip(data: GraphData, fact: tuple[str, str, str]) -> str:
    s, rel, o = fact
    rows = evidence_for(data, fact)
    lines = [f"{data.labels.get(s, s)} {rel} {data.labels.get(o, o)}", f"{len(rows)} supporting statement(s)"]
    for row in rows[:MAX_TOOLTIP_SENTENCES]:
        source = " ".join(x for x in (row.title, row.date) if x)
        lines.append(f"\n“{row.sentence}”\n[{row.modality}, confidence {row.confidence:.2f}] {source}")
    if len(rows) > MAX_TOOLTIP_SENTENCES:
        lines.append(f"\n… and {len(rows) - MAX_TOOLTIP_SENTENCES} more")
    return "\n".join(lines)


def evidence_for(data: GraphData, fact: tuple[str, str, str]) -> list[EvidenceRow]:
    """The statements behind a drawn edge; a `struck` edge also stands for `attacked`."""
    s, rel, o = fact
    rows = list(data.evidence.get(fact, []))
    if rel == "struck":
        rows += data.evidence.get((s, "attacked", o), [])
    return rows


def legend_html(types: Iterable[str], relations: Iterable[str]) -> str:
    items = []
    for kind in sorted(set(types)):
        color, shape = NODE_STYLE.get(kind, DEFAULT_STYLE)
        items.append(
            f'<span class="kg-item"><span class="kg-swatch" style="background:{color}"></span>'
            f"{html.escape(kind)} ({html.escape(shape)})</span>"
        )
    for rel in sorted(set(relations)):
        color = EDGE_COLORS.get(rel, "#888")
        arrow = "—" if rel in SYMMETRIC else "→"
        items.append(
            f'<span class="kg-item"><span class="kg-line" style="background:{color}"></span>'
            f"{html.escape(rel)} {arrow}</span>"
        )
    return (
        '<div id="kg-legend"><strong>kgraph</strong> '
        + " ".join(items)
        + "</div><style>#kg-legend{font:13px sans-serif;padding:6px 10px;border-bottom:1px solid #ddd}"
        ".kg-item{margin-right:12px;white-space:nowrap}.kg-swatch{display:inline-block;width:11px;height:11px;"
        "margin-right:4px;border-radius:2px}.kg-line{display:inline-block;width:18px;height:3px;margin:0 4px 3px 0;"
        "vertical-align:middle}</style>"
    )


def render(data: GraphData, facts: list[tuple[str, str, str]], *, height: str = "800px") -> str:
    from pyvis.network import Network

    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", notebook=False)
    nodes = sorted({x for s, _, o in facts for x in (s, o)})
    degree: dict[str, int] = {}
    for s, _, o in facts:
        degree[s] = degree.get(s, 0) + 1
        degree[o] = degree.get(o, 0) + 1
    for iri in nodes:
        kind = data.types.get(iri, "Actor")
        color, shape = NODE_STYLE.get(kind, DEFAULT_STYLE)
        net.add_node(
            iri,
            label=data.labels.get(iri, iri),
            title=node_tooltip(data, iri),
            color=color,
            shape=shape,
            size=12 + 3 * min(degree.get(iri, 0), 10),
            group=kind,
        )
    for fact in facts:
        s, rel, o = fact
        support = len({r.doc for r in evidence_for(data, fact)}) or 1
        edge = {
            "from": s,
            "to": o,
            "label": rel,
            "title": edge_tooltip(data, fact),
            "color": EDGE_COLORS.get(rel, "#888"),
            "width": 1 + min(support, 8),
            "arrows": "" if rel in SYMMETRIC else "to",
            "relation": rel,
        }
        net.edges.append(edge)  # direct append: add_edge's duplicate check is quadratic
    net.set_options(
        '{"physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300}},'
        ' "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "continuous"}},'
        ' "interaction": {"hover": true, "tooltipDelay": 150}}'
    )
    page = net.generate_html(notebook=False)
    page = EXTERNAL_REF.sub("", page)
    page = re.sub(r"<!--\s*<link.*?-->", "", page, flags=re.S)  # PyVis's commented-out CDN links
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    legend = legend_html((data.types.get(n, "Actor") for n in nodes), (f[1] for f in facts))
    page = page.replace("<body>", "<body>\n" + legend, 1)
    page = page.replace("<head>", "<head>\n<title>kgraph viewer</title>", 1)
    return page


def write_viewer(
    target: str | Path,
    out: str | Path,
    *,
    focus: str | None = None,
    relations: Iterable[str] | None = None,
    depth: int = 1,
) -> int:
    """Write the viewer of the graph at ``target`` to ``out``; returns the number of edges."""
    from kgraph.store import atomic_write_bytes, open_store

    store = open_store(target)
    data = load(store)
    facts = select(data, focus=focus, relations=relations, depth=depth)
    atomic_write_bytes(Path(out), render(data, facts).encode("utf-8"))
    return len(facts)
