import math

import pytest

from kg.graph import build_graph
from kg.patterns import Candidate
from kg.relations import (
    association,
    cooccurrence_confidence,
    cooccurrences,
    prune,
    quotes_and_addressees,
    typed_relations,
)
from kg.speech import QuoteCandidate
from kg.types import Entity, Mention, Relation, Sentence


def setup_corpus():
    # doc d: s0 "Chen Gang et le Guangxi avec l'ASEAN et Chen Gang." s1 "Le Guangxi seul."
    # doc e: s0 "Chen Gang au Guangxi, pour l'Exposition."
    mentions = [
        Mention("d", 0, 9, "Chen Gang", "PER", "Chen Gang", 0),
        Mention("d", 16, 23, "Guangxi", "LOC", "Guangxi", 0),
        Mention("d", 31, 36, "ASEAN", "ORG", "ASEAN", 0),
        Mention("d", 40, 49, "Chen Gang", "PER", "Chen Gang", 0),
        Mention("d", 54, 61, "Guangxi", "LOC", "Guangxi", 1),
        Mention("e", 0, 9, "Chen Gang", "PER", "Chen Gang", 0),
        Mention("e", 13, 20, "Guangxi", "LOC", "Guangxi", 0),
        Mention("e", 29, 39, "Exposition", "MISC", "Exposition", 0),
    ]
    ids = (
        "chen gang",
        "guangxi",
        "asean",
        "chen gang",
        "guangxi",
        "chen gang",
        "guangxi",
        "exposition",
    )
    types = {"chen gang": "PER", "guangxi": "LOC", "asean": "ORG", "exposition": "MISC"}
    sentences = {
        ("d", 0): (Sentence("d", 0, 0, 50), "Chen Gang et le Guangxi avec l'ASEAN et Chen Gang."),
        ("e", 0): (Sentence("e", 0, 0, 40), "Chen Gang au Guangxi, pour l'Exposition."),
    }
    return mentions, ids, types, sentences


def test_pairs_per_sentence_without_self_loops_or_misc():
    mentions, ids, types, sentences = setup_corpus()
    rels = cooccurrences(mentions, ids, entity_types=types, sentences=sentences)
    assert sorted((r.subject, r.object, r.doc_id) for r in rels) == [
        ("asean", "chen gang", "d"),
        ("asean", "guangxi", "d"),
        ("chen gang", "guangxi", "d"),
        ("chen gang", "guangxi", "e"),
    ]
    for r in rels:
        assert r.kind == "cooccursWith" and r.pattern == "sentence-cooccurrence"
        assert r.subject < r.object
        assert 0 < r.confidence <= 1
    first = next(r for r in rels if r.doc_id == "e")
    assert first.evidence == "Chen Gang au Guangxi, pour l'Exposition."
    assert (first.start, first.end) == (0, 40)


def test_confidence_uses_the_closest_pair_of_mentions():
    mentions, ids, types, sentences = setup_corpus()
    rels = {
        (r.subject, r.object, r.doc_id): r
        for r in cooccurrences(mentions, ids, entity_types=types, sentences=sentences)
    }
    # "ASEAN" (31-36) is 4 characters from the second "Chen Gang" (40-49)
    assert rels[("asean", "chen gang", "d")].confidence == cooccurrence_confidence(4)


@pytest.mark.parametrize(("gap", "expected"), [(0, 1.0), (100, 0.5), (300, 0.25), (-5, 1.0)])
def test_confidence_decreases_with_distance(gap, expected):
    assert cooccurrence_confidence(gap) == expected


def test_graph_counts_evidence_instead_of_overwriting():
    mentions, ids, types, sentences = setup_corpus()
    rels = cooccurrences(mentions, ids, entity_types=types, sentences=sentences)
    entities = [
        Entity("chen gang", "Chen Gang", "PER", (), 3, ("d", "e")),
        Entity("guangxi", "Guangxi", "LOC", (), 3, ("d", "e")),
        Entity("asean", "ASEAN", "ORG", (), 1, ("d",)),
        Entity("exposition", "Exposition", "MISC", (), 1, ("e",)),
    ]
    # the same sentence given twice counts once; the same pair in two documents counts twice
    G = build_graph(entities, rels + rels[:1])
    edge = G["chen gang"]["guangxi"]["cooccursWith"]
    assert (edge["weight"], edge["documents"], edge["symmetric"]) == (2, 2, True)
    assert [ev["doc"] for ev in edge["evidence"]] == ["d", "e"]
    assert G.number_of_edges() == 3
    assert G.nodes["exposition"]["type"] == "MISC" and G.degree("exposition") == 0


