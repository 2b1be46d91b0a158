"""Mention cleaning and junk filtering, on hand-made parses (no model needed)."""

import pytest

from conftest import make_doc
from kg.entities import (
    CommonWords,
    acronym_links,
    extract_mentions,
    initials,
    is_acronym,
    propagate,
    sentences,
    split_compounds,
)
from kg.types import Document, Mention


def mentions_of(nlp, tokens, ents):
    doc = make_doc(nlp, tokens, ents=ents)
    return extract_mentions(Document("d", doc.text), doc)


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # determiners go, the offsets follow
        (
            [("Il", "PRON"), ("aime", "VERB"), ("la", "DET"), ("Chine", "PROPN"), (".", "PUNCT")],
            [(2, 4, "LOC")],
            [("Chine", "LOC", None, "la Chine")],
        ),
        (
            [("La", "DET"), ("Chine", "PROPN"), ("avance", "VERB"), (".", "PUNCT")],
            [(0, 2, "LOC")],
            [("Chine", "LOC", None, "La Chine")],
        ),
        (
            [("Vers", "ADP"), ("l'", "DET", False), ("Amérique", "PROPN"), (".", "PUNCT")],
            [(1, 3, "LOC")],
            [("Amérique", "LOC", None, "l'Amérique")],
        ),
        (
            [("Le", "DET"), ("PIB", "NOUN"), ("du", "ADP"), ("Japon", "PROPN"), (".", "PUNCT")],
            [(2, 4, "LOC")],
            [("Japon", "LOC", None, "du Japon")],
        ),
        # titles and honorifics are trimmed and kept
        (
            [("M.", "NOUN"), ("Xi", "PROPN"), ("a", "AUX"), ("dit", "VERB"), (".", "PUNCT")],
            [(0, 2, "PER")],
            [("Xi", "PER", "M.", "M. Xi")],
        ),
        (
            [("Selon", "ADP"), ("Mme", "NOUN"), ("Rousseff", "PROPN"), (".", "PUNCT")],
            [(1, 3, "PER")],
            [("Rousseff", "PER", "Mme", "Mme Rousseff")],
        ),
        (
            [
                ("Selon", "ADP"),
                ("le", "DET"),
                ("président", "NOUN"),
                ("chinois", "ADJ"),
                ("Xi", "PROPN"),
                ("Jinping", "PROPN"),
                (".", "PUNCT"),
            ],
            [(1, 6, "PER")],
            [("Xi Jinping", "PER", "président chinois", "le président chinois Xi Jinping")],
        ),
        # particles that belong to a person's name stay
        (
            [("Selon", "ADP"), ("Le", "PROPN"), ("Pen", "PROPN"), (".", "PUNCT")],
            [(1, 3, "PER")],
            [("Le Pen", "PER", None, "Le Pen")],
        ),
        (
            [("Avec", "ADP"), ("de", "ADP"), ("Gaulle", "PROPN"), (".", "PUNCT")],
            [(1, 3, "PER")],
            [("de Gaulle", "PER", None, "de Gaulle")],
        ),
        # trailing function words go
        (
            [
                ("Le", "DET"),
                ("Livre", "NOUN"),
                ("blanc", "ADJ"),
                ("de", "ADP"),
                ("Pékin", "PROPN"),
                ("est", "AUX"),
                ("paru", "VERB"),
                (".", "PUNCT"),
            ],
            [(1, 4, "MISC")],
            [("Livre blanc", "MISC", None, "Livre blanc de")],
        ),
        # ... but not the end of a hyphenated word
        (
            [("Kim", "PROPN"), ("Jong", "PROPN", False), ("-", "PUNCT", False), ("un", "DET"),
             ("parle", "VERB")],
            [(0, 4, "PER")],
            [("Kim Jong-un", "PER", None, "Kim Jong-un")],
        ),
        # a span never crosses a line break
        (
            [
                ("Par", "ADP"),
                ("Global", "PROPN"),
                ("Times", "PROPN", False),
                ("\n", "SPACE", False),
                ("Texte", "NOUN"),
                (".", "PUNCT"),
            ],
            [(1, 5, "ORG")],
            [("Global Times", "ORG", None, "Global Times Texte")],
        ),
        # a lower-case day or month after a name is not part of it
        (
            [("a", "AUX"), ("affirmé", "VERB"), ("l'", "DET", False), ("ONU", "PROPN"),
             ("lundi", "NOUN"), (".", "PUNCT")],
            [(3, 5, "ORG")],
            [("ONU", "ORG", None, "ONU lundi")],
        ),
        # nor a word placing the date in a month: "début juillet", "fin mars"
        (
            [("par", "ADP"), ("Les", "DET"), ("Inrockuptibles", "PROPN"), ("début", "NOUN"),
             ("juillet", "NOUN"), (".", "PUNCT")],
            [(1, 5, "ORG")],
            [("Les Inrockuptibles", "ORG", None, "Les Inrockuptibles début juillet")],
        ),
        # English names keep their article
        (
            [("Selon", "ADP"), ("The", "X"), ("Information", "X"), (".", "PUNCT")],
            [(1, 3, "ORG")],
            [("The Information", "ORG", None, "The Information")],
        ),
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
        (
            [("Renforcer", "VERB"), ("la", "DET"), ("coopération", "NOUN"), (".", "PUNCT")],
            [(0, 1, "ORG")],
            "sentence-initial verb",
        ),
        ([("Devenez", "VERB"), ("membre", "NOUN"), ("!", "PUNCT")], [(0, 1, "LOC")], "imperative"),
        (
            [("Aujourd'hui", "ADV"), ("il", "PRON"), ("pleut", "VERB"), (".", "PUNCT")],
            [(0, 1, "ORG")],
            "sentence-initial adverb",
        ),
        (
            [("Voir", "VERB"), ("https://example.org/a", "X"), (".", "PUNCT")],
            [(1, 2, "ORG")],
            "URL",
        ),
        (
            [("Le", "DET"), ("niveau", "NOUN"), ("E", "NOUN"), (".", "PUNCT")],
            [(2, 3, "LOC")],
            "one letter",
        ),
        (
            [
                ("Publié", "VERB"),
                ("le", "DET"),
                ("15", "NUM"),
                ("Déc", "NOUN"),
                ("2024", "NUM"),
                (".", "PUNCT"),
            ],
            [(3, 5, "LOC")],
            "date",
        ),
        (
            [("La", "DET"), ("seconde", "ADJ"), ("est", "AUX"), ("là", "ADV"), (".", "PUNCT")],
            [(0, 2, "MISC")],
            "no capital once trimmed",
        ),
        (
            [
                ("Éducation", "NOUN"),
                ("et", "CCONJ"),
                ("innovation", "NOUN", False),
                ("\n", "SPACE", False),
                ("Pékin", "PROPN", True, True),
                ("investit", "VERB"),
                (".", "PUNCT"),
            ],
            [(0, 3, "ORG")],
            "heading",
        ),
        (
            [
                ("Technologies", "PROPN"),
                ("de", "ADP"),
                ("rupture", "NOUN", False),
                ("\n", "SPACE", False),
                ("Texte", "NOUN", True, True),
                (".", "PUNCT"),
            ],
            [(0, 3, "ORG")],
            "heading with a common noun",
        ),
        (
            [("plus", "ADV"), ("de", "ADP"), ("360", "NUM"), ("EFLOPS", "PROPN"), (".", "PUNCT")],
            [(3, 4, "ORG")],
            "a unit after a number",
        ),
        (
            [("Une", "DET"), ("centrale", "NOUN"), ("de", "ADP"), ("5", "NUM"), ("GW", "PROPN")],
            [(4, 5, "ORG")],
            "a unit after a number",
        ),
        (
            [("Les", "DET"), ("Français", "PROPN"), ("votent", "VERB"), (".", "PUNCT")],
            [(1, 2, "LOC")],
            "a nationality tagged as a proper noun",
        ),
        (
            [("l'", "DET", False), ("Américaine", "PROPN"), ("gagne", "VERB"), (".", "PUNCT")],
            [(1, 2, "PER")],
            "a nationality, whatever the type",
        ),
        (
            [("à", "ADP"), ("7h44", "NUM"), ("UTC", "PROPN"), ("près", "ADV"), (".", "PUNCT")],
            [(1, 3, "ORG")],
            "a time is never a name",
        ),
        (
            [("le", "DET"), ("modèle", "NOUN"), ("A10", "PROPN"), ("sort", "VERB")],
            [(2, 3, "ORG")],
            "one letter and digits name a road only as a place",
        ),
    ],
)
def test_junk_is_dropped(blank_nlp, tokens, ents, why):
    assert mentions_of(blank_nlp, tokens, ents) == [], why


