"""The interactive viewer: one self-contained PyVis HTML file that works offline.

PyVis generates the page with vis.js inlined (``cdn_resources="in_line"``); every
remaining reference to a CDN in its template (Bootstrap) is removed, so the page loads
nothing from outside itself. kgraph adds, all inline:

* the data (actors, facts, evidence, sources) as JSON in a ``<script
  type="application/json">`` block, with ``<``, ``>`` and ``&`` escaped so article text
  can never close the block; the page reads it with ``JSON.parse``;
* ``assets/viewer.css`` and ``assets/viewer.js``: filters, search, and the panels that
  show an actor or the evidence for a relation. Article text is only ever put in the page
  with ``textContent``, never parsed as HTML.

Graphs with more than ``LAYOUT_THRESHOLD`` actors are laid out in Python
(:mod:`kgraph.layout`) and drawn with physics off, so they open in seconds.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kgraph.errors import KgraphError
from kgraph.graphdata import EvidenceRow, Fact, GraphData, evidence_for, in_period, load, support
from kgraph.namespace import ACTOR_TYPES, BASE, RELATIONS, SYMMETRIC, check_relation
from kgraph.records import FACTUAL_MODALITIES

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
#: Edge look by relation: (color, dashed). Solid lines are acts (backing, violence,
#: leadership); dashed lines are standing ties (membership, designation, place).
EDGE_STYLE = {
    "backedBy": ("#2E7D32", False),
    "alliedWith": ("#1565C0", False),
    "hostileTo": ("#C62828", False),
    "splinterOf": ("#6A1B9A", True),
    "affiliateOf": ("#8E24AA", True),
    "partOf": ("#5D4037", True),
    "designatedBy": ("#455A64", True),
    "attacked": ("#D84315", False),
    "struck": ("#BF360C", False),
    "killed": ("#000000", False),
    "leaderOf": ("#F9A825", False),
    "memberOf": ("#C0A000", True),
    "operatesIn": ("#7CB342", True),
}
DASHES = [8, 5]
LAYOUT_THRESHOLD = 300  # actors; above it the layout is computed in Python and physics is off
IMPROVED_LAYOUT_LIMIT = 100  # vis.js's clustering start layout; it gives up on larger graphs
EDGE_LABEL_LIMIT = 800  # edges; above it edges are not labelled (the colour and legend say it)
OMITTED_NAMES = 25  # how many left-out actors the page names
VIEW_TYPES = (*ACTOR_TYPES, "Event")
ASSETS = "assets"


@dataclass(frozen=True)
class ViewOptions:
    """What to draw. Dates are ISO ``YYYY-MM-DD`` and filter evidence by publication date."""

    focus: str | None = None
    depth: int = 1
    relations: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_sources: int = 0
    max_nodes: int | None = None
    min_confidence: float = 0.0  # best supporting sentence at least this sure


@dataclass
class Selection:
    """The facts to draw, the evidence each carries, and what was left out."""

    facts: list[Fact]
    evidence: dict[Fact, list[EvidenceRow]]
    omitted: list[str] = field(default_factory=list)  # actors left out by --max-nodes
    omitted_facts: int = 0
    isolated: list[str] = field(default_factory=list)  # kept by --max-nodes without a drawn fact

    @property
    def nodes(self) -> list[str]:
        return sorted({x for s, _, o in self.facts for x in (s, o)} | set(self.isolated))


# ---------------------------------------------------------------- selection


def select(data: GraphData, options: ViewOptions | None = None) -> Selection:
    """Apply the view options to the graph: relations, types, period, sources, focus, size."""
    options = options or ViewOptions()
    facts = _by_relation(data.facts, options.relations)
    facts = _by_type(data, facts, options.types)
    evidence = {
        f: [r for r in evidence_for(data, f) if in_period(r, options.since, options.until)] for f in facts
    }
    need = max(options.min_sources, 1 if options.since or options.until else 0)
    if need:
        facts = [f for f in facts if support(evidence[f]).sources >= need]
    if options.min_confidence > 0:
        facts = [f for f in facts if support(evidence[f]).confidence >= options.min_confidence]
    if options.focus:
        facts = _around(facts, find_actor(data, options.focus), options.depth)
    selection = Selection(facts, {f: evidence[f] for f in facts})
    if options.max_nodes is not None:
        selection = _most_connected(data, selection, options.max_nodes)
    return selection


def _by_relation(facts: list[Fact], relations: Iterable[str]) -> list[Fact]:
    wanted = {check_relation(r) for r in relations or ()} or set(RELATIONS)
    if "attacked" in wanted:
        wanted.add("struck")  # a struck edge stands for its attacked triple
    return [f for f in facts if f[1] in wanted]


def _by_type(data: GraphData, facts: list[Fact], types: Iterable[str]) -> list[Fact]:
    wanted = {check_type(t) for t in types or ()}
    if not wanted:
        return facts
    return [f for f in facts if data.types.get(f[0]) in wanted and data.types.get(f[2]) in wanted]


def check_type(name: str) -> str:
    """Return ``name`` if it is an actor type the viewer knows, else a helpful error."""
    if name not in VIEW_TYPES:
        raise KgraphError(f"unknown actor type {name!r}; known: {', '.join(VIEW_TYPES)}")
    return name


def _around(facts: list[Fact], center: str, depth: int) -> list[Fact]:
    """The facts within ``depth`` steps of ``center``; at depth 1 only its own facts."""
    keep = {center}
    for _ in range(max(1, depth)):
        keep |= {x for s, _, o in facts if s in keep or o in keep for x in (s, o)}
    if depth <= 1:
        return [f for f in facts if center in (f[0], f[2])]
    return [f for f in facts if f[0] in keep and f[2] in keep]


def _most_connected(data: GraphData, selection: Selection, limit: int) -> Selection:
    """Keep the ``limit`` actors with the most relations (ties by name) and their facts."""
    if limit < 1:
        raise KgraphError(f"--max-nodes must be at least 1, not {limit}")
    degree: Counter[str] = Counter(x for s, _, o in selection.facts for x in (s, o))
    ranked = sorted(degree, key=lambda n: (-degree[n], str(data.labels.get(n) or n).casefold(), n))
    keep = set(ranked[:limit])
    facts = [f for f in selection.facts if f[0] in keep and f[2] in keep]
    linked = {x for s, _, o in facts for x in (s, o)}
    return Selection(
        facts,
        {f: selection.evidence[f] for f in facts},
        omitted=ranked[limit:],
        omitted_facts=len(selection.facts) - len(facts),
        isolated=sorted(keep - linked),
    )


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


# ---------------------------------------------------------------- page data


def node_id(iri: str) -> str:
    """The page's id for an actor: its key (the IRI without kgraph's base), short and readable."""
    return iri[len(BASE) :] if iri.startswith(BASE) else iri


def is_large(selection: Selection) -> bool:
    return len(selection.nodes) > LAYOUT_THRESHOLD


def payload(data: GraphData, selection: Selection, options: ViewOptions) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-able data."""
    large = is_large(selection)
    docs: dict[str, int] = {}
    doc_rows: list[dict[str, str]] = []

    def doc_index(row: EvidenceRow) -> int:
        if row.doc not in docs:
            docs[row.doc] = len(doc_rows)
            doc_rows.append({"title": row.title, "date": row.date, "url": _safe_url(row.url)})
        return docs[row.doc]

    edges = []
    for i, fact in enumerate(selection.facts):
        rows = selection.evidence[fact]
        edges.append(
            {
                "id": f"e{i}",
                "from": node_id(fact[0]),
                "to": node_id(fact[2]),
                "rel": fact[1],
                "sources": support(rows).sources,
                "ev": [[r.sentence, r.modality, r.confidence, doc_index(r)] for r in rows],
            }
        )
    degree = Counter(x for s, _, o in selection.facts for x in (s, o))
    return {
        "nodes": [_node_entry(data, iri, degree[iri]) for iri in selection.nodes],
        "edges": edges,
        "docs": doc_rows,
        "relations": {
            r: {"color": c, "dashed": d and not large, "directed": r not in SYMMETRIC}
            for r, (c, d) in EDGE_STYLE.items()
        },
        "physics": not large,
        "types": {t: {"color": c, "shape": s} for t, (c, s) in NODE_STYLE.items()},
        "factual": sorted(FACTUAL_MODALITIES),
        "omitted": {
            "actors": len(selection.omitted),
            "relations": selection.omitted_facts,
            "names": [data.labels.get(n, n) for n in selection.omitted[:OMITTED_NAMES]],
        },
        "applied": describe(options),
    }


