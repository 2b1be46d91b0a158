"""Mention cleaning and junk filtering, on hand-made parses (no model needed)."""

import pytest

from conftest import make_doc
from kg.entities import extract_mentions, sentences
from kg.types import Document


def mentions_of(nlp, tokens, ents):
    doc = make_doc(nlp, tokens, ents=ents)
    return extract_mentions(Document("d", doc.text), doc)


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # determiners go, the offsets follow
        ([("Il", "PRON"), ("aime", "VERB"), ("la", "DET"), ("Chine", "PROPN"), (".", "PUNCT")],
         [(2, 4, "LOC")], [("Chine", "LOC", None, "la Chine")]),
        ([("La", "DET"), ("Chine", "PROPN"), ("avance", "VERB"), (".", "PUNCT")],
         [(0, 2, "LOC")], [("Chine", "LOC", None, "La Chine")]),
        ([("Vers", "ADP"), ("l'", "DET", False), ("Amérique", "PROPN"), (".", "PUNCT")],
         [(1, 3, "LOC")], [("Amérique", "LOC", None, "l'Amérique")]),
        ([("Le", "DET"), ("PIB", "NOUN"), ("du", "ADP"), ("Japon", "PROPN"), (".", "PUNCT")],
         [(2, 4, "LOC")], [("Japon", "LOC", None, "du Japon")]),
        # titles and honorifics are trimmed and kept
        ([("M.", "NOUN"), ("Xi", "PROPN"), ("a", "AUX"), ("dit", "VERB"), (".", "PUNCT")],
         [(0, 2, "PER")], [("Xi", "PER", "M.", "M. Xi")]),
        ([("Selon", "ADP"), ("Mme", "NOUN"), ("Rousseff", "PROPN"), (".", "PUNCT")],
         [(1, 3, "PER")], [("Rousseff", "PER", "Mme", "Mme Rousseff")]),
        ([("Selon", "ADP"), ("le", "DET"), ("président", "NOUN"), ("chinois", "ADJ"),
          ("Xi", "PROPN"), ("Jinping", "PROPN"), (".", "PUNCT")],
         [(1, 6, "PER")], [("Xi Jinping", "PER", "président chinois", "le président chinois Xi Jinping")]),
        # particles that belong to a person's name stay
        ([("Selon", "ADP"), ("Le", "PROPN"), ("Pen", "PROPN"), (".", "PUNCT")],
         [(1, 3, "PER")], [("Le Pen", "PER", None, "Le Pen")]),
        ([("Avec", "ADP"), ("de", "ADP"), ("Gaulle", "PROPN"), (".", "PUNCT")],
         [(1, 3, "PER")], [("de Gaulle", "PER", None, "de Gaulle")]),
        # trailing function words go
        ([("Le", "DET"), ("Livre", "NOUN"), ("blanc", "ADJ"), ("de", "ADP"), ("Pékin", "PROPN"),
          ("est", "AUX"), ("paru", "VERB"), (".", "PUNCT")],
         [(1, 4, "MISC")], [("Livre blanc", "MISC", None, "Livre blanc de")]),
        # a span never crosses a line break
        ([("Par", "ADP"), ("Global", "PROPN"), ("Times", "PROPN", False), ("\n", "SPACE", False),
          ("Texte", "NOUN"), (".", "PUNCT")],
         [(1, 5, "ORG")], [("Global Times", "ORG", None, "Global Times Texte")]),
        # English names keep their article
        ([("Selon", "ADP"), ("The", "X"), ("Information", "X"), (".", "PUNCT")],
         [(1, 3, "ORG")], [("The Information", "ORG", None, "The Information")]),
    ],
)
def test_spans_are_trimmed(blank_nlp, tokens, ents, expected):
    found = mentions_of(blank_nlp, tokens, ents)
    assert [(m.text, m.label, m.title, m.surface) for m in found] == expected
    doc_text = make_doc(blank_nlp, tokens).text
    for m in found:
        assert doc_text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("tokens", "ents", "why"),
    [
        ([("Renforcer", "VERB"), ("la", "DET"), ("coopération", "NOUN"), (".", "PUNCT")],
         [(0, 1, "ORG")], "sentence-initial verb"),
        ([("Devenez", "VERB"), ("membre", "NOUN"), ("!", "PUNCT")], [(0, 1, "LOC")], "imperative"),
        ([("Aujourd'hui", "ADV"), ("il", "PRON"), ("pleut", "VERB"), (".", "PUNCT")],
         [(0, 1, "ORG")], "sentence-initial adverb"),
        ([("Voir", "VERB"), ("https://example.org/a", "X"), (".", "PUNCT")], [(1, 2, "ORG")], "URL"),
        ([("Le", "DET"), ("niveau", "NOUN"), ("E", "NOUN"), (".", "PUNCT")], [(2, 3, "LOC")], "one letter"),
        ([("Publié", "VERB"), ("le", "DET"), ("15", "NUM"), ("Déc", "NOUN"), ("2024", "NUM"),
          (".", "PUNCT")], [(3, 5, "LOC")], "date"),
        ([("La", "DET"), ("seconde", "ADJ"), ("est", "AUX"), ("là", "ADV"), (".", "PUNCT")],
         [(0, 2, "MISC")], "no capital once trimmed"),
        ([("Éducation", "NOUN"), ("et", "CCONJ"), ("innovation", "NOUN", False), ("\n", "SPACE", False),
          ("Pékin", "PROPN", True, True), ("investit", "VERB"), (".", "PUNCT")],
         [(0, 3, "ORG")], "heading"),
        ([("Technologies", "PROPN"), ("de", "ADP"), ("rupture", "NOUN", False), ("\n", "SPACE", False),
          ("Texte", "NOUN", True, True), (".", "PUNCT")],
         [(0, 3, "ORG")], "heading with a common noun"),
    ],
)
def test_junk_is_dropped(blank_nlp, tokens, ents, why):
    assert mentions_of(blank_nlp, tokens, ents) == [], why


