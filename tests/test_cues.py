"""Type cues (kg.cues) and name completion: hand-made parses, then the real model."""

import pytest

from conftest import make_doc
from kg.cues import cued_mentions, default_cues, find_cue, read_cues
from kg.entities import CommonWords, complete_name, extract_mentions, sentences
from kg.errors import InputError
from kg.types import Document

CUES = {
    "série": "MISC",
    "film": "MISC",
    "société": "ORG",
    "fonderie": "ORG",
    "journaliste": "PER",
    "ville": "LOC",
    "militant": "PER",
}


def cued(nlp, tokens, ents=(), *, known=None, common=None):
    doc = make_doc(nlp, tokens, ents=ents)
    document = Document("d", doc.text)
    found = extract_mentions(document, doc)
    out = cued_mentions(
        document,
        doc,
        found,
        sents=sentences(document, doc),
        cues=CUES,
        common=common,
        known_type=known,
    )
    return [(m.text, m.label, m.cue) for m in out]


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # a class noun before a name the model missed: the name is added
        (
            [
                ("contre", "ADP"),
                ("la", "DET"),
                ("société", "NOUN"),
                ("chinoise", "ADJ"),
                ("ZTE", "PROPN"),
                (".", "PUNCT"),
            ],
            [],
            [("ZTE", "ORG", "société")],
        ),
        # ... and retypes a name the model mistyped
        (
            [("la", "DET"), ("société", "NOUN"), ("Gartner", "PROPN"), ("prévoit", "VERB")],
            [(2, 3, "PER")],
            [("Gartner", "ORG", "société")],
        ),
        # apposition after the name
        (
            [
                ("Selon", "ADP"),
                ("eux", "PRON", False),
                (",", "PUNCT"),
                ("SMIC", "PROPN", False),
                (",", "PUNCT"),
                ("la", "DET"),
                ("fonderie", "NOUN"),
                ("chinoise", "ADJ"),
                ("progresse", "VERB"),
            ],
            [],
            [("SMIC", "ORG", "fonderie")],
        ),
        # a copula, with a hyphenated first name split by the tokenizer
        (
            [
                ("Mei", "PROPN", False),
                ("-", "PUNCT", False),
                ("Ling", "PROPN"),
                ("Tan", "PROPN"),
                ("est", "AUX"),
                ("une", "DET"),
                ("journaliste", "NOUN"),
                (".", "PUNCT"),
            ],
            [],
            [("Mei-Ling Tan", "PER", "journaliste")],
        ),
        # a full person name stays a person, whatever noun stands before it
        (
            [
                ("le", "DET"),
                ("chef", "NOUN"),
                ("de", "ADP"),
                ("la", "DET"),
                ("société", "NOUN"),
                ("Anne", "PROPN"),
                ("Dubois", "PROPN"),
                ("parle", "VERB"),
            ],
            [(5, 7, "PER")],
            [("Anne Dubois", "PER", None)],
        ),
        # an acronym is not a person: "les militants CGT"
        (
            [("des", "DET"), ("militants", "NOUN"), ("CGT", "PROPN"), ("bloquent", "VERB")],
            [(2, 3, "ORG")],
            [("CGT", "ORG", None)],
        ),
        # a place that starts the sentence is not in apposition: "À Lyon, la société ..."
        (
            [
                ("À", "ADP"),
                ("Lyon", "PROPN", False),
                (",", "PUNCT"),
                ("la", "DET"),
                ("société", "NOUN"),
                ("recrute", "VERB"),
            ],
            [(1, 2, "LOC")],
            [("Lyon", "LOC", None)],
        ),
        # a name joined to a full person name is a person too, over the model's ORG
        (
            [
                ("Vivek", "NOUN"),
                ("Ramaswamy", "PROPN"),
                ("et", "CCONJ"),
                ("Tulsi", "PROPN"),
                ("Gabbard", "PROPN"),
                ("votent", "VERB"),
            ],
            [(1, 2, "ORG"), (3, 5, "PER")],
            [("Vivek Ramaswamy", "PER", "coordination"), ("Tulsi Gabbard", "PER", None)],
        ),
        # ... on either side, but a name the model already sees whole stays as it is
        (
            [
                ("Anne", "PROPN"),
                ("Dubois", "PROPN"),
                ("ou", "CCONJ"),
                ("Air", "PROPN"),
                ("France", "PROPN"),
                ("paient", "VERB"),
            ],
            [(0, 2, "PER"), (3, 5, "ORG")],
            [("Anne Dubois", "PER", None), ("Air France", "ORG", None)],
        ),
        # one word is not enough to call it a person
        (
            [
                ("Renault", "PROPN"),
                ("et", "CCONJ"),
                ("Carlos", "PROPN"),
                ("Ghosn", "PROPN"),
                ("négocient", "VERB"),
            ],
            [(0, 1, "ORG"), (2, 4, "PER")],
            [("Renault", "ORG", None), ("Carlos Ghosn", "PER", None)],
        ),
        # no cue, nothing changes
        (
            [("Paul", "PROPN"), ("Martin", "PROPN"), ("arrive", "VERB"), (".", "PUNCT")],
            [(0, 2, "PER")],
            [("Paul Martin", "PER", None)],
        ),
        # a capitalised nationality noun announces a person; it is trimmed from the name
        (
            [
                ("par", "ADP"),
                ("l'", "DET", False),
                ("Espagnole", "NOUN"),
                ("Caroline", "PROPN"),
                ("Routier", "PROPN"),
                (".", "PUNCT"),
            ],
            [(2, 5, "LOC")],
            [("Caroline Routier", "PER", "Espagnole")],
        ),
        # in lower case it is an adjective used as a noun: "l'américain Apple" is a company
        (
            [("l'", "DET", False), ("américain", "NOUN"), ("Apple", "PROPN"), ("vend", "VERB")],
            [(2, 3, "ORG")],
            [("Apple", "ORG", None)],
        ),
        # a work right after its class noun, though the model saw a person
        ([("la", "DET"), ("série", "NOUN"), ("Julie", "PROPN"), ("Lescaut", "PROPN"),
          ("plaît", "VERB")], [(2, 4, "PER")], [("Julie Lescaut", "MISC", "série")]),
        # a person after a work's complement stays a person
        ([("le", "DET"), ("film", "NOUN"), ("de", "ADP"), ("Jean", "PROPN"), ("Dupont", "PROPN"),
          ("sort", "VERB")], [(3, 5, "PER")], [("Jean Dupont", "PER", None)]),
        # a cue with its complement before the name: "la société de satellites OneWeb"
        (
            [("la", "DET"), ("société", "NOUN"), ("de", "ADP"), ("satellites", "NOUN"),
             ("OneWeb", "PROPN"), ("vend", "VERB")],
            [(4, 5, "MISC")],
            [("OneWeb", "ORG", "société")],
        ),
        # not without the determiner, nor when the complement is a name of its own
        (
            [("société", "NOUN"), ("de", "ADP"), ("satellites", "NOUN"), ("OneWeb", "PROPN"),
             ("vend", "VERB")],
            [(3, 4, "MISC")],
            [("OneWeb", "MISC", None)],
        ),
        (
            [("la", "DET"), ("société", "NOUN"), ("de", "ADP"), ("Paris", "PROPN"),
             ("OneWeb", "PROPN"), ("vend", "VERB")],
            [(4, 5, "MISC")],
            [("OneWeb", "MISC", None)],
        ),
    ],
)
def test_cues_type_and_add_names(blank_nlp, tokens, ents, expected):
    assert cued(blank_nlp, tokens, ents) == expected


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # a place inside the name does not make it a place
        (
            [
                ("la", "DET"),
                ("Cour", "PROPN"),
                ("d'", "ADP", False),
                ("appel", "NOUN"),
                ("de", "ADP"),
                ("Reims", "PROPN"),
                ("a", "AUX"),
            ],
            [(1, 6, "LOC")],
            [("Cour d'appel de Reims", "ORG", "cour")],
        ),
        (
            [("l'", "DET", False), ("Université", "PROPN"), ("Notre-Dame", "PROPN")],
            [(1, 3, "MISC")],
            [("Université Notre-Dame", "ORG", "université")],
        ),
        # an event or a programme, though the model saw an organisation or a place
        (
            [("l'", "DET", False), ("Initiative", "PROPN"), ("de", "ADP"), ("paix", "NOUN"),
             ("africaine", "ADJ")],
            [(1, 5, "ORG")],
            [("Initiative de paix africaine", "MISC", "initiative")],
        ),
        (
            [("les", "DET"), ("Jeux", "PROPN"), ("de", "ADP"), ("Rio", "PROPN")],
            [(1, 4, "LOC")],
            [("Jeux de Rio", "MISC", "jeux")],
        ),
        ([("le", "DET"), ("Centre", "PROPN"), ("culturel", "ADJ"), ("Tjibaou", "PROPN")],
         [(1, 4, "LOC")], [("Centre culturel Tjibaou", "ORG", "centre")]),
        # a school, a university, a hospital in lower case before its proper name
        ([("au", "ADP"), ("lycée", "NOUN"), ("Vaugelas", "PROPN"), ("situé", "VERB")],
         [(1, 3, "LOC")], [("lycée Vaugelas", "ORG", "lycée")]),
        ([("l'", "DET", False), ("université", "NOUN"), ("de", "ADP"), ("Duke", "PROPN")],
         [(1, 4, "LOC")], [("université de Duke", "ORG", "université")]),
        # but not a head that may be a common noun in lower case ("la cour de Reims")
        ([("la", "DET"), ("cour", "NOUN"), ("de", "ADP"), ("Reims", "PROPN")],
         [(1, 4, "LOC")], [("Reims", "LOC", None)]),
        # the head alone is no name of an institution; a person keeps the model's type
        ([("la", "DET"), ("Commission", "PROPN"), ("a", "AUX")], [(1, 2, "LOC")],
         [("Commission", "LOC", None)]),
        ([("Parti", "PROPN"), ("Martin", "PROPN"), ("a", "AUX")], [(0, 2, "PER")],
         [("Parti Martin", "PER", None)]),
    ],
)
def test_a_common_noun_heads_a_name(blank_nlp, tokens, ents, expected):
    assert cued(blank_nlp, tokens, ents) == expected


