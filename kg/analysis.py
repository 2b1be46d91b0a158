"""Answers from a built graph, for notebooks: tables (pandas) and charts (matplotlib).

Every function takes the ``MultiDiGraph`` of :func:`kg.build` (or of
:func:`kg.convert.rdf_to_networkx`) or an rdflib graph, and returns a
``pandas.DataFrame``, a list or a matplotlib ``Axes``: nothing is printed,
written or shown. pandas and matplotlib are the ``analysis`` extra
(``pip install 'kg[analysis]'``) and are imported only when a function needs
them, so the CLI never loads them.

- SPARQL into DataFrames: :func:`sparql_frame`, :func:`cookbook_frames`;
- who is central: :func:`centrality_table` (degree, betweenness, PageRank);
- groups: :func:`communities` (seeded Louvain), :func:`community_table`,
  :func:`draw_communities`;
- one entity: :func:`find_entity`, :func:`ego_network`, :func:`evidence_table`;
- documents and relations: :func:`mention_matrix`, :func:`comention_matrix`,
  :func:`plot_heatmap`, :func:`relation_kinds`, :func:`plot_relation_kinds`.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

import networkx as nx

from kg.cookbook import COOKBOOK
from kg.errors import KgError
from kg.ids import fold
from kg.query import run_query

if TYPE_CHECKING:  # pandas and matplotlib are the optional ``analysis`` extra
    import pandas as pd
    from matplotlib.axes import Axes
    from rdflib import Graph

__all__ = [
    "GRAPH_TYPES",
    "UnknownEntityError",
    "centrality_table",
    "collapse",
    "comention_matrix",
    "communities",
    "community_table",
    "cookbook_frames",
    "draw_communities",
    "ego_network",
    "evidence_table",
    "find_entity",
    "mention_matrix",
    "plot_heatmap",
    "plot_relation_kinds",
    "relation_kinds",
    "sparql_frame",
]

GRAPH_TYPES: tuple[str, ...] = ("PER", "LOC", "ORG")
"""People, places and organisations: the types the tables show by default (MISC is left out)."""

ALL_TYPES: tuple[str, ...] = ("PER", "LOC", "ORG", "MISC")

DEFAULT_SEED = 7
"""Seed of the Louvain method and of the layouts: the same graph always gives the same picture."""

TYPE_COLOURS = {"PER": "#e4572e", "LOC": "#17bebb", "ORG": "#ffc914", "MISC": "#a0a0a0"}


class UnknownEntityError(KgError, KeyError):
    """No entity of the graph has this id, label or alias; the message lists close matches."""

    def __str__(self) -> str:  # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ""


# ---------------------------------------------------------------- SPARQL


def _python(value: object) -> object:
    if value is None:
        return None
    to_python = getattr(value, "toPython", None)
    py = to_python() if to_python else value
    return py if isinstance(py, (int, float, bool, str)) else str(value)


def sparql_frame(graph: Graph, query: str) -> pd.DataFrame:
    """Return the answer of the SPARQL SELECT ``query`` on ``graph`` as a DataFrame.

    One column per variable, in the query's order; literals become Python
    values (``xsd:integer`` an ``int``, strings and ``@fr`` labels a ``str``),
    IRIs their string, unbound values ``None``. The project prefixes
    (``kg:``, ``schema:``, ``rdfs:``...) are predeclared (see
    :mod:`kg.query`). Raises :class:`~kg.errors.QueryError` for a malformed
    query and ``ValueError`` for an ASK, CONSTRUCT or DESCRIBE query.

    >>> from rdflib import Graph, Literal, URIRef
    >>> from rdflib.namespace import RDFS
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://example.org/kg/entity/chine"), RDFS.label, Literal("Chine", lang="fr")))
    >>> sparql_frame(g, "SELECT ?name WHERE { ?e rdfs:label ?name }")
        name
    0  Chine
    """
    import pandas as pd

    result = run_query(graph, query)
    if result.boolean is not None or result.graph is not None:
        raise ValueError("sparql_frame() needs a SELECT query; ASK, CONSTRUCT and DESCRIBE have no rows")
    rows = [[_python(v) for v in row] for row in result.rows]
    return pd.DataFrame(rows, columns=list(result.columns))


def cookbook_frames(
    graph: Graph, *, names: Iterable[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Return the answers of the README's SPARQL cookbook (:data:`kg.cookbook.COOKBOOK`) on ``graph``.

    A dict from recipe name to its DataFrame (:func:`sparql_frame`), in the
    README's order, or only the recipes in ``names``; an unknown name raises
    ``KeyError`` listing the recipes.
    """
    wanted = list(COOKBOOK) if names is None else list(names)
    unknown = [n for n in wanted if n not in COOKBOOK]
    if unknown:
        raise KeyError(f"unknown cookbook recipe {unknown[0]!r}; the recipes are {', '.join(COOKBOOK)}")
    return {name: sparql_frame(graph, COOKBOOK[name].query) for name in wanted}


