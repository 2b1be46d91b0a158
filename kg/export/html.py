"""Interactive HTML view of the knowledge graph: one self-contained, offline page.

The nodes, edges and vis options are held by a :class:`pyvis.network.Network`,
but the page is rendered through the project's own Jinja2 template
(``templates/graph.html``) because pyvis's template loads bootstrap, tom-select
and vis-network from CDNs. vis-network's JavaScript and CSS are read from the
installed pyvis package and inlined, and a Content-Security-Policy forbids any
network request, so the page works offline and leaks nothing when opened.

What the page shows:

- entities coloured by type (colour-blind-safe Okabe-Ito colours), sized by
  mention count, with a legend whose checkboxes show or hide each type (MISC
  hidden unless ``show_misc``);
- one edge per (pair, relation kind), as wide as its number of supporting
  sentences; directed kinds have arrows, symmetric ones (``cooccursWith``) none;
- tooltips with aliases, counts and up to three evidence sentences;
- a layout computed here (fixed seed, so the output is deterministic) with
  physics off, a physics switch, a minimum-weight slider, a kind filter and a
  search box.

The data is also embedded as ``const KG_NODES = [...];`` and
``const KG_EDGES = [...];`` lines (one JSON array each) for tests and scripts.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
import os
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import numpy as np
import pyvis
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from kg.errors import OutputError
from kg.export.atomic import write_text

__all__ = ["to_html", "write_html"]

DEFAULT_TITLE = "kg — knowledge graph"

TYPE_COLOURS: dict[str, str] = {
    "PER": "#0072B2",  # blue
    "LOC": "#009E73",  # bluish green
    "ORG": "#E69F00",  # orange
    "MISC": "#CC79A7",  # reddish purple
}
"""Node colour per entity type (Okabe-Ito palette, distinguishable with colour blindness)."""

TYPE_NAMES: dict[str, str] = {
    "PER": "People",
    "LOC": "Places",
    "ORG": "Organisations",
    "MISC": "Other",
}
OTHER_TYPE_COLOUR = "#8C8C8C"
"""Colour of a node whose type is none of the four known ones."""

COOCCURRENCE_COLOUR = "#6E7681"
COOCCURRENCE_OPACITY = 0.45
KIND_OPACITY = 0.85
KIND_COLOURS: tuple[str, ...] = ("#D55E00", "#56B4E9", "#7F3C8D", "#117733", "#882255", "#332288")
"""Colours of the relation kinds other than ``cooccursWith``, given in sorted kind order."""

MIN_NODE_SIZE, MAX_NODE_SIZE = 10.0, 45.0
MIN_EDGE_WIDTH, MAX_EDGE_WIDTH = 1.0, 8.0
MAX_ALIASES = 10
MAX_EVIDENCE = 3
EVIDENCE_CHARS = 200
MAX_LABEL_CHARS = 48

_UNIT = 80.0  # px; a component of n nodes is first laid out in a disc of radius _UNIT * sqrt(n)
_SPRING_K = 1.0  # times 1/sqrt(n): nx.spring_layout's optimal distance between nodes
_LABEL_ROOM_X, _LABEL_ROOM_Y = 36.0, 60.0  # px kept free between two discs
_GAP = 140.0  # px between packed components
_CELL_WIDTH = 190.0  # px: width of the grid cell of an isolated node
_FORCE_LIMIT = 500  # nx.spring_layout switches to a SciPy solver from this size on

_TEMPLATE = "graph.html"
_SOURCE_MAP = re.compile(r"^\s*(//|/\*)\s*[#@]\s*sourceMappingURL=.*$", re.MULTILINE)


def to_html(
    G: nx.MultiDiGraph,
    *,
    title: str = DEFAULT_TITLE,
    show_misc: bool = False,
    seed: int = 7,
) -> str:
    """Return a complete, self-contained HTML page (a ``str``) showing ``G``.

    ``G`` follows the contract of :func:`kg.graph.build_graph`. The page makes
    no network request: vis-network is inlined and a Content-Security-Policy
    blocks remote resources. MISC entities are in the page but hidden until
    their legend box is ticked, unless ``show_misc`` is true. ``seed`` fixes
    the layout, so the same graph always gives the same page. An empty graph
    gives a page that says so.
    """
    net = _network(G, show_misc=show_misc, seed=seed)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    types = _type_rows(G, show_misc)
    visible_types = {row["code"] for row in types if row["checked"]}
    kinds = _kind_rows(edges)
    context = {
        "title": title,
        "vis_js": _vis_assets()[0],
        "vis_css": _vis_assets()[1],
        "nodes_json": _script_json(nodes),
        "edges_json": _script_json(edges),
        "options_json": _script_json(json.loads(options)),
        "meta_json": _script_json(
            {"visibleTypes": sorted(visible_types), "kinds": [k["kind"] for k in kinds]}
        ),
        "types": types,
        "kinds": kinds,
        "labels": sorted({str(n["name"]) for n in nodes}, key=str.casefold),
        "total_nodes": len(nodes),
        "total_edges": len(edges),
        "shown_nodes": sum(1 for n in nodes if not n["hidden"]),
        "shown_edges": sum(1 for e in edges if not e["hidden"]),
        "max_weight": max((int(e["weight"]) for e in edges), default=1),
    }
    return _template().render(**context)


def write_html(G: nx.MultiDiGraph, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write :func:`to_html` of ``G`` to ``path`` atomically; return the path.

    ``options`` are passed to :func:`to_html`. The page is fully rendered
    before anything is written, and a failed write leaves an existing file as
    it was.
    """
    return write_text(path, to_html(G, **options))


