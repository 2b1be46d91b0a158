"""Tests of the interactive HTML export (kg.export.html); no spaCy model needed."""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import networkx as nx
import pytest

from kg import view
from kg.errors import InputError, KgError, OutputError
from kg.export import html as kg_html
from kg.export.html import most_connected, to_html, write_html
from kg.graph import build_graph
from kg.types import Entity, Quote, Relation

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- helpers


def ent(
    id_: str,
    type_: str = "PER",
    mentions: int = 1,
    aliases: tuple[str, ...] = (),
    docs: tuple[str, ...] = ("d1",),
    name: str | None = None,
    **kwargs: Any,
) -> Entity:
    return Entity(id_, name or id_.title(), type_, aliases, mentions, docs, **kwargs)  # type: ignore[arg-type]


def rel(
    kind: str,
    subject: str,
    obj: str,
    doc: str = "d1",
    text: str = "Une phrase.",
    start: int = 0,
    **kwargs: Any,
) -> Relation:
    return Relation(kind, subject, obj, doc, text, start, start + len(text), **kwargs)


def sample_graph() -> nx.MultiDiGraph:
    entities = [
        ent("macron", "PER", 40, ("Emmanuel Macron", "M. Macron"), ("d1", "d2", "d3")),
        ent("borne", "PER", 3),
        ent("paris", "LOC", 12, ("la capitale",), ("d1", "d2")),
        ent("france", "LOC", 25),
        ent("onu", "ORG", 5, ("Nations unies",)),
        ent("ue", "ORG", 8, name="Union européenne"),
        ent("jo", "MISC", 2, name="Jeux olympiques"),
        ent("cop28", "MISC", 1),
        ent("lonely", "PER", 1),
    ]
    relations = [
        rel("cooccursWith", "macron", "paris", "d1", "Macron à Paris.", 0),
        rel("cooccursWith", "macron", "paris", "d2", "Macron quitte Paris.", 10),
        rel("cooccursWith", "macron", "france", "d1", "Macron et la France.", 30),
        rel("cooccursWith", "borne", "macron", "d3", "Borne et Macron.", 0),
        rel("cooccursWith", "onu", "ue", "d2", "L'ONU et l'UE.", 0),
        rel("cooccursWith", "jo", "paris", "d1", "Les JO à Paris.", 50),
        rel("memberOf", "macron", "ue", "d1", "Macron, membre du Conseil européen.", 70),
        rel("cooccursWith", "macron", "ue", "d1", "Macron, membre du Conseil européen.", 70),
    ]
    return build_graph(entities, relations)


def embedded(page: str, name: str) -> Any:
    """The JSON value of a ``const NAME = ...;`` line of the page."""
    match = re.search(rf"^const {name} = (.*);$", page, re.MULTILINE)
    assert match, f"{name} not embedded"
    return json.loads(match.group(1))


def nodes_of(page: str) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in embedded(page, "KG_NODES")}


def edges_of(page: str) -> list[dict[str, Any]]:
    return embedded(page, "KG_EDGES")


@pytest.fixture(scope="module")
def page() -> str:
    return to_html(sample_graph())


# --------------------------------------------------------------------------- self-contained


@pytest.mark.parametrize(
    "pattern",
    [
        r"""\bsrc\s*=\s*["']?\s*(https?:)?//""",
        r"""\bhref\s*=\s*["']?\s*(https?:)?//""",
        r"""url\(\s*["']?\s*(https?:)?//""",
        r"<script[^>]*\bsrc\s*=",
        r"<link\b",
        r"@import",
        r"\bcdn\b",
        r"jsdelivr|unpkg|cdnjs|bootstrap|tom-select",
        r"sourceMappingURL",
    ],
)
def test_page_references_no_external_resource(page: str, pattern: str) -> None:
    assert re.search(pattern, page, re.IGNORECASE) is None


