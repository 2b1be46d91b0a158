"""The RDF contract, checked as triple sets on small hand-made graphs."""

import json
import re
import warnings

import pyoxigraph as ox
import pytest
from rdflib import OWL as OWL_NS
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.config import RDF_FORMATS
from kg.export.rdf import RDF_FORMATS as ALL_FORMATS
from kg.export.rdf import (
    article_quads,
    jsonld_context,
    rdf_triples,
    serialize,
    to_dataset,
    to_rdf,
    write_rdf,
)
from kg.graph import build_graph
from kg.ids import (
    ITSRDF,
    KG,
    NIF,
    PROV,
    SCHEMA,
    context_iri,
    document_iri,
    entity_iri,
    mention_iri,
    slugify,
    statement_iri,
)
from kg.read import load_rdf
from kg.terms import to_rdflib
from kg.types import Entity, Relation
from kg.validate import EXAMPLE_TEXTS, example_graph, ontology_graph

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


@pytest.mark.parametrize("fmt", ["jsonld", "nt", "ttl"])  # trig/nq: see the rich-graph test
def test_every_format_round_trips_to_the_same_triples(graph, fmt, tmp_path):
    g = to_rdf(graph, base=BASE)
    path = write_rdf(g, tmp_path / RDF_FORMATS[fmt][1], fmt=fmt)
    assert set(load_rdf(path)) == set(g)


@pytest.mark.parametrize("fmt", sorted(ALL_FORMATS))
def test_triples_write_like_the_rdflib_graph(rich, fmt, tmp_path):
    """``rdf_triples`` (Turtle through Oxigraph, no rdflib graph) writes the triples of ``to_rdf``."""
    triples = rdf_triples(rich, base=BASE)
    g = to_rdf(rich, base=BASE)
    assert len(triples) == len(set(triples.triples)) == len(g)
    fast = write_rdf(triples, tmp_path / f"fast.{fmt}", fmt=fmt)
    slow = write_rdf(g, tmp_path / f"slow.{fmt}", fmt=fmt)
    if fmt in ("trig", "nq"):
        assert set(load_rdf(fast).quads()) == set(load_rdf(slow).quads())
    else:
        assert set(load_rdf(fast)) == set(load_rdf(slow)) == set(g)
    if fmt == "ttl":
        assert "@prefix kg:" in fast.read_text() and "@prefix data:" in fast.read_text()


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


# ---------------------------------------------------------------- NIF mentions, documents, datasets


@pytest.fixture
def rich():
    return example_graph()


def test_mentions_are_nif_strings_of_their_document(rich):
    g = to_rdf(rich, base=BASE, texts=EXAMPLE_TEXTS)
    text = EXAMPLE_TEXTS["d1"]
    start = text.index("Nanning")
    m = mention_iri(BASE, "d1", start, start + 7)
    ctx = context_iri(BASE, "d1", len(text))
    assert set(g.triples((m, None, None))) == {
        (m, RDF.type, NIF.OffsetBasedString),
        (m, RDF.type, NIF.Phrase),
        (m, NIF.anchorOf, Literal("Nanning")),
        (m, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)),
        (m, NIF.endIndex, Literal(start + 7, datatype=XSD.nonNegativeInteger)),
        (m, NIF.referenceContext, ctx),
        (m, ITSRDF.taIdentRef, entity_iri(BASE, "nanning")),
    }
    assert (ctx, RDF.type, NIF.Context) in g
    assert (ctx, NIF.sourceUrl, document_iri(BASE, "d1")) in g
    assert (ctx, NIF.isString, Literal(text)) in g
    assert str(m) == f"{document_iri(BASE, 'd1')}#char={start},{start + 7}"


def test_every_mention_is_exported_and_anchored_in_the_text(rich):
    g = to_rdf(rich, base=BASE, texts=EXAMPLE_TEXTS)
    mentions = set(g.subjects(RDF.type, NIF.Phrase))
    assert len(mentions) == len(rich.graph["mentions"]) == 9
    for m in mentions:
        ctx = g.value(m, NIF.referenceContext)
        begin, end = int(g.value(m, NIF.beginIndex)), int(g.value(m, NIF.endIndex))
        assert str(g.value(ctx, NIF.isString))[begin:end] == str(g.value(m, NIF.anchorOf))


def test_without_texts_contexts_have_no_string_but_keep_their_length(rich):
    g = to_rdf(rich, base=BASE)
    ctx = context_iri(BASE, "d1", len(EXAMPLE_TEXTS["d1"]))
    assert (ctx, RDF.type, NIF.Context) in g
    assert not list(g.objects(ctx, NIF.isString))
    assert not list(g.objects(document_iri(BASE, "d2"), SCHEMA.headline))  # no text, no metadata