# --------------------------------------------------------------------------- network


class _Network(Network):
    """A pyvis ``Network`` with constant-time id checks.

    pyvis's own ``add_node``/``add_edge`` scan lists (and, undirected, every
    edge), which is quadratic on graphs of a few thousand entities.
    """

    def add_node(self, n_id: Hashable, **options: Any) -> None:  # type: ignore[override]
        if n_id in self.node_map:
            return
        node = Node(n_id, options.pop("shape", "dot"), label=options.pop("label", n_id), **options)
        self.nodes.append(node.options)
        self.node_ids.append(n_id)
        self.node_map[n_id] = node.options

    def add_edge(self, source: Hashable, to: Hashable, **options: Any) -> None:  # type: ignore[override]
        for end in (source, to):
            if end not in self.node_map:
                raise KeyError(f"edge refers to unknown node {end!r}")
        self.edges.append(Edge(source, to, self.directed, **options).options)


def _network(G: nx.MultiDiGraph, *, show_misc: bool, seed: int) -> Network:
    net = _Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    nodes = sorted(G.nodes, key=_key)
    mentions = {n: _count(G.nodes[n].get("mentions", 1)) for n in nodes}
    lo, hi = min(mentions.values(), default=1), max(mentions.values(), default=1)
    sizes = {n: _scale(mentions[n], lo, hi, MIN_NODE_SIZE, MAX_NODE_SIZE) for n in nodes}
    positions = _layout(G, sizes, seed)
    degree = {n: len(set(G.predecessors(n)) | set(G.successors(n)) - {n}) for n in nodes}
    hidden_types = {"MISC"} if not show_misc else set()

    for n in nodes:
        data = G.nodes[n]
        etype = _type(data)
        label = _label(G, n)
        size = sizes[n]
        colour = TYPE_COLOURS.get(etype, OTHER_TYPE_COLOUR)
        x, y = positions[n]
        net.add_node(
            n,
            label=_shorten(label, MAX_LABEL_CHARS),
            name=label,
            shape="dot",
            title=_node_title(label, etype, data, mentions[n], degree[n]),
            size=round(size, 1),
            color=_node_colour(colour),
            font={"size": round(12 + 8 * (size - MIN_NODE_SIZE) / (MAX_NODE_SIZE - MIN_NODE_SIZE))},
            x=round(x, 1),
            y=round(y, 1),
            hidden=etype in hidden_types,
            kgType=etype,
            mentions=mentions[n],
            documents=len(_as_list(data.get("documents"))),
        )

    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (_key(e[0]), _key(e[1]), str(e[2])))
    top = max((_count(d.get("weight", 1)) for *_, d in edges), default=1)
    kinds = sorted({str(d.get("kind", k)) for _, _, k, d in edges})
    colours = _kind_colours(kinds)
    parallel: dict[frozenset[Hashable], int] = defaultdict(int)
    for index, (u, v, key, data) in enumerate(edges):
        kind = str(data.get("kind", key))
        weight = _count(data.get("weight", 1))
        symmetric = bool(data.get("symmetric", False))
        pair = frozenset((u, v))
        rank = parallel[pair]  # separate several kinds between the same two entities
        parallel[pair] += 1
        net.add_edge(
            u,
            v,
            id=f"e{index}",
            kind=kind,
            weight=weight,
            documents=_count(data.get("documents", 0), minimum=0),
            symmetric=symmetric,
            title=_edge_title(_label(G, u), _label(G, v), kind, data, weight, symmetric),
            width=round(_scale(weight, 1, top, MIN_EDGE_WIDTH, MAX_EDGE_WIDTH), 2),
            arrows={"to": {"enabled": not symmetric, "scaleFactor": 0.6}},
            color=_edge_colour(kind, colours[kind]),
            smooth=_curve(rank),
            hidden=_type(G.nodes[u]) in hidden_types or _type(G.nodes[v]) in hidden_types,
        )

    net.options = _vis_options(seed, len(edges))
    return net


