"""Roles, affiliations and places read off French news sentences by the packaged rules.

Runs the real pipeline (fr_core_news_md) with every packaged rule on each
sentence (one document each), and checks relations between resolved entity
names: what must be read, and what must not (routes, bracket lists, reversed
directions, a role that belongs to another person of the sentence).
"""

from __future__ import annotations

import pytest

from kg.lexicons import expand, packaged_lexicons, read_lexicon

# (sentence, (kind, subject, object)): the relation is read from the sentence
READ = [
    (
        "Le directeur de l'Unesco, Christian Eckert, a présenté le texte.",
        ("holdsPosition", "Christian Eckert", "Unesco"),
    ),
    (
        "Le président afghan Hamid Karzai a quitté l'Afghanistan hier.",
        ("holdsPosition", "Hamid Karzai", "Afghanistan"),
    ),
    (
        "Le député PS François Brottes a déposé un amendement.",
        ("memberOf", "François Brottes", "Parti socialiste"),
    ),
    (
        "Sonia Dridi, correspondante de la BBC, était sur place.",
        ("worksFor", "Sonia Dridi", "BBC"),
    ),
    (
        "L'agence américaine Fitch a abaissé la note des États-Unis.",
        ("locatedIn", "Fitch Ratings", "États-Unis"),
    ),
    (
        "Pierre Durand, aujourd'hui professeur à l'université de Genève, a témoigné.",
        ("worksFor", "Pierre Durand", "université de Genève"),
    ),
    (
        "Selon Jean Martin, porte-parole de Greenpeace, la centrale doit fermer.",
        ("holdsPosition", "Jean Martin", "Greenpeace"),
    ),
    (
        "Paul Lemoine, 45 ans, directeur de Renault, a démissionné.",
        ("holdsPosition", "Paul Lemoine", "Renault"),
    ),
    (
        "Paul Lemoine, 45 ans, directeur de Renault et ancien président de l'Unesco, a démissionné.",
        ("holdsPosition", "Paul Lemoine", "Unesco"),
    ),
    (
        "Un incendie s'est déclaré dans l'Hérault à Agde samedi.",
        ("locatedIn", "Agde", "Hérault"),
    ),
    (
        "Des combats ont eu lieu en Syrie à Alep.",
        ("locatedIn", "Alep", "Syrie"),
    ),
    (
        "Seul le premier ministre d'Australie-Occidentale, Colin Barnett, n'a pas signé.",
        ("holdsPosition", "Colin Barnett", "Australie-Occidentale"),
    ),
    (
        "Le projet a été confié, à Reuters, par le directeur de cabinet du président de la SNCF, "
        "Patrice Furé.",
        ("holdsPosition", "Patrice Furé", "SNCF"),
    ),
    (
        "Massimiliano Rebaudengo, le chef de mission de MSF, a parlé.",
        ("holdsPosition", "Massimiliano Rebaudengo", "Médecins sans frontières"),
    ),
    (
        "Le texte est défendu par Jean-Luc Laurent (PS) à l'Assemblée.",
        ("memberOf", "Jean-Luc Laurent", "Parti socialiste"),
    ),
    (
        "L'Union calédonienne (Front de libération nationale kanak et socialiste) a voté contre.",
        ("memberOf", "Union calédonienne", "Front de libération nationale kanak et socialiste"),
    ),
    (
        "Olivier Ravanello, au nom de la Société des journalistes, a protesté.",
        ("memberOf", "Olivier Ravanello", "Société des journalistes"),
    ),
    (
        "La Commission européenne, présidée par Jean-Claude Juncker, a proposé un plan.",
        ("leads", "Jean-Claude Juncker", "Commission européenne"),
    ),
    (
        "La place Tahrir au Caire était noire de monde vendredi.",
        ("locatedIn", "place Tahrir", "Le Caire"),
    ),
    (
        "Un incendie a détruit une ferme à Montain (Jura) dimanche.",
        ("locatedIn", "Montain", "Jura"),
    ),
    (
        "Les élèves du lycée Vaugelas, situé à Chambéry, repasseront l'épreuve.",
        ("locatedIn", "lycée Vaugelas", "Chambéry"),
    ),
    (
        "Une usine a fermé à Gravelines dans le nord de la France.",
        ("locatedIn", "Gravelines", "France"),
    ),
    (
        "Le corps a été retrouvé près de la plage de Nouville, à Nouméa, hier.",
        ("locatedIn", "Nouville", "Nouméa"),
    ),
    (
        "Une équipe de l'université Duke (Durham, États-Unis) a publié l'étude.",
        ("locatedIn", "Durham", "États-Unis"),
    ),
    (
        "Audi, filiale du groupe allemand Volkswagen, a publié ses résultats.",
        ("partOf", "Audi", "Volkswagen"),
    ),
    # a plural apposition spreads over names completing coordinated class nouns
    (
        "L'opérateur Bouygues Telecom et le fabricant de satellites Eutelsat, filiales du "
        "groupe français Vivendi, ont recruté.",
        ("partOf", "Bouygues Telecom", "Vivendi"),
    ),
    (
        "L'opérateur Bouygues Telecom et le fabricant de satellites Eutelsat, filiales du "
        "groupe français Vivendi, ont recruté.",
        ("partOf", "Eutelsat", "Vivendi"),
    ),
    # a role listed after another predicate noun of "être" (an obituary's list)
    (
        "Jean Dupont est arrivé en Nouvelle-Calédonie en 1969. Père de trois enfants, il fut "
        "professeur dans l'enseignement catholique, membre de l'Union calédonienne, et militant.",
        ("memberOf", "Jean Dupont", "Union calédonienne"),
    ),
    (
        "Marie Durand est avocate, directrice de Greenpeace et mère de trois enfants.",
        ("holdsPosition", "Marie Durand", "Greenpeace"),
    ),
    # an office of the state with no place after it: the country the article is about
    (
        "La grève touche la France, de Paris à Lyon. En France, le président François "
        "Hollande a reçu les syndicats.",
        ("holdsPosition", "François Hollande", "France"),
    ),
    (
        "Le Burundi est en crise. Au Burundi, le ministre de l'Intérieur Pascal Barandagiye "
        "a suspendu l'association.",
        ("holdsPosition", "Pascal Barandagiye", "Burundi"),
    ),
    (
        "La France reste attachée au chèque. Michel Sapin, le ministre des finances, l'a "
        "rappelé en France mardi.",
        ("holdsPosition", "Michel Sapin", "France"),
    ),
    (
        "L'Australie débat de la république. Le Premier ministre, Malcolm Turnbull, a dit que "
        "l'Australie attendrait.",
        ("holdsPosition", "Malcolm Turnbull", "Australie"),
    ),
]