@pytest.mark.parametrize(
    ("tokens", "ents", "kept"),
    [
        # a proper name at the start of a sentence or heading is still a name
        ([("Pékin", "PROPN"), ("investit", "VERB"), (".", "PUNCT")], [(0, 1, "LOC")], "Pékin"),
        # a road's code is a place of one letter: "l'autoroute A10", "la N7"
        ([("l'", "DET", False), ("autoroute", "NOUN"), ("A10", "PROPN"), ("est", "AUX")],
         [(2, 3, "LOC")], "A10"),
        ([("la", "DET"), ("N7", "PROPN"), ("est", "AUX")], [(1, 2, "LOC")], "N7"),
        (
            [("Trump", "AUX"), ("a", "AUX"), ("dit", "VERB"), (".", "PUNCT")],
            [(0, 1, "PER")],
            "Trump",
        ),
        (
            [
                ("Avenir", "NOUN"),
                ("de", "ADP"),
                ("Pékin", "PROPN", False),
                ("\n", "SPACE", False),
                ("Texte", "NOUN", True, True),
                (".", "PUNCT"),
            ],
            [(2, 3, "LOC")],
            "Pékin",
        ),
        (
            [("Le", "DET"), ("WIC", "NOUN"), ("a", "AUX"), ("ouvert", "VERB"), (".", "PUNCT")],
            [(1, 2, "ORG")],
            "WIC",
        ),
    ],
)
def test_names_are_kept(blank_nlp, tokens, ents, kept):
    assert [m.text for m in mentions_of(blank_nlp, tokens, ents)] == [kept]


