"""Lower-case organisation names spelled out before their acronym (kg.expansions)."""

import pytest

from kg.expansions import spelled_out
from kg.types import Document, Mention, Sentence


def _run(text: str, mentions=()):
    sents = [Sentence("d", 0, 0, len(text))]
    found, links = spelled_out(Document("d", text), list(mentions), text, sents)
    return [(m.text, m.label) for m in found], [(k.name, k.alias) for k in links]


@pytest.mark.parametrize(
    ("text", "name", "acronym"),
    [
        ("Cinq ONG, dont l'union burundaise des journalistes (UBJ), sont suspendues.",
         "union burundaise des journalistes", "UBJ"),
        ("La grève, lancée par la confédération générale du travail (CGT), continue.",
         "confédération générale du travail", "CGT"),
        ("Selon l'association pour la défense des droits de l'homme (ADDH) le bilan est lourd.",
         "association pour la défense des droits de l'homme", "ADDH"),
        ("Le syndicat national des journalistes ( SNJ ) proteste.",
         "syndicat national des journalistes", "SNJ"),
    ],
)
def test_spelled_out_names_are_found(text, name, acronym):
    found, links = _run(text)
    assert (name, "ORG") in found and (acronym, "ORG") in found
    assert links == [(name, acronym)]


@pytest.mark.parametrize(
    "text",
    [
        # concepts: no organisation head
        "Le produit intérieur brut (PIB) a baissé.",
        "La taxe sur la valeur ajoutée (TVA) augmente.",
        "Les organismes génétiquement modifiés (OGM) sont interdits.",
        # the initials do not spell the acronym
        "L'union des étudiants (CGT) manifeste.",
        # something else stands between the words and the bracket
        "L'union burundaise des journalistes, dit-il (UBJ), est suspendue.",
    ],
)
def test_nothing_else_is_taken(text):
    assert _run(text) == ([], [])


def test_a_name_the_model_found_is_left_to_acronym_links():
    text = "La Confédération générale du travail (CGT) proteste."
    m = Mention("d", 3, 37, "Confédération générale du travail", "ORG",
                "Confédération générale du travail", 0)  # fmt: skip
    assert _run(text, [m]) == ([("Confédération générale du travail", "ORG")], [])