@pytest.mark.parametrize(
    ("words", "pos", "heads", "name", "expected"),
    [
        # the name closes a noun phrase headed by a cue
        (
            ["pour", "son", "entreprise", "de", "voitures", ",", "Tesla", "."],
            ["ADP", "DET", "NOUN", "ADP", "NOUN", "PUNCT", "PROPN", "PUNCT"],
            [2, 2, 2, 4, 2, 6, 2, 2],
            (6, 7),
            ("ORG", "entreprise"),
        ),
        # the cue is the complement of another noun: the name is that noun's
        (
            ["le", "président", "de", "la", "société", ",", "Jean", "Dupont", ","],
            ["DET", "NOUN", "ADP", "DET", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT"],
            [1, 1, 4, 4, 1, 6, 1, 6, 1],
            (6, 8),
            None,
        ),
        # the name does not close the phrase: it is the subject of what follows
        (
            ["pour", "la", "société", ",", "Martin", "vend"],
            ["ADP", "DET", "NOUN", "PUNCT", "PROPN", "VERB"],
            [2, 2, 5, 4, 5, 5],
            (4, 5),
            None,
        ),
    ],
)
def test_apposition_after_a_noun_phrase(blank_nlp, words, pos, heads, name, expected):
    cues = {"entreprise": "ORG", "société": "ORG"}
    doc = _parsed(blank_nlp, words, pos, [w.lower() for w in words], [], heads, ["dep"] * len(heads))
    assert find_cue(doc, *name, cues) == expected


def test_known_names_keep_their_type(blank_nlp):
    tokens = [("la", "DET"), ("société", "NOUN"), ("Orange", "PROPN"), ("vend", "VERB")]
    assert cued(blank_nlp, tokens, [(2, 3, "LOC")], known=lambda n: "LOC") == [
        ("Orange", "LOC", None)
    ]


def test_a_common_word_after_a_cue_is_not_a_name(blank_nlp):
    common = CommonWords({"noun": frozenset({"internet"}), "adj": frozenset()})
    tokens = [("la", "DET"), ("société", "NOUN"), ("Internet", "NOUN"), ("vend", "VERB")]
    assert cued(blank_nlp, tokens, common=common) == []


def test_a_byline_names_a_person(blank_nlp):
    tokens = [
        ("Texte", "NOUN", False),
        ("\n", "SPACE", False),
        ("By", "ADP", True, True),
        ("Liang", "PROPN"),
        ("Rui", "PROPN", False),
        ("\n", "SPACE", False),
        ("Fin", "NOUN", True, True),
    ]
    assert cued(blank_nlp, tokens) == [("Liang Rui", "PER", "byline")]


def test_a_byline_needs_the_line_to_itself(blank_nlp):
    tokens = [("Par", "ADP"), ("Liang", "PROPN"), ("Rui", "PROPN"), ("arrive", "VERB")]
    assert cued(blank_nlp, tokens) == []


def test_a_dateline_in_capitals_names_a_known_place(blank_nlp):
    tokens = [
        ("BEIJING", "PROPN", False),
        (",", "PUNCT"),
        ("le", "DET"),
        ("1er", "ADJ"),
        ("mai", "NOUN"),
    ]
    known = {"Beijing": "LOC"}.get
    assert cued(blank_nlp, tokens, known=known) == [("BEIJING", "LOC", "place name")]
    assert cued(blank_nlp, tokens, known=lambda n: None) == []


def test_a_dateline_after_a_date_is_not_a_unit(blank_nlp):
    tokens = [
        ("2025", "NUM", False),
        ("-", "PUNCT", False),
        ("05", "NUM"),
        ("PARIS", "PROPN", False),
        (",", "PUNCT"),
        ("le", "DET"),
        ("gouvernement", "NOUN"),
    ]
    assert cued(blank_nlp, tokens, known={"Paris": "LOC", "PARIS": "LOC"}.get) == [
        ("PARIS", "LOC", "place name")
    ]


def test_find_cue_skips_adjectives(blank_nlp):
    doc = make_doc(
        blank_nlp,
        [
            ("la", "DET"),
            ("ville", "NOUN"),
            ("chinoise", "ADJ"),
            ("ancienne", "ADJ"),
            ("Xi'an", "PROPN"),
        ],
    )
    assert find_cue(doc, 4, 5, CUES) == ("LOC", "ville")
    assert find_cue(doc, 1, 2, CUES) is None


def test_multiword_cues(blank_nlp):
    doc = make_doc(
        blank_nlp,
        [
            ("l'", "DET", False),
            ("homme", "NOUN"),
            ("d'", "ADP", False),
            ("affaires", "NOUN"),
            ("Jack", "PROPN"),
            ("Ma", "PROPN"),
        ],
    )
    assert find_cue(doc, 4, 6, default_cues()) == ("PER", "homme d'affaires")


@pytest.mark.parametrize(
    ("text", "message"),
    [("société\tBRAND\n", "line 1"), ("# c\nsociété\n", "line 2"), ("\tORG\n", "line 1")],
)
def test_bad_cue_tables_name_the_line(text, message):
    with pytest.raises(InputError, match=message):
        read_cues(text, source="cues.tsv")


def test_packaged_cues_load():
    cues = default_cues()
    assert cues["société"] == "ORG" and cues["journaliste"] == "PER" and cues["ville"] == "LOC"
    assert cues["série"] == "MISC" and cues["ouragan"] == "MISC"
    assert set(cues.values()) <= {"PER", "LOC", "ORG", "MISC"}


def test_names_go_on_over_a_hyphen(blank_nlp):
    common = CommonWords({"noun": frozenset({"centre", "coopération"}), "adj": frozenset()})
    doc = make_doc(
        blank_nlp,
        [
            ("le", "DET"),
            ("Centre", "NOUN"),
            ("de", "ADP"),
            ("coopération", "NOUN"),
            ("Chine", "PROPN", False),
            ("-", "PUNCT", False),
            ("Laos", "PROPN"),
            ("ouvre", "VERB"),
        ],
    )
    assert (
        doc[1 : complete_name(doc, 1, 5, common=common)].text == "Centre de coopération Chine-Laos"
    )
    # a brand is not built on a common noun: nothing to complete
    assert complete_name(doc, 4, 5, common=common) == 5


def test_a_name_ending_the_text_on_a_link_word_is_complete(blank_nlp):
    common = CommonWords({"noun": frozenset({"centre"}), "adj": frozenset()})
    tokens = [("le", "DET"), ("Centre", "NOUN"), ("Chine", "PROPN", False), ("-", "PUNCT", False),
              ("Laos", "PROPN"), ("en", "ADP")]  # fmt: skip
    doc = make_doc(blank_nlp, tokens)
    assert doc[1 : complete_name(doc, 1, 3, common=common)].text == "Centre Chine-Laos"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "etype"),
    [
        ("Le constructeur Renault et la société chinoise BYD ont signé un accord.", "BYD", "ORG"),
        ("Selon le cabinet Deloitte, la croissance ralentit.", "Deloitte", "ORG"),
        ("Amina Diallo est une journaliste installée à Dakar.", "Amina Diallo", "PER"),
        ("PARIS, le 3 juin 2025 - Le gouvernement a présenté son budget.", "Paris", "LOC"),
    ],
)
def test_cues_with_the_model(md_nlp, text, name, etype):
    from kg.pipeline import extract

    corpus = extract([Document("d", text)], md_nlp)
    types = {e.name: e.type for e in corpus.resolution.entities}
    assert types.get(name) == etype, types


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Un rapport de l'Institut européen d'études sur la sécurité a été publié lundi.",
            "Institut européen d'études sur la sécurité",
        ),
        ("L'Union européenne a statué hier sur la conjoncture.", "Union européenne"),
        # the parser breaks the sentence at the hyphen: complements read on the surface
        (
            "Le Centre de recherche Chine-Europe pour la santé publique en IA ouvrira en mai.",
            "Centre de recherche Chine-Europe pour la santé publique en IA",
        ),
        # ... but "en" with a common noun is a complement of the sentence
        ("Le Sommet Chine-UE en juin a été reporté.", "Sommet Chine-UE"),
    ],
)
def test_organisation_names_are_completed(md_nlp, text, expected):
    doc = md_nlp(text)
    names = [
        m.text
        for m in extract_mentions(
            Document("d", text), doc, common=CommonWords.from_pipeline(md_nlp)
        )
    ]
    assert expected in names, names