# ---------------------------------------------------------------- the graph as a network


def _check_types(types: Collection[str]) -> None:
    bad = sorted(set(types) - set(ALL_TYPES))
    if bad:
        raise ValueError(f"unknown entity type {bad[0]!r}; use some of {', '.join(ALL_TYPES)}")


def collapse(G: nx.MultiDiGraph, *, kinds: Collection[str] | None = None) -> nx.Graph:
    """Return ``G`` as a simple undirected ``Graph`` for network measures.

    Every node is kept with its attributes; the edges between two entities,
    whatever their kind and direction, become one edge whose ``weight`` is
    the sum of their weights (supporting sentences) and whose ``kinds`` lists
    them. ``kinds`` keeps only those relation kinds.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="cooccursWith", weight=2)
    'cooccursWith'
    >>> G.add_edge("b", "a", key="met", weight=1)
    'met'
    >>> collapse(G)["a"]["b"]
    {'weight': 3, 'kinds': ['cooccursWith', 'met']}
    """
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, kind, data in G.edges(keys=True, data=True):
        if kinds is not None and kind not in kinds:
            continue
        if u == v:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += data.get("weight", 1)
            H[u][v]["kinds"] = sorted({*H[u][v]["kinds"], kind})
        else:
            H.add_edge(u, v, weight=data.get("weight", 1), kinds=[kind])
    return H


def centrality_table(
    G: nx.MultiDiGraph,
    *,
    top: int = 10,
    types: Sequence[str] = GRAPH_TYPES,
    kinds: Collection[str] | None = None,
) -> pd.DataFrame:
    """Return the ``top`` most central entities of each type in ``types``, ranked.

    Measures are computed on the whole graph (:func:`collapse`: one
    undirected edge per pair, weighted by supporting sentences), then the
    table keeps ``top`` rows per type, in the order of ``types``. Columns:

    - ``type``, ``rank`` (1 = most central of its type, by PageRank),
      ``label``, ``id``;
    - ``degree``: number of distinct neighbours; ``strength``: sentences
      linking it to them (weighted degree);
    - ``betweenness``: weighted betweenness centrality (normalised; an edge
      supported by more sentences is shorter: distance ``1 / weight``);
    - ``pagerank``: PageRank with the weights.

    Ties break by label, so the table is the same on every run.
    """
    import pandas as pd

    _check_types(types)
    if top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    H = collapse(G, kinds=kinds)
    for _u, _v, data in H.edges(data=True):
        data["distance"] = 1.0 / data["weight"] if data["weight"] > 0 else 1.0
    betweenness = nx.betweenness_centrality(H, weight="distance", normalized=True)
    pagerank = nx.pagerank(H, weight="weight") if H.number_of_edges() else dict.fromkeys(H, 0.0)
    rows = [
        {
            "type": data.get("type"),
            "label": data.get("label", node),
            "id": node,
            "degree": H.degree(node),
            "strength": H.degree(node, weight="weight"),
            "betweenness": round(betweenness[node], 6),
            "pagerank": round(pagerank[node], 6),
        }
        for node, data in H.nodes(data=True)
        if data.get("type") in types
    ]
    columns = ["type", "rank", "label", "id", "degree", "strength", "betweenness", "pagerank"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    frame["order"] = frame["type"].map({t: i for i, t in enumerate(types)})
    frame = frame.sort_values(
        ["order", "pagerank", "betweenness", "strength", "label"],
        ascending=[True, False, False, False, True],
        kind="stable",
    )
    frame["rank"] = frame.groupby("type").cumcount() + 1
    frame = frame[frame["rank"] <= top]
    return frame[columns].reset_index(drop=True)


# ---------------------------------------------------------------- communities


def communities(
    G: nx.MultiDiGraph,
    *,
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
    kinds: Collection[str] | None = None,
    min_size: int = 1,
) -> list[list[str]]:
    """Return the communities of ``G`` (Louvain on :func:`collapse`) as lists of node ids.

    ``networkx.community.louvain_communities`` with the given ``seed`` and
    ``resolution`` (higher: smaller communities), on weighted undirected
    edges, so the same graph always gives the same communities. The largest
    community comes first; members are in label order; communities smaller
    than ``min_size`` are left out (``min_size=2`` drops isolated entities).

    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")]:
    ...     _ = G.add_edge(u, v, key="cooccursWith", weight=1)
    >>> communities(G)
    [['a', 'b', 'c'], ['x', 'y']]
    """
    if min_size < 1:
        raise ValueError(f"min_size must be at least 1, not {min_size}")
    H = collapse(G, kinds=kinds)
    if H.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)

    def label(node: str) -> tuple[str, str]:
        return (fold(str(H.nodes[node].get("label", node))), node)

    groups = [sorted(group, key=label) for group in found if len(group) >= min_size]
    return sorted(groups, key=lambda group: (-len(group), label(group[0])))