@pytest.mark.parametrize(
    ("tokens", "ents", "kept"),
    [
        # a proper name at the start of a sentence or heading is still a name
        ([("Pékin", "PROPN"), ("investit", "VERB"), (".", "PUNCT")], [(0, 1, "LOC")], "Pékin"),
        ([("Trump", "AUX"), ("a", "AUX"), ("dit", "VERB"), (".", "PUNCT")], [(0, 1, "PER")], "Trump"),
        ([("Avenir", "NOUN"), ("de", "ADP"), ("Pékin", "PROPN", False), ("\n", "SPACE", False),
          ("Texte", "NOUN", True, True), (".", "PUNCT")], [(2, 3, "LOC")], "Pékin"),
        ([("Le", "DET"), ("WIC", "NOUN"), ("a", "AUX"), ("ouvert", "VERB"), (".", "PUNCT")],
         [(1, 2, "ORG")], "WIC"),
    ],
)
def test_names_are_kept(blank_nlp, tokens, ents, kept):
    assert [m.text for m in mentions_of(blank_nlp, tokens, ents)] == [kept]


def test_mentions_know_their_sentence(blank_nlp):
    tokens = [("Chen", "PROPN"), ("parle", "VERB", False), (".", "PUNCT"),
              ("Le", "DET", True, True), ("Guangxi", "PROPN"), ("écoute", "VERB", False), (".", "PUNCT")]
    doc = make_doc(blank_nlp, tokens, ents=[(0, 1, "PER"), (4, 5, "LOC")])
    sents = sentences(Document("d", doc.text), doc)
    found = extract_mentions(Document("d", doc.text), doc, sents=sents)
    assert [(m.text, m.sentence) for m in found] == [("Chen", 0), ("Guangxi", 1)]
    assert [doc.text[s.start : s.end] for s in sents] == ["Chen parle.", "Le Guangxi écoute."]


def test_unknown_labels_are_ignored(blank_nlp):
    tokens = [("Le", "DET"), ("15", "NUM"), ("mai", "NOUN"), (".", "PUNCT")]
    assert mentions_of(blank_nlp, tokens, [(1, 3, "DATE")]) == []