@pytest.mark.parametrize(
    ("name", "canonical", "etype"),
    [
        # world regions (kg/data/aliases.tsv)
        ("Moyen Orient", "Moyen-Orient", "LOC"),
        ("Middle East", "Moyen-Orient", "LOC"),
        ("Amérique latine", "Amérique latine", "LOC"),
        # companies and media (kg/data/companies.tsv)
        ("Gartner", "Gartner", "ORG"),
        ("JP Morgan", "JPMorgan Chase", "ORG"),
        ("Aramco", "Saudi Aramco", "ORG"),
        ("Hon Hai", "Foxconn", "ORG"),
        ("Taiwan Semiconductor", "TSMC", "ORG"),
        ("Chine nouvelle", "Xinhua", "ORG"),
        # platforms and media are organisations when an article names them
        ("Twitter", "Twitter", "ORG"),
        ("Wikipedia", "Wikipédia", "ORG"),
        ("Youtube", "YouTube", "ORG"),
        ("Ria Novosti", "RIA Novosti", "ORG"),
        ("franceinfo", "France Info", "ORG"),
        ("France 2", "France 2", "ORG"),
    ],
)
def test_packaged_names_belong_to_their_entity(name, canonical, etype):
    from kg.aliases import packaged_aliases
    from kg.resolve import identity_key

    entries = {identity_key(n): e for e in packaged_aliases() for n in e.names}
    entry = entries[identity_key(name)]
    assert (entry.name, entry.type) == (canonical, etype)