def community_table(
    G: nx.MultiDiGraph,
    parts: Sequence[Sequence[str]] | None = None,
    *,
    seed: int = DEFAULT_SEED,
    min_size: int = 2,
) -> pd.DataFrame:
    """Return one row per community: ``community`` (1 = largest), ``size``, counts by type,
    ``members`` (labels, the most connected first) and ``ids``.

    ``parts`` are communities from :func:`communities`; by default they are
    computed with ``seed`` and ``min_size``.
    """
    import pandas as pd

    if parts is None:
        parts = communities(G, seed=seed, min_size=min_size)
    H = collapse(G)
    rows = []
    for number, members in enumerate(parts, start=1):
        missing = [m for m in members if m not in G]
        if missing:
            raise KeyError(f"community {number} names {missing[0]!r}, which is not in the graph")
        ordered = sorted(
            members, key=lambda n: (-H.degree(n, weight="weight"), fold(G.nodes[n].get("label", n)))
        )
        by_type = Counter(G.nodes[n].get("type") for n in members)
        rows.append(
            {
                "community": number,
                "size": len(members),
                **{t: by_type.get(t, 0) for t in ALL_TYPES},
                "members": ", ".join(str(G.nodes[n].get("label", n)) for n in ordered),
                "ids": list(ordered),
            }
        )
    columns = ["community", "size", *ALL_TYPES, "members", "ids"]
    return pd.DataFrame(rows, columns=columns)