def test_page_forbids_network_requests_and_inlines_vis_network(page: str) -> None:
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp and "default-src 'none'" in csp.group(1)
    assert "connect-src" not in csp.group(1)  # falls back to 'none'
    vis_js = (Path(kg_html.pyvis.__file__).parent / "lib/vis-9.1.2/vis-network.min.js").read_text(
        "utf-8"
    )
    middle = vis_js[len(vis_js) // 2 : len(vis_js) // 2 + 2000]
    assert middle in page  # the library itself, not a reference to it
    assert "@version 9.1.2" in page
    assert "new vis.Network(" in page
    assert ".vis-network" in page  # its stylesheet
    assert len(page) > 300_000


# --------------------------------------------------------------------------- nodes


def test_embedded_nodes_are_exactly_the_graph_nodes(page: str) -> None:
    G = sample_graph()
    nodes = embedded(page, "KG_NODES")
    assert [n["id"] for n in nodes] == sorted(G.nodes)
    for n in nodes:
        data = G.nodes[n["id"]]
        assert n["label"] == n["name"] == data["label"]
        assert n["kgType"] == data["type"]
        assert n["mentions"] == data["mentions"]
        assert n["documents"] == len(data["documents"])
        assert isinstance(n["x"], float | int) and isinstance(n["y"], float | int)


@pytest.mark.parametrize(
    ("node", "type_", "colour"),
    [
        ("macron", "PER", "#0072B2"),
        ("paris", "LOC", "#009E73"),
        ("onu", "ORG", "#E69F00"),
        ("jo", "MISC", "#CC79A7"),
    ],
)
def test_node_colour_by_type_and_legend(page: str, node: str, type_: str, colour: str) -> None:
    n = nodes_of(page)[node]
    assert n["kgType"] == type_
    assert n["color"]["background"] == colour
    assert len(set(kg_html.TYPE_COLOURS.values())) == 4
    count = sum(1 for d in sample_graph().nodes.values() if d["type"] == type_)
    row = re.search(rf'<li><label><input type="checkbox" data-type="{type_}"[^\n]*</li>', page)
    assert row, f"no legend row for {type_}"
    assert f"background: {colour}" in row.group(0)
    assert f'<span class="kg-count">{count}</span>' in row.group(0)


@pytest.mark.parametrize(
    ("show_misc", "misc_hidden", "misc_checked", "header"),
    [
        (False, True, False, '<strong id="kg-shown-nodes">7</strong> of 9 entities'),
        (True, False, True, '<strong id="kg-shown-nodes">9</strong> of 9 entities'),
    ],
)
def test_misc_hidden_unless_show_misc(
    show_misc: bool, misc_hidden: bool, misc_checked: bool, header: str
) -> None:
    page = to_html(sample_graph(), show_misc=show_misc)
    nodes = nodes_of(page)
    for n in nodes.values():
        assert n["hidden"] is (misc_hidden and n["kgType"] == "MISC")
    # an edge to a hidden entity is hidden too
    jo_edges = [e for e in edges_of(page) if "jo" in (e["from"], e["to"])]
    assert jo_edges and all(e["hidden"] is misc_hidden for e in jo_edges)
    assert header in page
    misc_box = re.search(r'<input type="checkbox" data-type="MISC"( checked)?>', page)
    assert misc_box and bool(misc_box.group(1)) is misc_checked
    assert re.search(r'<input type="checkbox" data-type="PER" checked>', page)
    assert embedded(page, "KG_META")["visibleTypes"] == (
        ["LOC", "MISC", "ORG", "PER"] if show_misc else ["LOC", "ORG", "PER"]
    )


def test_node_sizes_grow_with_mentions() -> None:
    counts = [1, 2, 5, 20, 100, 400]
    G = build_graph([ent(f"e{m:03d}", "ORG", m) for m in counts], [])
    nodes = nodes_of(to_html(G))
    sizes = [nodes[f"e{m:03d}"]["size"] for m in counts]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)
    assert sizes[0] == pytest.approx(kg_html.MIN_NODE_SIZE)
    assert sizes[-1] == pytest.approx(kg_html.MAX_NODE_SIZE)
    fonts = [nodes[f"e{m:03d}"]["font"]["size"] for m in counts]
    assert fonts == sorted(fonts) and fonts[0] < fonts[-1]


# --------------------------------------------------------------------------- edges


def test_one_edge_per_pair_and_kind(page: str) -> None:
    G = sample_graph()
    edges = edges_of(page)
    assert len(edges) == G.number_of_edges()
    assert sorted((e["from"], e["to"], e["kind"]) for e in edges) == sorted(G.edges(keys=True))
    assert len({e["id"] for e in edges}) == len(edges)
    # macron-ue has two kinds: two edges, the second one curved so both stay visible
    pair = [e for e in edges if {e["from"], e["to"]} == {"macron", "ue"}]
    assert sorted(e["kind"] for e in pair) == ["cooccursWith", "memberOf"]
    assert sorted(bool(e["smooth"]) for e in pair) == [False, True]