def test_mentions_know_their_sentence(blank_nlp):
    tokens = [
        ("Chen", "PROPN"),
        ("parle", "VERB", False),
        (".", "PUNCT"),
        ("Le", "DET", True, True),
        ("Guangxi", "PROPN"),
        ("écoute", "VERB", False),
        (".", "PUNCT"),
    ]
    doc = make_doc(blank_nlp, tokens, ents=[(0, 1, "PER"), (4, 5, "LOC")])
    sents = sentences(Document("d", doc.text), doc)
    found = extract_mentions(Document("d", doc.text), doc, sents=sents)
    assert [(m.text, m.sentence) for m in found] == [("Chen", 0), ("Guangxi", 1)]
    assert [doc.text[s.start : s.end] for s in sents] == ["Chen parle.", "Le Guangxi écoute."]


def test_unknown_labels_are_ignored(blank_nlp):
    tokens = [("Le", "DET"), ("15", "NUM"), ("mai", "NOUN"), (".", "PUNCT")]
    assert mentions_of(blank_nlp, tokens, [(1, 3, "DATE")]) == []


# --------------------------------------------------------------------------- knowledge-driven cleaning


@pytest.fixture(scope="module")
def common():
    return CommonWords(
        {
            "noun": frozenset({"président", "homme", "livre", "intelligence", "sénat", "triathlon"}),
            "adj": frozenset({"français", "chinois", "blanc", "artificiel"}),
        },
        {"noun": {}, "adj": {}},
        {"noun": [("s", "")], "adj": [("e", ""), ("es", ""), ("lle", "l")]},
    )


@pytest.mark.parametrize(
    ("word", "classes", "expected"),
    [
        ("Français", ("adj",), True),
        ("Françaises", ("adj",), True),
        ("Président", ("noun",), True),
        ("Présidents", ("noun",), True),
        ("Président", ("adj",), False),
        ("Pékin", ("noun", "adj"), False),
    ],
)
def test_common_words_follow_the_lemmatizer_rules(common, word, classes, expected):
    assert common.is_common(word, classes) is expected


def test_common_words_come_from_the_pipeline(blank_nlp):
    assert CommonWords.from_pipeline(blank_nlp).is_common("président") is False  # no lemmatizer


@pytest.mark.parametrize(
    ("tokens", "ents", "kept"),
    [
        # nationalities are not places, a common noun is no person
        (
            [("Les", "DET"), ("Français", "NOUN"), ("votent", "VERB"), (".", "PUNCT")],
            [(1, 2, "LOC")],
            [],
        ),
        (
            [("Le", "DET"), ("Président", "NOUN"), ("parle", "VERB"), (".", "PUNCT")],
            [(1, 2, "PER")],
            [],
        ),
        (
            [("Le", "DET"), ("Homme", "NOUN"), ("arrive", "VERB"), (".", "PUNCT")],
            [(1, 2, "LOC")],
            [],
        ),
        # nor a work or an event: "le Triathlon" in a sports heading
        (
            [("Le", "DET"), ("Triathlon", "NOUN"), ("reprend", "VERB"), (".", "PUNCT")],
            [(1, 2, "MISC")],
            [],
        ),
        # a common noun may name an organisation ("Sénat"), so only adjectives go for ORG
        (
            [("Le", "DET"), ("Sénat", "NOUN"), ("vote", "VERB"), (".", "PUNCT")],
            [(1, 2, "ORG")],
            ["Sénat"],
        ),
        # a person or place made only of common words is not one
        (
            [
                ("Le", "DET"),
                ("Livre", "NOUN"),
                ("blanc", "ADJ"),
                ("paraît", "VERB"),
                (".", "PUNCT"),
            ],
            [(1, 3, "PER")],
            [],
        ),
        (
            [
                ("L'", "DET", False),
                ("Intelligence", "NOUN"),
                ("Artificielle", "ADJ"),
                ("progresse", "VERB"),
                (".", "PUNCT"),
            ],
            [(1, 3, "LOC")],
            [],
        ),
        # proper nouns are never common words
        (
            [("Le", "DET"), ("Homme", "PROPN"), ("Wilson", "PROPN"), (".", "PUNCT")],
            [(1, 3, "PER")],
            ["Homme Wilson"],
        ),
        # compass points and "État" alone name nothing
        (
            [("Le", "DET"), ("Sud", "PROPN"), ("avance", "VERB"), (".", "PUNCT")],
            [(1, 2, "LOC")],
            [],
        ),
        ([("Pays", "NOUN"), ("du", "ADP"), ("Sud", "PROPN"), (".", "PUNCT")], [(1, 3, "LOC")], []),
    ],
)
def test_common_word_mentions(blank_nlp, common, tokens, ents, kept):
    doc = make_doc(blank_nlp, tokens, ents=ents)
    found = extract_mentions(Document("d", doc.text), doc, common=common)
    assert [m.text for m in found] == kept


