"""The RDF contract, checked as triple sets on a small hand-made graph."""

import re

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.config import RDF_FORMATS
from kg.export.rdf import serialize, to_rdf, write_rdf
from kg.graph import build_graph
from kg.ids import KG, PROV, SCHEMA, document_iri, entity_iri, slugify, statement_iri
from kg.types import Entity, Relation

BASE = "https://example.org/kg/"


@pytest.fixture
def graph():
    entities = [
        Entity("chen gang", "Chen Gang", "PER", ("Chen",), 3, ("d1", "d2")),
        Entity("guangxi", "Guangxi", "LOC", ("le Guangxi",), 2, ("d1",)),
        Entity("asean", "ASEAN", "ORG", (), 1, ("d2",)),
        Entity("exposition chine asean", "Exposition Chine-ASEAN", "MISC", (), 1, ("d2",)),
    ]
    relations = [
        Relation(
            "cooccursWith",
            "chen gang",
            "guangxi",
            "d1",
            "Chen Gang au Guangxi.",
            0,
            21,
            0.8,
            "sentence-cooccurrence",
        ),
        Relation(
            "cooccursWith",
            "chen gang",
            "guangxi",
            "d1",
            "Le Guangxi et Chen.",
            22,
            41,
            0.9,
            "sentence-cooccurrence",
        ),
        Relation(
            "cooccursWith",
            "asean",
            "chen gang",
            "d2",
            "Chen Gang et l'ASEAN.",
            0,
            21,
            0.5,
            "sentence-cooccurrence",
        ),
    ]
    return build_graph(entities, relations)


def test_documents(graph):
    g = to_rdf(graph, base=BASE)
    d1 = document_iri(BASE, "d1")
    assert (d1, RDF.type, SCHEMA.NewsArticle) in g
    assert (d1, SCHEMA.identifier, Literal("d1")) in g
    assert set(g.objects(d1, SCHEMA.mentions)) == {
        entity_iri(BASE, "chen gang"),
        entity_iri(BASE, "guangxi"),
    }


@pytest.mark.parametrize(
    ("entity", "cls"),
    [
        ("chen gang", SCHEMA.Person),
        ("guangxi", SCHEMA.Place),
        ("asean", SCHEMA.Organization),
        ("exposition chine asean", KG.Misc),
    ],
)
def test_entity_classes(graph, entity, cls):
    g = to_rdf(graph, base=BASE)
    assert set(g.objects(entity_iri(BASE, entity), RDF.type)) == {cls}


def test_entity_labels_and_counts(graph):
    g = to_rdf(graph, base=BASE)
    cg = entity_iri(BASE, "chen gang")
    assert set(g.objects(cg, RDFS.label)) == {Literal("Chen Gang", lang="fr")}
    assert set(g.objects(cg, SKOS.altLabel)) == {Literal("Chen", lang="fr")}
    assert set(g.objects(cg, KG.mentionCount)) == {Literal(3, datatype=XSD.integer)}
    assert set(g.objects(cg, KG.documentCount)) == {Literal(2, datatype=XSD.integer)}


def test_relations_are_direct_and_reified_per_document(graph):
    g = to_rdf(graph, base=BASE)
    cg, gx = entity_iri(BASE, "chen gang"), entity_iri(BASE, "guangxi")
    assert (cg, KG.cooccursWith, gx) in g
    st = statement_iri(BASE, "cooccursWith", "chen gang", "guangxi", "d1")
    expected = {
        (st, RDF.type, RDF.Statement),
        (st, RDF.subject, cg),
        (st, RDF.predicate, KG.cooccursWith),
        (st, RDF.object, gx),
        (st, PROV.wasDerivedFrom, document_iri(BASE, "d1")),
        (st, KG.evidence, Literal("Chen Gang au Guangxi.", lang="fr")),
        (st, KG.evidence, Literal("Le Guangxi et Chen.", lang="fr")),
        (st, KG.weight, Literal(2, datatype=XSD.integer)),
        (st, KG.confidence, Literal("0.9", datatype=XSD.decimal)),
        (st, KG.pattern, Literal("sentence-cooccurrence")),
    }
    assert set(g.triples((st, None, None))) == expected
    assert len(list(g.subjects(RDF.type, RDF.Statement))) == 2


def test_every_iri_is_safe(graph):
    g = to_rdf(graph, base=BASE)
    for term in {t for triple in g for t in triple if isinstance(t, URIRef)}:
        assert not re.search(r'[\s<>"{}|\\^`]', str(term)), term


@pytest.mark.parametrize(
    ("key", "slug"),
    [("chine", "chine"), ("xi jinping", "xi-jinping"), ("etats unis", "etats-unis"), ("g7", "g7")],
)
def test_slugs_of_clean_keys_are_readable(key, slug):
    assert slugify(key) == slug


@pytest.mark.parametrize(("a", "b"), [("at t", "at&t"), ("北京", "上海"), ("c++", "c")])
def test_slugs_never_collide(a, b):
    assert slugify(a) != slugify(b)
    assert re.fullmatch(r"[a-z0-9-]+", slugify(a))


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_every_format_round_trips_to_the_same_triples(graph, fmt, tmp_path):
    g = to_rdf(graph, base=BASE)
    path = write_rdf(g, tmp_path / RDF_FORMATS[fmt][1], fmt=fmt)
    back = Graph().parse(path, format=RDF_FORMATS[fmt][0])
    assert set(back) == set(g)


def test_ntriples_are_sorted_for_stable_diffs(graph):
    lines = serialize(to_rdf(graph, base=BASE), "nt").decode().splitlines()
    assert lines == sorted(lines) and len(lines) == len(to_rdf(graph, base=BASE))


def test_a_failed_write_keeps_the_previous_file(graph, tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    path.write_text("previous")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Graph, "serialize", boom)
    with pytest.raises(RuntimeError):
        write_rdf(to_rdf(graph, base=BASE), path)
    assert path.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
