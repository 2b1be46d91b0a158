from collections import Counter
from dataclasses import replace

import pytest

from kg.aliases import AliasEntry
from kg.gazetteer import default_gazetteer
from kg.ids import fold, merge_key
from kg.resolve import choose_name, choose_type, identity_key, resolve
from kg.types import AliasLink, Mention


def m(text, label="LOC", doc="d", surface=None, i=0):
    return Mention(doc, i, i + len(text), text, label, surface or text, 0)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("États-Unis", "Etats-Unis"),
        ("Moyen Orient", "Moyen-Orient"),
        ("Viêt Nam", "Vietnam"),
        ("Académie chinoise d'études", "Académie chinoise d’études"),
        ("ASEAN", "Asean"),
    ],
)
def test_spelling_variants_share_a_key(a, b):
    assert merge_key(a) == merge_key(b)


@pytest.mark.parametrize(("a", "b"), [("Chine", "Chili"), ("Xi", "Xi Jinping"), ("Paris", "Pari")])
def test_different_names_do_not(a, b):
    assert merge_key(a) != merge_key(b)


def test_fold_keeps_non_latin_letters():
    assert fold("北京") == "北京"


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ({"LOC": 3, "PER": 1}, "LOC"),
        ({"MISC": 5, "ORG": 1}, "ORG"),
        ({"MISC": 2}, "MISC"),
        ({"PER": 2, "LOC": 2}, "LOC"),
    ],
)
def test_type_is_the_majority_and_misc_yields(votes, expected):
    assert choose_type(Counter(votes)) == expected


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        ({"Chine": 5, "CHINE": 1}, "Chine"),
        ({"États-Unis": 1, "Etats-Unis": 1}, "États-Unis"),
        ({"Vietnam": 2, "Viêt Nam": 1}, "Vietnam"),
    ],
)
def test_canonical_name(forms, expected):
    assert choose_name(Counter(forms)) == expected


def test_one_node_per_entity_across_documents():
    mentions = [
        m("Chine", surface="la Chine", doc="a"),
        m("Chine", surface="La Chine", doc="b"),
        m("Chine", doc="b"),
        m("Washington", "PER", doc="a"),
        m("Washington", "LOC", doc="b"),
        m("Washington", "LOC", doc="b"),
        m("NDB", "MISC", doc="c"),
        m("NDB", "ORG", doc="c"),
    ]
    r = resolve(mentions)
    by_id = {e.id: e for e in r.entities}
    assert sorted(by_id) == ["chine", "ndb", "washington"]
    chine = by_id["chine"]
    assert (chine.name, chine.type, chine.mention_count) == ("Chine", "LOC", 3)
    assert chine.aliases == ("La Chine", "la Chine")
    assert chine.documents == ("a", "b")
    assert by_id["washington"].type == "LOC"
    assert by_id["ndb"].type == "ORG"
    assert r.mention_entities == ("chine",) * 3 + ("washington",) * 3 + ("ndb",) * 2


# --------------------------------------------------------------------------- mechanisms


def groups(mentions, **kwargs):
    r = resolve(mentions, **kwargs)
    by_id = {e.id: e for e in r.entities}
    out: dict[str, list[str]] = {}
    for m_, eid in zip(mentions, r.mention_entities, strict=True):
        out.setdefault(by_id[eid].name, []).append(m_.text)
    return {k: sorted(v) for k, v in out.items()}, by_id


