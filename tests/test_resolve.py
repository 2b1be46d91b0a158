from collections import Counter

import pytest

from kg.resolve import choose_name, choose_type, fold, merge_key, resolve
from kg.types import Mention


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