@pytest.mark.parametrize(
    ("kind", "subject", "obj", "arrow"),
    [
        ("cooccursWith", "macron", "paris", False),
        ("cooccursWith", "onu", "ue", False),
        ("memberOf", "macron", "ue", True),
    ],
)
def test_arrows_only_on_directed_kinds(
    page: str, kind: str, subject: str, obj: str, arrow: bool
) -> None:
    (edge,) = [e for e in edges_of(page) if (e["kind"], e["from"], e["to"]) == (kind, subject, obj)]
    assert edge["symmetric"] is not arrow
    assert edge["arrows"]["to"]["enabled"] is arrow


def test_edge_width_grows_with_weight() -> None:
    entities = [ent(x, "LOC") for x in "abcde"]
    relations = [
        rel("cooccursWith", "a", other, f"d{i}", f"Phrase {i}.", i * 20)
        for other, weight in (("b", 1), ("c", 2), ("d", 5), ("e", 12))
        for i in range(weight)
    ]
    G = build_graph(entities, relations)
    page = to_html(G)
    width = {e["to"]: e["width"] for e in edges_of(page)}
    weight = {e["to"]: e["weight"] for e in edges_of(page)}
    assert weight == {"b": 1, "c": 2, "d": 5, "e": 12}
    assert width["b"] < width["c"] < width["d"] < width["e"]
    assert width["b"] == pytest.approx(kg_html.MIN_EDGE_WIDTH)
    assert width["e"] == pytest.approx(kg_html.MAX_EDGE_WIDTH)
    assert re.search(r'id="kg-min-weight" min="1" max="12"', page)


def test_typed_kinds_have_their_own_colour_and_stand_out() -> None:
    kinds = ["memberOf", "holdsPosition", "locatedIn", "met", "worksFor", "leads", "partOf"]
    kinds += ["visited", "investsIn", "foundedBy", "saidTo"]  # more kinds than colours
    entities = [ent(f"n{i:02d}", "ORG") for i in range(len(kinds) + 1)]
    relations = [rel(k, "n00", f"n{i + 1:02d}") for i, k in enumerate(kinds)]
    relations.append(rel("cooccursWith", "n00", "n01"))
    page = to_html(build_graph(entities, relations))
    style = {
        e["kind"]: (e["color"]["color"], bool(e["dashes"]), e["width"]) for e in edges_of(page)
    }
    assert style["cooccursWith"][:2] == (kg_html.COOCCURRENCE_COLOUR, False)
    typed = {k: v for k, v in style.items() if k != "cooccursWith"}
    assert len({(colour, dashed) for colour, dashed, _ in typed.values()}) == len(typed)
    assert all(width >= kg_html.MIN_KIND_WIDTH for *_, width in typed.values())
    assert kg_html.COOCCURRENCE_COLOUR not in {colour for colour, *_ in typed.values()}
    assert sum(dashed for _, dashed, _ in typed.values()) == len(typed) - len(kg_html.KIND_COLOURS)
    # the legend lists the typed kinds first, dashed ones drawn dashed
    legend = re.findall(r'data-kind="([^"]+)"', page)
    assert legend == [*sorted(kinds), "cooccursWith"]
    assert page.count('class="kg-line kg-dashed"') == len(typed) - len(kg_html.KIND_COLOURS)


# --------------------------------------------------------------------------- tooltips


def test_node_tooltip_shows_aliases_counts_and_type(page: str) -> None:
    title = nodes_of(page)["macron"]["title"]
    assert title.splitlines()[0] == "Macron"
    assert "People — PER" in title
    assert "Emmanuel Macron" in title and "M. Macron" in title
    assert "Mentions: 40 in 3 documents" in title
    assert "Related entities: 4" in title


def test_node_tooltip_truncates_long_alias_lists() -> None:
    aliases = tuple(f"alias {i:02d}" for i in range(25))
    page = to_html(build_graph([ent("x", "ORG", 3, aliases)], []))
    title = nodes_of(page)["x"]["title"]
    assert "alias 09" in title and "alias 10" not in title
    assert "(+15 more)" in title