@pytest.mark.parametrize(
    ("a", "b"),
    [("Le Monde", "Monde"), ("Les Républicains", "Républicains"), ("l'Humanité", "Humanité")],
)
def test_identity_ignores_a_leading_article(a, b):
    assert identity_key(a) == identity_key(b)


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # a surname or first name alone goes to the full name of the same document
        ([m("Chen Gang", "PER"), m("Chen", "PER")], {"Chen Gang": ["Chen", "Chen Gang"]}),
        ([m("Elon Musk", "PER"), m("Musk", "ORG")], {"Elon Musk": ["Elon Musk", "Musk"]}),
        ([m("Xi Jinping", "PER"), m("Xi", "PER")], {"Xi Jinping": ["Xi", "Xi Jinping"]}),
        # ambiguous in the document: left alone
        (
            [m("Chen Gang", "PER"), m("Chen Xia", "PER"), m("Chen", "PER")],
            {"Chen Gang": ["Chen Gang"], "Chen Xia": ["Chen Xia"], "Chen": ["Chen"]},
        ),
        # across the corpus when only one full name fits
        (
            [m("Tulsi Gabbard", "PER", doc="a"), m("Gabbard", "PER", doc="b")],
            {"Tulsi Gabbard": ["Gabbard", "Tulsi Gabbard"]},
        ),
        # an initial and a surname
        (
            [m("Nicolas Sarkozy", "PER"), m("N. Sarkozy", "PER"), m("Sarkozy", "PER")],
            {"Nicolas Sarkozy": ["N. Sarkozy", "Nicolas Sarkozy", "Sarkozy"]},
        ),
        (
            [m("Jean-Luc Mélenchon", "PER", doc="a"), m("J.-L. Mélenchon", "PER", doc="b")],
            {"Jean-Luc Mélenchon": ["J.-L. Mélenchon", "Jean-Luc Mélenchon"]},
        ),
        # the initial must fit: "C. Martin" is not "Paul Martin"
        (
            [m("Paul Martin", "PER"), m("C. Martin", "PER")],
            {"Paul Martin": ["Paul Martin"], "C. Martin": ["C. Martin"]},
        ),
        # a place is not a person's surname
        (
            [m("George Washington", "PER"), m("Washington", "LOC")],
            {"George Washington": ["George Washington"], "Washington": ["Washington"]},
        ),
    ],
)
def test_partial_person_names(mentions, expected):
    assert groups(mentions)[0] == expected


@pytest.mark.parametrize(
    ("mentions", "expected", "etype"),
    [
        # the model tagged the surname LOC, but no place has that name
        (
            [m("Emmanuel Macron", "PER"), m("Macron", "LOC")],
            {"Emmanuel Macron": ["Emmanuel Macron", "Macron"]},
            "PER",
        ),
        # a surname tagged LOC more often than the full name is still a person
        (
            [m("Tina Trstenjak", "PER"), m("Trstenjak", "LOC"), m("Trstenjak", "LOC")],
            {"Tina Trstenjak": ["Tina Trstenjak", "Trstenjak", "Trstenjak"]},
            "PER",
        ),
        # a place the gazetteer knows stays a place
        (
            [m("George Washington", "PER"), m("Washington", "LOC")],
            {"George Washington": ["George Washington"], "Washington": ["Washington"]},
            None,
        ),
        # another document's person does not take a place-tagged word
        (
            [m("Emmanuel Macron", "PER", doc="a"), m("Macron", "LOC", doc="b")],
            {"Emmanuel Macron": ["Emmanuel Macron"], "Macron": ["Macron"]},
            None,
        ),
    ],
)
def test_surnames_the_model_tagged_as_places(mentions, expected, etype):
    found, by_id = groups(mentions, gazetteer=default_gazetteer())
    assert found == expected
    if etype:
        (entity,) = by_id.values()
        assert entity.type == etype


ERDOGAN = AliasEntry("Recep Tayyip Erdogan", "PER", ("Recep Tayyip Erdoğan", "Erdogan", "Erdoğan"))
NIXON = AliasEntry("Richard Nixon", "PER", ("Nixon",))