@pytest.mark.parametrize(
    ("tokens", "ents", "kept"),
    [
        # a country spelt like a nationality is known to the gazetteer: kept
        (
            [("La", "DET"), ("Suisse", "PROPN"), ("vote", "VERB"), (".", "PUNCT")],
            [(1, 2, "LOC")],
            ["Suisse"],
        ),
        # an organisation keeps a nationality word that starts its name
        (
            [("Philippine", "PROPN"), ("Airlines", "PROPN"), ("vole", "VERB"), (".", "PUNCT")],
            [(0, 2, "ORG")],
            ["Philippine Airlines"],
        ),
        # a full name starting with a nationality word is a name
        (
            [("Claude", "PROPN"), ("Allemand", "PROPN"), ("parle", "VERB"), (".", "PUNCT")],
            [(0, 2, "PER")],
            ["Claude Allemand"],
        ),
    ],
)
def test_nationality_words_that_are_names(blank_nlp, tokens, ents, kept):
    doc = make_doc(blank_nlp, tokens, ents=ents)
    found = extract_mentions(Document("d", doc.text), doc, is_known=lambda n: n == "Suisse")
    assert [m.text for m in found] == kept


@pytest.mark.parametrize(
    ("tokens", "ents", "kept"),
    [
        # before a name, a nationality spelt like a known place is a nationality
        (
            [("le", "DET"), ("Suisse", "PROPN"), ("Rudy", "PROPN"), ("Wild", "PROPN")],
            [(1, 2, "LOC"), (2, 4, "PER")],
            ["Rudy Wild"],
        ),
        (
            [("la", "DET"), ("Russe", "PROPN"), ("Sofia", "PROPN"), ("Velikaya", "PROPN")],
            [(1, 2, "LOC"), (2, 4, "PER")],
            ["Sofia Velikaya"],
        ),
        # peoples and inhabitants are no places either
        ([("des", "DET"), ("Kurdes", "PROPN"), ("de", "ADP"), ("Syrie", "PROPN")],
         [(1, 2, "LOC"), (3, 4, "LOC")], ["Syrie"]),
        ([("les", "DET"), ("Parisiennes", "PROPN"), ("votent", "VERB")], [(1, 2, "LOC")], []),
        # a known place after a preposition stays: "en Suisse Romande" is no nationality
        ([("en", "ADP"), ("Suisse", "PROPN"), ("Romande", "PROPN")], [(1, 2, "LOC")], ["Suisse"]),
    ],
)
def test_nationality_words_before_names_and_peoples(blank_nlp, tokens, ents, kept):
    doc = make_doc(blank_nlp, tokens, ents=ents)
    known = {"Suisse", "Russe", "Syrie"}
    found = extract_mentions(Document("d", doc.text), doc, is_known=lambda n: n in known)
    assert [m.text for m in found] == kept


