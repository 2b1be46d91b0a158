"""Bodies named by a common noun and their seat (kg/seated.py): ``le parquet de Nouméa``."""

from __future__ import annotations

import pytest

from kg.seated import packaged_seated_bodies, parse_seated_bodies, seated_bodies
from kg.seats import seats_in_names
from kg.types import Document, Mention, Sentence

# (text, the place the model found, the organisation expected or None)
CASES = [
    ("Selon le parquet de Nouméa, il a avoué.", "Nouméa", "parquet de Nouméa"),
    ("Le tribunal administratif de Lyon a rejeté la demande.", "Lyon", "tribunal administratif de Lyon"),
    ("Il a écrit à la préfecture de la Savoie hier.", "Savoie", "préfecture de la Savoie"),
    ("La cour d'appel de Nancy doit se prononcer.", "Nancy", "cour d'appel de Nancy"),
    # not a body named by its seat
    ("Le bureau de Paris a fermé.", "Paris", None),
    ("Il vient de Lyon depuis le tribunal.", "Lyon", None),
    # no article before the noun: a common noun in a list or a title
    ("Parquet de Lyon : la décision.", "Lyon", None),
    # the place must come right after "de"
    ("Le parquet a ouvert une enquête à Lyon.", "Lyon", None),
]


@pytest.mark.parametrize(("text", "place", "expected"), CASES)
def test_seated_bodies(blank_nlp, text, place, expected):
    doc = blank_nlp(text)
    start = text.index(place)
    mention = Mention("d", start, start + len(place), place, "LOC", place, 0)
    found = seated_bodies(
        Document("d", text), doc, [mention], sents=[Sentence("d", 0, 0, len(text))]
    )
    if expected is None:
        assert found == [mention]
    else:
        org, seat = found  # the place stays a mention, inside the body's name
        assert seat == mention
        assert (org.text, org.label, text[org.start : org.end]) == (expected, "ORG", expected)
        assert org.cue == expected.split()[0]


def test_a_place_the_model_missed_is_found_through_the_gazetteer(blank_nlp):
    text = "Le tribunal de Grenoble a tranché."
    doc = blank_nlp(text)
    found = seated_bodies(
        Document("d", text), doc, [], sents=[Sentence("d", 0, 0, len(text))],
        known_type=lambda name: "LOC" if name == "Grenoble" else None,
    )  # fmt: skip
    assert [(m.text, m.label, m.sentence, text[m.start : m.end]) for m in found] == [
        ("tribunal de Grenoble", "ORG", 0, "tribunal de Grenoble"),
        ("Grenoble", "LOC", 0, "Grenoble"),
    ]


def test_packaged_bodies_are_read():
    bodies = packaged_seated_bodies()
    assert {"parquet", "tribunal administratif", "cour d'appel"} <= bodies
    assert "bureau" not in bodies and "ville" not in bodies
    assert parse_seated_bodies("# comment\n\nCour  d’appel\n") == frozenset({"cour d'appel"})


@pytest.mark.model
def test_a_seated_body_speaks_and_is_referred_to_later(md_nlp):
    from kg.pipeline import extract

    text = (
        "Le parquet de Nouméa a révélé qu'il s'agit du corps de Jean Dupont. Les enquêteurs "
        "sont sur place. La famille attend. Les voisins témoignent. Selon le parquet, Jean "
        "Dupont aurait été frappé."
    )
    corpus = extract([Document("s", text)], md_nlp)
    names = {e.id: e.name for e in corpus.resolution.entities}
    quotes = {(names[q.speaker], q.text[:25]) for q in corpus.quotes}
    assert ("parquet de Nouméa", "il s'agit du corps de Jea") in quotes
    assert ("parquet de Nouméa", "Jean Dupont aurait été fr") in quotes


DEMONYMS = {"syrienne": "Syrie", "syrien": "Syrie", "française": "France", "américaine": "États-Unis",
            "américains": "États-Unis", "russe": "Russie"}  # fmt: skip

# (text, mentions the model found, the organisation expected or None)
NATIONAL = [
    ("Une offensive contre l'armée syrienne a échoué.", [], "armée syrienne"),
    ("Le régime syrien a repris la ville.", [], "régime syrien"),
    ("Selon la police française, il a fui.", [], "police française"),
    ("Les services de renseignement américains le savaient.", [], "services de renseignement américains"),
    ("L'aviation russe a frappé Alep.", [("Alep", "LOC")], "aviation russe"),
    # no nationality adjective after the body
    ("Le gouvernement a démissionné.", [], None),
    ("Le régime a été renversé en Syrie.", [("Syrie", "LOC")], None),
    # an adjective of something else, or no article before the noun
    ("La police municipale est arrivée.", [], None),
    ("Armée syrienne : le bilan.", [], None),
    # a name the model found wins
    ("La Marine américaine (US Navy) a tiré.", [("Marine américaine", "ORG")], None),
    # a person is no body
    ("Le président syrien a parlé.", [], None),
]