def _parsed(nlp, words, pos, lemmas, ents, heads=None, deps=None):
    from spacy.tokens import Doc, Span

    doc = Doc(nlp.vocab, words=words, pos=pos, lemmas=lemmas, heads=heads, deps=deps)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


@pytest.mark.parametrize(
    ("words", "pos", "lemmas", "ents", "heads", "deps", "expected"),
    [
        # right before a verb of saying: a publisher, not a work
        (
            ["The", "Information", "a", "rapporté", "que"],
            ["PROPN", "PROPN", "AUX", "VERB", "SCONJ"],
            ["the", "information", "avoir", "rapporter", "que"],
            [(0, 2, "MISC")],
            None,
            None,
            [("The Information", "ORG", "speaker")],
        ),
        (
            ["CGTN", "publie", "un", "article"],
            ["PROPN", "VERB", "DET", "NOUN"],
            ["CGTN", "publier", "un", "article"],
            [(0, 1, "MISC")],
            None,
            None,
            [("CGTN", "ORG", "speaker")],
        ),
        # the subject in the parse, away from its verb
        (
            ["Wikileaks", "a", "hier", "affirmé", "cela"],
            ["PROPN", "AUX", "ADV", "VERB", "PRON"],
            ["Wikileaks", "avoir", "hier", "affirmer", "cela"],
            [(0, 1, "MISC")],
            [3, 3, 3, 3, 3],
            ["nsubj", "aux", "advmod", "ROOT", "obj"],
            [("Wikileaks", "ORG", "speaker")],
        ),
        # an object clitic between the name and its participle: "Télérama le qualifiant"
        (
            ["Télérama", "le", "qualifiant", "«", "douteux", "»"],
            ["PROPN", "PRON", "VERB", "PUNCT", "ADJ", "PUNCT"],
            ["Télérama", "le", "qualifier", "«", "douteux", "»"],
            [(0, 1, "MISC")],
            None,
            None,
            [("Télérama", "ORG", "speaker")],
        ),
        # an event does not speak: it stays MISC
        (
            ["Le", "Tour", "de", "France", "a", "commencé"],
            ["DET", "PROPN", "ADP", "PROPN", "AUX", "VERB"],
            ["le", "Tour", "de", "France", "avoir", "commencer"],
            [(1, 4, "MISC")],
            None,
            None,
            [("Tour de France", "MISC", None)],
        ),
        # a title made of common words speaks for a document: "le Livre blanc indique"
        (
            ["Le", "Livre", "blanc", "indique", "que"],
            ["DET", "PROPN", "ADJ", "VERB", "SCONJ"],
            ["le", "livre", "blanc", "indiquer", "que"],
            [(1, 3, "MISC")],
            None,
            None,
            [("Livre blanc", "MISC", None)],
        ),
    ],
)
def test_a_name_that_speaks_is_an_organisation(
    blank_nlp, words, pos, lemmas, ents, heads, deps, expected
):
    doc = _parsed(blank_nlp, words, pos, lemmas, ents, heads, deps)
    document = Document("d", doc.text)
    common = CommonWords({"noun": frozenset({"livre", "information"}), "adj": frozenset({"blanc"})})
    found = extract_mentions(document, doc, common=common)
    out = cued_mentions(
        document, doc, found, sents=sentences(document, doc), cues=CUES, common=common
    )
    assert [(m.text, m.label, m.cue) for m in out] == expected