# (sentence, (kind, subject, object)): the relation must NOT be read
NOT_READ = [
    # routes
    (
        "Un train reliant Toulouse à Lyon a déraillé.",
        ("locatedIn", "Toulouse", "Lyon"),
    ),
    ("Il a roulé de Paris à Lyon en une nuit.", ("locatedIn", "Paris", "Lyon")),
    # a bracket that lists places
    (
        "Le groupe Carrefour (Lyon, Marseille, Lille) ferme trois magasins.",
        ("locatedIn", "Carrefour", "Lyon"),
    ),
    # a venue is not a region: New York is not in the theatre
    (
        "La cérémonie a eu lieu au Beacon Theatre à New York dimanche.",
        ("locatedIn", "New York", "Beacon Theatre"),
    ),
    # an event's place is not the organisation's
    (
        "Le vice-président représente le Burundi au sommet du COMESA à Madagascar.",
        ("locatedIn", "COMESA", "Madagascar"),
    ),
    # each town has its own department in brackets
    (
        "Des hommages ont eu lieu à Saint-Denis (Seine-Saint-Denis) et Montrouge (Hauts-de-Seine).",
        ("locatedIn", "Montrouge", "Seine-Saint-Denis"),
    ),
    # reversed direction: Agde is in the Hérault, not the other way round
    (
        "Un incendie s'est déclaré dans l'Hérault à Agde samedi.",
        ("locatedIn", "Hérault", "Agde"),
    ),
    # a list of places, not a containment
    (
        "Des dents ont été retrouvées en Californie, en Caroline du Nord et au Japon.",
        ("locatedIn", "Californie", "Caroline du Nord"),
    ),
    ("Il est allé à Paris, à Lyon et à Marseille.", ("locatedIn", "Paris", "Lyon")),
    ("Il est allé au Burkina, à Ouagadougou, hier.", ("locatedIn", "Burkina", "Ouagadougou")),
    # outside, not inside
    ("Raqqa, au nord d'Alep, a été bombardée.", ("locatedIn", "Raqqa", "Alep")),
    # the role belongs to a word that is not a name
    (
        "Le président de la société, Jean Dupont, a démissionné.",
        ("holdsPosition", "Jean Dupont", "société"),
    ),
    # the role belongs to the other person of the sentence
    (
        "Paul Martin a rencontré Marie Durand, directrice de Renault.",
        ("holdsPosition", "Paul Martin", "Renault"),
    ),
    # a noun's complement, not the body the person leads
    (
        "Le gouvernement provisoire de Kanaky, présidé par Jean-Marie Tjibaou, a été formé.",
        ("leads", "Jean-Marie Tjibaou", "Kanaky"),
    ),
    # the role word is part of the body's name
    (
        "Zeid Al-Hussein, Haut-Commissaire des Nations unies aux droits de l'homme, a parlé.",
        ("holdsPosition", "Zeid Al-Hussein", "Haut-Commissaire des Nations unies"),
    ),
    # each name of a list has its own apposition
    (
        "Étaient présents Bruno Julliard, adjoint à la maire de Paris, Stéphane Troussel, ou "
        "encore Valérie Pecresse, présidente du conseil régional d'Île-de-France.",
        ("holdsPosition", "Bruno Julliard", "Île-de-France"),
    ),
    # the mayor is not the name after the comma: the role completes another noun
    (
        "Étaient présents Bruno Julliard, adjoint à la maire de Paris, Stéphane Troussel, ou "
        "encore Valérie Pecresse.",
        ("holdsPosition", "Stéphane Troussel", "Paris"),
    ),
    # a crowd is not its organisation
    (
        "La police est intervenue contre des militants CGT à Ivry-sur-Seine mercredi.",
        ("locatedIn", "CGT", "Ivry-sur-Seine"),
    ),
    # a parse that coordinates the town and its state does not reverse them
    (
        "Un train a percuté une tractopelle à Chester , en Pennsylvanie . Le train a déraillé.",
        ("locatedIn", "Pennsylvanie", "Chester"),
    ),
    # troops sent abroad do not move their organisation
    (
        "Les shebabs, confrontés aux forces de l'Union africaine en Somalie, ont reculé.",
        ("locatedIn", "Union africaine", "Somalie"),
    ),
    # where a role is held is not the body
    (
        "« Ils sont restés bloqués », a déclaré Flavio Di Giacomo, porte-parole de l'OIM en Italie.",
        ("holdsPosition", "Flavio Di Giacomo", "Italie"),
    ),
    # an acronym in brackets is not a place
    (
        "L'attentat a été revendiqué par les Faucons de la liberté du Kurdistan (TAK).",
        ("locatedIn", "Kurdistan", "TAK"),
    ),
    # the body goes with the second role
    (
        "Paul Lemoine, ancien ministre et journaliste au Monde, a démissionné.",
        ("holdsPosition", "Paul Lemoine", "Monde"),
    ),
    # an acronym in brackets is the name's own
    (
        "Le Conseil national pour la défense de la démocratie (CNDD-FDD) a gagné en 2015.",
        ("memberOf", "Conseil national pour la défense de la démocratie", "CNDD-FDD"),
    ),
    # a place is not a party
    (
        "Un autre élu d'Outre-mer, Frédéric Dupont, a voté contre.",
        ("memberOf", "Frédéric Dupont", "Outre-mer"),
    ),
    # a singular apposition belongs to its own name
    (
        "Le fabricant de satellites OneWeb, filiale de SoftBank, et l'opérateur Sprint ont "
        "signé un accord.",
        ("partOf", "Sprint", "SoftBank"),
    ),
    # the role is the friend's, not the subject's
    (
        "Paul Martin est l'ami de Jean Dupont, directeur de Renault.",
        ("holdsPosition", "Paul Martin", "Renault"),
    ),
    # no country is clearly the article's: France and Germany are named as often
    (
        "La France et l'Allemagne ont signé. Le président Jean Dupont a salué l'accord.",
        ("holdsPosition", "Jean Dupont", "France"),
    ),
    # an office stated with its country elsewhere in the article wins
    (
        "Le président américain Barack Obama est arrivé en France. La France l'accueille à "
        "Paris, où le président Obama a parlé.",
        ("holdsPosition", "Barack Obama", "France"),
    ),
    # an office in a body named by a common noun is not an office of the state
    (
        "En France, à Paris et à Lyon, la grève continue. Jean Dupont, le président de la "
        "société, a parlé.",
        ("holdsPosition", "Jean Dupont", "France"),
    ),
    (
        "La France, Paris et Lyon attendent. Le président du groupe, Masayoshi Son, a parlé.",
        ("holdsPosition", "Masayoshi Son", "France"),
    ),
]


