"""Interactions read off relation and event nouns (kg/nominal.py, kg/data/relation_nouns.tsv),
joint action (kg/joint.py), lists of names, working together, race results and adjuncts
(kg/interactions.py).

Each family has French sentences that must give the relation and sentences that
must not. Only the verb and noun lexicons run (no relation pattern), on the real model.
"""

from __future__ import annotations

import pytest

from conftest import lexicon_relations
from kg.errors import InputError
from kg.interactions import CLASSES, INTERACTS, OPPOSES, SUPPORTS, packaged_lexicon, parse_lexicon
from kg.nominal import packaged_nouns, parse_nouns
from kg.patterns import KINDS

COOP = "cooperatesWith"

# (family, sentence, (kind, subject, object, verb))
POSITIVE = [
    # lists of names chained by the parser with conj and appos
    ("list-working-together", "Catherine Deneuve a tourné pour François Truffaut, Jacques Demy et Luis Buñuel.",
     (COOP, "Catherine Deneuve", "Luis Buñuel", "tourner")),
    ("list-middle", "Catherine Deneuve a tourné pour François Truffaut, Jacques Demy et Luis Buñuel.",
     (COOP, "Catherine Deneuve", "Jacques Demy", "tourner")),
    ("list-sport", "Mario Mola remporte la course devant Richard Murray, Joao Silva et Fernando Alarza.",
     (OPPOSES, "Mario Mola", "Fernando Alarza", "remporter")),
    ("list-generic", "Emmanuel Macron a remercié Angela Merkel, Theresa May et Justin Trudeau.",
     (INTERACTS, "Emmanuel Macron", "Theresa May", "remercier")),
    ("sing-with", "Johnny Hallyday a chanté avec Eddy Mitchell et Jacques Dutronc.",
     (COOP, "Johnny Hallyday", "Jacques Dutronc", "chanter")),
    ("write-for", "Serge Gainsbourg a écrit pour Jane Birkin.",
     (COOP, "Serge Gainsbourg", "Jane Birkin", "écrire")),
    ("write-for-organisation-falls-back", "Jean Dupont a écrit pour Le Monde.",
     (INTERACTS, "Jean Dupont", "Le Monde", "écrire")),
    # race results: the winner opposes those behind
    ("race-behind", "Jodie Stimpson termine derrière Flora Duffy.",
     (OPPOSES, "Flora Duffy", "Jodie Stimpson", "terminer")),
    ("race-gives-place", "Daniela Ryf a cédé la troisième place à Heather Wurtele.",
     (OPPOSES, "Heather Wurtele", "Daniela Ryf", "céder place")),
    # a chain of appositions: the relation noun is said of the name that heads it
    ("apposition-chain", "Paul Martin, 50 ans, un proche de la famille, ancien collaborateur de "
     "Jacques Chirac, est mort.", (COOP, "Paul Martin", "Jacques Chirac", "collaborateur de")),
    # the journalist's apposition inside what someone revealed, on a name in a complement
    ("apposition-chain-in-speech", "Le parquet a révélé qu'il s'agit du corps de Paul Martin, 73 "
     "ans, un militant de la cause, ancien collaborateur de Jacques Chirac, qui vivait seul.",
     (COOP, "Paul Martin", "Jacques Chirac", "collaborateur de")),
    ("apposition-chain-complement", "Paul Martin, directeur de la FIDH, ancien collaborateur de "
     "Jacques Chirac, est mort.", (COOP, "Paul Martin", "Jacques Chirac", "collaborateur de")),
    ("race-coordinated", "Mario Mola s'impose devant Richard Murray et Joao Silva.",
     (OPPOSES, "Mario Mola", "Joao Silva", "s'imposer")),
    ("race-after-having", "Daniela Ryf termine quatrième après avoir cédé la troisième place à la Canadienne Heather Wurtele.",
     (OPPOSES, "Heather Wurtele", "Daniela Ryf", "céder place")),
    ("trailing-oblique-of-last-verb",
     "Mario Mola reste dans leur sillage et remporte l'étape, en 1 heure, devant Richard Murray et Joao Silva.",
     (OPPOSES, "Mario Mola", "Joao Silva", "remporter")),
    ("description-with-apposed-name",
     "Wayde van Niekerk remporte le titre olympique devant le tenant du titre, Kirani James, et LaShawn Merritt.",
     (OPPOSES, "Wayde van Niekerk", "Kirani James", "remporter")),
    # met
    ("exchange-with", "Manuel Valls a échangé avec Jean-Pierre Deteix.",
     ("met", "Manuel Valls", "Jean-Pierre Deteix", "échanger")),
    ("relative-after-apposition",
     "James Syring, responsable du programme, qui s'est entretenu avec Donald Trump, est parti.",
     ("met", "James Syring", "Donald Trump", "s'entretenir")),
    ("acting-noun", "Des militants du FNL ont été pris à partie par le Hezbollah.",
     (OPPOSES, "Hezbollah", "FNL", "prendre à partie")),
    ("create-with", "Avec son ami Jean-Jacques Debout, Roger Dumas invente des chansons.",
     (COOP, "Roger Dumas", "Jean-Jacques Debout", "inventer")),
    # adjuncts
    ("in-cooperation-with", "La France a mené l'opération en coopération avec l'Allemagne.",
     (COOP, "France", "Allemagne", "mener en coopération")),
    # relation nouns said of a name
    ("noun-apposition", "Jean Dupont, ancien collaborateur de Jacques Chirac, est mort.",
     (COOP, "Jean Dupont", "Jacques Chirac", "collaborateur de")),
    ("noun-copula", "Bachar al-Assad est l'allié de Vladimir Poutine.",
     (COOP, "Bachar al-Assad", "Vladimir Poutine", "allié de")),
    ("noun-rival", "Jean Dupont, rival de Paul Martin, a gagné l'élection.",
     (OPPOSES, "Jean Dupont", "Paul Martin", "rival de")),
    ("noun-friend", "Jean Dupont, l'ami de Paul Martin, est arrivé.",
     (INTERACTS, "Jean Dupont", "Paul Martin", "ami de")),
    ("noun-work-complement", "Roger Dumas est mort. Il est aussi l'auteur de nombreuses chansons pour Sylvie Vartan et Chantal Goya.",
     (COOP, "Roger Dumas", "Chantal Goya", "auteur pour")),
    # event nouns: agent in the de-complement
    ("event-victory", "La victoire de Rafael Nadal sur Roger Federer a surpris.",
     (OPPOSES, "Rafael Nadal", "Roger Federer", "victoire sur")),
    ("event-duel-between", "Le duel entre Rafael Nadal et Roger Federer a tenu ses promesses.",
     (OPPOSES, "Rafael Nadal", "Roger Federer", "duel entre")),
    ("event-criticism", "Les critiques de Donald Trump contre Hillary Clinton se multiplient.",
     (OPPOSES, "Donald Trump", "Hillary Clinton", "critique contre")),
    ("event-support", "Le soutien de la Russie à Bachar al-Assad est total.",
     (SUPPORTS, "Russie", "Bachar al-Assad", "soutien à")),
    # coordinated subjects acting explicitly together (kg/joint.py)
    ("joint-ensemble", "Jean Dupont et Paul Martin ont publié ensemble un livre.",
     (COOP, "Jean Dupont", "Paul Martin", "publier ensemble")),
    ("joint-de-concert", "Le PS et le PCF ont défilé de concert.",
     (COOP, "Parti socialiste", "Parti communiste français", "défiler de concert")),
    # a pronoun subject standing for a name of another sentence (kg/coref.py)
    ("pronoun-subject-list", "Jean Dupont est mort. Il a tourné pour Claude Chabrol, Claude Berri et Claude Zidi.",
     (COOP, "Jean Dupont", "Claude Zidi", "tourner")),
]  # fmt: skip

