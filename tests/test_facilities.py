"""Named facilities: a facility noun and the proper name after it make one name."""

from __future__ import annotations

import pytest

from conftest import make_doc
from kg.errors import InputError
from kg.facilities import named_facilities, read_facilities
from kg.types import Document, Mention, Sentence


def _run(nlp, tokens, ents=(), known=None):
    doc = make_doc(nlp, tokens)
    document = Document("d", doc.text)
    mentions = []
    for a, b, label in ents:
        span = doc[a:b]
        mentions.append(
            Mention("d", span.start_char, span.end_char, span.text, label, span.text, 0)
        )
    found = named_facilities(
        document,
        doc,
        mentions,
        sents=[Sentence("d", 0, 0, len(doc.text))],
        known_type=lambda name: (known or {}).get(name),
    )
    return [(m.text, m.label) for m in found]


D, N, P, A, V = "DET", "NOUN", "PROPN", "ADP", "VERB"


@pytest.mark.parametrize(
    ("tokens", "ents", "known", "expected"),
    [
        # the model's person after the noun becomes the airport
        (
            [("à", A), ("l'", D, False), ("aéroport", N), ("Napoléon", P), ("Bonaparte", P)],
            [(3, 5, "PER")],
            None,
            [("aéroport Napoléon Bonaparte", "LOC")],
        ),
        # a known place the model put at the end of the name is its own mention
        (
            [("l'", D, False), ("aéroport", N), ("Napoléon", P), ("Bonaparte", P),
             ("d'", A, False), ("Ajaccio", P)],
            [(2, 6, "PER")],
            {"Ajaccio": "LOC"},
            [("aéroport Napoléon Bonaparte", "LOC"), ("Ajaccio", "LOC")],
        ),
        # a name with a particle the model found stays whole
        (
            [("l'", D, False), ("aéroport", N), ("Charles", P), ("de", A), ("Gaulle", P)],
            [(2, 5, "PER")],
            None,
            [("aéroport Charles de Gaulle", "LOC")],
        ),
        # a name the model missed, and the place after it left alone
        (
            [("le", D), ("lycée", N), ("Vaugelas", P), ("de", A), ("Chambéry", P)],
            [(4, 5, "LOC")],
            None,
            [("lycée Vaugelas", "ORG"), ("Chambéry", "LOC")],
        ),
        ([("la", D), ("place", N), ("Tahrir", P)], [(2, 3, "ORG")], None,
         [("place Tahrir", "LOC")]),
        ([("la", D), ("gare", N), ("du", A), ("Nord", P)], [], None, [("gare du Nord", "LOC")]),
        ([("l'", D, False), ("autoroute", N), ("A10", P)], [], None, [("autoroute A10", "LOC")]),
        ([("le", D), ("stade", N), ("Pierre", P, False), ("-", "PUNCT", False), ("Mauroy", P)],
         [], None, [("stade Pierre-Mauroy", "LOC")]),
        # natural features too
        ([("l'", D, False), ("océan", N), ("Pacifique", P)], [(2, 3, "LOC")], None,
         [("océan Pacifique", "LOC")]),
        ([("la", D), ("mer", N), ("Noire", "ADJ")], [], None, [("mer Noire", "LOC")]),
    ],
)  # fmt: skip
def test_named_facilities(blank_nlp, tokens, ents, known, expected):
    assert _run(blank_nlp, tokens, ents, known) == expected


@pytest.mark.parametrize(
    ("tokens", "ents"),
    [
        # an acronym after the noun is its own name: "la gare SNCF"
        ([("la", D), ("gare", N), ("SNCF", P)], [(2, 3, "ORG")]),
        # no determiner before the noun: "Place Tahrir" as a heading, "prendre place"
        ([("prendre", V), ("place", N), ("Lundi", P)], []),
        # "place" takes no "de": "la place de la France en Europe" is a rank
        ([("la", D), ("place", N), ("de", A), ("la", D), ("France", P)], [(4, 5, "LOC")]),
        # a lower-case word after the noun is no name
        ([("le", D), ("lycée", N), ("français", "ADJ")], []),
        # a road code needs a road noun
        ([("la", D), ("gare", N), ("A10", P)], []),
        # the noun already in a name the model found
        ([("le", D), ("Lycée", N), ("Français", P)], [(1, 3, "ORG")]),
    ],
)  # fmt: skip
def test_not_named_facilities(blank_nlp, tokens, ents):
    doc = make_doc(blank_nlp, tokens)
    before = [(doc[a:b].text, label) for a, b, label in ents]
    assert _run(blank_nlp, tokens, ents) == before


def test_read_facilities_rejects_a_bad_row():
    with pytest.raises(InputError, match="x, line 2"):
        read_facilities("gare\tLOC\tde\nrue\tPER\tde\n", source="x")


@pytest.mark.parametrize(
    ("text", "name", "etype"),
    [
        ("Les avions ont atterri à l'aéroport Napoléon Bonaparte d'Ajaccio lundi.",
         "aéroport Napoléon Bonaparte", "LOC"),
        ("Des milliers de manifestants se sont rassemblés sur la place Tahrir au Caire.",
         "place Tahrir", "LOC"),
        ("Un accident a bloqué l'autoroute A10 près de Tours.", "autoroute A10", "LOC"),
        ("Il est professeur au lycée Vaugelas de Chambéry.", "lycée Vaugelas", "ORG"),
    ],
)  # fmt: skip
def test_named_facilities_with_the_model(md_nlp, text, name, etype):
    from kg.pipeline import extract

    corpus = extract([Document("d", text)], md_nlp)
    names = {(e.name, e.type) for e in corpus.resolution.entities}
    assert (name, etype) in names

