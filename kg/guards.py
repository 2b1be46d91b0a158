"""Guards of relation rules: what must not hold around a match for it to count.

A rule names a guard with ``"guard"`` (see :mod:`kg.patterns`); some checks
apply to every rule with a role (:func:`role_not_of`). Each guard is a
predicate on the parsed sentence (spaCy tokens and spans), true when the
match must be dropped.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.entities import initials

NOUN_OF_WORDS = frozenset({"de", "du", "d'", "des"})
"""Words that make a name the complement of the noun before them (``gouvernement de Kanaky``)."""

EVENT_NOUNS = frozenset(
    [
        "sommet",
        "réunion",
        "conférence",
        "congrès",
        "session",
        "assemblée",
        "forum",
        "salon",
        "festival",
        "match",
        "finale",
        "championnat",
        "tournoi",
        "course",
        "étape",
        "édition",
        "visite",
        "voyage",
        "tournée",
        "manifestation",
        "rassemblement",
        "cérémonie",
        "élection",
        "vote",
        "victoire",
        "défaite",
        "attaque",
        "attentat",
        "offensive",
        "bataille",
        "combat",
        "mort",
        "décès",
        "arrivée",
        "départ",
        "retour",
    ]
)
"""Events (lemmas): ``le sommet du COMESA à Madagascar``, ``une victoire de l'État islamique à
Deir ez-Zor`` do not put the COMESA in Madagascar nor the organisation in Deir ez-Zor."""

ROUTE_VERBS = frozenset({"relier", "joindre", "rallier", "raccorder"})
"""Lemmas of verbs whose object and ``à``-complement are the two ends of a route
(``la route reliant Ithriyah à Racca``): the first end is not in the second."""

CROWD_NOUNS = frozenset(
    [
        "force",
        "troupe",
        "soldat",
        "militaire",
        "combattant",
        "mission",
        "militant",
        "partisan",
        "membre",
        "manifestant",
        "dirigeant",
        "chef",
        "représentant",
        "délégation",
    ]
)
"""People of an organisation sent elsewhere (lemmas): ``les forces de l'Union africaine en
Somalie``."""

SITE_NOUNS = frozenset(
    [
        "place",
        "stade",
        "aéroport",
        "gare",
        "port",
        "parc",
        "quartier",
        "rue",
        "avenue",
        "boulevard",
        "pont",
        "musée",
        "palais",
        "hôpital",
        "prison",
        "campus",
        "siège",
        "usine",
        "hôtel",
        "théâtre",
        "salle",
    ]
)
"""Nouns of a site named right after them (``la place Tahrir au Caire``)."""

LIST_WORDS = frozenset({"à", "au", "aux", "en", "dans", "vers", "et", "ou", ","})
"""Words before a place that make it an item of a list or route (``à Paris, à Lyon``)."""


def role_not_of(role: Token, obj: Token, index: int) -> bool:
    """Whether the body a role is read with is not the role's: the role word is part of the
    body's name (``Haut-Commissaire des Nations unies``), the body comes before the role, is
    where the role is held (``en Italie``), or
    another role stands between them (``ancien ministre et journaliste au Monde``: Le Monde
    goes with journaliste)."""
    if role._.kg_mention == index or obj.i < role.i:
        return True
    if any(c.dep_ == "case" and c.lower_ in ("en", "dans") for c in obj.children):
        return True  # where the role is held, not the body: "porte-parole de l'OIM en Italie"
    return any(c.dep_ == "conj" and role.i < c.i < obj.i for c in role.children)


def abbreviates(short: Span | None, name: Span | None) -> bool:
    """Whether ``short`` may be the acronym of ``name`` (letters in order of its words' initials)."""
    if short is None or name is None:
        return False
    if short.text.lower() in name.text.lower() or name.text.lower() in short.text.lower():
        return True  # a longer or shorter form of the same name: SOS Media (SOS Media Burundi)
    letters = [c for c in short.text.upper() if c.isalpha()]
    heads = [t.text[0].upper() for t in name if t.text[:1].isalpha()]
    i = 0
    for head in heads:
        if i < len(letters) and head == letters[i]:
            i += 1
    return i == len(letters) or "".join(letters) in initials(name.text)


def object_of_verb(span: Span | None) -> bool:
    """Whether a mention is a verb's object (``un train reliant Toulouse à Lyon``), or follows
    a route verb the parser did not attach it to (``la route reliant Ithriyah à Racca``)."""
    if span is None:
        return False
    if span.root.dep_ == "obj" and span.root.head.pos_ == "VERB":
        return True
    i = span.start - 1
    while i > 0 and span.doc[i].pos_ == "DET":
        i -= 1
    return i >= 0 and span.doc[i].lemma_.lower() in ROUTE_VERBS


def completes_noun(span: Span | None, nouns: frozenset[str] | None = None) -> bool:
    """Whether a mention completes a noun (``le gouvernement provisoire de Kanaky``),
    one of ``nouns`` (their lemmas) when given (``le sommet du COMESA``)."""
    if span is None or span.start < 2:
        return False
    i = span.start - 1
    while i > 1 and span.doc[i].pos_ == "DET":
        i -= 1
    noun = span.doc[i - 1]
    if span.doc[i].lower_ not in NOUN_OF_WORDS | {"à", "au", "aux"} or noun.pos_ not in (
        "NOUN",
        "ADJ",
    ):
        return False
    return nouns is None or noun.lemma_.lower() in nouns


def listed(span: Span | None) -> bool:
    """Whether a mention follows a place preposition or a list word (``à Paris, à Lyon``)."""
    if span is None or span.start == 0:
        return False
    i = span.start - 1
    while i > 0 and span.doc[i].pos_ == "DET":
        i -= 1
    return span.doc[i].lower_ in LIST_WORDS


def office_or_site(span: Span | None) -> bool:
    """Whether an organisation's mention stands for a site of it: it completes a noun
    (``le bureau de MSF à Beyrouth``) or names a site (``la place Tahrir au Caire``), not
    what goes with a crowd (``des militants CGT à Ivry``)."""
    if span is None or span.start == 0:
        return False
    if completes_noun(span, EVENT_NOUNS | CROWD_NOUNS) or _in_event(span):
        return False
    return completes_noun(span) or span.doc[span.start - 1].lower_ in SITE_NOUNS


def _noun_before(span: Span) -> Span | None:
    """Return the noun a mention (or noun) completes (``porte-parole`` in ``le porte-parole de
    l'ONU``), or None."""
    if not completes_noun(span):
        return None
    i = span.start - 1
    while i > 1 and span.doc[i].pos_ == "DET":
        i -= 1
    return span.doc[i - 1 : i]


def _in_event(span: Span, depth: int = 3) -> bool:
    """Whether a mention ends a chain of noun complements headed by an event (``Mort du
    porte-parole de l'État islamique à Alep``): the place after it is the event's."""
    noun = _noun_before(span)
    for _ in range(depth):
        if noun is None:
            return False
        if noun.root.lemma_.lower() in EVENT_NOUNS or noun.root.lower_ in EVENT_NOUNS:
            return True
        noun = _noun_before(noun)
    return False