# (family, sentence, (kind, subject, object)): not asserted, not named, or not an interaction
NEGATIVE = [
    ("places-are-no-list", "Patrick Modiano a voyagé à Lyon, Marseille et Nice.", (COOP, "Lyon", "Marseille")),
    ("coordinated-subjects", "Jean Dupont et Paul Martin publient un livre.", (COOP, "Jean Dupont", "Paul Martin")),
    ("noun-negated", "Bachar al-Assad n'est pas l'allié de Vladimir Poutine.",
     (COOP, "Bachar al-Assad", "Vladimir Poutine")),
    ("noun-conditional", "Bachar al-Assad serait l'allié de Vladimir Poutine.",
     (COOP, "Bachar al-Assad", "Vladimir Poutine")),
    ("noun-not-in-lexicon", "Jean Dupont, président de Microsoft, est arrivé.", (COOP, "Jean Dupont", "Microsoft")),
    # a clause in the chain: whose apposition it is cannot be told
    ("apposition-chain-clause", "Paul Martin, qui a vécu à Lyon, ancien collaborateur de Jacques "
     "Chirac, est mort.", (COOP, "Paul Martin", "Jacques Chirac")),

    ("noun-complement-not-partner", "Jean Dupont, collaborateur du journal de Pierre Martin, est arrivé.",
     (COOP, "Jean Dupont", "Pierre Martin")),
    ("noun-question", "Bachar al-Assad est-il l'allié de Vladimir Poutine ?",
     (COOP, "Bachar al-Assad", "Vladimir Poutine")),
    ("noun-quoted", "« Bachar al-Assad est l'allié de Vladimir Poutine », a dit Jean Dupont.",
     (COOP, "Bachar al-Assad", "Vladimir Poutine")),
    ("race-place-not-person", "Jean Dupont a terminé derrière la mairie de Paris.", (OPPOSES, "Jean Dupont", "Paris")),
    ("speaking-before", "Le président a parlé devant Emmanuel Macron et Angela Merkel.",
     (OPPOSES, "Emmanuel Macron", "Angela Merkel")),
    ("working-negated", "Catherine Deneuve n'a jamais tourné pour François Truffaut.",
     (COOP, "Catherine Deneuve", "François Truffaut")),
    ("working-conditional", "Catherine Deneuve aurait tourné pour François Truffaut.",
     (COOP, "Catherine Deneuve", "François Truffaut")),
    ("race-purpose-infinitive", "Daniela Ryf termine quatrième pour céder la troisième place à Heather Wurtele.",
     (OPPOSES, "Heather Wurtele", "Daniela Ryf")),
    ("trailing-oblique-not-in-lexicon", "Mario Mola reste à Paris et parle, le soir, devant Richard Murray.",
     (OPPOSES, "Mario Mola", "Richard Murray")),
    ("description-not-a-name", "Emmanuel Macron a critiqué la décision du Japon, pays voisin.",
     (OPPOSES, "Emmanuel Macron", "Japon")),
    ("acting-noun-not-listed", "Le gouvernement de Kanaky a critiqué la France.", (OPPOSES, "Kanaky", "France")),
    ("noun-work-for-organisation", "Jean Dupont est l'auteur d'un livre pour Gallimard.",
     (COOP, "Jean Dupont", "Gallimard")),
    ("joint-negated", "Jean Dupont et Paul Martin n'ont pas publié ensemble ce livre.",
     (COOP, "Jean Dupont", "Paul Martin")),
    ("joint-conditional", "Jean Dupont et Paul Martin auraient publié ensemble un livre.",
     (COOP, "Jean Dupont", "Paul Martin")),
    ("joint-side-by-side", "Mario Mola et Jonathan Brownlee courent de concert pendant quelques kilomètres.",
     (COOP, "Mario Mola", "Jonathan Brownlee")),
    ("joint-arrive-together", "Jean Dupont et Paul Martin sont arrivés ensemble à Paris.",
     (COOP, "Jean Dupont", "Paul Martin")),
    ("joint-copula", "Jean Dupont et Paul Martin sont ensemble.", (COOP, "Jean Dupont", "Paul Martin")),
    # a pronoun never stands for a name of its own clause
    ("pronoun-bound-in-clause",
     "Jean Dupont est mort. Avec son ami Jean Martin, il a écrit pour Brigitte Bardot et Juliette Gréco.",
     (COOP, "Jean Martin", "Brigitte Bardot")),
]  # fmt: skip

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def run(md_nlp):
    """Return ``run(sentence) -> {(kind, subject, object): verb}``, lexicons only."""

    def _run(sentence):
        return {k: verb for k, (verb, _cls) in lexicon_relations(md_nlp, sentence).items()}

    return _run