def test_symmetric_relations_are_stored_once_in_key_order():
    entities = [Entity("a", "A", "PER", (), 1, ("d",)), Entity("b", "B", "PER", (), 1, ("d",))]
    rels = [
        Relation("cooccursWith", "b", "a", "d", "B et A.", 0, 7),
        Relation("cooccursWith", "a", "b", "d", "A et B ici.", 8, 19),
    ]
    G = build_graph(entities, rels)
    assert list(G.edges(keys=True)) == [("a", "b", "cooccursWith")]
    assert G["a"]["b"]["cooccursWith"]["weight"] == 2


def test_unknown_entities_are_an_error():
    with pytest.raises(KeyError, match="unknown entity 'z'"):
        build_graph(
            [Entity("a", "A", "PER", (), 1, ("d",))],
            [Relation("cooccursWith", "a", "z", "d", "A et Z.", 0, 7)],
        )


# --------------------------------------------------------------------------- association and typed relations


def test_npmi_favours_pairs_named_only_together():
    mentions, ids, types, sentences = setup_corpus()
    rels = cooccurrences(mentions, ids, entity_types=types, sentences=sentences)
    assoc = association(rels, mentions, ids, total_sentences=10)
    # asean (1 sentence) with chen gang (2 sentences), together once
    pair = assoc[("asean", "chen gang")]
    assert (pair.sentences, pair.documents) == (1, 1)
    assert pair.pmi == round(math.log(1 * 10 / (1 * 2)), 4)
    assert pair.npmi == round(math.log(5) / -math.log(1 / 10), 4)
    # chen gang and guangxi: together in 2 of the 2 sentences naming chen gang
    both = assoc[("chen gang", "guangxi")]
    assert both.sentences == 2 and both.documents == 2
    assert -1 <= both.npmi <= 1


def test_min_support_prunes_only_cooccurrence():
    mentions, ids, types, sentences = setup_corpus()
    rels = cooccurrences(mentions, ids, entity_types=types, sentences=sentences)
    assoc = association(rels, mentions, ids, total_sentences=10)
    typed = Relation("locatedIn", "guangxi", "asean", "d", "x", 0, 1, pattern="p")
    kept = prune([*rels, typed], assoc, min_support=2)
    assert {(r.kind, r.subject, r.object) for r in kept} == {
        ("cooccursWith", "chen gang", "guangxi"),
        ("locatedIn", "guangxi", "asean"),
    }


def typed_setup():
    mentions = [
        Mention("d", 0, 9, "Chen Gang", "PER", "Chen Gang", 0),
        Mention("d", 11, 21, "secrétaire", "ORG", "x", 0),
        Mention("d", 25, 32, "Guangxi", "LOC", "Guangxi", 0),
        Mention("d", 40, 45, "Xi", "PER", "Xi", 0),
    ]
    ids = ("chen gang", "parti", "guangxi", "xi jinping")
    types = {
        "chen gang": "PER",
        "parti": "ORG",
        "guangxi": "LOC",
        "xi jinping": "PER",
        "chine": "LOC",
    }
    sentences = {("d", 0): (Sentence("d", 0, 0, 50), "Chen Gang, secrétaire du Parti du Guangxi.")}
    return mentions, ids, types, sentences


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        # right types: kept, with the role and both mention spans
        (
            Candidate(
                "holdsPosition", 0, 1, "role", 0.9, "secrétaire", None, ("PER",), ("ORG", "LOC")
            ),
            ("holdsPosition", "chen gang", "parti", "secrétaire", (0, 9), (11, 21)),
        ),
        # wrong subject type: dropped
        (Candidate("holdsPosition", 2, 1, "role", 0.9, None, None, ("PER",), ("ORG",)), None),
        # the object named by a nationality adjective
        (
            Candidate(
                "holdsPosition", 3, None, "demonym", 0.85, "président", "Chine", ("PER",), ("LOC",)
            ),
            ("holdsPosition", "xi jinping", "chine", "président", (40, 45), None),
        ),
        # symmetric kinds are stored in key order
        (
            Candidate("met", 3, 0, "meet", 0.9, None, None, ("PER",), ("PER",)),
            ("met", "chen gang", "xi jinping", None, (0, 9), (40, 45)),
        ),
        # an entity is not related to itself
        (Candidate("met", 0, 0, "meet", 0.9, None, None, ("PER",), ("PER",)), None),
    ],
)
def test_typed_relations(candidate, expected):
    mentions, ids, types, sentences = typed_setup()
    out = typed_relations(
        [("d", candidate)],
        mentions,
        ids,
        entity_types=types,
        sentences=sentences,
        entity_named={"Chine": "chine"}.get,
    )
    got = [(r.kind, r.subject, r.object, r.value, r.subject_span, r.object_span) for r in out]
    assert got == ([expected] if expected else [])