def test_edge_tooltip_shows_kind_weight_and_some_evidence() -> None:
    long_sentence = "Très longue phrase " * 30
    relations = [
        rel("cooccursWith", "a", "b", f"doc{i}", f"{long_sentence}{i}", 0) for i in range(5)
    ]
    relations.append(rel("memberOf", "a", "b", "doc9", "A est membre de B.", 0, value="membre"))
    G = build_graph([ent("a"), ent("b", "ORG")], relations)
    edges = {e["kind"]: e for e in edges_of(to_html(G))}
    lines = edges["cooccursWith"]["title"].splitlines()
    assert lines[0] == "A — B"
    assert lines[1] == "co-occurre avec: 5 sentences in 5 documents"  # the French label of the kind
    evidence = [line for line in lines if line.startswith("[doc")]
    assert [line.split("]")[0] for line in evidence] == ["[doc0", "[doc1", "[doc2"]
    assert all(len(line) <= kg_html.EVIDENCE_CHARS + 20 and "…" in line for line in evidence)
    assert lines[-1] == "+2 more sentences"
    directed = edges["memberOf"]["title"].splitlines()
    assert directed[0] == "A → B"
    assert directed[2] == "[doc9] « A est membre de B. » (membre)"


@pytest.mark.parametrize(
    "nasty",
    [
        "</script><b>boom</b>",
        "</SCRIPT ><b>boom</b>",
        "<!--<script>boom",
        "a\u2028b & <b>boom</b>",
    ],
)
def test_text_cannot_break_out_of_the_script(nasty: str) -> None:
    G = build_graph(
        [ent("evil", "PER", 2, (nasty,), name=nasty), ent("ok", "LOC")],
        [rel("cooccursWith", "evil", "ok", "d1", f"Phrase {nasty} fin.", 0)],
    )
    page = to_html(G, title=nasty)
    assert page.count("</script>") == 2  # vis-network's and ours
    assert len(re.findall(r"</script", page, re.IGNORECASE)) == 2
    assert "<b>boom" not in page
    node = nodes_of(page)["evil"]
    assert node["name"] == nasty
    assert nasty in node["title"]
    assert nasty in edges_of(page)[0]["title"]


# --------------------------------------------------------------------------- panel and search data


def panel_graph() -> nx.MultiDiGraph:
    entities = [
        ent(
            "chen",
            "PER",
            10,
            ("Chen", "M. Chen"),
            ("d1", "d2"),
            name="Chen Gang",
            titles=("secrétaire",),
        ),
        ent("parti", "ORG", 4, ("PCG",), name="Parti du Guangxi"),
        ent(
            "nanning",
            "LOC",
            3,
            (),
            name="Nanning",
            same_as=("https://sws.geonames.org/1799869/", "javascript:alert(1)"),
            country="CN",
        ),
    ]
    sentence = "Chen Gang, secrétaire du Parti du Guangxi, était à Nanning."
    relations = [
        rel(
            "holdsPosition",
            "chen",
            "parti",
            "d1",
            sentence,
            10,
            pattern="role-apposition",
            confidence=0.9,
            value="secrétaire",
        ),
        rel("cooccursWith", "chen", "parti", "d1", sentence, 10, pattern="sentence-cooccurrence"),
        rel("cooccursWith", "chen", "nanning", "d1", sentence, 10, pattern="sentence-cooccurrence"),
        rel("cooccursWith", "chen", "nanning", "d2", "Chen  Gang\n à Nanning.", 0),
    ]
    quotes = [
        Quote(
            "d2",
            "chen",
            "nous avançons",
            5,
            18,
            "« Nous avançons », a dit Chen Gang.",
            0,
            40,
            "dire",
            "reporting-verb",
            0.9,
            addressee="parti",
        )
    ]
    return build_graph(entities, relations, quotes=quotes)


def test_nodes_carry_what_the_side_panel_shows() -> None:
    nodes = nodes_of(to_html(panel_graph()))
    chen = nodes["chen"]
    assert chen["name"] == "Chen Gang" and chen["kgType"] == "PER"
    assert chen["aliases"] == ["Chen", "M. Chen"]
    assert chen["titles"] == ["secrétaire"]
    assert chen["docs"] == ["d1", "d2"] and chen["documents"] == 2
    assert chen["strength"] == 4  # weighted degree: 1 + 1 + 2 sentences
    assert nodes["nanning"]["sameAs"] == ["https://sws.geonames.org/1799869/"]  # web links only
    assert nodes["nanning"]["country"] == "CN"
    assert nodes["parti"]["sameAs"] == [] and nodes["parti"]["country"] is None
    (quote,) = chen["quotes"]
    assert quote["doc"] == "d2" and quote["quote"] == "nous avançons" and quote["to"] == "parti"


