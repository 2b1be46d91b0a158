"""Interactions read off French verbs (kg/interactions.py, kg/data/verbs.tsv).

Each family of the lexicon and each way of reading a verb has a French
sentence that must give the relation and one that must not. Only the verb
lexicon runs (no relation pattern), on the real model.
"""

from __future__ import annotations

import pytest

from conftest import lexicon_relations
from kg.errors import InputError
from kg.interactions import (
    CLASSES,
    INTERACTS,
    KIND_TYPES,
    OPPOSES,
    SUPPORTS,
    packaged_lexicon,
    parse_lexicon,
)
from kg.patterns import KINDS

# (family, sentence, (kind, subject, object, verb, class))
POSITIVE = [
    ("active", "Les États-Unis ont accusé la Chine de militariser la mer.",
     (OPPOSES, "États-Unis", "Chine", "accuser", "verbalConflict")),
    ("active-material", "La Chine a attaqué le Japon.",
     (OPPOSES, "Chine", "Japon", "attaquer", "materialConflict")),
    ("passive", "La Russie a été critiquée par les États-Unis.",
     (OPPOSES, "États-Unis", "Russie", "critiquer", "verbalConflict")),
    ("participle", "Le PSG, battu par Marseille, a changé d'entraîneur.",
     (OPPOSES, "Marseille", "PSG", "battre", "materialConflict")),
    ("reflexive-oblique", "Emmanuel Macron s'est opposé à Donald Trump.",
     (OPPOSES, "Emmanuel Macron", "Donald Trump", "s'opposer", "verbalConflict")),
    ("phrase-oblique", "Gérard Filoche a porté plainte contre le Parti socialiste.",
     (OPPOSES, "Gérard Filoche", "Parti socialiste", "porter plainte", "verbalConflict")),
    ("phrase-preposition", "Gérard Filoche a mis en cause le Parti socialiste.",
     (OPPOSES, "Gérard Filoche", "Parti socialiste", "mettre en cause", "verbalConflict")),
    ("phrase-object-oblique", "Les États-Unis ont fait la guerre à la Russie.",
     (OPPOSES, "États-Unis", "Russie", "faire la guerre", "materialConflict")),
    ("any-verb-noun", "L'Union européenne a imposé des sanctions contre la Russie.",
     (OPPOSES, "Union européenne", "Russie", "imposer sanction", "materialConflict")),
    ("phrase-support", "Angela Merkel a apporté son soutien à Emmanuel Macron.",
     (SUPPORTS, "Angela Merkel", "Emmanuel Macron", "apporter son soutien", "verbalCooperation")),
    ("any-verb-support", "La Chine a exprimé son soutien à la Russie.",
     (SUPPORTS, "Chine", "Russie", "exprimer soutien", "verbalCooperation")),
    ("sport-devant", "Mario Mola remporte la course devant Richard Murray.",
     (OPPOSES, "Mario Mola", "Richard Murray", "remporter", "materialConflict")),
    ("sport-defeat", "Le PSG s'incline devant l'Olympique de Marseille.",
     (OPPOSES, "PSG", "Olympique de Marseille", "s'incliner", "materialConflict")),
    ("conjoined-verb", "Renault a quitté le salon et accusé Nissan.",
     (OPPOSES, "Renault", "Nissan", "accuser", "verbalConflict")),
    ("relative-pronoun", "Le ministre a reçu Angela Merkel, qui soutient Emmanuel Macron.",
     (SUPPORTS, "Angela Merkel", "Emmanuel Macron", "soutenir", "verbalCooperation")),
    ("supports-material", "La France aide le Mali depuis 2013.",
     (SUPPORTS, "France", "Mali", "aider", "materialCooperation")),
    ("verbal-cooperation", "Barack Obama a félicité Justin Trudeau.",
     (INTERACTS, "Barack Obama", "Justin Trudeau", "féliciter", "verbalCooperation")),
    ("material-cooperation-dative", "Renault a vendu des voitures à la Chine.",
     (INTERACTS, "Renault", "Chine", "vendre", "materialCooperation")),
    ("neutral", "Le Olympique lyonnais succède au FC Barcelone.",
     (INTERACTS, "Olympique lyonnais", "FC Barcelone", "succéder", "neutral")),
    ("inverse", "Bill Gates a fondé Microsoft en 1975.",
     ("foundedBy", "Microsoft", "Bill Gates", "fonder", "materialCooperation")),
    ("existing-kind", "Emmanuel Macron a rencontré Angela Merkel à Berlin.",
     ("met", "Emmanuel Macron", "Angela Merkel", "rencontrer", "verbalCooperation")),
    ("fallback", "Emmanuel Macron a rencontré Microsoft.",
     (INTERACTS, "Emmanuel Macron", "Microsoft", "rencontrer", "verbalCooperation")),
]  # fmt: skip