@pytest.mark.parametrize(
    ("mentions", "aliases", "expected", "etype"),
    [
        # a lone surname the table knows, whatever the model's type, goes to the person
        ([m("Erdogan", "LOC")], [ERDOGAN], {"Recep Tayyip Erdogan": ["Erdogan"]}, "PER"),
        ([m("Nixon", "MISC")], [NIXON], {"Richard Nixon": ["Nixon"]}, "PER"),
        (
            [m("Erdoğan", "PER"), m("Recep Tayyip Erdogan", "PER", doc="b")],
            [ERDOGAN],
            {"Recep Tayyip Erdogan": ["Erdoğan", "Recep Tayyip Erdogan"]},
            "PER",
        ),
        # a full name of the same document wins over the table
        (
            [m("Bilal Erdogan", "PER"), m("Erdogan", "PER")],
            [ERDOGAN],
            {"Bilal Erdogan": ["Bilal Erdogan", "Erdogan"]},
            "PER",
        ),
        # the table wins over another document's full name
        (
            [m("Bilal Erdogan", "PER", doc="a"), m("Erdogan", "PER", doc="b")],
            [ERDOGAN],
            {"Bilal Erdogan": ["Bilal Erdogan"], "Recep Tayyip Erdogan": ["Erdogan"]},
            None,
        ),
        # a one-word name of two rows is nobody's
        (
            [m("Nixon", "PER")],
            [NIXON, AliasEntry("Cynthia Nixon", "PER", ("Nixon",))],
            {"Nixon": ["Nixon"]},
            "PER",
        ),
        # the model's organisation is the person ("les liens de Trump" ORG), unless a class
        # noun said it is one ("la société Nixon"); a place the gazetteer knows stays a place
        ([m("Nixon", "ORG")], [NIXON], {"Richard Nixon": ["Nixon"]}, "PER"),
        (
            [replace(m("Nixon", "ORG"), cue="société")],
            [NIXON],
            {"Nixon": ["Nixon"]},
            "ORG",
        ),
        (
            [m("Staline", "LOC")],
            [AliasEntry("Joseph Staline", "PER", ("Staline",))],
            {"Donetsk": ["Staline"]},  # its former name: the gazetteer's place
            "LOC",
        ),
    ],
)
def test_people_the_press_names_by_one_word(mentions, aliases, expected, etype):
    found, by_id = groups(mentions, aliases=aliases, gazetteer=default_gazetteer())
    assert found == expected
    if etype:
        (entity,) = by_id.values()
        assert entity.type == etype


def test_packaged_people_have_full_canonical_names():
    from kg.aliases import packaged_aliases, short_names

    people = [e for e in packaged_aliases() if e.type == "PER"]
    assert len(people) > 150
    owners = Counter(f for e in people for f in {fold(s) for s in short_names(e)})
    for entry in people:
        assert len(entry.name.split()) >= 2, entry
        # a one-word name of two rows would be ignored: the table must not hold one
        assert all(owners[fold(s)] == 1 for s in short_names(entry)), entry


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # the article names the United States and no other place of the Americas
        (
            [m("États-Unis"), m("Amérique"), m("Chine")],
            {"États-Unis": ["Amérique", "États-Unis"], "Chine": ["Chine"]},
        ),
        # ...by another name of the country
        ([m("USA"), m("Amérique")], {"États-Unis": ["Amérique", "USA"]}),
        # every mention of the name in the article, not only the first
        (
            [m("États-Unis"), m("Amérique", i=20), m("Amérique", i=40)],
            {"États-Unis": ["Amérique", "Amérique", "États-Unis"]},
        ),
        # a place of South America: maybe the continent
        (
            [m("États-Unis"), m("Amérique"), m("Brésil")],
            {"États-Unis": ["États-Unis"], "Amérique": ["Amérique"], "Brésil": ["Brésil"]},
        ),
        # a list of continents: the continent
        (
            [m("États-Unis"), m("Afrique"), m("Asie"), m("Amérique")],
            {"États-Unis": ["États-Unis"], "Afrique": ["Afrique"], "Asie": ["Asie"],
             "Amérique": ["Amérique"]},
        ),
        # one other continent is a region the country deals with: "l'Amérique et l'Europe"
        (
            [m("États-Unis"), m("Europe"), m("Amérique")],
            {"États-Unis": ["Amérique", "États-Unis"], "Europe": ["Europe"]},
        ),
        # the United States' neighbours do not block it
        (
            [m("États-Unis"), m("Mexique"), m("Canada"), m("Amérique")],
            {"États-Unis": ["Amérique", "États-Unis"], "Mexique": ["Mexique"], "Canada": ["Canada"]},
        ),
        # a longer name with the word
        (
            [m("États-Unis"), m("Amérique"), m("Amérique latine")],
            {"États-Unis": ["États-Unis"], "Amérique": ["Amérique"], "Amérique latine": ["Amérique latine"]},
        ),
        # no country named in the article: left alone, and only in its own article
        (
            [m("États-Unis", doc="a"), m("Amérique", doc="b")],
            {"États-Unis": ["États-Unis"], "Amérique": ["Amérique"]},
        ),
        # one of several countries: the one the article names
        ([m("Corée du Nord"), m("Corée")], {"Corée du Nord": ["Corée", "Corée du Nord"]}),
        (
            [m("Corée du Nord"), m("Corée du Sud"), m("Corée")],
            {"Corée du Nord": ["Corée du Nord"], "Corée du Sud": ["Corée du Sud"], "Corée": ["Corée"]},
        ),
    ],
)
def test_place_names_whose_country_depends_on_the_article(mentions, expected):
    found, _ = groups(mentions, gazetteer=default_gazetteer())
    assert found == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Amérique", "line 1"),
        ("\tUS", "line 1"),
        ("# comment\nCorée\t\tAS", "line 2"),
        ("Amérique\tUS\tSA\tAF\textra", "line 1"),
    ],
)
def test_bad_metonym_rows_name_the_line(text, message):
    from kg.gazetteer import GazetteerDataError, read_metonyms

    with pytest.raises(GazetteerDataError, match=message):
        read_metonyms(text)


