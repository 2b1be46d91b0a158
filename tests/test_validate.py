"""SHACL validation: the shapes accept what kg emits and report what breaks it, plainly."""

import pytest
from rdflib import RDF, RDFS, XSD, Literal, URIRef

from conftest import SEEDS
from kg.errors import InputError
from kg.export.rdf import to_rdf, write_rdf
from kg.ids import KG, NIF, SCHEMA, document_iri, entity_iri
from kg.validate import (
    EXAMPLE_TEXTS,
    ValidationReport,
    example_graph,
    ontology_graph,
    shapes_graph,
    validate,
)

BASE = "https://example.org/kg/"
E = entity_iri(BASE, "chen gang")


@pytest.fixture
def g():
    return to_rdf(example_graph(), base=BASE, texts=EXAMPLE_TEXTS)


def test_the_example_graph_conforms(g):
    report = validate(g)
    assert report == ValidationReport(conforms=True, violations=[], triples=len(g))
    assert str(report).startswith("conforms")


def test_a_lean_graph_without_texts_or_mentions_conforms():
    assert validate(to_rdf(example_graph(), base=BASE, mentions=False)).conforms
    assert validate(to_rdf(example_graph(), base=BASE)).conforms


def _statement(g, kind):
    return next(s for s in g.subjects(RDF.predicate, getattr(KG, kind)))


def _mention(g, name):
    return next(s for s, _, o in g.triples((None, NIF.anchorOf, None)) if str(o) == name)


def _break_confidence(g):
    g.set((_statement(g, "holdsPosition"), KG.confidence, Literal("1.5", datatype=XSD.decimal)))


def _break_weight_type(g):
    g.set((_statement(g, "visited"), KG.weight, Literal("two")))


def _drop_evidence(g):
    g.remove((_statement(g, "visited"), KG.evidence, None))


def _drop_label(g):
    g.remove((entity_iri(BASE, "nanning"), RDFS.label, None))


def _two_labels(g):
    g.add((entity_iri(BASE, "nanning"), RDFS.label, Literal("Nanning bis", lang="fr")))


def _wrong_range(g):
    g.add((E, KG.worksFor, entity_iri(BASE, "nanning")))


def _wrong_domain(g):
    g.add((entity_iri(BASE, "nanning"), KG.met, E))


def _unknown_property(g):
    g.add((E, URIRef("https://example.org/other#age"), Literal(60)))


def _orphan_statement(g):
    g.remove((E, KG.visited, entity_iri(BASE, "nanning")))


def _bad_offsets(g):
    m = _mention(g, "Nanning")
    g.set((m, NIF.endIndex, Literal(3, datatype=XSD.nonNegativeInteger)))


def _wrong_anchor(g):
    g.set((_mention(g, "Nanning"), NIF.anchorOf, Literal("Nantes!")))


def _no_identifier(g):
    g.remove((document_iri(BASE, "d1"), SCHEMA.identifier, None))


def _bad_date(g):
    g.set((document_iri(BASE, "d2"), SCHEMA.datePublished, Literal("15 décembre 2024")))


def _bad_country(g):
    g.set((entity_iri(BASE, "nanning"), KG.countryCode, Literal("China")))


def _quote_without_speaker(g):
    g.remove((E, KG.said, None))


def _untyped_mentioned_entity(g):
    g.add((document_iri(BASE, "d1"), SCHEMA.mentions, entity_iri(BASE, "nobody")))