def _node_entry(data: GraphData, iri: str, degree: int) -> dict[str, Any]:
    label = data.labels.get(iri, iri)
    entry: dict[str, Any] = {
        "id": node_id(iri),
        "iri": iri,
        "label": label,
        "type": data.types.get(iri, "Actor"),
        "degree": degree,
    }
    aliases = sorted(set(data.aliases.get(iri, [])) - {label})
    if aliases:
        entry["aliases"] = aliases
    if iri in data.wikidata:
        entry["wikidata"] = data.wikidata[iri]
    if iri in data.ucdp:
        entry["ucdp"] = data.ucdp[iri]
    return entry


def _safe_url(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else ""


def describe(options: ViewOptions) -> list[str]:
    """The command-line filters, in words, for the page's header."""
    parts = []
    if options.focus:
        parts.append(f"around {options.focus} (depth {options.depth})")
    if options.relations:
        parts.append("relations: " + ", ".join(options.relations))
    if options.types:
        parts.append("types: " + ", ".join(options.types))
    if options.since or options.until:
        parts.append(f"published {options.since or '…'} to {options.until or '…'}")
    if options.min_sources > 1:
        parts.append(f"at least {options.min_sources} sources")
    if options.min_confidence > 0:
        parts.append(f"confidence at least {options.min_confidence:g}")
    if options.max_nodes is not None:
        parts.append(f"at most {options.max_nodes} actors")
    return parts


def json_block(value: Any, element_id: str) -> str:
    """A ``<script type="application/json">`` block that no string inside can break out of."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


# ---------------------------------------------------------------- drawing


def plain_title(text: str) -> str:
    """A node tooltip vis.js shows as text. PyVis switches to a popup that parses node
    titles as HTML when one contains "href"; a zero-width space keeps it from matching."""
    return text.replace("href", "hre\u200bf")


def vis_node(data: GraphData, iri: str, degree: int) -> dict[str, Any]:
    kind = data.types.get(iri, "Actor")
    color, shape = NODE_STYLE.get(kind, DEFAULT_STYLE)
    label = data.labels.get(iri, iri)
    return {
        "id": node_id(iri),
        "label": label,
        "title": plain_title(f"{label} ({kind}) · {degree} relation(s)\nclick for details"),
        "color": {
            "background": color,
            "border": color,
            "highlight": {"background": color, "border": "#111111"},
            "hover": {"background": color, "border": "#444444"},
        },
        "borderWidthSelected": 3,
        "shape": shape,
        "size": round(10 + 5 * math.sqrt(degree), 1),
        "font": {"size": 14 if shape in ("box",) else 13},
        "type": kind,
    }


def vis_edge(labels: dict[str, str], edge: dict[str, Any], *, labelled: bool, dashes: bool) -> dict[str, Any]:
    """One vis.js edge. Dashes cost a lot of drawing time, so large graphs go without."""
    rel = edge["rel"]
    color, dashed = EDGE_STYLE.get(rel, ("#888888", False))
    vis = {
        "id": edge["id"],
        "from": edge["from"],
        "to": edge["to"],
        "title": f"{labels[edge['from']]} {rel} {labels[edge['to']]}\n{edge['sources']} source(s) · click for the evidence",
        "color": color,
        "width": 1 + min(edge["sources"], 8),
        "arrows": "" if rel in SYMMETRIC else "to",
        "relation": rel,
    }
    if labelled:
        vis["label"] = rel
    if dashes and dashed:
        vis["dashes"] = DASHES
    return vis


def vis_options(large: bool, nodes: int) -> dict[str, Any]:
    if large:
        return {
            "physics": {"enabled": False},
            "layout": {"improvedLayout": False},
            "edges": {"smooth": False, "font": {"size": 10, "align": "middle"}},
            "interaction": {
                "hover": False,
                "hideEdgesOnDrag": True,
                "hideEdgesOnZoom": True,
                "tooltipDelay": 200,
            },
        }
    return {
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300}},
        "layout": {"improvedLayout": nodes <= IMPROVED_LAYOUT_LIMIT, "randomSeed": 7},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "continuous"}},
        "interaction": {"hover": True, "tooltipDelay": 150},
    }


def render(data: GraphData, selection: Selection, options: ViewOptions | None = None) -> str:
    """The viewer page for the selected facts."""
    from pyvis.network import Network

    options = options or ViewOptions()
    page_data = payload(data, selection, options)
    large = is_large(selection)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    positions = _layout(page_data) if large else {}
    for entry in page_data["nodes"]:  # direct appends: add_node/add_edge checks are quadratic
        node = vis_node(data, entry["iri"], entry["degree"])
        if entry["id"] in positions:
            node["x"], node["y"] = positions[entry["id"]]
        net.nodes.append(node)
        net.node_ids.append(entry["id"])
        net.node_map[entry["id"]] = node
    labels = {n["id"]: n["label"] for n in page_data["nodes"]}
    style = {"labelled": len(page_data["edges"]) <= EDGE_LABEL_LIMIT, "dashes": not large}
    net.edges.extend(vis_edge(labels, e, **style) for e in page_data["edges"])
    net.options = vis_options(large, len(page_data["nodes"]))
    return _assemble(net.generate_html(notebook=False), page_data, options)


def _layout(page_data: dict[str, Any]) -> dict[str, tuple[float, float]]:
    from kgraph.layout import positions

    return positions(
        [n["id"] for n in page_data["nodes"]], [(e["from"], e["to"]) for e in page_data["edges"]]
    )


EXTERNAL_REF = re.compile(
    r"""<(link|script)\b[^>]*\b(href|src)\s*=\s*["']https?://[^>]*>(\s*</script>)?""", re.I | re.S
)


def _assemble(page: str, page_data: dict[str, Any], options: ViewOptions) -> str:
    """PyVis's page, made offline, with kgraph's panels, data, style and script added."""
    page = EXTERNAL_REF.sub("", page)
    page = re.sub(r"<!--\s*<link.*?-->", "", page, flags=re.S)  # PyVis's commented-out CDN links
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = page.replace("<head>", "<head>\n<title>kgraph viewer</title>", 1)
    page = page.replace("</head>", f"<style>{asset('viewer.css')}</style>\n</head>", 1)
    page = page.replace("<body>", "<body>\n" + chrome(page_data, options), 1)
    tail = json_block(page_data, "kg-data") + f"\n<script>{asset('viewer.js')}</script>\n</body>"
    return _replace_last(page, "</body>", tail)


def _replace_last(text: str, old: str, new: str) -> str:
    head, sep, rest = text.rpartition(old)
    if not sep:
        raise KgraphError(f"PyVis page has no {old}")
    return head + new + rest


def chrome(page_data: dict[str, Any], options: ViewOptions) -> str:
    """The page's fixed parts around the network: header, note, filters and details panel."""
    applied = "; ".join(describe(options))
    applied = f"Options: {applied}" if applied else ""
    note = ""
    omitted = page_data["omitted"]
    if omitted["actors"]:
        names = ", ".join(omitted["names"]) + (", …" if omitted["actors"] > len(omitted["names"]) else "")
        note = (
            f'<div id="kg-note">Showing the {len(page_data["nodes"])} most connected actors: '
            f"{omitted['actors']} actors and {omitted['relations']} relations were left out "
            f"(--max-nodes). Left out: {html.escape(names)}</div>"
        )
    slots = {"applied": html.escape(applied), "note": note}
    return re.sub(r"\{(applied|note)\}", lambda m: slots[m.group(1)], asset("viewer.html"))


def asset(name: str) -> str:
    """A file from ``kgraph/assets`` (package data)."""
    text = resources.files("kgraph").joinpath(ASSETS, name).read_text(encoding="utf-8")
    if name.endswith((".js", ".css")) and "</" + "script" in text.lower():
        raise KgraphError(f"asset {name} must not contain a closing script tag")
    return text


def write_viewer(
    target: str | Path,
    out: str | Path,
    options: ViewOptions | None = None,
    **kwargs: Any,
) -> Selection:
    """Write the viewer of the graph at ``target`` to ``out``; returns what was drawn.

    Options are a :class:`ViewOptions` or its fields as keywords."""
    from kgraph.store import atomic_write_bytes, open_store

    if options is None:
        options = ViewOptions(**kwargs)
    data = load(open_store(target))
    selection = select(data, options)
    atomic_write_bytes(Path(out), render(data, selection, options).encode("utf-8"))
    return selection