def test_acronyms_from_parentheses_and_initials():
    mentions = [
        m("Nouvelle Banque de développement", "ORG"),
        m("NDB", "MISC"),
        m("NDB", "ORG"),
        m("Parti communiste chinois", "ORG"),
        m("PCC", "ORG"),
        m("Wall Street Journal", "ORG", doc="b"),
        m("WSJ", "MISC", doc="c"),
    ]
    links = [AliasLink("d", "Nouvelle Banque de développement", "NDB")]
    found, by_id = groups(mentions, links=links)
    assert found == {
        "Nouvelle Banque de développement": ["NDB", "NDB", "Nouvelle Banque de développement"],
        "Parti communiste chinois": ["PCC", "Parti communiste chinois"],
        "Wall Street Journal": ["WSJ", "Wall Street Journal"],
    }
    assert {e.type for e in by_id.values()} == {"ORG"}


def test_initials_must_be_unambiguous():
    mentions = [
        m("Parti communiste chinois", "ORG"),
        m("Parti conservateur canadien", "ORG"),
        m("PCC", "ORG"),
    ]
    assert groups(mentions)[0]["PCC"] == ["PCC"]


def test_alias_tables_merge_name_and_type():
    table = [AliasEntry("Tesla", "ORG", ("Tesla Inc.",)), AliasEntry("ASEAN", "ORG", ("ANASE",))]
    mentions = [m("Tesla", "PER"), m("Tesla Inc.", "ORG"), m("ANASE", "ORG"), m("ASEAN", "LOC")]
    found, by_id = groups(mentions, aliases=table)
    assert found == {"Tesla": ["Tesla", "Tesla Inc."], "ASEAN": ["ANASE", "ASEAN"]}
    assert {e.name: e.type for e in by_id.values()} == {"Tesla": "ORG", "ASEAN": "ORG"}


def test_the_first_alias_table_wins():
    user = AliasEntry("Amérique", "LOC", ("USA",))
    packaged = AliasEntry("États-Unis", "LOC", ("USA",))
    found, _ = groups([m("USA")], aliases=[user, packaged])
    assert found == {"Amérique": ["USA"]}


@pytest.mark.parametrize(
    ("mentions", "name", "geonames", "country"),
    [
        ([m("Pékin"), m("Beijing", "LOC")], "Pékin", "https://sws.geonames.org/1816670/", "CN"),
        (
            [m("Chine"), m("République populaire de Chine")],
            "Chine",
            "https://sws.geonames.org/1814991/",
            "CN",
        ),
        ([m("Vietnam"), m("Viêt Nam")], "Viêt Nam", "https://sws.geonames.org/1562822/", "VN"),
        ([m("USA"), m("Etats-Unis")], "États-Unis", "https://sws.geonames.org/6252001/", "US"),
        # a big city is a place whatever the model said
        ([m("Nanning", "PER")], "Nanning", "https://sws.geonames.org/1799869/", "CN"),
        # a continent has no country code
        ([m("Afrique"), m("Africa", "MISC")], "Afrique", "https://sws.geonames.org/6255146/", None),
    ],
)
def test_places_link_to_geonames(mentions, name, geonames, country):
    found, by_id = groups(mentions, gazetteer=default_gazetteer())
    assert list(found) == [name]
    (entity,) = by_id.values()
    assert (entity.type, entity.same_as, entity.country) == ("LOC", (geonames,), country)


@pytest.mark.parametrize(
    ("mention", "type_"),
    [
        # a smaller city that the model only ever calls a person stays a person
        (m("Florence", "PER"), "PER"),
        # a full person name is never a place
        (m("Paris Hilton", "PER"), "PER"),
    ],
)
def test_uncertain_places_are_not_linked(mention, type_):
    r = resolve([mention], gazetteer=default_gazetteer())
    (entity,) = r.entities
    assert (entity.type, entity.same_as) == (type_, ())