def test_company_names_are_no_places():
    from importlib import resources

    from kg.aliases import parse_aliases
    from kg.gazetteer import default_gazetteer

    text = resources.files("kg").joinpath("data/companies.tsv").read_text("utf-8")
    companies = parse_aliases(text)
    assert len(companies) > 80 and {e.type for e in companies} == {"ORG"}
    gazetteer = default_gazetteer()
    for entry in companies:
        for name in entry.names:  # an alias row wins over the gazetteer: it would hide the place
            assert gazetteer.lookup(name) is None, name


@pytest.mark.parametrize(
    ("tokens", "ents", "expected"),
    [
        # the packaged cues: a collective, a militia are organisations
        (
            [("le", "DET"), ("collectif", "NOUN"), ("anarchiste", "ADJ"), ("Indecline", "PROPN"),
             ("a", "AUX")],
            [(3, 4, "PER")],
            ("Indecline", "ORG", "collectif"),
        ),
        (
            [("la", "DET"), ("milice", "NOUN"), ("Imbonerakure", "PROPN"), ("a", "AUX")],
            [(2, 3, "LOC")],
            ("Imbonerakure", "ORG", "milice"),
        ),
    ],
)
def test_packaged_cues_name_bodies(blank_nlp, tokens, ents, expected):
    from kg.cues import default_cues

    doc = make_doc(blank_nlp, tokens, ents=ents)
    document = Document("d", doc.text)
    found = cued_mentions(document, doc, extract_mentions(document, doc),
                          sents=sentences(document, doc), cues=default_cues())  # fmt: skip
    assert (found[0].text, found[0].label, found[0].cue) == expected
