"""Node positions computed in Python, for graphs too large for the browser's physics.

Up to ``EXACT_LIMIT`` nodes this is networkx's ``spring_layout`` (Fruchterman-Reingold)
with a fixed seed. Above it, the same forces are computed with numpy, and repulsion
comes from the centroids of a coarse grid instead of from every other node, so 20,000
nodes take seconds instead of hours. Both are deterministic for the same graph.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SEED = 7
EXACT_LIMIT = 400  # networkx's dense solver: O(n²) memory, fine below this
GRID = 12  # cells per side for the approximate repulsion
ITERATIONS = 50
CHUNK = 2048
GRAVITY = 0.05
SCALE = 60.0  # vis.js units per sqrt(node): keeps nodes about 60 px apart at zoom 1


def positions(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """x, y for each node, in vis.js canvas units, centred on 0."""
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in edges if a != b], dtype=np.int64).reshape(-1, 2)
    xy = _spring(len(nodes), pairs) if len(nodes) <= EXACT_LIMIT else _grid_force(len(nodes), pairs)
    xy -= xy.mean(axis=0)
    extent = float(np.abs(xy).max()) or 1.0
    xy *= SCALE * np.sqrt(len(nodes)) / extent
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(nodes, xy, strict=True)}


def _spring(n: int, pairs: np.ndarray) -> np.ndarray:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(map(tuple, pairs.tolist()))
    pos = nx.spring_layout(graph, seed=SEED, iterations=80)
    return np.array([pos[i] for i in range(n)], dtype=float)


def _grid_force(n: int, pairs: np.ndarray, iterations: int = ITERATIONS) -> np.ndarray:
    """Fruchterman-Reingold with grid-approximated repulsion and a little gravity."""
    rng = np.random.default_rng(SEED)
    xy = rng.random((n, 2))
    k = np.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(xy, k) + _attraction(xy, pairs, k) - GRAVITY * (xy - xy.mean(axis=0))
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        xy += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return xy


def _repulsion(xy: np.ndarray, k: float) -> np.ndarray:
    """k²/d away from each occupied grid cell's centroid, weighted by its count."""
    low, high = xy.min(axis=0), xy.max(axis=0)
    cell = np.minimum(((xy - low) / np.maximum(high - low, 1e-9) * GRID).astype(np.int64), GRID - 1)
    flat = cell[:, 0] * GRID + cell[:, 1]
    counts = np.bincount(flat, minlength=GRID * GRID).astype(float)
    occupied = counts > 0
    sums = np.stack([np.bincount(flat, weights=xy[:, d], minlength=GRID * GRID) for d in (0, 1)], axis=1)
    centroids = sums[occupied] / counts[occupied, None]
    weights = counts[occupied] * k * k
    out = np.empty_like(xy)
    for start in range(0, len(xy), CHUNK):  # chunks bound the n × cells temporaries
        delta = xy[start : start + CHUNK, None, :] - centroids[None, :, :]
        dist2 = np.maximum((delta**2).sum(axis=2), (k * 0.1) ** 2)
        out[start : start + CHUNK] = (delta * (weights / dist2)[:, :, None]).sum(axis=1)
    return out


def _attraction(xy: np.ndarray, pairs: np.ndarray, k: float) -> np.ndarray:
    """d²/k along each edge, pulling both ends together."""
    disp = np.zeros_like(xy)
    if len(pairs) == 0:
        return disp
    delta = xy[pairs[:, 0]] - xy[pairs[:, 1]]
    dist = np.maximum(np.linalg.norm(delta, axis=1), 1e-9)
    force = delta * (dist / k)[:, None]
    np.add.at(disp, pairs[:, 0], -force)
    np.add.at(disp, pairs[:, 1], force)
    return disp