@pytest.fixture(scope="module")
def relations_of(md_nlp):
    """Return ``relations_of(sentence) -> {(kind, subject name, object name)}`` (all rules)."""
    from kg.pipeline import extract
    from kg.types import Document

    cache: dict[str, set[tuple[str, str, str]]] = {}

    def _run(sentence: str) -> set[tuple[str, str, str]]:
        if sentence not in cache:
            corpus = extract([Document("s", sentence)], md_nlp)
            names = {e.id: e.name for e in corpus.resolution.entities}
            cache[sentence] = {
                (r.kind, names[r.subject], names[r.object])
                for r in corpus.relations
                if r.kind != "cooccursWith"
            }
        return cache[sentence]

    return _run


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "expected"), READ, ids=[r[1][0] for r in READ])
def test_reads(relations_of, sentence, expected):
    assert expected in relations_of(sentence)


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "unexpected"), NOT_READ, ids=[n[1][0] for n in NOT_READ])
def test_does_not_read(relations_of, sentence, unexpected):
    found = relations_of(sentence)
    assert unexpected not in found, found


# ------------------------------------------------------------------ the role lexicon


def test_role_lexicon_kinds_are_relation_kinds():
    from kg.patterns import KINDS

    roles = {name.split(":", 1)[1] for name in packaged_lexicons() if name.startswith("roles:")}
    assert roles and roles <= set(KINDS), roles


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("ministre", "holdsPosition"),
        ("porte-parole", "holdsPosition"),
        ("présidente", "holdsPosition"),
        ("pdg", "holdsPosition"),
        ("député", "memberOf"),
        ("militante", "memberOf"),
        ("correspondante", "worksFor"),
        ("paléontologue", "worksFor"),
    ],
)
def test_role_lexicon_has(word, kind):
    assert word in packaged_lexicons()[f"roles:{kind}"]