def _vis_options(seed: int, n_edges: int) -> dict[str, Any]:
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
    return {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {"face": font, "color": "#1f2328", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"enabled": False, "drawThreshold": 7, "maxVisible": 28}},
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 2,
            "hoverWidth": 1,
            "arrowStrikethrough": False,
        },
        "physics": {
            "enabled": False,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -9000,
                "centralGravity": 0.05,
                "springLength": 160,
                "springConstant": 0.02,
                "damping": 0.4,
                "avoidOverlap": 0.3,
            },
            "stabilization": {"enabled": False},
            "minVelocity": 0.75,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "multiselect": True,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": n_edges > 3000,
            "hideEdgesOnZoom": n_edges > 3000,
        },
        "layout": {"improvedLayout": False, "randomSeed": seed},
    }


def _type_rows(G: nx.MultiDiGraph, show_misc: bool) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for n in G.nodes:
        counts[_type(G.nodes[n])] += 1
    codes = list(TYPE_COLOURS) + sorted(set(counts) - set(TYPE_COLOURS))
    return [
        {
            "code": code,
            "name": TYPE_NAMES.get(code, code),
            "colour": TYPE_COLOURS.get(code, OTHER_TYPE_COLOUR),
            "count": counts.get(code, 0),
            "checked": code != "MISC" or show_misc,
        }
        for code in codes
    ]