def test_mentions_can_be_left_out(rich):
    lean = to_rdf(rich, base=BASE, mentions=False)
    full = to_rdf(rich, base=BASE)
    assert not list(lean.subjects(RDF.type, NIF.Phrase))
    assert not list(lean.subjects(RDF.type, NIF.Context))
    assert set(lean) < set(full)
    assert {p for _, p, _ in full} - {p for _, p, _ in lean} == {
        NIF.anchorOf,
        NIF.beginIndex,
        NIF.endIndex,
        NIF.referenceContext,
        NIF.sourceUrl,
        ITSRDF.taIdentRef,
    }


def test_quotes_keep_speaker_addressee_and_offsets(rich):
    g = to_rdf(rich, base=BASE)
    quote = next(g.subjects(RDF.type, KG.Quotation))
    start = EXAMPLE_TEXTS["d1"].index("Coopérons")
    assert (entity_iri(BASE, "chen gang"), KG.said, quote) in g
    assert (quote, KG.saidTo, entity_iri(BASE, "china daily")) in g
    assert (quote, KG.beginIndex, Literal(start, datatype=XSD.integer)) in g
    assert (quote, PROV.wasDerivedFrom, document_iri(BASE, "d1")) in g


@pytest.mark.parametrize(
    "text",
    [
        'il a dit "non"',
        "C:\\dossier\\n",
        "ligne\nsuivante",
        "retour\r\nchariot",
        "tab\tulation",
        "« guillemets » et l’apostrophe",
        "",
        '\\"',
    ],
)
@pytest.mark.parametrize("lang", ["fr", None])
def test_literals_survive_ntriples_and_turtle(text, lang):
    from kg.export.rdf import RdfTriples, _Terms

    s = URIRef("https://example.org/s")
    triples = RdfTriples((f"<{s}> <{KG.text}> {_Terms().text(text, lang)} .",), {})
    expected = {(s, KG.text, Literal(text, lang=lang))}
    assert set(triples.graph()) == expected
    assert set(Graph().parse(data=serialize(triples, "ttl"), format="turtle")) == expected


@pytest.mark.parametrize(
    ("value", "lexical"), [(0.9, "0.9"), (1.0, "1.0"), (0.8818, "0.8818"), (100.0, "100.0")]
)
def test_decimals_are_canonical_and_survive_turtle(value, lexical):
    from kg.export.rdf import RdfTriples, _Terms

    statement = f"<https://example.org/s> <{KG.npmi}> {_Terms().decimal(value)} ."
    literal = RdfTriples((statement,), {}).graph().value(URIRef("https://example.org/s"), KG.npmi)
    assert literal == Literal(lexical, datatype=XSD.decimal)
    g = Graph()
    g.add((URIRef("https://example.org/s"), KG.npmi, literal))
    assert set(Graph().parse(data=g.serialize(format="turtle"), format="turtle")) == set(g)


def test_datasets_hold_one_named_graph_per_article(rich):
    g = to_rdf(rich, base=BASE, texts=EXAMPLE_TEXTS)
    ds = to_dataset(g)
    d1, d2 = document_iri(BASE, "d1"), document_iri(BASE, "d2")
    names = {c.identifier for c in ds.graphs()} - {ds.default_graph.identifier}
    assert names == {d1, d2}
    quads = list(article_quads(g))
    assert len(quads) == len(g)  # each triple in exactly one graph
    assert {(s, p, o) for s, p, o, _ in quads} == set(g)
    article = ds.graph(d1)
    st = statement_iri(BASE, "holdsPosition", "chen gang", "parti du guangxi", "d1")
    assert (st, KG.role, Literal("secrétaire", lang="fr")) in article
    assert (
        entity_iri(BASE, "chen gang"),
        KG.said,
        next(g.subjects(RDF.type, KG.Quotation)),
    ) in article
    assert (d1, SCHEMA.mentions, entity_iri(BASE, "nanning")) in article
    start = EXAMPLE_TEXTS["d1"].index("Nanning")
    assert (mention_iri(BASE, "d1", start, start + 7), NIF.anchorOf, Literal("Nanning")) in article
    shared = ds.default_graph
    assert (entity_iri(BASE, "nanning"), RDFS.label, Literal("Nanning", lang="fr")) in shared
    assert (entity_iri(BASE, "chen gang"), KG.visited, entity_iri(BASE, "nanning")) in shared


def test_dropping_an_article_graph_removes_exactly_its_facts(rich, tmp_path):
    g = to_rdf(rich, base=BASE, texts=EXAMPLE_TEXTS)
    path = write_rdf(g, tmp_path / "graph.trig", fmt="trig")
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    d1 = document_iri(BASE, "d1")
    store.update(f"DROP GRAPH <{d1}>")
    left = {tuple(map(to_rdflib, (q.subject, q.predicate, q.object))) for q in store}
    assert not any(s == d1 or str(s).startswith(f"{d1}#") for s, _, _ in left)
    assert not any(o == d1 for _, _, o in left)
    assert (document_iri(BASE, "d2"), RDF.type, SCHEMA.NewsArticle) in left
    assert (entity_iri(BASE, "chen gang"), RDF.type, SCHEMA.Person) in left


