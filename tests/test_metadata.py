"""Article metadata read from the text: headline, date, author (table-driven)."""

import pytest
from rdflib import OWL, RDF, XSD, Literal

from conftest import SEEDS
from kg.export.rdf import to_rdf
from kg.ids import SCHEMA, author_iri, document_iri, entity_iri
from kg.metadata import (
    ArticleMetadata,
    article_metadata,
    author_kind,
    find_bylines,
    find_date,
    parse_byline,
)
from kg.validate import EXAMPLE_TEXTS, example_graph, validate

BASE = "https://example.org/kg/"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Publié le : 15 Déc 2024 23:40", "2024-12-15"),
        ("par Noah Smith 13 décembre 2024", "2024-12-13"),
        ("BEIJING, le 1er mai 2025 /CNW/ - CGTN a publié", "2025-05-01"),
        ("Mis à jour le 3 févr. 2023", "2023-02-03"),
        ("Published December 13, 2024", "2024-12-13"),
        ("Posted on Dec 5 2024", "2024-12-05"),
        ("le 2024-12-15 à Pékin", "2024-12-15"),
        ("Paris, 15/12/2024", "2024-12-15"),
        ("lundi 1 août 2022", "2022-08-01"),
        ("en 2024", None),
        ("Fin 2023, la Chine", None),
        ("le 30 février 2024", None),  # no such day
        ("le 12 brumaire 2024", None),  # no such month
    ],
)
def test_dates(text, iso):
    found = find_date(text)
    assert (found[1] if found else None) == iso


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("par Noah Smith 13 décembre 2024", ("Noah Smith", "2024-12-13")),
        ("Par Global Times", ("Global Times", None)),
        ("By Liang Rui", ("Liang Rui", None)),
        ("Par Jean-Luc de La Fontaine, envoyé spécial", ("Jean-Luc de La Fontaine", None)),
        ("Auteur : Marie Dupont", ("Marie Dupont", None)),
        ("Par ailleurs, le Guangxi a accueilli 21 fois l'Exposition Chine-ASEAN.", None),
        ("Par exemple, 25 établissements scolaires ont lancé des programmes.", None),
        ("par la suite", None),
        ("Illustration: Chen Xia/GT", None),
        ("Selon Chen Gang, la coopération progresse", None),
    ],
)
def test_bylines(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Global Times", "Organization"),
        ("AFP", "Organization"),
        ("Agence France-Presse", "Organization"),
        ("China Daily", "Organization"),
        ("Noah Smith", "Person"),
        ("Liang Rui", "Person"),
    ],
)
def test_author_kind(name, kind):
    assert author_kind(name) == kind


@pytest.mark.parametrize(
    ("text", "title", "date", "author"),
    [
        (
            "×\n\nLe Guangxi va étendre sa coopération en matière d’IA avec l’ASEAN\n\n"
            "Le Guangxi va étendre sa coopération " + "x" * 250,
            "Le Guangxi va étendre sa coopération en matière d’IA avec l’ASEAN",
            None,
            None,
        ),
        (
            "EN BREF\n|\nSelon le Rapport Blanc sur l’industrie de l’IA à Pékin, " + "x" * 250,
            None,
            None,
            None,
        ),
        (
            "Un long chapeau d'introduction qui n'est pas un titre. " + "x" * 250 + "\n"
            "par Noah Smith 13 décembre 2024\nTrump n'est même pas encore président.\n"
            "Par Global Times\nPublié le : 15 Déc 2024 23:40\n",
            None,
            "2024-12-13",
            "Noah Smith",
        ),
        (
            " date 2025-05 BEIJING, le 1er mai 2025 /CNW/ - CGTN a publié un article " + "x" * 250,
            None,
            "2025-05-01",
            None,
        ),
        (
            "Le sommet s'achève à Wuzhen\nPublié le 22 novembre 2024\nPar Global Times\nTexte.",
            "Le sommet s'achève à Wuzhen",
            "2024-11-22",
            "Global Times",
        ),
        ("Un article sans titre ni date, qui commence par une phrase.", None, None, None),
        ("", None, None, None),
    ],
)
def test_article_metadata(text, title, date, author):
    meta = article_metadata(text)
    assert (meta.title, meta.date, meta.author) == (title, date, author)


def test_a_digest_keeps_its_first_byline_and_lists_all():
    text = "par Noah Smith 13 décembre 2024\nTexte.\nPar Global Times\nTexte.\nBy Liang Rui\n"
    assert article_metadata(text).author == "Noah Smith"
    assert [a for a, _ in find_bylines(text)] == ["Noah Smith", "Global Times", "Liang Rui"]


def test_empty_metadata_is_falsy():
    assert not ArticleMetadata()
    assert ArticleMetadata(date="2024-01-01")


SEED_METADATA = {
    "000_8d08699344fc06f1": (None, None, None),
    "001_23e3f9f49922d6c2": (
        "Le Guangxi va étendre sa coopération en matière d’IA avec l’ASEAN",
        None,
        None,
    ),
    "002_438c6b7cfc5a448e": (None, "2024-12-13", "Noah Smith"),
    "003_248d38511033b00b": (None, None, None),
    "004_dc74432a7753e477": (None, "2025-05-01", None),
}


@pytest.mark.parametrize(("doc_id", "expected"), sorted(SEED_METADATA.items()))
def test_seeds(doc_id, expected):
    meta = article_metadata((SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8"))
    assert (meta.title, meta.date, meta.author) == expected


def test_to_rdf_emits_the_metadata_read_from_the_texts():
    g = to_rdf(example_graph(), base=BASE, texts=EXAMPLE_TEXTS)
    d2 = document_iri(BASE, "d2")
    author = author_iri(BASE, "Liang Rui")
    assert (
        d2,
        SCHEMA.headline,
        Literal("Nanning accueille l'Exposition Chine-ASEAN", lang="fr"),
    ) in g
    assert (d2, SCHEMA.datePublished, Literal("2024-12-15", datatype=XSD.date)) in g
    assert (d2, SCHEMA.author, author) in g
    assert (author, RDF.type, SCHEMA.Person) in g
    assert (author, SCHEMA.name, Literal("Liang Rui")) in g
    assert not list(g.objects(document_iri(BASE, "d1"), SCHEMA.author))
    assert validate(g).conforms


def test_explicit_metadata_wins_and_an_author_known_as_an_entity_is_linked():
    meta = {"d1": ArticleMetadata("Titre", "2024-01-02", "China Daily", "Person")}
    g = to_rdf(example_graph(), base=BASE, texts=EXAMPLE_TEXTS, metadata=meta)
    author = author_iri(BASE, "China Daily")
    assert (document_iri(BASE, "d1"), SCHEMA.author, author) in g
    # the graph knows China Daily as an organisation: that beats the byline's guess
    assert set(g.objects(author, RDF.type)) == {SCHEMA.Organization}
    assert (author, OWL.sameAs, entity_iri(BASE, "china daily")) in g
    assert not list(g.objects(document_iri(BASE, "d2"), SCHEMA.author))  # metadata given: no guess
    assert validate(g).conforms