def draw_communities(
    G: nx.MultiDiGraph,
    parts: Sequence[Sequence[str]] | None = None,
    *,
    seed: int = DEFAULT_SEED,
    min_size: int = 2,
    labels: int = 3,
    ax: Axes | None = None,
) -> Axes:
    """Draw the communities of ``G``, one colour each, and return the matplotlib ``Axes``.

    ``parts`` as in :func:`community_table` (default: :func:`communities`
    with ``seed`` and ``min_size``); only their members are drawn, each
    community by a seeded spring layout around its own centre, sized by
    weighted degree. The ``labels`` most
    connected members of each community are named. Draws on ``ax`` or on a
    new figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if parts is None:
        parts = communities(G, seed=seed, min_size=min_size)
    H = collapse(G).subgraph([n for part in parts for n in part])
    if ax is None:
        _fig, ax = plt.subplots(figsize=(11, 8))
    cmap = plt.get_cmap("tab20")
    # each community is laid out on its own, around a centre on a circle (largest first)
    centres = nx.circular_layout(range(len(parts)), scale=3.0) if len(parts) > 1 else {0: (0, 0)}
    pos = {}
    for index, part in enumerate(parts):
        local = nx.spring_layout(
            H.subgraph(part), weight="weight", seed=seed, scale=0.35 + 0.12 * len(part) ** 0.5
        )
        cx, cy = centres[index]
        pos.update({n: (x + cx, y + cy) for n, (x, y) in local.items()})
    strength = dict(H.degree(weight="weight"))
    names = {}
    handles = []
    for index, part in enumerate(parts):
        colour = cmap(index % cmap.N)
        nx.draw_networkx_nodes(
            H,
            pos,
            nodelist=list(part),
            node_color=[colour],
            node_size=[40 + 40 * strength.get(n, 0) ** 0.5 for n in part],
            alpha=0.9,
            ax=ax,
        )
        hubs = sorted(part, key=lambda n: (-strength.get(n, 0), n))[:labels]
        names.update({n: G.nodes[n].get("label", n) for n in hubs})
        handles.append(
            Line2D([], [], marker="o", linestyle="", color=colour, label=f"{index + 1} ({len(part)})")
        )
    nx.draw_networkx_edges(
        H, pos, width=[0.3 + 0.3 * d["weight"] for _, _, d in H.edges(data=True)], alpha=0.25, ax=ax
    )
    nx.draw_networkx_labels(H, pos, labels=names, font_size=8, ax=ax)
    ax.set_title(f"{len(parts)} communities (Louvain, seed {seed})")
    ax.legend(handles=handles, title="community (size)", fontsize=7, loc="upper left",
              bbox_to_anchor=(1.0, 1.0))
    ax.set_axis_off()
    return ax


# ---------------------------------------------------------------- one entity


def find_entity(G: nx.MultiDiGraph, name: str) -> str:
    """Return the id of the entity of ``G`` that ``name`` names: its id, label or an alias.

    Case, accents and punctuation do not matter (:func:`kg.ids.fold`); an
    exact id wins, then a label, then an alias. Raises
    :class:`UnknownEntityError` (a ``KeyError``) listing close matches when
    no entity has that name, or the candidates when several do.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("chen gang", label="Chen Gang", type="PER", aliases=["M. Chen"])
    >>> find_entity(G, "chen gang"), find_entity(G, "M. Chen")
    ('chen gang', 'chen gang')
    >>> find_entity(G, "Chen Gan")
    Traceback (most recent call last):
    ...
    kg.analysis.UnknownEntityError: no entity named 'Chen Gan'; close matches: Chen Gang
    """
    if name in G:
        return name
    key = fold(name)
    by_label: dict[str, list[str]] = defaultdict(list)
    by_alias: dict[str, list[str]] = defaultdict(list)
    for node, data in G.nodes(data=True):
        by_label[fold(str(data.get("label", node)))].append(node)
        for alias in data.get("aliases", ()):
            by_alias[fold(alias)].append(node)
    for index in (by_label, by_alias):
        found = sorted(set(index.get(key, ())))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise UnknownEntityError(
                f"{name!r} names {len(found)} entities: {', '.join(found)}; give one of these ids"
            )
    labels = {fold(str(d.get("label", n))): str(d.get("label", n)) for n, d in G.nodes(data=True)}
    close = difflib.get_close_matches(key, list(labels), n=5, cutoff=0.6)
    hint = f"close matches: {', '.join(labels[c] for c in close)}" if close else "no close match"
    raise UnknownEntityError(f"no entity named {name!r}; {hint}")


def ego_network(
    G: nx.MultiDiGraph,
    entity: str,
    *,
    radius: int = 1,
    kinds: Collection[str] | None = None,
) -> nx.MultiDiGraph:
    """Return the ego network of ``entity`` (an id, label or alias, see :func:`find_entity`).

    A copy of the part of ``G`` within ``radius`` hops of the entity, in
    either direction, with every edge among those entities (and their
    evidence); ``kinds`` keeps only those relation kinds. The entity's id is
    in ``ego.graph["ego"]``.
    """
    if radius < 1:
        raise ValueError(f"radius must be at least 1, not {radius}")
    node = find_entity(G, entity)
    source = G
    if kinds is not None:
        source = nx.MultiDiGraph(G.edge_subgraph(
            [(u, v, k) for u, v, k in G.edges(keys=True) if k in kinds]
        ))
        source.add_node(node, **G.nodes[node])
    ego = nx.MultiDiGraph(nx.ego_graph(source, node, radius=radius, undirected=True))
    ego.graph = {**G.graph, "ego": node}
    return ego


def evidence_table(
    G: nx.MultiDiGraph,
    *,
    entity: str | None = None,
    kinds: Collection[str] | None = None,
) -> pd.DataFrame:
    """Return one row per piece of evidence of the edges of ``G``: why each edge is there.

    Columns: ``source``, ``kind``, ``target`` (labels), ``weight`` (the
    edge's supporting sentences), ``document``, ``evidence`` (the sentence),
    ``pattern`` (the rule that found it), ``confidence``, ``role`` (for
    ``holdsPosition``). Only the edges that touch ``entity`` (an id, label or
    alias) when it is given, and only ``kinds`` when given. Typed relations
    come before co-occurrences, then the strongest edges first.
    """
    import pandas as pd

    node = find_entity(G, entity) if entity is not None else None
    rows = []
    for u, v, kind, data in G.edges(keys=True, data=True):
        if node is not None and node not in (u, v):
            continue
        if kinds is not None and kind not in kinds:
            continue
        for ev in data.get("evidence", ()) or ({},):
            rows.append(
                {
                    "source": G.nodes[u].get("label", u),
                    "kind": kind,
                    "target": G.nodes[v].get("label", v),
                    "weight": data.get("weight", 0),
                    "document": ev.get("doc"),
                    "evidence": ev.get("text"),
                    "pattern": ev.get("pattern") or None,
                    "confidence": ev.get("confidence"),
                    "role": ev.get("value"),
                    "_typed": kind != "cooccursWith",
                }
            )
    columns = [
        "source", "kind", "target", "weight", "document", "evidence", "pattern", "confidence", "role"
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows).sort_values(
        ["_typed", "weight", "kind", "source", "target", "document", "evidence"],
        ascending=[False, False, True, True, True, True, True],
        kind="stable",
        na_position="last",
    )
    return frame[columns].reset_index(drop=True)


# ---------------------------------------------------------------- documents and relations


def _ranked_entities(G: nx.MultiDiGraph, types: Sequence[str], top: int | None) -> list[str]:
    _check_types(types)
    nodes = [n for n, d in G.nodes(data=True) if d.get("type") in types]
    nodes.sort(
        key=lambda n: (
            -len(G.nodes[n].get("documents", ())),
            -int(G.nodes[n].get("mentions", 0) or 0),
            fold(str(G.nodes[n].get("label", n))),
        )
    )
    return nodes if top is None else nodes[:top]


def mention_matrix(
    G: nx.MultiDiGraph, *, types: Sequence[str] = GRAPH_TYPES, top: int | None = 20
) -> pd.DataFrame:
    """Return an entities × documents DataFrame: how often each entity is named in each document.

    Rows are the ``top`` entities of ``types`` named in the most documents
    (then the most mentions; ``None`` for all), indexed by label; columns are
    the document ids in order. Counts come from ``G.graph["mentions"]``; a
    graph without mention records gives 1 where the entity's ``documents``
    list the document.
    """
    import pandas as pd

    nodes = _ranked_entities(G, types, top)
    documents = sorted(
        set(G.graph.get("documents", {})) | {d for n in G for d in G.nodes[n].get("documents", ())}
    )
    counts: Counter[tuple[str, str]] = Counter()
    recorded = G.graph.get("mentions") or []
    for m in recorded:
        counts[(m["entity"], m["doc"])] += 1
    if not recorded:
        for n in nodes:
            counts.update({(n, d): 1 for d in G.nodes[n].get("documents", ())})
    data = [[counts[(n, d)] for d in documents] for n in nodes]
    index = pd.Index([G.nodes[n].get("label", n) for n in nodes], name="entity")
    return pd.DataFrame(data, index=index, columns=pd.Index(documents, name="document"), dtype=int)


def comention_matrix(
    G: nx.MultiDiGraph, *, types: Sequence[str] = GRAPH_TYPES, top: int | None = 20
) -> pd.DataFrame:
    """Return an entity × entity DataFrame: the number of documents that name both.

    The entities are those of :func:`mention_matrix` (``top`` of ``types``
    named in the most documents), indexed by label on both axes; the
    diagonal is the number of documents that name the entity. Symmetric.
    """
    import pandas as pd

    nodes = _ranked_entities(G, types, top)
    docs = [set(G.nodes[n].get("documents", ())) for n in nodes]
    data = [[len(a & b) for b in docs] for a in docs]
    labels = [G.nodes[n].get("label", n) for n in nodes]
    return pd.DataFrame(
        data,
        index=pd.Index(labels, name="entity"),
        columns=pd.Index(labels, name="entity"),
        dtype=int,
    )


def plot_heatmap(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    annotate: bool = True,
    cmap: str = "Blues",
    ax: Axes | None = None,
) -> Axes:
    """Draw a numeric DataFrame (e.g. :func:`comention_matrix`) as a heatmap; return the ``Axes``.

    Row and column labels are the frame's index and columns; each cell shows
    its value when ``annotate``. Draws on ``ax`` or on a new figure sized to
    the frame.
    """
    import matplotlib.pyplot as plt

    rows, cols = frame.shape
    if ax is None:
        _fig, ax = plt.subplots(figsize=(max(4.0, 0.45 * cols + 3), max(3.0, 0.4 * rows + 1.5)))
    values = frame.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(cols), [str(c) for c in frame.columns], rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(rows), [str(i) for i in frame.index], fontsize=8)
    if annotate and values.size:
        high = values.max()
        for i in range(rows):
            for j in range(cols):
                value = values[i, j]
                ax.text(
                    j, i, f"{value:g}", ha="center", va="center", fontsize=7,
                    color="white" if high and value > high / 2 else "black",
                )
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    if title:
        ax.set_title(title)
    return ax


def relation_kinds(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Return one row per relation kind of ``G``: ``kind``, ``edges`` (entity pairs),
    ``sentences`` (supporting sentences, the sum of the weights) and ``documents``
    (documents with evidence), the most frequent kind first.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="met", weight=2, evidence=[{"doc": "d1"}, {"doc": "d2"}])
    'met'
    >>> relation_kinds(G).to_dict("records")
    [{'kind': 'met', 'edges': 1, 'sentences': 2, 'documents': 2}]
    """
    import pandas as pd

    edges: Counter[str] = Counter()
    sentences: Counter[str] = Counter()
    documents: dict[str, set[str]] = defaultdict(set)
    for _u, _v, kind, data in G.edges(keys=True, data=True):
        edges[kind] += 1
        sentences[kind] += int(data.get("weight", 0))
        documents[kind].update(ev["doc"] for ev in data.get("evidence", ()) if "doc" in ev)
    rows = [
        {"kind": k, "edges": edges[k], "sentences": sentences[k], "documents": len(documents[k])}
        for k in sorted(edges, key=lambda k: (-edges[k], -sentences[k], k))
    ]
    return pd.DataFrame(rows, columns=["kind", "edges", "sentences", "documents"])


def plot_relation_kinds(
    G_or_frame: nx.MultiDiGraph | pd.DataFrame,
    *,
    log: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw the relation kinds as a horizontal bar chart (edges and sentences); return the ``Axes``.

    Takes a graph or the frame of :func:`relation_kinds`. ``log`` uses a
    logarithmic axis, so the rare typed relations stay visible next to the
    many co-occurrences.
    """
    import matplotlib.pyplot as plt

    frame = G_or_frame if not isinstance(G_or_frame, nx.Graph) else relation_kinds(G_or_frame)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, max(2.5, 0.4 * len(frame) + 1)))
    positions = range(len(frame))
    height = 0.4
    ax.barh([p - height / 2 for p in positions], frame["edges"], height, label="entity pairs")
    ax.barh([p + height / 2 for p in positions], frame["sentences"], height, label="sentences")
    ax.set_yticks(list(positions), list(frame["kind"]))
    ax.invert_yaxis()
    if log:
        ax.set_xscale("log")
    ax.set_xlabel("count" + (" (log scale)" if log else ""))
    ax.set_title("Relation kinds")
    ax.legend(loc="lower right")
    return ax

