import pytest

from kg.graph import build_graph
from kg.relations import cooccurrence_confidence, cooccurrences
from kg.types import Entity, Mention, Relation, Sentence


def setup_corpus():
    # doc d: s0 "Chen Gang et le Guangxi avec l'ASEAN et Chen Gang." s1 "Le Guangxi seul."
    # doc e: s0 "Chen Gang au Guangxi, pour l'Exposition."
    mentions = [
        Mention("d", 0, 9, "Chen Gang", "PER", "Chen Gang", 0),
        Mention("d", 16, 23, "Guangxi", "LOC", "Guangxi", 0),
        Mention("d", 31, 36, "ASEAN", "ORG", "ASEAN", 0),
        Mention("d", 40, 49, "Chen Gang", "PER", "Chen Gang", 0),
        Mention("d", 54, 61, "Guangxi", "LOC", "Guangxi", 1),
        Mention("e", 0, 9, "Chen Gang", "PER", "Chen Gang", 0),
        Mention("e", 13, 20, "Guangxi", "LOC", "Guangxi", 0),
        Mention("e", 29, 39, "Exposition", "MISC", "Exposition", 0),
    ]
    ids = (
        "chen gang",
        "guangxi",
        "asean",
        "chen gang",
        "guangxi",
        "chen gang",
        "guangxi",
        "exposition",
    )
    types = {"chen gang": "PER", "guangxi": "LOC", "asean": "ORG", "exposition": "MISC"}
    sentences = {
        ("d", 0): (Sentence("d", 0, 0, 50), "Chen Gang et le Guangxi avec l'ASEAN et Chen Gang."),
        ("e", 0): (Sentence("e", 0, 0, 40), "Chen Gang au Guangxi, pour l'Exposition."),
    }
    return mentions, ids, types, sentences


def test_pairs_per_sentence_without_self_loops_or_misc():
    mentions, ids, types, sentences = setup_corpus()
    rels = cooccurrences(mentions, ids, entity_types=types, sentences=sentences)
    assert sorted((r.subject, r.object, r.doc_id) for r in rels) == [
        ("asean", "chen gang", "d"),
        ("asean", "guangxi", "d"),
        ("chen gang", "guangxi", "d"),
        ("chen gang", "guangxi", "e"),
    ]
    for r in rels:
        assert r.kind == "cooccursWith" and r.pattern == "sentence-cooccurrence"
        assert r.subject < r.object
        assert 0 < r.confidence <= 1
    first = next(r for r in rels if r.doc_id == "e")
    assert first.evidence == "Chen Gang au Guangxi, pour l'Exposition."
    assert (first.start, first.end) == (0, 40)


def test_confidence_uses_the_closest_pair_of_mentions():
    mentions, ids, types, sentences = setup_corpus()
    rels = {
        (r.subject, r.object, r.doc_id): r
        for r in cooccurrences(mentions, ids, entity_types=types, sentences=sentences)
    }
    # "ASEAN" (31-36) is 4 characters from the second "Chen Gang" (40-49)
    assert rels[("asean", "chen gang", "d")].confidence == cooccurrence_confidence(4)


@pytest.mark.parametrize(("gap", "expected"), [(0, 1.0), (100, 0.5), (300, 0.25), (-5, 1.0)])
def test_confidence_decreases_with_distance(gap, expected):
    assert cooccurrence_confidence(gap) == expected


def test_graph_counts_evidence_instead_of_overwriting():
    mentions, ids, types, sentences = setup_corpus()
    rels = cooccurrences(mentions, ids, entity_types=types, sentences=sentences)
    entities = [
        Entity("chen gang", "Chen Gang", "PER", (), 3, ("d", "e")),
        Entity("guangxi", "Guangxi", "LOC", (), 3, ("d", "e")),
        Entity("asean", "ASEAN", "ORG", (), 1, ("d",)),
        Entity("exposition", "Exposition", "MISC", (), 1, ("e",)),
    ]
    # the same sentence given twice counts once; the same pair in two documents counts twice
    G = build_graph(entities, rels + rels[:1])
    edge = G["chen gang"]["guangxi"]["cooccursWith"]
    assert (edge["weight"], edge["documents"], edge["symmetric"]) == (2, 2, True)
    assert [ev["doc"] for ev in edge["evidence"]] == ["d", "e"]
    assert G.number_of_edges() == 3
    assert G.nodes["exposition"]["type"] == "MISC" and G.degree("exposition") == 0


def test_symmetric_relations_are_stored_once_in_key_order():
    entities = [Entity("a", "A", "PER", (), 1, ("d",)), Entity("b", "B", "PER", (), 1, ("d",))]
    rels = [
        Relation("cooccursWith", "b", "a", "d", "B et A.", 0, 7),
        Relation("cooccursWith", "a", "b", "d", "A et B ici.", 8, 19),
    ]
    G = build_graph(entities, rels)
    assert list(G.edges(keys=True)) == [("a", "b", "cooccursWith")]
    assert G["a"]["b"]["cooccursWith"]["weight"] == 2


def test_unknown_entities_are_an_error():
    with pytest.raises(KeyError, match="unknown entity 'z'"):
        build_graph(
            [Entity("a", "A", "PER", (), 1, ("d",))],
            [Relation("cooccursWith", "a", "z", "d", "A et Z.", 0, 7)],
        )
