"""Organisations located by their own name (kg.seats): table-driven, no model."""

from __future__ import annotations

import pytest

from kg.entities import demonyms
from kg.seats import SEAT_PATTERN, seat_relations, seat_spans
from kg.types import Mention, Sentence

DEMONYMS = demonyms()


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Cour d'appel de Reims", "Reims"),
        ("parquet de Nouméa", "Nouméa"),
        ("gouvernement de la Nouvelle-Calédonie", "Nouvelle-Calédonie"),
        ("tribunal administratif de Châlons-en-Champagne", "Châlons-en-Champagne"),
        ("Université du Caire", "Caire"),
        ("Wikimédia France", "France"),
        ("SOS Médias Burundi", "Burundi"),
        ("Mouvement républicain australien", "Australie"),
        ("Observatoire syrien des droits de l'homme", "Syrie"),
        ("Parti communiste chinois", "Chine"),
        ("ambassade de France à Pékin", "Pékin"),
        ("Ministère de la Défense de la Corée du Nord", "Corée du Nord"),  # a body, not a title
    ],
)
def test_seat_spans_find_the_place(name, place):
    spans = {p: (start, end) for start, end, p in seat_spans(name, demonyms=DEMONYMS)}
    assert place in spans  # candidates, longest first: the first that is a place of the article wins
    start, end = spans[place]
    if place in name:
        assert name[start:end] == place


@pytest.mark.parametrize(
    "name",
    [
        "Union européenne de radio-télévision",  # a lower-case complement is no place
        "Parti socialiste",
        "Médecins sans frontières",
        "Amazon",
        "ambassade de France",  # an embassy of France is not in France
        "consulat du Maroc",
        "Syrie",  # one word: nothing before the place
        "Chancelière allemande",  # a person's title taken for a body
        "Président de la République française",
    ],
)
def test_seat_spans_find_nothing(name):
    assert seat_spans(name, demonyms=DEMONYMS) == []


def _mention(doc, start, text, label, sentence=0):
    return Mention(doc, start, start + len(text), text, label, text, sentence)


def _run(mentions, entities, types, names=None):
    sentences = {(m.doc_id, m.sentence): (Sentence(m.doc_id, m.sentence, 0, 99), "s") for m in mentions}
    return seat_relations(
        mentions,
        entities,
        entity_types=types,
        entity_names=names or {},
        sentences=sentences,
        demonyms=DEMONYMS,
    )


def test_seat_relations_need_the_place_in_the_same_article():
    mentions = [
        _mention("d1", 0, "Cour d'appel de Reims", "ORG"),
        _mention("d1", 40, "Reims", "LOC", 1),
        _mention("d2", 0, "Cour d'appel de Reims", "ORG"),  # d2 does not name Reims
    ]
    entities = ["cour", "reims", "cour"]
    types = {"cour": "ORG", "reims": "LOC"}
    (relation,) = _run(mentions, entities, types)
    assert (relation.kind, relation.subject, relation.object, relation.doc_id) == (
        "locatedIn", "cour", "reims", "d1"
    )
    assert relation.pattern == SEAT_PATTERN
    assert relation.subject_span == (0, 21) and relation.object_span == (16, 21)


def test_seat_relations_through_aliases_and_demonyms():
    mentions = [
        _mention("d1", 0, "Forces démocratiques syriennes", "ORG"),
        _mention("d1", 50, "Syrie", "LOC"),
        _mention("d1", 60, "Forces démocratiques syriennes", "ORG", 2),  # once per document
        _mention("d1", 90, "Université du Caire", "ORG", 3),
        _mention("d1", 120, "Le Caire", "LOC", 3),
    ]
    entities = ["fds", "syrie", "fds", "univ", "caire"]
    types = {"fds": "ORG", "syrie": "LOC", "univ": "ORG", "caire": "LOC"}
    found = _run(mentions, entities, types, names={"caire": ("Le Caire", "Caire")})
    assert {(r.subject, r.object) for r in found} == {("fds", "syrie"), ("univ", "caire")}


def test_seat_relations_only_for_organisations():
    # a person or a place whose name ends with a place is not located by this rule
    mentions = [
        _mention("d1", 0, "Jean de Paris", "PER"),
        _mention("d1", 20, "Paris", "LOC"),
        _mention("d1", 30, "Comté de Kent", "LOC"),
        _mention("d1", 45, "Kent", "LOC"),
    ]
    types = {"jean": "PER", "paris": "LOC", "comte": "LOC", "kent": "LOC"}
    assert _run(mentions, ["jean", "paris", "comte", "kent"], types) == []


@pytest.mark.parametrize(
    ("body", "other", "other_type", "expected"),
    [
        # a "de" complement closing the name that the article names as an organisation
        ("Société des journalistes d'I-Télé", "I-Télé", "ORG", ("partOf", "body", "other")),
        ("Conseil de sécurité de l'ONU", "ONU", "ORG", ("partOf", "body", "other")),
        # a place closing the name is the seat, not a parent
        ("Cour d'appel de Reims", "Reims", "LOC", ("locatedIn", "body", "other")),
        # a body abroad is not part of the country's organisation by "à"/"en"
        ("bureau de MSF à Beyrouth", "Beyrouth", "LOC", ("locatedIn", "body", "other")),
        ("bureau de Paris en Chine", "Chine", "ORG", None),
        # a person's title is no body
        ("président de Renault", "Renault", "ORG", None),
    ],
)
def test_a_body_named_after_its_parent_organisation(body, other, other_type, expected):
    from kg.seats import PARENT_PATTERN

    mentions = [_mention("d1", 0, body, "ORG"), _mention("d1", 60, other, other_type, 1)]
    found = _run(mentions, ["body", "other"], {"body": "ORG", "other": other_type})
    assert [(r.kind, r.subject, r.object) for r in found] == ([expected] if expected else [])
    assert all(r.pattern == PARENT_PATTERN for r in found if r.kind == "partOf")