def _kind_rows(edges: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for e in edges:
        row = rows.setdefault(
            e["kind"],
            {
                "kind": e["kind"],
                "colour": _rgba(e["color"]["color"], e["color"]["opacity"]),
                "count": 0,
                "directed": not e["symmetric"],
            },
        )
        row["count"] += 1
    return [rows[k] for k in sorted(rows)]


def _kind_colours(kinds: Iterable[str]) -> dict[str, str]:
    colours: dict[str, str] = {}
    others = 0
    for kind in kinds:
        if kind == "cooccursWith":
            colours[kind] = COOCCURRENCE_COLOUR
        else:
            colours[kind] = KIND_COLOURS[others % len(KIND_COLOURS)]
            others += 1
    return colours


def _node_colour(colour: str) -> dict[str, Any]:
    border = _mix(colour, "#000000", 0.35)
    light = _mix(colour, "#ffffff", 0.35)
    return {
        "background": colour,
        "border": border,
        "highlight": {"background": light, "border": "#1f2328"},
        "hover": {"background": light, "border": border},
    }


def _edge_colour(kind: str, colour: str) -> dict[str, Any]:
    cooccurrence = kind == "cooccursWith"
    strong = "#3b4049" if cooccurrence else _mix(colour, "#000000", 0.25)
    return {
        "color": colour,
        "highlight": strong,
        "hover": strong,
        "inherit": False,
        "opacity": COOCCURRENCE_OPACITY if cooccurrence else KIND_OPACITY,
    }


def _rgba(colour: str, opacity: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {opacity})"


def _curve(rank: int) -> dict[str, Any] | bool:
    if rank == 0:
        return False
    return {
        "enabled": True,
        "type": "curvedCW" if rank % 2 else "curvedCCW",
        "roundness": round(0.22 * ((rank + 1) // 2), 2),
    }


def _mix(colour: str, other: str, share: float) -> str:
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


# --------------------------------------------------------------------------- tooltips


def _node_title(label: str, etype: str, data: dict[str, Any], mentions: int, degree: int) -> str:
    lines = [label, f"{TYPE_NAMES.get(etype, etype)} — {etype}"]
    aliases = [str(a) for a in _as_list(data.get("aliases")) if str(a) != label]
    if aliases:
        shown = ", ".join(aliases[:MAX_ALIASES])
        more = len(aliases) - MAX_ALIASES
        lines.append(f"Also: {shown}" + (f", … (+{more} more)" if more > 0 else ""))
    documents = len(_as_list(data.get("documents")))
    lines.append(f"Mentions: {mentions} in {_plural(documents, 'document')}")
    lines.append(f"Related entities: {degree}")
    return "\n".join(lines)


def _edge_title(
    source: str, target: str, kind: str, data: dict[str, Any], weight: int, symmetric: bool
) -> str:
    arrow = "—" if symmetric else "→"
    documents = _count(data.get("documents", 0), minimum=0)
    summary = f"{_plural(weight, 'sentence')} in {_plural(documents, 'document')}"
    confidence = data.get("confidence")
    if isinstance(confidence, int | float) and confidence < 1:
        summary += f", confidence {confidence:.2f}"
    lines = [f"{source} {arrow} {target}", f"{kind}: {summary}"]
    evidence = [ev for ev in _as_list(data.get("evidence")) if isinstance(ev, dict)]
    for ev in evidence[:MAX_EVIDENCE]:
        text = _shorten(" ".join(str(ev.get("text", "")).split()), EVIDENCE_CHARS)
        value = f" ({ev['value']})" if ev.get("value") else ""
        lines.append(f"[{ev.get('doc', '?')}] « {text} »{value}")
    if len(evidence) > MAX_EVIDENCE:
        lines.append(f"+{_plural(len(evidence) - MAX_EVIDENCE, 'more sentence')}")
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- layout


def _layout(
    G: nx.MultiDiGraph, radii: dict[Hashable, float], seed: int
) -> dict[Hashable, tuple[float, float]]:
    """Return pixel positions: components packed in rows, isolated nodes in a grid below.

    Each connected component (of the undirected projection, weighted by the
    log of the summed edge weights) gets its own force layout in a disc of
    radius proportional to the square root of its size, so small components
    do not drift away and isolated nodes do not pile up at the centre.
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes, key=_key))
    summed: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for u, v, data in G.edges(data=True):
        if u != v:
            a, b = sorted((u, v), key=_key)
            summed[(a, b)] += _count(data.get("weight", 1))
    for (a, b), w in sorted(summed.items(), key=lambda item: (_key(item[0][0]), _key(item[0][1]))):
        H.add_edge(a, b, weight=1.0 + math.log(w))

    components = sorted(
        (sorted(c, key=_key) for c in nx.connected_components(H)),
        key=lambda c: (-len(c), _key(c[0])),
    )
    groups = [c for c in components if len(c) > 1]
    isolated = sorted(
        (c[0] for c in components if len(c) == 1),
        key=lambda n: (
            _type_rank(_type(G.nodes[n])),
            -_count(G.nodes[n].get("mentions", 1)),
            _key(n),
        ),
    )

    pos: dict[Hashable, tuple[float, float]] = {}
    blocks = [
        _component_layout(H.subgraph(c), c, np.array([radii[v] for v in c], dtype=float), seed)
        for c in groups
    ]
    area = sum((w + _GAP) * (h + _GAP) for _, (w, h) in blocks)
    width = max([w for _, (w, _h) in blocks] + [math.sqrt(area) * 1.2])
    x = y = row_height = 0.0
    used_width = 0.0
    for coords, (w, h) in blocks:
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height + _GAP, 0.0
        for n, (px, py) in coords.items():
            pos[n] = (x + px, y + py)
        x += w + _GAP
        used_width = max(used_width, x - _GAP)
        row_height = max(row_height, h)
    bottom = y + row_height + (_GAP if blocks else 0.0)

    if isolated:
        width = max(used_width, math.sqrt(len(isolated)) * _CELL_WIDTH)
        columns = max(1, int(width // _CELL_WIDTH))
        for start in range(0, len(isolated), columns):
            row = isolated[start : start + columns]
            half = max(radii[n] for n in row)
            for col, n in enumerate(row):
                pos[n] = (col * _CELL_WIDTH + _CELL_WIDTH / 2, bottom + half)
            bottom += 2 * half + _LABEL_ROOM_Y

    if pos:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        pos = {n: (px - cx, py - cy) for n, (px, py) in pos.items()}
    return pos


def _component_layout(
    H: nx.Graph, nodes: list[Hashable], radii: np.ndarray, seed: int
) -> tuple[dict[Hashable, tuple[float, float]], tuple[float, float]]:
    """Lay out one component; return positions from a (0, 0) top-left corner and the box size."""
    n = len(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(sorted(H.edges(data=True), key=lambda e: tuple(sorted(map(_key, e[:2])))))
    if n == 2:
        raw = np.array([[-1.0, 0.0], [1.0, 0.0]])
    elif n < _FORCE_LIMIT:
        layout = nx.spring_layout(sub, k=_SPRING_K / math.sqrt(n), weight="weight", seed=seed)
        raw = np.array([layout[v] for v in nodes], dtype=float)
    else:
        raw = _force_layout(sub, nodes, seed)
    raw = raw - raw.mean(axis=0)
    extent = float(np.abs(raw).max()) or 1.0
    raw = _spread(raw * (_UNIT * math.sqrt(n) / extent), radii)
    raw = raw - (raw - radii[:, None]).min(axis=0)
    size = (raw + radii[:, None]).max(axis=0)
    coords = {v: (float(raw[i, 0]), float(raw[i, 1])) for i, v in enumerate(nodes)}
    return coords, (float(size[0]), float(size[1]))


def _spread(pos: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Push apart nodes whose discs overlap or leave no room for a label; return new positions.

    Two nodes keep ``_LABEL_ROOM_X`` pixels free side by side and
    ``_LABEL_ROOM_Y`` one above the other, as labels are drawn under the dot.
    """
    n = len(pos)
    pos = pos.astype(float)
    if n < 2:
        return pos
    radii = radii.astype(float)
    block = max(1, 4_000_000 // n)
    iterations = 60 if n < _FORCE_LIMIT else 15
    tiny = np.random.default_rng(n).normal(scale=1e-3, size=pos.shape)
    for _ in range(iterations):
        pos = pos + tiny  # separates coincident nodes, deterministically
        shift = np.zeros_like(pos)
        worst = 0.0
        for start in range(0, n, block):
            stop = min(n, start + block)
            dx = pos[start:stop, 0, None] - pos[None, :, 0]
            dy = pos[start:stop, 1, None] - pos[None, :, 1]
            dist = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-9)
            room = _LABEL_ROOM_X + (_LABEL_ROOM_Y - _LABEL_ROOM_X) * (dy / dist) ** 2
            overlap = radii[start:stop, None] + radii[None, :] + room - dist
            np.maximum(overlap, 0.0, out=overlap)
            overlap[np.arange(stop - start), np.arange(start, stop)] = 0.0
            worst = max(worst, float(overlap.max()))
            factor = overlap / (2 * dist)
            shift[start:stop, 0] += (dx * factor).sum(axis=1)
            shift[start:stop, 1] += (dy * factor).sum(axis=1)
        if worst < 0.5:
            break
        pos = pos + shift * 0.6
    return pos


def _force_layout(H: nx.Graph, nodes: list[Hashable], seed: int) -> np.ndarray:
    """Fruchterman-Reingold in numpy for big components, by blocks (no SciPy needed)."""
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    pairs = np.array([(index[u], index[v]) for u, v in H.edges()], dtype=np.intp).reshape(-1, 2)
    weights = np.array([w for _, _, w in H.edges(data="weight", default=1.0)], dtype=float)
    k = _SPRING_K / math.sqrt(n)
    iterations = 50
    step = 0.1
    cool = step / (iterations + 1)
    block = max(1, 4_000_000 // n)
    for _ in range(iterations):
        shift = np.zeros((n, 2))
        for start in range(0, n, block):
            stop = min(n, start + block)
            dx = pos[start:stop, 0, None] - pos[None, :, 0]
            dy = pos[start:stop, 1, None] - pos[None, :, 1]
            force = k * k / np.maximum(dx * dx + dy * dy, 1e-6)
            force[np.arange(stop - start), np.arange(start, stop)] = 0.0
            # sum_j (p_i - p_j) f_ij = p_i sum_j f_ij - (F @ p)_i
            shift[start:stop] += pos[start:stop] * force.sum(axis=1)[:, None] - force @ pos
        delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        dist = np.maximum(np.sqrt((delta**2).sum(axis=1)), 1e-2)
        pull = delta * (weights * dist / k)[:, None]
        np.add.at(shift, pairs[:, 0], -pull)
        np.add.at(shift, pairs[:, 1], pull)
        length = np.maximum(np.sqrt((shift**2).sum(axis=1)), 1e-2)
        pos += shift * (np.minimum(length, step) / length)[:, None]
        step -= cool
    return pos


# --------------------------------------------------------------------------- helpers


def _key(node: Hashable) -> str:
    return str(node)


def _type(data: dict[str, Any]) -> str:
    return str(data.get("type") or "MISC")


def _type_rank(kind: str) -> int:
    order = list(TYPE_COLOURS)
    return order.index(kind) if kind in order else len(order)


def _label(G: nx.MultiDiGraph, node: Hashable) -> str:
    return str(G.nodes[node].get("label") or node)


def _count(value: Any, *, minimum: int = 1) -> int:
    try:
        return max(minimum, int(value))
    except (TypeError, ValueError):
        return minimum


def _as_list(value: Any) -> list[Any]:
    if value is None or isinstance(value, str | bytes | int | float):
        return []
    return list(value)


def _scale(value: float, lo: float, hi: float, smallest: float, largest: float) -> float:
    """Map ``value`` in [lo, hi] to [smallest, largest] on a square-root scale."""
    if hi <= lo:
        return smallest + (largest - smallest) * 0.2
    share = (math.sqrt(value) - math.sqrt(lo)) / (math.sqrt(hi) - math.sqrt(lo))
    return smallest + (largest - smallest) * min(1.0, max(0.0, share))


def _script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``</script>``, ``<!--`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@functools.cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the pyvis package, made safe to inline."""
    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    try:
        js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        css = (folder / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(
            f"cannot read vis-network from the pyvis package ({folder}): {exc.strerror or exc}; "
            "reinstall pyvis==0.3.2"
        ) from exc
    js = _SOURCE_MAP.sub("", js)  # browsers would fetch the .map file when devtools are open
    css = _SOURCE_MAP.sub("", css)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


@functools.cache
def _template() -> jinja2.Template:
    source = (
        importlib.resources.files("kg.export")
        .joinpath("templates")
        .joinpath(_TEMPLATE)
        .read_text("utf-8")
    )
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.from_string(source)
