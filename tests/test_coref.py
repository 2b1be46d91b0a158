"""Coreference inside an article (kg/coref.py): pronouns and descriptions to named mentions."""

from __future__ import annotations

import pytest

# (text, the word standing for someone (its last occurrence), antecedent or None)
LINKS = [
    ("Angela Merkel est arrivée à Paris. Elle a rencontré des élus.", "Elle", "Angela Merkel"),
    ("Jean Dupont est arrivé à Lyon. Il a visité une usine.", "Il", "Jean Dupont"),
    # gender from an honorific or an apposition, not from the first name
    ("Mme Camille Durand a parlé. Il faut dire que le projet avance.", "Il", None),  # impersonal
    ("Angela Merkel est arrivée à Paris. Il a rencontré des élus.", "Il", None),  # wrong gender
    # two people of unknown gender in the nearest sentence: abstain
    ("Camille Martin et Dominique Petit sont à Lyon. Il a signé un accord.", "Il", None),
    # the subject is preferred over an object
    ("Camille Martin a vu Dominique Petit à Lyon. Il a signé un accord.", "Il", "Camille Martin"),
    # an organisation by its determiner, and a description by its class noun
    ("Les FDS ont repris la ville. Ils ont annoncé une pause.", "Ils", "FDS"),
    ("Le groupe Bolloré est en crise. Le groupe a vendu une filiale.", "groupe", "Bolloré"),
    ("Le président François Hollande est à Berlin. Le président a rencontré des élus.",
     "président", "François Hollande"),
    # a description is not a name's own noun ("le président de la Chine" is someone else)
    ("Le président François Hollande est à Berlin. Le président de la Chine est arrivé.",
     "président", None),
    # "selon lui"
    ("Jean Dupont a visité l'usine. La situation est grave, selon lui.", "lui", "Jean Dupont"),
    # lui is not the subject of its own clause (through qui)
    ("Jean Dupont a été retrouvé mort. Sur Twitter, Paul Martin, qui avait échangé avec lui "
     "autour d'un petit-déjeuner, s'est dit attristé.", "lui", "Jean Dupont"),
    ("Malcolm Turnbull a milité pour la république. Le chef de l'opposition, Bill Shorten, "
     "lui a proposé de travailler ensemble.", "lui", "Malcolm Turnbull"),
    # a resolved pronoun carries its antecedent on: a name in a complement does not win over it
    ("Jean Dupont était arrivé en 1969. Il fut professeur, nommé secrétaire du gouvernement "
     "présidé par Paul Martin. Jusqu'en février, il était directeur de cabinet.", "il",
     "Jean Dupont"),
    # a description needs the antecedent's adjectives ("le président élu" is not any président)
    ("Le président élu Donald Trump a annoncé des emplois. Le président du groupe, Masayoshi "
     "Son, avait prévu un investissement. Le président élu avait fait de l'emploi son objectif.",
     "président", "Donald Trump"),
    # names inside the quotation do not stand in the way of the speaker's pronoun
    ("Le Premier ministre, David Cameron, a réagi. « Je suis préoccupé par le sort de Jo Cox » "
     "a-t-il déclaré.", "-il", "David Cameron"),
    # a name after "Selon le groupe," is the subject of what follows, not an apposition
    ("Le groupe Bolloré est en crise. Les ventes baissent. Les syndicats protestent. La bourse "
     "hésite. Les analystes doutent. Selon le groupe, Jean Dupont aurait menti.", "groupe",
     "Bolloré"),
    ("Le groupe Bolloré est en crise. Le groupe, Vivendi, aussi.", "groupe", None),
    # "avec lui": a person, never an organisation
    ("Le groupe Renault a publié ses résultats. Jean Dupont, qui avait travaillé avec lui "
     "pendant dix ans, a démissionné.", "lui", None),
    # a short name shared by two people of the article names nobody for sure
    ("Rachel Lambert et Vincent Lambert sont à Reims. L'avocat des parents Lambert est là. "
     "Il souhaite reprendre la procédure.", "Il", None),
]


@pytest.fixture(scope="module")
def link_of(md_nlp):
    from kg.coref import coreference
    from kg.entities import extract_mentions
    from kg.types import Document

    def run(text: str, word: str) -> str | None:
        sdoc = md_nlp(text)
        mentions = extract_mentions(Document("d", text), sdoc)
        links = coreference(sdoc, mentions).links
        first_sentence_end = next(iter(sdoc.sents)).end
        token = [t for t in sdoc if t.text == word and t.i >= first_sentence_end][-1]
        return mentions[links[token.i]].text if token.i in links else None

    return run


@pytest.mark.model
@pytest.mark.parametrize(("text", "word", "antecedent"), LINKS)
def test_coreference_links(link_of, text, word, antecedent):
    assert link_of(text, word) == antecedent


@pytest.mark.model
def test_a_pronoun_subject_gives_relations_from_its_antecedent(md_nlp):
    from kg.pipeline import extract
    from kg.types import Document

    text = "Emmanuel Macron est arrivé à Pékin lundi. Il a rencontré Xi Jinping."
    corpus = extract([Document("d", text)], md_nlp)
    names = {e.id: e.name for e in corpus.resolution.entities}
    met = [r for r in corpus.relations if r.kind == "met"]
    assert {frozenset((names[r.subject], names[r.object])) for r in met} == {
        frozenset(("Emmanuel Macron", "Xi Jinping"))
    }
    # the evidence is the sentence where the pronoun is
    assert met[0].evidence == "Il a rencontré Xi Jinping."


@pytest.mark.model
def test_pronouns_inside_guillemets_are_left_alone(md_nlp):
    from kg.coref import coreference
    from kg.entities import extract_mentions
    from kg.types import Document

    text = "Jean Dupont est arrivé. « Il faut qu'il parte », dit un témoin."
    sdoc = md_nlp(text)
    links = coreference(sdoc, extract_mentions(Document("d", text), sdoc)).links
    assert not any(sdoc[i].lower_ == "il" for i in links)
