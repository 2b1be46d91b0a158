"""kg.analysis: SPARQL into DataFrames, centrality, communities, ego networks, matrices, charts."""

from __future__ import annotations

import matplotlib
import networkx as nx
import pandas as pd
import pytest
from rdflib.plugins.sparql import prepareQuery

from kg import analysis as ka
from kg.cookbook import COOKBOOK
from kg.errors import QueryError
from kg.export.rdf import to_rdf
from kg.query import PREFIXES

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# ---------------------------------------------------------------- SPARQL


def test_sparql_frame_has_the_query_columns_and_python_values(small_graph):
    frame = ka.sparql_frame(
        to_rdf(small_graph),
        "SELECT ?name ?mentions WHERE { ?e a schema:Person ; rdfs:label ?name ; "
        "kg:mentionCount ?mentions } ORDER BY ?name",
    )
    assert list(frame.columns) == ["name", "mentions"]
    assert frame.to_dict("records") == [
        {"name": "Chen Gang", "mentions": 3},
        {"name": "Xi Jinping", "mentions": 2},
    ]


def test_sparql_frame_refuses_what_has_no_rows(small_graph):
    g = to_rdf(small_graph)
    with pytest.raises(ValueError, match="SELECT"):
        ka.sparql_frame(g, "ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="malformed SPARQL"):
        ka.sparql_frame(g, "SELECT ?x WHERE { ?x }")


def test_every_cookbook_recipe_gives_a_frame_with_its_variables(small_graph):
    frames = ka.cookbook_frames(to_rdf(small_graph))
    assert list(frames) == list(COOKBOOK)
    for name, frame in frames.items():
        projection = prepareQuery(COOKBOOK[name].query, initNs=PREFIXES).algebra["PV"]
        assert list(frame.columns) == [str(v) for v in projection], name
    assert frames["entities_in_most_documents"].to_dict("records")[0] == {
        "entity": "Chen Gang", "documents": 2
    }
    people = frames["people_and_roles"]
    assert {"person": "Chen Gang", "role": "secrétaire", "where": "Guangxi"} in people.to_dict(
        "records"
    )
    quotes = frames["quotes_by_a_speaker"]
    assert quotes["quote"].tolist() == ["une coopération"]
    assert quotes["to"].tolist() == ["ASEAN"]


def test_cookbook_frames_names_the_recipes_on_a_typo(small_graph):
    with pytest.raises(KeyError, match="people_and_roles"):
        ka.cookbook_frames(to_rdf(small_graph), names=["people"])


# ---------------------------------------------------------------- centrality


def test_collapse_sums_kinds_and_directions(small_graph):
    H = ka.collapse(small_graph)
    assert H["chen gang"]["xi jinping"] == {"weight": 3, "kinds": ["cooccursWith", "met"]}
    assert set(H) == set(small_graph)
    only = ka.collapse(small_graph, kinds={"met"})
    assert list(only.edges) == [("chen gang", "xi jinping")] or list(only.edges) == [
        ("xi jinping", "chen gang")
    ]


def test_centrality_ranks_each_type_and_breaks_ties_by_label(small_graph):
    table = ka.centrality_table(small_graph, top=2)
    assert list(table.columns) == [
        "type", "rank", "label", "id", "degree", "strength", "betweenness", "pagerank"
    ]
    assert table["type"].tolist() == ["PER", "PER", "LOC", "LOC", "ORG", "ORG"]
    assert table["rank"].tolist() == [1, 2, 1, 2, 1, 2]
    people = table[table["type"] == "PER"]
    assert people["label"].tolist() == ["Chen Gang", "Xi Jinping"]
    chen = people.iloc[0]
    assert (chen["degree"], chen["strength"]) == (4, 8)
    assert chen["betweenness"] > 0
    # Amazon and AMD are alike: the label decides
    orgs = ka.centrality_table(small_graph, types=["ORG"], kinds={"cooccursWith"}, top=10)
    tied = orgs[orgs["label"].isin(["Amazon", "Advanced Micro Devices"])]
    assert tied["label"].tolist() == ["Advanced Micro Devices", "Amazon"]
    assert table.equals(ka.centrality_table(small_graph, top=2))


def test_centrality_checks_its_options(small_graph):
    with pytest.raises(ValueError, match=r"'PERSON'.*PER, LOC, ORG, MISC"):
        ka.centrality_table(small_graph, types=["PERSON"])
    with pytest.raises(ValueError, match="top"):
        ka.centrality_table(small_graph, top=0)
    empty = ka.centrality_table(nx.MultiDiGraph())
    assert empty.empty and "pagerank" in empty.columns


# ---------------------------------------------------------------- communities


def two_triangles() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for u, v in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")]:
        G.add_edge(u, v, key="cooccursWith", weight=3)
    G.add_edge("c", "x", key="cooccursWith", weight=1)
    G.add_node("alone")
    for n in G:
        G.nodes[n].update(label=n.upper(), type="PER")
    return G


def test_louvain_is_seeded_sorted_and_filtered():
    G = two_triangles()
    assert ka.communities(G, min_size=2) == [["a", "b", "c"], ["x", "y", "z"]]
    assert ka.communities(G) == [["a", "b", "c"], ["x", "y", "z"], ["alone"]]
    assert ka.communities(G, seed=1) == ka.communities(G, seed=1)
    with pytest.raises(ValueError, match="min_size"):
        ka.communities(G, min_size=0)


def test_community_table_lists_members_most_connected_first(small_graph):
    parts = ka.communities(small_graph, min_size=2)
    table = ka.community_table(small_graph, parts)
    assert table["community"].tolist() == list(range(1, len(parts) + 1))
    assert table["size"].tolist() == [len(p) for p in parts]
    listed = [n for ids in table["ids"] for n in ids]
    assert sorted(listed) == sorted(n for part in parts for n in part)
    amd = table[table["members"].str.contains("Amazon")].iloc[0]
    assert amd["ORG"] == 2 and amd["size"] == 2
    assert table.equals(ka.community_table(small_graph))
    with pytest.raises(KeyError, match="nobody"):
        ka.community_table(small_graph, [["nobody"]])


def test_draw_communities_colours_each_and_names_the_hubs(small_graph):
    parts = ka.communities(small_graph, min_size=2)
    ax = ka.draw_communities(small_graph, parts, labels=1)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [f"{i + 1} ({len(p)})" for i, p in enumerate(parts)]
    names = {t.get_text() for t in ax.texts}
    assert "Chen Gang" in names and len(names) == len(parts)


# ---------------------------------------------------------------- one entity


@pytest.mark.parametrize(
    ("name", "node"),
    [
        ("chen gang", "chen gang"),
        ("Chen Gang", "chen gang"),
        ("CHEN  GANG", "chen gang"),
        ("M. Chen", "chen gang"),
        ("republique populaire de chine", "chine"),
        ("AMD", "advanced micro devices"),
        ("paris loc", "paris loc"),
    ],
)
def test_find_entity_by_id_label_or_alias(small_graph, name, node):
    assert ka.find_entity(small_graph, name) == node


def test_find_entity_names_close_matches_and_ambiguities(small_graph):
    with pytest.raises(ka.UnknownEntityError, match="'Chen Gan'; close matches: Chen Gang"):
        ka.find_entity(small_graph, "Chen Gan")
    with pytest.raises(KeyError, match="no close match"):
        ka.find_entity(small_graph, "Zzzz")
    with pytest.raises(KeyError, match="2 entities: paris loc, paris org"):
        ka.find_entity(small_graph, "Paris")


def test_ego_network_keeps_neighbours_and_their_edges(small_graph):
    ego = ka.ego_network(small_graph, "Chen Gang")
    assert ego.graph["ego"] == "chen gang"
    assert set(ego) == {"chen gang", "xi jinping", "chine", "guangxi", "asean"}
    assert ego.has_edge("asean", "chine", "cooccursWith")  # between two neighbours
    assert ego.nodes["chine"] == small_graph.nodes["chine"]
    wider = ka.ego_network(small_graph, "Chen Gang", radius=2)
    assert {"paris loc", "chen gang"} <= set(wider) and "amazon" not in wider
    typed = ka.ego_network(small_graph, "Chen Gang", kinds={"met", "holdsPosition"})
    assert sorted(typed.edges(keys=True)) == [
        ("chen gang", "guangxi", "holdsPosition"), ("chen gang", "xi jinping", "met")
    ]
    with pytest.raises(ValueError, match="radius"):
        ka.ego_network(small_graph, "Chen Gang", radius=0)
    with pytest.raises(KeyError, match="Chen Gang"):
        ka.ego_network(small_graph, "Chen Gan")


def test_evidence_table_gives_one_row_per_sentence_typed_first(small_graph):
    table = ka.evidence_table(small_graph, entity="Chen Gang")
    assert list(table.columns) == [
        "source", "kind", "target", "weight", "document", "evidence", "pattern", "confidence",
        "role",
    ]
    touching = [
        (u, v, k) for u, v, k in small_graph.edges(keys=True) if "chen gang" in (u, v)
    ]
    expected_rows = sum(small_graph.edges[e]["weight"] for e in touching)
    assert len(table) == expected_rows
    assert table["kind"].tolist()[:2] == ["holdsPosition", "met"]
    role = table[table["kind"] == "holdsPosition"].iloc[0]
    assert (role["source"], role["target"], role["role"], role["document"]) == (
        "Chen Gang", "Guangxi", "secrétaire", "d1"
    )
    assert set(table["kind"]) == {"holdsPosition", "met", "cooccursWith"}
    assert (table[table["kind"] == "cooccursWith"]["weight"].diff().dropna() <= 0).all()
    only = ka.evidence_table(small_graph, kinds={"visited"})
    assert only["pattern"].tolist() == ["visit-en", "visit-verb"]


# ---------------------------------------------------------------- documents and relations


def test_mention_matrix_counts_mentions_per_document(small_graph):
    matrix = ka.mention_matrix(small_graph, top=3)
    assert matrix.index.tolist() == ["Chen Gang", "Chine", "Xi Jinping"]
    assert matrix.columns.tolist() == ["d1", "d2", "d3"]
    assert matrix.loc["Chen Gang"].tolist() == [1, 2, 0]
    small_graph.graph["mentions"] = []
    assert ka.mention_matrix(small_graph, top=1).loc["Chen Gang"].tolist() == [1, 1, 0]


def test_comention_matrix_is_symmetric_with_documents_on_the_diagonal(small_graph):
    matrix = ka.comention_matrix(small_graph, top=None, types=["PER", "LOC", "ORG", "MISC"])
    assert len(matrix) == small_graph.number_of_nodes()
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["Chen Gang", "Chen Gang"] == 2
    assert matrix.loc["Chen Gang", "Xi Jinping"] == 2
    assert matrix.loc["Guangxi", "Jeux olympiques"] == 0
    assert matrix.loc["Amazon", "Advanced Micro Devices"] == 1
    with pytest.raises(ValueError, match="'PLACE'"):
        ka.comention_matrix(small_graph, types=["PLACE"])


def test_heatmap_labels_and_annotates_every_cell(small_graph):
    matrix = ka.comention_matrix(small_graph, top=4)
    ax = ka.plot_heatmap(matrix, title="Co-mentions")
    assert [t.get_text() for t in ax.get_yticklabels()] == matrix.index.tolist()
    assert [t.get_text() for t in ax.get_xticklabels()] == matrix.columns.tolist()
    assert len(ax.texts) == matrix.size
    assert ax.get_title() == "Co-mentions"


def test_relation_kinds_counts_pairs_sentences_and_documents(small_graph):
    kinds = ka.relation_kinds(small_graph)
    assert kinds.iloc[0].to_dict() == {
        "kind": "cooccursWith", "edges": 9, "sentences": 11, "documents": 3
    }
    assert kinds.set_index("kind").loc["visited"].tolist() == [1, 2, 1]
    assert kinds["edges"].sum() == small_graph.number_of_edges()


def test_relation_kinds_bar_chart_has_two_bars_per_kind(small_graph):
    ax = ka.plot_relation_kinds(small_graph)
    kinds = ka.relation_kinds(small_graph)
    assert len(ax.patches) == 2 * len(kinds)
    assert [t.get_text() for t in ax.get_yticklabels()] == kinds["kind"].tolist()
    assert ax.get_xscale() == "log"
    assert ka.plot_relation_kinds(kinds, log=False).get_xscale() == "linear"


def test_the_analysis_module_does_not_load_pandas_or_matplotlib_on_import():
    import subprocess
    import sys

    code = "import sys, kg.analysis, kg.cli; print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.model
def test_seeds_answers(seeds_result):
    G = seeds_result.graph
    table = ka.centrality_table(G, top=3)
    assert set(table["type"]) == {"PER", "LOC", "ORG"}
    assert "Chen Gang" in table["label"].tolist()
    evidence = ka.evidence_table(ka.ego_network(G, "Chen Gang"), entity="Chen Gang")
    assert {"holdsPosition", "memberOf"} <= set(evidence["kind"])
    assert evidence["evidence"].str.len().min() > 0
    assert isinstance(ka.comention_matrix(G, top=10), pd.DataFrame)