# (family, sentence, (kind, subject, object)): not asserted, not named, or not an interaction
NEGATIVE = [
    # the participle describes "le gouvernement de Kanaky", not Kanaky
    ("participle-on-complement",
     "Le gouvernement provisoire de Kanaky, présidé par Jean-Marie Tjibaou, a été formé.",
     ("leads", "Jean-Marie Tjibaou", "Kanaky")),
    ("negation", "Angela Merkel ne soutient pas Viktor Orban.", (SUPPORTS, "Angela Merkel", "Viktor Orban")),
    ("negation-passive", "La Russie n'a jamais été critiquée par les États-Unis.",
     (OPPOSES, "États-Unis", "Russie")),
    ("conditional", "La Chine aurait attaqué le Japon.", (OPPOSES, "Chine", "Japon")),
    ("stopped", "L'Allemagne a cessé de soutenir la Grèce.", (SUPPORTS, "Allemagne", "Grèce")),
    ("reported-speech", "Jean Dupont a déclaré que la France soutenait l'Ukraine.",
     (SUPPORTS, "France", "Ukraine")),
    ("quoted", "« La France soutient l'Ukraine », a dit Jean Dupont.", (SUPPORTS, "France", "Ukraine")),
    ("reporting-verb", "Jean Dupont a déclaré à Paul Martin que le projet avançait.",
     (INTERACTS, "Jean Dupont", "Paul Martin")),
    ("not-named", "La Chine a critiqué la décision du Japon.", (OPPOSES, "Chine", "Japon")),
    ("copula", "Angela Merkel est la chancelière de l'Allemagne.",
     (INTERACTS, "Angela Merkel", "Allemagne")),
    ("infinitive", "La France a refusé de soutenir l'Ukraine.", (SUPPORTS, "France", "Ukraine")),
    ("question", "La France soutient-elle l'Ukraine ?", (SUPPORTS, "France", "Ukraine")),
    ("preposition-name", "Le gouvernement de Kanaky, présidé par Jean Tjibaou, a été dissous.",
     ("leads", "Jean Tjibaou", "Kanaky")),
    ("phrase-noun-elsewhere", "Les États-Unis ont fait cela à la Russie après la guerre froide.",
     (OPPOSES, "États-Unis", "Russie")),
    ("any-verb-not-named", "Angela Merkel a apporté son soutien à la candidature d'Emmanuel Macron.",
     (SUPPORTS, "Angela Merkel", "Emmanuel Macron")),
    ("any-verb-negated", "L'Union européenne n'a pas imposé de sanctions contre la Russie.",
     (OPPOSES, "Union européenne", "Russie")),
    ("fallback-place", "Jean Dupont a reçu à Washington le prix Albert-Londres.",
     (INTERACTS, "Jean Dupont", "Washington")),
    ("reflexive-needed", "Le roi incline la tête devant Barack Obama.",
     (OPPOSES, "roi", "Barack Obama")),
    ("wrong-frame", "Emmanuel Macron a voté à Paris.", (SUPPORTS, "Emmanuel Macron", "Paris")),
]  # fmt: skip

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def run(md_nlp):
    """Return ``run(sentence) -> {(kind, subject, object): (verb, class)}``, verbs only."""

    def _run(sentence):
        return lexicon_relations(md_nlp, sentence)

    return _run