def test_edges_point_to_each_evidence_sentence_once() -> None:
    page = to_html(panel_graph())
    sentences = embedded(page, "KG_SENTENCES")
    edges = {(e["from"], e["to"], e["kind"]): e for e in edges_of(page)}
    sentence = "Chen Gang, secrétaire du Parti du Guangxi, était à Nanning."
    assert sentences.count(sentence) == 1  # shared by three edges, stored once
    held = edges[("chen", "parti", "holdsPosition")]["evidence"]
    assert held == [
        {
            "s": sentences.index(sentence),
            "doc": "d1",
            "start": 10,
            "pattern": "role-apposition",
            "confidence": 0.9,
            "value": "secrétaire",
        }
    ]
    near = edges[("chen", "nanning", "cooccursWith")]["evidence"]
    assert [(ev["doc"], sentences[ev["s"]]) for ev in near] == [
        ("d1", sentence),
        ("d2", "Chen Gang à Nanning."),  # whitespace normalised
    ]
    assert "value" not in near[0]
    assert edges[("chen", "parti", "holdsPosition")]["confidence"] == 0.9
    assert "« Nous avançons », a dit Chen Gang." in sentences  # the quote's sentence


def test_search_suggests_names_and_aliases() -> None:
    page = to_html(panel_graph())
    aliases = re.findall(r'<option value="([^"]*)">([^<]+)</option>', page)
    assert aliases == [("Chen", "Chen Gang"), ("M. Chen", "Chen Gang"), ("PCG", "Parti du Guangxi")]
    assert 'placeholder="Find an entity or alias…"' in page
    assert 'normalize("NFD")' in page  # accents are ignored when matching
    assert "window.kgState = state" in page and "window.kgNetwork = network" in page


# --------------------------------------------------------------------------- big graphs


def star_graph(n: int) -> nx.MultiDiGraph:
    """Hubs h0..h4 linked to many leaves, the leaves to nothing else, plus isolated nodes."""
    entities = [ent(f"h{i}", "ORG", 5) for i in range(5)]
    entities += [ent(f"leaf{i:03d}", "PER", 1 + i % 3) for i in range(n)]
    entities += [ent(f"zz{i}", "LOC", 50) for i in range(3)]  # many mentions, no relation
    relations = [
        rel("cooccursWith", f"h{i % 5}", f"leaf{i:03d}", f"d{j}", f"Phrase {i}/{j}.", j)
        for i in range(n)
        for j in range(1 + (i % 5 == 0))
    ]
    return build_graph(entities, relations)


