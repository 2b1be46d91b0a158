"""Interactive HTML view of the knowledge graph: one self-contained, offline page.

The nodes, edges and vis options are held by a :class:`pyvis.network.Network`,
but the page is rendered through the project's own Jinja2 template
(``templates/graph.html``) because pyvis's template loads its libraries from
content delivery networks. vis-network's JavaScript and CSS are read from the
installed pyvis package and inlined, the page uses the system fonts, and a
Content-Security-Policy forbids any network request, so the page works offline
(``file://``, a mail attachment) and leaks nothing when opened.

What the page shows:

- entities coloured by type (colour-blind-safe Okabe-Ito colours), sized by
  mention count, with a legend whose checkboxes show or hide each type (MISC
  hidden unless ``show_misc``);
- one edge per (pair, relation kind), as wide as its number of supporting
  sentences; each typed kind has its own colour (dashed once the palette is
  used up) and directed kinds have arrows; ``cooccursWith`` stays light grey;
- a layout computed here (fixed seed, so the output is deterministic) in which
  no label overlaps another label or dot, with physics off and a switch to
  turn it on;
- a search box that finds an entity by its name or any alias (case and
  accents ignored) and focuses it; filters by type, relation kind and minimum
  support; a side panel, opened by clicking an entity, with its name, type,
  aliases, GeoNames links, relations grouped by kind and the evidence
  sentences with their documents; clicking a relation shows its evidence;
- above ``max_nodes`` entities, only the most connected ones, with a notice
  saying so (the RDF export keeps the full graph).

The data is also embedded as ``const KG_NODES = [...];``, ``KG_EDGES``,
``KG_SENTENCES`` (each distinct evidence sentence once; edge evidence points
into it by index), ``KG_OPTIONS`` and ``KG_META`` lines, one JSON value each,
for tests and scripts. In the browser, ``window.kgNetwork`` is the vis
``Network``, ``window.kgState`` the page state (``ready`` once the first
frame is drawn, selection, panel) and ``window.kg`` a small API
(``find``, ``focus``, ``showNode``, ``showEdge``).
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
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
from kg.export.atomic import Batch, write_text

__all__ = ["DEFAULT_MAX_NODES", "Positions", "layout", "most_connected", "to_html", "write_html"]

Positions = Mapping[Hashable, tuple[float, float]]
"""Where the page draws each entity: pixel positions, as :func:`layout` returns them."""

DEFAULT_TITLE = "kg — knowledge graph"
DEFAULT_MAX_NODES = 1500
"""Entities drawn at most by default; beyond it the page keeps the most connected ones."""

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
TYPE_LABELS: dict[str, str] = {
    "PER": "Person",
    "LOC": "Place",
    "ORG": "Organisation",
    "MISC": "Other",
}
"""One entity of each type, as named in the details panel."""
OTHER_TYPE_COLOUR = "#8C8C8C"
"""Colour of a node whose type is none of the four known ones."""

COOCCURRENCE = "cooccursWith"
COOCCURRENCE_COLOUR = "#6E7681"
COOCCURRENCE_OPACITY = 0.45
KIND_OPACITY = 0.9
KIND_COLOURS: tuple[str, ...] = (
    "#D55E00",  # vermillion
    "#332288",  # indigo
    "#CC6677",  # rose
    "#117733",  # green
    "#AA4499",  # purple
    "#44AA99",  # teal
    "#882255",  # wine
    "#999933",  # olive
)
"""Colours of the relation kinds other than ``cooccursWith``, given in sorted kind order;
once they are used up, the next kinds reuse them with dashed lines."""
KIND_DASHES = (10, 5)

MIN_NODE_SIZE, MAX_NODE_SIZE = 10.0, 45.0
MIN_FONT_SIZE, MAX_FONT_SIZE = 15, 22
MIN_EDGE_WIDTH, MAX_EDGE_WIDTH = 1.0, 8.0
MIN_KIND_WIDTH = 2.0
"""Typed relations are drawn at least this wide, so they stand out from co-occurrence."""
MAX_ALIASES = 10
MAX_EVIDENCE = 3
EVIDENCE_CHARS = 200
MAX_LABEL_CHARS = 36

# Layout, in canvas pixels (1 px on screen at zoom 1).
_PAD_X, _PAD_Y = 14.0, 10.0  # free space kept between the boxes (dot and label) of two nodes
_DENSITY = 0.7  # share of a component's disc covered by its nodes' boxes before spreading
_GAP = 90.0  # px between packed components
_SPRING_K = 1.0  # times 1/sqrt(n): nx.spring_layout's optimal distance between nodes
_FORCE_LIMIT = 500  # nx.spring_layout switches to a SciPy solver from this size on
_LAYOUT_TRIES = 6  # starts tried for a graph of up to _TRIES_LIMIT nodes (see _layout)
_TRIES_LIMIT = 300
_SPREAD_ROUNDS, _SPREAD_STEPS = 200, 12  # overlap removal: rounds, steps in a round
_STRETCH_EVERY, _STRETCH = 8, 1.04  # rounds before the layout is stretched, and by how much
# (after _SPREAD_ROUNDS rounds it is stretched every round, up to _SPREAD_LIMIT rounds in all)
_SPREAD_LIMIT = 2000

_TEMPLATE = "graph.html"
_SOURCE_MAP = re.compile(r"^\s*(//|/\*)\s*[#@]\s*sourceMappingURL=.*$", re.MULTILINE)
_WEB_IRI = re.compile(r"^https?://[^\s\"'<>]+$")


def to_html(
    G: nx.MultiDiGraph,
    *,
    title: str = DEFAULT_TITLE,
    show_misc: bool = False,
    seed: int = 7,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    positions: Positions | Callable[[], Positions] | None = None,
) -> str:
    """Return a complete, self-contained HTML page (a ``str``) showing ``G``.

    ``G`` follows the contract of :func:`kg.graph.build_graph`. The page makes
    no network request: vis-network is inlined and a Content-Security-Policy
    blocks remote resources. MISC entities are in the page but hidden until
    their legend box is ticked, unless ``show_misc`` is true. ``seed`` fixes
    the layout, so the same graph always gives the same page. When ``G`` has
    more than ``max_nodes`` entities the page keeps the ``max_nodes`` most
    connected ones (see :func:`most_connected`) and the relations between
    them, and says so; ``None`` keeps everything. An empty graph gives a page
    that says so.

    ``positions`` are where the entities are drawn, as :func:`layout` returns
    them for the same ``G``, ``show_misc``, ``seed`` and ``max_nodes``; by
    default they are computed here. A function giving them is called once,
    when the rest of the page is ready: the layout can be computed meanwhile
    in another process (:mod:`kg.export.outputs`).

    Raises ``ValueError`` when ``max_nodes`` is smaller than 1, or when
    ``positions`` lacks a node of the page.
    """
    view = _view(G, max_nodes)
    total_nodes, total_edges = G.number_of_nodes(), G.number_of_edges()
    net, sentences = _network(view, show_misc=show_misc, seed=seed, positions=positions)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    types = _type_rows(view, show_misc)
    visible_types = {row["code"] for row in types if row["checked"]}
    kinds = _kind_rows(edges)
    notice = ""
    if view is not G:
        notice = (
            f"Large graph: showing {len(nodes):,} of {total_nodes:,} entities; "
            "the full graph is in the RDF."
        )
    meta = {
        "visibleTypes": sorted(visible_types),
        "kinds": [k["kind"] for k in kinds],
        "kindLabels": {k["kind"]: k["label"] for k in kinds},
        "typeLabels": {row["code"]: TYPE_LABELS.get(row["code"], row["code"]) for row in types},
        "typeColours": {row["code"]: row["colour"] for row in types},
        "graphNodes": total_nodes,
        "graphEdges": total_edges,
        "truncated": view is not G,
    }
    context = {
        "title": title,
        "vis_js": _vis_assets()[0],
        "vis_css": _vis_assets()[1],
        "nodes_json": _script_json(nodes),
        "edges_json": _script_json(edges),
        "sentences_json": _script_json(sentences),
        "options_json": _script_json(json.loads(options)),
        "meta_json": _script_json(meta),
        "types": types,
        "kinds": kinds,
        "labels": sorted({str(n["name"]) for n in nodes}, key=str.casefold),
        "aliases": _alias_options(nodes),
        "notice": notice,
        "max_nodes": max_nodes,
        "total_nodes": len(nodes),
        "total_edges": len(edges),
        "shown_nodes": sum(1 for n in nodes if not n["hidden"]),
        "shown_edges": sum(1 for e in edges if not e["hidden"]),
        "max_weight": max((int(e["weight"]) for e in edges), default=1),
    }
    return _template().render(**context)


def layout(
    G: nx.MultiDiGraph,
    *,
    show_misc: bool = False,
    seed: int = 7,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> dict[Hashable, tuple[float, float]]:
    """Return where :func:`to_html` draws each entity of ``G`` with the same options: pixel
    positions, centred on (0, 0), in which no two entities' dots and labels overlap.

    This is the slow part of the page (see :func:`_layout`). Raises
    ``ValueError`` when ``max_nodes`` is smaller than 1.
    """
    view = _view(G, max_nodes)
    nodes = sorted(view.nodes, key=_key)
    _, _, _, _, boxes = _sizes(view, nodes)
    return _layout(view, boxes, seed, _hidden(view, nodes, show_misc))


def layout_key(
    G: nx.MultiDiGraph,
    *,
    show_misc: bool = False,
    seed: int = 7,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> tuple[Hashable, ...]:
    """Return what the validity of :func:`layout`'s positions depends on: the entities drawn,
    the size of each one's dot and label, the hidden ones and the seed.

    Positions computed for a graph with the same key are valid for ``G``: no
    two entities overlap (only the relations may differ, which a layout keeps
    apart but never needs to avoid). A watching build reuses them when an
    article changes without changing that (:mod:`kg.export.outputs`), and the
    picture stays where the reader left it.
    """
    view = _view(G, max_nodes)
    nodes = sorted(view.nodes, key=_key)
    _, _, _, _, boxes = _sizes(view, nodes)
    hidden = _hidden(view, nodes, show_misc)
    return (seed, tuple(nodes), tuple(boxes[n] for n in nodes), tuple(sorted(hidden, key=_key)))


def refit(
    G: nx.MultiDiGraph,
    previous: Positions,
    *,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> Positions | None:
    """Return ``previous`` positions (a page's, for another version of ``G``) moved just
    enough that no two entities of ``G`` overlap, or None when ``G`` draws other entities.

    A watching build uses it when an article changed but the page still draws
    the same entities (their dots and labels may have grown with new mentions):
    the picture stays where the reader left it, and it is much cheaper than
    :func:`layout`.
    """
    view = _view(G, max_nodes)
    nodes = sorted(view.nodes, key=_key)
    if len(nodes) != len(previous) or any(n not in previous for n in nodes):
        return None
    if not nodes:
        return {}
    _, _, _, _, boxes = _sizes(view, nodes)
    start = np.array([previous[n] for n in nodes], dtype=float)
    moved = _spread(start, np.array([boxes[n] for n in nodes], dtype=float))
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, moved, strict=True)}


def _view(G: nx.MultiDiGraph, max_nodes: int | None) -> nx.MultiDiGraph:
    """Return ``G``, or its ``max_nodes`` most connected entities when it has more."""
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1 (or None for no limit), not {max_nodes}")
    if max_nodes is not None and G.number_of_nodes() > max_nodes:
        return G.subgraph(most_connected(G, max_nodes))
    return G


def write_html(
    G: nx.MultiDiGraph, path: str | os.PathLike[str], *, batch: Batch | None = None, **options: Any
) -> Path:
    """Write :func:`to_html` of ``G`` to ``path`` atomically; return the path.

    ``options`` are passed to :func:`to_html`; with a ``batch``
    (:func:`kg.export.atomic.together`) the page replaces ``path`` when the
    batch is committed. The page is fully rendered
    before anything is written, and a failed write leaves an existing file as
    it was.
    """
    return write_text(path, to_html(G, **options), batch=batch)


def most_connected(G: nx.MultiDiGraph, limit: int) -> list[Hashable]:
    """Return the ``limit`` nodes of ``G`` with the highest weighted degree, best first.

    The weighted degree of a node is the sum of the weights (supporting
    sentences) of its edges, all kinds together. Ties go to the node with more
    mentions, then to the smaller id, so the choice never depends on
    insertion order.

    >>> from kg.graph import build_graph
    >>> from kg.types import Entity, Relation
    >>> e = [Entity(x, x.upper(), "PER", (), 1, ("d",)) for x in "abcd"]
    >>> r = [Relation("cooccursWith", "a", "b", "d", "A, B.", 0, 5),
    ...      Relation("cooccursWith", "b", "c", "d", "B, C.", 9, 14)]
    >>> most_connected(build_graph(e, r), 2)
    ['b', 'a']
    """
    strength = _strength(G)
    ranked = sorted(
        G.nodes,
        key=lambda n: (-strength[n], -_count(G.nodes[n].get("mentions", 1)), _key(n)),
    )
    return ranked[: max(0, limit)]


def _strength(G: nx.MultiDiGraph) -> dict[Hashable, int]:
    """Return the weighted degree of every node (a self-loop counts once)."""
    strength: dict[Hashable, int] = dict.fromkeys(G.nodes, 0)
    for u, v, data in G.edges(data=True):
        weight = _count(data.get("weight", 1))
        strength[u] += weight
        if v != u:
            strength[v] += weight
    return strength


# --------------------------------------------------------------------------- network


class _Network(Network):
    """A pyvis ``Network`` with constant-time id checks.

    pyvis's own ``add_node``/``add_edge`` scan lists (and, undirected, every
    edge), which is quadratic on graphs of a few thousand entities.
    """

    def add_node(self, n_id: Hashable, **options: Any) -> None:  # type: ignore[override]
        """Add node ``n_id`` with vis ``options`` unless it exists; return nothing."""
        if n_id in self.node_map:
            return
        node = Node(n_id, options.pop("shape", "dot"), label=options.pop("label", n_id), **options)
        self.nodes.append(node.options)
        self.node_ids.append(n_id)
        self.node_map[n_id] = node.options

    def add_edge(self, source: Hashable, to: Hashable, **options: Any) -> None:  # type: ignore[override]
        """Add an edge from ``source`` to ``to``; raise ``KeyError`` if an end is unknown."""
        for end in (source, to):
            if end not in self.node_map:
                raise KeyError(f"edge refers to unknown node {end!r}")
        self.edges.append(Edge(source, to, self.directed, **options).options)


class _Sentences:
    """Each distinct evidence sentence once, in order of first use."""

    def __init__(self) -> None:
        """Start with no sentence."""
        self.index: dict[str, int] = {}

    def add(self, text: Any) -> int:
        """Return the index of ``text`` (whitespace normalised), adding it if new."""
        clean = " ".join(str(text or "").split())
        return self.index.setdefault(clean, len(self.index))

    def texts(self) -> list[str]:
        """Return the sentences, by index."""
        return list(self.index)


def _network(
    G: nx.MultiDiGraph,
    *,
    show_misc: bool,
    seed: int,
    positions: Positions | Callable[[], Positions] | None = None,
) -> tuple[Network, list[str]]:
    """Return the pyvis network of ``G`` and the evidence sentences its edges point into.

    ``positions`` are given or computed as :func:`to_html` says; the nodes get
    them last.
    """
    net = _Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    nodes = sorted(G.nodes, key=_key)
    mentions, sizes, fonts, labels, boxes = _sizes(G, nodes)
    hidden = _hidden(G, nodes, show_misc)
    degree = {n: len(set(G.predecessors(n)) | set(G.successors(n)) - {n}) for n in nodes}
    strength = _strength(G)
    sentences = _Sentences()
    quotes = _quotes_by_speaker(G, sentences)

    for n in nodes:
        data = G.nodes[n]
        etype = _type(data)
        label = _label(G, n)
        colour = TYPE_COLOURS.get(etype, OTHER_TYPE_COLOUR)
        net.add_node(
            n,
            label=labels[n],
            name=label,
            shape="dot",
            title=_node_title(label, etype, data, mentions[n], degree[n]),
            size=round(sizes[n], 1),
            color=_node_colour(colour),
            font={"size": fonts[n]},
            x=0.0,  # placeholders, set below: the keys keep their place in the page
            y=0.0,
            hidden=n in hidden,
            kgType=etype,
            mentions=mentions[n],
            documents=len(_as_list(data.get("documents"))),
            docs=[str(d) for d in _as_list(data.get("documents"))],
            aliases=[str(a) for a in _as_list(data.get("aliases")) if str(a) != label],
            titles=[str(t) for t in _as_list(data.get("titles"))],
            sameAs=[str(s) for s in _as_list(data.get("same_as")) if _WEB_IRI.match(str(s))],
            country=str(data["country"]) if data.get("country") else None,
            strength=strength[n],
            quotes=quotes.get(n, []),
        )

    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (_key(e[0]), _key(e[1]), str(e[2])))
    top = max((_count(d.get("weight", 1)) for *_, d in edges), default=1)
    kinds = sorted({str(d.get("kind", k)) for _, _, k, d in edges})
    styles = _kind_styles(kinds)
    parallel: dict[frozenset[Hashable], int] = defaultdict(int)
    for index, (u, v, key, data) in enumerate(edges):
        kind = str(data.get("kind", key))
        weight = _count(data.get("weight", 1))
        symmetric = bool(data.get("symmetric", False))
        pair = frozenset((u, v))
        rank = parallel[pair]  # separate several kinds between the same two entities
        parallel[pair] += 1
        colour, dashed = styles[kind]
        width = _scale(weight, 1, top, MIN_EDGE_WIDTH, MAX_EDGE_WIDTH)
        if kind != COOCCURRENCE:
            width = max(width, MIN_KIND_WIDTH)
        extra: dict[str, Any] = {}
        for name in ("npmi", "pmi"):
            if isinstance(data.get(name), int | float) and math.isfinite(data[name]):
                extra[name] = round(float(data[name]), 3)
        if isinstance(data.get("confidence"), int | float):
            extra["confidence"] = round(float(data["confidence"]), 3)
        net.add_edge(
            u,
            v,
            id=f"e{index}",
            kind=kind,
            weight=weight,
            documents=_count(data.get("documents", 0), minimum=0),
            symmetric=symmetric,
            title=_edge_title(_label(G, u), _label(G, v), kind, data, weight, symmetric),
            width=round(width, 2),
            arrows={"to": {"enabled": not symmetric, "scaleFactor": 0.6}},
            color=_edge_colour(kind, colour),
            dashes=list(KIND_DASHES) if dashed else False,
            smooth=_curve(rank),
            hidden=u in hidden or v in hidden,
            evidence=_evidence(data, sentences),
            **extra,
        )

    net.options = _vis_options(seed, len(edges))
    if positions is None:
        where = _layout(G, boxes, seed, hidden)
    else:
        where = positions() if callable(positions) else positions
    for n in nodes:
        if n not in where:
            raise ValueError(f"positions: no position for the entity {n!r}")
        x, y = where[n]
        node = net.node_map[n]
        node["x"], node["y"] = round(x, 1), round(y, 1)
    return net, sentences.texts()


def _sizes(
    G: nx.MultiDiGraph, nodes: list[Hashable]
) -> tuple[
    dict[Hashable, int],
    dict[Hashable, float],
    dict[Hashable, int],
    dict[Hashable, str],
    dict[Hashable, tuple[float, float, float]],
]:
    """Return each node's mention count, dot size, font size, shown label and box
    (:func:`_box`)."""
    mentions = {n: _count(G.nodes[n].get("mentions", 1)) for n in nodes}
    lo, hi = min(mentions.values(), default=1), max(mentions.values(), default=1)
    sizes = {n: _scale(mentions[n], lo, hi, MIN_NODE_SIZE, MAX_NODE_SIZE) for n in nodes}
    fonts = {n: _font_size(sizes[n]) for n in nodes}
    labels = {n: _shorten(_label(G, n), MAX_LABEL_CHARS) for n in nodes}
    boxes = {n: _box(labels[n], fonts[n], sizes[n]) for n in nodes}
    return mentions, sizes, fonts, labels, boxes


def _hidden(G: nx.MultiDiGraph, nodes: list[Hashable], show_misc: bool) -> set[Hashable]:
    """Return the nodes hidden when the page opens: MISC ones, unless ``show_misc``."""
    return set() if show_misc else {n for n in nodes if _type(G.nodes[n]) == "MISC"}


def _evidence(data: dict[str, Any], sentences: _Sentences) -> list[dict[str, Any]]:
    """Return an edge's evidence for the page: sentence index, document, offset, rule, role."""
    rows = []
    for ev in _as_list(data.get("evidence")):
        if not isinstance(ev, dict):
            continue
        row: dict[str, Any] = {
            "s": sentences.add(ev.get("text")),
            "doc": str(ev.get("doc", "?")),
            "start": _count(ev.get("start", 0), minimum=0),
        }
        if ev.get("pattern"):
            row["pattern"] = str(ev["pattern"])
        if isinstance(ev.get("confidence"), int | float):
            row["confidence"] = round(float(ev["confidence"]), 3)
        if ev.get("value"):
            row["value"] = str(ev["value"])
        if ev.get("verb"):
            row["verb"] = str(ev["verb"])
            if ev.get("class"):
                row["class"] = str(ev["class"])
        rows.append(row)
    return rows