@pytest.mark.parametrize("fmt", sorted(ALL_FORMATS))
def test_every_format_round_trips_the_rich_graph(rich, fmt, tmp_path):
    g = to_rdf(rich, base=BASE, texts=EXAMPLE_TEXTS)
    path = write_rdf(g, tmp_path / ALL_FORMATS[fmt][1], fmt=fmt)
    back = load_rdf(path)
    triples = {(s, p, o) for s, p, o, *_ in back.quads()} if fmt in ("trig", "nq") else set(back)
    assert triples == set(g)


def test_nquads_are_sorted_and_name_the_article_graphs(rich):
    lines = serialize(to_rdf(rich, base=BASE), "nq").decode().splitlines()
    assert lines == sorted(lines)
    assert any(line.rstrip(" .").endswith(f"<{document_iri(BASE, 'd1')}>") for line in lines)


def test_jsonld_uses_the_published_context(rich, tmp_path):
    g = to_rdf(rich, base=BASE, texts=EXAMPLE_TEXTS)
    data = json.loads(serialize(g, "jsonld"))
    context = jsonld_context()
    assert {k: data["@context"][k] for k in context} == context
    assert context["kg"] == str(KG._NS)
    nodes = {node["@id"]: node for node in data["@graph"]}
    chen = nodes.get(str(entity_iri(BASE, "chen gang"))) or nodes["data:entity/chen-gang"]
    assert chen["label"] == "Chen Gang"
    (tmp_path / "graph.jsonld").write_text(json.dumps(data))
    assert set(load_rdf(tmp_path / "graph.jsonld")) == set(g)


def test_every_kg_term_is_in_the_ontology():
    onto = ontology_graph()
    terms = {URIRef(f"{KG._NS}{name}") for name in KG.__annotations__}
    assert terms  # the closed vocabulary
    for term in terms:
        labels = {lit.language for lit in onto.objects(term, RDFS.label)}
        comments = {lit.language for lit in onto.objects(term, RDFS.comment)}
        assert labels >= {"fr", "en"}, term
        assert comments >= {"fr", "en"}, term
        assert (term, RDFS.isDefinedBy, URIRef(str(KG._NS).rstrip("#"))) in onto, term
        if (term, RDF.type, OWL_NS.Class) not in onto and (term, RDF.type, KG.InteractionClass) not in onto:
            assert onto.value(term, RDFS.domain) is not None, term
            assert onto.value(term, RDFS.range) is not None, term
    defined = {s for s in onto.subjects(RDFS.isDefinedBy, None)}
    assert defined == terms  # no stray term in the ontology either


def test_the_ontology_maps_to_standard_vocabularies():
    onto = ontology_graph()
    mapped: dict = {}
    for rel in (OWL_NS.equivalentProperty, RDFS.subPropertyOf, OWL_NS.inverseOf):
        for p, o in onto.subject_objects(rel):
            mapped.setdefault(p, set()).add(str(o))
    assert "https://schema.org/worksFor" in mapped[KG.worksFor]
    assert "http://www.w3.org/ns/org#memberOf" in mapped[KG.memberOf]
    assert "http://www.wikidata.org/prop/direct/P1376" in mapped[KG.capitalOf]
    assert "https://schema.org/spokenByCharacter" in mapped[KG.said]
    assert set(onto.objects(KG.Quotation, RDFS.subClassOf)) >= {
        URIRef("https://schema.org/Quotation"),
        PROV.Entity,
    }
    assert (KG.cooccursWith, RDF.type, OWL_NS.SymmetricProperty) in onto


def test_kg_terms_used_by_the_export_are_defined(rich):
    onto = ontology_graph()
    g = to_rdf(rich, base=BASE, texts=EXAMPLE_TEXTS)
    used = {t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(KG._NS)}
    assert used and all((t, RDFS.isDefinedBy, None) in onto for t in used)


@pytest.mark.parametrize("fmt", sorted(ALL_FORMATS))
def test_writing_and_reading_every_format_uses_no_deprecated_rdflib_call(rich, fmt, tmp_path):
    """rdflib's own TriG/N-Quads/JSON-LD parsers and writers call its deprecated
    ``ConjunctiveGraph`` and ``Dataset.default_context``: 605 warnings per test run before."""
    g = to_rdf(rich, base=BASE, texts=EXAMPLE_TEXTS)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        path = write_rdf(g, tmp_path / ALL_FORMATS[fmt][1], fmt=fmt)
        back = load_rdf(path)
    triples = {(s, p, o) for s, p, o, *_ in back.quads()} if fmt in ("trig", "nq") else set(back)
    assert triples == set(g)