def test_most_connected_ranks_by_weighted_degree_then_mentions_then_id() -> None:
    G = star_graph(40)
    ranked = most_connected(G, len(G))
    assert ranked[:5] == ["h0", "h1", "h2", "h3", "h4"]  # h0 has the double-weight leaves
    leaves = ranked[5:45]
    assert all(n.startswith("leaf") for n in leaves)
    strength = {
        n: sum(d["weight"] for *_, d in G.edges(n, data=True))
        + sum(d["weight"] for *_, d in G.in_edges(n, data=True))
        for n in G
    }
    keys = [(-strength[n], -G.nodes[n]["mentions"], n) for n in leaves]
    assert keys == sorted(keys)
    assert ranked[45:] == ["zz0", "zz1", "zz2"]  # no relation: last, whatever their mentions
    assert most_connected(G, 3) == ranked[:3]
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(G.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    assert most_connected(shuffled, 20) == ranked[:20]


def test_max_nodes_keeps_the_most_connected_and_says_so() -> None:
    G = star_graph(60)
    page = to_html(G, max_nodes=20)
    kept = set(nodes_of(page))
    assert kept == set(most_connected(G, 20))
    assert len(kept) == 20
    edges = edges_of(page)
    assert edges and all(e["from"] in kept and e["to"] in kept for e in edges)
    assert len(edges) == sum(1 for u, v in G.edges() if u in kept and v in kept)
    notice = re.search(r'<p class="kg-notice" id="kg-notice" role="status">(.*?)</p>', page, re.S)
    assert notice
    assert "showing 20 of 68 entities; the full graph is in the RDF." in notice.group(1)
    assert "--max-nodes" in notice.group(1)
    assert '<strong id="kg-shown-nodes">20</strong> of 20 entities' in page
    meta = embedded(page, "KG_META")
    assert meta["truncated"] is True
    assert (meta["graphNodes"], meta["graphEdges"]) == (68, G.number_of_edges())


@pytest.mark.parametrize("max_nodes", [None, 68, 1000])
def test_no_cut_and_no_notice_when_the_graph_fits(max_nodes: int | None) -> None:
    G = star_graph(60)
    page = to_html(G, max_nodes=max_nodes)
    assert len(nodes_of(page)) == 68
    assert 'id="kg-notice"' not in page
    assert embedded(page, "KG_META")["truncated"] is False


def test_default_max_nodes_and_bad_values() -> None:
    assert kg_html.DEFAULT_MAX_NODES == 1500
    with pytest.raises(ValueError, match="max_nodes must be at least 1"):
        to_html(star_graph(3), max_nodes=0)


# --------------------------------------------------------------------------- layout


def boxes_apart(a: dict[str, Any], b: dict[str, Any], slack: float = 1.0) -> bool:
    """True when the dots and labels of two embedded nodes keep the layout's free space."""
    ha, above_a, below_a = kg_html._box(a["label"], a["font"]["size"], a["size"])
    hb, above_b, below_b = kg_html._box(b["label"], b["font"]["size"], b["size"])
    if abs(a["x"] - b["x"]) >= ha + hb + kg_html._PAD_X - slack:
        return True
    reach = below_a + above_b if b["y"] >= a["y"] else below_b + above_a
    return abs(a["y"] - b["y"]) >= reach + kg_html._PAD_Y - slack


def test_layout_has_physics_off_and_no_label_overlaps() -> None:
    n = 40  # a tree with hubs: a plain force layout piles its labels onto each other
    entities = [ent(f"n{i:03d}", "PER", 1 + (i * 37) % 200) for i in range(n)]
    entities += [ent(f"alone{i:02d}", "LOC", 1 + i % 4) for i in range(12)]
    entities += [ent("long", "ORG", 3, name="Organisation au nom vraiment très long")]
    relations = [rel("cooccursWith", f"n{i:03d}", f"n{i // 2:03d}") for i in range(2, n)]
    relations += [rel("cooccursWith", f"n{i:03d}", f"n{(i * i) % i:03d}") for i in range(2, n)]
    relations += [rel("cooccursWith", "long", "n001")]
    relations = [r for r in relations if r.subject != r.object]
    page = to_html(build_graph(entities, relations))
    assert embedded(page, "KG_OPTIONS")["physics"]["enabled"] is False
    assert '<input type="checkbox" id="kg-physics">' in page
    nodes = list(nodes_of(page).values())
    sizes = {v["size"] for v in nodes}
    assert len(sizes) > 10
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            assert boxes_apart(a, b), (a["id"], b["id"])
    xs = [v["x"] for v in nodes]
    assert max(xs) - min(xs) > 600  # spread over the page, not a pile at the centre
    alone = [v for v in nodes if v["id"].startswith("alone")]
    assert len({(v["x"], v["y"]) for v in alone}) == len(alone)


@pytest.mark.parametrize(("n", "seed"), [(2, 0), (30, 1), (300, 2), (300, 3), (800, 4)])
def test_spread_leaves_no_two_boxes_overlapping(n: int, seed: int) -> None:
    """Crowded random starts: scans are kept for several rounds, and none may hide an overlap."""
    import numpy as np

    rng = np.random.default_rng(seed)
    boxes = np.column_stack(
        (rng.uniform(5, 120, n), rng.uniform(5, 30, n), rng.uniform(20, 60, n))
    )  # half width, above, below
    pos = kg_html._spread(rng.normal(0, 10 * math.sqrt(n), (n, 2)), boxes)
    half, above, below = boxes.T
    dx = np.abs(pos[:, None, 0] - pos[None, :, 0])
    dy = pos[None, :, 1] - pos[:, None, 1]  # j below i when positive
    wide = half[:, None] + half[None, :] + kg_html._PAD_X
    tall = np.where(dy >= 0, below[:, None] + above[None, :], above[:, None] + below[None, :])
    clash = (dx < wide - 0.02) & (np.abs(dy) < tall + kg_html._PAD_Y - 0.02)
    np.fill_diagonal(clash, False)
    assert not clash.any()


def test_label_box_grows_with_the_label_and_font() -> None:
    short = kg_html._box("Nice", 14, 10)
    long = kg_html._box("Nouvelle Banque de développement", 14, 10)
    big = kg_html._box("Nouvelle Banque de développement", 22, 10)
    assert short[0] < long[0] < big[0]
    assert long[1] == 10 and long[2] > 10 + 14  # the label hangs under the dot
    assert kg_html._box("", 14, 40)[0] == 40  # a big dot is wider than its label


def test_many_small_components_are_packed_in_rows() -> None:
    entities = [ent(f"a{i:02d}", "PER", 1 + i) for i in range(30)]
    entities += [ent(f"b{i:02d}", "ORG", 2) for i in range(30)]
    relations = [rel("cooccursWith", f"a{i:02d}", f"b{i:02d}") for i in range(30)]
    nodes = list(nodes_of(to_html(build_graph(entities, relations))).values())
    xs = [v["x"] for v in nodes]
    ys = [v["y"] for v in nodes]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.33 < width / height < 3  # roughly square, fits a screen once zoomed out
    assert abs((max(xs) + min(xs)) / 2) < 1 and abs((max(ys) + min(ys)) / 2) < 1  # centred


def test_big_component_is_laid_out_without_scipy() -> None:
    n = 520  # nx.spring_layout needs SciPy from 500 nodes on; the page must not
    entities = [ent(f"n{i:03d}", "PER", 1 + i % 7) for i in range(n)]
    relations = [rel("cooccursWith", f"n{i:03d}", f"n{(i * 7 + 1) % n:03d}") for i in range(n)]
    relations += [rel("cooccursWith", f"n{i:03d}", f"n{i + 1:03d}") for i in range(n - 1)]
    page = to_html(build_graph(entities, relations))
    nodes = nodes_of(page)
    assert len(nodes) == n
    points = {(v["x"], v["y"]) for v in nodes.values()}
    assert len(points) == n
    assert all(math.isfinite(c) for p in points for c in p)


# --------------------------------------------------------------------------- determinism


def test_output_is_deterministic_and_independent_of_insertion_order() -> None:
    G = sample_graph()
    first = to_html(G)
    assert first == to_html(G)
    shuffled = nx.MultiDiGraph()
    shuffled.graph.update(G.graph)
    shuffled.add_nodes_from(reversed(list(G.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    assert to_html(shuffled) == first
    assert nodes_of(to_html(G, seed=8)) != nodes_of(first)  # the seed drives the layout


def test_output_is_stable_across_processes() -> None:
    code = (
        "import hashlib, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]];"
        "from test_export_html import sample_graph; from kg.export.html import to_html;"
        "print(hashlib.sha256(to_html(sample_graph()).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code, str(ROOT), str(ROOT / "tests")],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert digests == {hashlib.sha256(to_html(sample_graph()).encode()).hexdigest()}


# --------------------------------------------------------------------------- edge cases


def test_empty_graph_renders_a_page_that_says_so() -> None:
    page = to_html(nx.MultiDiGraph())
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "This graph is empty" in page
    assert embedded(page, "KG_NODES") == [] and embedded(page, "KG_EDGES") == []
    assert '<strong id="kg-shown-nodes">0</strong> of 0 entities' in page
    assert "KG_NODES.length === 0" in page  # the script stops before using vis
    assert 'id="kg-network"' not in page
    assert page.count("</script>") == 1  # no vis-network needed
    assert "src=" not in page


def test_title_is_escaped_in_the_page() -> None:
    page = to_html(sample_graph(), title='Actu <b>"France"</b> & co')
    assert "<title>Actu &lt;b&gt;&#34;France&#34;&lt;/b&gt; &amp; co</title>" in page
    assert "<h1>Actu &lt;b&gt;&#34;France&#34;&lt;/b&gt; &amp; co</h1>" in page


def test_controls_are_present(page: str) -> None:
    for control in (
        'id="kg-search"',
        'id="kg-physics"',
        'id="kg-fit"',
        'id="kg-min-weight"',
        'id="kg-min-weight-number"',
        'id="kg-hide-isolated"',
        'data-kind="cooccursWith" checked',
        'data-kind="memberOf" checked',
    ):
        assert control in page
    assert "hover for details" in page.lower() and "scroll to zoom" in page
    labels = re.findall(r'<option value="([^"]*)"></option>', page)
    assert labels == sorted((d["label"] for d in sample_graph().nodes.values()), key=str.casefold)


# --------------------------------------------------------------------------- write_html


def test_write_html_writes_the_page(tmp_path: Path) -> None:
    G = sample_graph()
    target = tmp_path / "out" / "graph.html"
    result = write_html(G, target, title="Demo", show_misc=True)
    assert result == target
    assert target.read_text("utf-8") == to_html(G, title="Demo", show_misc=True)
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.html"]


def test_write_html_leaves_the_old_file_when_rendering_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.html"
    target.write_text("old page", "utf-8")

    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("template exploded")

    monkeypatch.setattr(kg_html, "to_html", broken)
    with pytest.raises(RuntimeError, match="template exploded"):
        write_html(sample_graph(), target)
    assert target.read_text("utf-8") == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_write_html_leaves_the_old_file_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.html"
    target.write_text("old page", "utf-8")

    def no_rename(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OutputError, match=r"graph\.html: No space left on device; free some space"):
        write_html(sample_graph(), target)
    monkeypatch.undo()
    assert target.read_text("utf-8") == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


# --------------------------------------------------------------------------- kg.view


def test_open_in_browser_opens_the_page_of_a_folder_or_file(tmp_path: Path) -> None:
    page = write_html(sample_graph(), tmp_path / "graph.html")
    with mock.patch("webbrowser.open", return_value=True) as opened:
        assert view.open_in_browser(tmp_path) is None
        view.open_in_browser(page)
    assert opened.call_args_list == [
        mock.call(page.resolve().as_uri(), new=2),
        mock.call(page.resolve().as_uri(), new=2),
    ]


@pytest.mark.parametrize("what", ["empty folder", "missing", "not html"])
def test_open_in_browser_names_the_path_when_there_is_no_page(tmp_path: Path, what: str) -> None:
    target = {
        "empty folder": tmp_path,
        "missing": tmp_path / "nowhere",
        "not html": tmp_path / "graph.ttl",
    }[what]
    if what == "not html":
        target.write_text("", "utf-8")
    with mock.patch("webbrowser.open") as opened, pytest.raises(InputError) as error:
        view.open_in_browser(target)
    assert str(target) in str(error.value)
    opened.assert_not_called()


def test_open_in_browser_says_so_when_no_browser_starts(tmp_path: Path) -> None:
    page = write_html(sample_graph(), tmp_path / "graph.html")
    with mock.patch("webbrowser.open", return_value=False), pytest.raises(KgError) as error:
        view.open_in_browser(tmp_path)
    assert page.resolve().as_uri() in str(error.value)


def test_show_embeds_the_page_in_a_sandboxed_srcdoc_iframe(tmp_path: Path) -> None:
    from IPython.display import HTML

    G = sample_graph()
    shown = view.show(G, height=500, max_nodes=5, title="Démo")
    assert isinstance(shown, HTML)
    markup = shown.data
    assert markup.startswith('<div class="kg-view"><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "height: 500px" in markup
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in markup
    assert " src=" not in markup  # nothing to fetch
    import html as html_module

    srcdoc = html_module.unescape(re.search(r'srcdoc="([^"]*)"', markup).group(1))
    assert srcdoc == to_html(G, max_nodes=5, title="Démo")
    # a saved page is shown as it is
    write_html(G, tmp_path / "graph.html")
    assert view.show(tmp_path).data == view.iframe(to_html(G))
    with pytest.raises(TypeError, match="max_nodes"):
        view.show(tmp_path, max_nodes=3)
    with pytest.raises(InputError, match=r"no graph\.html"):
        view.show(tmp_path / "..")


def test_show_without_ipython_returns_the_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    shown = view.show(sample_graph())
    assert isinstance(shown, str) and shown.startswith('<div class="kg-view"><iframe srcdoc=')


def test_every_relation_kind_has_french_and_english_labels_in_the_legend():
    from kg.export.html import kind_label, kind_labels
    from kg.patterns import KINDS
    from kg.relations import COOCCURRENCE, SAID_TO

    labels = kind_labels()
    for kind in (*KINDS, COOCCURRENCE, SAID_TO):
        assert kind in labels, kind
        french, english = labels[kind]
        assert french and english and french != kind, kind
    assert kind_label("opposes") == "s'oppose à" and kind_label("opposes", "en") == "opposes"
    assert kind_label("noSuchKind") == "noSuchKind"


def test_legend_rows_carry_the_french_label(small_graph):
    from kg.export.html import to_html

    page = to_html(small_graph)
    assert '<span class="kg-name" title="met (met)">a rencontré<' in page
    assert '<span class="kg-name" title="located in (locatedIn)">situé dans →<' in page
    assert '"kindLabels": {' in page or '"kindLabels":{' in page