def test_known_names_are_never_junk(blank_nlp, common):
    doc = make_doc(
        blank_nlp, [("La", "DET"), ("Chine", "NOUN"), (".", "PUNCT")], ents=[(0, 2, "LOC")]
    )
    assert (
        extract_mentions(
            Document("d", doc.text),
            doc,
            common=CommonWords({"noun": frozenset({"chine"}), "adj": frozenset({"chine"})}),
        )
        == []
    )
    found = extract_mentions(
        Document("d", doc.text),
        doc,
        common=CommonWords({"noun": frozenset({"chine"}), "adj": frozenset({"chine"})}),
        is_known=lambda n: n == "Chine",
    )
    assert [m.text for m in found] == ["Chine"]


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        (
            [
                ("à", "ADP"),
                ("la", "DET"),
                ("province", "NOUN"),
                ("du", "ADP"),
                ("Zhejiang", "PROPN"),
                (".", "PUNCT"),
            ],
            [(2, 5, "LOC")],
            [("Zhejiang", "province du")],
        ),
        (
            [
                ("le", "DET"),
                ("district", "NOUN"),
                ("de", "ADP"),
                ("Xuhui", "PROPN"),
                (".", "PUNCT"),
            ],
            [(1, 4, "LOC")],
            [("Xuhui", "district de")],
        ),
        # organisations keep their head noun: "ministère de l'Intérieur" is the name
        (
            [
                ("le", "DET"),
                ("ministère", "NOUN"),
                ("de", "ADP"),
                ("l'", "DET", False),
                ("Intérieur", "PROPN"),
                (".", "PUNCT"),
            ],
            [(1, 5, "ORG")],
            [("ministère de l'Intérieur", None)],
        ),
    ],
)
def test_place_descriptors_are_trimmed(blank_nlp, tokens, ents, expected):
    doc = make_doc(blank_nlp, tokens, ents=ents)
    assert [(m.text, m.title) for m in extract_mentions(Document("d", doc.text), doc)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NDB", True),
        ("ANASE", True),
        ("CNDD-FDD", True),
        ("G20", False),
        ("Chine", False),
        ("TikTok", False),
        ("A", False),
        ("Nouvelle Banque", False),
    ],
)
def test_is_acronym(text, expected):
    assert is_acronym(text) is expected


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Association des nations de l'Asie du Sud-Est", "ANASE"),
        ("Parti communiste chinois", "PCC"),
        ("Wall Street Journal", "WSJ"),
        ("Advanced Micro Devices", "AMD"),
    ],
)
def test_initials(name, acronym):
    assert acronym in initials(name)


def mention(text, label, doc_text):
    start = doc_text.index(text)
    return Mention("d", start, start + len(text), text, label, text, 0)


@pytest.mark.parametrize(
    ("text", "tagged", "mentions", "links"),
    [
        (
            "La Nouvelle Banque de développement (NDB) prête.",
            [("Nouvelle Banque de développement", "ORG")],
            [("Nouvelle Banque de développement", "ORG"), ("NDB", "ORG")],
            [("Nouvelle Banque de développement", "NDB")],
        ),
        # the acronym is already a mention: it is not added twice
        (
            "La Conférence mondiale sur Internet (WIC) a ouvert.",
            [("Conférence mondiale sur Internet", "ORG"), ("WIC", "MISC")],
            [("Conférence mondiale sur Internet", "ORG"), ("WIC", "MISC")],
            [("Conférence mondiale sur Internet", "WIC")],
        ),
        # one span holding both
        (
            "Selon le Parti communiste chinois (PCC), rien.",
            [("Parti communiste chinois (PCC)", "ORG")],
            [("Parti communiste chinois", "ORG"), ("PCC", "ORG")],
            [("Parti communiste chinois", "PCC")],
        ),
        # ACR (Long Name), when the initials fit
        (
            "Le PCC (Parti communiste chinois) décide.",
            [("PCC", "ORG")],
            [("PCC", "ORG"), ("Parti communiste chinois", "ORG")],
            [("Parti communiste chinois", "PCC")],
        ),
        # a parenthesis that is no expansion
        ("Le PCC (selon des sources internes) décide.", [("PCC", "ORG")], [("PCC", "ORG")], []),
        # people are not acronyms
        ("Chen Gang (PCC) parle.", [("Chen Gang", "PER")], [("Chen Gang", "PER")], []),
    ],
)
def test_acronym_links(text, tagged, mentions, links):
    found, found_links = acronym_links(
        Document("d", text), [mention(t, lab, text) for t, lab in tagged], text
    )
    assert [(m.text, m.label) for m in found] == mentions
    assert [text[m.start : m.end] for m in found] == [t for t, _ in mentions]
    assert [(k.name, k.alias) for k in found_links] == links


@pytest.mark.parametrize(
    ("text", "tagged", "known", "expected"),
    [
        (
            "la coopération Chine-ASEAN et la Chine avec l'ASEAN",
            [("Chine-ASEAN", "ORG"), ("Chine", "LOC"), ("ASEAN", "ORG")],
            {},
            [("Chine", "LOC"), ("ASEAN", "ORG"), ("Chine", "LOC"), ("ASEAN", "ORG")],
        ),
        # parts known from outside the document
        (
            "le sommet Chine-Afrique",
            [("Chine-Afrique", "MISC")],
            {"Chine": "LOC", "Afrique": "LOC"},
            [("Chine", "LOC"), ("Afrique", "LOC")],
        ),
        # a name known as a whole stays whole; unknown parts keep the compound
        (
            "la Guinée-Bissau",
            [("Guinée-Bissau", "LOC")],
            {"Guinée": "LOC", "Guinée-Bissau": "LOC"},
            [("Guinée-Bissau", "LOC")],
        ),
        ("le Royaume-Uni", [("Royaume-Uni", "LOC")], {}, [("Royaume-Uni", "LOC")]),
        # parts that are not names are dropped
        (
            "la coopération Sud-Sud avec le Sud",
            [("Sud-Sud", "LOC"), ("Sud", "LOC")],
            {},
            [("Sud", "LOC")],
        ),
    ],
)
def test_split_compounds(text, tagged, known, expected):
    ms = []
    for t, lab in tagged:
        start = text.index(t, ms[-1].end if ms else 0)
        ms.append(Mention("d", start, start + len(t), t, lab, t, 0))
    out = split_compounds(ms, known_type=known.get)
    assert [(m.text, m.label) for m in out] == expected
    assert all(text[m.start : m.end] == m.text for m in out)