def _get(relations, kind, subject, obj):
    if kind == "met":
        return relations.get((kind, subject, obj)) or relations.get((kind, obj, subject))
    return relations.get((kind, subject, obj))


@pytest.mark.parametrize(("family", "sentence", "expected"), POSITIVE, ids=[p[0] for p in POSITIVE])
def test_verb_gives_its_relation(run, family, sentence, expected):
    kind, subject, obj, verb, cls = expected
    relations = run(sentence)
    assert _get(relations, kind, subject, obj) == (verb, cls), relations


@pytest.mark.parametrize(("family", "sentence", "unexpected"), NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_verb_is_not_overread(run, family, sentence, unexpected):
    relations = run(sentence)
    assert _get(relations, *unexpected) is None, relations
    if family in ("negation", "conditional", "reported-speech", "quoted", "infinitive", "question"):
        assert not relations, relations  # no other kind either


def test_packaged_lexicon_is_large_and_well_formed():
    lex = packaged_lexicon()
    entries = [e for es in lex.entries.values() for e in es]
    assert len(entries) >= 250
    assert {e.cls for e in entries} == set(CLASSES)
    assert {e.kind for e in entries} >= {OPPOSES, SUPPORTS, INTERACTS, "met", "foundedBy"}
    assert {e.kind for e in entries} <= set(KINDS)
    assert set(KIND_TYPES) <= set(KINDS)
    assert {"dire", "déclarer", "affirmer"} <= lex.speech
    assert not lex.speech & {"critiquer", "accuser", "soutenir"}
    # one (lemma, frame) per row
    keys = [(e.lemma, e.frame) for e in entries]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("aimer\tobj\tlikes\tneutral\t", "unknown kind"),
        ("aimer\tobj\tsupports\tfriendly\t", "unknown class"),
        ("aimer\tobj\tsupports\tneutral\tmaybe", "inverse"),
        ("\tobj\tsupports\tneutral\t", "lemma"),
        ("*\tcontre\topposes\tverbalConflict\t", "noun"),
    ],
)
def test_bad_lexicon_rows_name_the_line(row, message):
    with pytest.raises(InputError, match=message):
        parse_lexicon("lemma\tframe\tkind\tclass\tinverse\n" + row, source="v.tsv")


@pytest.mark.parametrize(
    ("lemma", "verb", "clitics", "noun"),
    [
        ("s'opposer", "opposer", {"se"}, None),
        ("s'en prendre", "prendre", {"se", "en"}, None),
        ("l'emporter", "emporter", {"le"}, None),
        ("porter plainte", "porter", set(), "plainte"),
        ("mettre en cause", "mettre", set(), "cause"),
        ("critiquer", "critiquer", set(), None),
    ],
)
def test_lexicon_rows_read_clitics_and_nouns(lemma, verb, clitics, noun):
    lex = parse_lexicon(f"{lemma}\tà\topposes\tverbalConflict\t")
    (entry,) = lex.entries[verb]
    assert (entry.verb, set(entry.clitics), entry.noun) == (verb, clitics, noun)


# ---------------------------------------------------------------------- RDF: kg:verb and its class

_TEXT = "La Chine a critiqué le Japon. Pékin a félicité Tokyo."