def test_plausibility_check_is_applied():
    mentions, ids, types, sentences = typed_setup()
    c = Candidate("locatedIn", 2, 1, "place", 0.8, None, None, ("LOC",), ("LOC", "ORG"))
    out = typed_relations(
        [("d", c)],
        mentions,
        ids,
        entity_types=types,
        sentences=sentences,
        entity_named=lambda _: None,
        check=lambda kind, s, o, pattern: False,
    )
    assert out == []


def test_quotes_and_addressees():
    mentions, ids, types, sentences = typed_setup()
    quotes = [
        (
            "d",
            QuoteCandidate(
                0,
                100,
                120,
                "Le projet avance bien",
                "déclarer",
                "reporting",
                0.9,
                addressee=1,
                speaker_types=("PER",),
                addressee_types=("PER", "ORG"),
            ),
        ),
        # the same quote twice counts once
        ("d", QuoteCandidate(0, 100, 120, "Le projet avance bien", "déclarer", "reporting", 0.9)),
        # a place does not speak here
        (
            "d",
            QuoteCandidate(
                2, 130, 150, "Autre chose encore", "dire", "reporting", 0.9, speaker_types=("PER",)
            ),
        ),
    ]
    out, said_to = quotes_and_addressees(
        quotes, mentions, ids, entity_types=types, sentences=sentences
    )
    assert [(q.speaker, q.text, q.addressee, q.verb) for q in out] == [
        ("chen gang", "Le projet avance bien", "parti", "déclarer")
    ]
    assert [(r.kind, r.subject, r.object) for r in said_to] == [("saidTo", "chen gang", "parti")]


@pytest.mark.parametrize(
    ("kind", "subject", "obj", "ok", "pattern"),
    [
        ("locatedIn", "Shanghai", "Chine", True, ""),
        ("locatedIn", "Shanghai", "Japon", False, ""),  # a city in a foreign country
        ("locatedIn", "Chine", "Shanghai", False, ""),  # a country inside a city
        ("capitalOf", "Chine", "Japon", False, ""),
        ("locatedIn", "Shanghai", "Unknown", True, ""),  # nothing known: no objection
        ("met", "Chine", "Shanghai", True, ""),  # only places are checked
        ("locatedIn", "France", "Europe", True, ""),  # a country in its continent
        ("locatedIn", "France", "Asie", False, ""),
        ("locatedIn", "Xuhui", "Shanghai", True, ""),  # a district of a much larger city
        ("locatedIn", "Toulouse", "Lyon", False, ""),  # two cities of a route
        ("locatedIn", "Paris", "Lyon", False, ""),
        ("locatedIn", "Agde", "Hérault", True, ""),  # a city in a region of its country
        ("locatedIn", "Hérault", "Agde", False, ""),  # reversed: a region inside a city
        ("locatedIn", "Shanghai", "Hérault", False, ""),  # a region of another country
        ("locatedIn", "Hérault", "France", True, ""),
        ("locatedIn", "Hérault", "Japon", False, ""),
        ("locatedIn", "Savoie", "Auvergne-Rhône-Alpes", True, ""),  # a department in its region
        ("locatedIn", "Californie", "Caroline du Nord", False, ""),  # two states: a list
        ("locatedIn", "Montain", "Jura", True, ""),  # unknown village in a known department
        ("locatedIn", "Durham", "États-Unis", True, "place-comma-country"),
        ("locatedIn", "Montain", "France", False, "place-comma-country"),  # strict: both known
        ("locatedIn", "Shanghai", "Hérault", False, "place-comma-country"),
        ("locatedIn", "Alaska", "Bethel", False, ""),  # a state inside an unknown place
        ("locatedIn", "Savoie", "Bethel", True, ""),  # a department may lie in a valley
        ("locatedIn", "Agde", "Hérault", True, "place-then-town"),
        ("locatedIn", "Tokyo", "Japon", True, "place-then-town"),
        ("locatedIn", "Shanghai", "Beacon Theatre", False, "place-then-town"),  # outer unknown
    ],
)
def test_places_agree(kind, subject, obj, ok, pattern):
    from kg.gazetteer import default_gazetteer
    from kg.regions import subdivisions
    from kg.relations import places_agree

    g = default_gazetteer()
    names = ("Shanghai", "Chine", "Japon", "France", "Europe", "Asie", "Xuhui", "Toulouse")
    names += ("Lyon", "Paris", "Agde", "Durham", "États-Unis", "Tokyo")
    places = {name: g.lookup(name) for name in names}
    regions = {
        name: subdivisions(name)
        for name in (
            "Hérault",
            "Savoie",
            "Auvergne-Rhône-Alpes",
            "Californie",
            "Caroline du Nord",
            "Jura",
            "Alaska",
        )
    }
    assert places_agree(places, regions)(kind, subject, obj, pattern) is ok