_TITLE_WORDS = CommonWords(
    {"noun": frozenset({"intelligence", "culture", "bavière"}), "adj": frozenset({"artificielle"})}
)


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # a title-case name cut at a link word: the capitalised common words go on
        (
            [("du", "ADP"), ("Congrès", "PROPN"), ("Chinois", "PROPN"), ("sur", "ADP"),
             ("l'", "DET", False), ("Intelligence", "PROPN"), ("Artificielle", "PROPN"),
             (",", "PUNCT")],
            [(1, 3, "MISC"), (5, 7, "LOC")],
            [("Congrès Chinois sur l'Intelligence Artificielle", "MISC")],
        ),
        # a name we know after the link stays apart
        (
            [("la", "DET"), ("Banque", "PROPN"), ("de", "ADP"), ("France", "PROPN")],
            [(1, 2, "ORG"), (3, 4, "LOC")],
            [("Banque", "ORG"), ("France", "LOC")],
        ),
        # "en" says where, a person is someone else
        (
            [("Bad", "PROPN"), ("Aibling", "PROPN"), ("en", "ADP"), ("Bavière", "PROPN")],
            [(0, 2, "MISC"), (3, 4, "LOC")],
            [("Bad Aibling", "MISC"), ("Bavière", "LOC")],
        ),
        (
            [("le", "DET"), ("Ministère", "PROPN"), ("de", "ADP"), ("Culture", "PROPN")],
            [(1, 2, "ORG"), (3, 4, "PER")],
            [("Ministère", "ORG"), ("Culture", "PER")],
        ),
    ],
)
def test_title_case_names_cut_at_a_link_word(blank_nlp, tokens, ents, expected):
    doc = make_doc(blank_nlp, tokens, ents=ents)
    found = extract_mentions(
        Document("d", doc.text), doc, common=_TITLE_WORDS, is_known=lambda n: n == "France"
    )
    assert [(m.text, m.label) for m in found] == expected


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # a title and its complement name the complement, typed by what we know
        (
            [("Barack", "PROPN"), ("Obama", "PROPN"), (",", "PUNCT"), ("Président", "NOUN"),
             ("des", "ADP"), ("États-Unis", "PROPN")],
            [(0, 2, "PER"), (3, 6, "PER")],
            [("Barack Obama", "PER"), ("États-Unis", "LOC")],
        ),
        # ... or nothing, when we do not know it: no person either way
        (
            [("le", "DET"), ("président", "NOUN"), ("des", "ADP"), ("Verts", "PROPN")],
            [(1, 4, "PER")],
            [],
        ),
        # a title before a name is a title ("le président Xi Jinping"), and a particle
        # after it is the name's ("le général de Gaulle")
        (
            [("le", "DET"), ("président", "NOUN"), ("Xi", "PROPN"), ("Jinping", "PROPN")],
            [(1, 4, "PER")],
            [("Xi Jinping", "PER")],
        ),
        (
            [("le", "DET"), ("général", "NOUN"), ("de", "ADP"), ("Gaulle", "PROPN")],
            [(1, 4, "PER")],
            [("de Gaulle", "PER")],
        ),
        # a title before a full name makes it a person, whatever the model said
        (
            [("le", "DET"), ("Premier", "ADJ"), ("ministre", "NOUN"), ("Nawaz", "PROPN"),
             ("Sharif", "PROPN")],
            [(1, 5, "MISC")],
            [("Nawaz Sharif", "PER")],
        ),
        # ... not a lone word after it: "ministre du Cinéma"
        (
            [("le", "DET"), ("ministre", "NOUN"), ("Cinéma", "PROPN")],
            [(1, 3, "ORG")],
            [("Cinéma", "ORG")],
        ),
    ],
)
def test_titles_name_persons_not_their_complements(blank_nlp, tokens, ents, expected):
    doc = make_doc(blank_nlp, tokens, ents=ents)
    known = {"États-Unis": "LOC"}
    found = extract_mentions(Document("d", doc.text), doc, known_type=known.get)
    assert [(m.text, m.label) for m in found] == expected


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # an institution named by its noun alone is an organisation, and no junk
        (
            [("le", "DET"), ("Congrès", "PROPN"), ("vote", "VERB")],
            [(1, 2, "MISC")],
            [("Congrès", "ORG")],
        ),
        (
            [("le", "DET"), ("Sénat", "NOUN"), ("vote", "VERB")],
            [(1, 2, "LOC")],
            [("Sénat", "ORG")],
        ),
        # a longer name keeps the model's type: "le Congrès Chinois sur l'IA" is an event
        (
            [("le", "DET"), ("Congrès", "PROPN"), ("Chinois", "PROPN"), ("ouvre", "VERB")],
            [(1, 3, "MISC")],
            [("Congrès Chinois", "MISC")],
        ),
    ],
)
def test_institutions_named_by_their_noun(blank_nlp, common, tokens, ents, expected):
    doc = make_doc(blank_nlp, tokens, ents=ents)
    found = extract_mentions(Document("d", doc.text), doc, common=common)
    assert [(m.text, m.label) for m in found] == expected