BREAKS = [
    (_break_confidence, 'kg:confidence: "1.5"^^xsd:decimal is above the maximum 1'),
    (_break_weight_type, 'kg:weight: "two" is not a xsd:integer literal'),
    (_drop_evidence, "kg:evidence: missing"),
    (_drop_label, "rdfs:label: missing"),
    (_two_labels, "rdfs:label: more than 1 value"),
    (_wrong_range, "is not a schema:Organization (object of kg:worksFor)"),
    (_wrong_domain, "is not a schema:Person (subject of kg:met)"),
    (_unknown_property, "<https://example.org/other#age>: not a property of this kind of node"),
    (_orphan_statement, "the statement has no direct triple"),
    (_bad_offsets, "is not less than the end index"),
    (_wrong_anchor, "is not the text of its context"),
    (_no_identifier, "schema:identifier: missing"),
    (_bad_date, 'schema:datePublished: "15 décembre 2024" is not a xsd:date literal'),
    (_bad_country, 'kg:countryCode: "China" does not match the pattern ^[A-Z]{2}$'),
    (_quote_without_speaker, "^kg:said: missing"),
    (_untyped_mentioned_entity, "must be exactly one of schema:Person or schema:Place"),
]


@pytest.mark.parametrize(("damage", "expected"), BREAKS, ids=[b[0].__name__ for b in BREAKS])
def test_violations_are_reported_plainly(g, damage, expected):
    damage(g)
    report = validate(g)
    assert not report.conforms
    assert any(expected in line for line in report.violations), report.violations
    assert all("\n" not in line for line in report.violations)
    assert str(report).startswith(f"{len(report.violations)} violation(s)")


def test_lines_name_nodes_with_prefixes(g):
    _wrong_range(g)
    line = next(v for v in validate(g).violations if "worksFor" in v)
    assert line.startswith("data:entity/nanning: ")


def test_files_are_validated_and_datasets_as_one_graph(g, tmp_path):
    for fmt, name in [("ttl", "graph.ttl"), ("trig", "graph.trig"), ("nq", "graph.nq")]:
        path = write_rdf(g, tmp_path / name, fmt=fmt)
        report = validate(path)
        assert report.conforms, (fmt, report.violations)
        assert report.triples == len(g)


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("notes.txt", "just some words", "not an RDF file"),
        ("graph.ttl", "<a> <b> oops", "not an RDF file"),
        ("graph.jsonld", "{not json", "not an RDF file"),
    ],
)
def test_non_rdf_input_is_refused_by_name(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError, match=fragment) as info:
        validate(path)
    assert str(path) in str(info.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        validate(tmp_path / "nope.ttl")


def test_shapes_and_ontology_are_packaged_and_parse():
    assert len(shapes_graph()) > 100
    assert len(ontology_graph()) > 100


# ---------------------------------------------------------------- the seeds, with the real model


@pytest.fixture(scope="module")
def seeds_rdf(seeds_result):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    return to_rdf(seeds_result.graph, texts=texts)


@pytest.mark.model
def test_the_seeds_graph_conforms(seeds_rdf):
    report = validate(seeds_rdf)
    assert report.conforms, "\n".join(report.violations)
    assert report.triples > 5000


@pytest.mark.model
def test_the_lean_seeds_graph_conforms(seeds_result):
    report = validate(to_rdf(seeds_result.graph, mentions=False))
    assert report.conforms, "\n".join(report.violations)


@pytest.mark.model
def test_every_kg_term_of_the_seeds_export_is_defined_in_the_ontology(seeds_rdf):
    onto = ontology_graph()
    used = {
        t for triple in seeds_rdf for t in triple if isinstance(t, URIRef) and t.startswith(KG._NS)
    }
    assert KG.holdsPosition in used and KG.Quotation in used
    missing = sorted(t for t in used if (t, RDFS.label, None) not in onto)
    assert not missing


@pytest.mark.model
def test_the_seeds_mentions_match_the_texts_to_the_character(seeds_rdf):
    mentions = list(seeds_rdf.subjects(RDF.type, NIF.Phrase))
    assert len(mentions) > 300
    for m in mentions:
        ctx = seeds_rdf.value(m, NIF.referenceContext)
        text = str(seeds_rdf.value(ctx, NIF.isString))
        begin, end = int(seeds_rdf.value(m, NIF.beginIndex)), int(seeds_rdf.value(m, NIF.endIndex))
        assert text[begin:end] == str(seeds_rdf.value(m, NIF.anchorOf))