def test_gazetteer_containment():
    from kg.gazetteer import default_gazetteer
    from kg.relations import CONTAINMENT_PATTERN, gazetteer_containment

    g = default_gazetteer()
    mentions = [
        Mention("d", 0, 5, "Lyon", "LOC", "Lyon", 0),
        Mention("d", 20, 26, "France", "LOC", "France", 1),
        Mention("d", 40, 45, "Tokyo", "LOC", "Tokyo", 1),
        Mention("d", 60, 66, "Europe", "LOC", "Europe", 4),
        Mention("e", 0, 5, "Nice", "LOC", "Nice", 0),
    ]
    ids = ("lyon", "france", "tokyo", "europe", "nice")
    places = {i: g.lookup(m.text) for i, m in zip(ids, mentions, strict=True)}
    sentences = {
        (m.doc_id, m.sentence): (Sentence(m.doc_id, m.sentence, m.start, m.end + 10), m.text)
        for m in mentions
    }
    out = gazetteer_containment(mentions, ids, places=places, sentences=sentences)
    # Lyon in France (sentences 0 and 1); Tokyo is not in France; France and Europe are
    # three sentences apart; Nice is in another article than France
    assert [(r.subject, r.object, r.pattern, r.evidence) for r in out] == [
        ("lyon", "france", CONTAINMENT_PATTERN, "Lyon")
    ]
    assert out[0].confidence < 0.7
    assert (
        gazetteer_containment(
            mentions, ids, places=places, sentences=sentences, known={("lyon", "france")}
        )
        == []
    )


def test_gazetteer_containment_when_the_inner_sentence_holds_no_other_name():
    """The parser cut "l'usine d'Ivry-sur-Seine, | la plus importante en Île-de-France":
    Ivry's sentence has no evidence of its own; the next one, naming the region, is used."""
    from kg.gazetteer import default_gazetteer, region_of
    from kg.regions import subdivisions
    from kg.relations import gazetteer_containment

    g = default_gazetteer()
    mentions = [
        Mention("d", 10, 24, "Ivry-sur-Seine", "LOC", "Ivry-sur-Seine", 0),
        Mention("d", 50, 63, "Ile-de-France", "LOC", "Ile-de-France", 1),
    ]
    ids = ("ivry", "idf")
    sentences = {("d", 1): (Sentence("d", 1, 26, 80), "la plus importante en Ile-de-France")}
    out = gazetteer_containment(
        mentions, ids, places={"ivry": g.lookup("Ivry-sur-Seine")}, sentences=sentences,
        regions={"idf": subdivisions("Ile-de-France")}, region_of=region_of,
    )  # fmt: skip
    assert [(r.subject, r.object, r.evidence, r.start, r.subject_span) for r in out] == [
        ("ivry", "idf", "la plus importante en Ile-de-France", 26, (10, 24))
    ]


def test_gazetteer_containment_of_regions():
    from kg.gazetteer import default_gazetteer, region_of
    from kg.regions import subdivisions
    from kg.relations import gazetteer_containment

    g = default_gazetteer()
    names = ("Fairbanks", "Alaska", "Floride", "États-Unis", "Savoie", "Auvergne-Rhône-Alpes")
    names += ("Lyon",)
    mentions = [Mention("d", 10 * i, 10 * i + 5, n, "LOC", n, 0) for i, n in enumerate(names)]
    ids = tuple(n.lower() for n in names)
    places = {i: g.lookup(i) for i in ("fairbanks", "états-unis", "lyon")}
    regions = {i: subdivisions(n) for i, n in zip(ids, names, strict=True) if i not in places}
    sentences = {("d", 0): (Sentence("d", 0, 0, 60), "...")}
    out = gazetteer_containment(
        mentions, ids, places=places, sentences=sentences, regions=regions, region_of=region_of
    )
    # a US city in its state and country; a French city in its region (kg/data/admin1_iso.tsv)
    # and a department in its region (France is named through Lyon); a region is not said
    # to lie in its country; no city is put in a department (GeoNames does not say which)
    assert sorted((r.subject, r.object) for r in out) == [
        ("fairbanks", "alaska"),
        ("fairbanks", "états-unis"),
        ("lyon", "auvergne-rhône-alpes"),
        ("savoie", "auvergne-rhône-alpes"),
    ]