@pytest.mark.parametrize(
    ("tokens", "ents", "kept"),
    [
        # dates go
        ([("le", "DET"), ("1er", "NUM"), ("mars", "NOUN"), ("2016", "NUM")], [(1, 4, "MISC")], []),
        ([("Mars", "PROPN"), ("2016", "NUM"), (":", "PUNCT")], [(0, 2, "MISC")], []),
        ([("Septembre", "PROPN"), ("arrive", "VERB")], [(0, 1, "MISC")], []),
        # names that start like a month are names
        ([("avec", "ADP"), ("Julien", "PROPN"), ("hier", "ADV")], [(1, 2, "PER")], ["Julien"]),
        ([("la", "DET"), ("sonde", "NOUN"), ("Juno", "PROPN")], [(2, 3, "MISC")], ["Juno"]),
        # a lone capitalised month in mid-sentence is a name: the planet
        ([("sur", "ADP"), ("Mars", "PROPN"), ("hier", "ADV")], [(1, 2, "LOC")], ["Mars"]),
    ],
)
def test_dates_and_names_that_look_like_months(blank_nlp, tokens, ents, kept):
    doc = make_doc(blank_nlp, tokens, ents=ents)
    assert [m.text for m in extract_mentions(Document("d", doc.text), doc)] == kept


@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        # a name the model tagged once is found again, with its label
        ("Le WIC a parlé. Le chef du WIC aussi.", ["WIC"], ["WIC", "WIC"]),
        # every occurrence already a mention: nothing added
        ("Le WIC a parlé. Le chef du WIC aussi.", ["WIC", "WIC"], ["WIC", "WIC"]),
        # an occurrence inside a longer capitalised name is not the name
        ("Paris a voté. Paris Match aussi.", ["Paris"], ["Paris"]),
        # whole words only
        ("Le WIC a parlé. Les WICS aussi.", ["WIC"], ["WIC"]),
        # a name that overlaps itself (ABA in ABABA) is still looked for
        ("ABA a parlé. Le chef de ABA aussi.", ["ABA"], ["ABA", "ABA"]),
        # a body's name written again in lower case after an article is the same name
        ("La Société des journalistes a parlé. Puis la société des journalistes a voté.",
         ["Société des journalistes"], ["Société des journalistes", "Société des journalistes"]),
        # but not without the article, nor for a name of two words
        ("La Société des journalistes a parlé. Une société des journalistes existe.",
         ["Société des journalistes"], ["Société des journalistes"]),
        ("La Banque mondiale a parlé. La banque mondiale aussi.", ["Banque mondiale"],
         ["Banque mondiale"]),
    ],
)
def test_propagate_adds_the_untagged_occurrences_of_a_name(blank_nlp, text, tagged, expected):
    doc = blank_nlp(text)
    document = Document("d", text)
    mentions, start = [], 0
    for name in tagged:
        start = text.index(name, start)
        mentions.append(Mention("d", start, start + len(name), name, "ORG", name, 0))
        start += len(name)
    found = propagate(document, doc, mentions, sentences(document, doc))
    assert [m.text for m in found] == expected
    assert all(m.label == "ORG" for m in found)
    assert found == sorted(found, key=lambda m: m.start)