def test_rules_name_the_lexicon_not_its_words():
    from kg.patterns import packaged_rules

    rules = {r.name: r for r in packaged_rules()}
    role = rules["role-after-name"].tokens[8]["LOWER"]["IN"]
    assert "ministre" in role and "porte-parole" in role
    assert not any(w.startswith("@") for w in role)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "maire\tholdsPosition\n# note\n\nmairesse\tholdsPosition",
            {"holdsPosition": ("maire", "mairesse")},
        ),
        ("Député\tmemberOf", {"memberOf": ("député",)}),
    ],
)
def test_read_lexicon(text, expected):
    assert read_lexicon(text) == expected


@pytest.mark.parametrize("text", ["maire", "maire\t", "maire\tholdsPosition\textra"])
def test_read_lexicon_rejects_bad_rows(text):
    with pytest.raises(ValueError, match="line 1"):
        read_lexicon(text)


def test_expand_replaces_references_and_keeps_other_items():
    rule = {"tokens": [{"POS": "DET", "OP": "?"}, {"POS": "DET", "OP": "?"},
                       {"LOWER": {"IN": ["@roles:x", "chef"]}}]}  # fmt: skip
    out = expand(rule, {"roles:x": ("maire", "chef")})
    assert out["tokens"][:2] == [{"POS": "DET", "OP": "?"}] * 2
    assert out["tokens"][2] == {"LOWER": {"IN": ["maire", "chef"]}}


def test_unknown_lexicon_is_an_input_error():
    from kg.errors import InputError
    from kg.patterns import parse_rules

    line = (
        '{"name": "x", "kind": "memberOf", "subject": ["PER"], "object": ["ORG"], '
        '"tokens": [{"LOWER": {"IN": ["@roles:nope"]}}, {"ORTH": ","}], '
        '"slots": {"subject": 0, "object": 1}}'
    )
    with pytest.raises(InputError, match="unknown lexicon"):
        parse_rules(line)