def test_gazetteer_containment_of_a_region_named_anywhere_in_the_article():
    """An article on a strike in Île-de-France names Saint-Ouen ten sentences later: the
    region is the setting; France, named as far away, is only mentioned in passing."""
    from kg.gazetteer import default_gazetteer, region_of
    from kg.regions import subdivisions
    from kg.relations import gazetteer_containment

    g = default_gazetteer()
    mentions = [
        Mention("d", 0, 13, "Île-de-France", "LOC", "Île-de-France", 0),
        Mention("d", 20, 26, "France", "LOC", "France", 1),
        Mention("d", 500, 510, "Saint-Ouen", "LOC", "Saint-Ouen", 11),
    ]
    ids = ("idf", "france", "saint-ouen")
    sentences = {
        ("d", m.sentence): (Sentence("d", m.sentence, m.start, m.end), m.text) for m in mentions
    }
    places = {"france": g.lookup("France"), "saint-ouen": g.lookup("Saint-Ouen")}
    assert places["saint-ouen"] is not None and places["saint-ouen"].country_code == "FR"
    kwargs = {"places": places, "sentences": sentences, "region_of": region_of,
              "regions": {"idf": subdivisions("Île-de-France")}}  # fmt: skip
    out = gazetteer_containment(mentions, ids, **kwargs)
    assert [(r.subject, r.object, r.evidence) for r in out] == [
        ("saint-ouen", "idf", "Saint-Ouen")
    ]
    assert gazetteer_containment(mentions, ids, region_window=1, **kwargs) == []


def _located(subject: str, obj: str, sentence: int, confidence: float = 0.8) -> Relation:
    return Relation("locatedIn", subject, obj, "d", f"sentence {sentence}", 100 * sentence,
                    100 * sentence + 90, confidence, "p", None, (1, 2), (3, 4))  # fmt: skip


@pytest.mark.parametrize(
    ("relations", "expected"),
    [
        # le lycée Vaugelas, situé à Chambéry (Savoie): the lycée is in Savoie
        ([_located("lycée", "chambéry", 0), _located("chambéry", "savoie", 0, 0.6)],
         [("lycée", "savoie", 0.54)]),
        # a longer chain: the airport, the town, the region, the country
        ([_located("aéroport", "ajaccio", 0), _located("ajaccio", "corse", 0),
          _located("corse", "france", 0)],
         [("aéroport", "corse", 0.72), ("ajaccio", "france", 0.72), ("aéroport", "france", 0.648)]),
        # two sentences are two facts: no chain across them
        ([_located("lycée", "chambéry", 0), _located("chambéry", "savoie", 1)], []),
        # nothing already known, no loop
        ([_located("a", "b", 0), _located("b", "c", 0), _located("a", "c", 0)], []),
        ([_located("a", "b", 0), _located("b", "a", 0)], []),
    ],
)  # fmt: skip
def test_located_chains(relations, expected):
    from kg.relations import CHAIN_PATTERN, located_chains

    chained = located_chains(relations)
    assert [(r.subject, r.object, r.confidence) for r in chained] == expected
    for r in chained:
        first = next(x for x in relations if x.subject == r.subject)
        assert (r.pattern, r.start, r.evidence, r.subject_span) == (
            CHAIN_PATTERN, first.start, first.evidence, (1, 2)
        )  # fmt: skip


def test_a_bracketed_pair_is_kept_only_when_it_nests():
    from kg.relations import PAIR_PATTERN, pairs_that_nest

    def rel(subject, obj, pattern, start=0):
        return Relation("locatedIn", subject, obj, "d", "s", start, start + 50, 0.8, pattern)

    duke = rel("duke", "durham", PAIR_PATTERN)
    durham = rel("durham", "usa", "place-comma-country")
    alstom = rel("alstom", "lyon", PAIR_PATTERN)
    elsewhere = rel("lyon", "france", "place-comma-country", start=100)  # another sentence
    assert pairs_that_nest([duke, durham, alstom, elsewhere]) == [duke, durham, elsewhere]