def _get(relations, kind, subject, obj):
    if kind in ("met", COOP):
        return relations.get((kind, subject, obj)) or relations.get((kind, obj, subject))
    return relations.get((kind, subject, obj))


@pytest.mark.parametrize(("family", "sentence", "expected"), POSITIVE, ids=[p[0] for p in POSITIVE])
def test_gives_its_relation(run, family, sentence, expected):
    kind, subject, obj, verb = expected
    relations = run(sentence)
    assert _get(relations, kind, subject, obj) == verb, relations


@pytest.mark.parametrize(("family", "sentence", "unexpected"), NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_is_not_overread(run, family, sentence, unexpected):
    relations = run(sentence)
    assert _get(relations, *unexpected) is None, relations
    if family.startswith(("noun-negated", "noun-conditional", "working-", "joint-")):
        assert not relations, relations


def test_packaged_nouns_are_well_formed():
    nouns = packaged_nouns()
    entries = [e for es in nouns.values() for e in es]
    assert len(entries) >= 40
    assert {e.cls for e in entries} <= set(CLASSES)
    assert {e.kind for e in entries} <= set(KINDS)
    assert {e.frame for e in entries} >= {"de", "contre", "entre", "avec"}
    assert {(e.frame, e.relation) for e in entries} >= {("de", True), ("contre", False), ("pour", True)}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("allié\t\tcooperatesWith\tverbalCooperation", "needs a noun and a frame"),
        ("allié\tde\tfriendOf\tverbalCooperation", "unknown kind"),
        ("allié\tde\tcooperatesWith\tfriendly", "unknown class"),
        ("allié\tde\tcooperatesWith\tverbalCooperation\tmaybe", "inverse is"),
        ("allié\tde\tcooperatesWith\tverbalCooperation\t\tPER", "types is"),
        ("allié\tde\tcooperatesWith\tverbalCooperation\t\tPER>CITY", "types is"),
        ("allié\tde\tcooperatesWith\tverbalCooperation\t\t\tstate", "reading is"),
    ],
)
def test_bad_noun_rows_name_the_line(row, message):
    with pytest.raises(InputError, match=message):
        parse_nouns("noun\tframe\tkind\tclass\n" + row, source="t")


def test_types_column_of_the_verb_lexicon():
    lex = parse_lexicon("tourner\tpour\tcooperatesWith\tmaterialCooperation\t\tPER>PER,ORG\n")
    assert lex.entries["tourner"][0].types == (("PER",), ("PER", "ORG"))
    assert packaged_lexicon().entries["tourner"][0].types == (("PER",), ("PER",))
    with pytest.raises(InputError, match="types is"):
        parse_lexicon("tourner\tpour\tcooperatesWith\tmaterialCooperation\t\tPER-PER\n")
