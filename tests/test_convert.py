"""RDF ⇄ networkx (kg.convert): the round trip keeps what the RDF records, and is stable."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.convert import networkx_to_rdf, rdf_to_networkx
from kg.export.rdf import to_dataset, to_rdf, write_rdf
from kg.read import load_rdf

NODE_ATTRIBUTES = ["label", "type", "aliases", "mentions", "documents", "same_as", "country"]
EDGE_ATTRIBUTES = ["kind", "weight", "documents", "symmetric", "pmi", "npmi", "sentences"]


def assert_same_graph(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> None:
    """``H`` (read back from RDF) has what the RDF of ``G`` records of ``G``."""
    assert set(H) == set(G)
    for node in G:
        for name in NODE_ATTRIBUTES:
            assert H.nodes[node][name] == G.nodes[node].get(name), (node, name)
        assert H.nodes[node]["titles"] == sorted(G.nodes[node].get("titles", ()))
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    for u, v, kind, data in G.edges(keys=True, data=True):
        back = H[u][v][kind]
        for name in EDGE_ATTRIBUTES:
            assert back.get(name) == data.get(name), (u, v, kind, name)
        assert back["confidence"] == round(data["confidence"], 3)
        sentences = {(ev["doc"], ev["text"]) for ev in data["evidence"]}
        assert {(ev["doc"], ev["text"]) for ev in back["evidence"]} == sentences
        assert {ev["pattern"] for ev in back["evidence"]} == {
            ev["pattern"] for ev in data["evidence"]
        }
        assert {ev["value"] for ev in back["evidence"]} == {ev["value"] for ev in data["evidence"]}
        assert len(back["evidence"]) == data["weight"]


@pytest.mark.parametrize("attribute", NODE_ATTRIBUTES)
def test_every_node_attribute_comes_back(small_graph, attribute):
    H = rdf_to_networkx(to_rdf(small_graph))
    assert dict(H.nodes(data=attribute)) == dict(small_graph.nodes(data=attribute))


@pytest.mark.parametrize(
    ("u", "v", "kind", "expected"),
    [
        ("chen gang", "chine", "cooccursWith",
         {"weight": 2, "documents": 2, "confidence": 0.8, "pmi": 1.25, "npmi": 0.5,
          "sentences": 2, "symmetric": True}),
        ("chen gang", "guangxi", "holdsPosition",
         {"weight": 1, "documents": 1, "confidence": 0.9, "symmetric": False}),
        ("chen gang", "xi jinping", "met", {"weight": 1, "symmetric": True}),
        ("xi jinping", "chine", "visited", {"weight": 2, "documents": 1, "confidence": 0.7}),
        ("paris org", "paris loc", "locatedIn", {"weight": 1, "symmetric": False}),
    ],
)
def test_edges_keep_kind_direction_and_weights(small_graph, u, v, kind, expected):
    H = rdf_to_networkx(to_rdf(small_graph))
    data = H[u][v][kind]
    assert data["kind"] == kind
    assert {name: data.get(name) for name in expected} == expected


def test_the_round_trip_keeps_the_graph(small_graph):
    assert_same_graph(small_graph, rdf_to_networkx(to_rdf(small_graph)))


def test_roles_patterns_quotes_mentions_and_documents_come_back(small_graph):
    H = rdf_to_networkx(to_rdf(small_graph))
    assert [ev["value"] for ev in H["chen gang"]["guangxi"]["holdsPosition"]["evidence"]] == [
        "secrétaire"
    ]
    patterns = {ev["pattern"] for ev in H["xi jinping"]["chine"]["visited"]["evidence"]}
    assert patterns == {"visit-verb", "visit-en"}
    assert H.graph["mentions"] == sorted(
        small_graph.graph["mentions"], key=lambda m: (m["doc"], m["start"], m["end"], m["entity"])
    )
    quotes = {(q["speaker"], q["text"], q["addressee"], q["verb"]) for q in H.graph["quotes"]}
    assert quotes == {
        ("chen gang", "une coopération", "asean", "déclarer"),
        ("xi jinping", "la paix", None, "dire"),
    }
    assert H.graph["documents"]["d1"] == {
        "title": "Le Guangxi et l'ASEAN", "date": "2025-01-02", "author": "Liang Rui",
        "author_kind": "Person", "characters": 70,
    }
    assert H.graph["documents"]["d2"]["author_kind"] == "Organization"


def test_a_second_round_trip_changes_nothing(small_graph):
    g = to_rdf(small_graph)
    H = rdf_to_networkx(g)
    again = rdf_to_networkx(networkx_to_rdf(H))
    assert again.graph == H.graph
    assert dict(again.nodes(data=True)) == dict(H.nodes(data=True))
    assert sorted(again.edges(keys=True, data=True)) == sorted(H.edges(keys=True, data=True))
    assert isomorphic(networkx_to_rdf(H), g)


def test_ids_that_do_not_come_from_labels_are_the_iri_slug():
    G = nx.MultiDiGraph()
    G.add_node("e1", label="Chen Gang", type="PER")
    G.add_node("e2", label="Chine", type="LOC")
    G.add_edge("e1", "e2", key="visited", kind="visited", weight=1,
               evidence=[{"doc": "d", "text": "Chen Gang en Chine.", "pattern": "p"}])
    H = rdf_to_networkx(to_rdf(G))
    assert sorted(H.nodes(data="label")) == [("e1", "Chen Gang"), ("e2", "Chine")]
    assert list(H.edges(keys=True)) == [("e1", "e2", "visited")]


def test_a_lean_export_without_mentions_still_gives_the_graph(small_graph):
    H = rdf_to_networkx(to_rdf(small_graph, mentions=False))
    assert H.graph["mentions"] == []
    assert "characters" not in H.graph["documents"]["d1"]
    assert_same_graph(small_graph, H)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig", "nq"])
def test_an_export_read_from_disk_gives_the_graph(small_graph, tmp_path, fmt):
    path = write_rdf(to_rdf(small_graph), tmp_path / f"graph.{fmt}", fmt=fmt)
    assert_same_graph(small_graph, rdf_to_networkx(load_rdf(path)))


def test_a_dataset_is_read_whole(small_graph):
    assert_same_graph(small_graph, rdf_to_networkx(to_dataset(to_rdf(small_graph))))


def test_a_graph_without_kg_entities_is_refused():
    with pytest.raises(ValueError, match="no kg entity"):
        rdf_to_networkx(Graph())


@pytest.mark.model
def test_the_seeds_graph_survives_the_round_trip(seeds_result):
    G = seeds_result.graph
    H = rdf_to_networkx(to_rdf(G))
    assert_same_graph(G, H)
    assert H.nodes["chen gang"]["type"] == "PER"
    assert len(H.graph["quotes"]) == len(G.graph["quotes"])
    assert len(H.graph["mentions"]) == len(G.graph["mentions"])