@pytest.mark.parametrize(
    ("text", "cuts", "expected"),
    [
        # a cut inside a list of names goes on to the next sentence
        ("Des villes de New York , San Francisco et Seattle . Fin .", [5, 11],
         ["Des villes de New York , San Francisco et Seattle .", "Fin ."]),
        # a cut inside a bracket too
        ("Jean-Luc Laurent ( PS ) a voté .", [3], ["Jean-Luc Laurent ( PS ) a voté ."]),
        # a cut after final punctuation or a colon stays
        ("Il a dit : oui . Non .", [4, 6], ["Il a dit :", "oui .", "Non ."]),
        ("Le parti a voté . Il a perdu .", [5], ["Le parti a voté .", "Il a perdu ."]),
        # a heading (a line break) stays apart even without punctuation
        ("Un titre\nLe texte .", [2], ["Un titre", "Le texte ."]),
    ],
)
def test_sentences_glue_cuts_inside_a_sentence(blank_nlp, text, cuts, expected):
    from kg.entities import sentences
    from kg.types import Document

    doc = blank_nlp(text)
    for token in doc:
        token.is_sent_start = token.i == 0 or token.i in cuts
    got = sentences(Document("d", text), doc)
    assert [text[s.start : s.end] for s in got] == expected
    assert [s.index for s in got] == list(range(len(expected)))


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # the tagger took the name's last word for a determiner: "Masayoshi Son", "Kim Jong Un"
        ([("avec", "ADP"), ("Masayoshi", "PROPN"), ("Son", "DET", False), (",", "PUNCT"),
          ("qui", "PRON")], [(1, 2, "PER")], ["Masayoshi Son"]),
        ([("Kim", "PROPN"), ("Jong", "PROPN"), ("Un", "DET"), ("a", "AUX"), ("dit", "VERB")],
         [(0, 2, "PER")], ["Kim Jong Un"]),
        # a plus sign ends a brand ("Canal +", as copy often spaces it), not a sum
        ([("du", "ADP"), ("groupe", "NOUN"), ("Canal", "PROPN"), ("+", "SYM"), ("avait", "AUX"),
          ("dit", "VERB")], [(2, 3, "ORG")], ["Canal +"]),
        ([("entre", "ADP"), ("Paris", "PROPN"), ("+", "SYM"), ("Lyon", "PROPN"), ("et", "CCONJ")],
         [(1, 2, "LOC")], ["Paris"]),
        # a possessive in lower case, or one opening a noun phrase, is not part of the name
        ([("avec", "ADP"), ("Jean", "PROPN"), ("Martin", "PROPN"), ("son", "DET"),
          ("ami", "NOUN")], [(1, 3, "PER")], ["Jean Martin"]),
        ([("pour", "ADP"), ("Jean", "PROPN"), ("Martin", "PROPN"), ("Son", "DET"),
          ("Ami", "NOUN")], [(1, 3, "PER")], ["Jean Martin"]),
        # after punctuation a capitalised word opens a sentence
        ([("Jean", "PROPN"), ("Martin", "PROPN", False), (".", "PUNCT"), ("Son", "DET", True, True),
          ("ami", "NOUN")], [(0, 2, "PER")], ["Jean Martin"]),
    ],
)
def test_a_name_ends_with_a_capitalised_function_word(blank_nlp, tokens, ents, expected):
    assert [m.text for m in mentions_of(blank_nlp, tokens, ents)] == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "name", "label"),
    [
        # a role noun in apposition before the name says it is a person
        ("Le président du groupe, Masayoshi Son, qui avait rencontré le président élu, a "
         "investi.", "Masayoshi Son", "PER"),
        # not a role: the company keeps its type
        ("Le fabricant de satellites, OneWeb Satellites, a recruté.", "OneWeb Satellites", "ORG"),
    ],
)
def test_a_role_in_apposition_types_a_person(md_nlp, sentence, name, label):
    from spacy.tokens import Span

    doc = md_nlp(sentence)
    start = sentence.index(name)
    named = doc.char_span(start, start + len(name))
    # the model's type for the name, as the stock model gives it ("Masayoshi Son" ORG)
    doc.ents = [e for e in doc.ents if e.end <= named.start or e.start >= named.end] + [
        Span(doc, named.start, named.end, label="ORG")
    ]
    found = {m.text: m.label for m in extract_mentions(Document("d", sentence), doc)}
    assert found.get(name) == label, found


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        # a Latin species name the model took for a person
        ([("le", "DET"), ("requin", "NOUN"), ("Megalolamna", "PROPN"), ("paradoxodon", "NOUN"),
          ("vivait", "VERB"), (".", "PUNCT")], "MISC"),
        ([("où", "PRON"), ("Aedes", "PROPN"), ("aegypti", "ADJ"), ("pique", "VERB"),
          (".", "PUNCT")], "MISC"),
        # a person's particle is no species
        ([("où", "PRON"), ("Charles", "PROPN"), ("de", "ADP"), ("Gaulle", "PROPN"),
          ("parle", "VERB"), (".", "PUNCT")], "PER"),
        ([("où", "PRON"), ("Jean", "PROPN"), ("Dupont", "PROPN"), ("parle", "VERB"),
          (".", "PUNCT")], "PER"),
    ],
)
def test_a_species_is_no_person(blank_nlp, tokens, expected):
    start = next(i for i, t in enumerate(tokens) if t[0][0].isupper())
    end = start + (3 if tokens[start][0] == "Charles" else 2)
    found = mentions_of(blank_nlp, tokens, [(start, end, "PER")])
    assert [m.label for m in found] == [expected]