def _verb_graph(cls="verbalConflict"):
    from kg.graph import build_graph
    from kg.types import DocumentInfo, Entity, Mention, Relation

    names = {"chine": "Chine", "japon": "Japon", "pekin": "Pékin", "tokyo": "Tokyo"}
    mentions = []
    for key, name in names.items():
        start = _TEXT.index(name)
        mentions.append((Mention("d", start, start + len(name), name, "LOC", name, 0), key))
    entities = [Entity(k, n, "LOC", (), 1, ("d",)) for k, n in names.items()]
    first, second = _TEXT.split(". ")
    relations = [
        Relation("opposes", "chine", "japon", "d", first, 0, len(first), 0.8, "verb-active",
                 verb="critiquer", verb_class=cls),
        Relation("interactsWith", "pekin", "tokyo", "d", second, len(first) + 2, len(_TEXT), 0.8,
                 "verb-active", verb="féliciter", verb_class="verbalCooperation"),
        Relation("cooccursWith", "chine", "japon", "d", first, 0, len(first), 1.0,
                 "sentence-cooccurrence"),
    ]  # fmt: skip
    documents = [DocumentInfo("d", "d.txt", len(_TEXT), 2, 4)]
    return build_graph(entities, relations, documents=documents, mentions=mentions)


def test_the_verb_and_its_class_are_on_the_statement():
    from rdflib import Literal, URIRef

    from kg.export.rdf import to_rdf
    from kg.ids import KG, entity_iri, statement_iri

    base = "https://example.org/kg/"
    G = _verb_graph()
    assert G["chine"]["japon"]["opposes"]["evidence"][0]["verb"] == "critiquer"
    assert "verb" not in G["chine"]["japon"]["cooccursWith"]["evidence"][0]
    g = to_rdf(G, base=base, texts={"d": _TEXT})
    st = statement_iri(base, "opposes", "chine", "japon", "d")
    assert (st, KG.verb, Literal("critiquer")) in g
    assert (st, KG.interactionClass, KG.VerbalConflict) in g
    assert (entity_iri(base, "pekin"), KG.interactsWith, entity_iri(base, "tokyo")) in g
    co = statement_iri(base, "cooccursWith", "chine", "japon", "d")
    assert (co, KG.verb, None) not in g and (co, KG.interactionClass, None) not in g
    assert isinstance(next(g.objects(st, KG.interactionClass)), URIRef)


def test_a_graph_with_verbs_conforms_to_the_shapes_and_round_trips():
    from kg.convert import rdf_to_networkx
    from kg.export.rdf import to_rdf
    from kg.ids import KG
    from kg.validate import validate

    g = to_rdf(_verb_graph(), texts={"d": _TEXT})
    report = validate(g)
    assert report.conforms, report.violations
    back = rdf_to_networkx(g)
    (edge,) = [d for _, _, k, d in back.edges(keys=True, data=True) if k == "opposes"]
    assert (edge["evidence"][0]["verb"], edge["evidence"][0]["class"]) == (
        "critiquer",
        "verbalConflict",
    )
    bad = next(g.subjects(KG.verb, None))
    g.set((bad, KG.interactionClass, KG.Misc))  # not one of the five classes
    assert not validate(g).conforms


def test_unknown_class_is_not_exported():
    from kg.export.rdf import to_rdf
    from kg.ids import KG

    g = to_rdf(_verb_graph(cls="friendly"), texts={"d": _TEXT})
    assert {str(o) for o in g.objects(None, KG.interactionClass)} == {str(KG.VerbalCooperation)}


@pytest.mark.parametrize(
    ("kind", "objects"),
    [("met", ("PER", "ORG")), ("memberOf", ("ORG", "LOC")), ("opposes", ("PER", "LOC", "ORG"))],
)
def test_fallback_object_types(kind, objects):
    """A kind's generic fallback keeps only the objects it can have: one joins a body or a
    country (``il rejoint Paavo Nurmi au nombre de médailles`` is no interaction)."""
    from kg.interactions import fallback
    from kg.patterns import Candidate

    generic = fallback(Candidate(kind, 0, 1, "verb-active", 0.8, verb="rejoindre"))
    assert generic is not None and generic.kind == "interactsWith"
    assert set(generic.object_types) == set(objects)