def _quotes_by_speaker(G: nx.MultiDiGraph, sentences: _Sentences) -> dict[Hashable, list[Any]]:
    """Return the quotations of ``G.graph["quotes"]`` whose speaker is drawn, by speaker."""
    quotes: dict[Hashable, list[dict[str, Any]]] = defaultdict(list)
    raw = G.graph.get("quotes") or []
    rows = [q for q in raw if isinstance(q, dict) and q.get("speaker") in G]
    rows.sort(key=lambda q: (str(q.get("doc")), _count(q.get("start", 0), minimum=0)))
    for q in rows:
        row: dict[str, Any] = {
            "doc": str(q.get("doc", "?")),
            "quote": " ".join(str(q.get("text") or "").split()),
            "s": sentences.add(q.get("evidence") or q.get("text")),
        }
        if q.get("addressee") in G:
            row["to"] = str(q["addressee"])
        quotes[q["speaker"]].append(row)
    return quotes


def _alias_options(nodes: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """Return (alias, canonical name) pairs for the search box's suggestions, sorted."""
    labels = {str(n["name"]) for n in nodes}
    pairs = {
        (alias, str(n["name"])) for n in nodes for alias in n["aliases"] if alias not in labels
    }
    return sorted(pairs, key=lambda p: (p[0].casefold(), p[0], p[1]))


def _vis_options(seed: int, n_edges: int) -> dict[str, Any]:
    """Return the vis-network options: physics off (switchable), hover tooltips, keyboard."""
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
    return {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {"face": font, "color": "#1f2328", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"enabled": False, "drawThreshold": 6, "maxVisible": 30}},
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
    """Return one legend row per entity type (code, name, colour, count, checked)."""
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


@functools.lru_cache(maxsize=1)
def kind_labels() -> dict[str, tuple[str, str]]:
    """Return the French and English labels of every ``kg:`` property, by kind.

    Read from ``kg/ontology.ttl``, where every relation kind is documented:
    ``{"opposes": ("s'oppose à", "opposes"), ...}``.

    >>> kind_labels()["cooperatesWith"]
    ('coopère avec', 'cooperates with')
    """
    import rdflib
    from rdflib import OWL, RDF, RDFS

    from kg.ids import KG

    g = rdflib.Graph()
    g.parse(data=importlib.resources.files("kg").joinpath("ontology.ttl").read_text("utf-8"), format="turtle")
    prefix = str(KG._NS)
    out = {}
    for prop in set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(
        g.subjects(RDF.type, OWL.DatatypeProperty)
    ):
        if not str(prop).startswith(prefix):
            continue
        labels = {lit.language: str(lit) for lit in g.objects(prop, RDFS.label)}
        kind = str(prop)[len(prefix) :]
        out[kind] = (labels.get("fr", kind), labels.get("en", kind))
    return out


def kind_label(kind: str, language: str = "fr") -> str:
    """Return the label of relation ``kind`` in ``language`` (``fr`` or ``en``), or the kind itself."""
    labels = kind_labels().get(kind)
    return kind if labels is None else labels[0 if language == "fr" else 1]


def _kind_rows(edges: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return one legend row per relation kind: typed kinds first, then co-occurrence."""
    rows: dict[str, dict[str, Any]] = {}
    for e in edges:
        row = rows.setdefault(
            e["kind"],
            {
                "kind": e["kind"],
                "label": kind_label(e["kind"]),
                "label_en": kind_label(e["kind"], "en"),
                "colour": _rgba(e["color"]["color"], e["color"]["opacity"]),
                "dashed": bool(e["dashes"]),
                "count": 0,
                "directed": not e["symmetric"],
            },
        )
        row["count"] += 1
    return [rows[k] for k in sorted(rows, key=lambda k: (k == COOCCURRENCE, k))]


def _kind_styles(kinds: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """Return (colour, dashed) per kind: grey for co-occurrence, the palette for the others."""
    styles: dict[str, tuple[str, bool]] = {}
    others = 0
    for kind in sorted(kinds):
        if kind == COOCCURRENCE:
            styles[kind] = (COOCCURRENCE_COLOUR, False)
        else:
            turn, slot = divmod(others, len(KIND_COLOURS))
            styles[kind] = (KIND_COLOURS[slot], turn % 2 == 1)
            others += 1
    return styles


def _node_colour(colour: str) -> dict[str, Any]:
    """Return the vis colour object of a node of ``colour``: border, highlight, hover."""
    border = _mix(colour, "#000000", 0.35)
    light = _mix(colour, "#ffffff", 0.35)
    return {
        "background": colour,
        "border": border,
        "highlight": {"background": light, "border": "#1f2328"},
        "hover": {"background": light, "border": border},
    }


def _edge_colour(kind: str, colour: str) -> dict[str, Any]:
    """Return the vis colour object of an edge of ``kind`` drawn in ``colour``."""
    cooccurrence = kind == COOCCURRENCE
    strong = "#3b4049" if cooccurrence else _mix(colour, "#000000", 0.25)
    return {
        "color": colour,
        "highlight": strong,
        "hover": strong,
        "inherit": False,
        "opacity": COOCCURRENCE_OPACITY if cooccurrence else KIND_OPACITY,
    }


def _rgba(colour: str, opacity: float) -> str:
    """Return ``colour`` (``#rrggbb``) with ``opacity`` as a CSS ``rgba()`` string."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {opacity})"


def _curve(rank: int) -> dict[str, Any] | bool:
    """Return the vis ``smooth`` option of the ``rank``-th edge of a pair (straight first)."""
    if rank == 0:
        return False
    return {
        "enabled": True,
        "type": "curvedCW" if rank % 2 else "curvedCCW",
        "roundness": round(0.22 * ((rank + 1) // 2), 2),
    }


def _mix(colour: str, other: str, share: float) -> str:
    """Return ``colour`` moved ``share`` of the way towards ``other`` (``#rrggbb``)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def _font_size(size: float) -> int:
    """Return the label font size (px) of a dot of radius ``size``: bigger dots, bigger labels."""
    share = (size - MIN_NODE_SIZE) / (MAX_NODE_SIZE - MIN_NODE_SIZE)
    return round(MIN_FONT_SIZE + (MAX_FONT_SIZE - MIN_FONT_SIZE) * share)


# --------------------------------------------------------------------------- tooltips


def _node_title(label: str, etype: str, data: dict[str, Any], mentions: int, degree: int) -> str:
    """Return a node's tooltip: name, type, aliases, counts (one fact per line)."""
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
    """Return an edge's tooltip: its ends, kind, support and the first evidence sentences."""
    arrow = "—" if symmetric else "→"
    documents = _count(data.get("documents", 0), minimum=0)
    summary = f"{_plural(weight, 'sentence')} in {_plural(documents, 'document')}"
    confidence = data.get("confidence")
    if isinstance(confidence, int | float) and confidence < 1:
        summary += f", confidence {confidence:.2f}"
    lines = [f"{source} {arrow} {target}", f"{kind_label(kind)}: {summary}"]
    evidence = [ev for ev in _as_list(data.get("evidence")) if isinstance(ev, dict)]
    for ev in evidence[:MAX_EVIDENCE]:
        text = _shorten(" ".join(str(ev.get("text", "")).split()), EVIDENCE_CHARS)
        value = f" ({ev['value']})" if ev.get("value") else ""
        if ev.get("verb"):
            value += f" [{ev['verb']}]"
        lines.append(f"[{ev.get('doc', '?')}] « {text} »{value}")
    if len(evidence) > MAX_EVIDENCE:
        lines.append(f"+{_plural(len(evidence) - MAX_EVIDENCE, 'more sentence')}")
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    """Return ``n word`` or ``n words``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def _shorten(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- layout

# Advance widths (em) of DejaVu Sans, the widest of the usual system sans-serif fonts and
# the one Debian's Chromium uses, so the label widths below are estimated generously.
_GLYPH_WIDTHS: dict[str, float] = {
    **dict(
        zip(
            "abcdefghijklmnopqrstuvwxyz",
            (
                0.613,
                0.635,
                0.550,
                0.635,
                0.615,
                0.352,
                0.635,
                0.634,
                0.278,
                0.278,
                0.579,
                0.278,
                0.974,
                0.634,
                0.612,
                0.635,
                0.635,
                0.411,
                0.521,
                0.392,
                0.634,
                0.592,
                0.818,
                0.592,
                0.592,
                0.525,
            ),
            strict=True,
        )
    ),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            (
                0.684,
                0.686,
                0.698,
                0.770,
                0.632,
                0.575,
                0.775,
                0.752,
                0.295,
                0.295,
                0.656,
                0.557,
                0.863,
                0.748,
                0.787,
                0.603,
                0.787,
                0.695,
                0.635,
                0.611,
                0.732,
                0.684,
                0.989,
                0.685,
                0.611,
                0.685,
            ),
            strict=True,
        )
    ),
    **dict.fromkeys("0123456789", 0.636),
    " ": 0.318,
    ".": 0.318,
    ",": 0.318,
    ":": 0.337,
    ";": 0.337,
    "'": 0.275,
    "’": 0.318,
    "-": 0.361,
    "(": 0.390,
    ")": 0.390,
    "&": 0.780,
    "/": 0.337,
    "«": 0.557,
    "»": 0.557,
    "œ": 1.02,
    "Œ": 1.07,
    "æ": 0.98,
    "Æ": 0.98,
    "ß": 0.63,
    "…": 1.0,
}
_WIDE_GLYPH = 1.0  # em: CJK and other wide characters
_OTHER_GLYPH = 0.7  # em: anything else


def _text_width(text: str, font: float) -> float:
    """Return the estimated width in px of ``text`` drawn at ``font`` px (a generous guess)."""
    em = 0.0
    for char in text:
        width = _GLYPH_WIDTHS.get(char)
        if width is None:
            base = unicodedata.normalize("NFD", char)[0]
            if base in _GLYPH_WIDTHS:
                width = _GLYPH_WIDTHS[base]
            elif unicodedata.east_asian_width(char) in ("W", "F"):
                width = _WIDE_GLYPH
            else:
                width = _OTHER_GLYPH
        em += width
    return em * font * 1.05


def _box(label: str, font: float, radius: float) -> tuple[float, float, float]:
    """Return the room a node takes around its centre: (half width, height above, height below).

    vis-network draws the dot, a disc of ``radius``, and the label centred
    under it: the label box starts ``font / 2 + 4`` px below the dot and is
    ``font`` px high; its width is estimated by :func:`_text_width`, plus the
    white outline drawn around the letters.
    """
    width = _text_width(label, font) + 6.0
    return max(radius, width / 2), radius, radius + font * 1.5 + 6.0


def _layout(
    G: nx.MultiDiGraph,
    boxes: dict[Hashable, tuple[float, float, float]],
    seed: int,
    last: set[Hashable] | frozenset[Hashable] = frozenset(),
) -> dict[Hashable, tuple[float, float]]:
    """Return pixel positions, centred on (0, 0), in which no two node boxes overlap.

    A force layout's shape depends on where it starts: a graph of up to
    ``_TRIES_LIMIT`` nodes is laid out from ``_LAYOUT_TRIES`` starts (seeds
    ``seed * _LAYOUT_TRIES`` and the next ones, so that two seeds share no
    start) and the layout whose shown nodes (not in ``last``) can be drawn
    biggest on a screen of aspect ``_SCREEN`` wins (the first on a tie). A
    bigger graph is laid out once, from ``seed``. See :func:`_layout_once`.
    """
    if G.number_of_nodes() <= _TRIES_LIMIT:
        starts = [seed * _LAYOUT_TRIES + k for k in range(_LAYOUT_TRIES)]
    else:
        starts = [seed]
    best: tuple[float, dict[Hashable, tuple[float, float]]] | None = None
    for start in starts:
        pos = _layout_once(G, boxes, start, last)
        scale = _fit_scale(pos, boxes, last)
        if best is None or scale > best[0] * (1 + 1e-9):
            best = (scale, pos)
    return best[1] if best is not None else {}


def _fit_scale(
    pos: dict[Hashable, tuple[float, float]],
    boxes: dict[Hashable, tuple[float, float, float]],
    hidden: set[Hashable] | frozenset[Hashable],
) -> float:
    """Return the zoom at which the shown nodes' boxes of ``pos`` fill a screen of aspect
    ``_SCREEN`` and height 1 (bigger is better)."""
    shown = [n for n in pos if n not in hidden] or list(pos)
    if not shown:
        return 0.0
    left = min(pos[n][0] - boxes[n][0] for n in shown)
    right = max(pos[n][0] + boxes[n][0] for n in shown)
    top = min(pos[n][1] - boxes[n][1] for n in shown)
    bottom = max(pos[n][1] + boxes[n][2] for n in shown)
    return _screen_scale(right - left, bottom - top)


def _screen_scale(width: float, height: float) -> float:
    """Return the zoom at which a ``width`` x ``height`` drawing fills a screen of aspect
    ``_SCREEN`` and height 1."""
    return min(_SCREEN / max(width, 1.0), 1.0 / max(height, 1.0))


def _layout_once(
    G: nx.MultiDiGraph,
    boxes: dict[Hashable, tuple[float, float, float]],
    seed: int,
    last: set[Hashable] | frozenset[Hashable] = frozenset(),
) -> dict[Hashable, tuple[float, float]]:
    """Return the layout of one start ``seed``: pixel positions, centred on (0, 0), in which
    no two node boxes overlap.

    Each connected component (of the undirected projection, weighted by the
    log of the summed edge weights) gets its own force layout, scaled to the
    room its nodes and labels need, then spread until no node's box (see
    :func:`_box`) overlaps another. The biggest component comes first; the
    other components and the isolated nodes are packed in rows beside or
    under it, whichever fits a screen best. Isolated nodes in ``last``
    (hidden at first) go in rows under everything else.
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
    isolated = sorted(
        (c[0] for c in components if len(c) == 1),
        key=lambda n: (
            n in last,
            _type_rank(_type(G.nodes[n])),
            -_count(G.nodes[n].get("mentions", 1)),
            _key(n),
        ),
    )
    blocks: list[_Block] = [
        _component_layout(H.subgraph(c), c, np.array([boxes[v] for v in c], dtype=float), seed)
        for c in components
        if len(c) > 1
    ]
    for n in isolated:
        half, above, below = boxes[n]
        blocks.append(
            ({n: (half + _PAD_X / 2, above)}, (2 * half + _PAD_X, above + below + _PAD_Y))
        )
    if not blocks:
        return {}
    first, rest = (blocks[0], blocks[1:]) if len(blocks[0][0]) > 1 else (None, blocks)
    late = [b for b in rest if len(b[0]) == 1 and next(iter(b[0])) in last]
    rest = [b for b in rest if b not in late]

    pos = _arrange(first, rest)
    if late:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] + boxes[n][2] for n, p in pos.items()] or [0.0]
        width = max(max(xs) - min(xs), math.sqrt(sum(w * h for _, (w, h) in late)))
        placed, _ = _shelves(late, width, _PAD_Y)
        top = max(ys) + _GAP
        pos.update({n: (min(xs) + x, top + y) for n, (x, y) in placed.items()})

    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {n: (px - cx, py - cy) for n, (px, py) in pos.items()}


_Block = tuple[dict[Hashable, tuple[float, float]], tuple[float, float]]
"""Positions from the top-left corner of a block, and the block's (width, height)."""

_SCREEN = 1.28  # width / height of the graph canvas: a 1400 x 900 window less the side panel


def _arrange(first: _Block | None, rest: list[_Block]) -> dict[Hashable, tuple[float, float]]:
    """Return positions: ``first`` at the top left, ``rest`` in rows under or beside it.

    Several row widths are tried, with the rows under ``first`` or to its
    right; the arrangement that can be drawn biggest on a screen of aspect
    ``_SCREEN`` wins.
    """
    if first is None:
        first = ({}, (0.0, 0.0))
    coords, (w0, h0) = first
    if not rest:
        return dict(coords)
    area = sum(w * h for _, (w, h) in rest)
    narrowest = max(w for _, (w, _h) in rest)
    widest = sum(w for _, (w, _h) in rest) + _GAP * len(rest)
    widths = sorted(
        {narrowest, widest, max(narrowest, w0)}
        | {
            max(narrowest, min(widest, math.sqrt(area) * f))
            for f in (0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0)
        }
    )
    best: tuple[float, int, dict[Hashable, tuple[float, float]]] | None = None
    for i, width in enumerate(widths):
        placed, (rw, rh) = _shelves(rest, width, _GAP)
        for beside in (False, True):
            if w0 == 0:
                dx, dy, total = 0.0, 0.0, (rw, rh)
            elif beside:
                dx, dy, total = w0 + _GAP, 0.0, (w0 + _GAP + rw, max(h0, rh))
            else:
                dx, dy, total = 0.0, h0 + _GAP, (max(w0, rw), h0 + _GAP + rh)
            scale = _screen_scale(*total)
            if best is None or scale > best[0] * (1 + 1e-9):
                layout = dict(coords)
                layout.update({n: (x + dx, y + dy) for n, (x, y) in placed.items()})
                best = (scale, i, layout)
    assert best is not None
    return best[2]


def _shelves(
    blocks: list[_Block], width: float, gap: float
) -> tuple[dict[Hashable, tuple[float, float]], tuple[float, float]]:
    """Place ``blocks`` left to right in rows at most ``width`` wide; return positions and size.

    Blocks of one node (isolated entities) sit side by side with no gap, as
    their size already includes the free space around them.
    """
    pos: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = used = 0.0
    row_gap = 0.0
    for coords, (w, h) in blocks:
        space = 0.0 if len(coords) == 1 else gap
        if x > 0 and x + space + w > width:
            x, y, row_height, row_gap = 0.0, y + row_height + row_gap, 0.0, 0.0
        if x > 0:
            x += space
        pos.update({n: (x + px, y + py) for n, (px, py) in coords.items()})
        x += w
        used = max(used, x)
        row_height = max(row_height, h)
        row_gap = max(row_gap, space)
    return pos, (used, y + row_height)


def _component_layout(H: nx.Graph, nodes: list[Hashable], boxes: np.ndarray, seed: int) -> _Block:
    """Lay out one component; return positions from a (0, 0) top-left corner and the block size.

    ``boxes`` holds one (half width, above, below) row per node, as :func:`_box`.
    """
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
    room = float(((2 * boxes[:, 0] + _PAD_X) * (boxes[:, 1] + boxes[:, 2] + _PAD_Y)).sum())
    radius = math.sqrt(room / (math.pi * _DENSITY))
    extent = float(np.sqrt((raw**2).sum(axis=1)).max()) or 1.0
    raw = _spread(raw * (radius / extent), boxes)
    corner = np.array([(raw[:, 0] - boxes[:, 0]).min(), (raw[:, 1] - boxes[:, 1]).min()])
    raw = raw - corner
    size = ((raw[:, 0] + boxes[:, 0]).max(), (raw[:, 1] + boxes[:, 2]).max())
    coords = {v: (float(raw[i, 0]), float(raw[i, 1])) for i, v in enumerate(nodes)}
    return coords, (float(size[0]), float(size[1]))


def _spread(pos: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Move nodes apart until no two boxes overlap; return the new positions.

    A node's box is its dot and the label under it (``boxes`` rows: half
    width, height above and below the centre), plus ``_PAD_X``/``_PAD_Y`` of
    free space. Each overlapping pair is pushed apart along the axis where it
    overlaps least, for a few steps per round; when overlaps persist the
    layout is also stretched a little every ``_STRETCH_EVERY`` rounds, and
    every round after ``_SPREAD_ROUNDS``, so the loop ends with no overlap
    even from a start far too crowded.

    The pairs that may collide are those a scan (:func:`_close_pairs`) finds
    within ``margin`` px of touching. A round starts with a new scan only
    once some node has moved ``margin / 2`` since the last one (stretches
    aside: they only part nodes); until then no other pair can have closed
    its gap. A pair that a round's own moves bring together is pushed from
    the next scan on, and the loop only ends on a round with no overlap
    among the pairs of a fresh scan.
    """
    n = len(pos)
    pos = pos.astype(float)
    if n < 2:
        return pos
    half, above, below = (np.ascontiguousarray(boxes[:, i], dtype=float) for i in range(3))
    margin = float(np.median(half)) + _PAD_X  # how far a node may travel between two scans
    scanned: np.ndarray | None = None  # positions at the last scan, stretched as ``pos`` is
    for round_ in range(_SPREAD_LIMIT):
        fresh = scanned is None or float(np.abs(pos - scanned).max()) >= margin / 2
        if fresh:
            first, second = _close_pairs(pos, half, above, below, margin)
            scanned = pos
            # what the steps need and does not change until the next scan: the clearances
            wide = half[first] + half[second] + _PAD_X
            down = below[first] + above[second] + _PAD_Y  # ``second`` below ``first``
            up = above[first] + below[second] + _PAD_Y
        xs, ys = pos[:, 0].copy(), pos[:, 1].copy()
        moved = False
        for _ in range(_SPREAD_STEPS):
            dx = xs[second] - xs[first]
            dy = ys[second] - ys[first]
            over_x = wide - np.abs(dx)
            over_y = np.where(dy >= 0, down, up) - np.abs(dy)
            hit = (over_x > 0.01) & (over_y > 0.01)
            if not hit.any():
                break
            moved = True
            along_x = hit & (over_x <= over_y)
            along_y = hit & ~along_x
            # node ``second`` moves by +push, away from ``first`` (to the right when level)
            push_x = np.where(along_x, np.where(dx < 0, -over_x, over_x), 0.0) / 2
            push_y = np.where(along_y, np.where(dy < 0, -over_y, over_y), 0.0) / 2
            crowd = np.bincount(first[hit], minlength=n) + np.bincount(second[hit], minlength=n)
            damp = 0.9 / np.sqrt(np.maximum(crowd, 1))  # many pushes at once would overshoot
            xs = xs + (np.bincount(second, push_x, n) - np.bincount(first, push_x, n)) * damp
            ys = ys + (np.bincount(second, push_y, n) - np.bincount(first, push_y, n)) * damp
        pos = np.column_stack((xs, ys))
        if not moved:
            if fresh:
                break
            scanned = None  # no overlap among the kept pairs: check with a fresh scan
            continue
        if round_ % _STRETCH_EVERY == _STRETCH_EVERY - 1 or round_ >= _SPREAD_ROUNDS:
            # still crowded: more room for all
            centre = pos.mean(axis=0)
            pos = centre + (pos - centre) * _STRETCH
            scanned = centre + (scanned - centre) * _STRETCH
    return pos


def _close_pairs(
    pos: np.ndarray, half: np.ndarray, above: np.ndarray, below: np.ndarray, margin: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return the index pairs whose boxes are within ``margin`` px of touching.

    A sweep along x or y, whichever compares fewer pairs: after sorting
    along that axis, each node is only compared with the nodes after it that
    are close enough for its box to touch the biggest box. The pairs come
    oriented and ordered as a sweep along x gives them (first the node more
    to the left; by the first's, then the second's rank along x), so the
    layout does not depend on the axis chosen.
    """
    n = len(pos)
    x_order = np.argsort(pos[:, 0], kind="stable")
    y_order = np.argsort(pos[:, 1], kind="stable")
    sweeps = []
    for order, reach in (
        (x_order, half[x_order] + float(half.max()) + _PAD_X + margin),
        (y_order, np.maximum(below[y_order] + float(above.max()),
                             above[y_order] + float(below.max())) + _PAD_Y + margin),
    ):  # fmt: skip
        axis = 0 if order is x_order else 1
        coords = pos[order, axis]
        ends = np.searchsorted(coords, coords + reach, side="right")
        sweeps.append((int((ends - np.arange(n) - 1).sum()), order, ends))
    _, order, ends = min(sweeps, key=lambda sweep: sweep[0])
    counts = ends - np.arange(n) - 1
    starts = np.cumsum(counts) - counts
    left = np.repeat(np.arange(n), counts)
    right = left + 1 + (np.arange(int(counts.sum())) - np.repeat(starts, counts))
    a, b = order[left], order[right]
    rank = np.empty(n, dtype=np.intp)
    rank[x_order] = np.arange(n)
    swap = rank[a] > rank[b]
    first, second = np.where(swap, b, a), np.where(swap, a, b)
    dx = np.abs(pos[second, 0] - pos[first, 0])
    dy = pos[second, 1] - pos[first, 1]
    near = dx < half[first] + half[second] + _PAD_X + margin
    limit = np.where(dy >= 0, below[first] + above[second], above[first] + below[second])
    near &= np.abs(dy) < limit + _PAD_Y + margin
    first, second = first[near], second[near]
    keep = np.lexsort((rank[second], rank[first]))
    return first[keep], second[keep]


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
            # force = k² / max(dx² + dy², 1e-6), computed in place (the matrices are big)
            force = np.multiply(dx, dx, out=dx)
            force += np.multiply(dy, dy, out=dy)
            np.maximum(force, 1e-6, out=force)
            np.divide(k * k, force, out=force)
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
    """Return the sort key of a node id (its string)."""
    return str(node)


def _type(data: dict[str, Any]) -> str:
    """Return a node's entity type, MISC when it has none."""
    return str(data.get("type") or "MISC")


def _type_rank(kind: str) -> int:
    """Return the position of an entity type in the legend (unknown types last)."""
    order = list(TYPE_COLOURS)
    return order.index(kind) if kind in order else len(order)


def _label(G: nx.MultiDiGraph, node: Hashable) -> str:
    """Return a node's canonical name, its id when it has none."""
    return str(G.nodes[node].get("label") or node)


def _count(value: Any, *, minimum: int = 1) -> int:
    """Return ``value`` as an int of at least ``minimum`` (``minimum`` when not a number)."""
    try:
        return max(minimum, int(value))
    except (TypeError, ValueError):
        return minimum


def _as_list(value: Any) -> list[Any]:
    """Return ``value`` as a list; ``[]`` for ``None`` and for scalars."""
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
    """Return the page's Jinja2 template (loaded once)."""
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