@pytest.mark.parametrize(("text", "found", "expected"), NATIONAL)
def test_national_bodies(blank_nlp, text, found, expected):
    from kg.seated import national_bodies

    doc = blank_nlp(text)
    mentions = [
        Mention("d", text.index(name), text.index(name) + len(name), name, label, name, 0)
        for name, label in found
    ]
    out = national_bodies(
        Document("d", text), doc, mentions, sents=[Sentence("d", 0, 0, len(text))],
        demonyms=DEMONYMS,
    )  # fmt: skip
    added = [m for m in out if m not in mentions]
    if expected is None:
        assert added == []
    else:
        (org,) = added
        assert (org.text, org.label, text[org.start : org.end]) == (expected, "ORG", expected)
        assert org.cue == expected.split()[0].lower()


def test_packaged_national_bodies_are_read():
    from kg.seated import packaged_national_bodies

    bodies = packaged_national_bodies()
    assert {"armée", "régime", "police", "services de renseignement"} <= bodies
    assert "président" not in bodies and "peuple" not in bodies


@pytest.mark.model
def test_a_state_body_acts_and_sits_in_its_country(md_nlp):
    from kg.pipeline import extract

    text = (
        "La guerre continue en Syrie. L'organisation État islamique a lancé une offensive "
        "contre l'armée syrienne près de Palmyre."
    )
    corpus = extract([Document("s", text)], md_nlp)
    names = {e.id: e.name for e in corpus.resolution.entities}
    typed = {(r.kind, names[r.subject], names[r.object]) for r in corpus.relations}
    assert ("opposes", "État islamique", "armée syrienne") in typed
    assert ("locatedIn", "armée syrienne", "Syrie") in typed
    assert {e.type for e in corpus.resolution.entities if e.name == "armée syrienne"} == {"ORG"}


@pytest.mark.parametrize(
    ("text", "place", "known", "expected"),
    [
        # a place the gazetteer knows stays a node, the body sits in it
        ("L'université de Manchester a publié.", "Manchester", True,
         [("université de Manchester", "ORG"), ("Manchester", "LOC")]),
        # a name the model took for a place, which no gazetteer knows, is part of the body's name
        ("L'université de Duke a publié.", "Duke", False, [("université de Duke", "ORG")]),
    ],
)  # fmt: skip
def test_only_a_known_place_stays_a_place_inside_a_body(blank_nlp, text, place, known, expected):
    doc = blank_nlp(text)
    start = text.index(place)
    mention = Mention("d", start, start + len(place), place, "LOC", place, 0)
    found = seated_bodies(
        Document("d", text), doc, [mention], sents=[Sentence("d", 0, 0, len(text))],
        bodies=frozenset({"université"}),
        known_type=lambda name: "LOC" if known and name == place else None,
    )  # fmt: skip
    assert [(m.text, m.label) for m in found] == expected


@pytest.mark.parametrize(
    ("name", "known", "expected"),
    [
        ("Cour d'appel de Reims", {"Reims": "LOC"}, ["Reims"]),
        ("CHRU de Reims", {"Reims": "LOC"}, ["Reims"]),
        ("Observatoire royal de Belgique", {"Belgique": "LOC"}, ["Belgique"]),
        # a complement that is no place the knowledge has, a place in apposition,
        # and a body standing for its country abroad
        ("Société des journalistes de I-Télé", {}, []),
        ("Wikimédia France", {"France": "LOC"}, []),
        ("ambassade de France", {"France": "LOC"}, []),
    ],
)
def test_seats_in_names(name, known, expected):
    body = Mention("d", 10, 10 + len(name), name, "ORG", name, 0)
    found = seats_in_names(Document("d", ""), [body], known_type=known.get)
    added = [m for m in found if m is not body]
    assert [m.text for m in added] == expected
    for m in added:
        assert m.label == "LOC" and name[m.start - 10 : m.end - 10] == m.text


def test_a_seat_already_named_there_is_not_added_twice():
    body = Mention("d", 0, 21, "Cour d'appel de Reims", "ORG", "Cour d'appel de Reims", 0)
    place = Mention("d", 16, 21, "Reims", "LOC", "Reims", 0)
    found = seats_in_names(Document("d", ""), [body, place], known_type={"Reims": "LOC"}.get)
    assert found == [body, place]
