"""Two spellings of one person in one article (kg/variants.py) and names with an apostrophe
kept whole by the tokenizer (kg.annotate.tune_tokenizer)."""

from __future__ import annotations

import pytest
import spacy

from kg.annotate import tune_tokenizer
from kg.types import Mention
from kg.variants import same_person, variant_links


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jodie Stimpson", "Jodie Simpson"),  # a letter dropped
        ("Sebastian Kienle", "Sebastien Kienle"),  # a letter changed in the first name
        ("Timothy Reed", "Tim Reed"),  # a short first name
        ("Sabrina Godard-Monmarteau", "Sabrina Montmarteau"),  # one part of a double surname
        ("Sabrina Godard-Monmarteau", "Sabrina Monmarteau"),
        ("Jean-Luc Mélenchon", "Jean-Luc Melanchon"),  # accents are no difference
    ],
)
def test_two_spellings_of_one_person(a, b):
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Louis Martin", "Louise Martin"),  # a gendered pair: two people
        ("Pascal Dupont", "Pascale Dupont"),
        ("Venus Williams", "Serena Williams"),
        ("Kim Jong-un", "Kim Jong-il"),
        ("Jean Dupont", "Jean Durand"),
        ("Marc Dupont", "Luc Dupond"),  # two words differ
        ("Martin", "Marti"),  # one-word names are never linked
        ("Anne Roux", "Annie Roux"),  # under five letters, two names
        ("Jean Dupont", "Jeanne Dupont"),
        ("Jean Paul Dupont", "Jean Dupont"),  # not the same number of words
    ],
)
def test_two_people(a, b):
    assert not same_person(a, b)


def test_links_are_made_inside_one_document_from_the_more_frequent_name():
    def per(name: str, start: int) -> Mention:
        return Mention("d", start, start + len(name), name, "PER", name, 0)

    mentions = [per("Jodie Stimpson", 0), per("Jodie Stimpson", 50), per("Jodie Simpson", 90),
                Mention("d", 120, 127, "Simpson", "ORG", "Simpson", 1)]  # fmt: skip
    links = variant_links(mentions)
    assert [(k.name, k.alias, k.kind) for k in links] == [
        ("Jodie Stimpson", "Jodie Simpson", "variant")
    ]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Zeid Ra'ad a parlé", ["Zeid", "Ra'ad", "a", "parlé"]),
        ("la citadelle de Qal'at Ja'bar", ["la", "citadelle", "de", "Qal'at", "Ja'bar"]),
        ("Eugene O'Neill et Moody's", ["Eugene", "O'Neill", "et", "Moody's"]),
        # the elided French words are still split off
        ("l'homme qu'il voit", ["l'", "homme", "qu'", "il", "voit"]),
        ("jusqu'à L'Oréal", ["jusqu'", "à", "L'", "Oréal"]),
        ("c'est d’État", ["c'", "est", "d’", "État"]),
        ("aujourd'hui", ["aujourd'hui"]),
        # an elided word typed apart, a footnote mark against a word
        ("de l' ONU", ["de", "l'", "ONU"]),
        ("le Parti populaire espagnol[1] a", ["le", "Parti", "populaire", "espagnol", "[", "1", "]",
                                             "a"]),
    ],
)
def test_names_with_an_apostrophe_stay_whole(text, tokens):
    nlp = spacy.blank("fr")
    tune_tokenizer(nlp)
    assert [t.text for t in nlp(text)] == tokens


@pytest.mark.model
def test_one_node_for_two_spellings_of_one_athlete(md_nlp):
    from kg.pipeline import extract
    from kg.types import Document

    text = (
        "La Britannique Jodie Stimpson remporte la course de Gold Coast. Derrière elle, "
        "l'Américaine Katie Zaferes finit deuxième. Jodie Simpson signe ainsi sa première "
        "victoire de la saison."
    )
    corpus = extract([Document("d", text)], md_nlp)
    people = {e.name: e.aliases for e in corpus.resolution.entities if e.type == "PER"}
    assert people == {"Jodie Stimpson": ("Jodie Simpson",), "Katie Zaferes": ()}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # a company suffix
        (["Niantic Labs", "Niantic"], [("Niantic Labs", "Niantic")]),
        (["Alibaba Group", "Alibaba"], [("Alibaba Group", "Alibaba")]),
        # a group named by its brand
        (["Groupe Canal+", "Canal+"], [("Groupe Canal+", "Canal+")]),
        (["Groupe PSA", "Peugeot"], []),
        # an acronym before the same complement
        (["SDJ d'I-Télé", "Société des journalistes de I-Télé"],
         [("Société des journalistes de I-Télé", "SDJ d'I-Télé")]),
        # another body: a subsidiary, another complement, a head without its complement
        (["Renault Trucks", "Renault"], []),
        (["SDJ du Monde", "Société des journalistes de I-Télé"], []),
        (["Société des journalistes de I-Télé", "Société des journalistes"], []),
        # initials that do not spell the head
        (["CGT d'I-Télé", "Société des journalistes de I-Télé"], []),
    ],
)
def test_organisation_links(names, expected):
    from kg.variants import organisation_links

    mentions = [Mention("d", i, i + 1, n, "ORG", n, 0) for i, n in enumerate(names)]
    assert [(k.name, k.alias) for k in organisation_links(mentions)] == expected