def test_titles_are_kept_on_the_entity():
    mentions = [
        Mention("d", 0, 2, "Xi", "PER", "M. Xi", 0, title="M."),
        Mention("d", 9, 19, "Xi Jinping", "PER", "le président Xi Jinping", 0, title="président"),
        Mention("d", 30, 32, "Xi", "PER", "M. Xi", 1, title="M."),
    ]
    (entity,) = resolve(mentions).entities
    assert entity.name == "Xi Jinping" and entity.titles == ("M.", "président")


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([m("Nouvelle Banque de développement", "ORG"), m("Banque", "ORG")],
         {"Nouvelle Banque de développement": ["Banque", "Nouvelle Banque de développement"]}),
        # two organisations share the word: ambiguous, left alone
        ([m("Banque mondiale", "ORG"), m("Banque de France", "ORG"), m("Banque", "ORG")],
         {"Banque mondiale": ["Banque mondiale"], "Banque de France": ["Banque de France"],
          "Banque": ["Banque"]}),
        # only within a document
        ([m("Commission européenne", "ORG", doc="a"), m("Commission", "ORG", doc="b")],
         {"Commission européenne": ["Commission européenne"], "Commission": ["Commission"]}),
    ],
)
def test_short_organisation_names(mentions, expected):
    assert groups(mentions)[0] == expected


def test_packaged_metonyms_name_known_countries_and_continents():
    from kg.gazetteer import packaged_metonyms

    countries = {p.country_code for p in default_gazetteer().countries()}
    continents = {p.continent for p in default_gazetteer().countries()}
    assert packaged_metonyms()
    for row in packaged_metonyms():
        assert set(row.countries) <= countries and set(row.blocking) <= continents, row
        assert set(row.blocking_continents) <= continents, row
        assert default_gazetteer().lookup(row.name) is None or len(row.countries) > 1, row


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        ("Australie-Méridionale", "MISC", "LOC"),  # a state the model was unsure of
        ("Hérault", "MISC", "LOC"),  # a French department
        ("Zhejiang", "MISC", "LOC"),  # a Chinese province
        ("Coupe du monde", "MISC", "MISC"),  # no region
        ("Hidalgo", "PER", "PER"),  # a Mexican state, but the model said person
        ("Loire", "ORG", "ORG"),  # only MISC gives way
    ],
)
def test_a_region_the_model_called_misc_is_a_place(name, label, expected):
    resolution = resolve([Mention("d", 0, len(name), name, label, name, 0)])
    assert [e.type for e in resolution.entities] == [expected]


def test_a_name_of_a_region_in_another_language_stays_misc():
    # "Unity" is a state of South Sudan in pycountry ("Unité" in French): here, a module
    resolution = resolve([Mention("d", 0, 5, "Unity", "MISC", "Unity", 0)])
    assert [e.type for e in resolution.entities] == ["MISC"]


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # the name without its closing complement, in the same article: one court, named
        # in full even when the short form is the more frequent
        (
            [m("Cour d'appel de Reims", "ORG"), m("Cour d'appel", "ORG", i=30),
             m("Cour d'appel", "ORG", i=60)],
            {"Cour d'appel de Reims": ["Cour d'appel", "Cour d'appel", "Cour d'appel de Reims"]},
        ),
        # in another article, the short form may be another court: apart
        (
            [m("Cour d'appel de Reims", "ORG"), m("Cour d'appel", "ORG", doc="e")],
            {"Cour d'appel de Reims": ["Cour d'appel de Reims"], "Cour d'appel": ["Cour d'appel"]},
        ),
        # two full names with that head in the article: which one is unknown, apart
        (
            [m("Cour d'appel de Reims", "ORG"), m("Cour d'appel de Nancy", "ORG", i=30),
             m("Cour d'appel", "ORG", i=60)],
            {"Cour d'appel de Reims": ["Cour d'appel de Reims"],
             "Cour d'appel de Nancy": ["Cour d'appel de Nancy"], "Cour d'appel": ["Cour d'appel"]},
        ),
    ],
)  # fmt: skip
def test_an_organisation_named_without_its_complement(mentions, expected):
    found, _ = groups(mentions)
    assert found == expected
